"""Closed-form diagram bases against the elimination road (same run) and EMLP's time, and the
n = 200 partition layer against a dense n x n matmul.  Not a test.

    python3 benchmarks/diagrams.py [--quick]

Targets (issue 5): SO(3) Hom(V^4, V^4) exact in < 0.2 s (EMLP 207 s here); O(5) Hom(V^3, V^3)
and S_n order-(2,2) at n = 50 exact in < 1 s.
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import symequiv as se  # noqa: E402
from symequiv.solve import cache  # noqa: E402
from symequiv.solve.nullspace import solve_nullspace  # noqa: E402


def best(fn, repeats):
    out, t = None, float("inf")
    for _ in range(repeats):
        cache.clear_memory()
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return out, t


def main():
    quick = "--quick" in sys.argv
    repeats = 1 if quick else 3
    print(f"{'case':<28} {'dim':>4} {'closed form s':>13} {'elimination s':>13} {'ratio':>6} {'EMLP s':>7} target")
    cases = [("SO(3)", 4, 4, 207.0, 0.2), ("O(5)", 3, 3, None, 1.0), ("Sp(2)", 2, 2, None, None),
             ("O13()", 2, 2, 6.2, None), ("S(50)", 2, 2, None, 1.0), ("S(20)", 3, 2, None, None)]
    for g, k, l, emlp, target in cases:
        def solve():
            G = se.group(g)
            return se.equivariant_basis(se.V(G) ** k, se.V(G) ** l)
        B, t = best(solve, repeats)
        if not B.is_orbit_basis and B.n_in * B.n_out <= 10_000:
            def elim():
                G = se.group(g)
                return solve_nullspace(se.V(G) ** k, se.V(G) ** l)
            _, te = best(elim, repeats)
            el = f"{te:13.4f} {te / t:6.1f}"
        else:
            el = f"{'-':>13} {'-':>6}"
        tg = f"< {target} s {'ok' if t < target else 'MISSED'}" if target else ""
        print(f"{g + f' V^{k} -> V^{l}':<28} {B.dim:>4} {t:13.4f} {el} {emlp or '-':>7} {tg}  ({B.method})")

    print("\nS(200) order-2 -> order-2 partition layer, batch 8, 4 -> 4 channels, forward+backward")
    n, bsz, ch = 200, 8, 4
    layer = se.nn.PartitionLinear(n, 2, 2, ch, ch)
    x = torch.randn(bsz, ch, n, n, requires_grad=True)
    A = torch.randn(n, n, requires_grad=True)

    def run(f):
        for _ in range(2):
            f().sum().backward()
        t = float("inf")
        for _ in range(repeats + 2):
            t0 = time.perf_counter()
            f().sum().backward()
            t = min(t, time.perf_counter() - t0)
        return t
    t_layer = run(lambda: layer(x))
    t_mm = run(lambda: x @ A)
    print(f"  partition layer {t_layer * 1e3:.1f} ms; dense x @ A (n x n matmul) {t_mm * 1e3:.1f} ms; "
          f"ratio {t_layer / t_mm:.1f}  (a dense weight would hold {n ** 4 * ch * ch:.1e} entries)")


if __name__ == "__main__":
    main()
