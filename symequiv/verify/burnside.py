"""The character (Burnside) formula for finite groups, and SymPy's orbit count.

.. math:: \\dim \\operatorname{Hom}_G(V, W) = \\frac{1}{|G|}\\sum_{g} \\chi_V(g)\\,\\chi_W(g),

evaluated through the distribution of the trace of the defining representation (characters of
sums, tensor products and duals are polynomials in it; characters of real representations of
finite groups are real, so ``χ(g⁻¹) = χ(g)``).  The distribution is a closed form for ``S(n)``
(rencontres numbers), ``A(n)`` and ``Z(n)``, and an enumeration of the elements otherwise.
Nothing here imports the solver.

>>> import symequiv as se
>>> burnside_dim(se.V(se.S(5)) ** 2, se.V(se.S(5)) ** 2)[0]
15
"""

from fractions import Fraction
from math import comb

from .. import linalg
from ..errors import GroupTooLargeError, RepresentationError
from ..groups.base import ProductGroup
from ..groups.permutation import PermGroup
from ..groups.matrix import enumerate_elements, ELEMENT_LIMIT
from ..groups import catalogue
from ..reps.checks import common_group
from .characters import character, _blocks

__all__ = ["trace_distribution", "burnside_dim", "pair_orbit_count", "PAIR_ORBIT_LIMIT"]


def _derangements(m):
    d = [1, 0]
    for k in range(2, m + 1):
        d.append((k - 1) * (d[-1] + d[-2]))
    return d[m]


def _named(G):
    if isinstance(G, PermGroup):
        n = G.degree
        for name, ctor in (("S", catalogue.S), ("A", catalogue.A), ("Z", catalogue.Z)):
            if G == ctor(n):
                return name, n
    return None, None


def trace_distribution(G, limit=ELEMENT_LIMIT, blocks=()):
    """``({trace tuple: number of elements}, method)`` for a finite group ``G``: the
    distribution over G of the trace of each factor's defining representation, followed
    by the number of fixed points inside each block ``(start, stop)`` of ``blocks``
    (for restricted permutation reps).

    >>> import symequiv as se
    >>> trace_distribution(se.S(3))[0]
    {(0,): 2, (1,): 3, (3,): 1}
    """
    if isinstance(G, ProductGroup):
        dist = {(): 1}
        methods = []
        for f in G.factors:
            fd, m = trace_distribution(f, limit)
            methods.append(m)
            dist = {a + b: ca * cb for a, ca in dist.items() for b, cb in fd.items()}
        return dict(sorted(dist.items())), " x ".join(methods)
    if G.is_continuous:
        raise GroupTooLargeError(f"{G!r} is continuous")
    name, n = _named(G) if not blocks else (None, None)
    if name == "S":
        return ({(k,): comb(n, k) * _derangements(n - k) for k in range(n + 1)
                 if comb(n, k) * _derangements(n - k)}, "rencontres numbers")
    if name == "A":
        def even(m):
            return (_derangements(m) + (1 if (m - 1) % 2 == 0 else -1) * (m - 1)) // 2
        return ({(k,): comb(n, k) * even(n - k) for k in range(n + 1) if comb(n, k) * even(n - k)},
                "even-derangement numbers")
    if name == "Z":
        return ({(0,): n - 1, (n,): 1} if n > 1 else {(1,): 1}), "regular action"
    if isinstance(G, PermGroup) and G.order() > limit:
        raise GroupTooLargeError(f"{G!r} has order {G.order()} > {limit}")
    els = enumerate_elements(G, limit)
    dist = {}
    for g in els:
        t = (_trace(G, g),) + tuple(sum(1 for i in range(a, b) if g[i] == i) for a, b in blocks)
        dist[t] = dist.get(t, 0) + 1
    return dict(sorted(dist.items(), key=_trace_order)), f"enumeration of {len(els)} elements"


def _trace_order(item):
    # rational traces sort by value; number-field traces by their coefficients' text
    return tuple((0, t) if isinstance(t, (int, Fraction)) else (1, tuple(map(str, t.to_list())))
                 for t in item[0])


