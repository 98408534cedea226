"""Groups over algebraic number fields: C(k), D(k), the icosahedral groups, user MatrixGroups.

Dimensions are compared with closed forms derived by hand from complex characters, never
with the solver's own output."""

import itertools
from fractions import Fraction

import numpy as np
import pytest
from sympy import sqrt, cos, sin, pi, expand

import symequiv as se
from symequiv import linalg
from symequiv.errors import NotExactError


def _cyclic_count(k, n):
    """dim Hom_{C(k)}(V^p, V^q), p + q = n: over C, V = ψ_1 + ψ_{-1}, so the count is the number
    of sign vectors s in {±1}^n whose sum is 0 mod k."""
    return sum(1 for s in itertools.product((1, -1), repeat=n) if sum(s) % k == 0)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6, 8, 12])
def test_orders(k):
    assert se.C(k).order() == k
    assert se.D(k).order() == 2 * k


def test_icosahedral_orders_and_field():
    assert se.Icosahedral().order() == 60
    assert se.FullIcosahedral().order() == 120
    assert linalg.field_text(se.Icosahedral().domain) == "QQ(sqrt(5))"


def test_c5_hom_v2_v2_is_6():
    V = se.V(se.C(5))
    B = se.equivariant_basis(V * V, V * V, cache=False)
    assert B.dim == 6
    c = B.verify()
    assert c.complete and c.independent_dim == 6


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7, 8])
@pytest.mark.parametrize("p,q", [(1, 1), (2, 1), (2, 2), (0, 2)])
def test_cyclic_and_dihedral_dims_match_closed_forms(k, p, q):
    for G, expected in ((se.C(k), _cyclic_count(k, p + q)), (se.D(k), _cyclic_count(k, p + q) // 2)):
        V = se.V(G)
        rin = V ** p if p else se.Scalar
        B = se.equivariant_basis(rin, V ** q, cache=False)
        # reflections have trace 0 on R^2, so D(k) sees half of the C(k) count (p + q >= 1)
        assert B.dim == expected, (G, p, q)


def test_c4_and_dk_bases_have_no_float_residue():
    for G in (se.C(4), se.D(4), se.D(3), se.D(5)):
        V = se.V(G)
        B = se.equivariant_basis(V ** 2, V ** 2, cache=False)
        W = B.to_numpy().T.reshape(B.dim, 4, 4)
        for g in G.discrete_generators:
            R = linalg.to_numpy(se.V(G).rho(g))
            R2 = np.kron(R, R)
            res = np.abs(R2 @ W - W @ R2).max()
            if G.domain.is_QQ:
                assert res == 0.0          # EMLP's C(4) holds 6.1e-17 here
            else:
                assert res < 1e-15
        assert B.verify().complete
    # C(4)'s rotation is exactly [[0, -1], [1, 0]]
    assert linalg.to_lists(se.C(4).discrete_generators[0]) == [[0, -1], [1, 0]]


def test_rotation_entries_are_exact_cosines():
    for k in (5, 7, 8, 10):
        G = se.C(k)
        R = G.discrete_generators[0].to_sparse().rep
        K = G.domain
        assert R[0][0] == K.from_sympy(cos(2 * pi / k)) == R[1][1]
        assert R[1][0] == K.from_sympy(sin(2 * pi / k)) == -R[0][1]


def test_icosahedral_tensor_dims_match_a5_character():
    # the 3-dim irrep of A5: χ = 3 (1), -1 (15), 0 (20), φ (12), 1 - φ (12)
    phi = (1 + sqrt(5)) / 2

    def dim(n):
        s = 3 ** n + 15 * (-1) ** n + 12 * (phi ** n + (1 - phi) ** n)
        return int(expand(s / 60))
    V = se.V(se.Icosahedral())
    assert dim(2) == 1 and dim(4) == 3 and dim(6) == 16
    assert se.equivariant_basis(V, V, cache=False).dim == dim(2)
    assert se.equivariant_basis(V ** 2, V ** 2, cache=False).dim == dim(4)
    B = se.equivariant_basis(V ** 3, V ** 3, cache=False)
    assert B.dim == dim(6)
    # the full group has -I: odd total degree vanishes
    W = se.V(se.FullIcosahedral())
    assert se.equivariant_basis(W ** 2, W, cache=False).dim == 0
    assert se.equivariant_basis(W ** 2, W ** 2, cache=False).dim == dim(4)


def test_user_matrix_group_over_sqrt2():
    h = sqrt(2) / 2
    G = se.MatrixGroup(discrete=[[[h, -h], [h, h]]])
    assert G.order() == 8
    V = se.V(G)
    assert se.equivariant_basis(V * V, V * V, cache=False).dim == _cyclic_count(8, 4)


def test_floats_and_foreign_numbers_are_refused():
    with pytest.raises(NotExactError):
        se.MatrixGroup(discrete=[[[0.5, 0], [0, 1]]])
    with pytest.raises(NotExactError):
        linalg.matrix([[sqrt(3)]], domain=linalg.number_field([sqrt(5)]))
    with pytest.raises(NotExactError):
        linalg.matrix([[sqrt(5) * 1.0]], domain=linalg.number_field([sqrt(5)]))


def test_number_field_linear_algebra_matches_sympy():
    K = linalg.number_field([sqrt(5)])
    phi = (1 + sqrt(5)) / 2
    M = linalg.matrix([[1, phi, phi ** 2 - phi], [phi, phi + 1, phi], [0, 0, sqrt(5)]], domain=K)
    assert linalg.rank(M) == 2                      # row 1 = φ · row 0 since φ² = φ + 1
    N = linalg.nullspace(M)
    assert N.shape[0] == 1
    assert linalg.is_zero(M.matmul(N.transpose()))
    R = linalg.rref_rows(M)
    assert linalg.to_lists(R)[0][0] == 1 and R.shape == (2, 3)


def test_basis_save_load_roundtrip(tmp_path):
    V = se.V(se.C(5))
    B = se.equivariant_basis(V * V, V, cache=False)
    B2 = se.equivariant_basis(V * V, V * V, cache=False)
    p = tmp_path / "b.json"
    B2.save(p)
    L = se.Basis.load(p)
    assert L == B2 and L.content_hash() == B2.content_hash()
    assert B.dim == _cyclic_count(5, 3)


def test_parse_and_repr_roundtrip():
    for text in ("C(5)", "D(7)", "Icosahedral()", "FullIcosahedral()"):
        G = se.group(text)
        assert repr(G) == text and se.group(repr(G)) == G


@pytest.mark.parametrize("G", [se.Icosahedral(), se.C(5), se.D(7)], ids=repr)
def test_layers_over_number_fields_are_equivariant_in_float64(G):
    import torch
    from symequiv.testing import assert_equivariant
    torch.manual_seed(0)
    V = se.V(G)
    L = se.nn.EquivariantLinear(V ** 2 + V, V ** 2 + se.Scalar).double()
    assert_equivariant(L, V ** 2 + V, V ** 2 + se.Scalar)
    E = se.nn.EMLP(V + V, V ** 2 + se.Scalar, G, ch=24, num_layers=2).double()
    assert_equivariant(E, V + V, V ** 2 + se.Scalar)


def test_user_matrix_group_over_a_number_field_round_trips_through_its_repr():
    from sympy import sqrt
    G = se.MatrixGroup(discrete=[[[sqrt(2) / 2, -sqrt(2) / 2], [sqrt(2) / 2, sqrt(2) / 2]]])
    assert str(G.domain) == "QQ<sqrt(2)>"          # generated by sqrt(2), not by sqrt(2)/2
    assert G.order() == 8
    H = se.group(repr(G))
    assert H == G and H.domain == G.domain
    R3 = se.MatrixGroup(discrete=[[[Fraction(-1, 2), -sqrt(3) / 2], [sqrt(3) / 2, Fraction(-1, 2)]]])
    assert R3.order() == 3 and se.group(repr(R3)) == R3
    with pytest.raises(se.ParseError, match="decimal"):
        se.group("MatrixGroup(discrete=[[[1.5]]])")
    with pytest.raises(se.ParseError, match="negative"):
        se.group("MatrixGroup(discrete=[[[sqrt(-2)]]])")
