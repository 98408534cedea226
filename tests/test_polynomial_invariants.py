"""Invariant polynomials, equivariant polynomial maps and fundamental invariants, against the
Molien series (an independent character sum) and classical invariant theory."""

import json
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp

import symequiv as se
from symequiv.invariants.molien import T, series_coefficients

FINITE = [se.S(3), se.S(4), se.A(4), se.Z(5), se.C(4), se.D(4), se.Octahedral(),
          se.FullOctahedral(), se.Tetrahedral(), se.Cube(), se.Icosahedral(),
          se.WallpaperGroup("p4m", 3)]


def _coeffs(series, n):
    return series_coefficients(series, n)


def test_series_coefficients_agree_with_sympy_series():
    for G in (se.C(4), se.S(3), se.D(4)):
        M = se.molien_series(se.V(G))
        s = sp.series(M, T, 0, 7).removeO()
        assert series_coefficients(M, 6) == [int(s.coeff(T, d)) for d in range(7)]


@pytest.mark.parametrize("G", FINITE, ids=repr)
def test_invariant_dimensions_are_the_molien_coefficients(G):
    V = se.V(G)
    top = 8 if V.size <= 4 else 4
    expected = _coeffs(se.molien_series(V), top)
    assert [se.invariants(V, d).dim for d in range(top + 1)] == expected


def test_closed_forms():
    # S(n): the invariants of degree d are counted by partitions of d into parts <= n
    def partitions_at_most(d, n):
        if d == 0:
            return 1
        return sum(partitions_at_most(d - k, k) for k in range(1, min(d, n) + 1))
    for n in (3, 5):
        assert [se.invariants(se.V(se.S(n)), d).dim for d in range(8)] == \
            [partitions_at_most(d, n) for d in range(8)]
    # O(n) on one vector: 1/(1 - t²)
    assert [se.invariants(se.V(se.O(3)), d).dim for d in range(7)] == [1, 0, 1, 0, 1, 0, 1]
    # first fundamental theorem: inner products (and the determinant for SO(3))
    for k in (1, 2, 3):
        assert se.invariants(k * se.V(se.O(3)), 2).dim == k * (k + 1) // 2
    assert se.invariants(3 * se.V(se.SO(3)), 3).dim == 1
    assert se.invariants(3 * se.V(se.O(3)), 3).dim == 0
    # C(4) on R²: (1 + t⁴) / ((1 - t²)(1 - t⁴)) = 1 + t² + 3t⁴ + 3t⁶ + 5t⁸
    assert [se.invariants(se.V(se.C(4)), d).dim for d in range(9)] == [1, 0, 1, 0, 3, 0, 3, 0, 5]


def test_polynomials_are_exactly_invariant_at_rational_points():
    G = se.Octahedral()
    space = se.invariants(se.V(G), 4)
    xs = sp.symbols("x0:3")
    rng = np.random.default_rng(0)
    for p in space.polynomials():
        for g in G.discrete_generators:
            M = sp.Matrix(g.to_Matrix())
            gx = M * sp.Matrix(xs)
            assert sp.expand(p.as_expr().subs(dict(zip(xs, gx)), simultaneous=True) - p.as_expr()) == 0
    x = rng.normal(size=(5, 3))
    vals = space.evaluate(x)
    for k, p in enumerate(space.polynomials()):
        f = sp.lambdify(xs, p.as_expr())
        assert np.allclose(vals[:, k], [f(*row) for row in x], rtol=1e-12, atol=1e-12)


def test_equivariant_polynomial_maps():
    V = se.V(se.SO(3))
    assert [se.polynomial_maps(V, V, d).dim for d in range(5)] == [0, 1, 0, 1, 0]   # x, |x|²x
    assert se.polynomial_maps(2 * V, V, 2).dim == 1                                  # u × v
    assert se.polynomial_maps(2 * se.V(se.O(3)), se.V(se.O(3)), 2).dim == 0          # a pseudovector
    P = se.polynomial_maps(se.V(se.S(3)), se.V(se.S(3)), 2)
    series = se.molien_series(se.V(se.S(3)), se.V(se.S(3)))
    assert P.dim == _coeffs(series, 2)[2] and P.verify().complete
    x = np.random.default_rng(1).normal(size=(3, 3))
    assert P.evaluate(x).shape == (3, P.dim, 3)


@pytest.mark.parametrize("G,degrees", [(se.S(3), [1, 2, 3]), (se.FullOctahedral(), [2, 4, 6]),
                                       (se.Octahedral(), [2, 4, 6, 9]),
                                       (se.Icosahedral(), [2, 6, 10, 15])], ids=repr)