def _trace(G, g):
    if isinstance(G, PermGroup):
        return int(sum(1 for i, x in enumerate(g) if i == x))
    t = linalg.trace(g)
    if not G.domain.is_QQ:
        return t                     # an element of the number field (sums and products stay exact)
    return Fraction(int(t.numerator), int(t.denominator))


def burnside_dim(rep_in, rep_out, limit=ELEMENT_LIMIT):
    """``(dim Hom_G(rep_in, rep_out), method)`` by the character formula, or raise
    :class:`GroupTooLargeError` where no finite enumeration is possible.

    >>> import symequiv as se
    >>> burnside_dim(se.V(se.S(6)) ** 2, se.V(se.S(6)) ** 2)[0]
    15
    """
    G = common_group(rep_in, rep_out, where="burnside_dim")
    if G is None:
        return rep_in.size * rep_out.size, "no group acts on either side: every map is equivariant"
    if _has_explicit(rep_in) or _has_explicit(rep_out):
        from .cycle_index import cycle_type_dim, power_trace_dim   # Sym / Wedge atoms
        found = cycle_type_dim(rep_in, rep_out)
        if found is None:
            found = power_trace_dim(rep_in, rep_out, limit)
        if found is not None:
            return found
        return _walk_characters(G, rep_in, rep_out, limit)
    blocks = tuple(sorted(_blocks(rep_in, set()) | _blocks(rep_out, set())))
    dist, method = trace_distribution(G, limit, blocks)
    order = sum(dist.values())
    expected = G.order()
    if order != expected:
        raise AssertionError(f"trace distribution sums to {order}, group order is {expected}")
    total = 0
    conj = _conjugation(G)         # Σ conj(χ_in(g)) χ_out(g): complex characters (over Q(i))
    for t, c in dist.items():
        ci = character(rep_in, t, blocks, conj)
        total = (ci if conj is None else conj(ci)) * character(rep_out, t, blocks, conj) * c + total
    return integer_dim(total, order), f"character formula ({method})"


def integer_dim(total, order):
    """``total / order`` as an int, checked exactly: ``total`` a character sum (an int, a
    ``Fraction``, a flint rational or a number-field element that must be rational)."""
    if hasattr(total, "to_list"):                       # a number-field element: must be rational
        coeffs = total.to_list()
        if len(coeffs) > 1:
            raise RepresentationError(
                f"the character formula gave the irrational value {total}: the generator "
                f"images are not a representation of the group (they break its relations).")
        total = coeffs[0] if coeffs else 0
    if not isinstance(total, (int, Fraction)):          # flint fmpq (Q)
        total = Fraction(int(total.numerator), int(total.denominator))
    total = Fraction(total) / order
    if total.denominator != 1:
        raise RepresentationError(
            f"the character formula gave the non-integer {total}: the generator images are "
            f"not a representation of the group (they break its relations).")
    if total < 0:
        raise RepresentationError(
            f"the character formula gave the negative count {total}: the generator images are "
            f"not a representation of the group (they break its relations), or the group's "
            f"element count is wrong.")
    return int(total)


def _conjugation(G):
    """Complex conjugation of character values for a group over a non-real field, else None."""
    if not G.is_complex:
        return None
    K = G.domain

    def conj(x):
        return x if isinstance(x, (int, Fraction)) else linalg.conjugate_element(K.convert(x), K)
    return conj


def _has_explicit(rep):
    """Reps known through their matrices rather than a trace formula: explicit atoms, and
    symmetric / exterior powers (their characters need traces of powers of g)."""
    from ..reps.explicit import explicit_atoms
    from ..reps.symmetric import SymRep, WedgeRep
    if next(explicit_atoms(rep), None) is not None:
        return True
    stack = [rep]
    while stack:
        r = stack.pop()
        if isinstance(r, (SymRep, WedgeRep)):
            return True
        inner = getattr(r, "_inner", None)
        if inner is not None:
            stack.append(inner)
        stack.extend(x for x, _ in getattr(r, "_runs", ()))
    return False


#: Largest number of scalar products (``|G|`` times :func:`_step_work` of both reps) for which
#: the character walk carries the reps' matrices (about 10 s here; A(9) on a 70-dim rep is
#: 4e10); beyond it the count is left to other roads (a cache entry is recomputed).
WALK_MAX_WORK = 10 ** 10


