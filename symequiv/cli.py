"""Command line: ``symequiv info GROUP``, ``symequiv basis GROUP IN OUT``,
``symequiv decompose GROUP REP`` and ``symequiv verify [DIR]`` (the claims catalogue).

>>> main(["info", "S(5)"])
group: S(5)
order: 120
degree: 5
generators: 2 discrete, 0 Lie algebra
0
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from . import limits

__all__ = ["main"]


def _info(args, out):
    from .parse import group
    from .errors import ProblemTooLargeError
    G = group(args.group)
    print(f"group: {G!r}", file=out)
    from .errors import GroupTooLargeError
    try:
        print(f"order: {G.order_text()}", file=out)
    except GroupTooLargeError as e:      # infinite discrete, or too large to enumerate: say so
        print(f"order: not computed: {e}", file=out)
    print(f"degree: {G.d}", file=out)
    try:
        print(f"generators: {len(G.discrete_generators)} discrete, {len(G.lie_generators)} Lie "
              f"algebra", file=out)
    except ProblemTooLargeError as e:
        print(f"generators: not built ({e})", file=out)
    return 0


def _basis(args, out):
    from .parse import group, rep
    from .solve import equivariant_basis
    from .explain import explain_zero
    G = group(args.group)
    rin, rout = rep(args.rep_in, G), rep(args.rep_out, G)
    t0 = time.perf_counter()
    B = equivariant_basis(rin, rout, cache=not args.no_cache, max_seconds=args.max_seconds,
                          max_memory=args.max_memory)
    seconds = time.perf_counter() - t0
    cert = B.verify()
    if args.json:
        d = {"group": repr(G), "rep_in": str(rin), "rep_out": str(rout), "dim": B.dim,
             "shape": list(B.shape), "method": B.road, "seconds": round(seconds, 6),
             "verified": cert.ok, "complete": cert.complete, "certificate": cert.to_dict(),
             "sha256": B.content_hash()}
        if B.dim == 0:
            d["explanation"] = explain_zero(rin, rout)
        if args.explain:
            d["plan"] = [{"rep_in": a, "rep_out": b, "road": road, "estimates": dict(est),
                          "memory_bytes": dict(mem)} for a, b, road, est, mem in _plans(B)]
        print(json.dumps(d, sort_keys=True), file=out)
    else:
        print(f"Hom_{G!r}({rin}, {rout})", file=out)
        print(f"dim: {B.dim}", file=out)
        print(f"shape: {B.shape}", file=out)
        print(f"method: {B.method}", file=out)
        print(f"seconds: {seconds:.4f}", file=out)
        if args.explain:
            print("plan (estimated seconds and memory; the cheapest road that fits the memory limit "
                  "runs, the next if it does not apply):", file=out)
            for a, b, road, est, mem in _plans(B):
                m = dict(mem)
                text = ", ".join(f"{r} {x:.3g} s" + (f" / {limits.human_bytes(m[r])}" if r in m else "")
                                 for r, x in sorted(est, key=lambda x: x[1]))
                print(f"  Hom({a}, {b}): {road}  [{text}]", file=out)
        print("certificate:\n  " + str(cert).replace("\n", "\n  "), file=out)
        if B.dim == 0:
            print("\n" + explain_zero(rin, rout), file=out)
    if args.save is not None:      # after the result is printed: a failed write loses nothing
        B.save(args.save)
        if not args.json:
            print(f"saved: {args.save}", file=out)
    return 0 if cert.ok else 1


def _plans(B):
    """``[(rep_in, rep_out, road, estimates, memory)]`` per distinct block of a basis."""
    plan = B.plan
    if plan is None:
        return [(str(B.rep_in), str(B.rep_out), B.method, (), ())]
    if hasattr(plan, "road"):
        return [(str(B.rep_in), str(B.rep_out), plan.road, plan.estimates, plan.memory)]
    return [(str(a), str(b), p.road if p is not None else "cache", p.estimates if p is not None else (),
             p.memory if p is not None else ()) for a, b, p in plan]


def _decompose(args, out):
    from .parse import group, rep
    from .schur import decompose
    G = group(args.group)
    r = rep(args.rep, G)
    t0 = time.perf_counter()
    D = decompose(r, max_seconds=args.max_seconds, max_memory=args.max_memory)
    seconds = time.perf_counter() - t0
    cert = D.verify()
    pieces = [{"dim": u, "multiplicity": m, "end_dim": e}
              for u, m, e in zip(D.dims, D.multiplicities, D.end_dims)]
    if args.json:
        print(json.dumps({"group": repr(G), "rep": str(r), "size": r.size, "field": str(D.field),
                          "pieces": pieces, "end_dim": D.end_dim(), "seconds": round(seconds, 6),
                          "verified": cert.ok, "irreducible_proved": cert.irreducible_proved},
                         sort_keys=True), file=out)
    else:
        print(f"{r} of {G!r} over {D.field}: size {r.size}", file=out)
        for p in pieces:
            print(f"  irreducible of dim {p['dim']:>3}  x {p['multiplicity']:<4} "
                  f"(dim End = {p['end_dim']})", file=out)
        print(f"dim End_G = {D.end_dim()}   seconds: {seconds:.4f}", file=out)
        print(f"verified: Q invertible {cert.invertible}, block diagonal {cert.block_diagonal}, "
              f"commutants {cert.commutants_ok}, irreducibility proved {cert.irreducible_proved}",
              file=out)
    return 0 if cert.ok else 1


def _invariants(args, out):
    from .parse import group, rep
    from .invariants import invariants, molien_series
    from .budget import budget, checkpoint
    G = group(args.group)
    r = rep(args.rep, G)
    t0 = time.perf_counter()
    # the budget flags bound the whole command: the basis, its certificate, the polynomials'
    # text (S(7) V at degree 16: 0.5 s of solving, 12 s of text) and the series
    with budget(args.max_seconds, args.max_memory, what="symequiv invariants"):
        space = invariants(r, args.degree)
        seconds = time.perf_counter() - t0
        cert = space.verify()
        polys = []
        for q in space.polynomials():
            checkpoint("symequiv invariants, writing the polynomials")
            polys.append(str(q.as_expr()))
        series = None
        if args.series:
            series = str(molien_series(r, max_seconds=args.max_seconds, max_memory=args.max_memory))
    if args.json:
        d = {"group": repr(G), "rep": str(r), "degree": args.degree, "dim": space.dim,
             "polynomials": polys, "seconds": round(seconds, 6), "verified": cert.ok,
             "complete": cert.complete, "independent_method": cert.independent_method}
        if series is not None:
            d["molien_series"] = series
        print(json.dumps(d, sort_keys=True), file=out)
    else:
        print(f"invariant polynomials of degree {args.degree} on {r} of {G!r}: {space.dim}", file=out)
        for q in polys:
            print(f"  {q}", file=out)
        if series is not None:
            print(f"Molien series: {series}", file=out)
        print(f"seconds: {seconds:.4f}   certificate: {'complete' if cert.complete else 'ok' if cert.ok else 'FAILED'}"
              f" ({cert.independent_method})", file=out)
    return 0 if cert.ok else 1


def _verify(args, out):
    import os
    from .claims import run
    directory = args.directory or os.path.join("proofs", "claims")
    if not os.path.isdir(directory):
        print(f"symequiv: error: no claims directory {directory!r}; run from the repository root "
              f"or pass the directory holding the *.toml claims.", file=sys.stderr)
        return 2
    if not any(name.endswith(".toml") for name in os.listdir(directory)):
        print(f"symequiv: error: {directory!r} holds no *.toml claims: nothing was checked.",
              file=sys.stderr)
        return 2
    return 1 if run(directory, out) else 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point; returns the exit status.

    >>> import io
    >>> out = io.StringIO()
    >>> main(['basis', 'S(3)', 'V', 'V', '--json'], out=out)
    0
    >>> '"dim": 2' in out.getvalue()
    True
    >>> main(['basis', 'C(5)', 'V**2', 'V**2', '--explain', '--no-cache'])  # doctest: +ELLIPSIS
    Hom_C(5)(V**2, V**2)
    dim: 6
    ...
    plan (estimated seconds and memory; the cheapest road that fits the memory limit runs, the next if it does not apply):
      Hom(V**2, V**2): torus  [torus ...]
    ...
    0
    >>> main(['decompose', 'SO(3)', 'V**2'])  # doctest: +ELLIPSIS
    V**2 of SO(3) over QQ: size 9
      irreducible of dim   1  x 1    (dim End = 1)
      irreducible of dim   3  x 1    (dim End = 1)
      irreducible of dim   5  x 1    (dim End = 1)
    dim End_G = 3   seconds: ...
    verified: Q invertible True, block diagonal True, commutants True, irreducibility proved True
    0
    """
    from .errors import SymequivError
    out = out or sys.stdout
    p = argparse.ArgumentParser(prog="symequiv", description="Exact equivariant bases.")
    sub = p.add_subparsers(dest="cmd", required=True)
    pi = sub.add_parser("info", help="order, degree and generators of a group")
    pi.add_argument("group", help='e.g. "S(5)" or "SO(3)*S(5)"')
    pb = sub.add_parser("basis", help="exact basis of Hom_G(IN, OUT) with its certificate")
    pb.add_argument("group")
    pb.add_argument("rep_in", metavar="IN", help='e.g. "2*V"')
    pb.add_argument("rep_out", metavar="OUT", help='e.g. "30*Scalar+10*V+3*V**2+V**3"')
    pb.add_argument("--json", action="store_true", help="print one JSON object")
    pb.add_argument("--save", metavar="FILE", help="write the exact basis as JSON")
    pb.add_argument("--no-cache", action="store_true", help="bypass the caches")
    def budget_flags(parser):
        parser.add_argument("--max-seconds", type=float, default=None, metavar="S",
                            help="stop (exit 2, with how far it got) after S seconds")
        parser.add_argument("--max-memory", default=None, metavar="M",
                            help="stop when the process uses more than M (bytes, or e.g. 2GB)")
    budget_flags(pb)
    pb.add_argument("--explain", action="store_true",
                    help="print the cost model's plan: every applicable road's estimate, per block")
    pd = sub.add_parser("decompose", help="exact decomposition into irreducibles, verified")
    pd.add_argument("group")
    pd.add_argument("rep", help='e.g. "V**3" or "Regular"')
    pd.add_argument("--json", action="store_true", help="print one JSON object")
    budget_flags(pd)
    pn = sub.add_parser("invariants", help="exact invariant polynomials of one degree, certified")
    pn.add_argument("group")
    pn.add_argument("rep", help='e.g. "V" or "2*V"')
    pn.add_argument("--degree", type=int, required=True, metavar="D")
    pn.add_argument("--series", action="store_true",
                    help="also print the Molien series (the budget flags bound the whole command)")
    pn.add_argument("--json", action="store_true", help="print one JSON object")
    budget_flags(pn)
    pv = sub.add_parser("verify", help="check the catalogue of claims (proofs/claims)")
    pv.add_argument("directory", nargs="?", help="directory of *.toml claims (default proofs/claims)")
    args = p.parse_args(argv)
    try:
        rc = {"info": _info, "basis": _basis, "decompose": _decompose, "invariants": _invariants,
              "verify": _verify}[args.cmd](args, out)
        out.flush()                  # the last buffered output meets a closed pipe here, not at exit
        return rc
    except SymequivError as e:
        print(f"symequiv: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (``... | head``): no traceback; when that reader was this
        # process's stdout, point it at devnull so the interpreter's final flush does not raise
        # again; 141 = 128 + SIGPIPE, as a shell reports
        if out is sys.stdout:
            import os
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):      # a stdout without a descriptor
                pass
            finally:
                os.close(devnull)
        return 141


if __name__ == "__main__":       # pragma: no cover
    sys.exit(main())
