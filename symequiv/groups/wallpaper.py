"""Wallpaper groups acting on the sites of a periodic ``n x n`` grid (a torus).

``WallpaperGroup(name, n)`` is the symmorphic wallpaper group ``name`` reduced modulo the
sublattice ``n Λ`` of its translations, acting on the ``n²`` sites ``Λ / nΛ`` of a periodic
grid, as a :class:`~symequiv.groups.permutation.PermGroup` in the destination convention
(``p[i]`` is the site that site ``i`` goes to).

Sites
-----
Site ``(a, b)`` with ``0 <= a, b < n`` has index ``i = a * n + b``: ``a`` is the row and ``b``
the column, so an image ``img`` of shape ``(n, n)`` is the feature vector
``img.reshape(n * n)``.  The translations are ``(a, b) -> (a + 1, b)`` and
``(a, b) -> (a, b + 1)``, modulo ``n``.  Point-group elements are integer 2 x 2 matrices ``M``
acting on the column ``(a, b)`` about site 0: site ``x`` goes to ``M x + t mod n``.

* square lattice (``p1 p2 pm cm pmm cmm p4 p4m``): ``(a, b)`` are Cartesian (row, column); the
  quarter turn is ``(a, b) -> (-b, a)`` (``numpy.rot90`` of an image, about site 0), the
  mirror of ``pm`` is ``(a, b) -> (a, -b)`` (left-right flip), the mirror of ``cm`` is the
  transpose ``(a, b) -> (b, a)`` (a diagonal mirror: the lattice is centred rectangular
  with respect to it).
* hexagonal lattice (``p3 p3m1 p31m p6 p6m``): ``(a, b)`` are axial lattice coordinates, the
  site at ``a u + b R(u)`` with ``R`` the 60° rotation; the 60° turn is
  ``(a, b) -> (-b, a + b)``, the 120° turn its square ``(a, b) -> (-a - b, a)``.  The mirror
  ``(a, b) -> (b, a)`` is perpendicular to a shortest lattice vector (``p3m1``: every
  threefold centre lies on a mirror); ``(a, b) -> (-b, -a)`` lies along one (``p31m``).

Generators are the two unit translations, then the point-group generators.

Names and sizes
---------------
Names are Hermann-Mauguin short symbols, matched case-insensitively (``'P4M'`` is
``'p4m'``); the full symbols ``p1m1 c1m1 p2mm c2mm p4mm p6mm`` are accepted as aliases.
``repr`` always uses the canonical lower-case short symbol: ``WallpaperGroup('p4m', 16)``.
The order is ``|P| n²`` in closed form (``|P|`` the point group's order).  Faithfulness: an
element ``x -> M x + t`` fixes every site iff ``t ≡ 0`` and ``M ≡ I (mod n)``, i.e. iff ``n``
divides every entry of ``M - I``; so the action is faithful (and the order ``|P| n²``) iff
``n`` divides no ``gcd(M - I)`` for ``M ≠ I`` in ``P``.  That gcd is 2 for the half turn
``-I`` and for the mirrors ``diag(1, -1)``, ``diag(-1, 1)``, and 1 for every other element
here, which gives the minimal ``n`` of :data:`MIN_N` (``p1``: 1; ``cm p3 p3m1 p31m``: 2; the
rest: 3).  The glide groups ``pg pmg pgg p4g`` are not offered: with every unit translation
present a glide by half a lattice vector does not map sites to sites.

Channels
--------
Several channels of features on the sites go through the rep algebra: ``c * V(G)`` is ``c``
copies of the site features, channel-major (coordinate ``k * n² + i`` is channel ``k`` at
site ``i``).  E.g. ``se.nn.EquivariantLinear(V(G), 8 * V(G))``; or keep channels on their own
axis with ``se.nn.LinearEquiv.from_reps(V(G), V(G), in_channels, out_channels)``
(``(..., channels, n²)``).

Examples
--------
>>> G = WallpaperGroup('p4m', 4)
>>> G.order(), G.d, G
(128, 16, WallpaperGroup('p4m', 4))
>>> WallpaperGroup('P6M', 3).order() == 12 * 9
True
>>> from symequiv.reps.core import V
>>> from symequiv.solve import equivariant_basis
>>> equivariant_basis(V(G), V(G)).dim      # orbits of D4 on Z_4^2
6
"""

