"""Exact elimination: rank, reduced echelon forms, nullspaces (one constraint block at a
time), the equivariance constraint matrix, and number fields through their rational image.

>>> from symequiv import linalg
>>> M = linalg.matrix([[1, 2], [2, 4]])
>>> linalg.rank(M)
1
>>> linalg.to_lists(linalg.nullspace(M))
[[1, Fraction(-1, 2)]]
"""

from fractions import Fraction  # noqa: F401  (doctests)

from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from .matrices import _dod, _coeffs, identity, zeros, matrix, to_lists, unify  # noqa: F401

__all__ = ["rank", "rref_rows", "nullspace", "nullspace_stepwise", "constraint_matrix"]


# A vector x in K^n (K = QQ(α) of degree e) is stored as e*n rationals, coordinate (j, t)
# at index j*e + t holding the coefficient of α^t in x_j.  K-linear algebra then runs in
# python-flint's fast rational arithmetic: a K-row space is the Q-span of the rows α^t·r,
# and its reduced echelon rows over K are exactly the rational echelon rows whose pivot
# is some (j, 0) (see the proof in :func:`_collapse`).

def _mult_table(a, K, memo):
    """``m[s][t]``: the coefficient of α^s in a·α^t (rationals, as a dict of dicts)."""
    c = _coeffs(a, K)
    if c not in memo:
        e = K.mod.degree()
        alpha = K([QQ(1), QQ(0)])
        out = {}
        power = a
        for t in range(e):
            lst = list(reversed(power.to_list()))
            for s_, v in enumerate(lst):
                if v:
                    out.setdefault(s_, {})[t] = QQ(int(v.numerator), int(v.denominator))
            power = power * alpha
        memo[c] = out
    return memo[c]


def _expand(M, rows_as_vectors):
    """Rational image of a K-matrix: as equations (``rows_as_vectors=False``: row (i, s), column
    (j, t)) or as the Q-spanning set {α^t r_i} of its row space (row (i, t), column (j, s))."""
    K = M.domain
    e = K.mod.degree()
    memo = {}
    out = {}
    for i, row in _dod(M.to_sparse()).items():
        for j, a in row.items():
            for s_, trow in _mult_table(a, K, memo).items():
                for t, v in trow.items():     # each (i, j, s, t) lands on its own entry
                    r, c = (i * e + t, j * e + s_) if rows_as_vectors else (i * e + s_, j * e + t)
                    out.setdefault(r, {})[c] = v
    m, n = M.shape
    return DomainMatrix(out, (m * e, n * e), QQ)


