"""The irreducible representations of a finite group, each with a stable label.

:func:`irreps_of` returns one :class:`IrrepInfo` per isomorphism class of irreducible
representations over the group's field (or an extension given by ``field=``):

* for the symmetric group ``S(n)`` (the catalogue group, or a permutation group on ``n`` points
  equal to it): the Specht modules of :mod:`symequiv.reps.specht`, labelled by their partitions
  (``"[3,1]"``), in reverse lexicographic order of the partitions (``[n]`` first, ``[1^n]``
  last) -- no decomposition is run, so ``S(5)`` takes milliseconds;
* for a cyclic permutation group over its own field: the companion matrices of the
  cyclotomic polynomials ``Φ_d``, ``d | n`` (:mod:`symequiv.reps.cyclic`), no decomposition;
* for the alternating group ``A(n)`` over Q: restricted Specht modules, no decomposition;
* for any other finite group: the pieces of ``symequiv.decompose(Regular(G), field=field)``,
  sorted by dimension (the trivial representation first), then by their character values on the group's generators (exact keys),
  then by the generator images themselves; labelled ``"d{dim}_{k}"``, ``k`` the index among
  the pieces of the same dimension.

The closed forms for cyclic and alternating groups (since 2026-11-29) keep the labels of the
decomposition they replace (same dimensions and characters) but not its matrices: a layer
saved on ``irreps_of(Z(6))[d2_0]`` before then is refused on load (its tag fingerprints the
matrices), never loaded onto different coordinates.

An irreducible over ``Q`` need not stay irreducible over a larger field: ``end_dim`` is
``dim End_G(ρ)`` over the field (1 for absolutely irreducible pieces; e.g. 2 for the 2-dim
rational irreducible of ``Z(4)``, on which ``End = Q(i)``), and the multiplicity of ``ρ`` in the
regular representation is ``dim ρ / end_dim``.

Examples
--------
>>> import symequiv as se
>>> [(r.label, r.dim, r.end_dim, r.multiplicity) for r in irreps_of(se.Z(4))]
[('d1_0', 1, 1, 1), ('d1_1', 1, 1, 1), ('d2_0', 2, 2, 1)]
>>> [r.label for r in irreps_of(se.S(4))]
['[4]', '[3,1]', '[2,2]', '[2,1,1]', '[1,1,1,1]']
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial, isqrt
from typing import TYPE_CHECKING, Any, Optional, Tuple, cast

from .. import linalg
from ..errors import GroupMismatchError, RepresentationError
from ..groups.base import Group
from .explicit import ExplicitRep, Regular, with_full_name
from .relations import mark_checked
from .specht import specht, partitions, partition_label, hook_dimension

if TYPE_CHECKING:
    from ..groups.permutation import PermGroup

__all__ = ["IrrepInfo", "irreps_of"]


@dataclass(frozen=True)
class IrrepInfo:
    """One irreducible representation of a finite group.

    Attributes
    ----------
    label : str
        ``"[3,1]"`` for a Specht module, else ``"d{dim}_{k}"``.
    rep : ExplicitRep
        The representation (exact generator images).
    dim : int
        Its dimension.
    end_dim : int
        ``dim End_G(rep)`` over the field (1: absolutely irreducible).
    multiplicity : int
        How often it occurs in the regular representation (``dim / end_dim``).
    partition : tuple of int or None
        The partition of a Specht module, else None.
    """

    label: str
    rep: ExplicitRep
    dim: int
    end_dim: int
    multiplicity: int
    partition: Optional[Tuple[int, ...]] = None


def _is_symmetric(G):
    from ..groups.catalogue import S
    from ..groups.permutation import PermGroup
    if not isinstance(G, PermGroup):
        return False
    n = G.degree
    return G == S(n) or G.order() == factorial(n)


def _trace_key(M):
    t = linalg.trace(M)
    return linalg.key(linalg.DomainMatrix({0: {0: t}} if t else {}, (1, 1), M.domain))[1]


def _alternating_pieces(G):
    """``[(rep, multiplicity, end_dim)]``: the rational irreducibles of ``G = A(n)`` from
    restricted Specht modules, no decomposition (A(6)'s regular representation took minutes and
    3 GB, A(7)'s ran out of memory).  ``S^λ|A ≅ S^λ'|A`` is absolutely irreducible for
    ``λ ≠ λ'``; for ``λ = λ'`` it is irreducible over Q with commutant ``Q(√(ε q₁⋯q_r))``
    (:mod:`.alternating`), two-dimensional unless ``ε q₁⋯q_r`` is a square (first at n = 9:
    then it splits into two halves over Q, :func:`_split_halves`).
    ``Σ m·dim = Σ_λ f_λ² / 2 = n!/2``."""
    from math import prod
    from .alternating import (is_alternating, conjugate_partition, diagonal_hooks,
                              alternating_irrep)
    if not is_alternating(G) or G.degree < 3:
        return None
    n = G.degree
    gens = range(len(G.discrete_generators))
    out = []
    for lam in partitions(n):
        mu = conjugate_partition(lam)
        if lam < mu:                            # the pair is listed once, under max(λ, λ')
            continue
        f = hook_dimension(lam)
        R = alternating_irrep(lam, G)
        rep = ExplicitRep(G, [R.rho_gen(k) for k in gens], [], "U")
        if lam == mu:
            q = diagonal_hooks(lam)
            v = (-1) ** ((n - len(q)) // 2) * prod(q)
            if v > 0 and isqrt(v) ** 2 == v:
                # End = Q(√v) = Q × Q: two absolutely irreducible halves over Q, each f/2
                # times in the regular rep (A(9), λ = (5,1,1,1,1): 9 = 3²)
                halves = _split_halves(lam, rep, f)
                if halves is None:
                    return None
                out.extend((P, f // 2, 1) for P in halves)
                continue
            e = 2
        else:
            e = 1
        out.append((rep, f // e, e))
    return out


def _split_halves(lam, rep, f):
    """The two halves over Q of ``S^λ|A(n)`` (``λ = λ'``, ``ε q₁⋯q_r`` a square), or None:
    ``J`` with ``J s_i = −s_i J`` for Young's seminormal transpositions (``S^λ ≅ S^λ ⊗ sgn``)
    commutes with A(n) and squares to a rational ``c``; when ``c = r²`` the eigenspaces of
    ``±r`` are the halves.  Each is checked to have End = Q (so it is irreducible) and no map
    to the other (so they are distinct), by exact elimination on ``(f/2)²`` unknowns."""
    from .specht import _seminormal
    from ..linalg.subspaces import kernel
    QQ = linalg.QQ
    S = list(_seminormal(lam))
    H = linalg.hom_space([M * QQ(-1) for M in S], S, QQ)
    if len(H) != 1:
        return None
    J = H[0].to_dense()
    c = J.matmul(J)[0, 0].element
    one = linalg.identity(f, QQ).to_dense()
    if J.matmul(J) != one * c or c <= 0:
        return None
    num, den = int(c.numerator), int(c.denominator)
    if isqrt(num) ** 2 != num or isqrt(den) ** 2 != den:
        return None
    r = QQ(isqrt(num), isqrt(den))
    G = rep.group
    gens = [rep.rho_gen(k) for k in range(len(G.discrete_generators))]
    halves = []
    for sign in (1, -1):
        B = kernel(J - one * (r * sign))
        if B.shape[1] != f // 2:
            return None
        halves.append(mark_checked(ExplicitRep(G, linalg.restrict(gens, B), [], "U")))
    mats = [[P.rho_gen(k) for k in range(len(gens))] for P in halves]
    if any(len(linalg.hom_space(m, m, QQ)) != 1 for m in mats) or linalg.hom_space(mats[0], mats[1], QQ):
        return None
    return halves


def irreps_of(G: Group, field: Any = None, *, max_seconds: float | None = None,
              max_memory: Any = None) -> list[IrrepInfo]:
    """The irreducible representations of the finite group ``G`` over its field (or over the
    field extended by ``field``), one per isomorphism class, in a deterministic order.

    Parameters
    ----------
    G : Group
        A finite group.
    field : SymPy algebraic number or list of them, optional
        As for :func:`symequiv.decompose`: e.g. ``exp(2*pi*I/3)`` splits the rational 2-dim
        irreducible of ``A(4)`` into two characters.
    max_seconds, max_memory : optional
        One budget for the whole call (the decomposition of the regular representation, or
        the construction of A(n)'s pieces), as for :func:`symequiv.decompose`.

    Returns
    -------
    list of IrrepInfo
        ``Σ multiplicity · dim = |G|``.

    Raises
    ------
    RepresentationError
        ``G`` is continuous (its irreducibles by name: ``se.irrep``).
    GroupTooLargeError
        The regular representation is too large to decompose.

    >>> import symequiv as se
    >>> [(r.label, r.end_dim) for r in irreps_of(se.A(4))]
    [('d1_0', 1), ('d2_0', 2), ('d3_0', 1)]
    >>> from sympy import exp, pi, I
    >>> [r.label for r in irreps_of(se.A(4), field=exp(2 * pi * I / 3))]
    ['d1_0', 'd1_1', 'd1_2', 'd3_0']
    """
    if not isinstance(G, Group):
        raise GroupMismatchError(f"irreps_of needs a Group such as se.S(4), got {type(G).__name__}.")
    if G.is_continuous:
        raise RepresentationError(
            f"{G!r} is continuous: it has infinitely many irreducibles. Build them by name with "
            f"se.irrep(G, label) for SO(2), O(2), SO(3), O(3), SU(2) and U(1), e.g. "
            f"se.irrep(se.SO(3), 2).")
    from ..schur.decomposition import _extended_field
    if _is_symmetric(G):
        K = _extended_field(G, field)
        out = []
        for lam in partitions(cast("PermGroup", G).degree):
            W = specht(lam, G)
            if K != G.domain:
                d, _ = W.generator_images
                W = ExplicitRep(G, d, [], str(W), field=K)
            else:                              # the same rep as irrep(G, λ), and its text
                W = with_full_name(W, f"irrep({G!r},[{','.join(map(str, lam))}])")
            d = hook_dimension(lam)
            out.append(IrrepInfo(partition_label(lam), W, d, 1, d, lam))
        return out
    from ..budget import budget, check_args
    check_args(max_seconds, max_memory)
    with budget(max_seconds, max_memory, what="irreps_of"):   # one budget for every step
        return _irreps_of(G, field)


def _irreps_of(G, field):
    from ..schur.decomposition import decompose
    from .cyclic import cyclic_irreps
    cyclic = cyclic_irreps(G) if field is None else None
    alternating = _alternating_pieces(G) if field is None and cyclic is None else None
    if cyclic is not None:             # Z(n) over Q: one companion matrix of Φ_d per d | n
        found = [(R, 1, R.size) for _, R in cyclic]
    elif alternating is not None:      # A(n) over Q: restricted Specht modules
        found = alternating
    else:
        D = decompose(Regular(G), field=field)
        found = list(zip(D.irreps, D.multiplicities, D.end_dims))
    pieces = []
    for R, m, e in found:
        disc, lie = R.generator_images
        trivial = R.size == 1 and all(linalg.is_identity(M) for M in disc)
        key = (R.size, not trivial, tuple(_trace_key(M) for M in disc),
               tuple(linalg.key(M) for M in disc), tuple(linalg.key(M) for M in lie))
        pieces.append((key, R, m, e))
    pieces.sort(key=lambda p: p[0])
    count: dict[int, int]
    out, count = [], {}
    for _, R, m, e in pieces:
        k = count.get(R.size, 0)
        count[R.size] = k + 1
        label = f"d{R.size}_{k}"
        disc, lie = R.generator_images
        # over an extension field the text names it, and the parser (which reads irreps_of(G)
        # over G's field only) refuses it rather than build an unequal rep
        text = f"irreps_of({G!r})[{label}]" if field is None else \
            f"irreps_of({G!r}, field={linalg.field_text(R.field)})[{label}]"
        rep = mark_checked(ExplicitRep(G, disc, lie, text, field=R.field))
        out.append(IrrepInfo(label, rep, R.size, e, m))
    return out
