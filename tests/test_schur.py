"""Schur decomposition, Clebsch-Gordan recursion and Schur-block bases, against numbers
computed on independent roads: the Clebsch-Gordan rule, Burnside's character formula,
Weyl integration, Euler's totient, and the regular-representation theorem."""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings, HealthCheck
from sympy import divisors, totient

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis
from symequiv.errors import (RepresentationError, GroupTooLargeError, ProblemTooLargeError,
                             GroupMismatchError)
from symequiv.solve.schur import schur_form
from symequiv.testing import reps as rep_strategy
from symequiv.verify import burnside_dim, weyl_dim

SO3 = se.SO(3)


def cg_multiplicities(k):
    """{l: multiplicity of ρ_l in V^{⊗k}} by ρ_l ⊗ ρ_1 = ρ_{l-1} + ρ_l + ρ_{l+1} (ρ_0 ⊗ ρ_1 = ρ_1)."""
    m = {0: 1}
    for _ in range(k):
        nxt = {}
        for l, c in m.items():
            for l2 in ([1] if l == 0 else [l - 1, l, l + 1]):
                nxt[l2] = nxt.get(l2, 0) + c
        m = nxt
    return m


def pieces(D):
    return sorted(zip(D.dims, D.multiplicities, D.end_dims))


# --- SO(3): Clebsch-Gordan ------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
def test_so3_tensor_power_multiplicities_follow_clebsch_gordan(k):
    D = se.decompose(se.V(SO3) ** k)
    expected = sorted((2 * l + 1, m, 1) for l, m in cg_multiplicities(k).items())
    assert pieces(D) == expected
    assert sum(u * m for u, m, _ in expected) == 3 ** k
    if k <= 5:
        cert = D.verify()
        assert cert.ok and cert.irreducible_proved and cert.generators_checked == 3


def test_so3_v6_end_dimension_is_4213_by_schur_and_by_weyl():
    D = se.decompose(se.V(SO3) ** 6)
    assert D.end_dim() == sum(m * m for m in cg_multiplicities(6).values()) == 4213
    assert weyl_dim(se.V(SO3) ** 6, se.V(SO3) ** 6)[0] == 4213


def test_so3_v6_schur_basis_is_certified_without_dense_form():
    V = se.V(SO3)
    B = se.equivariant_basis(V ** 6, V ** 6, cache=False)
    assert B.is_schur_form and B.method == "schur"
    assert B.shape == (531441, 4213)
    c = B.verify()
    assert c.complete and c.dim == c.independent_dim == 4213 and c.rank == 4213
    with pytest.raises(ProblemTooLargeError, match="block form"):
        B.to_numpy()
    W = B.map(4212)                       # one exact map, checked by plain products
    for k in range(3):
        assert V.__pow__(6).drho_gen(k).matmul(W) == W.matmul((V ** 6).drho_gen(k))


def test_schur_hom_between_different_tensor_powers_matches_weyl():
    V = se.V(SO3)
    F = schur_form(V ** 3 + V, V ** 4)
    assert F.dim == weyl_dim(V ** 3 + V, V ** 4)[0]


def test_schur_basis_spans_the_same_space_as_the_canonical_basis():
    V = se.V(SO3)
    B = se.equivariant_basis(V ** 3, V ** 3)                      # diagram road, echelon form
    S = Basis(V ** 3, V ** 3, "schur", schur=schur_form(V ** 3, V ** 3))
    assert S.dim == B.dim == 15
    both = linalg.vstack([B.rows(), S.rows()])
    assert linalg.rank(both) == 15 and linalg.rank(S.rows()) == 15
    G = se.Octahedral()
    W = se.V(G)
    S2 = Basis(W ** 2, W ** 3, "schur", schur=schur_form(W ** 2, W ** 3))
    B2 = se.equivariant_basis(W ** 2, W ** 3)
    assert S2.dim == B2.dim == burnside_dim(W ** 2, W ** 3)[0]
    assert linalg.rank(linalg.vstack([B2.rows(), S2.rows()])) == B2.dim
    assert S2.verify().complete


