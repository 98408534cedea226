"""A deterministic equivariant bilinear layer.

For input ``x`` in ``rep_in = ⊕_s a_s`` (summand copies ``x_s``) and output
``rep_out = ⊕_u c_u``, the layer computes

.. math::

    y_u \\;=\\; \\sum_{(a, b, c)} \\sum_{i, j < r} \\sum_k w^{abc}_{u i j k}\\;
                Q^{abc}_k\\big(z^a_i \\otimes z^b_j\\big),
    \\qquad z^a_i = \\sum_{s:\\,a_s = a} M^a_{i s}\\, x_s,

where ``Q^{abc}_k`` is the exact basis of Hom_G(a ⊗ b, c) for every unordered pair of input
summand types ``a, b`` (Hom_G(b ⊗ a, c) is the same space composed with the swap, so the pair
is taken once) and output type ``c`` (with ``a.size * b.size * c.size`` at most ``max_block``),
and ``z^a_i`` are ``r = mix`` learned mixtures of the copies of type ``a``
(mixing copies commutes with the group).

Scale: the weights ``w`` are unit-variance parameters and the constant basis carries the scale
``gain / sqrt(fan)``, so that each output starts at ``gain`` (0.1) times unit scale for
unit-variance mixtures -- the quadratic term starts as a perturbation of the linear one.  The
scale is in the basis, not in the parameters, because adaptive optimisers (Adam) move every
parameter by about ``lr`` whatever its size: parameters initialised at ``gain / sqrt(fan)``
(~1e-3) would change by several times their own size in one step at lr 3e-3 and the layer,
quadratic in its input and stacked, blows up (EMLP's bilinear layer likewise keeps unit-normal
parameters and a constant factor 0.1 in the forward).  The products are contracted in two
matrix products per pair of types (never the full outer product ``z^a ⊗ z^b``), in the cheaper
of two orders chosen per triple at build time.

Every parameter is a ``torch.nn.Parameter``: there
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
from .tags import MeaningTag
from .nonlinear import summand_slices, refuse_complex
from .inputs import check_features, typed_forward

__all__ = ["EquivariantBilinear"]


def _types(rep):
    types = {}
    for r, a, b in summand_slices(rep):
        types.setdefault(r, []).append(a)
    return types


def _integral(x):
    """An integral float (``2.0``, ``1e4``) as the int it is; anything else unchanged, for
    :func:`check_int` to refuse (``1.5`` was truncated to 1)."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _max_block(x):
    """``max_block``: an int >= 1, an integral float, or ``math.inf`` (no limit)."""
    from .inputs import check_int
    if isinstance(x, float) and x == math.inf:
        return math.inf
    return check_int("max_block", _integral(x), 1, "EquivariantBilinear")


def _check_gain(gain):
    import numbers
    from ..errors import InvalidArgumentError
    if isinstance(gain, bool) or not isinstance(gain, numbers.Real) or not 0 < float(gain) < math.inf:
        raise InvalidArgumentError(f"EquivariantBilinear: gain must be a positive finite number "
                                   f"(the initial scale of the quadratic term, default 0.1), got {gain!r}.")
    return gain


