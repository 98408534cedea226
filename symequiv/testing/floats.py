"""float64 images of random group elements: the float edge of the test kit.

An element is handed around as ``(word, lie)``: a word in the discrete generators (a tuple
of indices, applied right to left) and the coefficients of a Lie-algebra element, so that
``g = exp(Σ lie_k A_k) · g_word``.  :func:`describe` names such an element in a failure
message; :func:`images` gives its float64 matrices in several reps at once.

>>> import numpy as np, symequiv as se
>>> R, = float_rho([se.V(se.SO(3))], rng=0)
>>> bool(np.allclose(R @ R.T, np.eye(3)))
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import linalg
from ..reps.checks import common_group
from .._random import as_rng

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["float_rho", "images", "describe", "float_gen"]


def float_gen(rep, k, lie=False):
    """float64 image of discrete generator ``k`` in ``rep`` (of Lie-algebra generator ``k``
    with ``lie=True``), memoised on the rep.

    >>> import symequiv as se
    >>> float_gen(se.V(se.SO(2)), 0, lie=True).tolist()
    [[0.0, 1.0], [-1.0, 0.0]]
    """
    memo = rep._memo.setdefault("drho_float" if lie else "rho_float", {})
    if k not in memo:
        E = rep.drho_gen(k) if lie else rep.rho_gen(k)
        M = linalg.to_numpy(E, np.float64 if linalg.is_real_matrix(E) else np.complex128)
        M.setflags(write=False)
        memo[k] = M
    return memo[k]


def word_image(rep, word):
    """float64 matrix of the word ``(a, b, ...) = g_a g_b ...`` in ``rep``.

    >>> import symequiv as se
    >>> word_image(se.V(se.Z(3)), (0, 0, 0)).tolist()       # g0³ = e in Z(3)
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
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
    M = float_gen(rep, word[-1]).copy()
    for k in reversed(word[:-1]):
        M = float_gen(rep, k) @ M
    return M


def images(reps, word, lie_coeffs):
    """float64 ``ρ(exp(Σ c_k A_k) · g_word)`` for each rep.

    >>> import numpy as np, symequiv as se
    >>> M, = images([se.V(se.SO(2))], (), [np.pi])
    >>> bool(np.allclose(M, -np.eye(2)))
    True
    """
    mats = [word_image(r, word) for r in reps]
    if lie_coeffs is not None and len(lie_coeffs):
        from scipy.linalg import expm
        for i, r in enumerate(reps):
            A = sum(c * float_gen(r, k, lie=True) for k, c in enumerate(lie_coeffs))
            mats[i] = expm(A) @ mats[i]
    return mats


def describe(word, lie_coeffs=None):
    """The element ``exp(Σ c_k A_k) · g_a g_b ...`` as text (generators ``g_k`` and Lie-algebra
    generators ``A_k`` are numbered as in the group's ``discrete_generators`` and
    ``lie_generators``).

    >>> describe((1, 0), [0.5, -0.25])
    'exp(0.5·A0 - 0.25·A1) · g1·g0'
    >>> describe(())
    'the identity'
    """
    parts = []
    if lie_coeffs is not None and len(lie_coeffs):
        terms = ""
        for k, c in enumerate(lie_coeffs):
            c = float(c)
            if terms:
                terms += f" - {-c:.4g}·A{k}" if c < 0 else f" + {c:.4g}·A{k}"
            else:
                terms = f"{c:.4g}·A{k}"
        parts.append(f"exp({terms})")
    if word:
        parts.append("·".join(f"g{k}" for k in word))
    return " · ".join(parts) if parts else "the identity"


def _require_scipy():
    try:
        import scipy.linalg  # noqa: F401 (only checks that scipy is there)
    except ImportError:                                   # pragma: no cover
        raise ImportError("symequiv.testing needs scipy for matrix exponentials: "
                          "pip install scipy (or symequiv[test]).") from None


def float_rho(reps: Sequence[Rep], rng: Any = None, word_length: int | None = None,
              scale: float = 1.0) -> list[np.ndarray]:
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
    from ..groups.words import random_word
    from .equivariance import check_tolerance
    check_tolerance(scale=scale)                      # scale 0 would give the identity only
    rng = as_rng(rng, "float_rho")
    G = common_group(*reps, where="float_rho")
    if G is None:
        return [np.eye(r.size) for r in reps]
    word = random_word(G, rng, word_length)
    nl = len(G.lie_generators)
    return images(reps, word, rng.normal(size=nl) * scale if nl else None)