def test_fundamental_invariants_have_the_classical_degrees(G, degrees):
    # S(3): elementary symmetric polynomials; B3 (full octahedral) a reflection group with
    # degrees 2, 4, 6 (Chevalley); the rotation groups O and I: 2, 4, 6, 9 and 2, 6, 10, 15
    gens, complete = se.fundamental_invariants(se.V(G), max(degrees))
    assert [g.degree for g in gens] == degrees
    if G == se.S(3):
        assert se.fundamental_invariants(se.V(G), 6)[1] is True      # Noether's bound |G| = 6


def test_certificates_and_torch_layers():
    import torch
    V = se.V(se.SO(3))
    c = se.invariants(2 * V, 4).verify()
    assert c.complete and "Weyl" in c.independent_method
    f = se.nn.InvariantFeatures(2 * V, 4, dtype=torch.float64)
    assert f.n_features == 3 + 6                       # u·u, u·v, v·v and their products
    se.testing.assert_equivariant(f, 2 * V, f.n_features * se.Scalar)
    L = se.nn.PolynomialEquivariant(2 * V, V, 3, dtype=torch.float64)
    se.testing.assert_equivariant(L, 2 * V, V)
    with pytest.raises(AssertionError):
        se.testing.assert_equivariant(lambda z: L(z) ** 2, 2 * V, V)


@pytest.mark.parametrize("make,err,text", [
    (lambda: se.invariants(se.V(se.SO(3)), -1), se.InvalidArgumentError, ">= 0"),
    (lambda: se.invariants(se.V(se.SO(3)), 2.0), se.InvalidArgumentError, "int"),
    (lambda: se.invariants("V", 2), se.InvalidArgumentError, "representation"),
    (lambda: se.invariants(se.V(se.SU(2)), 2), se.RepresentationError, "realify"),
    (lambda: se.invariants(se.V(se.S(1000)), 10), se.ProblemTooLargeError, "MAX_REP_SIZE"),
])
def test_bad_input(make, err, text):
    with pytest.raises(err, match=text):
        make()


def test_cli_invariants_json():
    r = subprocess.run([sys.executable, "-m", "symequiv", "invariants", "S(3)", "V", "--degree", "3",
                        "--series", "--json"], capture_output=True, text=True, timeout=120)
    d = json.loads(r.stdout)
    assert r.returncode == 0 and d["dim"] == 3 and d["complete"] and "molien_series" in d


def _exact_fn(space, k):
    """The k-th polynomial map as a function of exact batches (numpy object arrays of Fractions
    in, rows of exact values out), evaluated from its SymPy polynomials."""
    polys = space.polynomials()[k]
    polys = polys if isinstance(polys, tuple) else (polys,)

    def fn(X):
        return np.array([[p.eval(tuple(sp.Rational(v.numerator, v.denominator) for v in row))
                          if p.gens else p.as_expr() for p in polys] for row in X], dtype=object)
    return fn


@pytest.mark.parametrize("G,a,b,d", [(se.SO(3), "V", "V", 3), (se.SO(3), "2*V", "V", 2),
                                     (se.O(3), "2*V", "Scalar", 2), (se.S(3), "V", "V", 2),
                                     (se.Octahedral(), "V", "Scalar", 4)], ids=str)
def test_polynomial_maps_pass_the_exact_equivariance_check(G, a, b, d):
    # the test kit's exact check (exact group elements, exact inputs, no tolerance) on every
    # basis map; a map with one coefficient changed fails it
    rep_in, rep_out = se.rep(a, G), se.rep(b, G)
    space = se.polynomial_maps(rep_in, rep_out, d) if b != "Scalar" else se.invariants(rep_in, d)
    assert space.dim > 0
    for k in range(space.dim):
        se.testing.assert_equivariant_exact(_exact_fn(space, k), rep_in, rep_out)
    good = _exact_fn(space, 0)

    def broken(X):
        Y = good(X)
        Y[:, 0] = Y[:, 0] + np.array([sp.Rational(row[0].numerator, row[0].denominator) ** d
                                      for row in X], dtype=object)
        return Y
    with pytest.raises(AssertionError):
        se.testing.assert_equivariant_exact(broken, rep_in, rep_out)


def test_verify_and_noether_without_a_molien_sum():
    # a direct product (no Molien element table) and an infinite discrete group
    G = se.S(3) * se.Z(2)
    assert se.invariants(se.V(G), 2).verify().ok
    U = se.MatrixGroup(discrete=[[[1, 1], [0, 1]]])
    assert se.invariants(se.V(U), 2).verify().ok
    gens, complete = se.fundamental_invariants(se.V(U), 3)
    assert complete is False and [g.degree for g in gens] == [1]       # x1 is invariant
    import torch
    with pytest.raises(se.InvalidArgumentError):
        se.nn.PolynomialEquivariant(se.V(se.SO(3)), se.V(se.SO(3)), 2.5)
    with pytest.raises(se.InvalidArgumentError):
        se.nn.InvariantFeatures(se.V(se.SO(3)), -1, dtype=torch.float64)


