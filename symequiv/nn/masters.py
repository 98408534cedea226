"""float64 masters for the constant tensors that layers derive from exact bases.

A layer built in float32 holds its basis tensors rounded to float32.  ``.double()`` (or any
``.to(dtype)``) would only up-cast those rounded values, and the float64 layer would be
equivariant to float32 precision only (icosahedral V³ → V³: 2e-8 instead of 4e-16).  Every
floating constant a layer derives from an exact basis is therefore registered here with its
float64 image of the exact values (rounded once, from exact); whenever a move changes the
dtype the buffer is re-derived from that master, so a layer moved to float64 has exactly the
buffers of a layer built in float64 (device moves keep the moved tensor).

>>> import torch
>>> class Third(MasterBuffers):
...     def __init__(self):
...         super().__init__()
...         self.register_master("c", torch.tensor([1 / 3], dtype=torch.float64), torch.float32)
>>> m = Third().double()
>>> m.c.dtype, m.c.item() == 1 / 3
(torch.float64, True)
"""

import numpy as np
import torch

__all__ = ["MasterBuffers", "tracing", "transforms_active", "complex_target", "cast_complex"]


def tracing():
    """Whether torch.compile or torch.export is tracing the current call: modules then store
    nothing on themselves and take paths that do not depend on the batch size.

    >>> tracing()
    False
    """
    return hasattr(torch, "compiler") and torch.compiler.is_compiling()


def transforms_active():
    """Whether forward-mode AD (a dual level) or a torch.func transform (grad, vmap, jvp, ...)
    is active: cached tensors carry no tangents, and products written with ``out=`` have no
    rule there.

    >>> transforms_active()
    False
    """
    from torch.autograd import forward_ad
    if getattr(forward_ad, "_current_level", -1) >= 0:
        return True
    f = getattr(torch._C, "_are_functorch_transforms_active", None)
    return bool(f()) if f is not None else False


def complex_target(fn):
    """The complex dtype that the precision cast ``fn`` of a ``Module._apply`` asks for, or
    None: ``.double()`` and ``.float()`` touch floating tensors only, so complex layers would
    keep complex64 under ``.double()``.  Read off ``fn``'s action on two real probes (a device
    move or ``share_memory`` leaves their dtypes apart, a precision cast maps both to one)."""
    try:
        a = fn(torch.zeros((), dtype=torch.float32))
        b = fn(torch.zeros((), dtype=torch.float64))
    except Exception:                              # pragma: no cover - an exotic fn
        return None
    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)) or a.dtype != b.dtype:
        return None
    return {torch.float64: torch.complex128, torch.float32: torch.complex64}.get(a.dtype)


def cast_complex(module, fn):
    """After ``module._apply(fn)``: warn when ``fn`` is a real precision cast (``.double()``,
    ``.float()``) that leaves the module's complex tensors in another precision.  Torch's casts
    touch floating tensors only, and symequiv follows torch (a model mixing symequiv and torch
    complex layers keeps one dtype); the warning names the cast that does convert them."""
    target = complex_target(fn)
    if target is None:
        return
    tensors = list(module._parameters.values()) + list(module._buffers.values())
    if any(t is not None and t.is_complex() and t.dtype != target for t in tensors):
        import warnings
        warnings.warn(
            f"{type(module).__name__}: a real precision cast (.double() / .float()) leaves complex "
            f"tensors as they are, as torch does; this layer stays "
            f"{next(t.dtype for t in tensors if t is not None and t.is_complex())}. Use "
            f".to({target}) to change the precision of a complex layer.", stacklevel=4)


def _tensor(arr, dtype, device=None):
    """A tensor copy of the numpy master ``arr``; an empty one with contiguous strides (numpy's
    empty arrays come through ``as_tensor`` with stride 0, which ``torch.export.save`` cannot
    write: a DiagramLinear without diagrams failed to save)."""
    if arr.size == 0:
        return torch.empty(arr.shape, dtype=dtype, device=device)
    return torch.as_tensor(arr.copy(), dtype=dtype, device=device)


class MasterBuffers(torch.nn.Module):
    """A module whose floating buffers registered with :meth:`register_master` are re-derived
    from float64 masters whenever an ``_apply`` (``.to``, ``.double``, ``.float``, ``.half``,
    ...) changes their dtype; device moves keep the moved tensor.  Non-persistent: the masters
    come from the exact basis, not the state dict."""

    def __init__(self):
        super().__init__()
        self._masters = {}

    def register_master(self, name, value, dtype=None):
        """Register the buffer ``name`` holding ``value`` (float64 numpy array or tensor, the
        image of exact values) cast to ``dtype`` (default: torch's default dtype)."""
        arr = value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)
        arr = np.ascontiguousarray(arr, dtype=np.complex128 if np.iscomplexobj(arr) else np.float64)
        arr.setflags(write=False)
        self._masters[name] = arr
        self.register_buffer(name, _tensor(arr, dtype or torch.get_default_dtype()),
                             persistent=False)

    def master(self, name):
        """The float64 master of buffer ``name`` as a tensor on the buffer's device."""
        buf = getattr(self, name)
        arr = self._masters[name]
        kind = torch.complex128 if np.iscomplexobj(arr) else torch.float64
        return _tensor(arr, kind, buf.device)

    def _apply(self, fn, *args, **kwargs):
        before = {name: getattr(self, name).dtype for name in self._masters}
        out = super()._apply(fn, *args, **kwargs)
        cast_complex(self, fn)
        for name, arr in self._masters.items():
            buf = getattr(self, name)
            if buf is not None and np.iscomplexobj(arr) and buf.is_floating_point():
                from ..errors import InvalidArgumentError
                raise InvalidArgumentError(
                    f"{type(self).__name__}: a layer on complex reps was cast to the real dtype "
                    f"{buf.dtype}, which drops the imaginary parts of its exact basis. Use "
                    f".to(torch.complex128) (or complex64) for precision; for real weights build "
                    f"the layer on realified reps (rep.realify()).")
            # only a dtype change re-derives (device moves and share_memory() keep fn's result)
            if buf is not None and (buf.is_floating_point() or buf.is_complex()) and buf.dtype != before[name]:
                setattr(self, name, _tensor(arr, buf.dtype, buf.device))
        return out
