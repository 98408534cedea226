"""S_n-equivariant layers between tensor powers, applied diagram by diagram.

``PartitionLinear(n, k, l)`` maps ``(..., in_channels, n, ..., n)`` (k index axes) to
``(..., out_channels, n, ..., n)`` (l axes) as a learned combination of the partition
diagrams of the k+l positions (those with at most n blocks: a basis of Hom_{S_n}(V^k, V^l),
of the same dimension as the exact orbit basis).  Each diagram is applied as a contraction --
diagonals, sums and broadcasts, as in Maron et al. (ICLR 2019) -- so the n^{k+l} weight
matrix is never built: an order-2 -> order-2 layer at n = 200 (1.6e9 dense weights) runs on a CPU.
Sums over a free index are averaged (divided by n) to keep activations at unit scale.

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

__all__ = ["PartitionLinear", "partition_diagrams"]


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
        fan_in = in_channels * len(self.diagrams)
        factory = {"dtype": dtype, "device": device}
        self.weight = torch.nn.Parameter(
            torch.randn(out_channels, in_channels, len(self.diagrams), **factory) / math.sqrt(fan_in))
        # floating constants have float64 masters, re-derived on .double() / .to() (masters.py)
        eye, ones = torch.eye(n, dtype=torch.float64), torch.ones(n, dtype=torch.float64)
        self.register_master("_eye", eye, dtype)
        self.register_master("_ones", ones, dtype)
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

    def forward(self, x):
        k, n = self.k, self.n
        if x.shape[x.dim() - k - 1:] != (self.in_channels,) + (n,) * k:
            raise ValueError(f"expected input (..., {self.in_channels}{', ' + str(n) if k else ''}"
                             f"{'' if k < 2 else ' x ' + str(k)}), got {tuple(x.shape)}")
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
