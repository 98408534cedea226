"""Certificates: re-check a basis on a road that shares no code with the solver.

1. **Constraints** -- every basis map ``W_k`` satisfies ``ρ_out(g) W_k = W_k ρ_in(g)`` for
   every discrete generator and ``dρ_out(A) W_k = W_k dρ_in(A)`` for every algebra
   generator, checked exactly with plain matrix products (the solver eliminates
   Kronecker-form constraint systems instead; orbit bases are checked entry by entry
   against the generators' permutations).
2. **Rank** -- the exact rank equals ``dim`` (the columns are independent).
3. **Dimension** -- for SO(2), SO(3) and O(3), Weyl's integration formula on the maximal torus
   (characters as Laurent polynomials, any size).  For other continuous groups, each direct-sum
   block is counted on the road the
   solver did *not* take for it: blocks solved from diagram spanning sets are re-counted by
   exact elimination (small blocks), and eliminated blocks are re-counted as the rank of the
   diagram spanning set where one exists; the block counts add up with multiplicities.
   For finite groups, the character (Burnside) formula

   .. math:: \\dim \\operatorname{Hom}_G(V, W) = \\frac{1}{|G|}\\sum_{g} \\chi_V(g)\\,\\chi_W(g),

   evaluated through the distribution of the trace of the defining representation
   (characters of sums, tensor products and duals are polynomials in it; characters
   of real representations of finite groups are real, so ``χ(g⁻¹) = χ(g)``).  The
   distribution is a closed form for ``S(n)`` (rencontres numbers), ``A(n)`` and
   ``Z(n)``, and an enumeration of the elements for other finite groups.  For
   continuous groups no independent count is available yet, and the certificate says so.

(1) and (2) prove the columns are independent intertwiners (dim ≤ true dimension);
(3) proves they span.

>>> import symequiv as se
>>> c = se.equivariant_basis(se.V(se.S(5)) ** 2, se.V(se.S(5)) ** 2).verify()
>>> c.ok, c.independent_dim, c.complete
(True, 15, True)
"""

import time
from dataclasses import dataclass
from fractions import Fraction
from math import comb

import numpy as np

from . import exact
from .errors import GroupTooLargeError
from .groups.base import ProductGroup
from .groups.permutation import PermGroup
from .groups.matrix import enumerate_elements, ELEMENT_LIMIT
from .groups import catalogue
from .reps.core import ScalarRep, DefiningRep, DualRep, SumRep, ProductRep, RestrictedRep

__all__ = ["Certificate", "certify", "trace_distribution", "burnside_dim", "character", "weyl_dim",
           "other_road_dim", "pair_orbit_count"]


@dataclass(frozen=True)
class Certificate:
    """The result of :func:`certify`.

    ``ok`` -- constraints hold exactly and the rank equals ``dim`` and, where an
    independent dimension exists, it equals ``dim``.  ``complete`` -- ``ok`` and the
    dimension was independently confirmed (the basis provably spans Hom_G).

    >>> import symequiv as se
    >>> c = se.equivariant_basis(se.V(se.SO(3)), se.V(se.SO(3))).verify()
    >>> c.ok, c.complete, c.dim
    (True, True, 1)
    """

    dim: int
    constraints_ok: bool
    generators_checked: int
    rank: int
    independent_dim: object            # int or None
    independent_method: str
    seconds: float

    @property
    def ok(self):
        return (self.constraints_ok and self.rank == self.dim
                and (self.independent_dim is None or self.independent_dim == self.dim))

    @property
    def complete(self):
        return self.ok and self.independent_dim is not None

    def to_dict(self):
        """JSON-safe summary."""
        return {"ok": self.ok, "complete": self.complete, "dim": self.dim,
                "constraints_ok": self.constraints_ok, "generators_checked": self.generators_checked,
                "rank": self.rank, "independent_dim": self.independent_dim,
                "independent_method": self.independent_method, "seconds": round(self.seconds, 6)}

    def __str__(self):
        lines = [
            f"constraints: {'exact, all satisfied' if self.constraints_ok else 'VIOLATED'} "
            f"({self.generators_checked} generators)",
            f"rank: {self.rank} (dim {self.dim}) {'ok' if self.rank == self.dim else 'MISMATCH'}",
        ]
        if self.independent_dim is None:
            lines.append(f"dimension: not independently checked -- {self.independent_method}")
        else:
            verdict = "agrees" if self.independent_dim == self.dim else "DISAGREES"
            lines.append(f"dimension: {self.independent_dim} by {self.independent_method} ({verdict})")
        lines.append("verdict: " + ("VERIFIED (complete)" if self.complete else
                                    "verified (independent intertwiners; completeness unchecked)"
                                    if self.ok else "FAILED"))
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# (1) constraints and (2) rank

