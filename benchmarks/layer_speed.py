"""Schur-form and diagram layers against hand-written baselines measured in the same run
(issue 18, items 2 and 3).  Not a test.

    python3 benchmarks/layer_speed.py [--quick] [--threads N] [--only schur|diagrams]

Every row times forward+backward (``out.square().sum().backward()``; the input does not need a
gradient unless the row says ``x.grad``), ours and the baseline interleaved round by round
(best of the rounds for each), and prints ``ours / baseline``:

* Schur layers (target <= 1.2 at batch >= 256): SO(3) V^6 -> V^6 and the icosahedral regular
  rep against ``nn.Linear`` of the same shape.  "before" is the block application of the
  previous release (``SchurApply._forward_general``: dense change of basis, index_select /
  index_copy per block), measured in the same run.
* Diagram layers (target <= 1.2): ``PartitionLinear`` and ``DiagramLinear`` for orders
  (1, 1), (1, 2), (2, 2) at n = 50 and n = 200 against a hand-written Maron-style layer (row,
  column and diagonal sums, channel mixing on the reduced tensors, broadcasts).  "before" is
  the previous release's einsum-per-diagram forward (``_forward_einsum``).
"""

import argparse
import os
import sys
import time

os.environ.setdefault("SYMEQUIV_NO_CACHE", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import symequiv as se  # noqa: E402


def _step(f, params):
    def run():
        for p in params:
            p.grad = None
        f().square().sum().backward()
    return run


def interleaved(fns, rounds, reps):
    """Best seconds per call of each function, measured round-robin (so that load from other
    processes hits every contender alike)."""
    for f in fns:
        f()
        f()
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, f in enumerate(fns):
            t0 = time.perf_counter()
            for _ in range(reps):
                f()
            best[i] = min(best[i], (time.perf_counter() - t0) / reps)
    return best


def _row(name, times, labels):
    base = times[-1]
    cells = "  ".join(f"{lab} {t * 1e3:8.3f} ms ({t / base:5.2f}x)" for lab, t in zip(labels, times[:-1]))
    print(f"  {name:<40} {cells}  baseline {base * 1e3:8.3f} ms", flush=True)


# --- item 2: Schur layers ------------------------------------------------------------------------

def schur(quick):
    rounds, reps = (3, 3) if quick else (7, 5)
    print("Schur-form layers, forward+backward, ratio to nn.Linear of the same shape (target <= 1.2)")
    V = se.V(se.SO(3))
    R = se.Regular(se.Icosahedral())
    cases = [("SO(3) V^6 -> V^6", lambda: se.nn.EquivariantLinear(V ** 6, V ** 6)),
             ("Regular(Icosahedral()) schur", lambda: se.nn.EquivariantLinear(R, R, schur=True)),
             ("Regular(Icosahedral()) orbits", lambda: se.nn.EquivariantLinear(R, R))]
    for name, build in cases:
        torch.manual_seed(0)
        layer = build()
        n_in, n_out = layer.rep_in.size, layer.rep_out.size
        dense = torch.nn.Linear(n_in, n_out)
        for batch in ((256,) if quick else (256, 1024, 4096)):
            for xgrad in (False, True):
                x = torch.randn(batch, n_in, requires_grad=xgrad)
                params = [layer.weight, layer.bias, dense.weight, dense.bias] + ([x] if xgrad else [])
                fns = [_step(lambda: layer(x), params)]
                labels = [f"ours[{layer.path(batch)}]"]
                if layer.schur is not None:
                    fns.append(_step(lambda: layer.schur._forward_general(layer.weight, x) + layer.bias_vector(),
                                     params))
                    labels.append("before")
                fns.append(_step(lambda: dense(x), params))
                times = interleaved(fns, rounds, reps)
                _row(f"{name}, batch {batch}{', x.grad' if xgrad else ''}", times, labels)
        layer.eval()
        dense.eval()
        x = torch.randn(256 if quick else 4096, n_in)
        with torch.no_grad():
            times = interleaved([lambda: layer(x), lambda: dense(x)], rounds, reps)
            label = f"ours[{layer.path(x.shape[0])}]"          # the path a no-grad call takes
        _row(f"{name}, eval forward, batch {x.shape[0]}", times, [label])


# --- item 3: diagram layers ----------------------------------------------------------------------

class MaronPartition(torch.nn.Module):
    """Hand-written S_n-equivariant layer between orders 1 and 2 (Maron et al. 2019): row,
    column and diagonal sums (means), channel mixing on the reduced tensors, broadcasts."""

    def __init__(self, n, k, l, cin, cout):
        super().__init__()
        self.n, self.k, self.l = n, k, l
        nb = {(1, 1): 2, (1, 2): 5, (2, 2): 15, (2, 1): 5}[(k, l)]
        self.weight = torch.nn.Parameter(torch.randn(nb, cout, cin) / (cin * nb) ** 0.5)
        self.bias = torch.nn.Parameter(torch.zeros({1: 1, 2: 2}[l], cout))

    @staticmethod
    def mix(W, t):           # (cout, cin) applied to (B, cin, ...), as one batched matmul
        if t.dim() == 2:
            return t @ W.t()
        return torch.matmul(W, t.reshape(t.shape[0], t.shape[1], -1)).reshape(t.shape[0], W.shape[0], *t.shape[2:])

    def forward(self, x):
        W, b = self.weight, self.bias
        if (self.k, self.l) == (1, 1):
            s = x.mean(-1)
            return self.mix(W[0], x) + (self.mix(W[1], s) + b[0])[..., None]
        if (self.k, self.l) == (1, 2):
            s = x.mean(-1)                                            # (B, C)
            y = (self.mix(W[0], x)[..., :, None] + self.mix(W[1], x)[..., None, :]
                 + (self.mix(W[2], s) + b[0])[..., None, None])
            d = self.mix(W[3], x) + (self.mix(W[4], s) + b[1])[..., None]
            return y + torch.diag_embed(d)
        diag = x.diagonal(0, -2, -1)                                 # (B, C, n)
        rows, cols = x.mean(-1), x.mean(-2)
        tot, tr = rows.mean(-1), diag.mean(-1)
        y = self.mix(W[0], x) + self.mix(W[1], x.transpose(-1, -2))
        # vectors broadcast along columns (y_ij = v_i) and rows (y_ij = v_j)
        vi = self.mix(W[2], diag) + self.mix(W[3], rows) + self.mix(W[4], cols)
        vj = self.mix(W[5], diag) + self.mix(W[6], rows) + self.mix(W[7], cols)
        s = self.mix(W[8], tot) + self.mix(W[9], tr) + b[0]
        y = y + vi[..., :, None] + vj[..., None, :] + s[..., None, None]
        d = (self.mix(W[10], diag) + self.mix(W[11], rows) + self.mix(W[12], cols)
             + (self.mix(W[13], tot) + self.mix(W[14], tr) + b[1])[..., None])
        return y + torch.diag_embed(d)


class MaronOrthogonal(torch.nn.Module):
    """Hand-written O(n)-equivariant layer: (1, 1) a*x; (2, 2) a*x + b*x^T + c*tr(x)/n * I."""

    def __init__(self, n, k, l, cin, cout):
        super().__init__()
        self.k = k
        self.weight = torch.nn.Parameter(torch.randn(3 if k == 2 else 1, cout, cin) / cin ** 0.5)

    def forward(self, x):
        W = self.weight
        mix = MaronPartition.mix
        if self.k == 1:
            return mix(W[0], x)
        y = mix(W[0], x) + mix(W[1], x.transpose(-1, -2))
        t = mix(W[2], x.diagonal(0, -2, -1).mean(-1))
        return y + torch.diag_embed(t[..., None].expand(*t.shape, x.shape[-1]))


def diagrams(quick):
    # small layers (about 1 ms): more rounds, so that the best round of each escapes the load of
    # other processes on a shared machine
    rounds, reps = (3, 2) if quick else (9, 3)
    print("\nDiagram layers, forward+backward, ratio to a hand-written Maron-style layer (target <= 1.2)")
    # n -> batch for orders (1, 1), (1, 2), (2, 2); 8 -> 8 channels
    sizes = {50: (256, 16, 16), 200: (64, 4, 4)}
    ch = 8

    def compare(label, ours, base, x):
        """ours, ours' einsum forward ("before") and the Maron layer, interleaved."""
        params = list(ours.parameters()) + list(base.parameters())
        fns = [_step(lambda: ours(x), params), _step(lambda: ours._forward_einsum(x), params),
               _step(lambda: base(x), params)]
        _row(label, interleaved(fns, rounds, reps), ["ours", "before"])

    for n in (50, 200):
        for bsz, (k, l) in zip(sizes[n], ((1, 1), (1, 2), (2, 2))):
            torch.manual_seed(0)
            x = torch.randn((bsz, ch) + (n,) * k)
            compare(f"PartitionLinear n={n} ({k},{l}) B={bsz} C={ch}", se.nn.PartitionLinear(n, k, l, ch, ch),
                    MaronPartition(n, k, l, ch, ch), x)
            if k == l:
                compare(f"DiagramLinear O({n}) ({k},{l}) B={bsz} C={ch}", se.nn.DiagramLinear(se.O(n), k, l, ch, ch),
                        MaronOrthogonal(n, k, l, ch, ch), x)
            else:
                print(f"  DiagramLinear O({n}) ({k},{l}): Hom_O(n)(V^{k}, V^{l}) = 0 (odd number of "
                      f"points), nothing to time")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--only", choices=["schur", "diagrams"], default=None)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs")
    if a.only in (None, "schur"):
        schur(a.quick)
    if a.only in (None, "diagrams"):
        diagrams(a.quick)


if __name__ == "__main__":
    main()
