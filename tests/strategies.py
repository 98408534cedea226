"""The tests use the strategies symequiv ships for its users (symequiv.testing)."""

from symequiv.testing import perm_groups, reps as rep_exprs  # noqa: F401


# Rational finite groups whose Hom spaces need elimination (the road whose results go to disk):
# the cube groups act by signed permutations and take the monomial road instead.  HEX3 (the
# dihedral group of order 6 on the hexagonal lattice, times a z flip) lies inside HEX6 (order 12).
def HEX3():
    import symequiv as se
    return se.MatrixGroup(discrete=[[[0, -1, 0], [1, -1, 0], [0, 0, 1]], [[0, 1, 0], [1, 0, 0], [0, 0, -1]]])


def HEX6():
    import symequiv as se
    return se.MatrixGroup(discrete=[[[1, -1, 0], [1, 0, 0], [0, 0, 1]], [[0, 1, 0], [1, 0, 0], [0, 0, -1]]])
