"""EMLP's synthetic tasks (symequiv.datasets): symmetry of the targets under exact group
elements, shapes, determinism, closed forms computed independently, and the normalisation."""

import math

import numpy as np
import pytest

import symequiv as se
from symequiv import datasets as D
from symequiv.testing import exact_element

TOL = 1e-10


def as_float(M):
    """Exact (rational) matrix -> float64 ndarray."""
    return np.array([[float(v) for v in row] for row in M.to_Matrix().tolist()], dtype=np.float64)


def elements(G, count, seed=0):
    """``count`` exact elements of ``G`` as float64 matrices of V (rational entries, so the only
    error is one rounding per entry), plus every discrete generator."""
    mats = [as_float(exact_element(G, rng=seed + i).matrix) for i in range(count)]
    Vrep = se.V(G)
    mats += [as_float(Vrep.rho_gen(k)) for k in range(len(G.discrete_generators))]
    return mats


# ------------------------------------------------------------------------------------------
# symmetry

def test_o5_targets_are_invariant_under_exact_O5_elements():
    X, Y, rin, rout, G = D.o5_synthetic(200, seed=1)
    reflection = np.diag([-1.0, 1, 1, 1, 1])
    mats = elements(G, 4) + [reflection]
    assert any(np.linalg.det(R) < 0 for R in mats)          # the improper component is tested
    for R in mats:
        assert np.abs(R @ R.T - np.eye(5)).max() < 1e-14
        Xg = (X.reshape(-1, 2, 5) @ R.T).reshape(-1, 10)
        assert np.abs(D.o5_target(Xg) - Y).max() < TOL * max(1.0, np.abs(Y).max())


def test_inertia_targets_are_equivariant_under_exact_O3_elements():
    X, Y, rin, rout, G = D.inertia(200, seed=2)
    mats = elements(G, 4) + [-np.eye(3)]
    assert any(np.linalg.det(R) < 0 for R in mats)
    I = Y.reshape(-1, 3, 3)
    for R in mats:
        Xg = X.copy()
        Xg[:, 5:] = (X[:, 5:].reshape(-1, 5, 3) @ R.T).reshape(-1, 15)
        Ig = D.inertia_target(Xg).reshape(-1, 3, 3)
        assert np.abs(Ig - R @ I @ R.T).max() < TOL * max(1.0, np.abs(I).max())


def test_particle_targets_are_invariant_under_exact_lorentz_elements():
    X, Y, rin, rout, G = D.particle_interaction(200, seed=3)
    eta = np.diag([1.0, -1, -1, -1])
    mats = elements(G, 6) + [np.diag([-1.0, 1, 1, 1]), np.diag([1.0, -1, -1, -1])]
    boosts = 0
    for L in mats:
        assert np.abs(L.T @ eta @ L - eta).max() < 1e-12
        boosts += abs(L[0, 0]) > 1 + 1e-6
        Xg = (X.reshape(-1, 4, 4) @ L.T).reshape(-1, 16)
        assert np.abs(D.particle_target(Xg) - Y).max() < TOL * max(1.0, np.abs(Y).max())
    assert boosts >= 1                                       # not only rotations


@pytest.mark.parametrize("make", [D.inertia, D.o5_synthetic, D.particle_interaction, D.seed003])
def test_targets_transform_by_the_returned_reps(make):
    """Through the reps the generator returns: f(ρ_in(g) x) = ρ_out(g) f(x), exact g."""
    X, Y, rin, rout, G = make(50, 0)
    target = {D.inertia: D.inertia_target, D.o5_synthetic: D.o5_target,
              D.particle_interaction: D.particle_target, D.seed003: D.seed003_target}[make]
    for i in range(3):
        g = exact_element(G, rng=10 + i)
        Ri, Ro = as_float(g.rho(rin)), as_float(g.rho(rout))
        assert np.abs(target(X @ Ri.T) - Y @ Ro.T).max() < TOL * max(1.0, np.abs(Y).max())


# ------------------------------------------------------------------------------------------
# shapes, types, determinism

@pytest.mark.parametrize("make, shape_x, shape_y, group, rin, rout", [
    (D.inertia, 20, 9, "O(3)", "5*Scalar+5*V", "V**2"),
    (D.o5_synthetic, 10, 1, "O(5)", "2*V", "Scalar"),
    (D.particle_interaction, 16, 1, "O13()", "4*V", "Scalar"),
])
def test_shapes_reps_and_determinism(make, shape_x, shape_y, group, rin, rout):
    X, Y, r_in, r_out, G = make(37, seed=5)
    assert X.shape == (37, shape_x) and Y.shape == (37, shape_y)
    assert X.dtype == Y.dtype == np.float64
    assert repr(G) == group and str(r_in) == rin and str(r_out) == rout
    assert r_in == se.rep(rin, G) and r_out.size == shape_y and r_in.size == shape_x
    X2, Y2, *_ = make(37, seed=5)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    X3, *_ = make(37, seed=6)
    assert not np.array_equal(X, X3)
    assert make(1024)[0].shape[0] == 1024 == make()[0].shape[0]      # EMLP's default N


def test_input_distributions_follow_emlp():
    X = D.inertia(20000, seed=0)[0]
    m, r = X[:, :5], X[:, 5:]
    assert (m > 0).all()
    # softplus(N(0,1)): mean E[log(1 + e^Z)] ~ 0.806
    assert abs(m.mean() - 0.806) < 0.02 and abs(r.mean()) < 0.02 and abs(r.std() - 1) < 0.02
    P = D.particle_interaction(20000, seed=0)[0]
    assert abs(P.std() - 0.25) < 0.005 and abs(P.mean()) < 0.005
    Z = D.o5_synthetic(20000, seed=0)[0]
    assert abs(Z.std() - 1) < 0.02


