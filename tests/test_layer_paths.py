"""Layer paths of issue 18: Schur block application against the materialised weight, the
eval-mode weight cache, the factorised diagram forward against the einsum one, float32
equivariance of every changed layer, and no exact code on the device path."""

import copy

import pytest
import torch

import symequiv as se
from symequiv.testing import assert_equivariant

SO3 = se.SO(3)
V = se.V(SO3)
ICO = se.Regular(se.Icosahedral())


@pytest.fixture(scope="module")
def ico():
    torch.manual_seed(1)
    return se.nn.EquivariantLinear(ICO, ICO, schur=True, dtype=torch.float64)


def test_schur_v5_uses_a_factorised_change_of_basis(v5):
    assert v5.schur.change_in.head is not None and v5.schur.change_out.head is not None
    eye = torch.eye(243, dtype=torch.float64)
    assert torch.allclose(v5.schur.change_in(eye), v5.schur.Q_in_inv, atol=1e-13)
    assert torch.allclose(v5.schur.change_out(eye), v5.schur.Q_out, atol=1e-13)


@pytest.mark.parametrize("which", ["v5", "ico"])
def test_block_and_materialised_paths_agree_in_float64(which, request):
    layer = request.getfixturevalue(which)
    with torch.no_grad():
        layer.bias.normal_()
    x = torch.randn(7, layer.rep_in.size, dtype=torch.float64)
    blocks = layer.schur(layer.weight, x) + layer.bias_vector()
    general = layer.schur._forward_general(layer.weight, x) + layer.bias_vector()
    W = layer.weight_matrix()
    assert torch.allclose(W, layer.schur.maps(layer.weight), atol=1e-13)
    mat = x @ W.T + layer.bias_vector()
    scale = float(mat.detach().abs().max())
    assert float((blocks - mat).detach().abs().max()) < 1e-12 * scale
    assert float((general - mat).detach().abs().max()) < 1e-12 * scale
    for path in ("blocks", "materialise"):
        layer.schur_path = path
        try:
            assert float((layer(x) - mat).detach().abs().max()) < 1e-12 * scale
        finally:
            layer.schur_path = "auto"


@pytest.mark.parametrize("which", ["v5", "ico"])
def test_gradients_of_both_paths_agree(which, request):
    # v5's materialised weight is formed through the factorised chain (its backward is the
    # transposed chain), ico's from its dense basis
    layer = request.getfixturevalue(which)
    x = torch.randn(5, layer.rep_in.size, dtype=torch.float64, requires_grad=True)
    grads = []
    for path in ("blocks", "materialise"):
        layer.schur_path = path
        layer.weight.grad = x.grad = None
        layer(x).square().sum().backward()
        grads.append((layer.weight.grad.clone(), x.grad.clone()))
    layer.schur_path = "auto"
    for a, b in zip(*grads):
        assert torch.allclose(a, b, atol=1e-10 * float(a.abs().max()))


def test_cost_model(v5, ico):
    blocks, mat, cached = v5.schur.costs(256)
    assert cached < mat and blocks > 0
    assert ico.path(4096) == "materialise"             # 60 x 60: forming W is nearly free
    assert ico.eval().path(10 ** 6) == "materialise"    # eval: one product with the cached W
    ico.train()
    # measured (1 thread, ratio to nn.Linear): batch 64 blocks 3.3x, materialised 4.3x; batch
    # 4096 blocks 1.8x, materialised 1.1x (forming W costs the chain on 243 columns once)
    for threads in (1, 2, 16):
        blocks, mat, _ = v5.schur.costs(64, threads)
        assert blocks < mat
        blocks, mat, _ = v5.schur.costs(4096, threads)
        assert mat < blocks
    assert v5.path(64) == "blocks" and v5.path(4096) == "materialise"


def test_schur_layers_equivariant_float64_and_float32(v5, ico):
    for layer, rep in ((v5, V ** 5), (ico, ICO)):
        assert_equivariant(layer, rep, rep, atol=1e-10)
        f = se.nn.EquivariantLinear(rep, rep, dtype=torch.float32, schur=True if rep == ICO else None)
        for path in ("blocks", "materialise"):
            f.schur_path = path
            assert_equivariant(f, rep, rep)              # float32 tolerance 1e-4


