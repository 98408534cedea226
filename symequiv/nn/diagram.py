"""Layers V^{⊗k} → V^{⊗l} for the classical groups, applied diagram by diagram.

Each Brauer / Levi-Civita diagram of :mod:`symequiv.solve.diagrams` is applied to the input
as one ``einsum``: a δ pair between an input and an output position passes that index
through, a pair of input positions is contracted with the invariant form, a pair of output
positions inserts the inverse form, and a Levi-Civita group contracts with ε (indices raised
with the form).  The n^{k+l} weight matrix is never built.  When n is small the diagrams are
dependent; a maximal independent subset is kept, chosen exactly and deterministically (the
first diagrams, in enumeration order, that raise the exact rank), so the layer has exactly
dim Hom_G(V^k, V^l) parameters per channel pair.  The forward is factorised as in
:class:`~symequiv.nn.PartitionLinear`: contractions with the form first, channels mixed on the
reduced tensors, diagrams with the same output part placed once.

>>> import torch, symequiv as se
>>> layer = DiagramLinear(se.O(3), 2, 2).double()
>>> layer.num_diagrams                       # identity, swap, trace-outer: Brauer on 4 points
3
>>> layer(torch.randn(5, 1, 3, 3, dtype=torch.float64)).shape
torch.Size([5, 1, 3, 3])
"""

import math
import string
from itertools import permutations

import numpy as np
import torch

from .. import linalg
from ..errors import GroupMismatchError, RepresentationError, ProblemTooLargeError
from ..solve import diagrams as D
from .masters import MasterBuffers
from .tags import MeaningTag
from .partition import FactorisedDiagrams, DiagramProgram
from .inputs import check_int, check_tail, typed_forward

__all__ = ["DiagramLinear"]

#: Largest n^(k+l) for which diagram independence is decided by exact rank.
EXACT_RANK_LIMIT = 2_000_000


def _levi_civita(n):
    eps = np.zeros((n,) * n)
    for p in permutations(range(n)):
        eps[p] = D._perm_sign(p)
    return eps


