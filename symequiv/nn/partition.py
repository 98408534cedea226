"""S_n-equivariant layers between tensor powers, applied diagram by diagram.

``PartitionLinear(n, k, l)`` maps ``(..., in_channels, n, ..., n)`` (k index axes) to
``(..., out_channels, n, ..., n)`` (l axes) as a learned combination of the partition
diagrams of the k+l positions (those with at most n blocks: a basis of Hom_{S_n}(V^k, V^l),
of the same dimension as the exact orbit basis).  Each diagram is applied as a contraction --
diagonals, sums and broadcasts, as in Maron et al. (ICLR 2019) -- so the n^{k+l} weight
matrix is never built: an order-2 -> order-2 layer at n = 200 (1.6e9 dense weights) runs on a CPU.
Sums over a free index are averaged (divided by n) to keep activations at unit scale.

The forward is factorised (:class:`FactorisedDiagrams`, shared with
:class:`~symequiv.nn.DiagramLinear`): each diagram is split into its input part (diagonals and
sums: a reduced tensor, computed once per distinct reduction) and its output part (broadcasts,
diagonal placements); channels are mixed on the reduced tensors, and diagrams with the same
output part are mixed together and placed once -- the row / column / diagonal sums and
broadcasts of a hand-written Maron-style layer, derived from the diagrams.

>>> import torch
>>> layer = PartitionLinear(6, 2, 2).double()
>>> layer.num_diagrams
15
>>> x = torch.randn(3, 1, 6, 6, dtype=torch.float64)
>>> p = torch.randperm(6)
>>> bool(torch.allclose(layer(x[..., p, :][..., p]), layer(x)[..., p, :][..., p]))
True
"""

import math
import string

import torch

from ..solve.diagrams import _growth_strings
from .masters import MasterBuffers

__all__ = ["PartitionLinear", "partition_diagrams", "FactorisedDiagrams"]


def partition_diagrams(n, k, l):
    """Set partitions of the ``l`` output then ``k`` input positions with at most ``n``
    blocks, as restricted growth strings (block number of each position).

    >>> partition_diagrams(5, 1, 1)
    [(0, 0), (0, 1)]
    """
    return _growth_strings(k + l, n)


def _equation(rgs, k, l):
    """einsum equation and extra operands applying one diagram to x[..., k axes]."""
    letters = iter(string.ascii_letters)
    block_letter = {b: next(letters) for b in sorted(set(rgs))}
    out_pos, in_pos = rgs[:l], rgs[l:]
    x_sub = "".join(block_letter[b] for b in in_pos)
    operands, subs = [], [f"...{x_sub}"]
    out_sub = []
    seen = set()
    for b in out_pos:
        if b not in seen:
            seen.add(b)
            out_sub.append(block_letter[b])
            if b not in in_pos:
                subs.append(block_letter[b])
                operands.append("ones")
        else:
            fresh = next(letters)
            subs.append(block_letter[b] + fresh)
            operands.append("eye")
            out_sub.append(fresh)
    summed = len([b for b in set(in_pos) if b not in out_pos])
    return ",".join(subs) + "->..." + "".join(out_sub), operands, summed


def _split(eq, names):
    """Split one diagram's einsum ``eq`` (operand names ``names``) into an input part (x and the
    operands whose letters are all summed input letters) giving a reduced tensor ``R``, and an
    output part applied to ``R``.  Returns ``(r_eq, input operand indices, key, out_eq, output
    operand indices, order of R)``; ``key`` is the output part up to renaming of letters, so
    diagrams with equal keys can be mixed into one ``R`` and placed once."""
    lhs, rhs = eq.split("->")
    subs = lhs.split(",")
    x_sub, ops, out = subs[0][3:], subs[1:], rhs[3:]
    inp = [i for i, t in enumerate(ops) if set(t) <= set(x_sub) and not set(t) & set(out)]
    outp = [i for i in range(len(ops)) if i not in inp]
    order = out + "".join(ops[i] for i in outp)
    R = "".join(sorted({c for c in x_sub if c in order}, key=order.index))
    r_eq = "..." + x_sub + "".join("," + ops[i] for i in inp) + "->..." + R
    out_eq = "..." + R + "".join("," + ops[i] for i in outp) + "->..." + out
    ren = {}
    for c in R + "".join(ops[i] for i in outp) + out:
        ren.setdefault(c, string.ascii_letters[len(ren)])
    canon = "".join(ren.get(c, c) for c in out_eq)
    return r_eq, inp, (canon, tuple(names[i] for i in outp)), canon, outp, len(R)


