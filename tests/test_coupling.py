"""coupling_graph against the Jacobian: every block the Jacobian shows nonzero has its edge (an
upper bound that cannot miss a path), and for stacks of linear layers the graph is exact: a
reducible hidden type (V**2 = 1 + 3 + 5 for SO(3)) opens no path V -> Scalar."""

import numpy as np
import pytest
import torch

import symequiv as se
from symequiv.nn.coupling import coupling_graph
from symequiv.nn.nonlinear import summand_slices


def _jacobian_blocks(net, rep_in, rep_out):
    torch.manual_seed(0)
    net = net.double()
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.randn_like(p))                 # generic weights: no accidental zeros
    blocks = set()
    for _ in range(3):
        x = torch.randn(rep_in.size, dtype=torch.float64)
        J = torch.autograd.functional.jacobian(lambda v: net(v[None])[0], x)
        for u, (_, a, b) in enumerate(summand_slices(rep_out)):
            for s, (_, c, d) in enumerate(summand_slices(rep_in)):
                if J[a:b, c:d].abs().max() > 1e-9 * max(1.0, float(J.abs().max())):
                    blocks.add((s, u))
    return blocks


def _edges(net):
    return {(a[1], b[1]) for a, b in coupling_graph(net).edges}


V3, O3 = se.V(se.SO(3)), se.V(se.O(3))
LINEAR = [
    (se.Scalar + V3, se.Scalar + V3 ** 2, se.Scalar + V3),
    (se.Scalar + V3, 3 * se.Scalar + 2 * V3, se.Scalar + V3),
    (se.Scalar + O3, O3 ** 2 + O3, se.Scalar + O3),
    (V3 + V3 ** 2, V3 ** 3, se.Scalar + V3 + V3 ** 2),
]


@pytest.mark.parametrize("a, h, b", LINEAR)
def test_linear_stacks_match_the_jacobian_exactly(a, h, b):
    net = torch.nn.Sequential(se.nn.EquivariantLinear(a, h), se.nn.EquivariantLinear(h, b))
    assert _edges(net) == _jacobian_blocks(net, a, b)


def test_reducible_hidden_types_open_no_path_between_scalars_and_vectors():
    rep = se.Scalar + V3
    net = torch.nn.Sequential(se.nn.EquivariantLinear(rep, se.Scalar + V3 ** 2),
                              se.nn.EquivariantLinear(se.Scalar + V3 ** 2, rep))
    assert sorted((a[2], b[2]) for a, b in coupling_graph(net).edges) == [("Scalar", "Scalar"), ("V", "V")]


@pytest.mark.parametrize("make", [
    lambda: se.nn.EMLP(se.Scalar + V3, se.Scalar + V3, se.SO(3), ch=12, num_layers=2),
    lambda: se.nn.EMLP(2 * V3, se.Scalar + V3 ** 2, se.SO(3), ch=12, num_layers=1),
])
def test_nonlinear_models_never_miss_a_path(make):
    net = make()
    assert _jacobian_blocks(net, net.rep_in, net.rep_out) <= _edges(net)


def test_unknown_modules_are_refused_not_skipped():
    A = se.Scalar + V3
    net = torch.nn.Sequential(se.nn.EquivariantLinear(A, A), torch.nn.Linear(4, 4),
                              se.nn.EquivariantLinear(A, A))
    with pytest.raises(TypeError, match="Linear"):
        coupling_graph(net)
    ok = torch.nn.Sequential(se.nn.EquivariantLinear(A, A), torch.nn.Dropout(0.1), torch.nn.Identity())
    assert sorted((a[2], b[2]) for a, b in coupling_graph(ok).edges) == [("Scalar", "Scalar"), ("V", "V")]
