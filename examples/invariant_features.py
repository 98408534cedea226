"""Seed 003, answered in code: SO(3) has no nonzero *linear* map 2V -> Scalar, but the invariant
*polynomials* of degree 2 are u·u, u·v, v·v, and every invariant function of (u, v) is a
function of them.  A small MLP on those three exact invariant features is trained against an
EMLP of about the same parameter count, for the same number of Adam steps, on the target
f(u, v) = u·v - |v|^3.

    python3 examples/invariant_features.py

Protocol (revision 2, fixed before it was run; the same for both models wherever a choice
applies to both), for each of the seeds 0-4:

* data: 1000 training, 1000 validation and 2000 test samples, u, v standard normal;
* target: standardised with the *training* mean and standard deviation (the network predicts
  ``(y - mean) / std``, the wrapper maps back; all MSEs are in the original units);
* training: 400 full-batch Adam steps, cosine decay of the learning rate to zero, gradient
  norm clipped to 1 (the EMLP's own training advice), initialisation seeded by the data seed;
* tuning: the learning rate only, from the same two-point grid (3e-3, 1e-2) for both models,
  chosen on the validation MSE; the test set is evaluated once, on the chosen model;
* MLP: the exact invariants u·u, u·v, v·v, standardised with training-set mean and standard
  deviation, into two SiLU layers plus a linear skip from the standardised features to the
  output (the target contains the feature u·v exactly); the hidden width is the largest whose
  parameter count does not exceed the EMLP's, and the script asserts the two counts agree
  within 10%;
* EMLP: ``se.nn.EMLP(2V, Scalar, SO(3), ch=32, num_layers=2)``.

Every chosen model is checked invariant under random rotations (float64).

Revision history: revision 1 (the previous version of this file) trained on raw features and
raw targets at a constant learning rate, tuned the MLP over 9 candidates (3 activations x 3
learning rates) and the EMLP over 3, and measured over seeds 0-2 a mean test MSE of 0.0231
(MLP) against 0.0151 (EMLP), the MLP winning one seed of three.  Revision 2 (this one) was
decided from that protocol's defects (unnormalised heavy-tailed inputs and target, no skip for
the linear part, unequal tuning grids), not from any test number, and is the last revision:
whatever it measures is the result.

Measured here at commit 4acee7d (the bilinear layer with unit-scale parameters, unordered
input pairs, gain 0.1), one thread on an otherwise idle 2-core machine, test variance 64,
203 s for the script:

    seed                      0       1       2       3       4     mean   s/run
    MLP  (1595 params)   0.0696  0.0187  0.0386  0.0295  0.0780   0.0469     1.1
    EMLP (1608 params)   0.0255  0.0553  0.0404  0.0438  0.0664   0.0463    19.1

Re-run on 2026-11-29 at commit 895a2b3 (session 12: the layers' forward paths changed since
4acee7d, the protocol did not): the same MSEs to four digits, 1.0 against 16.9 s per run.

The MLP on the three invariants wins three seeds of five; the means are within 1.3% of each
other (0.0469 against 0.0463, a difference far inside the seed-to-seed spread of either
model), at 17x less compute per run.  So the claim "at least as well" holds per seed (3 of 5)
and is a tie, not a win, on the mean.  Earlier versions of the EMLP's bilinear layer gave other
rankings under this same protocol (ordered input pairs, weights initialised at gain/sqrt(fan):
MLP mean 0.0393 against EMLP 0.0611; an intermediate version with gain 0.3: 0.0469 against
0.0309), so the comparison is sensitive to the EMLP's implementation.  Caveat, stated rather
than tuned away: both models chose the learning rate 1e-2, the top of the grid, on every seed,
so neither is fully converged at 400 steps.
"""

import time

import numpy as np
import torch

import symequiv as se

LRS = (3e-3, 1e-2)          # the same learning-rate grid for both models


