"""Seed 003, answered in code: SO(3) has no nonzero *linear* map 2V -> Scalar, but the invariant
*polynomials* of degree 2 are u·u, u·v, v·v, and every invariant function of (u, v) is a
function of them.  A small MLP on those three exact invariant features is trained against an
EMLP of about the same parameter count, for the same number of Adam steps, on the target
f(u, v) = u·v - |v|^3.

    python3 examples/invariant_features.py

Protocol (the same for both models), for each of the seeds 0, 1, 2: 1000 training, 1000
validation and 2000 test samples; full-batch Adam for 400 steps at each learning rate of (3e-3,
1e-2, 3e-2); the learning rate (and for the MLP its activation, SiLU / GELU / Softplus) chosen on
the validation set; the test MSE of the chosen model printed per seed and averaged.  Every trained model is checked invariant under random
rotations (float64).  Measured here (2 cores): test MSE per seed 0.0181, 0.0038, 0.0475 for the MLP
(mean 0.0231) and 0.0164, 0.0056, 0.0233 for the EMLP (mean 0.0151), test variance 64 -- the MLP
wins one seed of three, at about 1 s per run against 42 s per EMLP run.
"""

import time

import numpy as np
import torch

import symequiv as se


def data(n, rng):
    x = rng.normal(size=(n, 6))
    u, v = x[:, :3], x[:, 3:]
    y = (u * v).sum(1) - np.linalg.norm(v, axis=1) ** 3
    return torch.as_tensor(x), torch.as_tensor(y)[:, None]


def train(model, x, y, steps, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return model


LRS = (3e-3, 1e-2, 3e-2)


def mse(model, x, y):
    with torch.no_grad():
        return float(((model(x) - y) ** 2).mean())


def run_seed(seed, steps, V):
    """Per model: (chosen label, params, val MSE, test MSE, s per run) for one seed's data."""
    rng = np.random.default_rng(seed)
    x, y = data(1000, rng)
    xv, yv = data(1000, rng)
    xt, yt = data(2000, rng)
    h = 44                                              # 2201 parameters

    def mlp(act):
        return torch.nn.Sequential(se.nn.InvariantFeatures(2 * V, 2), torch.nn.Linear(3, h), act(),
                                   torch.nn.Linear(h, h), act(), torch.nn.Linear(h, 1))

    candidates = {"MLP on exact invariants": [(f"{act.__name__}, lr {lr:g}", lambda a=act: mlp(a), lr)
                                              for act in (torch.nn.SiLU, torch.nn.GELU, torch.nn.Softplus)
                                              for lr in LRS],
                  "EMLP (SO(3))": [(f"lr {lr:g}", lambda: se.nn.EMLP(2 * V, se.Scalar, se.SO(3), ch=32,
                                                                      num_layers=2), lr)   # 2032 params
                                   for lr in LRS]}
    out = {}
    for name, grid in candidates.items():
        best = None
        t = time.perf_counter()
        for label, build, lr in grid:
            torch.manual_seed(seed)
            model = train(build(), x, y, steps, lr)
            val = mse(model, xv, yv)
            if best is None or val < best[0]:
                best = (val, label, model)
        val, label, model = best
        se.testing.assert_equivariant(model, 2 * V, se.Scalar, samples=5)   # raises if not
        out[name] = (label, sum(p.numel() for p in model.parameters()), val, mse(model, xt, yt),
                     (time.perf_counter() - t) / len(grid))
    return out, float(yt.var())


def main(steps=400, seeds=(0, 1, 2)):
    torch.set_default_dtype(torch.float64)
    V = se.V(se.SO(3))
    space = se.invariants(2 * V, 2)
    print("degree-2 invariants of 2V under SO(3):", [str(p.as_expr()) for p in space.polynomials()])
    print("linear maps 2V -> Scalar:", se.equivariant_basis(2 * V, se.Scalar).dim)
    runs = [run_seed(seed, steps, V) for seed in seeds]
    print(f"\ntarget u·v - |v|^3 (test variance {np.mean([v for _, v in runs]):.1f}), {steps} full-batch "
          f"Adam steps, hyperparameters chosen on the validation set, seeds {list(seeds)}:")
    print(f"{'model':<26} {'params':>7} {'test MSE per seed':<28} {'mean':>8} {'s/run':>7}  chosen")
    rows = []
    for name in runs[0][0]:
        tests = [r[name][3] for r, _ in runs]
        rows.append((name, runs[0][0][name][1], tests, float(np.mean(tests))))
        print(f"{name:<26} {runs[0][0][name][1]:>7} {', '.join(f'{x:.4f}' for x in tests):<28} "
              f"{np.mean(tests):>8.4f} {np.mean([r[name][4] for r, _ in runs]):>7.1f}  "
              f"{'; '.join(r[name][0] for r, _ in runs)}")
    print("every chosen model checked invariant under 5 random rotations in float64")
    return rows


if __name__ == "__main__":
    main()
