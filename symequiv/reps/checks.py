"""The one check that the reps handed to a solver, a layer or a test belong to one group.

Every entry point that takes two or more reps (``equivariant_basis``, every layer in
:mod:`symequiv.nn`, the test kit in :mod:`symequiv.testing`) calls :func:`common_group`, so a
rep of ``S(4)`` and a rep of ``Z(4)`` are refused the same way everywhere, with a
:class:`~symequiv.errors.GroupMismatchError` that names the caller.  A group-free rep (built
from ``Scalar`` alone) belongs to every group.

>>> import symequiv as se
>>> common_group(se.V(se.SO(3)), se.Scalar) == se.SO(3)
True
>>> try:
...     common_group(se.V(se.S(4)), se.V(se.Z(4)), where="EquivariantLinear")
... except se.GroupMismatchError as e:
...     print(str(e).split(':')[0])
EquivariantLinear
"""

from ..errors import GroupMismatchError
from ..groups.base import Group
from .core import Rep

__all__ = ["common_group"]


def common_group(*reps, group=None, where="symequiv"):
    """The group that all ``reps`` (and ``group``, if given) share, or ``None`` if every rep
    is group-free and no group is given.

    Parameters
    ----------
    *reps : Rep
        Representations that must act through one group.
    group : Group, optional
        The group the caller was told to use (e.g. the ``group`` argument of ``EMLP``).
    where : str
        The caller's name, put first in the error message.

    Raises
    ------
    GroupMismatchError
        If an argument is not a :class:`Rep` (or ``group`` not a :class:`Group`), or two of
        them belong to different groups.
    RepresentationError
        If a rep holds user-given images of a finite permutation group that break its
        relations (:func:`symequiv.reps.relations.check_finite_relations`).

    >>> import symequiv as se
    >>> common_group(se.Scalar, se.Scalar) is None
    True
    >>> common_group(se.Scalar, group=se.S(3)) == se.S(3)
    True
    """
    if group is not None and not isinstance(group, Group):
        raise GroupMismatchError(
            f"{where}: group must be a Group (e.g. se.SO(3) or se.group('SO(3)')), got "
            f"{type(group).__name__}.")
    found, source = group, f"the group argument {group!r}"
    for k, r in enumerate(reps):
        if not isinstance(r, Rep):
            raise GroupMismatchError(
                f"{where}: the reps must be Rep objects, argument {k} is a {type(r).__name__}; build "
                f"them with "
                f"se.V(G), se.Scalar, ... or se.rep('2*V', 'SO(3)').")
        g = r.group
        if g is None:
            continue
        if found is None:
            found, source = g, f"the rep {r} of {g!r}"
        elif g != found:
            raise GroupMismatchError(
                f"{where}: the rep {r} belongs to {g!r}, which is not {source}: they are reps of "
                f"different groups, and all reps of one layer, basis or test must be reps of "
                f"the same group. Build "
                f"them from one group object (G = {found!r}; se.V(G), ...), or lift factor reps "
                f"to a direct product with rep.lift(G).")
    from .relations import check_finite_relations
    for r in reps:             # user-given images of a finite group: a representation at all?
        check_finite_relations(r, where)
    return found
