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

__all__ = ["check_features", "check_tail"]


def check_features(x, size, where, what="input"):
    """Refuse ``x`` unless its last axis has ``size`` entries."""
    if x.dim() < 1 or x.shape[-1] != size:
        raise InvalidArgumentError(
            f"{where}: expected {what} of shape (..., {size}), got {tuple(x.shape)}.")


def check_tail(x, tail, where):
    """Refuse ``x`` unless its last axes are exactly ``tail`` (channels, then tensor axes).

    >>> import torch
    >>> check_tail(torch.zeros(5, 2, 3, 3), (2, 3, 3), "layer")
    """
    t = len(tail)
    if x.dim() < t or tuple(x.shape[x.dim() - t:]) != tuple(tail):
        raise InvalidArgumentError(
            f"{where}: expected input of shape (..., {', '.join(map(str, tail))}), got "
            f"{tuple(x.shape)}.")
