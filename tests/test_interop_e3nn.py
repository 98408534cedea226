"""e3nn's irreps as exact symequiv representations, checked against e3nn itself.

The exact construction (rational harmonic polynomials, square-root normalisations, number
fields) never imports e3nn; these tests compare it with e3nn's own Wigner D matrices and
spherical harmonics, and run the test kit on e3nn modules.  Without e3nn (it is in the test
extra) the comparisons are skipped; the exact checks still run.
"""

import numpy as np
import pytest
import sympy as sp

import symequiv as se
from symequiv import linalg
from symequiv.interop import e3nn as E
from symequiv.testing import (EquivarianceError, assert_equivariant, assert_intertwiner,
                              assert_lie_equivariant, exact_element, float_rho)

LABELS = [f"{l}{p}" for l in range(5) for p in "eo"]


# ------------------------------------------------------------------------------------------
# without e3nn: exact facts from independent roads

def test_parse_irreps():
    assert E.parse_irreps("2x0e + 1x1o + 1x2e") == [(2, 0, 1), (1, 1, -1), (1, 2, 1)]
    assert E.parse_irreps([(3, (1, -1))]) == [(3, 1, -1)]
    for bad in ["2x", "1q", "x1o", "1o + ", "-1x1o"]:
        with pytest.raises(se.ParseError):
            E.parse_irreps(bad)
    with pytest.raises(se.ProblemTooLargeError, match="MAX_L"):
        E.parse_irreps("40e")


@pytest.mark.parametrize("l", range(7))
def test_harmonics_are_harmonic_and_component_normalised(l):
    x, y, z = sp.symbols("x y z")
    P, q = E.harmonics(l)
    assert len(P) == 2 * l + 1
    for p, qm in zip(P, q):
        assert sp.expand(sp.diff(p, x, 2) + sp.diff(p, y, 2) + sp.diff(p, z, 2)) == 0
        assert sp.Poly(p, x, y, z).is_homogeneous and sp.Poly(p, x, y, z).total_degree() == l
    # mean of (sqrt(q_m) P_m)^2 over the sphere is 1: check by the sum rule Σ_m Y_m^2 = 2l+1 on
    # the unit sphere, an identity of the addition theorem, at a rational point of the sphere
    pt = {x: sp.Rational(2, 7), y: sp.Rational(3, 7), z: sp.Rational(6, 7)}
    assert sum(qm * p.subs(pt) ** 2 for p, qm in zip(P, q)) == 2 * l + 1


def test_fields_are_the_smallest_ones():
    assert E.rep("1x0e + 3x1o").sum_terms()[0][0].field == linalg.QQ
    K = E.rep("2e").field
    assert K.mod.degree() == 2 and K.from_sympy(sp.sqrt(3))
    with pytest.raises(se.ProblemTooLargeError, match="basis='rational'"):
        E.rep("5e")


def test_1o_is_the_vector_and_1e_the_pseudovector():
    V = se.V(se.O(3))
    assert_intertwiner(linalg.identity(3), E.rep("1o"), V)     # D(1o)(R) = R, exactly
    assert se.equivariant_basis(E.rep("1o"), V).dim == 1
    assert se.equivariant_basis(E.rep("1e"), V).dim == 0
    with pytest.raises(EquivarianceError):
        assert_intertwiner(linalg.identity(3), E.rep("1e"), V)


def _label(s):
    return int(s[0]), 1 if s[1] == "e" else -1


@pytest.mark.parametrize("a, b, c", [("1o", "1o", "0e"), ("1o", "1o", "1e"), ("1o", "1o", "1o"),
                                     ("1o", "1o", "2e"), ("1o", "2e", "1o"), ("1o", "2e", "3o"),
                                     ("2e", "2e", "2e"), ("2e", "2e", "1e"), ("1e", "2o", "2e"),
                                     ("3o", "2e", "4e"), ("3o", "3o", "6e")])
def test_clebsch_gordan_counts(a, b, c):
    # dim Hom(l1 ⊗ l2, l3) for O(3) is 1 iff |l1 - l2| <= l3 <= l1 + l2 and p1 p2 = p3
    (l1, p1), (l2, p2), (l3, p3) = _label(a), _label(b), _label(c)
    want = int(abs(l1 - l2) <= l3 <= l1 + l2 and p1 * p2 == p3)
    A, B, C = (E.rep(x, basis="rational") for x in (a, b, c))
    basis = se.equivariant_basis(A * B, C)
    assert basis.dim == want
    assert basis.verify().complete
    assert len(E.hom_basis((a, b), c)) == want


def test_e3nn_basis_reps_are_refused_by_the_solver_with_advice():
    with pytest.raises(se.RepresentationError, match="basis='rational'.*hom_basis"):
        se.equivariant_basis(E.rep("2e"), E.rep("2e"))
    assert se.equivariant_basis(E.rep("1o"), E.rep("1o")).dim == 1      # over Q it solves


def test_rational_basis_is_exact_over_Q_for_large_l():
    R = E.rep("6e", basis="rational")
    assert R.size == 13 and se.equivariant_basis(R, R).dim == 1      # Schur: irreducible
    assert se.equivariant_basis(R, E.rep("6o", basis="rational")).dim == 0


def test_exact_images_of_exact_rotations_are_orthogonal():
    # e3nn's basis is orthonormal: D(g) D(g)^T = I exactly, over the number field
    g = exact_element(se.O(3), 7)
    for label in ["2e", "3o"]:
        D = g.rho(E.rep(label))
        assert linalg.is_identity(D.matmul(D.transpose()))


# ------------------------------------------------------------------------------------------
# against e3nn

