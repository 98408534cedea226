"""Tools for testing equivariance of your own models (torch or numpy).

* :func:`float_rho` -- float64 matrices of one random group element in several reps at once:
  ``exp`` of a random Lie-algebra element times a word in the discrete generators that is
  uniform over small finite groups and reaches every component of the others (floats appear
  only here, at the test edge).
* :func:`assert_equivariant` -- ``fn(ρ_in(g) x) == ρ_out(g) fn(x)`` for every discrete
  generator and for random elements, with a tolerance chosen by dtype.
* :func:`assert_intertwiner` -- the exact check ``ρ_out(g) W = W ρ_in(g)`` on every generator.

>>> import numpy as np, symequiv as se
>>> V = se.V(se.SO(3))
>>> assert_equivariant(lambda x: x * (x ** 2).sum(-1, keepdims=True), V, V)
"""

import numpy as np

from . import linalg
from .errors import InvalidArgumentError, SymequivError
from .reps.checks import common_group

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


def _float_gen(rep, k, lie=False):
    """float64 image of discrete generator ``k`` in ``rep`` (of Lie-algebra generator ``k``
    with ``lie=True``), memoised on the rep."""
    memo = rep._memo.setdefault("drho_float" if lie else "rho_float", {})
    if k not in memo:
        M = linalg.to_numpy(rep.drho_gen(k) if lie else rep.rho_gen(k))
        M.setflags(write=False)
        memo[k] = M
    return memo[k]


def _word_image(rep, word):
    """float64 matrix of the word ``(a, b, ...) = g_a g_b ...`` in ``rep``."""
    if not word:
        return np.eye(rep.size)
    perms = [rep.perm_gen(k) for k in set(word)] if rep.is_permutation else None
    if perms is not None and all(p is not None for p in perms):
        # compose destination arrays (P_a P_b sends i to p_a[p_b[i]]), one matrix at the end
        p = np.arange(rep.size)
        for k in reversed(word):
            p = rep.perm_gen(k)[p]
        M = np.zeros((rep.size, rep.size))
        M[p, np.arange(rep.size)] = 1.0
        return M
    M = _float_gen(rep, word[-1]).copy()
    for k in reversed(word[:-1]):
        M = _float_gen(rep, k) @ M
    return M


def _images(reps, word, lie_coeffs):
    """float64 ``ρ(exp(Σ c_k A_k) · g_word)`` for each rep."""
    mats = [_word_image(r, word) for r in reps]
    if lie_coeffs is not None and len(lie_coeffs):
        from scipy.linalg import expm
        for i, r in enumerate(reps):
            A = sum(c * _float_gen(r, k, lie=True) for k, c in enumerate(lie_coeffs))
            mats[i] = expm(A) @ mats[i]
    return mats


def _require_scipy():
    try:
        import scipy.linalg  # noqa: F401 (only checks that scipy is there)
    except ImportError:                                   # pragma: no cover
        raise ImportError("symequiv.testing needs scipy for matrix exponentials: "
                          "pip install scipy (or symequiv[test]).") from None


def float_rho(reps, rng=None, word_length=None, scale=1.0):
    """float64 matrices ``[ρ(g) for ρ in reps]`` of one random element ``g`` of their group:
    ``exp`` of a random Lie-algebra element (normal coefficients times ``scale``) times a word
    in the discrete generators drawn by :func:`symequiv.groups.words.random_word` -- uniform
    over a small finite group, random lengths (odd ones included) otherwise, so every
    component of the group is reached.  ``word_length`` caps the lengths of random words; it
    does not apply to finite groups small enough to be sampled uniformly (order <= 5040).

    >>> import numpy as np, symequiv as se
    >>> R, = float_rho([se.V(se.SO(3))], rng=0)
    >>> np.allclose(R @ R.T, np.eye(3)), bool(np.isclose(np.linalg.det(R), 1))
    (True, True)
    >>> dets = {round(np.linalg.det(float_rho([se.V(se.O(3))], s)[0])) for s in range(20)}
    >>> sorted(dets)                  # both components of O(3)
    [-1, 1]
    """
    _require_scipy()
    from .groups.words import random_word
    rng = np.random.default_rng(rng)
    G = common_group(*reps, where="float_rho")
    if G is None:
        return [np.eye(r.size) for r in reps]
    word = random_word(G, rng, word_length)
    nl = len(G.lie_generators)
    return _images(reps, word, rng.normal(size=nl) * scale if nl else None)


