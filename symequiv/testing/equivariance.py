"""Float equivariance checks of any callable, and the exact generator check of a matrix.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> assert_equivariant(lambda x: x * (x ** 2).sum(-1, keepdim=True), V, V)    # torch ops
>>> assert_equivariant(lambda x: x * (x ** 2).sum(-1, keepdims=True), V, V)   # numpy ops
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import linalg
from ..errors import InvalidArgumentError, SymequivError
from ..reps.checks import common_group
from .floats import _require_scipy, describe, images
from .frameworks import TOLERANCES, caller
from .._random import as_rng

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["EquivarianceError", "assert_equivariant", "assert_intertwiner", "locate",
           "summand_error", "noise_floor", "error_pieces"]


class EquivarianceError(SymequivError, AssertionError):
    """A function or matrix is not equivariant.

    The float checks fill in what they found: ``element`` (the group element, as text),
    ``word`` and ``lie`` (the element as a word in the discrete generators and the
    coefficients of the Lie-algebra element), ``error`` (largest relative error),
    ``tolerance``, ``where`` (the output coordinate and the summand of ``rep_out`` it lies in).

    >>> import symequiv as se
    >>> try:
    ...     assert_intertwiner([[1, 0, 0], [0, 2, 0], [0, 0, 1]], se.V(se.SO(3)), se.V(se.SO(3)))
    ... except EquivarianceError:
    ...     print('not equivariant')
    not equivariant
    """

    def __init__(self, message, **details):
        super().__init__(message)
        for k in ("element", "word", "lie", "error", "tolerance", "where"):
            setattr(self, k, details.get(k))


def locate(rep, j):
    """Text naming coordinate ``j`` of ``rep``: which summand it lies in and where.

    >>> import symequiv as se
    >>> locate(se.Scalar + 2 * se.V(se.SO(3)), 5)
    'coordinate 5 = entry 1 of summand 2 (V, coordinates 4..6)'
    """
    for i, (r, a, b) in enumerate(rep.summands()):
        if a <= j < b:
            return f"coordinate {j} = entry {j - a} of summand {i} ({r}, coordinates {a}..{b - 1})"
    return f"coordinate {j}"                                   # pragma: no cover


#: Unit roundoff of each precision (the finite-difference derivative of numpy functions in
#: :mod:`.lie` uses ``"fd"``: its truncation and rounding error, relative).
EPS = {"float64": 2.2e-16, "float32": 1.2e-7, "float16": 9.8e-4, "bfloat16": 7.8e-3, "fd": 1e-11}


def noise_floor(precision, tol, scale):
    """The smallest magnitude a summand is measured relative to: ``10·eps/tol·scale``, with
    ``scale`` the largest number of the check (inputs and outputs).  Rounding noise of
    ``eps·scale`` (a summand that is zero in exact arithmetic but computed from numbers of size
    ``scale``: ``u×u`` of a bilinear layer whose scalar output is ``|u|²``) is then a tenth of
    the tolerance, while a summand that is merely *small* is judged relative to itself.  Below
    ``10·eps·scale`` rounding and error cannot be told apart without knowing how ``fn``
    computes, so that is the resolution of the check: a wrong map smaller than
    ``10·eps·scale``, in a summand of its own or next to a large one, passes.  With numbers of
    size 1 a wrong map scaled by 1e-5 is caught in float64 (floor 2.2e-5, tolerance 1e-10) and
    in float32 (floor 1.2e-2, tolerance 1e-4), one scaled by 0.1 in bfloat16 (floor 1.6,
    tolerance 5e-2); next to an output 1e5 times larger, a 3% error is caught in float64 and
    not in float32.  (A floor from the inputs and each summand's own values only failed
    correct layers on rounding: degree-6 invariant features, bilinear layers of gain 100.)

    >>> noise_floor("float64", 1e-10, 3.0)
    6.6e-05
    """
    return float(10 * EPS[precision] / tol * scale)


def summand_error(diff, refs, rep, floor=0.0):
    """The largest error relative to the size of *its own* piece of ``rep``.

    The pieces are the written summand copies, a tensor product of sums split into its blocks
    (:func:`error_pieces`).  For each piece ``s``: ``max |diff[:, s]| / max(floor,
    max_r max |r[:, s]|)``; the worst of these, and the ``(row, coordinate)`` where it is
    reached.  Scaling each piece by itself (not by the largest output anywhere, and not by at
    least 1) keeps a large, correct piece from hiding an error in a small one above the floor,
    and a small output from being judged absolutely; ``floor`` (:func:`noise_floor`) keeps
    rounding noise of a piece that is zero from counting as an error.  Any NaN or infinity in
    ``diff`` gives ``nan`` (which fails every tolerance).

    >>> import numpy as np, symequiv as se
    >>> rep = se.Scalar + se.Scalar
    >>> ref = np.array([[1e9, 0.5]])
    >>> summand_error(np.array([[0.0, 0.1]]), [ref], rep)      # 0.1 on the small summand counts
    (0.2, (0, 1))
    """
    diff = np.asarray(diff)
    if diff.size == 0:
        return 0.0, (0, 0)
    bad = ~np.isfinite(diff)
    if bad.any():
        b, j = np.argwhere(bad)[0]
        return float("nan"), (int(b), int(j))
    order, starts = error_pieces(rep)
    col_d = diff.max(0)[order]
    col_r = np.max([np.abs(np.asarray(r)).max(0) for r in refs], axis=0)
    scale = np.maximum(max(float(floor), 1e-300), np.maximum.reduceat(col_r[order], starts))
    per = np.maximum.reduceat(col_d, starts) / scale
    k = int(per.argmax())
    a, stop = int(starts[k]), int(starts[k + 1]) if k + 1 < starts.size else diff.shape[1]
    j = int(order[a + int(col_d[a:stop].argmax())])
    return float(per[k]), (int(diff[:, j].argmax()), j)


#: A tensor product is split into at most this many pieces (beyond: measured as one).
MAX_PIECES = 4096


def error_pieces(rep):
    """``(order, starts)``: the coordinates of ``rep`` grouped into the pieces an error is
    measured in (``order[starts[k]:starts[k+1]]`` is piece ``k``): the written summand copies,
    with a tensor product of sums split by distributivity, so that in ``(Scalar+V)*V`` the
    large ``V*V`` block does not set the scale an error in the ``Scalar*V`` block is measured
    against (the noise floor, :func:`noise_floor`, still follows the largest number).

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> order, starts = error_pieces((se.Scalar + V) * V)
    >>> order.tolist(), starts.tolist()
    ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [0, 3])
    >>> error_pieces(V * (se.Scalar + V))[0][:4].tolist()          # V*Scalar: every 4th
    [0, 4, 8, 1]
    """
    memo = rep._memo
    if "error_pieces" not in memo:
        pieces = _pieces(rep)
        order = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        starts = np.cumsum([0] + [len(p) for p in pieces[:-1]]).astype(np.int64)
        memo["error_pieces"] = (order, starts)
    return memo["error_pieces"]


def _pieces(rep):
    from ..reps.core import ProductRep
    out = []
    for r, a, _ in rep.summands():
        split: list | None = None
        if isinstance(r, ProductRep):          # kron order: index = i_1 · n_2 + i_2, factor by factor
            split = [np.zeros(1, dtype=np.int64)]
            for f in r.factors():
                sub = _pieces(f)
                if len(split) * len(sub) > MAX_PIECES:
                    split = None
                    break
                split = [(p[:, None] * f.size + q[None, :]).ravel() for p in split for q in sub]
        if split is None:
            out.append(np.arange(a, a + r.size, dtype=np.int64))
        else:
            out.extend(a + p for p in split)
    return out


def _check_count(name, val):
    if isinstance(val, bool) or not isinstance(val, (int, np.integer)) or val < 1:
        raise InvalidArgumentError(
            f"{name} must be an int >= 1, got {val!r}; with {name}={val!r} the check could not fail.")


def check_tolerance(atol=None, scale=1.0):
    """Refuse options under which a check could not fail (or could not pass): ``atol`` must be
    finite, > 0 and < 1 (a relative error of 1 is an output wrong by its own size), ``scale``
    (of the random Lie-algebra coefficients) finite and > 0; see also :func:`check_scale`.

    >>> check_tolerance(atol=1.0)
    Traceback (most recent call last):
    ...
    symequiv.errors.InvalidArgumentError: atol must be < 1, got 1.0: errors are relative to the size of the output, so atol=1.0 accepts outputs wrong by their own size and the check could hardly fail.
    """
    import math
    for name, val in (("atol", atol), ("scale", scale)):
        if val is None and name == "atol":
            continue
        if isinstance(val, bool) or not isinstance(val, (int, float, np.floating)) \
                or not math.isfinite(val) or not val > 0:
            raise InvalidArgumentError(
                f"{name} must be a finite number > 0, got {val!r}: with {name}={val!r} the check "
                f"could not fail (or could not pass).")
    if atol is not None and atol >= 1:
        raise InvalidArgumentError(
            f"atol must be < 1, got {atol!r}: errors are relative to the size of the output, so "
            f"atol={atol!r} accepts outputs wrong by their own size and the check could hardly fail.")


def check_scale(G, scale, tol):
    """Refuse a ``scale`` of the Lie-algebra coefficients too small for the tolerance: an
    element ``exp(Σ c_k A_k)`` with ``|c_k| ~ scale`` is within about ``scale`` of the identity,
    so a function that is not equivariant errs by about ``scale`` there, and a ``scale`` below
    twice the tolerance (or below the default 0.5, for tolerances above 0.25) would let it
    pass.  Groups without a Lie algebra are not affected.

    >>> import symequiv as se
    >>> check_scale(se.SO(3), 0.5, 1e-10)
    >>> try:
    ...     check_scale(se.SO(3), 1e-12, 1e-10)
    ... except InvalidArgumentError as e:
    ...     print(str(e)[:52])
    scale=1e-12 is too small for the tolerance 1.0e-10:
    """
    need = min(2 * tol, 0.5)                  # the default 0.5 is always accepted
    if G is not None and G.lie_generators and scale < need:
        raise InvalidArgumentError(
            f"scale={scale!r} is too small for the tolerance {tol:.1e}: random elements "
            f"exp(Σ c_k A_k) with |c_k| ~ {scale!r} stay that close to the identity, so a function "
            f"that is not equivariant would pass. Use scale >= {need:.1e} (the default 0.5 is "
            f"accepted with every tolerance), or assert_lie_equivariant, the first-order check, "
            f"which needs no scale.")


def _elements(G, samples, rng, scale):
    """Every discrete generator by itself, then ``samples`` random elements."""
    from ..groups.words import random_word
    nd = 0 if G is None else len(G.discrete_generators)
    nl = 0 if G is None else len(G.lie_generators)
    out = [(f"discrete generator {k} (g{k})", (k,), None) for k in range(nd)]
    for i in range(samples):
        word = () if G is None else random_word(G, rng)
        lie = rng.normal(size=nl) * scale if nl else None
        out.append((f"random element {i}: g = {describe(word, lie)}", word, lie))
    return out


def assert_equivariant(fn: Callable[..., Any], rep_in: Rep, rep_out: Rep, samples: int = 3,
                       batch: int = 8, rng: Any = 0, atol: float | None = None, dtype: Any = None,
                       framework: str | None = None, scale: float = 0.5) -> None:
    """Check ``fn(ρ_in(g) x) ≈ ρ_out(g) fn(x)`` on random batches ``x`` of shape
    ``(batch, rep_in.size)``.

    ``fn`` may be anything callable: an ``nn.Module`` (called in its own dtype and on its own
    device), a function or lambda written with torch operations, a numpy function, or a JAX
    function (``framework="jax"``); see :mod:`symequiv.testing.frameworks` for how the framework
    is chosen.  The elements ``g`` are every discrete generator by itself, then ``samples``
    random elements ``exp(Σ c_k A_k) · (word in the discrete generators)`` (uniform over small
    finite groups; every component of a group with a Lie algebra is reached; the ``c_k`` are
    normal with standard deviation ``scale``).

    Errors are relative to the largest entry of the same summand of ``rep_out``, so a large
    correct summand does not hide an error in a small one and a small output is not judged
    absolutely; summands far below the size of the inputs and outputs are measured against
    :func:`noise_floor` (ten times the rounding noise, scaled to the tolerance).  Tolerances
    follow the precision actually used: float64 1e-10, float32 1e-4, float16 1e-2, bfloat16
    5e-2; ``atol``
    overrides.  A bias of 1e-3 that breaks equivariance fails in float64.

    Raises
    ------
    EquivarianceError
        (an ``AssertionError``) at the first element where the check fails.  The message names
        the element as a word in the generators, the largest error and the tolerance, and the
        output coordinate where the error is largest with the summand of ``rep_out`` it lies in.
    GroupMismatchError
        If ``rep_in`` and ``rep_out`` belong to different groups.
    InvalidArgumentError
        If ``samples < 1`` or ``batch < 1``, ``atol`` is not in (0, 1), ``scale`` is too small
        for the tolerance (:func:`check_scale`), or ``fn`` cannot be called or returns the wrong
        shape.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> assert_equivariant(lambda x: 2 * x, V, V)
    >>> W = se.V(se.Z(4))
    >>> try:
    ...     assert_equivariant(lambda x: x * [1, 2, 3, 4], W, W)
    ... except EquivarianceError as e:
    ...     print(str(e).split(':')[0])
    not equivariant under discrete generator 0 (g0)
    """
    _check_count("samples", samples)
    _check_count("batch", batch)
    check_tolerance(atol, scale)
    G = common_group(rep_in, rep_out, where="assert_equivariant")
    _require_scipy()
    rng = as_rng(rng, "assert_equivariant")
    complex_ = rep_in.is_complex or rep_out.is_complex

    def sample():                      # complex reps get complex inputs (real and imaginary parts)
        x = rng.normal(size=(batch, rep_in.size))
        return x + 1j * rng.normal(size=x.shape) if complex_ else x
    probe = sample()
    f = caller(fn, probe, framework, dtype)
    check_scale(G, scale, atol if atol is not None else TOLERANCES[f.precision])
    for what, word, lie in _elements(G, samples, rng, scale):
        Ri, Ro = images([rep_in, rep_out], word, lie)
        x = sample()
        out = f(x)
        if out.shape != (batch, rep_out.size):
            raise InvalidArgumentError(
                f"fn returned shape {tuple(out.shape)} for an input of shape {(batch, rep_in.size)}; "
                f"expected {(batch, rep_out.size)} (rep_out = {rep_out}).")
        xg = x @ Ri.T
        lhs = f(xg)
        rhs = out @ Ro.T
        diff = np.abs(lhs - rhs)
        tol = atol if atol is not None else TOLERANCES[f.precision]
        # the floor follows the largest number of the check, inputs and outputs: a piece that
        # is 0 in exact arithmetic is computed from terms of about that size (u×u of a bilinear
        # layer next to its |u|² output), which neither the inputs nor the piece itself show
        size = max(float(np.abs(x).max()), float(np.abs(xg).max()), float(np.abs(rhs).max()))
        err, (b, j) = summand_error(diff, [rhs], rep_out, noise_floor(f.precision, tol, size))
        if not err <= tol:           # NaN fails too
            where = locate(rep_out, int(j))
            raise EquivarianceError(
                f"not equivariant under {what}: largest relative error {err:.3e} > tolerance "
                f"{tol:.1e} ({f.precision} via {f.framework}), at output {where}, batch row {b}; "
                f"rep_in = {rep_in}, rep_out = {rep_out}.",
                element=what, word=word, lie=None if lie is None else tuple(float(c) for c in lie),
                error=err, tolerance=tol, where=where)


def assert_intertwiner(W: Any, rep_in: Rep, rep_out: Rep) -> None:
    """Exact check that ``W`` (exact entries: ints, Fractions, sympy Rationals) satisfies
    ``ρ_out(g) W = W ρ_in(g)`` and ``dρ_out(A) W = W dρ_in(A)`` for every generator.

    >>> import symequiv as se
    >>> assert_intertwiner([[1, 0, 0], [0, 1, 0], [0, 0, 1]], se.V(se.SO(3)), se.V(se.SO(3)))
    """
    G = common_group(rep_in, rep_out, where="assert_intertwiner")
    # entries are read in the field of the generator images (the group's, or an explicit rep's
    # extension such as e3nn's Q(√3)); rationals embed in any of them
    K = linalg.QQ if G is None else G.domain
    if G is not None:
        for r in (rep_in, rep_out):
            mats = [r.rho_gen(0)] if G.discrete_generators else [r.drho_gen(0)] if G.lie_generators else []
            for X in mats:
                if not X.domain.is_QQ:
                    K = X.domain
    if isinstance(W, linalg.DomainMatrix) and not W.domain.is_QQ and W.domain != K:
        raise EquivarianceError(f"W lives over {W.domain}, the reps over {K}.")
    M = linalg.matrix(W, where="W", domain=K)
    if M.shape != (rep_out.size, rep_in.size):
        raise EquivarianceError(f"W has shape {M.shape}, expected ({rep_out.size}, {rep_in.size}).")
    if G is None:
        return
    conv = lambda X: X if X.domain == K else X.convert_to(K)
    for k in range(len(G.discrete_generators)):
        if conv(rep_out.rho_gen(k)).matmul(M) != M.matmul(conv(rep_in.rho_gen(k))):
            raise EquivarianceError(f"W does not commute with discrete generator {k}.")
    for k in range(len(G.lie_generators)):
        if conv(rep_out.drho_gen(k)).matmul(M) != M.matmul(conv(rep_in.drho_gen(k))):
            raise EquivarianceError(f"W does not commute with Lie-algebra generator {k}.")
