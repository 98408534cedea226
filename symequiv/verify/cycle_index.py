"""The character formula over cycle types: permutation groups and reps built from ``V`` with
``+``, ``*``, duals, ``Sym^k`` and ``Λ^k``.

For a permutation ``g`` with ``m_c`` cycles of length ``c``, the defining rep has the power sums
``p_j = tr(g^j) = Σ_{c | j} c·m_c`` (the fixed points of ``g^j``).  A symmetric or exterior
power of a rep ``A`` has the character ``h_k`` or ``e_k`` of ``A``'s eigenvalues, which Newton's
identities give from ``tr_A(g^i)``, ``i = 1..k`` -- so every character here is a function of the
cycle type alone, computed from this formula and never from the rep's matrices.  Summed over the
cycle types with their class sizes (closed forms for ``S(n)``, ``A(n)``, ``Z(n)``; counted over
the enumerated elements otherwise), Burnside's formula gives ``dim Hom_G``:
``Sym²(V) → Sym²(V)`` for S(30) is counted over its 5604 cycle types.

>>> import symequiv as se
>>> P = se.V(se.S(6))
>>> cycle_type_dim(se.Sym(P, 2), se.Sym(P, 2))[0], cycle_type_dim(se.Wedge(P, 2), P)[0]
(9, 1)
"""

from fractions import Fraction
from math import factorial, gcd

from ..groups.permutation import PermGroup, cycle_lengths
from ..reps.core import ScalarRep, DefiningRep, DualRep, SumRep, ProductRep
from ..reps.symmetric import SymRep, WedgeRep

__all__ = ["cycle_type_dim", "cycle_type_distribution", "power_trace_dim", "newton",
           "MAX_CYCLE_TYPES"]

#: Largest number of cycle types (partitions of n, or enumerated elements) summed over.
MAX_CYCLE_TYPES = 200_000


class _NotHere(Exception):
    pass


def _partitions(n):
    from sympy.utilities.iterables import partitions
    from sympy.functions.combinatorial.numbers import partition
    count = int(partition(n))
    if count > MAX_CYCLE_TYPES:
        raise _NotHere(f"S({n}) has {count} cycle types")
    for p in partitions(n):
        yield tuple(sorted(p.items()))


def _class_size(n, ct):
    z = 1
    for c, m in ct:
        z *= c ** m * factorial(m)
    return factorial(n) // z


