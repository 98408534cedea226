"""Exact products of integer matrices at BLAS speed, with the exactness proven by a bound.

Rational matrices are scaled to integer ones (a denominator per row or column), and products
of integer matrices are computed in one of two exact ways:

* **float64 BLAS, proven exact**: when ``k · max|A| · max|B| < 2⁵³`` (``k`` the inner
  dimension), every product and every partial sum is an integer of magnitude below 2⁵³, so it
  is represented exactly in float64 and every IEEE operation (fused or not, in any order) returns
  the exact integer.  The bound is checked before the product; nothing is ever rounded.
* **limbs**: otherwise ``B`` is split into 2^s-ary limbs ``B = Σ_t B_t 2^{st}`` small enough
  for the bound, each limb product is exact, and they are recombined in Python integers
  (object arrays) -- or the caller falls back to python-flint when even that would overflow.

Sparse-times-dense products (a generator image times a change of basis) gather rows in
int64 with the same kind of bound (``max row |·|₁ · max|B| < 2⁶³``).

>>> import numpy as np
>>> A = np.array([[1, 2], [3, 4]], dtype=np.int64)
>>> matmul(A, A).tolist()
[[7, 10], [15, 22]]
"""

from math import gcd

import numpy as np

__all__ = ["matmul", "sparse_matmul", "scale_columns", "scale_rows", "IntegerOverflow"]

_EXACT = 1 << 53
_INT64 = 1 << 62


class IntegerOverflow(ArithmeticError):
    """The integer form of a product would not fit the exact integer arithmetic used here."""


def _maxabs(A):
    return int(np.abs(A).max()) if A.size else 0


def matmul(A, B):
    """Exact ``A @ B`` for int64 arrays (result int64, or object when it exceeds int64).

    >>> import numpy as np
    >>> big = np.array([[2 ** 40]], dtype=np.int64)
    >>> int(matmul(big, big)[0, 0]) == 2 ** 80
    True
    """
    k = A.shape[1]
    ma, mb = _maxabs(A), _maxabs(B)
    if k == 0 or ma == 0 or mb == 0:
        return np.zeros((A.shape[0], B.shape[1]), dtype=np.int64)
    if k * ma * mb < _EXACT:
        return (A.astype(np.float64) @ B.astype(np.float64)).astype(np.int64)
    # limbs of B: s bits each, so that k * ma * 2^s < 2^53
    s = (_EXACT // (k * ma)).bit_length() - 1
    if s < 1:
        raise IntegerOverflow(f"entries of {ma.bit_length()} bits in an inner dimension of {k}")
    Af = A.astype(np.float64)
    sign = np.sign(B)
    rest = np.abs(B).astype(object)
    total = np.zeros((A.shape[0], B.shape[1]), dtype=object)
    shift = 0
    base = 1 << s
    while np.any(rest != 0):
        limb = (rest % base) * sign
        P = (Af @ limb.astype(np.float64)).astype(np.int64).astype(object)
        total = total + P * (1 << shift)
        rest = rest // base
        shift += s
    if _maxabs_obj(total) < _INT64:
        return total.astype(np.int64)
    return total


def _maxabs_obj(X):
    return max((abs(int(x)) for x in X.ravel()), default=0)


def sparse_matmul(rows, cols, vals, n_rows, B):
    """Exact ``M @ B`` for ``M`` given by its nonzeros (int64 arrays sorted by row) and an int64
    ``B``, gathering rows of ``B`` (no dense ``M``).  Raises :class:`IntegerOverflow` past int64.

    >>> import numpy as np
    >>> sparse_matmul(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([1, 1, 5]), 2,
    ...               np.array([[1, 2], [3, 4]], dtype=np.int64)).tolist()
    [[4, 6], [15, 20]]
    """
    out = np.zeros((n_rows, B.shape[1]), dtype=np.int64)
    if len(vals) == 0:
        return out
    row_l1 = np.bincount(rows, weights=np.abs(vals).astype(np.float64), minlength=n_rows)
    if float(row_l1.max()) * _maxabs(B) >= _INT64:
        raise IntegerOverflow("a row of the sparse factor times the dense one may exceed int64")
    chunk = max(1, (1 << 22) // max(1, B.shape[1]))
    for start in range(0, len(vals), chunk):
        r, c, v = rows[start:start + chunk], cols[start:start + chunk], vals[start:start + chunk]
        np.add.at(out, r, B[c] * v[:, None])
    return out


def _lcm(a, b):
    return a // gcd(a, b) * b


def scale_columns(entries, shape):
    """``(Z, c)``: integer matrix ``Z = M · diag(c)`` from ``{(i, j): Fraction-like}`` entries,
    with ``c_j`` the lcm of the denominators in column ``j``; raises :class:`IntegerOverflow`
    when an entry leaves int64."""
    m, n = shape
    c = [1] * n
    for (i, j), x in entries.items():
        c[j] = _lcm(c[j], int(x.denominator))
    Z = np.zeros((m, n), dtype=np.int64)
    for (i, j), x in entries.items():
        v = int(x.numerator) * (c[j] // int(x.denominator))
        if abs(v) >= _INT64:
            raise IntegerOverflow("a scaled entry exceeds int64")
        Z[i, j] = v
    return Z, c


def scale_rows(entries, shape):
    """``(Z, r)``: integer ``Z = diag(r) · M`` (``r_i`` the lcm of row ``i``'s denominators)."""
    Zt, r = scale_columns({(j, i): x for (i, j), x in entries.items()}, (shape[1], shape[0]))
    return np.ascontiguousarray(Zt.T), r
