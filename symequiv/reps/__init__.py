"""Representations and their algebra."""

from .core import Rep, Scalar, V, T, SumRep, ProductRep, DualRep, DefiningRep, ScalarRep, RestrictedRep, Restrict
from .checks import common_group

__all__ = ["Rep", "Scalar", "V", "T", "SumRep", "ProductRep", "DualRep", "DefiningRep", "ScalarRep",
           "RestrictedRep", "Restrict", "common_group"]
