"""The cost model: for one block Hom(A, B), every road that applies with an estimate of its
time, known before solving, and the cheapest one.

Estimates are seconds on the reference machine (2 cores), from formulas in what is known up
front -- unknowns ``N = n_in·n_out``, field degree ``e``, number of generators, diagram counts,
sizes of the two sides -- with constants fitted on ``benchmarks/roads.py`` (which runs every
applicable road on a grid and checks that the chosen one is within 2x of the fastest):

=================  =========================================================================
road               estimate
=================  =========================================================================
``zero``           a central ``−I`` acts by different signs (:mod:`.parity`): 0
``orbits``         permutation reps: ``2e-8·N``
``monomial``       signed permutation reps (no Lie algebra): ``1.5e-7·N`` (:mod:`.monomial`)
``partitions``     S(n) tensor powers: ``2e-8·N``
``product``        G₁ × G₂ tensors of the factors' reps: the factors' cheapest estimates
                   ``+ 2e-8·d·z + 2e-7·N + 0.002`` (:mod:`.product`; ``d`` maps with ``z``
                   nonzeros in all, read off the factor bases)
``torus``          SO(2), O(2), C(k), D(k) tensors: ``5e-7·(a² + b²) + 0.005·e``
``diagrams``       classical groups: ``3e-5·s·n^(m/2) + 2e-3`` for ``s`` Brauer / Levi-Civita
                   diagrams on ``m`` legs (each has about ``n^(m/2)`` nonzero entries); also
                   with Sym^k / Λ^k atoms, symmetrised (:mod:`.sym_diagrams`)
``schur``          completely reducible, non-permutation, ``g`` generators:
                   ``(Σ 6.5e-10·s³·g + Σ 9e-7·x²·g + 0.01·(1 + g))·e²``, the first sum over
                   the distinct atoms (size ``s``) of both sides, the second over their
                   distinct tensor products and direct sums (size ``x``), which are assembled
                   from the factors' decompositions (:func:`schur_estimate`)
``modular``        dense elimination modulo primes: ``4e-9·N³·e² + 2e-6·N·e + 0.02`` (over a
                   field of degree ``e`` each prime's residues and their reconstruction
                   grow with ``e``: C(7) V⁴ took 0.60 s, ``e`` alone predicted 0.2 s)
                   (for ``modular`` and ``nullspace``, ``N`` counts only the entries of equal
                   weight when a torus acts diagonally: SU(n), U(n), SL(n), GL(n), Sp(n))
``nullspace``      sparse exact elimination: ``1e-8·(N e)·r·min(N e, 60 r)·h·c_e + 0.03``
                   (``r`` nonzeros per constraint row, ``h = 1 + b²/4`` for entries of ``b``
                   bits, which swell during elimination; ``c_e = 1`` over Q, ``3·e`` over a field;
                   only its lower bound (``r = 1``, ``h = 1``) when another road is already
                   estimated below that bound); over Q, when that is over 1 s, at least
                   ``1e-6·N·d`` with ``d`` the answer's dimension by the Weyl integral (the
                   free columns fill every pivot row)
=================  =========================================================================

Each road also has a **memory** estimate (bytes, :func:`memory_estimates`): a colour map
``8·N``; torus and Schur changes of basis ``(40·(a² + b²) + 8·N)·e``; diagrams ``60·s·n^(m/2)``;
modular elimination ``8·N²·e`` (dense residues); sparse elimination ``100·N·e·min(N e, 60)``.
:func:`~symequiv.solve.dispatch.solve_block` skips a road whose memory estimate is over
``symequiv.limits.MAX_MEMORY_ESTIMATE`` (or the call's ``max_memory``) and refuses the block,
with every estimate, when no road fits.

>>> import symequiv as se
>>> P = plan_block(se.V(se.C(5)) ** 3, se.V(se.C(5)) ** 3)
>>> P.road, [r for r, _ in P.estimates]
('torus', ['torus', 'schur', 'modular', 'nullspace'])
"""

