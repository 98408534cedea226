"""Shape checks of layer inputs: a wrong size is refused with a typed error instead of being
broadcast or having its extra features silently ignored.

>>> import torch
>>> check_features(torch.zeros(2, 3), 3, "layer")
>>> try:
...     check_features(torch.zeros(2, 4), 3, "layer")
... except ValueError as e:
...     print(e)
layer: expected input of shape (..., 3), got (2, 4).
"""

from ..errors import InvalidArgumentError

__all__ = ["check_features", "check_tail", "check_int", "check_tensor", "check_like",
           "typed_forward"]


def check_tensor(x, where):
    """Refuse anything but a torch tensor (a numpy array or a list would fail deep inside with
    an AttributeError; converting it here would pick a dtype and device silently).

    >>> try:
    ...     check_tensor([0.0, 1.0], "layer")
    ... except ValueError as e:
    ...     print(str(e)[:57])
    layer: expected a torch.Tensor, got list. Convert it with
    """
    import torch
    if not isinstance(x, torch.Tensor):
        raise InvalidArgumentError(
            f"{where}: expected a torch.Tensor, got {type(x).__name__}. Convert it with "
            f"torch.as_tensor(x, dtype=..., device=...) in the layer's dtype and on its device.")


def check_int(name, value, minimum, where):
    """``value`` as an int, refusing bools, floats and values below ``minimum``.

    >>> check_int("k", 2, 0, "layer")
    2
    >>> try:
    ...     check_int("k", 1.5, 0, "layer")
    ... except ValueError as e:
    ...     print(e)
    layer: k must be an int >= 0, got 1.5.
    """
    import numbers
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InvalidArgumentError(f"{where}: {name} must be an int >= {minimum}, got {value!r}.")
    return int(value)


def check_dtype(dtype, where, complex_ok=True):
    """``dtype`` if it is None or a floating (or, where allowed, complex) ``torch.dtype``: an
    integer dtype, a string or a numpy type would fail later inside torch.

    >>> import torch
    >>> check_dtype(torch.float64, "layer")
    torch.float64
    >>> try:
    ...     check_dtype("float64", "layer", complex_ok=False)
    ... except ValueError as e:
    ...     print(str(e)[:58])
    layer: dtype must be a floating torch dtype such as torch.
    """
    import torch
    if dtype is None:
        return None
    if not isinstance(dtype, torch.dtype) or not (dtype.is_floating_point
                                                   or (complex_ok and dtype.is_complex)):
        kinds = "floating (or complex)" if complex_ok else "floating"
        raise InvalidArgumentError(
            f"{where}: dtype must be a {kinds} torch dtype such as torch.float32 or "
            f"torch.float64, got {dtype!r}.")
    return dtype


def check_callable(name, value, where):
    """``value`` if it can be called (an activation such as ``torch.relu``, not ``"relu"``).

    >>> check_callable("act", abs, "layer") is abs
    True
    """
    if not callable(value):
        raise InvalidArgumentError(
            f"{where}: {name} must be a function such as torch.nn.functional.silu, got {value!r}.")
    return value


def check_bool(name, value, where):
    """``value`` if it is a bool (a string such as ``"no"`` would be taken as True).

    >>> check_bool("bias", False, "layer")
    False
    """
    import numpy as np
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidArgumentError(f"{where}: {name} must be True or False, got {value!r}.")
    return bool(value)


def check_features(x, size, where, what="input"):
    """Refuse ``x`` unless it is a tensor whose last axis has ``size`` entries."""
    check_tensor(x, where)
    if x.dim() < 1 or x.shape[-1] != size:
        raise InvalidArgumentError(
            f"{where}: expected {what} of shape (..., {size}), got {tuple(x.shape)}.")


def check_tail(x, tail, where):
    """Refuse ``x`` unless its last axes are exactly ``tail`` (channels, then tensor axes).

    >>> import torch
    >>> check_tail(torch.zeros(5, 2, 3, 3), (2, 3, 3), "layer")
    """
    check_tensor(x, where)
    t = len(tail)
    if x.dim() < t or tuple(x.shape[x.dim() - t:]) != tuple(tail):
        raise InvalidArgumentError(
            f"{where}: expected input of shape (..., {', '.join(map(str, tail))}), got "
            f"{tuple(x.shape)}.")


def check_like(x, ref, where, what="input"):
    """Refuse the tensor ``x`` unless it has the dtype (or, for a complex ``ref``, the real dtype
    of the same precision) and the device of ``ref``, a tensor of the layer.

    >>> import torch
    >>> try:
    ...     check_like(torch.zeros(2, dtype=torch.float64), torch.zeros(2), "layer")
    ... except ValueError as e:
    ...     print(str(e)[:62])
    layer: a torch.float64 input on cpu for a torch.float32 layer
    """
    if x.dtype not in (ref.dtype, ref.dtype.to_real()) or x.device != ref.device:
        raise InvalidArgumentError(
            f"{where}: a {x.dtype} {what} on {x.device} for a {ref.dtype} layer on {ref.device}; "
            f"move one of them (x.to(...) or layer.to(...)).")


def _reference(module):
    """The module's first floating (or complex) parameter or buffer, or None."""
    for t in list(module.parameters()) + list(module.buffers()):
        if t is not None and (t.is_floating_point() or t.is_complex()):
            return t
    return None


def typed_forward(where):
    """Decorator of a layer method whose tensor arguments meet the layer's tensors: when torch
    raises a ``RuntimeError`` inside it, each tensor argument is compared with the layer's
    dtype and device (:func:`check_like`), so that a mismatch is reported as such, typed; any
    other error propagates unchanged.  Checked only on failure: the call itself pays nothing.
    """
    import functools

    def wrap(method):
        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RuntimeError:
                import torch
                ref = _reference(self)
                if ref is not None:
                    for a in list(args) + list(kwargs.values()):
                        if isinstance(a, torch.Tensor):
                            check_like(a, ref, where)
                raise
        return checked
    return wrap
