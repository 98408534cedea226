"""Nullspaces by reduction modulo primes, reconstructed and then proven exactly.

Why this road exists (measured for the solver's roads in ``benchmarks/roads.py``): sparse
rational Gauss–Jordan over the rational image of a number-field system (C(5): V⁴ → V⁴, 256
unknowns over a quartic field, 1024 rational unknowns) spent 34 of its 36 seconds in SymPy's
``sdm_irref`` on intermediate rationals whose size swells far beyond the answer's (the canonical
basis has entries of a few bits).  Modulo a prime nothing swells, and a number field of degree
``e`` costs ``e`` eliminations of the *original* size instead of one elimination ``e`` times
larger (``e³`` more work).

The method, for a system over ``K = Q(α)`` with minimal polynomial ``f`` (``K = Q``: ``e = 1``):

1. Take word-size primes ``p`` (deterministically, downwards from 2⁶²) over which ``f`` splits
   into ``e`` distinct roots ``r_1..r_e``.  Each root gives a ring map ``Z_(p)[α] → F_p``.
2. Under each map, compute the common nullspace of the constraint blocks one block at a time
   (python-flint ``nmod_mat``) and its reduced row echelon form.
3. The entries ``c_0 + c_1 α + ... + c_{e-1} α^{e-1}`` of the K-echelon rows are read back from
   their ``e`` images through the inverse Vandermonde matrix of the roots, combined over primes
   by the Chinese remainder theorem, and lifted to rationals by rational reconstruction (one
   running denominator per row).  Reconstruction stops when one more prime agrees.

Proof, exact and deterministic: the candidate rows ``R`` are in reduced echelon form (so
independent), every constraint block ``A`` satisfies ``A Rᵀ = 0`` exactly over ``K``, and
``#R`` equals the nullity modulo ``p``, which is at least the nullity over ``K`` (a ring map can
only lower a rank).  Hence ``R`` spans the nullspace and, being reduced, is *the* canonical basis.
Anything a bad prime could do only makes the proof fail; then more primes are used, and past
:data:`MAX_PRIMES` the caller falls back to exact elimination.

>>> from symequiv import linalg
>>> A = linalg.matrix([[1, 2, 3], [2, 4, 7]])
>>> linalg.to_lists(nullspace_modular([A], 3))
[[1, Fraction(-1, 2), 0]]
"""

from fractions import Fraction  # noqa: F401  (doctests)
from math import gcd, isqrt
from operator import itemgetter

import flint
import numpy as np
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from .matrices import _dod
from .products import mul

__all__ = ["nullspace_modular", "MAX_PRIMES", "MODULAR_MAX_UNKNOWNS"]

#: Number of primes tried before giving up (the caller then eliminates exactly).
MAX_PRIMES = 40
#: Largest number of unknowns the dense modular road accepts (memory: a dense n x n block).
MODULAR_MAX_UNKNOWNS = 4096

_START = 1 << 62


class ModularFailure(ArithmeticError):
    """The modular road could not prove a result (the caller falls back to exact elimination)."""


def _field_poly(K):
    """Integer coefficients (low -> high) of the minimal polynomial of K's generator."""
    if K.is_QQ:
        return None
    cs = [Fraction(int(c.numerator), int(c.denominator)) for c in reversed(K.mod.to_list())]
    den = 1
    for c in cs:
        den = den * c.denominator // gcd(den, c.denominator)
    return [int(c * den) for c in cs]


def _primes(fpoly):
    """Deterministic primes (downwards from 2^62) with the roots of ``fpoly`` in F_p, all distinct."""
    x = _START - 1
    while True:
        x -= 2
        if not flint.fmpz(x).is_prime():
            continue
        if fpoly is None:
            yield x, [0]
            continue
        f = flint.nmod_poly(fpoly, x)
        if f.degree() != len(fpoly) - 1:
            continue
        roots = f.roots()
        if len(roots) == f.degree() and all(m == 1 for _, m in roots):
            yield x, sorted(int(r) for r, _ in roots)


def _image(value, K, p, r):
    """Image of a K element under α -> r in F_p (None if a denominator vanishes mod p)."""
    cs = [value] if K.is_QQ else list(reversed(value.to_list()))      # low -> high
    out, power = 0, 1
    for c in cs:
        den = int(c.denominator)
        if den % p == 0:
            return None
        out = (out + int(c.numerator) * pow(den, -1, p) * power) % p
        power = power * r % p
    return out


