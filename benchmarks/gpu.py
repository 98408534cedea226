"""Every layer type on an accelerator: moved with ``.to(device)``, checked for equivariance in
float32 (< 1e-4 relative) and bfloat16 (< 2e-2), and timed forward+backward against
``nn.Linear`` of the same shape (issue 18, item 4).  Not a test.

    python3 benchmarks/gpu.py [--device cuda|cpu] [--quick] [--compile]

Without CUDA (and without ``--device cpu``) it says it skipped and exits 0.  Layers are built
on the CPU (exact bases, float64 masters), then moved; the move and everything after it run
with the exact code paths (solver, decompositions, exact-to-float conversion) replaced by
functions that raise, so nothing is re-derived from exact data on the device path.  The
relative error is ``max |f(ρ_in(g) x) - ρ_out(g) f(x)| / max |ρ_out(g) f(x)|``, worst of 3
random group elements (float64 images, applied on the CPU).  Exit status 1 if a check fails.
The column "bf16 vs f64" is a diagnostic, not a check: the bf16 model's own rounding error
against the same weights in float64, ``max |f_bf16(x) - f_64(x)| / max |f_64(x)|``; an
equivariance error of that size is explained by bf16 arithmetic, not by a broken symmetry (it
can be smaller: a permutation acts on bf16 values without rounding, so permutation layers show
0).  The column "bf16 floor" is a diagnostic too: the equivariance error of the float64 model
whose input, output and (for a ``Sequential``, such as the EMLP) each stage's output are rounded
to bf16, all arithmetic exact otherwise: what storing those activations in bf16 costs before any
bf16 arithmetic, so no bf16 implementation of the same weights can be expected below it.
With ``--compile`` each layer is also run through ``torch.compile`` (on CUDA with
``mode="reduce-overhead"``: CUDA graphs, for layers that are chains of small kernels); the
compiled layer is checked for float32 equivariance too and timed the same way (compile time is
printed, not counted).
"""

import argparse
import contextlib
import copy
import os
import sys
import time

