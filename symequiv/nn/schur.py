"""Applying a Schur-form basis: change of basis, block products, change of basis back.

For coefficients ``w`` of a :class:`~symequiv.basis.Basis` in Schur form, the map is
``Q_out (⊕_i X_i) Q_in⁻¹`` with ``X_i = Σ w[i, a, c, j] E_{ac} ⊗ φ_j``.  Two ways to apply it
to a batch ``x`` (:class:`SchurApply`):

* **blocks** -- ``Q_out · blocks · (Q_in⁻¹ x)`` without forming the ``n_out x n_in`` weight.
  The features are kept as columns (``(n, batch)``), so each irreducible's copies are one
  contiguous slice and each block is one small matrix product.  For a tensor product
  ``H ⊗ L`` the change of basis is factorised the way the decomposition built it,
  ``Q = (Q_H ⊗ Q_L) C`` with ``C`` a permuted block-diagonal of exact Clebsch-Gordan blocks
  (:class:`FactoredChange`), so SO(3)'s ``V⁶`` costs a 243 x 243 (or smaller) product on a
  reshaped batch plus small blocks instead of a dense 729 x 729 product;
* **materialised** -- ``W = Q_out X Q_in⁻¹`` once, then one dense product
  (:meth:`SchurApply.matrix`); cheaper for small ``n`` or large batches.

:meth:`SchurApply.costs` estimates both; :class:`~symequiv.nn.EquivariantLinear` picks the
cheaper one per forward and caches ``W`` in eval mode.

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> S = SchurApply(se.equivariant_basis(V ** 5, V ** 5))
>>> S(torch.randn(603), torch.randn(2, 243)).shape
torch.Size([2, 243])
"""

from typing import Any
import numpy as np
import torch

from .. import linalg
from .change import FactoredChange, OP_COST, build_change
from .masters import MasterBuffers

__all__ = ["SchurApply", "FactoredChange", "schur_row_norm2", "OP_COST"]

#: Schur layers with at most this many basis entries (n_out * n_in * dim) keep the maps as
#: one dense float64-derived matrix: forming the weight is then one matrix-vector product.
DENSE_BASIS_LIMIT = 1 << 20
#: The cost model's weight of a multiply-add in a small matrix product (a block, a stage of a
#: factorised change of basis) against one in a large dense product: the small products read
#: and write every row once per stage, so they run memory-bound and gain little from more
#: threads, while the dense product scales with them.  The weight is
#: ``SMALL_PRODUCTS * threads ** SMALL_PRODUCTS_EXPONENT``: measured on the development machine
#: (SO(3) V⁵ and V⁶ layers, batch 64-4096, idle) about 1.9 with one thread and 2.8 with two;
#: more threads are extrapolated by the power law.
SMALL_PRODUCTS = 1.9
SMALL_PRODUCTS_EXPONENT = 0.55
#: Replayed decompositions (see :meth:`SchurApply._changes`), keyed by the reps.
_REPLAYS: dict[Any, Any] = {}


