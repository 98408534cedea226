"""Trained layers leave torch as programs: ``torch.export.export`` and ONNX (issue 18, item 5).

Each model is trained for a few Adam steps (so the weights are not their initial values), put in
eval mode, exported with a dynamic batch dimension, saved and loaded back, and run at batch sizes
other than the one it was traced with.  The exported program must give the eager model's
outputs; an ONNX model (run by onnx's reference evaluator, an implementation independent of
torch) must agree to float32 rounding.  The exported program of an equivariant model stays
equivariant under every generator and random group elements.
"""

import io
import warnings

import numpy as np
import pytest
import torch

import symequiv as se
from symequiv.testing import assert_equivariant

V = se.V(se.SO(3))


def _trained(model, steps=5, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(64, model.rep_in.size, generator=g)
    y = torch.randn(64, model.rep_out.size, generator=g)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(steps):
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()
    assert any(not torch.equal(a, p) for a, p in zip(before, model.parameters())), "training moved nothing"
    return model.eval()


MODELS = {
    # orbit basis (one gather of the weights)
    "linear, Regular(Icosahedral())": lambda: se.nn.EquivariantLinear(se.Regular(se.Icosahedral()),
                                                                     se.Regular(se.Icosahedral())),
    # several blocks of a direct sum
    "linear, SO(3) V + V^2 -> V^2": lambda: se.nn.EquivariantLinear(V + V ** 2, V ** 2),
    # Schur form: the compiled change of basis, block application in training
    "linear, SO(3) V^5 -> V^5 (Schur)": lambda: se.nn.EquivariantLinear(V ** 5, V ** 5),
    "EMLP, SO(3) 2V -> Scalar": lambda: se.nn.EMLP(2 * V, se.Scalar, se.SO(3), ch=16, num_layers=2),
    "EMLP, O(3) V -> V + Scalar": lambda: se.nn.EMLP(se.V(se.O(3)), se.V(se.O(3)) + se.Scalar, se.O(3),
                                                     ch=12, num_layers=1),
}


@pytest.fixture(scope="module", params=sorted(MODELS))
def trained(request):
    torch.manual_seed(0)
    return request.param, _trained(MODELS[request.param]())


def _export(model):
    x = torch.randn(7, model.rep_in.size)
    with warnings.catch_warnings():
        # nothing may be assigned to the module while tracing: torch warns, and we fail
        warnings.simplefilter("error", UserWarning)
        return torch.export.export(model, (x,), dynamic_shapes=({0: torch.export.Dim("batch")},))


def test_schur_block_path_exports_with_a_dynamic_batch():
    # training mode: the compiled change of basis and the block products are traced (not the
    # cached dense weight), and the path is chosen without specialising on the traced batch
    torch.manual_seed(0)
    layer = MODELS["linear, SO(3) V^5 -> V^5 (Schur)"]()
    layer.schur_path = "blocks"          # (the cost model may pick either path at these sizes)
    assert layer.schur is not None and layer.path(7) == layer.path(300) == "blocks"
    prog = _export(layer).module()
    for batch in (1, 300):
        x = torch.randn(batch, layer.rep_in.size)
        assert torch.allclose(prog(x), layer(x), rtol=1e-6, atol=1e-6)


def test_torch_export_round_trip_same_outputs(trained):
    name, model = trained
    ep = _export(model)
    buf = io.BytesIO()
    torch.export.save(ep, buf)
    buf.seek(0)
    loaded = torch.export.load(buf).module()
    for batch in (1, 5, 300):                      # none of them is the traced batch (7)
        x = torch.randn(batch, model.rep_in.size)
        with torch.no_grad():
            want = model(x)
        got = loaded(x)
        assert got.shape == want.shape, name
        assert torch.allclose(got, want, rtol=1e-6, atol=1e-6), (name, (got - want).abs().max())


def test_exported_program_is_equivariant(trained):
    name, model = trained
    prog = _export(model).module()
    y = prog(torch.randn(32, model.rep_in.size))
    assert y.abs().max() > 1e-3                    # not a trivially equivariant zero map
    # every discrete generator and random elements of the Lie group, float32 tolerance
    assert_equivariant(prog, model.rep_in, model.rep_out, samples=4)


def test_onnx_export_matches(trained):
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnxscript")
    from onnx.reference import ReferenceEvaluator
    name, model = trained
    x = torch.randn(7, model.rep_in.size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # the exporter's notes on missing torchvision ops
        program = torch.onnx.export(model, (x,), dynamo=True, verbose=False,
                                    dynamic_shapes=({0: torch.export.Dim("batch")},))
    proto = onnx.load_from_string(program.model_proto.SerializeToString())   # a file round trip
    onnx.checker.check_model(proto)
    run = ReferenceEvaluator(proto)
    for batch in (3, 50):
        xb = torch.randn(batch, model.rep_in.size)
        with torch.no_grad():
            want = model(xb).numpy()
        got = run.run(None, {run.input_names[0]: xb.numpy()})[0]
        assert got.shape == want.shape, name
        scale = max(1.0, float(np.abs(want).max()))
        assert np.abs(got - want).max() <= 1e-5 * scale, (name, np.abs(got - want).max())


HIDDEN = 4 * se.Scalar + 2 * V + V ** 2


class _Expansion(torch.nn.Module):
    """BasisExpansion.apply with learned coefficients: x -> T(c) x."""

    def __init__(self):
        super().__init__()
        self.E = se.nn.BasisExpansion(V + V ** 2, V + V ** 2)
        self.c = torch.nn.Parameter(torch.randn(self.E.dim))

    def forward(self, x):
        return self.E.apply(self.c, x)


# every other layer type: (build, input shape without the batch)
OTHER = {
    "bilinear": (lambda: se.nn.EquivariantBilinear(HIDDEN, HIDDEN), (HIDDEN.size,)),
    "gated": (lambda: se.nn.GatedNonlinearity(HIDDEN), (se.nn.gated(HIDDEN).size,)),
    "norm": (lambda: se.nn.NormNonlinearity(HIDDEN), (HIDDEN.size,)),
    "basis expansion": (_Expansion, (V.size + V.size ** 2,)),
    # the planned diagram forward adds into diagonal views in place; traced, it must not
    "partition S(6) (2, 3)": (lambda: se.nn.PartitionLinear(6, 2, 3, 3, 2), (3, 6, 6)),
    "diagram O(5) (2, 2)": (lambda: se.nn.DiagramLinear(se.O(5), 2, 2, 3, 4), (3, 5, 5)),
    "invariant features": (lambda: se.nn.InvariantFeatures(2 * V, 3), (6,)),
    # a three-operand einsum chose its contraction order per batch size (specialised the batch)
    "polynomial equivariant": (lambda: se.nn.PolynomialEquivariant(2 * V, V, 3), (6,)),
}


@pytest.mark.parametrize("name", sorted(OTHER))
def test_every_layer_type_exports_with_a_dynamic_batch(name):
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnxscript")
    from onnx.reference import ReferenceEvaluator
    build, shape = OTHER[name]
    torch.manual_seed(0)
    model = build().eval()
    for p in model.parameters():                    # no zero-initialised part left untested
        with torch.no_grad():
            p.add_(0.1 * torch.randn_like(p))
    x = torch.randn((7,) + shape)
    dyn = ({0: torch.export.Dim("batch")},)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        prog = torch.export.export(model, (x,), dynamic_shapes=dyn).module()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        proto = torch.onnx.export(model, (x,), dynamo=True, verbose=False, dynamic_shapes=dyn).model_proto
    onnx.checker.check_model(proto)
    run = ReferenceEvaluator(proto)
    for batch in (2, 30):
        xb = torch.randn((batch,) + shape)
        with torch.no_grad():
            want = model(xb)
        assert want.abs().max() > 1e-3, name
        assert torch.allclose(prog(xb), want, rtol=1e-6, atol=1e-6), name
        got = run.run(None, {run.input_names[0]: xb.numpy()})[0]
        assert np.abs(got - want.numpy()).max() <= 1e-5 * max(1.0, float(want.abs().max())), name


def test_schur_layer_compiles_once_for_every_batch():
    # torch.compile(dynamic=True): the path is chosen for a nominal batch from a memo filled at
    # construction, so neither the batch size nor the memo forces a recompile
    from torch._dynamo.testing import CompileCounter
    torch._dynamo.reset()
    layer = MODELS["linear, SO(3) V^5 -> V^5 (Schur)"]()
    counter = CompileCounter()
    compiled = torch.compile(layer, backend=counter, fullgraph=True, dynamic=True)
    for batch in (3, 7, 300, 5):
        x = torch.randn(batch, layer.rep_in.size)
        assert torch.allclose(compiled(x), layer(x), rtol=1e-5, atol=1e-5)
    assert counter.frame_count == 1
    # strict (dynamo) export with a dynamic batch as well
    prog = torch.export.export(layer, (torch.randn(7, layer.rep_in.size),), strict=True,
                               dynamic_shapes=({0: torch.export.Dim("batch")},)).module()
    x = torch.randn(300, layer.rep_in.size)
    assert torch.allclose(prog(x), layer(x), rtol=1e-6, atol=1e-6)


def test_whole_module_pickles_from_before_the_fast_paths_still_load():
    # state as pickled by the previous release: no fast-path flags, no 2-D colour buffer, 1-D
    # Schur orbit colours, no record of the diagram program's in-place diagonal lines
    import pickle
    torch.manual_seed(0)
    ico = se.Regular(se.Icosahedral())
    layers = [se.nn.EquivariantLinear(ico, ico), se.nn.EquivariantLinear(ico, ico, schur=True),
              se.nn.PartitionLinear(5, 2, 3, 2, 3)]
    for layer in layers:
        x = torch.randn((4, 60) if layer is not layers[-1] else (4, 2, 5, 5))
        want = layer(x)
        for name in ("_take", "_plain", "_constant_bias"):
            layer.__dict__.pop(name, None)
        for m in layer.modules():
            m._buffers.pop("gather2d", None)
            if m._buffers.get("orbit_colors") is not None:
                m._buffers["orbit_colors"] = m._buffers["orbit_colors"].reshape(-1)
        program = getattr(layer, "_program", None)
        if program is not None:
            lines = program._diag_lines
            assert lines and any(len(ops) > 1 for _, ops in lines)     # nested diagonals too
            del program._diag_lines
        back = pickle.loads(pickle.dumps(layer))
        if program is not None:
            assert back._program._diag_lines == lines
        assert torch.allclose(back(x), want, rtol=1e-6, atol=1e-6)
        assert torch.allclose(back.eval()(x), want, rtol=1e-6, atol=1e-6)


def test_a_layer_with_an_empty_buffer_saves_and_loads():
    # audit: Hom(V⊗V, V) = 0 under O(3), so DiagramLinear holds no diagrams and an empty scale
    # buffer; numpy's empty array came through as_tensor with stride 0 and torch.export.save
    # failed ("numel: integer multiplication overflow")
    m = se.nn.DiagramLinear(se.O(3), 2, 1).double()
    assert m.num_diagrams == 0
    assert all(b.numel() > 0 or b.stride() == torch.empty(b.shape).stride() for b in m.buffers())
    x = torch.randn(4, 1, 3, 3, dtype=torch.float64)
    buf = io.BytesIO()
    torch.export.save(torch.export.export(m, (x,)), buf)
    buf.seek(0)
    assert torch.equal(torch.export.load(buf).module()(x), m(x))
