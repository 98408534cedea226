"""The Molien series of a compact (or reductive) Lie group, as an exact rational function:
the Weyl integral of ``χ_W(g)* / det(1 − t ρ(g))`` over the maximal torus, by iterated
residues.

On each torus piece (one per component of the group, :func:`symequiv.verify.weyl.torus_pieces`)
the eigenvalues of ``ρ(g)`` are signed monomials ``±z^a``, read off the rep's structure (sums,
tensor products, duals, Sym^k and Λ^k: multisets and sets of eigenvalues).  The integrand
``D(z) χ_{W*}(z) / Π (1 − s t z^a)`` (``D`` the Weyl density) is integrated one torus variable
at a time.  For ``|t| < 1`` every denominator factor has all its roots on one circle
``|z| = |t|^v`` (``v`` read off the Newton polygon in ``t``): with ``g = z^{-s} N / (Q_in Q_out)``
split by roots inside and outside the unit circle, the constant term in ``z`` is the coefficient
of ``z^s`` in ``polynomial part + Taylor series of A / Q_out``, where ``N/(Q_in Q_out) =
P + A/Q_out + B/Q_in`` (the ``B/Q_in`` part expands in negative powers only).  Everything is
exact rational-function arithmetic in ``t`` and the remaining variables.

>>> import symequiv as se, sympy as sp
>>> t = sp.Symbol("t")
>>> sp.factor(weyl_molien(3 * se.V(se.SO(3))))
(t**2 - t + 1)/((t - 1)**6*(t + 1)**5)
"""

from collections import Counter
from itertools import combinations, combinations_with_replacement

import sympy as sp

from ..budget import checkpoint
from ..errors import RepresentationError
from ..reps.core import ScalarRep, DefiningRep, DualRep, SumRep, ProductRep
from ..reps.symmetric import SymRep, WedgeRep

__all__ = ["weyl_molien"]

T = sp.Symbol("t")

#: Eigenvalue lists longer than this are refused (the integrand would be unmanageable).
MAX_EIGENVALUES = 400


class _Unsupported(Exception):
    pass


def _v_eigen(piece, i, dual, R):
    """Signed monomial eigenvalues ``(sign, exponents)`` of factor ``i``'s V on a piece."""
    info = piece.info[i] if piece.info else None
    if info is None:          # a finite factor's class: its trace alone, no eigenvalues
        raise _Unsupported("a finite factor (its classes carry traces, not torus eigenvalues)")
    P = piece.chars[i][1 if dual else 0]
    zero = (0,) * len(R.gens)
    out = []
    for mono, c in P.items():
        c = int(c)
        if c > 0:
            out += [(1, tuple(mono))] * c
        elif tuple(mono) == zero:
            out += [(-1, zero)] * (-c)               # O(2m+1)⁻: the eigenvalue -1
        else:
            raise _Unsupported("a negative multiplicity away from the trivial weight")
    if info[1] == "reflection" and info[0].d % 2 == 0:
        out += [(1, zero), (-1, zero)]              # O(2m)⁻: eigenvalues 1 and -1 cancel in χ
    elif info[1] not in ("identity", "reflection"):
        raise _Unsupported(f"component kind {info[1]!r}")
    return out


def _mul(a, b):
    return (a[0] * b[0], tuple(x + y for x, y in zip(a[1], b[1])))


def _eigen(rep, piece, R, dual=False):
    zero = (0,) * len(R.gens)
    if isinstance(rep, ScalarRep):
        return [(1, zero)]
    if isinstance(rep, DefiningRep):
        idx = range(len(piece.chars)) if rep.factor is None else (rep.factor,)
        out = [(1, zero)]
        for i in idx:
            out = [_mul(a, b) for a in out for b in _v_eigen(piece, i, dual, R)]
        return out
    if isinstance(rep, DualRep):
        return _eigen(rep._inner, piece, R, not dual)
    if isinstance(rep, SumRep):
        out = []
        for r, m in rep.sum_terms():
            out += _eigen(r, piece, R, dual) * m
        return out
    if isinstance(rep, ProductRep):
        out = [(1, zero)]
        for r, p in rep.runs:
            e = _eigen(r, piece, R, dual)
            for _ in range(p):
                out = [_mul(a, b) for a in out for b in e]
                if len(out) > MAX_EIGENVALUES:
                    raise _Unsupported("too many eigenvalues")
        return out
    if isinstance(rep, (SymRep, WedgeRep)):
        e = _eigen(rep.inner, piece, R, dual)
        pick = combinations_with_replacement if isinstance(rep, SymRep) else combinations
        out = []
        for idx in pick(range(len(e)), rep.k):
            x = (1, zero)
            for j in idx:
                x = _mul(x, e[j])
            out.append(x)
            if len(out) > MAX_EIGENVALUES:
                raise _Unsupported("too many eigenvalues")
        return out
    raise _Unsupported(type(rep).__name__)


def _laurent(P, zs):
    """A sympy expression of a Laurent polynomial of the torus ring."""
    return sp.Add(*[sp.Rational(int(c.numerator), int(c.denominator)) * sp.Mul(*[z ** e for z, e in zip(zs, m)])
                    for m, c in P.items()])


def _t_valuation(expr):
    """Lowest power of ``t`` in a polynomial (in ``t`` and other variables)."""
    return min(m[0] for m in sp.Poly(expr, T).monoms()) if expr != 0 else None


