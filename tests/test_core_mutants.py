"""Tests that kill the mutants of a fourth hand mutation audit of the exact core (linear
algebra, orbits, the rational shadow, the cost model, relation checks, rep keys, realification):
each asserts a fact derived here on its own road, and each failed against one mutation of the
library that the rest of the suite let through."""

import random
from math import prod

import numpy as np
import pytest
import sympy as sp

import symequiv as se
from symequiv import linalg
from symequiv.errors import RepresentationError
from symequiv.reps.explicit import ExplicitRep


# --- linear algebra ---------------------------------------------------------------------------

def test_elimination_over_a_cubic_field():
    # over Q(2^(1/3)) (degree 3) the row (1, a, a²) has a 2-dimensional kernel, and the rows
    # (1, a), (a, a²) have rank 1 (the second is a times the first)
    a = sp.Integer(2) ** sp.Rational(1, 3)
    K = linalg.number_field([a])
    assert K.mod.degree() == 3
    M = linalg.matrix([[1, a, a ** 2]], domain=K)
    N = linalg.nullspace(M)
    assert N.shape == (2, 3)
    assert linalg.is_zero(linalg.mul(M, N.transpose()).to_sparse())
    assert linalg.rref_rows(linalg.matrix([[1, a], [a, a ** 2]], domain=K)).shape == (1, 2)
    assert linalg.rref_rows(linalg.matrix([[1, a], [a, 1]], domain=K)).shape == (2, 2)


