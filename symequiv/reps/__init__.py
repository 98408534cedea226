"""Representations and their algebra."""

from .core import Rep, Scalar, V, T, SumRep, ProductRep, DualRep, DefiningRep, ScalarRep, RestrictedRep, Restrict

__all__ = ["Rep", "Scalar", "V", "T", "SumRep", "ProductRep", "DualRep", "DefiningRep", "ScalarRep",
           "RestrictedRep", "Restrict"]
