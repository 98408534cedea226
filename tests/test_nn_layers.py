"""Torch layers on exact bases: equivariance, determinism, conventions, training."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import symequiv as se
from symequiv import datasets as D
from symequiv.testing import assert_equivariant, float_rho, EquivarianceError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SO3, O5, LOR, S6 = se.SO(3), se.O(5), se.O13(), se.S(6)

LINEAR_CASES = [
    (2 * se.V(SO3), 30 * se.Scalar + 10 * se.V(SO3) + 3 * se.V(SO3) ** 2 + se.V(SO3) ** 3),
    (se.V(O5) ** 2 + se.V(O5), se.V(O5) + se.Scalar),
    (se.V(LOR) + se.V(LOR).T, se.V(LOR) * se.V(LOR).T + se.Scalar),
    (se.V(S6) ** 2, se.V(S6) + se.Scalar),
    (se.V(se.SO(3) * se.S(4)), se.V(se.SO(3) * se.S(4), 0)),
    (se.V(se.Octahedral()) ** 2, se.V(se.Octahedral())),
]


@pytest.mark.parametrize("rin, rout", LINEAR_CASES)
def test_equivariant_linear_float64(rin, rout):
    layer = se.nn.EquivariantLinear(rin, rout).double()
    with torch.no_grad():
        layer.bias.normal_()
    assert_equivariant(layer, rin, rout)          # float64 tolerance 1e-10
    assert layer.weight.numel() == layer.basis.dim


def test_assert_equivariant_catches_a_broken_layer():
    V = se.V(SO3)
    broken = torch.nn.Linear(3, 3).double()
    with pytest.raises(EquivarianceError):
        assert_equivariant(broken, V, V)


@pytest.mark.parametrize("rin, rout", LINEAR_CASES[:4])
def test_basis_expansion_and_apply(rin, rout):
    E = se.nn.BasisExpansion(rin, rout).double()
    c = torch.randn(3, 2, E.dim, dtype=torch.float64)
    M = E(c)
    assert M.shape == (3, 2, rout.size, rin.size)
    Ri, Ro = (torch.as_tensor(m) for m in float_rho([rin, rout], 1, scale=0.5))
    # every expanded map is an intertwiner: ρ_out M = M ρ_in
    assert float((Ro @ M - M @ Ri).abs().max()) < 1e-10
    x = torch.randn(3, 2, rin.size, dtype=torch.float64)
    assert float((E.apply(c, x) - (M @ x[..., None])[..., 0]).abs().max()) < 1e-12


def test_basis_expansion_holds_no_projector():
    V = se.V(SO3)
    rep = V ** 2 + 3 * V
    N = rep.size ** 2
    E = se.nn.BasisExpansion(rep, rep)
    buf = sum(b.numel() for b in E.buffers() if b.is_floating_point())
    assert buf <= N * E.dim + N < N * N         # the (small) dense basis + block bases, never N x N
    # past the dense limit only per-pair block bases are held
    from symequiv.nn.linear import Expander
    big = Expander(rep, rep, dense_limit=0)
    assert sum(b.numel() for b in big.buffers() if b.is_floating_point()) < N
    c = torch.randn(64, E.dim)
    assert torch.allclose(big(c), E.expander(c), atol=1e-6)
    assert E(c).shape == (64, 18, 18)


def test_bilinear_and_nonlinearities_equivariant():
    for G in (SO3, O5, LOR, S6):
        V = se.V(G)
        rep = 2 * se.Scalar + 2 * V + V ** 2
        bil = se.nn.EquivariantBilinear(rep, rep).double()
        assert_equivariant(bil, rep, rep)
        gate = se.nn.GatedNonlinearity(rep).double()
        assert_equivariant(gate, se.nn.gated(rep), rep)
    V = se.V(SO3)
    assert_equivariant(se.nn.NormNonlinearity(se.Scalar + 2 * V).double(), se.Scalar + 2 * V, se.Scalar + 2 * V)
    with pytest.raises(se.RepresentationError):
        se.nn.NormNonlinearity(se.V(LOR))
    with pytest.raises(se.RepresentationError):
        se.nn.PointwiseNonlinearity(V)


def test_bilinear_seed003_has_the_inner_products():
    V = se.V(SO3)
    bil = se.nn.EquivariantBilinear(2 * V, se.Scalar)
    assert bil.weights[0].shape[-1] == 1 and len(bil._triples) == 1   # Hom(V⊗V, Scalar) = 1


@pytest.mark.parametrize("G", [SO3, LOR, S6])
def test_bilinear_contraction_orders_agree(G):
    # the two contraction orders (chosen per triple at build time) compute the same map
    from symequiv.nn.bilinear import EquivariantBilinear as EB
    V = se.V(G)
    rep = 3 * se.Scalar + 2 * V + V ** 2 + (V ** 3 if G is SO3 else V.T)
    x = torch.randn(7, rep.size, dtype=torch.float64)
    out = {}
    try:
        for path in ("feat", "wfirst", None):
            EB._force_path = path
            torch.manual_seed(0)
            layer = EB(rep, rep).double()
            if path is not None:
                assert {t[-1] for t in layer._triples} == {path}
            out[path] = layer(x)
    finally:
        EB._force_path = None
    assert out["feat"].abs().max() > 0.1
    assert torch.allclose(out["feat"], out["wfirst"], atol=1e-12)
    assert torch.allclose(out["feat"], out[None], atol=1e-12)


def test_bilinear_parameters_are_unit_scale():
    # the scale lives in the constant basis: Adam's ~lr steps are small relative to every weight
    V = se.V(SO3)
    rep = se.nn.gated(se.nn.uniform_rep(128, SO3, allocation="emlp"))
    torch.manual_seed(0)
    layer = se.nn.EquivariantBilinear(rep, rep)
    w = torch.cat([p.detach().reshape(-1) for p in layer.weights])
    assert 0.8 < float(w.std()) < 1.2
    with torch.no_grad():
        y = layer(torch.randn(256, rep.size))
    assert 0.02 < float(y.pow(2).mean().sqrt()) < 0.5          # starts at ~gain (0.1) scale


def test_emlp_inertia_adam_without_clipping_has_no_spike():
    # issue 18: with the scale in the parameters (init ~1e-3), one Adam step at lr 3e-3 moved
    # the bilinear weights by several times their size and the loss jumped from 39 to 1e2-1e4
    X, Y, rin, rout, G = D.inertia(1000, seed=0)
    X, Y = torch.tensor(X, dtype=torch.float32), torch.tensor(Y, dtype=torch.float32)
    for seed in (0, 1):
        torch.manual_seed(seed)
        m = se.nn.EMLP(rin, rout, G, ch=64, num_layers=3, allocation="emlp")
        opt = torch.optim.Adam(m.parameters(), lr=3e-3)
        losses = []
        for _ in range(30):
            loss = ((m(X[:500]) - Y[:500]) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        assert max(losses) <= 1.05 * losses[0], losses
        assert losses[-1] < 0.5 * losses[0], losses


@pytest.mark.parametrize("G", [SO3, O5, LOR, S6])
def test_emlp_equivariant(G):
    V = se.V(G)
    torch.manual_seed(0)
    model = se.nn.EMLP(2 * V + se.Scalar, V + se.Scalar, G, ch=48, num_layers=2).double()
    assert_equivariant(model, 2 * V + se.Scalar, V + se.Scalar)


def test_uniform_rep_is_deterministic():
    assert str(se.nn.uniform_rep(384, SO3)) == "96*Scalar+32*V+10*V**2+3*V**3"
    assert se.nn.uniform_rep(100, LOR) == se.nn.uniform_rep(100, LOR)


BILINEAR_SCRIPT = """
import sys, torch, symequiv as se
torch.manual_seed(int(sys.argv[1]))
import numpy as np; np.random.seed(int(sys.argv[1]))
V = se.V(se.SO(3)); rep = 3 * se.Scalar + 2 * V + V ** 2
layer = se.nn.EquivariantBilinear(rep, rep)
if sys.argv[2] == "save":
    torch.save(layer.state_dict(), sys.argv[3])