# --- finite groups: decomposition vs Burnside ------------------------------------------------

FINITE = [
    ("S(4)", "V**2"), ("S(5)", "V**2"), ("A(5)", "V**2"), ("A(4)", "V**3"),
    ("Octahedral()", "V**2"), ("FullOctahedral()", "V**2"), ("Tetrahedral()", "V**2"),
    ("Icosahedral()", "V"), ("Icosahedral()", "V**2"), ("FullIcosahedral()", "V**2"),
    ("IcosahedralFaces()", "V"), ("D(5)", "V**3"), ("C(5)", "V**2"),
]


@pytest.mark.parametrize("group,text", FINITE)
def test_decomposition_dimension_formula_matches_burnside(group, text):
    rep = se.rep(text, group)
    D = se.decompose(rep)
    assert D.end_dim() == burnside_dim(rep, rep)[0]
    assert sum(u * m for u, m in zip(D.dims, D.multiplicities)) == rep.size
    cert = D.verify()
    assert cert.ok and cert.irreducible_proved


def test_icosahedral_faces_is_the_rotation_group_on_20_faces():
    G = se.IcosahedralFaces()
    assert (G.degree, G.order()) == (20, 60)
    assert se.group(repr(G)) == G
    D = se.decompose(se.V(G))
    # over Q: 1 + 4 + 4 + 5 + (3 + 3'), the last a 6-dim piece with End = Q(√5)
    assert pieces(D) == [(1, 1, 1), (4, 2, 1), (5, 1, 1), (6, 1, 2)]
    assert burnside_dim(se.V(G), se.V(G))[0] == 1 + 4 + 1 + 2


def test_hom_dim_between_decompositions_matches_burnside():
    G = se.A(5)
    V = se.V(G)
    assert se.decompose(V).hom_dim(se.decompose(V ** 2)) == burnside_dim(V, V ** 2)[0]
    W = se.V(se.Icosahedral())
    assert se.decompose(W ** 2).hom_dim(se.decompose(W)) == burnside_dim(W ** 2, W)[0] == 1


def test_c5_hom_vv_vv_is_6_and_c4_d4_pieces_are_rational():
    D = se.decompose(se.V(se.C(5)) ** 2)
    assert D.end_dim() == 6                    # 2 trivial copies (4) + rotation by 4π/5 (End C: 2)
    assert pieces(D) == [(1, 2, 1), (2, 1, 2)]
    assert se.decompose(se.V(se.C(4)) ** 2).field == linalg.QQ
    D4 = se.decompose(se.V(se.D(4)) ** 2)
    assert D4.end_dim() == burnside_dim(se.V(se.D(4)) ** 2, se.V(se.D(4)) ** 2)[0]
    assert all(e == 1 for e in D4.end_dims)


# --- regular representations --------------------------------------------------------------------

@pytest.mark.parametrize("group", ["S(4)", "A(5)", "Octahedral()", "Tetrahedral()", "D(4)"])
def test_regular_rep_multiplicity_equals_dimension_for_absolutely_irreducible_pieces(group):
    G = se.group(group)
    D = se.decompose(se.Regular(G))
    assert sum(u * m for u, m in zip(D.dims, D.multiplicities)) == G.order()
    assert D.end_dim() == G.order()            # dim End(regular) = |G|
    for u, m, e in zip(D.dims, D.multiplicities, D.end_dims):
        # over Q a piece with End of dim e is a sum of e conjugate absolutely irreducible ones
        assert m * e == u
    assert D.verify().ok


def test_regular_a5_over_q_has_the_six_dimensional_rational_piece():
    D = se.decompose(se.Regular(se.A(5)))
    assert pieces(D) == [(1, 1, 1), (4, 4, 1), (5, 5, 1), (6, 3, 2)]


