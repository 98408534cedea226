"""Closed-form bases of Hom_G(V^{⊗k}, V^{⊗l}) for S_n and the classical groups.

* **S_n** -- set partitions of the k+l index positions (Maron, Ben-Hamu, Shamir, Lipman,
  ICLR 2019, arXiv:1812.09902; Pearce-Crump, arXiv:2212.08648).  The orbit basis has one
  0/1 indicator per partition with at most n blocks; the colour of an index tuple is its
  equality pattern, computed directly (no search).
* **O(n), SO(n), O(1,3), SO(1,3), Sp(m), GL(n), SL(n)** -- Brauer diagrams: perfect
  matchings of the positions, each pair carrying δ (an upper and a lower index), the
  invariant form (two lower indices) or its inverse (two upper); for SO(n), SO(1,3) and SL(n)
  also diagrams with n positions contracted into the Levi-Civita symbol (Pearce-Crump,
  "Brauer's Group Equivariant Neural Networks", ICML 2023, arXiv:2212.08630; Lehrer-Zhang).
  GL(n) uses only δ pairs (k! permutations when k = l).  The spanning set is reduced exactly
  to the canonical reduced-echelon basis, so it is identical to the elimination road's.

Positions are the output factors followed by the input factors (row-major ``vec(W)``).
An output ``V`` or input ``V*`` is an upper index; an output ``V*`` or input ``V`` a lower one.

>>> import symequiv as se
>>> V = se.V(se.O(3))
>>> diagram_basis(V ** 4, V ** 4).shape[0]     # 105 Brauer diagrams, rank 91
91
"""

from itertools import combinations, permutations

import numpy as np

from .. import linalg
from ..groups import catalogue
from ..groups.permutation import cycle_lengths
from ..reps.core import ScalarRep, DefiningRep, DualRep, ProductRep

__all__ = ["classical_data", "tensor_signature", "partition_colors", "diagram_basis",
           "brauer_matchings", "applies"]


def _perm_sign(p):
    return -1 if sum(1 for L in cycle_lengths(p) if L % 2 == 0) % 2 else 1


