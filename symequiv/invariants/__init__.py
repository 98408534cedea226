"""Invariant theory on top of the representations: the Molien series (finite groups), invariant
polynomials and equivariant polynomial maps of each degree, fundamental invariants.

>>> import symequiv as se
>>> se.molien_series(se.V(se.S(3))).series(n=7)      # e_1, e_2, e_3 generate: partitions into 1, 2, 3
1 + t + 2*t**2 + 3*t**3 + 4*t**4 + 5*t**5 + 7*t**6 + O(t**7)
"""

from .molien import molien_series
from .polynomials import invariants, polynomial_maps, fundamental_invariants

__all__ = ["molien_series", "invariants", "polynomial_maps", "fundamental_invariants"]
