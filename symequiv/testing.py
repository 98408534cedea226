"""Tools for testing equivariance of your own models (torch or numpy).

* :func:`float_rho` -- float64 matrices of one random group element in several reps at once:
  a random exact word in the discrete generators times ``exp`` of a random Lie-algebra
  element (EMLP's sampler; floats appear only here, at the test edge).
* :func:`assert_equivariant` -- ``fn(ρ_in(g) x) == ρ_out(g) fn(x)`` on random elements, with a
  tolerance chosen by dtype.
* :func:`assert_intertwiner` -- the exact check ``ρ_out(g) W = W ρ_in(g)`` on every generator.

>>> import numpy as np, symequiv as se
>>> V = se.V(se.SO(3))
>>> assert_equivariant(lambda x: x * (x ** 2).sum(-1, keepdims=True), V, V)
"""

import numpy as np

from . import exact
from .errors import SymequivError

__all__ = ["float_rho", "assert_equivariant", "assert_intertwiner", "EquivarianceError", "strategies",
           "perm_groups", "groups", "reps", "group_elements", "float_group_elements"]

_TOL = {"float64": 1e-10, "float32": 1e-4, "float16": 1e-2, "bfloat16": 5e-2}


class EquivarianceError(SymequivError, AssertionError):
    """A function or matrix is not equivariant.

    >>> import symequiv as se
    >>> try:
    ...     assert_intertwiner([[1, 0, 0], [0, 2, 0], [0, 0, 1]], se.V(se.SO(3)), se.V(se.SO(3)))
    ... except EquivarianceError:
    ...     print('not equivariant')
    not equivariant
    """


def float_rho(reps, rng=None, word_length=4, scale=1.0):
    """float64 matrices ``[ρ(g) for ρ in reps]`` of one random element ``g`` of their group.

    >>> import numpy as np, symequiv as se
    >>> R, = float_rho([se.V(se.SO(3))], rng=0)
    >>> np.allclose(R @ R.T, np.eye(3)), bool(np.isclose(np.linalg.det(R), 1))
    (True, True)
    """
    try:
        from scipy.linalg import expm
    except ImportError:                                   # pragma: no cover
        raise ImportError("symequiv.testing.float_rho needs scipy for matrix exponentials: "
                          "pip install scipy (or symequiv[test]).") from None
    rng = np.random.default_rng(rng)
    G = next((r.group for r in reps if r.group is not None), None)
    mats = [np.eye(r.size) for r in reps]
    if G is None:
        return mats
    nd = len(G.discrete_generators)
    if nd:
        for _ in range(word_length):
            k = int(rng.integers(nd))
            mats = [exact.to_numpy(r.rho_gen(k)) @ M for r, M in zip(reps, mats)]
    nl = len(G.lie_generators)
    if nl:
        c = rng.normal(size=nl) * scale
        for i, r in enumerate(reps):
            A = sum(ck * exact.to_numpy(r.drho_gen(k)) for k, ck in enumerate(c))
            mats[i] = expm(A) @ mats[i]
    return mats


def assert_equivariant(fn, rep_in, rep_out, samples=3, batch=8, rng=0, atol=None, dtype=None):
    """Check ``fn(ρ_in(g) x) ≈ ρ_out(g) fn(x)``.  ``fn`` may be a torch module/function (a
    torch input of ``dtype``, default float64, is used) or a numpy function.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> assert_equivariant(lambda x: 2 * x, V, V)
    """
    rng = np.random.default_rng(rng)
    is_torch = _is_torch(fn)
    for _ in range(samples):
        Ri, Ro = float_rho([rep_in, rep_out], rng, scale=0.5)
        x = rng.normal(size=(batch, rep_in.size))
        if is_torch:
            import torch
            dt = dtype or torch.float64
            f = lambda a: fn(torch.as_tensor(a, dtype=dt)).detach().cpu().double().numpy()
            tol = atol if atol is not None else _TOL[str(dt).replace("torch.", "")]
        else:
            f = fn
            tol = atol if atol is not None else 1e-10
        lhs = f(x @ Ri.T)
        rhs = f(x) @ Ro.T
        err = float(np.abs(lhs - rhs).max() / max(1.0, float(np.abs(rhs).max())))
        if not err <= tol:
            raise EquivarianceError(f"not equivariant: relative error {err:.3e} > {tol:.1e} for "
                                    f"{rep_in} -> {rep_out}")


def _is_torch(fn):
    try:
        import torch
    except ImportError:          # pragma: no cover
        return False
    return isinstance(fn, torch.nn.Module) or getattr(fn, "__module__", "") .startswith("torch")


def assert_intertwiner(W, rep_in, rep_out):
    """Exact check that ``W`` (exact entries: ints, Fractions, sympy Rationals) satisfies
    ``ρ_out(g) W = W ρ_in(g)`` and ``dρ_out(A) W = W dρ_in(A)`` for every generator.

    >>> import symequiv as se
    >>> assert_intertwiner([[1, 0, 0], [0, 1, 0], [0, 0, 1]], se.V(se.SO(3)), se.V(se.SO(3)))
    """
    M = exact.matrix(W, where="W")
    if M.shape != (rep_out.size, rep_in.size):
        raise EquivarianceError(f"W has shape {M.shape}, expected ({rep_out.size}, {rep_in.size}).")
    G = rep_out.group or rep_in.group
    if G is None:
        return
    for k in range(len(G.discrete_generators)):
        if rep_out.rho_gen(k).matmul(M) != M.matmul(rep_in.rho_gen(k)):
            raise EquivarianceError(f"W does not commute with discrete generator {k}.")
    for k in range(len(G.lie_generators)):
        if rep_out.drho_gen(k).matmul(M) != M.matmul(rep_in.drho_gen(k)):
            raise EquivarianceError(f"W does not commute with Lie-algebra generator {k}.")


# ------------------------------------------------------------------------------------------
# hypothesis strategies (hypothesis is imported only when a strategy is built)

def perm_groups(max_degree=5, max_generators=3):
    """Strategy: random permutation groups on 1..max_degree points.

    >>> from hypothesis import given
    >>> @given(perm_groups(4))
    ... def check(G):
    ...     assert G.order() >= 1
    >>> check()
    """
    from hypothesis import strategies as st
    from .groups import PermutationGroup

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
    from . import groups as g
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
    from .reps import V as _V, Scalar as _S

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

    >>> import symequiv as se
    >>> from hypothesis import given
    >>> @given(group_elements(se.S(4)))
    ... def check(g):
    ...     assert sorted(g) == [0, 1, 2, 3]
    >>> check()
    """
    from hypothesis import strategies as st
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
    from .reps import V as _V
    v = _V(group)
    return st.integers(0, 2 ** 32 - 1).map(lambda seed: float_rho([v], seed, scale=scale)[0])


class _Strategies:
    """Namespace ``symequiv.testing.strategies``."""
    perm_groups = staticmethod(perm_groups)
    groups = staticmethod(groups)
    reps = staticmethod(reps)
    group_elements = staticmethod(group_elements)
    float_group_elements = staticmethod(float_group_elements)


strategies = _Strategies()
