import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st
from sympy.combinatorics import Permutation, PermutationGroup as SPG
from sympy.combinatorics.named_groups import SymmetricGroup

import symequiv as se
from symequiv import linalg


@pytest.mark.parametrize("G, order", [
    (se.S(7), 5040), (se.A(5), 60), (se.Z(6), 6), (se.S(1), 1), (se.A(2), 1),
    (se.Octahedral(), 24), (se.FullOctahedral(), 48), (se.Tetrahedral(), 12),
    (se.RubiksCube(), 43252003274489856000), (se.O(1), 2), (se.Trivial(3), 1),
    (se.S(3) * se.Z(4), 24), (se.SO(3), None), (se.O(3), None), (se.SO13(), None),
    (se.Sp(2), None), (se.SL(3), None), (se.GL(2), None), (se.SO(3) * se.S(5), None),
])
def test_orders(G, order):
    assert G.order() == order


@pytest.mark.parametrize("n", range(1, 8))
def test_closed_form_orders_agree_with_schreier_sims(n):
    for G in (se.S(n), se.A(n), se.Z(n)):
        assert G.order() == G.sympy_group().order()


def test_rubik_order_by_sympy_schreier_sims_and_degree():
    G = se.RubiksCube()
    assert G.d == 48 and len(G.discrete_generators) == 6
    # every generator is a product of 5 disjoint 4-cycles (a quarter turn moves 20 facets)
    for p in G.perms:
        cyc = Permutation(list(p)).cycle_structure
        assert cyc == {1: 28, 4: 5}
    assert G.sympy_group().order() == 43252003274489856000


def test_lie_algebras_preserve_their_forms():
    def check(G, form):
        F = linalg.matrix(form)
        for A in G.lie_generators:
            assert linalg.is_zero(A.transpose().matmul(F) + F.matmul(A)), (G, A)
        for g in G.discrete_generators:
            assert g.transpose().matmul(F).matmul(g) == F
    check(se.SO(4), np.eye(4, dtype=int))
    check(se.O(3), np.eye(3, dtype=int))
    check(se.SO13(), np.diag([1, -1, -1, -1]))
    check(se.O13(), np.diag([1, -1, -1, -1]))
    J = np.block([[np.zeros((2, 2), int), np.eye(2, dtype=int)], [-np.eye(2, dtype=int), np.zeros((2, 2), int)]])
    check(se.Sp(2), J)
    assert len(se.Sp(2).lie_generators) == 10          # dim sp(4) = m(2m+1) = 10
    assert len(se.SO(5).lie_generators) == 10
    for A in se.SL(3).lie_generators:
        assert linalg.trace(A) == 0
    assert len(se.SL(3).lie_generators) == 8 and len(se.GL(3).lie_generators) == 9


def test_point_groups_are_exact_orthogonal():
    for G in (se.Octahedral(), se.FullOctahedral(), se.Tetrahedral()):
        assert G.is_orthogonal()
        for g in G.discrete_generators:
            assert all(x in (0, 1, -1) for row in linalg.to_lists(g) for x in row)
    dets = {int(sympy.Matrix(linalg.to_lists(g)).det()) for g in se.groups.enumerate_elements(se.Octahedral())}
    assert dets == {1}


def test_structural_equality():
    assert se.S(4) == se.PermutationGroup(SymmetricGroup(4))      # same generators as SymPy's
    assert se.S(3) == se.PermutationGroup([[1, 2, 0], [1, 0, 2]])
    assert se.SO(3) == se.MatrixGroup(lie_algebra=se.SO(3).lie_generators)
    assert se.SO(3) != se.O(3)
    assert hash(se.SO(3) * se.S(5)) == hash(se.SO(3) * se.S(5))
    assert se.Lorentz() == se.O13()


def test_permutation_group_inputs():
    a = se.PermutationGroup([Permutation([1, 0, 2])])
    b = se.PermutationGroup(SPG([Permutation([1, 0, 2])]))
    c = se.PermutationGroup([[1, 0, 2]])
    d = se.PermutationGroup(np.array([[1, 0, 2]]))
    assert a == b == c == d