from dataclasses import dataclass

from . import diagrams
from .parity import parity_zero
from .torus import torus_data, MAX_TORUS_SIZE
from ..linalg.modular import MODULAR_MAX_UNKNOWNS
from .nullspace import effective_unknowns
from . import monomial
from .product import product_parts
from .sym_diagrams import sym_applies

__all__ = ["Plan", "plan_block", "estimates", "schur_estimate", "memory_estimates"]

#: Fixed overhead of sparse elimination (seconds), part of its estimate and of its lower bound.
_NULLSPACE_FLOOR = 0.03

#: Roads that give a closed form (no search) win ties in this order.
_ORDER = ("zero", "orbits", "partitions", "monomial", "product", "torus", "diagrams", "schur", "modular", "nullspace")


@dataclass(frozen=True)
class Plan:
    """The road taken for one block and every applicable road's estimate (seconds)."""

    road: str
    estimates: tuple
    memory: tuple = ()

    def text(self):
        """One line: ``road (est s) < other (est s) < ...``."""
        return " < ".join(f"{r} ({s:.3g} s)" for r, s in sorted(self.estimates, key=lambda x: x[1]))

    def memory_of(self, road):
        """Estimated bytes of ``road`` (0 when not estimated)."""
        return dict(self.memory).get(road, 0)


def schur_estimate(a, b, e, g=1, rep_in=None, rep_out=None):
    """Seconds to decompose both sides (sizes a, b, field degree e, g generators) and assemble
    Hom.  Given the reps, each distinct atom costs ``6.5e-10·s³·g`` (its commutant, dense) and
    each tensor product or direct sum of size ``x`` ``9e-7·x²·g`` (its change of basis is
    assembled from the factors' by Clebsch-Gordan blocks, never inverted densely: SO(3)
    V³ → V⁸ took 104 s, where ``b³`` predicted 551 s); without them, both sides are atoms.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> round(schur_estimate(27, 6561, 1, 3, V ** 3, V ** 8))
    116
    """
    if rep_in is None or rep_out is None:
        return (1.3e-9 * (a ** 3 + b ** 3) / 2 * g + 0.01 * (1 + g)) * e * e
    seen: set = set()
    cost = _schur_side(rep_in, g, seen) + _schur_side(rep_out, g, seen)
    return (cost + 0.01 * (1 + g)) * e * e


def _schur_side(rep, g, seen):
    """The decomposition cost of ``rep`` (see :func:`schur_estimate`), each distinct
    sub-representation counted once across both sides (the decomposition memoises them)."""
    from ..reps.core import ProductRep, ScalarRep, SumRep
    k = rep.key()
    if k in seen or isinstance(rep, ScalarRep):
        return 0.0
    seen.add(k)
    x = rep.size
    if isinstance(rep, SumRep):
        parts = [r for r, _ in rep.sum_terms()]
    elif isinstance(rep, ProductRep) and len(rep.factors()) > 1:
        parts = rep.factors()
    else:
        return 6.5e-10 * x ** 3 * g
    return sum(_schur_side(r, g, seen) for r in parts) + 9e-7 * x * x * g


def _degree(G):
    K = G.domain if G is not None else None
    return 1 if K is None or K.is_QQ else K.mod.degree()


def _row_nnz(rep_in, rep_out, G, heights=True):
    """``(r, b)``: average nonzeros per constraint row summed over generators, and the largest
    bit size of a rational generator entry (0 when not computed or over a number field)."""
    total, bits = 0.0, 0
    nd = len(G.discrete_generators)
    for k in range(G.num_generators):
        Mo = rep_out.rho_gen(k) if k < nd else rep_out.drho_gen(k - nd)
        Mi = rep_in.rho_gen(k) if k < nd else rep_in.drho_gen(k - nd)
        total += Mo.to_sparse().nnz() / rep_out.size + Mi.to_sparse().nnz() / rep_in.size
        if heights and Mo.domain.is_QQ and Mi.domain.is_QQ:
            for M in (Mo, Mi):
                for row in M.to_sparse().rep.values():
                    for x in row.values():
                        bits = max(bits, int(x.denominator).bit_length(), abs(int(x.numerator)).bit_length())
    return max(total, 1.0), bits


