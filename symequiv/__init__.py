"""symequiv: exact bases of equivariant linear maps, certified, exported to PyTorch.

The exact core (this package without ``symequiv.nn``) never imports torch or
matplotlib.

>>> import symequiv as se
>>> se.S(7).order()
5040
"""

from .errors import (SymequivError, NotExactError, InvalidGeneratorError, GroupMismatchError,
                     RepresentationError, ParseError, GroupTooLargeError, ProblemTooLargeError,
                     CacheError)
from .groups import (Group, ProductGroup, PermutationGroup, MatrixGroup, S, A, Z, SO, O, SO13,
                     O13, Lorentz, Sp, SL, GL, Trivial, Octahedral, FullOctahedral, Tetrahedral,
                     RubiksCube)
from .reps import Rep, Scalar, V, T
from .parse import group, rep
from .solve import equivariant_basis
from .basis import Basis

__version__ = "0.1.0"

__all__ = [
    "SymequivError", "NotExactError", "InvalidGeneratorError", "GroupMismatchError",
    "RepresentationError", "ParseError", "GroupTooLargeError", "ProblemTooLargeError",
    "CacheError", "Group", "ProductGroup", "PermutationGroup", "MatrixGroup", "S", "A", "Z", "SO",
    "O", "SO13", "O13", "Lorentz", "Sp", "SL", "GL", "Trivial", "Octahedral", "FullOctahedral",
    "Tetrahedral", "RubiksCube", "Rep", "Scalar", "V", "T", "group", "rep", "equivariant_basis", "Basis",
]
