"""Changes of basis of exact decompositions, applied to batches as a chain of small exact stages.

A decomposition of a tensor product ``H ⊗ L`` is built as ``Q = (Q_H ⊗ Q_L) C`` with ``C`` a
permuted block-diagonal of exact Clebsch-Gordan blocks (:func:`symequiv.schur.decomposition._tensor`).
:class:`FactoredChange` replays that recursion, choosing its depth from a cost model, and
:meth:`FactoredChange.forward` applies the whole chain to columns ``Z (n, m)`` as a flat list of
operations compiled once (:class:`_Ops`):

* one row gather between consecutive stages (the output permutation of one stage and the input
  gather of the next are composed into one index);
* per stage and block size ``d``, one matrix product ``M (d x d) @ Z_g (d, c*w*m)`` on the
  gathered rows laid out block-coordinate-major, so the ``c`` copies of a block are one product
  with a wide right-hand side instead of ``c`` tiny ones;
* the dense leaf ``Q_{H_0}`` on the rows of the innermost factor.

The chain is linear and constant, so it runs as one :class:`torch.autograd.Function` whose
backward applies the transposed chain (the transposed stages in reverse order, inverse
permutations for the gathers): no autograd graph is recorded per stage, and ``torch.func.jvp``
works through :meth:`_ChangeFn.jvp`.

>>> import torch, symequiv as se
>>> from symequiv.nn.schur import SchurApply
>>> V = se.V(se.SO(3))
>>> S = SchurApply(se.equivariant_basis(V ** 5, V ** 5), torch.float64, V ** 5, V ** 5)
>>> Z = torch.randn(243, 4, dtype=torch.float64, requires_grad=True)
>>> bool(torch.allclose(S.change_in(Z), S.Q_in_inv @ Z))
True
>>> S.change_in(Z).sum().backward()
>>> bool(torch.allclose(Z.grad, S.Q_in_inv.sum(0)[:, None].expand(243, 4)))
True
"""

import numpy as np
import torch

from .. import linalg
from .masters import MasterBuffers, tracing, transforms_active

__all__ = ["FactoredChange", "OP_COST", "NOMINAL_BATCH", "build_change"]

#: Cost of one tensor operation (launch, bookkeeping) in multiply-adds, for the cost models:
#: about 10 µs at ~5e10 multiply-adds per second (2 CPU cores).
OP_COST = 5e5
#: Cost of moving one element (a gather reads and writes it), in multiply-adds.
MOVE_COST = 4
#: Batch size the factorisation depth of a change of basis is chosen for.
NOMINAL_BATCH = 256


class _GroupedBlocks:
    """A permuted block-diagonal matrix: for each group ``(idx_in (c, d), idx_out (c, d), M)``,
    ``Y[idx_out[a, i]] = Σ_j M[i, j] Z[idx_in[a, j]]`` (float64 images of exact blocks).  The
    description of one stage, for the cost model and for :meth:`FactoredChange._flatten`."""

    def __init__(self, groups, n):
        self.n = n
        self.groups = []
        dest = []
        for idx_in, idx_out, M in groups:
            idx_in = np.asarray(idx_in, dtype=np.int64)
            idx_out = np.asarray(idx_out, dtype=np.int64)
            self.groups.append((idx_in, idx_out, np.asarray(M, dtype=np.float64)))
            dest.append(idx_out.reshape(-1))
        dest = np.concatenate(dest) if dest else np.zeros(0, dtype=np.int64)
        if sorted(dest.tolist()) != list(range(n)):
            raise ValueError("blocks do not cover every row exactly once")

    @property
    def num_ops(self):
        return len(self.groups) + 2

    def macs(self, m):
        return sum(i.shape[0] * i.shape[1] ** 2 for i, _, _ in self.groups) * m + 2 * MOVE_COST * self.n * m


def _compose(ops):
    """Merge consecutive gathers (``Z[g1][g2] = Z[g1[g2]]``) and drop identity gathers."""
    out = []
    for op in ops:
        if op[0] == "gather" and out and out[-1][0] == "gather":
            out[-1] = ("gather", out[-1][1][op[1]])
        else:
            out.append(op)
    return [op for op in out if not (op[0] == "gather" and np.array_equal(op[1], np.arange(op[1].size)))]