def _check_orbit_basis(B, G):
    n_in = B.n_in
    colors = B.colors
    N = colors.size
    idx = np.arange(N, dtype=np.int64)
    r, c = idx // n_in, idx % n_in
    for k in range(len(G.discrete_generators) if G else 0):
        q, p = B.rep_out.perm_gen(k), B.rep_in.perm_gen(k)
        img = q[r] * n_in + p[c]
        if not np.array_equal(colors[img], colors):
            return False
    for k in range(len(G.lie_generators) if G else 0):
        # permutation reps: the algebra must act by zero on both sides
        if not (exact.is_zero(B.rep_out.drho_gen(k)) and exact.is_zero(B.rep_in.drho_gen(k))):
            return _check_rows(B, G)
    return True


def _check_rows(B, G):
    n_in, n_out, d = B.n_in, B.n_out, B.dim
    if d == 0 or G is None:
        return True
    wcat, wstack = {}, {}
    for k, row in B.rows().to_sparse().rep.items():
        for i, x in row.items():
            rr, cc = divmod(i, n_in)
            wcat.setdefault(rr, {})[k * n_in + cc] = x
            wstack.setdefault(k * n_out + rr, {})[cc] = x
    K = B.rows().domain
    Wcat = exact.DomainMatrix(wcat, (n_out, n_in * d), K)
    Wstack = exact.DomainMatrix(wstack, (n_out * d, n_in), K)
    pairs = [(B.rep_out.rho_gen(k), B.rep_in.rho_gen(k)) for k in range(len(G.discrete_generators))]
    pairs += [(B.rep_out.drho_gen(k), B.rep_in.drho_gen(k)) for k in range(len(G.lie_generators))]
    for M_out, M_in in pairs:
        M_out, M_in, Wcat, Wstack = exact.unify(M_out, M_in, Wcat, Wstack)
        left = M_out.matmul(Wcat).to_sparse().rep           # ρ_out W_k, side by side
        right = Wstack.matmul(M_in).to_sparse().rep          # W_k ρ_in, stacked
        got_left = {}
        for rr, row in left.items():
            for j, x in row.items():
                k, cc = divmod(j, n_in)
                got_left[(k, rr, cc)] = x
        got_right = {}
        for i, row in right.items():
            k, rr = divmod(i, n_out)
            for cc, x in row.items():
                got_right[(k, rr, cc)] = x
        if got_left != got_right:
            return False
    return True


def _rank(B):
    if B.is_orbit_basis:
        # disjoint 0/1 columns are independent iff none is empty
        c = B.colors[B.colors >= 0]
        counts = np.bincount(c) if c.size else np.zeros(0, dtype=np.int64)
        return int(counts.size) if (counts > 0).all() else -1
    return exact.rank(B.rows())


# ---------------------------------------------------------------------------------------
# (3) independent dimension

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
    t = exact.trace(g)
    if not G.domain.is_QQ:
        return t                     # an element of the number field (sums and products stay exact)
    return Fraction(int(t.numerator), int(t.denominator))


def _blocks(rep, out):
    if isinstance(rep, RestrictedRep):
        out.add((rep._start, rep._stop))
    for r, _ in getattr(rep, "_runs", ()):
        _blocks(r, out)
    return out


