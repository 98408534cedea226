"""Exact products of integer matrices at BLAS speed, with the exactness proven by a bound.

Rational matrices are scaled to integer ones (a common denominator), and products
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

from math import gcd, lcm
from typing import Any

import numpy as np

__all__ = ["matmul", "sparse_matmul", "integer_form", "integer_image", "primes_for",
           "matmul_mod", "sparse_matmul_mod", "maxabs", "row_l1_bound", "sparse_integer_form",
           "common_denominator", "IntegerOverflow"]

_EXACT = 1 << 53
_INT64 = 1 << 62
#: Matrices up to this many entries are read through python-flint's dense form (C speed).
_DENSE_ENTRIES = 1 << 23
#: Float products up to this many multiply-adds run as one BLAS call (single-threaded there).
_ONE_CALL = 1 << 18
#: Larger products up to this many multiply-adds are cut into row blocks of at most
#: ``_ONE_CALL`` each (each block stays on one thread; see :func:`_fmatmul`).
_BLOCKED = 1 << 25


class IntegerOverflow(ArithmeticError):
    """The integer form of a product would not fit the exact integer arithmetic used here."""


def maxabs(A):
    """Largest absolute entry as a Python integer (np.abs(INT64_MIN) would be negative)."""
    return max(abs(int(A.max())), abs(int(A.min()))) if A.size else 0


def row_l1_bound(rows, vals):
    """An exact integer upper bound on the ℓ1 norm of every row of a sparse integer matrix:
    (most nonzeros in a row) x (largest |value|), with no floating-point sum."""
    if len(vals) == 0:
        return 0
    return int(np.bincount(rows).max()) * maxabs(vals)


def _fmatmul(A, B):
    """``A @ B`` for float64 arrays holding integers whose products and sums are exact (the
    callers' bounds), so any summation order gives the same exact result.  Mid-sized products
    are cut into row blocks small enough that OpenBLAS keeps each on one thread: on a loaded
    machine its thread hand-off costs far more than such a product (tens of ms for 96 x 96)."""
    m, k = A.shape
    n = B.shape[1]
    work = m * k * n
    if work <= _ONE_CALL or work > _BLOCKED or k * n * 8 > _ONE_CALL:
        return A @ B
    step = _ONE_CALL // (k * n)
    out = np.empty((m, n), dtype=np.float64)
    for i in range(0, m, step):
        np.matmul(A[i:i + step], B, out=out[i:i + step])
    return out


def matmul(A, B):
    """Exact ``A @ B`` for int64 arrays; raises :class:`IntegerOverflow` when the result could
    leave int64 (``k · max|A| · max|B| ≥ 2⁶²``).

    >>> import numpy as np
    >>> big = np.array([[2 ** 30, 1]], dtype=np.int64)
    >>> int(matmul(big, big.T)[0, 0]) == 2 ** 60 + 1
    True
    """
    k = A.shape[1]
    ma, mb = maxabs(A), maxabs(B)
    if k == 0 or ma == 0 or mb == 0:
        return np.zeros((A.shape[0], B.shape[1]), dtype=np.int64)
    if k * ma * mb < _EXACT:
        return _fmatmul(A.astype(np.float64), B.astype(np.float64)).astype(np.int64)
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
        total += _fmatmul(Af, limb).astype(np.int64) << shift
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
    if row_l1_bound(rows, vals) * maxabs(B) >= _INT64:
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
    X = _fmatmul(A.astype(np.float64), B.astype(np.float64))
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


def _power_tables(K):
    """``(P, d)``: ``P[u, s, t] / d`` the coefficient of α^s in α^u·α^t (``u, s, t < e``), the
    rational images of the powers of K's primitive element, as an int64 array.  Computed from
    K's modulus (the monic minimal polynomial ANP arithmetic reduces by): the coefficients of
    α^k for ``k < 2e - 1``, each from the last by one multiplication by α."""
    if K not in _POWER_TABLES:               # fields are equal when their primitive elements are
        from fractions import Fraction
        mod = [Fraction(int(c.numerator), int(c.denominator)) for c in K.mod.to_list()]
        e = len(mod) - 1
        low = [c / mod[0] for c in reversed(mod[1:])]   # α^e = -Σ low[s] α^s
        powers = []
        v = [Fraction(0)] * e
        v[0] = Fraction(1)
        for k in range(2 * e - 1):
            powers.append(v)
            top = v[-1]
            v = [Fraction(0)] + v[:-1]
            if top:
                v = [x - top * c for x, c in zip(v, low)]
        d = lcm(*(x.denominator for w in powers for x in w))
        P = [[[int(powers[u + t][s_] * d) for t in range(e)] for s_ in range(e)] for u in range(e)]
        if max((abs(x) for a in P for b in a for x in b), default=0) >= _INT64:
            raise IntegerOverflow("the field's multiplication table exceeds int64")
        _POWER_TABLES[K] = (np.array(P, dtype=np.int64).reshape(e, e, e), d)
    return _POWER_TABLES[K]


_POWER_TABLES: dict[Any, Any] = {}


def _over_common_denominator(xs):
    """``(numerators, D)``: the rationals ``xs`` as Python ints over their least common
    denominator ``D`` (python-flint at C speed when the values are its rationals)."""
    if not xs:
        return [], 1
    try:
        import flint
        N, D = flint.fmpq_mat(1, len(xs), xs).numer_denom()
        return list(map(int, N.entries())), int(D)
    except (ImportError, TypeError, ValueError):
        pass
    nums = [int(x.numerator) if hasattr(x, "numerator") else int(x) for x in xs]
    dens = [int(x.denominator) if hasattr(x, "denominator") else 1 for x in xs]
    D = lcm(*set(dens))
    return [a * (D // b) for a, b in zip(nums, dens)], D


def integer_image(M):
    """``(N, d)`` with ``N / d`` the rational image of ``M`` (``M`` itself over QQ; over a number
    field K of degree e, the ``me x ne`` matrix of x -> M x on Q^(ne), laid out as
    ``elimination._expand(M, False)``), ``N`` a dense int64 array and ``d`` the least common
    denominator.  Read from M's nonzeros: over K, the image is ``Σ_u A_u ⊗ P_u`` with ``A_u``
    the matrix of the coefficients of α^u and ``P_u`` the image of α^u (multiplication in K is
    Q-bilinear).  Meant for small matrices (the result is dense); raises
    :class:`IntegerOverflow` past int64.

    >>> from fractions import Fraction as F
    >>> from symequiv import linalg
    >>> N, d = integer_image(linalg.matrix([[1, F(1, 2)], [0, F(-2, 3)]]))
    >>> N.tolist(), d
    ([[6, 3], [0, -4]], 6)
    """
    K = M.domain
    m, n = M.shape
    e = 1 if K.is_QQ else K.mod.degree()
    if K.is_QQ and hasattr(getattr(M.rep, "rep", None), "numer_denom"):
        return _reduced(*integer_form(M))                  # dense python-flint: at C speed
    ii, jj, flat = [], [], []
    rep = M.rep
    rows = rep.items() if isinstance(rep, dict) else enumerate(rep.to_list())
    for i, row in rows:
        for j, a in (row.items() if isinstance(row, dict) else enumerate(row)):
            if K.is_QQ:
                if a:
                    ii.append(i)
                    jj.append(j)
                    flat.append(a)
                continue
            cs = a.to_list()                               # coefficients, highest power first
            if cs:                                         # (none for zero)
                ii.append(i)
                jj.append(j)
                flat.extend([0] * (e - len(cs)))
                flat.extend(cs)
    nums, D = _over_common_denominator(flat)
    try:
        vals = np.fromiter(nums, dtype=np.int64, count=len(flat)).reshape(len(ii), e)
    except OverflowError:
        raise IntegerOverflow("matrix entries exceed int64 once scaled") from None
    mv = maxabs(vals)
    if K.is_QQ:
        if mv >= _INT64:
            raise IntegerOverflow("matrix entries exceed int64 once scaled")
        N = np.zeros((m, n), dtype=np.int64)
        N[ii, jj] = vals[:, 0]
        dP = 1
    else:
        P, dP = _power_tables(K)
        if e * mv * maxabs(P) >= _INT64:
            raise IntegerOverflow("rational image entries may exceed int64")
        A = np.zeros((e, m, n), dtype=np.int64)
        A[:, ii, jj] = vals[:, ::-1].T                     # A[u, i, j]: coefficient of α^u
        N4 = np.zeros((m, e, n, e), dtype=np.int64)       # N4[i, s, j, t] = Σ_u A[u,i,j] P[u,s,t]
        for u in range(e):
            N4 += A[u][:, None, :, None] * P[u][None, :, None, :]
        N = N4.reshape(m * e, n * e)
    return _reduced(N, D * dP)


def _reduced(N, d):
    """``(N / g, d / g)`` with ``g = gcd(d, entries of N)``: ``d`` the least common denominator."""
    g = gcd(d, abs(int(np.gcd.reduce(N.ravel())))) if N.size else d
    if g > 1:
        N = N // g
        d //= g
    return N, d


def sparse_integer_form(M, s):
    """Nonzeros ``(rows, cols, vals)`` of ``s·M`` as int64 arrays (rows sorted), ``M`` over QQ;
    ``s`` must clear M's denominators.  Raises :class:`IntegerOverflow` past int64."""
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


def common_denominator(mats):
    """The lcm of the denominators of every entry of the rational matrices ``mats``."""
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
