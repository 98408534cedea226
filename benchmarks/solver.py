"""Exact solve times next to a float SVD nullspace baseline (same run) and EMLP's times
measured on this machine (../shared/MEASURED.md).  Not a test: prints ratios.

    python3 benchmarks/solver.py [--quick]

The float baseline stacks the dense constraints ρ_out(g)⊗I − I⊗ρ_in(g)ᵀ of every generator
and counts singular values above 1e-6·σ_max; it is skipped where the dense matrix would not
fit (it dies around 10⁴ unknowns here).
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import symequiv as se  # noqa: E402
from symequiv.solve import cache  # noqa: E402

EMLP = {  # seconds, EMLP 1.0.3 on this machine (float32, import excluded)
    ("SO(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3"): 3.72,
    ("S(6)", "V**2", "V**2"): 26.1,
    ("O(5)", "V**2", "V**2"): 6.6,
    ("O13()", "V**2", "V**2"): 6.2,
    ("SO(3)", "V**4", "V**4"): 207.0,
}

CASES = [
    ("Z(6)", "V", "V"), ("S(6)", "V**2", "V**2"), ("SO(3)", "V**2", "V"), ("S(6)", "V+V**2", "V"),
    ("A(5)", "V**5", "Scalar"), ("S(5)", "V**5", "Scalar"), ("O(3)", "V**2", "V**2"),
    ("O(5)", "V**2", "V**2"), ("SO13()", "V**2", "V**2"), ("O13()", "V**2", "V**2"),
    ("Sp(2)", "V**2", "V**2"), ("SO(3)", "V**3", "V**3"), ("SO(3)", "V**4", "V**4"),
    ("SO(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3"), ("O(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3"),
    ("S(30)", "V**2", "V**2"),
]

SVD_LIMIT = 4000      # unknowns


def exact_time(g, a, b, repeats):
    """Best of ``repeats`` cold solves (fresh group and rep objects, empty caches)."""
    best = float("inf")
    for _ in range(repeats):
        cache.clear_memory()
        G = se.group(g)
        rin, rout = se.rep(a, G), se.rep(b, G)
        t0 = time.perf_counter()
        B = se.equivariant_basis(rin, rout)
        best = min(best, time.perf_counter() - t0)
    return B, best


def svd_time(rin, rout):
    N = rin.size * rout.size
    if N > SVD_LIMIT:
        return None, None
    G = rout.group or rin.group
    t0 = time.perf_counter()
    from symequiv.linalg import to_numpy
    blocks = []
    I_in, I_out = np.eye(rin.size), np.eye(rout.size)
    for k in range(len(G.discrete_generators)):
        blocks.append(np.kron(to_numpy(rout.rho_gen(k)), I_in) - np.kron(I_out, to_numpy(rin.rho_gen(k)).T))
    for k in range(len(G.lie_generators)):
        blocks.append(np.kron(to_numpy(rout.drho_gen(k)), I_in) - np.kron(I_out, to_numpy(rin.drho_gen(k)).T))
    K = np.vstack(blocks) if blocks else np.zeros((0, N))
    s = np.linalg.svd(K, compute_uv=False) if K.size else np.zeros(0)
    tol = 1e-6 * (s.max() if s.size else 1.0)
    dim = N - int((s > tol).sum())
    return dim, time.perf_counter() - t0


def main():
    quick = "--quick" in sys.argv
    repeats = 1 if quick else 3
    print(f"{'case':<44} {'dim':>5} {'exact s':>9} {'svd s':>9} {'svd/exact':>9} {'EMLP s':>8} "
          f"{'EMLP/exact':>10}  certificate")
    worst = None
    for g, a, b in CASES:
        G = se.group(g)
        rin, rout = se.rep(a, G), se.rep(b, G)
        B, t = exact_time(g, a, b, repeats)
        cert = B.verify()
        sdim, st = svd_time(rin, rout)
        emlp = EMLP.get((g, a, b))
        ratio = emlp / t if emlp else None
        if ratio is not None:
            worst = ratio if worst is None else min(worst, ratio)
        svd_txt = f"{st:9.4f}" if st is not None else f"{'skipped':>9}"
        svd_ratio = f"{st / t:9.1f}" if st is not None else f"{'-':>9}"
        mismatch = " (svd dim %d!)" % sdim if sdim is not None and sdim != B.dim else ""
        print(f"{g + ': ' + a + ' -> ' + b:<44} {B.dim:>5} {t:9.4f} {svd_txt} {svd_ratio} "
              f"{emlp if emlp else '-':>8} {('%.0fx' % ratio) if ratio else '-':>10}  "
              f"{'complete' if cert.complete else 'ok' if cert.ok else 'FAIL'}{mismatch}")
    print(f"\nslowest speed-up over EMLP: {worst:.0f}x (target >= 20x)")
    _, t = exact_time("S(30)", "V**2", "V**2", repeats)
    print(f"S(30) order-2 -> order-2: {t:.3f} s (target < 2 s)")


if __name__ == "__main__":
    main()
