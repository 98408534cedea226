"""Check a catalogue of claims (``proofs/claims/*.toml``) with the library and on an
independent road, and print a table.  Used by ``python -m proofs`` and ``symequiv verify``.

A claim file states ``name``, ``kind``, ``source`` and the data of its kind:

* ``dim`` -- ``group``, ``rep_in``, ``rep_out``, ``claimed``: the library's dimension must equal
  the claim and the basis certificate must be complete (dimension re-derived on a road the
  solver did not take: characters for finite groups, the other solving road otherwise);
* ``order`` -- ``group``, ``claimed``: the library's order, re-checked by enumeration, by
  SymPy's Schreier-Sims, or (``independent = "sympy_rubik"``) on SymPy's own Rubik's cube group;
* ``layer`` -- ``generators``, ``claimed_W``, ``claimed_b``: LinearEquiv's parameter counts, with
  complete certificates of its weight and bias bases;
* ``decompose`` -- ``group``, ``rep``, ``claimed``: the irreducible pieces as sorted
  ``[dim, multiplicity, dim End]`` triples; the decomposition must verify exactly (with
  irreducibility proved) and ``Σ m² dim End`` must equal dim End_G(rep) computed on an
  independent road (characters for finite groups, Weyl integration for SO(3));
* ``molien`` -- ``group``, ``rep``, ``claimed`` (a rational function of ``t``), ``degrees``: the
  library's Molien series must equal the claim, and its coefficients up to ``degrees`` the
  dimensions of the solver's invariant spaces;
* ``fundamental`` -- ``group``, ``rep``, ``max_degree``, ``claimed`` (generator degrees): the
  degrees of :func:`fundamental_invariants`, and the ranks of the generators' products in every
  degree up to ``max_degree`` equal to the Molien coefficients;
* ``cyclotomic`` -- ``n``: :func:`symequiv.decompose` splits V(Z(n)) over Q into pieces of
  dimension φ(d), d | n, each once and with End_G of dimension φ(d) (Q[C_n] = ⊕_{d|n} Q(ζ_d));
  checked against SymPy's totient and the kernels of the cyclotomic factors Φ_d(P) of the shift.

>>> import os
>>> here = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "proofs", "claims")
>>> os.path.isdir(here) and len(load(here)) >= 30
True
"""

import os
import time
import tomllib

__all__ = ["load", "check", "run"]


def load(directory):
    """All claims in ``directory`` (sorted by file name) as dicts with a ``file`` key.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> text = chr(10).join(['name = "x"', 'kind = "order"', 'group = "S(3)"', 'claimed = 6', 'source = "3!"'])
    >>> _ = open(os.path.join(d, 'a.toml'), 'w').write(text)
    >>> [c['name'] for c in load(d)]
    ['x']
    """
    from .errors import InvalidArgumentError
    out = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".toml"):
            path = os.path.join(directory, name)
            try:
                with open(path, "rb") as f:
                    d = tomllib.load(f)
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
                raise InvalidArgumentError(f"claim file {path}: cannot be read as TOML ({e}).") from None
            missing = [k for k in ("name", "kind") if not isinstance(d.get(k), str)]
            if missing:
                raise InvalidArgumentError(f"claim file {path}: needs {' and '.join(missing)} "
                                           f"(a string), e.g. name = \"S(3) order\", kind = \"order\".")
            d["file"] = name
            out.append(d)
    return out


def _dim(c):
    from . import group, rep, equivariant_basis
    G = group(c["group"])
    B = equivariant_basis(rep(c["rep_in"], G), rep(c["rep_out"], G))
    cert = B.verify()
    ok = B.dim == c["claimed"] and cert.complete and cert.independent_dim == c["claimed"]
    return ok, B.dim, cert.independent_dim, cert.independent_method


def _order(c):
    from . import group
    G = group(c["group"])
    lib = G.order()
    how = c.get("independent", "auto")
    if how == "sympy_rubik":
        from sympy.combinatorics.named_groups import RubikGroup
        ind, road = int(RubikGroup(3).order()), "Schreier-Sims on SymPy's RubikGroup(3) (54 facets)"
    elif hasattr(G, "sympy_group") and (lib is None or lib > 100_000):
        # a SymPy group built here from the generators, not G's cached one (whose stored order
        # is what G.order() reads)
        from sympy.combinatorics import Permutation, PermutationGroup
        fresh = PermutationGroup([Permutation(list(map(int, p)), size=G.degree) for p in G.perms])
        ind, road = int(fresh.order()), "SymPy Schreier-Sims on a group built from the generators"
    else:
        ind, road = _independent_order(G)
    return lib == c["claimed"] == ind, lib, ind, road