else:
    layer.load_state_dict(torch.load(sys.argv[3], weights_only=True))
x = torch.linspace(-1, 1, rep.size * 4).reshape(4, rep.size)
print(repr(layer(x).detach().numpy().tobytes().hex()))
"""


def test_bilinear_reload_identical_in_fresh_process(tmp_path):
    path = str(tmp_path / "bil.pt")
    env = dict(os.environ, PYTHONPATH=ROOT)
    run = lambda *a: subprocess.run([sys.executable, "-c", BILINEAR_SCRIPT, *a], env=env,
                                    capture_output=True, text=True, check=True).stdout
    saved = run("1", "save", path)
    assert run("2", "load", path) == saved       # other global seeds, fresh process
    assert run("3", "load", path) == saved
    assert run("2", "save", str(tmp_path / "other.pt")) != saved


def test_conventions_dtype_device_state_dict_export():
    V = se.V(SO3)
    layer = se.nn.EquivariantLinear(V + se.Scalar, V ** 2)
    keys = sorted(layer.state_dict())
    layer.eval()
    assert sorted(layer.state_dict()) == keys == ["bias", "parametrisation", "weight"]
    x = torch.randn(5, 4)
    with torch.no_grad():                       # eval, no graph needed: the cached weight
        y1, y2 = layer(x), layer(x)
    assert torch.equal(y1, y2) and layer._cached is not None
    with torch.no_grad():
        layer.weight.add_(1.0)                  # in-place update invalidates the cache
    assert not torch.equal(layer(x), y1)
    assert torch.allclose(layer.export()(x), layer(x))
    d = layer.double()
    assert all(b.dtype in (torch.float64, torch.long) for b in d.buffers())
    assert d(x.double()).dtype == torch.float64
    f = se.nn.EquivariantLinear(V, V, dtype=torch.float32)
    assert f(torch.randn(2, 3)).dtype == torch.float32


@pytest.mark.parametrize("rep_in, rep_out", [(se.V(se.S(4)) ** 2, se.V(se.S(4)) ** 2),
                                             (se.V(SO3) ** 2 + se.V(SO3), se.V(SO3) ** 3)])
def test_state_dict_of_another_parametrisation_is_refused(rep_in, rep_out):
    # found by an audit: schur=True and schur=False layers have the same keys and shapes, so
    # one's coefficients loaded into the other gave a different map with no error
    torch.manual_seed(0)
    A = se.nn.EquivariantLinear(rep_in, rep_out, schur=True, dtype=torch.float64)
    B = se.nn.EquivariantLinear(rep_in, rep_out, schur=False, dtype=torch.float64)
    assert A.weight.shape == B.weight.shape
    with pytest.raises(se.errors.InvalidArgumentError, match="another parametrisation"):
        A.load_state_dict(B.state_dict())
    C = se.nn.EquivariantLinear(rep_in, rep_out, schur=True, dtype=torch.float64)
    C.load_state_dict(A.state_dict())                    # the same parametrisation loads
    x = torch.randn(3, rep_in.size, dtype=torch.float64)
    assert torch.equal(C(x), A(x))
    old = {k: v for k, v in A.state_dict().items() if k != "parametrisation"}
    C.load_state_dict(old)                               # a checkpoint from before the tag


def test_torch_compile_fullgraph():
    V = se.V(SO3)
    layer = se.nn.EquivariantLinear(2 * V, se.Scalar + V + V ** 2)
    x = torch.randn(4, 6)
    compiled = torch.compile(layer, fullgraph=True, backend="aot_eager")
    assert torch.allclose(compiled(x), layer(x))
    model = se.nn.EMLP(2 * V, se.Scalar, SO3, ch=30, num_layers=1)
    cm = torch.compile(model, fullgraph=True, backend="aot_eager")
    assert torch.allclose(cm(x), model(x), atol=1e-6)


def test_coupling_graph_schur_and_mixing():
    G = SO3
    V = se.V(G)
    rep = se.Scalar + V
    linear_only = torch.nn.Sequential(se.nn.EquivariantLinear(rep, 3 * se.Scalar + 2 * V),
                                      se.nn.EquivariantLinear(3 * se.Scalar + 2 * V, rep))
    g = se.nn.coupling_graph(linear_only)
    assert sorted((a[2], b[2]) for a, b in g.edges) == [("Scalar", "Scalar"), ("V", "V")]
    mixed = se.nn.EMLP(rep, rep, G, ch=20, num_layers=2)
    g = se.nn.coupling_graph(mixed)
    assert sorted((a[2], b[2]) for a, b in g.edges) == [("Scalar", "Scalar"), ("Scalar", "V"),
                                                         ("V", "Scalar"), ("V", "V")]


@pytest.mark.parametrize("make, target", [(D.inertia, D.inertia_target), (D.o5_synthetic, D.o5_target),
                                          (D.particle_interaction, D.particle_target),
                                          (D.seed003, D.seed003_target)])
def test_datasets_are_equivariant(make, target):
    X, Y, rin, rout, G = make(40, 0)
    assert np.allclose(target(X), Y)
    Ri, Ro = float_rho([rin, rout], 5, scale=0.3)
    assert np.abs(target(X @ Ri.T) - Y @ Ro.T).max() < 1e-9


def test_emlp_fits_seed003():
    X, Y, rin, rout, G = D.seed003(1300, 0)
    Y = Y / Y.std()
    X, Y = torch.tensor(X, dtype=torch.float32), torch.tensor(Y, dtype=torch.float32)
    torch.manual_seed(0)
    m = se.nn.EMLP(rin, rout, G, ch=40, num_layers=2)
    steps = 250
    opt = torch.optim.Adam(m.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    g = torch.Generator().manual_seed(0)
    for _ in range(steps):
        idx = torch.randint(0, 1000, (100,), generator=g)
        loss = ((m(X[idx]) - Y[idx]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        mse = float(((m(X[1000:]) - Y[1000:]) ** 2).mean())
    assert mse < 0.05


DDP_SCRIPT = r"""
import os, sys, torch, torch.distributed as dist, torch.multiprocessing as mp
import symequiv as se

