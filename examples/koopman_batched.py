"""Seed 000: a state-dependent equivariant operator T(x), predicted as basis coefficients.

State x = (s, u, v) in Scalar + 2*V under SO(3).  The true dynamics are

    x_{t+1} = T*(x_t) x_t,   T*(x) ∈ Hom_SO(3)(Scalar + 2V, Scalar + 2V)  (dimension 5),

with coefficients that are smooth functions of the invariants of x.  The model predicts the 5
coefficients from invariant features (an EquivariantBilinear layer into scalars, then a plain
MLP), expands them in batch with BasisExpansion -- never forming an n²×n² projector -- and
applies T(x) to x with ``apply``.  Equivariance of the learned one-step map is checked.

    python3 examples/koopman_batched.py [--steps 400]
"""

import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import symequiv as se  # noqa: E402
from symequiv.testing import float_rho  # noqa: E402

G = se.SO(3)
V = se.V(G)
REP = se.Scalar + 2 * V


def true_coefficients(x):
    s, u, v = x[:, :1], x[:, 1:4], x[:, 4:7]
    uu, vv, uv = (u * u).sum(1, keepdim=True), (v * v).sum(1, keepdim=True), (u * v).sum(1, keepdim=True)
    return torch.cat([0.9 * torch.tanh(s), 0.8 - 0.1 * uu, 0.2 * torch.sin(uv),
                      -0.2 * torch.sin(uv), 0.8 - 0.1 * vv], dim=1)


class KoopmanModel(torch.nn.Module):
    def __init__(self, expansion, width=64):
        super().__init__()
        self.expansion = expansion
        self.features = se.nn.EquivariantBilinear(REP, 8 * se.Scalar, gain=1.0)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(8 + 1, width), torch.nn.SiLU(),
                                       torch.nn.Linear(width, expansion.dim))

    def coefficients(self, x):
        return self.mlp(torch.cat([self.features(x), x[:, :1]], dim=1))

    def forward(self, x):
        return self.expansion.apply(self.coefficients(x), x)     # T(x) x, no maps materialised


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=800)
    args = ap.parse_args(argv)
    torch.manual_seed(0)
    E = se.nn.BasisExpansion(REP, REP)
    print(f"Hom_SO(3)({REP}, {REP}) has dimension {E.dim}")
    # the true operator uses the same exact basis; generate a dataset of transitions
    x = torch.randn(3000, REP.size)
    with torch.no_grad():
        y = E.apply(true_coefficients(x), x)
    xtr, ytr, xte, yte = x[:2000], y[:2000], x[2000:], y[2000:]
    model = KoopmanModel(E)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps)
    g = torch.Generator().manual_seed(0)
    for _ in range(args.steps):
        idx = torch.randint(0, len(xtr), (128,), generator=g)
        loss = ((model(xtr[idx]) - ytr[idx]) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        rel = float(((model(xte) - yte) ** 2).mean() / (yte ** 2).mean())
        maps = E(model.coefficients(xte[:4]))            # batched maps (4, 7, 7) on request
        R = torch.as_tensor(float_rho([REP], 1)[0], dtype=torch.float32)
        equi = float((model(xte @ R.T) - model(xte) @ R.T).abs().max())
    print(f"relative test error {rel:.4f}; batched maps {tuple(maps.shape)}; "
          f"equivariance error of the learned step {equi:.1e}")
    return rel, equi


if __name__ == "__main__":
    main()
