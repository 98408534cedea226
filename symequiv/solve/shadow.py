"""Real reps of a complex group, solved over Q.

Realified reps of SU(n) and U(n) act by matrices with rational entries, although the group lives
over Q(i).  Their Hom spaces are real, so solving them over Q(i) (and then re-reducing to a real
echelon form) wastes the field: each unknown carries two rationals, and a Schur form over Q(i)
must be rebuilt over R.  The *rational shadow* replaces every atom by an explicit rep of a copy
of the group over Q (the same generators, in the realified defining rep) with the same rational
matrices, keeping sums, tensor products, duals and symmetric / exterior powers: the coordinates,
and so the basis, are unchanged, and every road runs over Q.

>>> import symequiv as se
>>> R = se.V(se.SU(2)).realify()
>>> a, b = rational_shadow(R * R, R * R)
>>> a.group.domain, a.size
(QQ, 16)
"""

from .. import linalg
from ..groups.matrix import MatGroup
from ..reps.core import ScalarRep, DualRep, SumRep, ProductRep, _sum, _product, _dual
from ..reps.explicit import ExplicitRep

__all__ = ["rational_shadow"]


def _rational(M):
    """``M`` over QQ if every entry is rational, else None."""
    K = M.domain
    if K.is_QQ:
        return M.to_sparse()
    dod = {}
    for i, row in linalg._dod(M.to_sparse()).items():
        r = {}
        for j, x in row.items():
            c = x.to_list()
            if len(c) > 1:
                return None
            if c and c[0]:
                r[j] = linalg.QQ(c[0])
        if r:
            dod[i] = r
    return linalg.DomainMatrix(dod, M.shape, linalg.QQ)


def _shadow_group(G):
    memo = G._memo
    if "shadow" not in memo:
        from ..reps.core import V
        R = V(G).realify()
        d = [_rational(R.rho_gen(k)) for k in range(len(G.discrete_generators))]
        lie = [_rational(R.drho_gen(k)) for k in range(len(G.lie_generators))]
        memo["shadow"] = (None if any(M is None for M in d + lie)
                          else MatGroup(2 * G.d, d, lie, f"RationalShadow({G!r})"))
    return memo["shadow"]


class _NoShadow(Exception):
    pass


def _map(rep, H, memo):
    k = rep.key()
    if k in memo:
        return memo[k]
    from ..reps.symmetric import SymRep, WedgeRep
    if isinstance(rep, ScalarRep):
        out = rep
    elif isinstance(rep, DualRep):
        out = _dual(_map(rep._inner, H, memo))
    elif isinstance(rep, SumRep):
        out = _sum(tuple((_map(r, H, memo), m) for r, m in rep.sum_terms()), H)
    elif isinstance(rep, ProductRep):
        out = _product(tuple((_map(r, H, memo), p) for r, p in rep.runs), H)
    elif isinstance(rep, (SymRep, WedgeRep)):
        out = type(rep)(_map(rep.inner, H, memo), rep.k)
    else:
        G = rep.group
        d = [_rational(rep.rho_gen(i)) for i in range(len(G.discrete_generators))]
        lie = [_rational(rep.drho_gen(i)) for i in range(len(G.lie_generators))]
        if any(M is None for M in d + lie):
            raise _NoShadow
        perms = None
        if rep.is_permutation:
            perms = tuple(rep.perm_gen(i) for i in range(len(G.discrete_generators)))
        out = ExplicitRep(H, d, lie, f"shadow({rep})", perms=perms)
    memo[k] = out
    return out


def rational_shadow(rep_in, rep_out):
    """``(rep_in', rep_out')`` over a rational copy of the group, with the same matrices, when
    both reps are real reps of a complex group whose generators act rationally; else None."""
    G = rep_out.group or rep_in.group
    if G is None or not G.is_complex or rep_in.is_complex or rep_out.is_complex:
        return None
    from ..groups.base import ProductGroup
    if isinstance(G, ProductGroup):
        return None
    H = _shadow_group(G)
    if H is None:
        return None
    memo = {}
    try:
        return _map(rep_in, H, memo), _map(rep_out, H, memo)
    except _NoShadow:
        return None
