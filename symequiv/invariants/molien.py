"""The Molien series of a finite group's representation, exactly.

``M(t) = (1/|G|) Σ_g 1/det(I − t ρ(g))`` is the Hilbert series of the invariant polynomials:
the coefficient of ``t^d`` is the number of linearly independent invariant polynomials of
degree ``d``.  With a second representation, ``(1/|G|) Σ_g χ_out(g⁻¹) / det(I − t ρ_in(g))``
counts the equivariant polynomial maps ``rep_in → rep_out`` of each degree (``χ_out(g⁻¹)`` is
``χ_out(g)`` for a real ``rep_out``; a complex one enters through its conjugate).

The sum runs over the **distribution** of ``(det(I − t ρ_in(g)), χ_out(g))``, not over the
elements one term at a time: each element's image is one matrix product away from an earlier
one (a breadth-first table of words), its polynomial is found exactly (python-flint over Q;
SymPy over a number field, whose conjugate terms then combine into rational coefficients,
checked), and equal keys are counted together; a permutation representation needs only
cycle types, ``det(I − tP) = Π (1 − t^{len})``.  Lie groups: the Weyl integral over the maximal
torus, by iterated residues (:mod:`.molien_weyl`).

>>> import symequiv as se, sympy as sp
>>> t = sp.Symbol("t")
>>> M = molien_series(se.V(se.C(5)))                # rotations of the plane by 2π/5
>>> sp.cancel(sp.together(M - (1 + t**5) / ((1 - t**2) * (1 - t**5))))
0
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from .. import linalg
from ..budget import checkpoint
from ..errors import GroupTooLargeError, RepresentationError
from ..groups.permutation import cycle_lengths
from ..reps.checks import common_group

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["molien_series", "series_coefficients", "molien_coefficients"]

T = sp.Symbol("t")


def _elements(G, rep_in, rep_out):
    """Yield ``(image_in, image_out)`` of every element (exact DomainMatrices, or permutation
    arrays for a permutation ``rep_in``), from the word table (each word is one generator times
    an earlier word)."""
    from ..groups.words import word_table, WORD_TABLE_LIMIT
    table = word_table(G)
    if table is None:
        raise GroupTooLargeError(
            f"{G!r} is too large (or a direct product) for the element table the Molien sum uses "
            f"(limit {WORD_TABLE_LIMIT} elements).")
    perm = rep_in.is_permutation and all(rep_in.perm_gen(k) is not None
                                         for k in range(len(G.discrete_generators)))
    n_in, n_out = rep_in.size, rep_out.size
    done = {}
    for word in table:
        if not word:
            a = np.arange(n_in) if perm else linalg.identity(n_in, _field(rep_in))
            b = linalg.identity(n_out, _field(rep_out)) if n_out else None
        else:
            pa, pb = done[word[1:]]
            k = word[0]
            a = rep_in.perm_gen(k)[pa] if perm else rep_in.rho_gen(k).matmul(pa)
            b = rep_out.rho_gen(k).matmul(pb) if n_out else None
        done[word] = (a, b)
        yield a, b


def _conjugated(rep_out):
    """The rep whose character is ``conj(χ_out)``: ``dim Hom(Sym^d V, W) = (1/|G|) Σ_g
    conj(χ_W(g)) χ_{Sym^d V}(g)``, which is ``χ_W`` itself only for a real ``W`` (a complex
    character of Z(3) paired with itself counted the maps Sym^d χ -> χ* instead)."""
    return rep_out.conj() if rep_out.is_complex else rep_out


def _field(rep):
    G = rep.group
    if G is None or not G.discrete_generators:
        return linalg.QQ
    return rep.rho_gen(0).domain


def _cycle_poly(p):
    """``det(I − tP)`` of a permutation, ``Π (1 − t^len)`` over its cycles, as the sorted tuple of
    cycle lengths (the key)."""
    return tuple(sorted(cycle_lengths(p)))


def _det_poly(M):
    """Coefficients (low → high) of ``det(I − t M)``: SymPy rationals when they all are, else
    elements of ``M``'s number field (never SymPy expressions in its generator: C(7)'s are
    sums of powers of sin and cos of 2π/7 that SymPy could not simplify in minutes)."""
    K = M.domain
    if K.is_QQ:
        cp = linalg.dense(M).rep.rep.charpoly()          # fmpq_poly, low -> high, monic
        c = [Fraction(int(q.p), int(q.q)) for q in cp.coeffs()]
        c += [Fraction(0)] * (M.shape[0] + 1 - len(c))
        return tuple(sp.Rational(x.numerator, x.denominator) for x in reversed(c))
    c = M.to_dense().charpoly()                          # high -> low, over K
    return _rational_or_field(c, K)                      # reversed: det(I - tM) low -> high


def _rational_or_field(values, K):
    """``values`` (elements of the number field ``K``) as SymPy rationals when every one is
    rational, else as they are (exactly: an element is rational when its coordinates on the
    field's power basis vanish beyond the constant)."""
    coords = [x.to_list() for x in values]
    if all(len(c) <= 1 for c in coords):
        return tuple(K.dom.to_sympy(c[0]) if c else sp.Integer(0) for c in coords)
    return tuple(values)


def _rational(x):
    """The rational number an exact algebraic expression equals, decided exactly by its minimal
    polynomial (degree 1), never numerically."""
    if x.is_Rational:
        return x
    z = sp.Dummy("z")
    mp = sp.Poly(sp.minimal_polynomial(x, z), z)
    if mp.degree() != 1:
        raise _not_a_rep(f"the irrational coefficient {x}")
    a, b = mp.all_coeffs()
    return sp.Rational(-b, a)


def _distribution(G, rep_in, rep_out, as_sympy=False):
    """``({(det key, conj χ_out): count}, |G|, fields)`` over the elements (see the module
    docstring); ``fields`` holds the number fields of the values that are not rational
    (``as_sympy``: those values as SymPy expressions instead, and ``fields`` empty)."""
    rep_out = _conjugated(rep_out)
    counts: dict = {}
    fields: dict = {}
    order = 0
    for a, b in _elements(G, rep_in, rep_out):
        order += 1
        if order % 64 == 0:
            checkpoint("the Molien series' element table")
        if isinstance(a, np.ndarray):
            key_a = ("cycles", _cycle_poly(a))
        else:
            key_a = ("poly", _det_poly(a))
            if any(not isinstance(v, sp.Basic) for v in key_a[1]):
                if as_sympy:
                    key_a = ("poly", tuple(a.domain.to_sympy(v) for v in key_a[1]))
                else:
                    fields[linalg.field_key(a.domain)] = a.domain
        if b is None:
            chi = sp.Integer(1)
        elif b.domain.is_QQ:
            chi = b.domain.to_sympy(linalg.trace(b))
        else:
            chi = _rational_or_field([linalg.trace(b)], b.domain)[0]
            if not isinstance(chi, sp.Basic):
                if as_sympy:
                    chi = b.domain.to_sympy(chi)
                else:
                    fields[linalg.field_key(b.domain)] = b.domain
        key = (key_a, chi)
        counts[key] = counts.get(key, 0) + 1
    return counts, order, list(fields.values())


def molien_coefficients(rep_in, rep_out=None, n=8):
    """The first ``n + 1`` coefficients of the Molien series, term by term: each element class
    contributes ``χ_out · 1/det(I − tρ(g))`` expanded by exact power-series division, and the
    sums are decided rational exactly -- no rational function is formed (that is the slow part
    of :func:`molien_series` for large reps).

    >>> import symequiv as se
    >>> molien_coefficients(se.V(se.S(3)), n=6)
    [1, 1, 2, 3, 4, 5, 7]
    """
    from ..reps import Scalar
    rep_out = Scalar if rep_out is None else rep_out
    G = common_group(rep_in, rep_out, where="molien_coefficients")
    if G is None or G.lie_generators:
        raise RepresentationError("molien_coefficients needs a finite group.")
    counts, order, fields = _distribution(G, rep_in, rep_out)
    D = _domain(fields)
    if D == "mixed":
        counts, order, _ = _distribution(G, rep_in, rep_out, as_sympy=True)
        D = None
    conv = (lambda v: v) if D is None else (lambda v: D.from_sympy(v) if isinstance(v, sp.Basic) else v)
    zero, one = (sp.Integer(0), sp.Integer(1)) if D is None else (D.zero, D.one)
    totals = [zero] * (n + 1)
    for ((kind, data), chi), c in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if kind == "cycles":
            den = sp.Poly(sp.Mul(*[(1 - T ** L) for L in data]), T).all_coeffs()[::-1]
        else:
            den = list(data)
        den = [conv(x) for x in den]
        inv = []
        for k in range(n + 1):
            acc = one if k == 0 else zero
            for j in range(1, min(k, len(den) - 1) + 1):
                acc = acc - den[j] * inv[k - j]
            inv.append(acc / den[0])
        w = conv(sp.Integer(c) * chi) if isinstance(chi, sp.Basic) else chi * conv(sp.Integer(c))
        for k in range(n + 1):
            totals[k] = totals[k] + w * inv[k]
    out = []
    for x in totals:
        if D is None:
            x = sp.expand(x / order)
            x = x if x.is_Rational else _rational(x)
        else:
            x = _to_rational(x / D.convert(order), D)
        out.append(x)
    return [int(x) for x in _whole(out)]


def _domain(fields):
    """The one number field the Molien sum runs over (None: everything is rational;
    ``"mixed"``: values in two fields, summed as SymPy expressions, slower)."""
    if not fields:
        return None
    return fields[0] if len(fields) == 1 else "mixed"


def _to_rational(x, K):
    """The element ``x`` of ``K`` as a SymPy rational, checked exactly (its coordinates beyond
    the constant vanish): the coefficients of a Molien series count polynomials."""
    c = x.to_list()
    if len(c) > 1:
        raise _not_a_rep(f"the irrational coefficient {K.to_sympy(x)}")
    return K.dom.to_sympy(c[0]) if c else sp.Integer(0)


def _not_a_rep(what):
    return RepresentationError(
        f"the Molien sum gives {what}, but its coefficients count invariant polynomials: the "
        f"generator images are not a representation of the group (they break its relations). "
        f"Give the images of the group's discrete_generators in order.")


def _whole(coeffs):
    """``coeffs`` if every one is an integer (a Molien series counts polynomials), else a
    RepresentationError: the audit's S(3) images gave 1 + 4t/3 + ..., and a 20-dim S(7) rep
    past the relations check's size bound 1 + t/6 + ..."""
    for k, x in enumerate(coeffs):
        if not (isinstance(x, int) or getattr(x, "is_Integer", False)):
            raise _not_a_rep(f"the coefficient {x} at degree {k}")
    return coeffs


def molien_series(rep_in: Rep, rep_out: Rep | None = None, *, max_seconds: float | None = None,
                  max_memory: Any = None) -> Any:
    """The Molien series of ``rep_in`` (or the generating function of equivariant polynomial
    maps ``rep_in → rep_out``) as an exact SymPy rational function of ``t``.

    ``max_seconds`` / ``max_memory`` bound the computation as for
    :func:`~symequiv.equivariant_basis` (checked between its steps); without ``max_seconds``
    the computation stops after :data:`symequiv.limits.MOLIEN_SECONDS`.

    Raises
    ------
    BudgetExceededError
        When ``max_seconds`` or ``max_memory`` is reached.
    RepresentationError
        For a continuous group outside the Weyl integral's reach (finite factors, explicit or
        complex reps; see :mod:`symequiv.invariants.molien_weyl`).
    GroupTooLargeError
        For a group too large for the element table (order above 5040, or a direct product).

    >>> import symequiv as se, sympy as sp
    >>> t = sp.Symbol("t")
    >>> M = molien_series(se.V(se.Octahedral()))       # the rotations of the cube
    >>> sp.cancel(sp.together(M - (1 + t**9) / ((1 - t**2) * (1 - t**4) * (1 - t**6))))
    0
    >>> molien_series(se.V(se.S(3)), se.V(se.S(3))).series(n=3)   # maps V -> V of degree 0, 1, 2
    1 + 2*t + 4*t**2 + O(t**3)
    """
    from .. import limits
    from ..budget import budget
    from ..errors import BudgetExceededError, InvalidArgumentError
    from ..reps.core import Rep
    for name, r in (("rep_in", rep_in), ("rep_out", rep_out)):
        if not (isinstance(r, Rep) or (r is None and name == "rep_out")):
            raise InvalidArgumentError(f"molien_series: {name} must be a Rep (parse text with "
                                       f"se.rep(text, group)), got {type(r).__name__}.")
    G = rep_in.group or (rep_out.group if rep_out is not None else None)
    from ..reps.relations import check_finite_relations
    for r in (rep_in, rep_out):
        if r is not None:
            check_finite_relations(r, "molien_series (an average over the group)")
    default = max_seconds is None and limits.MOLIEN_SECONDS is not None and G is not None
    try:
        with budget(limits.MOLIEN_SECONDS if default else max_seconds, max_memory, what="molien_series"):
            return _molien_series(rep_in, rep_out)
    except BudgetExceededError as e:
        if not default or "max_seconds=" not in str(e):       # a memory stop: no time advice
            raise
        raise BudgetExceededError(
            f"{e} This was the default limit symequiv.limits.MOLIEN_SECONDS = "
            f"{limits.MOLIEN_SECONDS} s: pass max_seconds= to allow longer, or count the "
            f"invariants degree by degree with se.invariants(rep, d).dim.") from None


def _molien_series(rep_in, rep_out):
    from ..reps import Scalar
    rep_out = Scalar if rep_out is None else rep_out
    G = common_group(rep_in, rep_out, where="molien_series")
    if G is None:
        return 1 / (1 - T) ** rep_in.size * rep_out.size
    if G.lie_generators:                    # the Weyl integral over the maximal torus
        from .molien_weyl import weyl_molien
        return weyl_molien(rep_in, rep_out)
    counts, order, fields = _distribution(G, rep_in, rep_out)
    D = _domain(fields)
    if D == "mixed":
        M = _sympy_sum(_distribution(G, rep_in, rep_out, as_sympy=True)[0], order)
    else:
        M = _rational_sum(counts, order) if D is None else _field_sum(counts, order, D)
    _whole(series_coefficients(M, 6))            # a few terms: cheap, and catch a non-rep
    return M


def _sympy_sum(counts, order):
    """The sum over values in two different number fields (a rep over an extension of the
    group's field): SymPy's ``cancel`` of the expressions, coefficients decided rational by
    their minimal polynomials (budget checkpoints between classes)."""
    total = sp.Integer(0)
    for ((kind, data), chi), c in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if kind == "cycles":
            den = sp.Mul(*[(1 - T ** L) for L in data])
        else:
            den = sum(coef * T ** i for i, coef in enumerate(data))
        total += sp.Integer(c) * chi / den
        checkpoint("the Molien series' sum over classes")
    total = sp.cancel(sp.together(total / order))
    num, den = sp.fraction(total)
    num, den = sp.Poly(sp.expand(num), T), sp.Poly(sp.expand(den), T)
    if not all(x.is_Rational for x in num.all_coeffs() + den.all_coeffs()):
        num, den = sp.Poly([_rational(x) for x in num.all_coeffs()], T), \
            sp.Poly([_rational(x) for x in den.all_coeffs()], T)
    return sp.factor(num.as_expr() / den.as_expr())


def _field_sum(counts, order, K):
    """``(1/|G|) Σ c·χ / det(I − tρ)`` over the number field ``K``, in SymPy's polynomials over
    ``K`` (lcm, gcd, exact division), the result checked rational coefficient by coefficient
    and then factored over Q as in :func:`_rational_sum`."""
    import flint

    def conv(v):
        return K.from_sympy(v) if isinstance(v, sp.Basic) else v

    terms = []
    for ((kind, data), chi), c in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if kind == "cycles":
            den = sp.Poly(sp.Mul(*[(1 - T ** L) for L in data]), T, domain=K)
        else:
            den = sp.Poly([conv(x) for x in reversed(data)], T, domain=K)
        terms.append((den, conv(chi) * K.convert(c)))
    lcm = sp.Poly(1, T, domain=K)
    for den, _ in terms:
        lcm = lcm.lcm(den)
        checkpoint("the Molien series' common denominator")
    num = sp.Poly(0, T, domain=K)
    for den, w in terms:
        num = num + lcm.exquo(den).mul_ground(w)
        checkpoint("the Molien series' numerator")
    g = num.gcd(lcm)
    num, den = num.exquo(g), lcm.exquo(g)
    lc = den.LC()
    num, den = num.quo_ground(lc * K.convert(order)), den.quo_ground(lc)

    def rational(P):
        coeffs = [_to_rational(x, K) for x in reversed(P.rep.to_list())]
        return flint.fmpq_poly([flint.fmpq(int(q.p), int(q.q)) for q in coeffs])
    return _factored(rational(num), rational(den))


def _rational_sum(counts, order):
    """``(1/|G|) Σ c·χ / det(I − tρ)`` over Q in python-flint: the common denominator (an lcm of
    the class denominators), one numerator, their gcd removed, both factored by FLINT; SymPy's
    ``cancel(together(...))`` of the same sum took minutes for Z(100) on its 100 points (degree
    ~500 after cancelling), FLINT 0.05 s.  Each step is a budget checkpoint."""
    import flint

    def q(x):
        x = sp.Rational(x)
        return flint.fmpq(int(x.p), int(x.q))

    terms = []
    for ((kind, data), chi), c in sorted(counts.items(), key=lambda kv: str(kv[0])):
        if kind == "cycles":
            den = flint.fmpq_poly([1])
            for L in data:
                den *= flint.fmpq_poly([1] + [0] * (L - 1) + [-1])      # 1 - t^L
        else:
            den = flint.fmpq_poly([q(x) for x in data])
        terms.append((den, q(sp.Integer(c) * chi)))
    lcm = flint.fmpq_poly([1])
    for den, _ in terms:
        lcm = (lcm * den) // lcm.gcd(den)
        checkpoint("the Molien series' common denominator")
    num = flint.fmpq_poly([0])
    for den, w in terms:
        num += (lcm // den) * w
    g = num.gcd(lcm)
    num, den = num // g, lcm // g * order
    checkpoint("the Molien series' numerator")
    return _factored(num, den)


def _factored(num, den):
    """``num / den`` (FLINT polynomials over Q in ``t``) as one SymPy product of factors."""
    def expr(P):
        return sp.Add(*[sp.Rational(int(c.p), int(c.q)) * T ** i for i, c in enumerate(P.coeffs())])

    const, parts = sp.Integer(1), []
    for P, sign in ((num, 1), (den, -1)):
        content, factors = P.factor()
        const *= sp.Rational(int(content.p), int(content.q)) ** sign
        factors = sorted(factors, key=lambda f: (f[0].degree(), [str(c) for c in f[0].coeffs()]))
        parts += [expr(f) ** (sign * e) for f, e in factors]
    return sp.Mul(const, *parts)              # one product: the constant stays outside the sums


def series_coefficients(M, n):
    """The first ``n + 1`` coefficients of the power series of the rational function ``M(t)``,
    exactly (``Q · S = P`` solved term by term; SymPy's ``series`` is far slower on these).

    >>> series_coefficients(1 / ((1 - T) * (1 - T ** 2)), 5)
    [1, 1, 2, 2, 3, 3]
    """
    num, den = sp.fraction(sp.together(M))
    P = sp.Poly(num, T).all_coeffs()[::-1]            # low -> high
    Q = sp.Poly(den, T).all_coeffs()[::-1]
    if Q[0] == 0:
        raise ValueError("the series has a pole at t = 0")
    out = []
    for k in range(n + 1):
        acc = sp.Rational(P[k]) if k < len(P) else sp.Integer(0)
        for j in range(1, min(k, len(Q) - 1) + 1):
            acc -= Q[j] * out[k - j]
        out.append(acc / Q[0])
    return [int(c) if c.is_Integer else c for c in out]