def test_eval_cache_and_its_invalidation(ico):
    layer = se.nn.EquivariantLinear(ICO, ICO, schur=True)
    layer.schur_path = "materialise"
    x = torch.randn(4, 60)
    layer.eval()
    with torch.no_grad():
        y1 = layer(x)
        assert layer._cached is not None
        cached = layer._cached[2]
        layer(x)
        assert layer._cached[2] is cached                # reused
    opt = torch.optim.SGD(layer.parameters(), lr=0.1)
    layer(x).sum().backward()                            # grad enabled: not served from the cache
    assert layer.weight.grad is not None
    opt.step()                                           # optimizer step: in-place update
    with torch.no_grad():
        y2 = layer(x)
    assert not torch.allclose(y1, y2) and layer._cached[2] is not cached
    layer.train()                                        # train(): dropped
    assert layer._cached is None
    layer.eval()
    with torch.no_grad():
        layer(x)
    assert layer._cached is not None
    d = layer.double()                                   # .to(): dropped, then rebuilt in float64
    assert d._cached is None
    with torch.no_grad():
        assert d(x.double()).dtype == torch.float64
        assert torch.allclose(d(x.double()), x.double() @ d.weight_matrix().T + d.bias_vector())


@pytest.mark.parametrize("schur", [False, True])
def test_eval_cache_sees_data_edits_and_never_drops_gradients(schur):
    # found by an audit: ``.data`` edits (EMA code) bypass version counters, and a cached W
    # built without a graph silently gave no gradient after parameters were unfrozen
    torch.manual_seed(0)
    rep_in, rep_out = (V ** 2 + V, V ** 3) if schur else (2 * V, se.Scalar + 3 * V)
    layer = se.nn.EquivariantLinear(rep_in, rep_out, dtype=torch.float64, schur=schur or None).eval()
    x = torch.randn(5, rep_in.size, dtype=torch.float64)
    ref = lambda: x @ layer.weight_matrix().T + layer.bias_vector()
    with torch.no_grad():
        layer(x)
        layer.weight.data.copy_(torch.randn_like(layer.weight))
        layer.bias.data.add_(1.0)
        assert torch.allclose(layer(x), ref(), atol=1e-12)
    layer.requires_grad_(False)
    layer(x).sum()                                       # frozen: may be served from the cache
    layer.requires_grad_(True)
    layer(x).square().sum().backward()                   # unfrozen: the gradient must arrive
    assert layer.weight.grad is not None and float(layer.weight.grad.abs().sum()) > 0
    layer(x).sum().backward()                            # a second graph, not the first one again
    from torch.func import functional_call, grad
    params = {k: v.detach() for k, v in layer.named_parameters()}
    g = grad(lambda p: functional_call(layer, p, (x,)).square().sum())(params)
    layer.train()
    g_train = grad(lambda p: functional_call(layer, p, (x,)).square().sum())(params)
    assert torch.allclose(g["weight"], g_train["weight"], atol=1e-10)


@pytest.mark.parametrize("n, k, l", [(5, 2, 2), (4, 1, 2), (4, 2, 1), (6, 1, 1), (4, 3, 3), (5, 0, 2), (5, 2, 0)])
def test_partition_factorised_equals_einsum(n, k, l):
    layer = se.nn.PartitionLinear(n, k, l, 2, 3).double()
    with torch.no_grad():
        layer.bias.normal_()
    x = torch.randn((4, 2) + (n,) * k, dtype=torch.float64)
    assert torch.allclose(layer(x), layer._forward_einsum(x), atol=1e-12)


@pytest.mark.parametrize("g, k, l", [("O(3)", 2, 2), ("SO(3)", 2, 1), ("O(5)", 3, 3), ("Sp(2)", 2, 2),
                                     ("O13()", 2, 2), ("GL(3)", 3, 3)])
def test_diagram_factorised_equals_einsum(g, k, l):
    layer = se.nn.DiagramLinear(se.group(g), k, l, 2, 3).double()
    x = torch.randn((4, 2) + (se.group(g).d,) * k, dtype=torch.float64)
    assert torch.allclose(layer(x), layer._forward_einsum(x), atol=1e-12)


def test_diagram_layer_without_diagrams_outputs_zero():
    layer = se.nn.DiagramLinear(se.O(5), 1, 2, 2, 3)
    assert layer.num_diagrams == 0
    assert layer(torch.randn(4, 2, 5)).shape == (4, 3, 5, 5)


