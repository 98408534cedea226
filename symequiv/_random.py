"""Seeds and generators for the sampling functions: one place that refuses what numpy would
reject with a TypeError from inside ``SeedSequence`` (a string, a float) or accept silently
(``True`` as the seed 1).

>>> bool(as_rng(3, "f").integers(10) == as_rng(3, "f").integers(10))
True
>>> try:
...     as_rng("seed", "exact_element")
... except ValueError as e:
...     print(str(e)[:60])
exact_element: rng must be None, an int >= 0 or a numpy.rand
"""

import numbers

import numpy as np

from .errors import InvalidArgumentError

__all__ = ["as_rng"]


def as_rng(rng, where):
    """``numpy.random.default_rng(rng)`` for ``rng`` None, an int >= 0 (or a sequence of them),
    a ``Generator``, a ``BitGenerator`` or a ``SeedSequence``; anything else is an
    :class:`InvalidArgumentError`."""
    def seed_int(x):
        return isinstance(x, numbers.Integral) and not isinstance(x, (bool, np.bool_)) and x >= 0
    ok = (rng is None or isinstance(rng, (np.random.Generator, np.random.BitGenerator,
                                          np.random.SeedSequence))
          or seed_int(rng)
          or (isinstance(rng, (list, tuple, np.ndarray)) and len(rng) > 0
              and all(seed_int(x) for x in np.asarray(rng, dtype=object).reshape(-1))))
    if not ok:
        raise InvalidArgumentError(
            f"{where}: rng must be None, an int >= 0 or a numpy.random.Generator, got {rng!r} "
            f"({type(rng).__name__}).")
    return np.random.default_rng(rng)
