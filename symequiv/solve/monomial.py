"""The monomial road: Hom between signed permutation reps, with no linear algebra.

A rep in which every discrete generator acts by a signed permutation matrix (and no Lie algebra
acts) -- ``Λ^k`` of a permutation rep, the cube groups on ``V^{⊗k}`` -- is the odd part of a
permutation rep on the doubled index set ``{(i, +), (i, -)}``: ``g`` sends ``(i, ε)`` to
``(p_i, ε s_i)``.  The orbits ``O`` of the group on pairs of doubled indices are found by the
orbit road's union-find; each gives the equivariant map ``W_O[r, c] = Σ ε_r ε_c`` over the sign
choices with ``((r, ε_r), (c, ε_c)) ∈ O``.  The four sign choices of one pair are permuted by
the sign flips, which commute with the group, so orbits come in classes of at most four whose
maps agree up to sign; maps of different classes have disjoint supports, and a class whose row
flip (or column flip) fixes it gives zero.  One map per surviving class, scaled to ``±1``
entries with its first entry ``+1`` and ordered by that entry's position, is the reduced echelon
basis -- the canonical form every elimination road gives.

>>> import symequiv as se
>>> W = se.Wedge(se.V(se.S(5)), 2)
>>> rows = monomial_rows(W, W)
>>> rows.shape, rows == se.linalg.rref_rows(rows)
((2, 100), True)
"""

import numpy as np

from .. import linalg
from .orbits import orbit_colors

__all__ = ["signed_perm", "monomial_rows", "is_monomial_pair"]


def signed_perm(M):
    """``(p, s)`` (destination and signs: ``M e_i = s_i e_{p_i}``) when ``M`` is a signed
    permutation matrix over Q, else None.

    >>> from symequiv import linalg
    >>> signed_perm(linalg.matrix([[0, -1], [1, 0]]))
    (array([1, 0]), array([ 1, -1]))
    """
    if not M.domain.is_QQ and not all(len(x.to_list()) <= 1 for r in linalg._dod(M).values()
                                      for x in r.values()):
        return None
    n = M.shape[0]
    p = np.full(n, -1, dtype=np.int64)
    s = np.zeros(n, dtype=np.int64)
    for i, row in linalg._dod(M.to_sparse()).items():
        if len(row) != 1:
            return None
        (j, x), = row.items()
        v = x if M.domain.is_QQ else (x.to_list() or [0])[0]
        if v == 1:
            sign = 1
        elif v == -1:
            sign = -1
        else:
            return None
        if p[j] != -1:
            return None
        p[j], s[j] = i, sign                  # column j has its one entry in row i
    if (p < 0).any():
        return None
    return p, s


def _signed(rep, k):
    memo = rep._memo.setdefault("signed_perm", {})
    if k not in memo:
        memo[k] = signed_perm(rep.rho_gen(k))
    return memo[k]


def is_monomial_pair(rep_in, rep_out):
    """Whether the monomial road applies: no Lie algebra, every discrete generator a signed
    permutation on both reps, and not both plain permutation reps (the orbit road's case)."""
    G = rep_out.group or rep_in.group
    if G is None or G.lie_generators or not G.discrete_generators:
        return False
    if rep_in.is_permutation and rep_out.is_permutation:
        return False
    return all(_signed(r, k) is not None for r in (rep_in, rep_out)
               for k in range(len(G.discrete_generators)))


def _doubled(p, s):
    n = p.size
    plus, minus = 2 * p + (s < 0), 2 * p + (s > 0)           # (i,+) -> (p_i, s_i), (i,-) -> (p_i, -s_i)
    out = np.empty(2 * n, dtype=np.int64)
    out[0::2], out[1::2] = plus, minus
    return out


def monomial_rows(rep_in, rep_out):
    """The reduced echelon basis of Hom(rep_in, rep_out) for signed permutation reps (rows of
    a ``DomainMatrix`` over Q, entries ±1, disjoint supports)."""
    G = rep_out.group or rep_in.group
    ng = len(G.discrete_generators)
    n_in, n_out = rep_in.size, rep_out.size
    outs = [_doubled(*_signed(rep_out, k)) for k in range(ng)]
    ins = [_doubled(*_signed(rep_in, k)) for k in range(ng)]
    colors, _ = orbit_colors(outs, ins, 2 * n_out, 2 * n_in)
    C = colors.reshape(2 * n_out, 2 * n_in)
    cpp, cpm = C[0::2, 0::2], C[0::2, 1::2]
    cmp_, cmm = C[1::2, 0::2], C[1::2, 1::2]
    L = np.minimum(np.minimum(cpp, cpm), np.minimum(cmp_, cmm))      # the class of each pair
    entry = ((cpp == L).astype(np.int64) - (cpm == L) - (cmp_ == L) + (cmm == L)).ravel()
    L = L.ravel()
    nz = np.flatnonzero(entry)
    if nz.size == 0:
        return linalg.zeros(0, n_out * n_in, G.domain)
    labels, first = np.unique(L[nz], return_index=True)   # nz is sorted: first = pivot position
    order = np.argsort(nz[first], kind="stable")
    row_of = np.empty(labels.size, dtype=np.int64)
    row_of[order] = np.arange(labels.size)
    rows = row_of[np.searchsorted(labels, L[nz])]
    sign = np.sign(entry[nz]) * np.sign(entry[nz[first]])[np.searchsorted(labels, L[nz])]
    K = G.domain                  # the group's field, like every other road (canonical bytes)
    one, minus = K.one, -K.one
    dod = {}
    for r, j, v in zip(rows.tolist(), nz.tolist(), sign.tolist()):
        dod.setdefault(r, {})[j] = one if v > 0 else minus
    return linalg.DomainMatrix(dod, (labels.size, n_out * n_in), K)
