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
``partitions``     S(n) tensor powers: ``2e-8·N``
``torus``          SO(2), O(2), C(k), D(k) tensors: ``2e-5·(a² + b²) + 0.015``
``diagrams``       classical groups: ``8e-7·s·N`` for ``s`` Brauer / Levi-Civita diagrams
``schur``          completely reducible, non-permutation: ``2e-9·(a³ + b³)·e² + 0.05·e``
``modular``        dense elimination modulo primes: ``4e-9·N³·e + 2e-6·N·e + 0.02``
``nullspace``      sparse exact elimination: ``1e-8·(N e)·r·min(N e, 60 r)·c_e`` (``r``
                   nonzeros per constraint row; ``c_e = 1`` over Q, ``30·e`` over a field)
=================  =========================================================================

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

__all__ = ["Plan", "plan_block", "estimates", "schur_estimate"]

#: Roads that give a closed form (no search) win ties in this order.
_ORDER = ("zero", "orbits", "partitions", "torus", "diagrams", "schur", "modular", "nullspace")


@dataclass(frozen=True)
class Plan:
    """The road taken for one block and every applicable road's estimate (seconds)."""

    road: str
    estimates: tuple

    def text(self):
        """One line: ``road (est s) < other (est s) < ...``."""
        return " < ".join(f"{r} ({s:.3g} s)" for r, s in sorted(self.estimates, key=lambda x: x[1]))


def schur_estimate(a, b, e):
    """Seconds to decompose both sides (sizes a, b, field degree e) and assemble Hom."""
    return 2e-9 * (a ** 3 + b ** 3) * e * e + 0.05 * e


def _degree(G):
    K = G.domain if G is not None else None
    return 1 if K is None or K.is_QQ else K.mod.degree()


def _row_nnz(rep_in, rep_out, G):
    """Average nonzeros per constraint row, summed over generators (from the generator images)."""
    total = 0.0
    nd = len(G.discrete_generators)
    for k in range(G.num_generators):
        Mo = rep_out.rho_gen(k) if k < nd else rep_out.drho_gen(k - nd)
        Mi = rep_in.rho_gen(k) if k < nd else rep_in.drho_gen(k - nd)
        total += Mo.to_sparse().nnz() / rep_out.size + Mi.to_sparse().nnz() / rep_in.size
    return max(total, 1.0)


def estimates(rep_in, rep_out, schur=True):
    """``[(road, seconds)]`` for every road that applies to the block."""
    G = rep_out.group or rep_in.group
    a, b = rep_in.size, rep_out.size
    N = a * b
    if G is None:                        # Scalar -> Scalar: nothing acts
        return [("orbits", 1e-6)] if rep_in.is_permutation and rep_out.is_permutation else [("nullspace", 1e-3)]
    if parity_zero(rep_in, rep_out):
        return [("zero", 0.0)]
    e = _degree(G)
    out = []
    perm = rep_in.is_permutation and rep_out.is_permutation
    closed = diagrams.applies(rep_in, rep_out)
    if closed == "partitions":
        out.append(("partitions", 2e-8 * N))
    elif perm:
        out.append(("orbits", 2e-8 * N))
    si, so = diagrams.tensor_signature(rep_in), diagrams.tensor_signature(rep_out)
    if si is not None and so is not None and torus_data(G) is not None \
            and max(1 << len(si), 1 << len(so)) <= MAX_TORUS_SIZE:
        out.append(("torus", 2e-5 * (a * a + b * b) + 0.015))
    if closed == "brauer":
        data = diagrams.classical_data(G)
        var = list(so) + [-s for s in si]
        s = diagrams.spanning_set_size(var, data[0], data[3], G.d)
        out.append(("diagrams", 8e-7 * s * N + 1e-3))
    if schur and not perm:
        out.append(("schur", schur_estimate(a, b, e)))
    if N <= MODULAR_MAX_UNKNOWNS and not perm:
        out.append(("modular", 4e-9 * N ** 3 * e + 2e-6 * N * e + 0.02))
    if not perm or not out:
        r = _row_nnz(rep_in, rep_out, G)
        c = 1.0 if e == 1 else 30.0 * e
        out.append(("nullspace", 1e-8 * N * e * r * min(N * e, 60 * r) * c + 2e-3))
    return out


def plan_block(rep_in, rep_out, schur=True):
    """The :class:`Plan` for Hom(rep_in, rep_out) as one block."""
    est = estimates(rep_in, rep_out, schur)
    best = min(est, key=lambda x: (x[1], _ORDER.index(x[0])))
    return Plan(best[0], tuple(sorted(est, key=lambda x: _ORDER.index(x[0]))))