# ------------------------------------------------------------------------------------------
# closed forms, computed here without the module's code

def test_inertia_matches_the_textbook_components():
    X, Y, *_ = D.inertia(5, seed=7)
    for x, y in zip(X, Y):
        I = np.zeros((3, 3))
        for k in range(5):
            m = x[k]
            px, py, pz = x[5 + 3 * k: 8 + 3 * k]
            I += m * np.array([[py * py + pz * pz, -px * py, -px * pz],
                               [-px * py, px * px + pz * pz, -py * pz],
                               [-px * pz, -py * pz, px * px + py * py]])
        assert np.abs(I.reshape(9) - y).max() < 1e-12


def test_o5_matches_a_scalar_formula():
    X, Y, *_ = D.o5_synthetic(5, seed=8)
    for x, y in zip(X, Y):
        n1 = math.sqrt(sum(v * v for v in x[:5]))
        n2 = math.sqrt(sum(v * v for v in x[5:]))
        dot = sum(a * b for a, b in zip(x[:5], x[5:]))
        assert abs(math.sin(n1) - 0.5 * n2 ** 3 + dot / (n1 * n2) - y[0]) < 1e-12


def test_particle_matches_its_dot_product_form():
    """4 Σ L_e^{μν} L^μ_{μν} = 4[(p1·p2)(p3·p4) − b(p1·p3) − a(p2·p4) + 4ab],
    a = p1·p3 − p1·p1, b = p2·p4 − p2·p2 (the η's contract to tr(η η) = 4)."""
    X, Y, *_ = D.particle_interaction(6, seed=9)

    def mdot(u, v):
        return u[0] * v[0] - u[1] * v[1] - u[2] * v[2] - u[3] * v[3]

    for x, y in zip(X, Y):
        p1, p2, p3, p4 = x[:4], x[4:8], x[8:12], x[12:]
        a = mdot(p1, p3) - mdot(p1, p1)
        b = mdot(p2, p4) - mdot(p2, p2)
        expected = 4 * (mdot(p1, p2) * mdot(p3, p4) - b * mdot(p1, p3) - a * mdot(p2, p4) + 4 * a * b)
        assert abs(expected - y[0]) < 1e-14


# ------------------------------------------------------------------------------------------
# normalisation

def test_standardization_is_emlps_and_commutes_with_the_group():
    X, Y, rin, rout, G = D.o5_synthetic(300, seed=4)
    mx, sx, my, sy = D.standardization("o5_synthetic", X, Y)
    assert not mx.any()
    assert np.allclose(sx[:5], np.sqrt((X[:, :5] ** 2).mean())) and np.allclose(sx[5:], np.sqrt((X[:, 5:] ** 2).mean()))
    assert np.allclose(my, Y.mean()) and np.allclose(sy, Y.std())
    R = elements(G, 1)[0]
    Xg = (X.reshape(-1, 2, 5) @ R.T).reshape(-1, 10)
    # one scale per vector: standardising commutes with every element
    assert np.abs(((Xg - mx) / sx) - (((X - mx) / sx).reshape(-1, 2, 5) @ R.T).reshape(-1, 10)).max() < 1e-12

    X, Y, *_ = D.particle_interaction(300, seed=4)
    mx, sx, my, sy = D.standardization("particle_interaction", X, Y)
    for i in range(4):
        assert np.allclose(sx[4 * i: 4 * i + 4], np.sqrt((X[:, 4 * i: 4 * i + 4] ** 2).mean()))
    assert np.allclose(my, Y.mean()) and np.allclose(sy, Y.std())

    X, Y, *_ = D.inertia(30, seed=4)
    mx, sx, my, sy = D.standardization("inertia", X, Y)
    assert not mx.any() and not my.any() and (sx == 1).all() and (sy == 1).all()
    with pytest.raises(ValueError, match="unknown task"):
        D.standardization("nope", X, Y)


def test_importable_without_torch():
    import subprocess
    import sys
    code = ("import sys; sys.modules['torch'] = None\n"
            "import symequiv.datasets as D; print(D.inertia(3)[0].shape)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "(3, 20)" in out.stdout


# ------------------------------------------------------------------------------------------
# EMLP's hidden sizes (what benchmarks/vs_emlp.py gives both libraries)

@pytest.mark.parametrize("group, ch, expected", [
    (se.O(5), 128, "53*Scalar+10*V+V**2"),               # emlp.nn.uniform_rep(128, O(5)): 53V⁰+10V+V²
    (se.O(5), 384, "134*Scalar+25*V+5*V**2"),            # 134V⁰+25V+5V²
    (se.O(3), 128, "38*Scalar+12*V+3*V**2+V**3"),        # 38V⁰+12V+3V²+V³
])
def test_emlp_allocation_matches_emlps_heuristic(group, ch, expected):
    rep = se.nn.uniform_rep(ch, group, allocation="emlp") if _has_torch() else None
    if rep is None:
        pytest.skip("torch not installed")
    assert str(rep) == expected and rep.size == ch


def test_emlp_allocation_is_exact_in_size_for_lorentz():
    if not _has_torch():
        pytest.skip("torch not installed")
    for ch in (64, 128, 384):
        rep = se.nn.uniform_rep(ch, se.O13(), allocation="emlp")
        assert rep.size == ch and rep == se.nn.uniform_rep(ch, se.O13(), allocation="emlp")


def _has_torch():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False