@pytest.mark.parametrize("n", range(1, 13))
def test_rational_group_algebra_of_cyclic_group_is_sum_of_cyclotomic_fields(n):
    D = se.decompose(se.Regular(se.Z(n)))
    expected = sorted((int(totient(d)), 1, int(totient(d))) for d in divisors(n))
    assert pieces(D) == expected                # Q[C_n] = ⊕_{d|n} Q(ζ_d)
    assert sum(u for u, _, _ in expected) == n
    # every rational irreducible is also real-irreducible exactly when n ∈ {1, 2, 3, 4, 6}
    assert (max(D.dims) <= 2) == (n in (1, 2, 3, 4, 6))
    assert D.verify().ok


# --- property: decomposition agrees with the solver's commutant -----------------------------------

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rep_strategy(se.S(4), max_size=16))
def test_decompose_end_dim_equals_commutant_dimension(rep):
    if rep.group is None:
        return
    D = se.decompose(rep)
    assert D.end_dim() == burnside_dim(rep, rep)[0]
    assert D.verify().ok


# --- layers ----------------------------------------------------------------------------------------

def test_schur_layer_is_equivariant_in_float64():
    torch = pytest.importorskip("torch")
    from scipy.spatial.transform import Rotation
    torch.manual_seed(0)
    V = se.V(SO3)
    layer = se.nn.EquivariantLinear(V ** 5, V ** 5)        # built in float32 ...
    assert layer.schur is not None and layer.weight.numel() == 603
    layer = layer.double()                                 # ... moved to float64: full precision
    R = Rotation.random(random_state=3).as_matrix()
    R5 = R
    for _ in range(4):
        R5 = np.kron(R5, R)
    R5 = torch.as_tensor(R5)
    x = torch.randn(6, 243, dtype=torch.float64)
    err = (layer(x @ R5.T) - layer(x) @ R5.T).abs().max().item()
    assert err < 1e-12
    W = layer.weight_matrix()
    assert torch.allclose(layer(x), x @ W.T + layer.bias_vector(), atol=1e-12)
    lin = layer.export()
    assert torch.allclose(lin(x), layer(x), atol=1e-12)


def test_schur_apply_with_field_endomorphisms_matches_exact_maps():
    torch = pytest.importorskip("torch")
    from symequiv.nn.schur import SchurApply
    R = se.Regular(se.Z(5))                     # pieces Q and Q(ζ_5): End of dim 1 and 4
    B = Basis(R, R, "schur", schur=schur_form(R, R))
    assert B.dim == 5 and B.verify().complete
    S = SchurApply(B, torch.float64)
    w = torch.randn(B.dim, dtype=torch.float64)
    dense = sum(float(w[k]) * linalg.to_numpy(B.map(k)) for k in range(B.dim))
    assert np.allclose(S.matrix(w).numpy(), dense, atol=1e-12)


# --- persistence, determinism, errors ---------------------------------------------------------------

def test_schur_basis_save_load_round_trip(tmp_path):
    V = se.V(SO3)
    B = se.equivariant_basis(V ** 5, V ** 5)
    p = tmp_path / "b.json"
    B.save(p)
    C = Basis.load(p)
    assert C.is_schur_form and C == B and C.content_hash() == B.content_hash()


def test_decomposition_bytes_do_not_depend_on_hash_seed():
    code = ("import symequiv as se, hashlib; from symequiv import linalg; "
            "D = se.decompose(se.V(se.A(5)) ** 2); "
            "print(hashlib.sha256(repr((linalg.key(D.Q.to_sparse()), D.dims)).encode()).hexdigest())")
    outs = set()
    for seed in ("0", "7", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                text=True, check=True).stdout)
    assert len(outs) == 1


def test_bad_inputs_give_typed_errors():
    with pytest.raises(RepresentationError, match="no group"):
        se.decompose(se.Scalar)
    with pytest.raises(RepresentationError, match="needs a Rep"):
        se.decompose("V")
    with pytest.raises(GroupTooLargeError, match="continuous"):
        se.Regular(SO3)
    with pytest.raises(GroupMismatchError):
        se.Regular("S(3)")
    with pytest.raises(RepresentationError, match="generators"):
        se.ExplicitRep(se.S(3), [linalg.identity(2)], [])
    with pytest.raises(RepresentationError, match="must all be"):
        se.ExplicitRep(se.S(3), [linalg.identity(2), linalg.identity(3)], [])


