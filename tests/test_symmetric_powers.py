"""Sym^k and Λ^k: the matrices are representations, the coordinates are the independent tensor
components, and Hom dimensions agree with plethysm and character formulas computed here."""

import itertools
from fractions import Fraction

import pytest

import symequiv as se
from symequiv import linalg


def _perms(n):
    return [tuple(p) for p in itertools.permutations(range(n))]


def _burnside_multisets(n, k_in, k_out, sym_in=True, sym_out=True):
    """(1/n!) Σ_g χ_in(g) χ_out(g) for Sym/Wedge of the permutation rep of S(n), with the
    characters computed by brute force on index tuples (fixed multisets / signed fixed sets)."""
    def chi(g, k, sym):
        total = 0
        gen = itertools.combinations_with_replacement if sym else itertools.combinations
        for I in gen(range(n), k):
            img = [g[i] for i in I]
            if sorted(img) != list(I):
                continue
            if sym:
                total += 1
            else:                                    # sign of the sorting permutation
                inv = sum(1 for a in range(k) for b in range(a + 1, k) if img[a] > img[b])
                total += -1 if inv % 2 else 1
        return total
    s = sum(chi(g, k_in, sym_in) * chi(g, k_out, sym_out) for g in _perms(n))
    return Fraction(s, len(_perms(n)))


@pytest.mark.parametrize("n,k", [(3, 2), (4, 2), (4, 3), (5, 2)])
def test_sym_of_permutation_rep_is_a_permutation_rep_counted_by_burnside(n, k):
    S = se.Sym(se.V(se.S(n)), k)
    assert S.is_permutation
    B = se.equivariant_basis(S, S)
    assert B.method == "orbits" and B.dim == _burnside_multisets(n, k, k)


@pytest.mark.parametrize("n,k", [(4, 2), (5, 2), (5, 3), (4, 4)])
def test_wedge_of_permutation_rep(n, k):
    W = se.Wedge(se.V(se.S(n)), k)
    # Λ^k(1 + std) = Λ^k std + Λ^{k-1} std, both irreducible hooks (Λ^n = sign)
    expected = 1 if k == n else 2
    assert se.equivariant_basis(W, W).dim == expected == _burnside_multisets(n, k, k, False, False)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_sym_k_of_so3_vector_is_l_equals_k_k_minus_2(k):
    # Sym^k(V) = ⊕_{l = k, k-2, ...} ρ_l, each once
    S = se.Sym(se.V(se.SO(3)), k)
    assert se.equivariant_basis(S, S).dim == k // 2 + 1
    assert se.equivariant_basis(S, se.Scalar).dim == (1 if k % 2 == 0 else 0)
    c = se.equivariant_basis(S, S).verify()
    assert c.complete and "Weyl" in c.independent_method


def test_wedge_two_is_a_vector_for_so3_and_a_pseudovector_for_o3():
    V3, O3 = se.V(se.SO(3)), se.V(se.O(3))
    assert se.equivariant_basis(se.Wedge(V3, 2), V3).dim == 1
    assert se.equivariant_basis(se.Wedge(O3, 2), O3).dim == 0
    assert se.equivariant_basis(se.Wedge(O3, 2), se.Wedge(O3, 2)).dim == 1
    assert se.equivariant_basis(se.Wedge(V3, 3), se.Scalar).dim == 1     # the volume form
    assert se.equivariant_basis(se.Wedge(O3, 3), se.Scalar).dim == 0     # a pseudoscalar


def test_sym_of_su2_is_spin():
    V = se.V(se.SU(2))
    for k in range(1, 5):
        assert se.equivariant_basis(se.Sym(V, k), se.irrep(se.SU(2), Fraction(k, 2))).dim == 1


def _symmetriser(n, k, sym):
    """Exact embedding of Sym^k / Λ^k coordinates into V^{⊗k}: e_I -> Σ over the distinct
    orderings J of I (signed by the ordering for Λ), written independently of
    symequiv.reps.symmetric."""
    gen = itertools.combinations_with_replacement if sym else itertools.combinations
    cols = list(gen(range(n), k))
    M = [[0] * len(cols) for _ in range(n ** k)]
    for c, I in enumerate(cols):
        for J in set(itertools.permutations(I)):
            sign = 1
            if not sym:
                inv = sum(1 for a in range(k) for b in range(a + 1, k) if J[a] > J[b])
                sign = -1 if inv % 2 else 1
            flat = 0
            for x in J:
                flat = flat * n + x
            M[flat][c] = sign
    return linalg.matrix(M)


