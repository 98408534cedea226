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
from math import gcd

import numpy as np

from ..linalg.elimination import _expand
from ..linalg.integer import (matmul, sparse_matmul, IntegerOverflow, primes_for, matmul_mod,
                              sparse_matmul_mod, integer_form as _integer_form)

__all__ = ["check_schur_integer"]

_INT64 = 1 << 62
#: Matrices up to this many entries are read through python-flint's dense form (C speed).
_DENSE_ENTRIES = 1 << 23


def _sparse_form(M, s):
    """Nonzeros of ``s·M`` (rows sorted) as int64 arrays; ``s`` must clear M's denominators."""
    if _read_dense(M):                                    # through python-flint's dense form
        X = (M.to_dense() * M.domain.convert(s)).rep
        fm = getattr(X, "rep", None)
        if hasattr(fm, "numer_denom"):
            N, d = fm.numer_denom()
            if int(d) != 1:
                raise ArithmeticError("scale does not clear the denominators")
            try:
                Z = np.fromiter(map(int, N.entries()), dtype=np.int64,
                                count=M.shape[0] * M.shape[1]).reshape(M.shape)
            except OverflowError:
                raise IntegerOverflow("generator entries exceed int64") from None
            if Z.size and max(abs(int(Z.max())), abs(int(Z.min()))) >= _INT64:
                raise IntegerOverflow("generator entries exceed int64")
            r, c = np.nonzero(Z)
            return r.astype(np.int64), c.astype(np.int64), Z[r, c]
    rows, cols, vals = [], [], []
    for i, row in sorted(M.to_sparse().rep.items()):
        for j, x in sorted(row.items()):
            v = x * s
            if v.denominator != 1:
                raise ArithmeticError("scale does not clear the denominators")
            rows.append(i)
            cols.append(j)
            vals.append(int(v.numerator))
    if vals and max(map(abs, vals)) >= _INT64:
        raise IntegerOverflow("generator entries exceed int64")
    return (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
            np.array(vals, dtype=np.int64))


def _read_dense(M):
    """Whether M is dense enough (and small enough) to be read through python-flint at C speed
    rather than entry by entry from its sparse form."""
    entries = M.shape[0] * M.shape[1]
    return entries <= _DENSE_ENTRIES and M.to_sparse().nnz() * 8 > entries


def _lcm_den(mats):
    out = 1
    for M in mats:
        fm = getattr(M.to_dense().rep, "rep", None) if _read_dense(M) else None
        if hasattr(fm, "numer_denom"):                  # python-flint: the common denominator
            d = int(fm.numer_denom()[1])
            out = out // gcd(out, d) * d
            continue
        for row in M.to_sparse().rep.values():
            for x in row.values():
                d = int(x.denominator)
                out = out // gcd(out, d) * d
    return out


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


def check_schur_integer(B, G):
    """Whether the generator and sampled-map checks of a Schur-form basis hold (see module doc);
    over a number field on the rational images of every matrix."""
    F = B.schur
    e, img = _image_map(F.domain)
    nd = len(G.discrete_generators)

    def gen_images(rep):
        return [img(rep.rho_gen(k) if k < nd else rep.drho_gen(k - nd)) for k in range(G.num_generators)]

    def pieces(ps):
        return tuple((tuple(img(g) for g in gens), tuple(o * e for o in offs)) for gens, offs in ps)

    out_mats = gen_images(B.rep_out)
    ok_out, NQo, _, _, _ = _side_ok(out_mats, img(F.Q_out), img(F.Q_out_inv), pieces(F.out_pieces))
    if not ok_out:
        return False
    same = (B.rep_in == B.rep_out and F.Q_in == F.Q_out and F.Q_in_inv == F.Q_out_inv
            and F.in_pieces == F.out_pieces)
    if same:                                  # the in-side checks would repeat the out-side ones
        in_mats = out_mats
        NIi, _ = _integer_form(img(F.Q_in_inv))
    else:
        in_mats = gen_images(B.rep_in)
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
        gens.append((_sparse_form(Mo, sc), _sparse_form(Mi.transpose(), sc)))
    for idx in sorted(rng.sample(range(B.dim), min(4, B.dim))):
        b, a, c, j = F.locate(idx)
        u = b.dim * e
        oa, oc = b.out_offsets[a] * e, b.in_offsets[c] * e
        phi = img(b.end[j])
        t = _lcm_den([phi])
        Pz = np.array([[int(x * t) for x in row] for row in phi.to_Matrix().tolist()], dtype=np.int64)
        L, R = NQo[:, oa:oa + u], NIi[oc:oc + u, :]
        Rt = np.ascontiguousarray(R.T)
        for (ro, co, vo), (ri, ci, vi) in gens:
            # W = L P R has rank u: compare (M_out L P) R with L (P R M_in), never forming M W
            h = u * u * _maxabs(L) * _maxabs(Pz) * _maxabs(R) * max(_row_l1(ro, vo, n_out),
                                                                  _row_l1(ri, vi, n_in))
            for p in primes_for(h, max(u, n_out, n_in)):      # inner dimensions up to n (dense M)
                Lp, Pp, Rp = np.mod(L, p), np.mod(Pz, p), np.mod(R, p)
                left = matmul_mod(matmul_mod(_apply((ro, co, vo), n_out, Lp, p), Pp, p), Rp, p)
                RMt = _apply((ri, ci, vi), n_in, np.mod(Rt, p), p)              # (R M_in)^T
                right = matmul_mod(Lp, matmul_mod(Pp, np.ascontiguousarray(RMt.T), p), p)
                if not np.array_equal(left, right):
                    return False
    return True


def _maxabs(A):
    return int(np.abs(A).max()) if A.size else 0


def _row_l1(rows, vals, n):
    if len(vals) == 0:
        return 0
    return int(np.bincount(rows, weights=np.abs(vals).astype(np.float64), minlength=n).max())
