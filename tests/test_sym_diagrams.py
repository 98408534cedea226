"""The symmetrised diagram road (Sym^k / Λ^k of V and V* for the classical groups) against the
elimination road's canonical basis, exact equality, on every group it covers; the plan takes it;
and it is deterministic across hash seeds."""

import os
import subprocess
import sys

import pytest

import symequiv as se
from symequiv.solve.nullspace import solve_nullspace
from symequiv.solve.plan import plan_block
from symequiv.solve.sym_diagrams import sym_applies, sym_diagram_basis


def _cases(V):
    return [(se.Sym(V, 2), se.Sym(V, 2)), (se.Wedge(V, 2), V), (se.Sym(V, 2), V * V),
            (se.Sym(V, 3), V), (se.Wedge(V, 2) * V, se.Scalar), (se.Sym(V.T, 2), se.Sym(V, 2)),
            (se.Wedge(V, 2), se.Wedge(V, 2)), (se.Sym(V, 2) * V, se.Sym(V, 3)),
            (V * se.Sym(V, 2), V.T * se.Wedge(V, 2))]


@pytest.mark.parametrize("g", ["SO(3)", "O(3)", "O(4)", "SO(4)", "Sp(2)", "SL(3)", "O13()", "GL(2)"])
def test_symmetrised_diagrams_equal_elimination(g):
    G = se.group(g)
    covered = 0
    for A, B in _cases(se.V(G)):
        if min(A.size, B.size) == 0 or sym_applies(A, B) is None:
            continue
        covered += 1
        R, R2 = sym_diagram_basis(A, B), solve_nullspace(A, B)
        assert R.shape == R2.shape, (g, A, B)
        assert R.shape[0] == 0 or R.to_sparse() == R2.to_sparse().convert_to(R.domain), (g, A, B)
    assert covered >= 6


def test_the_plan_takes_it_and_the_certificate_is_complete():
    V = se.V(se.O(5))
    A, B = se.Sym(V, 2) * V, se.Sym(V, 3)
    assert plan_block(A, B).road == "diagrams"
    X = se.equivariant_basis(A, B, cache=False)
    assert X.method == "diagrams" and X.dim == 3 and X.verify().complete


def test_not_claimed_outside_its_reach():
    V = se.V(se.SO(3))
    assert sym_applies(V, V) is None                          # no Sym / Λ atom: the plain road
    assert sym_applies(se.Sym(V + V, 2), V) is None           # Sym of a sum
    assert sym_applies(se.Sym(se.V(se.S(3)), 2), se.V(se.S(3))) is None   # not a classical group


def test_deterministic_across_hash_seeds():
    code = ("import symequiv as se; V = se.V(se.Sp(2)); "
            "B = se.equivariant_basis(se.Wedge(V, 2) * V, se.Sym(V, 3), cache=False); "
            "print(B.method, B.content_hash())")
    outs = set()
    for seed in ("0", "7", "99"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SYMEQUIV_NO_CACHE="1")
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1
