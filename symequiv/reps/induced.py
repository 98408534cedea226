"""Induced representations ``Ind_H^G W`` and permutation reps on cosets ``G/H``, for a
subgroup ``H`` of a finite group ``G``; Frobenius reciprocity as an independent dimension.

The left cosets ``r_0 H, r_1 H, ...`` are found by a breadth-first walk from ``r_0 = e`` over
``G``'s generators in order; each coset is named by a canonical element (for permutation
groups: the element of ``gH`` whose images of ``H``'s base points are lexicographically least,
through ``H``'s stabiliser chain; for matrix groups: the element with the least exact key), so
the order of the cosets and the representatives depend on the groups only.  Coordinates are
coset-major: coset ``i`` holds ``W``'s coordinates ``[i·n, (i+1)·n)``.  A generator ``g`` sends
block ``i`` to block ``j`` (``g r_i H = r_j H``) by ``W(r_j⁻¹ g r_i)``.

Examples
--------
>>> import symequiv as se
>>> from symequiv.reps.restriction import point_stabilizer
>>> Q = Quotient(se.S(4), point_stabilizer(se.S(4), [3]))     # S4 on 4 cosets: V(S4)
>>> Q.size, Q.is_permutation, se.equivariant_basis(Q, se.V(se.S(4))).dim
(4, True, 2)
>>> frobenius_dim(Q, se.V(se.S(4)))[0]
2
"""

from __future__ import annotations

import numpy as np

from .. import limits, linalg
from ..errors import GroupMismatchError, GroupTooLargeError, ProblemTooLargeError, RepresentationError
from ..groups.base import Group, ProductGroup
from ..groups.matrix import enumerate_elements, _element_key
from ..groups.permutation import PermGroup
from .core import Rep, Scalar
from .explicit import ExplicitRep
from .restriction import embedding, element_image, perm_of_matrix, restrict, _convert, _unify

__all__ = ["Induced", "Quotient", "InducedRep", "QuotientRep", "cosets", "frobenius_dim",
           "MAX_INDEX"]

#: Largest index [G:H] for which the cosets are enumerated (the induced rep has [G:H]·dim W
#: coordinates and each generator's image has that many nonzero blocks).
MAX_INDEX = 100_000


# --------------------------------------------------------------------------- cosets
def _check_pair(G, H, what):
    if not isinstance(G, Group) or not isinstance(H, Group):
        raise GroupMismatchError(f"{what} needs groups, got {type(G).__name__} and {type(H).__name__}.")
    if isinstance(G, ProductGroup) or isinstance(H, ProductGroup):
        raise GroupMismatchError(
            f"{what}: direct products are not supported ({G!r}, {H!r}); use a permutation or "
            f"matrix group.")
    for X in (G, H):
        if X.is_continuous:
            raise GroupTooLargeError(
                f"{what}: {X!r} is continuous; induction needs finite groups H ≤ G (a finite H in "
                f"a continuous G has infinitely many cosets).")
    if isinstance(G, PermGroup) != isinstance(H, PermGroup):
        raise GroupMismatchError(
            f"{what}: {H!r} and {G!r} use different element formats (permutations vs matrices); "
            f"give H by elements of G: se.Subgroup(G, discrete=[...]).")
    embedding(G, H)                                  # H ≤ G, or a typed error naming a generator