def _independent_order(G):
    """``(order, road)`` on a road other than ``G.order()``'s: enumeration for a permutation
    group (whose ``order()`` is Schreier-Sims), Schreier-Sims on an orbit of vectors for a
    matrix group (whose ``order()`` is the enumeration), factor by factor for a product."""
    from .groups.matrix import enumerate_elements
    from .groups.base import ProductGroup
    if isinstance(G, ProductGroup):
        n, roads = 1, []
        for f in G.factors:
            k, r = _independent_order(f)
            n, roads = n * k, roads + [r]
        return n, "the product of the factors' orders (" + "; ".join(roads) + ")"
    if hasattr(G, "sympy_group"):
        return len(enumerate_elements(G)), "enumeration of the elements"
    if G.is_continuous:
        from .errors import GroupTooLargeError
        raise GroupTooLargeError(f"{G!r} is continuous: it has no finite order to claim.")
    return _order_on_vectors(G), "Schreier-Sims on the action on an orbit of vectors"


def _order_on_vectors(G):
    """The order of a finite matrix group from its permutation action on the orbit of the
    standard basis vectors (faithful: the orbit spans), by SymPy's Schreier-Sims -- no list
    of matrices, unlike ``G.order()``."""
    from sympy.combinatorics import Permutation, PermutationGroup
    if not G.discrete_generators:
        return 1
    gens = [M.to_dense().rep.to_ddm() for M in G.discrete_generators]
    K, d = G.discrete_generators[0].domain, len(gens[0])

    def act(M, v):
        return tuple(sum((M[i][j] * v[j] for j in range(d)), K.zero) for i in range(d))
    points = [tuple(K.one if i == j else K.zero for i in range(d)) for j in range(d)]
    index = {v: k for k, v in enumerate(points)}
    k = 0
    while k < len(points):
        for M in gens:
            w = act(M, points[k])
            if w not in index:
                index[w] = len(points)
                points.append(w)
        k += 1
    perms = [Permutation([index[act(M, v)] for v in points]) for M in gens]
    return int(PermutationGroup(perms).order())


