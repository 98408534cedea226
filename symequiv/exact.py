"""Exact matrices: the one place where exact linear algebra happens.

Every exact matrix in symequiv is a sparse SymPy ``DomainMatrix`` over ``QQ``
(python-flint supplies the fast ground type when installed).  This module turns
user values into such matrices -- rejecting floats with a typed error -- and
provides the few operations the rest of the library needs: products, Kronecker
products and sums, block sums, rank, sparse reduced row echelon forms and
nullspaces (one constraint block at a time).

The domain is a parameter of every constructor (default ``QQ``) so that an
algebraic number field is a local addition.

Examples
--------
>>> from symequiv import exact
>>> M = exact.matrix([[1, 2], [2, 4]])
>>> exact.rank(M)
1
>>> exact.to_lists(exact.nullspace(M))
[[1, Fraction(-1, 2)]]
"""

from fractions import Fraction
import numbers

import numpy as np
from sympy import QQ, Rational, Integer
from sympy.matrices import MatrixBase as _SympyMatrixBase
from sympy.core.numbers import Float as _SympyFloat
from sympy.polys.matrices import DomainMatrix

from .errors import NotExactError, InvalidGeneratorError

__all__ = [
    "QQ", "DomainMatrix", "scalar", "matrix", "identity", "zeros", "perm_matrix",
    "kron", "kron_perm", "kronsum", "block_diag", "hstack", "vstack", "transpose", "inverse",
    "is_zero", "rank", "rref_rows", "nullspace", "nullspace_stepwise", "to_lists",
    "to_numpy", "key", "from_key", "is_identity", "trace",
]


def _describe(where):
    return f" at {where}" if where else ""


def scalar(value, where="", domain=QQ):
    """Convert one exact value to an element of ``domain``.

    Accepted: ``int`` (and numpy integers), ``fractions.Fraction``, SymPy
    ``Integer``/``Rational``.  Floats raise :class:`NotExactError`.

    >>> scalar(Fraction(1, 3))
    1/3
    """
    if isinstance(value, (bool, np.bool_)):
        return domain(int(value))
    if isinstance(value, (int, np.integer)):
        return domain(int(value))
    if isinstance(value, Fraction):
        return domain(value.numerator, value.denominator)
    if isinstance(value, (Integer, Rational)):
        return domain(int(value.p), int(value.q))
    if type(value) is type(domain.one):
        return value
    if isinstance(value, (float, np.floating, _SympyFloat)) or isinstance(value, numbers.Real):
        raise NotExactError(
            f"inexact value {value!r}{_describe(where)}: symequiv needs exact numbers. "
            f"Pass an int, fractions.Fraction(p, q) or sympy.Rational(p, q) instead "
            f"(e.g. Fraction(1, 2) rather than 0.5)."
        )
    raise NotExactError(
        f"unsupported value {value!r} of type {type(value).__name__}{_describe(where)}: "
        f"expected an int, fractions.Fraction or sympy.Rational."
    )


def matrix(rows, where="matrix", domain=QQ):
    """Build a sparse exact matrix from nested lists, a numpy integer array,
    a SymPy ``Matrix`` or a ``DomainMatrix``.

    >>> matrix([[1, 0], [0, Fraction(1, 2)]]).shape
    (2, 2)
    """
    if isinstance(rows, DomainMatrix):
        if rows.domain != domain:
            rows = rows.convert_to(domain)
        return rows.to_sparse()
    if isinstance(rows, _SympyMatrixBase):
        rows = rows.tolist()
    if isinstance(rows, np.ndarray):
        if rows.dtype.kind == "f" or rows.dtype.kind == "c":
            bad = tuple(int(i) for i in np.argwhere(rows != np.round(rows))[0]) if np.any(rows != np.round(rows)) else (0, 0)
            raise NotExactError(
                f"{where} is a numpy array of dtype {rows.dtype} (e.g. entry {bad} = {rows[bad]!r}): "
                f"floats are not exact. Pass an integer array, or nested lists of ints / "
                f"fractions.Fraction / sympy.Rational."
            )
        if rows.ndim != 2:
            raise InvalidGeneratorError(f"{where} must be 2-dimensional, got shape {rows.shape}.")
        rows = rows.tolist()
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in rows):
        raise InvalidGeneratorError(
            f"{where} must be a list of rows (a list of lists), got {type(rows).__name__}."
        )
    nrows = len(rows)
    ncols = len(rows[0]) if nrows else 0
    dod = {}
    for i, row in enumerate(rows):
        if len(row) != ncols:
            raise InvalidGeneratorError(
                f"{where} is ragged: row 0 has {ncols} entries but row {i} has {len(row)}."
            )
        drow = {}
        for j, v in enumerate(row):
            x = scalar(v, where=f"{where}[{i}][{j}]", domain=domain)
            if x:
                drow[j] = x
        if drow:
            dod[i] = drow
    return DomainMatrix(dod, (nrows, ncols), domain)