def _prepare(blocks):
    """Each block as (shape, flat positions, value ids) over one list of distinct values."""
    ids, values, out = {}, [], []
    for A in blocks:
        pos, vid = [], []
        n = A.shape[1]
        for i, row in _dod(A).items():
            for j, v in row.items():
                h = tuple(v.rep) if hasattr(v, "rep") else v      # hashing a tuple of fmpq is fast
                k = ids.get(h)
                if k is None:
                    k = ids[h] = len(values)
                    values.append(v)
                pos.append(i * n + j)
                vid.append(k)
        out.append((A.shape, np.array(pos, dtype=np.int64), np.array(vid, dtype=np.int64)))
    return out, values


def _dense_mod(prepared, images, p):
    (m, n), pos, vid = prepared
    flat = np.zeros(m * n, dtype=np.uint64)
    flat[pos] = images[vid]
    return flint.nmod_mat(m, n, flat.tolist(), p)


def _echelon_mod(prepared, values, n, K, p, r):
    """``(pivots, values)``: the reduced echelon basis of the common nullspace mod (p, α -> r),
    values at the non-pivot columns row by row; None when an entry does not reduce."""
    images = [_image(v, K, p, r) for v in values]
    if any(x is None for x in images):
        return None
    images = np.array(images, dtype=np.uint64)
    X = None                                         # columns span the nullspace so far
    for prep in prepared:
        Am = _dense_mod(prep, images, p)
        M = Am if X is None else Am * X
        Y, nullity = M.nullspace()
        if nullity == 0:
            return (), [], 0
        rows, cols = Y.nrows(), Y.ncols()
        ent = Y.entries()                            # the first ``nullity`` columns span ker M
        Y = flint.nmod_mat(rows, nullity, [ent[i * cols + j] for i in range(rows) for j in range(nullity)], p)
        X = Y if X is None else X * Y
    if X is None:
        X = flint.nmod_mat([[int(i == j) for j in range(n)] for i in range(n)], p)
    R, rk = X.transpose().rref()
    ent = R.entries()
    pivots = []
    for i in range(rk):
        row = ent[i * n:(i + 1) * n]
        pivots.append(next(j for j, v in enumerate(row) if int(v)))
    free = sorted(set(range(n)) - set(pivots))
    flat = []
    if free:
        take = itemgetter(*free) if len(free) > 1 else (lambda row: (row[free[0]],))
        for i in range(rk):
            flat.extend(take(ent[i * n:(i + 1) * n]))
    return tuple(pivots), [int(v) for v in flat], rk


def _ratrecon(a, m, bound):
    """``(num, den)`` with num/den ≡ a (mod m), |num|, den <= bound; None if there is none."""
    r0, r1, t0, t1 = m, a % m, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        t0, t1 = t1, t0 - q * t1
    if t1 == 0 or abs(t1) > bound or gcd(r1, abs(t1)) != 1:
        return None
    return (r1, t1) if t1 > 0 else (-r1, -t1)