from __future__ import annotations

from math import gcd
from typing import Any

import numpy as np

from .. import limits
from ..errors import InvalidGeneratorError
from .permutation import PermGroup

__all__ = ["WallpaperGroup", "WALLPAPER_NAMES", "MIN_N", "ALIASES", "point_group",
           "minimal_n"]

# --- point groups: integer matrices on the column (a, b) -------------------------------------
_I = ((1, 0), (0, 1))
_HALF = ((-1, 0), (0, -1))              # half turn (both lattices)
_R4 = ((0, -1), (1, 0))                 # square: quarter turn (a, b) -> (-b, a)
_MX = ((1, 0), (0, -1))                 # square: (a, b) -> (a, -b), left-right flip
_TR = ((0, 1), (1, 0))                  # square: transpose; hexagonal: the p3m1 mirror
_R6 = ((0, -1), (1, 1))                 # hexagonal: 60° turn (a, b) -> (-b, a + b)
_R3 = ((-1, -1), (1, 0))                # hexagonal: 120° turn (a, b) -> (-a - b, a)
_ATR = ((0, -1), (-1, 0))               # hexagonal: the p31m mirror (a, b) -> (-b, -a)

#: name -> (lattice, point-group generators, point-group order)
_TABLE = {
    "p1": ("square", (), 1),
    "p2": ("square", (_HALF,), 2),
    "pm": ("square", (_MX,), 2),
    "cm": ("square", (_TR,), 2),
    "pmm": ("square", (_HALF, _MX), 4),
    "cmm": ("square", (_HALF, _TR), 4),
    "p4": ("square", (_R4,), 4),
    "p4m": ("square", (_R4, _MX), 8),
    "p3": ("hexagonal", (_R3,), 3),
    "p3m1": ("hexagonal", (_R3, _TR), 6),
    "p31m": ("hexagonal", (_R3, _ATR), 6),
    "p6": ("hexagonal", (_R6,), 6),
    "p6m": ("hexagonal", (_R6, _TR), 12),
}

#: The accepted canonical names, in the order of the International Tables.
WALLPAPER_NAMES = tuple(_TABLE)

#: Full Hermann-Mauguin symbols accepted for the short ones.
ALIASES = {"p1m1": "pm", "c1m1": "cm", "p2mm": "pmm", "c2mm": "cmm", "p4mm": "p4m",
           "p6mm": "p6m"}


def _mul(M, N):
    return tuple(tuple(sum(M[i][k] * N[k][j] for k in range(2)) for j in range(2)) for i in range(2))


def _canonical(name):
    if not isinstance(name, str):
        raise InvalidGeneratorError(
            f"WallpaperGroup(name, n) needs the name as a str, got {type(name).__name__}; "
            f"known names: {', '.join(WALLPAPER_NAMES)}.")
    key = name.lower()
    key = ALIASES.get(key, key)
    if key not in _TABLE:
        shown = name if len(name) <= 40 else name[:40] + "..."
        raise InvalidGeneratorError(
            f"unknown wallpaper group {shown!r}; known names (case-insensitive): "
            f"{', '.join(WALLPAPER_NAMES)} (full symbols {', '.join(ALIASES)} also work). "
            f"The glide groups pg, pmg, pgg, p4g are not offered on a grid with every unit "
            f"translation.")
    return key


_POINT_CACHE: dict[str, tuple[Any, ...]] = {}


def point_group(name):
    """All elements of the point group of ``name`` (integer matrices on ``(a, b)``), the
    identity first, in order of discovery from the generators.

    >>> len(point_group('p4m')), point_group('p2')
    (8, (((1, 0), (0, 1)), ((-1, 0), (0, -1))))
    """
    name = _canonical(name)
    if name in _POINT_CACHE:
        return _POINT_CACHE[name]
    gens = _TABLE[name][1]
    elems, frontier = [_I], [_I]
    while frontier:
        nxt = []
        for M in frontier:
            for g in gens:
                P = _mul(g, M)
                if P not in elems:
                    elems.append(P)
                    nxt.append(P)
        frontier = nxt
    _POINT_CACHE[name] = tuple(elems)
    return _POINT_CACHE[name]


