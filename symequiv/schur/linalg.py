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

__all__ = ["dense", "mul", "check_mul", "inv", "charpoly_factors", "primary_components", "poly_at", "kernel",
           "restrict", "spin", "hom_space", "column_rank", "left_solve_rows"]

_x = Symbol("x")


def dense(M, K=None):
    """``M`` as a dense DomainMatrix over ``K`` (default: its own domain)."""
    if K is not None and M.domain != K:
        M = M.convert_to(K)
    return M.to_dense()


# --- number-field matrices as e rational matrices (coefficients of 1, α, ..., α^(e-1)) -------

def _parts(M):
    K = M.domain
    e = K.mod.degree()
    dods = [{} for _ in range(e)]
    for i, row in exact._dod(M.to_sparse()).items():
        for j, a in row.items():
            lst = a.to_list()
            L = len(lst)
            for idx, v in enumerate(lst):
                if v:
                    dods[L - 1 - idx].setdefault(i, {})[j] = v
    return [exact.DomainMatrix(d, M.shape, exact.QQ).to_dense() for d in dods]


def _unparts(parts, K, shape):
    e = K.mod.degree()
    mod = K.mod.to_list()                       # highest power first; not always monic
    lead = exact.QQ(mod[0])
    parts = list(parts)
    for k in range(len(parts) - 1, e - 1, -1):  # α^k = α^(k-e) α^e, α^e = -Σ (mod[e-i]/lead) α^i
        P = parts[k]
        for i in range(e):
            c = exact.QQ(mod[e - i]) / lead
            if c:
                parts[k - e + i] = parts[k - e + i] - P * c
    coeffs = {}
    for t in range(e):
        for i, row in exact._dod(parts[t].to_sparse()).items():
            for j, v in row.items():
                if v:
                    coeffs.setdefault((i, j), [exact.QQ.zero] * e)[t] = v
    dod = {}
    for (i, j), cs in coeffs.items():
        dod.setdefault(i, {})[j] = K(list(reversed(cs)))
    return exact.DomainMatrix(dod, shape, K).to_dense()


def mul(A, B):
    """Exact product; over a number field through rational (python-flint) products of the
    coefficient matrices.

    >>> from symequiv import exact
    >>> exact.to_lists(mul(exact.matrix([[1, 2]]), exact.matrix([[3], [4]])))
    [[11]]
    """
    A, B = exact.unify(A, B)
    K = A.domain
    if K.is_QQ:
        return A.to_dense().matmul(B.to_dense())
    pa, pb = _parts(A), _parts(B)
    e = len(pa)
    out = [None] * (2 * e - 1)
    for s_, X in enumerate(pa):
        for t, Y in enumerate(pb):
            P = X.matmul(Y)
            out[s_ + t] = P if out[s_ + t] is None else out[s_ + t] + P
    return _unparts(out, K, (A.shape[0], B.shape[1]))


#: Certificates multiply with SymPy's own number-field arithmetic (independent of :func:`mul`)
#: up to this many entries in a product; beyond it, through :func:`mul`, which the tests check
#: against SymPy's arithmetic on every catalogue field.
PLAIN_PRODUCT_ENTRIES = 1 << 17


def check_mul(A, B):
    """Product for certificates: SymPy's dense arithmetic where affordable, else :func:`mul`."""
    A, B = exact.unify(A, B)
    if A.domain.is_QQ or A.shape[0] * A.shape[1] * B.shape[1] <= PLAIN_PRODUCT_ENTRIES:
        return A.to_dense().matmul(B.to_dense())
    return mul(A, B)


def inv(M):
    """Exact inverse; over a number field through the rational image (x -> M x on Q^(ne)),
    whose inverse is the rational image of M⁻¹."""
    K = M.domain
    if K.is_QQ:
        return M.to_dense().inv()
    e = K.mod.degree()
    R = exact._expand(M, False).to_dense().inv().to_sparse()
    r = exact._dod(R)
    n = M.shape[0]
    dod = {}
    for i in range(n):
        for j in range(n):
            cs = [r.get(i * e + s_, {}).get(j * e, exact.QQ.zero) for s_ in range(e)]
            if any(cs):
                dod.setdefault(i, {})[j] = K(list(reversed(cs)))
    return exact.DomainMatrix(dod, (n, n), K).to_dense()


def _minpoly_field(M):
    """Minimal polynomial over a number field (monic, high -> low) by Krylov sequences of
    seeded rational vectors, checked exactly (``m(M) = 0``)."""
    import random
    K = M.domain
    n = M.shape[0]
    rng = random.Random(n)
    m = None
    for _ in range(n + 1):
        v = exact.DomainMatrix([[K.convert(rng.randint(-9, 9))] for _ in range(n)], (n, 1), K).to_dense()
        cols = [v]
        while True:
            w = mul(M, cols[-1])
            X = exact.hstack([c.to_sparse() for c in cols + [w]])
            if exact.rank(X) < len(cols) + 1:
                a = exact._dod(exact.nullspace(X))[0]
                lead = a[len(cols)]
                coeffs = [a.get(k, K.zero) / lead for k in range(len(cols), -1, -1)]
                break
            cols.append(w)
        P = Poly.new(DMP(coeffs, K), _x)
        m = P if m is None else m.lcm(P).monic()
        if exact.is_zero(poly_at(m.rep.to_list(), M).to_sparse()):
            return m
    raise ArithmeticError("minimal polynomial not found (internal error)")


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
    else:          # factors of the minimal polynomial (their kernels are the same spaces)
        P = _minpoly_field(D)
        out = []
        for f, e in P.factor_list()[1]:
            c = f.rep.to_list()
            out.append(([x / c[0] for x in c], int(e)))
    return sorted(out, key=lambda fe: (len(fe[0]), [_text(c) for c in fe[0]], fe[1]))


