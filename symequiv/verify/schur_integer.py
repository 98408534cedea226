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
from math import lcm

import numpy as np

from ..linalg.elimination import _expand
from ..linalg.integer import (matmul, sparse_matmul, IntegerOverflow, primes_for, matmul_mod,
                              sparse_matmul_mod, integer_form as _integer_form, maxabs as _maxabs,
                              integer_image,
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
    r, c, v = form[:3]
    if _dense_enough(v, n_rows, X.shape[0]):
        Z = form[3] if len(form) > 3 else _dense(r, c, v, n_rows, X.shape[0])
        return matmul(Z, X) if p is None else matmul_mod(np.mod(Z, p), X, p)
    return sparse_matmul(r, c, v, n_rows, X) if p is None else sparse_matmul_mod(r, c, v, n_rows, X, p)


def _with_dense(form, n_rows, n_cols):
    """The form, with its dense matrix appended when :func:`_apply` would build one (so that
    repeated products build it once)."""
    if _dense_enough(form[2], n_rows, n_cols):
        return form + (_dense(*form, n_rows, n_cols),)
    return form


def _apply_blocks(forms, NQ, pieces, k, s):
    """``N_Q · (s D)`` with D the block diagonal of generator ``k`` over the stated pieces
    (offsets already in rational-image coordinates)."""
    out = np.zeros_like(NQ)
    for gens, offs in pieces:
        Gz = forms.scaled(gens[k], s)
        u = Gz.shape[0]
        idx = np.concatenate([np.arange(o, o + u) for o in offs])
        X = NQ[:, idx].reshape(NQ.shape[0] * len(offs), u)
        out[:, idx] = matmul(X, Gz).reshape(NQ.shape[0], len(offs) * u)
    return out


def _side_ok(forms, mats, Q, Qinv, pieces):
    NQ, dQ = forms.dense(Q)
    NI, dI = forms.dense(Qinv)
    n = NQ.shape[0]
    # N_I N_Q = d_Q d_I I, modulo enough primes for the height bound of both sides
    c = dQ * dI
    h = max(n * _maxabs(NI) * _maxabs(NQ), c)
    try:                                 # one exact int64 product when the bound allows
        X = matmul(NI, NQ) if h < _INT64 else None
    except IntegerOverflow:
        X = None
    if X is not None:
        if not np.array_equal(X, np.eye(n, dtype=np.int64) * c):
            return False, NQ, NI
    else:
        for p in primes_for(h, n):
            X = matmul_mod(np.mod(NI, p), np.mod(NQ, p), p)
            if not np.array_equal(X, np.eye(n, dtype=np.int64) * (c % p)):
                return False, NQ, NI
    for k, M in enumerate(mats):
        s = forms.denominator([M] + [gens[k] for gens, _ in pieces])
        form = forms.sparse(M, s)
        right = _apply_blocks(forms, NQ, pieces, k, s)
        try:
            ok = np.array_equal(_apply(form, n, NQ), right)
        except IntegerOverflow:          # a dense product past int64: modulo primes for the bound
            r, _, v = form
            h = max(n * _maxabs(v) * _maxabs(NQ), _maxabs(right))
            ok = all(np.array_equal(_apply(form, n, np.mod(NQ, p), p), np.mod(right, p))
                     for p in primes_for(h, n))
        if not ok:
            return False, NQ, NI
    return True, NQ, NI


def _image_map(K):
    """X -> its rational image (the matrix of x -> X x on Q^(ne)); the identity over Q.  A ring
    map that is injective, so every identity checked on images holds over K."""
    if K.is_QQ:
        return 1, (lambda X: X)
    return K.mod.degree(), (lambda X: _expand(X.convert_to(K).to_sparse(), False))


#: Rational images up to this many entries are read straight into dense int64 arrays
#: (:func:`~symequiv.linalg.integer.integer_image`); larger ones go through python-flint.
_SMALL_IMAGE = 1 << 16


class _Forms:
    """Integer forms of the rational images of the matrices of one check, each computed once
    (keyed by the matrix object, which is kept alive for the lifetime of the check).  Every
    form is the exact image: ``dense(X) = (N, d)`` with image ``N / d``, ``d`` the least
    common denominator; ``sparse(X, s)`` the nonzeros of ``s`` times the image."""

    def __init__(self, K):
        self.K = K
        self.e, self._img = _image_map(K)
        self._memo = {}

    def _get(self, kind, X, make):
        key = (kind, id(X))
        if key not in self._memo:
            self._memo[key] = (X, make())
        return self._memo[key][1]

    def _small(self, X):
        """Read straight into int64 (X over K itself, or over QQ / ZZ), else the flint route."""
        D = X.domain
        return (X.shape[0] * X.shape[1] * self.e * self.e <= _SMALL_IMAGE
                and (D == self.K or D.is_QQ or D.is_ZZ))

    def image(self, X):
        """The rational image as a DomainMatrix over QQ (the large-matrix path)."""
        return self._get("image", X, lambda: self._img(X))

    def dense(self, X):
        if self._small(X):
            return self._get("dense", X, lambda: integer_image(X.convert_to(self.K)))
        return self._get("dense", X, lambda: _integer_form(self.image(X)))

    def denominator(self, mats):
        """The least common denominator of the images of ``mats``."""
        out = 1
        for X in mats:
            out = lcm(out, self.dense(X)[1] if self._small(X) else
                      self._get("den", X, lambda: _lcm_den([self.image(X)])))
        return out

    def scaled(self, X, s):
        """``s`` times the image, dense int64 (``s`` a multiple of its denominator)."""
        N, d = self.dense(X)
        if s % d:
            raise ArithmeticError("scale does not clear the denominators")
        f = s // d
        if f == 1:
            return N
        if _maxabs(N) * f >= _INT64:
            raise IntegerOverflow("scaled entries exceed int64")
        return N * f

    def sparse(self, X, s, transpose=False):
        """Nonzeros ``(rows, cols, vals)`` of ``s`` times the image (or its transpose), rows
        sorted."""
        if not self._small(X):
            M = self.image(X)
            return _sparse_form(M.transpose() if transpose else M, s)
        Z = self.scaled(X, s)
        Z = Z.T if transpose else Z
        r, c = np.nonzero(Z)
        return r.astype(np.int64), c.astype(np.int64), Z[r, c]


class _NotRational(Exception):
    pass


def _same(a, b):
    return a is b or a == b


def _same_matrix(forms, X, Y):
    """``X == Y`` exactly; small ones by their integer images (the image map is injective and
    ``(N, d)`` with the least ``d`` is canonical), cheaper than comparing field elements."""
    if X is Y:
        return True
    if X.shape != Y.shape:
        return False
    if forms._small(X):
        (N1, d1), (N2, d2) = forms.dense(X), forms.dense(Y)
        return d1 == d2 and np.array_equal(N1, N2)
    return X == Y


def _same_pieces(forms, P1, P2):
    if P1 is P2:
        return True
    if len(P1) != len(P2):
        return False
    for (g1, o1), (g2, o2) in zip(P1, P2):
        if tuple(o1) != tuple(o2) or len(g1) != len(g2) or \
                not all(_same_matrix(forms, x, y) for x, y in zip(g1, g2)):
            return False
    return True


def check_schur_integer(B, G):
    """Whether the generator and sampled-map checks of a Schur-form basis hold (see module doc);
    over a number field on the rational images of every matrix."""
    F = B.schur
    forms = _Forms(F.domain)
    e = forms.e
    nd = len(G.discrete_generators)

    def field(M):            # a form over Q for real reps of a complex group (solve.shadow):
        if F.domain.is_QQ and not M.domain.is_QQ:      # their images must be rational
            from ..solve.shadow import _rational
            R = _rational(M)
            if R is None:
                raise _NotRational
            return R
        return M

    def gen_mats(rep):
        return [field(rep.rho_gen(k) if k < nd else rep.drho_gen(k - nd))
                for k in range(G.num_generators)]

    def pieces(ps):
        return tuple((tuple(gens), tuple(o * e for o in offs)) for gens, offs in ps)

    same_rep = _same(B.rep_in, B.rep_out)
    try:
        out_mats = gen_mats(B.rep_out)
        in_mats_all = out_mats if same_rep else gen_mats(B.rep_in)
    except _NotRational:
        return False
    ok_out, NQo, _ = _side_ok(forms, out_mats, F.Q_out, F.Q_out_inv, pieces(F.out_pieces))
    if not ok_out:
        return False
    same = (same_rep and _same_matrix(forms, F.Q_in, F.Q_out)
            and _same_matrix(forms, F.Q_in_inv, F.Q_out_inv)
            and _same_pieces(forms, F.in_pieces, F.out_pieces))
    if same:                                  # the in-side checks would repeat the out-side ones
        in_mats = out_mats
        NIi, _ = forms.dense(F.Q_in_inv)
    else:
        in_mats = in_mats_all
        ok_in, _, NIi = _side_ok(forms, in_mats, F.Q_in, F.Q_in_inv, pieces(F.in_pieces))
        if not ok_in:
            return False
    # sampled maps W_k = Q_out[:, a] φ_j Q_in⁻¹[c, :] as integer multiples, checked modulo
    # enough primes for the height bound of ρ_out W and W ρ_in
    n_out, n_in = B.n_out * e, B.n_in * e
    rng = random.Random(0)
    gens = []
    for Mo, Mi in zip(out_mats, in_mats):
        sc = forms.denominator([Mo, Mi])
        fo = _with_dense(forms.sparse(Mo, sc), n_out, n_out)
        fi = _with_dense(forms.sparse(Mi, sc, transpose=True), n_in, n_in)
        # ρ_out W and W ρ_in are bounded through the ℓ1 norms of the generator rows / columns
        gens.append((fo, fi, max(row_l1_bound(fo[0], fo[2]), row_l1_bound(fi[0], fi[2]))))
    for idx in sorted(rng.sample(range(B.dim), min(4, B.dim))):
        b, a, c, j = F.locate(idx)
        u = b.dim * e
        oa, oc = b.out_offsets[a] * e, b.in_offsets[c] * e
        Pz = forms.dense(b.end[j])[0]                      # φ_j times its common denominator
        L, R = NQo[:, oa:oa + u], NIi[oc:oc + u, :]
        Rt = np.ascontiguousarray(R.T)
        hw = u * u * _maxabs(L) * _maxabs(Pz) * _maxabs(R)
        for fo, fi, l1 in gens:
            # W = L P R has rank u: compare (M_out L P) R with L (P R M_in), never forming M W
            h = hw * l1
            if h < _INT64:
                # every partial product is bounded by h (|M L| <= l1 |L|, then u |.| |P|, ...):
                # exact in int64, each product proving its own bound (IntegerOverflow otherwise)
                try:
                    left = matmul(matmul(_apply(fo, n_out, L), Pz), R)
                    RMt = _apply(fi, n_in, Rt)                        # (R M_in)^T
                    right = matmul(L, matmul(Pz, np.ascontiguousarray(RMt.T)))
                except IntegerOverflow:
                    pass
                else:
                    if not np.array_equal(left, right):
                        return False
                    continue
            for p in primes_for(h, max(u, n_out, n_in)):      # inner dimensions up to n (dense M)
                Lp, Pp, Rp = np.mod(L, p), np.mod(Pz, p), np.mod(R, p)
                left = matmul_mod(matmul_mod(_apply(fo, n_out, Lp, p), Pp, p), Rp, p)
                RMt = _apply(fi, n_in, np.mod(Rt, p), p)              # (R M_in)^T
                right = matmul_mod(Lp, matmul_mod(Pp, np.ascontiguousarray(RMt.T), p), p)
                if not np.array_equal(left, right):
                    return False
    return True
