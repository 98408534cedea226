"""The Schur-form certificate over Q in exact integer arithmetic (:mod:`symequiv.linalg.integer`).

The same checks as :func:`symequiv.verify.constraints._check_schur`, in integer form:

* ``Q = N_Q / d_Q`` and ``Q⁻¹ = N_I / d_I`` with integer ``N``: ``N_I N_Q = d_Q d_I · I``;
* for every generator ``M`` (discrete or Lie) and each side, with ``D`` the stated block
  diagonal and ``s`` a common denominator of ``M`` and ``D``: ``(sM) N_Q = N_Q (sD)``, the
  sparse ``sM`` applied by gathering rows and ``N_Q (sD)`` one irreducible type at a time.
  Given the first check this is ``Q⁻¹ M Q = D`` on both sides, in either order;
* four sampled basis maps ``W`` satisfy ``ρ_out(g) W = W ρ_in(g)`` (integer multiples).

No dense product with a generator image is formed: SO(3) V⁷ → V⁷ (2187 x 2187 changes of
basis) needs two dense integer products, the rest is ``O(nnz · n)``.  Raises
:class:`~symequiv.linalg.integer.IntegerOverflow` when an integer form leaves int64 (the caller
then uses python-flint's rational products).
"""

import random

import numpy as np

from ..linalg.elimination import _expand
from ..linalg.integer import (matmul, sparse_matmul, IntegerOverflow, primes_for, matmul_mod,
                              sparse_matmul_mod, integer_form as _integer_form, maxabs as _maxabs,
                              row_l1_bound, sparse_integer_form as _sparse_form,
                              common_denominator as _lcm_den)

__all__ = ["check_schur_integer"]

_INT64 = 1 << 62


def _dense_enough(vals, n_rows, n_cols):
    return len(vals) * 8 > n_rows * n_cols


def _dense(r, c, v, n_rows, n_cols):
    Z = np.zeros((n_rows, n_cols), dtype=np.int64)
    Z[r, c] = v
    return Z


def _apply(form, n_rows, X, p=None):
    """``M X`` (exactly, or mod p) for M given by its nonzeros: gathered when sparse, one
    dense product when dense."""
    r, c, v = form
    if _dense_enough(v, n_rows, X.shape[0]):
        Z = _dense(r, c, v, n_rows, X.shape[0])
        return matmul(Z, X) if p is None else matmul_mod(np.mod(Z, p), X, p)
    return sparse_matmul(r, c, v, n_rows, X) if p is None else sparse_matmul_mod(r, c, v, n_rows, X, p)


def _apply_blocks(NQ, pieces, k, s):
    """``N_Q · (s D)`` with D the block diagonal of generator ``k`` over the stated pieces."""
    out = np.zeros_like(NQ)
    for gens, offs in pieces:
        G = gens[k]
        u = G.shape[0]
        Gz = np.array([[int(x * s) for x in row] for row in G.to_Matrix().tolist()], dtype=np.int64)
        idx = np.concatenate([np.arange(o, o + u) for o in offs])
        X = NQ[:, idx].reshape(NQ.shape[0] * len(offs), u)
        out[:, idx] = matmul(X, Gz).reshape(NQ.shape[0], len(offs) * u)
    return out


def _side_ok(mats, Q, Qinv, pieces):
    NQ, dQ = _integer_form(Q)
    NI, dI = _integer_form(Qinv)
    n = NQ.shape[0]
    # N_I N_Q = d_Q d_I I, modulo enough primes for the height bound of both sides
    c = dQ * dI
    for p in primes_for(max(n * _maxabs(NI) * _maxabs(NQ), c), n):
        X = matmul_mod(np.mod(NI, p), np.mod(NQ, p), p)
        if not np.array_equal(X, np.eye(n, dtype=np.int64) * (c % p)):
            return False, NQ, dQ, NI, dI
    for k, M in enumerate(mats):
        s = _lcm_den([M] + [gens[k] for gens, _ in pieces])
        form = _sparse_form(M, s)
        right = _apply_blocks(NQ, pieces, k, s)
        try:
            ok = np.array_equal(_apply(form, n, NQ), right)
        except IntegerOverflow:          # a dense product past int64: modulo primes for the bound
            r, _, v = form
            h = max(n * _maxabs(v) * _maxabs(NQ), _maxabs(right))
            ok = all(np.array_equal(_apply(form, n, np.mod(NQ, p), p), np.mod(right, p))
                     for p in primes_for(h, n))
        if not ok:
            return False, NQ, dQ, NI, dI
    return True, NQ, dQ, NI, dI


