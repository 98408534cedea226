"""symequiv: exact bases of equivariant linear maps, certified, exported to PyTorch.

The exact core (this package without ``symequiv.nn``) never imports torch or
matplotlib.

>>> import symequiv as se
>>> se.S(7).order()
5040
"""

from .errors import (SymequivError, NotExactError, InvalidGeneratorError, GroupMismatchError,
                     RepresentationError, ParseError, GroupTooLargeError, ProblemTooLargeError,
                     BudgetExceededError, CacheError, InvalidArgumentError,
                     ComplexificationWarning, SkippedBlocksWarning)
from .groups import (Group, ProductGroup, PermutationGroup, MatrixGroup, S, A, Z, SO, O, SO13,
                     O13, Lorentz, Sp, SL, GL, Trivial, Octahedral, FullOctahedral, Tetrahedral,
                     RubiksCube, C, D, Icosahedral, FullIcosahedral, IcosahedralFaces, SU, U,
                     SO13p, SO11p, O11, Cube, ZksZnxZn, Scaling, Embed, SO2eR3, O2eR3, DkeR3,
                     DirectProduct, AutomorphismGroup, WallpaperGroup)
from .reps import Rep, Scalar, V, T
from .parse import group, rep
from .solve import equivariant_basis
from .basis import Basis
from .reps.explicit import ExplicitRep, PermRep, Regular
from .schur import decompose, Decomposition
from .invariants import molien_series, invariants, polynomial_maps, fundamental_invariants
from .reps.irreps import irrep, irreps, irrep_embedding
from .reps.symmetric import Sym, Wedge
from .reps.restriction import Subgroup, point_stabilizer
from .reps.induced import Induced, Quotient
from .reps.finite_irreps import irreps_of
from .reps.specht_basis import specht_decomposition

__version__ = "0.1.0"

_LAZY = ("nn", "viz", "testing", "interop")


def __getattr__(name):
    # torch (symequiv.nn) and matplotlib (symequiv.viz) load only when first used
    if name in _LAZY:
        import importlib
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'symequiv' has no attribute {name!r}")

__all__ = [
    "SymequivError", "NotExactError", "InvalidGeneratorError", "GroupMismatchError",
    "RepresentationError", "ParseError", "GroupTooLargeError", "ProblemTooLargeError",
    "BudgetExceededError", "molien_series", "invariants", "polynomial_maps", "fundamental_invariants", "irrep", "irreps", "irrep_embedding", "Sym", "Wedge", "Subgroup", "point_stabilizer", "Induced", "Quotient", "irreps_of", "specht_decomposition", "CacheError", "InvalidArgumentError", "ComplexificationWarning", "SkippedBlocksWarning", "Group", "ProductGroup", "PermutationGroup", "MatrixGroup", "S", "A", "Z", "SO",
    "O", "SO13", "O13", "Lorentz", "Sp", "SL", "GL", "Trivial", "Octahedral", "FullOctahedral",
    "Tetrahedral", "RubiksCube", "C", "D", "Icosahedral", "FullIcosahedral", "IcosahedralFaces", "SU", "U", "SO13p", "SO11p", "O11", "Cube", "ZksZnxZn",
    "Scaling", "Embed", "SO2eR3", "O2eR3", "DkeR3", "DirectProduct", "AutomorphismGroup", "WallpaperGroup", "Rep", "Scalar", "V", "T", "group", "rep", "equivariant_basis", "Basis",
    "ExplicitRep", "PermRep", "Regular", "decompose", "Decomposition",
]
