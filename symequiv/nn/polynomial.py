"""Polynomial layers from exact invariant theory: invariant features and equivariant
polynomial maps (:mod:`symequiv.invariants.polynomials`).

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> f = InvariantFeatures(2 * V, 2)              # u·u, u·v, v·v (degree 1 has none)
>>> f(torch.randn(5, 6)).shape
torch.Size([5, 3])
"""

import numpy as np
import torch

from ..invariants.polynomials import invariants, polynomial_maps, fundamental_invariants
from .masters import MasterBuffers
from .tags import MeaningTag
from .inputs import check_features, typed_forward

__all__ = ["InvariantFeatures", "PolynomialEquivariant"]


def _check_degree(d, where):
    from ..errors import InvalidArgumentError
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise InvalidArgumentError(f"{where}: max_degree must be an int >= 1, got {d!r}.")


def _monomial_index(space):
    return torch.as_tensor(np.array(space.monomials, dtype=np.int64).reshape(len(space.monomials),
                                                                            space.degree))


def _monomials(x, idx):
    """``x^I`` for the index tuples ``idx`` (``(n_mono, d)``): ``(..., n_mono)``."""
    if idx.shape[1] == 0:
        return x.new_ones(*x.shape[:-1], idx.shape[0])
    return x[..., idx].prod(dim=-1)


class InvariantFeatures(MasterBuffers):
    """All invariant polynomials of degrees ``1 … max_degree`` on ``rep`` (``which="all"``), or
    only the fundamental invariants found up to ``max_degree`` (``which="fundamental"``),
    evaluated on a batch ``(..., rep.size)`` with autograd: output ``(..., n_features)``.
    The exact coefficients are rounded once, into float64 masters."""

    def __init__(self, rep, max_degree, which="all", *, dtype=None):
        super().__init__()
        from .inputs import check_dtype
        dtype = check_dtype(dtype, "InvariantFeatures", complex_ok=False)
        _check_degree(max_degree, "InvariantFeatures")
        if which not in ("all", "fundamental"):
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(f"which must be 'all' or 'fundamental', got {which!r}.")
        self.rep, self.max_degree, self.which = rep, max_degree, which
        self.degrees = []
        if which == "fundamental":
            gens, self.complete = fundamental_invariants(rep, max_degree)
        for d in range(1, max_degree + 1):
            space = invariants(rep, d)
            if which == "all":
                C = space.basis.to_numpy().T if space.dim else np.zeros((0, len(space.monomials)))
            else:
                index = {m: i for i, m in enumerate(space.monomials)}
                rows = []
                for g in gens:
                    if g.degree != d:
                        continue
                    row = np.zeros(len(space.monomials))
                    for expo, c in g.poly.terms():
                        key = tuple(i for i, e in enumerate(expo) for _ in range(e))
                        row[index[key]] = float(c)
                    rows.append(row)
                C = np.array(rows).reshape(len(rows), len(space.monomials))
            if C.shape[0] == 0:
                continue
            self.register_buffer(f"idx{d}", _monomial_index(space), persistent=False)
            self.register_master(f"coef{d}", C, dtype)
            self.degrees.append(d)
        self.n_features = sum(getattr(self, f"coef{d}").shape[0] for d in self.degrees)

    @typed_forward("InvariantFeatures")
    def forward(self, x):
        check_features(x, self.rep.size, "InvariantFeatures")
        outs = [_monomials(x, getattr(self, f"idx{d}")) @ getattr(self, f"coef{d}").t()
                for d in self.degrees]
        return torch.cat(outs, dim=-1) if outs else x.new_zeros(*x.shape[:-1], 0)

    def extra_repr(self):
        return f"{self.rep}, max_degree={self.max_degree}, {self.which}, features={self.n_features}"


class PolynomialEquivariant(MeaningTag, MasterBuffers):
    """A layer ``x ↦ Σ_{d=0}^{max_degree} Σ_k c_{d,k} P_{d,k}(x)`` whose weights ``c`` span the
    equivariant polynomial maps ``rep_in → rep_out`` of degree up to ``max_degree`` (degree 0:
    the equivariant constants, a bias).  Input ``(..., rep_in.size)``, output
    ``(..., rep_out.size)``.

    >>> import torch, symequiv as se
    >>> V = se.V(se.SO(3))
    >>> layer = PolynomialEquivariant(V, V, 3)        # a·x + b·|x|²x
    >>> layer.weight.numel(), layer(torch.randn(4, 3)).shape
    (2, torch.Size([4, 3]))
    """

    def __init__(self, rep_in, rep_out, max_degree, *, dtype=None):
        super().__init__()
        from .inputs import check_dtype
        dtype = check_dtype(dtype, "PolynomialEquivariant", complex_ok=False)
        _check_degree(max_degree, "PolynomialEquivariant")
        self.rep_in, self.rep_out, self.max_degree = rep_in, rep_out, max_degree
        self.degrees, offset = [], 0
        for d in range(0, max_degree + 1):
            space = polynomial_maps(rep_in, rep_out, d)
            if space.dim == 0:
                continue
            B = space.basis.to_numpy().reshape(rep_out.size, len(space.monomials), space.dim)
            self.register_buffer(f"idx{d}", _monomial_index(space), persistent=False)
            self.register_master(f"basis{d}", B, dtype)
            self.degrees.append((d, offset, space.dim))
            offset += space.dim
        dtype = dtype or torch.get_default_dtype()
        self.weight = torch.nn.Parameter(torch.randn(offset, dtype=dtype) / max(offset, 1) ** 0.5)
        self._register_tag(f"PolynomialEquivariant({rep_in!r} -> {rep_out!r}, "
                           f"max_degree={max_degree})", reps=(rep_in, rep_out))

    @typed_forward("PolynomialEquivariant")
    def forward(self, x):
        check_features(x, self.rep_in.size, "PolynomialEquivariant")
        y = x.new_zeros(*x.shape[:-1], self.rep_out.size)
        for d, off, dim in self.degrees:
            m = _monomials(x, getattr(self, f"idx{d}"))
            # the weights' map first (o, m), then one product with the batch: the contraction
            # order does not depend on the batch size (a three-operand einsum chose it per
            # size, which torch.export then fixed to the traced batch)
            W = torch.matmul(getattr(self, f"basis{d}"), self.weight[off:off + dim])
            y = y + torch.matmul(m, W.t())
        return y

    def extra_repr(self):
        return f"{self.rep_in} -> {self.rep_out}, max_degree={self.max_degree}, dim={self.weight.numel()}"
