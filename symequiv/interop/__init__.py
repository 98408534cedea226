"""Interoperability with other equivariance libraries.

* :mod:`symequiv.interop.e3nn` -- e3nn's irreps (``"2x0e + 1x1o + 1x2e"``) as exact
  representations of O(3) / SO(3) in e3nn's own basis.  e3nn itself is not needed.

>>> from symequiv.interop import e3nn
>>> e3nn.rep("1x1o").size
3
"""

from . import e3nn  # noqa: F401  (pure symequiv: does not import the e3nn package)

__all__ = ["e3nn"]
