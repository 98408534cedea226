"""Speed targets of the second-wave families (issues 14 and 15).  Not a test: prints a table.

    python3 benchmarks/families.py

Each row times one target (caches off, best of 3) and, where one exists, a baseline measured in
the same run: networkx's VF2 enumeration for graph automorphisms, the general Schur
decomposition for Specht multiplicities, elimination without the torus-weight restriction for
SU(3).
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import networkx as nx  # noqa: E402
import symequiv as se  # noqa: E402


def best(fn, repeats=3):
    from symequiv.solve import cache
    out = float("inf")
    for _ in range(repeats):
        cache.clear_memory()                  # every repeat solves again (no in-memory hits)
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def vf2_count(g):
    return sum(1 for _ in nx.algorithms.isomorphism.GraphMatcher(g, g).isomorphisms_iter())


def icosahedral_invariants():
    V = se.V(se.Icosahedral())
    V._memo.clear()
    from symequiv.solve import cache
    cache.clear_memory()
    for d in range(16):
        se.invariants(V, d)
    gens, _ = se.fundamental_invariants(V, 15)
    assert [g.degree for g in gens] == [2, 6, 10, 15]


def fresh_irrep():
    from symequiv.reps import harmonics
    harmonics._rational_images.cache_clear()
    harmonics._basis.cache_clear()
    harmonics.harmonics.cache_clear()
    R = se.irrep(se.SO(3), 8)
    assert se.equivariant_basis(R, R, cache=False).verify().complete


def su3_without_weights():
    from symequiv.solve import nullspace
    saved = nullspace._weight_support
    nullspace._weight_support = lambda *a: None
    try:
        G = se.SU(3)
        se.equivariant_basis(se.rep("V**6", G), se.Scalar, cache=False)
    finally:
        nullspace._weight_support = saved


def _schur_only(a, b):
    from symequiv.solve.schur import schur_form
    return schur_form(a, b)


def main():
    from symequiv.reps.specht import specht_multiplicities
    cubic = nx.random_regular_graph(3, 100, seed=7)
    q4 = nx.hypercube_graph(4)
    W = se.WallpaperGroup("p4m", 16)
    S2 = se.Sym(se.V(se.S(30)), 2)
    reg = se.Regular(se.S(5))
    W2 = se.Wedge(se.V(se.S(20)), 2)
    O4 = se.V(se.Octahedral()) ** 4
    P2 = se.V(se.SO(3) * se.S(5)) ** 2
    V5 = se.V(se.O(5))
    SV, S3 = se.Sym(V5, 2) * V5, se.Sym(V5, 3)
    from symequiv.solve.nullspace import solve_nullspace
    rows = [
        ("Aut(random 3-regular, 100 nodes)", 2.0, lambda: se.AutomorphismGroup(cubic),
         "VF2 enumeration", lambda: vf2_count(cubic)),
        ("Aut(4-cube Q4), order 384", 2.0, lambda: se.AutomorphismGroup(q4),
         "VF2 enumeration", lambda: vf2_count(q4)),
        ("p4m on 16x16: Hom(V, V)", 1.0, lambda: se.equivariant_basis(se.V(W), se.V(W), cache=False),
         None, None),
        ("S(30): Hom(Sym2 V, Sym2 V)", 1.0, lambda: se.equivariant_basis(S2, S2, cache=False),
         None, None),
        ("irrep(SO(3), 8) built and certified", 1.0, fresh_irrep, None, None),
        ("Regular(S(5)) through Specht modules (change of basis)", 1.0,
         lambda: se.specht_decomposition(reg), "se.decompose", lambda: se.decompose(reg)),
        ("Regular(S(5)): Specht multiplicities only", None, lambda: specht_multiplicities(reg),
         None, None),
        ("SO(3)*S(5): Hom(V**2, V**2) (product road)", 1.0,
         lambda: se.equivariant_basis(P2, P2, cache=False), "Schur road", lambda: _schur_only(P2, P2)),
        ("O(5): Hom(Sym2 V * V, Sym3 V) (symmetrised diagrams)", 1.0,
         lambda: se.equivariant_basis(SV, S3, cache=False), "elimination",
         lambda: solve_nullspace(SV, S3)),
        ("SO(3) on 3V: Molien series (Weyl, iterated residues)", 5.0,
         lambda: se.molien_series(3 * se.V(se.SO(3))), None, None),
        ("S(20): Hom(Wedge2 V, Wedge2 V) (monomial road)", None,
         lambda: se.equivariant_basis(W2, W2, cache=False),
         "Schur road", lambda: _schur_only(W2, W2)),
        ("Octahedral: Hom(V**4, V**4) (monomial road)", None,
         lambda: se.equivariant_basis(O4, O4, cache=False),
         "elimination", lambda: solve_nullspace(O4, O4)),
        ("Icosahedral on V: invariants to degree 15 + fundamental", 5.0, icosahedral_invariants,
         None, None),
        ("S(6) on V: invariants to degree 6", 2.0,
         lambda: [se.invariants(se.V(se.S(6)), d) for d in range(7)], None, None),
        ("SO(3) on 3V: invariants to degree 6", 5.0,
         lambda: [se.invariants(3 * se.V(se.SO(3)), d) for d in range(7)], None, None),
        ("SU(3): V**6 -> Scalar (torus weights)", None,
         lambda: se.equivariant_basis(se.rep("V**6", se.SU(3)), se.Scalar, cache=False),
         "without the weight restriction", su3_without_weights),
    ]
    print("| target | seconds | target s | baseline | baseline s | speed-up |")
    print("|---|---|---|---|---|---|")
    for name, target, fn, bname, bfn in rows:
        s = best(fn)
        b = best(bfn, 1) if bfn is not None else None
        print(f"| {name} | {s:.4f} | {target if target else '-'} | {bname or '-'} | "
              f"{'-' if b is None else f'{b:.4f}'} | {'-' if b is None else f'{b / s:.1f}x'} |")


if __name__ == "__main__":
    main()
