"""The permutation action of a permutation group on an invariant block of its points.

AutoEquiv describes a layer by pairs of permutations, one of the inputs and one of the outputs,
generator by generator; together they generate one group acting on ``n_in + n_out`` points, and
its actions on the two blocks ``range(0, n_in)`` and ``range(n_in, n_in + n_out)`` are the two
reps of the layer.

>>> import symequiv as se
>>> G = se.PermutationGroup([[1, 0, 3, 2, 4]])
>>> Restrict(G, 0, 2).size, Restrict(G, 2, 5).size
(2, 3)
"""

import numpy as np

from .. import linalg
from ..errors import GroupMismatchError, RepresentationError
from .core import Rep

__all__ = ["RestrictedRep", "Restrict"]


class RestrictedRep(Rep):
    """The permutation action of a permutation group on an invariant block of its points,
    ``range(start, stop)``, renumbered from 0.  This is how two permutation actions paired
    generator by generator (AutoEquiv's input and output generators) become two reps of the
    one group they generate together.

    >>> import symequiv as se
    >>> G = se.PermutationGroup([[1, 0, 3, 2]])
    >>> Restrict(G, 0, 2).is_permutation
    True
    """

    __slots__ = ("_group", "_start", "_stop")

    def __init__(self, group, start, stop):
        super().__init__()
        object.__setattr__(self, "_group", group)
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_stop", stop)

    def _key(self):
        return ("restrict", self._group._key(), self._start, self._stop)

    def _text(self, full):
        return f"Restrict({self._group!r},{self._start},{self._stop})" if full else \
            f"Restrict({self._start},{self._stop})"

    @property
    def group(self):
        return self._group

    @property
    def size(self):
        return self._stop - self._start

    def perm(self, g):
        return np.asarray(g[self._start:self._stop], dtype=np.int64) - self._start

    def rho(self, g):
        return linalg.perm_matrix(self.perm(g))

    def drho(self, A):
        return linalg.zeros(self.size, self.size)

    @property
    def is_permutation(self):
        return True

    def _lift(self, product):
        raise GroupMismatchError("restricted permutation reps cannot be lifted to a product.")


def Restrict(group, start, stop):
    """Permutation rep of ``group`` on its points ``range(start, stop)``, which must be a
    union of orbits (an invariant block).

    >>> import symequiv as se
    >>> G = se.PermutationGroup([[1, 0, 3, 2, 4]])
    >>> Restrict(G, 2, 5).perm(G.discrete_generators[0]).tolist()
    [1, 0, 2]
    """
    from ..groups.permutation import PermGroup
    if not isinstance(group, PermGroup):
        raise GroupMismatchError(f"Restrict needs a permutation group, got {group!r}.")
    for name, v in (("start", start), ("stop", stop)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise RepresentationError(f"Restrict: {name} must be an int, got {v!r}.")
    start, stop = int(start), int(stop)
    if not 0 <= start < stop <= group.degree:
        raise RepresentationError(
            f"Restrict: need 0 <= start < stop <= {group.degree}, got ({start}, {stop}).")
    for k, g in enumerate(group.perms):
        if any(not start <= x < stop for x in g[start:stop]):
            raise RepresentationError(
                f"Restrict: points range({start}, {stop}) are not invariant: generator {k} moves "
                f"some of them outside.")
    return RestrictedRep(group, start, stop)