def estimates(rep_in, rep_out, schur=True):
    """``[(road, seconds)]`` for every road that applies to the block."""
    return _estimates(rep_in, rep_out, schur)[0]


def _estimates(rep_in, rep_out, schur=True, use_cache=False):
    """``([(road, seconds)], diagram_bytes)``: the estimates, and the diagrams road's memory
    (its spanning-set size is counted here once)."""
    diagram_bytes = 0
    G = rep_out.group or rep_in.group
    a, b = rep_in.size, rep_out.size
    N = a * b
    if G is None:                        # Scalar -> Scalar: nothing acts
        return ([("orbits", 1e-6)] if rep_in.is_permutation and rep_out.is_permutation
                else [("nullspace", 1e-3)]), 0
    if parity_zero(rep_in, rep_out):
        return [("zero", 0.0)], 0
    e = _degree(G)
    out = []
    perm = rep_in.is_permutation and rep_out.is_permutation
    closed = diagrams.applies(rep_in, rep_out)
    if closed == "partitions":
        out.append(("partitions", 2e-8 * N))
    elif perm:
        out.append(("orbits", 2e-8 * N))
    elif monomial.is_monomial_pair(rep_in, rep_out):     # signed permutations: doubled orbits
        out.append(("monomial", 1.5e-7 * N))
    if not perm:
        parts = product_parts(rep_in, rep_out)
        est = _product_estimate(parts, N, use_cache) if parts is not None else None
        if est is not None:
            out.append(("product", est))
    si, so = diagrams.tensor_signature(rep_in), diagrams.tensor_signature(rep_out)
    if si is not None and so is not None and torus_data(G) is not None \
            and max(1 << len(si), 1 << len(so)) <= MAX_TORUS_SIZE:
        out.append(("torus", 5e-7 * (a * a + b * b) + 0.005 * e))
    var = None
    if closed == "brauer":
        var = list(so) + [-s for s in si]
    elif not perm:                          # Sym^k / Λ^k atoms: symmetrised diagrams
        var = sym_applies(rep_in, rep_out)
    if var is not None:
        data = diagrams.classical_data(G)
        s = diagrams.spanning_set_size(var, data[0], data[3], G.d)
        out.append(("diagrams", 3e-5 * s * G.d ** (len(var) / 2) + 2e-3))
        diagram_bytes = int(60 * s * G.d ** (len(var) / 2))
    if schur and not perm:
        out.append(("schur", schur_estimate(a, b, e, G.num_generators, rep_in, rep_out)))
    if not perm:                         # a diagonal torus (SU(n), SL(n), ...) leaves the
        N = effective_unknowns(rep_in, rep_out, G)      # equal-weight entries as unknowns
    if N <= MODULAR_MAX_UNKNOWNS and not perm:
        out.append(("modular", 4e-9 * N ** 3 * e * e + 2e-6 * N * e + 0.02))
    if not perm or not out:
        c = 1.0 if e == 1 else 3.0 * e
        lower = 1e-8 * N * e * min(N * e, 60) * c + _NULLSPACE_FLOOR      # r >= 1 nonzero per row
        if out and min(x for _, x in out) < lower:
            # a road already beats elimination's fixed overhead: record that lower bound rather
            # than build every generator image of the reps just to price a road that cannot win
            out.append(("nullspace", lower))
        else:
            r, bits = _row_nnz(rep_in, rep_out, G, heights=N * e <= 200_000)
            est = 1e-8 * N * e * r * min(N * e, 60 * r) * (1 + bits * bits / 4) * c + _NULLSPACE_FLOOR
            out.append(("nullspace", max(est, _nullspace_by_dim(rep_in, rep_out, G, N, e, est))))
    return out, diagram_bytes