@pytest.mark.parametrize("G", [se.SO(3), se.O(3), se.S(4), se.SL(3), se.Octahedral()])
@pytest.mark.parametrize("k,sym", [(2, True), (3, True), (2, False), (3, False)])
def test_coordinates_are_the_independent_tensor_components(G, k, sym):
    # the embedding into V^{⊗k} intertwines exactly: the coordinates of a symmetric tensor T are
    # T_I for sorted I (no √2), of an antisymmetric one T_I for strictly increasing I
    V = se.V(G)
    P = (se.Sym if sym else se.Wedge)(V, k)
    E = _symmetriser(G.d, k, sym)
    T = V ** k
    for i in range(len(G.discrete_generators)):
        assert T.rho_gen(i).to_dense().matmul(E.to_dense()) == E.to_dense().matmul(P.rho_gen(i).to_dense())
    for i in range(len(G.lie_generators)):
        assert T.drho_gen(i).to_dense().matmul(E.to_dense()) == E.to_dense().matmul(P.drho_gen(i).to_dense())


def test_derivations_are_a_lie_algebra_homomorphism():
    G = se.SL(3)
    for P in (se.Sym(se.V(G), 3), se.Wedge(se.V(G), 2)):
        A, B = G.lie_generators[0], G.lie_generators[1]
        C = A.matmul(B) - B.matmul(A)
        lhs = P.drho(A).matmul(P.drho(B)) - P.drho(B).matmul(P.drho(A))
        assert lhs.to_dense() == P.drho(C).to_dense()


def test_group_homomorphism_on_products():
    G = se.Octahedral()
    g, h = G.discrete_generators
    for P in (se.Sym(se.V(G), 3), se.Wedge(se.V(G), 2)):
        assert P.rho(g).matmul(P.rho(h)).to_dense() == P.rho(g.matmul(h)).to_dense()


def test_s30_sym2_takes_the_orbit_road_and_is_certified_by_cycle_types():
    S = se.Sym(se.V(se.S(30)), 2)                     # timed in benchmarks/families.py
    B = se.equivariant_basis(S, S, cache=False)
    assert B.method == "orbits"
    c = B.verify()
    assert c.complete and "cycle types" in c.independent_method and c.dim == 9


def test_layers_and_algebra_accept_powers():
    import torch
    V = se.V(se.SO(3))
    S2 = V.sym(2)
    layer = se.nn.EquivariantLinear(S2, V + S2, dtype=torch.float64)
    se.testing.assert_equivariant(layer, S2, V + S2)
    model = se.nn.EMLP(S2, se.Scalar, se.SO(3), ch=32, num_layers=1)
    se.testing.assert_equivariant(model.double(), S2, se.Scalar)
    assert se.rep("Sym(V,2) + Wedge(V,2)", "SO(3)") == S2 + V.wedge(2)
    assert se.rep(repr(S2)) == S2


@pytest.mark.parametrize("make,err,text", [
    (lambda: se.Sym(se.V(se.SO(3)), -1), se.RepresentationError, "k >= 0"),
    (lambda: se.Sym(se.V(se.SO(3)), 1.5), se.RepresentationError, "int"),
    (lambda: se.Wedge(se.V(se.SO(3)), 4), se.RepresentationError, "k <= 3"),
    (lambda: se.Sym("V", 2), se.RepresentationError, "representation"),
    (lambda: se.rep("Sym(V,-1)", "SO(3)"), se.ParseError, "expected num"),
    (lambda: se.Sym(se.V(se.S(10 ** 6)), 3), se.ProblemTooLargeError, "MAX_REP_SIZE"),
])
def test_bad_input(make, err, text):
    with pytest.raises(err, match=text):
        make()


def test_small_powers_are_the_rep_itself():
    V = se.V(se.SO(3))
    assert se.Sym(V, 1) == V and se.Wedge(V, 1) == V and se.Sym(V, 0) == se.Scalar
    assert se.Sym(V, 2).size == 6 and se.Wedge(V, 3).size == 1 and se.Sym(V, 3).size == 10