def test_results_do_not_depend_on_what_was_decomposed_before():
    import symequiv.schur.decomposition as dmod
    V = se.V(SO3)
    dmod._PRODUCTS.clear()
    first = linalg.key(se.decompose(V ** 3).Q.to_sparse())
    se.decompose(V ** 4 + V ** 2)                      # fills the shared Clebsch-Gordan cache
    assert linalg.key(se.decompose(V ** 3).Q.to_sparse()) == first


def test_shared_atom_pieces_do_not_change_results():
    # realified SU(2) reps are atoms whose pieces are kept across calls, and a Schur form's
    # input side is kept with the registry it leaves; a decomposition or a Schur form must be
    # the same bytes cold and after other problems filled those stores
    import symequiv.schur.decomposition as dmod
    import symequiv.schur.inputs as inputs_mod
    from symequiv.solve.schur import schur_form
    V = se.V(se.SU(2))
    R, A = V.realify(), (V * V).realify()            # atoms: 4 = H, 8 = realified 3 + 1
    problems = [lambda: se.decompose(A + R).Q, lambda: se.decompose(R * A).Q_inv,
                lambda: schur_form(R * R, A + R).Q_out, lambda: schur_form(A, R * R).Q_in_inv,
                lambda: schur_form(R * A, A).Q_out, lambda: schur_form(R * A, R * R).Q_out]
    cold = []
    for f in problems:
        for store in (dmod._ATOMS, dmod._PRODUCTS, inputs_mod._INPUTS):
            store.clear()
        cold.append(linalg.key(f().to_sparse()))
    assert len(dmod._ATOMS) > 0 and len(inputs_mod._INPUTS) > 0      # the stores are in use
    warm = [linalg.key(f().to_sparse()) for f in reversed(problems)][::-1]
    assert warm == cold


def test_quaternion_type_piece_is_proved_by_hilbert_symbols():
    # Q8 acting on itself: Q[Q8] = Q^4 + H_Q; End of the 4-dim piece is the rational
    # quaternions (not a field): i² = j² = -1, and (-1, -1)_Q is a division algebra (its Hilbert
    # symbols at 2 and at the real place are -1), so the piece is proved irreducible
    units = ["1", "i", "j", "k"]
    table = {("i", "i"): "-1", ("i", "j"): "k", ("i", "k"): "-j", ("j", "i"): "-k",
             ("j", "j"): "-1", ("j", "k"): "i", ("k", "i"): "j", ("k", "j"): "-i", ("k", "k"): "-1"}
    names = units + ["-" + u for u in units]

    def times(a, b):
        sa, sb = a.startswith("-"), b.startswith("-")
        a0, b0 = a.lstrip("-"), b.lstrip("-")
        r = b0 if a0 == "1" else a0 if b0 == "1" else table[(a0, b0)]
        neg = (sa != sb) != r.startswith("-")
        return ("-" if neg else "") + r.lstrip("-")

    gens = [[names.index(times(g, h)) for h in names] for g in ("i", "j")]
    G = se.PermutationGroup(gens)
    assert G.order() == 8
    D = se.decompose(se.V(G))
    assert pieces(D) == [(1, 1, 1)] * 4 + [(4, 1, 4)]
    assert D.end_dim() == burnside_dim(se.V(G), se.V(G))[0] == 8
    cert = D.verify()
    assert cert.ok and cert.irreducible_proved and all(D.proven)


def test_not_completely_reducible_rep_gives_a_typed_error():
    G = se.MatrixGroup(discrete=[[[1, 1], [0, 1]]])
    with pytest.raises(RepresentationError, match="not completely reducible"):
        se.decompose(se.V(G))


