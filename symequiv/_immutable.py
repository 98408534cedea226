"""Copy and pickle support for the immutable value objects (groups, representations).

They set their slots once with ``object.__setattr__`` and refuse ``setattr`` afterwards, which
is also how pickle and ``copy.deepcopy`` restore an object by default -- so both failed
(``torch.save(model)`` wrote a file that ``torch.load`` could not read).  Here the state is
every slot except the ``_memo`` caches (derived data, rebuilt on demand), restored with
``object.__setattr__``; ``copy`` and ``deepcopy`` return the object itself, as for any immutable
value.

>>> import pickle, copy, symequiv as se
>>> G = se.SO(3) * se.S(4)
>>> pickle.loads(pickle.dumps(G)) == G, copy.deepcopy(se.V(G) ** 2) is not None
(True, True)
"""

__all__ = ["Immutable", "state_of", "restore"]


def _slots(cls):
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        if isinstance(slots, str):
            slots = (slots,)
        yield from slots


def state_of(obj):
    """The slots of ``obj`` (and its ``__dict__``, if any) without the ``_memo`` caches."""
    state = {}
    for name in _slots(type(obj)):
        if name in ("_memo", "__weakref__", "__dict__") or name in state:
            continue
        try:
            state[name] = object.__getattribute__(obj, name)
        except AttributeError:              # a slot never set
            pass
    state.update(getattr(obj, "__dict__", {}))
    return state


def restore(obj, state):
    """Set every saved slot, and empty caches."""
    for name, value in state.items():
        object.__setattr__(obj, name, value)
    if "_memo" in set(_slots(type(obj))):
        object.__setattr__(obj, "_memo", {})


class Immutable:
    """Mixin of the immutable value classes: pickling through :func:`state_of` / :func:`restore`,
    and ``copy`` / ``deepcopy`` returning the object itself."""

    __slots__ = ()

    def __getstate__(self):
        return state_of(self)

    def __setstate__(self, state):
        restore(self, state)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self
