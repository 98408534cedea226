"""Representations given by their generator matrices: irreducible pieces found by
:func:`symequiv.decompose`, and the regular representation of a finite group.

An :class:`ExplicitRep` stores one exact matrix per discrete generator and one per
Lie-algebra generator of its group, in the group's order.  It takes part in the rep
algebra (``+ * ** .T >>``) and in :func:`symequiv.equivariant_basis` like any rep.

Examples
--------
>>> import symequiv as se
>>> R = Regular(se.S(3))
>>> R.size, R.is_permutation, se.equivariant_basis(R, R).dim
(6, True, 6)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import linalg
from ..errors import GroupMismatchError, RepresentationError
from ..groups.base import Group
from .core import Rep

__all__ = ["ExplicitRep", "Regular", "PermRep", "perm_rep_text", "explicit_atoms",
           "extension_fields"]


class ExplicitRep(Rep):
    """A representation of ``group`` fixed by the images of its generators.

    Parameters
    ----------
    group : Group
    discrete : sequence of DomainMatrix
        ``ρ(g_k)`` for every discrete generator ``g_k`` of ``group`` (same order).
    lie : sequence of DomainMatrix
        ``dρ(A_k)`` for every Lie-algebra generator ``A_k`` of ``group``.
    name : str
        Display name, used by ``str``; ``repr`` too unless ``full_name`` is given.
    full_name : str, optional
        The text of ``repr``, when the rep has a constructor the string parser reads back
        (``irrep(SO(3),2)``, ``Res(V(SO(3)),SO2eR3())``); the parser cannot rebuild a rep
        from a bare display name.
    field : SymPy algebraic field, optional
        A field containing the group's, over which the matrices live (irreducible pieces found
        by ``decompose(rep, field=...)``); default the group's field.
    perms : sequence of int arrays, optional
        For a permutation rep, the destination array of each discrete generator; checked
        exactly against ``discrete`` (the orbit roads and the certificates read the
        permutations, so a disagreement would certify the wrong maps).

    Notes
    -----
    The images may be nested lists, integer numpy arrays or SymPy matrices of exact numbers.
    Lie-algebra images are checked against the algebra's brackets when built; images of a
    finite group against its relations where they are first used (a basis, a layer, a Molien
    series: :func:`symequiv.reps.relations.check_finite_relations`; permutation images at any
    size, matrices of a group of order at most 5040 up to ``|G|·dim² ≤ 2·10⁶``, and Molien
    and Burnside counts refuse non-integer results); the discrete images of a continuous
    group are checked against the Lie algebra's adjoint action only.

    >>> import symequiv as se
    >>> from symequiv import linalg
    >>> sign = ExplicitRep(se.S(3), [linalg.matrix([[1]]), linalg.matrix([[-1]])], [], "sign")
    >>> se.equivariant_basis(sign, se.V(se.S(3))).dim
    0
    """

    __slots__ = ("_group", "_discrete", "_lie", "_name", "_perms", "_size", "_field", "_full")

    def __init__(self, group: Group, discrete: Sequence[linalg.DomainMatrix],
                 lie: Sequence[linalg.DomainMatrix], name: str = "U", perms: Any = None,
                 field: Any = None, full_name: str | None = None) -> None:
        super().__init__()
        if not isinstance(group, Group):
            raise GroupMismatchError(f"ExplicitRep needs a Group, got {type(group).__name__}.")
        def exact(M, what):
            # nested lists, integer numpy arrays, SymPy matrices: converted exactly (floats
            # refused with NotExactError), as for MatrixGroup's generators
            if isinstance(M, linalg.DomainMatrix):
                return M
            D = group.domain if field is None else field
            return linalg.matrix(M, where=what, domain=D)
        discrete = tuple(exact(M, f"ExplicitRep discrete image {k}") for k, M in enumerate(discrete))
        lie = tuple(exact(M, f"ExplicitRep Lie-algebra image {k}") for k, M in enumerate(lie))
        if len(discrete) != len(group.discrete_generators) or len(lie) != len(group.lie_generators):
            raise RepresentationError(
                f"{group!r} has {len(group.discrete_generators)} discrete and "
                f"{len(group.lie_generators)} Lie-algebra generators; got {len(discrete)} and "
                f"{len(lie)} matrices.")
        mats = discrete + lie
        n = mats[0].shape[0] if mats else 1
        if n == 0:
            raise RepresentationError("generator images must be n x n with n >= 1, got 0 x 0 "
                                      "(the zero space has no coordinates to act on).")
        for M in mats:
            if M.shape != (n, n):
                raise RepresentationError(f"generator images must all be {n}x{n}, got {M.shape}.")
        K = group.domain if field is None else field

        def conv(M):
            if M.domain != K and not M.domain.is_QQ and M.domain != group.domain:
                raise RepresentationError(f"generator image over {linalg.field_text(M.domain)}, but "
                                          f"{group!r} lives over {linalg.field_text(K)}.")
            return M.convert_to(K).to_sparse()
        discrete = tuple(conv(M) for M in discrete)
        if perms is not None:
            perms = _checked_perms(perms, discrete, n)
        elif not lie:
            perms = _auto_perms(discrete)
        if lie:
            from .relations import check_lie_relations
            check_lie_relations(group, discrete, tuple(conv(M) for M in lie))
        for name_, val in (("_group", group), ("_discrete", discrete),
                           ("_lie", tuple(conv(M) for M in lie)), ("_name", str(name)),
                           ("_perms", perms), ("_full", full_name)):
            object.__setattr__(self, name_, val)
        object.__setattr__(self, "_size", n)
        object.__setattr__(self, "_field", K)

    def __setstate__(self, state):
        # a rep pickled before permutation images were detected (or by another version) gets
        # its perms as a freshly built equal rep would
        super().__setstate__(state)
        if getattr(self, "_perms", None) is None and not self._lie:
            object.__setattr__(self, "_perms", _auto_perms(self._discrete))

    def _key(self):
        # the field too: linalg.key writes number-field entries as coefficients of the field's
        # primitive element, so the same coefficients over Q(√2) and Q(−√2) (or Q(1+√2) and
        # Q(1−√2)) are different matrices of non-isomorphic reps
        # and the name with a graph's automorphism group written as its (equal) permutation
        # group, so that Regular(G) equals the Regular of G's text, which its saved file holds
        from ..groups.graphs import parseable_text_of
        return ("explicit", self._group._key(), linalg.field_key(self._field),
                parseable_text_of(self._name), tuple(linalg.key(M) for M in self._discrete),
                tuple(linalg.key(M) for M in self._lie))

    def _text(self, full):
        text = getattr(self, "_full", None) if full else None      # (old pickles lack the slot)
        return self._name if text is None else text

    @property
    def group(self):
        return self._group

    @property
    def size(self):
        return self._size

    @property
    def field(self):
        """The field of the matrices (the group's, or an extension of it)."""
        return self._field

    @property
    def generator_images(self):
        """``(discrete, lie)``: the stored matrices."""
        return self._discrete, self._lie

    def _index(self, g, gens, what):
        k = linalg.key(g) if not isinstance(g, tuple) else g
        for i, h in enumerate(gens):
            if (linalg.key(h) if not isinstance(h, tuple) else h) == k:
                return i
        raise RepresentationError(
            f"{self._name} is known only on the group's generators; {what} is not one of them.")

    def rho(self, g):
        return self._discrete[self._index(g, self._group.discrete_generators, "this element")]

    def drho(self, A):
        return self._lie[self._index(A, self._group.lie_generators, "this algebra element")]

    def rho_gen(self, k):
        return self._discrete[k]

    def drho_gen(self, k):
        return self._lie[k]

    def perm(self, g):
        if self._perms is None:
            return None
        return self._perms[self._index(g, self._group.discrete_generators, "this element")]

    def perm_gen(self, k):
        return None if self._perms is None else self._perms[k]

    @property
    def is_permutation(self):
        return self._perms is not None and not self._lie

    def _lift(self, product):
        raise RepresentationError("an ExplicitRep cannot be lifted to a product group; build it "
                                  "from the product group's generators instead.")


def with_full_name(rep: ExplicitRep, full_name: str) -> ExplicitRep:
    """A copy of ``rep`` whose ``repr`` is ``full_name`` (same key, so equal to ``rep``); a copy,
    not ``rep`` itself, since ``rep`` may be shared and its text must not depend on call order.

    >>> import symequiv as se
    >>> s = se.reps.specht.specht((2, 1))
    >>> t = with_full_name(s, "irrep(S(3),[2,1])")
    >>> repr(s), repr(t), str(t), s == t
    ('specht(2,1)', 'irrep(S(3),[2,1])', 'specht(2,1)', True)
    """
    from .._immutable import restore, state_of
    new = object.__new__(type(rep))
    restore(new, {**state_of(rep), "_full": full_name})
    if rep._memo.get("finite_relations"):               # the same images, already checked
        new._memo["finite_relations"] = True
    return new


def perm_rep_text(group_text, perms):
    """The text of :func:`PermRep` (what ``repr`` prints and the parser reads).

    >>> perm_rep_text("S(3)", [[1, 0, 2, 3], [1, 2, 0, 3]])
    'PermRep(S(3),[[1,0,2,3],[1,2,0,3]])'
    """
    return f"PermRep({group_text},{[[int(i) for i in p] for p in perms]})".replace(" ", "")


def PermRep(group: Group, perms: Any, max_order: int = 10 ** 6) -> ExplicitRep:
    """The permutation representation of the finite group ``group`` in which its ``k``-th
    generator acts by ``perms[k]`` (destination form: ``e_i -> e_{perms[k][i]}``).

    The assignment is checked to extend to a homomorphism (the pairs ``(g_k, perms[k])``
    generate a group no larger than ``group``), so a list of permutations that breaks the
    group's relations is refused instead of defining a "rep" that is none.  ``repr`` is
    ``PermRep(G,[[...],...])``, which the string parser reads back (so bases save).

    Parameters
    ----------
    group : Group
        A finite group.
    perms : sequence of sequences of int
        One permutation of ``range(m)`` per discrete generator of ``group``.
    max_order : int
        Largest group order for the homomorphism check of a matrix group (its elements are
        enumerated; permutation groups use Schreier-Sims and have no limit).

    >>> import symequiv as se
    >>> P = PermRep(se.S(3), [[1, 2, 0, 3], [1, 0, 2, 3]])        # S(3) on 4 points, 3 fixed
    >>> P, se.equivariant_basis(P, se.Scalar).dim
    (PermRep(S(3),[[1,2,0,3],[1,0,2,3]]), 2)
    """
    from ..errors import InvalidArgumentError
    if not isinstance(group, Group):
        raise GroupMismatchError(f"PermRep needs a Group, got {type(group).__name__}.")
    if group.is_continuous:
        raise RepresentationError(f"PermRep needs a finite group; {group!r} is continuous.")
    import operator

    def point(i):
        if isinstance(i, (bool, np.bool_)):
            raise TypeError
        return int(operator.index(i))          # ints only: 1.0 or 1/2 is not a point
    try:
        perms = [[point(i) for i in p] for p in perms]
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            "PermRep: perms must be a list of permutations, one list of ints per generator, "
            "e.g. [[1, 0, 2], [1, 2, 0]].") from None
    gens = group.discrete_generators
    if len(perms) != len(gens):
        raise RepresentationError(
            f"PermRep: {group!r} has {len(gens)} generators; got {len(perms)} permutations.")
    m = len(perms[0]) if perms else 1
    for k, p in enumerate(perms):
        if sorted(p) != list(range(m)):
            raise RepresentationError(f"PermRep: perms[{k}] is not a permutation of range({m}).")
    _check_homomorphism(group, perms, m, max_order)
    arrays = tuple(np.array(p, dtype=np.int64) for p in perms)
    mats = [linalg.perm_matrix(p, group.domain) for p in arrays]
    from .relations import mark_checked            # _check_homomorphism has just checked it
    return mark_checked(ExplicitRep(group, mats, [], perm_rep_text(repr(group), perms), perms=arrays))


