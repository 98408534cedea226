"""LinearEquiv (AutoEquiv parity), pictures, and the examples."""

import importlib.util
import os
import sys
import warnings

import numpy as np
import pytest
import torch

import symequiv as se
from symequiv.nn import LinearEquiv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_example(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "examples", f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


AE = load_example("autoequiv_readme")


def permute(x, p):
    out = torch.empty_like(x)
    out[..., p] = x
    return out


def second_order_gens(n):
    a = np.arange(n * n).reshape(n, n)
    c, s = list(range(1, n)) + [0], [1, 0] + list(range(2, n))
    return [a[c][:, c].flatten().tolist(), a[s][:, s].flatten().tolist()]


@pytest.mark.parametrize("name, gens, expected", AE.examples())
def test_autoequiv_readme_counts_and_equivariance(name, gens, expected):
    layer = LinearEquiv(gens, gens, in_channels=3, out_channels=2).double()
    assert (layer.num_weights_W, layer.num_weights_b) == (expected[0] * 6, expected[1] * 2)
    layer1 = LinearEquiv(gens, gens)
    assert (layer1.num_weights_W, layer1.num_weights_b) == expected
    x = torch.randn(7, 3, layer.n_in, dtype=torch.float64)
    with torch.no_grad():
        y = layer(x)
        for g in gens:
            assert float((layer(permute(x, g)) - permute(y, g)).abs().max()) < 1e-12
    assert layer.basis.verify().complete and layer.bias_basis.verify().complete


def test_second_order_n40_builds_without_recursion():
    gens = second_order_gens(40)
    layer = LinearEquiv(gens, gens)      # AutoEquiv's recursive DFS fails at n = 8
    assert (layer.num_weights_W, layer.num_weights_b) == (15, 2)
    assert layer.colors_W.shape == (1600, 1600)


def test_bias_false_works():
    layer = LinearEquiv([[1, 2, 0]], [[1, 2, 0]], 2, 3, bias=False)
    assert layer.bias is None and layer.num_weights_b == 0 and layer.colors_b is None
    assert layer(torch.randn(4, 2, 3)).shape == (4, 3, 3)
    assert sorted(layer.state_dict()) == ["parametrisation", "weight"]


def test_state_dict_keys_and_colors_dict():
    layer = LinearEquiv([[1, 2, 0]], [[1, 2, 0]])
    assert sorted(layer.state_dict()) == ["bias", "parametrisation", "weight"]
    d = layer.colors_W_dict
    c = layer.colors_W
    assert all(d[(i, j)] == c[j, i] for i in range(3) for j in range(3))
    assert layer.colors_b_dict == {0: 0, 1: 0, 2: 0}


def test_paired_different_sets_and_warning():
    # a 4-cycle on the inputs paired with a swap on the outputs: a homomorphism Z4 -> Z2, fine
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layer = LinearEquiv([[1, 2, 3, 0]], [[1, 0, 2]])
    assert layer.num_weights_W == 3      # Burnside: (1/4)(4*3 + 0*1 + 0*3 + 0*1) = 3
    assert layer.basis.verify().complete and layer.consistency_checked
    # a swap on the inputs paired with a 4-cycle on the outputs: not an action of the input group
    with pytest.warns(UserWarning, match=r"order 2.*order 4.*order 4"):
        LinearEquiv([[1, 0, 2]], [[1, 2, 3, 0]])


@pytest.mark.parametrize("ins, outs, fragment", [
    ([[1, 0]], [[1, 0], [0, 1]], "same number"),
    ([[0, 0]], [[1, 0]], "not a permutation"),
    ([[1, 2]], [[1, 0]], "out of range"),
    ([], [], "empty"),
    ([[1, 0], [0, 1, 2]], [[1, 0], [1, 0]], "length"),
])
def test_bad_generators(ins, outs, fragment):
    with pytest.raises(se.InvalidGeneratorError, match=fragment):
        LinearEquiv(ins, outs)


def test_from_reps_requires_permutation_reps():
    with pytest.raises(se.RepresentationError, match="not a permutation"):
        LinearEquiv.from_reps(se.V(se.SO(3)), se.V(se.SO(3)))


def test_nodes_to_edges_network_is_equivariant():
    G = se.S(5)
    V = se.V(G)
    LE = LinearEquiv.from_reps
    net = torch.nn.Sequential(LE(V, V ** 2, 2, 8), torch.nn.ReLU(), LE(V ** 2, V ** 2, 8, 8),
                              torch.nn.ReLU(), LE(V ** 2, V, 8, 1)).double()
    assert net[0].num_weights_W == 5 * 2 * 8      # Hom_S5(V, V⊗V): Bell number B(3) = 5
    assert net[2].num_weights_W == 15 * 8 * 8     # B(4) = 15
    x = torch.randn(3, 2, 5, dtype=torch.float64)
    with torch.no_grad():
        y = net(x)
        for g in G.discrete_generators:
            assert float((net(permute(x, list(g))) - permute(y, list(g))).abs().max()) < 1e-12


def test_pictures_count_colours():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    gens = second_order_gens(4)
    layer = LinearEquiv(gens, gens)
    for colors in (layer.colors_W, layer.colors_W_dict):
        fig, ax = se.viz.draw_colored_matrix(colors)
        assert len(se.viz.distinct_colors(ax)) == 15
        plt.close(fig)
    fig, ax = se.viz.draw_colored_matrix(layer.colors_b_dict)
    assert len(se.viz.distinct_colors(ax)) == 2
    plt.close(fig)
    small = LinearEquiv([[1, 2, 3, 0]], [[1, 2, 3, 0]])
    fig, ax = se.viz.draw_colored_bipartite_graph(small.colors_W)
    assert len(se.viz.distinct_colors(ax)) == 4
    plt.close(fig)


def test_examples_run(tmp_path):
    assert AE.main(["--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.png"))) == 8
    ds = load_example("deep_sets")
    acc, drift = ds.main(["--steps", "200"])
    assert acc > 0.85 and drift < 1e-4