def _transpose(ops):
    """The operations of the transposed chain: reversed, each one transposed."""
    out = []
    for op in reversed(ops):
        if op[0] == "gather":
            inv = np.empty_like(op[1])
            inv[op[1]] = np.arange(op[1].size)
            out.append(("gather", inv))
        elif op[0] == "groups":
            out.append(("groups", [(s, d, r, M.T.copy()) for s, d, r, M in op[1]]))
        else:                                             # leaf / mid: a matrix on one axis
            out.append((op[0], op[1].T.copy()) + op[2:])
    return out


def _expand(idx, w):
    """A gather of rows of width ``w`` written as a gather of the full rows."""
    return (idx[:, None] * w + np.arange(w)[None, :]).reshape(-1)


class _ChangeFn(torch.autograd.Function):
    """``Z ↦ Q Z`` (or ``Qᵀ Z`` with ``transposed``) for the compiled chain of a
    :class:`FactoredChange` (constant, linear).  Its backward is the same Function on the
    other side, so a backward recorded with ``create_graph=True`` (forces from an energy,
    gradient penalties) is differentiated again."""

    @staticmethod
    def forward(Z, change, transposed=False):
        return change._run(Z, transposed)

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.change = inputs[1]
        ctx.transposed = inputs[2] if len(inputs) > 2 else False

    @staticmethod
    def backward(ctx, G):
        return _apply_chain(G.contiguous(), ctx.change, not ctx.transposed), None, None

    @staticmethod
    def jvp(ctx, dZ, *_):
        return ctx.change._run(dZ, ctx.transposed, plain=True)


def _apply_chain(Z, change, transposed):
    """``Q Z`` or ``Qᵀ Z`` inside a backward: straight through the compiled chain, or through
    the autograd Function when the backward itself is being recorded (``create_graph``)."""
    if torch.is_grad_enabled() and Z.requires_grad:
        return _ChangeFn.apply(Z, change, transposed)
    return change._run(Z, transposed)