@pytest.mark.parametrize("k", [10, 1000, 10 ** 6])
def test_modular_primes_cover_twice_the_bound(k):
    # two integers in [-H, H] that agree modulo primes with product P are equal only if P > 2H;
    # bounds just below, at and above the first prime the search returns, and far beyond
    from symequiv.linalg.integer import primes_for
    p1 = primes_for(1, k)[0]
    for H in (1, p1 // 2, p1 - 1, p1, p1 + 1, 10 ** 20, 10 ** 50):
        assert prod(primes_for(H, k)) > 2 * H, (H, k)


def test_restrict_refuses_a_subspace_that_is_not_invariant():
    swap = linalg.matrix([[0, 1], [1, 0]])
    with pytest.raises(RepresentationError):
        linalg.restrict([swap], linalg.matrix([[1], [0]]))        # the line e_0
    A, = linalg.restrict([swap], linalg.matrix([[1], [1]]))          # the diagonal: +1 on it
    assert linalg.to_lists(A) == [[1]]


# --- orbits -------------------------------------------------------------------------------------

def _orbits_by_search(gens, n):
    label, count = [-1] * n, 0
    for s in range(n):
        if label[s] >= 0:
            continue
        label[s], todo = count, [s]
        while todo:
            x = todo.pop()
            for g in gens:
                if label[g[x]] < 0:
                    label[g[x]] = count
                    todo.append(g[x])
        count += 1
    return count


def test_orbit_colours_agree_with_a_plain_search():
    # the union-find must send every point to its root after each round: two permutations of
    # 13 points whose orbits a single pointer-jumping step numbers wrongly, then random ones
    from symequiv.solve.orbits import orbit_colors
    cases = [[[4, 1, 2, 7, 0, 5, 6, 9, 8, 3, 12, 11, 10], [5, 1, 7, 6, 10, 4, 3, 12, 8, 2, 0, 11, 9]]]
    rng = random.Random(11)
    for _ in range(60):
        n = rng.randint(5, 40)
        gens = []
        for _ in range(rng.randint(1, 3)):
            p = list(range(n))
            for _ in range(rng.randint(1, 4)):               # a few transpositions each
                i, j = rng.randrange(n), rng.randrange(n)
                p[i], p[j] = p[j], p[i]
            gens.append(p)
        cases.append(gens)
    for gens in cases:
        n = len(gens[0])
        colors, k = orbit_colors([np.array([0])] * len(gens), [np.array(g) for g in gens], 1, n)
        assert k == _orbits_by_search(gens, n)
        assert all(colors[g[i]] == colors[i] for g in gens for i in range(n))
    G = se.PermutationGroup(cases[0])
    assert se.equivariant_basis(se.V(G), se.Scalar, cache=False).dim == 4


# --- the rational shadow of a complex group ------------------------------------------------------

def test_shadow_of_a_dual_for_a_group_with_non_unitary_generators():
    # C acting on C¹ by the real Lie algebra spanned by 1 and i: on R = V.realify() the element
    # 1 acts by +I, on R.T by -I, so Hom(R.T, R) = 0, while End(R) = C has dimension 2 and
    # the invariant pairings R.T ⊗ R -> Q are the two of End(R)
    G = se.MatrixGroup(lie_algebra=[[[1]], [[sp.I]]])
    R = se.V(G).realify()
    assert se.equivariant_basis(R.T, R, cache=False).dim == 0
    assert se.equivariant_basis(R, R, cache=False).dim == 2
    assert se.equivariant_basis(R.T * R, se.Scalar, cache=False).dim == 2


def test_realify_is_the_rep_on_real_and_imaginary_parts():
    # documented images [[Re A, -Im A], [Im A, Re A]], so that (Re z, Im z) is equivariant;
    # swapping the signs realifies the conjugate instead (isomorphic, other coordinates)
    for G in (se.SU(2), se.U(1), se.SU(3)):
        V = se.V(G)
        R = V.realify()
        for k in range(len(G.lie_generators)):
            A = sp.Matrix(linalg.to_lists(V.drho_gen(k)))
            re, im = A.applyfunc(sp.re), A.applyfunc(sp.im)
            want = sp.Matrix(sp.BlockMatrix([[re, -im], [im, re]]))
            assert sp.Matrix(linalg.to_lists(R.drho_gen(k))) == want, (G, k)
    assert linalg.to_lists(se.V(se.U(1)).realify().drho_gen(0)) == [[0, -1], [1, 0]]


# --- relation checks and rep identity ------------------------------------------------------------

_BAD = [[[1]], [[2]]]      # S(3) = <(1 2 0), (1 0 2)>: the swap's image squares to 4, not 1


def test_relations_are_checked_for_every_generator():
    from symequiv.schur.finite import is_homomorphism
    G = se.S(3)
    assert not is_homomorphism(G, [linalg.matrix(m) for m in _BAD])
    assert not is_homomorphism(G, [linalg.matrix([[2]]), linalg.matrix([[1]])])
    assert is_homomorphism(G, [linalg.matrix([[1]]), linalg.matrix([[-1]])])     # the sign


def test_relations_are_checked_on_both_sides_of_a_hom():
    G = se.S(3)
    bad = ExplicitRep(G, [linalg.matrix(m) for m in _BAD], [], "bad")
    for args in ((bad, se.V(G)), (se.V(G), bad), (bad, se.Scalar), (se.Scalar, bad)):
        with pytest.raises(RepresentationError):
            se.equivariant_basis(*args, cache=False)


def test_signed_permutation_images_are_not_permutations():
    # sign ⊗ P of S(3) is a genuine rep, but not the permutation rep its perms= would claim
    G = se.S(3)
    perms = [list(p) for p in G.discrete_generators]
    signs = [1, -1]                                   # the 3-cycle is even, the swap odd
    mats = [linalg.perm_matrix(p) * linalg.QQ(s) for p, s in zip(perms, signs)]
    assert not linalg.is_perm_matrix_of(mats[1], perms[1])
    assert linalg.is_perm_matrix_of(mats[0], perms[0])
    with pytest.raises(RepresentationError):
        ExplicitRep(G, mats, [], "sgnP", perms=perms)
    U = ExplicitRep(G, mats, [], "sgnP")              # without perms: solved, no invariant
    assert se.equivariant_basis(U, se.Scalar, cache=False).dim == 0


def test_explicit_rep_identity_includes_the_field():
    # the same coefficients over Q(√2) and Q(-√2) are different matrices ([[0, a], [1/a, 0]]
    # with a = ±√2), so the reps must differ (equality, hashing, memo and cache keys)
    G = se.MatrixGroup([[[-1, 0], [0, -1]]])
    reps = []
    for s in (1, -1):
        K = sp.QQ.algebraic_field(s * sp.sqrt(2))
        a = K.convert(s * sp.sqrt(2))
        M = linalg.DomainMatrix({0: {1: a}, 1: {0: K.one / a}}, (2, 2), K)
        reps.append(ExplicitRep(G, [M], [], "U", field=K))
    m1, m2 = (sp.Matrix(linalg.to_lists(U.rho_gen(0))).applyfunc(sp.nsimplify) for U in reps)
    assert m1 != m2
    assert reps[0] != reps[1] and len(set(reps)) == 2 and reps[0].key() != reps[1].key()


# --- the cost model -----------------------------------------------------------------------------

def test_modular_memory_estimate_is_the_dense_residue_matrix():
    # N unknowns of equal weight, e residues per entry, 8 bytes each: N² · e · 8 (the module
    # docstring of symequiv.solve.plan); over Q(ζ7) (e = 6) and over Q with a nilpotent algebra
    from symequiv.solve.plan import effective_unknowns, memory_estimates
    for G, A in ((se.C(7), se.V(se.C(7)) ** 3),
                 (se.MatrixGroup(lie_algebra=[[[0, 1], [0, 0]]]), None)):
        A = A if A is not None else se.V(G) ** 5
        e = G.domain.mod.degree() if not G.domain.is_QQ else 1
        Ne = effective_unknowns(A, A, G)
        assert dict(memory_estimates(A, A, ["modular"]))["modular"] == 8 * Ne * Ne * e
