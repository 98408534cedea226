"""Exact products of integer matrices at BLAS speed, with the exactness proven by a bound.

Rational matrices are scaled to integer ones (a denominator per row or column), and products
of integer matrices are computed in one of two exact ways:

* **float64 BLAS, proven exact**: when ``k · max|A| · max|B| < 2⁵³`` (``k`` the inner
  dimension), every product and every partial sum is an integer of magnitude below 2⁵³, so it
  is represented exactly in float64 and every IEEE operation (fused or not, in any order) returns
  the exact integer.  The bound is checked before the product; nothing is ever rounded.
* **limbs**: otherwise, when the result is bounded by ``2⁶²``, ``|B|`` is split into 2^s-ary
  limbs ``|B| = Σ_t B_t 2^{st}`` small enough for the first bound; each limb product is exact and
  they are summed in int64 (every partial sum obeys the same bound).  Past 2⁶² the caller falls
  back to python-flint's rational products.

Sparse-times-dense products (a generator image times a change of basis) gather rows in
int64 with the same kind of bound (``max row |·|₁ · max|B| < 2⁶³``).

>>> import numpy as np
>>> A = np.array([[1, 2], [3, 4]], dtype=np.int64)
>>> matmul(A, A).tolist()
[[7, 10], [15, 22]]
"""

from math import gcd

import numpy as np

__all__ = ["matmul", "sparse_matmul", "scale_columns", "scale_rows", "integer_form", "primes_for",
           "matmul_mod", "sparse_matmul_mod", "IntegerOverflow"]

_EXACT = 1 << 53
_INT64 = 1 << 62


class IntegerOverflow(ArithmeticError):
    """The integer form of a product would not fit the exact integer arithmetic used here."""


def _maxabs(A):
    # np.abs(INT64_MIN) is negative: compare the extremes as Python integers
    return max(abs(int(A.max())), abs(int(A.min()))) if A.size else 0


def matmul(A, B):
    """Exact ``A @ B`` for int64 arrays; raises :class:`IntegerOverflow` when the result could
    leave int64 (``k · max|A| · max|B| ≥ 2⁶²``).

    >>> import numpy as np
    >>> big = np.array([[2 ** 30, 1]], dtype=np.int64)
    >>> int(matmul(big, big.T)[0, 0]) == 2 ** 60 + 1
    True
    """
    k = A.shape[1]
    ma, mb = _maxabs(A), _maxabs(B)
    if k == 0 or ma == 0 or mb == 0:
        return np.zeros((A.shape[0], B.shape[1]), dtype=np.int64)
    if k * ma * mb < _EXACT:
        return (A.astype(np.float64) @ B.astype(np.float64)).astype(np.int64)
    # limbs of |B|: s bits each, so that k * ma * 2^s < 2^53 (every limb product is exact)
    s = (_EXACT // (k * ma)).bit_length() - 1
    if s < 1:
        raise IntegerOverflow(f"entries of {ma.bit_length()} bits in an inner dimension of {k}")
    if k * ma * mb >= _INT64:
        raise IntegerOverflow("the product may leave int64")
    # every partial sum A (Σ_{t<T} limb_t 2^{st}) sign(B) is bounded by k ma mb < 2^62: int64 holds it
    Af = A.astype(np.float64)
    sign = np.sign(B)
    rest = np.abs(B)
    total = np.zeros((A.shape[0], B.shape[1]), dtype=np.int64)
    shift, mask = 0, (1 << s) - 1
    while rest.any():
        limb = ((rest & mask) * sign).astype(np.float64)
        total += (Af @ limb).astype(np.int64) << shift
        rest = rest >> s
        shift += s
    return total


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
    order = np.argsort(rows, kind="stable")
    rows, cols, vals = rows[order], cols[order], vals[order]
    chunk = max(1, (1 << 22) // max(1, B.shape[1]))          # nonzeros per pass (~32 MB)
    start = 0
    while start < len(vals):
        stop = min(len(vals), start + chunk)
        while stop < len(vals) and rows[stop] == rows[stop - 1]:
            stop += 1                                        # whole rows in each pass
        r = rows[start:stop]
        heads = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
        out[r[heads]] = np.add.reduceat(B[cols[start:stop]] * vals[start:stop, None], heads, axis=0)
        start = stop
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


# --- identities checked modulo primes, with a height bound --------------------------------------
# Two integer matrices X, Y with |entries| <= H are equal as soon as X ≡ Y modulo primes whose
# product exceeds 2H (Chinese remainder theorem).  Modulo p < sqrt(2^53 / k) a float64 product
# of residues is exact (k (p-1)^2 < 2^53), so each prime costs one BLAS product.

def primes_for(bound, k):
    """Deterministic primes below ``sqrt(2^53 / k)`` whose product exceeds ``2 * bound``.

    >>> ps = primes_for(10 ** 30, 1000)
    >>> all(1000 * (p - 1) ** 2 < 2 ** 53 for p in ps), __import__("math").prod(ps) > 2 * 10 ** 30
    (True, True)
    """
    import flint
    from math import isqrt
    top = isqrt(_EXACT // max(k, 1))
    out, prod, x = [], 1, top
    while prod <= 2 * bound:
        x -= 1
        if x < 3:
            raise IntegerOverflow("no primes left for the bound")
        if flint.fmpz(x).is_prime():
            out.append(x)
            prod *= x
    return out


def matmul_mod(A, B, p):
    """``(A @ B) mod p`` exactly, for int64 residues in [0, p) with ``k (p-1)^2 < 2^53``."""
    if A.shape[1] * (p - 1) ** 2 >= _EXACT:
        raise IntegerOverflow(f"modulus {p} too large for an inner dimension of {A.shape[1]}")
    if A.size and (int(A.min()) < 0 or int(A.max()) >= p) or B.size and (int(B.min()) < 0 or int(B.max()) >= p):
        raise IntegerOverflow("residues must lie in [0, p)")
    X = A.astype(np.float64) @ B.astype(np.float64)
    return np.mod(X, p).astype(np.int64)


def sparse_matmul_mod(rows, cols, vals, n_rows, B, p):
    """``(M @ B) mod p`` for a sparse ``M`` (small integer values) and residues ``B`` in [0, p)."""
    return np.mod(sparse_matmul(rows, cols, np.mod(vals, p), n_rows, B), p)


def integer_form(M):
    """``(N, d)`` with ``M = N / d`` (one common denominator), ``N`` an int64 array; ``M`` dense
    over QQ with python-flint underneath.  Raises :class:`IntegerOverflow` past int64."""
    X = M.to_dense()
    fm = X.rep.rep if hasattr(X.rep, "rep") else None
    if fm is None or not hasattr(fm, "numer_denom"):
        raise IntegerOverflow("not a python-flint rational matrix")
    N, d = fm.numer_denom()
    ent = N.entries()
    try:
        Z = np.fromiter(map(int, ent), dtype=np.int64, count=len(ent))
    except OverflowError:
        raise IntegerOverflow("change of basis entries exceed int64 once scaled") from None
    if Z.size and int(np.abs(Z).max()) >= _INT64:
        raise IntegerOverflow("change of basis entries exceed int64 once scaled")
    return Z.reshape(X.shape), int(d)
