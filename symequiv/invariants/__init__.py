"""Invariant theory on top of the representations (started): the Molien series.

>>> import symequiv as se
>>> se.molien_series(se.V(se.S(3))).series(n=7)      # e_1, e_2, e_3 generate: partitions into 1, 2, 3
1 + t + 2*t**2 + 3*t**3 + 4*t**4 + 5*t**5 + 7*t**6 + O(t**7)
"""

from .molien import molien_series

__all__ = ["molien_series"]