def _check_homomorphism(group, perms, m, max_order):
    """Refuse ``perms`` unless ``g_k -> perms[k]`` extends to a homomorphism of ``group``."""
    from ..groups.permutation import PermGroup
    from .relations import perms_extend, walk_extends
    if isinstance(group, PermGroup):
        ok = perms_extend(group, perms)
    else:                                 # element by element (raises past max_order)
        ok = walk_extends(group, [tuple(p) for p in perms], tuple(range(m)),
                          lambda p, img: tuple(p[x] for x in img), max_order)
    if not ok:
        raise RepresentationError(
            f"PermRep: these permutations do not define a representation of {group!r}: they break "
            f"its relations (the pairs (generator, permutation) generate a larger group). Give "
            f"the action of each generator, in the order of {group!r}.discrete_generators.")


def _auto_perms(discrete):
    """The destination arrays of discrete images that are all permutation matrices, else None:
    permutation matrices are a permutation rep whether or not perms were passed, so that the
    road a solver takes (and every cached result, keyed by the matrices) does not depend on how
    an equal rep was written."""
    if not discrete:
        return None
    from .restriction import perm_of_matrix
    found = [perm_of_matrix(M) for M in discrete]
    return tuple(found) if all(p is not None for p in found) else None


def _checked_perms(perms, discrete, n):
    """``perms`` as a tuple of int64 arrays, after checking that each is a permutation of
    ``range(n)`` whose matrix is the matching generator image."""
    perms = tuple(perms)
    if len(perms) != len(discrete):
        raise RepresentationError(
            f"perms has {len(perms)} entries for {len(discrete)} discrete generators.")
    out = []
    for k, (p, M) in enumerate(zip(perms, discrete)):
        p = np.asarray(p)
        if p.shape != (n,) or p.dtype.kind not in "iu" or sorted(p.tolist()) != list(range(n)):
            raise RepresentationError(f"perms[{k}] is not a permutation of range({n}).")
        p = p.astype(np.int64)
        if not linalg.is_perm_matrix_of(M, p):
            raise RepresentationError(
                f"perms[{k}] does not match the image of discrete generator {k}: its permutation "
                f"matrix differs from the matrix given. Pass the destination array of each "
                f"generator (ρ(g) e_i = e_perm[i]), or leave perms out.")
        out.append(p)
    return tuple(out)


