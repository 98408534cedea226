"""Irreducibles by name (representations issue, started): checked by characters (Weyl's formula),
Schur's lemma through the solver, exact embeddings into tensor powers, and the rotation angles."""

import numpy as np
import pytest

import symequiv as se
from symequiv.testing import assert_intertwiner, float_rho


@pytest.mark.parametrize("l", range(6))
def test_so3_irrep_characters_follow_weyls_formula(l):
    R = se.irrep(se.SO(3), l)
    assert R.size == 2 * l + 1
    for seed in range(4):
        D, g = float_rho([R, se.V(se.SO(3))], rng=seed)
        theta = np.arccos(np.clip((np.trace(g) - 1) / 2, -1, 1))
        want = 1 + 2 * sum(np.cos(m * theta) for m in range(1, l + 1))
        assert abs(np.trace(D) - want) < 1e-9
        assert np.allclose(D @ np.linalg.inv(D), np.eye(2 * l + 1))


def test_so3_irreps_are_absolutely_irreducible_and_distinct():
    reps = [se.irrep(se.SO(3), l) for l in range(4)]
    for i, a in enumerate(reps):
        for j, b in enumerate(reps):
            assert se.equivariant_basis(a, b).dim == (1 if i == j else 0)


def test_o3_parity():
    V = se.V(se.O(3))
    assert se.equivariant_basis(se.irrep(se.O(3), "1o"), V).dim == 1
    assert se.equivariant_basis(se.irrep(se.O(3), "1e"), V).dim == 0
    assert se.equivariant_basis(se.irrep(se.O(3), (1, 1)), V * V).dim == 1      # the cross product
    R = se.irreps("2x0e + 1x1o + 1x2e", se.O(3))
    assert R.size == 10 and se.equivariant_basis(R, R).dim == 6


@pytest.mark.parametrize("G", [se.SO(3), se.O(3)])
@pytest.mark.parametrize("l", range(1, 5))
def test_embedding_into_tensor_powers_is_an_exact_injective_intertwiner(G, l):
    E = se.irrep_embedding(G, (l, (-1) ** l) if G == se.O(3) else l)
    assert_intertwiner(E, se.irrep(G, (l, (-1) ** l) if G == se.O(3) else l), se.V(G) ** l)
    assert se.linalg.rank(E) == 2 * l + 1


@pytest.mark.parametrize("k", range(4))
def test_so2_irrep_rotates_k_times_as_fast(k):
    R = se.irrep(se.SO(2), k)
    D, g = float_rho([R, se.V(se.SO(2))], rng=k)
    theta = np.arctan2(g[1, 0], g[0, 0])
    if k == 0:
        assert R.size == 1 and np.allclose(D, [[1.0]])
    else:
        want = np.array([[np.cos(k * theta), -np.sin(k * theta)], [np.sin(k * theta), np.cos(k * theta)]])
        assert np.allclose(D, want)
        assert se.equivariant_basis(R, R).dim == 2                  # End is C
    assert se.equivariant_basis(se.irrep(se.SO(2), k), se.irrep(se.SO(2), k + 1)).dim == 0


def test_o2_irreps():
    V = se.V(se.O(2))
    assert se.equivariant_basis(se.irrep(se.O(2), (1, 1)), V).dim == 1
    assert se.equivariant_basis(se.irrep(se.O(2), (2, 1)), se.irrep(se.O(2), (2, 1))).dim == 1
    det = se.irrep(se.O(2), (0, -1))
    assert se.equivariant_basis(det, se.Scalar).dim == 0
    assert se.equivariant_basis(det, V * V).dim == 1                # the 2-d cross product


def test_bad_labels_are_typed_errors():
    for G, label in [(se.SO(3), "2q"), (se.SO(3), -1), (se.O(2), 3), (se.SO(2), 1.5), (se.O(3), (1, 2))]:
        with pytest.raises(se.ParseError):
            se.irrep(G, label)
    with pytest.raises(se.GroupMismatchError, match="irreps_of"):
        se.irrep(se.Octahedral(), 1)
    with pytest.raises(se.ParseError, match="sequence of parts"):
        se.irrep(se.S(3), 1)                  # S(n) irreps are labelled by partitions
    with pytest.raises(se.ParseError):
        se.irreps("2x", se.O(3))
    with pytest.raises(se.ParseError, match="does not embed"):
        se.irrep_embedding(se.O(3), "1e")
    # audit: any other group (or none) silently got SO(3)'s embedding (3x3 of 3s for S(4))
    for G in (se.S(4), se.SO(2), None, "SO(3)"):
        with pytest.raises(se.errors.GroupMismatchError, match="irrep_embedding"):
            se.irrep_embedding(G, 1)


def test_degree_8_irrep_is_built_and_certified():
    R = se.irrep(se.SO(3), 8)                         # timed in benchmarks/families.py
    B = se.equivariant_basis(R, R, cache=False)
    c = B.verify()
    assert R.size == 17 and B.dim == 1 and c.complete


def test_numpy_integer_labels_as_for_su2_and_u1():
    import numpy as np
    assert se.irrep(se.SO(3), np.int64(2)) == se.irrep(se.SO(3), 2)
    assert se.irrep(se.O(3), (np.int64(1), -1)) == se.irrep(se.O(3), "1o")


def test_u1_negative_charges_are_conjugates():
    # irrep(U(1), q): e^{iθ} -> e^{iqθ}; charge -1 is the conjugate of charge 1 (= V*), so
    # 1 ⊗ (-1) has an invariant and 1 ⊗ 1 has none (Weyl: the weights must sum to 0)
    U1 = se.U(1)
    p, m = se.irrep(U1, 1), se.irrep(U1, -1)
    assert se.equivariant_basis(p * m, se.Scalar).dim == 1
    assert se.equivariant_basis(p * p, se.Scalar).dim == 0
    assert se.equivariant_basis(se.V(U1).conj(), m).dim == 1
    assert se.equivariant_basis(se.irrep(U1, -2), m * m).dim == 1
    assert se.equivariant_basis(se.irrep(U1, -2), p * p).dim == 0