def assert_equivariant(fn, rep_in, rep_out, samples=3, batch=8, rng=0, atol=None, dtype=None):
    """Check ``fn(ρ_in(g) x) ≈ ρ_out(g) fn(x)``.  ``fn`` may be a torch module/function (a
    torch input of ``dtype``, default float64, is used) or a numpy function.

    The elements ``g`` are every discrete generator of the group by itself, then ``samples``
    random elements from :func:`float_rho` (uniform over small finite groups; every
    component of a group with a Lie algebra is reached).  Tolerances (relative to the
    largest output, at least 1): float64 1e-10, float32 1e-4, float16 1e-2, bfloat16 5e-2,
    numpy 1e-10, or ``atol``.

    Raises
    ------
    EquivarianceError
        At the first element where the check fails; the message names the element.
    GroupMismatchError
        If ``rep_in`` and ``rep_out`` belong to different groups.
    InvalidArgumentError
        If ``samples < 1`` or ``batch < 1``.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> assert_equivariant(lambda x: 2 * x, V, V)
    >>> W = se.V(se.Z(4))
    >>> try:
    ...     assert_equivariant(lambda x: x * [1, 2, 3, 4], W, W)
    ... except EquivarianceError as e:
    ...     print(str(e).split(':')[0])
    not equivariant under discrete generator 0
    """
    for name, val in (("samples", samples), ("batch", batch)):
        if isinstance(val, bool) or not isinstance(val, (int, np.integer)) or val < 1:
            raise InvalidArgumentError(
                f"assert_equivariant: {name} must be an int >= 1, got {val!r}; with {name}={val!r} "
                f"the check could not fail.")
    G = common_group(rep_in, rep_out, where="assert_equivariant")
    _require_scipy()
    from .groups.words import random_word
    rng = np.random.default_rng(rng)
    is_torch = _is_torch(fn)
    if is_torch:
        import torch
        dt = dtype or torch.float64
        f = lambda a: fn(torch.as_tensor(a, dtype=dt)).detach().cpu().double().numpy()
        tol = atol if atol is not None else _TOL[str(dt).replace("torch.", "")]
    else:
        f = fn
        tol = atol if atol is not None else 1e-10
    nd = 0 if G is None else len(G.discrete_generators)
    nl = 0 if G is None else len(G.lie_generators)
    elements = [(f"discrete generator {k}", (k,), None) for k in range(nd)]
    for i in range(samples):
        word = () if G is None else random_word(G, rng)
        lie = rng.normal(size=nl) * 0.5 if nl else None
        what = f"random element {i} (word {list(word)} in the discrete generators"
        elements.append((what + (", times exp of a Lie-algebra element)" if nl else ")"), word, lie))
    for what, word, lie in elements:
        Ri, Ro = _images([rep_in, rep_out], word, lie)
        x = rng.normal(size=(batch, rep_in.size))
        lhs = np.asarray(f(x @ Ri.T))
        rhs = np.asarray(f(x)) @ Ro.T
        err = float(np.abs(lhs - rhs).max() / max(1.0, float(np.abs(rhs).max())))
        if not err <= tol:
            raise EquivarianceError(f"not equivariant under {what}: relative error {err:.3e} > "
                                    f"{tol:.1e} for {rep_in} -> {rep_out}")


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
    G = common_group(rep_in, rep_out, where="assert_intertwiner")
    # entries are read in the group's field (rationals embed in Q(√5), ...)
    M = linalg.matrix(W, where="W", domain=linalg.QQ if G is None else G.domain)
    if M.shape != (rep_out.size, rep_in.size):
        raise EquivarianceError(f"W has shape {M.shape}, expected ({rep_out.size}, {rep_in.size}).")
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
