"""Block plans: how an exact basis of Hom(rep_in, rep_out) becomes torch tensors.

The written direct sums of ``rep_in`` and ``rep_out`` split Hom into blocks, one per
(output summand copy, input summand copy).  Copies of the same pair of summands share one
exact block basis, exported once; the coefficients of the whole layer are one flat vector,
ordered by distinct pair (in order of first appearance), then placement, then basis vector.
A pair's block is expanded with a gather for 0/1 orbit bases and a dense product otherwise.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> plan = BlockPlan(2 * V, V + se.Scalar)
>>> plan.dim, [p.dim for p in plan.pairs]
(2, [1, 0])
"""

import numpy as np
import torch

from ..solve import solve_block
from ..solve.dispatch import _placements, _real_form

__all__ = ["BlockPlan", "PairPlan"]


class PairPlan:
    """One distinct (input summand, output summand) pair and all its placements.

    >>> import symequiv as se
    >>> p = BlockPlan(se.V(se.S(3)), se.V(se.S(3))).pairs[0]
    >>> p.dim, p.flat_index.shape
    (2, (1, 9))
    """

    def __init__(self, a, c, placements, n_out, n_in, offset):
        self.rep_in, self.rep_out = a, c
        self.basis = _real_form(a, c, solve_block(a, c))
        self.is_complex = self.basis.is_complex
        self.dim = self.basis.dim
        self.n_copies = len(placements)
        self.bo, self.bi = c.size, a.size
        self.offset = offset                                  # first coefficient index
        rows = np.array([oc for oc, _ in placements])[:, None, None] + np.arange(c.size)[None, :, None]
        cols = np.array([oa for _, oa in placements])[:, None, None] + np.arange(a.size)[None, None, :]
        self.flat_index = (rows * n_in + cols).reshape(len(placements), -1)      # (copies, bo*bi)
        self.in_index = np.array([oa for _, oa in placements])[:, None] + np.arange(a.size)[None, :]
        self.out_index = np.array([oc for oc, _ in placements])[:, None] + np.arange(c.size)[None, :]

    @property
    def size(self):
        return self.n_copies * self.dim

    def dense(self, dtype=torch.float64):
        """The block basis as a dense ``(bo*bi, dim)`` tensor (exact values rounded here)."""
        return torch.as_tensor(self.basis.to_numpy(self._kind()), dtype=dtype)

    def _kind(self):
        return np.complex128 if self.is_complex else np.float64

    def mean_row_norm2(self):
        """Mean over output rows of Σ_k ||row of basis map k||² (for fan-in initialisation)."""
        if self.basis.is_schur_form:
            from .schur import schur_row_norm2
            return schur_row_norm2(self.basis)
        Q = self.basis.to_numpy(self._kind()).reshape(self.bo, self.bi, self.dim)
        return float((abs(Q) ** 2).sum(axis=(1, 2)).mean()) if self.dim else 0.0


class BlockPlan:
    """All the blocks of Hom(rep_in, rep_out), see the module docstring.

    >>> import symequiv as se
    >>> BlockPlan(3 * se.Scalar, 2 * se.Scalar).pairs[0].n_copies
    6
    """

    def __init__(self, rep_in, rep_out):
        self.rep_in, self.rep_out = rep_in, rep_out
        self.n_in, self.n_out = rep_in.size, rep_out.size
        #: complex reps: complex block bases and complex coefficients (see symequiv.nn.linear)
        self.is_complex = rep_in.is_complex or rep_out.is_complex
        ins, outs = _placements(rep_in), _placements(rep_out)
        groups = {}
        order = []
        for c, oc in outs:
            for a, oa in ins:
                if (a, c) not in groups:
                    groups[(a, c)] = []
                    order.append((a, c))
                groups[(a, c)].append((oc, oa))
        self.pairs = []
        offset = 0
        for a, c in order:
            p = PairPlan(a, c, groups[(a, c)], self.n_out, self.n_in, offset)
            offset += p.size
            self.pairs.append(p)
        self.dim = offset
        self.out_placements = outs

    def init_std(self):
        """Per-coefficient standard deviation keeping outputs at unit variance for unit-variance
        inputs: each output summand copy is scaled by its own fan-in (Σ over the blocks feeding it)."""
        fan = {}
        for p in self.pairs:
            r = p.mean_row_norm2()
            for (oc, _) in _pair_placements(p):
                fan[oc] = fan.get(oc, 0.0) + r
        std = np.zeros(self.dim)
        for p in self.pairs:
            for copy, (oc, _) in enumerate(_pair_placements(p)):
                s = 1.0 / np.sqrt(fan[oc]) if fan[oc] > 0 else 0.0
                std[p.offset + copy * p.dim: p.offset + (copy + 1) * p.dim] = s
        return std


def _pair_placements(p):
    return [(int(o[0]), int(i[0])) for o, i in zip(p.out_index, p.in_index)]
