"""Hypothesis strategies: groups, representations, exact and float group elements.

hypothesis is imported only when a strategy is built.

>>> import symequiv as se
>>> from hypothesis import given
>>> @given(exact_elements(se.SO(3)))
... def check(g):
...     R = g.matrix
...     assert R.matmul(R.transpose()) == se.linalg.identity(3)
>>> check()
"""

from ..errors import InvalidArgumentError
from .elements import exact_element
from .floats import float_rho

__all__ = ["perm_groups", "groups", "reps", "group_elements", "exact_elements",
           "float_group_elements", "strategies"]


def perm_groups(max_degree=5, max_generators=3):
    """Strategy: random permutation groups on 1..max_degree points.

    >>> from hypothesis import given
    >>> @given(perm_groups(4))
    ... def check(G):
    ...     assert G.order() >= 1
    >>> check()
    """
    from hypothesis import strategies as st
    from ..groups import PermutationGroup

    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_degree))
        gens = draw(st.lists(st.permutations(list(range(n))), max_size=max_generators))
        return PermutationGroup([list(g) for g in gens], degree=n)
    return build()


def groups(finite_only=False):
    """Strategy: groups from the catalogue (small sizes), random permutation groups included.

    >>> from hypothesis import given
    >>> @given(groups())
    ... def check(G):
    ...     assert G.d >= 1
    >>> check()
    """
    from hypothesis import strategies as st
    from .. import groups as g
    finite = [g.S(3), g.S(4), g.A(4), g.Z(5), g.Octahedral(), g.Tetrahedral(), g.S(2) * g.Z(3)]
    cont = [g.SO(2), g.SO(3), g.O(3), g.SO13(), g.O13(), g.Sp(1), g.SL(2), g.GL(2)]
    return st.one_of(st.sampled_from(finite + ([] if finite_only else cont)), perm_groups(4))


def reps(group, max_size=30, depth=2):
    """Strategy: random representation expressions of ``group`` (V, V.T, Scalar with
    + * ** and multiplicities) of size at most ``max_size``.

    >>> import symequiv as se
    >>> from hypothesis import given
    >>> @given(reps(se.SO(3), max_size=12))
    ... def check(r):
    ...     assert 1 <= r.size <= 12
    >>> check()
    """
    from hypothesis import strategies as st
    from ..reps import V as _V, Scalar as _S

    @st.composite
    def build(draw):
        v = _V(group)
        leaves = [v, v.T, _S]

        def rec(d):
            if d == 0 or draw(st.booleans()):
                return draw(st.sampled_from(leaves))
            op = draw(st.sampled_from(["+", "*", "**", "k"]))
            a = rec(d - 1)
            if op == "+":
                return a + rec(d - 1)
            if op == "*":
                return a * rec(d - 1)
            if op == "**":
                return a ** draw(st.integers(0, 2))
            return draw(st.integers(1, 3)) * a
        r = rec(depth)
        from hypothesis import assume
        assume(r.size <= max_size)
        return r
    return build()


def group_elements(group, max_word=6):
    """Strategy: exact elements of a group with discrete generators, as products of random
    words in the generators (tuples for permutation groups, exact matrices otherwise).

    Words reach only the subgroup the discrete generators make, so a group with a Lie algebra
    (SO(3), O(3), a product with one) is refused: a property drawn from it would be tested on
    the identity or a finite subgroup alone.  Use :func:`exact_elements` (exact elements of the
    whole group) or :func:`float_group_elements` for those.

    >>> import symequiv as se
    >>> from hypothesis import given
    >>> @given(group_elements(se.S(4)))
    ... def check(g):
    ...     assert sorted(g) == [0, 1, 2, 3]
    >>> check()
    >>> try:
    ...     group_elements(se.SO(3))
    ... except se.errors.InvalidArgumentError as e:
    ...     print(str(e)[:44])
    group_elements(SO(3)): words in the discrete
    """
    from hypothesis import strategies as st
    if group.lie_generators:
        raise InvalidArgumentError(
            f"group_elements({group!r}): words in the discrete generators reach only the "
            f"subgroup they generate ({len(group.discrete_generators)} discrete generator(s)), not "
            f"the continuous part of a group with a Lie algebra, so a property would be tested on "
            f"part of the group only. Use exact_elements({group!r}) for exact elements of the whole "
            f"group, or float_group_elements({group!r}) for float64 matrices.")
    gens = list(group.discrete_generators)

    @st.composite
    def build(draw):
        g = group.identity_element()
        if gens:
            for k in draw(st.lists(st.integers(0, len(gens) - 1), max_size=max_word)):
                g = group.multiply(gens[k], g)
        return g
    return build()


def float_group_elements(group, scale=1.0):
    """Strategy: float64 matrices of random elements in the defining representation: a
    random exact word in the discrete generators times ``exp`` of a random Lie-algebra element.

    >>> import numpy as np, symequiv as se
    >>> from hypothesis import given
    >>> @given(float_group_elements(se.SO(3)))
    ... def check(R):
    ...     assert np.allclose(R @ R.T, np.eye(3))
    >>> check()
    """
    from hypothesis import strategies as st
    from ..reps import V as _V
    v = _V(group)
    return st.integers(0, 2 ** 32 - 1).map(lambda seed: float_rho([v], seed, scale=scale)[0])


def exact_elements(group):
    """Strategy: exact elements (:class:`~symequiv.testing.ExactElement`) of any catalogue group,
    continuous ones included, drawn by :func:`~symequiv.testing.exact_element` from a
    hypothesis-chosen seed.

    >>> import symequiv as se
    >>> from hypothesis import given
    >>> @given(exact_elements(se.O(2)))
    ... def check(g):
    ...     assert g.matrix.to_Matrix().det() in (1, -1)
    >>> check()
    """
    from hypothesis import strategies as st
    return st.integers(0, 2 ** 32 - 1).map(lambda seed: exact_element(group, seed))


class _Strategies:
    """Namespace ``symequiv.testing.strategies``."""
    perm_groups = staticmethod(perm_groups)
    groups = staticmethod(groups)
    reps = staticmethod(reps)
    group_elements = staticmethod(group_elements)
    float_group_elements = staticmethod(float_group_elements)
    exact_elements = staticmethod(exact_elements)


strategies = _Strategies()
