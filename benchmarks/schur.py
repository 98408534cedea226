"""Schur-block bases and decompositions.  Not a test: prints times, memory and ratios.

    python3 benchmarks/schur.py [--quick]

* SO(3) Hom(V^k, V^k) by the Schur road (recursive Clebsch-Gordan decomposition of V^k, one
  729 x 729 change of basis for k = 6) against sparse exact elimination, the road it replaces,
  measured in the same run (``--quick`` skips the 25 s elimination of k = 5).
* k = 6 (531 441 unknowns, dim 4213) in a fresh process: wall time of solve + certificate,
  and peak resident memory.  Targets: < 60 s, < 1 GB.  A dense float32 basis (EMLP's form)
  would hold 531441 * 4213 * 4 bytes = 8.96 GB.
* The Schur layer (change of basis + block products) against a dense nn.Linear of the same
  size, forward + backward.
* Decomposition times for finite groups, over Q and over Q(√5).
"""

import os
import resource
import subprocess
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import symequiv as se  # noqa: E402
from symequiv.solve.nullspace import solve_nullspace  # noqa: E402

CHILD = """
import time, resource, sys
sys.path.insert(0, {root!r})
import symequiv as se
V = se.V(se.SO(3))
t0 = time.perf_counter()
B = se.equivariant_basis(V ** 6, V ** 6, cache=False)
t1 = time.perf_counter()
c = B.verify()
t2 = time.perf_counter()
print(B.dim, B.method, round(t1 - t0, 2), round(t2 - t1, 2), c.complete, c.independent_dim,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _time(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def so3_table(quick):
    V = se.V(se.SO(3))
    print(f"{'SO(3) Hom':<16}{'unknowns':>10}{'dim':>6}{'schur s':>9}{'elim s':>9}{'ratio':>8}")
    for k in (4, 5):
        B, ts = _time(lambda: se.equivariant_basis(V ** k, V ** k, cache=False, max_unknowns=10 ** 6))
        if B.method != "schur":          # below the Schur threshold: time the Schur form directly
            from symequiv.solve.schur import schur_form
            _, ts = _time(lambda: schur_form(V ** k, V ** k))
        if quick and k == 5:
            te = float("nan")
        else:
            rows, te = _time(lambda: solve_nullspace(V ** k, V ** k, max_unknowns=10 ** 6))
            assert rows.shape[0] == B.dim
        print(f"{f'V^{k} -> V^{k}':<16}{9 ** k:>10}{B.dim:>6}{ts:>9.2f}{te:>9.2f}{te / ts:>7.0f}x")


def so3_v6():
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=ROOT)], capture_output=True,
                         text=True, check=True).stdout.split()
    wall = time.perf_counter() - t0
    dim, method, ts, tc, complete, ind, rss = out
    rss_mb = int(rss) / 1024
    print(f"\nSO(3) Hom(V^6, V^6): 531441 unknowns, dim {dim} ({method}), Weyl count {ind}, "
          f"certificate complete: {complete}")
    print(f"  solve {ts} s + certificate {tc} s; process wall {wall:.1f} s (target < 60 s)")
    print(f"  peak RSS {rss_mb:.0f} MB (target < 1024 MB); dense float32 basis would be "
          f"{531441 * 4213 * 4 / 1e9:.2f} GB")


def layer_speed():
    import torch
    V = se.V(se.SO(3))
    layer = se.nn.EquivariantLinear(V ** 6, V ** 6)
    dense = torch.nn.Linear(729, 729)
    x = torch.randn(256, 729)

    def run(m, reps=20):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(reps):
                m.zero_grad()
                m(x).square().sum().backward()
            best = min(best, (time.perf_counter() - t0) / reps)
        return best

    ts, td = run(layer), run(dense)
    print(f"\nlayer V^6 -> V^6 (4213 coefficients), batch 256, forward+backward: Schur "
          f"{1e3 * ts:.2f} ms, dense nn.Linear(729, 729) {1e3 * td:.2f} ms ({ts / td:.2f}x)")


def decompositions():
    print(f"\n{'decompose':<28}{'field':<14}{'pieces (dim, mult, End dim)':<50}{'s':>7}")
    for text, rep in [("Regular(A(5))", lambda: se.Regular(se.A(5))),
                      ("Regular(S(5))", lambda: se.Regular(se.S(5))),
                      ("Regular(Icosahedral())", lambda: se.Regular(se.Icosahedral())),
                      ("V(IcosahedralFaces())**2", lambda: se.V(se.IcosahedralFaces()) ** 2),
                      ("V(SO(3))**6", lambda: se.V(se.SO(3)) ** 6),
                      ("V(S(6))*irrep([3,2,1])", lambda: se.V(se.S(6)) * se.irrep(se.S(6), [3, 2, 1]))]:
        r = rep()
        D, t = _time(lambda: se.decompose(r))
        assert D.verify().ok
        p = str(list(zip(D.dims, D.multiplicities, D.end_dims)))
        print(f"{text:<28}{str(D.field):<14}{p[:49]:<50}{t:>7.2f}")


def main():
    quick = "--quick" in sys.argv
    so3_table(quick)
    so3_v6()
    layer_speed()
    decompositions()


if __name__ == "__main__":
    main()
