"""The :class:`Certificate` of a basis and :func:`certify`, which assembles it.

>>> import symequiv as se
>>> certify(se.equivariant_basis(se.V(se.A(4)), se.V(se.A(4)))).independent_dim
2
"""

import time
from dataclasses import dataclass

from ..errors import GroupTooLargeError, ProblemTooLargeError
from .constraints import _check_orbit_basis, _check_rows, _check_schur, _rank
from .burnside import burnside_dim, pair_orbit_count, PAIR_ORBIT_LIMIT
from .weyl import weyl_dim
from .cross_road import other_road_dim

__all__ = ["Certificate", "certify"]


@dataclass(frozen=True)
class Certificate:
    """The result of :func:`certify`.

    ``ok`` -- constraints hold exactly and the rank equals ``dim`` and, where an
    independent dimension exists, it equals ``dim``.  ``complete`` -- ``ok`` and the
    dimension was independently confirmed (the basis provably spans Hom_G).

    >>> import symequiv as se
    >>> c = se.equivariant_basis(se.V(se.SO(3)), se.V(se.SO(3))).verify()
    >>> c.ok, c.complete, c.dim
    (True, True, 1)
    """

    dim: int
    constraints_ok: bool
    generators_checked: int
    rank: int
    independent_dim: object            # int or None
    independent_method: str
    seconds: float

    @property
    def ok(self):
        return (self.constraints_ok and self.rank == self.dim
                and (self.independent_dim is None or self.independent_dim == self.dim))

    @property
    def complete(self):
        return self.ok and self.independent_dim is not None

    def to_dict(self):
        """JSON-safe summary."""
        return {"ok": self.ok, "complete": self.complete, "dim": self.dim,
                "constraints_ok": self.constraints_ok, "generators_checked": self.generators_checked,
                "rank": self.rank, "independent_dim": self.independent_dim,
                "independent_method": self.independent_method, "seconds": round(self.seconds, 6)}

    def _repr_html_(self):
        from ..display import html_certificate
        return html_certificate(self)

    def __str__(self):
        lines = [
            f"constraints: {'exact, all satisfied' if self.constraints_ok else 'VIOLATED'} "
            f"({self.generators_checked} generators)",
            f"rank: {self.rank} (dim {self.dim}) {'ok' if self.rank == self.dim else 'MISMATCH'}",
        ]
        if self.independent_dim is None:
            lines.append(f"dimension: not independently checked -- {self.independent_method}")
        else:
            verdict = "agrees" if self.independent_dim == self.dim else "DISAGREES"
            lines.append(f"dimension: {self.independent_dim} by {self.independent_method} ({verdict})")
        lines.append("verdict: " + ("VERIFIED (complete)" if self.complete else
                                    "verified (independent intertwiners; completeness unchecked)"
                                    if self.ok else "FAILED"))
        return "\n".join(lines)


def _frobenius(B):
    """Frobenius reciprocity for Hom spaces with an induced rep on one side, or None."""
    from ..reps.induced import frobenius_dim
    try:
        return frobenius_dim(B.rep_in, B.rep_out)
    except (GroupTooLargeError, ProblemTooLargeError):
        return None


def _real_if_reps_are(B):
    """Maps between real reps must be real: over a field with non-real elements (SU(n)'s Q(i))
    ``i·W`` satisfies every linear constraint ``W`` does, so the constraint check alone would
    pass a basis whose maps are not real maps at all.  Decided exactly: each matrix equals its
    conjugate in the field (a field not closed under conjugation counts as not real)."""
    from .. import linalg
    from ..errors import NotExactError
    if B.rep_in.is_complex or B.rep_out.is_complex or linalg.is_real_field(B.domain):
        return True
    if B.is_schur_form:                  # real pieces suffice; the Schur road never builds others
        F = B.schur
        mats = [F.Q_out, F.Q_out_inv, F.Q_in, F.Q_in_inv] + [E for b in F.blocks for E in b.end]
    else:
        mats = [B.rows()]
    try:
        return all(linalg.is_real_matrix(M) for M in mats)
    except NotExactError:
        return False


def certify(B, cross_road=True):
    """Build the :class:`Certificate` of a :class:`~symequiv.basis.Basis`.

    ``cross_road=False`` skips the one independent road that re-solves (elimination of the
    blocks of a continuous group without a Weyl formula): the check the disk cache runs on every
    read (constraints, rank, and the formula dimensions: Burnside, orbit counts, Weyl).

    >>> import symequiv as se
    >>> certify(se.equivariant_basis(se.V(se.A(4)), se.V(se.A(4)))).independent_dim
    2
    """
    t0 = time.perf_counter()
    G = B.rep_out.group or B.rep_in.group
    ngen = G.num_generators if G is not None else 0
    if B.is_schur_form:
        cons, rank = _check_schur(B, G)
    elif B.is_orbit_basis and B.rep_in.is_permutation and B.rep_out.is_permutation:
        cons = _check_orbit_basis(B, G)
        rank = _rank(B)
    else:
        cons = _check_rows(B, G)
        rank = _rank(B)
    cons = cons and _real_if_reps_are(B)
    try:
        ind, method = burnside_dim(B.rep_in, B.rep_out)
        frob = _frobenius(B)                    # induced reps: also Frobenius reciprocity
        if frob is not None and frob[0] != ind:
            raise AssertionError(f"Burnside ({ind}) and Frobenius ({frob[0]}) disagree")
        if frob is not None:
            method += f"; {frob[1]}"
    except GroupTooLargeError as e:
        ind = None
        if B.rep_in.is_permutation and B.rep_out.is_permutation and B.n_in * B.n_out <= PAIR_ORBIT_LIMIT:
            ind, method = pair_orbit_count(B.rep_in, B.rep_out)
        elif G is not None and G.is_continuous:
            weyl = weyl_dim(B.rep_in, B.rep_out)
            if weyl is not None:
                ind, method = weyl
            elif cross_road:
                ind, method = other_road_dim(B.rep_in, B.rep_out)
            else:
                method = "no formula road for this group (the cross-road re-solve is skipped)"
        else:
            method = f"no count by the group's elements ({e})"
        frob = _frobenius(B)
        if ind is None and frob is not None:
            ind, method = frob
    return Certificate(B.dim, cons, ngen, rank, ind, method, time.perf_counter() - t0)
