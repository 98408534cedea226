"""Calling a user's function on a batch, whatever it is written in.

:func:`caller` turns ``fn`` into a function from a float64 numpy batch ``(batch, n_in)`` to a
float64 numpy batch ``(batch, n_out)``, and picks the tolerance from the precision that was
actually used:

* an ``nn.Module`` gets a torch tensor on the module's own device, in the module's own
  floating dtype (``dtype=`` overrides);
* any other callable, when torch is installed, first gets a torch tensor (``dtype``, default
  float64); only if that raises ``TypeError`` or ``AttributeError`` (a numpy-only function)
  does it get the numpy array instead.  ``framework="torch" | "numpy" | "jax"`` skips the
  guess;
* ``framework="jax"`` gives a ``jax.numpy`` array (float64 if ``jax_enable_x64`` is on).

Tolerances (:data:`TOLERANCES`) are relative to the largest entry of the same summand of the
output rep (see :func:`~symequiv.testing.equivariance.noise_floor`) and follow the lower of
the input and output precisions: float64 1e-10, float32 1e-4, float16 1e-2, bfloat16 5e-2.

>>> import numpy as np
>>> c = caller(lambda x: 2 * x, np.ones((2, 3)))
>>> c.framework in ("torch", "numpy"), c.precision, c(np.ones((1, 3))).tolist()
(True, 'float64', [[2.0, 2.0, 2.0]])
"""

import numpy as np

from ..errors import InvalidArgumentError

__all__ = ["TOLERANCES", "caller", "Caller"]

#: Default relative tolerance of a float check, by the precision used.
TOLERANCES = {"float64": 1e-10, "float32": 1e-4, "float16": 1e-2, "bfloat16": 5e-2}
_RANK = ["float64", "float32", "bfloat16", "float16"]
FRAMEWORKS = ("torch", "numpy", "jax")


def _torch():
    try:
        import torch
        return torch
    except ImportError:               # pragma: no cover (torch is in the test extra)
        return None


def _precision(dtype):
    """'float64', 'float32', ... for a numpy, torch or JAX dtype (complex: its real part)."""
    if isinstance(dtype, type):                       # np.float32 (a scalar type)
        dtype = np.dtype(dtype)
    name = str(dtype).replace("torch.", "")
    name = {"complex128": "float64", "complex64": "float32", "double": "float64",
            "float": "float32", "half": "float16"}.get(name, name)
    if name not in TOLERANCES:
        raise InvalidArgumentError(f"dtype {dtype} is not a floating dtype; use float64, float32, "
                                   f"float16 or bfloat16.")
    return name


def _lower(a, b):
    return a if _RANK.index(a) >= _RANK.index(b) else b


class Caller:
    """``fn`` adapted to float64 numpy batches; see the module docstring.

    Attributes
    ----------
    framework : str
        ``"torch"``, ``"numpy"`` or ``"jax"``.
    precision : str
        The lower of the input and output precisions seen so far (``"float64"``, ...).
    """

    def __init__(self, fn, framework, dtype, device=None):
        self.fn, self.framework, self.device = fn, framework, device
        self.dtype = dtype
        self.precision = _precision(dtype)

    def _convert_in(self, x):
        cplx = np.iscomplexobj(x)        # complex reps: complex inputs, never cut to real
        if self.framework == "torch":
            torch = _torch()
            dt = self.dtype if isinstance(self.dtype, torch.dtype) else getattr(torch, self.precision)
            if cplx and not dt.is_complex:
                dt = torch.complex128 if dt == torch.float64 else torch.complex64
            return torch.as_tensor(x, dtype=dt, device=self.device)
        if self.framework == "jax":
            import jax.numpy as jnp
            dt = self.dtype
            if cplx and not jnp.issubdtype(dt, jnp.complexfloating):
                dt = jnp.complex128 if jnp.dtype(dt) == jnp.float64 else jnp.complex64
            return jnp.asarray(x, dtype=dt)
        dt = np.dtype(self.dtype)
        if cplx and dt.kind != "c":
            dt = np.dtype(np.complex128 if dt == np.float64 else np.complex64)
        return np.asarray(x, dtype=dt)

    def _convert_out(self, y):
        torch = _torch()
        if torch is not None and isinstance(y, torch.Tensor):
            self.precision = _lower(self.precision, _precision(y.dtype))
            y = y.detach().cpu().resolve_conj().resolve_neg()
            y = y.to(torch.complex128 if y.is_complex() else torch.float64).numpy()
        else:
            y = np.asarray(y)
            if y.dtype.kind in "fc":
                self.precision = _lower(self.precision, _precision(y.dtype))
            y = y.astype(np.complex128 if y.dtype.kind == "c" else np.float64)
        return y

    def __call__(self, x):
        return self._convert_out(self.fn(self._convert_in(x)))


def _module_dtype(module):
    for t in list(module.parameters()) + list(module.buffers()):
        if t.is_floating_point() or t.is_complex():
            return t.dtype, t.device
    return None, None


def _np_dtype(dtype):
    """numpy dtype of the same precision as a numpy or torch ``dtype`` (default float64)."""
    if dtype is None:
        return np.dtype(np.float64)
    name = _precision(dtype)
    if name == "bfloat16":
        raise InvalidArgumentError("numpy has no bfloat16; use framework='torch' for it.")
    return np.dtype(name)


def caller(fn, probe, framework=None, dtype=None):
    """A :class:`Caller` for ``fn``, trying torch then numpy on the batch ``probe`` when
    ``framework`` is not given (see the module docstring).

    Raises
    ------
    InvalidArgumentError
        If ``fn`` is not callable, ``framework`` is unknown, or ``fn`` fails on both a torch
        tensor and a numpy array (the message quotes both errors).
    """
    if not callable(fn):
        raise InvalidArgumentError(f"fn must be callable (a function, lambda or nn.Module), got "
                                   f"{type(fn).__name__}.")
    if framework is not None and framework not in FRAMEWORKS:
        raise InvalidArgumentError(f"framework must be one of {FRAMEWORKS} or None, got {framework!r}.")
    torch = _torch()
    if framework == "torch" or (framework is None and torch is not None
                                and isinstance(fn, torch.nn.Module)):
        if torch is None:                                        # pragma: no cover
            raise InvalidArgumentError("framework='torch' but torch is not installed.")
        dev = None
        if isinstance(fn, torch.nn.Module):
            mdt, dev = _module_dtype(fn)
            dtype = dtype or mdt
        return Caller(fn, "torch", dtype or torch.float64, dev)
    if framework == "jax":
        try:
            import jax
            import jax.numpy as jnp
        except ImportError:
            raise InvalidArgumentError("framework='jax' but JAX is not installed: pip install jax.") from None
        x64 = bool(getattr(jax.config, "jax_enable_x64", False))   # float32 unless x64 is on
        return Caller(fn, "jax", dtype or (jnp.float64 if x64 else jnp.float32))
    if framework == "numpy" or torch is None:
        return Caller(fn, "numpy", _np_dtype(dtype))
    c = Caller(fn, "torch", dtype or torch.float64)
    try:
        c(probe)
        return c
    except (TypeError, AttributeError) as e_torch:
        c = Caller(fn, "numpy", _np_dtype(dtype))
        try:
            c(probe)
        except Exception as e_np:
            raise InvalidArgumentError(
                f"fn failed on a torch tensor ({type(e_torch).__name__}: {e_torch}) and on a numpy "
                f"array ({type(e_np).__name__}: {e_np}); fix fn or pass framework='torch' / 'numpy' "
                f"to see the full traceback of one of them.") from e_np
        return c
