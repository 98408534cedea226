"""The rational irreducibles of cyclic groups in closed form (companion matrices of Φ_d)
agree with the pieces of the regular representation's decomposition, label by label, and
with the counts of elementary number theory (one per divisor, dimension φ(d))."""

import time

import pytest
from sympy import divisors, totient

import symequiv as se
from symequiv.reps.cyclic import cyclic_generator, cyclic_irreps
from symequiv.reps.explicit import Regular
from symequiv.schur.finite import is_homomorphism

# Z(12) given by the shift's cube and fourth power (neither generates), Z(2) x Z(3) on 2 + 3 points
TWO_GENERATORS = [
    se.PermutationGroup([[(i + 3) % 12 for i in range(12)], [(i + 4) % 12 for i in range(12)]]),
    se.PermutationGroup([[1, 0, 2, 3, 4], [0, 1, 3, 4, 2]]),
]


def _old_road(G):
    """The decomposition of the regular representation, which irreps_of used before."""
    D = se.decompose(Regular(G))
    return list(zip(D.irreps, D.end_dims))


@pytest.mark.parametrize("G", [se.Z(n) for n in (2, 3, 4, 6, 8, 9, 12, 15)] + TWO_GENERATORS,
                         ids=repr)
def test_cyclic_irreps_match_the_regular_decomposition(G):
    L = se.irreps_of(G)
    n = G.order()
    assert [r.dim for r in L] == sorted(int(totient(d)) for d in divisors(n))
    assert all(r.end_dim == r.dim and r.multiplicity == 1 for r in L)
    assert all(is_homomorphism(G, r.rep.generator_images[0]) for r in L)
    old = _old_road(G)
    assert len(old) == len(L)
    for r in L:
        # each closed-form irreducible is isomorphic to exactly one decomposition piece
        iso = [se.equivariant_basis(r.rep, R).dim for R, _ in old]
        assert sorted(iso) == [0] * (len(old) - 1) + [r.end_dim], r.label
    assert se.rep(repr(L[-1].rep)) == L[-1].rep


def test_cyclic_generator_finds_an_element_of_full_order_and_the_exponents():
    G = TWO_GENERATORS[0]
    c, ks = cyclic_generator(G)
    import numpy as np
    for g, k in zip(G.perms, ks):
        p = np.arange(12)
        for _ in range(k):
            p = c[p]
        assert list(p) == list(g)
    q, order = c.copy(), 1                 # c itself has order 12 (not 3, 4 or 6)
    while list(q) != list(range(12)):
        q, order = c[q], order + 1
    assert order == 12


@pytest.mark.parametrize("G", [se.S(3), se.D(4), se.A(4),
                               se.PermutationGroup([[1, 0, 2, 3], [0, 1, 3, 2]])], ids=repr)
def test_non_cyclic_groups_keep_the_decomposition(G):
    assert cyclic_generator(G) is None and cyclic_irreps(G) is None


def test_large_cyclic_group_in_milliseconds():
    t = time.perf_counter()
    L = se.irreps_of(se.Z(3000))
    elapsed = time.perf_counter() - t
    assert len(L) == len(divisors(3000)) == 32
    assert sum(r.dim for r in L) == 3000
    assert elapsed < 20                  # decomposing the 3000-dim regular rep took minutes
    top = L[-1].rep.generator_images[0][0]
    assert top.shape == (800, 800) and len(top.to_dok()) < 2 * 800
