"""A deterministic equivariant bilinear layer.

For input ``x`` in ``rep_in = ⊕_s a_s`` (summand copies ``x_s``) and output
``rep_out = ⊕_u c_u``, the layer computes

.. math::

    y_u \\;=\\; \\sum_{(a, b, c)} \\sum_{i, j < r} \\sum_k w^{abc}_{u i j k}\\;
                Q^{abc}_k\\big(z^a_i \\otimes z^b_j\\big),
    \\qquad z^a_i = \\sum_{s:\\,a_s = a} M^a_{i s}\\, x_s,

initialised so each output starts at ``gain`` (0.1) times unit scale -- the quadratic term
starts as a small perturbation -- and where ``Q^{abc}_k`` is the exact basis of Hom_G(a ⊗ b, c) for every triple of distinct
input summand types ``a, b`` and output type ``c`` (with ``a.size * b.size * c.size`` at most
``max_block``), and ``z^a_i`` are ``r = mix`` learned mixtures of the copies of type ``a``
(mixing copies commutes with the group).  Every parameter is a ``torch.nn.Parameter``: there
is no sampling at build time, so a saved model reloads to identical outputs (unlike EMLP's
bilinear layer, seed 002).

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> layer = EquivariantBilinear(2 * V, se.Scalar)
>>> layer(torch.randn(3, 6)).shape       # learns combinations of u·u, u·v, v·v
torch.Size([3, 1])
"""

import math

import numpy as np
import torch

from ..reps.checks import common_group
from ..solve import equivariant_basis
from .masters import MasterBuffers
from .nonlinear import summand_slices, refuse_complex

__all__ = ["EquivariantBilinear"]


def _types(rep):
    types = {}
    for r, a, b in summand_slices(rep):
        types.setdefault(r, []).append(a)
    return types


class EquivariantBilinear(MasterBuffers):
    """Bilinear equivariant map rep_in × rep_in → rep_out (see the module docstring).

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> EquivariantBilinear(V, V)(torch.randn(2, 3)).shape      # the cross product u x u = 0 lives here
    torch.Size([2, 3])
    """

    def __init__(self, rep_in, rep_out, mix=2, max_block=2000, gain=0.1, *, dtype=None):
        super().__init__()
        common_group(rep_in, rep_out, where="EquivariantBilinear")
        refuse_complex(rep_in, rep_out, where="EquivariantBilinear")
        self.rep_in, self.rep_out, self.mix = rep_in, rep_out, int(mix)
        dtype = dtype or torch.get_default_dtype()
        tin, tout = _types(rep_in), _types(rep_out)
        self._tin = list(tin)
        self.mixers = torch.nn.ParameterList()
        for k, (a, starts) in enumerate(tin.items()):
            idx = torch.tensor([s + i for s in starts for i in range(a.size)], dtype=torch.long)
            self.register_buffer(f"in_idx{k}", idx, persistent=False)
            self.mixers.append(torch.nn.Parameter(torch.randn(self.mix, len(starts), dtype=dtype) / math.sqrt(len(starts))))
        self.weights = torch.nn.ParameterList()
        self._triples = []
        fan_out, out_type = {}, []
        for ia, a in enumerate(tin):
            for ib, b in enumerate(tin):
                for ic, (c, starts) in enumerate(tout.items()):
                    if a.size * b.size * c.size > max_block:
                        continue
                    B = equivariant_basis(a * b, c)
                    if B.dim == 0:
                        continue
                    t = len(self._triples)
                    Q = B.to_numpy(np.float64).reshape(c.size, a.size * b.size, B.dim)
                    self.register_master(f"Q{t}", Q, dtype)      # re-derived on .double() / .to()
                    oidx = torch.tensor([s + i for s in starts for i in range(c.size)], dtype=torch.long)
                    self.register_buffer(f"out_idx{t}", oidx, persistent=False)
                    # Σ_k |row of Q_k|², averaged over output rows: the variance one unit weight adds
                    rownorm = float((Q ** 2).sum(axis=(1, 2)).mean())
                    fan_out[ic] = fan_out.get(ic, 0.0) + self.mix * self.mix * rownorm
                    self.weights.append(torch.nn.Parameter(
                        torch.randn(len(starts), self.mix, self.mix, B.dim, dtype=dtype)))
                    self._triples.append((ia, ib, t, a.size, b.size, c.size, len(starts)))
                    out_type.append(ic)
        with torch.no_grad():
            # each output type gets unit variance times ``gain`` for unit-variance mixtures
            for w, ic in zip(self.weights, out_type):
                w.mul_(gain / math.sqrt(fan_out[ic]))

    def forward(self, x):
        # bfloat16 / float16: the products and sums run in float32 (as autocast does for
        # reductions), the output is rounded once -- a product of two rounded features would
        # otherwise add rounding errors of both
        low = x.dtype in (torch.bfloat16, torch.float16)
        up = (lambda t: t.float()) if low else (lambda t: t)
        lead = x.shape[:-1]
        x2 = up(x.reshape(-1, x.shape[-1]))
        nb = x2.shape[0]
        z = []
        for k, a in enumerate(self._tin):
            xa = x2.index_select(1, getattr(self, f"in_idx{k}")).reshape(nb, -1, a.size)
            z.append(torch.einsum("is,bsn->bin", up(self.mixers[k]), xa).contiguous())
        y = x2.new_zeros(nb, self.rep_out.size)
        r = self.mix
        for (ia, ib, t, na, nb_, nc, copies), w in zip(self._triples, self.weights):
            outer = (z[ia][:, :, None, :, None] * z[ib][:, None, :, None, :]).reshape(nb, r, r, na * nb_)
            feat = torch.einsum("bije,ced->bijcd", outer, up(getattr(self, f"Q{t}")))
            yc = torch.einsum("bijcd,uijd->buc", feat, up(w)).contiguous()
            y = y.index_add(1, getattr(self, f"out_idx{t}"), yc.reshape(nb, copies * nc))
        return y.reshape(*lead, self.rep_out.size).to(x.dtype)
