"""The constraint check of a sparse rational basis in exact integer arithmetic.

For every generator, ``ρ_out(g) W_k = W_k ρ_in(g)`` for every basis map ``W_k``, with both
sides computed as sparse products of int64 coordinate lists: each basis row is scaled by its
own common denominator and each generator pair by one common denominator (both identities are
homogeneous, so the scaling changes nothing), every product of two nonzeros is formed by
joining on the shared index, and equal positions are summed with ``np.add.reduceat`` in int64.
A bound checked first (largest |entry| of the basis x largest |entry| of the generator x most
terms in one sum, below 2⁶²) proves that no sum leaves int64, so the comparison is exact;
past the bound, or over a number field, the caller keeps the rational products.

The cost is the number of nonzero products, not ``n_out x n_in x dim``: O(5) Hom(V⁴, V⁴)
(105 maps of 625 x 625, eleven generators) is checked in well under a second, where sparse
rational products took about 30 s.

>>> import symequiv as se
>>> B = se.equivariant_basis(se.V(se.SO(3)) ** 2, se.V(se.SO(3)) ** 2)
>>> check_rows_integer(B, se.SO(3))
True
"""

from math import lcm
from operator import attrgetter

import numpy as np

from ..linalg.integer import IntegerOverflow, sparse_integer_form, common_denominator, maxabs

__all__ = ["check_rows_integer"]

_BOUND = 1 << 62
_NUM, _DEN = attrgetter("numerator"), attrgetter("denominator")


def _basis_coo(B):
    """``(k, r, c, v)`` int64 arrays of the basis maps, each row scaled to integers, or
    ``None`` past int64."""
    rows = sorted(B.rows().to_sparse().rep.items())
    idx, vals, lens = [], [], []
    for _, row in rows:
        idx.extend(row.keys())
        vals.extend(row.values())
        lens.append(len(row))
    try:
        num = np.fromiter(map(int, map(_NUM, vals)), dtype=np.int64, count=len(vals))
        den = np.fromiter(map(int, map(_DEN, vals)), dtype=np.int64, count=len(vals))
    except OverflowError:
        return None
    lens = np.array(lens, dtype=np.int64)
    k = np.repeat(np.array([k for k, _ in rows], dtype=np.int64), lens)
    if (den != 1).any():                             # scale each row by its own denominator
        ends = np.cumsum(lens)
        scale = np.ones(len(vals), dtype=np.int64)
        for t in np.unique(np.searchsorted(ends, np.flatnonzero(den != 1), side="right")):
            lo, hi = int(ends[t] - lens[t]), int(ends[t])
            L = lcm(*map(int, den[lo:hi]))
            mult = [L // int(d) for d in den[lo:hi]]
            if L >= _BOUND or maxabs(num[lo:hi]) * max(mult) >= _BOUND:
                return None
            scale[lo:hi] = mult
        num = num * scale
    r, c = np.divmod(np.array(idx, dtype=np.int64), B.n_in)
    return k, r, c, num


def _join(left_key, left_vals, right_key, right_vals):
    """Index pairs ``(a, b)`` with ``left_key[a] == right_key[b]`` (every match)."""
    order = np.argsort(right_key, kind="stable")
    sk = right_key[order]
    lo = np.searchsorted(sk, left_key, side="left")
    hi = np.searchsorted(sk, left_key, side="right")
    cnt = hi - lo
    a = np.repeat(np.arange(len(left_key), dtype=np.int64), cnt)
    start = np.repeat(lo - np.cumsum(np.r_[0, cnt[:-1]]), cnt)
    b = order[start + np.arange(len(a), dtype=np.int64)]
    return a, b


def _summed(keys, vals):
    """Sorted distinct keys with the int64 sums of their values, zeros dropped."""
    if len(keys) == 0:
        return keys, vals
    order = np.argsort(keys, kind="stable")
    keys, vals = keys[order], vals[order]
    heads = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    keys, sums = keys[heads], np.add.reduceat(vals, heads)
    keep = sums != 0
    return keys[keep], sums[keep]


def _most_per(index, size):
    return int(np.bincount(index, minlength=size).max()) if len(index) else 0


def check_rows_integer(B, G):
    """Exact check of every generator constraint on a sparse rational basis, in int64.

    Returns ``True`` / ``False``, or ``None`` when the integer form does not apply (a number
    field, or a bound past int64): the caller then checks with rational products.
    """
    if not B.rows().domain.is_QQ:
        return None
    coo = _basis_coo(B)
    if coo is None:
        return None
    k, r, c, v = coo
    n_in, n_out = B.n_in, B.n_out
    mw = maxabs(v)
    pairs = [(B.rep_out.rho_gen(j), B.rep_in.rho_gen(j)) for j in range(len(G.discrete_generators))]
    pairs += [(B.rep_out.drho_gen(j), B.rep_in.drho_gen(j)) for j in range(len(G.lie_generators))]
    for M_out, M_in in pairs:
        if not (M_out.domain.is_QQ and M_in.domain.is_QQ):
            return None
        s = common_denominator([M_out, M_in])
        try:
            orow, ocol, oval = sparse_integer_form(M_out, s)
            irow, icol, ival = sparse_integer_form(M_in, s)
        except IntegerOverflow:
            return None
        # ρ_out W_k: Σ_r ρ_out[i, r] W_k[r, c], at most (nonzeros in row i of ρ_out) terms
        terms = max(_most_per(orow, n_out), _most_per(icol, n_in), 1)
        if mw * max(maxabs(oval), maxabs(ival), 1) * terms >= _BOUND:
            return None
        a, b = _join(r, v, ocol, oval)                       # W[k, r, c] with ρ_out[i, r]
        left = _summed((k[a] * n_out + orow[b]) * n_in + c[a], v[a] * oval[b])
        a, b = _join(c, v, irow, ival)                       # W[k, r, c] with ρ_in[c, c']
        right = _summed((k[a] * n_out + r[a]) * n_in + icol[b], v[a] * ival[b])
        if not (np.array_equal(left[0], right[0]) and np.array_equal(left[1], right[1])):
            return False
    return True
