"""What a layer's parameters mean, saved with its state_dict and compared on load.

Two layers can have parameters of the same names and shapes that mean different maps: a
``LinearEquiv`` for Z(4) and one for the Klein group on the same four points, a bilinear layer
on two reps of equal sizes, ``PartitionLinear`` of orders (1, 2) and (2, 1).  ``torch`` loads
one's state_dict into the other without a word, and the model silently computes another map.
A :class:`MeaningTag` layer registers a persistent int64 buffer ``parametrisation``: a 64-bit
fingerprint (SHA-256, the same on every run) of a text naming what its parameters mean (reps,
orders, options that change the layout).  Loading a state_dict whose tag differs raises
:class:`~symequiv.errors.InvalidArgumentError`; a state_dict saved before the tag existed has
none and loads as before, with a warning that nothing was checked.

>>> import torch, symequiv as se
>>> a = se.nn.NormNonlinearity(se.V(se.SO(3)) + se.V(se.SO(3)))
>>> b = se.nn.NormNonlinearity(se.V(se.SO(3)) ** 2 + se.Scalar)
>>> try:
...     b.load_state_dict(a.state_dict())
... except se.errors.InvalidArgumentError as e:
...     print("refused")
refused
"""

import hashlib

import torch

__all__ = ["MeaningTag", "fingerprint"]

#: The name of the buffer that holds the tag.
TAG = "parametrisation"


def fingerprint(text):
    """A signed 64-bit fingerprint of ``text`` (SHA-256: the same on every run and machine).

    >>> fingerprint("a") == fingerprint("a") != fingerprint("b")
    True
    """
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little", signed=True)


class MeaningTag:
    """Mixin for ``torch.nn.Module`` layers (put it first among the bases): call
    :meth:`_register_tag` at the end of ``__init__`` with the text of what the parameters mean,
    and the state_dict carries its fingerprint and refuses to load into a layer of another."""

    def _register_tag(self, meaning, device=None, reps=()):
        """``meaning`` names the parameters in text; ``reps`` are the reps it names by their
        repr.  An :class:`~symequiv.ExplicitRep` is named by a bare text (``U`` for any
        matrices, ``U0`` for a piece of every decomposition), so when ``reps`` hold such atoms
        the fingerprint of their exact keys is part of the tag (two layers on different ``U``
        of equal sizes loaded each other's parameters).  A state_dict tagged by the text
        alone (saved before this) still loads where every atom's text is a constructor call
        such as ``Regular(S(4))``, which names its matrices."""
        from ..reps.explicit import explicit_atoms
        atoms = [a for r in reps for a in explicit_atoms(r)]
        text = meaning
        self._legacy_tag = None
        if atoms:
            text = f"{meaning} [explicit reps {fingerprint(repr(tuple(a.key() for a in atoms))):x}]"
            if all("(" in repr(a) for a in atoms):
                self._legacy_tag = fingerprint(meaning)
        self._meaning = text
        self.register_buffer(TAG, torch.tensor(fingerprint(text), dtype=torch.int64,
                                               device=device))

    def _tag_mismatch(self, key):
        """The error for a state_dict tagged by another meaning (layers may say more)."""
        from ..errors import InvalidArgumentError
        return InvalidArgumentError(
            f"state_dict entry {key!r} says the parameters were saved from a layer whose "
            f"parameters mean another map than this {type(self).__name__}'s ({self._meaning}): "
            f"loading them would give a different map with no error. Build the layer as it was "
            f"saved (the same reps, group, orders and options). (A layer built on the meta "
            f"device and filled by to_empty() has no valid buffers: build it on a real device.)")

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs):
        key = prefix + TAG
        mine = self._buffers.get(TAG)
        if mine is not None:
            if key not in state_dict and any(k.startswith(prefix) and k != key for k in state_dict):
                # saved before the tag existed: nothing to compare (a layer the state_dict does
                # not mention at all, strict=False, loads nothing and is not warned about)
                import warnings
                warnings.warn(
                    f"state_dict has no {key!r} entry (saved before layers carried one, or "
                    f"removed): the parameters of this {type(self).__name__} are loaded "
                    f"without checking that they mean the same map.", UserWarning, stacklevel=4)
                state_dict[key] = mine
            elif key not in state_dict:
                state_dict[key] = mine
            elif int(state_dict[key]) != int(mine):
                if int(state_dict[key]) != getattr(self, "_legacy_tag", None):
                    raise self._tag_mismatch(key)
                state_dict[key] = mine       # the same meaning under its older tag
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict,  # type: ignore[misc]
                                      missing_keys, unexpected_keys, error_msgs)
