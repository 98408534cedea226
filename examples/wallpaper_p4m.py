"""A p4m-invariant classifier on an 8 x 8 torus, built from exact orbit bases, against an MLP.

Each image holds one five-cell pattern -- a plus or an L -- at a random position and in a random
orientation (a random element of p4m: the wallpaper group of translations, quarter turns and
mirrors of the square grid, on the torus), plus Gaussian noise; the label is which pattern.  The
label is invariant under p4m, and so is the model:

    EquivariantLinear(V, c*V) -> ReLU -> EquivariantLinear(c*V, c*V) -> ReLU
        -> EquivariantLinear(c*V, Scalar)

with ``V = se.V(WallpaperGroup('p4m', 8))`` (the 64 sites, site ``row * 8 + col``) and ``c*V`` the
rep algebra's ``c`` channels.  Each V -> V block has one weight per orbit of p4m on site pairs
(15 for n = 8): a convolution with a kernel invariant under the dihedral group D4.  A plain
MLP with about as many parameters is trained on the same small training set.  Finally the
trained model's output is checked to be invariant, in float64, under random p4m elements.

    python3 examples/wallpaper_p4m.py [--n 8] [--train 100] [--steps 300] [--channels 8]
"""

import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import symequiv as se  # noqa: E402
from symequiv.groups.wallpaper import WallpaperGroup  # noqa: E402

PLUS = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)]
ELL = [(0, 0), (1, 0), (2, 0), (2, 1), (2, 2)]          # an L with two arms of length 2


def make_data(G, num, rng, noise=0.25):
    """Images (num, n*n) with a plus (label 1) or an L (label 0) moved by a random p4m element."""
    n = G.n
    X = np.zeros((num, n * n))
    y = rng.integers(0, 2, size=num)
    for k in range(num):
        g = np.array(G.random_element(rng))               # site i goes to g[i]
        for a, b in (PLUS if y[k] else ELL):
            X[k, g[G.site(a, b)]] = 1.0
    X += noise * rng.standard_normal(X.shape)
    return torch.tensor(X), torch.tensor(y, dtype=torch.float64)


def equivariant_model(G, channels):
    V = se.V(G)
    EL = se.nn.EquivariantLinear
    return torch.nn.Sequential(
        EL(V, channels * V), torch.nn.ReLU(),
        EL(channels * V, channels * V), torch.nn.ReLU(),
        EL(channels * V, se.Scalar),                      # invariant read-out
    ).double()


def mlp(d, params):
    hidden = max(1, round((params - 1) / (d + 2)))       # d*h + h + h + 1 parameters
    return torch.nn.Sequential(torch.nn.Linear(d, hidden), torch.nn.ReLU(),
                               torch.nn.Linear(hidden, 1)).double()


def count(model):
    return sum(p.numel() for p in model.parameters())


def train(model, X, y, steps, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(X)[:, 0], y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


@torch.no_grad()
def accuracy(model, X, y):
    model.eval()
    acc = float(((model(X)[:, 0] > 0).double() == y).double().mean())
    model.train()
    return acc


@torch.no_grad()
def invariance_error(model, G, X, rng, samples=10):
    """Largest |f(g x) - f(x)| relative to max |f(x)| over random p4m elements g (float64)."""
    model.eval()
    out = model(X)
    err = 0.0
    for _ in range(samples):
        g = torch.as_tensor(G.random_element(rng))
        gX = torch.empty_like(X)
        gX[:, g] = X                                       # site i moves to g[i]
        err = max(err, float((model(gX) - out).abs().max() / max(1.0, float(out.abs().max()))))
    model.train()
    return err


def main(argv=None):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)                             # deterministic, and faster for these sizes
    try:
        return run(argv)
    finally:
        torch.set_num_threads(threads)


def run(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=8)
    ap.add_argument("--train", type=int, default=100)
    ap.add_argument("--test", type=int, default=2000)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--channels", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-3)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    G = WallpaperGroup("p4m", args.n)
    Xtr, ytr = make_data(G, args.train, rng)
    Xte, yte = make_data(G, args.test, rng)

    eq = equivariant_model(G, args.channels)
    base = mlp(G.d, count(eq))
    rows = []
    for name, model in (("p4m-equivariant (orbit basis)", eq), ("plain MLP", base)):
        t = time.perf_counter()
        train(model, Xtr, ytr, args.steps, args.lr)
        rows.append((name, count(model), accuracy(model, Xtr, ytr), accuracy(model, Xte, yte),
                     invariance_error(model, G, Xte[:256], np.random.default_rng(1)),
                     time.perf_counter() - t))

    V = se.V(G)
    print(f"{G!r}: order {G.order()}, {G.d} sites; dim Hom(V, V) = "
          f"{se.equivariant_basis(V, V).dim} (orbits of p4m on site pairs)")
    print(f"{args.train} training images, {args.test} test images, {args.steps} full-batch Adam "
          f"steps (lr {args.lr})\n")
    print(f"{'model':32s} {'params':>7s} {'train acc':>10s} {'test acc':>9s} {'invariance err':>15s} {'time':>6s}")
    for name, p, tr, te, err, sec in rows:
        print(f"{name:32s} {p:7d} {tr:10.3f} {te:9.3f} {err:15.1e} {sec:5.1f}s")
    err = rows[0][4]
    ok = err < 1e-10
    print(f"\nequivariant model invariant under 10 random p4m elements (float64): "
          f"{'yes' if ok else 'NO'} (max relative change {err:.1e}); total {time.perf_counter() - t0:.1f}s")
    if not ok:
        raise SystemExit(1)
    return rows


if __name__ == "__main__":
    main()