def _layer(c):
    import warnings
    from .nn import LinearEquiv
    gens = c["generators"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layer = LinearEquiv(gens, gens)
    cw, cb = layer.basis.verify(), layer.bias_basis.verify()
    lib = (layer.num_weights_W, layer.num_weights_b)
    ind = (cw.independent_dim, cb.independent_dim)
    ok = lib == ind == (c["claimed_W"], c["claimed_b"]) and cw.complete and cb.complete
    return ok, lib, ind, cw.independent_method


def _decompose(c):
    from . import group, rep, decompose
    from .verify import burnside_dim, weyl_dim
    from .errors import GroupTooLargeError
    G = group(c["group"])
    r = rep(c["rep"], G)
    D = decompose(r)
    cert = D.verify()
    pieces = sorted([u, m, e] for u, m, e in zip(D.dims, D.multiplicities, D.end_dims))
    try:
        ind, road = burnside_dim(r, r)
    except GroupTooLargeError:
        ind, road = weyl_dim(r, r) or (None, "no independent count")
    ok = (pieces == sorted(c["claimed"]) and cert.ok and cert.irreducible_proved
          and D.end_dim() == ind)
    return ok, D.end_dim(), ind, f"pieces {'as claimed' if pieces == sorted(c['claimed']) else pieces}; dim End by {road}"


def _cyclotomic(c):
    from sympy import Poly, symbols, factor_list, totient, divisors
    from . import linalg, V, Z
    n = c["n"]
    P = V(Z(n)).rho_gen(0)
    x = symbols("x")
    degrees, kernels = [], []
    for fac, _ in factor_list(x ** n - 1)[1]:          # the cyclotomic polynomials Φ_d, d | n
        poly = Poly(fac, x)
        M, Pk = linalg.zeros(n, n), linalg.identity(n)
        for a in reversed(poly.all_coeffs()):
            M = M + Pk * linalg.QQ(int(a))
            Pk = Pk.matmul(P)
        degrees.append(poly.degree())
        kernels.append(n - linalg.rank(M))               # dim ker Φ_d(P): the Q(ζ_d) component
    phis = sorted(int(totient(d)) for d in divisors(n))
    # the library's road: decompose V(Z(n)) over Q; each piece is Q(ζ_d), of dimension φ(d),
    # once, with End_G(Q(ζ_d)) = Q(ζ_d) of dimension φ(d)
    from . import decompose
    D = decompose(V(Z(n)))
    pieces = sorted(zip(D.dims, D.end_dims, D.multiplicities))
    ok = (pieces == [(p, p, 1) for p in phis] and kernels == degrees and sorted(degrees) == phis
          and sum(kernels) == n == sum(phis))
    return ok, sorted(D.dims), phis, (f"decompose: pieces of dims {sorted(D.dims)}, End dims "
                                      f"{sorted(D.end_dims)}; kernels of Φ_d(P) {kernels}; φ(d), "
                                      f"d | {n}, by SymPy totient")


def _molien(c):
    import sympy as sp
    from . import group, rep, molien_series, invariants
    from .invariants.molien import series_coefficients
    G = group(c["group"])
    r = rep(c["rep"], G)
    t = sp.Symbol("t")
    H = molien_series(r)
    same = sp.cancel(sp.together(H - sp.sympify(c["claimed"], locals={"t": t}))) == 0
    top = int(c.get("degrees", 6))
    lib = series_coefficients(H, top)
    ind = [1] + [invariants(r, d).dim for d in range(1, top + 1)]
    return same and lib == ind, lib, ind, f"the solver's invariant spaces, degrees 0..{top}"


def _fundamental(c):
    from . import group, rep, molien_series, fundamental_invariants, invariants
    from .invariants.molien import series_coefficients
    from .invariants import polynomials as P
    G = group(c["group"])
    r = rep(c["rep"], G)
    top = int(c["max_degree"])
    gens, _ = fundamental_invariants(r, top)
    lib = [g.degree for g in gens]
    series = series_coefficients(molien_series(r), top)
    spans = []
    for d in range(1, top + 1):           # the generators' products span each invariant space
        space = invariants(r, d)
        index = {m: i for i, m in enumerate(space.monomials)}
        ech = P._Echelon(space.basis.domain)
        for p in P._products_of_degree(gens, d):
            ech.add(P._vector(p, index))
        spans.append(ech.rank)
    ok = lib == list(c["claimed"]) and spans == series[1:]
    return ok, lib, "spans = Molien" if spans == series[1:] else spans, \
        f"products of the generators span degrees 1..{top}, ranks against the Molien coefficients"


_KINDS = {"dim": _dim, "order": _order, "layer": _layer, "cyclotomic": _cyclotomic,
          "decompose": _decompose, "molien": _molien, "fundamental": _fundamental}


def check(claim):
    """``(ok, library value, independent value, road, seconds)`` for one claim.

    >>> check({'kind': 'order', 'group': 'S(4)', 'claimed': 24})[:3]
    (True, 24, 24)
    """
    t0 = time.perf_counter()
    try:
        ok, lib, ind, road = _KINDS[claim["kind"]](claim)
    except Exception as e:            # a claim that crashes is a failed claim, reported
        ok, lib, ind, road = False, "error", "-", f"{type(e).__name__}: {e}"
    return ok, lib, ind, road, time.perf_counter() - t0


def run(directory, out=None):
    """Check every claim and print the table; returns the number of failures.

    >>> import io, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> text = chr(10).join(['name = "x"', 'kind = "order"', 'group = "Z(5)"', 'claimed = 5', 'source = "5"'])
    >>> _ = open(os.path.join(d, 'a.toml'), 'w').write(text)
    >>> run(d, io.StringIO())
    0
    """
    import sys
    out = out or sys.stdout
    claims = load(directory)
    failures = 0
    print(f"{'claim':<52} {'claimed':>16} {'library':>16} {'independent':>16} {'s':>6}  road", file=out)
    for c in claims:
        ok, lib, ind, road, sec = check(c)
        claimed = c.get("claimed", (c.get("claimed_W"), c.get("claimed_b")) if c["kind"] == "layer" else c.get("n"))
        if c["kind"] == "decompose":
            try:                                 # the End dimension it implies
                claimed = sum(m * m * e for _, m, e in c["claimed"])
            except (KeyError, TypeError, ValueError):
                ok, claimed = False, c.get("claimed")    # a malformed claim fails, visibly
        failures += not ok
        print(f"{('' if ok else 'FAIL ') + c['name']:<52} {str(claimed):>16} {str(lib):>16} {str(ind):>16} "
              f"{sec:6.2f}  {road}", file=out)
    print(f"\n{len(claims) - failures} passed, {failures} failed", file=out)
    return failures
