"""The first fundamental theorem's closed-form generators (O(n), SO(n), O(1,3), SO(1,3), Sp, SL,
GL on m vectors) cross-checked against the exact invariant spaces: each generator is invariant
(checked directly on the generators' actions), the products of generators span every invariant
space degree by degree (whose dimension is certified by Weyl integration), and the degree-by-degree
search finds the same number of generators per degree."""

from collections import Counter

import pytest
import sympy as sp

import symequiv as se
from symequiv.invariants import polynomials as P
from symequiv.invariants import classical
from symequiv.invariants.classical import classical_generators, vector_copies


def _copies(G, m):
    V = se.V(G)
    return V if m == 1 else m * V


def _invariant_under_generators(poly, rep):
    xs = poly.gens
    G = rep.group
    x = sp.Matrix(xs)
    for j in range(len(G.lie_generators)):
        A = sp.Matrix(rep.drho_gen(j).to_Matrix())
        Ax = A * x
        if sp.expand(sum(Ax[i] * sp.diff(poly.as_expr(), xs[i]) for i in range(len(xs)))) != 0:
            return False
    for j in range(len(G.discrete_generators)):
        M = sp.Matrix(rep.rho_gen(j).to_Matrix())
        if sp.expand(poly.as_expr().subs(dict(zip(xs, M * x)), simultaneous=True) - poly.as_expr()) != 0:
            return False
    return True


CASES = [("O(3)", 2, 4), ("SO(3)", 3, 3), ("SO(2)", 2, 4), ("O(2)", 3, 2), ("Sp(2)", 2, 4),
         ("SL(2)", 3, 2), ("SO13()", 1, 4), ("O13()", 2, 2), ("GL(2)", 2, 2), ("SO(4)", 1, 4)]


@pytest.mark.parametrize("g, m, top", CASES)
def test_products_of_generators_span_every_invariant_space(g, m, top):
    G = se.group(g)
    rep = _copies(G, m)
    gens, complete = se.fundamental_invariants(rep, top)
    assert complete is (max((x.degree for x in classical_generators(rep)), default=0) <= top)
    for x in gens:
        assert _invariant_under_generators(x.poly, rep), (g, x)
    for d in range(1, top + 1):
        space = se.invariants(rep, d)
        assert space.basis.verify().complete                    # dimension by Weyl integration
        index = {mono: i for i, mono in enumerate(space.monomials)}
        ech = P._Echelon(space.basis.domain)
        for p in P._products_of_degree(gens, d):
            ech.add(P._vector(p, index))
        assert ech.rank == space.dim, (g, m, d)


@pytest.mark.parametrize("g, m, top", [("O(3)", 2, 4), ("SO(2)", 2, 4), ("Sp(2)", 2, 2), ("SL(2)", 3, 2),
                                       ("SO(3)", 3, 3)])
def test_search_finds_the_same_generator_degrees(g, m, top, monkeypatch):
    rep = _copies(se.group(g), m)
    closed, _ = se.fundamental_invariants(rep, top)
    monkeypatch.setattr(classical, "classical_generators", lambda rep: None)
    searched, _ = se.fundamental_invariants(rep, top)
    assert Counter(x.degree for x in closed) == Counter(x.degree for x in searched)


def test_closed_form_counts():
    # O(n), m vectors: m(m+1)/2 inner products; SO(n): also C(m, n) determinants; Sp: C(m, 2)
    assert [x.degree for x in classical_generators(4 * se.V(se.O(3)))] == [2] * 10
    assert Counter(x.degree for x in classical_generators(4 * se.V(se.SO(3)))) == {2: 10, 3: 4}
    assert [x.degree for x in classical_generators(3 * se.V(se.Sp(1)))] == [2] * 3
    assert classical_generators(2 * se.V(se.GL(3))) == []


def test_other_reps_are_not_claimed():
    V = se.V(se.SO(3))
    assert vector_copies(V ** 2) is None and classical_generators(V ** 2) is None
    W = se.V(se.SL(3))
    assert classical_generators(W + W.T) is None                  # covectors: another theorem
    assert classical_generators(2 * se.V(se.S(3))) is None          # not a classical group
    gens, complete = se.fundamental_invariants(se.V(se.S(3)), 3)    # the search still runs
    # complete by Göbel's bound for a permutation rep of 3 coordinates, max(3, 3) = 3 (Noether's
    # |G| = 6 said not yet): e1, e2, e3 generate, the fundamental theorem of symmetric polynomials
    assert [x.degree for x in gens] == [1, 2, 3] and complete
    assert not se.fundamental_invariants(se.V(se.S(3)), 2)[1]