class _Cosets:
    """Left cosets of ``H`` in ``G``: canonical representatives in breadth-first order and the
    action of ``G``'s generators on them."""

    def __init__(self, G, H):
        self.G, self.H = G, H
        self.perm = isinstance(G, PermGroup)
        index = G.order() // H.order()
        if index > MAX_INDEX:
            raise ProblemTooLargeError(
                f"[G:H] = {index:,} cosets of {H!r} in {G!r}, over the limit "
                f"symequiv.reps.induced.MAX_INDEX = {MAX_INDEX:,}. Use a larger subgroup, or raise "
                f"the limit if you have the time and memory.")
        self.index = index
        if self.perm:
            S = H.sympy_group()
            S.schreier_sims()
            self._chain = [(list(orb), {o: tuple(u.array_form) for o, u in tr.items()})
                           for orb, tr in zip(S.basic_orbits, S.basic_transversals)]
        else:
            self._hs = [_convert(h, G.domain) for h in enumerate_elements(H)]
        e = G.identity_element()
        reps, keys = [], {}
        k0, r0 = self._canon(e)
        reps.append(r0)
        keys[k0] = 0
        table = [[None] * index for _ in G.discrete_generators]
        i = 0
        while i < len(reps):
            for k, g in enumerate(G.discrete_generators):
                key, y = self._canon(G.multiply(g, reps[i]))
                j = keys.get(key)
                if j is None:
                    j = keys[key] = len(reps)
                    reps.append(y)
                table[k][i] = j
            i += 1
        if len(reps) != index:
            raise AssertionError(f"found {len(reps)} cosets, expected [G:H] = {index}")
        self.reps, self.table = reps, table

    def _canon(self, x):
        if self.perm:
            x = tuple(x)
            for orbit, trans in self._chain:
                o = min(orbit, key=lambda p: x[p])
                u = trans[o]
                x = tuple(x[u[p]] for p in range(len(x)))
            return x, x
        best = None
        for h in self._hs:
            y = x.matmul(h)
            k = _element_key(self.G, y)
            if best is None or k < best[0]:
                best = (k, y)
        return best

    def element(self, k, i):
        """``h = r_j⁻¹ g_k r_i`` in ``H`` (as an element of ``H``) and ``j``."""
        G, j = self.G, self.table[k][i]
        g, ri, rj = G.discrete_generators[k], self.reps[i], self.reps[j]
        if self.perm:
            inv = [0] * len(rj)
            for a, b in enumerate(rj):
                inv[b] = a
            h = tuple(inv[g[ri[p]]] for p in range(len(ri)))
        else:
            h = linalg.inverse(rj).matmul(g.matmul(ri))
            hH = _convert(h, self.H.domain)
            h = h if hH is None else hH
        return h, j


def cosets(G, H):
    """The canonical left-coset representatives of ``H`` in ``G``, in the order
    :func:`Induced` and :func:`Quotient` use.

    >>> import symequiv as se
    >>> cosets(se.S(3), se.PermutationGroup([[1, 0, 2]]))
    [(0, 1, 2), (1, 2, 0), (0, 2, 1)]
    """
    _check_pair(G, H, "cosets")
    return list(_Cosets(G, H).reps)


# --------------------------------------------------------------------------- induced reps
class InducedRep(ExplicitRep):
    """``Ind_H^G W`` as an :class:`ExplicitRep` of ``G`` that remembers ``W`` and ``H`` (for
    Frobenius reciprocity, :func:`frobenius_dim`)."""

    __slots__ = ("_inducing", "_subgroup", "_cosets")

    def __init__(self, G, H, W, discrete, perms, field, name, cos):
        super().__init__(G, discrete, [], name, perms=perms, field=field,
                         full_name=f"Induced({W!r},{G!r})" if W.group is not None else name)
        object.__setattr__(self, "_size", len(cos) * W.size)     # also right with no generators
        object.__setattr__(self, "_inducing", W)
        object.__setattr__(self, "_subgroup", H)
        object.__setattr__(self, "_cosets", tuple(cos))

    def _key(self):
        return ("induced", self._inducing.key(), self._subgroup._memo_key(), self._group._memo_key())

    @property
    def inducing(self):
        """The representation ``W`` of the subgroup (``Scalar`` for a quotient)."""
        return self._inducing

    @property
    def subgroup(self):
        """The subgroup ``H``."""
        return self._subgroup

    @property
    def coset_representatives(self):
        """``r_0 = e, r_1, ...``: coset ``i`` is ``r_i H``."""
        return self._cosets