def test_basis_expansion_on_a_schur_block_matches_the_exact_maps():
    torch = pytest.importorskip("torch")
    V = se.V(SO3)
    E = se.nn.BasisExpansion(V ** 5, V ** 5, dtype=torch.float64)
    B = se.equivariant_basis(V ** 5, V ** 5)
    assert E.dim == B.dim == 603 and B.is_schur_form
    ks = [0, 250, 602]
    c = torch.zeros(2, E.dim, dtype=torch.float64)
    c[1, ks] = torch.tensor([0.5, -2.0, 3.0], dtype=torch.float64)
    exact_sum = sum(w * linalg.to_numpy(B.map(k)) for w, k in zip([0.5, -2.0, 3.0], ks))
    M = E(c)
    assert M.shape == (2, 243, 243)
    assert np.abs(M[1].numpy() - exact_sum).max() < 1e-12 and M[0].abs().max() == 0
    x = torch.randn(2, 243, dtype=torch.float64)
    assert torch.allclose(E.apply(c, x), (M @ x.unsqueeze(-1)).squeeze(-1), atol=1e-12)


def test_schur_layer_starts_at_unit_scale_and_icosahedral_v5_is_certified():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    V = se.V(SO3)
    layer = se.nn.EquivariantLinear(V ** 5, V ** 5, bias=False)
    std = layer(torch.randn(1024, 243)).std().item()
    assert 0.8 < std < 1.25
    W = se.V(se.Icosahedral())
    B = se.equivariant_basis(W ** 5, W ** 5, cache=False)       # 59049 unknowns over Q(√5)
    assert B.is_schur_form
    c = B.verify()
    lucas = [2, 1]
    for _ in range(9):
        lucas.append(lucas[-1] + lucas[-2])                     # φ^n + (1-φ)^n
    # A5 character of V^5 ⊗ V^5: classes of sizes 1, 15, 20, 12, 12 with traces 3, -1, 0, φ, 1-φ
    assert (3 ** 10 + 15 + 12 * lucas[10]) % 60 == 0
    assert c.complete and c.dim == burnside_dim(W ** 5, W ** 5)[0] == (3 ** 10 + 15 + 12 * lucas[10]) // 60


