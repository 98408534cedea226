"""Float export accuracy, measured: the equivariance error of every layer path in float32 and
float64, at the largest sizes in BENCHMARKS.md (hardening issue, item 6).

For each case an ``EquivariantLinear`` with random weights (normal, fixed seed) is built in the
dtype, and the relative error ``max |f(ρ_in(g) x) − ρ_out(g) f(x)| / max |ρ_out(g) f(x)|`` is
taken over 8 random elements ``g`` (``float_rho``, float64) and a batch of 16 inputs; the
group images are applied in float64, so the error is the layer's own.  Paths: ``dense`` (one
dense basis), ``blocks`` (sums: per-block gathers and products), ``schur`` (change of basis and
blocks, never a dense basis), ``number field`` (a basis over Q(√5) or Q(cos 2π/5)).

Run: ``python benchmarks/float_accuracy.py`` (about a minute); prints a Markdown table.
"""

import sys
import time

import numpy as np
import torch

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])
import symequiv as se  # noqa: E402
from symequiv.testing import float_rho  # noqa: E402


def error(rep_in, rep_out, dtype, samples=8, batch=16, seed=0):
    torch.manual_seed(seed)
    layer = se.nn.EquivariantLinear(rep_in, rep_out, dtype=dtype)
    with torch.no_grad():
        for p in layer.parameters():
            p.normal_()
    rng = np.random.default_rng(seed)
    worst = 0.0
    for s in range(samples):
        Ri, Ro = float_rho([rep_in, rep_out], rng)
        x = rng.normal(size=(batch, rep_in.size))
        with torch.no_grad():
            fx = layer(torch.tensor(x, dtype=dtype)).double().numpy()
            fgx = layer(torch.tensor(x @ Ri.T, dtype=dtype)).double().numpy()
        rhs = fx @ Ro.T
        worst = max(worst, float(np.abs(fgx - rhs).max() / np.abs(rhs).max()))
    return worst


CASES = [
    ("SO(3)", "V**2", "V**2", "dense"),
    ("S(5)", "V+V**2", "V+V**2+Scalar", "blocks (orbits)"),
    ("O(3)", "V+V**2+V**3", "V+V**2", "blocks"),
    ("SO(3)", "V**4", "V**4", "schur"),
    ("SO(3)", "V**6", "V**6", "schur"),
    ("Icosahedral()", "V**4", "V**4", "schur, Q(√5)"),
    ("C(5)", "V**4", "V**4", "torus, Q(cos 2π/5)"),
    ("SO13()", "V**2", "V**2", "dense, Lorentz"),
    ("O(5)", "V**4", "V**4", "diagrams"),
]


def main():
    print("| group | in → out | path | float32 error | float64 error | seconds |")
    print("|---|---|---|---|---|---|")
    for g, a, b, path in CASES:
        G = se.group(g)
        rin, rout = se.rep(a, G), se.rep(b, G)
        t0 = time.perf_counter()
        e32 = error(rin, rout, torch.float32)
        e64 = error(rin, rout, torch.float64)
        print(f"| {g} | {a} → {b} | {path} | {e32:.1e} | {e64:.1e} | {time.perf_counter() - t0:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
