"""The cost model's new roads against the elimination road's canonical basis (exact equality),
the modular nullspace against sparse elimination, parity zeros, plans and determinism."""

import itertools
import os
import subprocess
import sys

import pytest

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis
from symequiv.linalg.modular import nullspace_modular
from symequiv.solve.diagrams import tensor_signature
from symequiv.solve.nullspace import solve_nullspace
from symequiv.solve.parity import minus_identity_in, parity_zero
from symequiv.solve.plan import plan_block
from symequiv.solve.torus import torus_form


def _canonical(B):
    return linalg.rref_rows(B.rows().to_sparse()) if B.dim else B.rows()


def _same(R, R2):
    return R.shape == R2.shape and (R.shape[0] == 0 or R.to_sparse() == R2.to_sparse().convert_to(R.domain))


@pytest.mark.parametrize("gname", ["SO(2)", "O(2)", "C(1)", "C(2)", "C(3)", "C(5)", "C(6)", "D(1)", "D(4)", "D(5)"])
def test_torus_equals_elimination(gname):
    G = se.group(gname)
    V = se.V(G)
    reps = [V, V.T, V * V, V * se.Scalar * V.T, V ** 3]
    for A, B in itertools.product(reps, reps):
        F = torus_form(A, B)
        assert F is not None
        b = Basis(A, B, "torus", schur=F)
        assert _same(_canonical(b), solve_nullspace(A, B)), (gname, A, B)
        assert b.verify().ok


def test_torus_refuses_other_groups():
    assert torus_form(se.V(se.SO(3)), se.V(se.SO(3))) is None
    G = se.MatrixGroup(discrete=[[[1, 1], [0, 1]]])                 # a shear is no rotation
    assert torus_form(se.V(G), se.V(G)) is None


@pytest.mark.parametrize("gname,k", [("C(5)", 2), ("D(5)", 2), ("Icosahedral()", 2), ("C(8)", 2), ("SO(3)", 2),
                                     ("MatrixGroup(discrete=[[[3/5,-4/5],[4/5,3/5]]])", 3)])
def test_modular_equals_sparse(gname, k):
    G = se.group(gname)
    W = se.V(G) ** k
    blocks = [linalg.constraint_matrix(W.rho_gen(i), W.rho_gen(i)) for i in range(len(G.discrete_generators))]
    blocks += [linalg.constraint_matrix(W.drho_gen(i), W.drho_gen(i)) for i in range(len(G.lie_generators))]
    R = nullspace_modular(blocks, W.size ** 2, G.domain)
    R2 = linalg.nullspace_stepwise(blocks, W.size ** 2, G.domain)
    assert _same(R, R2)


def test_modular_zero_and_full_nullspaces():
    A = linalg.matrix([[1, 2], [3, 4]])
    assert nullspace_modular([A], 2).shape == (0, 2)
    assert linalg.to_lists(nullspace_modular([], 2)) == [[1, 0], [0, 1]]
    # entries far from small: reconstruction needs several primes
    big = linalg.matrix([[10 ** 40 + 7, 3 * 10 ** 39 + 1, 1]])
    assert _same(nullspace_modular([big], 3), linalg.nullspace(big))


def test_minus_identity_claims_checked_by_enumeration():
    for k in range(1, 9):
        G = se.C(k)
        R = G.discrete_generators[0].to_dense() if G.discrete_generators else None
        has = R is not None and any(
            R ** j == (-linalg.identity(2, G.domain)).to_dense() for j in range(1, k + 1))
        assert bool(minus_identity_in(G)) == has, k
    assert minus_identity_in(se.SO(3)) is None and minus_identity_in(se.SL(3)) is None
    assert minus_identity_in(se.S(4)) is None


def test_parity_zero_matches_elimination():
    V = se.V(se.O(3))
    assert parity_zero(V ** 2, V)
    assert solve_nullspace(V ** 2, V).shape[0] == 0
    assert not parity_zero(se.V(se.SO(3)) ** 2, se.V(se.SO(3)))       # the cross product
    assert solve_nullspace(se.V(se.SO(3)) ** 2, se.V(se.SO(3))).shape[0] == 1


def test_emlp_sp3_rep_is_zero_at_once():
    G = se.Sp(3)
    V = se.V(G)
    A = V.T * se.Scalar * V ** 2 * V * se.Scalar ** 3 * V.T
    B = se.equivariant_basis(A, se.Scalar, cache=False)
    assert B.dim == 0 and B.method == "zero (parity)"
    assert B.plan.road == "zero"


def test_scalar_factors_keep_the_tensor_form():
    V = se.V(se.SL(3))                                 # V* is not V here
    assert tensor_signature(V * se.Scalar * V.T) == [1, -1]
    assert tensor_signature(V * se.Scalar ** 2 * V * V.T) == [1, 1, -1]


def test_plan_recorded_and_cheapest():
    V = se.V(se.C(5))
    B = se.equivariant_basis(V ** 3, V ** 3, cache=False)
    assert B.method == "torus" and B.plan.road == "torus"
    assert B.plan.road == min(B.plan.estimates, key=lambda x: x[1])[0]
    P = plan_block(se.V(se.S(4)) ** 2, se.V(se.S(4)))
    assert P.road == "partitions"


