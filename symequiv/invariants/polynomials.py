"""Invariant and equivariant polynomials of one degree, and fundamental invariants, exactly.

A homogeneous polynomial of degree ``d`` on a rep ``V`` is a linear functional of the symmetric
tensor ``x^{⊗d}``, whose independent components in the coordinates of ``Sym^d(V)``
(:mod:`symequiv.reps.symmetric`) are the monomials ``x^I = x_{i_1} ⋯ x_{i_d}``.  So

* the invariant polynomials of degree ``d`` are ``Σ_I φ_I x^I`` for ``φ`` in
  ``Hom_G(Sym^d V, Scalar)``, and
* the equivariant polynomial maps ``V → W`` of degree ``d`` are ``x ↦ Φ (x^I)_I`` for ``Φ`` in
  ``Hom_G(Sym^d V, W)``,

with the monomial coefficients read directly off the exact basis: every road of the solver
applies (for a permutation rep, ``Sym^d`` is a permutation rep on multisets and the basis is the
orbit sums of monomials, no linear algebra), and the certificate of that basis -- exact
constraints, rank, and an independent dimension (Burnside over cycle types or the element
walk, Weyl's integral with the plethysm of the torus character) -- certifies the polynomials.
For finite groups the dimension is also compared with the Molien series' coefficient.

>>> import symequiv as se
>>> I2 = invariants(se.V(se.SO(3)), 2)
>>> I2.dim, I2.polynomials()[0].as_expr()
(1, x0**2 + x1**2 + x2**2)
>>> [invariants(se.V(se.S(3)), d).dim for d in range(5)]      # partitions into 1, 2, 3
[1, 1, 2, 3, 4]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations_with_replacement
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from .. import linalg
from ..errors import InvalidArgumentError, RepresentationError
from ..reps.core import Rep, Scalar

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ..basis import Basis
    from ..verify.certificate import Certificate

__all__ = ["invariants", "polynomial_maps", "fundamental_invariants", "PolynomialSpace",
           "FundamentalInvariant", "variables"]


def variables(n):
    """The SymPy symbols ``x0 … x{n-1}`` naming a rep's coordinates."""
    return sp.symbols(f"x0:{n}") if n else ()


def _check(rep, degree, what):
    if not isinstance(rep, Rep):
        raise InvalidArgumentError(f"{what} needs a representation, got {type(rep).__name__}.")
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)):
        raise InvalidArgumentError(f"{what}: the degree must be an int >= 0, got {degree!r}.")
    if degree < 0:
        raise InvalidArgumentError(f"{what}: the degree must be >= 0, got {degree}.")
    from math import comb
    from .. import limits
    n, d = rep.size, int(degree)
    monomials = comb(n + d - 1, d)
    if monomials <= limits.MAX_REP_SIZE and monomials * max(d, 1) > limits.MAX_POLYNOMIAL_WORK:
        # (larger than a rep may be: Sym^d itself refuses, naming MAX_REP_SIZE)
        limits.check(monomials * max(d, 1), "MAX_POLYNOMIAL_WORK",
                     f"{what}({rep}, degree {d}): the polynomials of degree {d} in {n} variables have "
                     f"{monomials:,} monomials (work about monomials x degree)",
                     "Use a lower degree; the Molien series counts the invariants of every degree "
                     "without building them.")
    return d


def _power(rep, d):
    from ..reps.symmetric import Sym
    return Sym(rep, d)


