"""Permutation groups (SymPy underneath), in the destination convention.

A permutation ``p`` is a tuple with ``p[i]`` the image of ``i``; its matrix is
``P[p[i], i] = 1`` -- the convention of AutoEquiv and of SymPy's array form.

Examples
--------
>>> import symequiv as se
>>> G = se.PermutationGroup([[1, 2, 3, 0]])
>>> G.order(), G.d
(4, 4)
"""

from __future__ import annotations

import reprlib
from typing import Any

import numpy as np

from .. import limits, linalg
from ..errors import InvalidGeneratorError, NotExactError
from .base import Group

__all__ = ["PermGroup", "PermutationGroup", "as_perm", "cycle_lengths"]


def cycle_lengths(p):
    """Lengths of the cycles of the permutation ``p`` (destination form), in order of their
    smallest point.

    >>> cycle_lengths([1, 0, 3, 4, 2])
    [2, 3]
    """
    n = len(p)
    seen = [False] * n
    lengths = []
    for i in range(n):
        if not seen[i]:
            j, length = i, 0
            while not seen[j]:
                seen[j] = True
                j = p[j]
                length += 1
            lengths.append(length)
    return lengths


def as_perm(p, degree=None, where="generator"):
    """Validate one permutation (list, tuple, numpy array or SymPy ``Permutation``)
    and return it as a tuple of ints of length ``degree``.

    >>> as_perm([2, 0, 1])
    (2, 0, 1)
    """
    from sympy.combinatorics import Permutation
    if isinstance(p, Permutation):
        arr = list(p.array_form)
        if degree is not None:
            if len(arr) > degree:
                raise InvalidGeneratorError(
                    f"{where} moves point {len(arr) - 1}, outside range({degree}).")
            arr += list(range(len(arr), degree))
        return tuple(arr)
    if isinstance(p, np.ndarray):
        if p.dtype.kind not in "iu":
            raise NotExactError(
                f"{where} is a numpy array of dtype {p.dtype}; a permutation needs integer "
                f"entries (destination convention: p[i] is where i goes).")
        p = p.tolist()
    if not isinstance(p, (list, tuple)):
        raise InvalidGeneratorError(
            f"{where} must be a list of destinations (p[i] = where i goes), "
            f"a sympy Permutation, got {type(p).__name__}.")
    for j, x in enumerate(p):
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)):
            raise InvalidGeneratorError(
                f"{where}[{j}] = {reprlib.repr(x)} is not an int; permutations are lists of "
                f"destinations in range(n).")
    arr = tuple(int(x) for x in p)
    n = len(arr)
    if degree is not None and n != degree:
        raise InvalidGeneratorError(
            f"{where} has length {n} but the group has degree {degree}; every generator "
            f"must permute range({degree}).")
    if sorted(arr) != list(range(n)):
        bad = [x for x in arr if not 0 <= x < n]
        if bad:
            msg = f"entry {bad[0]} is out of range({n})"
        else:
            seen, dup = set(), None
            for x in arr:
                if x in seen:
                    dup = x
                    break
                seen.add(x)
            msg = f"{dup} appears twice"
        raise InvalidGeneratorError(
            f"{where} {list(arr)} is not a permutation of range({n}): {msg}.")
    return arr


#: Catalogue permutation groups of larger degree are keyed by name and degree.
_FAMILY_KEY_DEGREE = 10 ** 6


def _factorial_digits(n):
    """Decimal digits of n! (Stirling; exact ints for huge n, so no float overflow)."""
    from math import lgamma, log
    if n < 10 ** 15:
        return int(lgamma(n + 1) / log(10)) + 1
    return n * (limits.digits(n) - 1)            # n log10(n) - n log10(e) < this: an upper estimate


