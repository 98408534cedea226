"""Specht modules in Young's seminormal form, Specht multiplicities and the irreducibles of
finite groups (issue 15, item 2).  Checked on independent roads: a brute-force walk of the
Cayley graph (the generator images define a homomorphism), a Murnaghan--Nakayama rule written
here on diagrams (rim hooks, not the module's beta sets), the solver (Schur's lemma) and
known decompositions."""

from collections import Counter
from fractions import Fraction
from math import factorial

import pytest

import symequiv as se
from symequiv import linalg
from symequiv.reps.specht import (specht, specht_character, specht_multiplicities,
                                  standard_tableaux, hook_dimension, partitions, adjacent_word,
                                  cycle_type, partition_label, _seminormal)
from symequiv.reps.finite_irreps import irreps_of, IrrepInfo


# --- independent helpers ----------------------------------------------------------------------

def _all_partitions(n, largest=None):
    largest = n if largest is None else largest
    if n == 0:
        return [()]
    return [(p,) + rest for p in range(min(n, largest), 0, -1) for rest in _all_partitions(n - p, p)]


def _cells(lam):
    return {(i, j) for i, p in enumerate(lam) for j in range(p)}


def _shape(cells):
    rows = Counter(i for i, _ in cells)
    return tuple(rows[i] for i in range(len(rows)))


def _is_partition_cells(cells):
    return all((i == 0 or (i - 1, j) in cells) and (j == 0 or (i, j - 1) in cells) for i, j in cells)


def _mn(lam, mu):
    """Murnaghan--Nakayama on diagrams: remove a rim hook (connected, no 2x2 square, leaving a
    diagram) of length mu[0], sign (-1)^(rows - 1)."""
    if not mu:
        return 1
    r, rest = mu[0], mu[1:]
    cells = _cells(lam)
    rim = {(i, j) for i, j in cells if (i + 1, j + 1) not in cells}
    total = 0
    for start in rim:                                   # a hook = a connected run along the rim
        run, cur = [start], start
        while len(run) < r:
            i, j = cur
            nxt = (i - 1, j) if (i - 1, j) in rim and (i - 1, j) not in run else (
                (i, j + 1) if (i, j + 1) in rim and (i, j + 1) not in run else None)
            if nxt is None:
                break
            run.append(nxt)
            cur = nxt
        if len(run) != r:
            continue
        left = cells - set(run)
        if not _is_partition_cells(left):
            continue
        height = len({i for i, _ in run}) - 1
        total += (-1) ** height * _mn(_shape(left), rest)
    return total


def _brute_tableaux(lam):
    n = sum(lam)
    out = 0

    def rec(filled, k):
        nonlocal out
        if k == n:
            out += 1
            return
        for r in range(len(lam)):
            if filled[r] < lam[r] and (r == 0 or filled[r - 1] > filled[r]):
                filled[r] += 1
                rec(filled, k + 1)
                filled[r] -= 1
    rec([0] * len(lam), 0)
    return out


def _walk(rep):
    """{element: ρ(element)} for every element, by a breadth-first walk of the Cayley graph,
    checking ρ(x g) = ρ(x) ρ(g) on every edge (so the images define a homomorphism)."""
    G = rep.group
    gens = list(G.discrete_generators)
    images = list(rep.generator_images[0])
    K = rep.field
    e = G.identity_element()
    seen = {e: linalg.identity(rep.size, K).to_sparse()}
    todo = [e]
    while todo:
        nxt = []
        for g in todo:
            for x, X in zip(gens, images):
                h, M = G.multiply(x, g), X * seen[g]
                if h in seen:
                    assert seen[h] == M, "the generator images are not a homomorphism"
                else:
                    seen[h] = M
                    nxt.append(h)
        todo = nxt
    assert len(seen) == G.order()
    return seen


def _to_fraction(x):
    return Fraction(int(x.numerator), int(x.denominator))


# --- dimensions, tableaux, the seminormal matrices --------------------------------------------

@pytest.mark.parametrize("n", range(1, 7))
def test_hook_length_dimensions(n):
    parts = _all_partitions(n)
    assert partitions(n) == parts
    for lam in parts:
        d = hook_dimension(lam)
        assert d == _brute_tableaux(lam) == len(standard_tableaux(lam)) == specht(lam).size
    assert sum(hook_dimension(lam) ** 2 for lam in parts) == factorial(n)