def worker(rank, path, out):
    dist.init_process_group("gloo", init_method="file://" + path, rank=rank, world_size=2)
    torch.manual_seed(0)
    V = se.V(se.SO(3))
    layer = se.nn.EquivariantLinear(2 * V, se.Scalar + V + V ** 2).double()
    model = torch.nn.parallel.DistributedDataParallel(layer)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    torch.manual_seed(100 + rank)                   # different data on each rank
    for _ in range(3):
        x = torch.randn(8, 6, dtype=torch.float64)
        loss = model(x).square().mean()
        opt.zero_grad(); loss.backward(); opt.step()
    torch.save({"w": layer.weight.detach(), "W": layer.weight_matrix().detach()}, out + str(rank))
    dist.destroy_process_group()

if __name__ == "__main__":
    mp.spawn(worker, args=(sys.argv[1], sys.argv[2]), nprocs=2)
"""


def test_ddp_gloo_keeps_exact_intertwiners(tmp_path):
    script = tmp_path / "ddp.py"
    script.write_text(DDP_SCRIPT)
    out = str(tmp_path / "rank")
    r = subprocess.run([sys.executable, str(script), str(tmp_path / "init"), out], timeout=300,
                       env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]        # the workers' traceback, if any
    r0, r1 = (torch.load(out + str(k), weights_only=True) for k in (0, 1))
    assert torch.equal(r0["w"], r1["w"])            # synced coefficients
    V = se.V(SO3)
    rin, rout = 2 * V, se.Scalar + V + V ** 2
    # the synced weight is still in the span of the exact basis, hence an intertwiner
    B = torch.as_tensor(se.equivariant_basis(rin, rout).to_numpy())
    W = r0["W"].reshape(-1)
    coef = torch.linalg.lstsq(B, W[:, None]).solution
    assert float((B @ coef - W[:, None]).abs().max()) < 1e-12
    Ri, Ro = (torch.as_tensor(m) for m in float_rho([rin, rout], 2, scale=0.5))
    assert float((Ro @ r0["W"] - r0["W"] @ Ri).abs().max()) < 1e-10


def _example(name):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "examples", f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_koopman_example_learns_and_stays_equivariant():
    rel, equi = _example("koopman_batched").main(["--steps", "300"])
    assert rel < 0.3 and equi < 1e-4        # a fast setting; 800 steps reach ~0.05


def test_mixing_example_shows_schur_blocks():
    res = _example("mixing_scalars_vectors").main()
    assert res["linear layers only"] == [("Scalar", "Scalar"), ("V", "V")]
    assert res["linear + gates"] == [("Scalar", "Scalar"), ("Scalar", "V"), ("V", "V")]
    assert len(res["linear + bilinear + gates (EMLP)"]) == 4


def test_initialisation_keeps_unit_scale():
    # per-output fan-in: averaged over initialisations, unit-variance inputs give every output
    # summand that can receive a signal a variance of 1 (one draw alone is chi-squared noisy)
    for rin, rout in LINEAR_CASES[:4]:
        x = torch.randn(2000, rin.size, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
        acc = {}
        for seed in range(150):
            torch.manual_seed(seed)
            layer = se.nn.EquivariantLinear(rin, rout, bias=False).double()
            with torch.no_grad():
                y = layer(x)
            for k, (r, a, b) in enumerate(rout.summands()):
                acc[k] = acc.get(k, 0.0) + float(y[:, a:b].var()) / 150
        for k, (r, a, b) in enumerate(rout.summands()):
            if se.equivariant_basis(rin, r).dim:
                assert 0.7 < acc[k] < 1.4, (rin, rout, r, acc[k])


def test_wrong_input_shapes_are_refused_not_broadcast_or_cut():
    # found by an audit: extra features were ignored, a size-1 axis broadcast, and the
    # diagram layer accepted any square tensor
    V = se.V(SO3)
    hid = 2 * se.Scalar + V
    bad = [
        (se.nn.GatedNonlinearity(hid), torch.randn(2, se.nn.gated(hid).size + 1)),
        (se.nn.EquivariantBilinear(hid, hid), torch.randn(2, hid.size + 3)),
        (se.nn.InvariantFeatures(2 * V, 2), torch.randn(2, 7)),
        (se.nn.PolynomialEquivariant(V, V, 2), torch.randn(2, 5)),
        (se.nn.DiagramLinear(SO3, 2, 1), torch.randn(5, 1, 3, 1)),
        (se.nn.DiagramLinear(se.O(3), 2, 2), torch.randn(5, 1, 4, 4)),
        (se.nn.DiagramLinear(se.O(3), 2, 2), torch.randn(5, 3, 3)),
        (se.nn.PartitionLinear(4, 1, 1, 2, 2), torch.randn(5, 2, 1)),
    ]
    for layer, x in bad:
        with pytest.raises(se.errors.InvalidArgumentError, match="expected"):
            layer(x)
    E = se.nn.BasisExpansion(V, V + se.Scalar)
    with pytest.raises(se.errors.InvalidArgumentError, match="coefficients"):
        E.apply(torch.randn(5, E.dim + 1), torch.randn(5, 3))
    with pytest.raises(se.errors.InvalidArgumentError, match="expected input"):
        E.apply(torch.randn(5, E.dim), torch.randn(5, 1))


def test_complex_layer_refuses_a_real_input_of_higher_precision():
    layer = se.nn.EquivariantLinear(se.V(se.SU(2)), se.V(se.SU(2)))          # complex64
    assert layer(torch.randn(3, 2)).dtype == torch.complex64                   # float32: lossless
    with pytest.raises(se.errors.InvalidArgumentError, match="precision"):
        layer(torch.randn(3, 2, dtype=torch.float64))


def test_bilinear_says_which_products_it_leaves_out():
    # audit: EquivariantBilinear(V³, V³) of SO(3) had 0 weights and output exactly 0 without a
    # word (V³ ⊗ V³ -> V³ is over max_block); Hom(V⁶, V³) has dimension 232 (Weyl)
    import warnings
    V = se.V(se.SO(3))
    with pytest.warns(se.SkippedBlocksWarning, match="V\\*\\*3 x V\\*\\*3 -> V\\*\\*3"):
        L = se.nn.EquivariantBilinear(V ** 3, V ** 3)
    assert [(str(a), str(b), str(c)) for a, b, c in L.skipped] == [("V**3", "V**3", "V**3")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L2 = se.nn.EquivariantBilinear(V ** 3, V ** 3, max_block=27 ** 3)
    assert L2.skipped == [] and sum(p.numel() for p in L2.weights) == 2 * 2 * 232
    m = se.nn.EMLP(V, se.Scalar, se.SO(3), ch=128, num_layers=1)      # by design, documented
    assert m[0].bilinear.skipped and isinstance(m[:1], torch.nn.Sequential)


def test_a_network_the_probe_refuses_is_constant(monkeypatch):
    # the liveness probe's refusals are real: with the probe switched off, the SO(3) EMLP
    # without bilinear terms gives one value for every input, with any weights
    import symequiv.nn.liveness as liveness
    monkeypatch.setattr(liveness, "_probe", lambda *a, **k: None)
    G = se.SO(3)
    model = se.nn.EMLP(se.V(G), se.Scalar, G, ch=64, num_layers=2, bilinear=False).double()
    torch.manual_seed(3)
    with torch.no_grad():
        for p in model.parameters():
            p.normal_()
        y = model(torch.randn(16, 3, dtype=torch.float64))
    assert (y - y[0]).abs().max() <= 1e-9 * y.abs().max()
    # and a live network of the same size is not refused by it
    monkeypatch.undo()
    live = se.nn.EMLP(se.V(G), se.Scalar, G, ch=64, num_layers=2).double()
    with torch.no_grad():
        y = live(torch.randn(16, 3, dtype=torch.float64))
    assert (y - y[0]).abs().max() > 1e-6
