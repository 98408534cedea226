"""Certificates that must fail on wrong objects (an audit of the certificate roads).

Each test builds a wrong object -- a truncated basis, a Schur form with a repeated block, a
reducible "irreducible", an edited file -- or runs a road whose count was wrong, and asserts the
check rejects it (or declines to vouch for it), where it used to report VERIFIED.
"""

import dataclasses
import json

import numpy as np
import pytest
import sympy as sp

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis, _binding
from symequiv.claims import check
from symequiv.verify import certify
from symequiv.errors import RepresentationError


def _drop_last_map(B):
    rows = B.rows().to_sparse()
    dod = {k: dict(v) for k, v in linalg._dod(rows).items() if k < B.dim - 1}
    return Basis(B.rep_in, B.rep_out, "tampered",
                 rows=linalg.DomainMatrix(dod, (B.dim - 1, rows.shape[1]), rows.domain))


def _numeric_dim(B):
    """dim Hom by floats, from the generators alone (an independent brute-force count)."""
    G = B.rep_in.group
    n_in, n_out = B.rep_in.size, B.rep_out.size
    rows = []
    for k in range(len(G.discrete_generators)):
        A = linalg.to_numpy(B.rep_in.rho_gen(k))
        C = linalg.to_numpy(B.rep_out.rho_gen(k))
        rows.append(np.kron(C, np.eye(n_in)) - np.kron(np.eye(n_out), A.T))
    for k in range(len(G.lie_generators)):
        A = linalg.to_numpy(B.rep_in.drho_gen(k))
        C = linalg.to_numpy(B.rep_out.drho_gen(k))
        rows.append(np.kron(C, np.eye(n_in)) - np.kron(np.eye(n_out), A.T))
    M = np.vstack(rows)
    return n_in * n_out - np.linalg.matrix_rank(M, tol=1e-9)


def test_sym_over_a_finite_factor_is_not_counted_by_the_torus():
    # the plethysm needs tr(g^j); a finite factor's class carries tr(g) only, so the Weyl road
    # counted 2 quadratic invariants of two D(4) vectors where there are 3
    G = se.SO(2) * se.D(4)
    B = se.equivariant_basis(se.Sym(2 * se.V(G, 1), 2), se.Scalar, cache=False)
    assert B.dim == _numeric_dim(B) == 3
    c = certify(B)
    assert c.ok and c.independent_dim in (None, 3)
    t = certify(_drop_last_map(B))
    assert not t.complete                      # was "VERIFIED (complete)"


def test_sym_of_a_product_rep_over_a_finite_factor():
    G = se.SO(2) * se.S(3)
    R = se.Wedge(se.V(G, 0) * se.V(G, 1), 2)
    B = se.equivariant_basis(R, R, cache=False)
    assert B.dim == _numeric_dim(B) == 18      # the Weyl road said 17
    assert certify(B).ok
    assert not certify(_drop_last_map(B)).complete


def _schur(rin, rout):
    from symequiv.solve.schur import schur_form
    return schur_form(rin, rout)


def test_schur_form_with_a_repeated_block_fails():
    V = se.V(se.SO(3))
    F = _schur(V ** 3, V ** 3)
    blocks = list(F.blocks)
    i1 = next(i for i, b in enumerate(blocks) if b.dim == 1)
    i7 = next(i for i, b in enumerate(blocks) if b.dim == 7)
    dup = list(blocks)
    dup[i1] = blocks[i7]                       # the l = 3 block twice, the l = 0 block gone
    T = Basis(V ** 3, V ** 3, "tampered", schur=dataclasses.replace(F, blocks=tuple(dup)))
    assert np.linalg.matrix_rank(T.to_numpy()) == 14 and T.dim == 15
    assert not certify(T).ok
    i3 = next(i for i, b in enumerate(blocks) if b.dim == 3)
    o = blocks[i3].out_offsets
    rep = list(blocks)
    rep[i3] = dataclasses.replace(blocks[i3], out_offsets=(o[0], o[0], o[2]))
    T = Basis(V ** 3, V ** 3, "tampered", schur=dataclasses.replace(F, blocks=tuple(rep)))
    assert not certify(T).ok