def _image_map(K):
    """X -> its rational image (the matrix of x -> X x on Q^(ne)); the identity over Q.  A ring
    map that is injective, so every identity checked on images holds over K."""
    if K.is_QQ:
        return 1, (lambda X: X)
    return K.mod.degree(), (lambda X: _expand(X.convert_to(K).to_sparse(), False))


class _NotRational(Exception):
    pass


def check_schur_integer(B, G):
    """Whether the generator and sampled-map checks of a Schur-form basis hold (see module doc);
    over a number field on the rational images of every matrix."""
    F = B.schur
    e, img = _image_map(F.domain)
    nd = len(G.discrete_generators)

    def field(M):            # a form over Q for real reps of a complex group (solve.shadow):
        if F.domain.is_QQ and not M.domain.is_QQ:      # their images must be rational
            from ..solve.shadow import _rational
            R = _rational(M)
            if R is None:
                raise _NotRational
            return R
        return M

    def gen_images(rep):
        return [img(field(rep.rho_gen(k) if k < nd else rep.drho_gen(k - nd)))
                for k in range(G.num_generators)]

    def pieces(ps):
        return tuple((tuple(img(g) for g in gens), tuple(o * e for o in offs)) for gens, offs in ps)

    try:
        out_mats = gen_images(B.rep_out)
        in_mats_all = out_mats if B.rep_in == B.rep_out else gen_images(B.rep_in)
    except _NotRational:
        return False
    ok_out, NQo, _, _, _ = _side_ok(out_mats, img(F.Q_out), img(F.Q_out_inv), pieces(F.out_pieces))
    if not ok_out:
        return False
    same = (B.rep_in == B.rep_out and F.Q_in == F.Q_out and F.Q_in_inv == F.Q_out_inv
            and F.in_pieces == F.out_pieces)
    if same:                                  # the in-side checks would repeat the out-side ones
        in_mats = out_mats
        NIi, _ = _integer_form(img(F.Q_in_inv))
    else:
        in_mats = in_mats_all
        ok_in, NQi, _, NIi, _ = _side_ok(in_mats, img(F.Q_in), img(F.Q_in_inv), pieces(F.in_pieces))
        if not ok_in:
            return False
    # sampled maps W_k = Q_out[:, a] φ_j Q_in⁻¹[c, :] as integer multiples, checked modulo
    # enough primes for the height bound of ρ_out W and W ρ_in
    n_out, n_in = B.n_out * e, B.n_in * e
    rng = random.Random(0)
    gens = []
    for Mo, Mi in zip(out_mats, in_mats):
        sc = _lcm_den([Mo, Mi])
        fo, fi = _sparse_form(Mo, sc), _sparse_form(Mi.transpose(), sc)
        # ρ_out W and W ρ_in are bounded through the ℓ1 norms of the generator rows / columns
        gens.append((fo, fi, max(row_l1_bound(fo[0], fo[2]), row_l1_bound(fi[0], fi[2]))))
    for idx in sorted(rng.sample(range(B.dim), min(4, B.dim))):
        b, a, c, j = F.locate(idx)
        u = b.dim * e
        oa, oc = b.out_offsets[a] * e, b.in_offsets[c] * e
        phi = img(b.end[j])
        t = _lcm_den([phi])
        Pz = np.array([[int(x * t) for x in row] for row in phi.to_Matrix().tolist()], dtype=np.int64)
        L, R = NQo[:, oa:oa + u], NIi[oc:oc + u, :]
        Rt = np.ascontiguousarray(R.T)
        hw = u * u * _maxabs(L) * _maxabs(Pz) * _maxabs(R)
        for (ro, co, vo), (ri, ci, vi), l1 in gens:
            # W = L P R has rank u: compare (M_out L P) R with L (P R M_in), never forming M W
            h = hw * l1
            for p in primes_for(h, max(u, n_out, n_in)):      # inner dimensions up to n (dense M)
                Lp, Pp, Rp = np.mod(L, p), np.mod(Pz, p), np.mod(R, p)
                left = matmul_mod(matmul_mod(_apply((ro, co, vo), n_out, Lp, p), Pp, p), Rp, p)
                RMt = _apply((ri, ci, vi), n_in, np.mod(Rt, p), p)              # (R M_in)^T
                right = matmul_mod(Lp, matmul_mod(Pp, np.ascontiguousarray(RMt.T), p), p)
                if not np.array_equal(left, right):
                    return False
    return True
