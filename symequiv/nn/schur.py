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

from .. import exact

__all__ = ["SchurApply"]


class SchurApply(torch.nn.Module):
    """``forward(coeffs, x)``: the map with coefficients ``coeffs (dim,)`` applied to
    ``x (..., n_in)``.  ``matrix(coeffs)`` gives the dense ``(n_out, n_in)`` map."""

    def __init__(self, basis, dtype=None):
        super().__init__()
        F = basis.schur
        if F is None:
            raise ValueError("SchurApply needs a Schur-form basis (basis.is_schur_form).")
        dtype = dtype or torch.get_default_dtype()
        self.n_in, self.n_out, self.dim = basis.n_in, basis.n_out, basis.dim
        # float64 images of the exact matrices: .double() / .to() re-derive the buffers from
        # these, so a layer built in float32 and moved to float64 is not stuck at float32 precision
        self._master = {}

        def as_t(name, M):
            arr = exact.to_numpy(M) if not isinstance(M, list) else np.stack([exact.to_numpy(E) for E in M])
            self._master[name] = arr
            self.register_buffer(name, torch.as_tensor(arr, dtype=dtype), persistent=False)

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

    def _apply(self, fn, *args, **kwargs):
        out = super()._apply(fn, *args, **kwargs)
        for name, arr in self._master.items():
            buf = getattr(self, name)
            setattr(self, name, torch.as_tensor(arr, dtype=buf.dtype, device=buf.device))
        return out

    def forward(self, coeffs, x):
        lead = x.shape[:-1]
        z = x @ self.Q_in_inv.t()
        y = z.new_zeros(*lead, self.n_out)
        off = 0
        for k, (mo, mi, e, u) in enumerate(self._shape):
            W = coeffs[off:off + mo * mi * e].reshape(mo, mi, e)
            off += mo * mi * e
            zb = z.index_select(-1, getattr(self, f"in{k}")).reshape(*lead, mi, u)
            if e == 1:
                yb = torch.einsum("ac,...cu->...au", W[..., 0], zb)
            else:
                pz = torch.einsum("juv,...cv->...jcu", getattr(self, f"end{k}"), zb)
                yb = torch.einsum("acj,...jcu->...au", W, pz)
            y = y.index_copy(-1, getattr(self, f"out{k}"), yb.reshape(*lead, mo * u))
        return y @ self.Q_out.t()

    def matrix(self, coeffs):
        """Dense ``(n_out, n_in)`` map."""
        eye = torch.eye(self.n_in, dtype=self.Q_out.dtype, device=self.Q_out.device)
        return self.forward(coeffs, eye).t()
