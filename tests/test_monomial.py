"""The monomial road (signed permutation reps): the same canonical basis elimination gives, and
dimensions that Burnside's formula confirms."""

import pytest

import symequiv as se
from symequiv import linalg
from symequiv.solve.monomial import monomial_rows, is_monomial_pair, signed_perm
from symequiv.solve.nullspace import solve_nullspace
from symequiv.verify.burnside import burnside_dim

CASES = [("S(4)", "Wedge(V,2)", "Wedge(V,2)"), ("S(5)", "Wedge(V,2)", "V"),
         ("S(5)", "Wedge(V,3)", "Wedge(V,2)"), ("S(4)", "Wedge(V,2)", "Sym(V,2)"),
         ("Octahedral()", "V**2", "V**2"), ("Octahedral()", "V**3", "V"),
         ("FullOctahedral()", "V**2", "V**2"), ("FullOctahedral()", "V**4", "Scalar"),
         ("Tetrahedral()", "V**2", "V"), ("D(4)", "V**2", "V**2")]


@pytest.mark.parametrize("g,a,b", CASES)
def test_monomial_basis_is_the_echelon_basis_of_elimination(g, a, b):
    G = se.group(g)
    A, B = se.rep(a, G), se.rep(b, G)
    assert is_monomial_pair(A, B)
    rows = monomial_rows(A, B)
    assert rows == linalg.rref_rows(solve_nullspace(A, B))       # elimination, independently
    assert rows.shape[0] == burnside_dim(A, B)[0]
    basis = se.equivariant_basis(A, B, cache=False)
    assert basis.method == "monomial" and basis.verify().complete


def test_which_pairs_take_the_monomial_road():
    V = se.V(se.S(4))
    assert not is_monomial_pair(V, V)                 # plain permutations: the orbit road
    assert is_monomial_pair(se.Wedge(V, 2), V)
    assert not is_monomial_pair(se.V(se.SO(3)), se.V(se.SO(3)))          # a Lie algebra
    assert not is_monomial_pair(se.V(se.C(5)), se.V(se.C(5)))            # not signed perms
    assert signed_perm(linalg.matrix([[0, 2], [1, 0]])) is None


def test_number_field_groups_keep_their_field():
    # the monomial basis lives in the group's field, as elimination's does: same bytes
    G = se.D(5)
    W = se.Wedge(se.V(G), 2)
    rows = monomial_rows(W, W)
    assert rows.domain == G.domain and rows == linalg.rref_rows(solve_nullspace(W, W))
