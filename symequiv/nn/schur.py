"""Applying a Schur-form basis: change of basis, block products, change of basis back.

For coefficients ``w`` of a :class:`~symequiv.basis.Basis` in Schur form, the map is
``Q_out (⊕_i X_i) Q_in⁻¹`` with ``X_i = Σ w[i, a, c, j] E_{ac} ⊗ φ_j``; it is applied to
``x`` as ``Q_out · blocks · (Q_in⁻¹ x)`` without forming the ``n_out x n_in`` weight, let
alone the dense basis (SO(3) V⁶ → V⁶: 4213 coefficients, two 729 x 729 matrices).

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> S = SchurApply(se.equivariant_basis(V ** 5, V ** 5))
>>> S(torch.randn(603), torch.randn(2, 243)).shape
torch.Size([2, 243])
"""

import numpy as np
import torch

from .. import linalg
from .masters import MasterBuffers

__all__ = ["SchurApply", "schur_row_norm2"]


class SchurApply(MasterBuffers):
    """``forward(coeffs, x)``: the map with coefficients ``coeffs (..., dim)`` applied to
    ``x (..., n_in)`` (leading dimensions broadcast).  ``matrix(coeffs)`` gives the dense
    ``(n_out, n_in)`` map, ``maps(coeffs)`` the batch ``(..., n_out, n_in)``."""

    def __init__(self, basis, dtype=None):
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
        for k, b in enumerate(F.blocks):
            u = b.dim
            idx_in = torch.tensor([o + t for o in b.in_offsets for t in range(u)], dtype=torch.long)
            idx_out = torch.tensor([o + t for o in b.out_offsets for t in range(u)], dtype=torch.long)
            self.register_buffer(f"in{k}", idx_in, persistent=False)
            self.register_buffer(f"out{k}", idx_out, persistent=False)
            as_t(f"end{k}", list(b.end))
            self._shape.append((len(b.out_offsets), len(b.in_offsets), len(b.end), u))

    def forward(self, coeffs, x):
        z = x @ self.Q_in_inv.t()
        lead = torch.broadcast_shapes(coeffs.shape[:-1], x.shape[:-1])
        y = z.new_zeros(*lead, self.n_out)
        cl = coeffs.shape[:-1]
        off = 0
        for k, (mo, mi, e, u) in enumerate(self._shape):
            W = coeffs[..., off:off + mo * mi * e].reshape(*cl, mo, mi, e)
            off += mo * mi * e
            zb = z.index_select(-1, getattr(self, f"in{k}")).reshape(*z.shape[:-1], mi, u)
            if e == 1:
                yb = torch.einsum("...ac,...cu->...au", W[..., 0], zb)
            else:
                pz = torch.einsum("juv,...cv->...jcu", getattr(self, f"end{k}"), zb)
                yb = torch.einsum("...acj,...jcu->...au", W, pz)
            y = y.index_copy(-1, getattr(self, f"out{k}"), yb.reshape(*lead, mo * u))
        return y @ self.Q_out.t()

    def maps(self, coeffs):
        """The maps ``(..., n_out, n_in)`` for coefficients ``(..., dim)``: the small blocks are
        placed in the decomposed coordinates, then ``Q_out X Q_in⁻¹`` (no dense basis)."""
        lead = coeffs.shape[:-1]
        X = coeffs.new_zeros(*lead, self.n_out, self.n_in)
        off = 0
        for k, (mo, mi, e, u) in enumerate(self._shape):
            W = coeffs[..., off:off + mo * mi * e].reshape(*lead, mo, mi, e)
            off += mo * mi * e
            blk = torch.einsum("...acj,juv->...aucv", W, getattr(self, f"end{k}"))
            rows, cols = getattr(self, f"out{k}"), getattr(self, f"in{k}")
            X[..., rows[:, None], cols[None, :]] = blk.reshape(*lead, mo * u, mi * u)
        return self.Q_out @ X @ self.Q_in_inv

    def matrix(self, coeffs):
        """Dense ``(n_out, n_in)`` map."""
        eye = torch.eye(self.n_in, dtype=self.Q_out.dtype, device=self.Q_out.device)
        return self.forward(coeffs, eye).t()


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
