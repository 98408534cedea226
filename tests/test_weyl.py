"""Weyl integration as the independent dimension for every catalogue Lie group.

The counts are compared with closed formulas derived on paper, with Burnside for finite
factors, and with the elimination road on small cases; a wrong density or a wrong torus
character must make the certificate disagree.
"""

from math import comb, factorial

import pytest
from hypothesis import given, settings, strategies as st

import symequiv as se
from symequiv.solve.nullspace import solve_nullspace
from symequiv.verify import weyl, weyl_dim, burnside_dim
from symequiv.testing import reps


def dfact(n):                       # (n)!! for odd n, 1 for n <= 0
    return 1 if n <= 0 else n * dfact(n - 2)


def catalan(k):
    return comb(2 * k, k) // (k + 1)


def syt_3_rows(k):                  # standard Young tableaux of shape (k, k, k): hook length formula
    hooks = 1
    for i in range(3):
        for j in range(k):
            hooks *= (k - j - 1) + (3 - i - 1) + 1
    return factorial(3 * k) // hooks


def inv(G, m):
    """dim of the invariants in V^m."""
    return weyl_dim(se.Scalar, se.V(G) ** m)[0] if m else 1


# ------------------------------------------------------------------------------------------
# closed formulas

def test_brauer_counts_in_the_stable_range():
    # O(n): invariants in V^{2r} are the (2r-1)!! perfect matchings when n >= r (Brauer); SO(n)
    # has the same count when n > 2r (no Levi-Civita tensor fits), and none in odd degree
    for n in range(2, 9):
        for r in range(1, 5):
            if n >= r:
                assert inv(se.O(n), 2 * r) == dfact(2 * r - 1), (n, r)
            if n > 2 * r:
                assert inv(se.SO(n), 2 * r) == dfact(2 * r - 1), (n, r)
        assert inv(se.O(n), 3) == 0
    # End(V^k) = invariants in V^{2k}: O(6) End(V^3) = 15, O(8) End(V^4) = 105
    assert weyl_dim(se.V(se.O(6)) ** 3, se.V(se.O(6)) ** 3)[0] == 15
    assert weyl_dim(se.V(se.O(8)) ** 4, se.V(se.O(8)) ** 4)[0] == 105


def test_levi_civita_counts():
    # SO(n) has one invariant in V^n (det) that O(n) lacks; SO(2m+1) none in V^{2m} beyond Brauer
    for n in range(2, 7):
        assert inv(se.SO(n), n) == inv(se.O(n), n) + 1
    assert inv(se.SO(3), 3) == 1 and inv(se.O(3), 3) == 0


def test_symplectic_counts():
    # Sp(2m, R) (compact form USp(2m)): invariants in V^{2r} are (2r-1)!! for m >= r;
    # Sp(1) = SL(2): Catalan numbers
    for m in range(1, 4):
        for r in range(1, m + 1):
            assert inv(se.Sp(m), 2 * r) == dfact(2 * r - 1), (m, r)
    assert [inv(se.Sp(1), 2 * k) for k in range(1, 6)] == [catalan(k) for k in range(1, 6)]


def test_so4_is_su2_times_su2():
    # SO(4) = (SU(2) x SU(2)) / ±1 and V = (1/2, 1/2): invariants in V^{2k} are C_k^2;
    # SO13() has the same count (compact form SO(4)), O13() the O(4) count
    for k in range(1, 5):
        assert inv(se.SO(4), 2 * k) == catalan(k) ** 2
        assert inv(se.SO13(), 2 * k) == catalan(k) ** 2
        assert inv(se.O13(), 2 * k) == inv(se.O(4), 2 * k)
    assert inv(se.O(4), 4) == 3 and inv(se.SO(4), 4) == 4