class SchurApply(MasterBuffers):
    """``forward(coeffs, x)``: the map with coefficients ``coeffs (..., dim)`` applied to
    ``x (..., n_in)`` (leading dimensions broadcast).  ``matrix(coeffs)`` gives the dense
    ``(n_out, n_in)`` map, ``maps(coeffs)`` the batch ``(..., n_out, n_in)``.

    ``rep_in`` / ``rep_out`` (optional) let the change of basis be factorised through tensor
    products (see the module docstring); ``Q_out`` and ``Q_in_inv`` are kept dense as well, for
    the materialised path.

    >>> import torch, symequiv as se
    >>> V = se.V(se.SO(3))
    >>> S = SchurApply(se.equivariant_basis(V ** 5, V ** 5), torch.float64, V ** 5, V ** 5)
    >>> w, x = torch.randn(S.dim, dtype=torch.float64), torch.randn(4, 243, dtype=torch.float64)
    >>> bool(torch.allclose(S(w, x), x @ S.matrix(w).T))
    True
    """

    def __init__(self, basis, dtype=None, rep_in=None, rep_out=None):
        super().__init__()
        F = basis.schur
        if F is None:
            raise ValueError("SchurApply needs a Schur-form basis (basis.is_schur_form).")
        dtype = dtype or torch.get_default_dtype()
        self.n_in, self.n_out, self.dim = basis.n_in, basis.n_out, basis.dim
        # float64 images of the exact matrices: .double() / .to() re-derive the buffers from
        # these, so a layer built in float32 and moved to float64 is not stuck at float32 precision

        def as_t(name, M):
            arr = linalg.to_numpy(M) if not isinstance(M, list) else np.stack([linalg.to_numpy(E) for E in M])
            self.register_master(name, arr, dtype)

        as_t("Q_out", F.Q_out)
        as_t("Q_in_inv", F.Q_in_inv)
        self._shape = []
        self._spans_in, self._spans_out = [], []
        for k, b in enumerate(F.blocks):
            u = b.dim
            idx_in = [o + t for o in b.in_offsets for t in range(u)]
            idx_out = [o + t for o in b.out_offsets for t in range(u)]
            self.register_buffer(f"in{k}", torch.tensor(idx_in, dtype=torch.long), persistent=False)
            self.register_buffer(f"out{k}", torch.tensor(idx_out, dtype=torch.long), persistent=False)
            as_t(f"end{k}", list(b.end))
            self._shape.append((len(b.out_offsets), len(b.in_offsets), len(b.end), u))
            self._spans_in.append((idx_in[0], idx_in[-1] + 1) if idx_in == list(range(idx_in[0], idx_in[-1] + 1)) else None)
            self._spans_out.append((idx_out[0], idx_out[-1] + 1) if idx_out == list(range(idx_out[0], idx_out[-1] + 1)) else None)
        self._contiguous = all(s is not None for s in self._spans_in + self._spans_out)
        # output rows in slice order: blocks sorted by first output row, zero gaps in between
        self._out_order = sorted(range(len(self._shape)), key=lambda k: self._spans_out[k] or (0, 0))
        # the input rows cut into consecutive pieces (one per block, gaps between): one split,
        # whose backward is one concatenation (row slices would each scatter into zeros)
        self._in_split, self._in_piece = [], {}
        if all(s is not None for s in self._spans_in):
            row = 0
            for k in sorted(range(len(self._shape)), key=lambda k: self._spans_in[k]):
                a, b = self._spans_in[k]
                if a > row:
                    self._in_split.append(a - row)
                self._in_piece[k] = len(self._in_split)
                self._in_split.append(b - a)
                row = b
            if row < self.n_in:
                self._in_split.append(self.n_in - row)
        self.change_in = self.change_out = None
        if self._contiguous:
            self.change_in, self.change_out = self._changes(basis, F, rep_in, rep_out, dtype)
        # small layers: the maps themselves, (n_out * n_in, dim) float64 images, so that the
        # materialised weight is one product with the coefficients
        self._dense = self.n_out * self.n_in * self.dim <= DENSE_BASIS_LIMIT
        if self._dense:
            self.register_master("dense_basis", self._dense_basis64(), dtype)

    def __setstate__(self, state):
        super().__setstate__(state)
        c = self._buffers.get("orbit_colors")
        if c is not None and c.dim() == 1:        # pickled before the colours were 2-D
            self._buffers["orbit_colors"] = c.view(self.n_out, self.n_in)

    def use_orbits(self, colors):
        """Form the weight as a gather: when the same space has an orbit basis (entry ``p`` of
        every map is the value of its colour ``colors[p]``), ``W = (T w)[colors]`` with ``T``
        the dense maps' rows at one entry per colour.  Checked against the dense maps (float64,
        1e-12); returns whether the gather is used.

        >>> import numpy as np, torch, symequiv as se
        >>> R = se.Regular(se.C(4))
        >>> from symequiv.solve.schur import schur_form
        >>> S = SchurApply(se.Basis(R, R, "schur", schur=schur_form(R, R)), torch.float64)
        >>> S.use_orbits(se.equivariant_basis(R, R).colors)
        True
        """
        if not self._dense or colors is None or (np.asarray(colors) < 0).any():
            return False
        colors = np.asarray(colors, dtype=np.int64).reshape(-1)
        B = self._masters["dense_basis"]
        first = np.full(int(colors.max()) + 1, -1, dtype=np.int64)
        first[colors[::-1]] = np.arange(colors.size)[::-1]
        if (first < 0).any() or not np.allclose(B, B[first][colors], rtol=0, atol=1e-12):
            return False
        self.register_master("orbit_rows", B[first], self.dense_basis.dtype)
        self.register_buffer("orbit_colors", torch.tensor(colors).view(self.n_out, self.n_in), persistent=False)
        return True

    def _dense_basis64(self):
        """The maps of the basis in coefficient order, float64, as columns ``(n_out*n_in, dim)``."""
        Qo, Qi = self._masters["Q_out"], self._masters["Q_in_inv"]
        cols = []
        for k, (mo, mi, e, u) in enumerate(self._shape):
            rows = getattr(self, f"out{k}").cpu().numpy().reshape(mo, u)
            ins = getattr(self, f"in{k}").cpu().numpy().reshape(mi, u)
            E = self._masters[f"end{k}"]
            maps = np.einsum("paw,jwv,cvq->acjpq", Qo[:, rows], E, Qi[ins], optimize=True)
            cols.append(maps.reshape(mo * mi * e, self.n_out * self.n_in))
        return np.concatenate(cols, 0).T

    def _changes(self, basis, F, rep_in, rep_out, dtype):
        dense_in = FactoredChange(self._masters["Q_in_inv"], dtype, inverse=True)
        dense_out = FactoredChange(self._masters["Q_out"], dtype)
        if rep_in is None or rep_out is None:
            return dense_in, dense_out
        key = (rep_in.key(), rep_out.key())
        if key not in _REPLAYS:
            from ..schur.decomposition import _Types, _decompose
            G = rep_out.group or rep_in.group
            try:
                types, memo = _Types(G, reps=(rep_in, rep_out)), {}
                d_in = _decompose(rep_in, types, memo)        # the same steps as schur_form
                d_out = _decompose(rep_out, types, memo)
                ok = d_in.Qinv == F.Q_in_inv and d_out.Q == F.Q_out
            except Exception:                              # pragma: no cover - defensive
                ok = False
            if len(_REPLAYS) >= 8:
                _REPLAYS.pop(next(iter(_REPLAYS)))
            _REPLAYS[key] = (types, memo, d_in, d_out) if ok else None
        replay = _REPLAYS[key]
        if replay is None:
            return dense_in, dense_out
        types, memo, d_in, d_out = replay
        cin = build_change(rep_in, d_in, types, memo, dtype, True)
        cout = build_change(rep_out, d_out, types, memo, dtype, False)
        # the replayed assembly must reproduce the exact matrices (float64 images)
        for c, ref, name in ((cin, "Q_in_inv", "in"), (cout, "Q_out", "out")):
            if c.head is None:
                continue
            got = c.double()(torch.eye(c.n, dtype=torch.float64)).numpy()
            M = self._masters[ref]
            if not np.allclose(got, M, rtol=0, atol=1e-12 * max(1.0, np.abs(M).max())):
                if name == "in":
                    cin = dense_in
                else:
                    cout = dense_out
            else:
                c.to(dtype)
        return cin, cout

    # --- cost model --------------------------------------------------------------------------
    def costs(self, batch, threads=None):
        """Estimated cost of one forward+backward for ``batch`` rows, in multiply-adds of one
        large product: ``(blocks, materialised, cached)`` -- the block application, forming
        ``W`` and one dense product, and one dense product with a cached ``W``.  Small products
        (the blocks, the stages of a factorised change) weigh more, the more threads
        (``threads``, default ``torch.get_num_threads()``; see :data:`SMALL_PRODUCTS`)."""
        w = SMALL_PRODUCTS * (threads or torch.get_num_threads()) ** SMALL_PRODUCTS_EXPONENT
        per_row = sum(mo * mi * u for mo, mi, _, u in self._shape) * w
        n_ops = len(self._shape) * 2 * OP_COST
        dense = self.n_in * self.n_out * batch
        if self.change_in is not None:
            change = _change_cost(self.change_in, batch, w) + _change_cost(self.change_out, batch, w)
            build = per_row * self.n_in + _change_cost(self.change_out, self.n_in, w)
        else:
            change = (self.n_in ** 2 + self.n_out ** 2) * batch + 4 * OP_COST
            n_mid = sum(mo * u for mo, _, _, u in self._shape)
            build = self.n_out * n_mid * self.n_in + per_row * self.n_in
        if self._dense:
            build = self.n_out * self.n_in * (self.dim if "orbit_rows" not in self._masters else 1)
        apply_ = 2.5 * (change + per_row * batch) + n_ops
        mat = 2.5 * (dense + build) + n_ops + 4 * OP_COST
        return apply_, mat, 2.5 * dense + OP_COST

    # --- block application -------------------------------------------------------------------
    def forward(self, coeffs, x):
        if coeffs.dim() == 1 and self._contiguous and x.dim() >= 1:
            return self._forward_columns(coeffs, x)
        return self._forward_general(coeffs, x)

    def _block_weights(self, coeffs):
        off = 0
        for mo, mi, e, u in self._shape:
            W = coeffs[..., off:off + mo * mi * e].reshape(*coeffs.shape[:-1], mo, mi, e)
            off += mo * mi * e
            yield W

    def _forward_columns(self, coeffs, x):
        lead = x.shape[:-1]
        Z = x.reshape(-1, self.n_in).t()                    # features as columns (n_in, m)
        Y = self.change_out(self._blocks_on_columns(coeffs, self.change_in(Z)))
        return Y.t().reshape(*lead, self.n_out)

    def _blocks_on_columns(self, coeffs, Z):
        """``X Z`` for columns ``Z (n_in, m)`` in the decomposed coordinates of the input: one
        small product per block, the output rows assembled in order (zero rows in the gaps)."""
        m = Z.shape[1]
        pieces = Z.split(self._in_split, 0)
        parts, row = [], 0
        Ws = list(self._block_weights(coeffs))
        for k in self._out_order:
            mo, mi, e, u = self._shape[k]
            c, _ = self._spans_out[k]
            if c > row:
                parts.append(Z.new_zeros(c - row, m))
            zb = pieces[self._in_piece[k]]
            if e == 1:
                yb = torch.matmul(Ws[k][:, :, 0], zb.reshape(mi, u * m))
            else:
                pz = torch.einsum("juv,cvm->jcum", getattr(self, f"end{k}"), zb.reshape(mi, u, m))
                yb = torch.einsum("acj,jcum->aum", Ws[k], pz)
            parts.append(yb.reshape(mo * u, m))
            row = c + mo * u
        if row < self.n_out:
            parts.append(Z.new_zeros(self.n_out - row, m))
        return torch.cat(parts, 0) if len(parts) > 1 else parts[0]

    def _forward_general(self, coeffs, x):
        z = x @ self.Q_in_inv.t()
        lead = torch.broadcast_shapes(coeffs.shape[:-1], x.shape[:-1])
        y = z.new_zeros(*lead, self.n_out)
        for k, W in enumerate(self._block_weights(coeffs)):
            mo, mi, e, u = self._shape[k]
            zb = z.index_select(-1, getattr(self, f"in{k}")).reshape(*z.shape[:-1], mi, u)
            if e == 1:
                yb = torch.einsum("...ac,...cu->...au", W[..., 0], zb)
            else:
                pz = torch.einsum("juv,...cv->...jcu", getattr(self, f"end{k}"), zb)
                yb = torch.einsum("...acj,...jcu->...au", W, pz)
            y = y.index_copy(-1, getattr(self, f"out{k}"), yb.reshape(*lead, mo * u))
        return y @ self.Q_out.t()

    # --- materialised maps ----------------------------------------------------------------------
    def maps(self, coeffs):
        """The maps ``(..., n_out, n_in)`` for coefficients ``(..., dim)``: the small blocks are
        placed in the decomposed coordinates, then ``Q_out X Q_in⁻¹`` (no dense basis)."""
        lead = coeffs.shape[:-1]
        X = coeffs.new_zeros(*lead, self.n_out, self.n_in)
        for k, W in enumerate(self._block_weights(coeffs)):
            mo, mi, e, u = self._shape[k]
            blk = torch.einsum("...acj,juv->...aucv", W, getattr(self, f"end{k}"))
            rows, cols = getattr(self, f"out{k}"), getattr(self, f"in{k}")
            X[..., rows[:, None], cols[None, :]] = blk.reshape(*lead, mo * u, mi * u)
        return self.Q_out @ X @ self.Q_in_inv

    def matrix(self, coeffs):
        """Dense ``(n_out, n_in)`` map ``W = Q_out (X Q_in⁻¹)`` (the materialised path): the block
        products on the ``n_in`` columns of ``Q_in⁻¹``, then the output's change of basis on
        those columns -- the factorised chain where there is one, so forming ``W`` costs as
        much as the block application to a batch of ``n_in`` rows, not ``n_out n_mid n_in``."""
        if self._dense and coeffs.dim() == 1:
            if "orbit_rows" in self._masters:
                return torch.mv(self.orbit_rows, coeffs).take(self.orbit_colors)
            return torch.mv(self.dense_basis, coeffs).reshape(self.n_out, self.n_in)
        if coeffs.dim() != 1 or not self._contiguous:
            return self.maps(coeffs)
        if not self._shape:                       # Hom = 0: still a function of the coefficients
            return self.Q_out.new_zeros(self.n_out, self.n_in) * coeffs.sum()
        # W = Q_out (X Q_in⁻¹): the blocks on the columns of Q_in⁻¹, then the change of basis
        # of the output as for a batch of n_in columns (a factorised chain where there is one)
        return self.change_out(self._blocks_on_columns(coeffs, self.Q_in_inv))