def test_torus_form_with_a_repeated_offset_fails():
    V = se.V(se.C(5))
    B = se.equivariant_basis(V ** 2, V ** 2, cache=False)
    blocks = list(B.schur.blocks)
    i = next(i for i, b in enumerate(blocks) if len(b.out_offsets) > 1)
    o = blocks[i].out_offsets
    blocks[i] = dataclasses.replace(blocks[i], out_offsets=(o[0],) * len(o))
    T = Basis(B.rep_in, B.rep_out, "tampered", schur=dataclasses.replace(B.schur, blocks=tuple(blocks)))
    assert not certify(T).ok


def test_a_reducible_piece_is_not_proved_irreducible():
    from symequiv.reps.explicit import ExplicitRep
    from symequiv.schur.decomposition import Decomposition
    V = se.V(se.SO(3))
    D = se.decompose(V ** 2)
    assert D.verify().irreducible_proved
    r1, r3, r5 = D.irreps
    (d1, l1), (d3, l3) = r1.generator_images, r3.generator_images
    K = D.field
    merged = ExplicitRep(V.group, [linalg.block_diag([a, b], K) for a, b in zip(d1, d3)],
                         [linalg.block_diag([a, b], K) for a, b in zip(l1, l3)], "U0+U1", field=K)
    T = Decomposition(D.rep, D.Q, D.Q_inv, (merged, r5), (1, 1), (2, 1), (True, True))
    assert not T.verify().irreducible_proved   # End = Q x Q is not a field


def test_a_complex_type_irreducible_is_still_proved():
    # over Q, C(4) on R^2 is irreducible with End = Q(i): a field of dimension 2
    D = se.decompose(se.V(se.C(4)))
    assert D.end_dims == (2,)
    assert D.verify().irreducible_proved


def test_matrix_group_order_claims_use_another_road(monkeypatch):
    import symequiv.groups.matrix as M
    ok, lib, ind, road = check({"kind": "order", "group": "FullOctahedral()", "claimed": 48})[:4]
    assert ok and "enumeration" not in road
    real = M.enumerate_elements
    monkeypatch.setattr(M, "enumerate_elements", lambda G, limit=M.ELEMENT_LIMIT: real(G, limit)[:-1])
    for name, wrong in (("FullOctahedral()", 47), ("Icosahedral()", 59)):
        assert not check({"kind": "order", "group": name, "claimed": wrong})[0]


def test_load_refuses_a_truncated_basis_that_no_formula_counts(tmp_path):
    U = se.MatrixGroup(lie_algebra=[[[0, 1], [0, 0]]])        # unipotent: no Weyl formula
    W = se.V(U)
    B = se.equivariant_basis(W ** 2, W ** 2, cache=False)
    p = tmp_path / "b.json"
    B.save(p)
    d = json.loads(p.read_text())
    d["rows"] = d["rows"][:-1]
    d["dim"] = len(d["rows"])
    d["sha256"] = Basis.from_payload(B.rep_in, B.rep_out, d, d["method"]).content_hash()
    d["binding"] = _binding(d)
    p.write_text(json.dumps(d))
    with pytest.raises(se.CacheError, match="fresh solve"):
        Basis.load(p)
    assert Basis.load(p, verify=False).dim == B.dim - 1       # trusted on request only


def test_a_complex_scalar_matrix_is_not_a_rotation():
    w = sp.Rational(-1, 2) + sp.sqrt(3) * sp.I / 2
    G = se.MatrixGroup(discrete=[[[w, 0], [0, w]]])           # Z/3 acting on C^2 by ω·I
    V = se.V(G)
    for rin, rout, want in ((V, V, 4), (V.T, V, 0), (se.Scalar, V ** 2, 0)):
        B = se.equivariant_basis(rin, rout, cache=False)
        assert B.dim == want
        assert B.verify().ok


