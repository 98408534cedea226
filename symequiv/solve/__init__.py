"""The exact solver: ``equivariant_basis(rep_in, rep_out)``."""

from .dispatch import equivariant_basis, solve_block

__all__ = ["equivariant_basis", "solve_block"]
