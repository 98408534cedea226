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

__all__ = ["other_road_dim", "nullity_mod_primes", "CROSS_CHECK_UNKNOWNS", "MODULAR_COUNT_UNKNOWNS"]


#: Largest block (unknowns) that the elimination road re-counts inside a certificate.
CROSS_CHECK_UNKNOWNS = 20_000

#: Largest block (unknowns) counted by dense elimination modulo primes in numpy, for blocks no
#: formula and no diagram basis covers (a group given by its own Lie algebra).
MODULAR_COUNT_UNKNOWNS = 400

#: Two primes below 2^31 (products of residues stay inside int64).
_PRIMES = (2_147_483_629, 2_147_483_587)


def _residues(M, p):
    """A rational DomainMatrix modulo ``p`` as a dense int64 array, or None when ``p`` divides
    a denominator."""
    import numpy as np
    out = np.zeros(M.shape, dtype=np.int64)
    for i, row in M.to_sparse().to_dod().items():
        for j, x in row.items():
            den = int(x.denominator) % p
            if den == 0:
                return None
            out[i, j] = int(x.numerator) % p * pow(den, -1, p) % p
    return out


def _rank_mod(C, p):
    """Rank of the int64 matrix ``C`` (entries in [0, p)) over F_p, by dense elimination."""
    import numpy as np
    C = C.copy()
    rank, (m, n) = 0, C.shape
    for col in range(n):
        if rank == m:
            break
        nz = np.nonzero(C[rank:, col])[0]
        if len(nz) == 0:
            continue
        piv = rank + int(nz[0])
        C[[rank, piv]] = C[[piv, rank]]
        C[rank] = C[rank] * pow(int(C[rank, col]), -1, p) % p
        below = np.nonzero(C[rank + 1:, col])[0] + rank + 1
        if len(below):
            f = C[below, col].reshape(-1, 1)
            C[below] = (C[below] - f * C[rank] % p) % p
        rank += 1
    return rank


def nullity_mod_primes(rep_in, rep_out):
    """``dim Hom_G(rep_in, rep_out)`` counted as the nullity of the constraints ``ρ_out(g) X =
    X ρ_in(g)`` (discrete and Lie-algebra generators) modulo two primes, in numpy -- an
    algorithm that shares no code with the solver's.  The nullity modulo a prime bounds the
    nullity over Q from above and equals it unless the prime divides a minor of the
    constraints; the smaller of the two is returned.  ``None`` for reps not over Q.

    >>> import symequiv as se
    >>> G = se.MatrixGroup(lie_algebra=[[[0, 1, 0], [-1, 0, 0], [0, 0, 0]]])
    >>> nullity_mod_primes(se.V(G), se.V(G))        # rotations about one axis: End is 3-dim
    3
    """
    import numpy as np
    G = rep_out.group or rep_in.group
    nd = len(G.discrete_generators)
    pairs = [(rep_out.rho_gen(k), rep_in.rho_gen(k)) for k in range(nd)] + \
        [(rep_out.drho_gen(k), rep_in.drho_gen(k)) for k in range(len(G.lie_generators))]
    if not all(A.domain.is_QQ and B.domain.is_QQ for A, B in pairs):
        return None
    b, a = rep_out.size, rep_in.size
    best = None
    for p in _PRIMES:
        blocks = []
        for O, I in pairs:
            Om, Im = _residues(O, p), _residues(I, p)
            if Om is None or Im is None:
                break
            # vec(O X - X I) for X (b x a) flattened row-major: (O ⊗ 1 - 1 ⊗ Iᵀ) vec(X)
            blocks.append((np.kron(Om, np.eye(a, dtype=np.int64))
                           - np.kron(np.eye(b, dtype=np.int64), Im.T)) % p)
        else:
            C = np.vstack(blocks) if blocks else np.zeros((0, a * b), dtype=np.int64)
            null = a * b - _rank_mod(C, p)
            best = null if best is None else min(best, null)
    return best


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
                d = nullity_mod_primes(a, b) if a.size * b.size <= MODULAR_COUNT_UNKNOWNS else None
                if d is None:
                    return None, (f"{G!r} is continuous and the block Hom({a}, {b}) has no second "
                                  f"derivation (no diagram basis covers it, and it is over Q with "
                                  f"at most {MODULAR_COUNT_UNKNOWNS} unknowns for a count modulo "
                                  f"primes), so only the exact constraint and rank checks apply")
                roads.add("the nullity of the constraints modulo two primes (numpy)")
            total += ma * mb * d
    return total, "block counts by " + " and ".join(sorted(roads))