@dataclass(frozen=True)
class PolynomialSpace:
    """Homogeneous invariant polynomials (``rep_out`` is ``Scalar``) or equivariant polynomial
    maps ``rep_in → rep_out`` of one degree, from an exact basis of ``Hom(Sym^d(rep_in),
    rep_out)``.

    Attributes: ``rep_in``, ``rep_out``, ``degree``, ``basis`` (the :class:`~symequiv.Basis`),
    ``monomials`` (the sorted index tuples ``I``, in the basis's column order)."""

    rep_in: Rep
    rep_out: Rep
    degree: int
    basis: Basis
    monomials: tuple = field(repr=False)

    @property
    def dim(self) -> int:
        return self.basis.dim

    def coefficients(self, k: int) -> linalg.DomainMatrix:
        """Exact ``(n_out, n_monomials)`` coefficient matrix of the ``k``-th map (row ``j``: the
        monomial coefficients of output coordinate ``j``)."""
        return self.basis.map(k)

    def polynomials(self) -> list[Any]:
        """SymPy ``Poly`` objects over the rep's field, in ``x0 …``: one per invariant (for
        ``Scalar`` outputs), else a tuple of ``n_out`` polys per map."""
        xs = variables(self.rep_in.size)
        K = self.basis.domain
        dom = "QQ" if K.is_QQ else K
        out = []
        for k in range(self.dim):
            M = linalg._dod(self.coefficients(k).to_sparse())
            polys = []
            for j in range(self.rep_out.size):
                terms = {}
                for c, x in M.get(j, {}).items():
                    expo = [0] * len(xs)
                    for i in self.monomials[c]:
                        expo[i] += 1
                    terms[tuple(expo)] = x if K.is_QQ else K.to_sympy(x)
                polys.append(sp.Poly.from_dict(terms or {(0,) * len(xs): 0}, *xs, domain=dom)
                             if xs else sp.Poly(0, sp.Symbol("x0"), domain=dom))
            out.append(polys[0] if self.rep_out.size == 1 and isinstance(self.rep_out, type(Scalar))
                       else tuple(polys))
        return out

    def monomial_values(self, x: ArrayLike) -> np.ndarray:
        """``x^I`` for every monomial: numpy ``(..., n_monomials)`` from ``x`` of shape
        ``(..., n_in)`` (integers and booleans are evaluated in float64: int64 powers would
        overflow silently)."""
        x = self._points(x)
        if not self.monomials or self.degree == 0:
            return np.ones(x.shape[:-1] + (len(self.monomials),), dtype=x.dtype)
        idx = np.array(self.monomials, dtype=np.int64)                 # (n_monomials, d)
        return np.prod(x[..., idx], axis=-1)

    def _points(self, x: ArrayLike) -> np.ndarray:
        try:
            x = np.asarray(x)
        except Exception as e:                 # ragged lists
            raise InvalidArgumentError(f"evaluate: cannot read the points as an array ({e}).") from None
        if x.dtype.kind in "biu":
            x = x.astype(np.float64)
        if x.dtype.kind not in "fc":
            raise InvalidArgumentError(f"evaluate: the points must be numbers, got dtype {x.dtype}.")
        n = self.rep_in.size
        if x.ndim == 0 or x.shape[-1] != n:
            raise InvalidArgumentError(
                f"evaluate: the points must have shape (..., {n}) (the coordinates of "
                f"{self.rep_in}), got shape {x.shape}.")
        return x

    def evaluate(self, x: ArrayLike) -> np.ndarray:
        """Batched evaluation: ``(..., dim)`` for invariants, ``(..., dim, n_out)`` for maps
        (floats: the exact coefficients are rounded here, at the edge)."""
        m = self.monomial_values(x)
        B = self.basis.to_numpy()                      # (n_out * n_mono, dim)
        B = B.reshape(self.rep_out.size, len(self.monomials), self.dim)
        out = np.einsum("...m,omk->...ko", m, B)
        return out[..., 0] if isinstance(self.rep_out, type(Scalar)) else out

    def verify(self) -> Certificate:
        """The basis's certificate, with the Molien coefficient as a second independent count for
        finite groups; returns the :class:`~symequiv.verify.Certificate` (``ok`` and
        ``complete`` as for any basis) after checking that the two counts agree."""
        c = self.basis.verify()
        G = self.rep_in.group or self.rep_out.group
        from ..errors import GroupTooLargeError
        try:
            small = G is not None and not G.is_continuous and (G.order() or 0) <= 5040
        except GroupTooLargeError:                 # an infinite discrete group
            small = False
        coeff = None
        if small:
            from .molien import molien_coefficients
            try:
                coeff = molien_coefficients(self.rep_in, self.rep_out, self.degree)[-1]
            except (GroupTooLargeError, RepresentationError):
                coeff = None                       # no Molien sum here (e.g. a direct product)
        if coeff is not None:
            if coeff != self.dim:
                raise AssertionError(f"the Molien series says {coeff} polynomials of degree "
                                     f"{self.degree}, the basis has {self.dim}")
        return c

    def __repr__(self) -> str:
        kind = "invariants" if isinstance(self.rep_out, type(Scalar)) else f"maps -> {self.rep_out}"
        return f"PolynomialSpace({kind} of {self.rep_in}, degree {self.degree}, dim {self.dim})"


