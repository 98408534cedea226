"""EMLP's catalogue names with EMLP's meanings (``emlp.groups``), built exactly.

``SO13p`` (the identity component SO⁺(1,3) of the Lorentz group), ``SO11p`` and ``O11`` (1+1
dimensions), ``Cube`` (the rotations of a cube permuting its 6 faces), ``ZksZnxZn`` (the
GCNN group ℤ_k ⋉ (ℤ_n × ℤ_n) on k·n² points), ``Scaling``, ``Embed`` (a group acting on some
coordinates of a larger space), ``SO2eR3``, ``O2eR3``, ``DkeR3`` and ``DirectProduct`` (our
``G * H``: the defining rep is the Kronecker product, as in EMLP).  ``SU``, ``U`` live in
:mod:`.unitary`; ``SO13``, ``O13``, ``Lorentz``, ``S``, ``Z``, ``C``, ``D`` … in
:mod:`.catalogue` already mean what EMLP's do (``SO13`` is SO⁺(1,3) together with -I, as in
EMLP).  Facts are taken from EMLP's documentation; no code is.

Examples
--------
>>> SO13p().d, Cube().order(), ZksZnxZn(4, 3).order()
(4, 24, 36)
>>> Embed(SO(2), 3, slice(0, 2)).d
3
"""

import numpy as np

from .. import linalg
from ..errors import InvalidGeneratorError
from .base import Group, ProductGroup
from .catalogue import SO, O, D, _check_n, _mat, _diag, _so_basis
from .matrix import MatGroup
from .permutation import PermGroup

__all__ = ["SO13p", "SO11p", "O11", "Cube", "ZksZnxZn", "Scaling", "Embed", "SO2eR3", "O2eR3",
           "DkeR3", "DirectProduct"]


def SO13p() -> MatGroup:
    """The identity component SO⁺(1,3) of the Lorentz group (metric diag(1,-1,-1,-1)): the Lie
    algebra so(1,3) alone, no discrete generator.

    >>> len(SO13p().lie_generators), SO13p().discrete_generators
    (6, ())
    """
    return MatGroup(4, [], _so_basis(4, [1, -1, -1, -1]), "SO13p()")


def SO11p() -> MatGroup:
    """The identity component of O(1,1): boosts in 1+1 dimensions, Lie algebra [[0,1],[1,0]].

    >>> SO11p().lie_generators[0].to_Matrix()
    Matrix([
    [0, 1],
    [1, 0]])
    """
    return MatGroup(2, [], [_mat(2, [(0, 1, 1), (1, 0, 1)])], "SO11p()")


def O11() -> MatGroup:
    """The Lorentz group O(1,1): boosts plus -I and time reversal diag(-1, 1).

    >>> len(O11().discrete_generators)
    2
    """
    return MatGroup(2, [_diag([-1, -1]), _diag([-1, 1])], [_mat(2, [(0, 1, 1), (1, 0, 1)])], "O11()")


def Cube() -> PermGroup:
    """The 24 rotations of a cube acting on its 6 faces (EMLP's ``Cube``: a permutation group of
    degree 6, faces in EMLP's order).

    >>> Cube().degree, Cube().order()
    (6, 24)
    """
    gens = [(4, 1, 0, 3, 5, 2), (3, 0, 2, 5, 4, 1)]
    return PermGroup([tuple(int(x) for x in np.argsort(g)) for g in gens], 6, "Cube()")


def _rot90(n, quarter_turns):
    """Destination permutation of the n x n grid (index r*n + c) rotated by 90° · turns."""
    idx = np.arange(n * n).reshape(n, n)
    src = np.rot90(idx, quarter_turns).reshape(-1)     # new cell i holds old cell src[i]
    dest = np.empty(n * n, dtype=np.int64)
    dest[src] = np.arange(n * n)
    return dest