def _nullspace_by_dim(rep_in, rep_out, G, N, e, est):
    """``1e-6·N·d``: sparse elimination keeps the ``d`` free columns of the answer filled in
    every pivot row, so beyond a few thousand unknowns it costs about ``N·d`` (SO(3) V^a → V^b,
    a + b = 8..11: 0.8e-6 to 1.1e-6 s per unknown and basis map, 0.5 s to 273 s, where the
    row-density formula alone predicted 1.3 s to 64 s).  ``d`` comes from the Weyl integral
    (milliseconds); 0 when the group is finite, over a number field, or has no torus here, or
    when the formula already predicts under a second."""
    if e != 1 or est < 1.0 or not G.lie_generators:
        return 0.0
    from ..verify.weyl import weyl_dim
    try:
        got = weyl_dim(rep_in, rep_out)
    except Exception:            # an estimate only: a rep the integral cannot read prices as before
        return 0.0
    return 0.0 if got is None else 1e-6 * N * got[0] + _NULLSPACE_FLOOR


def _product_estimate(parts, N, use_cache=False):
    """The product road's estimate: the factors' cheapest estimates, plus the echelon form of
    the Kronecker products (``2e-8·maps·nonzeros``, read off the factor bases, which are solved
    here when their own estimates are small -- through the cache when the caller uses it, so the
    road then finds them there) and ``2e-7·N``.
    ``None`` when the echelon form would be too large (:data:`.product.MAX_PRODUCT_WORK`)."""
    from .dispatch import solve_block
    from .product import MAX_PRODUCT_WORK
    factor = sum(min(x for _, x in estimates(a, c)) for a, c in parts[0])
    if factor > 0.05:
        return factor + 2e-7 * N + 0.002 + 1.0      # the echelon form unknown: priced high
    work = 1
    for a, c in parts[0]:
        B = solve_block(a, c, use_cache=use_cache)
        work *= B.dim * B.rows().to_sparse().nnz()
    if work > MAX_PRODUCT_WORK:
        return None
    return factor + 2e-8 * work + 2e-7 * N + 0.002


def memory_estimates(rep_in, rep_out, roads, diagram_bytes=None):
    """``[(road, bytes)]``: the estimated peak memory of each road (see the module docstring).

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> dict(memory_estimates(V ** 4, V ** 4, ["schur"]))["schur"] < 10 ** 7
    True
    """
    G = rep_out.group or rep_in.group
    a, b = rep_in.size, rep_out.size
    N = a * b
    e = _degree(G) if G is not None else 1
    if G is not None and any(r in ("modular", "nullspace") for r in roads) \
            and not (rep_in.is_permutation and rep_out.is_permutation):
        Ne = effective_unknowns(rep_in, rep_out, G)
    else:
        Ne = N
    out = []
    for road in roads:
        if road in ("orbits", "partitions"):
            m = 8 * N
        elif road == "monomial":
            m = 200 * N
        elif road in ("torus", "schur"):
            m = (40 * (a * a + b * b) + 8 * N) * e
        elif road == "diagrams":
            m = diagram_bytes if diagram_bytes is not None else _estimates(rep_in, rep_out)[1]
        elif road == "modular":
            m = 8 * Ne * Ne * e
        elif road == "nullspace":
            m = 100 * Ne * e * min(Ne * e, 60)
        else:
            m = 0
        out.append((road, int(m)))
    return out


def plan_block(rep_in, rep_out, schur=True, use_cache=False):
    """The :class:`Plan` for Hom(rep_in, rep_out) as one block."""
    est, diagram_bytes = _estimates(rep_in, rep_out, schur, use_cache)
    best = min(est, key=lambda x: (x[1], _ORDER.index(x[0])))
    order = tuple(sorted(est, key=lambda x: _ORDER.index(x[0])))
    return Plan(best[0], order, tuple(memory_estimates(rep_in, rep_out, [r for r, _ in order],
                                                       diagram_bytes)))