def test_tableaux_are_standard_and_in_last_letter_order():
    T = standard_tableaux((3, 2))
    assert T[0] == ((0, 2, 4), (1, 3)) and T[-1] == ((0, 1, 2), (3, 4))
    for t in T:
        assert all(list(r) == sorted(r) for r in t)
        assert all(t[i][j] < t[i + 1][j] for i in range(len(t) - 1) for j in range(len(t[i + 1])))
    keys = [tuple(next(i for i, r in enumerate(t) if k in r) for k in range(4, -1, -1)) for t in T]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


@pytest.mark.parametrize("n", range(2, 7))
def test_seminormal_matrices_satisfy_the_coxeter_relations(n):
    for lam in partitions(n):
        M = _seminormal(lam)
        one = linalg.identity(hook_dimension(lam)).to_sparse()
        for i in range(n - 1):
            assert M[i] * M[i] == one
            if i + 2 <= n - 1:
                X = M[i] * M[i + 1]
                assert X * X * X == one
            for j in range(i + 2, n - 1):
                assert M[i] * M[j] == M[j] * M[i]


def test_seminormal_formula_on_a_small_case():
    # [2,1], basis ((0,2),(1,)), ((0,1),(2,)): s_1 swaps them with axial distance ±2
    s0, s1 = _seminormal((2, 1))
    assert linalg.to_lists(s0) == [[-1, 0], [0, 1]]
    assert linalg.to_lists(s1) == [[Fraction(1, 2), Fraction(3, 4)], [1, Fraction(-1, 2)]]


def test_generator_words():
    n = 6
    c, s = se.S(n).discrete_generators
    assert adjacent_word(c) == list(range(n - 1)) and adjacent_word(s) == [0]
    for p in [(2, 0, 1, 4, 3), (4, 3, 2, 1, 0), (0, 1, 2)]:
        w = adjacent_word(p)
        g = tuple(range(len(p)))
        for a in w:
            t = list(range(len(p)))
            t[a], t[a + 1] = a + 1, a
            g = tuple(g[i] for i in t)              # g := g s_a
        assert g == p and len(w) == sum(p[i] > p[j] for i in range(len(p)) for j in range(i + 1, len(p)))


# --- the representations ----------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 6))
def test_specht_characters_against_murnaghan_nakayama(n):
    """Homomorphism (Cayley-graph walk over all n! elements) and characters on every cycle type,
    against the diagram MN rule of this file and the module's beta-set MN rule."""
    for lam in partitions(n):
        W = specht(lam)
        seen = _walk(W)
        by_type = {}
        for g, M in seen.items():
            by_type.setdefault(cycle_type(g), set()).add(_to_fraction(linalg.trace(M)))
        assert sorted(by_type) == sorted(_all_partitions(n))
        for mu, vals in by_type.items():
            assert vals == {_mn(lam, mu)}, (lam, mu)
            assert specht_character(lam, mu) == _mn(lam, mu)
        assert specht_character(lam) == {mu: _mn(lam, mu) for mu in _all_partitions(n)}


def test_module_mn_matches_diagram_mn_for_n_7():
    for lam in _all_partitions(7):
        assert specht_character(lam) == {mu: _mn(lam, mu) for mu in _all_partitions(7)}


@pytest.mark.parametrize("n", range(1, 7))
def test_specht_modules_irreducible_and_pairwise_non_isomorphic(n):
    reps = [specht(lam) for lam in partitions(n)]
    for i, a in enumerate(reps):
        for j, b in enumerate(reps[i:], i):
            assert se.equivariant_basis(a, b).dim == (1 if i == j else 0), (a, b)


@pytest.mark.parametrize("n", range(2, 7))
def test_trivial_sign_and_standard(n):
    G = se.S(n)
    triv, sign = specht((n,)), specht((1,) * n)
    for g, A, B in zip(G.discrete_generators, *[r.generator_images[0] for r in (triv, sign)]):
        assert linalg.to_lists(A) == [[1]]
        assert linalg.to_lists(B) == [[(-1) ** len(adjacent_word(g))]]
    if n >= 3:
        std = specht((n - 1, 1))
        assert se.equivariant_basis(se.V(G), std).dim == 1
        assert se.equivariant_basis(std, se.V(G)).dim == 1
    assert se.equivariant_basis(se.Scalar, se.V(G) * sign).dim == (1 if n == 2 else 0)


def test_specht_over_another_presentation_of_s4():
    G = se.PermutationGroup([[1, 0, 2, 3], [0, 2, 3, 1]])      # S(4), other generators
    assert G != se.S(4) and G.order() == 24
    for lam in partitions(4):
        W = specht(lam, G)
        seen = _walk(W)
        for g, M in seen.items():
            assert _to_fraction(linalg.trace(M)) == _mn(lam, cycle_type(g))