class FactoredChange(MasterBuffers):
    """A change of basis ``Q`` (``inverse=False``) or ``Q⁻¹`` of an exact decomposition,
    applied to columns ``Z (n, m)``: dense, or factorised through a tensor product ``H ⊗ L``
    as ``Q = (Q_H ⊗ Q_L) C``, ``Q⁻¹ = C⁻¹ (Q_H⁻¹ ⊗ Q_L⁻¹)`` with ``C`` permuted
    block-diagonal (recursively in ``H``; the depth is chosen by a cost model).  A factorised
    change compiles its recursion into one flat chain of gathers and block products
    (:meth:`compile`, called by :func:`build_change`).

    >>> import torch, symequiv as se
    >>> from symequiv.nn.schur import SchurApply
    >>> V = se.V(se.SO(3))
    >>> S = SchurApply(se.equivariant_basis(V ** 5, V ** 5), torch.float64, V ** 5, V ** 5)
    >>> S.change_in.head.n                       # Q⁻¹ of V⁵ through Q⁻¹ of V⁴ (and C⁻¹)
    81
    >>> bool(torch.allclose(S.change_in(torch.eye(243, dtype=torch.float64)), S.Q_in_inv))
    True
    """

    def __init__(self, dense, dtype, factor=None, inverse=False, n=None):
        super().__init__()
        self.n = dense.shape[0] if dense is not None else n
        self.inverse = inverse
        self.head = self.stage = None
        self._last_identity = True
        self._ops = None
        self._resolved = None
        self._dtype = dtype
        if factor is not None:
            head, last, stage, n_last = factor
            self.head, self.stage, self.n_last = head, stage, n_last
            self._last_identity = last is None
            self._last = last
        else:
            self.register_master("M", dense, dtype)

    def macs(self, m):
        """Estimated multiply-adds (operations counted at :data:`OP_COST`) for ``m`` columns."""
        if self.head is None:
            return self.n * self.n * m + OP_COST
        c = self.head.macs(self.n_last * m) + self.stage.macs(m) + self.stage.num_ops * OP_COST
        if not self._last_identity:
            c += self.n_last * self.n * m + OP_COST
        return c

    # --- the flat chain ------------------------------------------------------------------------
    def _flatten(self, w):
        """The operations applying this change to the rows of width ``w`` of the full space."""
        if self.head is None:
            return [("leaf", self._masters["M"], self.n)]
        st = []
        pos = 0
        gin, gout, groups = [], [], []
        for idx_in, idx_out, M in self.stage.groups:
            c, d = idx_in.shape
            gin.append(idx_in.T.reshape(-1))              # block coordinate major: (d, c)
            gout.append(idx_out.T.reshape(-1))
            groups.append((pos * w, d, c * w, M))
            pos += c * d
        gin, gout = np.concatenate(gin), np.concatenate(gout)
        where = np.empty_like(gout)
        where[gout] = np.arange(gout.size)
        st = [("gather", _expand(gin, w)), ("groups", groups), ("gather", _expand(where, w))]
        last = [] if self._last_identity else [("mid", np.asarray(self._last, dtype=np.float64), self.n_last, w)]
        head = self.head._flatten(w * self.n_last)
        return last + head + st if self.inverse else st + last + head

    def compile(self):
        """Flatten the recursion into :attr:`_ops` (and the transposed chain), registering the
        block matrices as float64 masters of this module."""
        if self.head is None:
            return self
        ops = _compose(self._flatten(1))
        self._ops = (self._register(ops, "f"), self._register(_transpose(ops), "t"))
        return self

    def _register(self, ops, tag):
        out = []
        for k, op in enumerate(ops):
            name = f"{tag}{k}"
            if op[0] == "gather":
                self.register_buffer(name, torch.as_tensor(op[1]), persistent=False)
                out.append(("gather", name))
            elif op[0] == "groups":
                names = []
                for g, (s, d, r, M) in enumerate(op[1]):
                    self.register_master(f"{name}_{g}", M, self._dtype)
                    names.append((s, d, r, f"{name}_{g}"))
                out.append(("groups", names))
            else:
                self.register_master(name, op[1], self._dtype)
                out.append((op[0], name) + tuple(op[2:]))
        return out

    def _resolve(self):
        """The chains with their tensors looked up (once per device / dtype: :meth:`_apply`
        drops them; a replica whose buffers were swapped in place, as DataParallel makes, is
        caught by the identity check of the first one), so a call does one attribute lookup."""
        probe = self._ops[0][0][1] if self._ops[0][0][0] != "groups" else self._ops[0][0][1][0][3]
        if tracing():
            # torch.compile / torch.export trace with their own stand-ins for the buffers: look
            # them up afresh and store nothing (export rejects tensor attributes set while tracing)
            return self._lookup(probe)
        if self._resolved is not None and self._resolved[2] is not self._buffers[probe]:
            self._resolved = None
        if self._resolved is None:
            self._resolved = self._lookup(probe)
        return self._resolved

    def _lookup(self, probe):
        def res(ops):
            out = []
            for op in ops:
                if op[0] == "groups":
                    out.append(("groups", [(s, d, r, getattr(self, nm)) for s, d, r, nm in op[1]]))
                else:
                    out.append((op[0], getattr(self, op[1])) + tuple(op[2:]))
            return out
        return (res(self._ops[0]), res(self._ops[1]), self._buffers[probe])

    def _apply(self, fn, *args, **kwargs):
        self._resolved = None
        return super()._apply(fn, *args, **kwargs)

    def _run(self, Z, transposed, plain=False):
        """Apply the compiled chain (or its transpose) to ``Z (n, m)``.  The block products
        write straight into one output buffer (``out=``: no autograd); ``plain`` concatenates
        instead, so that autograd and ``torch.compile`` can trace the chain op by op."""
        m = Z.shape[1]
        if m == 0:                                   # an empty batch (reshape(-1, 0) is ambiguous)
            return torch.zeros_like(Z)
        for op in self._resolve()[1 if transposed else 0]:
            kind = op[0]
            if kind == "gather":
                Z = Z.index_select(0, op[1])
            elif kind == "groups":
                if not Z.is_contiguous():
                    Z = Z.contiguous()
                try:
                    if plain:
                        raise NotImplementedError
                    out = torch.empty_like(Z)
                    for s, d, r, M in op[1]:
                        e = s + d * r
                        torch.mm(M, Z[s:e].view(d, r * m), out=out[s:e].view(d, r * m))
                except NotImplementedError:          # plain, or forward-mode AD: no out=
                    out = torch.cat([torch.mm(M, Z[s:s + d * r].view(d, r * m)).view(d * r, m)
                                     for s, d, r, M in op[1]], 0)
                Z = out
            elif kind == "leaf":
                M = op[1]
                Z = torch.mm(M, Z.reshape(M.shape[1], -1)).reshape(-1, m)
            else:                                          # mid: L on the middle axis
                _, L, nl, w = op
                Z = torch.matmul(L, Z.reshape(-1, nl, w * m)).reshape(-1, m)
        return Z

    def forward(self, Z):
        if self._ops is None:
            if self.head is None:
                return torch.matmul(self.M, Z)
            self.compile()
        if tracing() or transforms_active():
            # traced op by op (no custom jvp there); forward-mode AD and torch.func transforms
            # (vmap, jacfwd) have no rule for products written with out=
            return self._run(Z, False, plain=True)
        if torch.is_grad_enabled() and Z.requires_grad:
            return _ChangeFn.apply(Z, self)
        return self._run(Z, False)