def _axes(t, R, order):
    for a in range(order):
        ax = t.dim() - order + a
        t = torch.movedim(torch.tensordot(t, R, dims=([ax], [1])), -1, ax)
    return t


@pytest.mark.parametrize("build, G, k, l", [
    (lambda: se.nn.PartitionLinear(7, 2, 2, 2, 3), se.S(7), 2, 2),
    (lambda: se.nn.PartitionLinear(7, 1, 2, 2, 3), se.S(7), 1, 2),
    (lambda: se.nn.DiagramLinear(se.O(4), 2, 2, 2, 3), se.O(4), 2, 2),
    (lambda: se.nn.DiagramLinear(se.SO(3), 2, 1, 2, 3), se.SO(3), 2, 1)])
def test_diagram_layers_equivariant_in_float32(build, G, k, l):
    from symequiv.testing import float_rho
    layer = build().float()
    R = torch.as_tensor(float_rho([se.V(G)], 5, scale=0.5)[0], dtype=torch.float32)
    x = torch.randn((3, 2) + (G.d,) * k)
    with torch.no_grad():
        ref = _axes(layer(x), R, l)
        err = (layer(_axes(x, R, k)) - ref).abs().max() / ref.abs().max()
    assert float(err) < 1e-4


def test_bilinear_half_precision_is_computed_in_float32():
    layer = se.nn.EquivariantBilinear(se.Scalar + V, se.Scalar + V)
    x = torch.randn(6, 4)
    y = layer(x)
    yb = layer.to(torch.bfloat16)(x.to(torch.bfloat16))
    assert yb.dtype == torch.bfloat16
    assert float((yb.float() - y).detach().abs().max() / y.detach().abs().max()) < 2e-2


@pytest.fixture
def no_exact(monkeypatch):
    """Make every exact entry point raise: solver, decompositions, exact -> float."""
    import symequiv.linalg as L
    import symequiv.schur.decomposition as dec
    import symequiv.solve as solve
    import symequiv.nn.linear as nl
    import symequiv.nn.blocks as nb
    import symequiv.nn.bilinear as nbl

    def boom(*args, **kwargs):
        raise AssertionError("exact code called on the device / dtype path")
    for mod, name in [(L, "to_numpy"), (dec, "_decompose"), (dec, "decompose"), (solve, "equivariant_basis"),
                      (solve, "solve_block"), (nl, "equivariant_basis"), (nb, "solve_block"),
                      (nbl, "equivariant_basis"), (se, "equivariant_basis")]:
        monkeypatch.setattr(mod, name, boom)


def _all_layers():
    hid = se.Scalar + V + V ** 2
    return [
        (se.nn.EquivariantLinear(2 * V, se.Scalar + V + V ** 2), torch.randn(3, 6)),
        (se.nn.EquivariantLinear(V ** 5, V ** 5), torch.randn(3, 243)),
        (se.nn.EquivariantLinear(ICO, ICO, schur=True), torch.randn(3, 60)),
        (se.nn.BasisExpansion(V + se.Scalar, V + se.Scalar), torch.randn(3, 2)),
        (se.nn.EquivariantBilinear(hid, hid), torch.randn(3, hid.size)),
        (se.nn.GatedNonlinearity(hid), torch.randn(3, se.nn.gated(hid).size)),
        (se.nn.EMLP(2 * V, se.Scalar, SO3, ch=30, num_layers=1), torch.randn(3, 6)),
        (se.nn.PartitionLinear(5, 2, 2, 2, 2), torch.randn(3, 2, 5, 5)),
        (se.nn.DiagramLinear(se.O(3), 2, 2, 2, 2), torch.randn(3, 2, 3, 3)),
    ]


def test_moves_and_casts_never_call_exact_code(request):
    layers = _all_layers()                         # built with the exact code
    request.getfixturevalue("no_exact")            # from here on, exact code raises
    for m, x in layers:
        for dtype in (torch.float64, torch.bfloat16, torch.float32):
            m = m.to(device="cpu", dtype=dtype)
            m.train()
            y = m(x.to(dtype).requires_grad_())
            y.float().sum().backward()
            m.eval()
            with torch.no_grad():
                m(x.to(dtype))
            assert all(b.dtype in (dtype, torch.long, torch.bool) for b in m.buffers())
        if isinstance(m, se.nn.EquivariantLinear) and m.schur is not None:
            for path in ("blocks", "materialise"):
                m.schur_path = path
                m(x)


