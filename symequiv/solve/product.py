"""The product road: Hom over a direct product G₁ × … × G_k from Hom over each factor.

A tensor product of the factors' defining reps and their duals (``V(G)``, ``V(G, i)``, ``.T``,
``*``, ``**``, ``Scalar``) is, after a permutation of coordinates, an outer tensor product
``A₁ ⊠ … ⊠ A_k`` of one rep per factor.  Invariants of ``G₁`` on ``X ⊗ Y`` where only ``X``
is acted on are ``X^{G₁} ⊗ Y`` (plain linear algebra, any field), so

    Hom_{G₁×…×G_k}(A₁ ⊠ … ⊠ A_k, B₁ ⊠ … ⊠ B_k) = Hom_{G₁}(A₁, B₁) ⊗ … ⊗ Hom_{G_k}(A_k, B_k),

each factor solved by its own cheapest road (diagrams for SO(3), partitions for S(5), a
torus for C(5)), the Kronecker products of the factor bases permuted back to the user's
coordinates, and the span brought to its reduced echelon form (the canonical basis every
rows road returns).  The dimension is the product of the factors' dimensions.

>>> import symequiv as se
>>> G = se.SO(3) * se.S(4)
>>> B = se.equivariant_basis(se.V(G) ** 2, se.V(G) ** 2, cache=False)
>>> B.method, B.dim == 3 * 15
('product', True)
"""

import numpy as np

from .. import linalg
from ..groups.base import ProductGroup
from ..reps.core import DefiningRep, DualRep, ProductRep, ScalarRep, V, Scalar

__all__ = ["product_parts", "product_rows", "MAX_PRODUCT_WORK"]

#: The road assembles the Kronecker products as sparse exact rows and brings them to reduced
#: echelon form; when (maps x nonzeros) passes this (about half a second of echelon form on the
#: reference machine) it steps aside for a road that keeps a factored form (Schur).
MAX_PRODUCT_WORK = 25_000_000


def _atoms(rep, G):
    """``[(factor index, factor-level rep)]`` in Kronecker order, or ``None`` when ``rep`` is
    not a tensor product of the factors' defining reps and their duals."""
    if isinstance(rep, ScalarRep):
        return []
    if isinstance(rep, DefiningRep) and rep.group == G:
        if rep.factor is None:
            return [(i, V(f)) for i, f in enumerate(G.factors)]
        return [(rep.factor, V(G.factors[rep.factor]))]
    if isinstance(rep, DualRep):
        inner = _atoms(rep._inner, G)
        return None if inner is None else [(i, a.T) for i, a in inner]
    if isinstance(rep, ProductRep):
        out = []
        for f in rep.factors():
            a = _atoms(f, G)
            if a is None:
                return None
            out += a
        return out
    return None


def _grouped(atoms, k):
    """Per factor, the product of its atoms (``Scalar`` for none), and ``perm`` with
    ``perm[grouped index] = original index`` (grouped: factor 0's atoms first, each factor's
    atoms in their original order)."""
    order = sorted(range(len(atoms)), key=lambda t: atoms[t][0])
    dims = [a.size for _, a in atoms]
    n = int(np.prod(dims)) if dims else 1
    perm = np.arange(n, dtype=np.int64).reshape(dims or [1]).transpose(order or [0]).ravel()
    reps = []
    for i in range(k):
        mine = [a for j, a in atoms if j == i]
        r = Scalar
        for a in mine:
            r = a if r is Scalar else r * a
        reps.append(r)
    return reps, perm


def product_parts(rep_in, rep_out):
    """``(factor pairs, perm_in, perm_out)`` when both reps are outer tensor products over the
    factors of a direct product, else ``None``.  ``factor pairs`` lists ``(A_i, B_i)`` for every
    factor that acts on either side."""
    G = rep_out.group or rep_in.group
    if not isinstance(G, ProductGroup) or len(G.factors) < 2:
        return None
    ai, ao = _atoms(rep_in, G), _atoms(rep_out, G)
    if ai is None or ao is None:
        return None
    k = len(G.factors)
    ins, p_in = _grouped(ai, k)
    outs, p_out = _grouped(ao, k)
    pairs = [(a, b) for a, b in zip(ins, outs) if not (a is Scalar and b is Scalar)]
    if len(pairs) < 1:
        return None
    return pairs, p_in, p_out


def _coo(B):
    """``(basis index, row, col, value)`` arrays of a factor basis (values exact, objects)."""
    ks, rs, cs, vs = [], [], [], []
    n_in = B.n_in
    for k, row in sorted(B.rows().to_sparse().rep.items()):
        for i, x in sorted(row.items()):
            r, c = divmod(i, n_in)
            ks.append(k)
            rs.append(r)
            cs.append(c)
            vs.append(x)
    vals = np.empty(len(vs), dtype=object)
    vals[:] = vs
    return (np.array(ks, dtype=np.int64), np.array(rs, dtype=np.int64),
            np.array(cs, dtype=np.int64), vals)


def product_rows(rep_in, rep_out, solve):
    """The canonical exact rows of Hom(rep_in, rep_out) by the product road, or ``None`` when
    it does not apply or its echelon form would exceed :data:`MAX_PRODUCT_WORK`.

    ``solve(A, B)`` returns a factor's basis (the dispatcher's ``solve_block``)."""
    parts = product_parts(rep_in, rep_out)
    if parts is None:
        return None
    pairs, p_in, p_out = parts
    G = rep_out.group or rep_in.group
    bases = [solve(a, b) for a, b in pairs]
    K = G.domain
    for B in bases:
        if B.dim == 0:
            return linalg.zeros(0, rep_in.size * rep_out.size, K)
        if not B.rows().domain.is_QQ:
            K = B.rows().domain
    nnz, dim = 1, 1
    for B in bases:
        nnz *= B.rows().to_sparse().nnz()
        dim *= B.dim
    if nnz * dim > MAX_PRODUCT_WORK:
        return None
    # combine factor by factor: (basis index, grouped row, grouped col, value)
    k, r, c, v = np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1, np.int64), \
        np.array([K.one], dtype=object)
    for B in bases:
        bk, br, bc, bv = _coo(B)
        bv = np.array([K.convert(x) for x in bv] if not K.is_QQ else list(bv), dtype=object) \
            if len(bv) else bv
        a, b = np.repeat(np.arange(len(k)), len(bk)), np.tile(np.arange(len(bk)), len(k))
        k = k[a] * B.dim + bk[b]
        r = r[a] * B.n_out + br[b]
        c = c[a] * B.n_in + bc[b]
        v = v[a] * bv[b]
    n_in = rep_in.size
    col = p_out[r] * n_in + p_in[c]
    dod = {}
    for kk, cc, x in zip(k.tolist(), col.tolist(), v):
        dod.setdefault(kk, {})[cc] = x
    M = linalg.DomainMatrix(dod, (dim, rep_out.size * n_in), K)
    return linalg.rref_rows(M)
