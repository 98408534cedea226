"""``equivariant_basis``: split into direct-sum blocks, solve each distinct block once
by the cheapest exact road, and assemble in the user's coordinates.

Roads, per block Hom(A, B) of non-sum reps:

* tensor powers of V for S_n -> partition colour map (:mod:`.diagrams`), closed form;
* other permutation reps -> orbit colour map (:mod:`.orbits`), no linear algebra;
* tensor products of V and V* for O(n), SO(n), O(1,3), SO(1,3), Sp, GL, SL -> Brauer /
  Levi-Civita diagram spanning set reduced exactly (:mod:`.diagrams`);
* otherwise -> sparse exact elimination, one generator at a time (:mod:`.nullspace`).

Examples
--------
>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> se.equivariant_basis(2 * V, 30 * se.Scalar + 10 * V + 3 * V**2 + V**3).shape
(684, 32)
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from .. import linalg
from ..basis import Basis
from ..errors import ProblemTooLargeError, RepresentationError
from ..reps.checks import common_group
from ..reps.explicit import explicit_atoms, extension_fields
from . import cache as _cache
from .nullspace import solve_nullspace, MAX_UNKNOWNS
from .orbits import orbit_colors
from . import diagrams
from .schur import schur_form
from .plan import Plan, plan_block, estimates, schur_estimate, _degree
from .torus import torus_form
from ..linalg.modular import ModularFailure
from .. import budget, limits

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["equivariant_basis", "solve_block", "MAX_COLOR_ENTRIES"]

#: A sum of blocks is decomposed as a whole (a Schur form, not canonical) only when the cost
#: model finds that this many times cheaper than solving its distinct blocks.
WHOLE_SCHUR_FACTOR = 10

#: Roads whose results are written to the disk cache (see solve_block).
_DISK_ROADS = ("nullspace", "modular")

#: Largest colour map (n_out * n_in entries, 8 bytes each) the orbit and partition roads build.
MAX_COLOR_ENTRIES = 50_000_000


def _progress(total, desc):
    try:
        from tqdm import tqdm
    except ImportError:                                  # pragma: no cover
        return None
    # tqdm itself stays silent unless stderr is a terminal (disable=None) and 1 s has passed
    return tqdm(total=total, desc=desc, delay=1.0, disable=None, leave=False)


def solve_block(rep_in, rep_out, use_cache=True, max_unknowns=MAX_UNKNOWNS, schur=True):
    """Exact basis of Hom(rep_in, rep_out) for two reps treated as single blocks.

    >>> import symequiv as se
    >>> solve_block(se.V(se.S(4)), se.V(se.S(4))).method
    'partitions'

    ``schur=False`` keeps large problems off the Schur road (the decomposition itself uses this
    for the commutant of a single summand).
    """
    common_group(rep_in, rep_out, where="solve_block")
    key = ("block", rep_in.key(), rep_out.key(), schur)
    shadow = _shadowed(rep_in, rep_out, lambda a, c: solve_block(a, c, use_cache, max_unknowns, schur))
    if shadow is not None:
        return shadow
    if use_cache:
        hit = _cache.memory_get(key)
        if hit is not None:
            return hit
        hit = _cache.disk_get(key, rep_in, rep_out)
        if hit is not None:
            _cache.memory_put(key, hit)
            return hit
    t0 = time.perf_counter()
    G = rep_out.group or rep_in.group
    N = rep_in.size * rep_out.size
    plan = plan_block(rep_in, rep_out, schur, use_cache)
    if N > MAX_COLOR_ENTRIES and {r for r, _ in plan.estimates} & {"partitions", "orbits"}:
        hint = ("For S(n) tensor layers use symequiv.nn.PartitionLinear, which applies the "
                "partition diagrams without building the map; or raise "
                if "partitions" in {r for r, _ in plan.estimates} else "Use smaller reps, or raise ")
        raise ProblemTooLargeError(
            f"Hom({rep_in}, {rep_out}) has {N} entries; its colour map would need {8 * N / 2**30:.1f} GiB. "
            f"{hint}symequiv.solve.dispatch.MAX_COLOR_ENTRIES.")
    b = None
    cap = budget.memory_cap()
    fits = [(r, t) for r, t in sorted(plan.estimates, key=lambda x: x[1]) if plan.memory_of(r) <= cap]
    if plan.estimates and not fits:
        est = ", ".join(f"{r} {limits.human_bytes(m)}" for r, m in plan.memory)
        raise ProblemTooLargeError(
            f"every road for Hom({rep_in}, {rep_out}) is estimated over the memory limit of "
            f"{limits.human_bytes(cap)} ({est}); raise symequiv.limits.MAX_MEMORY_ESTIMATE (or the "
            f"call's max_memory) if the machine has it, or use smaller reps.")
    ranked = fits
    if ranked:
        budget.refuse_estimate(ranked[0][1], ranked[0][0])
    for road, _ in ranked:
        budget.checkpoint(f"Hom({rep_in}, {rep_out}) before the {road} road")
        b = _run_road(road, rep_in, rep_out, G, max_unknowns, t0, plan, use_cache)
        if b is not None:
            break
    if use_cache:
        _cache.memory_put(key, b)
        # only eliminations go to disk: colour maps, diagram bases and Schur / torus forms are
        # closed forms or structured roads that recompute faster than a read is checked (every
        # read re-checks constraints and dimension: O(5) V^4 diagrams solve in 9 s, check in 20 s)
        if b.method in _DISK_ROADS and b.seconds >= _cache.DISK_MIN_SECONDS:
            _cache.disk_put(key, b)
    return b


def _run_road(road, rep_in, rep_out, G, max_unknowns, t0, plan, use_cache=True):
    """The basis by one road, or None when that road turns out not to apply (a rep that is
    not completely reducible for Schur, no modular proof)."""
    def done(method, **kw):
        return Basis(rep_in, rep_out, method, time.perf_counter() - t0, plan=plan, **kw)
    N = rep_in.size * rep_out.size
    if road == "zero":
        if rep_in.is_permutation and rep_out.is_permutation:      # keep the colour-map form
            return done("zero (parity)", colors=np.full(N, -1, dtype=np.int64))
        return done("zero (parity)", rows=linalg.zeros(0, N, G.domain))
    if road == "partitions":
        m = len(diagrams.tensor_signature(rep_in)) + len(diagrams.tensor_signature(rep_out))
        return done("partitions", colors=diagrams.partition_colors(G.d, m))
    if road == "orbits":
        ng = len(G.discrete_generators) if G is not None else 0
        colors, _ = orbit_colors([rep_out.perm_gen(k) for k in range(ng)],
                                 [rep_in.perm_gen(k) for k in range(ng)], rep_out.size, rep_in.size)
        return done("orbits", colors=colors)
    if road == "monomial":
        from .monomial import monomial_rows
        return done("monomial", rows=monomial_rows(rep_in, rep_out))
    if road == "product":
        from .product import product_rows
        rows = product_rows(rep_in, rep_out, lambda a, c: solve_block(a, c, use_cache, max_unknowns))
        return None if rows is None else done("product", rows=rows)
    if road == "torus":
        form = torus_form(rep_in, rep_out)
        return None if form is None else done("torus", schur=form)
    if road == "diagrams":
        if diagrams.tensor_signature(rep_in) is None or diagrams.tensor_signature(rep_out) is None:
            from .sym_diagrams import sym_diagram_basis
            return done("diagrams", rows=sym_diagram_basis(rep_in, rep_out))
        return done("diagrams", rows=diagrams.diagram_basis(rep_in, rep_out))
    if road == "schur":
        form = _try_schur(rep_in, rep_out)
        return None if form is None else done("schur", schur=form)
    if road == "modular":
        try:
            rows = solve_nullspace(rep_in, rep_out, max_unknowns=max_unknowns, modular=True)
            return done("modular", rows=rows)
        except ModularFailure:
            return None
    total = (len(G.discrete_generators) + len(G.lie_generators) + 1) if G is not None else 1
    bar = _progress(total, f"Hom({rep_in}, {rep_out})")
    try:
        rows = solve_nullspace(rep_in, rep_out, progress=(lambda: bar.update(1)) if bar else None,
                               max_unknowns=max_unknowns)
    finally:
        if bar is not None:
            bar.close()
    return done("nullspace", rows=rows)


def _try_schur(rep_in, rep_out):
    """The Schur form, or None for reps that are not completely reducible (those keep the
    elimination road)."""
    try:
        return schur_form(rep_in, rep_out)
    except RepresentationError:
        return None


def _whole_plan(rep_in, rep_out):
    G = rep_out.group or rep_in.group
    est = schur_estimate(rep_in.size, rep_out.size, _degree(G), G.num_generators, rep_in, rep_out)
    from .plan import memory_estimates
    return Plan("schur", (("schur", est),), tuple(memory_estimates(rep_in, rep_out, ["schur"])))


def _whole_schur(rep_in, rep_out, ins, outs):
    """The Schur form of a sum of blocks taken at once, when the cost model prefers it to
    solving the distinct blocks one by one."""
    G = rep_out.group or rep_in.group
    if G is None or (rep_in.is_permutation and rep_out.is_permutation):
        return None
    whole = schur_estimate(rep_in.size, rep_out.size, _degree(G), G.num_generators, rep_in, rep_out)
    distinct = {(a, c) for a, _ in ins for c, _ in outs}
    # blocks on canonical roads give a canonical (reduced echelon) basis, a whole Schur form
    # does not: it has to be an order of magnitude cheaper to be preferred
    cost = 0.0
    for a, c in sorted(distinct, key=lambda ac: (ac[0].size * ac[1].size, str(ac[0]), str(ac[1]))):
        cost += min(x for _, x in estimates(a, c))
        if cost > WHOLE_SCHUR_FACTOR * whole:
            return _try_schur(rep_in, rep_out)
    return None


def _placements(rep):
    """``[(summand, offset)]`` for every written summand copy."""
    return [(r, a) for r, a, _ in rep.summands()]


def equivariant_basis(rep_in: "Rep", rep_out: "Rep", *, cache: bool = True,
                      max_unknowns: int = MAX_UNKNOWNS, max_seconds: float | None = None,
                      max_memory: int | None = None) -> Basis:
    """Exact basis of the equivariant linear maps rep_in → rep_out.

    Canonical (reduced echelon, so equal spaces give equal bytes) on the orbit, partition,
    diagram and elimination roads; a deterministic structured Schur or torus form
    (``B.is_schur_form``) when the cost model picks those (``B.plan``).  The canonical form of
    any basis is ``symequiv.linalg.rref_rows(B.rows())``.

    Parameters
    ----------
    rep_in, rep_out : Rep
        Representations of the same group (parse strings first with :func:`symequiv.rep`).
    cache : bool
        Use the in-memory and on-disk caches.
    max_unknowns : int
        Size limit for a block solved by generic elimination.
    max_seconds, max_memory : float, int or str, optional
        A budget for this call (memory: bytes or ``"2GB"``): a solve whose cheapest estimate is
        over 10x ``max_seconds`` is refused at once, and a running one stops at the next step
        past either limit with :class:`~symequiv.errors.BudgetExceededError`, saying how far it
        got (:mod:`symequiv.budget`).  Problems over ``symequiv.limits.MAX_UNKNOWNS_TOTAL``
        unknowns are refused before any work with :class:`~symequiv.errors.ProblemTooLargeError`.

    Returns
    -------
    Basis
        ``B.shape == (rep_out.size * rep_in.size, B.dim)``.

    >>> import symequiv as se
    >>> se.equivariant_basis(se.V(se.S(6)) ** 2, se.V(se.S(6)) ** 2).dim
    15
    """
    from ..errors import InvalidArgumentError
    if isinstance(max_unknowns, bool) or not isinstance(max_unknowns, (int, np.integer)) \
            or max_unknowns < 1:
        raise InvalidArgumentError(
            f"max_unknowns must be an int >= 1 (the largest system generic elimination may "
            f"solve), got {max_unknowns!r}.")
    if not isinstance(cache, (bool, np.bool_)):
        raise InvalidArgumentError(f"cache must be True or False, got {cache!r}.")
    budget.check_args(max_seconds, max_memory)        # before the cache: a bad budget always fails
    G = common_group(rep_in, rep_out, where="equivariant_basis")
    if G is not None and G.is_complex:
        from ..reps.complex import warn_if_mixed
        warn_if_mixed(rep_in, rep_out, "Hom")
    N = rep_in.size * rep_out.size
    if N > limits.MAX_UNKNOWNS_TOTAL:              # (the message is only built when needed)
        limits.check(N, "MAX_UNKNOWNS_TOTAL",
                     f"Hom({rep_in}, {rep_out}) has {N:,} unknowns: a change of basis alone needs about "
                     f"{limits.human_bytes(40 * (rep_in.size ** 2 + rep_out.size ** 2))} and a dense basis "
                     f"{limits.human_bytes(8 * N)} per map",
                     "Use smaller tensor powers, or layers that apply the structure without building "
                     "the basis (symequiv.nn.PartitionLinear for S(n)).")
    key = ("hom", rep_in.key(), rep_out.key())
    if cache:
        hit = _cache.memory_get(key)
        if hit is not None:
            if hit.rep_in is rep_in and hit.rep_out is rep_out:
                return hit
            # equal reps built another way (specht((2,1)) and irrep(S(3),(2,1))): the basis
            # carries the caller's reps, whose text (save, repr) is the caller's
            b = Basis(rep_in, rep_out, hit.method, hit.seconds, colors=hit._colors,
                      rows=hit._rows, schur=hit._schur, plan=hit.plan)
            b._memo.update(hit._memo)        # derived from the content and equal reps only
            return b
    if max_seconds is None and max_memory is None:            # the common path: no budget to set
        return _equivariant_basis(rep_in, rep_out, key, cache, max_unknowns)
    with budget.budget(max_seconds, max_memory, f"Hom({rep_in}, {rep_out})"):
        return _equivariant_basis(rep_in, rep_out, key, cache, max_unknowns)


def _shadowed(rep_in, rep_out, solve):
    """Real reps of a complex group with rational images: solved over Q
    (:mod:`.shadow`), the basis re-attached to the original reps."""
    from .shadow import rational_shadow
    pair = rational_shadow(rep_in, rep_out)
    if pair is None:
        return None
    b = solve(*pair)
    return Basis(rep_in, rep_out, b.method + " (over Q: real reps)", b.seconds, colors=b._colors,
                 rows=b._rows, schur=b._schur, plan=b.plan)


def _equivariant_basis(rep_in, rep_out, key, cache, max_unknowns):
    shadow = _shadowed(rep_in, rep_out, lambda a, c: equivariant_basis(a, c, cache=cache,
                                                                      max_unknowns=max_unknowns))
    if shadow is not None:
        if cache:
            _cache.memory_put(key, shadow)
        return shadow
    ext = extension_fields(rep_in) | extension_fields(rep_out)
    if ext:
        hints = sorted({h for r in (rep_in, rep_out) for a in explicit_atoms(r)
                        if (h := getattr(a, "solve_hint", None))})
        raise RepresentationError(
            f"these reps live over the extension field(s) {sorted(ext)} of the group's field; "
            f"equivariant_basis solves over the group's field. "
            + ("; ".join(hints)[:1].upper() + "; ".join(hints)[1:] + "." if hints else
               "Decompose over the group's field (se.decompose(rep) without field=) to get pieces "
               "the solver accepts."))
    t0 = time.perf_counter()
    ins, outs = _placements(rep_in), _placements(rep_out)
    if len(ins) == 1 and len(outs) == 1:
        b = solve_block(rep_in, rep_out, cache, max_unknowns)
        result = Basis(rep_in, rep_out, b.method, time.perf_counter() - t0,
                       colors=b._colors, rows=b._rows, schur=b._schur, plan=b.plan)
    elif (form := _whole_schur(rep_in, rep_out, ins, outs)) is not None:   # sums decomposed at once
        result = Basis(rep_in, rep_out, "schur", time.perf_counter() - t0, schur=form,
                       plan=_whole_plan(rep_in, rep_out))
    else:
        blocks = {}
        total = len({(a, c) for a, _ in ins for c, _ in outs})
        for a, _ in ins:
            for c, _ in outs:
                if (a, c) not in blocks:
                    budget.checkpoint(f"block {len(blocks) + 1} of {total}")
                    blocks[(a, c)] = solve_block(a, c, cache, max_unknowns)
                    budget.note(f"{len(blocks)} of {total} blocks solved")
        result = _assemble(rep_in, rep_out, ins, outs, blocks, t0)
    result = _real_form(rep_in, rep_out, result)
    if cache:
        _cache.memory_put(key, result)
    return result


def _real_form(rep_in, rep_out, B):
    """A Hom space between real reps of a group over a complex field (realified reps of SU(n))
    is spanned by real maps; give it in real echelon form if the road returned complex ones."""
    if (linalg.is_real_field(B.domain) or B._colors is not None
            or rep_in.is_complex or rep_out.is_complex):
        return B
    rows = B.rows()
    if B._schur is None and linalg.is_real_matrix(rows):
        return B
    R = linalg.rref_rows(rows)
    if not linalg.is_real_matrix(R):
        raise AssertionError("the Hom space of real reps has a non-real echelon basis")
    return Basis(rep_in, rep_out, B.method + ", real echelon form", B.seconds, rows=R, plan=B.plan)


def _method(blocks):
    counts = {}
    for b in blocks.values():
        m = b.method.replace(" (disk cache)", "")
        counts[m] = counts.get(m, 0) + 1
    return "blocks[" + ", ".join(f"{m} x{n}" for m, n in sorted(counts.items())) + "]"


def _assemble(rep_in, rep_out, ins, outs, blocks, t0):
    n_in, n_out = rep_in.size, rep_out.size
    method = _method(blocks)
    plan = tuple((a, c, b.plan) for (a, c), b in blocks.items())
    nonzero = [b for b in blocks.values() if b.dim]
    if all(b.is_orbit_basis for b in nonzero):
        g = np.full(n_out * n_in, -1, dtype=np.int64)
        ncol = 0
        for c, oc in outs:
            for a, oa in ins:
                b = blocks[(a, c)]
                if not b.dim:
                    continue
                idx = ((oc + np.arange(c.size))[:, None] * n_in + oa + np.arange(a.size)[None, :]).ravel()
                bc = b.colors
                sel = bc >= 0
                g[idx[sel]] = bc[sel] + ncol
                ncol += b.dim
        valid = np.flatnonzero(g >= 0)
        first = np.full(ncol, g.size, dtype=np.int64)
        np.minimum.at(first, g[valid], valid)
        rank = np.empty(ncol, dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(ncol)
        g[valid] = rank[g[valid]]
        return Basis(rep_in, rep_out, method, time.perf_counter() - t0, colors=g, plan=plan)
    rows = []
    G = rep_out.group or rep_in.group
    domain = G.domain if G is not None else linalg.QQ
    for c, oc in outs:
        for a, oa in ins:
            b = blocks[(a, c)]
            if not b.dim:
                continue
            na = a.size
            for k, row in sorted(b.rows().convert_to(domain).to_sparse().rep.items()):
                rows.append({(oc + j // na) * n_in + oa + j % na: x for j, x in row.items()})
    rows.sort(key=min)
    M = linalg.DomainMatrix({k: r for k, r in enumerate(rows)}, (len(rows), n_out * n_in), domain)
    return Basis(rep_in, rep_out, method, time.perf_counter() - t0, rows=M, plan=plan)