def test_product_group_lifts():
    G = se.SO(3) * se.S(5)
    v3, v5 = se.V(se.SO(3)).lift(G), se.V(se.S(5)).lift(G)
    assert v3 * v5 == se.V(G) and se.V(G).size == 15
    assert (se.SO(3) * se.S(5)) * se.Z(2) == se.SO(3) * (se.S(5) * se.Z(2))
    assert len(G.factors) == 2 and G.num_generators == 3 + 2


def test_matrix_group_enumeration_guard():
    # two reflections whose product is a shear: every generator has order 2, the group is infinite
    dihedral = se.MatrixGroup(discrete=[[[-1, 0], [0, 1]], [[-1, 1], [0, 1]]])
    with pytest.raises(se.GroupTooLargeError, match="infinite"):
        se.groups.enumerate_elements(dihedral, limit=500)
    for gen in ([[1, 1], [0, 1]], [[2, 0], [0, 1]], [[1, 2], [3, 5]]):      # refused at once, exactly
        with pytest.raises(se.GroupTooLargeError, match="infinite order"):
            se.MatrixGroup(discrete=[gen]).order()
    assert se.MatrixGroup(discrete=[[[0, -1], [1, 1]]]).order() == 6


def test_cyclic_group_order_is_the_generators_order_at_once():
    import time
    n = 10 ** 4
    t0 = time.monotonic()
    assert se.PermutationGroup([list(range(1, n)) + [0]]).order() == n      # 21 s by Schreier-Sims
    assert time.monotonic() - t0 < 2


@given(st.permutations(list(range(9))))
@settings(max_examples=40, deadline=None)
def test_order_of_a_one_generator_group_agrees_with_schreier_sims(p):
    G = se.PermutationGroup([list(p)])
    assert G.order() == int(G.sympy_group().order())


@pytest.mark.parametrize("k,n", [(2, 3), (4, 3)])
def test_zksznxzn_acts_regularly_like_emlps(k, n):
    # EMLP's ZksZnxZn(k, n): Z_k ⋉ Z_n² acting on k·n² points, the rotation also shifting the
    # rotation channel, so the action is regular: one orbit (Hom(Scalar, V) = 1) and End(V) of
    # dimension |G| (the orbitals of a regular action); the order alone does not see it
    G = se.ZksZnxZn(k, n)
    assert G.order() == k * n * n == se.V(G).size
    assert se.equivariant_basis(se.Scalar, se.V(G)).dim == 1
    assert se.equivariant_basis(se.V(G), se.V(G)).dim == k * n * n


def test_embed_places_the_block_at_its_offset():
    # Embed(SO(2), 3, slice(1, 3)) rotates coordinates 1, 2 and fixes 0
    from symequiv.reps.restriction import is_subgroup
    E = se.Embed(se.SO(2), 3, slice(1, 3))
    A = linalg.to_lists(E.lie_generators[0])
    assert A[0] == [0, 0, 0] and [r[0] for r in A] == [0, 0, 0]
    assert [[A[i][j] + A[j][i] for j in range(3)] for i in range(3)] == [[0] * 3] * 3
    assert A[1][2] != 0
    assert is_subgroup(E, se.SO(3)) and is_subgroup(se.Embed(se.O(2), 3, slice(1, 3)), se.O(3))
    assert se.equivariant_basis(se.V(E), se.V(E)).dim == 3        # 1 + ρ1, End(ρ1) = C


def test_matrix_group_defining_perm_uses_the_destination_convention():
    # P[p[j], j] = 1, as for PermutationGroup and PermRep: the matrix group generated by the
    # matrix of [1, 2, 0] acts on V exactly as PermRep(G, [[1, 2, 0]]) (the identity commutes)
    P = linalg.perm_matrix([1, 2, 0])
    G = se.MatrixGroup(discrete=[linalg.to_lists(P)])
    V = se.V(G)
    assert V.perm(G.discrete_generators[0]).tolist() == [1, 2, 0]
    B = se.equivariant_basis(V, se.PermRep(G, [[1, 2, 0]]))
    M = sympy.Matrix([[x for row in linalg.to_lists(B.map(k)) for x in row] for k in range(B.dim)]).T
    assert M.rank() == M.row_join(sympy.eye(3).reshape(9, 1)).rank()
