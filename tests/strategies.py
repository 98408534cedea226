"""Hypothesis strategies shared by the tests (random permutation groups and rep expressions)."""

from hypothesis import strategies as st

import symequiv as se


@st.composite
def perm_groups(draw, max_degree=5, max_gens=3):
    n = draw(st.integers(1, max_degree))
    gens = draw(st.lists(st.permutations(list(range(n))), min_size=0, max_size=max_gens))
    return se.PermutationGroup([list(g) for g in gens], degree=n)


@st.composite
def rep_exprs(draw, group, max_size=30, depth=2):
    """A random rep built from V, V.T and Scalar with + * ** and multiplicities."""
    V = se.V(group)
    leaves = [V, V.T, se.Scalar]

    def build(d):
        if d == 0 or draw(st.booleans()):
            return draw(st.sampled_from(leaves))
        op = draw(st.sampled_from(["+", "*", "**", "k"]))
        a = build(d - 1)
        if op == "+":
            return a + build(d - 1)
        if op == "*":
            return a * build(d - 1)
        if op == "**":
            return a ** draw(st.integers(0, 2))
        return draw(st.integers(1, 3)) * a

    r = build(depth)
    from hypothesis import assume
    assume(r.size <= max_size)
    return r