# --- building the factorisations from the decomposition's own recursion ---------------------------

def _np(M):
    return linalg.to_numpy(M)


def _tensor_factor(rep, d, types, memo):
    """``(head rep, head _Dec, last _Dec, C groups, C⁻¹ groups)`` replaying how
    :func:`symequiv.schur.decomposition._tensor` assembled ``d`` from its factors, or None."""
    from ..reps.core import ProductRep
    if not isinstance(rep, ProductRep) or len(rep.factors()) < 2:
        return None
    fac = rep.factors()
    head = fac[0]
    for f in fac[1:-1]:
        head = head * f
    dh, dl = memo.get(head.key()), memo.get(fac[-1].key())
    if dh is None or dl is None:
        return None
    nl = dl.Q.shape[0]
    from ..schur.decomposition import copy_pairs
    cols = {}                 # type j -> [(kron rows, cg columns, cg rows)] in assembly order
    for s, us, oa, t, ut, ob in copy_pairs(dh, dl, types):
        cg = types.products.get((s, t))
        if cg is None:
            return None
        rows = [(oa + a) * nl + ob + b for a in range(us) for b in range(ut)]
        off = 0
        for j, cj in cg.blocks:
            uj = types.types[j][2]
            for _ in range(cj):
                cols.setdefault(j, []).append((rows, (s, t), off, uj))
                off += uj
    # columns of Q in order: type, then assembly order; group by the (s, t) pair block
    pos = 0
    pairs = {}                # (s, t, first row) -> [type coordinates of the block's columns]
    for j in sorted(cols):
        for rows, st, off, uj in cols[j]:
            pairs.setdefault((st, rows[0]), (rows, [None] * len(rows)))
            slot = pairs[(st, rows[0])][1]
            slot[off:off + uj] = range(pos, pos + uj)
            pos += uj
    fwd = {}
    for (st, _), (rows, tcoords) in pairs.items():
        if None in tcoords:
            return None
        fwd.setdefault(st, ([], []))
        fwd[st][0].append(tcoords)
        fwd[st][1].append(rows)
    groups_c, groups_ci = [], []
    for st, (tc, kr) in fwd.items():
        cg = types.products[st]
        groups_c.append((tc, kr, _np(cg.Q)))           # C: type coordinates -> kron coordinates
        groups_ci.append((kr, tc, _np(cg.Qinv)))       # C⁻¹: kron coordinates -> type coordinates
    return head, dh, dl, groups_c, groups_ci


def _build(rep, d, types, memo, dtype, inverse, m):
    n = d.Q.shape[0]
    dense_cost = n * n * m + OP_COST
    f = _tensor_factor(rep, d, types, memo)
    if f is not None:
        head, dh, dl, groups_c, groups_ci = f
        nl = dl.Q.shape[0]
        stage = _GroupedBlocks(groups_ci if inverse else groups_c, n)
        sub = _build(head, dh, types, memo, dtype, inverse, m * nl)
        Lm = _np(dl.Qinv if inverse else dl.Q)
        last = None if np.array_equal(Lm, np.eye(nl)) else Lm
        cand = FactoredChange(None, dtype, factor=(sub, last, stage, nl), inverse=inverse, n=n)
        if cand.macs(m) < dense_cost:
            return cand
    return FactoredChange(_np(d.Qinv if inverse else d.Q), dtype, inverse=inverse)


def build_change(rep, d, types, memo, dtype, inverse, m=NOMINAL_BATCH):
    """The cheaper (by :meth:`FactoredChange.macs`) of the dense and the factorised change of
    basis of the decomposition ``d`` of ``rep``, compiled (dense float64 images are formed only
    for the dense pieces chosen; the caller checks the result against the exact matrix)."""
    return _build(rep, d, types, memo, dtype, inverse, m).compile()
