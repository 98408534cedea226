"""The Schur decomposition on finite permutation groups: commutants from group averages with
the character norm as their dimension, and pure vectors (fixed by Young subgroups) that split
m copies of one irreducible.  Expected numbers come from closed forms (the Pieri-type rule for
[n-1,1] x λ, Burnside counts), not from the code under test."""

import random
import time

import pytest
import sympy

import symequiv as se
from symequiv import linalg
from symequiv.schur.finite import (finite_data, character_norm, character_product, averaged_hom,
                                   pure_candidates)
from symequiv.verify.burnside import burnside_dim


def _mats(rep):
    return [rep.rho_gen(k) for k in range(len(rep.group.discrete_generators))]


def _scrambled(rep, seed=3):
    """``rep`` in a random rational basis: ``Q⁻¹ ρ Q`` (an ExplicitRep of the same group)."""
    rng = random.Random(seed)
    n = rep.size
    while True:
        Q = linalg.matrix([[rng.randint(-2, 2) for _ in range(n)] for _ in range(n)])
        if linalg.column_rank(Q.to_dense()) == n:
            break
    Qi = linalg.inverse(Q)
    mats = [Qi.to_dense() * M.to_dense() * Q.to_dense() for M in _mats(rep)]
    return se.ExplicitRep(rep.group, mats, [], "W")


def test_character_norm_and_product_agree_with_burnside():
    G = se.S(5)
    F = finite_data(G)
    assert (F.order, len(F.classes)) == (120, 7)            # p(5) = 7 cycle types
    for rep in (se.V(G), se.V(G) ** 2, se.irrep(G, [3, 2]) * se.irrep(G, [2, 2, 1])):
        assert character_norm(_mats(rep), F) == burnside_dim(rep, rep)[0]
    A, B = se.V(G) ** 2, se.irrep(G, [3, 1, 1])
    assert character_product(_mats(B), _mats(A), F) == burnside_dim(A, B)[0]


def test_averaged_maps_intertwine_and_span():
    G = se.S(5)
    F = finite_data(G)
    A, B = se.V(G) ** 2, se.irrep(G, [4, 1])       # V² = 2[5] + 3[4,1] + [3,2] + [3,1,1]
    t = burnside_dim(A, B)[0]
    H = averaged_hom(_mats(B), _mats(A), F, t, random.Random(1))
    assert len(H) == t == 3
    for X in H:
        for a, b in zip(_mats(B), _mats(A)):
            assert linalg.is_zero((a.to_dense() * X - X * b.to_dense()).to_sparse())
    flat = linalg.matrix([[x for row in linalg.to_lists(X) for x in row] for X in H])
    assert linalg.column_rank(flat.transpose().to_dense()) == t


def test_young_subgroup_fixed_vectors_are_pure():
    # in U + U (U = [3,2,1]), the S_(3,2,1)-fixed vectors form a plane (Kostka K_λλ = 1 per
    # copy) and each spins to a single 16-dimensional copy
    G = se.S(6)
    U = se.irrep(G, [3, 2, 1])
    W = _scrambled(U + U)
    F = finite_data(G)
    cands = pure_candidates(_mats(W), F)
    assert cands[0].shape[1] == 2
    assert linalg.spin(cands[0][:, 0:1], [M.to_dense() for M in _mats(W)]).shape[1] == 16


def test_two_copies_of_an_irreducible_split_and_are_proved():
    # End = M_2(Q): a random commutant element has an irreducible quadratic minimal polynomial
    # and splits nothing; before the pure vectors this came back as one unproven 32-dim piece
    G = se.S(6)
    U = se.irrep(G, [3, 2, 1])
    W = _scrambled(U + U)
    D = se.decompose(W)
    assert D.dims == (16,) and D.multiplicities == (2,) and D.proven == (True,)
    assert D.verify().ok