e3nn = pytest.importorskip("e3nn", reason="e3nn is an optional test dependency "
                                          "(pip install e3nn, or the [test] extra)")
torch = pytest.importorskip("torch")
from e3nn import o3  # noqa: E402


@pytest.fixture(autouse=True)
def _float64_default():
    # e3nn builds its generators and Clebsch-Gordan tensors in torch's default dtype: float32
    # would limit the comparison to ~1e-7
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


@pytest.mark.parametrize("label", LABELS)
def test_wigner_D_matches_e3nn(label):
    R = E.rep(label)
    V = se.V(se.O(3))
    for seed in range(4):                         # random elements of both components
        D, g = float_rho([R, V], rng=seed)
        want = o3.Irreps(label).D_from_matrix(torch.tensor(g)).numpy()
        assert np.abs(D - want).max() < 1e-10
    g = exact_element(se.O(3), 11)                # an exact rotation: exact D vs e3nn's floats
    D = linalg.to_numpy(g.rho(R))
    want = o3.Irreps(label).D_from_matrix(torch.tensor(linalg.to_numpy(g.matrix))).numpy()
    assert np.abs(D - want).max() < 1e-10


@pytest.mark.parametrize("l", [5, 6])
def test_rational_basis_with_to_e3nn_matches_e3nn(l):
    R = E.rep(f"{l}e", basis="rational")
    S = E.to_e3nn(f"{l}e")
    D, g = float_rho([R, se.V(se.O(3))], rng=l)
    want = o3.Irreps(f"{l}e").D_from_matrix(torch.tensor(g)).numpy()
    assert np.abs(S[:, None] * D / S[None, :] - want).max() < 1e-9


@pytest.mark.parametrize("l1, l2, l3", [(1, 1, 1), (1, 2, 2), (2, 2, 2), (2, 2, 4), (3, 2, 1),
                                        (4, 3, 5)])
def test_hom_basis_is_e3nn_wigner_3j(l1, l2, l3):
    W, = E.hom_basis((f"{l1}e", f"{l2}e"), f"{l3}e")          # even ⊗ even → even exists
    C = o3.wigner_3j(l1, l2, l3).numpy()                                # (i, j, k)
    Wf = np.array(W.evalf(30), dtype=float).reshape(2 * l3 + 1, 2 * l1 + 1, 2 * l2 + 1)
    Wf = Wf.transpose(1, 2, 0)
    r = (Wf * C).sum() / (C * C).sum()
    assert abs(r) > 1e-6 and np.abs(Wf - r * C).max() < 1e-12 * max(1.0, abs(r))


def test_spherical_harmonics_are_equivariant_for_our_rep():
    irreps = "1x0e + 1x1o + 1x2e + 1x3o"
    sh = lambda x: o3.spherical_harmonics(o3.Irreps(irreps), x, normalize=False)
    assert_equivariant(sh, se.V(se.O(3)), E.rep(irreps))
    assert_lie_equivariant(sh, se.V(se.O(3)), E.rep(irreps))


def test_e3nn_modules_pass_and_broken_ones_fail():
    torch.manual_seed(0)
    ir_in, ir_out = "2x0e + 1x1o + 1x2e", "1x0e + 1x1e + 1x2e"
    R_in, R_out = E.rep(ir_in), E.rep(ir_out)
    lin = o3.Linear(ir_in, ir_out).double()
    assert_equivariant(lin, R_in, R_out)
    assert_lie_equivariant(lin, R_in, R_out)
    # the same layer with a bias on the vector output breaks equivariance
    bias = torch.zeros(R_out.size, dtype=torch.float64)
    bias[2] = 0.1
    e = None
    try:
        assert_equivariant(lambda x: lin(x) + bias, R_in, R_out)
    except EquivarianceError as err:
        e = err
    assert e is not None and "e3nn(1e)" in str(e)
    tp = o3.FullyConnectedTensorProduct("1x0e + 1x1o", "1x1o + 1x2e", "1x0e + 1x1e + 1x1o + 1x2o").double()
    R_a, R_b = E.rep("1x0e + 1x1o + 1x1o + 1x2e"), E.rep("1x0e + 1x1e + 1x1o + 1x2o")
    f = lambda x: tp(x[:, :4], x[:, 4:])
    assert_equivariant(f, R_a, R_b)
    assert_lie_equivariant(f, R_a, R_b)
    # mislabelled parity: 1x1e where the module outputs a vector: the reflection catches it
    wrong = E.rep("1x0e + 1x1o + 1x1o + 1x2o")
    with pytest.raises(EquivarianceError, match="discrete generator 0"):
        assert_equivariant(f, R_a, wrong)


def test_parity_of_elements_outside_the_generators():
    # the inversion -I is not a generator of O(3) here: "le" is even (+I), "lo" odd (-I)
    minus_I = linalg.matrix([[-1, 0, 0], [0, -1, 0], [0, 0, -1]])
    for l in range(4):
        even, odd = E.rep(f"{l}e").rho(minus_I), E.rep(f"{l}o").rho(minus_I)
        assert linalg.is_identity(even)
        assert linalg.is_identity(odd * linalg.QQ(-1))
    # a reflection: det -1, parity times the rotation part
    refl = linalg.matrix([[-1, 0, 0], [0, 1, 0], [0, 0, 1]])
    rot = linalg.matrix([[1, 0, 0], [0, -1, 0], [0, 0, -1]])          # refl = -rot
    for l in range(3):
        assert E.rep(f"{l}e").rho(refl) == E.rep(f"{l}e").rho(rot)
        assert E.rep(f"{l}o").rho(refl) == E.rep(f"{l}o").rho(rot) * linalg.QQ(-1)