@pytest.mark.parametrize("G,r", [(se.S(3), "V"), (se.C(4), "V"), (se.Octahedral(), "V"),
                                 (se.Icosahedral(), "V"), (se.S(4), "Wedge(V,2)")], ids=str)
def test_molien_coefficients_term_by_term_equal_the_rational_series(G, r):
    from symequiv.invariants.molien import molien_coefficients
    R = se.rep(r, G)
    assert molien_coefficients(R, n=8) == series_coefficients(se.molien_series(R), 8)
    assert molien_coefficients(R, R, n=3) == series_coefficients(se.molien_series(R, R), 3)


def test_incremental_echelon_agrees_with_rank():
    from symequiv.invariants.polynomials import _Echelon
    from symequiv import linalg
    import random
    rnd = random.Random(0)
    for _ in range(30):
        vecs = [{j: linalg.QQ(rnd.choice([-2, -1, 1, 2])) for j in rnd.sample(range(6), rnd.randint(1, 3))}
                for _ in range(7)]
        E, kept = _Echelon(linalg.QQ), 0
        for i, v in enumerate(vecs):
            before = linalg.rank(linalg.DomainMatrix(dict(enumerate(vecs[:i])), (max(i, 1), 6), linalg.QQ)) if i else 0
            after = linalg.rank(linalg.DomainMatrix(dict(enumerate(vecs[:i + 1])), (i + 1, 6), linalg.QQ))
            assert E.add(dict(v)) == (after > before)
            kept += after > before
        assert E.rank == kept


def test_evaluate_checks_its_points():
    # audit: 5 coordinates for a 3-dim rep were cut to 3 silently, integer input overflowed
    # int64 (1.59e18 for 10^5·... at degree 5), a scalar gave a bare IndexError
    import numpy as np
    P = se.invariants(se.V(se.S(3)), 2)
    for bad in (np.arange(5.0), np.arange(2.0), 1.0, np.array(["a", "b", "c"])):
        with pytest.raises(se.errors.InvalidArgumentError, match="evaluate"):
            P.evaluate(bad)
    P5 = se.invariants(se.V(se.S(3)), 5)
    x = np.array([10 ** 5, 1, 1])
    # the power sum p5 = x1^5 + x2^5 + x3^5 lies in the span; evaluated in float64
    assert P5.evaluate(x).dtype == np.float64
    assert np.allclose(P5.evaluate(x), P5.evaluate(x.astype(float)), rtol=1e-12)
    assert np.abs(P5.evaluate(x)).max() > 9e24          # (10^5)^5 = 1e25, not an int64 wrap


def test_permutation_reps_are_complete_at_goebels_bound():
    # audit: V(S(4)) needed max_degree 24 (Noether) for complete=True, about 10 minutes;
    # Göbel: a permutation rep of m coordinates is generated in degrees <= max(m, m(m-1)/2).
    # The degrees are the classical ones: e1..e4 for S(4); e1..e4 and the Vandermonde (6) for A(4)
    gens, complete = se.fundamental_invariants(se.V(se.S(4)), 6)
    assert [g.degree for g in gens] == [1, 2, 3, 4] and complete
    gens, complete = se.fundamental_invariants(se.V(se.A(4)), 6)
    assert [g.degree for g in gens] == [1, 2, 3, 4, 6] and complete
    assert se.fundamental_invariants(se.V(se.A(4)), 5)[1] is False
    # a non-permutation rep keeps Noether's bound |G|: D(4) on R² (order 8)
    assert se.fundamental_invariants(se.V(se.D(4)), 7)[1] is False
    with pytest.raises(se.BudgetExceededError):
        se.fundamental_invariants(se.V(se.S(5)), 10, max_seconds=0.2)


def test_a_mislabelled_degree_fails_the_molien_comparison():
    # the degree-2 invariants of V(S(3)) presented as degree 3: the basis itself certifies (it
    # is a basis of its own Hom space), only the Molien coefficient of degree 3 (3) sees it
    import dataclasses
    V = se.V(se.S(3))
    P2, P3 = se.invariants(V, 2), se.invariants(V, 3)
    assert (P2.dim, P3.dim) == (2, 3)
    bad = dataclasses.replace(P3, basis=P2.basis, monomials=P2.monomials)
    with pytest.raises(AssertionError, match="Molien"):
        bad.verify()
    assert P3.verify().ok