def _step_work(G, rep):
    """Products for one step of the walk: a permutation rep's images stay permutations (``n``);
    otherwise the densest generator image times a dense ``n x n`` product (``nnz · n``)."""
    n = rep.size
    if rep.is_permutation:
        return n
    nnz = max((rep.rho_gen(k).to_sparse().nnz() for k in range(len(G.discrete_generators))),
              default=n)
    return nnz * n


def _walk_characters(G, rep_in, rep_out, limit):
    """``(1/|G|) Σ_g χ_in(g) χ_out(g)`` with the matrices of both reps carried along a
    breadth-first walk of the group (for reps given by generator images)."""
    from ..groups.matrix import _element_key
    if G.is_continuous:
        raise GroupTooLargeError(f"{G!r} is continuous")
    order = G.order()
    if order is not None and order > limit:            # known up front: do not start the walk
        raise GroupTooLargeError(f"{G!r} has order {order} > {limit}")
    work = (order or limit) * (_step_work(G, rep_in) + _step_work(G, rep_out))
    if work > WALK_MAX_WORK:                           # A(9) on a 70-dim rep: minutes
        raise GroupTooLargeError(
            f"its order is enumerable, but a walk of {order or limit} elements carrying "
            f"{rep_in.size}- and {rep_out.size}-dim matrices (about {work:.1e} products) is over "
            f"symequiv.verify.burnside.WALK_MAX_WORK")
    from ..budget import checkpoint
    gens = list(G.discrete_generators)
    mats = [(rep_in.rho_gen(k), rep_out.rho_gen(k)) for k in range(len(gens))]
    e = G.identity_element()
    seen = {_element_key(G, e)}
    frontier = [(e, linalg.identity(rep_in.size, G.domain), linalg.identity(rep_out.size, G.domain))]
    conj = _conjugation(G) or (lambda x: x)
    total = conj(linalg.trace(frontier[0][1])) * linalg.trace(frontier[0][2])
    while frontier:
        nxt = []
        for x, A, B in frontier:
            for g, (Mi, Mo) in zip(gens, mats):
                y = G.multiply(g, x)
                k = _element_key(G, y)
                if k not in seen:
                    seen.add(k)
                    if len(seen) > limit:
                        raise GroupTooLargeError(f"{G!r} has more than {limit} elements")
                    if len(seen) % 256 == 0:
                        checkpoint("the character walk of an independent count")
                    A2, B2 = Mi.convert_to(G.domain).matmul(A), Mo.convert_to(G.domain).matmul(B)
                    total += conj(linalg.trace(A2)) * linalg.trace(B2)
                    nxt.append((y, A2, B2))
        frontier = nxt
    return (integer_dim(total, len(seen)),
            f"character formula (walk of {len(seen)} elements with the reps' own matrices)")


#: Largest number of index pairs for which SymPy's orbit algorithm is used as the fallback count.
PAIR_ORBIT_LIMIT = 200_000


def pair_orbit_count(rep_in, rep_out):
    """``(number of orbits of G on index pairs, method)`` for permutation reps, computed by
    SymPy's own orbit algorithm on the induced action (independent of symequiv's union-find);
    it equals dim Hom_G(rep_in, rep_out).

    >>> import symequiv as se
    >>> pair_orbit_count(se.V(se.S(4)), se.V(se.S(4)))[0]
    2
    """
    from sympy.combinatorics import Permutation, PermutationGroup as SPG
    G = common_group(rep_in, rep_out, where="pair_orbit_count")
    n_in, n_out = rep_in.size, rep_out.size
    gens = []
    for k in range(len(G.discrete_generators) if G else 0):
        q, p = rep_out.perm_gen(k), rep_in.perm_gen(k)
        gens.append(Permutation((q[:, None] * n_in + p[None, :]).ravel().tolist()))
    N = n_in * n_out
    if not gens:
        return N, "trivial action"
    orbits = SPG(gens).orbits()
    covered = sum(len(o) for o in orbits)
    return len(orbits) + (N - covered), "orbit count of the induced action on index pairs (SymPy)"