def test_sym_over_the_lie_factor_of_a_lie_x_finite_group_keeps_its_count():
    # only a Sym / Wedge whose inner rep the finite factor acts on lacks tr(g^j)
    G = se.SO(3) * se.D(4)
    A, B = se.V(G, 0), se.V(G, 1)
    for rin, rout, want in ((se.Sym(A, 2), se.Scalar, 1), (se.Sym(A, 2) * B, B, 1),
                            (se.Sym(A, 2) + B, B + se.Scalar, 2), (se.Wedge(A, 2), A * B ** 2, 1)):
        c = certify(se.equivariant_basis(rin, rout, cache=False))
        assert c.independent_dim == want and c.complete


@pytest.mark.parametrize("group, order", [("Trivial(3)", 1), ("C(4)*C(2)", 8), ("S(3)*C(4)", 24),
                                          ("FullOctahedral()", 48), ("S(5)", 120)])
def test_order_claims_of_products_and_trivial_groups(group, order):
    ok, lib, ind, road = check({"kind": "order", "group": group, "claimed": order})[:4]
    assert ok and lib == ind == order


def test_order_claims_of_continuous_groups_are_typed_refusals():
    ok, lib, ind, road = check({"kind": "order", "group": "O(3)", "claimed": 2})[:4]
    assert not ok and "continuous" in road


def test_irreducibility_is_not_claimed_for_a_group_that_is_not_completely_reducible():
    # the ax+b group on R^2: End = Q, yet e_0 spans an invariant line.  decompose claimed the
    # indecomposable V proven irreducible (its own verify() then failed), crashed inside SymPy
    # on V*⊗V, and Schur's lemma on its pieces gave Hom(V, V*) = 0 where the dimension is 1
    from symequiv.solve.schur import schur_form
    G = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]]])
    V = se.V(G)
    for r in (V, V.T * V, V + V.T):
        with pytest.raises(RepresentationError, match="completely reducible"):
            se.decompose(r)
    with pytest.raises(RepresentationError, match="completely reducible"):
        schur_form(V, V.T)
    # Hom(V, V*): W with W A = -Aᵀ W for both generators, by hand W = [[0, 0], [0, c]]
    B = se.equivariant_basis(V, V.T, cache=False)
    assert B.dim == 1 and B.verify().ok
    assert se.decompose(se.V(se.SO(3)) ** 2).verify().irreducible_proved


def test_hand_given_images_of_an_orthogonal_group_with_free_discrete_part_are_not_assumed_reducible():
    # review: two rational rotations generate a free group; with a skew Lie generator the group
    # preserves the inner product, so V-built reps split, but an ExplicitRep is any rep of the
    # abstract group: the ax+b images do not split (e_0 spans an invariant line)
    from sympy import Rational, Matrix, diag, eye, zeros
    from symequiv.solve.schur import schur_form
    c, s = Rational(3, 5), Rational(4, 5)
    A = diag(Matrix([[1, 0, 0], [0, c, -s], [0, s, c]]), eye(2))
    B = diag(Matrix([[c, -s, 0], [s, c, 0], [0, 0, 1]]), eye(2))
    X = zeros(5)
    X[3, 4], X[4, 3] = -1, 1
    G = se.MatrixGroup([A, B], [X])
    R = se.ExplicitRep(G, [linalg.matrix([[1, 1], [0, 1]]), linalg.matrix([[2, 0], [0, 1]])],
                       [linalg.matrix([[0, 0], [0, 0]])], "axb")
    L = se.ExplicitRep(G, [linalg.matrix([[1]]), linalg.matrix([[2]])], [linalg.matrix([[0]])], "line")
    with pytest.raises(RepresentationError, match="completely reducible"):
        se.decompose(R)
    for a, b in ((L, R), (R, R.T)):
        with pytest.raises(RepresentationError, match="completely reducible"):
            schur_form(a, b)
    # by hand: W = (w, 0) is the only map L -> R (the second image scales e_0 by 2)
    assert se.equivariant_basis(L, R, cache=False).dim == 1
    assert se.decompose(se.V(G)).dims == (2, 3)