class QuotientRep(InducedRep):
    """The permutation rep of ``G`` on the left cosets ``G/H`` (``Ind_H^G`` of the trivial rep)."""

    __slots__ = ()

    def _key(self):
        return ("quotient", self._subgroup._memo_key(), self._group._memo_key())


def _build(G, H, W, name, cls):
    cos = _Cosets(G, H)
    n = W.size
    limits.check(cos.index * n, "MAX_REP_SIZE",
                 f"Ind from {H!r} to {G!r} would have [G:H]·dim W = {cos.index:,}·{n:,} coordinates")
    mats, perms = [], [] if W.is_permutation else None
    memo = {}
    for k in range(len(G.discrete_generators)):
        dod, p = {}, []
        blocks = []
        for i in range(cos.index):
            h, j = cos.element(k, i)
            hk = _element_key(H, h)
            if hk not in memo:
                memo[hk] = element_image(W, h)
            B = memo[hk]
            blocks.append((i, j, B))
        K = _unify(*[B for _, _, B in blocks])[0].domain if blocks else H.domain
        for i, j, B in blocks:
            B = B.convert_to(K) if B.domain != K else B
            for r, row in linalg._dod(B.to_sparse()).items():
                dst = dod.setdefault(j * n + r, {})
                for c, x in row.items():
                    dst[i * n + c] = x
            if perms is not None:
                q = perm_of_matrix(B)
                p.append((i, j, q))
        mats.append(linalg.DomainMatrix(dod, (cos.index * n, cos.index * n), K))
        if perms is not None:
            arr = np.empty(cos.index * n, dtype=np.int64)
            for i, j, q in p:
                arr[i * n:(i + 1) * n] = j * n + q
            arr.setflags(write=False)
            perms.append(arr)
    mats = _unify(*mats) if mats else []
    K = mats[0].domain if mats else G.domain
    field = None if K == G.domain or K.is_QQ else K
    return cls(G, H, W, mats, tuple(perms) if perms is not None else None, field, name, cos.reps)


def Induced(rep: Rep, G: Group) -> Rep:
    """The induced representation ``Ind_H^G rep`` of a rep of a finite subgroup ``H`` of the
    finite group ``G``, of size ``[G:H]·rep.size``.

    Parameters
    ----------
    rep : Rep
        A representation of ``H = rep.group``; ``H`` must be generated by elements of ``G``
        (same element format: permutations of the same points, or matrices of the same size --
        :func:`~symequiv.reps.restriction.Subgroup` builds one).
    G : Group
        Finite (a permutation group or a finite matrix group).

    Returns
    -------
    InducedRep
        An :class:`ExplicitRep` of ``G`` with block-monomial generator images (exact); a
        permutation rep when ``rep`` is one.

    Examples
    --------
    >>> import symequiv as se
    >>> from symequiv import linalg
    >>> H = se.PermutationGroup([[1, 0, 2]])                       # S(2) inside S(3)
    >>> sign = se.ExplicitRep(H, [linalg.matrix([[-1]])], [], "sign")
    >>> I = Induced(sign, se.S(3))
    >>> I.size, se.equivariant_basis(I, I).dim, se.equivariant_basis(I, se.V(se.S(3))).dim
    (3, 2, 1)
    """
    if not isinstance(rep, Rep):
        raise RepresentationError(f"Induced needs a Rep of the subgroup, got {type(rep).__name__}.")
    H = rep.group
    if H is None:
        raise RepresentationError(
            f"{rep} has no group, so the subgroup to induce from is unknown: for the trivial rep "
            f"of H use Quotient(G, H) (the permutation rep on G/H).")
    _check_pair(G, H, "Induced")
    if H == G:
        return rep
    return _build(G, H, rep, f"Induced({rep},{G!r})", InducedRep)


