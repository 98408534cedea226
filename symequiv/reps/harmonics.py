"""Harmonic polynomials of degree l in (x, y, z) with rational coefficients: the exact SO(3) / O(3)
irreducibles, shared by :mod:`symequiv.reps.irreps` and :mod:`symequiv.interop.e3nn`.

``P_m`` (``m = -l..l``) are the real solid harmonics in e3nn's axis convention (y polar,
azimuthal plane (z, x), no Condon--Shortley phase), made primitive (integer coefficients, gcd 1);
``q_m = 1 / mean_{S²}(P_m²)`` are rationals, so the component-normalised harmonics are
``sqrt(q_m) P_m``.  A group element ``g`` acts by ``P_i(g x) = Σ_j D_ij P_j(x)`` (exact
rational ``D`` by substitution), a Lie-algebra element by ``∇P_i · (A x)``.

>>> P, q = harmonics(1)
>>> P, q
((x, y, z), (3, 3, 3))
"""

from functools import lru_cache
from math import comb, factorial

import sympy as sp

from .. import linalg
from ..groups.catalogue import O, SO

__all__ = ["harmonics", "_X"]

_X = sp.symbols("x y z")


@lru_cache(maxsize=None)
def harmonics(l):
    """The rational harmonic polynomials ``P_m`` (``m = -l..l``, SymPy expressions in x, y, z)
    and the rationals ``q_m`` with ``Y_l^m = sqrt(q_m) P_m`` in e3nn's convention.

    >>> harmonics(2)[1]
    (15, 15, 5/4, 15, 15/4)
    """
    x, y, z = _X
    xs, ys, zs = z, x, y                 # e3nn: polar axis y, azimuthal plane (z, x)
    r2 = xs ** 2 + ys ** 2 + zs ** 2
    P = []
    for m in range(-l, l + 1):
        a = abs(m)
        pi = sum((-1) ** k * sp.Rational(comb(l, k) * comb(2 * l - 2 * k, l) * factorial(l - 2 * k),
                                         factorial(l - 2 * k - a)) * r2 ** k * zs ** (l - 2 * k - a)
                 for k in range((l - a) // 2 + 1))
        ks = range(0, a + 1, 2) if m >= 0 else range(1, a + 1, 2)   # Re / Im of (xs + i ys)^a
        az = sum((-1) ** (k // 2) * comb(a, k) * xs ** (a - k) * ys ** k for k in ks)
        p = sp.Poly(pi * az, *_X)
        P.append(p.as_expr() / p.content())        # primitive: integer coefficients, gcd 1, sign kept
    q = tuple(1 / _sphere_mean(sp.expand(p * p)) for p in P)
    return tuple(P), q


def _sphere_mean(p):
    """Exact mean of a polynomial over the unit sphere: x^a y^b z^c averages to
    (a-1)!!(b-1)!!(c-1)!!/(a+b+c+1)!! when a, b, c are all even, else 0."""
    tot = sp.Integer(0)
    for (a, b, c), co in sp.Poly(p, *_X).terms():
        if a % 2 == 0 and b % 2 == 0 and c % 2 == 0:
            tot += co * sp.factorial2(a - 1) * sp.factorial2(b - 1) * sp.factorial2(c - 1) \
                / sp.factorial2(a + b + c + 1)
    return tot


def _coords(polys, monos):
    return sp.Matrix([[sp.Poly(p, *_X).coeff_monomial(m) if p != 0 else 0 for m in monos]
                      for p in polys])


@lru_cache(maxsize=None)
def _solver(l):
    """``polys ↦ M`` with ``polys[i] = Σ_j M_ij P_j`` (exact; the ``P_j`` are independent)."""
    P, _ = harmonics(l)
    monos = sorted({m for p in P for m in sp.Poly(p, *_X).monoms()})
    B = _coords(P, monos)
    BBt = B * B.T

    def solve(polys):
        C = _coords(polys, monos)
        M = BBt.solve((C * B.T).T).T
        if M * B != C:                                       # pragma: no cover (an invariant)
            raise AssertionError("harmonic polynomials are not closed under the action")
        return M
    return solve


def _substitute(l, g):
    """Exact rational ``D`` with ``P_i(g x) = Σ_j D_ij P_j(x)`` for a rational 3x3 matrix ``g``."""
    P, _ = harmonics(l)
    gX = sp.Matrix(g) * sp.Matrix(_X)
    return _solver(l)([sp.expand(p.subs(dict(zip(_X, gX)), simultaneous=True)) for p in P])


@lru_cache(maxsize=None)
def _rational_images(l, group_key):
    """Exact rational matrices of the group's Lie generators and discrete generators on the
    ``P`` basis (parity not applied)."""
    G = O(3) if group_key == "O(3)" else SO(3)
    P, _ = harmonics(l)
    X = sp.Matrix(_X)
    lie = []
    for A in G.lie_generators:
        AX = sp.Matrix(linalg.to_lists(A)) * X
        lie.append(_solver(l)([sp.expand(sum(sp.diff(p, v) * AX[k] for k, v in enumerate(_X)))
                               for p in P]))
    disc = tuple(_substitute(l, linalg.to_lists(g)) for g in G.discrete_generators)
    return tuple(lie), disc