def test_more_completely_reducible_groups_decompose():
    # review: refused after the first version of the check; each is completely reducible
    from sympy import Matrix
    P = Matrix.diag(1, 2, 3)
    skew = [Matrix(x) for x in ([[0, -1, 0], [1, 0, 0], [0, 0, 0]], [[0, 0, -1], [0, 0, 0], [1, 0, 0]],
                                [[0, 0, 0], [0, 0, -1], [0, 1, 0]])]
    so3_skewed = se.MatrixGroup(lie_algebra=[(P * x * P.inv()).tolist() for x in skew])   # Weyl
    n = 7                  # signed permutations of 7 coordinates, order 645120: orthogonal
    cyc = [[1 if j == (i + 1) % n else 0 for j in range(n)] for i in range(n)]
    swap = [[1 if (i == j and i > 1) or {i, j} == {0, 1} else 0 for j in range(n)] for i in range(n)]
    sign = [[(-1 if i == 0 else 1) if i == j else 0 for j in range(n)] for i in range(n)]
    for G, dims in ((so3_skewed, (1, 3, 5)), (se.Embed(se.SO13(), 5, slice(0, 4)), (1, 4, 6, 9)),
                    (se.Embed(se.Sp(1), 3, slice(0, 2)), (1, 2, 3)),
                    (se.MatrixGroup([cyc, swap, sign]), (1, 6, 21, 21))):
        D = se.decompose(se.V(G) ** 2)
        assert tuple(sorted(D.dims)) == dims and D.verify().ok


def test_groups_preserving_an_inner_product_decompose_with_proofs():
    # SO(2) embedded in R^3 has no Weyl form in the catalogue; its skew generator proves it
    # compact.  Its pieces were claimed proven and the certificate refused the claim (ok False)
    D = se.decompose(se.V(se.SO2eR3()))
    assert D.dims == (1, 2) and all(D.proven)
    assert D.verify().ok


def test_large_permutation_group_order_claims_use_a_fresh_group(monkeypatch):
    # a group of order > 100000 without a formula: the independent count must not read the
    # SymPy object (and its stored order) that G.order() reads
    G = se.group("PermutationGroup([[1,2,3,4,5,6,7,8,9,0],[1,0,2,3,4,5,6,7,8,9]],degree=10)")
    assert check({"kind": "order", "group": repr(G), "claimed": 3628800})[0]
    G.sympy_group()._order = 10 ** 7                      # poison the cached order
    monkeypatch.setattr(se, "group", lambda text: G)
    assert G.order() == 10 ** 7
    assert not check({"kind": "order", "group": repr(G), "claimed": 10 ** 7})[0]


@pytest.mark.parametrize("rep", [se.Sym(se.V(se.SO(3)), 2), se.irrep(se.SO(3), 2),
                                 se.irrep(se.S(3), (2, 1)), se.V(se.SO13())],
                         ids=["Sym2", "irrep2", "specht21", "lorentz"])
def test_norm_nonlinearity_refuses_a_rep_that_is_not_orthogonal(rep):
    # the group's matrices being orthogonal is not enough: the rep's must be
    from symequiv.nn import NormNonlinearity
    with pytest.raises(se.RepresentationError, match="orthogonally"):
        NormNonlinearity(rep)


def test_norm_nonlinearity_accepts_orthogonal_reps_and_is_equivariant():
    import torch
    from symequiv.nn import NormNonlinearity
    from symequiv.testing import assert_equivariant
    for rep in (se.V(se.SO(3)) ** 2 + se.Scalar, se.V(se.S(4)) ** 2, se.irrep(se.SO(2), 3)):
        layer = NormNonlinearity(rep).double()
        with torch.no_grad():
            layer.bias.normal_()
        assert_equivariant(layer, rep, rep)