def _text(c):
    return str(c) if not hasattr(c, "to_list") else str([str(q) for q in c.to_list()])


def primary_components(M):
    """``[(p, B)]``: for each irreducible factor ``p`` of the characteristic polynomial of
    ``M``, columns ``B`` spanning its generalised kernel ``ker p(M)^k`` (k large enough).
    The spaces are invariant under everything commuting with ``M`` and sum to the whole space.

    >>> from symequiv import exact
    >>> [(p, B.shape[1]) for p, B in primary_components(exact.matrix([[2, 1], [0, 2]]))]
    [([1, -2], 2)]
    """
    K = M.domain
    out = []
    for coeffs, mult in charpoly_factors(M):
        B = kernel(poly_at(coeffs, M))
        # over QQ ``mult`` is the algebraic multiplicity (B complete iff its dimension is
        # deg p * mult); over a number field it is the exponent in the minimal polynomial
        complete = B.shape[1] == (len(coeffs) - 1) * mult if K.is_QQ else mult == 1
        if not complete:
            B = kernel(poly_at(coeffs, M, mult))
        out.append((coeffs, B))
    return out


def poly_at(coeffs, M, power=1):
    """``p(M) ** power`` for ``p`` given by coefficients high -> low (Horner, dense)."""
    K = M.domain
    D = dense(M)
    n = D.shape[0]
    one = exact.identity(n, K).to_dense()
    R = one * coeffs[0]
    for c in coeffs[1:]:
        R = mul(R, D) + one * c
    out = R
    for _ in range(power - 1):
        out = mul(out, R)
    return out


def kernel(M):
    """Columns spanning ``{x : M x = 0}`` (the canonical reduced echelon basis); dense
    elimination (python-flint), over a number field on the rational image.

    >>> from symequiv import exact
    >>> exact.to_lists(kernel(exact.matrix([[1, 1]])))
    [[1], [-1]]
    """
    K = M.domain
    n = M.shape[1]
    X = M.to_dense() if K.is_QQ else exact._expand(M.to_sparse(), False).to_dense()
    if X.shape[0] == 0 or exact.is_zero(X.to_sparse()):
        N = exact.identity(X.shape[1]).to_dense()
    else:
        R, piv = X.rref()
        N = R.to_sparse().nullspace_from_rref(piv).to_dense()
    if N.shape[0] == 0:
        return exact.zeros(n, 0, K).to_dense()
    R, piv = N.rref()
    R = R.to_sparse()
    if K.is_QQ:
        rows = exact.DomainMatrix({k: dict(exact._dod(R)[k]) for k in range(len(piv))},
                                  (len(piv), n), K)
    else:
        rows = exact._collapse(R, piv, K, n)
    return rows.transpose().to_dense()


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
    return piv, inv(sub)


def restrict(mats, B):
    """Matrices of the action on the invariant subspace spanned by the columns of ``B``
    (``M B = B A``); raises :class:`RepresentationError` if a subspace is not invariant.

    >>> from symequiv import exact
    >>> A, = restrict([exact.matrix([[0, 1], [1, 0]])], exact.matrix([[1], [1]]))
    >>> exact.to_lists(A)
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

    >>> from symequiv import exact
    >>> exact.to_lists(spin(exact.matrix([[1], [0], [0]]), [exact.matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]])]))
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    K = V.domain
    rowsT = [dense(M, K).transpose() for M in mats]
    S = exact.rref_rows(V.transpose().to_sparse()).to_dense()
    while True:
        imgs = [S] + [mul(S, T) for T in rowsT]
        S2 = exact.rref_rows(exact.vstack([m.to_sparse() for m in imgs])).to_dense()
        if S2.shape[0] == S.shape[0]:
            return S.transpose()
        S = S2


def hom_space(out_mats, in_mats, K, d_out=None, d_in=None):
    """Basis (list of ``d_out x d_in`` matrices) of the maps ``X`` with ``O X = X I`` for
    every pair of generator images ``(O, I)`` (discrete and Lie alike).  For a group without
    generators pass the sizes ``d_out``, ``d_in``.

    >>> from symequiv import exact
    >>> swap = exact.matrix([[0, 1], [1, 0]])
    >>> len(hom_space([swap], [swap], exact.QQ))
    2
    """
    from ..solve.nullspace import constraint_matrix
    if out_mats:
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