def _space(rep_in, rep_out, degree):
    from ..solve import equivariant_basis
    P = _power(rep_in, degree)
    if degree == 0:
        monos = ((),)
    elif degree == 1:
        monos = tuple((i,) for i in range(rep_in.size))
    else:
        monos = tuple(P._tuples)
    B = equivariant_basis(P, rep_out)
    return PolynomialSpace(rep_in, rep_out, degree, B, monos)


def invariants(rep: Rep, degree: int) -> PolynomialSpace:
    """Exact basis of the homogeneous invariant polynomials of ``degree`` on ``rep``.

    >>> import symequiv as se
    >>> invariants(se.V(se.S(3)), 3).dim
    3
    """
    d = _check(rep, degree, "invariants")
    if rep.is_complex:
        raise RepresentationError(
            f"{rep} is complex: polynomial invariants here are polynomials in real coordinates. "
            f"Use rep.realify() (the polynomials in Re x, Im x).")
    return _space(rep, Scalar, d)


def polynomial_maps(rep_in: Rep, rep_out: Rep, degree: int) -> PolynomialSpace:
    """Exact basis of the equivariant polynomial maps ``rep_in → rep_out`` homogeneous of
    ``degree``.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> polynomial_maps(V, V, 3).dim                 # |x|² x
    1
    """
    d = _check(rep_in, degree, "polynomial_maps")
    if not isinstance(rep_out, Rep):
        raise InvalidArgumentError(f"polynomial_maps needs a representation rep_out, got "
                                   f"{type(rep_out).__name__}.")
    if rep_in.is_complex or rep_out.is_complex:
        raise RepresentationError("polynomial_maps works with real reps; realify() complex ones.")
    return _space(rep_in, rep_out, d)


@dataclass(frozen=True)
class FundamentalInvariant:
    """One generator of the invariant ring: its ``degree`` and exact ``poly``."""

    degree: int
    poly: Any


def _vector(poly, monos_index):
    dod = {}
    for expo, c in poly.as_dict(native=True).items():      # domain elements, not SymPy numbers
        if c:
            key = tuple(i for i, e in enumerate(expo) for _ in range(e))
            dod[monos_index[key]] = c
    return dod


def fundamental_invariants(rep: Rep, max_degree: int, *, max_seconds: float | None = None,
                           max_memory: Any = None) -> tuple[list[FundamentalInvariant], bool]:
    """A minimal set of homogeneous generators of the invariant ring up to ``max_degree``,
    degree by degree: the invariants of degree ``d`` modulo the products of the generators
    of lower degree, exactly (a rank computation in the monomial basis).

    Returns ``(generators, complete)``: ``complete`` is True when the set provably generates the
    whole ring -- for a finite group once ``max_degree`` reaches Noether's bound ``|G|`` or, on
    a permutation representation of ``m`` coordinates, Göbel's bound ``max(m, m(m-1)/2)``
    (M. Göbel, J. Symbolic Comput. 19 (1995): the orbit sums of special monomials and
    ``x_1⋯x_m`` generate), whichever is smaller -- V(S(4)) is complete at degree 6, not 24; for
    ``m`` copies of the defining rep of O(n), SO(n), O(1,3), SO(1,3), Sp(n), SL(n), GL(n) the
    generators come in closed form from the first fundamental theorem
    (:mod:`symequiv.invariants.classical`), and the set is complete once ``max_degree`` covers
    their degrees.

    >>> import symequiv as se
    >>> gens, complete = fundamental_invariants(se.V(se.S(3)), 3)
    >>> [g.degree for g in gens], complete
    ([1, 2, 3], True)

    ``max_seconds`` / ``max_memory`` bound the computation as for
    :func:`~symequiv.equivariant_basis` (checked between its steps).
    """
    from ..budget import budget
    with budget(max_seconds, max_memory, what="fundamental_invariants"):
        return _fundamental(rep, max_degree)