def identity(n, domain=QQ):
    """Sparse ``n x n`` identity.

    >>> identity(2).to_Matrix()
    Matrix([
    [1, 0],
    [0, 1]])
    """
    one = domain.one
    return DomainMatrix({i: {i: one} for i in range(n)}, (n, n), domain)


def zeros(m, n, domain=QQ):
    """Sparse zero matrix of shape ``(m, n)``.

    >>> zeros(2, 3).shape
    (2, 3)
    """
    return DomainMatrix({}, (m, n), domain)


def perm_matrix(perm, domain=QQ):
    """Permutation matrix in the destination convention: ``P[p[i], i] = 1``.

    >>> to_lists(perm_matrix([1, 2, 0]))
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    """
    one = domain.one
    n = len(perm)
    return DomainMatrix({int(perm[i]): {i: one} for i in range(n)}, (n, n), domain)


def _dod(M):
    return M.rep.to_sdm() if hasattr(M.rep, "to_sdm") else M.to_sparse().rep


def kron(A, B):
    """Kronecker product in ``numpy.kron`` order (the index of ``A`` is the slow one).

    >>> to_lists(kron(matrix([[1, 2]]), identity(2)))
    [[1, 0, 2, 0], [0, 1, 0, 2]]
    """
    (ma, na), (mb, nb) = A.shape, B.shape
    a, b = _dod(A.to_sparse()), _dod(B.to_sparse())
    out = {}
    for i, arow in a.items():
        for k, brow in b.items():
            row = {}
            for j, x in arow.items():
                base = j * nb
                for l, y in brow.items():
                    row[base + l] = x * y
            if row:
                out[i * mb + k] = row
    return DomainMatrix(out, (ma * mb, na * nb), A.domain)


def kron_perm(p, q):
    """Permutation of the Kronecker product of two permutation matrices (destination arrays):
    index ``(i, j)`` of ``numpy.kron`` order goes to ``(p[i], q[j])``.

    >>> kron_perm(np.array([1, 0]), np.array([0, 2, 1])).tolist()
    [3, 5, 4, 0, 2, 1]
    """
    return np.add.outer(np.asarray(p) * len(q), np.asarray(q)).ravel()


def kronsum(A, B):
    """Kronecker sum ``A (x) I + I (x) B``: the Lie-algebra action on a tensor product.

    >>> to_lists(kronsum(matrix([[1]]), matrix([[2]])))
    [[3]]
    """
    return kron(A, identity(B.shape[0], B.domain)) + kron(identity(A.shape[0], A.domain), B)


def block_diag(mats, domain=QQ):
    """Block-diagonal matrix of the given square or rectangular blocks.

    >>> block_diag([identity(1), matrix([[2]])]).shape
    (2, 2)
    """
    out = {}
    r0 = c0 = 0
    for M in mats:
        for i, row in _dod(M.to_sparse()).items():
            out[r0 + i] = {c0 + j: x for j, x in row.items()}
        r0 += M.shape[0]
        c0 += M.shape[1]
    return DomainMatrix(out, (r0, c0), domain)


def hstack(mats):
    """Horizontal concatenation.

    >>> hstack([identity(2), zeros(2, 1)]).shape
    (2, 3)
    """
    return mats[0].hstack(*mats[1:]) if len(mats) > 1 else mats[0]