def _collapse(R, pivots, K, n):
    """K-echelon rows from the rational echelon rows ``R`` (pivots given) of a K-space.

    The K-echelon rows r_k (pivot j_k) give the rational rows α^t·r_k, which are already in
    reduced echelon form with pivots (j_k, t); by uniqueness they are the rational echelon rows,
    so the rows with pivot (j, 0) are exactly the r_k."""
    e = K.mod.degree()
    r = _dod(R)
    dod = {}
    k = 0
    for idx, p in enumerate(pivots):
        if p % e:
            continue
        row = {}
        for c, v in r.get(idx, {}).items():
            row.setdefault(c // e, [QQ.zero] * e)[c % e] = v
        dod[k] = {j: K(list(reversed(cs))) for j, cs in row.items() if any(cs)}
        k += 1
    if k * e != len(pivots):
        raise ArithmeticError("rational image of a K-space is not K-closed (internal error)")
    return DomainMatrix(dod, (k, n), K)


def rank(M):
    """Exact rank via sparse Gauss-Jordan elimination.

    >>> rank(matrix([[1, 2], [2, 4]]))
    1
    """
    if M.shape[0] == 0 or M.shape[1] == 0:
        return 0
    if not M.domain.is_QQ:
        return rank(_expand(M, True)) // M.domain.mod.degree()
    _, pivots = M.to_sparse().rref(method="GJ")
    return len(pivots)


def rref_rows(M):
    """Canonical basis of the row space of ``M``: the nonzero rows of its reduced
    row echelon form, ordered by pivot column.  Two matrices with the same row
    space give identical results.

    >>> to_lists(rref_rows(matrix([[2, 4], [1, 2]])))
    [[1, 2]]
    """
    m, n = M.shape
    if m == 0:
        return zeros(0, n, M.domain)
    if not M.domain.is_QQ:
        R, pivots = _expand(M, True).to_sparse().rref(method="GJ")
        return _collapse(R, pivots, M.domain, n)
    R, pivots = M.to_sparse().rref(method="GJ")
    r = _dod(R)
    return DomainMatrix({k: dict(r[k]) for k in range(len(pivots))}, (len(pivots), n), M.domain)


def nullspace(K):
    """Canonical basis (as rows) of the nullspace ``{x : K x = 0}``.

    The rows are the reduced echelon basis of the solution space (each row has a
    leading 1 at its pivot and 0 at every other row's pivot), so the result
    depends only on the solution space.

    >>> to_lists(nullspace(matrix([[1, 1, 0]])))
    [[1, -1, 0], [0, 0, 1]]
    """
    if not K.domain.is_QQ:
        return nullspace_stepwise([K], K.shape[1], domain=K.domain)
    return rref_rows(_raw_nullspace(K.to_sparse()))


def _raw_nullspace(K):
    m, n = K.shape
    if m == 0 or K.nnz() == 0:
        return identity(n, K.domain)
    R, pivots = K.rref(method="GJ")
    return R.nullspace_from_rref(pivots)


def nullspace_stepwise(constraints, n, domain=QQ, progress=None):
    """Common nullspace of several constraint blocks, one block at a time.

    Each block ``K_i`` (shape ``(m_i, n)``) is restricted to the solution space
    of the blocks before it, so the eliminations act on ever smaller systems.
    Returns the canonical row basis (see :func:`nullspace`).

    Parameters
    ----------
    constraints : iterable of DomainMatrix
        The blocks, or zero-argument callables producing them (built lazily).
    n : int
        Number of unknowns.
    progress : callable, optional
        Called with no argument after each block and after the final canonical form.

    >>> A, B = matrix([[1, -1, 0]]), matrix([[0, 1, -1]])
    >>> to_lists(nullspace_stepwise([A, B], 3))
    [[1, 1, 1]]
    """
    field = None if domain.is_QQ else domain
    if field is not None:                  # solve the rational image, then read the K-rows back
        e = field.mod.degree()
        n, domain = n * e, QQ
    from ..budget import checkpoint
    N = None
    for step, K in enumerate(constraints):
        checkpoint(f"exact elimination, generator {step + 1}")
        if callable(K):
            K = K()
        K = K.to_sparse()
        if K.nnz() == 0:
            if progress:
                progress()
            continue
        if field is not None:
            if K.domain != field:
                K = K.convert_to(field)
            K = _expand(K, False)
        elif K.domain != domain:
            K = K.convert_to(domain)
        if N is None:
            N = _raw_nullspace(K)
        else:
            M = K.matmul(N.transpose())
            C = _raw_nullspace(M)
            N = C.matmul(N)
        if progress:
            progress()
        if N.shape[0] == 0:
            break
    if N is None:
        N = identity(n, domain)
    checkpoint("exact elimination, canonical form")
    if field is not None:
        if N.shape[0] == 0:
            out = zeros(0, n // e, field)
        else:
            R, pivots = N.to_sparse().rref(method="GJ")
            out = _collapse(R, pivots, field, n // e)
    else:
        out = rref_rows(N)
    if progress:
        progress()                 # the canonical form counts as the last step
    return out


def constraint_matrix(M_out, M_in):
    """Sparse ``K = M_out ⊗ I_in − I_out ⊗ M_inᵀ`` acting on row-major ``vec(W)``.

    >>> K = constraint_matrix(matrix([[0, 1], [1, 0]]), matrix([[0, 1], [1, 0]]))
    >>> to_lists(nullspace(K))
    [[1, 0, 0, 1], [0, 1, 1, 0]]
    """
    M_out, M_in = unify(M_out, M_in)
    n_out, n_in = M_out.shape[0], M_in.shape[0]
    a = M_out.to_sparse().rep
    bt = M_in.to_sparse().rep       # (W M_in)[r, c] = Σ_c' W[r, c'] M_in[c', c]
    cols_in = {}
    for cp, row in bt.items():
        for c, x in row.items():
            cols_in.setdefault(c, []).append((cp, x))
    dod = {}
    for r in range(n_out):
        arow = a.get(r, {})
        for c in range(n_in):
            row = {}
            for rp, x in arow.items():
                row[rp * n_in + c] = x
            base = r * n_in
            for cp, x in cols_in.get(c, ()):
                j = base + cp
                v = row.get(j, 0) - x
                if v:
                    row[j] = v
                else:
                    row.pop(j, None)
            if row:
                dod[r * n_in + c] = row
    N = n_out * n_in
    return DomainMatrix(dod, (N, N), M_out.domain)