def _fold(rep, atom, one, add, mul):
    """Evaluate a character through the rep's structure: ``atom`` gives the value on a defining
    (or restricted) rep, sums add, tensor products multiply, a dual has the same (real) character."""
    if isinstance(rep, ScalarRep):
        return one
    if isinstance(rep, (DefiningRep, RestrictedRep)):
        return atom(rep)
    if isinstance(rep, DualRep):
        return _fold(rep._inner, atom, one, add, mul)
    if isinstance(rep, SumRep):
        out = None
        for r, m in rep.sum_terms():
            v = _fold(r, atom, one, add, mul)
            for _ in range(m):
                out = v if out is None else add(out, v)
        return out
    if isinstance(rep, ProductRep):
        out = one
        for r, p in rep.runs:
            v = _fold(r, atom, one, add, mul)
            for _ in range(p):
                out = mul(out, v)
        return out
    raise TypeError(type(rep))


def character(rep, traces, blocks=()):
    """Character of ``rep`` at an element whose factor traces are ``traces`` (followed by
    the fixed-point counts of the ``blocks`` of restricted permutation reps).

    >>> import symequiv as se
    >>> V = se.V(se.S(4))
    >>> character(V**2 + se.Scalar, (2,))
    5
    """
    def atom(r):
        if isinstance(r, RestrictedRep):
            return traces[1 + blocks.index((r._start, r._stop))]
        return traces[r.factor or 0]
    return _fold(rep, atom, 1, lambda a, b: a + b, lambda a, b: a * b)


def burnside_dim(rep_in, rep_out, limit=ELEMENT_LIMIT):
    """``(dim Hom_G(rep_in, rep_out), method)`` by the character formula, or raise
    :class:`GroupTooLargeError` where no finite enumeration is possible.

    >>> import symequiv as se
    >>> burnside_dim(se.V(se.S(6)) ** 2, se.V(se.S(6)) ** 2)[0]
    15
    """
    G = rep_out.group or rep_in.group
    if G is None:
        return rep_in.size * rep_out.size, "trivial group"
    if _has_explicit(rep_in) or _has_explicit(rep_out):
        return _walk_characters(G, rep_in, rep_out, limit)
    blocks = tuple(sorted(_blocks(rep_in, set()) | _blocks(rep_out, set())))
    dist, method = trace_distribution(G, limit, blocks)
    order = sum(dist.values())
    expected = G.order()
    if order != expected:
        raise AssertionError(f"trace distribution sums to {order}, group order is {expected}")
    total = 0
    for t, c in dist.items():
        total = character(rep_in, t, blocks) * character(rep_out, t, blocks) * c + total
    if not isinstance(total, (int, Fraction)):          # a number-field element: must be rational
        coeffs = total.to_list()
        if len(coeffs) > 1:
            raise AssertionError(f"character formula gave an irrational value {total}")
        total = Fraction(int(coeffs[0].numerator), int(coeffs[0].denominator)) if coeffs else Fraction(0)
    total = Fraction(total) / order
    if total.denominator != 1:
        raise AssertionError(f"character formula gave a non-integer {total}")
    return int(total), f"character formula ({method})"


def _has_explicit(rep):
    from .reps.explicit import explicit_atoms
    return next(explicit_atoms(rep), None) is not None


def _walk_characters(G, rep_in, rep_out, limit):
    """``(1/|G|) Σ_g χ_in(g) χ_out(g)`` with the matrices of both reps carried along a
    breadth-first walk of the group (for reps given by generator images)."""
    from .groups.matrix import _element_key
    if G.is_continuous:
        raise GroupTooLargeError(f"{G!r} is continuous")
    gens = list(G.discrete_generators)
    mats = [(rep_in.rho_gen(k), rep_out.rho_gen(k)) for k in range(len(gens))]
    e = G.identity_element()
    seen = {_element_key(G, e)}
    frontier = [(e, exact.identity(rep_in.size, G.domain), exact.identity(rep_out.size, G.domain))]
    total = exact.trace(frontier[0][1]) * exact.trace(frontier[0][2])
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
                    A2, B2 = Mi.convert_to(G.domain).matmul(A), Mo.convert_to(G.domain).matmul(B)
                    total += exact.trace(A2) * exact.trace(B2)
                    nxt.append((y, A2, B2))
        frontier = nxt
    val = total / len(seen)
    if not G.domain.is_QQ:
        cs = val.to_list()
        if len(cs) > 1:
            raise AssertionError(f"character formula gave an irrational value {val}")
        val = cs[0] if cs else 0
    val = Fraction(int(val.numerator), int(val.denominator))
    if val.denominator != 1:
        raise AssertionError(f"character formula gave a non-integer {val}")
    return int(val), f"character formula (walk of {len(seen)} elements with the reps' own matrices)"


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
    G = rep_out.group or rep_in.group
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


