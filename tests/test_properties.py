"""The project's property suite: algebraic laws, each over 200 hypothesis examples."""

import json
import os
import subprocess
import sys
from fractions import Fraction

import numpy as np
from hypothesis import given, settings, strategies as st, HealthCheck

import symequiv as se
from symequiv import linalg
from symequiv.testing import perm_groups, reps, group_elements, float_group_elements, groups

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
P200 = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
SMALL_CONTINUOUS = [se.SO(2), se.SO(3), se.O(3), se.SO13(), se.Sp(1), se.SL(2), se.GL(2)]


def dim(a, b):
    return se.equivariant_basis(a, b).dim


@P200
@given(st.data())
def test_dim_additive_over_sums(data):
    G = data.draw(groups())
    a, b, c = (data.draw(reps(G, max_size=8)) for _ in range(3))
    assert dim(a + b, c) == dim(a, c) + dim(b, c)
    assert dim(c, a + b) == dim(c, a) + dim(c, b)


@P200
@given(st.data())
def test_tensor_hom_adjunction(data):
    G = data.draw(groups())
    a, b, c = (data.draw(reps(G, max_size=6)) for _ in range(3))
    assert dim(a * b, c) == dim(a, c * b.T)


@P200
@given(st.data())
def test_dual_of_dual(data):
    G = data.draw(groups())
    r = data.draw(reps(G, max_size=20))
    assert r.T.T == r
    Gr = r.group
    if Gr is not None:
        for k in range(len(Gr.discrete_generators)):
            assert r.T.T.rho_gen(k) == r.rho_gen(k)
        for k in range(len(Gr.lie_generators)):
            assert r.T.T.drho_gen(k) == r.drho_gen(k)


@P200
@given(st.data())
def test_burnside_equality_random_perm_groups(data):
    G = data.draw(perm_groups(5))
    a, b = data.draw(reps(G, max_size=12)), data.draw(reps(G, max_size=12))
    B = se.equivariant_basis(a, b)
    cert = B.verify()
    assert cert.complete and cert.independent_dim == B.dim


@P200
@given(st.data())
def test_every_column_an_exact_intertwiner(data):
    G = data.draw(st.one_of(perm_groups(4), st.sampled_from(SMALL_CONTINUOUS + [se.Octahedral()])))
    a, b = data.draw(reps(G, max_size=9)), data.draw(reps(G, max_size=9))
    B = se.equivariant_basis(a, b)
    for k in range(B.dim):
        se.testing.assert_intertwiner(linalg.to_lists(B.map(k)), a, b)


@P200
@given(st.data())
def test_save_load_roundtrip(data):
    import tempfile
    G = data.draw(groups())
    a, b = data.draw(reps(G, max_size=9)), data.draw(reps(G, max_size=9))
    B = se.equivariant_basis(a, b)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "b.json")
        B.save(path)
        C = se.Basis.load(path)
    assert C == B and C.content_hash() == B.content_hash()


@P200
@given(st.data())
def test_parse_repr_roundtrip(data):
    G = data.draw(groups())
    r = data.draw(reps(G, max_size=40))
    assert se.group(repr(G)) == G
    assert se.rep(repr(r)) == r


@P200
@given(st.data())
def test_rho_homomorphism(data):
    G = data.draw(groups(finite_only=True))
    r = data.draw(reps(G, max_size=16))
    g, h = data.draw(group_elements(G)), data.draw(group_elements(G))
    assert r.rho(G.multiply(g, h)) == r.rho(g).matmul(r.rho(h))


@P200
@given(st.data())
def test_blocks_and_single_elimination_agree(data):
    from symequiv.solve.nullspace import solve_nullspace
    G = data.draw(st.sampled_from(SMALL_CONTINUOUS))
    a, b = data.draw(reps(G, max_size=7)), data.draw(reps(G, max_size=7))
    B, R = se.equivariant_basis(a, b), solve_nullspace(a, b)
    # the same space: equal canonical forms; canonical roads give the canonical basis itself
    assert (linalg.rref_rows(B.rows()) if B.dim else B.rows()) == R
    if "schur" not in B.method and "torus" not in B.method:
        assert B.rows() == R


@P200
@given(st.data())
def test_float_elements_preserve_forms(data):
    G = data.draw(st.sampled_from([se.SO(3), se.O(3), se.SO13(), se.O13(), se.Sp(2)]))
    R = data.draw(float_group_elements(G, scale=0.5))
    F = {4: np.diag([1.0, -1, -1, -1])}.get(G.d, np.eye(G.d)) if G.d != 4 or repr(G) in ("SO13()", "O13()") \
        else np.block([[np.zeros((2, 2)), np.eye(2)], [-np.eye(2), np.zeros((2, 2))]])
    assert np.allclose(R.T @ F @ R, F, atol=1e-9)


# Determinism across PYTHONHASHSEED: the same 200 seeded random problems, solved in fresh
# processes with different hash seeds, give byte-identical bases.
DETERMINISM = r"""
import numpy as np, symequiv as se
rng = np.random.default_rng(1234)
fixed = [se.SO(3), se.O(2), se.SL(2), se.Octahedral()]
out = []
for i in range(200):
    if i % 2:
        n = int(rng.integers(2, 5))
        G = se.PermutationGroup([list(map(int, rng.permutation(n))) for _ in range(int(rng.integers(1, 3)))])
    else:
        G = fixed[(i // 2) % 4]
    V = se.V(G)
    terms = [se.Scalar, V, V.T, V * V.T]
    pick = lambda: [t for t in terms if rng.integers(0, 2)] or [V]
    a, b = sum(pick()), sum(pick())
    out.append(se.equivariant_basis(a, b).content_hash())
print("\n".join(out))
"""


def test_determinism_across_hash_seeds():
    results = set()
    for seed in ("0", "7", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SYMEQUIV_NO_CACHE="1", PYTHONPATH=ROOT)
        r = subprocess.run([sys.executable, "-c", DETERMINISM], env=env, capture_output=True, text=True,
                           check=True)
        results.add(r.stdout)
    assert len(results) == 1 and len(results.pop().split()) == 200