def test_plan_prices_asymmetric_tensor_powers_by_their_structure():
    """Measured here (2 cores, caches off): SO(3) V³ → V⁷ took 14 s by Schur and 38.5 s by
    elimination, V³ → V⁸ 104 s and 273 s; the old estimates (Schur ~ b³, elimination linear
    in N) chose elimination for both.  Schur is now priced by its Clebsch-Gordan assembly
    (~ b²) and elimination by N times the answer's dimension (by the Weyl integral)."""
    V = se.V(se.SO(3))
    for b, measured_schur, measured_null in ((7, 14.0, 38.5), (8, 104.0, 273.0)):
        P = plan_block(V ** 3, V ** b)
        est = dict(P.estimates)
        assert P.road == "schur", P.text()
        for road, measured in (("schur", measured_schur), ("nullspace", measured_null)):
            assert measured / 2 < est[road] < measured * 2, (b, road, est[road])
    # the dimension used is the number of SO(3) invariants of V^⊗10 (a Riordan number)
    assert dict(plan_block(V ** 3, V ** 7).estimates)["nullspace"] >= 1e-6 * 3 ** 10 * 603


def test_new_roads_deterministic_across_hash_seeds():
    code = ("import symequiv as se; V = se.V(se.C(5)); W = se.V(se.D(3)); "
            "print(se.equivariant_basis(V ** 3, V ** 2, cache=False).content_hash(), "
            "se.equivariant_basis(W * W, W, cache=False).content_hash())")
    outs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SYMEQUIV_NO_CACHE="1")
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1


def test_certificate_catches_blocks_pointing_at_the_wrong_copies():
    import dataclasses
    V = se.V(se.SO(2))
    F = torus_form(V ** 3, V ** 3)
    good = Basis(V ** 3, V ** 3, "torus", schur=F)
    assert good.verify().ok
    b0 = F.blocks[0]
    other = [o for o in range(8) if o not in b0.in_offsets and all(o not in b.in_offsets or b.dim != b0.dim
                                                                   for b in F.blocks[:1])]
    bad_offsets = tuple(b0.in_offsets[:-1]) + (other[-1],)
    bad = dataclasses.replace(F, blocks=(dataclasses.replace(b0, in_offsets=bad_offsets),) + F.blocks[1:])
    assert not Basis(V ** 3, V ** 3, "torus", schur=bad).verify().ok
    # pieces that overlap or leave a gap are refused too
    gens, offs = F.out_pieces[0]
    gap = dataclasses.replace(F, out_pieces=((gens, offs[:-1]),) + F.out_pieces[1:])
    assert not Basis(V ** 3, V ** 3, "torus", schur=gap).verify().ok


def test_torus_with_an_identity_generator_and_a_reflection():
    G = se.MatrixGroup(discrete=[[[1, 0], [0, 1]], [[1, 0], [0, -1]]])
    V = se.V(G)
    for A, B in ((V, V), (V * V, V * V), (V, V * V)):
        F = torus_form(A, B)
        b = Basis(A, B, "torus", schur=F)
        assert b.verify().ok
        assert _same(_canonical(b), solve_nullspace(A, B))


def test_assembled_orbit_basis_is_the_reduced_echelon_basis():
    # a sum of permutation blocks assembled as one orbit basis numbers its colours by first
    # occurrence, so its rows are the canonical (reduced echelon) basis any road would give
    V = se.V(se.S(3))
    for a, b in ((V + V ** 2, V ** 2 + V), (V ** 2 + V + se.Scalar, V + V ** 2)):
        B = se.equivariant_basis(a, b, cache=False)
        assert B.is_orbit_basis
        R = B.rows()
        assert R == linalg.rref_rows(R)


def test_a_sum_is_solved_whole_only_when_ten_times_cheaper():
    # the hexagonal lattice group on V³ + V²: one Schur form of the whole sum is estimated a few
    # times cheaper than its distinct blocks, not the documented WHOLE_SCHUR_FACTOR = 10, so the
    # blocks are solved one by one (canonical rows)
    from symequiv.solve.dispatch import WHOLE_SCHUR_FACTOR
    from symequiv.solve.plan import estimates, schur_estimate, _degree
    G = se.MatrixGroup(discrete=[[[1, -1, 0], [1, 0, 0], [0, 0, 1]], [[0, 1, 0], [1, 0, 0], [0, 0, -1]]])
    V = se.V(G)
    R = V ** 3 + V ** 2
    whole = schur_estimate(R.size, R.size, _degree(G), G.num_generators, R, R)
    parts = [V ** 3, V ** 2]
    blocks = sum(min(x for _, x in estimates(a, c)) for a in parts for c in parts)
    assert whole < blocks < WHOLE_SCHUR_FACTOR * whole
    B = se.equivariant_basis(R, R, cache=False)
    assert B.method.startswith("blocks[") and not B.is_schur_form


def test_every_road_over_the_memory_limit_refuses(monkeypatch):
    # roads estimated over symequiv.limits.MAX_MEMORY_ESTIMATE are skipped; with every one over
    # it the block is refused before any work
    monkeypatch.setattr(se.limits, "MAX_MEMORY_ESTIMATE", 1000)
    V = se.V(se.SO(3))
    with pytest.raises(se.ProblemTooLargeError):
        se.equivariant_basis(V ** 3, V ** 3, cache=False)
