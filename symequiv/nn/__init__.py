"""PyTorch layers on exact bases (this subpackage imports torch; the exact core does not)."""

from .linear_equiv import LinearEquiv
from .partition import PartitionLinear
from .diagram import DiagramLinear
from .linear import EquivariantLinear, BasisExpansion
from .nonlinear import gated, GatedNonlinearity, NormNonlinearity, PointwiseNonlinearity
from .bilinear import EquivariantBilinear
from .emlp import uniform_rep, EMLPBlock, EMLP, coupling_graph
from .polynomial import InvariantFeatures, PolynomialEquivariant

__all__ = ["InvariantFeatures", "PolynomialEquivariant", "LinearEquiv", "PartitionLinear", "DiagramLinear", "EquivariantLinear", "BasisExpansion", "gated",
           "GatedNonlinearity", "NormNonlinearity", "PointwiseNonlinearity", "EquivariantBilinear",
           "uniform_rep", "EMLPBlock", "EMLP", "coupling_graph"]
