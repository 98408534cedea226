"""Closed-form diagram bases against published sequences and against the elimination road."""

from math import comb

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import symequiv as se
from symequiv import linalg
from symequiv.solve import diagrams
from symequiv.solve.nullspace import solve_nullspace


def stirling2(m, t):
    table = [[1]]
    for i in range(1, m + 1):
        row = [0] * (i + 1)
        for j in range(1, i + 1):
            row[j] = j * (table[i - 1][j] if j < i else 0) + table[i - 1][j - 1]
        table.append(row)
    return table[m][t] if t <= m else 0


def dim(a, b):
    return se.equivariant_basis(a, b).dim


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("k, l", [(0, 2), (1, 1), (2, 1), (2, 2), (3, 1), (3, 2)])
def test_symmetric_group_bell_stirling(n, k, l):
    V = se.V(se.S(n))
    B = se.equivariant_basis(V ** k, V ** l)
    assert B.dim == sum(stirling2(k + l, t) for t in range(min(n, k + l) + 1))
    assert B.method in ("partitions", "orbits") or "partitions" in B.method


def test_small_n_examples_from_the_issue():
    V = se.V(se.S(3))
    assert dim(V ** 2, V ** 2) == 14                 # 15 partition diagrams, rank 14
    W = se.V(se.O(3))
    assert diagrams.spanning_set_size([1] * 4 + [-1] * 4, "O", None, 3) == 105
    assert dim(W ** 4, W ** 4) == 91                 # 105 Brauer diagrams, rank 91


def test_so3_riordan():
    V = se.V(se.SO(3))
    assert [dim(se.Scalar, V ** m) for m in range(2, 9)] == [1, 1, 3, 6, 15, 36, 91]


def test_o3_even_powers():
    V = se.V(se.O(3))
    assert [dim(se.Scalar, V ** m) for m in (2, 4, 6, 8)] == [1, 3, 15, 91]
    assert dim(se.Scalar, V ** 3) == 0                # the Levi-Civita symbol is not O(3)-invariant


