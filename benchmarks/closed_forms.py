"""Closed forms against the general road they replace, timed in the same run.

* ``irreps_of`` of a cyclic group (companion matrices of Φ_d) and of A(n) (restricted Specht
  modules) against the decomposition of the regular representation (what ``irreps_of`` ran
  before, still the road for other groups);
* the Molien series of groups over number fields (summed in the field) -- the old SymPy road
  did not finish in minutes for C(7), so only the new times are printed, with the closed form
  they are checked against;
* ``fundamental_invariants`` complete at Göbel's bound.

    python3 benchmarks/closed_forms.py
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import sympy as sp  # noqa: E402

import symequiv as se  # noqa: E402
from symequiv.reps.explicit import Regular  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main():
    print("| irreps_of | closed form s | regular-rep decomposition s | ratio |")
    print("|---|---|---|---|")
    for G in (se.Z(60), se.Z(240), se.A(5)):
        L, new = timed(lambda: se.irreps_of(G))
        D, old = timed(lambda: se.decompose(Regular(G)))
        assert sorted(r.dim for r in L) == sorted(D.dims)
        print(f"| {G!r} | {new:.3f} | {old:.2f} | {old / new:.0f}x |")
    why = {"Z(3000)": "not run (over 100 s)", "A(6)": "not run (over 110 s, 3.3 GB)",
           "A(7)": "not run (out of memory at 18 GB)"}
    for G in (se.Z(3000), se.A(6), se.A(7)):
        L, new = timed(lambda: se.irreps_of(G))
        print(f"| {G!r} | {new:.3f} | {why[repr(G)]} | |")
    t = sp.Symbol("t")
    print("\n| Molien series | s | equals |")
    print("|---|---|---|")
    for n in (7, 9, 11):
        M, s = timed(lambda: se.molien_series(se.V(se.C(n))))
        ok = sp.cancel(M - (1 + t ** n) / ((1 - t ** 2) * (1 - t ** n))) == 0
        print(f"| C({n}) on R² | {s:.3f} | (1 + t^{n})/((1 - t²)(1 - t^{n})): {ok} |")
    (gens, complete), s = timed(lambda: se.fundamental_invariants(se.V(se.S(4)), 6))
    print(f"\nfundamental_invariants(V(S(4)), 6): degrees {[g.degree for g in gens]}, "
          f"complete {complete}, {s:.3f} s (Göbel's bound 6; Noether's would be 24)")


if __name__ == "__main__":
    main()