def vstack(mats):
    """Vertical concatenation.

    >>> vstack([identity(2), zeros(1, 2)]).shape
    (3, 2)
    """
    return mats[0].vstack(*mats[1:]) if len(mats) > 1 else mats[0]


def transpose(M):
    """Transpose (stays sparse).

    >>> to_lists(transpose(matrix([[1, 2]])))
    [[1], [2]]
    """
    return M.transpose()


def inverse(M):
    """Exact inverse of a square matrix; raises :class:`InvalidGeneratorError` if singular.

    >>> to_lists(inverse(matrix([[2, 0], [0, 4]])))
    [[Fraction(1, 2), 0], [0, Fraction(1, 4)]]
    """
    if M.shape[0] != M.shape[1] or rank(M) < M.shape[0]:
        raise InvalidGeneratorError("matrix is singular: it has no inverse.")
    return M.to_dense().inv().to_sparse()


def is_zero(M):
    """True if every entry is zero.

    >>> is_zero(zeros(2, 2)), is_zero(identity(1))
    (True, False)
    """
    return M.to_sparse().nnz() == 0


def is_identity(M):
    """True if ``M`` is a square identity matrix.

    >>> is_identity(identity(3)), is_identity(zeros(3, 3))
    (True, False)
    """
    return M.shape[0] == M.shape[1] and M.to_sparse() == identity(M.shape[0], M.domain)


def trace(M):
    """Exact trace.

    >>> trace(matrix([[1, 5], [7, Fraction(1, 2)]]))
    3/2
    """
    d = _dod(M.to_sparse())
    return sum((row.get(i, M.domain.zero) for i, row in d.items()), M.domain.zero)


def rank(M):
    """Exact rank via sparse Gauss-Jordan elimination.

    >>> rank(matrix([[1, 2], [2, 4]]))
    1
    """
    if M.shape[0] == 0 or M.shape[1] == 0:
        return 0
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
    N = None
    for K in constraints:
        if callable(K):
            K = K()
        K = K.to_sparse()
        if K.nnz() == 0:
            if progress:
                progress()
            continue
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
        return identity(n, domain)
    out = rref_rows(N)
    if progress:
        progress()                 # the canonical form counts as the last step
    return out


def to_lists(M):
    """Dense nested lists of Python ints / ``Fraction``s (for display and tests).

    >>> to_lists(matrix([[Fraction(1, 2)]]))
    [[Fraction(1, 2)]]
    """
    m, n = M.shape
    out = [[0] * n for _ in range(m)]
    for i, row in _dod(M.to_sparse()).items():
        for j, x in row.items():
            num, den = int(x.numerator), int(x.denominator)
            out[i][j] = num if den == 1 else Fraction(num, den)
    return out


def to_numpy(M, dtype=np.float64):
    """Dense numpy array (the float edge: rounding happens here and only here).

    >>> to_numpy(matrix([[Fraction(1, 4)]]))
    array([[0.25]])
    """
    m, n = M.shape
    out = np.zeros((m, n), dtype=dtype)
    for i, row in _dod(M.to_sparse()).items():
        for j, x in row.items():
            out[i, j] = int(x.numerator) / int(x.denominator) if dtype != object else Fraction(int(x.numerator), int(x.denominator))
    return out


def key(M):
    """A hashable, deterministic description of ``M``: its shape and sorted nonzeros
    as ``(i, j, numerator, denominator)``.

    >>> key(matrix([[0, Fraction(1, 2)]]))
    ((1, 2), ((0, 1, 1, 2),))
    """
    items = []
    for i, row in sorted(_dod(M.to_sparse()).items()):
        for j, x in sorted(row.items()):
            items.append((i, j, int(x.numerator), int(x.denominator)))
    return (tuple(M.shape), tuple(items))


def from_key(k, domain=QQ):
    """Inverse of :func:`key`.

    >>> from_key(key(identity(2))) == identity(2)
    True
    """
    (m, n), items = k
    dod = {}
    for i, j, p, q in items:
        dod.setdefault(i, {})[j] = domain(p, q)
    return DomainMatrix(dod, (m, n), domain)
