"""Commutants of the pieces of a decomposition, without elimination.

When ``V = ⊕ B_i`` is split by the primary components of an element of ``End_G(V)``, the
projections onto the ``B_i`` are polynomials in that element, so ``End_G(B_i)`` is exactly the
set of diagonal blocks ``P_i e P_i`` of the ``e ∈ End_G(V)``: a row reduction of those blocks,
no elimination over the ``n_i²`` unknowns.  Also the seeded random commutant element that
:mod:`.decomposition` splits by.

>>> from symequiv import linalg
>>> E = [linalg.identity(2), linalg.matrix([[0, 1], [1, 0]])]      # End of the swap rep
>>> B = [linalg.matrix([[1], [1]]), linalg.matrix([[1], [-1]])]    # its two eigenlines
>>> [len(x) for x in _component_commutants(E, B, linalg.QQ)]
[1, 1]
"""

import numpy as np

from .. import linalg
from ..budget import checkpoint
from ..linalg import inv, mul

__all__: list[str] = []


def _component_commutants(E, blocks, K):
    """Bases of End_G(B_i) for a decomposition V = ⊕ B_i into G-invariant subspaces whose
    projections are polynomials in an element of End_G(V) (primary components): in the
    coordinates of the B_i, the (i, i) diagonal block of every e ∈ E, reduced to a basis.  No
    elimination over the n_i² unknowns of End(B_i): its maps are exactly the P_i e P_i."""
    Bm = linalg.hstack([B.to_sparse() for B in blocks]).to_dense()
    Binv = inv(Bm)
    if K.is_QQ:
        fast = _component_commutants_integer(E, Binv, Bm, [B.shape[1] for B in blocks], K)
        if fast is not None:
            return fast
    Ys = [mul(mul(Binv, e.to_dense()), Bm) for e in E]         # e in the coordinates of the B_i
    out, a = [], 0
    for B in blocks:
        u = B.shape[1]
        flat = [Y[a:a + u, a:a + u] for Y in Ys]                 # P_i e P_i on B_i
        a += u
        dod = {}
        for k, Y in enumerate(flat):
            row = {r * u + c: x for r, cols in linalg._dod(Y.to_sparse()).items() for c, x in cols.items()}
            if row:
                dod[k] = row
        R = linalg.rref_rows(linalg.DomainMatrix(dod, (len(flat), u * u), K))
        rows = [dict(r) for r in linalg._dod(R.to_sparse()).values()]
        out.append([linalg.DomainMatrix(_unflatten(row, u), (u, u), K)
                    for row in sorted(rows, key=min)])
    return out


def _component_commutants_integer(E, Binv, Bm, sizes, K):
    """The same over Q in exact integer arithmetic: ``Binv e Bm`` up to one positive scalar
    per e (which leaves the row space of the flattened blocks unchanged), with e applied
    sparsely; None when an integer form leaves int64 (the rational road then runs)."""
    import flint
    from ..linalg.integer import (integer_form, matmul, sparse_matmul, sparse_integer_form,
                                  common_denominator, IntegerOverflow)
    try:
        NI, _ = integer_form(Binv)
        NB, _ = integer_form(Bm)
        n = NB.shape[0]
        Ys = []
        for e in E:
            e = e.convert_to(K)
            r, c, v = sparse_integer_form(e, common_denominator([e]))
            eNB = sparse_matmul(r, c, v, n, NB)
            Ys.append(matmul(NI, eNB))
            checkpoint("Schur decomposition, the commutant of a component")
    except (IntegerOverflow, OverflowError):
        return None
    out, a = [], 0
    for u in sizes:
        flat = np.stack([Y[a:a + u, a:a + u].ravel() for Y in Ys])
        a += u
        R, rk = flint.fmpq_mat(flint.fmpz_mat(flat.tolist())).rref()
        ent = R.entries()
        rows = [{j: K(ent[r * u * u + j]) for j in range(u * u) if ent[r * u * u + j] != 0}
                for r in range(rk)]
        out.append([linalg.DomainMatrix(_unflatten(row, u), (u, u), K) for row in sorted(rows, key=min)])
    return out


def _unflatten(row, u):
    out = {}
    for j, x in row.items():
        out.setdefault(j // u, {})[j % u] = x
    return out


def _random_element(E, K, rng):
    """A seeded random combination of the commutant basis (summed sparsely: orbit bases of
    permutation reps are 0/1 matrices with disjoint supports)."""
    acc = {}
    for M in E:
        r = K.convert(rng.randint(-7, 7) or 11)
        for i, row in linalg._dod(M.convert_to(K).to_sparse()).items():
            d = acc.setdefault(i, {})
            for j, x in row.items():
                d[j] = d.get(j, K.zero) + r * x
    acc = {i: {j: x for j, x in row.items() if x} for i, row in acc.items()}
    n = E[0].shape[0]
    return linalg.DomainMatrix({i: row for i, row in acc.items() if row}, (n, n), K).to_dense()