def classical_data(G):
    """``(kind, form, form_inverse, epsilon)`` if ``G`` is a catalogue classical group, else
    ``None``.  ``epsilon`` is ``None``, ``"any"`` (indices raised with the form) or ``"pure"``
    (all lower or all upper, SL).

    >>> import symequiv as se
    >>> classical_data(se.SO(3))[0], classical_data(se.S(3))
    ('SO', None)
    """
    memo = G._memo
    if "classical" in memo:
        return memo["classical"]
    out = None
    n = G.d
    if not G.factors[1:] and G.lie_generators:
        eye = linalg.identity(n)
        eta = linalg.matrix(np.diag([1, -1, -1, -1]).tolist()) if n == 4 else None
        table = [("O", lambda: catalogue.O(n), eye, eye, None),
                 ("SO", lambda: catalogue.SO(n), eye, eye, "any"),
                 ("GL", lambda: catalogue.GL(n), None, None, None),
                 ("SL", lambda: catalogue.SL(n), None, None, "pure")]
        if n == 4:
            table += [("O13", catalogue.O13, eta, eta, None), ("SO13", catalogue.SO13, eta, eta, "any")]
        if n % 2 == 0:
            m = n // 2
            J = linalg.matrix(np.block([[np.zeros((m, m), int), np.eye(m, dtype=int)],
                                       [-np.eye(m, dtype=int), np.zeros((m, m), int)]]).tolist())
            table.append(("Sp", lambda: catalogue.Sp(n // 2), J, None, None))
        # the candidate whose name matches is tried first; building every candidate costs
        # O(n^2) generators each (GL(100) has 10^4), so others are tried only for small n
        names = {"O": f"O({n})", "SO": f"SO({n})", "GL": f"GL({n})", "SL": f"SL({n})",
                 "O13": "O13()", "SO13": "SO13()", "Sp": f"Sp({n // 2})"}
        table.sort(key=lambda row: names[row[0]] != repr(G))
        for kind, ctor, F, Fi, eps in table:
            if names[kind] != repr(G) and n > 8:
                continue
            if G == ctor():
                if kind == "Sp":
                    Fi = linalg.inverse(F)
                out = (kind, F, Fi, eps)
                break
    memo["classical"] = out
    return out


def tensor_signature(rep):
    """For ``rep`` = a tensor product of ``V`` and ``V.T`` (or ``Scalar``): the list of
    factors as ``+1`` (V) / ``-1`` (V*), else ``None``.

    >>> import symequiv as se
    >>> V = se.V(se.SL(2))
    >>> tensor_signature(V * V.T * V), tensor_signature(V + V)
    ([1, -1, 1], None)
    """
    if isinstance(rep, ScalarRep):
        return []
    if isinstance(rep, DefiningRep) and rep.factor is None:
        return [1]
    if isinstance(rep, DualRep) and isinstance(rep._inner, DefiningRep) and rep._inner.factor is None:
        return [-1]
    if isinstance(rep, ProductRep):
        out = []
        for r, p in rep.runs:
            s = tensor_signature(r)
            if s is None:                  # scalar factors (s == []) do not hide the tensor form
                return None
            out += s * p
        return out
    return None


#: Largest diagram spanning set reduced exactly; past it elimination is faster here
#: (SO(3) V^5 -> V^5: 945 Brauer diagrams take 47 s, stepwise elimination 24 s).
MAX_SPANNING_SET = 500


def _eps_groups(positions, n, var, many):
    """Ways to pick disjoint n-subsets of ``positions`` for Levi-Civita symbols: none or one
    (``many=False``: with a form, two ε contract to δ's), or any number of pure subsets
    (``many=True``, SL: all indices of each ε lower or all upper)."""
    yield []
    if len(positions) < n:
        return
    for S in combinations(positions, n):
        if many and len({var[p] for p in S}) != 1:
            continue
        yield [S]
        if many:
            rest = [p for p in positions if p not in S and p > S[0]]
            for more in _eps_groups(rest, n, var, True):
                if more:
                    yield [S] + more


def diagram_shapes(var, kind, eps, n):
    """Every diagram for positions of variances ``var``: ``(eps_subsets, pairs)``."""
    m = len(var)
    for groups in _eps_groups(list(range(m)), n, var, eps == "pure") if eps else [[]]:
        used = {p for S in groups for p in S}
        rest = [p for p in range(m) if p not in used]
        if kind in ("GL", "SL"):
            ups = [p for p in rest if var[p] > 0]
            downs = [p for p in rest if var[p] < 0]
            if len(ups) != len(downs):
                continue
            for perm in permutations(range(len(downs))):
                yield groups, [tuple(sorted((ups[i], downs[perm[i]]))) for i in range(len(ups))]
        elif len(rest) % 2 == 0:
            for matching in brauer_matchings(rest):
                yield groups, matching


def spanning_set_size(var, kind, eps, n, cap=None):
    """Number of diagrams (counted up to ``cap + 1`` when a cap is given)."""
    count = 0
    for _ in diagram_shapes(var, kind, eps, n):
        count += 1
        if cap is not None and count > cap:
            break
    return count


def applies(rep_in, rep_out):
    """``"partitions"``, ``"brauer"`` or ``None``: which closed form covers this block.

    >>> import symequiv as se
    >>> applies(se.V(se.S(4)), se.V(se.S(4))), applies(se.V(se.O(3)), se.V(se.O(3)) ** 3)
    ('partitions', 'brauer')
    """
    G = rep_out.group or rep_in.group
    if G is None:
        return None
    si, so = tensor_signature(rep_in), tensor_signature(rep_out)
    if si is None or so is None:
        return None
    if G == catalogue.S(G.d) if not G.lie_generators and not G.factors[1:] else False:
        return "partitions"
    data = classical_data(G)
    if data is not None:
        var = list(so) + [-s for s in si]
        if spanning_set_size(var, data[0], data[3], G.d, MAX_SPANNING_SET) <= MAX_SPANNING_SET:
            return "brauer"
    return None


def _growth_strings(m, max_blocks):
    """All restricted growth strings of length ``m`` with at most ``max_blocks`` blocks,
    in lexicographic order."""
    out = [()]
    for _ in range(m):
        out = [s + (b,) for s in out for b in range(min(max(s, default=-1) + 2, max_blocks))]
    return out


def partition_colors(n, m):
    """Orbit colour of every index tuple in ``range(n)^m`` (row-major) under S_n: tuples with
    the same equality pattern share a colour.  The first tuple (row-major) with a given
    pattern is its restricted growth string, so colours numbered by first occurrence are
    the ranks of the growth strings in lexicographic order -- no search, no sort.

    >>> partition_colors(2, 2).tolist()
    [0, 1, 1, 0]
    """
    if m == 0 or n == 1:             # one tuple (n = 1: also past numpy's 64 axes, V(S(1))**64)
        return np.zeros(1, dtype=np.int64)
    shape = (n,) * m
    axes = [np.arange(n, dtype=np.int32).reshape([n if a == p else 1 for a in range(m)]) for p in range(m)]
    labels = []
    maxlab = np.full((1,) * m, -1, dtype=np.int8)
    code = np.zeros((1,) * m, dtype=np.int64)
    for p in range(m):
        lab = maxlab + 1
        for q in range(p):
            lab = np.where(axes[q] == axes[p], labels[q], lab)
        lab = lab.astype(np.int8)
        labels.append(lab)
        maxlab = np.maximum(maxlab, lab)
        code = code * m + lab
    code = np.broadcast_to(code, shape).ravel()
    valid = np.array([sum(b * m ** (m - 1 - i) for i, b in enumerate(s))
                      for s in _growth_strings(m, n)], dtype=np.int64)
    return np.searchsorted(valid, code).astype(np.int64)


def brauer_matchings(points):
    """All perfect matchings of ``points`` (a list), deterministically ordered.

    >>> list(brauer_matchings([0, 1, 2, 3]))
    [[(0, 1), (2, 3)], [(0, 2), (1, 3)], [(0, 3), (1, 2)]]
    """
    if not points:
        yield []
        return
    a = points[0]
    for i in range(1, len(points)):
        rest = points[1:i] + points[i + 1:]
        for m in brauer_matchings(rest):
            yield [(a, points[i])] + m


def _nonzeros(M):
    return [(i, j, x) for i, row in sorted(M.to_sparse().rep.items()) for j, x in sorted(row.items())]


def _pair_entries(var_p, var_q, F, Fi, n):
    one = linalg.QQ.one
    if var_p != var_q:
        return [(a, a, one) for a in range(n)]
    M = Fi if var_p > 0 else F
    return None if M is None else _nonzeros(M)


def _vectors_of(shape, var, data, n):
    """The exact tensor of one diagram ``(eps_subsets, pairs)`` as a sparse ``{index: value}``."""
    kind, F, Fi, eps = data
    groups, pairs = shape
    m = len(var)
    weights = [n ** (m - 1 - p) for p in range(m)]
    terms = [({}, linalg.QQ.one)]
    for S in groups:
        new = []
        for p in permutations(range(n)):
            coeff = linalg.QQ(_perm_sign(p))
            if eps == "any":
                for i, pos in enumerate(S):
                    if var[pos] > 0:          # raise the index with the (diagonal) form
                        coeff *= Fi.to_sparse().rep[p[i]][p[i]]
            part = {pos: p[i] for i, pos in enumerate(S)}
            new.extend(({**a, **part}, c * coeff) for a, c in terms)
        terms = new
    for p, q in pairs:
        entries = _pair_entries(var[p], var[q], F, Fi, n)
        if entries is None:
            return {}
        terms = [({**a, p: u, q: v}, c * x) for a, c in terms for u, v, x in entries]
    vec = {}
    for a, c in terms:
        j = sum(weights[p] * v for p, v in a.items())
        vec[j] = vec.get(j, 0) + c
    return {j: c for j, c in vec.items() if c}


def _spanning_vectors(var, data, n):
    kind, F, Fi, eps = data
    vectors = []
    for shape in diagram_shapes(var, kind, eps, n):
        vec = _vectors_of(shape, var, data, n)
        if vec:
            vectors.append(vec)
    return vectors


def diagram_basis(rep_in, rep_out):
    """Canonical exact basis (rows) of Hom_G(rep_in, rep_out) from the diagram spanning set.

    Only for the classical groups of :func:`classical_data` and tensor products of ``V``
    and ``V.T``.

    >>> import symequiv as se
    >>> V = se.V(se.GL(3))
    >>> diagram_basis(V ** 2, V ** 2).shape        # the 2 permutations
    (2, 81)
    """
    G = rep_out.group or rep_in.group
    data = classical_data(G)
    var = [s for s in tensor_signature(rep_out)] + [-s for s in tensor_signature(rep_in)]
    n = G.d
    vecs = _spanning_vectors(var, data, n)
    N = rep_in.size * rep_out.size
    if not vecs:
        return linalg.zeros(0, N)
    M = linalg.DomainMatrix({k: v for k, v in enumerate(vecs)}, (len(vecs), N), linalg.QQ)
    return linalg.rref_rows(M)