def test_s6_product_decomposes_fast_and_proved():
    # V ⊗ [3,2,1] = [3,2,1] + [5,1] ⊗ [3,2,1]; the rule for [n-1,1] ⊗ λ (λ's 3 removable
    # corners: 2 more copies of λ, plus each shape made by moving one box): [4,2] [4,1,1] [3,3]
    # [3,1,1,1] [2,2,2] [2,2,1,1] once, of dimensions 9 10 5 10 5 9.  This took 200 s (6400
    # unknowns of elimination for the commutant) and left 2 x [3,2,1] unproven.
    G = se.S(6)
    U = se.irrep(G, [3, 2, 1])
    A = se.V(G) * U
    t0 = time.perf_counter()
    D = se.decompose(A)
    took = time.perf_counter() - t0
    got = sorted(d for d, m in zip(D.dims, D.multiplicities) for _ in range(m))
    assert got == sorted([16, 16, 16, 9, 10, 5, 10, 5, 9])
    assert all(D.proven) and D.verify().ok
    assert took < 30, took
    assert se.equivariant_basis(A, U).dim == 3 == burnside_dim(A, U)[0]


@pytest.mark.parametrize("make", [
    lambda: se.V(se.A(5)) ** 2,
    lambda: se.V(se.PermutationGroup([[1, 2, 3, 0], [3, 2, 1, 0]])) ** 3,     # D4 on a square
    lambda: se.irrep(se.S(5), [3, 1, 1]) * se.irrep(se.S(5), [2, 2, 1]),
])
def test_other_groups_end_dimension_matches_burnside(make):
    rep = make()
    D = se.decompose(rep)
    assert all(D.proven) and D.verify().ok
    # Σ m² dim End over the types is dim End_G(rep), counted independently
    assert sum(m * m * e for m, e in zip(D.multiplicities, D.end_dims)) == burnside_dim(rep, rep)[0]


def test_groups_outside_the_road_keep_elimination():
    assert finite_data(se.SO(3)) is None
    assert finite_data(se.Icosahedral()) is None            # a matrix group
    assert finite_data(se.S(8)) is None                     # 40320 > CLASS_LIMIT


def test_images_that_break_the_relations_get_a_typed_error():
    # a 3-cycle generator sent to an involution: the character formula is not an integer
    from symequiv.errors import RepresentationError
    G = se.S(3)
    bad = se.ExplicitRep(G, [linalg.matrix([[1, 0], [0, -1]]), linalg.matrix([[0, 1], [1, 0]])], [])
    with pytest.raises(RepresentationError, match="relations"):
        se.decompose(bad)


def test_images_with_a_whole_character_norm_that_break_the_relations_are_refused():
    # found by the review: these images give the character norm 1 (a whole number), and the
    # decomposition claimed one proven irreducible 2-dim piece; End of the matrices is 2-dim.
    # User-given images of a finite group are now checked element by element
    from symequiv.errors import RepresentationError
    from symequiv.schur.finite import is_homomorphism
    G = se.S(3)
    m = [linalg.matrix([[2, 0], [0, -1]]), linalg.matrix([[1, 0], [0, 2]])]
    assert not is_homomorphism(G, m)
    assert is_homomorphism(G, _mats(se.irrep(G, [2, 1])))
    with pytest.raises(RepresentationError, match="relations"):
        se.decompose(se.ExplicitRep(G, m, [], "U"))


@pytest.mark.parametrize("call", [
    lambda R: se.molien_series(R), lambda R: se.invariants(R, 2),
    lambda R: se.equivariant_basis(R, R), lambda R: se.equivariant_basis(R + se.V(se.S(3)), se.Scalar),
    lambda R: se.equivariant_basis(se.Sym(R, 2), se.Scalar),
    lambda R: se.nn.EquivariantLinear(R, R)], ids=["molien", "invariants", "basis", "sum", "Sym", "layer"])