def Quotient(G: Group, H: Group) -> QuotientRep:
    """The permutation representation of ``G`` on the left cosets ``G/H`` (cosets in the
    deterministic order of :func:`cosets`): ``Ind_H^G`` of the trivial rep.

    >>> import symequiv as se
    >>> Q = Quotient(se.S(3), se.A(3))
    >>> Q.size, [Q.perm_gen(k).tolist() for k in range(2)]
    (2, [[0, 1], [1, 0]])
    """
    _check_pair(G, H, "Quotient")
    return _build(G, H, Scalar, f"Quotient({G!r},{H!r})", QuotientRep)


# --------------------------------------------------------------------------- Frobenius reciprocity
def _as_induced(rep):
    """``(H, W')`` with ``rep ≅ Ind_H W'``, read off the written form: an induced rep, its dual
    (``(Ind W)* = Ind W*``), or a tensor product with an induced factor (the projection formula
    ``Ind_H(W) ⊗ U ≅ Ind_H(W ⊗ Res_H U)``); ``None`` otherwise."""
    from .core import DualRep, ProductRep
    if isinstance(rep, InducedRep):
        return rep.subgroup, rep.inducing
    if isinstance(rep, DualRep) and isinstance(rep._inner, InducedRep):
        return rep._inner.subgroup, rep._inner.inducing.T
    if isinstance(rep, ProductRep):
        fs = rep.factors()
        for i, f in enumerate(fs):
            ind = _as_induced(f) if not isinstance(f, ProductRep) else None
            if ind is not None:
                H, W = ind
                rest = fs[:i] + fs[i + 1:]
                U = rest[0]
                for r in rest[1:]:
                    U = U * r
                return H, W * restrict(U, H)
    return None


def frobenius_dim(rep_in, rep_out):
    """``(dim Hom_G(rep_in, rep_out), method)`` by Frobenius reciprocity, or ``None`` when some
    pair of written summands has no induced side.

    Each pair of summands ``(a, b)`` with ``a ≅ Ind_H W`` gives
    ``dim Hom_G(Ind_H W, b) = dim Hom_H(W, Res_H b)``, and with ``b ≅ Ind_H W`` (finite groups:
    induction is also coinduction) ``dim Hom_G(a, Ind_H W) = dim Hom_H(Res_H a, W)``.  A summand
    is induced when it is an :class:`InducedRep` (or :class:`QuotientRep`), its dual, or a tensor
    product with such a factor (projection formula).  The ``H``-side problems are solved by
    :func:`symequiv.equivariant_basis` on the restricted reps -- a different group and different
    matrices from the ``G``-side solve.

    >>> import symequiv as se
    >>> Q = Quotient(se.A(4), se.PermutationGroup([], degree=4))      # the regular rep of A(4)
    >>> frobenius_dim(Q, Q)
    (12, 'Frobenius reciprocity (Hom over the subgroups, of orders 1)')
    >>> frobenius_dim(se.V(se.S(3)), se.V(se.S(3))) is None
    True
    """
    from ..solve import equivariant_basis
    ins, outs = rep_in.sum_terms(), rep_out.sum_terms()
    found = {}
    for r, _ in ins + outs:
        if r.key() not in found:
            found[r.key()] = _as_induced(r)
    if not any(v is not None for v in found.values()):
        return None
    total, orders = 0, []
    for a, m in ins:
        for b, n in outs:
            ia, ib = found[a.key()], found[b.key()]
            if ia is not None:
                H, W = ia
                d = equivariant_basis(W, restrict(b, H)).dim
            elif ib is not None:
                H, W = ib
                d = equivariant_basis(restrict(a, H), W).dim
            else:
                return None
            if H.order() not in orders:
                orders.append(H.order())
            total += m * n * d
    return total, (f"Frobenius reciprocity (Hom over the subgroups, of orders "
                   f"{', '.join(map(str, sorted(orders)))})")
