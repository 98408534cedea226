"""The int64 constraint check of sparse rational bases agrees with rational products, catches
every corrupted entry, and steps aside (``None``) where its bound does not hold."""

import pytest
from hypothesis import given, settings, strategies as st

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis
from symequiv.verify.constraints import _check_rows
from symequiv.verify.rows_integer import check_rows_integer


def _rows_basis(rep_in, rep_out):
    B = se.equivariant_basis(rep_in, rep_out, cache=False)
    return Basis(rep_in, rep_out, "nullspace", rows=B.rows())


def _with_entry(B, k, i, value):
    dod = {r: dict(row) for r, row in B.rows().to_sparse().rep.items()}
    dod.setdefault(k, {})[i] = B.rows().domain(value)
    if dod[k][i] == 0:
        del dod[k][i]
    rows = linalg.DomainMatrix(dod, B.rows().shape, B.rows().domain)
    return Basis(B.rep_in, B.rep_out, "nullspace", rows=rows)


CASES = [("SO(3)", "V**2", "V**2"), ("O(3)", "V**2", "V**2"), ("O(4)", "V**2", "V**2"),
         ("Sp(2)", "V", "V.T"), ("S(4)", "V**2", "V"), ("SO(2)", "V**3", "V")]


@pytest.mark.parametrize("g, a, b", CASES)
def test_agrees_with_rational_products_on_solved_bases(g, a, b):
    G = se.group(g)
    B = _rows_basis(se.rep(a, G), se.rep(b, G))
    assert B.dim > 0
    assert check_rows_integer(B, G) is True


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CASES[:4]), st.data())
def test_any_changed_entry_is_caught(case, data):
    g, a, b = case
    G = se.group(g)
    B = _rows_basis(se.rep(a, G), se.rep(b, G))
    k = data.draw(st.integers(0, B.dim - 1))
    i = data.draw(st.integers(0, B.n_in * B.n_out - 1))
    old = B.rows().to_sparse().rep.get(k, {}).get(i, 0)
    delta = data.draw(st.sampled_from([1, -1, 2, linalg.QQ(1, 3)]))
    bad = _with_entry(B, k, i, old + delta)
    # an independent rational check decides what the answer must be
    expected = _check_rows_rational(bad, G)
    assert check_rows_integer(bad, G) is expected


def _check_rows_rational(B, G):
    for k in range(B.dim):
        W = B.map(k)
        for j in range(len(G.discrete_generators)):
            if B.rep_out.rho_gen(j).matmul(W) != W.matmul(B.rep_in.rho_gen(j)):
                return False
        for j in range(len(G.lie_generators)):
            if B.rep_out.drho_gen(j).matmul(W) != W.matmul(B.rep_in.drho_gen(j)):
                return False
    return True


def test_number_fields_step_aside_to_the_rational_check():
    G = se.Icosahedral()
    B = se.equivariant_basis(se.V(G), se.V(G), cache=False)
    rows = Basis(B.rep_in, B.rep_out, "nullspace", rows=B.rows())
    if rows.rows().domain.is_QQ:
        pytest.fail("the icosahedral group's basis was expected over Q(sqrt 5)")
    assert check_rows_integer(rows, G) is None
    assert _check_rows(rows, G) is True


@pytest.mark.parametrize("factor", [linalg.QQ(2 ** 61 + 3, 3 ** 41),     # denominator past int64
                                    linalg.QQ(2 ** 61 + 3),               # products past 2**62
                                    linalg.QQ(1, 3 ** 39)])               # row scales stay exact
def test_entries_past_the_bound_step_aside(factor):
    G = se.SO(3)
    B = _rows_basis(se.V(G) ** 2, se.V(G) ** 2)
    big = B.rows().to_sparse().rep
    dod = {k: {i: x * factor for i, x in row.items()} for k, row in big.items()}
    scaled = Basis(B.rep_in, B.rep_out, "nullspace",
                   rows=linalg.DomainMatrix(dod, B.rows().shape, B.rows().domain))
    fits = factor.numerator < 2 ** 40
    assert check_rows_integer(scaled, G) is (True if fits else None)
    assert _check_rows(scaled, G) is True                # the rational products decide


def test_echelon_rank_proves_independence_only_with_private_pivots():
    from symequiv.verify.constraints import _echelon_rank
    M = linalg.matrix
    assert _echelon_rank(M([[1, 0, 5], [0, 2, 7]])) == 2
    assert _echelon_rank(M([[1, 1, 0], [0, 1, 1]])) == 0          # row 0 is nonzero at row 1's pivot
    assert _echelon_rank(M([[1, 2], [2, 4]])) == 0                 # dependent: same pivot
    assert _echelon_rank(M([[0, 0], [1, 0]])) == 0                 # an empty row
    assert _echelon_rank(linalg.zeros(0, 3)) == 0