class EquivariantBilinear(MeaningTag, MasterBuffers):
    """Bilinear equivariant map rep_in × rep_in → rep_out (see the module docstring).

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> EquivariantBilinear(V, V)(torch.randn(2, 3)).shape      # the cross product u x u = 0 lives here
    torch.Size([2, 3])
    """

    #: tests only: build every triple with one contraction order ("feat" / "wfirst")
    _force_path = None

    def __init__(self, rep_in, rep_out, mix=2, max_block=2000, gain=0.1, *, dtype=None):
        super().__init__()
        from .inputs import check_dtype, check_int
        w = "EquivariantBilinear"
        common_group(rep_in, rep_out, where=w)
        refuse_complex(rep_in, rep_out, where=w)
        mix, max_block = check_int("mix", _integral(mix), 1, w), _max_block(max_block)
        gain = _check_gain(gain)
        self.rep_in, self.rep_out, self.mix = rep_in, rep_out, mix
        dtype = check_dtype(dtype, w, complex_ok=False) or torch.get_default_dtype()
        #: ``(a, b, c)`` summand types left out because ``a.size * b.size * c.size > max_block``
        self.skipped = []
        tin, tout = _types(rep_in), _types(rep_out)
        self._tin = list(tin)
        self.mixers = torch.nn.ParameterList()
        for k, (a, starts) in enumerate(tin.items()):
            idx = torch.tensor([s + i for s in starts for i in range(a.size)], dtype=torch.long)
            self.register_buffer(f"in_idx{k}", idx, persistent=False)
            self.mixers.append(torch.nn.Parameter(torch.randn(self.mix, len(starts), dtype=dtype) / math.sqrt(len(starts))))
        self.weights = torch.nn.ParameterList()
        self._triples = []
        r = self.mix
        fan_out, pending, pairs = {}, [], {}
        # unordered pairs a <= b only: Hom(b ⊗ a, c) = Hom(a ⊗ b, c) ∘ swap, so the triple
        # (b, a, c) would span exactly the same features as (a, b, c) at twice the cost
        for ia, a in enumerate(tin):
            for ib, b in enumerate(tin):
                if ib < ia:
                    continue
                for ic, (c, starts) in enumerate(tout.items()):
                    if a.size * b.size * c.size > max_block:
                        self.skipped.append((a, b, c))
                        continue
                    B = equivariant_basis(a * b, c)
                    if B.dim == 0:
                        continue
                    t = len(self._triples)
                    Q = B.to_numpy(np.float64).reshape(c.size, a.size * b.size, B.dim)
                    oidx = [s + i for s in starts for i in range(c.size)]
                    # per-triple output indices (read by coupling_graph; forward uses out_idx)
                    self.register_buffer(f"out_idx{t}", torch.tensor(oidx, dtype=torch.long), persistent=False)
                    # Σ_k |row of Q_k|², averaged over output rows: the variance one unit weight adds
                    rownorm = float((Q ** 2).sum(axis=(1, 2)).mean())
                    fan_out[ic] = fan_out.get(ic, 0.0) + r * r * rownorm
                    # unit-variance parameters; the scale lives in the (constant) basis, so an
                    # optimiser step of a given size is the same *relative* change for every
                    # weight (Adam moves each parameter by about lr whatever its scale: weights
                    # initialised at gain/sqrt(fan) ~ 1e-3 change by several times their size in
                    # one step at lr 3e-3, and the quadratic layer blows up)
                    u, ab, d, nc = len(starts), a.size * b.size, B.dim, c.size
                    self.weights.append(torch.nn.Parameter(torch.randn(u, r, r, d, dtype=dtype)))
                    # contraction order (build-time choice by floating-point operations at a
                    # nominal batch; both are two matrix products, never the full outer product
                    # z_a ⊗ z_b): "feat" contracts z_b, then z_a with the basis, then the
                    # weights; "wfirst" contracts weights with the basis (no batch dimension),
                    # then z_b, then z_a -- cheaper when the basis has many maps (d > r·copies)
                    nom, na, nb_ = 256, a.size, b.size
                    feat = nom * r * d * nc * (nb_ * na + r * na + r * u)
                    wfirst = u * r * r * nc * ab * d + nom * r * r * ab * u * nc + nom * r * na * u * nc
                    path = self._force_path or ("wfirst" if wfirst < feat else "feat")
                    self._triples.append((ia, ib, t, a.size, b.size, nc, u, d, path))
                    pending.append((t, Q, ic, path, a.size, b.size))
                    pairs.setdefault((ia, ib), []).append((t, path, oidx))
        # each output type gets unit variance times ``gain`` for unit-variance mixtures
        scaled = {}
        for t, Q, ic, path, na, nb_ in pending:
            Q = Q * (gain / math.sqrt(fan_out[ic]))
            nc, ab, d = Q.shape
            if path == "wfirst":
                self.register_master(f"Q{t}", Q.transpose(2, 0, 1).reshape(d, nc * ab), dtype)  # (d, c·ab)
            else:                                                          # (b, a, d·c)
                scaled[t] = Q.reshape(nc, na, nb_, d).transpose(2, 1, 3, 0).reshape(nb_, na, d * nc)
        # per input pair: the "wfirst" triples share one product, the "feat" triples another
        # (their bases concatenated, registered per pair); all outputs are scattered with one
        # index_add in this order.  Masters are re-derived on .double() / .to()
        self._pairs, order = [], []
        for p_, ((ia, ib), ts) in enumerate(pairs.items()):
            wf = [t for t, p, _ in ts if p == "wfirst"]
            ft = [t for t, p, _ in ts if p == "feat"]
            offs, o = [], 0
            for t in ft:
                offs.append(o)
                o += scaled[t].shape[-1]
            if ft:
                Qp = np.concatenate([scaled[t] for t in ft], axis=2)
                self.register_master(f"Qp{p_}", Qp.reshape(Qp.shape[0], -1), dtype)
            self._pairs.append((ia, ib, wf, ft, offs, o, p_))
            byt = {t: oi for t, _, oi in ts}
            for t in wf + ft:
                order.extend(byt[t])
        self.register_buffer("out_idx", torch.tensor(order, dtype=torch.long), persistent=False)
        if self.skipped:
            import warnings
            from ..errors import SkippedBlocksWarning
            warnings.warn(SkippedBlocksWarning(
                f"EquivariantBilinear({rep_in} -> {rep_out}) leaves out the products "
                + ", ".join(f"{a} x {b} -> {c}" for a, b, c in self.skipped[:4])
                + (f" and {len(self.skipped) - 4} more" if len(self.skipped) > 4 else "")
                + f" (a.size * b.size * c.size > max_block = {max_block}); pass a larger "
                f"max_block to include them (layer.skipped lists them)."), stacklevel=2)
        # the gain scales the constant bases, so it is part of what the parameters mean
        self._register_tag(f"EquivariantBilinear({self.rep_in!r} -> {self.rep_out!r}, mix={self.mix}, "
                           f"max_block={max_block}, gain={float(gain)!r})", reps=(self.rep_in, self.rep_out))

    @typed_forward("EquivariantBilinear")
    def forward(self, x):
        check_features(x, self.rep_in.size, "EquivariantBilinear")
        # bfloat16 / float16: the products and sums run in float32 (as autocast does for
        # reductions), the output is rounded once -- a product of two rounded features would
        # otherwise add rounding errors of both
        low = x.dtype in (torch.bfloat16, torch.float16)
        up = (lambda t: t.float()) if low else (lambda t: t)
        lead = x.shape[:-1]
        x2 = up(x.reshape(-1, x.shape[-1]))
        nb = x2.shape[0]
        r = self.mix
        z = []
        for k, a in enumerate(self._tin):
            xa = x2.index_select(1, getattr(self, f"in_idx{k}")).reshape(nb, -1, a.size)
            z.append(torch.matmul(up(self.mixers[k]), xa))                 # (nb, r, a.size)
        tri = self._triples
        pieces = []
        for ia, ib, wf, ft, offs, D, p_ in self._pairs:
            na, nb_ = self._tin[ia].size, self._tin[ib].size
            za, zb = z[ia], z[ib]
            if wf:
                maps = []
                for t in wf:
                    u, nc, d = tri[t][6], tri[t][5], tri[t][7]
                    M = up(self.weights[t]).reshape(u * r * r, d) @ up(getattr(self, f"Q{t}"))
                    # (u, i, j, c, ea, eb) -> (j, eb, i, ea, u, c)
                    maps.append(M.reshape(u, r, r, nc, na, nb_).permute(2, 5, 1, 4, 0, 3)
                                .reshape(r * nb_, r * na, u * nc))
                W = maps[0] if len(maps) == 1 else torch.cat(maps, 2)
                U = W.shape[2]
                P = (zb.reshape(nb, r * nb_) @ W.reshape(r * nb_, r * na * U)).reshape(nb, r * na, U)
                pieces.append(torch.bmm(za.reshape(nb, 1, r * na), P).reshape(nb, U))
            if ft:
                Qp = up(getattr(self, f"Qp{p_}"))                         # (b, a·D)
                P = (zb.reshape(nb * r, nb_) @ Qp).reshape(nb, r, na, D)  # (n, j, ea, D)
                F = torch.bmm(za, P.transpose(1, 2).reshape(nb, na, r * D)).reshape(nb, r, r, D)
                for t, o in zip(ft, offs):
                    u, nc, d = tri[t][6], tri[t][5], tri[t][7]
                    wm = up(self.weights[t]).reshape(u, r * r * d)
                    Ft = F[..., o:o + d * nc]
                    if nc == 1:
                        pieces.append(Ft.reshape(nb, r * r * d) @ wm.t())
                    else:
                        Ft = Ft.reshape(nb, r * r * d, nc).transpose(1, 2).reshape(nb * nc, r * r * d)
                        pieces.append((Ft @ wm.t()).reshape(nb, nc, u).transpose(1, 2).reshape(nb, u * nc))
        y = x2.new_zeros(nb, self.rep_out.size)
        if pieces:
            y = y.index_add(1, self.out_idx, torch.cat(pieces, 1))
        return y.reshape(*lead, self.rep_out.size).to(x.dtype)
