"""Every applicable road on a grid of problems, timed, against the road the cost model picks.

Each road runs in a fresh forked process (caches off) under a time limit, and its basis is then
certified (``B.verify()``) in the same process; a row passes when the chosen road is within 2x of
the fastest road measured on that row (or within 0.01 s of it: below that, process noise
dominates) and every road's certificate takes at most 2x its solve (or under 0.05 s).  Prints a
Markdown table for BENCHMARKS.md.

    python3 benchmarks/roads.py [--limit SECONDS] [--quick] [--only TEXT]
"""

import argparse
import multiprocessing as mp
import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import symequiv as se  # noqa: E402
import symequiv.verify  # noqa: E402,F401  (imported once here, not timed as part of a certificate)
from symequiv.solve import dispatch  # noqa: E402
from symequiv.solve.plan import plan_block  # noqa: E402

GRID = [
    ("C(5)", "V**4", "V**4"), ("C(7)", "V**4", "V**4"), ("D(5)", "V**4", "V**4"),
    ("C(8)", "V**5", "V**5"), ("SO(2)", "V**6", "V**6"), ("O(2)", "V**4", "V**4"),
    ("SO(3)", "V**3", "V**3"), ("SO(3)", "V**4", "V**4"), ("O(3)", "V**2", "V**3"),
    ("O(5)", "V**2", "V**2"), ("Sp(3)", "V.T*Scalar*V**2*V*Scalar**3*V.T", "Scalar"),
    ("Icosahedral()", "V**3", "V**3"), ("Octahedral()", "V**3", "V**3"),
    ("S(5)", "V**2", "V**2"), ("Z(6)", "V**2", "V"),
    ("MatrixGroup(discrete=[[[3/5,-4/5],[4/5,3/5]]])", "V**4", "V**4"),
    ("Icosahedral()", "V**2", "V**2"), ("SO(3)", "V**5", "V**5"),
    ("SO(2)*S(3)", "V(SO(2)*S(3),0)**2*V(SO(2)*S(3),1)", "V(SO(2)*S(3),0)**2*V(SO(2)*S(3),1)"),
    ("SO(3)*S(5)", "V**2", "V**2"), ("O(3)*C(5)", "V**2", "V**2"), ("SO(3)*SO(2)", "V**3", "V**3"),
    ("O(5)", "V**4", "V**4"), ("SO(3)", "V**3", "V**6"), ("SO(3)", "V**3", "V**7"),
]
QUICK = GRID[:6]


def _reps(g, a, b):
    G = se.group(g)
    return se.rep(a, G), se.rep(b, G)


def _child(g, a, b, road, q):
    A, B = _reps(g, a, b)
    G = B.group or A.group
    t = time.perf_counter()
    got = dispatch._run_road(road, A, B, G, 10 ** 9, t, None)
    solve = time.perf_counter() - t
    if got is None:
        q.put((solve, None, None))
        return
    t = time.perf_counter()
    cert = got.verify()
    q.put((solve, got.dim, (time.perf_counter() - t) if cert.ok else None))


def time_road(g, a, b, road, limit):
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(g, a, b, road, q))
    p.start()
    p.join(limit)
    if p.is_alive():
        p.terminate()
        p.join()
        return None, None, None
    return q.get() if not q.empty() else (None, None, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=30.0)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default=None, help="rows whose 'group problem' text contains this")
    args = ap.parse_args()
    rows, bad = [], 0
    grid = QUICK if args.quick else GRID
    if args.only:
        grid = [r for r in grid if args.only in f"{r[0]} {r[1]} -> {r[2]}"]
    for g, a, b in grid:
        A, B = _reps(g, a, b)
        plan = plan_block(A, B)
        times = {}
        for road, _ in plan.estimates:
            times[road] = time_road(g, a, b, road, args.limit)
        measured = {r: t for r, (t, d, _) in times.items() if t is not None and d is not None}
        best = min(measured.values()) if measured else None
        chosen = measured.get(plan.road)
        ok = chosen is not None and (chosen <= 2 * best or chosen - best < 0.01)
        # every road's certificate: exact, and at most 2x its own solve (noise below 0.05 s)
        cert_ok = all(c is not None and (c <= 2 * t or c < 0.05)
                      for r, (t, d, c) in times.items() if t is not None and d is not None)
        bad += not (ok and cert_ok)
        cells = ", ".join(f"{r} {t:.3f} / {c:.3f}" if c is not None else
                          (f"{r} {t:.3f} / FAILED" if d is not None else f"{r} >{args.limit:.0f}")
                          for r, (t, d, c) in times.items())
        dims = {d for _, d, _ in times.values() if d is not None}
        rows.append(f"| {g} | {a} → {b} | {'/'.join(map(str, sorted(dims)))} | {cells} | "
                    f"{plan.road} | {'yes' if ok else 'NO'} | {'yes' if cert_ok else 'NO'} |")
        print(rows[-1], flush=True)
    print("\n| group | problem | dim | each road: solve / certificate (s) | chosen | within 2x of fastest "
          "| certificates <= 2x solve |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{len(rows) - bad}/{len(rows)} rows: chosen road within 2x of the fastest, and every "
          f"certificate within 2x of its solve")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
