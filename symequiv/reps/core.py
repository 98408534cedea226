"""Representations as immutable value objects with an algebra.

``a + b`` (direct sum), ``a * b`` (tensor product, ``numpy.kron`` order),
``k * a`` (multiplicity), ``a ** k``, ``a.T`` (dual: ρ(g⁻¹)ᵀ, algebra −dρ(A)ᵀ)
and ``a >> b`` (linear maps a → b, i.e. ``b * a.T``).  Coordinates follow the
expression as written.  Equality and hashing are structural.

Examples
--------
>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> rep = 2 * V >> 30 * se.Scalar + 10 * V + 3 * V**2 + V**3
>>> rep.size
684
>>> print(2 * V + V**2)
2*V+V**2
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import linalg
from ..errors import GroupMismatchError, RepresentationError
from ..groups.base import Group, ProductGroup
from .._immutable import Immutable

if TYPE_CHECKING:
    from ..basis import Basis

__all__ = ["Rep", "Scalar", "V", "T", "SumRep", "ProductRep", "DualRep", "DefiningRep",
           "RestrictedRep", "Restrict"]

_SUM, _PROD, _POW, _ATOM = 1, 2, 3, 4


class Rep(Immutable):
    """Abstract representation.  Subclasses: ``ScalarRep``, ``DefiningRep``,
    ``DualRep``, ``SumRep``, ``ProductRep``.

    >>> import symequiv as se
    >>> isinstance(se.V(se.SO(3)) + se.Scalar, Rep)
    True
    """

    # _hom: (a, b) on the object that a >> b returned (kept by pickles, not part of equality)
    __slots__ = ("_memo", "_hom")
    _prec = _ATOM
    _memo: dict[Any, Any]

    def __init__(self) -> None:
        object.__setattr__(self, "_memo", {})

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    # --- identity --------------------------------------------------------------
    def _key(self):
        raise NotImplementedError

    def key(self) -> tuple[Any, ...]:
        """Deterministic structural key (nested tuples of str/int), memoised."""
        memo = self._memo
        if "key" not in memo:
            memo["key"] = self._key()
        return memo["key"]

    def __eq__(self, other):
        return isinstance(other, Rep) and self.key() == other.key()

    def __hash__(self):
        memo = self._memo
        if "hash" not in memo:
            memo["hash"] = hash(self.key())
        return memo["hash"]

    def __repr__(self):
        return self._text(True)

    def __str__(self):
        return self._text(False)

    def _repr_latex_(self):
        from ..display import latex_rep
        return "$" + latex_rep(self) + "$"

    def _text(self, full):
        raise NotImplementedError

    def _wrapped(self, full, prec):
        t = self._text(full)
        return f"({t})" if self._prec < prec else t

    # --- structure ---------------------------------------------------------------
    @property
    def group(self) -> Group | None:
        """The group acting, or ``None`` for a group-free rep such as ``Scalar``."""
        raise NotImplementedError

    @property
    def size(self) -> int:
        """Dimension of the representation space."""
        raise NotImplementedError

    def sum_terms(self) -> tuple[tuple[Rep, int], ...]:
        """The written direct-sum decomposition as ``((rep, multiplicity), ...)``."""
        return ((self, 1),)

    def summands(self) -> list[tuple[Rep, int, int]]:
        """Every written summand copy with its coordinate range: ``[(rep, start, stop)]``.

        >>> import symequiv as se
        >>> [(str(r), a, b) for r, a, b in (2 * se.Scalar + se.V(se.SO(3))).summands()]
        [('Scalar', 0, 1), ('Scalar', 1, 2), ('V', 2, 5)]
        """
        out, off = [], 0
        for r, m in self.sum_terms():
            for _ in range(m):
                out.append((r, off, off + r.size))
                off += r.size
        return out

    # --- images of group and algebra elements --------------------------------------
    def rho(self, g: Any) -> linalg.DomainMatrix:
        """Exact sparse matrix of the group element ``g``."""
        raise NotImplementedError

    def drho(self, A: Any) -> linalg.DomainMatrix:
        """Exact sparse matrix of the Lie-algebra element ``A``."""
        raise NotImplementedError

    def perm(self, g: Any) -> np.ndarray | None:
        """Destination array of the permutation by which ``g`` acts, or ``None``."""
        raise NotImplementedError

    def _gens(self):
        G = self.group
        return ((), ()) if G is None else (G.discrete_generators, G.lie_generators)

    def rho_gen(self, k: int) -> linalg.DomainMatrix:
        """Matrix of the ``k``-th discrete generator of the group (memoised)."""
        memo = self._memo.setdefault("rho", {})
        if k not in memo:
            # a rep without a group (built from Scalar alone) is trivial for every group
            memo[k] = linalg.identity(self.size) if self.group is None else self.rho(self._gens()[0][k])
        return memo[k]

    def drho_gen(self, k: int) -> linalg.DomainMatrix:
        """Matrix of the ``k``-th Lie-algebra generator of the group (memoised)."""
        memo = self._memo.setdefault("drho", {})
        if k not in memo:
            memo[k] = (linalg.zeros(self.size, self.size) if self.group is None
                       else self.drho(self._gens()[1][k]))
        return memo[k]

    def perm_gen(self, k: int) -> np.ndarray | None:
        """Permutation of the ``k``-th discrete generator, or ``None`` (memoised)."""
        memo = self._memo.setdefault("perm", {})
        if k not in memo:
            memo[k] = (np.arange(self.size, dtype=np.int64) if self.group is None
                       else self.perm(self._gens()[0][k]))
        return memo[k]

    @property
    def is_permutation(self) -> bool:
        """True if every discrete generator acts by a permutation matrix and every
        Lie-algebra generator acts by zero."""
        raise NotImplementedError

    def lift(self, product: Group) -> Rep:
        """This representation of a factor, lifted to the direct product ``product``.

        >>> import symequiv as se
        >>> G = se.SO(3) * se.S(5)
        >>> (se.V(se.SO(3)).lift(G) * se.V(se.S(5)).lift(G)) == se.V(G)
        True
        """
        if not isinstance(product, ProductGroup):
            raise GroupMismatchError(f"lift() needs a direct product group, got {product!r}.")
        return self._lift(product)

    def _lift(self, product):
        raise NotImplementedError

    # --- algebra -----------------------------------------------------------------------
    @property
    def T(self) -> Rep:
        """The dual representation ρ(g⁻¹)ᵀ."""
        return _dual(self)

    def dual(self) -> Rep:
        """Same as ``.T``."""
        return self.T

    @property
    def is_complex(self) -> bool:
        """True if some generator acts by a matrix with a non-real entry (see
        :mod:`symequiv.reps.complex`): Hom spaces are then counted over C."""
        from .complex import is_complex
        return is_complex(self)

    def conj(self) -> Rep:
        """The conjugate representation ρ̄ (itself when real; ``.T`` for unitary groups)."""
        from .complex import conj
        return conj(self)

    def realify(self) -> Rep:
        """The real representation of twice the size underlying this complex one."""
        from .complex import realify
        return realify(self)

    def restrict(self, H: Group) -> Rep:
        """This representation restricted to the subgroup ``H`` (:mod:`symequiv.reps.restriction`)."""
        from .restriction import restrict
        return restrict(self, H)

    def sym(self, k: int) -> Rep:
        """The symmetric power ``Sym^k`` (:mod:`symequiv.reps.symmetric`)."""
        from .symmetric import Sym
        return Sym(self, k)

    def wedge(self, k: int) -> Rep:
        """The exterior power ``Λ^k`` (:mod:`symequiv.reps.symmetric`)."""
        from .symmetric import Wedge
        return Wedge(self, k)

    def __add__(self, other: Rep | int) -> Rep:
        if isinstance(other, (int, np.integer)) and not isinstance(other, bool) and other == 0:
            return self
        if not isinstance(other, Rep):
            _refuse_number(other, "+")
            return NotImplemented
        return _sum(self.sum_terms() + other.sum_terms(), _common_group(self, other, "+"))

    def __radd__(self, other: int) -> Rep:
        if isinstance(other, (int, np.integer)) and not isinstance(other, bool) and other == 0:
            return self
        _refuse_number(other, "+")
        return NotImplemented

    def __mul__(self, other: Rep | int) -> Rep:
        k = _as_multiplicity(other)
        if k is not None:
            return _multiple(self, k)
        if not isinstance(other, Rep):
            _refuse_number(other, "*")
            return NotImplemented
        g = _common_group(self, other, "*")
        return _product(_prod_runs(self) + _prod_runs(other), g)

    def __rmul__(self, other: int) -> Rep:
        k = _as_multiplicity(other)
        if k is not None:
            return _multiple(self, k)
        _refuse_number(other, "*")
        return NotImplemented

    def __pow__(self, k: int) -> Rep:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise RepresentationError(f"rep ** k needs an int k >= 0, got {k!r}.")
        k = int(k)
        if k < 0:
            raise RepresentationError(f"rep ** k needs k >= 0, got {k}; for the dual use rep.T.")
        if k == 0:
            return Scalar
        return _product(tuple((r, p * k) for r, p in _prod_runs(self)), self.group)

    def __rshift__(self, other: Rep) -> Rep:
        if not isinstance(other, Rep):
            return NotImplemented
        from .._immutable import restore, state_of
        _common_group(self, other, ">>")
        out = other * self.T
        # a fresh copy (the product may be a shared object: b * Scalar.T is b itself) that
        # remembers its two sides, whatever the product simplified to
        fresh = object.__new__(type(out))
        restore(fresh, state_of(out))
        object.__setattr__(fresh, "_hom", (self, other))
        return fresh

    def equivariant_basis(self, **kwargs: Any) -> Basis:
        """Basis of the invariant vectors of this representation.  For ``a >> b``
        these are exactly the equivariant maps a → b (vectorised row-major), the
        same basis as ``se.equivariant_basis(a, b)``.

        >>> import symequiv as se
        >>> V = se.V(se.S(4))
        >>> (V >> V).equivariant_basis().dim
        2
        """
        from ..solve import equivariant_basis
        hom = getattr(self, "_hom", None)
        if hom is not None:
            return equivariant_basis(hom[0], hom[1], **kwargs)
        return equivariant_basis(Scalar, self, **kwargs)


def _as_multiplicity(other):
    """``other`` as an int multiplicity when it is an integer (Python, numpy or SymPy: anything
    with ``__index__`` but a bool), else None."""
    import operator
    if isinstance(other, (bool, np.bool_)) or isinstance(other, Rep):
        return None
    try:
        return operator.index(other)
    except TypeError:
        return None


def _refuse_number(other, op):
    """A typed error for numbers on the other side of ``+`` / ``*`` (Python's own TypeError
    would name neither the fix nor what a number means there)."""
    import numbers
    if not isinstance(other, (numbers.Number, np.number, np.bool_)):
        return
    if op == "+":
        raise RepresentationError(
            f"rep + {other!r}: a number is not a representation (only 0 is accepted, so that "
            f"sum() works). Add the trivial rep with rep + se.Scalar, or k copies with "
            f"rep + k * se.Scalar.")
    raise RepresentationError(
        f"a multiplicity must be a positive int, got {other!r} ({type(other).__name__}): "
        f"k * rep is k copies of rep.")


def _common_group(a, b, op):
    ga, gb = a.group, b.group
    if ga is not None and ga == gb and ga.is_complex:
        from .complex import warn_if_mixed
        warn_if_mixed(a, b, op)
    if ga is None:
        return gb
    if gb is None or ga == gb:
        return ga
    hint = ""
    if op == "*":
        hint = (f" To act with both groups, form the direct product G = {ga!r}*{gb!r} and lift each "
                f"factor's rep: a.lift(G) * b.lift(G), or use V(G, i) for the i-th factor.")
    raise GroupMismatchError(
        f"cannot combine a rep of {ga!r} with a rep of {gb!r} using '{op}': they are reps of "
        f"different groups.{hint}")


class ScalarRep(Rep):
    """The trivial one-dimensional representation (belongs to every group)."""

    __slots__ = ()

    def _key(self):
        return ("scalar",)

    def _text(self, full):
        return "Scalar"

    @property
    def group(self):
        return None

    @property
    def size(self):
        return 1

    def rho(self, g):
        return linalg.identity(1)

    def drho(self, A):
        return linalg.zeros(1, 1)

    def perm(self, g):
        return np.zeros(1, dtype=np.int64)

    @property
    def is_permutation(self):
        return True

    def _lift(self, product):
        return self


#: The trivial representation.
Scalar = ScalarRep()


class DefiningRep(Rep):
    """The defining representation of a group, or of the ``factor``-th factor of a
    direct product (lifted: the other factors act trivially).

    >>> import symequiv as se
    >>> se.V(se.SO(3) * se.S(4), 1).size
    4
    """

    __slots__ = ("_group", "_factor")

    def __init__(self, group, factor=None):
        super().__init__()
        object.__setattr__(self, "_group", group)
        object.__setattr__(self, "_factor", factor)

    def _key(self):
        return ("V", self._group._key(), -1 if self._factor is None else self._factor)

    def _text(self, full):
        if self._factor is None:
            return f"V({self._group!r})" if full else "V"
        return f"V({self._group!r},{self._factor})" if full else f"V[{self._factor}]"

    @property
    def group(self):
        return self._group

    @property
    def factor(self):
        """Index of the factor of a direct product (``None`` for a plain group)."""
        return self._factor

    def _base(self):
        return self._group if self._factor is None else self._group.factors[self._factor]

    @property
    def size(self):
        return self._base().d

    def _part(self, g):
        return g if self._factor is None else g[self._factor]

    def rho(self, g):
        return self._base().defining_matrix(self._part(g))

    def drho(self, A):
        a = self._part(A)
        base = self._base()
        return linalg.zeros(base.d, base.d) if a is None else base.defining_algebra_matrix(a)

    def perm(self, g):
        return self._base().defining_perm(self._part(g))

    @property
    def is_permutation(self):
        return self._base().is_permutation_action()

    def _lift(self, product):
        if self._factor is not None:
            raise GroupMismatchError(f"{self!r} already belongs to a direct product.")
        for i, f in enumerate(product.factors):
            if f == self._group:
                return DefiningRep(product, i)
        raise GroupMismatchError(f"{self._group!r} is not a factor of {product!r}.")


class DualRep(Rep):
    """Dual of a defining representation of a group whose defining rep is not orthogonal
    (duals of sums and products are pushed down to these atoms).

    >>> import symequiv as se
    >>> type(se.V(se.SL(2)).T).__name__
    'DualRep'
    """

    __slots__ = ("_inner",)

    def __init__(self, inner):
        super().__init__()
        object.__setattr__(self, "_inner", inner)

    def _key(self):
        return ("dual", self._inner.key())

    def _text(self, full):
        return self._inner._text(full) + ".T"

    @property
    def group(self):
        return self._inner.group

    @property
    def size(self):
        return self._inner.size

    def rho(self, g):
        return linalg.inverse(self._inner.rho(g)).transpose()

    def drho(self, A):
        return -self._inner.drho(A).transpose()

    def perm(self, g):
        return self._inner.perm(g)      # a permutation matrix is its own inverse-transpose

    @property
    def is_permutation(self):
        return self._inner.is_permutation

    def _lift(self, product):
        return _dual(self._inner._lift(product))


def _dual(rep):
    if isinstance(rep, ScalarRep):
        return rep
    if isinstance(rep, DualRep):
        return rep._inner
    if isinstance(rep, SumRep):
        return _sum(tuple((_dual(r), m) for r, m in rep.sum_terms()), rep.group)
    if isinstance(rep, ProductRep):
        return _product(tuple((_dual(r), p) for r, p in rep._runs), rep.group)
    if isinstance(rep, RestrictedRep):
        return rep
    if isinstance(rep, DefiningRep):
        if rep._base().is_orthogonal():
            return rep
        return DualRep(rep)
    if rep.is_permutation:             # e.g. a regular rep: permutation matrices are orthogonal
        return rep
    return DualRep(rep)


class SumRep(Rep):
    """Direct sum in written order: ``runs`` is ``((rep, multiplicity), ...)``, with
    no two neighbouring runs of the same rep.

    >>> import symequiv as se
    >>> (2 * se.V(se.SO(3)) + se.Scalar).sum_terms()[0][1]
    2
    """

    __slots__ = ("_runs", "_group")
    _runs: tuple[tuple[Rep, int], ...]
    _group: Group | None
    _prec = _SUM

    def __init__(self, runs, group):
        super().__init__()
        object.__setattr__(self, "_runs", runs)
        object.__setattr__(self, "_group", group)

    def _key(self):
        return ("sum",) + tuple((r.key(), m) for r, m in self._runs)

    def _text(self, full):
        parts = []
        for r, m in self._runs:
            if m == 1:
                parts.append(r._wrapped(full, _SUM))
            else:
                parts.append(f"{m}*" + r._wrapped(full, _POW if isinstance(r, ProductRep) and
                                                  len(r._runs) > 1 else _PROD))
        return "+".join(parts)

    @property
    def group(self):
        return self._group

    @property
    def size(self):
        return sum(r.size * m for r, m in self._runs)

    def sum_terms(self):
        return self._runs

    def _blocks(self, f):
        mats = []
        for r, m in self._runs:
            M = f(r)
            mats.extend([M] * m)
        return linalg.block_diag(mats)

    def rho(self, g):
        return self._blocks(lambda r: r.rho(g))

    def drho(self, A):
        return self._blocks(lambda r: r.drho(A))

    def perm(self, g):
        out, off = [], 0
        for r, m in self._runs:
            p = r.perm(g)
            if p is None:
                return None
            for _ in range(m):
                out.append(p + off)
                off += r.size
        return np.concatenate(out)

    @property
    def is_permutation(self):
        return all(r.is_permutation for r, _ in self._runs)

    def _lift(self, product):
        return _sum(tuple((r._lift(product), m) for r, m in self._runs), product)


def _sum(terms, group):
    _check_size([(r.size, m) for r, m in terms], "sum")
    runs = []
    for r, m in terms:
        if runs and runs[-1][0] == r:
            runs[-1] = (r, runs[-1][1] + m)
        else:
            runs.append((r, m))
    runs = tuple(runs)
    if len(runs) == 1 and runs[0][1] == 1:
        return runs[0][0]
    return SumRep(runs, group)


def _multiple(rep, k):
    if k < 1:
        raise RepresentationError(
            f"a multiplicity must be a positive int, got {k}: '{k}*rep' would be an empty space.")
    _check_size([(rep.size, k)], "sum")
    return _sum(tuple((r, m * k) for r, m in rep.sum_terms()), rep.group)


class ProductRep(Rep):
    """Tensor product in written (``numpy.kron``) order: ``runs`` is ``((rep, power), ...)``.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> len((V * V.T * V).factors())
    3
    """

    __slots__ = ("_runs", "_group")
    _runs: tuple[tuple[Rep, int], ...]
    _group: Group | None

    def __init__(self, runs, group):
        super().__init__()
        object.__setattr__(self, "_runs", runs)
        object.__setattr__(self, "_group", group)

    @property
    def _prec(self):
        return _POW if len(self._runs) == 1 else _PROD

    def _key(self):
        return ("prod",) + tuple((r.key(), p) for r, p in self._runs)

    def _text(self, full):
        parts = []
        for r, p in self._runs:
            t = r._wrapped(full, _ATOM if p > 1 else _PROD + 1)
            parts.append(t if p == 1 else f"{t}**{p}")
        return "*".join(parts)

    @property
    def group(self):
        return self._group

    @property
    def runs(self):
        """``((rep, power), ...)`` in written order."""
        return self._runs

    def factors(self):
        """The tensor factors, powers expanded."""
        return [r for r, p in self._runs for _ in range(p)]

    @property
    def size(self):
        n = 1
        for r, p in self._runs:
            n *= r.size ** p
        return n

    def rho(self, g):
        mats = [r.rho(g) for r in self.factors()]
        M = mats[0]
        for X in mats[1:]:
            M = linalg.kron(M, X)
        return M

    def drho(self, A):
        mats = [r.drho(A) for r in self.factors()]
        M = mats[0]
        for X in mats[1:]:
            M = linalg.kronsum(M, X)
        return M

    def perm(self, g):
        ps = [r.perm(g) for r in self.factors()]
        if any(p is None for p in ps):
            return None
        p = ps[0]
        for q in ps[1:]:
            p = linalg.kron_perm(p, q)
        return p

    @property
    def is_permutation(self):
        return all(r.is_permutation for r, _ in self._runs)

    def _lift(self, product):
        return _product(tuple((r._lift(product), p) for r, p in self._runs), product)


def _prod_runs(rep):
    if isinstance(rep, ScalarRep):
        return ()
    if isinstance(rep, ProductRep):
        return rep._runs
    return ((rep, 1),)


def _check_size(parts, what):
    """Refuse a representation with more than ``limits.MAX_REP_SIZE`` coordinates before it is
    built; ``parts`` are ``(size, power or multiplicity)`` and ``what`` says how they combine
    (exact integer arithmetic on bounded exponents: no float overflow)."""
    from .. import limits
    cap = limits.MAX_REP_SIZE
    size, huge = 1 if what == "product" else 0, False
    for s, p in parts:
        if what == "product":
            if s > 1 and p > 64 * cap.bit_length():        # s**p alone is far past any limit
                huge = True
                break
            size *= s ** p
        else:
            size += s * p
        if size > cap:
            huge = huge or size.bit_length() > 4 * cap.bit_length()
            break
    if size > cap or huge:
        if huge:
            from math import log10
            if what == "product" and all(p < 10 ** 15 for _, p in parts):
                est = f"about 10^{int(sum(p * log10(s) for s, p in parts if s > 1)):,}"
            else:
                bits = sum(p * s.bit_length() for s, p in parts) if what == "product" else size.bit_length()
                est = f"about 10^{bits * 30103 // 100000:,}"
        else:
            est = f"{size:,}"
        limits.check(cap + 1, "MAX_REP_SIZE",
                     f"this representation would have {est} coordinates (a {what} of reps of sizes "
                     f"{sorted({s for s, _ in parts})})",
                     "Nothing larger can be solved or stored; use a smaller tensor power."
                     if what == "product" else "Nothing larger can be solved or stored.")


def _product(runs, group):
    _check_size([(r.size, p) for r, p in runs], "product")
    out = []
    for r, p in runs:
        if isinstance(r, ScalarRep):
            continue
        if out and out[-1][0] == r:
            out[-1] = (r, out[-1][1] + p)
        else:
            out.append((r, p))
    if not out:
        return Scalar
    if len(out) == 1 and out[0][1] == 1:
        return out[0][0]
    return ProductRep(tuple(out), group)


def V(group: Group, factor: int | None = None) -> Rep:
    """The defining representation of ``group``.

    For a direct product ``G = G1 * G2``, ``V(G)`` is the tensor product of the
    factors' defining reps and ``V(G, i)`` is the defining rep of factor ``i``
    (the other factors acting trivially).

    >>> import symequiv as se
    >>> se.V(se.SO(3)).size, se.V(se.SO(3) * se.S(5)).size, se.V(se.SO(3) * se.S(5), 1).size
    (3, 15, 5)
    """
    if not isinstance(group, Group):
        raise GroupMismatchError(f"V() needs a group, got {type(group).__name__}: e.g. V(SO(3)).")
    if isinstance(group, ProductGroup):
        if factor is None:
            return _product(tuple((DefiningRep(group, i), 1) for i in range(len(group.factors))), group)
        if isinstance(factor, bool) or not isinstance(factor, (int, np.integer)) or not 0 <= factor < len(group.factors):
            raise RepresentationError(
                f"factor must be an int in range({len(group.factors)}) for {group!r}, got {factor!r}.")
        return DefiningRep(group, int(factor))
    if factor is not None:
        raise RepresentationError(f"{group!r} is not a direct product: V(G, factor) needs G = G1*G2*...")
    _check_size([(group.d, 1)], "sum")
    return DefiningRep(group)


def T(p: int, q: int = 0, group: Group | None = None) -> Rep:
    """Tensor rep of type (p, q): ``V**p * V.T**q``.

    >>> import symequiv as se
    >>> T(1, 1, se.SO(3)) == se.V(se.SO(3)) * se.V(se.SO(3)).T
    True
    """
    for name, k in (("p", p), ("q", q)):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise RepresentationError(f"T(p, q, G) needs ints p, q >= 0; got {name}={k!r}.")
    if group is None:
        raise RepresentationError("T(p, q, G) needs the group G, e.g. T(1, 1, SO(3)).")
    v = V(group)
    return v ** p * v.T ** q


# the permutation rep on an invariant block of points lives in its own module; re-exported
# here, where earlier releases defined it (imports and pickles of symequiv.reps.core keep working)
from .invariant_block import RestrictedRep, Restrict  # noqa: E402