def _fundamental(rep, max_degree):
    top = _check(rep, max_degree, "fundamental_invariants")
    from .classical import classical_generators
    closed = classical_generators(rep)
    if closed is not None:                          # the first fundamental theorem
        kept = [g for g in closed if g.degree <= top]
        return kept, len(kept) == len(closed)
    from ..budget import checkpoint
    from ..errors import GroupTooLargeError
    G = rep.group
    try:
        order = None if G is None or G.is_continuous else G.order()
    except GroupTooLargeError:                     # an infinite discrete group: no Noether bound
        order = None
    # Noether's bound: a finite group's invariants are generated in degrees <= |G| (char 0), so
    # no generator lies above it; no group acting: the coordinates generate (degree 1)
    bound = 1 if G is None else order
    if G is not None and rep.is_permutation:        # Göbel's bound (see the docstring)
        m = rep.size
        bound = max(m, m * (m - 1) // 2) if bound is None else min(bound, max(m, m * (m - 1) // 2))
    gens: list[FundamentalInvariant] = []
    # a basis of the invariants of each lower degree, as the polynomials found there
    lower: dict[int, list] = {0: [1]}
    for d in range(1, top + 1 if bound is None else min(top, bound) + 1):
        space = invariants(rep, d)
        lower[d] = []
        if space.dim == 0:
            continue
        index = {m: i for i, m in enumerate(space.monomials)}
        ech = _Echelon(space.basis.domain)
        # the products of lower generators span sum_g g * Inv_{d - deg g}: the generators of
        # degree < d generate every invariant of degree < d (not every product, exponentially many)
        for g in gens:
            for p in lower[d - g.degree]:
                q = g.poly * p
                if ech.add(_vector(q, index)):
                    lower[d].append(q)
                if ech.rank == space.dim:
                    break
            checkpoint("fundamental_invariants' products")
            if ech.rank == space.dim:
                break
        if ech.rank == space.dim:
            continue
        for p in space.polynomials():
            if ech.add(_vector(p, index)):        # independent of the products: a new generator
                gens.append(FundamentalInvariant(d, p))
                lower[d].append(p)
                if ech.rank == space.dim:
                    break
    return gens, bound is not None and top >= bound


class _Echelon:
    """An incrementally built reduced echelon basis of sparse vectors (``{index: value}``) over
    ``K``: ``add(v)`` reduces ``v`` against the rows (each is zero at every other row's pivot,
    so one pass suffices) and keeps what is left, if anything."""

    def __init__(self, K):
        self.K, self.rows = K, {}                 # pivot -> row with a 1 at the pivot

    @property
    def rank(self):
        return len(self.rows)

    def add(self, v):
        v = {j: x for j, x in v.items() if x}
        for p in sorted(self.rows):
            c = v.get(p)
            if c:
                for j, x in self.rows[p].items():
                    y = v.get(j, self.K.zero) - c * x
                    if y:
                        v[j] = y
                    else:
                        v.pop(j, None)
        if not v:
            return False
        p = min(v)
        inv = self.K.one / v[p]
        new = {j: x * inv for j, x in v.items()}
        for q, row in self.rows.items():          # keep every row zero at every other pivot
            c = row.get(p)
            if c:
                for j, x in new.items():
                    y = row.get(j, self.K.zero) - c * x
                    if y:
                        row[j] = y
                    else:
                        row.pop(j, None)
        self.rows[p] = new
        return True


def _products_of_degree(gens, d):
    """Every product of the generators (with repetition) of total degree ``d``."""
    out = []

    def rec(start, remaining, acc):
        if remaining == 0:
            out.append(acc)
            return
        for i in range(start, len(gens)):
            g = gens[i]
            if g.degree <= remaining:
                rec(i, remaining - g.degree, g.poly if acc is None else acc * g.poly)
    rec(0, d, None)
    return [p for p in out if p is not None]


def monomials(n, d):
    """The sorted index tuples of the degree-``d`` monomials in ``n`` variables (the column
    order of :func:`invariants`)."""
    return list(combinations_with_replacement(range(n), d))
