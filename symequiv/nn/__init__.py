"""PyTorch layers on exact bases (this subpackage imports torch; the exact core does not)."""

from .linear_equiv import LinearEquiv
from .partition import PartitionLinear

__all__ = ["LinearEquiv", "PartitionLinear"]