def test_reps_over_conjugate_primitive_elements_are_not_equal():
    # linalg.key writes entries as coefficients of the field's primitive element: the same
    # coefficients over Q(√2) and Q(−√2) are rotations by 45° and 225°, not isomorphic
    from sympy import QQ, sqrt
    G = se.C(8)
    V = se.V(G)
    M = V.rho_gen(0)
    K2 = QQ.algebraic_field(-sqrt(2))
    M2 = linalg.DomainMatrix({i: {j: K2(x.to_list()) for j, x in r.items()}
                              for i, r in linalg._dod(M.to_sparse()).items()}, M.shape, K2)
    A = se.ExplicitRep(G, [M], [], "U")
    B = se.ExplicitRep(G, [M2], [], "U", field=K2)
    assert A != B and A + B != 2 * A
    assert se.equivariant_basis(V, A).dim == 2
    with pytest.raises(se.RepresentationError, match="extension field"):
        se.equivariant_basis(V, B)              # not the cached Hom(V, A)


def test_a_non_real_map_between_real_reps_fails_the_certificate():
    from sympy import I
    R2 = se.V(se.SU(2)).realify()
    B = se.equivariant_basis(R2, R2)
    K = se.SU(2).domain
    R = B.rows().to_sparse()
    i = K.from_sympy(I)
    dod = {k: {j: K.convert(x) * (i if k == 0 else K.one) for j, x in r.items()} for k, r in R.rep.items()}
    T = Basis(B.rep_in, B.rep_out, B.method, rows=linalg.DomainMatrix(dod, R.shape, K))
    assert certify(B).ok and not certify(T).ok          # i·W satisfies every linear constraint


def test_rows_wider_than_a_map_are_refused():
    V = se.V(se.SO(3)) + se.Scalar
    B = se.equivariant_basis(V, V)
    R = B.rows().to_sparse()
    wide = linalg.DomainMatrix(dict(R.rep), (R.shape[0], R.shape[1] + 4), R.domain)
    with pytest.raises(se.RepresentationError, match="16 entries per map, got 20"):
        Basis(V, V, "edited", rows=wide)


def test_decomposition_claiming_a_reducible_piece_proven_is_not_ok():
    # found by the certificate audit: V(S(3)) = 1 + 2 written as one piece flagged proven
    # irreducible verified ok (irreducible_proved was False, but ok ignored the stored claim)
    from symequiv import linalg
    from symequiv.schur.decomposition import Decomposition
    G = se.S(3)
    V = se.V(G)
    I = linalg.identity(3).to_dense()
    U = se.ExplicitRep(G, [V.rho_gen(k) for k in range(2)], [], "U")
    claimed = Decomposition(V, I, I, [U], [1], [2], [True]).verify()
    assert not claimed.claims_proved and not claimed.ok
    honest = Decomposition(V, I, I, [U], [1], [2], [False]).verify()
    assert honest.ok and not honest.irreducible_proved        # unproven, and says so
    assert se.decompose(V).verify().claims_proved


def test_lie_images_that_break_the_brackets_are_refused():
    # found by the certificate audit: SO(3) images with one generator doubled were accepted,
    # and Hom(U, U) was certified complete by a Weyl count that means nothing for them
    G = se.SO(3)
    L = [G.lie_generators[k] for k in range(3)]
    with pytest.raises(RepresentationError, match="brackets|no representation"):
        se.ExplicitRep(G, [], [2 * L[0], L[1], L[2]], "U")
    assert se.ExplicitRep(G, [], L, "U").size == 3               # the true images still build
    O3 = se.O(3)
    Li = [O3.lie_generators[k] for k in range(3)]
    swap = linalg.matrix([[0, 1, 0], [1, 0, 0], [0, 0, 1]])     # not the images' reflection
    with pytest.raises(RepresentationError, match="no representation"):
        se.ExplicitRep(O3, [swap], Li, "W")


def test_custom_lie_group_basis_missing_maps_fails_by_the_modular_count():
    # found by the certificate audit: for a group given by its own Lie algebra (no Weyl formula,
    # no diagram basis) an empty basis of End(V) verified ok; the constraints are now counted
    # modulo two primes in numpy (no solver code), which bounds the dimension from above
    from symequiv.basis import Basis
    G = se.MatrixGroup(lie_algebra=[[[0, 1, 0], [-1, 0, 0], [0, 0, 0]]])
    V = se.V(G)
    full = se.equivariant_basis(V, V)
    c = full.verify()
    assert full.dim == 3 and c.complete and "modulo two primes" in c.independent_method
    empty = Basis(V, V, "x", rows=linalg.DomainMatrix({}, (0, 9), linalg.QQ)).verify()
    assert empty.independent_dim == 3 and not empty.ok
    assert not certify(_drop_last_map(se.equivariant_basis(V ** 2, V))).ok