def test_unitary_counts():
    # GL(n) (compact form U(n)): End(V^k) = k! for n >= k, permutations avoiding a decreasing
    # subsequence of length n + 1 otherwise (Catalan for n = 2); no invariants in V^k, k > 0
    for n in range(1, 5):
        G = se.GL(n)
        V = se.V(G)
        for k in range(1, 5):
            e = weyl_dim(V ** k, V ** k)[0]
            if n >= k:
                assert e == factorial(k)
            if n == 2:
                assert e == catalan(k)
        assert inv(G, 2) == 0
        assert weyl_dim(se.Scalar, V * V.T)[0] == 1           # the trace, V ⊗ V* → Scalar
    # SL(3) (compact form SU(3)): invariants in V^{3k} are SYT of shape (k, k, k)
    assert [inv(se.SL(3), 3 * k) for k in (1, 2, 3)] == [syt_3_rows(k) for k in (1, 2, 3)] == [1, 5, 42]
    assert inv(se.SL(3), 4) == 0 and inv(se.SL(2), 2) == 1


def test_so2_and_o2():
    for k in range(1, 7):
        assert inv(se.SO(2), 2 * k) == comb(2 * k, k)
        assert inv(se.O(2), 2 * k) == comb(2 * k, k) // 2      # the reflection class has χ_V = 0
    assert weyl_dim(se.V(se.O(2)) ** 5, se.V(se.O(2)) ** 5)[0] == 126


# ------------------------------------------------------------------------------------------
# products

def test_products_factorise_against_burnside_and_weyl():
    for F, L in [(se.S(5), se.SO(3)), (se.Z(3), se.O(3)), (se.C(5), se.SO(2)), (se.D(4), se.O(2)),
                 (se.Octahedral(), se.GL(2))]:
        P = L * F
        W = se.V(P, 0) * se.V(P, 1)               # outer tensor product: End factorises
        expect = weyl_dim(se.V(L) ** 2, se.V(L) ** 2)[0] * burnside_dim(se.V(F) ** 2, se.V(F) ** 2)[0]
        assert weyl_dim(W * W, W * W)[0] == expect, P
    P = se.SO(3) * se.SO(2)
    W = se.V(P, 0) * se.V(P, 1)
    assert weyl_dim(W * W, W * W)[0] == 3 * 6
    # a sum of lifted reps: Hom(V_0 + V_1, V_0 + V_1) = End(V_0) + End(V_1) (no cross terms)
    assert weyl_dim(se.V(P, 0) + se.V(P, 1), se.V(P, 0) + se.V(P, 1))[0] == 1 + 2


# ------------------------------------------------------------------------------------------
# against the elimination road

SMALL = [se.SO(2), se.O(2), se.SO(3), se.O(3), se.SO(4), se.O(4), se.SO(5), se.O(5), se.SO13(), se.O13(),
         se.Sp(1), se.Sp(2), se.SL(2), se.SL(3), se.GL(2), se.GL(3), se.SO(3) * se.S(3),
         se.O(2) * se.Z(2), se.SO(2) * se.SO(3)]


@settings(max_examples=40, deadline=None)
@given(G=st.sampled_from(SMALL), data=st.data())
def test_weyl_equals_elimination_on_small_reps(G, data):
    a = data.draw(reps(G, max_size=16, depth=2))
    b = data.draw(reps(G, max_size=16, depth=2))
    if a.group is None and b.group is None:
        return
    got = weyl_dim(a, b)
    assert got is not None
    ref = sum(ma * mb * solve_nullspace(x, y).shape[0] for x, ma in a.sum_terms() for y, mb in b.sum_terms())
    assert got[0] == ref


# ------------------------------------------------------------------------------------------
# the certificate uses it, and a wrong torus makes it disagree

ISSUE_CASES = [("SO(5)", 2), ("O(5)", 2), ("O(4)", 3), ("SO(4)", 3), ("SO(6)", 2), ("Sp(2)", 3), ("Sp(3)", 2),
               ("SO13()", 3), ("O(2)", 5), ("GL(3)", 3), ("SL(2)", 4)]


