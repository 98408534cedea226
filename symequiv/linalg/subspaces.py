"""Subspaces held as matrices whose *columns* span them: kernels, invariant subspaces
(spin), actions restricted to them, and spaces of intertwiners.

>>> from symequiv import linalg
>>> linalg.to_lists(kernel(linalg.matrix([[1, 1]])))
[[1], [-1]]
"""

from . import matrices as mx
from .elimination import _expand, _collapse, rank, rref_rows, nullspace_stepwise, constraint_matrix
from .products import dense, mul, inv
from ..errors import RepresentationError

__all__ = ["kernel", "column_rank", "left_solve_rows", "restrict", "spin", "hom_space",
           "hom_space_modular"]


def _rref(X):
    """``(R, pivots)`` of a dense rational matrix by python-flint's own ``fmpq_mat.rref`` (SymPy's
    method choice sends dense matrices to sparse fraction-free elimination, 10-100x slower on the
    kernels of a decomposition)."""
    fm = getattr(X.rep, "rep", None)
    if not X.domain.is_QQ or not hasattr(fm, "rref"):
        return X.rref()
    R, rk = fm.rref()
    ent = R.entries()
    m, n = X.shape
    piv = []
    for i in range(rk):
        row = ent[i * n:(i + 1) * n]
        piv.append(next(j for j, v in enumerate(row) if v != 0))
    return mx.DomainMatrix.from_rep(type(X.rep)(R, (m, n), X.domain)), tuple(piv)


def kernel(M):
    """Columns spanning ``{x : M x = 0}`` (the canonical reduced echelon basis); dense
    elimination (python-flint), over a number field on the rational image.

    >>> from symequiv import linalg
    >>> linalg.to_lists(kernel(linalg.matrix([[1, 1]])))
    [[1], [-1]]
    """
    K = M.domain
    n = M.shape[1]
    X = M.to_dense() if K.is_QQ else _expand(M.to_sparse(), False).to_dense()
    if X.shape[0] == 0 or mx.is_zero(X.to_sparse()):
        N = mx.identity(X.shape[1]).to_dense()
    else:
        R, piv = _rref(X)
        N = R.to_sparse().nullspace_from_rref(piv).to_dense()
    if N.shape[0] == 0:
        return mx.zeros(n, 0, K).to_dense()
    R, piv = _rref(N)
    R = R.to_sparse()
    if K.is_QQ:
        rows = mx.DomainMatrix({k: dict(mx._dod(R)[k]) for k in range(len(piv))},
                                  (len(piv), n), K)
    else:
        rows = _collapse(R, piv, K, n)
    return rows.transpose().to_dense()


def column_rank(B):
    """Rank of the column space."""
    return rank(B.to_sparse())


def left_solve_rows(B):
    """``(pivot rows P, inverse of B[P, :])`` for a full-column-rank ``B``: any ``y = B a``
    is recovered as ``a = inv @ y[P]``."""
    R = rref_rows(B.transpose().to_sparse())
    if R.shape[0] != B.shape[1]:
        raise RepresentationError("the spanning columns are linearly dependent.")
    # pivots of B^T's echelon form = independent rows of B
    d = mx._dod(R)
    piv = sorted(min(d[k]) for k in d)
    sub = B.to_sparse().extract(piv, list(range(B.shape[1]))).to_dense()
    return piv, inv(sub)


def restrict(mats, B):
    """Matrices of the action on the invariant subspace spanned by the columns of ``B``
    (``M B = B A``); raises :class:`RepresentationError` if a subspace is not invariant.

    >>> from symequiv import linalg
    >>> A, = restrict([linalg.matrix([[0, 1], [1, 0]])], linalg.matrix([[1], [1]]))
    >>> linalg.to_lists(A)
    [[1]]
    """
    B = dense(B)
    piv, binv = left_solve_rows(B)
    out = []
    k = B.shape[1]
    for M in mats:
        MB = mul(dense(M, B.domain), B)
        A = mul(binv, MB.to_sparse().extract(piv, list(range(k))).to_dense())
        if mul(B, A) != MB:
            raise RepresentationError("the subspace is not invariant under a generator.")
        out.append(A.to_sparse())
    return out


def spin(V, mats):
    """Columns spanning the smallest subspace containing the columns of ``V`` and
    invariant under every matrix in ``mats`` (canonical echelon basis).

    >>> from symequiv import linalg
    >>> linalg.to_lists(spin(linalg.matrix([[1], [0], [0]]), [linalg.matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]])]))
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    K = V.domain
    rowsT = [dense(M, K).transpose() for M in mats]
    S = rref_rows(V.transpose().to_sparse()).to_dense()
    while True:
        imgs = [S] + [mul(S, T) for T in rowsT]
        S2 = rref_rows(mx.vstack([m.to_sparse() for m in imgs])).to_dense()
        if S2.shape[0] == S.shape[0]:
            return S.transpose()
        S = S2


def hom_space(out_mats, in_mats, K, d_out=None, d_in=None):
    """Basis (list of ``d_out x d_in`` matrices) of the maps ``X`` with ``O X = X I`` for
    every pair of generator images ``(O, I)`` (discrete and Lie alike).  For a group without
    generators pass the sizes ``d_out``, ``d_in``.

    >>> from symequiv import linalg
    >>> swap = linalg.matrix([[0, 1], [1, 0]])
    >>> len(hom_space([swap], [swap], linalg.QQ))
    2
    """
    if out_mats:
        d_out, d_in = out_mats[0].shape[0], in_mats[0].shape[0]
    rows = nullspace_stepwise(
        [lambda O=O, I=I: constraint_matrix(O, I) for O, I in zip(out_mats, in_mats)],
        d_out * d_in, domain=K)
    return _unflatten_rows(rows, d_out, d_in, K)


def hom_space_modular(out_mats, in_mats, K, d_out=None, d_in=None):
    """:func:`hom_space` by elimination modulo primes with rational reconstruction, which is a
    proof (every map checked exactly; the nullity modulo a prime bounds the nullity over the
    field from above), and far faster on generator images with large rationals (a 16-dim
    irreducible in a random rational basis: 499 s by sparse exact elimination).  Falls back to
    :func:`hom_space` when no prime gives a proof.

    >>> from symequiv import linalg
    >>> swap = linalg.matrix([[0, 1], [1, 0]])
    >>> len(hom_space_modular([swap], [swap], linalg.QQ))
    2
    """
    from .modular import nullspace_modular, ModularFailure
    if not out_mats:
        return hom_space(out_mats, in_mats, K, d_out, d_in)
    d_out, d_in = out_mats[0].shape[0], in_mats[0].shape[0]
    try:
        rows = nullspace_modular([constraint_matrix(O, I) for O, I in zip(out_mats, in_mats)],
                                 d_out * d_in, domain=K)
    except ModularFailure:
        return hom_space(out_mats, in_mats, K)
    return _unflatten_rows(rows, d_out, d_in, K)


def _unflatten_rows(rows, d_out, d_in, K):
    out = []
    for r in sorted(mx._dod(rows.to_sparse()).items()):
        dod = {}
        for j, x in r[1].items():
            dod.setdefault(j // d_in, {})[j % d_in] = x
        out.append(mx.DomainMatrix(dod, (d_out, d_in), K))
    return out