def test_lie_algebras_reductive_in_their_defining_space_decompose():
    # gl(2) given by hand (no catalogue compact form, not semisimple): centre = scalars acting
    # semisimply, [gl2, gl2] = sl2, so V-built reps split; by hand V⊗V* = 1 + adjoint (the
    # centre acts by 0) and V⊗V = Sym² + Λ² (by 2): four pairwise distinct pieces.  The
    # nilpotent line (centre not semisimple) and ax+b (not reductive) stay refused
    from symequiv.schur.reducibility import completely_reducible
    gl2 = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [1, 0]],
                                      [[0, 0], [0, 1]]])
    V = se.V(gl2)
    D = se.decompose(V * V.T + V ** 2)
    assert sorted(D.dims) == [1, 1, 3, 3] and D.multiplicities == (1, 1, 1, 1)
    assert D.verify().ok and all(D.proven)
    assert se.equivariant_basis(V * V.T + V ** 2, V * V.T + V ** 2, cache=False).dim == 4
    scaled_rotations = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 1]], [[0, -1], [1, 0]]])   # C*
    D2 = se.decompose(se.V(scaled_rotations) ** 2)      # C ⊗_R C = (w²) + 2 copies of (|w|²)
    assert sorted(zip(D2.dims, D2.multiplicities, D2.end_dims)) == [(1, 2, 1), (2, 1, 2)]
    nilpotent = se.MatrixGroup(lie_algebra=[[[0, 1], [0, 0]]])
    ax_plus_b = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]]])
    for G in (nilpotent, ax_plus_b):
        assert not completely_reducible(G)
        with pytest.raises(RepresentationError, match="completely reducible"):
            se.decompose(se.V(G))
    # a hand-given rep of gl(2)'s algebra is any rep of the abstract algebra, e.g. X -> tr(X)·N
    # with N nilpotent (the centre acts by a Jordan block): not assumed completely reducible
    Nm, Z = linalg.matrix([[0, 1], [0, 0]]), linalg.matrix([[0, 0], [0, 0]])
    J = se.ExplicitRep(gl2, [], [Nm, Z, Z, Nm], "jordan")
    with pytest.raises(RepresentationError, match="completely reducible"):
        se.decompose(J)
    assert se.equivariant_basis(J, J, cache=False).dim == 2        # commutant of N: a + bN


def test_reducibility_criteria_over_complex_and_real_number_fields():
    # review: the Killing-form code converted entries through SymPy (crashed over Q(i)) and
    # solved by the normal equations (BᵀB is singular for the independent column (1, i)).
    # [[1, i], [0, 0]] has eigenvalues 1 and 0: semisimple, so the line it spans is reductive
    # in gl(V); V⊗V then splits into three lines (weights 2, 1, 1, 0 of the one generator)
    import sympy as sp
    from symequiv.schur.reducibility import completely_reducible
    G = se.MatrixGroup(lie_algebra=[[[1, sp.I], [0, 0]]])
    assert completely_reducible(G, (se.V(G),))
    D = se.decompose(se.V(G) * se.V(G))
    assert sorted(zip(D.dims, D.multiplicities)) == [(1, 1), (1, 1), (1, 2)] and D.verify().ok
    gl2_r2 = se.MatrixGroup(lie_algebra=[[[sp.sqrt(2), 0], [0, 0]], [[0, 1], [0, 0]],
                                         [[0, 0], [1, 0]], [[0, 0], [0, 1]]])
    assert sorted(se.decompose(se.V(gl2_r2) * se.V(gl2_r2).T).dims) == [1, 3]
    # with no reps named, "every representation": a hand-given rep of gl(2) need not split
    gl2 = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [1, 0]],
                                      [[0, 0], [0, 1]]])
    assert not completely_reducible(gl2) and completely_reducible(gl2, (se.V(gl2),))
