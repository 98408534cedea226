"""Dense exact products and inverses; over a number field through rational (python-flint)
products of the coefficient matrices of 1, α, ..., α^(e-1).

>>> from symequiv import linalg
>>> linalg.to_lists(mul(linalg.matrix([[1, 2]]), linalg.matrix([[3], [4]])))
[[11]]
"""

from . import matrices as mx
from .elimination import _expand

__all__ = ["dense", "mul", "check_mul", "inv", "PLAIN_PRODUCT_ENTRIES"]


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
    for i, row in mx._dod(M.to_sparse()).items():
        for j, a in row.items():
            lst = a.to_list()
            L = len(lst)
            for idx, v in enumerate(lst):
                if v:
                    dods[L - 1 - idx].setdefault(i, {})[j] = v
    return [mx.DomainMatrix(d, M.shape, mx.QQ).to_dense() for d in dods]


def _unparts(parts, K, shape):
    e = K.mod.degree()
    mod = K.mod.to_list()                       # highest power first; not always monic
    lead = mx.QQ(mod[0])
    parts = list(parts)
    for k in range(len(parts) - 1, e - 1, -1):  # α^k = α^(k-e) α^e, α^e = -Σ (mod[e-i]/lead) α^i
        P = parts[k]
        for i in range(e):
            c = mx.QQ(mod[e - i]) / lead
            if c:
                parts[k - e + i] = parts[k - e + i] - P * c
    coeffs = {}
    for t in range(e):
        for i, row in mx._dod(parts[t].to_sparse()).items():
            for j, v in row.items():
                if v:
                    coeffs.setdefault((i, j), [mx.QQ.zero] * e)[t] = v
    dod = {}
    for (i, j), cs in coeffs.items():
        dod.setdefault(i, {})[j] = K(list(reversed(cs)))
    return mx.DomainMatrix(dod, shape, K).to_dense()


def mul(A, B):
    """Exact product; over a number field through rational (python-flint) products of the
    coefficient matrices.

    >>> from symequiv import linalg
    >>> linalg.to_lists(mul(linalg.matrix([[1, 2]]), linalg.matrix([[3], [4]])))
    [[11]]
    """
    A, B = mx.unify(A, B)
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


#: Certificates multiply with SymPy's own number-field arithmetic up to this many scalar
#: products; beyond it through the rational images (see :func:`check_mul`).
PLAIN_PRODUCT_ENTRIES = 1 << 9


def check_mul(A, B):
    """Product for certificates, on a road independent of :func:`mul`: over QQ python-flint's
    product; over a number field, small products in SymPy's own arithmetic and larger ones
    through rational images (the matrix of ``x -> A x`` on Q^(ne) times the columns of ``B``'s
    image that hold ``B·1``; a ring map, so the product's image), read back coefficient-wise.

    >>> from symequiv import linalg
    >>> from sympy import sqrt
    >>> A = linalg.matrix([[sqrt(2), 1]], domain=linalg.number_field([sqrt(2)]))
    >>> linalg.to_lists(check_mul(A, A.transpose()))
    [[3]]
    """
    A, B = mx.unify(A, B)
    K = A.domain
    if K.is_QQ or A.shape[0] * A.shape[1] * B.shape[1] <= PLAIN_PRODUCT_ENTRIES:
        return A.to_dense().matmul(B.to_dense())
    e = K.mod.degree()
    m, n = A.shape[0], B.shape[1]
    EA = _expand(A.to_sparse(), False).to_dense()
    EB = _expand(B.to_sparse(), False).to_sparse()
    cols = EB.extract(list(range(EB.shape[0])), [j * e for j in range(n)]).to_dense()
    P = mx._dod(EA.matmul(cols).to_sparse())       # row (i, s), column j: coefficient of α^s
    coeffs = {}
    for r, row in P.items():
        i, s_ = divmod(r, e)
        for j, v in row.items():
            coeffs.setdefault((i, j), [mx.QQ.zero] * e)[s_] = v
    dod = {}
    for (i, j), cs in coeffs.items():
        dod.setdefault(i, {})[j] = K(list(reversed(cs)))
    return mx.DomainMatrix(dod, (m, n), K).to_dense()


def inv(M):
    """Exact inverse; over a number field through the rational image (x -> M x on Q^(ne)),
    whose inverse is the rational image of M⁻¹."""
    K = M.domain
    if K.is_QQ:
        return M.to_dense().inv()
    e = K.mod.degree()
    R = _expand(M, False).to_dense().inv().to_sparse()
    r = mx._dod(R)
    n = M.shape[0]
    dod = {}
    for i in range(n):
        for j in range(n):
            cs = [r.get(i * e + s_, {}).get(j * e, mx.QQ.zero) for s_ in range(e)]
            if any(cs):
                dod.setdefault(i, {})[j] = K(list(reversed(cs)))
    return mx.DomainMatrix(dod, (n, n), K).to_dense()