def test_every_average_over_the_group_refuses_images_that_break_the_relations(call):
    # audit: the 3-cycle of S(3) sent to a swap gave the Molien series 1 + 4t/3 + 7t²/3 + ...
    # and a certificate that crashed with a bare AssertionError (Burnside: 8/3 maps)
    from symequiv.errors import RepresentationError
    swap = linalg.matrix([[0, 1], [1, 0]])
    bad = se.ExplicitRep(se.S(3), [swap, swap], [])
    with pytest.raises(RepresentationError, match="break the relations of S\\(3\\)"):
        call(bad)


def test_the_relations_check_accepts_a_representation_given_by_images():
    sign = se.ExplicitRep(se.S(3), [linalg.matrix([[1]]), linalg.matrix([[-1]])], [])
    t = sympy.symbols("t")
    assert sympy.cancel(se.molien_series(sign) - 1 / (1 - t ** 2)) == 0     # x² is invariant
    assert se.equivariant_basis(sign, se.V(se.S(3))).dim == 0


def test_burnside_names_a_non_integer_count_as_a_broken_representation():
    from fractions import Fraction
    from symequiv.errors import RepresentationError
    from symequiv.verify.burnside import integer_dim
    with pytest.raises(RepresentationError, match="not a representation"):
        integer_dim(Fraction(8), 3)


def test_permutation_images_are_checked_by_schreier_sims_at_any_size():
    # a 30-point action of S(7) (5040·30² is past the matrix check's bound): the 7-cycle sent to
    # a 30-cycle breaks (g^7 = 1); the pairs (g_k, π_k) generate a group larger than S(7)
    import numpy as np
    from symequiv.errors import RepresentationError
    bad = [np.roll(np.arange(30), 1), np.arange(30)]
    R = se.ExplicitRep(se.S(7), [linalg.perm_matrix(p) for p in bad], [], perms=bad)
    with pytest.raises(RepresentationError, match="break the relations of S\\(7\\)"):
        se.equivariant_basis(R, se.Scalar)


def test_the_relations_check_runs_once_per_rep_and_not_for_library_reps(monkeypatch):
    # review: every freshly built equal rep was checked again (5 x irrep(S(7), [5, 2]): 1.26 s
    # against 0.004 s); library reps (Specht, Regular, PermRep, irreps_of) are built checked
    import symequiv.schur.finite as F
    import symequiv.reps.relations as rel
    monkeypatch.setattr(rel, "_CHECKED", {})
    calls = []
    real = F.is_homomorphism
    monkeypatch.setattr(F, "is_homomorphism", lambda G, m: calls.append(1) or real(G, m))
    for _ in range(3):
        se.equivariant_basis(se.irrep(se.S(5), [3, 2]), se.Scalar)
        se.equivariant_basis(se.Regular(se.A(4)), se.Scalar)
    assert calls == []
    sign = [linalg.matrix([[1]]), linalg.matrix([[-1]])]
    for _ in range(3):                       # a user rep rebuilt with the same images
        se.equivariant_basis(se.ExplicitRep(se.S(3), sign, [], "s"), se.Scalar)
    assert calls == [1]


def test_images_of_finite_matrix_groups_and_over_number_fields_are_checked():
    # the Icosahedral group's generators both sent to the first one's image, and S(3) images
    # over Q(√2) that break its relations: a walk over the group's elements refuses both
    from symequiv.errors import RepresentationError
    G = se.Icosahedral()
    V = se.V(G)
    imgs = [V.rho_gen(k) for k in range(len(G.discrete_generators))]
    assert se.equivariant_basis(se.ExplicitRep(G, imgs, [], "W"), V).dim == 1   # V itself
    with pytest.raises(RepresentationError, match="Icosahedral"):
        se.equivariant_basis(se.ExplicitRep(G, [imgs[0]] * len(imgs), [], "B"), V)
    swap = linalg.matrix([[0, 1], [1, 0]])
    K = linalg.QQ.algebraic_field(sympy.sqrt(2))
    with pytest.raises(RepresentationError, match="S\\(3\\)"):
        se.equivariant_basis(se.ExplicitRep(se.S(3), [swap, swap], [], field=K), se.Scalar)
