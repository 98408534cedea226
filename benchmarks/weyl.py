"""Independent dimensions by Weyl integration, per catalogue group.  Not a test: prints a table.

    python3 benchmarks/weyl.py

For each group: the solve (caches off), the Weyl count of the same Hom (the independent road
of the certificate), their ratio, and the whole certificate (exact constraint checks, rank,
count).  Target (issue 13): the count at most 10% of the solve wherever the solve takes > 1 s.
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import symequiv as se  # noqa: E402
from symequiv.verify import weyl_dim  # noqa: E402

PROBLEMS = [("SO(2)", 6), ("O(2)", 5), ("SO(3)", 5), ("O(3)", 4), ("SO(4)", 4), ("O(4)", 4),
            ("SO(5)", 4), ("O(5)", 4), ("SO(6)", 3), ("Sp(2)", 4), ("Sp(3)", 3), ("SO13()", 4),
            ("O13()", 4), ("SL(3)", 3), ("GL(3)", 4), ("SO(3)*S(5)", 2), ("SO(3)*SO(2)", 3),
            ("O(3)*C(5)", 2)]


def main():
    print("| group | Hom | dim | method | solve s | Weyl count s | count / solve | certificate s | complete |")
    print("|---|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for g, k in PROBLEMS:
        G = se.group(g)
        V = se.V(G)
        t0 = time.perf_counter()
        B = se.equivariant_basis(V ** k, V ** k, cache=False)
        t1 = time.perf_counter()
        d, _ = weyl_dim(V ** k, V ** k)
        t2 = time.perf_counter()
        c = B.verify()
        t3 = time.perf_counter()
        solve, count = t1 - t0, t2 - t1
        ratio = count / solve
        if solve > 1:
            worst = max(worst, ratio)
        assert d == B.dim
        print(f"| {g} | V^{k} → V^{k} | {B.dim} | {B.method} | {solve:.2f} | {count:.4f} | "
              f"{ratio:.4f} | {t3 - t2:.2f} | {c.complete} |")
    print(f"\nlargest count / solve among solves over 1 s: {worst:.4f} (target <= 0.10)")


if __name__ == "__main__":
    main()