def _laurent_mul(a, b):
    out = {}
    for i, x in a.items():
        for j, y in b.items():
            out[i + j] = out.get(i + j, 0) + x * y
    return out


def _laurent_add(a, b):
    out = dict(a)
    for e, c in b.items():
        out[e] = out.get(e, 0) + c
    return out


def _torus_character(rep, v):
    """Character of ``rep`` on the maximal torus as a Laurent polynomial {exponent: coefficient},
    the defining representation's being ``v``."""
    return _fold(rep, lambda r: dict(v), {0: 1}, _laurent_add, _laurent_mul)


def weyl_dim(rep_in, rep_out):
    """``(dim, method)`` for SO(2), SO(3) and O(3) by Weyl's integration formula on the maximal
    torus z = e^{iθ}: dim Hom = ∫_G χ_in χ_out dg is the constant term of χ_in χ_out times the
    Weyl density (1 for SO(2); 1 − (z + 1/z)/2 for SO(3)); O(3) = SO(3) ⊔ (−I)·SO(3) averages
    the SO(3) value with the one where V acts as −V.  ``None`` for other groups.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> weyl_dim(V ** 4, V ** 4)[0], weyl_dim(se.V(se.O(3)) ** 3, se.Scalar)[0]
    (91, 0)
    """
    G = rep_out.group or rep_in.group
    if G is None or G.factors[1:] or not G.lie_generators:
        return None

    def so3(v):
        c = _laurent_mul(_torus_character(rep_in, v), _torus_character(rep_out, v))
        return Fraction(2 * c.get(0, 0) - c.get(1, 0) - c.get(-1, 0), 2)
    if G == catalogue.SO(2):
        c = _laurent_mul(_torus_character(rep_in, {1: 1, -1: 1}), _torus_character(rep_out, {1: 1, -1: 1}))
        return c.get(0, 0), "Weyl integration on the torus of SO(2)"
    if G == catalogue.SO(3):
        d = so3({-1: 1, 0: 1, 1: 1})
    elif G == catalogue.O(3):
        d = (so3({-1: 1, 0: 1, 1: 1}) + so3({-1: -1, 0: -1, 1: -1})) / 2
    else:
        return None
    if d.denominator != 1:
        raise AssertionError(f"Weyl integration gave a non-integer {d}")
    return int(d), f"Weyl integration on the maximal torus of {G!r}"


#: Largest block (unknowns) that the elimination road re-counts inside a certificate.
CROSS_CHECK_UNKNOWNS = 20_000


def other_road_dim(rep_in, rep_out):
    """``(dim, method)`` of Hom(rep_in, rep_out) for a continuous group, every block counted on
    the road the solver does not use for it; ``(None, reason)`` where some block has no second
    road within the size limit."""
    from .solve import diagrams
    from .solve.nullspace import solve_nullspace
    G = rep_out.group or rep_in.group
    total, roads = 0, set()
    for a, ma in rep_in.sum_terms():
        for b, mb in rep_out.sum_terms():
            road = diagrams.applies(a, b)
            if road == "brauer":
                if a.size * b.size > CROSS_CHECK_UNKNOWNS:
                    return None, (f"the block Hom({a}, {b}) has {a.size * b.size} unknowns, more than the "
                                  f"{CROSS_CHECK_UNKNOWNS} the elimination cross-check takes; the "
                                  f"dimension of {G!r} is not independently checked")
                d = solve_nullspace(a, b).shape[0]
                roads.add("exact elimination")
            elif a.is_permutation and b.is_permutation:
                # both reps trivial for the algebra: orbits of the discrete part, via SymPy
                d, _ = pair_orbit_count(a, b)
                roads.add("SymPy orbit count")
            else:
                return None, (f"{G!r} is continuous and the block Hom({a}, {b}) has no second "
                              f"derivation (no diagram basis covers it), so only the exact "
                              f"constraint and rank checks apply")
            total += ma * mb * d
    return total, "block counts by " + " and ".join(sorted(roads))