def _reconstruct(acc, M, f):
    """Rationals ``[(num, den)]`` per coefficient list in ``acc`` (each flat, rows of length
    ``f``) from residues mod M, one running denominator per row shared by all lists; None if
    some entry has no small enough preimage."""
    bound, half = isqrt(M // 2), M // 2
    e, total = len(acc), len(acc[0])
    if f == 0:                                       # no free columns: identity rows
        return [[] for _ in range(e)]
    out = [[None] * total for _ in range(e)]
    for start in range(0, total, f):
        den = 1
        for t in range(e):
            src, dst = acc[t], out[t]
            for j in range(start, start + f):
                a = src[j]
                if not a:
                    dst[j] = (0, 1)
                    continue
                y = a * den % M
                if y > half:
                    y -= M
                if abs(y) <= bound:
                    dst[j] = (y, den)
                    continue
                got = _ratrecon(y, M, bound)
                if got is None:
                    return None
                den *= got[1]
                if den > bound:
                    return None
                dst[j] = (got[0], den)
    return out


def _height_bits(candidate):
    return max((max(abs(num), den).bit_length() for lst in candidate for num, den in lst), default=0)


def nullspace_modular(blocks, n, domain=QQ):
    """Canonical reduced echelon basis (rows, over ``domain``) of ``{x : A x = 0 for every A}``.

    Parameters
    ----------
    blocks : list of DomainMatrix
        Constraint blocks with ``n`` columns over ``domain`` (QQ or an algebraic field).
    n : int
        Number of unknowns.

    Raises :class:`ModularFailure` when no proof was reached within :data:`MAX_PRIMES` primes.

    >>> from symequiv import linalg
    >>> swap = linalg.matrix([[0, 1], [1, 0]])
    >>> linalg.to_lists(nullspace_modular([linalg.constraint_matrix(swap, swap)], 4))
    [[1, 0, 0, 1], [0, 1, 1, 0]]
    """
    K = domain
    blocks = [A.convert_to(K).to_sparse() if A.domain != K else A.to_sparse() for A in blocks]
    blocks = [A for A in blocks if A.nnz()]
    fpoly = _field_poly(K)
    prepared, values = _prepare(blocks)
    e = 1 if fpoly is None else len(fpoly) - 1
    structure, acc, M, tried, candidate = None, None, 1, 0, None
    from ..budget import checkpoint
    for p, roots in _primes(fpoly):
        checkpoint(f"modular elimination, prime {p}")
        tried += 1
        if tried > MAX_PRIMES:
            break
        images = [_echelon_mod(prepared, values, n, K, p, r) for r in roots]
        if any(im is None for im in images) or len({(im[0], im[2]) for im in images}) != 1:
            continue                                 # a denominator vanished or the roots disagree
        pivots, _, d = images[0]
        if d == 0:                                   # nullity mod p bounds the true nullity
            return DomainMatrix({}, (0, n), K)
        if structure is None or d < structure[0]:    # a smaller nullity: the earlier primes were bad
            structure, acc, M, candidate = (d, pivots), None, 1, None
        elif (d, pivots) != structure:
            continue
        coeffs = _coefficients([im[1] for im in images], roots, p, e, d)
        if candidate is not None and _agrees(candidate, coeffs, p):
            out = _rows(candidate, structure[1], n, K, e, d)
            if _proves(out, blocks):
                return out
        acc, M = _crt(acc, M, coeffs, p)
        candidate = _reconstruct(acc, M, (n - d))
        # a reconstruction far below the bound is almost surely right: prove it at once
        if candidate is not None and 2 * _height_bits(candidate) + 40 < M.bit_length():
            out = _rows(candidate, structure[1], n, K, e, d)
            if _proves(out, blocks):
                return out
            candidate = None
    raise ModularFailure(f"no proof after {MAX_PRIMES} primes")


def _coefficients(values, roots, p, e, d):
    """The e power-basis coefficient lists mod p (inverse Vandermonde of the roots)."""
    if e == 1:
        return [values[0]]
    V = flint.nmod_mat([[pow(r, t, p) for t in range(e)] for r in roots], p)
    Vi = V.inv()
    f = len(values[0]) // d
    mats = [flint.nmod_mat(d, f, v, p) for v in values]
    out = []
    for t in range(e):
        C = mats[0] * int(Vi[t, 0])
        for i in range(1, e):
            C = C + mats[i] * int(Vi[t, i])
        out.append([int(x) for x in C.entries()])
    return out


def _crt(acc, M, coeffs, p):
    if acc is None:
        return coeffs, p
    inv = pow(M, -1, p)
    return [[a + M * ((c - a) * inv % p) for a, c in zip(la, lc)] for la, lc in zip(acc, coeffs)], M * p


def _agrees(candidate, coeffs, p):
    for lst, res in zip(candidate, coeffs):
        for (num, den), r in zip(lst, res):
            if den % p == 0 or num * pow(den, -1, p) % p != r:
                return False
    return True


def _rows(candidate, pivots, n, K, e, d):
    free = sorted(set(range(n)) - set(pivots))
    f = len(free)
    dod = {}
    for k, pv in enumerate(pivots):
        row = {pv: K.one}
        for idx, j in enumerate(free):
            cs = [candidate[t][k * f + idx] for t in range(e)]
            if any(num for num, _ in cs):
                if K.is_QQ:
                    row[j] = QQ(*cs[0])
                else:
                    row[j] = K([QQ(num, den) for num, den in reversed(cs)])
        dod[k] = row
    return DomainMatrix(dod, (len(pivots), n), K)


def _proves(R, blocks):
    """Exact check ``A Rᵀ = 0`` for every block (the rank half of the proof is the prime count)."""
    if R.shape[0] == 0:
        return True
    Rt = R.transpose().to_dense()
    for A in blocks:
        P = mul(A, Rt)                 # sparse A: no dense round trip of the constraint
        if any(_dod(P.to_sparse()).values()):
            return False
    return True
