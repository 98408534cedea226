"""Symmetrised diagram bases: Hom_G between tensor products of ``V``, ``V*``, ``Sym^k`` and
``Λ^k`` of them, for the classical groups, from the Brauer / Levi-Civita spanning set.

``Sym^k V`` sits in ``V^{⊗k}`` through the equivariant inclusion ``ι(u_I) = Σ_J e_J`` (``J``
the distinct orderings of the multiset ``I``; signed for ``Λ^k``) and the equivariant
projection ``π`` (the symmetriser read in the same coordinates: ``π(T)_I`` is the average of
``T_J`` over the orderings ``J`` of ``I``; signed for ``Λ^k``); ``π ι = id``.  Hence

    Hom(Sym^a V, Sym^b V) = { π_b D ι_a : D ∈ Hom(V^{⊗a}, V^{⊗b}) },

(any ``f`` equals ``π_b (ι_b f π_a) ι_a``), and the images of the diagram spanning set of
``Hom(V^{⊗a}, V^{⊗b})`` (:mod:`.diagrams`) span it: each diagram vector is compressed entry by
entry (output legs averaged over their orderings, input legs summed over theirs, with signs for
Λ), then reduced to the canonical echelon form.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> sym_diagram_basis(se.Sym(V, 2), se.Sym(V, 2)).shape        # Sym²V = 1 ⊕ 5: two maps
(2, 36)
"""

from collections import Counter
from math import factorial

from .. import linalg
from ..reps.core import DefiningRep, DualRep, ProductRep, ScalarRep
from ..reps.symmetric import SymRep, WedgeRep
from .diagrams import classical_data, _spanning_vectors, spanning_set_size, MAX_SPANNING_SET

__all__ = ["atoms", "sym_applies", "sym_diagram_basis"]


def _sign_of(rep):
    if isinstance(rep, DefiningRep) and rep.factor is None:
        return 1
    if isinstance(rep, DualRep) and isinstance(rep._inner, DefiningRep) and rep._inner.factor is None:
        return -1
    return None


def atoms(rep):
    """``[(kind, sign, k, rep)]`` in Kronecker order -- kind ``"T"`` (V or V*), ``"S"`` (Sym^k),
    ``"W"`` (Λ^k) of ``V`` (sign +1) or ``V*`` (-1) -- or ``None``."""
    if isinstance(rep, ScalarRep):
        return []
    s = _sign_of(rep)
    if s is not None:
        return [("T", s, 1, rep)]
    if isinstance(rep, (SymRep, WedgeRep)):
        s = _sign_of(rep.inner)
        if s is None:
            return None
        return [("S" if isinstance(rep, SymRep) else "W", s, rep.k, rep)]
    if isinstance(rep, ProductRep):
        out = []
        for r, p in rep.runs:
            a = atoms(r)
            if a is None:
                return None
            out += a * p
        return out
    return None


def _legs(ats):
    return [s for _, s, k, _ in ats for _ in range(k)]


def sym_applies(rep_in, rep_out):
    """The leg signature (output legs, then input legs with flipped signs) when this road applies:
    a classical group, both sides products of V / V* / Sym / Λ atoms with at least one Sym or Λ,
    and a spanning set of at most :data:`~.diagrams.MAX_SPANNING_SET` diagrams; else ``None``."""
    G = rep_out.group or rep_in.group
    if G is None:
        return None
    ai, ao = atoms(rep_in), atoms(rep_out)
    if ai is None or ao is None or not any(a[0] != "T" for a in ai + ao):
        return None
    data = classical_data(G)
    if data is None:
        return None
    var = _legs(ao) + [-s for s in _legs(ai)]
    if spanning_set_size(var, data[0], data[3], G.d, MAX_SPANNING_SET) > MAX_SPANNING_SET:
        return None
    return var


def _digits(j, n, m):
    out = [0] * m
    for p in range(m - 1, -1, -1):
        j, out[p] = divmod(j, n)
    return out


def _orderings(t):
    """Number of distinct orderings of the multiset ``t``."""
    out = factorial(len(t))
    for m in Counter(t).values():
        out //= factorial(m)
    return out


def _perm_sign(t):
    """Sign of the permutation sorting ``t`` (distinct entries)."""
    sign, t = 1, list(t)
    for i in range(len(t)):
        for j in range(len(t) - 1 - i):
            if t[j] > t[j + 1]:
                t[j], t[j + 1] = t[j + 1], t[j]
                sign = -sign
    return sign


def _coordinate(ats, legs, n, side):
    """``(coordinate, coefficient)`` of the rep's basis that the leg tuple contributes to, through
    ``π`` (``side == "out"``) or ``ι`` (``"in"``); ``None`` where it contributes nothing."""
    coord, coef, pos = 0, 1, 0
    for kind, _, k, rep in ats:
        t = tuple(legs[pos:pos + k])
        pos += k
        if kind == "T":
            c = t[0]
        else:
            if kind == "W":
                if len(set(t)) < k:
                    return None
                coef *= _perm_sign(t)
                if side == "out":                 # π averages the signed orderings
                    coef *= linalg.QQ(1, factorial(k))
            elif side == "out":                   # π averages the orderings of the multiset
                coef *= linalg.QQ(1, _orderings(t))
            c = rep._index[tuple(sorted(t))]
        coord = coord * rep.size + c
    return coord, coef


def sym_diagram_basis(rep_in, rep_out):
    """Canonical exact basis (rows) of Hom_G(rep_in, rep_out) by the symmetrised diagram road
    (see the module docstring); ``rep_in``, ``rep_out`` as accepted by :func:`sym_applies`."""
    G = rep_out.group or rep_in.group
    data = classical_data(G)
    ai, ao = atoms(rep_in), atoms(rep_out)
    lo, li = len(_legs(ao)), len(_legs(ai))
    var = _legs(ao) + [-s for s in _legs(ai)]
    n = G.d
    n_in = rep_in.size
    rows, memo_out, memo_in = {}, {}, {}
    for vec in _spanning_vectors(var, data, n):
        row = {}
        for j, c in vec.items():
            jo, ji = divmod(j, n ** li)
            if jo not in memo_out:
                memo_out[jo] = _coordinate(ao, _digits(jo, n, lo), n, "out")
            if ji not in memo_in:
                memo_in[ji] = _coordinate(ai, _digits(ji, n, li), n, "in")
            o, i = memo_out[jo], memo_in[ji]
            if o is None or i is None:
                continue
            key = o[0] * n_in + i[0]
            row[key] = row.get(key, 0) + c * o[1] * i[1]
        row = {k: linalg.QQ(x) for k, x in row.items() if x}
        if row:
            rows[len(rows)] = row
    N = n_in * rep_out.size
    if not rows:
        return linalg.zeros(0, N)
    return linalg.rref_rows(linalg.DomainMatrix(rows, (len(rows), N), linalg.QQ))
