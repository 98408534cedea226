"""A short tour of symequiv on built-in examples: ``python -m symequiv.demo``.

Prints group orders, the exact bases behind well-known equivariant layers with their
certificates, and the dimension-0 explanation of seed 003.
"""

import time

__all__ = ["main"]


def _row(name, B, seconds, cert):
    ind = cert.independent_dim if cert.independent_dim is not None else "-"
    print(f"  {name:<38} dim {B.dim:>4}  shape {str(B.shape):<14} {seconds * 1000:8.1f} ms  "
          f"{B.method:<22} certified={'complete' if cert.complete else 'ok' if cert.ok else 'FAIL'}"
          f" (independent dim {ind})")


def main():
    """Print the tour; returns 0.

    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     rc = main()
    >>> rc, 'Levi-Civita' in out.getvalue()
    (0, True)
    """
    import symequiv as se
    print("symequiv", se.__version__, "- exact equivariant bases\n")
    print("Groups (exact orders):")
    for G in [se.S(7), se.A(5), se.Octahedral(), se.FullOctahedral(), se.Tetrahedral(),
              se.RubiksCube(), se.C(5), se.D(8), se.Icosahedral(), se.SO(3), se.SO(3) * se.S(5)]:
        o = G.order()
        print(f"  {G!r:<22} order {o if o is not None else 'continuous'}")

    print("\nBases of Hom_G(in, out), each re-checked by its certificate:")
    cases = [
        ("SO(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3"),
        ("O(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3"),
        ("SO(3)", "V**2", "V"),
        ("S(6)", "V**2", "V**2"),
        ("S(6)", "V+V**2", "V"),
        ("A(5)", "V**5", "Scalar"),
        ("O(5)", "V**2", "V**2"),
        ("O13()", "V**2", "V**2"),
        ("Sp(2)", "V**2", "V**2"),
        ("Octahedral()", "V**2", "V**2"),
        ("SO(3)*S(5)", "V", "V"),
        ("SO(3)", "V**4", "V**4"),
        ("S(30)", "V**2", "V**2"),
        ("RubiksCube()", "V", "V"),
        ("C(5)", "V*V", "V*V"),
        ("D(8)", "V**2", "V**2"),
        ("Icosahedral()", "V**2", "V**2"),
        ("SO(3)", "V**5", "V**5"),
    ]
    for g, a, b in cases:
        G = se.group(g)
        rin, rout = se.rep(a, G), se.rep(b, G)
        t0 = time.perf_counter()
        B = se.equivariant_basis(rin, rout)
        seconds = time.perf_counter() - t0
        _row(f"{g}: {a} -> {b}", B, seconds, B.verify())

    print("\nExact Schur decompositions rep = Q (sum of m_i copies of rho_i) Q^-1, verified:")
    for g, r in [("SO(3)", "V**6"), ("A(5)", "Regular"), ("Z(12)", "Regular"),
                 ("IcosahedralFaces()", "V"), ("C(5)", "V**2")]:
        G = se.group(g)
        t0 = time.perf_counter()
        D = se.decompose(se.rep(r, G))
        seconds = time.perf_counter() - t0
        ok = D.verify().ok
        parts = " + ".join(f"{m}x{u}" + (f"(End {e})" if e > 1 else "")
                           for u, m, e in zip(D.dims, D.multiplicities, D.end_dims))
        print(f"  {g + ': ' + r:<24} = {parts}  [dim End {D.end_dim()}, {seconds:.2f} s, "
              f"verified={ok}]")

    print("\nNew groups, one of each (complex, spin, EMLP's names, graphs, wallpaper):")
    import networkx as nx
    from .reps.spin import clebsch_gordan
    SU2 = se.SU(2)
    Vc = se.V(SU2)
    news = [
        ("SU(2): V**4 -> V**4 (over C)", Vc ** 4, Vc ** 4),
        ("SU(2): V.realify() -> itself (H)", Vc.realify(), Vc.realify()),
        ("SU(3): V**3 -> Scalar (epsilon)", se.V(se.SU(3)) ** 3, se.Scalar),
        ("U(1): V*V.T -> Scalar", se.V(se.U(1)) * se.V(se.U(1)).T, se.Scalar),
        ("SO13p(): V**4 -> Scalar", se.V(se.SO13p()) ** 4, se.Scalar),
        ("Cube(): V -> V", se.V(se.Cube()), se.V(se.Cube())),
    ]
    for name, a, b in news:
        t0 = time.perf_counter()
        B = se.equivariant_basis(a, b)
        _row(name, B, time.perf_counter() - t0, B.verify())
    t0 = time.perf_counter()
    B = clebsch_gordan(1, "1/2", "3/2")
    _row("spin 1 x spin 1/2 -> spin 3/2 (CG)", B, time.perf_counter() - t0, B.verify())
    t0 = time.perf_counter()
    P = se.AutomorphismGroup(nx.petersen_graph())
    B = se.equivariant_basis(se.V(P), P.edge_rep())
    _row(f"Petersen (|Aut| {P.order()}): nodes -> edges", B, time.perf_counter() - t0, B.verify())
    W = se.WallpaperGroup("p4m", 16)
    t0 = time.perf_counter()
    B = se.equivariant_basis(se.V(W), se.V(W))
    _row(f"p4m on 16x16 (order {W.order()}): V -> V", B, time.perf_counter() - t0, B.verify())

    print("\nSeed 003 -- why is SO(3) 2*V -> Scalar zero?")
    from .explain import explain_zero
    V = se.V(se.SO(3))
    print("  " + explain_zero(2 * V, se.Scalar).replace("\n", "\n  "))

    print("\nThe Levi-Civita tensor is the one SO(3) map V**2 -> V:")
    B = se.equivariant_basis(V ** 2, V)
    print("  " + str(B.map(0).to_Matrix().tolist()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
