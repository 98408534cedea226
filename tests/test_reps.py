"""Representation algebra: size laws, homomorphism, duals, coordinates, parse/repr."""

import numpy as np
import pytest
from hypothesis import given, strategies as st, assume

import symequiv as se
from symequiv import linalg
from strategies import perm_groups, rep_exprs


def dense(M):
    return np.array(linalg.to_lists(M), dtype=object)


@given(st.data())
def test_size_laws(data):
    G = data.draw(perm_groups())
    a = data.draw(rep_exprs(G, max_size=12))
    b = data.draw(rep_exprs(G, max_size=12))
    k = data.draw(st.integers(1, 3))
    assert (a + b).size == a.size + b.size
    assert (a * b).size == a.size * b.size
    assert (k * a).size == k * a.size
    assert (a ** k).size == a.size ** k
    assert (a >> b).size == a.size * b.size
    assert a.T.size == a.size


@given(st.data())
def test_rho_is_a_homomorphism_on_random_words(data):
    G = data.draw(perm_groups(max_degree=4))
    assume(G.discrete_generators)
    r = data.draw(rep_exprs(G, max_size=20))
    word = data.draw(st.lists(st.integers(0, len(G.discrete_generators) - 1), min_size=1, max_size=4))
    g = G.identity_element()
    M = linalg.identity(r.size)
    for k in word:
        g = G.multiply(G.discrete_generators[k], g)
        M = r.rho_gen(k).matmul(M)
    assert r.rho(g) == M


@given(st.data())
def test_double_dual_and_perm_dual(data):
    G = data.draw(perm_groups())
    r = data.draw(rep_exprs(G, max_size=20))
    assert r.T.T == r
    assert r.T == r                      # permutation reps are self-dual (P^{-T} = P)
    for k in range(len(G.discrete_generators)):
        assert r.T.rho_gen(k) == r.rho_gen(k)


def test_dual_of_non_orthogonal_group():
    G = se.SL(2)
    V = se.V(G)
    assert V.T != V and V.T.T == V
    for k in range(len(G.lie_generators)):
        assert V.T.drho_gen(k) == -V.drho_gen(k).transpose()
        assert V.T.T.drho_gen(k) == V.drho_gen(k)
    H = se.MatrixGroup(discrete=[[[1, 1], [0, 1]]])
    W = se.V(H)
    g = H.discrete_generators[0]
    assert W.T.rho(g).transpose().matmul(W.rho(g)) == linalg.identity(2)   # ρ*(g) = ρ(g)^{-T}


@given(st.data())
def test_parse_repr_roundtrip(data):
    G = data.draw(st.sampled_from([se.S(3), se.SO(3), se.SL(2), se.O13(), se.S(2) * se.Z(3), se.Octahedral()]))
    r = data.draw(rep_exprs(G, max_size=40))
    assert se.rep(repr(r)) == r
    assert se.rep(str(r), G) == r
    assert se.group(repr(G)) == G


@given(perm_groups())
def test_group_repr_roundtrip(G):
    assert se.group(repr(G)) == G


def test_coordinates_follow_the_expression():
    G = se.S(3)
    V = se.V(G)
    g = G.discrete_generators[0]
    P = dense(V.rho(g))
    one = np.array([[1]], dtype=object)
    # a + b: coordinates of a first
    M = dense((V + se.Scalar).rho(g))
    assert (M[:3, :3] == P).all() and M[3, 3] == 1
    M = dense((se.Scalar + V).rho(g))
    assert M[0, 0] == 1 and (M[1:, 1:] == P).all()
    # a * b: numpy.kron order
    W = se.V(G) + se.Scalar
    assert (dense((V * W).rho(g)) == np.kron(P, dense(W.rho(g)))).all()
    # a >> b is b * a.T, size b.size * a.size
    assert (V >> W) == W * V.T
    assert (dense((V >> W).rho(g)) == np.kron(dense(W.rho(g)), P)).all()
    del one


def test_kronecker_sum_for_algebra():
    V = se.V(se.SO(3))
    A = dense(V.drho_gen(0))
    I = np.eye(3, dtype=int)
    assert (dense((V * V).drho_gen(0)) == np.kron(A, I) + np.kron(I, A)).all()


def test_canonical_forms():
    V = se.V(se.SO(3))
    assert V + V == 2 * V and (V + V) + V == V + (V + V) == 3 * V
    assert V * V == V ** 2 and V ** 2 * V == V ** 3
    assert se.Scalar * V == V and V ** 0 == se.Scalar
    assert V + se.Scalar != se.Scalar + V          # different coordinates
    assert sum([V, V, se.Scalar]) == 2 * V + se.Scalar
    assert se.T(1, 1, se.SO(3)) == V * V.T == V ** 2     # SO(3) is orthogonal: V* = V


def test_lifted_reps_act_per_factor():
    G = se.S(3) * se.Z(2)
    a, b = se.V(G, 0), se.V(G, 1)
    for k, g in enumerate(G.discrete_generators):
        if k < 2:          # generators of S(3)
            assert b.rho(g) == linalg.identity(2)
        else:
            assert a.rho(g) == linalg.identity(3)
    assert se.V(G) == a * b
    assert (a * b).rho(G.discrete_generators[0]) == linalg.kron(a.rho(G.discrete_generators[0]), linalg.identity(2))


@pytest.mark.parametrize("group", ["S(3)", "SO(3)", "SL(2)"])
def test_hom_rep_basis_keeps_its_direction(group):
    # a >> b is b * a.T, which simplifies when a side is Scalar (V >> Scalar is V.T); its
    # equivariant_basis() is still Hom(a, b), also after a pickle round trip and from text.
    # Dimensions by hand: S(3) on C^3 fixes (1,1,1) only; SO(3) and SL(2) fix no vector
    import pickle
    G = se.group(group)
    V = se.V(G)
    fixed = 1 if group == "S(3)" else 0
    cases = [(V, se.Scalar, fixed), (2 * V, se.Scalar, 2 * fixed), (se.Scalar, V, fixed),
             (V, 2 * se.Scalar, 2 * fixed), (se.Scalar, se.Scalar, 1)]
    for a, b, dim in cases:
        for r in (a >> b, pickle.loads(pickle.dumps(a >> b)), se.rep(repr(a) + ">>" + repr(b))):
            B = r.equivariant_basis()
            assert (B.rep_in, B.rep_out, B.dim) == (a, b, dim)
            if dim:
                assert B.map(0).shape == (b.size, a.size)
        assert (a >> b) == b * a.T                 # equality stays structural
