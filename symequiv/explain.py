"""Plain-language explanations of results that surprise newcomers.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> print(explain_zero(2 * V, se.Scalar).splitlines()[0])
There is no nonzero *linear* map 2*V -> Scalar that commutes with SO(3): dim Hom = 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .reps.checks import common_group

if TYPE_CHECKING:
    from .reps.core import Rep

__all__ = ["explain_zero"]

_BILINEAR_LIMIT = 50_000


def explain_zero(rep_in: Rep, rep_out: Rep) -> str:
    """Why Hom_G(rep_in, rep_out) = 0, and what to do instead.

    >>> import symequiv as se
    >>> 'bilinear' in explain_zero(se.V(se.SO(3)), se.Scalar)
    True
    """
    from .solve import equivariant_basis
    G = common_group(rep_in, rep_out, where="explain_zero")
    lines = [
        f"There is no nonzero *linear* map {rep_in} -> {rep_out} that commutes with {G!r}: dim Hom = 0.",
        "By Schur's lemma a linear equivariant map can only connect parts of the input and the "
        "output that transform the same way, and here they share none (e.g. a linear map "
        "V -> Scalar is a vector fixed by every group element, and no nonzero vector is fixed by "
        "all rotations).",
    ]
    k = None
    if rep_in.size ** 2 * rep_out.size <= _BILINEAR_LIMIT:
        k = equivariant_basis(rep_in * rep_in, rep_out).dim
    if k:
        lines.append(
            f"Nonlinear equivariant maps do exist: there are {k} independent equivariant *bilinear* "
            f"maps {rep_in} x {rep_in} -> {rep_out} (for vectors u, v these are the inner products "
            f"such as u.v and |u|^2).")
    else:
        lines.append("Nonlinear equivariant maps can still exist (invariant features of higher degree).")
    lines.append(
        "To learn them, give the network such bilinear (or higher-degree) features -- "
        "se.invariants(rep, degree) lists the invariant polynomials exactly and "
        "se.nn.InvariantFeatures(rep, max_degree) evaluates them -- or map linearly "
        "to higher tensor ranks (e.g. Scalar+V+V**2) and apply gated nonlinearities, as an "
        "equivariant MLP does.")
    return "\n".join(lines)
