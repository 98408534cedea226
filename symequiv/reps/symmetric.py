"""Symmetric and exterior powers: ``Sym(rep, k)`` and ``Wedge(rep, k)``.

Coordinates
-----------
``Sym^k(rep)`` has one coordinate per multiset ``i_1 <= ... <= i_k`` of indices of ``rep``, and
``Λ^k(rep)`` one per set ``i_1 < ... < i_k``, both in lexicographic order (the order of
``itertools.combinations_with_replacement`` / ``combinations``).  The coordinates are the
*independent components* of the symmetric (antisymmetric) tensor: a symmetric tensor
``T = Σ T_{ij} e_i ⊗ e_j`` has the ``Sym²`` coordinates ``T_ij`` for ``i <= j`` -- the 6
numbers of a stress tensor, not 9, with no √2 on the off-diagonal.  In other words the basis
vector of ``I`` is the tensor ``u_I = Σ e_J`` over the *distinct* orderings ``J`` of ``I``
(``e_0⊗e_1 + e_1⊗e_0``, but ``e_0⊗e_0``): the divided power ``x^I / Π m_i!`` of the symmetric
algebra, ``m_i`` the multiplicities in ``I``; for ``Λ^k`` it is ``Σ ± e_J`` over the orderings,
signed, i.e. ``e_{i_1} ∧ ⋯ ∧ e_{i_k}``.  This scaling keeps every matrix exact and rational
(no square roots), makes ``Sym^k`` of a permutation rep a permutation rep on multisets (the
orbit road applies, no elimination), and ``Λ^k`` of a permutation rep a signed permutation rep.
(An orthonormal basis would need ``sqrt(k! / Π m_i!)`` factors.)

The group acts by ``g·e_I = (g e_{i_1}) ⋯ (g e_{i_k})`` expanded in the same basis (for ``Λ^k``:
the ``k x k`` minors of ``ρ(g)``), and the Lie algebra by derivations.

Examples
--------
>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> S2 = Sym(V, 2)
>>> S2.size, se.equivariant_basis(S2, S2).dim          # Sym²(V) = 1 ⊕ 5
(6, 2)
>>> se.equivariant_basis(Wedge(V, 2), V).dim           # Λ²(V) ≅ V for SO(3)
1
>>> se.equivariant_basis(Wedge(se.V(se.O(3)), 2), se.V(se.O(3))).dim   # a pseudovector
0
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import combinations, combinations_with_replacement
from math import comb

import numpy as np

from .. import limits, linalg
from ..errors import RepresentationError
from .core import Rep
from .. import budget as _budget

__all__ = ["Sym", "Wedge", "SymRep", "WedgeRep"]


def _check_k(rep, k, what):
    if not isinstance(rep, Rep):
        raise RepresentationError(f"{what}(rep, k) needs a representation, got {type(rep).__name__}.")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise RepresentationError(f"{what}(rep, k) needs an int k >= 0, got {k!r}.")
    k = int(k)
    if k < 0:
        raise RepresentationError(f"{what}(rep, k) needs k >= 0, got {k}.")
    return k


def _size(n, k, sym):
    size = comb(n + k - 1, k) if sym else comb(n, k)
    limits.check(size, "MAX_REP_SIZE", f"{'Sym' if sym else 'Wedge'}^{k} of a rep of size {n} "
                 f"has size {size:,}")
    # the coordinates are k-tuples, listed and indexed up front: size * k entries
    limits.check(size * k, "MAX_POLYNOMIAL_WORK",
                 f"{'Sym' if sym else 'Wedge'}^{k} of a rep of size {n} has {size:,} coordinates of "
                 f"{k} indices each", "Use a lower power.")
    return size


class _PowerRep(Rep):
    __slots__ = ("_inner", "_k", "_index", "_tuples")
    _sym = True

    def __init__(self, inner, k):
        super().__init__()
        object.__setattr__(self, "_inner", inner)
        object.__setattr__(self, "_k", k)
        n = inner.size
        _size(n, k, self._sym)
        tuples = list((combinations_with_replacement if self._sym else combinations)(range(n), k))
        object.__setattr__(self, "_tuples", tuples)
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(tuples)})

    def _key(self):
        return ("sym" if self._sym else "wedge", self._k, self._inner.key())

    def _text(self, full):
        return f"{'Sym' if self._sym else 'Wedge'}({self._inner._text(full)},{self._k})"

    @property
    def group(self):
        return self._inner.group

    @property
    def size(self):
        return len(self._tuples)

    @property
    def inner(self):
        """The representation whose power this is."""
        return self._inner

    @property
    def k(self):
        return self._k

    def rho(self, g):
        return self._power(self._inner.rho(g))

    def drho(self, A):
        return self._derivation(self._inner.drho(A))

    def _lift(self, product):
        return type(self)(self._inner._lift(product), self._k)

    def _columns(self, M):
        cols = {}
        for i, row in linalg._dod(M.to_sparse()).items():
            for j, x in row.items():
                cols.setdefault(j, []).append((i, x))
        return cols


#: How many matrices' prefix products a rep keeps for its symmetric powers (its generators').
_PREFIX_SLOTS = 8


def _reduction_table(K):
    """``{k: [(i, c_i)]}`` with ``α^k = Σ c_i α^i`` (``i < e``) for ``e ≤ k ≤ 2e - 2``, ``α`` the
    primitive element of ``K`` (degree ``e``)."""
    m = [linalg.QQ(x) for x in reversed(K.mod.to_list())]
    e = len(m) - 1
    m = [x / m[e] for x in m]                                 # monic (SymPy's need not be)
    cur = [-m[i] for i in range(e)]                           # α^e
    table = {}
    for k in range(e, 2 * e - 1):
        table[k] = [(i, c) for i, c in enumerate(cur) if c]
        top = cur[e - 1]                                      # α^{k+1} = α · α^k
        cur = [(cur[i - 1] if i else linalg.QQ.zero) - top * m[i] for i in range(e)]
    return table


def _element(K, cs):
    """The element ``Σ cs[i] α^i`` of ``K`` built directly (``K(list)`` re-converts each entry)."""
    from sympy.polys.polyclasses import ANP, DMP
    rep = list(reversed(cs))
    while rep and not rep[0]:
        rep.pop(0)
    return ANP.new(DMP(rep, linalg.QQ, 0), K.mod, linalg.QQ)


def _reduce(p, table, e):
    """``p`` (in x and a) with every power ``a^k``, ``k ≥ e``, rewritten through ``table``."""
    if all(mono[-1] < e for mono in p):
        return p
    out = {}
    for mono, c in p.items():
        k = mono[-1]
        if k < e:
            out[mono] = out.get(mono, 0) + c
            continue
        for i, x in table[k]:
            key = mono[:-1] + (i,)
            out[key] = out.get(key, 0) + c * x
    q = p.ring.zero.copy()
    q.update((m, c) for m, c in out.items() if c)
    return q


class SymRep(_PowerRep):
    """``Sym^k`` of a representation (see the module docstring for the coordinates)."""

    __slots__ = ()
    _sym = True

    def _divisors(self):
        """``c_I = Π (multiplicities of I)!`` for every multiset ``I``."""
        c = self._memo.get("c")
        if c is None:
            from math import factorial
            from collections import Counter
            c = [1] * len(self._tuples)
            for n, I in enumerate(self._tuples):
                for m in Counter(I).values():
                    c[n] *= factorial(m)
            self._memo["c"] = c
        return c

    def _scaled(self, dod, K):
        """Monomial-basis matrix -> the divided-power basis ``u_I = x^I / c_I``:
        ``M_u[J, I] = M_x[J, I] · c_J / c_I``."""
        c = self._divisors()
        out = {}
        for J, row in dod.items():
            r = {I: (x if c[J] == c[I] else x * K.convert(linalg.QQ(c[J], c[I])))
                 for I, x in row.items() if x}
            if r:
                out[J] = r
        return linalg.DomainMatrix(out, (self.size, self.size), K)

    def _power(self, M):
        """The product ``Π_t (M e_{i_t})`` of linear forms for every multiset ``I``, as polynomials
        in SymPy's sparse ring over the field; each product extends the one of ``I``'s prefix
        (lexicographic order lists every prefix first), so there is one multiplication by a
        linear form per distinct prefix."""
        K = M.domain
        n = self._inner.size
        # the prefix products are shared by every Sym^k of the same rep and matrix (invariants
        # degree by degree reuse the lower degrees' products)
        store = self._inner._memo.setdefault("sym_prefix", {})
        key = (linalg.field_key(K), linalg.key(M))
        if key in store:
            forms, prefix = store[key]
        else:
            from sympy.polys.rings import ring
            cols = self._columns(M)
            if K.is_QQ:
                R, *xs = ring(",".join(f"x{i}" for i in range(n)), K)
                forms = [sum((xs[r] * x for r, x in cols.get(j, ())), R.zero) for j in range(n)]
            else:
                # over Q(α): polynomials over Q in x and a = α, reduced modulo α's minimal
                # polynomial after every product (SymPy's arithmetic in Q(α) itself is ~10x slower)
                R, *xs = ring(",".join(f"x{i}" for i in range(n)) + ",a", linalg.QQ)
                a = xs.pop()

                def lift(x):
                    return sum((c * a ** i for i, c in enumerate(reversed(x.to_list())) if c), R.zero)
                forms = [sum((xs[r] * lift(x) for r, x in cols.get(j, ())), R.zero) for j in range(n)]
            prefix = {(): R.one}
            if len(store) < _PREFIX_SLOTS:        # the generators' images come first; other
                store[key] = (forms, prefix)      # elements (exact samples) are not kept
        dod = {}
        e = None if K.is_QQ else K.mod.degree()
        table = None if K.is_QQ else _reduction_table(K)      # one per field, not per form
        divisors = self._divisors()
        for c, I in enumerate(self._tuples):
            if not c & 4095:
                _budget.checkpoint("building the image of a symmetric or exterior power")
            for t in range(1, len(I) + 1):
                if I[:t] not in prefix:
                    p = prefix[I[:t - 1]] * forms[I[t - 1]]
                    prefix[I[:t]] = p if e is None else _reduce(p, table, e)
            if e is None:
                for mono, x in prefix[I].items():
                    if x:
                        J = tuple(i for i, k in enumerate(mono) for _ in range(k))
                        dod.setdefault(self._index[J], {})[c] = x
                continue
            coeffs = {}                                  # x-monomial -> coefficients of 1, α, …
            for mono, x in prefix[I].items():
                coeffs.setdefault(mono[:-1], [linalg.QQ.zero] * e)[mono[-1]] = x
            cI = divisors[c]
            for mono, cs in coeffs.items():
                if not any(cs):
                    continue
                J = self._index[tuple(i for i, k in enumerate(mono) for _ in range(k))]
                if divisors[J] != cI:                    # the divided-power scaling, on Q
                    r = linalg.QQ(divisors[J], cI)
                    cs = [x * r for x in cs]
                dod.setdefault(J, {})[c] = _element(K, cs)
        if e is None:
            return self._scaled(dod, K)
        return linalg.DomainMatrix(dod, (self.size, self.size), K)

    def _derivation(self, A):
        K = A.domain
        cols = self._columns(A)
        dod = {}
        for c, I in enumerate(self._tuples):
            if not c & 4095:
                _budget.checkpoint("building the image of a symmetric or exterior power")
            for t, i in enumerate(I):
                rest = I[:t] + I[t + 1:]
                for r, x in cols.get(i, ()):
                    J = rest[:bisect_left(rest, r)] + (r,) + rest[bisect_left(rest, r):]
                    row = dod.setdefault(self._index[J], {})
                    row[c] = row.get(c, K.zero) + x
        return self._scaled(dod, K)

    def perm(self, g):
        p = self._inner.perm(g)
        if p is None:
            return None
        out = np.empty(len(self._tuples), dtype=np.int64)
        index = self._index
        for c, I in enumerate(self._tuples):
            if not c & 4095:
                _budget.checkpoint("building the permutation of a symmetric power")
            out[c] = index[tuple(sorted(int(p[i]) for i in I))]
        return out

    @property
    def is_permutation(self):
        return self._inner.is_permutation


class WedgeRep(_PowerRep):
    """``Λ^k`` of a representation (see the module docstring for the coordinates)."""

    __slots__ = ()
    _sym = False

    def _power(self, M):
        K = M.domain
        cols = self._columns(M)
        dod = {}
        for c, I in enumerate(self._tuples):
            if not c & 4095:
                _budget.checkpoint("building the image of a symmetric or exterior power")
            form = {(): K.one}                    # (M e_{i_1}) ∧ ... ∧ (M e_{i_k})
            for i in I:
                nxt = {}
                for J, a in form.items():
                    for r, x in cols.get(i, ()):
                        pos = bisect_left(J, r)
                        if pos < len(J) and J[pos] == r:
                            continue
                        sign = -1 if (len(J) - pos) % 2 else 1      # e_J ∧ e_r: pass len(J)-pos
                        key = J[:pos] + (r,) + J[pos:]
                        nxt[key] = nxt.get(key, K.zero) + (a * x if sign > 0 else -(a * x))
                form = nxt
            for J, a in form.items():
                if a:
                    dod.setdefault(self._index[J], {})[c] = a
        return linalg.DomainMatrix(dod, (self.size, self.size), K)

    def _derivation(self, A):
        K = A.domain
        cols = self._columns(A)
        dod = {}
        for c, I in enumerate(self._tuples):
            if not c & 4095:
                _budget.checkpoint("building the image of a symmetric or exterior power")
            for t, i in enumerate(I):
                rest = I[:t] + I[t + 1:]
                for r, x in cols.get(i, ()):
                    pos = bisect_left(rest, r)
                    if pos < len(rest) and rest[pos] == r:
                        continue
                    # e_{..} with r in slot t, sorted: r moves from position t to position pos
                    sign = -1 if (t - pos) % 2 else 1
                    J = rest[:pos] + (r,) + rest[pos:]
                    row = dod.setdefault(self._index[J], {})
                    row[c] = row.get(c, K.zero) + (x if sign > 0 else -x)
        dod = {i: {j: x for j, x in row.items() if x} for i, row in dod.items()}
        return linalg.DomainMatrix({i: r for i, r in dod.items() if r}, (self.size, self.size), K)

    def perm(self, g):
        return None                                # a signed permutation in general

    @property
    def is_permutation(self):
        return False


def Sym(rep: Rep, k: int) -> Rep:
    """The symmetric power ``Sym^k(rep)`` (``Sym(rep, 0)`` is ``Scalar``, ``Sym(rep, 1)`` is
    ``rep``).

    >>> import symequiv as se
    >>> Sym(se.V(se.S(4)), 2).size, Sym(se.V(se.S(4)), 2).is_permutation
    (10, True)
    """
    k = _check_k(rep, k, "Sym")
    from .core import Scalar
    if k == 0:
        return Scalar
    if k == 1:
        return rep
    return SymRep(rep, k)


def Wedge(rep: Rep, k: int) -> Rep:
    """The exterior power ``Λ^k(rep)`` (``Wedge(rep, 0)`` is ``Scalar``, ``Wedge(rep, 1)`` is
    ``rep``); ``k`` may not exceed ``rep.size``.

    >>> import symequiv as se
    >>> Wedge(se.V(se.SO(4)), 2).size
    6
    """
    k = _check_k(rep, k, "Wedge")
    from .core import Scalar
    if k > rep.size:
        raise RepresentationError(
            f"Wedge(rep, {k}) of a rep of size {rep.size} is the zero space (k > size); use "
            f"k <= {rep.size}.")
    if k == 0:
        return Scalar
    if k == 1:
        return rep
    return WedgeRep(rep, k)