@pytest.mark.parametrize("g, k", ISSUE_CASES)
def test_certificates_are_complete(g, k):
    G = se.group(g)
    B = se.equivariant_basis(se.V(G) ** k, se.V(G) ** k)
    c = B.verify()
    assert c.complete and "Weyl" in c.independent_method, c


def test_product_certificates_are_complete():
    for G in (se.SO(3) * se.S(5), se.SO(3) * se.SO(2)):
        c = se.equivariant_basis(se.V(G), se.V(G)).verify()
        assert c.complete and "Weyl" in c.independent_method


def test_compact_form_is_named():
    c = se.equivariant_basis(se.V(se.SO13()) ** 2, se.V(se.SO13()) ** 2).verify()
    assert "SO(4)" in c.independent_method and "unitarian" in c.independent_method
    c = se.equivariant_basis(se.V(se.Sp(2)) ** 2, se.V(se.Sp(2)) ** 2).verify()
    assert "USp(4)" in c.independent_method


@pytest.fixture
def fresh_tori():
    """Densities are memoised per group: start and end each tampering test without them."""
    weyl._cached_pieces.cache_clear()
    yield
    weyl._cached_pieces.cache_clear()


def test_wrong_density_makes_the_certificate_disagree(monkeypatch, fresh_tori):
    B = se.equivariant_basis(se.V(se.SO(5)) ** 2, se.V(se.SO(5)) ** 2)
    assert B.verify().ok
    real_roots = weyl.roots
    monkeypatch.setattr(weyl, "roots", lambda kind, r: real_roots("D" if kind == "B" else kind, r))
    weyl._cached_pieces.cache_clear()
    c = B.verify()
    assert c.independent_dim != B.dim and not c.ok


def test_wrong_character_makes_the_certificate_disagree(monkeypatch, fresh_tori):
    B = se.equivariant_basis(se.V(se.O(3)) ** 2, se.V(se.O(3)))      # no cross product: dim 0
    assert B.verify().complete and B.dim == 0
    real = weyl._lie_pieces

    def no_reflection(form, R, offset):       # forget that r = diag(-1, 1, 1) flips a coordinate
        out = real(form, R, offset)
        return [(w, v + 2 if kind == "reflection" else v, vd + 2 if kind == "reflection" else vd, D, kind)
                for w, v, vd, D, kind in out]
    monkeypatch.setattr(weyl, "_lie_pieces", no_reflection)
    weyl._cached_pieces.cache_clear()
    assert not B.verify().ok


def test_unknown_lie_algebra_is_not_claimed():
    H = se.MatrixGroup(lie_algebra=[[[0, 2, 0], [-2, 0, 0], [0, 0, 0]]])
    B = se.equivariant_basis(se.V(H), se.V(H))
    assert weyl_dim(se.V(H), se.V(H)) is None
    c = B.verify()          # counted instead by the constraints' nullity modulo two primes
    assert "modulo two primes" in c.independent_method and c.independent_dim == B.dim == 3


# ------------------------------------------------------------------------------------------
# explicit reps and decomposition pieces, through their weights on the torus

def test_decomposition_pieces_are_counted_on_the_torus():
    V = se.V(se.SO(3))
    D = se.decompose(V ** 3)
    # Clebsch-Gordan (independent of the decomposition): V^3 = 1·(l=0) + 3·(l=1) + 2·(l=2) + 1·(l=3)
    mult = {1: 1, 3: 3, 5: 2, 7: 1}
    for p in D.irreps:
        assert weyl_dim(p, p)[0] == 1
        assert weyl_dim(p, V ** 3)[0] == mult[p.size]
        c = se.equivariant_basis(p, V ** 3).verify()
        assert c.complete and "Weyl" in c.independent_method