os.environ.setdefault("SYMEQUIV_NO_CACHE", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import symequiv as se  # noqa: E402
from symequiv.testing.floats import float_rho  # noqa: E402

TOL = {torch.float32: 1e-4, torch.bfloat16: 2e-2}


@contextlib.contextmanager
def no_exact():
    """Replace the exact entry points (solver, decompositions, exact -> float) by functions
    that raise while the block runs."""
    import symequiv.linalg as L
    import symequiv.schur.decomposition as dec
    import symequiv.solve as solve
    import symequiv.nn.linear as nl
    import symequiv.nn.blocks as nb
    import symequiv.nn.bilinear as nbl
    targets = [(L, "to_numpy"), (dec, "_decompose"), (dec, "decompose"), (solve, "equivariant_basis"),
               (solve, "solve_block"), (nl, "equivariant_basis"), (nb, "solve_block"),
               (nbl, "equivariant_basis"), (se, "equivariant_basis")]
    saved = [(m, a, getattr(m, a)) for m, a in targets]

    def boom(*args, **kwargs):
        raise AssertionError("exact code called on the device path")
    try:
        for m, a in targets:
            setattr(m, a, boom)
        yield
    finally:
        for m, a, f in saved:
            setattr(m, a, f)


def _axes(R, order):
    """The action of an n x n matrix on the last ``order`` axes, as a function of tensors."""
    def act(t):
        for a in range(order):
            ax = t.dim() - order + a
            t = torch.movedim(torch.tensordot(t, R.to(t.dtype), dims=([ax], [1])), -1, ax)
        return t
    return act


def _vector_case(name, build, rep_in, rep_out, batch):
    """(name, module, input sampler, actions for one element, input shape for nn.Linear)."""
    def elements(rng):
        Ri, Ro = float_rho([rep_in, rep_out], rng=rng, scale=0.5)
        Ri, Ro = torch.as_tensor(Ri), torch.as_tensor(Ro)
        return (lambda x: x @ Ri.T.to(x.dtype)), (lambda y: y @ Ro.T.to(y.dtype))
    return name, build, (lambda g: torch.randn(batch, rep_in.size, generator=g, dtype=torch.float64)), \
        elements, rep_in.size, rep_out.size


def _tensor_case(name, build, G, k, l, ch, batch):
    n = G.d

    def elements(rng):
        R = torch.as_tensor(float_rho([se.V(G)], rng=rng, scale=0.5)[0])
        return _axes(R, k), _axes(R, l)
    return name, build, (lambda g: torch.randn((batch, ch) + (n,) * k, generator=g, dtype=torch.float64)), \
        elements, ch * n ** k, ch * n ** l


class _Expansion(torch.nn.Module):
    """BasisExpansion.apply with fixed learned coefficients: x -> T(c) x."""

    def __init__(self, rep_in, rep_out):
        super().__init__()
        self.E = se.nn.BasisExpansion(rep_in, rep_out)
        self.c = torch.nn.Parameter(torch.randn(self.E.dim))

    def forward(self, x):
        return self.E.apply(self.c, x)


def cases(quick):
    G = se.SO(3)
    V = se.V(G)
    hid = 4 * se.Scalar + 2 * V + V ** 2
    ico = se.Regular(se.Icosahedral())
    out = [
        _vector_case("linear SO(3) 2V -> 30S+10V+3V^2+V^3",
                     lambda: se.nn.EquivariantLinear(2 * V, 30 * se.Scalar + 10 * V + 3 * V ** 2 + V ** 3),
                     2 * V, 30 * se.Scalar + 10 * V + 3 * V ** 2 + V ** 3, 256),
        _vector_case("basis expansion SO(3) V+V^2 apply", lambda: _Expansion(V + V ** 2, V + V ** 2),
                     V + V ** 2, V + V ** 2, 256),
        _vector_case("bilinear SO(3) S+V+V^2 -> S+V+V^2", lambda: se.nn.EquivariantBilinear(hid, hid),
                     hid, hid, 256),
        _vector_case("gated SO(3) S+V+V^2", lambda: se.nn.GatedNonlinearity(hid),
                     se.nn.gated(hid), hid, 256),
        _vector_case("EMLP SO(3) 2V -> S (ch 64, 1 layer)",
                     lambda: se.nn.EMLP(2 * V, se.Scalar, G, ch=64, num_layers=1), 2 * V, se.Scalar, 256),
        _tensor_case("partition S(16) (2,2) 4 -> 4 ch", lambda: se.nn.PartitionLinear(16, 2, 2, 4, 4),
                     se.S(16), 2, 2, 4, 64),
        _tensor_case("diagram O(16) (2,2) 4 -> 4 ch", lambda: se.nn.DiagramLinear(se.O(16), 2, 2, 4, 4),
                     se.O(16), 2, 2, 4, 64),
        _vector_case("Schur Regular(Icosahedral())", lambda: se.nn.EquivariantLinear(ico, ico, schur=True),
                     ico, ico, 1024),
        _vector_case(f"Schur SO(3) V^{5 if quick else 6} -> V^{5 if quick else 6}",
                     lambda: se.nn.EquivariantLinear(V ** (5 if quick else 6), V ** (5 if quick else 6)),
                     V ** (5 if quick else 6), V ** (5 if quick else 6), 256),
    ]
    return out


def rel_error(module, sample, acts, dtype, device):
    worst = 0.0
    for s, (act_in, act_out) in enumerate(acts):
        x = sample(torch.Generator().manual_seed(s))
        gx = act_in(x)
        with torch.no_grad():
            y = module(x.to(device, dtype)).double().cpu()
            y_g = module(gx.to(device, dtype)).double().cpu()
        ref = act_out(y)
        worst = max(worst, float((y_g - ref).abs().max() / ref.abs().max().clamp_min(1e-30)))
    return worst


def rounding_error(module, ref, sample, dtype, device):
    """``max |f(x) - f64(x)| / max |f64(x)|``: how far the model in ``dtype`` is from the same
    weights evaluated in float64, on the inputs of :func:`rel_error` (a diagnostic, not a
    check: an equivariance error of this size is explained by bf16 arithmetic)."""
    worst = 0.0
    for s in range(3):
        x = sample(torch.Generator().manual_seed(s))
        with torch.no_grad():
            y = module(x.to(device, dtype)).double().cpu()
            y64 = ref(x.to(device, torch.float64)).cpu()
        worst = max(worst, float((y - y64).abs().max() / y64.abs().max().clamp_min(1e-30)))
    return worst


def storage_floor(ref, sample, acts, device):
    """Equivariance error of the float64 model ``ref`` with its input, its output and, for a
    ``Sequential``, every stage's output rounded to bf16 (exact arithmetic otherwise)."""
    def rnd(t):
        return t.to(torch.bfloat16).to(t.dtype)
    stages = list(ref.children()) if isinstance(ref, torch.nn.Sequential) else []
    hooks = [m.register_forward_hook(lambda m, i, o: rnd(o)) for m in stages]
    try:
        worst = 0.0
        for s, (act_in, act_out) in enumerate(acts):
            x = sample(torch.Generator().manual_seed(s))
            with torch.no_grad():
                y = rnd(ref(rnd(x).to(device))).cpu()
                y_g = rnd(ref(rnd(act_in(x)).to(device))).cpu()
            want = act_out(y)
            worst = max(worst, float((y_g - want).abs().max() / want.abs().max().clamp_min(1e-30)))
        return worst
    finally:
        for h in hooks:
            h.remove()


def step_times(module, dense, x, reps, rounds, sync):
    x = x.detach().requires_grad_()                   # both take the input gradient too
    xd = x.detach().reshape(x.shape[0], -1).requires_grad_()

    def run(m, inp):
        def f():
            for p in list(m.parameters()) + [inp]:
                p.grad = None
            m(inp).float().square().sum().backward()
        return f
    fns = [run(module, x), run(dense, xd)]
    for f in fns:
        f()
        f()
    sync()
    best = [float("inf")] * 2
    for _ in range(rounds):
        for i, f in enumerate(fns):
            sync()
            t0 = time.perf_counter()
            for _ in range(reps):
                f()
            sync()
            best[i] = min(best[i], (time.perf_counter() - t0) / reps)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--compile", action="store_true", help="also time torch.compile'd layers")
    a = ap.parse_args()
    if a.device.startswith("cuda") and not torch.cuda.is_available():
        print("gpu.py: no CUDA device, skipped (use --device cpu to exercise it here)")
        return 0
    device = torch.device(a.device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else f"CPU ({torch.get_num_threads()} threads)"
    sync = (lambda: torch.cuda.synchronize(device)) if device.type == "cuda" else (lambda: None)
    print(f"device: {name}; torch {torch.__version__}")
    print(f"{'layer':<42} {'build s':>7} {'f32 rel err':>11} {'bf16 rel err':>12} {'bf16 vs f64':>11} "
          f"{'bf16 floor':>10} {'ours ms':>8} {'nn.Linear ms':>12} {'ratio':>6}"
          + (f" {'compile s':>9} {'comp. f32 err':>13} {'comp. ms':>8} {'ratio':>6}" if a.compile else "")
          + "  checks")
    failed = 0
    reps, rounds = (2, 2) if a.quick else (10, 5)
    for label, build, sample, elements, n_in, n_out in cases(a.quick):
        torch.manual_seed(0)
        t0 = time.perf_counter()
        module = build().float()
        t_build = time.perf_counter() - t0
        acts = [elements(s) for s in range(3)]        # float64 images of group elements (exact gens)
        with no_exact():
            errs = {}
            # the same float32 weights in float64, before the bf16 move rounds them
            ref = copy.deepcopy(module).to(device=device, dtype=torch.float64)
            for dtype in (torch.float32, torch.bfloat16):
                m = module.to(device=device, dtype=dtype)
                bad = [k for k, b in list(m.named_buffers()) + list(m.named_parameters())
                       if b is not None and b.device.type != device.type]
                if bad:
                    raise AssertionError(f"{label}: tensors left behind on another device: {bad}")
                errs[dtype] = rel_error(m, sample, acts, dtype, device)
            own = rounding_error(m, ref, sample, torch.bfloat16, device)
            floor = storage_floor(ref, sample, acts, device)
            module = module.to(device=device, dtype=torch.float32)
            x = sample(torch.Generator().manual_seed(9)).to(device, torch.float32)
            dense = torch.nn.Linear(n_in, n_out).to(device)
            t_ours, t_dense = step_times(module, dense, x, reps, rounds, sync)
            comp = ""
            if a.compile:
                mode = "reduce-overhead" if device.type == "cuda" else None
                t0 = time.perf_counter()
                cm = torch.compile(module, mode=mode)
                for _ in range(3):                        # compile forward and backward
                    cm(x.detach().requires_grad_()).float().square().sum().backward()
                sync()
                t_comp_build = time.perf_counter() - t0
                errs["compiled"] = rel_error(cm, sample, acts, torch.float32, device)
                t_comp, _ = step_times(cm, dense, x, reps, rounds, sync)
                comp = (f" {t_comp_build:9.1f} {errs['compiled']:13.1e} {t_comp * 1e3:8.3f} "
                        f"{t_comp / t_dense:6.2f}")
        ok = (errs[torch.float32] < TOL[torch.float32] and errs[torch.bfloat16] < TOL[torch.bfloat16]
              and errs.get("compiled", 0.0) < TOL[torch.float32])
        failed += not ok
        print(f"{label:<42} {t_build:7.2f} {errs[torch.float32]:11.1e} {errs[torch.bfloat16]:12.1e} "
              f"{own:11.1e} {floor:10.1e} {t_ours * 1e3:8.3f} {t_dense * 1e3:12.3f} {t_ours / t_dense:6.2f}{comp}"
              f"  {'ok' if ok else 'FAILED'}",
              flush=True)
    print("all checks passed" if not failed else f"{failed} layer(s) FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
