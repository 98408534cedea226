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


def _poly(p):
    return p if isinstance(p, sp.Poly) else sp.Poly(p, *_X, domain="QQ")


@lru_cache(maxsize=None)
def _basis(l):
    """``(Polys P_m, monomials, DomainMatrix B)`` with ``B[m, j]`` the coefficient of monomial
    ``j`` in ``P_m``, and the exact ``(B Bᵀ)⁻¹`` (the ``P_m`` are independent)."""
    P = tuple(_poly(p) for p in harmonics(l)[0])
    monos = sorted({m for p in P for m in p.monoms()})
    B = _rows(P, monos)
    return P, monos, B, linalg.inverse(B.matmul(B.transpose()))


def _rows(polys, monos):
    index = {m: j for j, m in enumerate(monos)}
    dod = {}
    for i, p in enumerate(polys):
        row = {}
        for m, c in p.terms():
            if not c:                                   # the zero polynomial lists (0,0,0): 0
                continue
            if m not in index:
                raise AssertionError("harmonic polynomials are not closed under the action")
            row[index[m]] = linalg.QQ(int(c.numerator), int(c.denominator))
        if row:
            dod[i] = row
    return linalg.DomainMatrix(dod, (len(polys), len(monos)), linalg.QQ)


def _express(l, polys):
    """Exact ``M`` with ``polys[i] = Σ_j M_ij P_j`` as a SymPy Matrix (rational)."""
    P, monos, B, BBt_inv = _basis(l)
    C = _rows(polys, monos)
    M = C.to_dense().matmul(B.transpose().to_dense()).matmul(BBt_inv.to_dense())
    if M.to_dense().matmul(B.to_dense()) != C.to_dense():     # pragma: no cover (an invariant)
        raise AssertionError("harmonic polynomials are not closed under the action")
    return M.to_Matrix()


def _substitute(l, g):
    """Exact rational ``D`` with ``P_i(g x) = Σ_j D_ij P_j(x)`` for a rational 3x3 matrix ``g``."""
    P = _basis(l)[0]
    g = sp.Matrix(g)                              # nested lists or a SymPy Matrix
    lin = [sp.Poly(sum(sp.Rational(g[r, c]) * _X[c] for c in range(3)), *_X, domain="QQ")
           for r in range(3)]
    powers = [[sp.Poly(1, *_X, domain="QQ")] for _ in range(3)]

    def power(r, e):
        while len(powers[r]) <= e:
            powers[r].append(powers[r][-1] * lin[r])
        return powers[r][e]
    out = []
    for p in P:
        acc = sp.Poly(0, *_X, domain="QQ")
        for (a, b, c), co in p.terms():
            acc += power(0, a) * power(1, b) * power(2, c) * co
        out.append(acc)
    return _express(l, out)


@lru_cache(maxsize=None)
def _rational_images(l, group_key):
    """Exact rational matrices of the group's Lie generators and discrete generators on the
    ``P`` basis (parity not applied), in polynomial arithmetic (``∇P_i · (A x)``)."""
    G = O(3) if group_key == "O(3)" else SO(3)
    P = _basis(l)[0]
    lie = []
    for A in G.lie_generators:
        rows = linalg.to_lists(A)
        AX = [sp.Poly(sum(sp.Rational(rows[k][c]) * _X[c] for c in range(3)), *_X, domain="QQ")
              for k in range(3)]
        lie.append(_express(l, [sum((p.diff(v) * AX[k] for k, v in enumerate(_X)),
                                    sp.Poly(0, *_X, domain="QQ")) for p in P]))
    disc = tuple(_substitute(l, linalg.to_lists(g)) for g in G.discrete_generators)
    return tuple(lie), disc