def _invert(a, m):
    """``a⁻¹ mod m`` for coprime polynomials over a field: the extended Euclidean algorithm,
    one division per step with a budget checkpoint between steps (the costly step of the Weyl
    integral: its coefficients are rational functions of ``t``)."""
    r0, r1 = m, a.rem(m)
    s0, s1 = m.zero, m.one
    while not r1.is_zero:
        checkpoint("the Molien series' Weyl integral (an inverse modulo a denominator)")
        q, r = r0.div(r1)
        r0, r1 = r1, r
        s0, s1 = s1, s0 - q * s1
    if r0.degree() != 0:                                  # pragma: no cover - coprime by construction
        raise ArithmeticError("the denominator factors are not coprime (internal error)")
    return s0.quo_ground(r0.LC())


def _constant_term(f, z):
    """``CT_z f`` on ``|z| = 1`` for ``|t| < 1`` small (see the module docstring)."""
    num, den = sp.fraction(sp.cancel(sp.together(f)))
    if not den.has(z):
        return sp.Poly(num, z).coeff_monomial(1) / den if num.has(z) else num / den
    # den = c · z^s · Π q_i^m_i with each q_i(0) != 0 (as a polynomial in z)
    coeff, facs = sp.factor_list(den)
    s, q_in, q_out, const = 0, sp.Integer(1), sp.Integer(1), sp.Integer(coeff)
    for q, m in facs:
        if not q.has(z):
            const *= q ** m
            continue
        Pq = sp.Poly(q, z)
        if Pq.degree() == 1 and Pq.coeff_monomial(1) == 0:          # q = c·z
            s += m
            const *= (q / z) ** m
            continue
        lead, low = Pq.LC(), Pq.coeff_monomial(1)
        if low == 0:
            raise _Unsupported("a factor vanishing at z = 0")
        v = sp.Rational(_t_valuation(low) - _t_valuation(lead), Pq.degree())
        if v == 0:
            raise _Unsupported("a pole on the unit circle")
        if v > 0:
            q_in *= q ** m
        else:
            q_out *= q ** m
    others = sorted((f.free_symbols | {T}) - {z, T}, key=str)
    dom = sp.QQ.frac_field(T, *others)
    N = sp.Poly(num, z, domain=dom)
    Qi, Qo = sp.Poly(q_in, z, domain=dom), sp.Poly(q_out, z, domain=dom)
    poly_part, rem = N.div(Qi * Qo)
    if Qo.degree() > 0:
        # rem/(Qi Qo) = A/Qo + B/Qi with A ≡ rem · Qi⁻¹ (mod Qo)
        A = (rem * _invert(Qi, Qo)).rem(Qo)
        # Taylor coefficients of A / Qo up to z^s
        a = [A.coeff_monomial(z ** k) for k in range(s + 1)]
        q = [Qo.coeff_monomial(z ** k) for k in range(s + 1)]
        c = []
        for k in range(s + 1):
            checkpoint("the Molien series' Weyl integral (a Taylor coefficient)")
            acc = a[k] - sp.Add(*[q[i] * c[k - i] for i in range(1, k + 1)])
            c.append(sp.cancel(acc / q[0]))
        series = c[s]
    else:
        series = 0
    top = poly_part.coeff_monomial(z ** s)
    return (top + series) / const


def weyl_molien(rep_in, rep_out=None):
    """``Σ_d dim Hom_G(Sym^d rep_in, rep_out) t^d`` as an exact rational function, for a Lie
    group with a known maximal torus (the groups of :func:`symequiv.verify.weyl_dim`).

    Raises
    ------
    RepresentationError
        When the group or a rep is outside what the torus integral covers (finite factors,
        explicit reps, complex reps), naming what to use instead.
    """
    from ..reps import Scalar
    from ..verify.weyl import torus_pieces, _torus_character
    rep_out = Scalar if rep_out is None else rep_out
    G = rep_out.group or rep_in.group
    if G is None or not G.lie_generators:
        raise RepresentationError("weyl_molien needs a Lie group; finite groups use Molien's formula.")
    if rep_in.is_complex or rep_out.is_complex:
        raise RepresentationError("the Molien series is for real reps: realify() complex ones first.")
    built = torus_pieces(G)
    if built is None:
        raise RepresentationError(f"{G!r} has no known maximal torus for the Weyl integral.")
    R, pieces, _ = built
    zs = sp.symbols(f"z0:{len(R.gens)}")
    total = sp.Integer(0)
    try:
        for p in pieces:
            if p.moments:
                raise _Unsupported("a finite factor")
            eig = Counter(_eigen(rep_in, p, R))
            den = sp.Mul(*[(1 - s * T * sp.Mul(*[z ** e for z, e in zip(zs, a)])) ** m
                           for (s, a), m in sorted(eig.items())])
            num = _laurent(p.density, zs) * _laurent(_torus_character(rep_out, p, R, dual=True), zs)
            f = num / den
            for z in zs:
                checkpoint("the Molien series' Weyl integral")
                f = _constant_term(f, z)
            norm = sp.Rational(int(p.norm.numerator), int(p.norm.denominator))
            total += sp.Rational(p.weight.numerator, p.weight.denominator) * f / norm
    except _Unsupported as e:
        raise RepresentationError(
            f"the Weyl integral of the Molien series of {rep_in!r} -> {rep_out!r} over {G!r} is not "
            f"covered ({e}); molien coefficients degree by degree come from se.invariants(rep, d).dim."
        ) from None
    return sp.factor(sp.cancel(sp.together(total)))
