"""The cross-road count: each direct-sum block counted on the road the solver did not take.

This is the only part of :mod:`symequiv.verify` that imports the solver (diagram spanning sets
and exact elimination), and it always uses a road other than the block's own.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> other_road_dim(V ** 2, V ** 2)          # diagram road re-counted by elimination
(3, 'block counts by exact elimination')
"""

from ..reps.checks import common_group
from .burnside import pair_orbit_count

__all__ = ["other_road_dim", "CROSS_CHECK_UNKNOWNS"]


#: Largest block (unknowns) that the elimination road re-counts inside a certificate.
CROSS_CHECK_UNKNOWNS = 20_000


def other_road_dim(rep_in, rep_out):
    """``(dim, method)`` of Hom(rep_in, rep_out) for a continuous group, every block counted on
    the road the solver does not use for it; ``(None, reason)`` where some block has no second
    road within the size limit."""
    from ..solve import diagrams
    from ..solve.nullspace import solve_nullspace
    G = common_group(rep_in, rep_out, where="other_road_dim")
    total, roads = 0, set()
    for a, ma in rep_in.sum_terms():
        for b, mb in rep_out.sum_terms():
            road = diagrams.applies(a, b)
            if road == "brauer":
                if a.size * b.size > CROSS_CHECK_UNKNOWNS:
                    return None, (f"the block Hom({a}, {b}) has {a.size * b.size} unknowns, more than the "
                                  f"{CROSS_CHECK_UNKNOWNS} the elimination cross-check takes; the "
                                  f"dimension of {G!r} is not independently checked")
                d = solve_nullspace(a, b).shape[0]
                roads.add("exact elimination")
            elif a.is_permutation and b.is_permutation:
                # both reps trivial for the algebra: orbits of the discrete part, via SymPy
                d, _ = pair_orbit_count(a, b)
                roads.add("SymPy orbit count")
            else:
                return None, (f"{G!r} is continuous and the block Hom({a}, {b}) has no second "
                              f"derivation (no diagram basis covers it), so only the exact "
                              f"constraint and rank checks apply")
            total += ma * mb * d
    return total, "block counts by " + " and ".join(sorted(roads))