@pytest.mark.parametrize("g,a,b", [("Octahedral()", "Sym(V,2)", "Sym(V,2)"), ("Octahedral()", "Wedge(V,2)", "V"),
                                   ("Icosahedral()", "Sym(V,4)", "Scalar"), ("C(5)", "Sym(V,3)", "V.T"),
                                   ("FullOctahedral()", "Sym(V,2)*V", "Wedge(V,3)")])
def test_power_trace_characters_agree_with_the_matrix_walk(g, a, b):
    # Burnside for Sym/Wedge of matrix groups from traces of powers of the 3x3 defining matrix
    # (Newton's identities) against the walk that multiplies the reps' own matrices
    from symequiv.verify.cycle_index import power_trace_dim
    from symequiv.verify.burnside import _walk_characters
    G = se.group(g)
    A, B = se.rep(a, G), se.rep(b, G)
    fast = power_trace_dim(A, B)
    assert fast is not None and fast[0] == _walk_characters(G, A, B, 10 ** 5)[0]
    assert fast[0] == se.equivariant_basis(A, B, cache=False).dim


@pytest.mark.parametrize("gname, k", [("C(5)", 3), ("Icosahedral()", 4), ("D(5)", 2), ("C(7)", 3)])
def test_sym_over_number_fields_matches_products_of_linear_forms(gname, k):
    # reference: M_u[J, I] = c_J / c_I · [x^J] Π_{i ∈ I} (Σ_r M[r, i] x_r), multiplied as SymPy Polys
    # with coefficients in the field itself (the library multiplies over Q in x and α, reducing by
    # α's minimal polynomial, which need not be monic in SymPy's form)
    import sympy as sp
    from math import factorial
    from collections import Counter
    G = se.group(gname)
    V = se.V(G)
    S = se.Sym(V, k)
    gens = [V.rho_gen(i) for i in range(len(G.discrete_generators))]
    assert gens and not gens[0].domain.is_QQ
    for i, M in enumerate(gens):
        K = M.domain
        n = V.size
        xs = sp.symbols(f"x0:{n}")
        rows = linalg._dod(M.to_sparse())
        forms = []
        for j in range(n):
            terms = {tuple(int(r == q) for q in range(n)): rows[r][j] for r in rows if j in rows[r]}
            forms.append(sp.Poly.from_dict(terms, *xs, domain=K))
        tuples = list(itertools.combinations_with_replacement(range(n), k))
        c = [sp.prod(factorial(m) for m in Counter(I).values()) for I in tuples]
        got = linalg._dod(S.rho_gen(i).to_sparse())
        for col, I in enumerate(tuples):
            P = sp.Poly.from_dict({(0,) * n: K.one}, *xs, domain=K)
            for j in I:
                P = P * forms[j]
            coeffs = P.as_dict(native=True)
            for row, J in enumerate(tuples):
                expo = tuple(J.count(r) for r in range(n))
                want = coeffs.get(expo, K.zero) * K.convert(linalg.QQ(c[row], c[col]))
                assert got.get(row, {}).get(col, K.zero) == want, (gname, I, J)


@pytest.mark.parametrize("gname", ["O(2)", "O(4)", "O(3)"])
def test_sym_of_explicit_reps_on_orthogonal_groups_is_never_miscounted(gname):
    # an explicit copy of V: Weyl must count Sym / Λ of it right or not at all (on O(2m) the
    # reflection piece's even powers carry a torus coordinate fixed at 1 that explicit atoms miss)
    from symequiv.reps.explicit import ExplicitRep
    from symequiv.verify import weyl_dim
    G = se.group(gname)
    V = se.V(G)
    E = ExplicitRep(G, [V.rho_gen(k) for k in range(len(G.discrete_generators))],
                    [V.drho_gen(k) for k in range(len(G.lie_generators))], "E")
    for A, B in [(se.Sym(E, 2) + se.Sym(E, 2), se.Scalar), (se.Wedge(E, 2), V ** 2), (se.Sym(E, 3), V)]:
        X = se.equivariant_basis(A, B, cache=False)
        w = weyl_dim(A, B)
        assert w is None or w[0] == X.dim
        assert X.verify().ok
