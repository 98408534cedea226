"""Molien series against independent roads: the fundamental theorem of symmetric polynomials,
orbit counts of monomials, the classical series of the finite rotation and reflection groups, and
the solver's linear maps."""

from itertools import combinations_with_replacement

import pytest
import sympy as sp
from hypothesis import given, settings

import symequiv as se
from symequiv.testing import perm_groups

t = sp.Symbol("t")


def _coeffs(f, n):
    """The first n power-series coefficients of a rational function, by exact long division."""
    num, den = (sp.Poly(x, t) for x in sp.fraction(sp.cancel(sp.together(f))))
    a = [num.coeff_monomial(t ** d) for d in range(n)]
    b = [den.coeff_monomial(t ** d) for d in range(n)]
    out = []
    for d in range(n):
        out.append((a[d] - sum(b[j] * out[d - j] for j in range(1, d + 1))) / b[0])
    return out


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_symmetric_group_is_the_ring_of_symmetric_polynomials(n):
    want = 1 / sp.Mul(*[(1 - t ** i) for i in range(1, n + 1)])
    assert sp.cancel(sp.together(se.molien_series(se.V(se.S(n))) - want)) == 0


@settings(max_examples=25, deadline=None)
@given(perm_groups(4))
def test_permutation_groups_count_orbits_of_monomials(G):
    # invariants of a permutation group have the orbit sums of monomials as a basis
    n = G.degree
    gens = [list(p) for p in G.discrete_generators]
    got = _coeffs(se.molien_series(se.V(G)), 5)
    for d in range(5):
        monos = set(combinations_with_replacement(range(n), d))
        seen, orbits = set(), 0
        for m in sorted(monos):
            if m in seen:
                continue
            orbits += 1
            stack = [m]
            seen.add(m)
            while stack:
                x = stack.pop()
                for g in gens:
                    y = tuple(sorted(g[i] for i in x))
                    if y not in seen:
                        seen.add(y)
                        stack.append(y)
        assert got[d] == orbits


@pytest.mark.parametrize("G, want", [
    (se.Tetrahedral(), (1 + t ** 6) / ((1 - t ** 2) * (1 - t ** 3) * (1 - t ** 4))),
    (se.Octahedral(), (1 + t ** 9) / ((1 - t ** 2) * (1 - t ** 4) * (1 - t ** 6))),
    (se.FullOctahedral(), 1 / ((1 - t ** 2) * (1 - t ** 4) * (1 - t ** 6))),
    (se.Icosahedral(), (1 + t ** 15) / ((1 - t ** 2) * (1 - t ** 6) * (1 - t ** 10))),
    (se.FullIcosahedral(), 1 / ((1 - t ** 2) * (1 - t ** 6) * (1 - t ** 10))),
    (se.C(5), (1 + t ** 5) / ((1 - t ** 2) * (1 - t ** 5))),
    (se.C(8), (1 + t ** 8) / ((1 - t ** 2) * (1 - t ** 8))),
    (se.D(5), 1 / ((1 - t ** 2) * (1 - t ** 5))),
    (se.D(6), 1 / ((1 - t ** 2) * (1 - t ** 6))),
])
def test_classical_series_of_finite_rotation_and_reflection_groups(G, want):
    # published: primary invariants of degrees d_i with prod d_i / |G| secondary invariants
    M = se.molien_series(se.V(G))
    assert sp.cancel(sp.together(M - want)) == 0                # exact rational functions
    assert all(c.is_Rational for c in _coeffs(M, 8))        # number fields: rational anyway


@pytest.mark.parametrize("G, rin, rout", [(se.S(4), "V", "V"), (se.S(3), "V**2", "V"),
                                          (se.Octahedral(), "V", "V**2"), (se.D(5), "V", "V")])
def test_equivariant_series_starts_with_the_solver_dimensions(G, rin, rout):
    a, b = se.rep(rin, G), se.rep(rout, G)
    c = _coeffs(se.molien_series(a, b), 2)
    assert c[0] == se.equivariant_basis(se.Scalar, b).dim          # constant maps
    assert c[1] == se.equivariant_basis(a, b).dim                  # linear maps


def test_refusals_are_typed():
    with pytest.raises(se.RepresentationError, match="Weyl integral"):
        se.molien_series(se.V(se.SO(3) * se.S(3)))          # a finite factor: no torus piece
    with pytest.raises(se.GroupTooLargeError, match="too large"):
        se.molien_series(se.V(se.S(8)))