def _fixed_gcd(M):
    """gcd of the entries of ``M - I``: ``M`` acts trivially on the sites mod n iff n divides it."""
    g = 0
    for i in range(2):
        for j in range(2):
            g = gcd(g, M[i][j] - (i == j))
    return g


def minimal_n(name):
    """The smallest ``n0`` such that ``name`` acts faithfully on the ``n x n`` torus for every
    ``n >= n0``: one more than the largest ``gcd(M - I)`` over the non-identity point-group
    elements ``M`` (``n`` larger than every such gcd divides none; ``n`` equal to the largest
    does divide it, so the bound is sharp).  Here every such gcd is 1 or 2.

    >>> [minimal_n(x) for x in ('p1', 'cm', 'p3', 'p4m', 'p6m')]
    [1, 2, 2, 3, 3]
    """
    return 1 + max((_fixed_gcd(M) for M in point_group(name)[1:]), default=0)


#: Smallest side ``n`` with a faithful action (so that the order is ``|P| n²``).
MIN_N = {name: minimal_n(name) for name in _TABLE}


def _check_side(n, name):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidGeneratorError(
            f"WallpaperGroup({name!r}, n) needs an int side n (the grid is n x n), "
            f"got {type(n).__name__} {n!r:.40}.")
    n = int(n)
    lo = MIN_N[name]
    if n < lo:
        why = {1: "a grid needs at least one site",
               2: "n = 1 is a single site, on which every element acts trivially",
               3: "for n <= 2 the half turn or a mirror acts trivially on the sites (-x = x mod 2)"}
        raise InvalidGeneratorError(
            f"WallpaperGroup({name!r}, n) needs n >= {lo} to act faithfully on the n x n torus "
            f"(got n = {n}): {why[lo]}.")
    if n > limits.MAX_DEGREE:               # then n^2 is over too: neither square nor print a huge n
        shown = f"{n:,}" if limits.digits(n) <= 30 else f"a {limits.digits(n):,}-digit number"
        limits.check(limits.MAX_DEGREE + 1, "MAX_DEGREE",
                     f"WallpaperGroup({name!r}, n) with n = {shown} acts on n^2 sites")
    limits.check(n * n, "MAX_DEGREE",
                 f"WallpaperGroup({name!r}, {n}) acts on {n} x {n} = {n * n:,} sites",
                 "Every element is a permutation of all the sites.")
    return n


def _site_perm(M, t, n):
    """``x -> M x + t (mod n)`` on the sites, as a destination tuple (``i = a n + b``)."""
    a, b = np.divmod(np.arange(n * n, dtype=np.int64), n)
    a2 = (M[0][0] * a + M[0][1] * b + t[0]) % n
    b2 = (M[1][0] * a + M[1][1] * b + t[1]) % n
    return tuple((a2 * n + b2).tolist())