def test_o3_pieces_keep_their_parity():
    # V^2 of O(3) = scalar + axial vector (Λ²V) + traceless symmetric: the axial vector is not V
    W = se.V(se.O(3))
    D = se.decompose(W ** 2)
    axial = [p for p in D.irreps if p.size == 3][0]
    assert weyl_dim(axial, W)[0] == 0 == se.equivariant_basis(axial, W).dim
    assert weyl_dim(axial, W ** 2)[0] == 1
    Vs = se.V(se.SO(3))
    axial_so3 = [p for p in se.decompose(Vs ** 2).irreps if p.size == 3][0]
    assert weyl_dim(axial_so3, Vs)[0] == 1                 # for SO(3) it is the vector


@pytest.mark.parametrize("g, k", [("SO(4)", 2), ("O(4)", 2), ("SO(5)", 2), ("O(2)", 3), ("Sp(2)", 2), ("SL(3)", 2)])
def test_pieces_against_the_solver(g, k):
    G = se.group(g)
    r = se.V(G) ** k
    D = se.decompose(r)
    for p in D.irreps:
        for q in list(D.irreps) + [r]:
            got = weyl_dim(p, q)
            assert got is not None and got[0] == se.equivariant_basis(p, q).dim


def _spin_half():
    """so(3) on R^4 by left multiplication with unit quaternions / 2 (spin 1/2, realified),
    matched to the catalogue basis of so(3) by its structure constants."""
    import itertools
    import sympy
    from symequiv import linalg
    L = [sympy.Matrix(linalg.to_lists(M)) for M in se.SO(3).lie_generators]
    q = [sympy.Matrix([[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0]]),
         sympy.Matrix([[0, 0, -1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, -1, 0, 0]]),
         sympy.Matrix([[0, 0, 0, -1], [0, 0, -1, 0], [0, 1, 0, 0], [1, 0, 0, 0]])]

    def coords(M, basis):
        A = sympy.Matrix.hstack(*[b.reshape(len(b), 1) for b in basis])
        return A.solve_least_squares(M.reshape(len(M), 1))
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1, -1), repeat=3):
            X = [signs[i] * q[perm[i]] / 2 for i in range(3)]
            if all(coords(L[a] * L[b] - L[b] * L[a], L) == coords(X[a] * X[b] - X[b] * X[a], X)
                   for a in range(3) for b in range(3)):
                return se.ExplicitRep(se.SO(3), [], [linalg.matrix(x.tolist()) for x in X], "spin1/2")
    raise AssertionError("no matching quaternion basis")


def test_spin_half_is_not_claimed():
    # half-integer weights: the so(3) rep does not integrate to SO(3); the solver's End is the
    # quaternions (dim 4); the torus road refuses rather than counting a different group
    s = _spin_half()
    B = se.equivariant_basis(s, s)
    assert B.dim == 4
    assert weyl_dim(s, s) is None
    c = B.verify()          # the algebra's constraints, counted modulo two primes, not Weyl
    assert "modulo two primes" in c.independent_method and c.independent_dim == 4


def test_explicit_reps_of_gl_and_lorentz_are_not_claimed():
    for G in (se.GL(2), se.SO13()):
        p = se.decompose(se.V(G) ** 2).irreps[0]
        assert weyl_dim(p, p) is None


# ------------------------------------------------------------------------------------------
# the target: every catalogue group, and products of two, certify completely

ALL = [se.S(4), se.A(4), se.Z(5), se.Trivial(2), se.Octahedral(), se.FullOctahedral(), se.Tetrahedral(),
       se.C(5), se.D(4), se.Icosahedral(), se.FullIcosahedral(), se.IcosahedralFaces(),
       se.SO(2), se.O(2), se.SO(3), se.O(3), se.SO(4), se.O(4), se.SO(5), se.O(5), se.SO13(), se.O13(),
       se.Sp(1), se.Sp(2), se.SL(2), se.SL(3), se.GL(2), se.GL(3)]