# --- compiled diagram forward (issue 18, item 3) ------------------------------------------------

def _grads(layer, x, fn):
    for p in layer.parameters():
        p.grad = None
    x = x.clone().requires_grad_()
    y = fn(x)
    (y * torch.linspace(-1, 1, y.numel(), dtype=y.dtype).reshape(y.shape)).sum().backward()
    return [y.detach(), x.grad] + [p.grad for p in layer.parameters()]


@pytest.mark.parametrize("n, k, l", [(50, 1, 1), (50, 1, 2), (50, 2, 2), (6, 2, 1), (5, 3, 3), (4, 2, 3),
                                     (5, 0, 2), (5, 2, 0), (3, 0, 0), (3, 1, 0), (3, 0, 1), (2, 2, 2),
                                     (1, 2, 2), (2, 3, 1)])
@pytest.mark.parametrize("bias", [True, False])
def test_compiled_partition_forward_and_gradients_equal_einsum(n, k, l, bias):
    torch.manual_seed(n + 10 * k + 100 * l)
    layer = se.nn.PartitionLinear(n, k, l, 2, 3, bias=bias).double()
    assert layer._program is not None                 # every partition layer is compiled
    # parameters and the tag of their meaning only (the masters are derived, not saved)
    assert set(layer.state_dict()) == ({"weight", "bias"} if bias else {"weight"}) | {"parametrisation"}
    if bias:
        with torch.no_grad():
            layer.bias.normal_()
    for lead in ((4, 2), (2, 3, 2), (2,)):
        x = torch.randn(lead + (n,) * k, dtype=torch.float64)
        new, old = _grads(layer, x, layer), _grads(layer, x, layer._forward_einsum)
        for a, b in zip(new, old):
            assert a.shape == b.shape
            assert float((a - b).abs().max()) < 1e-12 * max(1.0, float(b.abs().max()))


@pytest.mark.parametrize("n, k, l", [(5, 1, 2), (5, 2, 2), (5, 3, 3), (4, 2, 3), (5, 0, 2), (2, 3, 1), (4, 1, 3)])
def test_traced_partition_forward_equals_the_in_place_one(n, k, l):
    # torch.compile / torch.export run the program's functional twin (diag_embed instead of
    # in-place adds into diagonal views, which the ONNX exporter rejects): same values and
    # gradients, including nested diagonals (order 3)
    torch.manual_seed(n + k + l)
    layer = se.nn.PartitionLinear(n, k, l, 2, 3).double()
    with torch.no_grad():
        layer.bias.normal_()
    prog = layer._program
    assert prog._fn_traced is not prog._fn
    if l >= 2 and n > 1:
        assert "diag_embed" in prog._functional_source() and ".add_(a)" in prog.source
    x = torch.randn((4, 2) + (n,) * k, dtype=torch.float64)
    traced = lambda t: prog._fn_traced(t, layer.weight, layer.bias, layer._index)   # noqa: E731
    for a, b in zip(_grads(layer, x, traced), _grads(layer, x, layer)):
        assert a.shape == b.shape
        assert float((a - b).abs().max()) < 1e-12 * max(1.0, float(b.abs().max()))


@pytest.mark.parametrize("g, k, l, compiled", [("O(50)", 1, 1, True), ("O(50)", 2, 2, True), ("O(4)", 3, 3, True),
                                                ("O(3)", 4, 2, True), ("O(4)", 2, 0, True), ("O(4)", 0, 2, True),
                                                ("SO(3)", 2, 1, False), ("O13()", 2, 2, False),
                                                ("Sp(2)", 2, 2, False)])
def test_compiled_diagram_forward_and_gradients_equal_einsum(g, k, l, compiled):
    G = se.group(g)
    layer = se.nn.DiagramLinear(G, k, l, 2, 3).double()
    assert (layer._program is not None) == compiled   # identity forms only; others keep the einsum path
    assert set(layer.state_dict()) == {"weight", "parametrisation"}
    x = torch.randn((4, 2) + (G.d,) * k, dtype=torch.float64)
    for a, b in zip(_grads(layer, x, layer), _grads(layer, x, layer._forward_einsum)):
        assert float((a - b).abs().max()) < 1e-12 * max(1.0, float(b.abs().max()))


def _perm_axes(t, perm, order):
    for a in range(order):
        t = t.index_select(t.dim() - order + a, perm)
    return t