def _cyclic_invariants(n, d):
    """Burnside: the shift^j has gcd(j, n) cycles of length L = n / gcd(j, n); the monomials of
    degree d it fixes are constant on cycles, C(g + d/L - 1, d/L) of them when L | d."""
    from math import comb, gcd
    total = 0
    for j in range(n):
        g = gcd(j, n)
        L = n // g
        total += comb(g + d // L - 1, d // L) if d % L == 0 else 0
    return total // n


def test_a_large_cyclic_group_on_its_points_against_burnside():
    # 9 classes, a common denominator of degree 520: SymPy's cancel took minutes, so
    # max_seconds was not kept (one uninterruptible call)
    M = se.molien_series(se.V(se.Z(100)), max_seconds=60)
    from symequiv.invariants.molien import series_coefficients
    assert series_coefficients(M, 6) == [_cyclic_invariants(100, d) for d in range(7)]


def test_the_default_time_limit_applies_to_finite_groups(monkeypatch):
    from symequiv import limits
    monkeypatch.setattr(limits, "MOLIEN_SECONDS", 1e-9)
    with pytest.raises(se.BudgetExceededError, match="MOLIEN_SECONDS"):
        se.molien_series(se.V(se.Z(100)))


@pytest.mark.parametrize("n", [7, 9, 11])
def test_rotation_groups_over_cubic_and_larger_fields(n):
    # audit: C(7), D(7), C(9) hung in SymPy (expressions in sin and cos of 2π/7, then
    # minimal_polynomial), ignoring max_seconds; the sum now runs in the number field itself.
    # Closed forms by hand: C(n) on R² has invariants |z|² and Re z^n, Im z^n with
    # (Im z^n)² = |z|^2n - (Re z^n)², so M = (1 + t^n) / ((1 - t²)(1 - t^n)); D(n): 1/((1-t²)(1-t^n))
    import time
    start = time.perf_counter()
    C = se.molien_series(se.V(se.C(n)), max_seconds=30)
    D = se.molien_series(se.V(se.D(n)), max_seconds=30)
    assert sp.cancel(C - (1 + t ** n) / ((1 - t ** 2) * (1 - t ** n))) == 0
    assert sp.cancel(D - 1 / ((1 - t ** 2) * (1 - t ** n))) == 0
    assert time.perf_counter() - start < 20


def test_molien_refuses_images_the_relations_check_could_not_reach():
    # review: images over a number field, and a 20-dim S(7) rep past the check's size bound,
    # gave Molien coefficients 4/3 and 1/6; a Molien series counts polynomials, so a fraction
    # proves the images are no representation
    from symequiv import linalg
    from symequiv.invariants.molien import molien_coefficients
    swap = linalg.matrix([[0, 1], [1, 0]])
    K = linalg.QQ.algebraic_field(sp.sqrt(2))
    over_K = se.ExplicitRep(se.S(3), [swap, swap], [], field=K)
    n = 20
    minus = linalg.matrix([[-1 if i == j else 0 for j in range(n)] for i in range(n)])
    big = se.ExplicitRep(se.S(7), [minus, linalg.identity(n)], [])   # (-I)^7 != I
    # over Q(√2) the relations check (a walk over the elements) refuses first; past its size
    # bound the Molien sum's fractional coefficient does
    for R, says in ((over_K, "break the relations"), (big, "not a representation")):
        for call in (lambda: se.molien_series(R), lambda: molien_coefficients(R, n=3)):
            with pytest.raises(se.RepresentationError, match=says):
                call()


def test_molien_of_reps_over_two_number_fields():
    # review: refused after the number-field rewrite; the old SymPy road still sums them.
    # V(C(5)) is over Q(√5), the character χ below over an extension by i.  By hand: V ⊗ C has
    # weights ζ^±1, Sym^d V the weights ζ^(a-b), a + b = d, and χ is ζ^±2 on the generator, so
    # the count is #{a - b ≡ ±2 mod 5}: 0, 0, 1, 1, 1, 1, 1, 2, ... = t²/((1 - t)(1 - t⁵))
    chi = se.irreps_of(se.C(5), field=sp.I)[1].rep
    M = se.molien_series(se.V(se.C(5)), chi)
    assert sp.cancel(M - t ** 2 / ((1 - t) ** 2 * (1 + t + t ** 2 + t ** 3 + t ** 4))) == 0


def test_molien_series_of_a_complex_output_rep_uses_its_conjugate():
    # χ: Z(3) -> ω (an irreducible over Q(ω)).  Sym^d χ = χ^d, so Hom(Sym^d χ, χ) ≠ 0 exactly
    # when d ≡ 1 (mod 3) and Hom(Sym^d χ, χ̄) when d ≡ 2; invariants when d ≡ 0
    import sympy as sp
    from symequiv.invariants.molien import molien_coefficients, series_coefficients
    infos = se.irreps_of(se.Z(3), field=sp.exp(2 * sp.pi * sp.I / 3))
    chi = next(i.rep for i in infos if i.rep.size == 1 and i.rep.is_complex)
    want = {"out": [int(d % 3 == 1) for d in range(7)], "conj": [int(d % 3 == 2) for d in range(7)],
            "inv": [int(d % 3 == 0) for d in range(7)]}
    assert series_coefficients(se.molien_series(chi, chi), 6) == want["out"]
    assert molien_coefficients(chi, chi, 6) == want["out"]
    assert series_coefficients(se.molien_series(chi, chi.conj()), 6) == want["conj"]
    assert series_coefficients(se.molien_series(chi), 6) == want["inv"]
