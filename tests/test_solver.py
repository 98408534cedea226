"""The solver against numbers from independent roads (published values, brute-force characters)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, strategies as st, assume

import symequiv as se
from symequiv import linalg
from strategies import perm_groups, rep_exprs


def brute_force_dim(rep_in, rep_out):
    """(1/|G|) Σ_g tr ρ_in(g) tr ρ_out(g) over every element, with the reps' actual exact
    matrices -- no trace distribution, no orbits, no elimination."""
    G = rep_out.group or rep_in.group
    if G is None:
        return rep_in.size * rep_out.size
    els = se.groups.enumerate_elements(G)
    total = sum(Fraction(int(linalg.trace(rep_in.rho(g)))) * int(linalg.trace(rep_out.rho(g))) for g in els)
    return total / len(els)


def check_intertwiners(B):
    G = B.rep_out.group or B.rep_in.group
    if G is None:
        return
    for k in range(B.dim):
        W = B.map(k)
        for j in range(len(G.discrete_generators)):
            assert B.rep_out.rho_gen(j).matmul(W) == W.matmul(B.rep_in.rho_gen(j))
        for j in range(len(G.lie_generators)):
            assert B.rep_out.drho_gen(j).matmul(W) == W.matmul(B.rep_in.drho_gen(j))


# EMLP's documented cases and seed 003 (published dimensions)
PUBLISHED = [
    ("Z(6)", "V", "V", 6),
    ("S(6)", "V**2", "V**2", 15),
    ("SO(3)", "V**2", "V", 1),
    ("S(6)", "V+V**2", "V", 7),
    ("A(5)", "V**5", "Scalar", 63),
    ("S(5)", "V**5", "Scalar", 52),
    ("O(3)", "V**2", "V**2", 3),
    ("O(5)", "V**2", "V**2", 3),
    ("SO13()", "V**2", "V**2", 4),
    ("O13()", "V**2", "V**2", 3),
    ("Sp(2)", "V**2", "V**2", 3),
    ("SO(3)", "V**3", "V**3", 15),
    ("SO(3)", "V**4", "V**4", 91),
    ("SO(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3", 32),
    ("O(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3", 26),
    ("SO(3)", "2*V", "Scalar", 0),
]


@pytest.mark.parametrize("g, a, b, dim", PUBLISHED)
def test_published_dimensions(g, a, b, dim):
    G = se.group(g)
    rin, rout = se.rep(a, G), se.rep(b, G)
    B = se.equivariant_basis(rin, rout)
    assert B.dim == dim
    assert B.shape == (rin.size * rout.size, dim)
    cert = B.verify()
    assert cert.constraints_ok and cert.rank == dim and cert.ok
    if G.order() is not None:
        assert cert.complete and cert.independent_dim == dim


def test_seed_003_shape_and_rep_method():
    V = se.V(se.SO(3))
    rep = 2 * V >> 30 * se.Scalar + 10 * V + 3 * V ** 2 + V ** 3
    B = rep.equivariant_basis()
    assert B.shape == (684, 32)
    assert B == se.equivariant_basis(2 * V, 30 * se.Scalar + 10 * V + 3 * V ** 2 + V ** 3)


def test_levi_civita():
    V = se.V(se.SO(3))
    W = linalg.to_lists(se.equivariant_basis(V ** 2, V).map(0))
    eps = np.zeros((3, 3, 3), dtype=int)
    for (i, j, k), s in {(0, 1, 2): 1, (1, 2, 0): 1, (2, 0, 1): 1, (0, 2, 1): -1, (2, 1, 0): -1, (1, 0, 2): -1}.items():
        eps[i, j, k] = s
    M = np.array(W, dtype=object)
    # the map is proportional to ε_{ijk}: out index i, in index (j, k)
    ratio = {M[i, 3 * j + k] / eps[i, j, k] for i in range(3) for j in range(3) for k in range(3) if eps[i, j, k]}
    assert len(ratio) == 1 and all((M[i, 3 * j + k] == 0) == (eps[i, j, k] == 0) for i in range(3) for j in range(3) for k in range(3))


def test_finite_matrix_groups_against_brute_force():
    for G in (se.Octahedral(), se.FullOctahedral(), se.Tetrahedral()):
        V = se.V(G)
        for a, b in ((V, V), (V ** 2, V), (V ** 2, V ** 2), (V + se.Scalar, V ** 2)):
            B = se.equivariant_basis(a, b)
            assert B.dim == brute_force_dim(a, b)
            check_intertwiners(B)


def test_product_group_particles():
    # SO(3) x S(5) acting on five particles in 3-D: V(G) = R^3 ⊗ R^5
    G = se.SO(3) * se.S(5)
    V = se.V(G)
    B = se.equivariant_basis(V, V)
    # Hom = Hom_SO3(V3,V3) ⊗ Hom_S5(V5,V5) = 1 * 2
    assert B.dim == 2
    check_intertwiners(B)
    Bs = se.equivariant_basis(V, se.V(G, 0))     # sum over particles: the centroid map
    assert Bs.dim == 1


def test_orbit_basis_is_01_and_colors():
    V = se.V(se.S(4))
    B = se.equivariant_basis(V ** 2, V)
    assert B.is_orbit_basis and B.dim == 5
    D = B.to_numpy()
    assert set(np.unique(D)) <= {0.0, 1.0} and (D.sum(axis=1) <= 1).all()
    assert (B.colors == (D.argmax(axis=1) * (D.sum(axis=1) > 0) - (D.sum(axis=1) == 0))).all()


def test_S30_second_order_layer():
    V = se.V(se.S(30))
    B = se.equivariant_basis(V ** 2, V ** 2)
    assert B.dim == 15 and B.shape == (810000, 15)
    assert B.verify().complete


@given(st.data())
def test_random_perm_groups_burnside(data):
    G = data.draw(perm_groups(max_degree=4))
    a = data.draw(rep_exprs(G, max_size=10))
    b = data.draw(rep_exprs(G, max_size=10))
    B = se.equivariant_basis(a, b)
    assert B.dim == brute_force_dim(a, b)
    check_intertwiners(B)
    assert B.verify().complete


@given(st.data())
def test_dim_additive_over_sums(data):
    G = data.draw(st.sampled_from([se.SO(3), se.O(2), se.S(3), se.Octahedral(), se.SL(2)]))
    a = data.draw(rep_exprs(G, max_size=9))
    b = data.draw(rep_exprs(G, max_size=9))
    c = data.draw(rep_exprs(G, max_size=9))
    d = se.equivariant_basis
    assert d(a + b, c).dim == d(a, c).dim + d(b, c).dim
    assert d(c, a + b).dim == d(c, a).dim + d(c, b).dim
    assert d(a * b, c).dim == d(a, c * b.T).dim


@given(st.data())
def test_matrix_groups_intertwiners(data):
    G = data.draw(st.sampled_from([se.SO(3), se.O(3), se.SO13(), se.Sp(1), se.SL(2), se.GL(2)]))
    a = data.draw(rep_exprs(G, max_size=16))
    b = data.draw(rep_exprs(G, max_size=16))
    B = se.equivariant_basis(a, b)
    check_intertwiners(B)
    assert linalg.rank(B.rows()) == B.dim
    # blocks (on whatever roads the cost model took) span the space one whole elimination
    # finds: equal canonical forms; canonical roads give the canonical basis itself
    from symequiv.solve.nullspace import solve_nullspace
    R = solve_nullspace(a, b)
    assert (linalg.rref_rows(B.rows()) if B.dim else B.rows()) == R
    if "schur" not in B.method and "torus" not in B.method:
        assert B.rows() == R


def test_canonical_basis_is_reduced_echelon():
    V = se.V(se.SO(3))
    B = se.equivariant_basis(V + V ** 2, V ** 2 + se.Scalar)
    R = B.rows()
    assert linalg.rref_rows(R) == R
    pivots = [min(row) for _, row in sorted(R.to_sparse().rep.items())]
    assert pivots == sorted(pivots)


def test_gl_tensor_powers():
    # GL(n): Hom(V^k, V^k) spanned by the k! permutations (n >= k); zero for mixed degrees
    V = se.V(se.GL(3))
    assert se.equivariant_basis(V ** 2, V ** 2).dim == 2
    assert se.equivariant_basis(V ** 3, V ** 3).dim == 6
    assert se.equivariant_basis(V, V ** 2).dim == 0
    assert se.equivariant_basis(V * V.T, se.Scalar).dim == 1     # the trace