@st.composite
def group_and_reps(draw):
    G = draw(st.sampled_from(ALL))
    if draw(st.booleans()):
        H = draw(st.sampled_from(ALL))
        # products of groups over two different number fields are refused by the solver itself
        from hypothesis import assume
        assume(G.domain.is_QQ or H.domain.is_QQ or G.domain == H.domain)
        G = G * H
    v = se.V(G)
    leaves = [v, v.T, se.Scalar] + ([se.V(G, 0), se.V(G, 1), se.V(G, 1).T] if isinstance(G, se.ProductGroup) else [])

    def rep():
        r = draw(st.sampled_from(leaves))
        for _ in range(draw(st.integers(0, 2))):
            other = draw(st.sampled_from(leaves))
            r = r + other if draw(st.booleans()) else r * other
        return r
    a, b = rep(), rep()
    from hypothesis import assume
    assume(a.size * b.size <= 144 and (a.group is not None or b.group is not None))
    return G, a, b


@settings(max_examples=40, deadline=None)
@given(group_and_reps())
def test_catalogue_groups_and_products_certify_completely(gab):
    G, a, b = gab
    B = se.equivariant_basis(a, b)
    c = B.verify()
    assert c.complete, (G, a, b, c.independent_method)


def test_formula_roads_never_import_the_solver():
    import ast
    import os
    here = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "symequiv", "verify")
    for name in ("characters.py", "burnside.py", "weyl.py", "torus_weights.py", "constraints.py"):
        tree = ast.parse(open(os.path.join(here, name), encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                mod = ("." * node.level) + (node.module or "")
                assert "solve" not in mod, (name, mod)
            elif isinstance(node, ast.Import):
                assert not any("solve" in a.name for a in node.names), name


def test_rubiks_cube_products_through_moments():
    # the cube group (order 4.3e19) cannot be enumerated; its trace enters through the moments
    # E[fix^k] = orbits on k-tuples of facets (Burnside's lemma, SymPy's orbit algorithm)
    from symequiv.verify.weyl import permutation_moment
    assert [permutation_moment(se.S(6), k) for k in range(6)] == [1, 1, 2, 5, 15, 52]   # Bell numbers
    assert permutation_moment(se.Z(5), 3) == 25                                          # 5^3 / 5
    cube = se.RubiksCube()
    for L, end in ((se.SO(2), 2), (se.O(2), 1), (se.SO(3), 1)):
        G = cube * L
        V = se.V(G)
        B = se.equivariant_basis(V, V)
        c = B.verify()
        # End factorises: 9 orbits of the cube group on pairs of facets, times End_L(V_L)
        assert c.complete and B.dim == 9 * end == c.independent_dim, (L, c)


def test_reps_that_are_not_reps_of_the_compact_torus_are_not_claimed():
    # found in review: a Jordan block on the torus was counted as two weights; a "reflection"
    # whose image does not square to 1; fourth moments of the cube group over too many tuples
    from symequiv import linalg
    from symequiv.reps.explicit import ExplicitRep
    N = ExplicitRep(se.SO(2), [], [linalg.matrix([[0, 1], [0, 0]])])
    assert weyl_dim(se.Scalar, N) is None and se.equivariant_basis(se.Scalar, N).verify().ok
    R2 = ExplicitRep(se.O(2), [linalg.matrix([[2]])], [linalg.matrix([[0]])])
    assert weyl_dim(R2, R2) is None and se.equivariant_basis(R2, R2).verify().ok
    V0 = se.V(se.RubiksCube() * se.SO(2), 0)
    assert weyl_dim(V0 ** 4, se.Scalar) is None


def test_large_rank_counts_stay_fast():
    import time
    for g in ("SO(12)", "O(11)", "Sp(5)", "SL(7)"):
        V = se.V(se.group(g))
        t0 = time.perf_counter()
        assert weyl_dim(V ** 2, V ** 2)[0] == 3 - (g == "SL(7)")     # Brauer 3; SL: identity, swap
        assert time.perf_counter() - t0 < 20                         # was minutes (full root product)
