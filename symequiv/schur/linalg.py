"""Dense exact linear algebra for Schur decompositions (small matrices, one field).

Subspaces are held as matrices whose *columns* span them.  Over ``QQ`` dense
matrices are python-flint ``fmpq_mat`` underneath (through SymPy's ``DFM``);
over a number field they are SymPy's dense ``DDM``.

>>> from symequiv import exact
>>> M = exact.matrix([[0, 1], [1, 0]])
>>> [(c, m) for c, m in charpoly_factors(M)]
[([1, -1], 1), ([1, 1], 1)]
"""

import flint
from sympy import Poly, Symbol
from sympy.polys.polyclasses import DMP

from .. import exact
from ..errors import RepresentationError

__all__ = ["dense", "charpoly_factors", "poly_at", "kernel", "restrict", "spin", "hom_space",
           "column_rank", "left_solve_rows"]

_x = Symbol("x")


def dense(M, K=None):
    """``M`` as a dense DomainMatrix over ``K`` (default: its own domain)."""
    if K is not None and M.domain != K:
        M = M.convert_to(K)
    return M.to_dense()


def charpoly_factors(M):
    """Irreducible factors of the characteristic polynomial of ``M`` over its field, as
    ``[(monic coefficients high -> low, multiplicity)]`` in a deterministic order
    (degree, then coefficients).

    >>> from symequiv import exact
    >>> charpoly_factors(exact.matrix([[1, 1], [0, 1]]))
    [([1, -1], 2)]
    """
    K = M.domain
    D = dense(M)
    if K.is_QQ:
        cp = D.rep.rep.charpoly()                     # flint fmpq_poly, coefficients low -> high
        _, facs = flint.fmpq_poly(cp).factor()
        out = []
        for f, e in facs:
            c = [exact.QQ(int(q.p), int(q.q)) for q in flint.fmpq_poly(f).coeffs()]
            lead = c[-1]
            out.append(([x / lead for x in reversed(c)], int(e)))
    else:
        cp = D.charpoly()
        P = Poly.new(DMP(list(cp), K), _x)
        out = []
        for f, e in P.factor_list()[1]:
            c = f.rep.to_list()
            out.append(([x / c[0] for x in c], int(e)))
    return sorted(out, key=lambda fe: (len(fe[0]), [_text(c) for c in fe[0]], fe[1]))


def _text(c):
    return str(c) if not hasattr(c, "to_list") else str([str(q) for q in c.to_list()])


def poly_at(coeffs, M, power=1):
    """``p(M) ** power`` for ``p`` given by coefficients high -> low (Horner, dense)."""
    K = M.domain
    D = dense(M)
    n = D.shape[0]
    one = exact.identity(n, K).to_dense()
    R = one * coeffs[0]
    for c in coeffs[1:]:
        R = R.matmul(D) + one * c
    out = R
    for _ in range(power - 1):
        out = out.matmul(R)
    return out


def kernel(M):
    """Columns spanning ``{x : M x = 0}`` (the canonical reduced echelon basis).

    >>> from symequiv import exact
    >>> exact.to_lists(kernel(exact.matrix([[1, 1]])))
    [[1], [-1]]
    """
    return exact.nullspace(M.to_sparse()).transpose().to_dense()


def column_rank(B):
    """Rank of the column space."""
    return exact.rank(B.to_sparse())


def left_solve_rows(B):
    """``(pivot rows P, inverse of B[P, :])`` for a full-column-rank ``B``: any ``y = B a``
    is recovered as ``a = inv @ y[P]``."""
    R = exact.rref_rows(B.transpose().to_sparse())
    if R.shape[0] != B.shape[1]:
        raise RepresentationError("the spanning columns are linearly dependent.")
    # pivots of B^T's echelon form = independent rows of B
    d = exact._dod(R)
    piv = sorted(min(d[k]) for k in d)
    sub = B.to_sparse().extract(piv, list(range(B.shape[1]))).to_dense()
    return piv, sub.inv()


def restrict(mats, B):
    """Matrices of the action on the invariant subspace spanned by the columns of ``B``
    (``M B = B A``); raises :class:`RepresentationError` if a subspace is not invariant.

    >>> from symequiv import exact
    >>> A, = restrict([exact.matrix([[0, 1], [1, 0]])], exact.matrix([[1], [1]]))
    >>> exact.to_lists(A)
    [[1]]
    """
    B = dense(B)
    piv, inv = left_solve_rows(B)
    out = []
    k = B.shape[1]
    for M in mats:
        MB = dense(M, B.domain).matmul(B)
        A = inv.matmul(MB.to_sparse().extract(piv, list(range(k))).to_dense())
        if B.matmul(A) != MB:
            raise RepresentationError("the subspace is not invariant under a generator.")
        out.append(A.to_sparse())
    return out


def spin(V, mats):
    """Columns spanning the smallest subspace containing the columns of ``V`` and
    invariant under every matrix in ``mats`` (canonical echelon basis).

    >>> from symequiv import exact
    >>> exact.to_lists(spin(exact.matrix([[1], [0], [0]]), [exact.matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]])]))
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    K = V.domain
    rowsT = [dense(M, K).transpose() for M in mats]
    S = exact.rref_rows(V.transpose().to_sparse()).to_dense()
    while True:
        imgs = [S] + [S.matmul(T) for T in rowsT]
        S2 = exact.rref_rows(exact.vstack([m.to_sparse() for m in imgs])).to_dense()
        if S2.shape[0] == S.shape[0]:
            return S.transpose()
        S = S2


def hom_space(out_mats, in_mats, K):
    """Basis (list of ``d_out x d_in`` matrices) of the maps ``X`` with ``O X = X I`` for
    every pair of generator images ``(O, I)`` (discrete and Lie alike).

    >>> from symequiv import exact
    >>> swap = exact.matrix([[0, 1], [1, 0]])
    >>> len(hom_space([swap], [swap], exact.QQ))
    2
    """
    from ..solve.nullspace import constraint_matrix
    d_out, d_in = out_mats[0].shape[0], in_mats[0].shape[0]
    rows = exact.nullspace_stepwise(
        [lambda O=O, I=I: constraint_matrix(O, I) for O, I in zip(out_mats, in_mats)],
        d_out * d_in, domain=K)
    out = []
    for r in sorted(exact._dod(rows.to_sparse()).items()):
        dod = {}
        for j, x in r[1].items():
            dod.setdefault(j // d_in, {})[j % d_in] = x
        out.append(exact.DomainMatrix(dod, (d_out, d_in), K))
    return out