def _change_cost(change, m, weight):
    """Cost of a change of basis on ``m`` columns: a dense one is one large product; the
    multiply-adds of a factorised one weigh ``weight`` (its per-operation costs do not)."""
    if change.head is None:
        return change.macs(m)
    fixed = change.macs(0)
    return (change.macs(m) - fixed) * weight + fixed


def schur_row_norm2(basis):
    """Mean over output rows of Σ_k ||row of map k||², without forming the maps: for the maps
    ``A_a φ_j B_c`` it is ``(1/n_out) Σ_j tr(G_A φ_j G_B φ_jᵀ)`` per block, with
    ``G_A = Σ_a A_aᵀ A_a`` and ``G_B = Σ_c B_c B_cᵀ`` (used for fan-in initialisation).

    >>> import symequiv as se
    >>> B = se.equivariant_basis(se.V(se.SO(3)) ** 5, se.V(se.SO(3)) ** 5)
    >>> bool(schur_row_norm2(B) > 0)
    True
    """
    F = basis.schur
    kind = np.float64 if linalg.is_real_field(F.domain) else np.complex128   # Hermitian over C
    Qo, Qi = linalg.to_numpy(F.Q_out, kind), linalg.to_numpy(F.Q_in_inv, kind)
    total = 0.0
    for b in F.blocks:
        u = b.dim
        GA = sum(Qo[:, o:o + u].conj().T @ Qo[:, o:o + u] for o in b.out_offsets)
        GB = sum(Qi[o:o + u, :] @ Qi[o:o + u, :].conj().T for o in b.in_offsets)
        for E in b.end:
            P = linalg.to_numpy(E, kind)
            total += float(np.trace(GA @ P @ GB @ P.conj().T).real)
    return total / basis.n_out