def _check_schur(B, G):
    """Exact checks of a Schur-form basis, by plain matrix products: ``Q Q⁻¹ = I`` on both
    sides; ``ρ(g) Q = Q D(g)`` for every generator, ``D`` the stated block diagonal; every
    ``φ_j`` commutes with its irreducible's generators and the ``φ_j`` of a block are
    independent; and a seeded sample of materialised maps satisfies ``ρ_out W = W ρ_in``.
    Together these prove every basis map equivariant, and (the Q's being invertible) the
    maps independent: ``Q_out⁻¹ W Q_in`` are block matrix units tensored with the ``φ_j``.
    Returns ``(constraints_ok, rank)``."""
    import random
    F = B.schur
    K = F.domain

    from .schur.linalg import check_mul

    def prod(X, Y):          # plain products (large ones over Q(α): via rational coefficients)
        return check_mul(X.convert_to(K), Y.convert_to(K))

    ok = (prod(F.Q_out, F.Q_out_inv) == exact.identity(B.n_out, K).to_dense()
          and prod(F.Q_in_inv, F.Q_in) == exact.identity(B.n_in, K).to_dense())
    nd = len(G.discrete_generators)
    for k in range(G.num_generators):
        for rep, Q, pieces, left in ((B.rep_out, F.Q_out, F.out_pieces, True),
                                     (B.rep_in, F.Q_in_inv, F.in_pieces, False)):
            M = rep.rho_gen(k) if k < nd else rep.drho_gen(k - nd)
            D = exact.block_diag([gens[k] for gens, offs in _ordered(pieces) for _ in offs], K)
            if left and prod(M, Q) != prod(Q, D):
                ok = False
            if not left and prod(Q, M) != prod(D, Q):
                ok = False
    rank = 0
    for b in F.blocks:
        for T in b.generators:
            for E in b.end:
                if prod(T, E) != prod(E, T):
                    ok = False
        flat = exact.matrix([[x for row in exact.to_lists(E) for x in row] for E in b.end], domain=K)
        rank += exact.rank(flat) * len(b.out_offsets) * len(b.in_offsets)
    rng = random.Random(0)
    for k in sorted(rng.sample(range(B.dim), min(4, B.dim))):
        W = B.map(k)
        for g in range(G.num_generators):
            Mo = B.rep_out.rho_gen(g) if g < nd else B.rep_out.drho_gen(g - nd)
            Mi = B.rep_in.rho_gen(g) if g < nd else B.rep_in.drho_gen(g - nd)
            if prod(Mo, W) != prod(W, Mi):
                ok = False
    return ok, rank


def _ordered(pieces):
    return sorted(pieces, key=lambda p: p[1][0])


def certify(B):
    """Build the :class:`Certificate` of a :class:`~symequiv.basis.Basis`.

    >>> import symequiv as se
    >>> certify(se.equivariant_basis(se.V(se.A(4)), se.V(se.A(4)))).independent_dim
    2
    """
    t0 = time.perf_counter()
    G = B.rep_out.group or B.rep_in.group
    ngen = G.num_generators if G is not None else 0
    if B.is_schur_form:
        cons, rank = _check_schur(B, G)
    elif B.is_orbit_basis and B.rep_in.is_permutation and B.rep_out.is_permutation:
        cons = _check_orbit_basis(B, G)
        rank = _rank(B)
    else:
        cons = _check_rows(B, G)
        rank = _rank(B)
    try:
        ind, method = burnside_dim(B.rep_in, B.rep_out)
    except GroupTooLargeError as e:
        ind = None
        if B.rep_in.is_permutation and B.rep_out.is_permutation and B.n_in * B.n_out <= PAIR_ORBIT_LIMIT:
            ind, method = pair_orbit_count(B.rep_in, B.rep_out)
        elif G is not None and G.is_continuous:
            weyl = weyl_dim(B.rep_in, B.rep_out)
            ind, method = weyl if weyl is not None else other_road_dim(B.rep_in, B.rep_out)
        else:
            method = f"the group is too large to enumerate ({e})"
    return Certificate(B.dim, cons, ngen, rank, ind, method, time.perf_counter() - t0)
