"""The compiled change-of-basis chain of Schur layers (symequiv.nn.change): forward, backward
(the transposed chain) and forward-mode derivatives against the dense float64 images of the
exact matrices; gradients of the block path against the materialised path; the small-layer
dense basis and the broadcast bias against their definitions."""

import numpy as np
import pytest
import torch

import symequiv as se
from symequiv.nn.linear import Expander

V = se.V(se.SO(3))


@pytest.fixture(scope="module")
def mixed():
    # a last factor whose change of basis is not the identity (V³ ⊗ (V ⊕ V²)): the chain has a
    # dense matrix on a middle axis
    rep_in = V ** 3 * (V + V ** 2)
    torch.manual_seed(2)
    return se.nn.EquivariantLinear(rep_in, rep_in, dtype=torch.float64, schur=True)


@pytest.mark.parametrize("which", ["v5", "mixed"])
@pytest.mark.parametrize("side", ["change_in", "change_out"])
def test_chain_forward_backward_and_jvp_match_the_dense_matrix(which, side, request):
    layer = request.getfixturevalue(which)
    C = getattr(layer.schur, side)
    kinds = [op[0] for op in C._ops[0]]
    assert "groups" in kinds and ("mid" in kinds) == (which == "mixed")
    Q = layer.schur.Q_in_inv if side == "change_in" else layer.schur.Q_out
    gen = torch.Generator().manual_seed(3)
    Z = torch.randn(Q.shape[1], 5, dtype=torch.float64, generator=gen, requires_grad=True)
    R = torch.randn(Q.shape[0], 5, dtype=torch.float64, generator=gen)
    Y = C(Z)
    assert torch.allclose(Y, Q @ Z, atol=1e-12)
    (Y * R).sum().backward()
    assert torch.allclose(Z.grad, Q.T @ R, atol=1e-12)           # the transposed chain
    dZ = torch.randn_like(Z)
    _, jv = torch.func.jvp(lambda z: C(z), (Z.detach(),), (dZ,))
    assert torch.allclose(jv, Q @ dZ, atol=1e-12)


def test_chain_has_composed_gathers(v5):
    ops = v5.schur.change_in._ops[0]
    kinds = [op[0] for op in ops]
    assert all(not (a == b == "gather") for a, b in zip(kinds, kinds[1:]))   # composed
    assert kinds.count("gather") <= kinds.count("groups") + 1                 # one per boundary


@pytest.mark.parametrize("which", ["v5", "mixed"])
def test_block_path_gradients_equal_materialised(which, request):
    layer = request.getfixturevalue(which)
    x0 = torch.randn(6, layer.rep_in.size, dtype=torch.float64)
    grads = []
    for path in ("blocks", "materialise"):
        layer.schur_path = path
        try:
            layer.weight.grad = None
            x = x0.clone().requires_grad_(True)
            layer(x).square().sum().backward()
            grads.append((layer.weight.grad.clone(), x.grad.clone()))
        finally:
            layer.schur_path = "auto"
    (gw_b, gx_b), (gw_m, gx_m) = grads
    scale = float(gw_m.abs().max())
    assert float((gw_b - gw_m).abs().max()) < 1e-10 * scale
    assert float((gx_b - gx_m).abs().max()) < 1e-10 * float(gx_m.abs().max())


def test_small_schur_layer_keeps_the_maps_dense():
    R = se.Regular(se.Icosahedral())
    layer = se.nn.EquivariantLinear(R, R, schur=True, dtype=torch.float64)
    S = layer.schur
    assert S._dense and S.dense_basis.shape == (3600, 60)
    w = torch.randn(60, dtype=torch.float64)
    assert torch.allclose(S.matrix(w), S.maps(w), atol=1e-12)
    # the 60 maps are the group algebra: linearly independent, each commuting with the action
    B = S.master("dense_basis").numpy()
    assert np.linalg.matrix_rank(B) == 60


def test_constant_bias_is_a_broadcast_with_the_right_gradient():
    R = se.Regular(se.Icosahedral())
    E = Expander(se.Scalar, R, torch.float64)
    assert E._broadcast
    c = torch.tensor([1.5], dtype=torch.float64, requires_grad=True)
    out = E(c)
    assert out.shape == (60,) and bool((out == 1.5).all())
    (out * torch.arange(60.0, dtype=torch.float64)).sum().backward()
    assert float(c.grad) == sum(range(60))
    # not a broadcast where the bias has several colours (S(3) on V ⊕ Scalar)
    assert not Expander(se.Scalar, se.V(se.S(3)) + se.Scalar, torch.float64)._broadcast


def test_schur_layer_compiles_with_fullgraph():
    layer = se.nn.EquivariantLinear(V ** 5, V ** 5)          # float32, block path in training
    x = torch.randn(4, 243, requires_grad=True)
    assert layer.path(4) == "blocks"
    compiled = torch.compile(layer, fullgraph=True, backend="aot_eager")
    y = compiled(x)
    assert torch.allclose(y, layer(x), atol=1e-5)
    y.square().sum().backward()
    g_compiled = (layer.weight.grad.clone(), x.grad.clone())
    layer.weight.grad, x.grad = None, None
    layer(x).square().sum().backward()
    assert torch.allclose(g_compiled[0], layer.weight.grad, atol=1e-4 * float(layer.weight.grad.abs().max()))
    assert torch.allclose(g_compiled[1], x.grad, atol=1e-4 * float(x.grad.abs().max()))


def test_chain_follows_buffers_swapped_in_place(v5):
    # a DataParallel replica shares the module's __dict__ and gets new buffer objects: the
    # looked-up tensors must follow them, not the originals
    import copy
    C = copy.copy(v5.schur.change_in)
    C._buffers = dict(C._buffers)
    eye = torch.eye(243, dtype=torch.float64)
    ref = C(eye)
    for name, buf in list(C._buffers.items()):
        if buf is not None and buf.is_floating_point():
            C._buffers[name] = buf * 2                     # every stage and the leaf doubled
    assert C._resolved is not None
    out = C(eye)
    n_scaled = sum(op[0] in ("leaf", "mid") for op in C._ops[0]) + \
        sum(len(op[1]) > 0 for op in C._ops[0] if op[0] == "groups")
    assert torch.allclose(out, ref * 2 ** n_scaled)
    assert C._resolved[2] is C._buffers[C._ops[0][0][1] if C._ops[0][0][0] != "groups" else C._ops[0][0][1][0][3]]