class DiagramLinear(MeaningTag, MasterBuffers):
    """Equivariant map from order-k to order-l tensors of a classical group's V, with channels:
    input ``(..., in_channels, n, ..., n)`` (k axes) → ``(..., out_channels, n, ..., n)``."""

    def __init__(self, group, k, l, in_channels=1, out_channels=1, *, dtype=None):
        super().__init__()
        from ..groups.base import Group
        from .inputs import check_dtype
        dtype = check_dtype(dtype, "DiagramLinear", complex_ok=False)
        if not isinstance(group, Group):
            raise GroupMismatchError(f"DiagramLinear: group must be a Group such as se.O(5), got "
                                     f"{type(group).__name__} (se.group('O(5)') reads a name).")
        data = D.classical_data(group)
        if data is None:
            raise RepresentationError(
                f"{group!r} is not one of the classical groups with diagram bases "
                f"(O, SO, O13, SO13, Sp, GL, SL); use EquivariantLinear.")
        kind, F, Fi, eps = data
        n = group.d
        w = "DiagramLinear"
        self.n, self.k, self.l = n, check_int("k", k, 0, w), check_int("l", l, 0, w)
        self.in_channels = check_int("in_channels", in_channels, 1, w)
        self.out_channels = check_int("out_channels", out_channels, 1, w)
        m = self.k + self.l
        from .. import limits
        count = 1
        for j in range(m - 1, 0, -2):                 # (m-1)!! Brauer diagrams (pairings)
            count *= j
        if count > limits.MAX_DIAGRAMS:
            limits.check(count, "MAX_DIAGRAMS",
                         f"DiagramLinear({group!r}, {self.k}, {self.l}) would enumerate about "
                         f"{count:,} diagrams ((k + l - 1)!! pairings of {m} points)",
                         "Use smaller orders k and l.")
        var = [1] * self.l + [-1] * self.k            # outputs upper, inputs lower
        shapes = list(D.diagram_shapes(var, kind, eps, n))
        shapes = self._independent(shapes, var, data, n)
        dtype = dtype or torch.get_default_dtype()
        self._plans = []
        # float64 masters of the exact forms, re-derived on .double() / .to() (see masters.py)
        self.register_master("_F", linalg.to_numpy(F) if F is not None else np.eye(n), dtype)
        self.register_master("_Fi", linalg.to_numpy(Fi) if Fi is not None else np.eye(n), dtype)
        self.register_master("_eps", _levi_civita(n) if eps else np.zeros(1), dtype)
        raise_ = np.diag(linalg.to_numpy(Fi)).copy() if eps == "any" else np.ones(n)
        self.register_master("_raise", raise_, dtype)
        for groups, pairs in shapes:
            self._plans.append(self._plan(groups, pairs, var))
        # the ε tensor of each raised-index pattern, built once (not on every forward)
        for raised in sorted({op[1] for _, ops, _ in self._plans for op in ops if op[0] == "eps"}):
            self.register_master(self._eps_name(raised), self._raised_eps(raised), dtype)
        self.num_diagrams = len(self._plans)
        self._factorised = FactorisedDiagrams(self._plans, self.l)
        # forms equal to the identity (O(n)) make the diagrams partition diagrams: compiled forward
        eye = {nm for nm in ("_F", "_Fi") if np.array_equal(self._masters[nm], np.eye(n))}
        self._program = DiagramProgram.compile(
            self._plans, self.k, self.l, n, [float(n) ** -p[2] for p in self._plans], self.in_channels,
            self.out_channels, lambda op: op[0] in ("F", "Fi") and "_" + op[0] in eye, lambda op: False) \
            if self._plans else None
        self.register_buffer("_index", None if self._program is None else self._program.index,
                             persistent=False)
        self.register_master("_scale", torch.tensor([float(n) ** -p[2] for p in self._plans],
                                                    dtype=torch.float64), dtype)
        fan = self.in_channels * max(1, self.num_diagrams)
        self.weight = torch.nn.Parameter(torch.randn(self.out_channels, self.in_channels, self.num_diagrams,
                                                     dtype=dtype) / math.sqrt(fan))
        self._register_tag(f"DiagramLinear({group!r}, k={self.k}, l={self.l}, "
                           f"diagrams={self._plans!r})")

    def _independent(self, shapes, var, data, n):
        m = len(var)
        if n ** m <= EXACT_RANK_LIMIT:
            # the diagrams as the columns of one exact matrix: the pivot columns of its reduced
            # echelon form are the first diagrams (in order) that raise the rank
            cols = {}
            for j, shape in enumerate(shapes):
                for i, x in D._vectors_of(shape, var, data, n).items():
                    cols.setdefault(i, {})[j] = x
            if not cols:
                return []
            _, pivots = linalg.DomainMatrix(cols, (n ** m, len(shapes)), linalg.QQ).rref(method="GJ")
            return [shapes[j] for j in pivots]
        if n > m:                  # no Levi-Civita diagrams, Brauer diagrams independent (n >= m/2)
            return shapes
        raise ProblemTooLargeError(
            f"cannot decide which of the diagrams on {m} points are independent for n = {n} "
            f"(n^m = {n ** m} > {EXACT_RANK_LIMIT}); use fewer tensor orders.")

    def _plan(self, groups, pairs, var):
        l = self.l
        # a δ pair (one upper, one lower index) passes one index through: one shared letter;
        # the pairs are disjoint, so each position is joined to at most one other
        same = list(range(len(var)))
        for p, q in pairs:
            if var[p] != var[q]:
                same[q] = p
        letters = iter(string.ascii_letters)
        name = {}
        for p in range(len(var)):
            if same[p] not in name:
                name[same[p]] = next(letters)
        let = [name[same[p]] for p in range(len(var))]
        subs = ["..." + "".join(let[l:])]
        ops, summed = [], 0
        for p, q in pairs:
            if var[p] == var[q]:
                subs.append(let[p] + let[q])
                ops.append(("F" if var[p] < 0 else "Fi", None))
                summed += var[p] < 0
        for S in groups:
            subs.append("".join(let[p] for p in S))
            ops.append(("eps", tuple(var[p] > 0 for p in S)))
        eq = ",".join(subs) + "->..." + "".join(let[:l])
        return eq, ops, summed

    @staticmethod
    def _eps_name(raised):
        return "_eps_" + "".join("u" if up else "d" for up in raised)

    def _raised_eps(self, raised):
        e = self.master("_eps")
        for axis, up in enumerate(raised):
            if up:                     # raise this index with the (diagonal) inverse form
                shape = [1] * self.n
                shape[axis] = self.n
                e = e * self.master("_raise").reshape(shape)
        return e

    def _operand(self, op):
        kind, raised = op
        if kind == "F":
            return self._F
        if kind == "Fi":
            return self._Fi
        return getattr(self, self._eps_name(raised))

    @typed_forward("DiagramLinear")
    def forward(self, x):
        check_tail(x, (self.in_channels,) + (self.n,) * self.k, "DiagramLinear")
        if self._program is not None:
            return self._program(x, self.weight, None, self._index)
        shape = x.shape[:x.dim() - self.k - 1] + (self.out_channels,) + (self.n,) * self.l
        if not self._plans:                  # Hom = 0
            return x.new_zeros(shape) + 0 * self.weight.sum()
        y = self._factorised(x, self.weight, self._scale, self._operand)
        return self._factorised.full(y, shape)

    def _forward_einsum(self, x):
        """The previous forward (one einsum per diagram, stacked, then mixed); kept for tests
        and benchmarks."""
        k = self.k
        outs = []
        for eq, ops, summed in self._plans:
            y = torch.einsum(eq, x, *[self._operand(o) for o in ops])
            outs.append(y / self.n ** summed if summed else y)
        y = torch.stack(outs, dim=x.dim() - k - 1)                  # (..., P, C_in, n^l)
        lead = "".join(string.ascii_uppercase[:self.l])
        return torch.einsum(f"...pc{lead},ocp->...o{lead}", y, self.weight)

    def extra_repr(self):
        return f"n={self.n}, order {self.k} -> {self.l}, diagrams={self.num_diagrams}"