def test_generator_images_are_exact_rationals_and_deterministic():
    a, b = specht((3, 2, 1)), specht([3, 2, 1])
    assert a == b and hash(a) == hash(b) and str(a) == "specht(3,2,1)"
    assert all(M.domain == linalg.QQ for M in a.generator_images[0])
    assert specht("[3, 2, 1]") == a == specht("3,2,1")


# --- multiplicities ---------------------------------------------------------------------------

@pytest.mark.parametrize("n", [4, 5, 6])
def test_tensor_square_multiplicities(n):
    want = {(n,): 2, (n - 1, 1): 3, (n - 2, 2): 1, (n - 2, 1, 1): 1}
    assert specht_multiplicities(se.V(se.S(n)) ** 2) == want


def test_multiplicities_against_decompose_and_matrix_reps():
    D = se.decompose(se.V(se.S(4)) ** 2)
    m = specht_multiplicities(se.V(se.S(4)) ** 2)
    assert sorted(zip(D.dims, D.multiplicities)) == sorted((hook_dimension(l), v) for l, v in m.items())
    # a non-permutation rep: S^(2,1) ⊗ S^(2,1) = [3] + [2,1] + [1,1,1]
    assert specht_multiplicities(specht((2, 1)) * specht((2, 1))) == {(3,): 1, (2, 1): 1, (1, 1, 1): 1}
    # S^λ ⊗ sign = S^(λ transposed)
    assert specht_multiplicities(specht((3, 1, 1)) * specht((1,) * 5)) == {(3, 1, 1): 1}
    assert specht_multiplicities(specht((3, 2)) * specht((1,) * 5)) == {(2, 2, 1): 1}
    assert specht_multiplicities(specht((3, 2)) + 2 * specht((4, 1)) + se.Scalar) == \
        {(5,): 1, (4, 1): 2, (3, 2): 1}


def test_regular_s5_through_specht_modules():
    m = specht_multiplicities(se.Regular(se.S(5)))     # timed in benchmarks/families.py
    assert m == {lam: hook_dimension(lam) for lam in partitions(5)}


# --- irreps_of ----------------------------------------------------------------------------------

def _check_irreps(G, L, field=None):
    assert all(isinstance(r, IrrepInfo) for r in L)
    assert sum(r.multiplicity * r.dim for r in L) == G.order()
    assert all(r.multiplicity * r.end_dim == r.dim for r in L)
    assert len({r.label for r in L}) == len(L)
    if field is None:
        for i, a in enumerate(L):
            for j, b in enumerate(L):
                if j >= i:
                    want = a.end_dim if i == j else 0
                    assert se.equivariant_basis(a.rep, b.rep).dim == want, (a.label, b.label)


def test_irreps_of_s3_and_s5_are_specht_modules():
    L = irreps_of(se.S(3))
    assert [r.label for r in L] == ["[3]", "[2,1]", "[1,1,1]"]
    assert [r.partition for r in L] == [(3,), (2, 1), (1, 1, 1)]
    _check_irreps(se.S(3), L)
    L5 = irreps_of(se.S(5))
    assert [r.label for r in L5] == [partition_label(l) for l in partitions(5)]
    assert sum(r.dim ** 2 for r in L5) == 120
    _check_irreps(se.S(5), L5)


def test_irreps_of_a4_over_q_and_over_q_omega():
    L = irreps_of(se.A(4))
    assert [(r.label, r.dim, r.end_dim, r.multiplicity) for r in L] == \
        [("d1_0", 1, 1, 1), ("d2_0", 2, 2, 1), ("d3_0", 3, 1, 3)]
    _check_irreps(se.A(4), L)
    from sympy import exp, pi, I
    L2 = irreps_of(se.A(4), field=exp(2 * pi * I / 3))
    assert [(r.dim, r.end_dim, r.multiplicity) for r in L2] == [(1, 1, 1)] * 3 + [(3, 1, 3)]
    _check_irreps(se.A(4), L2, field=True)
    assert len({tuple(linalg.key(M) for M in r.rep.generator_images[0]) for r in L2}) == 4


def test_irreps_of_z4_and_d4():
    L = irreps_of(se.Z(4))
    assert [(r.label, r.end_dim) for r in L] == [("d1_0", 1), ("d1_1", 1), ("d2_0", 2)]
    _check_irreps(se.Z(4), L)
    assert all(linalg.is_identity(M) for M in L[0].rep.generator_images[0])     # trivial first
    L = irreps_of(se.D(4))
    assert [r.dim for r in L] == [1, 1, 1, 1, 2] and all(r.end_dim == 1 for r in L)
    _check_irreps(se.D(4), L)


