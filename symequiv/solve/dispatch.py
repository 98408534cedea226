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

import time

import numpy as np

from .. import exact
from ..basis import Basis
from ..errors import ProblemTooLargeError, RepresentationError
from ..reps.checks import common_group
from ..reps.explicit import extension_fields
from . import cache as _cache
from .nullspace import solve_nullspace, MAX_UNKNOWNS
from .orbits import orbit_colors
from . import diagrams
from .schur import schur_form, uses_schur

__all__ = ["equivariant_basis", "solve_block", "MAX_COLOR_ENTRIES"]

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
    road = diagrams.applies(rep_in, rep_out)
    N = rep_in.size * rep_out.size
    if N > MAX_COLOR_ENTRIES and (road == "partitions" or (rep_in.is_permutation and rep_out.is_permutation)):
        raise ProblemTooLargeError(
            f"Hom({rep_in}, {rep_out}) has {N} entries; its colour map would need {8 * N / 2**30:.1f} GiB. "
            f"For S(n) tensor layers use symequiv.nn.PartitionLinear, which applies the partition "
            f"diagrams without building the map; or raise symequiv.solve.dispatch.MAX_COLOR_ENTRIES.")
    form = _try_schur(rep_in, rep_out) if schur else None
    if form is not None:
        b = Basis(rep_in, rep_out, "schur", time.perf_counter() - t0, schur=form)
    elif road == "partitions":
        m = len(diagrams.tensor_signature(rep_in)) + len(diagrams.tensor_signature(rep_out))
        colors = diagrams.partition_colors(G.d, m)
        b = Basis(rep_in, rep_out, "partitions", time.perf_counter() - t0, colors=colors)
    elif road == "brauer":
        rows = diagrams.diagram_basis(rep_in, rep_out)
        b = Basis(rep_in, rep_out, "diagrams", time.perf_counter() - t0, rows=rows)
    elif rep_in.is_permutation and rep_out.is_permutation:
        ng = len(G.discrete_generators) if G is not None else 0
        colors, _ = orbit_colors([rep_out.perm_gen(k) for k in range(ng)],
                                 [rep_in.perm_gen(k) for k in range(ng)], rep_out.size, rep_in.size)
        b = Basis(rep_in, rep_out, "orbits", time.perf_counter() - t0, colors=colors)
    else:
        total = (len(G.discrete_generators) + len(G.lie_generators) + 1) if G is not None else 1
        bar = _progress(total, f"Hom({rep_in}, {rep_out})")
        try:
            rows = solve_nullspace(rep_in, rep_out, progress=(lambda: bar.update(1)) if bar else None,
                                   max_unknowns=max_unknowns)
        finally:
            if bar is not None:
                bar.close()
        b = Basis(rep_in, rep_out, "nullspace", time.perf_counter() - t0, rows=rows)
    if use_cache:
        _cache.memory_put(key, b)
        # colour maps are recomputed faster than they are hashed and read back
        if not b.is_orbit_basis and not b.is_schur_form and b.seconds >= _cache.DISK_MIN_SECONDS:
            _cache.disk_put(key, b)
    return b


def _try_schur(rep_in, rep_out):
    """The Schur form for a large non-permutation problem, or None (small problem, or reps that
    are not completely reducible: those keep the elimination road)."""
    if not uses_schur(rep_in, rep_out):
        return None
    try:
        return schur_form(rep_in, rep_out)
    except RepresentationError:
        return None


def _placements(rep):
    """``[(summand, offset)]`` for every written summand copy."""
    return [(r, a) for r, a, _ in rep.summands()]


def equivariant_basis(rep_in, rep_out, *, cache=True, max_unknowns=MAX_UNKNOWNS):
    """Exact, canonical basis of the equivariant linear maps rep_in → rep_out.

    Parameters
    ----------
    rep_in, rep_out : Rep
        Representations of the same group (parse strings first with :func:`symequiv.rep`).
    cache : bool
        Use the in-memory and on-disk caches.
    max_unknowns : int
        Size limit for a block solved by generic elimination.

    Returns
    -------
    Basis
        ``B.shape == (rep_out.size * rep_in.size, B.dim)``.

    >>> import symequiv as se
    >>> se.equivariant_basis(se.V(se.S(6)) ** 2, se.V(se.S(6)) ** 2).dim
    15
    """
    common_group(rep_in, rep_out, where="equivariant_basis")
    key = ("hom", rep_in.key(), rep_out.key())
    if cache:
        hit = _cache.memory_get(key)
        if hit is not None:
            return hit
    ext = extension_fields(rep_in) | extension_fields(rep_out)
    if ext:
        raise RepresentationError(
            f"these reps live over the extension field(s) {sorted(ext)} of the group's field; "
            f"equivariant_basis solves over the group's field. Decompose over the group's field "
            f"(se.decompose(rep) without field=) to get pieces the solver accepts.")
    t0 = time.perf_counter()
    ins, outs = _placements(rep_in), _placements(rep_out)
    if len(ins) == 1 and len(outs) == 1:
        b = solve_block(rep_in, rep_out, cache, max_unknowns)
        result = Basis(rep_in, rep_out, b.method, time.perf_counter() - t0,
                       colors=b._colors, rows=b._rows, schur=b._schur)
    elif (form := _try_schur(rep_in, rep_out)) is not None:   # both sides decomposed, sums included
        result = Basis(rep_in, rep_out, "schur", time.perf_counter() - t0, schur=form)
    else:
        blocks = {}
        for a, _ in ins:
            for c, _ in outs:
                if (a, c) not in blocks:
                    blocks[(a, c)] = solve_block(a, c, cache, max_unknowns)
        result = _assemble(rep_in, rep_out, ins, outs, blocks, t0)
    if cache:
        _cache.memory_put(key, result)
    return result


def _method(blocks):
    counts = {}
    for b in blocks.values():
        m = b.method.replace(" (disk cache)", "")
        counts[m] = counts.get(m, 0) + 1
    return "blocks[" + ", ".join(f"{m} x{n}" for m, n in sorted(counts.items())) + "]"


def _assemble(rep_in, rep_out, ins, outs, blocks, t0):
    n_in, n_out = rep_in.size, rep_out.size
    method = _method(blocks)
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
        return Basis(rep_in, rep_out, method, time.perf_counter() - t0, colors=g)
    rows = []
    G = rep_out.group or rep_in.group
    domain = G.domain if G is not None else exact.QQ
    for c, oc in outs:
        for a, oa in ins:
            b = blocks[(a, c)]
            if not b.dim:
                continue
            na = a.size
            for k, row in sorted(b.rows().convert_to(domain).to_sparse().rep.items()):
                rows.append({(oc + j // na) * n_in + oa + j % na: x for j, x in row.items()})
    rows.sort(key=min)
    M = exact.DomainMatrix({k: r for k, r in enumerate(rows)}, (len(rows), n_out * n_in), domain)
    return Basis(rep_in, rep_out, method, time.perf_counter() - t0, rows=M)