def test_so2_central_binomial():
    V = se.V(se.SO(2))
    assert [dim(se.Scalar, V ** m) for m in range(1, 9)] == \
        [0 if m % 2 else comb(m, m // 2) for m in range(1, 9)]


def test_gl2_catalan():
    V = se.V(se.GL(2))
    assert [dim(V ** k, V ** k) for k in range(1, 6)] == [1, 2, 5, 14, 42]
    assert dim(V ** 2, V) == 0


def test_lorentz_equals_compact_forms():
    for lor, comp in ((se.O13(), se.O(4)), (se.SO13(), se.SO(4))):
        A, C = se.V(lor), se.V(comp)
        for p, q in ((1, 1), (2, 1), (2, 2), (3, 1), (1, 3), (4, 0)):
            assert dim(A ** p, A ** q) == dim(C ** p, C ** q), (lor, p, q)


def test_dispatch_uses_closed_forms_and_certificates_complete():
    V = se.V(se.SO(3))
    assert se.equivariant_basis(V ** 3, V ** 3).method == "diagrams"      # cheapest here (roads.py)
    B = se.equivariant_basis(V ** 4, V ** 4)
    assert B.method in ("diagrams", "schur")                              # the cost model's pick
    c = B.verify()
    assert c.complete and c.independent_dim == 91 and "Weyl" in c.independent_method
    c = se.equivariant_basis(se.V(se.O(5)) ** 2, se.V(se.O(5)) ** 2).verify()
    assert c.complete and "Weyl" in c.independent_method and "O(5)" in c.independent_method
    from symequiv.verify import other_road_dim          # the cross road still re-counts diagrams
    assert other_road_dim(se.V(se.O(5)) ** 2, se.V(se.O(5)) ** 2) == (3, "block counts by exact elimination")
    B = se.equivariant_basis(2 * V, 30 * se.Scalar + 10 * V + 3 * V ** 2 + V ** 3)
    assert B.method == "blocks[diagrams x4]" and B.verify().complete
    B = se.equivariant_basis(se.V(se.S(7)) ** 2, se.V(se.S(7)) ** 2)
    assert B.method == "partitions" and B.verify().complete


GROUPS = [se.O(2), se.SO(2), se.O(3), se.SO(3), se.SO(4), se.O13(), se.SO13(), se.Sp(1), se.Sp(2),
          se.GL(2), se.GL(3), se.SL(2), se.SL(3)]


@given(st.sampled_from(GROUPS), st.lists(st.sampled_from([1, -1]), max_size=3),
       st.lists(st.sampled_from([1, -1]), max_size=3))
def test_diagram_road_equals_elimination_road(G, sig_in, sig_out):
    V = se.V(G)

    def build(sig):
        r = se.Scalar
        for s in sig:
            r = r * (V if s > 0 else V.T)
        return r
    a, b = build(sig_in), build(sig_out)
    if a.size * b.size > 5000:
        return
    if not sig_in and not sig_out:            # Scalar -> Scalar: no group, nothing to build
        assert diagrams.applies(a, b) is None and dim(a, b) == 1
        return
    assert diagrams.applies(a, b) == "brauer"
    assert diagrams.diagram_basis(a, b) == solve_nullspace(a, b)


def test_partition_colors_match_orbits():
    from symequiv.solve.orbits import orbit_colors
    for n, m in ((3, 4), (2, 5), (4, 3), (1, 3), (6, 2)):
        G = se.S(n)
        r = se.V(G) ** m
        gens = range(len(G.discrete_generators))
        ref, _ = orbit_colors([r.perm_gen(k) for k in gens], [np.zeros(1, dtype=np.int64) for _ in gens], r.size, 1)
        assert np.array_equal(diagrams.partition_colors(n, m), ref)


def permute_axes(t, perm, order):
    for a in range(order):
        t = t.index_select(t.dim() - order + a, perm)
    return t


@pytest.mark.parametrize("n, k, l", [(5, 2, 2), (3, 2, 2), (4, 1, 2), (4, 2, 1), (2, 3, 1), (4, 3, 3), (5, 2, 0)])
def test_partition_layer_spans_the_exact_hom(n, k, l):
    layer = se.nn.PartitionLinear(n, k, l, 2, 3).double()
    assert layer.num_diagrams == dim(se.V(se.S(n)) ** k, se.V(se.S(n)) ** l)
    eye = torch.eye(n ** k, dtype=torch.float64).reshape((n ** k, 1) + (n,) * k)
    mats = torch.stack([layer._contract(eye, p).reshape(n ** k, n ** l) for p in layer._plans])
    assert int(torch.linalg.matrix_rank(mats.reshape(len(mats), -1))) == layer.num_diagrams
    x = torch.randn((4, 2) + (n,) * k, dtype=torch.float64)
    perm = torch.randperm(n)
    with torch.no_grad():
        err = (layer(permute_axes(x, perm, k)) - permute_axes(layer(x), perm, l)).abs().max()
    assert float(err) < 1e-12


def test_partition_layer_n200_forward_backward():
    layer = se.nn.PartitionLinear(200, 2, 2, 2, 2)
    x = torch.randn(2, 2, 200, 200, requires_grad=True)
    y = layer(x)
    assert y.shape == (2, 2, 200, 200)
    y.square().mean().backward()
    assert x.grad is not None and layer.weight.grad.shape == (2, 2, 15)


def apply_tensor(t, R, order):
    for a in range(order):
        ax = t.dim() - order + a
        t = torch.movedim(torch.tensordot(t, R, dims=([ax], [1])), -1, ax)
    return t


@pytest.mark.parametrize("g, k, l", [("O(3)", 2, 2), ("SO(3)", 2, 1), ("SO(3)", 3, 3), ("O(5)", 3, 3),
                                     ("SO(2)", 2, 2), ("Sp(2)", 2, 2), ("O13()", 2, 2), ("SO13()", 3, 1),
                                     ("GL(3)", 3, 3), ("SL(3)", 3, 0), ("O(3)", 4, 4)])
def test_diagram_layer_matches_exact_dim_and_is_equivariant(g, k, l):
    from symequiv.testing import float_rho
    G = se.group(g)
    V = se.V(G)
    layer = se.nn.DiagramLinear(G, k, l, 2, 3).double()
    assert layer.num_diagrams == dim(V ** k, V ** l)        # dependent diagrams dropped exactly
    R = torch.as_tensor(float_rho([V], 3, scale=0.5)[0])
    x = torch.randn((4, 2) + (G.d,) * k, dtype=torch.float64)
    with torch.no_grad():
        err = (layer(apply_tensor(x, R, k)) - apply_tensor(layer(x), R, l)).abs().max()
    assert float(err) < 1e-10


@pytest.mark.parametrize("g, k, l", [("SO(2)", 2, 0), ("SO(2)", 4, 0), ("SO(2)", 3, 1), ("SO(2)", 2, 2),
                                     ("SO(2)", 0, 2), ("O(2)", 2, 2), ("SL(2)", 2, 0), ("Sp(1)", 2, 0),
                                     ("SO(3)", 3, 0), ("SO(3)", 2, 1), ("GL(2)", 2, 2)])
def test_diagram_layer_forward_spans_the_exact_hom(g, k, l):
    # the rank of the maps the forward realises, one diagram weight at a time, is the exact
    # dimension: a forward that computed two diagrams with one reduction (SO(2): the trace
    # and the ε contraction share an equation string at n = 2) spans less
    G = se.group(g)
    V = se.V(G)
    layer = se.nn.DiagramLinear(G, k, l).double()
    n = G.d
    X = torch.eye(n ** k, dtype=torch.float64).reshape((n ** k, 1) + (n,) * k) if k else \
        torch.ones(1, 1, dtype=torch.float64)
    maps = []
    for d in range(layer.num_diagrams):
        with torch.no_grad():
            layer.weight.zero_()
            layer.weight[0, 0, d] = 1
            maps.append(layer(X).reshape(-1))
    want = dim(V ** k if k else se.Scalar, V ** l if l else se.Scalar)
    assert int(torch.linalg.matrix_rank(torch.stack(maps))) == want


def test_diagram_layer_large_n_never_builds_the_weight():
    layer = se.nn.DiagramLinear(se.O(100), 2, 2, 2, 2)      # dense weight: 10^8 entries per channel pair
    assert layer.num_diagrams == 3
    x = torch.randn(2, 2, 100, 100, requires_grad=True)
    layer(x).square().mean().backward()
    assert x.grad.shape == x.shape


def test_weyl_integration_independent_dimensions():
    from symequiv.verify import weyl_dim
    V = se.V(se.SO(3))
    # published values far beyond the elimination cross-check: SO(3) End(V^5) = 603, End(V^6) = 4213
    assert weyl_dim(V ** 5, V ** 5)[0] == 603
    assert weyl_dim(V ** 6, V ** 6)[0] == 4213
    assert [weyl_dim(se.Scalar, V ** m)[0] for m in range(2, 9)] == [1, 1, 3, 6, 15, 36, 91]
    W = se.V(se.O(3))
    assert [weyl_dim(se.Scalar, W ** m)[0] for m in range(1, 9)] == [0, 1, 0, 3, 0, 15, 0, 91]
    U = se.V(se.SO(2))
    assert [weyl_dim(se.Scalar, U ** m)[0] for m in (2, 4, 6)] == [2, 6, 20]
    # a user-defined Lie algebra the library cannot identify: no torus, no claim
    H = se.MatrixGroup(lie_algebra=[[[0, 2, 0], [-2, 0, 0], [0, 0, 0]]])
    assert weyl_dim(se.V(H), se.V(H)) is None