class FactorisedDiagrams:
    """The factorised forward of a sum of diagrams (see the module docstring).

    ``plans`` are ``(einsum equation, operand names, summed)`` per diagram, as built by the
    layers; ``operand(name)`` returns the tensor of a name.  ``__call__(x, weight, scale,
    operand)`` computes ``Σ_d einsum_d(x, ...) / n^summed_d`` mixed by ``weight (o, c, d)``
    with the per-diagram scale ``scale (d,)`` folded into the weight.

    >>> import torch
    >>> f = FactorisedDiagrams([("...a->...a", [], 0), ("...b,a->...a", ["ones"], 1)], 1)
    >>> x, w = torch.ones(2, 1, 3), torch.ones(1, 1, 2)
    >>> f(x, w, torch.tensor([1.0, 1 / 3]), lambda name: torch.ones(3))[0, 0].tolist()
    [2.0, 2.0, 2.0]
    """

    def __init__(self, plans, out_order):
        self.out_order = out_order              # order l of the output tensor
        self.reductions = {}             # r_eq -> (index, input operand names)
        self.groups = {}                 # key -> [(diagram, reduction index)], out_eq, names, order
        for d, (eq, names, _) in enumerate(plans):
            r_eq, inp, key, out_eq, outp, t = _split(eq, list(names))
            r = self.reductions.setdefault(r_eq, (len(self.reductions), [names[i] for i in inp]))[0]
            g = self.groups.setdefault(key, ([], out_eq, [names[i] for i in outp], t))
            g[0].append((d, r))
        # full-size identity placements first (they start the sum), then the rest
        self.order = sorted(self.groups, key=lambda k: (self._kind(k) != "identity", self._kind(k) == "broadcast",
                                                        -self.groups[k][3]))

    def _kind(self, key):
        members, out_eq, names, t = self.groups[key]
        lhs, rhs = out_eq.split("->")
        subs = lhs.split(",")
        if not names and lhs == rhs:
            return "identity"
        if names and all(nm == "ones" for nm in names):
            return "broadcast"
        if out_eq == "...a,ab->...ab" and names == ["eye"]:
            return "diagonal"                         # a vector on the diagonal
        if out_eq == "...,a,ab->...ab" and names == ["ones", "eye"]:
            return "diagonal scalar"
        if t == 0 and len(names) == 1 and subs[1] == rhs[3:]:
            return "outer"                            # a scalar times a fixed tensor
        return "einsum"

    @staticmethod
    def _mix(Wm, R, t):
        """Channel mixing ``Wm (o, c)`` of ``R (..., c, n^t)`` as one (batched) matrix product."""
        if t == 0:
            return torch.matmul(R, Wm.t())
        lead, tail = R.shape[:R.dim() - t - 1], R.shape[R.dim() - t:]
        Y = torch.matmul(Wm, R.reshape(*lead, R.shape[R.dim() - t - 1], -1))
        return Y.reshape(*lead, Wm.shape[0], *tail)

    def __call__(self, x, weight, scale, operand):
        red = [None] * len(self.reductions)
        for r_eq, (i, names) in self.reductions.items():
            lhs, rhs = r_eq.split("->")
            red[i] = x if not names and lhs == rhs else torch.einsum(r_eq, x, *[operand(nm) for nm in names])
        ws = weight * scale
        y = None
        for key in self.order:
            members, out_eq, names, t = self.groups[key]
            idx = [d for d, _ in members]
            Rs = [red[r] for _, r in members]
            if len(Rs) == 1 or t == self.out_order:       # full-size: no concatenated copy
                Z = None
                for d, R in zip(idx, Rs):
                    term = self._mix(ws[:, :, d], R, t)
                    Z = term if Z is None else Z + term
            else:                                        # small reduced tensors: one product
                Wg = ws[:, :, idx].transpose(1, 2).reshape(ws.shape[0], -1)
                Z = self._mix(Wg, torch.cat(Rs, Rs[0].dim() - t - 1), t)
            kind = self._kind(key)
            if kind == "broadcast":
                lhs, rhs = out_eq.split("->")
                R_letters, out = lhs.split(",")[0][3:], rhs[3:]
                lead = Z.shape[:Z.dim() - t]
                Z = Z.reshape(list(lead) + [Z.shape[Z.dim() - t + R_letters.index(c)] if c in R_letters else 1
                                            for c in out])
            elif kind == "diagonal":
                Z = torch.diag_embed(Z)
            elif kind == "diagonal scalar":
                n = operand(names[0]).shape[0]
                Z = torch.diag_embed(Z.unsqueeze(-1).expand(*Z.shape, n))
            elif kind == "outer":
                M = operand(names[0])
                Z = Z.reshape(*Z.shape, *([1] * M.dim())) * M
            elif kind == "einsum":
                Z = torch.einsum(out_eq, Z, *[operand(nm) for nm in names])
            y = Z if y is None else y + Z
        return y

    def full(self, y, shape):
        """``y`` broadcast to the output ``shape`` (when every diagram was a broadcast)."""
        return y if tuple(y.shape) == tuple(shape) else y.expand(shape).contiguous()


