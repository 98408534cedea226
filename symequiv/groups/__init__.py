"""Exact groups: permutation groups, matrix groups, direct products and a catalogue."""

from .base import Group, ProductGroup
from .permutation import PermGroup, PermutationGroup
from .matrix import MatGroup, MatrixGroup, enumerate_elements
from .catalogue import (S, A, Z, SO, O, SO13, O13, Lorentz, Sp, SL, GL, Trivial,
                        Octahedral, FullOctahedral, Tetrahedral, RubiksCube, C, D, Icosahedral,
                        FullIcosahedral, IcosahedralFaces)
from .unitary import SU, U
from .graphs import AutomorphismGroup, edge_rep, node_rep
from .wallpaper import WallpaperGroup
from .emlp_names import (SO13p, SO11p, O11, Cube, ZksZnxZn, Scaling, Embed, SO2eR3, O2eR3, DkeR3,
                         DirectProduct)

__all__ = ["Group", "ProductGroup", "PermGroup", "PermutationGroup", "MatGroup", "MatrixGroup",
           "enumerate_elements", "S", "A", "Z", "SO", "O", "SO13", "O13", "Lorentz", "Sp", "SL",
           "GL", "Trivial", "Octahedral", "FullOctahedral", "Tetrahedral", "RubiksCube", "C", "D",
           "Icosahedral", "FullIcosahedral", "IcosahedralFaces", "SU", "U", "SO13p", "SO11p", "O11",
           "Cube", "ZksZnxZn", "Scaling", "Embed", "SO2eR3", "O2eR3", "DkeR3", "DirectProduct",
           "AutomorphismGroup", "edge_rep", "node_rep", "WallpaperGroup"]
