"""LinearEquiv: construction time of the second-order set layer and forward+backward time
against a plain nn.Linear of the same dense shape, measured in the same run.  Not a test.

    python3 benchmarks/linear_equiv.py [--quick]

Targets (issue 4): n = 12 built in < 50 ms and n = 40 in < 3 s; forward+backward at batch
4096 within 1.2x of nn.Linear.
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import symequiv as se  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _timing import step_time  # noqa: E402
from symequiv.solve import cache  # noqa: E402


def second_order_gens(n):
    a = np.arange(n * n).reshape(n, n)
    c, s = list(range(1, n)) + [0], [1, 0] + list(range(2, n))
    return [a[c][:, c].flatten().tolist(), a[s][:, s].flatten().tolist()]


def build_time(n, repeats):
    gens = second_order_gens(n)
    best = float("inf")
    for _ in range(repeats):
        cache.clear_memory()
        t0 = time.perf_counter()
        se.nn.LinearEquiv(gens, gens)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    quick = "--quick" in sys.argv
    repeats = 2 if quick else 5
    torch.set_num_threads(max(1, torch.get_num_threads()))
    for n, target in ((12, 0.05), (40, 3.0)):
        t = build_time(n, 1 if n == 40 else repeats)
        print(f"second-order set layer n={n}: built in {t:.3f} s (target < {target} s)")
    print(f"\nforward+backward, batch 4096, ratio to nn.Linear of the same dense shape")
    cases = [("deep sets n=64, 16->16 ch", [[*range(1, 64), 0], [1, 0, *range(2, 64)]], 16, 16),
             ("second-order n=12, 1->1 ch", second_order_gens(12), 1, 1),
             ("second-order n=8, 4->4 ch", second_order_gens(8), 4, 4)]
    for name, gens, ci, co in cases:
        layer = se.nn.LinearEquiv(gens, gens, ci, co)
        dense = torch.nn.Linear(ci * layer.n_in, co * layer.n_out)
        x = torch.randn(4096, ci, layer.n_in)
        t_eq = step_time(layer, x, repeats)
        t_lin = step_time(dense, x.reshape(4096, -1), repeats)
        print(f"  {name:<28} LinearEquiv {t_eq * 1e3:7.2f} ms  nn.Linear {t_lin * 1e3:7.2f} ms  "
              f"ratio {t_eq / t_lin:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
