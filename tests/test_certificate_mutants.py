"""Tests that kill the mutants of a hand mutation audit: each asserts that a certificate check
rejects a crafted wrong basis that keeps the right dimension (or that an independent count is
right where a wrong one would only make correct bases fail).  Each was written against a
mutation of the library that the rest of the suite let through."""

import dataclasses
import itertools
from fractions import Fraction

import numpy as np
import pytest

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis
from symequiv.errors import RepresentationError


def _invariant_under(colors, n, perm):
    c = colors.reshape(n, n)
    return np.array_equal(c[np.ix_(perm, perm)], c)


def _first_appearance(c):
    _, first = np.unique(c, return_index=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[c]


def _pair_orbits(gens, n):
    """Orbit label of each index pair (i, j) -> i*n + j under the permutations ``gens``, by a
    plain search (our own road, not the library's union-find)."""
    label = -np.ones(n * n, dtype=np.int64)
    count = 0
    for start in range(n * n):
        if label[start] >= 0:
            continue
        label[start], todo = count, [start]
        while todo:
            x = todo.pop()
            i, j = divmod(x, n)
            for g in gens:
                y = g[i] * n + g[j]
                if label[y] < 0:
                    label[y] = count
                    todo.append(y)
        count += 1
    return label


@pytest.mark.parametrize("broken", [0, 1])
def test_orbit_check_reads_every_generator(broken):
    # S2 x Z4 on 6 points.  A colouring invariant under every generator but one, with as many
    # colours as the orbit count: one orbit of G split into an orbit of the subgroup H without
    # that generator and the rest, the rest merged with another orbit.  Only the broken
    # generator moves a colour, so the check must read every generator
    G = se.PermutationGroup([[1, 0, 2, 3, 4, 5], [0, 1, 3, 4, 5, 2]], degree=6)
    R = se.V(G)
    gens = [np.array(g) for g in G.discrete_generators]
    n = 6
    orb_G = _pair_orbits(gens, n)
    orb_H = _pair_orbits([g for k, g in enumerate(gens) if k != broken], n)
    split = next(o for o in range(orb_G.max() + 1) if len(set(orb_H[orb_G == o])) > 1)
    piece = orb_H[np.flatnonzero(orb_G == split)[0]]
    other = next(o for o in range(orb_G.max() + 1) if o != split)
    c = orb_G.copy()
    c[(orb_G == split) & (orb_H != piece)] = other
    c[(orb_G == split) & (orb_H == piece)] = split
    c = _first_appearance(c)
    assert c.max() == orb_G.max()                       # as many colours as G has orbits
    assert not _invariant_under(c, n, gens[broken])
    assert all(_invariant_under(c, n, g) for k, g in enumerate(gens) if k != broken)
    wrong = Basis(R, R, "orbits", 0.0, colors=c)
    assert wrong.dim == se.equivariant_basis(R, R).dim
    assert not wrong.verify().ok


@pytest.mark.parametrize("colors", [np.ones(16, dtype=np.int64),
                                    np.where(np.eye(4, dtype=bool), 0, 2).ravel()])
def test_orbit_rank_counts_empty_colours(colors):
    # S(4) on V: two colours are right (diagonal, off-diagonal); colour numbers with a gap
    # claim a map that is all zeros, so the maps are not independent
    R = se.V(se.S(4))
    wrong = Basis(R, R, "orbits", 0.0, colors=colors)
    assert wrong.dim == int(colors.max()) + 1
    cert = wrong.verify()
    assert not cert.ok and cert.rank != wrong.dim


def test_schur_certificate_checks_the_input_side_of_an_endomorphism():
    # Hom(V^3, V^3) under SO(3) in Schur form with Q_in changed by an elementary shear between
    # pieces of two different blocks (and Q_in^-1 to match): the maps through those pieces are
    # no longer equivariant, while rep_in == rep_out and Q_out, the pieces and dim are unchanged
    from symequiv.solve.schur import schur_form
    R = se.V(se.SO(3)) ** 3
    F = schur_form(R, R)
    n, K = R.size, F.domain
    offs = [(bi, o) for bi, b in enumerate(F.blocks) for o in b.in_offsets]
    tried = 0
    for (b1, i), (b2, j) in itertools.permutations(offs, 2):
        if b1 == b2:
            continue
        E = linalg.identity(n, K).to_dense().to_list()
        E[j][i] = K.one
        Ei = linalg.identity(n, K).to_dense().to_list()
        Ei[j][i] = -K.one
        Fw = dataclasses.replace(
            F, Q_in=F.Q_in.to_dense().matmul(linalg.DomainMatrix(E, (n, n), K)),
            Q_in_inv=linalg.DomainMatrix(Ei, (n, n), K).matmul(F.Q_in_inv.to_dense()))
        assert not Basis(R, R, "schur", 0.0, schur=Fw).verify().ok, (b1, i, b2, j)
        tried += 1
    assert tried >= 20


def test_cycle_type_count_of_alternating_groups():
    from symequiv.groups.matrix import enumerate_elements
    from symequiv.verify.cycle_index import cycle_type_distribution, cycle_type_dim
    from symequiv.groups.permutation import cycle_lengths
    for n in (4, 5):
        counted = {}
        for g in enumerate_elements(se.A(n)):
            ct = {}
            for c in cycle_lengths(g):
                ct[c] = ct.get(c, 0) + 1
            key = tuple(sorted(ct.items()))
            counted[key] = counted.get(key, 0) + 1
        assert cycle_type_distribution(se.A(n)) == counted
    # Λ^n V is the sign: invariant under A(n), not under S(n)
    assert cycle_type_dim(se.Wedge(se.V(se.A(4)), 4), se.Scalar)[0] == 1
    assert cycle_type_dim(se.Wedge(se.V(se.S(4)), 4), se.Scalar)[0] == 0


def test_a_negative_character_sum_is_not_a_dimension():
    from symequiv.verify.burnside import integer_dim
    assert integer_dim(Fraction(12), 6) == 2
    with pytest.raises(RepresentationError, match="negative"):
        integer_dim(-6, 6)


def test_a_quarter_turn_on_part_of_the_space_is_not_minus_identity():
    # a rotation of the first two of four coordinates: -I is not in the group (the other two
    # coordinates are fixed), so Scalar -> V has the two fixed directions
    from symequiv.solve.parity import minus_identity_in
    A = [[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    G = se.MatrixGroup(lie_algebra=[A])
    assert minus_identity_in(G) is None
    B = se.equivariant_basis(se.Scalar, se.V(G), cache=False)
    assert B.dim == 2 and B.verify().ok