def emlp(V):
    """The EMLP of the comparison: ``se.nn.EMLP(2V, Scalar, SO(3), ch=32, num_layers=2)``."""
    return se.nn.EMLP(2 * V, se.Scalar, se.SO(3), ch=32, num_layers=2)


def matched_width(budget, n_features=3):
    """The largest hidden width whose :class:`SkipMLP` has at most ``budget`` parameters.

    Two hidden layers of width ``h`` on ``n`` features plus a bias-free skip have
    ``n h + h + h^2 + h + h + 1 + n`` parameters (42 against the EMLP's 2032 gives 2020).

    Parameters
    ----------
    budget : int
        Parameter count to match (the EMLP's).
    n_features : int
        Number of invariant features.

    Returns
    -------
    int
    """
    h = 1
    while (h + 1) * (n_features + 3) + (h + 1) ** 2 + 1 + n_features <= budget:
        h += 1
    return h


def data(n, rng):
    """``n`` samples ``x = (u, v)`` with standard-normal ``u, v`` and ``y = u·v - |v|^3``.

    Parameters
    ----------
    n : int
        Number of samples.
    rng : numpy.random.Generator
        Source of the samples.

    Returns
    -------
    x, y : torch.Tensor
        Shapes ``(n, 6)`` and ``(n, 1)``.
    """
    x = rng.normal(size=(n, 6))
    u, v = x[:, :3], x[:, 3:]
    y = (u * v).sum(1) - np.linalg.norm(v, axis=1) ** 3
    return torch.as_tensor(x), torch.as_tensor(y)[:, None]


class Affine(torch.nn.Module):
    """The fixed map ``z ↦ (z - shift) / scale`` (or its inverse), with statistics held as
    buffers, not parameters: a standardisation measured once on the training set.

    Parameters
    ----------
    shift, scale : torch.Tensor
        Broadcastable to the input's last dimension.
    inverse : bool
        If true, compute ``z * scale + shift`` instead.
    """

    def __init__(self, shift, scale, inverse=False):
        super().__init__()
        self.register_buffer("shift", shift.detach().clone())
        self.register_buffer("scale", scale.detach().clone())
        self.inverse = inverse

    def forward(self, z):
        return z * self.scale + self.shift if self.inverse else (z - self.shift) / self.scale


class SkipMLP(torch.nn.Module):
    """Standardised invariant features, two hidden layers and a linear skip to the output.

    Parameters
    ----------
    features : torch.nn.Module
        The exact invariant features (an ``se.nn.InvariantFeatures``).
    x_train : torch.Tensor
        Training inputs; only used for the features' mean and standard deviation.
    width : int
        Hidden width.
    act : type
        Activation module class.
    """

    def __init__(self, features, x_train, width, act=torch.nn.SiLU):
        super().__init__()
        with torch.no_grad():
            f = features(x_train)
        self.features = torch.nn.Sequential(features, Affine(f.mean(0), f.std(0)))
        n = f.shape[1]
        self.body = torch.nn.Sequential(torch.nn.Linear(n, width), act(), torch.nn.Linear(width, width),
                                        act(), torch.nn.Linear(width, 1))
        self.skip = torch.nn.Linear(n, 1, bias=False)

    def forward(self, x):
        f = self.features(x)
        return self.body(f) + self.skip(f)


def with_target_scaling(net, y_train):
    """``net`` followed by the inverse of the training target's standardisation."""
    return torch.nn.Sequential(net, Affine(y_train.mean(0), y_train.std(0), inverse=True))


def train(model, x, y, steps, lr):
    """Full-batch Adam on the MSE of the standardised target, cosine-decayed learning rate,
    gradient norm clipped to 1.

    Parameters
    ----------
    model : torch.nn.Sequential
        ``with_target_scaling(net, y)``; the loss is taken before the final rescaling.
    x, y : torch.Tensor
        Training data.
    steps : int
        Number of Adam steps.
    lr : float
        Peak learning rate.

    Returns
    -------
    torch.nn.Sequential
        ``model``, trained.
    """
    net, scaling = model[0], model[1]
    target = (y - scaling.shift) / scaling.scale
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((net(x) - target) ** 2).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        sched.step()
    return model


