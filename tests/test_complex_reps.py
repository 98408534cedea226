"""SU(n), U(n), complex representations, spin and EMLP's catalogue names.

Every dimension is compared with a number computed on another road: closed formulas from
invariant theory (Catalan numbers, standard Young tableaux, pattern-avoiding permutations,
charge conservation, the Clebsch-Gordan rule, Frobenius-Schur types), never with the solver's
own output.
"""

import warnings
from fractions import Fraction
from itertools import permutations
from math import comb, factorial

import numpy as np
import pytest
import sympy as sp

import symequiv as se
from symequiv import linalg
from symequiv.reps.spin import spin, clebsch_gordan, spin1_to_vector, monomial_norms


def catalan(m):
    return comb(2 * m, m) // (m + 1)


def syt_count(shape):
    """Standard Young tableaux of a shape (hook length formula)."""
    n = sum(shape)
    cols = [sum(1 for r in shape if r > j) for j in range(shape[0])] if shape else []
    hooks = 1
    for i, r in enumerate(shape):
        for j in range(r):
            hooks *= (r - j - 1) + (cols[j] - i - 1) + 1
    return factorial(n) // hooks


def longest_decreasing(p):
    best = [1] * len(p)
    for i in range(len(p)):
        for j in range(i):
            if p[j] > p[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


def un_end_dim(n, k):
    """dim End_U(n)(V^{⊗k}) = #permutations of S_k with no decreasing subsequence longer
    than n (Schur-Weyl duality and RSK)."""
    return sum(1 for p in permutations(range(k)) if longest_decreasing(p) <= n)


def basis_dim(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", se.ComplexificationWarning)
        return se.equivariant_basis(a, b).dim


# --- groups ---------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [2, 3, 4])
def test_su_n_generators_span_traceless_antihermitian(n):
    G = se.SU(n)
    assert G.is_complex and G.is_unitary() and len(G.lie_generators) == n * n - 1
    for A in G.lie_generators:
        assert linalg.is_zero(A + linalg.conjugate(A).transpose())
        assert linalg.trace(A) == G.domain.zero
    U = se.U(n)
    assert len(U.lie_generators) == n * n and U.is_unitary()


def test_group_names_parse_and_round_trip():
    for text in ["SU(2)", "SU(3)", "U(1)", "U(2)", "SO13p()", "SO11p()", "O11()", "Cube()",
                 "ZksZnxZn(4,3)", "Scaling(2)", "SO2eR3()", "O2eR3()", "DkeR3(4)"]:
        G = se.group(text)
        assert se.group(repr(G)) == G


# --- dimensions against closed formulas ------------------------------------------------------

@pytest.mark.parametrize("k", range(1, 7))
def test_su2_invariants_of_tensor_powers_are_catalan(k):
    V = se.V(se.SU(2))
    assert basis_dim(V ** k, se.Scalar) == (catalan(k // 2) if k % 2 == 0 else 0)


@pytest.mark.parametrize("k", range(1, 5))
def test_su2_and_u2_endomorphisms_are_catalan(k):
    assert basis_dim(se.V(se.SU(2)) ** k, se.V(se.SU(2)) ** k) == catalan(k)
    assert basis_dim(se.V(se.U(2)) ** k, se.V(se.U(2)) ** k) == catalan(k) == un_end_dim(2, k)


@pytest.mark.parametrize("m", [1, 2])
def test_su3_invariants_count_rectangular_tableaux(m):
    V = se.V(se.SU(3))
    assert basis_dim(V ** (3 * m), se.Scalar) == syt_count([m, m, m])   # 1, 5
    assert basis_dim(V ** (3 * m - 1), se.Scalar) == 0


@pytest.mark.parametrize("n,k", [(3, 2), (3, 3), (2, 3), (1, 3)])
def test_un_mixed_tensor_invariants_count_pattern_avoiding_permutations(n, k):
    V = se.V(se.U(n))
    assert basis_dim(V ** k * V.T ** k, se.Scalar) == un_end_dim(n, k)
    assert basis_dim(V ** k * V.T ** (k - 1), se.Scalar) == 0


def test_su_vs_u_determinant():
    # the ε tensor is SU(n)-invariant but not U(n)-invariant (det ≠ 1)
    assert basis_dim(se.V(se.SU(2)) ** 2, se.Scalar) == 1
    assert basis_dim(se.V(se.U(2)) ** 2, se.Scalar) == 0
    assert basis_dim(se.V(se.SU(3)), se.V(se.SU(3)).T) == 0      # 3 ≇ 3̄
    assert basis_dim(se.V(se.SU(2)), se.V(se.SU(2)).T) == 1      # 2 ≅ 2̄


@pytest.mark.parametrize("a,b,c,d", [(2, 0, 2, 0), (2, 1, 1, 0), (1, 1, 0, 0), (2, 0, 1, 0),
                                     (0, 2, 1, 1), (3, 1, 2, 0)])
def test_u1_hom_is_charge_conservation(a, b, c, d):
    V = se.V(se.U(1))

    def mixed(p, q):
        r = se.Scalar
        for _ in range(p):
            r = r * V
        for _ in range(q):
            r = r * V.T
        return r
    expected = 1 if a - b == c - d else 0
    assert basis_dim(mixed(a, b), mixed(c, d)) == expected


@pytest.mark.parametrize("j1,j2", [(Fraction(a, 2), Fraction(b, 2)) for a in range(4) for b in range(4)])
def test_clebsch_gordan_rule(j1, j2):
    for twoJ in range(0, 8):
        J = Fraction(twoJ, 2)
        rule = 1 if abs(j1 - j2) <= J <= j1 + j2 and (j1 + j2 - J).denominator == 1 else 0
        assert clebsch_gordan(j1, j2, J).dim == rule


def test_spin_decomposition_of_tensor_powers_follows_clebsch_gordan():
    # V^{⊗3} = 2 x spin 1/2 + spin 3/2: multiplicities by Hom into each irrep
    V = se.V(se.SU(2))
    assert [basis_dim(V ** 3, spin(j)) for j in ("1/2", "3/2", "5/2")] == [2, 1, 0]
    assert se.equivariant_basis(spin("1/2"), V).dim == 1            # spin 1/2 is V
    D = se.decompose(V ** 3)
    assert sorted(zip(D.dims, D.multiplicities)) == [(2, 2), (4, 1)] and D.end_dim() == 5


@pytest.mark.parametrize("j", ["0", "1/2", "1", "3/2", "2", "5/2"])
def test_spin_irreps_are_jz_eigenbases(j):
    S = spin(j)
    v = Fraction(j)
    d = int(2 * v) + 1
    assert S.size == d and se.equivariant_basis(S, S).dim == 1          # irreducible (Schur)
    H = S.drho_gen(2)            # i·diag(1,-1) = 2i J_z, acting as a derivation: diagonal 2i·m
    I = sp.I
    assert H.to_Matrix() == sp.diag(*[2 * I * (v - k) for k in range(d)])
    # the Casimir: with J_z = -i·A2/2 and J_± from A0, A1, J² = J_z² + (J_+J_- + J_-J_+)/2 is
    # j(j+1)·I exactly (no normalisation needed: J² is basis-independent)
    A0, A1 = S.drho_gen(0).to_Matrix(), S.drho_gen(1).to_Matrix()
    Jz = -I * H.to_Matrix() / 2
    Jx, Jy = -I * A1 / 2, -I * A0 / 2          # A1 = iσ_x, A0 = iσ_y in the defining rep
    C = sp.simplify(Jx * Jx + Jy * Jy + Jz * Jz)
    assert C == sp.eye(d) * v * (v + 1)


def test_spin1_is_the_vector_rep_complexified():
    P, ad = spin1_to_vector()
    assert linalg.rank(P) == 3
    S1 = spin(1)
    for k, A in enumerate(ad.generator_images[1]):
        assert P.matmul(S1.drho_gen(k).to_dense()) == A.to_dense().matmul(P)
        assert linalg.is_real_matrix(A) and linalg.is_zero(A + A.transpose())
    # the three ad(A_k) span so(3): the Lie algebra of SO(3)
    flat = lambda mats: linalg.matrix([[x for row in linalg.to_lists(M) for x in row] for M in mats])
    ads = [linalg.matrix([[sp.Rational(sp.re(x)) for x in row] for row in linalg.to_lists(M)])
           for M in ad.generator_images[1]]
    both = ads + list(se.SO(3).lie_generators)
    assert linalg.rank(flat(ads)) == 3 and linalg.rank(flat(both)) == 3


# --- conj, realify, mixing ------------------------------------------------------------------

def test_conj_of_unitary_is_dual_and_conj_is_an_involution():
    for G in (se.SU(2), se.SU(3), se.U(2)):
        V = se.V(G)
        assert V.conj() == V.T and V.T.conj() == V and (V * V.T).conj() == V.T * V
    R = se.V(se.SO(3))
    assert R.conj() is R


def test_conj_of_a_non_unitary_complex_group():
    G = se.MatrixGroup(lie_algebra=[[[1, sp.I], [0, -1]]])
    V = se.V(G)
    assert V.is_complex and not G.is_unitary()
    C = V.conj()
    assert C != V.T and C.conj() == V
    A = linalg.conjugate(G.lie_generators[0])
    assert C.drho_gen(0) == A.to_sparse()


@pytest.mark.parametrize("G,expected", [(se.SU(2), 4), (se.U(1), 2), (se.SU(3), 2), (se.U(2), 2)])
def test_realified_endomorphisms_follow_frobenius_schur_type(G, expected):
    # End_R of the realified defining rep: H (quaternionic, SU(2)) or C (complex type)
    R = se.V(G).realify()
    B = se.equivariant_basis(R, R)
    assert B.dim == expected and not B.is_complex
    assert np.isrealobj(B.to_numpy()) and B.verify().complete


def test_realify_refuses_real_reps():
    with pytest.raises(se.RepresentationError, match="already real"):
        se.V(se.SO(3)).realify()


def test_mixing_real_and_complex_warns_and_complexifies():
    V = se.V(se.SU(2))
    with pytest.warns(se.ComplexificationWarning, match="complexified"):
        X = V + V.realify()
    assert X.is_complex
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Y = V + se.Scalar                     # the trivial rep is complexified silently
    assert Y.is_complex
    with pytest.warns(se.ComplexificationWarning):
        # Hom over C of V⊗C and V⊗C: the realified rep complexifies to V ⊕ V̄ ≅ 2V
        assert se.equivariant_basis(V, V.realify()).dim == 2


def test_certificates_use_weyl_for_su_and_u():
    for G in (se.SU(2), se.SU(3), se.U(1), se.U(2)):
        V = se.V(G)
        for a, b in [(V ** 2, V ** 2), (V * V.T, se.Scalar), (V.realify(), V.realify())]:
            c = se.equivariant_basis(a, b).verify()
            assert c.complete and "Weyl" in c.independent_method
    c = clebsch_gordan(1, "1/2", "3/2").verify()
    assert c.complete and "Weyl" in c.independent_method


# --- float edge and layers -----------------------------------------------------------------

def test_complex_basis_exports():
    V = se.V(se.SU(2))
    B = se.equivariant_basis(V * V, se.Scalar)
    assert B.is_complex and B.to_numpy().dtype == np.complex128
    import torch
    assert B.to_torch().dtype == torch.complex64
    assert B.to_torch(dtype=torch.complex128).dtype == torch.complex128
    B3 = se.equivariant_basis(se.irrep(se.U(1), 1) * se.irrep(se.U(1), 2), se.irrep(se.U(1), 3))
    assert B3.dim == 1
    G = se.MatrixGroup(lie_algebra=[[[sp.I, 1], [-1, 0]]])
    Bc = se.equivariant_basis(se.V(G), se.V(G))
    assert Bc.dim == 2         # the centraliser of one non-scalar 2 x 2 matrix: span{I, A}


def test_real_dtype_of_a_genuinely_complex_basis_is_refused():
    G = se.MatrixGroup(lie_algebra=[[[sp.I, 1], [-1, 0]]])
    B = se.equivariant_basis(se.V(G), se.V(G))        # span{I, A}: A has the entry i
    assert B.is_complex and B.to_numpy().dtype == np.complex128
    with pytest.raises(se.NotExactError, match="complex"):
        B.to_numpy(np.float64)
    # a complex Hom whose basis happens to be real converts exactly, whatever the road
    B4 = se.equivariant_basis(se.V(se.SU(3)) ** 4, se.V(se.SU(3)) ** 4)
    assert B4.to_numpy(np.float64).dtype == np.float64


def _random_unitary_images(reps, rng):
    from scipy.linalg import expm
    G = reps[0].group
    c = rng.normal(size=len(G.lie_generators))
    out = []
    for r in reps:
        A = sum(ck * linalg.to_numpy(r.drho_gen(k), np.complex128) for k, ck in enumerate(c))
        out.append(expm(A))
    return out


@pytest.mark.parametrize("G", [se.SU(2), se.U(2), se.SU(3)])
def test_complex_linear_layer_is_equivariant_in_float64(G):
    import torch
    V = se.V(G)
    rin, rout = V ** 2 + V + se.Scalar, V ** 2 + V.T + se.Scalar
    layer = se.nn.EquivariantLinear(rin, rout, dtype=torch.float64)
    assert layer.weight.dtype == torch.complex128
    with torch.no_grad():
        layer.bias.copy_(torch.randn_like(layer.bias))
    rng = np.random.default_rng(0)
    for _ in range(3):
        Ri, Ro = _random_unitary_images([rin, rout], rng)
        x = rng.normal(size=(4, rin.size)) + 1j * rng.normal(size=(4, rin.size))
        f = lambda z: layer(torch.as_tensor(z)).detach().numpy()
        err = np.abs(f(x @ Ri.T) - f(x) @ Ro.T).max()
        assert err < 1e-10
    se.testing.assert_equivariant(layer, rin, rout)


def test_realified_layer_has_real_weights_and_is_equivariant():
    import torch
    R = se.V(se.SU(2)).realify()
    layer = se.nn.EquivariantLinear(R, 2 * R, dtype=torch.float64)
    assert layer.weight.dtype == torch.float64 and layer.weight.numel() == 8
    se.testing.assert_equivariant(layer, R, 2 * R)


def test_emlp_on_a_realified_rep_takes_its_hidden_tensors_real():
    # audit: EMLP(V(SU(2)).realify(), Scalar, SU(2)) told the user to call realify(), which
    # they had: the hidden reps were built complex
    import torch
    R = se.V(se.SU(2)).realify()
    model = se.nn.EMLP(R, se.Scalar, se.SU(2), ch=32, num_layers=1).double()
    assert not model.hidden.is_complex and model.hidden.size > 32
    se.testing.assert_equivariant(model, R, se.Scalar)
    assert torch.isfinite(model(torch.randn(3, 4, dtype=torch.float64))).all()


@pytest.mark.parametrize("G", [se.SU(2), se.U(1)])
def test_emlp_on_a_realified_rep_is_not_linear(G):
    # audit: the hidden rep was realified as one summand, so it had one gate and no bilinear
    # product within the size limit: the network was linear (f(3x) = 3 f(x) to 1e-14) and its
    # invariant output a constant (gradient exactly 0)
    import torch
    torch.manual_seed(0)
    R = se.V(G).realify()
    model = se.nn.EMLP(R, se.Scalar, G, ch=32, num_layers=2).double()
    assert all(not r.is_complex for r, _ in model.hidden.sum_terms())
    assert len(model.hidden.sum_terms()) > 2          # one gate per tensor, not one in all
    x = torch.randn(6, R.size, dtype=torch.float64, requires_grad=True)
    y = model(x)
    grad, = torch.autograd.grad(y.sum(), x)
    assert grad.abs().max() > 1e-4
    assert (y - y.mean()).abs().max() > 1e-4
    se.testing.assert_equivariant(model, R, se.Scalar)
    both = se.nn.EMLP(R, R, G, ch=32, num_layers=2).double()
    with torch.no_grad():
        z = torch.randn(4, R.size, dtype=torch.float64)
        assert (both(3 * z) - 3 * both(z)).abs().max() > 1e-3


def test_one_dimensional_v_caps_the_hidden_tensor_rank():
    # U(1)'s V is 1-dim: (R+1) d^R <= ch allowed every rank up to ch - 2 (60 tensor types at
    # ch=64, about 10^5 bilinear products, 300 s to build)
    h = se.nn.uniform_rep(64, se.U(1))
    import re
    ranks = [sum(int(e or 1) for e in re.findall(r"V(?:\.T)?(?:\*\*(\d+))?", str(r))) for r, _ in h.sum_terms()]
    assert max(ranks) == 3 and h.size >= 32


def test_equivariance_check_catches_complex_conjugation():
    V = se.V(se.SU(2))
    with pytest.raises(AssertionError):
        se.testing.assert_equivariant(lambda x: x.conj(), V, V)
    se.testing.assert_equivariant(lambda x: x.conj(), V, V.conj())


def test_layers_needing_real_features_refuse_complex_reps():
    V = se.V(se.SU(2))
    for make in (lambda: se.nn.GatedNonlinearity(V), lambda: se.nn.EquivariantBilinear(V, V),
                 lambda: se.nn.EMLP(V, se.Scalar, se.SU(2))):
        with pytest.raises(se.RepresentationError, match="realify"):
            make()


def test_complex_input_to_a_real_layer_is_a_typed_error():
    import torch
    layer = se.nn.EquivariantLinear(se.V(se.SO(3)), se.V(se.SO(3)))
    with pytest.raises(se.InvalidArgumentError, match="realify"):
        layer(torch.randn(2, 3, dtype=torch.complex64))


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("make,err,text", [
    (lambda: se.SU(1), se.InvalidGeneratorError, "Trivial"),
    (lambda: se.U(0), se.InvalidGeneratorError, ">= 1"),
    (lambda: se.SU(2.5), se.InvalidGeneratorError, "int"),
    (lambda: se.MatrixGroup(discrete=[[[1j]]]), se.NotExactError, "sympy.I"),
    (lambda: spin("1/3"), se.ParseError, "multiple of 1/2"),
    (lambda: spin(-1), se.ParseError, "non-negative"),
    (lambda: spin(1, se.SO(3)), se.GroupMismatchError, "SU\\(2\\)"),
    (lambda: se.irrep(se.U(1), "1/2"), se.ParseError, "integer charge"),
    (lambda: se.ZksZnxZn(3, 4), se.InvalidGeneratorError, "k = 2"),
    (lambda: se.Embed(se.SO(2), 3, slice(0, 3)), se.InvalidGeneratorError, "exactly 2"),
])
def test_bad_input(make, err, text):
    with pytest.raises(err, match=text):
        make()


def test_finite_complex_matrix_group_orders():
    # i has order 4: the determinant is a root of unity, not ±1
    assert se.MatrixGroup(discrete=[[[sp.I]]]).order() == 4
    with pytest.raises(se.GroupTooLargeError):
        se.MatrixGroup(discrete=[[[(3 + 4 * sp.I) / 5]]]).order()


# --- EMLP's names ---------------------------------------------------------------------------------

def test_lorentz_components():
    # SO⁺(1,3) and SO(1,3) keep ε: V⁴ invariants = 3 metric pairings + ε; O(1,3) loses ε
    for G, expected in [(se.SO13p(), 4), (se.SO13(), 4), (se.O13(), 3)]:
        assert basis_dim(se.V(G) ** 4, se.Scalar) == expected
    # 1+1: the metric and ε for SO⁺(1,1); O(1,1) keeps only the metric
    assert basis_dim(se.V(se.SO11p()) ** 2, se.Scalar) == 2
    assert basis_dim(se.V(se.O11()) ** 2, se.Scalar) == 1


def test_cube_and_gcnn_groups():
    C = se.Cube()
    assert C.order() == 24
    # orbitals of the rotation group on faces: same, opposite, adjacent
    assert se.equivariant_basis(se.V(C), se.V(C)).dim == 3
    for k, n in [(2, 3), (4, 3), (4, 4)]:
        G = se.ZksZnxZn(k, n)
        from sympy.combinatorics import Permutation, PermutationGroup
        assert G.order() == k * n * n == PermutationGroup([Permutation(list(p)) for p in G.perms]).order()


def test_embed_and_direct_product():
    G = se.DkeR3(4)
    assert G.order() == 8 and basis_dim(se.V(G), se.V(G)) == 2     # the plane (irreducible) + z
    assert basis_dim(se.V(se.SO2eR3()), se.V(se.SO2eR3())) == 3    # C on the plane + z
    assert se.DirectProduct(se.SO(3), se.S(3)) == se.SO(3) * se.S(3)
    E = se.Embed(se.S(3), 5, slice(1, 4))
    assert E.order() == 6 and se.equivariant_basis(se.V(E), se.V(E)).dim == 4 + 4 + 2   # fixed-fixed, fixed-orbit, orbit-orbit
    assert basis_dim(se.V(se.Scaling(2)), se.V(se.Scaling(2))) == 4
    assert basis_dim(se.V(se.Scaling(2)) ** 2, se.Scalar) == 0



@pytest.mark.parametrize("k", [1, 3, 5])
def test_dihedral_is_emlps_subgroup_for_odd_k(k):
    # EMLP's D(k) adds the mirror x -> -x, [[-1, 0], [0, 1]]; for odd k the mirror y -> -y
    # generates another (conjugate) subgroup of O(2), equivariant to other maps
    for G, n in ((se.D(k), 2), (se.DkeR3(k), 3)):
        mirror = np.eye(n)
        mirror[0, 0] = -1
        flip_y = np.eye(n)
        flip_y[1, 1] = -1
        gens = [np.array(M.to_Matrix().evalf(), dtype=float) for M in G.discrete_generators]
        elements = [np.eye(n)]                       # the closure, by our own float walk
        for M in elements:
            for g in gens:
                h = g @ M
                if not any(np.abs(h - E).max() < 1e-9 for E in elements):
                    elements.append(h)
        assert len(elements) == 2 * k
        assert any(np.abs(M - mirror).max() < 1e-12 for M in elements)
        assert not any(np.abs(M - flip_y).max() < 1e-12 for M in elements)
    if k == 3:       # the invariant cubic of EMLP's D(3) is Im z^3 = 3x^2 y - y^3, odd in y
        W = se.equivariant_basis(se.V(se.D(3)) ** 3, se.Scalar).to_numpy().reshape(2, 2, 2)
        x, y = 0.3, 0.7
        cubic = lambda x, y: np.einsum("abc,a,b,c->", W, *([np.array([x, y])] * 3))
        assert abs(cubic(x, y) + cubic(x, -y)) < 1e-12 and abs(cubic(x, y)) > 1e-3


@pytest.mark.parametrize("G,a,b,expected", [
    (se.SO13p(), "V**4", "Scalar", 4), (se.SO11p(), "V**2", "Scalar", 2),
    (se.O11(), "V**4", "Scalar", 3), (se.SO11p(), "V**3", "V", 6),
    (se.Scaling(2), "V*V.T", "Scalar", 4), (se.Scaling(2), "V**2", "Scalar", 0)])
def test_emlp_lie_groups_are_certified_by_their_compact_forms(G, a, b, expected):
    # SO⁺(1,1) ≅ R acts on the light-cone coordinates with weights ±1: Hom counts equal-weight
    # pairs (V³ -> V: 3 + 3); O(1,1) keeps only the metric pairings (3 on V⁴); scalings keep
    # degree: V ⊗ V* -> Scalar is all of gl(2) (4), V² -> Scalar nothing
    B = se.equivariant_basis(se.rep(a, G), se.rep(b, G))
    c = B.verify()
    assert B.dim == expected and c.complete and "compact form" in c.independent_method


def test_character_formula_conjugates_complex_characters():
    # a finite group over Q(i): Z4 = <i> on C; Burnside needs conj(χ_in)·χ_out
    Z4 = se.MatrixGroup(discrete=[[[sp.I]]])
    V = se.V(Z4)
    for a, b, expected in [(V, V, 1), (V, V.T, 0), (V * V.T, se.Scalar, 1), (V ** 4, se.Scalar, 1),
                           (V ** 2, se.Scalar, 0), (V.T, V ** 3, 1)]:
        B = se.equivariant_basis(a, b)
        c = B.verify()
        assert B.dim == expected and c.complete and c.independent_dim == expected


def test_u1_irrep_certificates():
    U = se.U(1)
    for a, b in [(se.irrep(U, 3), se.V(U) ** 3), (se.irrep(U, 2) * se.irrep(U, -2), se.Scalar),
                 (se.irrep(U, 1).realify(), se.irrep(U, 1).realify())]:
        c = se.equivariant_basis(a, b).verify()
        assert c.complete and "Weyl" in c.independent_method


def test_complex_layer_cast_to_real_is_refused_and_saves_round_trip(tmp_path):
    import torch
    V = se.V(se.SU(2))
    layer = se.nn.EquivariantLinear(V * V, V * V)
    with pytest.raises(se.InvalidArgumentError, match="complex128"):
        layer.to(torch.float64)
    R = V.realify()
    B = se.equivariant_basis(R, R)
    B.save(tmp_path / "b.json")
    assert se.Basis.load(tmp_path / "b.json") == B and se.rep(repr(R)) == R


@pytest.mark.parametrize("G", [se.SU(2), se.SU(3), se.U(1), se.U(3)])
def test_exact_elements_of_unitary_groups(G):
    for seed in range(3):
        g = se.testing.exact_element(G, rng=seed)
        M = g.matrix.to_dense()
        Mh = linalg.conjugate(M).to_dense().transpose()
        assert M.matmul(Mh) == linalg.identity(G.d, G.domain).to_dense()
        if G != se.U(1) and G != se.U(3):
            assert M.det() == G.domain.one                       # SU(n): det exactly 1


def test_exact_equivariance_checks_on_complex_reps():
    V = se.V(se.SU(2))
    W = se.equivariant_basis(V * V, se.Scalar).map(0)          # the ε form, exact over Q(i)
    eps = sp.Matrix(W.to_Matrix())
    se.testing.assert_equivariant_exact(lambda X: X * eps.T, V * V, se.Scalar)   # rows: a batch
    with pytest.raises(AssertionError):
        se.testing.assert_equivariant_exact(lambda X: X.conjugate(), V, V)
    se.testing.assert_equivariant_exact(lambda X: X.conjugate(), V, V.conj())


@pytest.mark.parametrize("k", [1, 2, 3])
def test_realified_tensor_powers_are_solved_over_q(k):
    # R = C² as R⁴ for SU(2): R ⊗ C = V ⊕ V̄ ≅ 2V, so End_R(R^{⊗k}) = 4^k · Catalan(k)
    R = se.V(se.SU(2)).realify()
    B = se.equivariant_basis(R ** k, R ** k, cache=False)
    assert B.dim == 4 ** k * catalan(k) and "over Q" in B.method
    assert B.domain.is_QQ and B.verify().complete


def test_double_of_a_complex_layer_warns_and_to_complex128_converts():
    # Module.double() casts floating tensors only (torch's convention, kept so that models
    # mixing symequiv and torch complex layers keep one dtype): it warns instead of leaving a
    # complex layer at complex64 in silence; .to(torch.complex128) re-derives the buffers
    import warnings
    import torch
    warnings.simplefilter("ignore", se.ComplexificationWarning)
    V = se.V(se.SU(2))
    rin, rout = V * V.conj(), se.Scalar + V * V.conj()
    torch.manual_seed(0)
    layer = se.nn.EquivariantLinear(rin, rout)
    with pytest.warns(UserWarning, match="complex128"):
        layer.double()
    layer = layer.to(torch.complex128)
    assert {p.dtype for p in layer.parameters()} == {torch.complex128}
    ref = se.nn.EquivariantLinear(rin, rout, dtype=torch.complex128)
    ref.load_state_dict(layer.state_dict())
    x = torch.randn(3, 4, dtype=torch.complex128)
    assert torch.allclose(layer(x), ref(x), rtol=0, atol=1e-13)
    mixed = torch.nn.Sequential(se.nn.EquivariantLinear(rin, rout),
                                torch.nn.Linear(rout.size, 2, dtype=torch.complex64))
    with pytest.warns(UserWarning):
        mixed.double()
    assert {p.dtype for p in mixed.parameters()} == {torch.complex64}
    assert mixed(torch.randn(3, 4, dtype=torch.complex64)).shape == (3, 2)