def ZksZnxZn(k: int, n: int) -> PermGroup:
    """ℤ_k ⋉ (ℤ_n × ℤ_n), the original GCNN group (k = 4: p4, k = 2: p2), acting on k·n²
    points: translations of an n x n torus grid in each of k rotation channels, and the
    rotation by 360°/k that shifts the channel (EMLP's ``ZksZnxZn``).  Order k·n².

    >>> ZksZnxZn(2, 4).degree, ZksZnxZn(2, 4).order()
    (32, 32)
    """
    k, n = _check_n(k, "ZksZnxZn k"), _check_n(n, "ZksZnxZn n")
    if k not in (2, 4):
        raise InvalidGeneratorError(
            f"ZksZnxZn(k, n) supports k = 2 (180° rotations) or k = 4 (90°), as in EMLP; got "
            f"k={k}. For other lattices use WallpaperGroup.")
    N = n * n
    r, c = np.divmod(np.arange(N), n)
    tx = np.concatenate([ch * N + ((r + 1) % n) * n + c for ch in range(k)])
    ty = np.concatenate([ch * N + r * n + (c + 1) % n for ch in range(k)])
    rot = _rot90(n, 4 // k)
    turn = np.concatenate([((ch + 1) % k) * N + rot for ch in range(k)])
    gens = [tuple(int(x) for x in g) for g in (tx, ty, turn)]
    G = PermGroup(gens, k * N, f"ZksZnxZn({k},{n})")
    return G


def Scaling(n: int) -> MatGroup:
    """The scaling group {t·I : t > 0} on R^n (Lie algebra spanned by the identity).

    >>> len(Scaling(3).lie_generators)
    1
    """
    n = _check_n(n, "Scaling")
    return MatGroup(n, [], [_diag([1] * n)], f"Scaling({n})")


def _as_range(sl, d, G):
    if isinstance(sl, slice):
        if sl.step not in (None, 1):
            raise InvalidGeneratorError(f"Embed needs a contiguous slice, got step {sl.step}.")
        start, stop = sl.start or 0, d if sl.stop is None else sl.stop
    elif isinstance(sl, list):
        raise InvalidGeneratorError(
            f"Embed: a list such as {sl!r} reads as coordinate indices, which Embed does not "
            f"take (it embeds into a contiguous block); pass slice(start, stop) or the pair "
            f"(start, stop).")
    elif isinstance(sl, tuple) and len(sl) == 2:
        start, stop = sl
    else:
        raise InvalidGeneratorError(
            f"Embed(G, d, slice) needs a slice (e.g. slice(0, 2)) or a (start, stop) pair, got {sl!r}.")
    if not all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in (start, stop)):
        raise InvalidGeneratorError(f"Embed: the slice bounds must be ints, got {sl!r}.")
    start, stop = int(start), int(stop)
    if not (0 <= start < stop <= d) or stop - start != G.d:
        raise InvalidGeneratorError(
            f"Embed: {G!r} acts on {G.d} coordinates but the slice covers range({start}, {stop}) "
            f"of R^{d}; it must cover exactly {G.d} coordinates inside range(0, {d}).")
    return start, stop


def Embed(G: Group, d: int, sl: slice | tuple[int, int], _name: str | None = None) -> Group:
    """``G`` acting on the coordinates ``sl`` of R^d and trivially on the others (EMLP's
    ``Embed``): discrete generators become block matrices with an identity block, Lie-algebra
    generators get zeros.  A permutation group stays a permutation group (fixing the other
    points).

    >>> Embed(D(4), 3, slice(0, 2)).order()
    8
    """
    if not isinstance(G, Group) or isinstance(G, ProductGroup):
        raise InvalidGeneratorError(f"Embed needs a matrix or permutation group, got {G!r}.")
    d = _check_n(d, "Embed d")
    start, stop = _as_range(sl, d, G)
    name = _name or f"Embed({G!r},{d},slice({start},{stop}))"
    if isinstance(G, PermGroup):
        gens = [tuple(list(range(start)) + [start + x for x in p] + list(range(stop, d)))
                for p in G.perms]
        return PermGroup(gens, d, name)
    K = G.domain

    def place(M, fill):
        dod = {i: {i: K.one} for i in range(d) if fill and not start <= i < stop}
        for i, row in linalg._dod(M.to_sparse()).items():
            dod[start + i] = {start + j: x for j, x in row.items()}
        return linalg.DomainMatrix(dod, (d, d), K)
    out = MatGroup(d, [place(g, True) for g in G.discrete_generators],
                   [place(A, False) for A in G.lie_generators], name)
    out._memo["embedded_from"] = G           # the same abstract group (its properties hold)
    return out


def SO2eR3() -> Group:
    """SO(2) rotating the first two coordinates of R^3 (EMLP's ``SO2eR3``).

    >>> SO2eR3().d
    3
    """
    return Embed(SO(2), 3, slice(0, 2), "SO2eR3()")


def O2eR3() -> Group:
    """O(2) acting on the first two coordinates of R^3 (EMLP's ``O2eR3``).

    >>> len(O2eR3().discrete_generators)
    1
    """
    return Embed(O(2), 3, slice(0, 2), "O2eR3()")


def DkeR3(k: int) -> Group:
    """The dihedral group D(k) acting on the first two coordinates of R^3 (EMLP's ``DkeR3``).

    >>> DkeR3(6).order()
    12
    """
    return Embed(D(k), 3, slice(0, 2), f"DkeR3({int(k)})")


def DirectProduct(G1: Group, G2: Group) -> ProductGroup:
    """EMLP's ``DirectProduct``: the same as ``G1 * G2`` (defining rep the Kronecker product).

    >>> DirectProduct(SO(3), SO(2)) == SO(3) * SO(2)
    True
    """
    if not isinstance(G1, Group) or not isinstance(G2, Group):
        raise InvalidGeneratorError("DirectProduct needs two groups.")
    return G1 * G2