class WallpaperGroup(PermGroup):
    """A wallpaper group acting on the ``n x n`` sites of a periodic grid.

    Parameters
    ----------
    name : str
        Hermann-Mauguin symbol, one of ``p1 p2 pm cm pmm cmm p4 p4m`` (square lattice) or
        ``p3 p3m1 p31m p6 p6m`` (hexagonal lattice); case-insensitive, full symbols
        (``p4mm``, ``p6mm``, ...) accepted.
    n : int
        Side of the torus; at least :data:`MIN_N` ``[name]`` (faithful action) and with ``n²``
        at most ``symequiv.limits.MAX_DEGREE``.

    Notes
    -----
    Site ``(a, b)`` (row ``a``, column ``b``) is index ``a * n + b``; see the module text for
    the lattices and matrices.  Equality is that of permutation groups (same degree and
    generators), so different names or sides give different groups.  The generators are
    built on first use; the order is the closed form ``|P| n²``.

    Raises
    ------
    InvalidGeneratorError
        Unknown name (the message lists the known ones), ``n`` not an int, or ``n`` below the
        minimum (the message says it).
    ProblemTooLargeError
        ``n²`` over ``symequiv.limits.MAX_DEGREE``.

    Examples
    --------
    >>> G = WallpaperGroup('p4m', 4)
    >>> G.order(), G.lattice, G.point_group_order, len(G.discrete_generators)
    (128, 'square', 8, 4)
    >>> G.site(1, 2), G.coords(6)
    (6, (1, 2))
    >>> G.element(((0, -1), (1, 0)), (0, 0))[G.site(0, 1)] == G.site(-1, 0)   # quarter turn
    True
    """

    __slots__ = ("_name", "_n")

    def __init__(self, name: str, n: int) -> None:
        name = _canonical(name)
        n = _check_side(n, name)
        gens = _TABLE[name][1]

        def recipe():
            out = [_site_perm(_I, (1, 0), n), _site_perm(_I, (0, 1), n)]
            return out + [_site_perm(M, (0, 0), n) for M in gens]
        super().__init__(None, n * n, f"WallpaperGroup({name!r}, {n})", recipe=recipe)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_n", n)
        self._memo["order"] = _TABLE[name][2] * n * n

    # --- description ---------------------------------------------------------------------
    @property
    def name(self):
        """The canonical (lower-case, short) Hermann-Mauguin symbol."""
        return self._name

    @property
    def n(self):
        """Side of the grid (``n²`` sites)."""
        return self._n

    @property
    def lattice(self):
        """``'square'`` or ``'hexagonal'``."""
        return _TABLE[self._name][0]

    @property
    def point_group_order(self):
        """``|P|``; the group order is ``|P| n²``."""
        return _TABLE[self._name][2]

    @property
    def point_generators(self):
        """The point-group generators (integer matrices on ``(a, b)``), in generator order
        after the two translations."""
        return _TABLE[self._name][1]

    def point_group(self):
        """All point-group elements (integer matrices on ``(a, b)``), identity first."""
        return point_group(self._name)

    def _repr_latex_(self):
        return rf"$\mathit{{{self._name}}}\ \text{{on the {self._n}}}\times{{{self._n}}}\ \text{{torus}}$"

    # --- sites and elements ---------------------------------------------------------------
    def site(self, a, b):
        """Index of site ``(a, b)`` (coordinates taken mod n): ``(a % n) * n + b % n``."""
        return (a % self._n) * self._n + b % self._n

    def coords(self, i):
        """``(a, b)`` of site ``i``: ``divmod(i, n)``."""
        return divmod(int(i), self._n)

    def element(self, M, t=(0, 0)):
        """The element ``x -> M x + t (mod n)`` as a destination tuple; ``M`` must be in the
        point group (so that the result lies in the group).

        >>> G = WallpaperGroup('p1', 3)
        >>> G.element(((1, 0), (0, 1)), (0, 1))
        (1, 2, 0, 4, 5, 3, 7, 8, 6)
        """
        M = tuple(tuple(int(x) for x in row) for row in M)
        if M not in self.point_group():
            raise InvalidGeneratorError(f"{M} is not in the point group of {self!r}: "
                                        f"{self.point_group()}.")
        limits.check(self._n * self._n, "MAX_DEGREE", f"an element of {self!r}")
        return _site_perm(M, (int(t[0]), int(t[1])), self._n)

    def random_element(self, rng=None):
        """A uniformly random element (random point-group matrix and translation), for tests.

        >>> WallpaperGroup('p6m', 3).random_element(0) in set(WallpaperGroup('p6m', 3).elements())
        True
        """
        rng = np.random.default_rng(rng)
        P = self.point_group()
        M = P[int(rng.integers(len(P)))]
        return self.element(M, tuple(int(x) for x in rng.integers(self._n, size=2)))

    def elements(self):
        """Iterate over all ``|P| n²`` elements (translation fastest).

        >>> sum(1 for _ in WallpaperGroup('p4', 3).elements())
        36
        """
        n = self._n
        for M in self.point_group():
            for ta in range(n):
                for tb in range(n):
                    yield _site_perm(M, (ta, tb), n)