def cycle_type_distribution(G):
    """``{cycle type: number of elements}`` (a cycle type is ``((c, m_c), ...)`` sorted), or
    ``None`` for groups it does not handle.

    >>> import symequiv as se
    >>> cycle_type_distribution(se.S(3)) == {((1, 3),): 1, ((1, 1), (2, 1)): 3, ((3, 1),): 2}
    True
    """
    if not isinstance(G, PermGroup):
        return None
    from .burnside import _named
    name, n = _named(G)
    try:
        if name in ("S", "A"):
            out = {}
            for ct in _partitions(n):
                if name == "A" and (n - sum(m for _, m in ct)) % 2:
                    continue
                out[ct] = _class_size(n, ct)
            return out
        if name == "Z":
            out = {}
            for a in range(n):
                d = gcd(a, n)                  # g^a: d cycles of length n/d
                key = ((n // d, d),)
                out[key] = out.get(key, 0) + 1
            return out
        if G.order() > MAX_CYCLE_TYPES:
            return None
        from ..groups.matrix import enumerate_elements
        out = {}
        for g in enumerate_elements(G, MAX_CYCLE_TYPES):
            counts = {}
            for c in cycle_lengths(g):
                counts[c] = counts.get(c, 0) + 1
            key = tuple(sorted(counts.items()))
            out[key] = out.get(key, 0) + 1
        return out
    except _NotHere:
        return None


def cycle_type_dim(rep_in, rep_out):
    """``(dim Hom_G(rep_in, rep_out), method)`` by the character formula over cycle types, or
    ``None`` where it does not apply (not a permutation group, an atom other than ``V``,
    ``Scalar``, sums, products, duals, Sym and Wedge, or too many cycle types)."""
    G = rep_out.group or rep_in.group
    if G is None:
        return None
    dist = cycle_type_distribution(G)
    if dist is None:
        return None
    from .burnside import integer_dim
    total, order = 0, 0
    try:
        for ct, count in dist.items():
            def fixed(j, ct=ct):               # tr(g^j) on V: the points fixed by g^j
                return sum(c * m for c, m in ct if j % c == 0)
            memo = {}
            total += count * _matrix_char(rep_in, fixed, 1, _real, memo) * \
                _matrix_char(rep_out, fixed, 1, _real, memo)
            order += count
    except _NotHere:
        return None
    if order != G.order():
        raise AssertionError(f"cycle types count {order} elements, the group has {G.order()}")
    return (integer_dim(total, order),
            f"character formula over {len(dist)} cycle types (power sums, Newton)")


def _real(x):
    return x


# --- finite matrix groups: characters from traces of powers of the defining matrix ----------

def newton(p, sym, one, divide):
    """``h_k`` (``sym``) or ``e_k`` of a multiset of eigenvalues from its power sums
    ``p = [p_1, ..., p_k]``: ``m h_m = Σ_j p_j h_{m-j}``, ``m e_m = Σ_j (-1)^{j-1} p_j e_{m-j}``;
    ``one`` is the unit and ``divide(x, m)`` the exact division, in whatever ring ``p`` lives.

    >>> newton([3, 3], True, 1, lambda x, m: x // m), newton([3, 3], False, 1, lambda x, m: x // m)
    (6, 3)
    """
    h = [one]
    for m in range(1, len(p) + 1):
        acc = None
        for j in range(1, m + 1):
            term = p[j - 1] * h[m - j]
            term = term if sym or j % 2 else -term
            acc = term if acc is None else acc + term
        h.append(divide(acc, m))
    return h[-1]


def _matrix_char(rep, powers, j, conj, memo):
    """``tr_rep(g^j)`` from ``powers(j) = tr_V(g^j)``, the traces of powers of the defining
    rep (fixed points of ``g^j`` for a permutation, field elements for a matrix group), through
    the rep's structure and Newton's identities; raises ``_NotHere`` for atoms it does not know."""
    key = (id(rep), j)
    if key in memo:
        return memo[key][1]
    if isinstance(rep, ScalarRep):
        v = 1
    elif isinstance(rep, DefiningRep) and rep.factor is None:
        v = powers(j)
    elif isinstance(rep, DualRep):
        v = _matrix_char(rep._inner, powers, j, conj, memo)
        v = conj(v)                                   # χ(g⁻¹) = conj χ(g) on a finite group
    elif isinstance(rep, SumRep):
        v = 0
        for r, m in rep.sum_terms():
            v = v + _matrix_char(r, powers, j, conj, memo) * m
    elif isinstance(rep, ProductRep):
        v = 1
        for r, p in rep.runs:
            v = v * _matrix_char(r, powers, j, conj, memo) ** p
    elif isinstance(rep, (SymRep, WedgeRep)):
        sym = isinstance(rep, SymRep)
        p = [_matrix_char(rep.inner, powers, i * j, conj, memo) for i in range(1, rep.k + 1)]
        v = newton(p, sym, 1, lambda x, m: x * Fraction(1, m) if isinstance(x, (int, Fraction))
                   else x / m)
    else:
        raise _NotHere(type(rep).__name__)
    memo[key] = (rep, v)
    return v


def power_trace_dim(rep_in, rep_out, limit=200_000):
    """``(dim Hom_G, method)`` for a finite matrix group by Burnside's formula, every character
    computed from the traces of powers of the element's *defining* matrix (Newton's identities
    for Sym / Wedge) -- no matrix of the reps themselves is formed; ``None`` where it does not
    apply (permutation or continuous groups, explicit atoms, products)."""
    from ..groups.matrix import MatGroup, enumerate_elements
    from .. import linalg
    from .burnside import _conjugation, integer_dim
    G = rep_out.group or rep_in.group
    if not isinstance(G, MatGroup) or G.lie_generators:
        return None
    order = G.order()
    if order is None or order > limit:
        return None
    conj = _conjugation(G) or _real          # complex characters are conjugated (over Q(i))
    total = 0
    try:
        for g in enumerate_elements(G, limit):
            pw = {1: g.to_dense()}

            def powers(j, pw=pw, g=g):
                if j not in pw:
                    pw[j] = pw[max(k for k in pw if k < j)].matmul(pw[1]) if j - 1 in pw else \
                        _mat_power(pw[1], j)
                return linalg.trace(pw[j])
            memo = {}
            total = total + conj(_matrix_char(rep_in, powers, 1, conj, memo)) * \
                _matrix_char(rep_out, powers, 1, conj, memo)
    except _NotHere:
        return None
    return (integer_dim(total, order),
            f"character formula over {order} elements (traces of powers, Newton)")


def _mat_power(M, j):
    out, base = None, M
    while j:
        if j & 1:
            out = base if out is None else out.matmul(base)
        j >>= 1
        if j:
            base = base.matmul(base)
    return out
