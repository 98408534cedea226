"""Matrix groups given by exact discrete generators and exact Lie-algebra generators.

Examples
--------
>>> import symequiv as se
>>> G = se.MatrixGroup(discrete=[[[0, -1], [1, 0]]])
>>> G.order()
4
>>> se.MatrixGroup(lie_algebra=[[[0, -1], [1, 0]]]).order() is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import limits, linalg
from ..errors import InvalidGeneratorError, GroupTooLargeError
from .base import Group

__all__ = ["MatGroup", "MatrixGroup", "enumerate_elements", "ELEMENT_LIMIT"]

#: The largest number of elements :func:`enumerate_elements` will produce by default.
ELEMENT_LIMIT = 200_000


def _fmt(x):
    p, q = int(x.numerator), int(x.denominator)
    return str(p) if q == 1 else f"{p}/{q}"


def _matrix_text(M):
    rows = linalg.to_lists(M)
    return "[" + ",".join("[" + ",".join(
        (str(v).replace(" ", "") if not hasattr(v, "denominator") or v.denominator == 1
         else f"{v.numerator}/{v.denominator}")
        for v in row) + "]" for row in rows) + "]"


class MatGroup(Group):
    """A group of exact ``d x d`` matrices: discrete generators plus a Lie algebra.

    >>> import symequiv as se
    >>> G = se.SO(2)
    >>> isinstance(G, MatGroup), G.is_continuous
    (True, True)
    """

    __slots__ = ("_d", "_discrete", "_lie", "_domain")

    def __init__(self, d, discrete, lie, repr_text=None):
        mats = linalg.unify(*discrete, *lie)
        discrete, lie = mats[:len(discrete)], mats[len(discrete):]
        object.__setattr__(self, "_d", int(d))
        object.__setattr__(self, "_discrete", tuple(discrete))
        object.__setattr__(self, "_lie", tuple(lie))
        object.__setattr__(self, "_domain", mats[0].domain if mats else linalg.QQ)
        if repr_text is None:
            repr_text = ("MatrixGroup(discrete=[" + ",".join(_matrix_text(g) for g in discrete)
                         + "],lie_algebra=[" + ",".join(_matrix_text(A) for A in lie)
                         + f"],d={d})")
        super().__init__(repr_text)

    @property
    def d(self):
        return self._d

    @property
    def discrete_generators(self):
        return self._discrete

    @property
    def domain(self):
        return self._domain

    @property
    def lie_generators(self):
        return self._lie

    def order(self):
        if self._lie:
            return None
        memo = self._memo
        if "order" not in memo:
            memo["order"] = len(enumerate_elements(self))
        return memo["order"]

    def defining_matrix(self, g):
        return g

    def defining_algebra_matrix(self, A):
        return A

    def defining_perm(self, g):
        dod = g.to_sparse().rep
        n = self._d
        if len(dod) != n:
            return None
        p = np.empty(n, dtype=np.int64)
        seen = set()
        for i, row in dod.items():
            if len(row) != 1:
                return None
            (j, x), = row.items()
            if x != 1 or j in seen:
                return None
            seen.add(j)
            p[j] = i          # P[p[j], j] = 1
        return p

    def identity_element(self):
        return linalg.identity(self._d, self._domain)

    def multiply(self, g, h):
        return g.matmul(h)

    def _key(self):
        return ("matrix", self._d, linalg.field_text(self._domain),
                tuple(linalg.key(g) for g in self._discrete),
                tuple(linalg.key(A) for A in self._lie))


def _element_key(G, g):
    if isinstance(g, tuple):
        return tuple(_element_key(f, x) for f, x in zip(G.factors, g)) if len(G.factors) > 1 else g
    return linalg.key(g)


def enumerate_elements(G, limit=ELEMENT_LIMIT):
    """All elements of a finite group, by breadth-first closure under the generators.

    Raises :class:`GroupTooLargeError` past ``limit`` elements (the group may be
    infinite: e.g. a shear matrix generates an infinite group).

    >>> import symequiv as se
    >>> len(enumerate_elements(se.Octahedral()))
    24
    """
    if G.lie_generators:
        raise GroupTooLargeError(f"{G!r} is continuous: its elements cannot be listed.")
    gens = list(G.discrete_generators)
    if "finite_gens" not in G._memo:           # exact and fast: no enumeration of an infinite group
        for k, M in enumerate(gens):
            if not isinstance(M, tuple):
                _check_finite_order(G, M, f"discrete generator {k}")
        G._memo["finite_gens"] = True
    e = G.identity_element()
    seen = {_element_key(G, e): e}
    frontier = [e]
    while frontier:
        nxt = []
        for x in frontier:
            for g in gens:
                y = G.multiply(g, x)
                k = _element_key(G, y)
                if k not in seen:
                    seen[k] = y
                    nxt.append(y)
                    if len(seen) > limit:
                        raise GroupTooLargeError(
                            f"{G!r} has more than {limit} elements (it may be infinite): "
                            f"enumeration stopped. Use a permutation group, or a smaller group.")
        frontier = nxt
    return [seen[k] for k in sorted(seen)]


def _as_matrix_list(mats, what, domain=linalg.QQ):
    if mats is None:
        return []
    if isinstance(mats, np.ndarray) and mats.ndim == 3:
        mats = list(mats)
    if not isinstance(mats, (list, tuple)):
        raise InvalidGeneratorError(f"{what} must be a list of square matrices, got {type(mats).__name__}.")
    return [linalg.matrix(M, where=f"{what}[{k}]", domain=domain) for k, M in enumerate(mats)]


def _sympy_numbers(obj, out):
    """Collect the SymPy numbers (possibly irrational) inside nested lists / matrices
    (iteratively: generator lists are 3 levels deep, anything deeper is refused)."""
    from sympy import Basic
    from sympy.matrices import MatrixBase
    stack = [(obj, 0)]
    while stack:
        x, depth = stack.pop()
        if isinstance(x, MatrixBase):
            out.extend(x)
        elif isinstance(x, (list, tuple)):
            if depth > 3:
                raise InvalidGeneratorError(
                    "generators are nested more than 3 levels deep: pass a list of matrices, "
                    "each a list of rows of numbers.")
            stack.extend((y, depth + 1) for y in reversed(x))
        elif isinstance(x, Basic):
            out.append(x)
    return out


def _field_degree_bound(values):
    """An upper bound for the degree of the field the exact SymPy ``values`` generate, found
    before building it: square roots of rationals contribute 2^(rank over GF(2) of their
    squarefree parts), every other radical ``b^(1/q)`` a factor ``q``.

    >>> from sympy import sqrt
    >>> _field_degree_bound([sqrt(2), sqrt(3), sqrt(6) / 2, sqrt(2 + sqrt(2))])
    8
    """
    from sympy import Pow
    radicands, other = [], 1
    seen = set()
    for v in values:
        if getattr(v, "is_Rational", True):
            continue
        for a in v.atoms(Pow):
            if not (a.exp.is_Rational and not a.exp.is_Integer) or a in seen:
                continue
            seen.add(a)
            if a.base.is_Rational and a.exp.q == 2:
                radicands.append(a.base)
            else:
                other *= int(a.exp.q)
            if other > 10 ** 6:
                break
    return linalg.quadratic_field_degree(radicands) * other


def MatrixGroup(discrete: Sequence[Any] | None = None, lie_algebra: Sequence[Any] | None = None,
                d: int | None = None) -> MatGroup:
    """A matrix group from exact generators.

    Parameters
    ----------
    discrete : list of square matrices
        Exact, invertible group elements (ints, Fractions, sympy Rationals, or exact
        algebraic SymPy numbers such as ``sympy.sqrt(5) / 4``: the group then lives over
        the number field they generate, see :func:`symequiv.linalg.number_field`).
    lie_algebra : list of square matrices
        Exact Lie-algebra generators; the identity component is exp of their span.
    d : int, optional
        The matrix size; needed only when both lists are empty.

    >>> MatrixGroup(discrete=[[[-1]]]).order()
    2
    >>> from sympy import sqrt
    >>> G = MatrixGroup(discrete=[[[sqrt(2) / 2, -sqrt(2) / 2], [sqrt(2) / 2, sqrt(2) / 2]]])
    >>> G.order(), G.domain
    (8, QQ<sqrt(2)>)
    """
    values = _sympy_numbers([discrete, lie_algebra], [])
    bound = _field_degree_bound(values)
    limits.check(bound, "MAX_FIELD_DEGREE",
                 f"the entries generate a number field of degree up to {bound} (from their square "
                 f"roots and other radicals)",
                 "Every product and solve works in that field; use fewer distinct radicals.")
    domain = linalg.number_field(values)
    disc = _as_matrix_list(discrete, "discrete", domain)
    lie = _as_matrix_list(lie_algebra, "lie_algebra", domain)
    allm = disc + lie
    if d is not None:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
            raise InvalidGeneratorError(f"d must be an int >= 1 (the matrix size), got {d!r}.")
        limits.check(int(d), "MAX_MATRIX_SIZE", f"MatrixGroup(d={d}) acts on R^{d}")
    if not allm:
        if d is None:
            raise InvalidGeneratorError(
                "MatrixGroup needs at least one generator (discrete= or lie_algebra=); "
                "for the trivial group on R^n use Trivial(n) or pass d=n.")
        return MatGroup(int(d), [], [])
    size = allm[0].shape[0]
    for k, M in enumerate(disc):
        _check_square(M, size, f"discrete[{k}]")
    for k, M in enumerate(lie):
        _check_square(M, size, f"lie_algebra[{k}]")
    if d is not None and d != size:
        raise InvalidGeneratorError(f"d={d} but the generators are {size} x {size}.")
    for k, M in enumerate(disc):
        if linalg.rank(M) < size:
            raise InvalidGeneratorError(
                f"discrete[{k}] is singular (rank {linalg.rank(M)} < {size}): a group element "
                f"must be invertible.")
    return MatGroup(size, disc, lie)


def _check_finite_order(G, M, where):
    """Refuse to enumerate ``G`` when a generator has infinite order, exactly: its determinant
    must be ±1; the characteristic polynomial of its rational image (itself over Q) must be a
    product of cyclotomic polynomials Φ_k and ``M^m = I`` for ``m = lcm(k)`` (which also
    excludes non-diagonalisable matrices such as the shear [[1, 1], [0, 1]]).  A group of finite-order generators can still
    be infinite; the enumeration limit catches that."""
    det = M.to_dense().det()
    K = M.domain
    if det * det != K.one and linalg.is_real_field(K):   # over C: a root of unity, checked below
        raise GroupTooLargeError(
            f"{G!r} is infinite: {where} has determinant {K.to_sympy(det)}, not ±1, so it has "
            f"infinite order and the group cannot be enumerated (its order, regular representation "
            f"and Burnside counts do not exist). Equivariant bases still work: they use only the "
            f"generators.")
    if not K.is_QQ:            # the rational image (K^d as Q^{de}) has the same order, and its
        from ..linalg.elimination import _expand   # eigenvalues are all conjugates of M's
        M = _expand(M, False)
    import flint
    from math import lcm
    cp = linalg.dense(M).rep.rep.charpoly()
    m = 1
    for f, _ in flint.fmpq_poly(cp).factor()[1]:
        num = flint.fmpq_poly(f)
        c = num.coeffs()
        lead = c[-1]
        ints = [q / lead for q in c]
        k = flint.fmpz_poly([int(q.p) for q in ints]).is_cyclotomic() if all(q.q == 1 for q in ints) else 0
        if not k:
            raise GroupTooLargeError(
                f"{G!r} is infinite: {where} has an eigenvalue that is not a root of unity (its "
                f"characteristic polynomial has the factor {num}), so it has infinite order and the "
                f"group cannot be enumerated.")
        m = lcm(m, int(k))
    limits.check(m, "MAX_ORDER_CHECK", f"{where} has order up to {m}")
    P, X, e = linalg.identity(M.shape[0]), M, m
    while e:
        if e & 1:
            P = P.matmul(X)
        X, e = X.matmul(X), e >> 1
    if not linalg.is_identity(P):
        raise GroupTooLargeError(
            f"{G!r} is infinite: {where} satisfies no M^m = I (its eigenvalues are roots of unity "
            f"of order dividing {m}, but it is not diagonalisable), so it has infinite order and "
            f"the group cannot be enumerated.")


def _check_square(M, size, where):
    m, n = M.shape
    if m != n:
        raise InvalidGeneratorError(f"{where} has shape ({m}, {n}); generators must be square.")
    if m != size:
        raise InvalidGeneratorError(
            f"{where} is {m} x {m} but the first generator is {size} x {size}; all generators "
            f"must act on the same space.")
    if m == 0:
        raise InvalidGeneratorError(f"{where} is empty (0 x 0).")