class PermGroup(Group):
    """A finite group of permutations of ``range(degree)``.

    Elements are tuples in destination form; the product ``g h`` applies ``h``
    first: ``(g h)[i] = g[h[i]]``.

    >>> G = PermutationGroup([[1, 2, 0]])
    >>> G.multiply((1, 2, 0), (1, 2, 0))
    (2, 0, 1)
    """

    __slots__ = ("_perms", "_degree", "_recipe")

    def __init__(self, perms, degree, repr_text=None, recipe=None):
        object.__setattr__(self, "_perms", None if recipe is not None else tuple(perms))
        object.__setattr__(self, "_degree", int(degree))
        object.__setattr__(self, "_recipe", recipe)
        if repr_text is None:
            repr_text = f"PermutationGroup({[list(p) for p in perms]}, degree={degree})"
            repr_text = repr_text.replace(" ", "")
        super().__init__(repr_text)

    def __reduce__(self):
        # catalogue groups (S(n), A(n), Z(n), wallpaper) build their generators from a recipe
        # (a closure): they are rebuilt from their name, which also keeps their identity key
        if self._recipe is not None:
            from ..parse import group
            return (group, (self._repr,))
        return super().__reduce__()

    @property
    def d(self):
        return self._degree

    @property
    def degree(self):
        """Number of points permuted."""
        return self._degree

    @property
    def perms(self):
        """The generators as tuples (destination convention); a catalogue group (S(n), A(n),
        Z(n)) builds them on first use, after checking ``symequiv.limits.MAX_DEGREE``."""
        if self._perms is None:
            n = self._degree
            limits.check(n, "MAX_DEGREE",
                         f"the generators of {self!r} (degree {n}) would take about "
                         f"{limits.human_bytes(72 * n)}",
                         "The group itself is fine (its order is a closed form); only explicit "
                         "permutations, representations and solves need them.")
            object.__setattr__(self, "_perms", tuple(self._recipe()))
        return self._perms

    @property
    def discrete_generators(self):
        return self.perms

    @property
    def lie_generators(self):
        return ()

    def sympy_group(self):
        """The equivalent ``sympy.combinatorics.PermutationGroup``."""
        memo = self._memo
        if "sympy" not in memo:
            from sympy.combinatorics import Permutation, PermutationGroup as SPG
            gens = [Permutation(list(p)) for p in self.perms] or [Permutation(list(range(self._degree)))]
            memo["sympy"] = SPG(gens)
        return memo["sympy"]

    def order(self):
        memo = self._memo
        if "order" not in memo:
            if "order_formula" in memo:               # S(n), A(n): n! / c, built only when asked
                from math import factorial
                from .. import limits
                n, c = memo["order_formula"]
                digits = _factorial_digits(n)
                limits.check(digits, "MAX_ORDER_DIGITS", f"the order of {self!r} is {n}!"
                             + (f"/{c}" if c > 1 else "") + f", a number of about {digits:,} digits")
                memo["order"] = factorial(n) // c
            elif len(self.perms) == 1:
                # a cyclic group: the order of its generator, the lcm of its cycle lengths
                # (SymPy's Schreier-Sims took 21 s on one 10^4-cycle)
                from math import lcm
                memo["order"] = lcm(*cycle_lengths(np.asarray(self.perms[0], dtype=np.int64)))
            else:
                memo["order"] = int(self.sympy_group().order()) if self.perms else 1
        return memo["order"]

    def defining_matrix(self, g):
        return linalg.perm_matrix(g)

    def defining_algebra_matrix(self, A):
        raise TypeError("permutation groups have no Lie algebra")

    def defining_perm(self, g):
        return np.asarray(g, dtype=np.int64)

    def identity_element(self):
        limits.check(self._degree, "MAX_DEGREE", f"the identity of {self!r} as a tuple of "
                     f"{self._degree} points")
        return tuple(range(self._degree))

    def multiply(self, g, h):
        return tuple(g[i] for i in h)

    def is_orthogonal(self):
        return True

    def _key(self):
        # lazily built catalogue groups above a fixed degree compare by name (a fixed constant,
        # not the tunable limit, so that equality never depends on when the key was computed)
        if self._recipe is not None and self._degree > _FAMILY_KEY_DEGREE:
            return ("perm-family", self._repr, self._degree)
        return ("perm", self._degree, self.perms)

    def order_text(self):
        """The order as text: the number, or ``n! (about D digits)`` when it is too long.

        >>> import symequiv as se
        >>> se.S(10 ** 9).order_text()
        '1000000000! (a number of about 8,565,705,523 digits)'
        """
        if "order_formula" in self._memo and "order" not in self._memo:
            n, c = self._memo["order_formula"]
            digits = _factorial_digits(n)
            if digits > limits.MAX_ORDER_DIGITS:
                return f"{n}!" + (f"/{c}" if c > 1 else "") + f" (a number of about {digits:,} digits)"
        return str(self.order())


def PermutationGroup(generators: Any, degree: int | None = None) -> PermGroup:
    """A permutation group from generators in destination convention.

    Parameters
    ----------
    generators : list of lists, list of sympy Permutation, or sympy PermutationGroup
        ``p[i]`` is where point ``i`` goes.
    degree : int, optional
        Number of points; required when ``generators`` is empty.

    Examples
    --------
    >>> PermutationGroup([[1, 0, 2], [1, 2, 0]]).order()
    6
    >>> PermutationGroup([], degree=3).order()
    1
    """
    from sympy.combinatorics import PermutationGroup as SPG
    if isinstance(generators, SPG):
        deg = generators.degree if degree is None else degree
        gens = [as_perm(g, deg, f"generator {k}") for k, g in enumerate(generators.generators)]
        return PermGroup(gens, deg)
    if isinstance(generators, np.ndarray):
        generators = list(generators)
    if not isinstance(generators, (list, tuple)):
        raise InvalidGeneratorError(
            f"generators must be a list of permutations, got {type(generators).__name__}.")
    if degree is not None:
        if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 1:
            raise InvalidGeneratorError(f"degree must be a positive int, got {degree!r}.")
        degree = int(degree)
        limits.check(degree, "MAX_DEGREE", f"a permutation group of degree {degree}")
    if not generators:
        if degree is None:
            raise InvalidGeneratorError(
                "an empty list of generators does not say how many points the group acts on: "
                "pass degree=n for the trivial group on n points.")
        return PermGroup((), degree)
    from sympy.combinatorics import Permutation
    if degree is None:
        lengths = []
        for k, g in enumerate(generators):
            if isinstance(g, Permutation):
                lengths.append(g.size)
            elif isinstance(g, (list, tuple, np.ndarray)):
                lengths.append(len(g))
            else:
                as_perm(g, None, f"generator {k}")
        if not all(isinstance(g, Permutation) for g in generators) and len(set(
                len(g) for g in generators if not isinstance(g, Permutation))) > 1:
            raise InvalidGeneratorError(
                f"generators have different lengths {lengths}: every generator must list the "
                f"destination of every point (or pass degree=n).")
        degree = max(lengths)
    if degree < 1:
        raise InvalidGeneratorError("a permutation group needs at least one point.")
    gens = [as_perm(g, degree, f"generator {k}") for k, g in enumerate(generators)]
    return PermGroup(gens, degree)
