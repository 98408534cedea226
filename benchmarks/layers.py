"""Torch layers: speed against nn.Linear, BasisExpansion memory against its output, and EMLP
test error on EMLP's synthetic tasks next to a plain MLP trained the same way (same run) and
EMLP's published numbers.  Not a test.

    python3 benchmarks/layers.py [--quick] [--skip-training]

Targets (issue 7): EquivariantLinear forward+backward at batch 4096 within 1.2x of nn.Linear
for (n_in, n_out, dim) = (6, 114, 32) and (256, 256, 15); BasisExpansion peak memory <= 1.5x
its output.
"""

import os
import subprocess
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import symequiv as se  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import step_time  # noqa: E402
from symequiv import datasets as D  # noqa: E402

PUBLISHED = {"inertia": 0.136, "o5_synthetic": 0.017, "particle_interaction": 3.3e-4}


def speed(repeats):
    print("EquivariantLinear forward+backward, batch 4096, ratio to nn.Linear (target <= 1.2)")
    V3, V16 = se.V(se.SO(3)), se.V(se.S(16))
    for rin, rout in ((2 * V3, 30 * se.Scalar + 10 * V3 + 3 * V3 ** 2 + V3 ** 3), (V16 ** 2, V16 ** 2)):
        layer = se.nn.EquivariantLinear(rin, rout)
        dense = torch.nn.Linear(rin.size, rout.size)
        x = torch.randn(4096, rin.size)
        t1, t2 = step_time(layer, x, repeats), step_time(dense, x, repeats)
        print(f"  ({rin.size}, {rout.size}, dim {layer.weight.numel()}): {t1 * 1e3:.2f} ms vs "
              f"{t2 * 1e3:.2f} ms, ratio {t1 / t2:.2f}")


MEM_SCRIPT = """
import sys, torch, symequiv as se
torch.set_num_threads(1)

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

G = se.group(sys.argv[1]); rep = se.rep(sys.argv[2], G); B = int(sys.argv[3])
E = se.nn.BasisExpansion(rep, rep)
c = torch.randn(B, E.dim)
with torch.no_grad():
    E(c[:2])                                  # warm up allocator and kernels
    open("/proc/self/clear_refs", "w").write("5")   # reset the peak-RSS counter (Linux)
    base = status("VmRSS")
    out = E(c)
    peak = status("VmHWM")
print(peak - base, out.numel() * out.element_size())
"""


def memory():
    print("\nBasisExpansion peak memory (RSS growth during the call) / output size (target <= 1.5)")
    for g, r, B in (("S(8)", "V**2", 8192), ("SO(3)", "V+V**2+V**3", 8192)):
        out = subprocess.run([sys.executable, "-c", MEM_SCRIPT, g, r, str(B)], capture_output=True, text=True,
                             env=dict(os.environ, PYTHONPATH=ROOT), check=True).stdout.split()
        peak, size = int(out[0]), int(out[1])
        print(f"  {g} {r} -> {r}, batch {B}: output {size / 2**20:.0f} MiB, peak growth "
              f"{peak / 2**20:.0f} MiB, ratio {peak / size:.2f}")


def train(model, X, Y, steps, lr, seed):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    for _ in range(steps):
        idx = torch.randint(0, len(X), (min(200, len(X)),), generator=g)
        loss = ((model(X[idx]) - Y[idx]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
    return model


def training(quick, rows=None):
    steps = 300 if quick else 1500
    print(f"\nTest MSE on standardised targets, 1000 training samples, {steps} Adam steps (batch 200, "
          f"lr 1e-3, gradient norm clipped at 1, the same for both models)")
    print(f"  {'task':<22} {'EMLP (symequiv)':>16} {'plain MLP':>10} {'EMLP published':>16} {'seconds':>8}")
    for name in ("inertia", "o5_synthetic", "particle_interaction"):
        X, Y, rin, rout, G = getattr(D, name)(2000, seed=0)
        Y = Y / Y[:1000].std()
        X, Y = torch.tensor(X, dtype=torch.float32), torch.tensor(Y, dtype=torch.float32)
        Xtr, Ytr, Xte, Yte = X[:1000], Y[:1000], X[1000:], Y[1000:]
        torch.manual_seed(0)
        t0 = time.perf_counter()
        emlp = train(se.nn.EMLP(rin, rout, G, ch=128, num_layers=3), Xtr, Ytr, steps, 1e-3, 0)
        t = time.perf_counter() - t0
        torch.manual_seed(0)
        mlp = train(torch.nn.Sequential(torch.nn.Linear(rin.size, 384), torch.nn.SiLU(),
                                        torch.nn.Linear(384, 384), torch.nn.SiLU(),
                                        torch.nn.Linear(384, 384), torch.nn.SiLU(),
                                        torch.nn.Linear(384, rout.size)), Xtr, Ytr, steps, 1e-3, 0)
        with torch.no_grad():
            e1 = float(((emlp(Xte) - Yte) ** 2).mean())
            e2 = float(((mlp(Xte) - Yte) ** 2).mean())
        print(f"  {name:<22} {e1:16.4g} {e2:10.4g} {PUBLISHED[name]:16.4g} {t:8.1f}")
        if rows is not None:
            rows.append((name, e1, e2, PUBLISHED[name], t, steps))


def main():
    quick = "--quick" in sys.argv
    speed(2 if quick else 5)
    memory()
    if "--skip-training" not in sys.argv:
        training(quick)


if __name__ == "__main__":
    main()
