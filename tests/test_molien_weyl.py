"""The Molien series of Lie groups (the Weyl integral by iterated residues) against closed forms
derived by hand, against the Weyl counts of Sym^d by plethysm, and against the solver's exact
invariant spaces, degree by degree."""

import pytest
import sympy as sp

import symequiv as se
from symequiv.invariants.molien import series_coefficients
from symequiv.verify import weyl_dim

t = sp.Symbol("t")


def _same(a, b):
    return sp.cancel(sp.together(a - b)) == 0


@pytest.mark.parametrize("g, rep, closed", [
    ("SO(2)", "V", 1 / (1 - t ** 2)), ("O(2)", "V", 1 / (1 - t ** 2)), ("SO(3)", "V", 1 / (1 - t ** 2)),
    ("O(4)", "V", 1 / (1 - t ** 2)), ("SO(5)", "V", 1 / (1 - t ** 2)),
    # first fundamental theorem, m <= n vectors: a polynomial ring in the m(m+1)/2 inner products
    ("O(3)", "2*V", 1 / (1 - t ** 2) ** 3), ("O(3)", "3*V", 1 / (1 - t ** 2) ** 6),
    ("O13()", "2*V", 1 / (1 - t ** 2) ** 3),
    # SO(3) on 3 vectors: the inner products and det, with det² a polynomial in them
    ("SO(3)", "3*V", (1 + t ** 3) / (1 - t ** 2) ** 6),
    # Sym²(V) = 1 + 5 for SO(3): the trivial piece times the invariants of a symmetric traceless
    # matrix (tr A², tr A³)
    ("SO(3)", "Sym(V,2)", 1 / ((1 - t) * (1 - t ** 2) * (1 - t ** 3))),
    ("Sp(1)", "2*V", 1 / (1 - t ** 2)), ("SL(2)", "3*V", 1 / (1 - t ** 2) ** 3),
    ("GL(3)", "2*V", sp.Integer(1)),
])
def test_closed_forms(g, rep, closed):
    G = se.group(g)
    assert _same(se.molien_series(se.rep(rep, G)), closed)


def test_equivariant_maps_closed_forms():
    V = se.V(se.SO(3))
    assert _same(se.molien_series(V, V), t / (1 - t ** 2))                  # f(|x|²) x
    W = se.V(se.SO(2))
    assert _same(se.molien_series(W, W), 2 * t / (1 - t ** 2))             # f(|x|²) x and J x


CASES = [("SO(2)", "2*V", "Scalar"), ("O(2)", "Wedge(2*V,2)", "Scalar"), ("SO(3)", "2*V", "V"),
         ("O(3)", "2*V", "V"), ("SO(4)", "V+V", "Scalar"), ("Sp(2)", "V", "V"), ("SO13()", "V", "V"),
         ("O(3)", "Sym(V,2)", "Scalar"), ("SO(3)", "Sym(V,3)", "Scalar"), ("SL(2)", "2*V", "V")]


@pytest.mark.parametrize("g, a, b", CASES)
def test_coefficients_match_weyl_counts_of_symmetric_powers(g, a, b):
    G = se.group(g)
    A, B = se.rep(a, G), se.rep(b, G)
    c = series_coefficients(se.molien_series(A, B), 8)
    want = [1 if B == se.Scalar else weyl_dim(se.Scalar, B)[0]]      # degree 0: constant maps
    want += [weyl_dim(se.Sym(A, d), B)[0] for d in range(1, 9)]
    assert c == want


@pytest.mark.parametrize("g, a", [("SO(3)", "2*V"), ("O(2)", "V+V"), ("Sp(2)", "2*V"), ("SO13()", "V")])
def test_coefficients_match_the_solver(g, a):
    G = se.group(g)
    A = se.rep(a, G)
    c = series_coefficients(se.molien_series(A), 4)
    assert c[1:] == [se.invariants(A, d).dim for d in range(1, 5)]


def test_unsupported_inputs_are_typed():
    G = se.SO(3) * se.S(3)
    with pytest.raises(se.RepresentationError, match="Weyl integral"):
        se.molien_series(se.V(G))
    with pytest.raises(se.RepresentationError, match="realify"):
        se.molien_series(se.V(se.SU(2)))


def test_products_of_lie_groups():
    G = se.O(3) * se.SO(2)
    # |x|² and |y|² on R³ ⊕ R²; on R³ ⊗ R² (3 x 2 matrices X): tr(XᵀX) and det(XᵀX) (degrees 2, 4)
    assert _same(se.molien_series(se.V(G, 0) + se.V(G, 1)), 1 / (1 - t ** 2) ** 2)
    c = series_coefficients(se.molien_series(se.V(G)), 6)
    assert c == [1] + [weyl_dim(se.Sym(se.V(G), d), se.Scalar)[0] for d in range(1, 7)]


def test_budgets_stop_the_integral_and_cheap_series_stay_unlimited(monkeypatch):
    import time
    V = se.V(se.SO(3))
    t0 = time.monotonic()
    with pytest.raises(se.BudgetExceededError, match="Weyl integral"):        # ~6 s unbounded
        se.molien_series(se.Sym(V, 3) + V, max_seconds=0.3)
    assert time.monotonic() - t0 < 5
    monkeypatch.setattr(se.limits, "MOLIEN_SECONDS", 0.3)                   # the default limit
    with pytest.raises(se.BudgetExceededError, match="MOLIEN_SECONDS"):
        se.molien_series(se.Sym(V, 3) + V)
    with pytest.raises(se.BudgetExceededError, match="MOLIEN_SECONDS"):      # rep_out given
        se.molien_series(se.Sym(V, 3) + V, se.Scalar)
    with pytest.raises(se.InvalidArgumentError, match="max_seconds"):
        se.molien_series(V, max_seconds=-1)
    # many copies of one weight are cheap: 11 vectors of SO(2) (22 linear factors)
    monkeypatch.setattr(se.limits, "MOLIEN_SECONDS", 120)
    c = series_coefficients(se.molien_series(11 * se.V(se.SO(2))), 2)
    assert c == [1, 0, 11 * 11]           # degree 2: x_i·x_j and x_i∧x_j (the complex pairing)


def test_weyl_molien_pairs_with_the_dual_of_the_output():
    # GL(2): V* is not V, so the 2 linear maps 2V -> V appear at degree 1 only when rep_out
    # enters through its dual character; compared with polynomial_maps degree by degree
    V = se.V(se.GL(2))
    for rep_in, rep_out in ((2 * V, V), (V + V.T, V.T), (V, V * V.T)):
        coeffs = series_coefficients(se.molien_series(rep_in, rep_out), 3)
        assert coeffs == [se.polynomial_maps(rep_in, rep_out, d).dim for d in range(4)], (rep_in, rep_out)
    assert series_coefficients(se.molien_series(2 * V, V), 1)[1] == 2