def explicit_atoms(rep):
    """The :class:`ExplicitRep` atoms inside ``rep`` (through sums, products and duals)."""
    if isinstance(rep, ExplicitRep):
        yield rep
    inner = getattr(rep, "_inner", None)
    if inner is not None:
        yield from explicit_atoms(inner)
    for r, _ in getattr(rep, "_runs", ()):
        yield from explicit_atoms(r)


def extension_fields(rep):
    """Fields of the explicit reps inside ``rep`` that differ from the group's field."""
    return {linalg.field_text(r.field) for r in explicit_atoms(rep) if r.field != r.group.domain}


def Regular(group: Group, limit: int = 5000) -> ExplicitRep:
    """The left regular representation of a finite group: ``ρ(g) e_h = e_{gh}``.

    Its elements are listed once (deterministically sorted); the size is the group's
    order.  Over a field where every irreducible is absolutely irreducible, each one
    occurs in it with multiplicity equal to its dimension.

    >>> import symequiv as se
    >>> Regular(se.Z(4)).size
    4
    """
    from ..groups.matrix import enumerate_elements, _element_key
    from ..errors import GroupTooLargeError
    if not isinstance(group, Group):
        raise GroupMismatchError(f"Regular needs a Group, got {type(group).__name__}.")
    if group.is_continuous:
        raise GroupTooLargeError(f"{group!r} is continuous: it has no finite regular representation.")
    from .. import limits
    from ..groups.permutation import PermGroup
    # the order is cheap for a permutation group of a sane degree (larger ones are refused
    # below, by their generators, naming MAX_DEGREE)
    order = group.order() if isinstance(group, PermGroup) and group.degree <= limits.MAX_DEGREE \
        else None
    if isinstance(order, int) and order > limit:
        size = f"{order:,}" if order < 10 ** 30 else f"about 10^{limits.digits(order) - 1}"
        raise GroupTooLargeError(
            f"the regular representation of {group!r} has size {size} (the group's order), "
            f"over limit={limit:,}: its maps would have that size squared entries. Pass a "
            f"larger limit= if you mean it, or use a smaller group or a smaller representation.")
    els = enumerate_elements(group, limit)
    index = {_element_key(group, g): i for i, g in enumerate(els)}
    perms, mats = [], []
    for g in group.discrete_generators:
        p = np.array([index[_element_key(group, group.multiply(g, h))] for h in els], dtype=np.int64)
        p.setflags(write=False)
        perms.append(p)
        mats.append(linalg.perm_matrix(p, group.domain))
    from .relations import mark_checked            # the action on the group itself
    return mark_checked(ExplicitRep(group, mats, [], f"Regular({group!r})", perms=tuple(perms)))