@pytest.mark.parametrize("n, k, l", [(7, 1, 1), (7, 1, 2), (7, 2, 1), (7, 2, 2), (5, 3, 2), (5, 0, 2), (5, 2, 0)])
@pytest.mark.parametrize("bias", [True, False])
def test_compiled_partition_layer_equivariant_float64(n, k, l, bias):
    torch.manual_seed(3)
    layer = se.nn.PartitionLinear(n, k, l, 2, 3, bias=bias).double()
    if bias:
        with torch.no_grad():
            layer.bias.normal_()
    x = torch.randn((4, 2) + (n,) * k, dtype=torch.float64)
    for _ in range(3):
        p = torch.randperm(n)
        with torch.no_grad():
            err = (layer(_perm_axes(x, p, k)) - _perm_axes(layer(x), p, l)).abs().max()
        assert float(err) < 1e-10


@pytest.mark.parametrize("n, k, l", [(6, 1, 1), (6, 2, 2), (4, 3, 3), (4, 2, 0), (4, 0, 2), (3, 3, 1)])
def test_compiled_orthogonal_layer_equivariant_float64(n, k, l):
    torch.manual_seed(4)
    layer = se.nn.DiagramLinear(se.O(n), k, l, 2, 3).double()
    assert layer._program is not None
    Q, _ = torch.linalg.qr(torch.randn(n, n, dtype=torch.float64))
    x = torch.randn((4, 2) + (n,) * k, dtype=torch.float64)
    with torch.no_grad():
        err = (layer(_axes(x, Q, k)) - _axes(layer(x), Q, l)).abs().max()
    assert float(err) < 1e-10


def test_compiled_layers_survive_copy_pickle_and_casts():
    import copy
    import pickle
    for layer, x in ((se.nn.PartitionLinear(6, 2, 2, 2, 3), torch.randn(3, 2, 6, 6)),
                     (se.nn.DiagramLinear(se.O(4), 2, 2, 2, 3), torch.randn(3, 2, 4, 4))):
        y = layer(x)
        for other in (copy.deepcopy(layer), pickle.loads(pickle.dumps(layer))):
            assert torch.equal(other(x), y)
        d = copy.deepcopy(layer).double()
        assert d._index.dtype == torch.long
        assert torch.allclose(d(x.double()), d._forward_einsum(x.double()), atol=1e-12)


@pytest.mark.parametrize("rep", [se.Regular(se.D(5)), se.V(se.S(4)) ** 2])
def test_orbit_training_step_equals_the_general_expansion(rep):
    # the training fast path forms W by one take of the 2-D colours and hands a constant bias to
    # F.linear as its one coefficient (addmm broadcasts it): outputs and gradients must equal
    # those of the general block expansion (index_select per block, expanded bias)
    torch.manual_seed(0)
    layer = se.nn.EquivariantLinear(rep, rep).double()
    assert layer.expand_weight._gather is not None
    assert layer._constant_bias == (rep == se.Regular(se.D(5)))    # V^2 of S(4): two bias orbits
    with torch.no_grad():
        layer.bias.uniform_(0.5, 1.0)
    x = torch.randn(7, rep.size, dtype=torch.float64)
    y = layer(x)
    y.square().sum().backward()
    gw, gb = layer.weight.grad.clone(), layer.bias.grad.clone()
    w = layer.weight.detach().clone().requires_grad_()
    b = layer.bias.detach().clone().requires_grad_()
    W = layer.expand_weight._blocks(w).reshape(rep.size, rep.size)
    ref = x @ W.T + layer.expand_bias._blocks(b).reshape(rep.size)
    ref.square().sum().backward()
    assert torch.allclose(y, ref, rtol=0, atol=1e-12)
    assert torch.allclose(gw, w.grad, rtol=0, atol=1e-10)
    assert torch.allclose(gb, b.grad, rtol=0, atol=1e-10)


def test_orbit_fast_path_respects_parametrisations():
    # torch.nn.utils.parametrize moves the weight out of _parameters: the layer must then use
    # the parametrised weight, not skip it
    from torch.nn.utils import parametrize

    class Double(torch.nn.Module):
        def forward(self, w):
            return 2 * w
    torch.manual_seed(0)
    R = se.Regular(se.D(5))
    layer = se.nn.EquivariantLinear(R, R).double()
    assert layer._take
    x = torch.randn(4, R.size, dtype=torch.float64)
    y = layer(x)
    parametrize.register_parametrization(layer, "weight", Double())
    b = layer.bias_vector()
    assert torch.allclose(layer(x) - b, 2 * (y - b), rtol=0, atol=1e-12)