_DUMP = ("from symequiv.reps.finite_irreps import irreps_of; import symequiv as se; "
         "from symequiv import linalg; "
         "print(repr([(r.label, [linalg.key(M) for M in r.rep.generator_images[0]]) "
         "for G in (se.A(4), se.D(4)) for r in irreps_of(G)]))")


def test_irreps_of_is_deterministic_across_processes():
    import os
    import subprocess
    import sys
    outs = []
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SYMEQUIV_NO_CACHE="1")
        outs.append(subprocess.run([sys.executable, "-c", _DUMP], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outs[0] == outs[1] and "d3_0" in outs[0]


def test_irreps_of_other_presentation_of_s4_and_field():
    G = se.PermutationGroup([[1, 0, 2, 3], [0, 2, 3, 1]])
    L = irreps_of(G)
    assert [r.label for r in L] == ["[4]", "[3,1]", "[2,2]", "[2,1,1]", "[1,1,1,1]"]
    from sympy import sqrt
    L2 = irreps_of(se.S(3), field=sqrt(2))
    assert [r.rep.field for r in L2] == [linalg.number_field([sqrt(2)])] * 3


# --- bad inputs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [(1, 2), (3, 0), (), (2.0, 1), (True,), "x", "[3,,1]", 3, None,
                                 (-1,), "[1,2]"])
def test_bad_partitions(bad):
    with pytest.raises(se.ParseError):
        specht(bad)


def test_wrong_group_and_too_large():
    with pytest.raises(se.GroupMismatchError):
        specht((2, 1), se.S(4))
    with pytest.raises(se.GroupMismatchError):
        specht((2, 1), se.Z(3))
    with pytest.raises(se.GroupMismatchError):
        specht((2, 1), se.SO(3))
    with pytest.raises(se.GroupMismatchError):
        specht((2, 1), "S(3)")
    with pytest.raises(se.ProblemTooLargeError, match="MAX_MATRIX_SIZE"):
        specht((5, 4, 3, 2, 1))
    with pytest.raises(se.ProblemTooLargeError, match="MAX_MATRIX_SIZE"):
        specht((10 ** 7, 1))
    with pytest.raises(se.ProblemTooLargeError, match="MAX_UNKNOWNS_TOTAL"):
        specht((1999, 1))
    assert specht((10 ** 5,)).size == 1                          # trivial: no matrices built


def test_bad_inputs_of_multiplicities_and_irreps_of():
    with pytest.raises(se.GroupMismatchError):
        specht_multiplicities(se.V(se.A(4)))
    with pytest.raises(se.RepresentationError):
        specht_multiplicities("V")
    with pytest.raises(se.RepresentationError, match="se.irrep"):
        irreps_of(se.SO(3))
    with pytest.raises(se.GroupMismatchError):
        irreps_of("S(3)")
    bogus = se.reps.explicit.ExplicitRep(se.S(3), [linalg.matrix([[1]]), linalg.matrix([[2]])], [], "bogus")
    with pytest.raises(se.RepresentationError):
        specht_multiplicities(bogus)
    with pytest.raises(se.ParseError):
        specht_character((2, 1), (2, 2))
    with pytest.raises(se.ParseError):
        partitions(0)
    with pytest.raises(se.ProblemTooLargeError, match="MAX_N"):
        specht_character((100,))


@pytest.mark.parametrize("rep_text, n", [("V", 4), ("V**2", 4), ("Regular", 4), ("Regular", 5), ("Wedge(V,2)", 5),
                                         ("Sym(V,2)", 4)])
def test_specht_decomposition_carries_the_specht_matrices_exactly(rep_text, n):
    from symequiv.reps.specht_basis import specht_decomposition
    from symequiv.reps.specht import specht, specht_multiplicities
    G = se.S(n)
    rep = se.Regular(G) if rep_text == "Regular" else se.rep(rep_text, G)
    D = specht_decomposition(rep)
    mult = specht_multiplicities(rep)                    # by characters (Murnaghan--Nakayama)
    assert D.irreps == tuple(specht(lam, G) for lam in mult)
    assert D.multiplicities == tuple(mult.values())
    # Q⁻¹ ρ(g) Q is block diagonal with the Specht matrices, generator by generator
    for k in range(len(G.discrete_generators)):
        M = linalg.mul(linalg.mul(D.Q_inv, rep.rho_gen(k).to_dense()), D.Q)
        blocks = []
        for r, m in zip(D.irreps, D.multiplicities):
            blocks += [r.rho_gen(k).to_dense()] * m
        assert M == linalg.block_diag(blocks).to_dense()
    assert D.verify().ok