class PartitionLinear(MasterBuffers):
    """Linear S_n-equivariant map from order-k to order-l tensors with channels.

    Parameters
    ----------
    n : int
        Set size.
    k, l : int
        Input and output tensor orders.
    in_channels, out_channels : int
    bias : bool
        Adds a learned combination of the partition diagrams of the l output positions.

    >>> PartitionLinear(10, 1, 1).num_diagrams        # identity and all-ones: deep sets
    2
    """

    def __init__(self, n, k, l, in_channels=1, out_channels=1, bias=True, *, dtype=None, device=None):
        super().__init__()
        self.n, self.k, self.l = int(n), int(k), int(l)
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.diagrams = partition_diagrams(n, k, l)
        self._plans = [_equation(d, k, l) for d in self.diagrams]
        self._factorised = FactorisedDiagrams(self._plans, self.l)
        fan_in = in_channels * len(self.diagrams)
        factory = {"dtype": dtype, "device": device}
        self.weight = torch.nn.Parameter(
            torch.randn(out_channels, in_channels, len(self.diagrams), **factory) / math.sqrt(fan_in))
        # floating constants have float64 masters, re-derived on .double() / .to() (masters.py)
        eye, ones = torch.eye(n, dtype=torch.float64), torch.ones(n, dtype=torch.float64)
        self.register_master("_eye", eye, dtype)
        self.register_master("_ones", ones, dtype)
        # 1 / n^summed per diagram (sums are averages), folded into the weight
        self.register_master("_scale", torch.tensor([float(n) ** -p[2] for p in self._plans],
                                                    dtype=torch.float64), dtype)
        if bias:
            bias_diagrams = partition_diagrams(n, 0, l)
            basis = torch.stack([self._contract(torch.ones((), dtype=torch.float64), _equation(d, 0, l),
                                                eye, ones) for d in bias_diagrams])
            self.register_master("_bias_basis", basis, dtype)
            self.bias = torch.nn.Parameter(torch.zeros(out_channels, len(bias_diagrams), **factory))
        else:
            self.register_buffer("_bias_basis", None, persistent=False)
            self.register_parameter("bias", None)
        if device is not None:
            self.to(device)

    @property
    def num_diagrams(self):
        """Number of diagrams = dim Hom_{S_n}(V^k, V^l)."""
        return len(self.diagrams)

    def _contract(self, x, plan, eye=None, ones=None):
        eq, extra, summed = plan
        eye = self._eye if eye is None else eye
        ones = self._ones if ones is None else ones
        ops = [x] + [ones if e == "ones" else eye for e in extra]
        y = torch.einsum(eq, *ops)
        return y / self.n ** summed if summed else y

    def _check(self, x):
        k, n = self.k, self.n
        if x.shape[x.dim() - k - 1:] != (self.in_channels,) + (n,) * k:
            raise ValueError(f"expected input (..., {self.in_channels}{', ' + str(n) if k else ''}"
                             f"{'' if k < 2 else ' x ' + str(k)}), got {tuple(x.shape)}")

    def _operand(self, name):
        return self._ones if name == "ones" else self._eye

    def forward(self, x):
        self._check(x)
        y = self._factorised(x, self.weight, self._scale, self._operand)
        shape = x.shape[:x.dim() - self.k - 1] + (self.out_channels,) + (self.n,) * self.l
        y = self._factorised.full(y, shape)
        if self.bias is not None:
            lead = "".join(string.ascii_uppercase[:self.l])
            y = y + torch.einsum(f"op,p{lead}->o{lead}", self.bias, self._bias_basis)
        return y

    def _forward_einsum(self, x):
        """The previous forward (one full-size einsum per diagram, stacked, then mixed); kept
        for tests and benchmarks."""
        k = self.k
        self._check(x)
        outs = [self._contract(x, plan) for plan in self._plans]   # each (..., C_in, n^l)
        y = torch.stack(outs, dim=x.dim() - k - 1)             # (..., P, C_in, n^l)
        lead = "".join(string.ascii_uppercase[:self.l])
        y = torch.einsum(f"...pc{lead},ocp->...o{lead}", y, self.weight)
        if self.bias is not None:
            y = y + torch.einsum(f"op,p{lead}->o{lead}", self.bias, self._bias_basis)
        return y

    def extra_repr(self):
        return (f"n={self.n}, order {self.k} -> {self.l}, in_channels={self.in_channels}, "
                f"out_channels={self.out_channels}, diagrams={self.num_diagrams}")
