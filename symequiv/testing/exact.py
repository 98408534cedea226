"""The exact equivariance check of a function: exact inputs, exact group elements, no tolerance.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> assert_equivariant_exact(lambda x: x * (x ** 2).sum(-1, keepdims=True), V, V)
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import linalg
from ..errors import InvalidArgumentError, NotExactError
from ..reps.checks import common_group
from .elements import ExactElement, exact_element
from .equivariance import EquivarianceError, _check_count, locate
from .._random import as_rng

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["assert_equivariant_exact"]


def _to_user(x, K, sympy):
    if K.is_QQ and not sympy:
        return Fraction(int(x.numerator), int(x.denominator))
    return K.to_sympy(x)


def _apply(fn, X, K, sympy, n_out, what):
    """``fn`` on the exact batch ``X`` (a DomainMatrix), read back exactly over ``K``."""
    m, n = X.shape
    arr = np.empty((m, n), dtype=object)
    d = linalg._dod(X.to_sparse())
    for i in range(m):
        for j in range(n):
            arr[i, j] = _to_user(d.get(i, {}).get(j, K.zero), K, sympy)
    out = np.asarray(fn(arr), dtype=object)
    if out.shape != (m, n_out):
        raise InvalidArgumentError(f"fn returned shape {out.shape} for an input of shape {(m, n)}; "
                                   f"expected {(m, n_out)}.")
    rows = []
    for i in range(m):
        row = []
        for j in range(n_out):
            try:
                row.append(linalg.scalar(out[i, j], where=f"fn(x)[{i}][{j}]", domain=K))
            except NotExactError:
                raise NotExactError(
                    f"fn returned {out[i, j]!r} ({type(out[i, j]).__name__}) at fn(x)[{i}][{j}] for "
                    f"{what} inputs; the exact check needs exact outputs (ints, Fractions, SymPy "
                    f"numbers): avoid float constants and operations that turn object arrays into "
                    f"floats (np.einsum, np.sqrt, torch).") from None
        rows.append(row)
    return linalg.DomainMatrix(rows, (m, n_out), K).to_sparse()


def assert_equivariant_exact(fn: Callable[..., Any], rep_in: Rep, rep_out: Rep, samples: int = 3,
                             batch: int = 2, rng: Any = 0, sympy: bool = False) -> None:
    """Check ``fn(ρ_in(g) x) == ρ_out(g) fn(x)`` **exactly**, with no tolerance.

    ``x`` is a batch of random rationals of shape ``(batch, rep_in.size)``, handed to ``fn`` as
    a numpy object array of ``fractions.Fraction`` (of SymPy numbers with ``sympy=True``, or
    when the group lives over a number field such as Q(√5)).  ``fn`` must return exact values
    (ints, Fractions, SymPy numbers) of shape ``(batch, rep_out.size)``; a float is an error.
    The elements ``g`` are every discrete generator, then ``samples`` exact elements from
    :func:`~symequiv.testing.exact_element` (Cayley transforms for orthogonal, Lorentz and
    symplectic groups, rational elementary matrices for SL/GL, words for finite groups).

    Raises
    ------
    EquivarianceError
        At the first element where the two sides differ; the message gives the element, the
        first differing output coordinate (and its summand of ``rep_out``) and both exact values.
    NotExactError
        If ``fn`` returns a float.
    InvalidArgumentError
        If the group has a Lie algebra with no known exact elements, or on bad options.

    >>> import numpy as np, symequiv as se
    >>> V = se.V(se.O(3))
    >>> cross = lambda x: np.cross(x[:, :3], x[:, 3:])     # a pseudovector: fails for O(3)
    >>> try:
    ...     assert_equivariant_exact(cross, V + V, V)
    ... except EquivarianceError as e:
    ...     print(str(e)[:44])
    not exactly equivariant under discrete gener
    """
    _check_count("samples", samples)
    _check_count("batch", batch)
    G = common_group(rep_in, rep_out, where="assert_equivariant_exact")
    rng = as_rng(rng, "assert_equivariant_exact")
    elements: list[tuple[str, ExactElement | None]]
    if G is None:
        elements = [("the identity", None)]
    else:
        elements = [(f"discrete generator {k} (g{k})", ExactElement(G, (k,)))
                    for k in range(len(G.discrete_generators))]
        elements += [(f"random exact element {i}: {g!r}", g)
                     for i, g in enumerate(exact_element(G, rng) for _ in range(samples))]
    for what, g in elements:
        Ri = linalg.identity(rep_in.size) if g is None else g.rho(rep_in)
        Ro = linalg.identity(rep_out.size) if g is None else g.rho(rep_out)
        Ri, Ro = (M.to_sparse() for M in linalg.unify(Ri, Ro))
        K = Ri.domain
        X = linalg.DomainMatrix([[linalg._make(K, int(rng.integers(-9, 10)), int(rng.integers(1, 5)))
                                  for _ in range(rep_in.size)] for _ in range(batch)],
                                (batch, rep_in.size), K).to_sparse()
        kind = "rational" if K.is_QQ and not sympy else "exact SymPy"
        rhs = _apply(fn, X, K, sympy, rep_out.size, kind).matmul(Ro.transpose())
        lhs = _apply(fn, X.matmul(Ri.transpose()), K, sympy, rep_out.size, kind)
        if lhs != rhs:
            dl, dr = linalg._dod(lhs.to_sparse()), linalg._dod(rhs.to_sparse())
            b, j = next((i, j) for i in range(batch) for j in range(rep_out.size)
                        if dl.get(i, {}).get(j, K.zero) != dr.get(i, {}).get(j, K.zero))
            a, c = (K.to_sympy(d.get(b, {}).get(j, K.zero)) for d in (dl, dr))
            where = locate(rep_out, j)
            raise EquivarianceError(
                f"not exactly equivariant under {what}: fn(ρ_in(g)x) = {a} but ρ_out(g)fn(x) = {c} "
                f"at output {where}, batch row {b}; rep_in = {rep_in}, rep_out = {rep_out}.",
                element=what, word=None if g is None else g.word, where=where)