@pytest.mark.parametrize("group", ["C(5)", "C(7)", "C(11)", "D(9)", "Icosahedral()"])
def test_number_field_products_and_inverses_agree_with_sympy_arithmetic(group):
    # mul/inv run on rational coefficient matrices; SymPy's own field arithmetic is the referee
    # (C(5), C(7), C(11) have non-monic defining polynomials: 4, 8 and 32 lead)
    import random
    from symequiv.linalg import mul, inv
    K = se.group(group).domain
    rng = random.Random(1)
    e = K.mod.degree()

    def rand(m, n):
        return linalg.DomainMatrix([[K([linalg.QQ(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(e)])
                                    for _ in range(n)] for _ in range(m)], (m, n), K).to_dense()

    A, B = rand(3, 4), rand(4, 2)
    assert mul(A, B) == A.matmul(B)
    C = rand(3, 3) + linalg.identity(3, K).to_dense() * K(7)
    assert inv(C).matmul(C) == linalg.identity(3, K).to_dense()


def test_decomposition_over_an_extension_field():
    from sympy import sqrt, I, exp, pi
    D = se.decompose(se.Regular(se.A(5)), field=sqrt(5))
    assert pieces(D) == [(1, 1, 1), (3, 3, 1), (3, 3, 1), (4, 4, 1), (5, 5, 1)]   # m = dim
    assert D.verify().ok
    Z = se.decompose(se.Regular(se.Z(5)), field=exp(2 * pi * I / 5))
    assert pieces(Z) == [(1, 1, 1)] * 5                                            # characters
    C = se.decompose(se.V(se.C(5)) ** 2, field=I)
    assert pieces(C) == [(1, 1, 1), (1, 1, 1), (1, 2, 1)] and C.verify().ok
    with pytest.raises(RepresentationError, match="extension field"):
        se.equivariant_basis(D.irreps[1], se.Regular(se.A(5)))
    with pytest.raises(RepresentationError, match="field="):
        se.decompose(se.V(se.S(3)), field="sqrt(5)")


def test_clebsch_gordan_cache_keeps_group_and_algebra_images_apart():
    # the sign rep of Z(2) (discrete image [[-1]]) and the weight -1 of SO⁺(1,1) (Lie image
    # [[-1]]) have the same 1x1 matrices; their products differ (kron vs kronsum): a shared
    # cache entry made SO⁺(1,1)'s V⊗V come out with weights ±1 instead of ±2, 0, 0
    Z2 = se.MatrixGroup(discrete=[[[-1, 0], [0, 1]]])
    se.decompose(se.V(Z2) ** 2)
    G = se.SO11p()
    D = se.decompose(se.V(G) ** 2)
    weights = sorted(int(r.drho_gen(0).to_Matrix()[0, 0]) for r in D.irreps)
    assert weights == [-2, 0, 2] and sorted(D.multiplicities) == [1, 1, 2] and D.verify().ok
    assert se.equivariant_basis(se.V(G) ** 2, se.Scalar, cache=False).dim == 2


def test_schur_form_refuses_pieces_not_proved_irreducible(monkeypatch):
    # A Schur form built on unproven pieces can be wrong (an audit found S(6)'s
    # [5,1]x[3,2,1] -> [3,2,1] at dim 0 instead of 2: two copies of [3,2,1] came back as one
    # piece); it is refused and the solver takes another road.  Q8 on H by left multiplication
    # is a 4-dim rational irreducible whose End is H; with the Hilbert-symbol proof switched off
    # (as for quaternion algebras over other fields) decompose reports it unproven
    import symequiv.schur.decomposition as dmod
    from symequiv import linalg
    from symequiv.errors import RepresentationError
    from symequiv.solve.schur import schur_form
    monkeypatch.setattr(dmod, "quaternion_division", lambda E, K: False)
    G = se.PermutationGroup([[1, 4, 3, 6, 5, 0, 7, 2], [2, 7, 4, 1, 6, 3, 0, 5]])   # Q8, regular
    Mi = linalg.matrix([[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0]])
    Mj = linalg.matrix([[0, 0, -1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, -1, 0, 0]])
    U = se.ExplicitRep(G, [Mi, Mj], [], "H")
    assert se.decompose(U + U).proven == (False,)
    with pytest.raises(RepresentationError, match="not proved irreducible"):
        schur_form(U + U, U + U)
    assert se.equivariant_basis(U + U, U + U, cache=False).dim == 16   # End = M_2(H): 4 * 4


def test_split_quaternion_commutant_is_not_taken_for_a_division_algebra():
    # U + U with End(U) = Q has End = M_2(Q), a quaternion algebra that splits: not a proof
    from symequiv import linalg
    from symequiv.schur.quaternion import quaternion_division
    U = se.irrep(se.S(3), [2, 1])
    W = U + U
    mats = [W.rho_gen(k) for k in range(2)]
    E = linalg.hom_space(mats, mats, linalg.QQ)
    assert len(E) == 4 and not quaternion_division(E, linalg.QQ)
    G = se.PermutationGroup([[1, 4, 3, 6, 5, 0, 7, 2], [2, 7, 4, 1, 6, 3, 0, 5]])   # Q8, regular
    H = se.decompose(se.V(G)).irreps[-1]
    hm = [H.rho_gen(k) for k in range(2)]
    EH = linalg.hom_space(hm, hm, linalg.QQ)
    assert len(EH) == 4 and quaternion_division(EH, linalg.QQ)



def _left_multiplication_algebra(a, b):
    """The Lie algebra spanned by left multiplication by i and j on the quaternion algebra
    (a, b)_Q (basis 1, i, j, k = ij; i² = a, j² = b).  Brackets give the trace-zero quaternions,
    a Q-form of sl_2 (semisimple: completely reducible); the commutant is right multiplication,
    an algebra isomorphic to (a, b)_Q."""
    def mul(x, y):
        x0, x1, x2, x3 = x
        y0, y1, y2, y3 = y
        return [x0 * y0 + a * x1 * y1 + b * x2 * y2 - a * b * x3 * y3,
                x0 * y1 + x1 * y0 - b * x2 * y3 + b * x3 * y2,
                x0 * y2 + x2 * y0 + a * x1 * y3 - a * x3 * y1,
                x0 * y3 + x3 * y0 + x1 * y2 - x2 * y1]
    E = [[int(t == s) for t in range(4)] for s in range(4)]

    def left(x):
        cols = [mul(x, e) for e in E]
        return [[cols[c][r] for c in range(4)] for r in range(4)]
    return se.MatrixGroup(lie_algebra=[left(E[1]), left(E[2])])


@pytest.mark.parametrize("a,b,split", [(-28, 2, True), (-29, 6, True), (1, 5, True),
                                       (-1, -1, False), (-1, 3, False)])
def test_split_quaternion_commutants_are_split_by_a_zero_divisor(a, b, split):
    # (a, b)_Q is M_2(Q) exactly when z² = a x² + b y² has a nonzero rational point ((-28, 2):
    # 2² = -28 + 2·4²; (-29, 6): 11² = -29 + 6·5²), and then V = U ⊕ U with U of dimension 2;
    # otherwise V is irreducible with End of dimension 4.  Either way Σ m² · dim End = End(V) = 4,
    # which elimination counts on its own
    G = _left_multiplication_algebra(a, b)
    V = se.V(G)
    D = se.decompose(V)
    assert se.equivariant_basis(V, V, cache=False).dim == 4
    if split:
        assert (D.dims, D.multiplicities, D.end_dims, D.proven) == ((2,), (2,), (1,), (True,))
        assert se.equivariant_basis(D.irreps[0], V, cache=False).dim == 2
    else:
        assert (D.dims, D.multiplicities, D.end_dims, D.proven) == ((4,), (1,), (4,), (True,))
    assert D.verify().ok


def _clear_shared_stores():
    import symequiv.schur.decomposition as dmod
    import symequiv.schur.inputs as inputs_mod
    from symequiv.solve import cache
    for store in (dmod._ATOMS, dmod._PRODUCTS, inputs_mod._INPUTS):
        store.clear()
    cache.clear_memory()


def test_equal_reps_written_differently_give_the_same_bytes():
    # review: an ExplicitRep with perms and one with the same permutation matrices but no perms
    # are equal (one key); the solver's road (orbits or averages) followed how the rep was
    # written, so a stored result depended on which was seen first.  Permutation matrices
    # now make a permutation rep either way
    from symequiv.reps.explicit import ExplicitRep
    G = se.S(4)
    R = se.Regular(G)
    mats = list(R.generator_images[0])
    A = ExplicitRep(G, mats, [], "U", perms=[R.perm_gen(k) for k in range(2)])
    B = ExplicitRep(G, mats, [], "U")
    assert A == B and A.is_permutation and B.is_permutation
    _clear_shared_stores()
    cold = linalg.key(se.decompose(B).Q.to_sparse())
    _clear_shared_stores()
    se.decompose(A)
    assert linalg.key(se.decompose(B).Q.to_sparse()) == cold


def test_schur_input_store_ignores_entries_of_unchecked_copies():
    # review: a pickled copy of a Specht module of S(7) (dimension 21: too large for the copy's
    # own relation check) equals the original but is not marked checked, so its decomposition
    # drops the group's finite data; a stored input from the marked original must not serve it
    import pickle
    from symequiv.reps.specht import specht
    from symequiv.solve.schur import schur_form
    S7 = se.S(7)
    marked = specht((3, 3, 1), S7)
    copy = pickle.loads(pickle.dumps(marked))
    assert copy == marked
    V = se.V(S7)
    _clear_shared_stores()
    cold = schur_form(copy, V ** 2)
    _clear_shared_stores()
    schur_form(marked, V)
    warm = schur_form(copy, V ** 2)
    for a, b in ((cold.Q_in, warm.Q_in), (cold.Q_out, warm.Q_out)):
        assert linalg.key(a.to_sparse()) == linalg.key(b.to_sparse())