def mse(model, x, y):
    """Mean squared error of ``model`` on ``(x, y)``, in the original units."""
    with torch.no_grad():
        return float(((model(x) - y) ** 2).mean())


def run_seed(seed, steps, V):
    """Tune, train and test both models on one seed's data.

    Returns
    -------
    dict, float
        Per model name: (chosen learning rate, parameters, validation MSE, test MSE, seconds per
        training run); and the test-target variance.
    """
    rng = np.random.default_rng(seed)
    x, y = data(1000, rng)
    xv, yv = data(1000, rng)
    xt, yt = data(2000, rng)
    budget = sum(p.numel() for p in emlp(V).parameters())
    width = matched_width(budget)
    builders = {"MLP on exact invariants": lambda: SkipMLP(se.nn.InvariantFeatures(2 * V, 2), x, width),
                "EMLP (SO(3))": lambda: emlp(V)}
    out = {}
    for name, build in builders.items():
        best = None
        t = time.perf_counter()
        for lr in LRS:
            torch.manual_seed(seed)
            model = train(with_target_scaling(build(), y), x, y, steps, lr)
            val = mse(model, xv, yv)
            if best is None or val < best[0]:
                best = (val, lr, model)
        seconds = (time.perf_counter() - t) / len(LRS)
        val, lr, model = best
        se.testing.assert_equivariant(model, 2 * V, se.Scalar, samples=5)   # raises if not
        out[name] = (lr, sum(p.numel() for p in model.parameters()), val, mse(model, xt, yt), seconds)
    n_mlp = out["MLP on exact invariants"][1]
    assert abs(n_mlp - budget) <= 0.1 * budget, (n_mlp, budget)        # same size within 10%
    return out, float(yt.var())


def main(steps=400, seeds=(0, 1, 2, 3, 4), threads=1):
    """Run the protocol of the module docstring and print the table.

    Returns
    -------
    list of tuple
        Per model: (name, parameters, test MSE per seed, mean test MSE).
    """
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    V = se.V(se.SO(3))
    space = se.invariants(2 * V, 2)
    print("degree-2 invariants of 2V under SO(3):", [str(p.as_expr()) for p in space.polynomials()])
    print("linear maps 2V -> Scalar:", se.equivariant_basis(2 * V, se.Scalar).dim)
    start = time.perf_counter()
    runs = [run_seed(seed, steps, V) for seed in seeds]
    print(f"\ntarget u·v - |v|^3 (test variance {np.mean([v for _, v in runs]):.1f}), {steps} full-batch "
          f"Adam steps (cosine decay, clip 1), learning rate from {list(LRS)} chosen on the "
          f"validation set, seeds {list(seeds)}, {threads} thread(s):")
    print(f"{'model':<26} {'params':>7} {'test MSE per seed':<44} {'mean':>8} {'s/run':>7}  chosen lr")
    rows = []
    for name in runs[0][0]:
        tests = [r[name][3] for r, _ in runs]
        rows.append((name, runs[0][0][name][1], tests, float(np.mean(tests))))
        print(f"{name:<26} {runs[0][0][name][1]:>7} {', '.join(f'{x:.4f}' for x in tests):<44} "
              f"{np.mean(tests):>8.4f} {np.mean([r[name][4] for r, _ in runs]):>7.1f}  "
              f"{', '.join(f'{r[name][0]:g}' for r, _ in runs)}")
    wins = sum(a < b for a, b in zip(rows[0][2], rows[1][2]))
    print(f"the MLP has the lower test MSE on {wins} of {len(seeds)} seeds; "
          f"total {time.perf_counter() - start:.0f} s")
    print("every chosen model checked invariant under 5 random rotations in float64")
    return rows


if __name__ == "__main__":
    main()
