"""Solve times over number fields.  Not a test: prints times and ratios.

    python3 benchmarks/number_fields.py [--quick]

Every solve over Q(α) (degree e) runs on the rational image of its constraints (e rationals per
unknown, python-flint arithmetic).  The baseline, measured in the same run, is the same solve
with the generators in the order written (the dense 5-fold turn of the icosahedron first)
instead of sparsest first; ``--quick`` skips it (it takes about a minute).
"""

import os
import sys
import time

os.environ["SYMEQUIV_NO_CACHE"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import symequiv as se  # noqa: E402
from symequiv import linalg  # noqa: E402
from symequiv.linalg import constraint_matrix  # noqa: E402


def _time(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main():
    quick = "--quick" in sys.argv
    print(f"{'group':<18}{'field':<16}{'Hom':<16}{'dim':>5}{'seconds':>10}  certificate")
    for g, a, b in [("C(5)", "V*V", "V*V"), ("C(7)", "V**2", "V**2"), ("D(8)", "V**3", "V**3"),
                    ("Icosahedral()", "V**2", "V**2"), ("FullIcosahedral()", "V**2", "V**2"),
                    ("Icosahedral()", "V**3", "V**3")]:
        G = se.group(g)
        rin, rout = se.rep(a, G), se.rep(b, G)
        B, t = _time(lambda: se.equivariant_basis(rin, rout, cache=False))
        c = B.verify()
        print(f"{g:<18}{linalg.field_text(G.domain)[:15]:<16}{a + '->' + b:<16}{B.dim:>5}{t:>10.3f}  "
              f"{'complete' if c.complete else 'INCOMPLETE'} ({c.independent_method})")
    if not quick:
        ico = se.Icosahedral()
        W = se.V(ico) ** 3
        five_fold_first = [lambda k=k: constraint_matrix(W.rho_gen(k), W.rho_gen(k)) for k in (1, 0)]
        rows, t_base = _time(lambda: linalg.nullspace_stepwise(five_fold_first, W.size ** 2, domain=ico.domain))
        _, t_new = _time(lambda: se.equivariant_basis(W, W, cache=False))
        print(f"\nIcosahedral V^3 -> V^3: sparsest generator first {t_new:.2f} s, "
              f"five-fold turn first {t_base:.2f} s (dim {rows.shape[0]}): {t_base / t_new:.0f}x")


if __name__ == "__main__":
    main()