def test_blocks_path_under_forward_ad_vmap_and_an_empty_batch(v5):
    # found by an audit: the change of basis wrote its products with out=, which forward-mode
    # AD and vmap refuse, and an empty batch could not be reshaped
    layer = copy.deepcopy(v5).double()
    layer.schur_path = "blocks"
    x = torch.randn(3, 243, dtype=torch.float64)
    v = torch.randn_like(x)
    W = layer.weight_matrix().detach()
    _, jv = torch.func.jvp(layer, (x,), (v,))                      # weights trainable
    assert torch.allclose(jv, v @ W.T, atol=1e-10)
    params = {k: p.detach() for k, p in layer.named_parameters()}
    dw = {k: torch.randn_like(p) for k, p in params.items()}
    f = lambda p: torch.func.functional_call(layer, p, (x,))
    _, jw = torch.func.jvp(f, (params,), (dw,))                     # tangent in the weights
    eps = 1e-6
    fd = (f({k: params[k] + eps * dw[k] for k in params}) - f({k: params[k] - eps * dw[k] for k in params})) / (2 * eps)
    assert torch.allclose(jw, fd, atol=1e-6)
    per_row = torch.func.vmap(lambda r: layer(r[None])[0])(x)
    assert torch.allclose(per_row, layer(x), atol=1e-10)
    assert layer(torch.randn(0, 243, dtype=torch.float64)).shape == (0, 243)


ICO1 = se.V(se.Icosahedral())
V5 = se.V(se.SO(3)) ** 5
SECOND_ORDER = [      # (name, build, input shape without the batch)
    ("schur V^5 (factorised change)", lambda: se.nn.EquivariantLinear(V5, V5), (243,)),
    ("schur V^5 materialised", lambda: se.nn.EquivariantLinear(V5, V5, schur_path="materialise"), (243,)),
    ("orbit", lambda: se.nn.EquivariantLinear(se.V(se.S(4)) ** 2, se.V(se.S(4))), (16,)),
    ("bilinear", lambda: se.nn.EquivariantBilinear(ICO1 + se.Scalar, ICO1 + se.Scalar), (4,)),
    ("gated", lambda: se.nn.GatedNonlinearity(se.V(se.SO(3))), (4,)),
    ("partition", lambda: se.nn.PartitionLinear(4, 2, 2, 2, 2), (2, 4, 4)),
    ("diagram", lambda: se.nn.DiagramLinear(se.O(3), 2, 2, 2, 2), (2, 3, 3)),
    ("emlp", lambda: se.nn.EMLP(ICO1, se.Scalar, se.Icosahedral(), ch=12, num_layers=1), (3,)),
]


@pytest.mark.parametrize("name, build, shape", SECOND_ORDER, ids=[n for n, _, _ in SECOND_ORDER])
def test_second_derivatives(name, build, shape):
    # forces from an energy and gradient penalties differentiate a backward again
    # (create_graph=True): the Schur chain's backward wrote its products with out= and failed
    torch.manual_seed(0)
    layer = build().double()
    with torch.no_grad():
        for p in layer.parameters():
            p.normal_()
    x = torch.randn(2, *shape, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradgradcheck(layer, (x,))
    if not list(layer.parameters()):
        return
    # and through the parameters (the loss of a force-matching model)
    energy = (layer(x) ** 2).sum()
    forces, = torch.autograd.grad(energy, x, create_graph=True)
    grads = torch.autograd.grad((forces ** 2).sum(), list(layer.parameters()))
    params = [p.detach().clone() for p in layer.parameters()]
    direction = [torch.randn_like(p) for p in params]

    def loss(eps):
        with torch.no_grad():
            for p, p0, d in zip(layer.parameters(), params, direction):
                p.copy_(p0 + eps * d)
        xx = x.detach().clone().requires_grad_()
        f, = torch.autograd.grad((layer(xx) ** 2).sum(), xx)
        return (f ** 2).sum().item()

    eps = 1e-6
    numeric = (loss(eps) - loss(-eps)) / (2 * eps)
    analytic = sum((g * d).sum().item() for g, d in zip(grads, direction))
    assert abs(numeric - analytic) <= 1e-6 * max(1.0, abs(analytic))
