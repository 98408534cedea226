"""Torus characters of reps known only by their generator images (explicit reps, the pieces of a
decomposition), for the Weyl road.

A rep of a connected Lie group restricted to a maximal torus splits into weight spaces.  With
torus generators ``H_1, ..., H_r`` in the group's real Lie algebra, the weights of the rep are
read off the exact characteristic polynomial of ``dρ(H)`` for the generic element
``H = Σ_j B^j H_j`` (``B`` larger than twice every ``|w_j|``, so a weight is the balanced base-B
expansion of an eigenvalue):

* *compact* generators (rotations: ``SO(n)``, ``O(n)``) act with eigenvalues ``i·w``; the
  characteristic polynomial factors over Q into ``x`` and ``x² + μ²`` and the pair ``±w``
  carries the multiplicity of ``x² + μ²`` (a real rep has symmetric weights);
* *split* generators (diagonal matrices: ``Sp(2m, R)``, ``SL(n)``; the weights of the compact
  form, by the unitarian trick) act with real eigenvalues ``w``.

On the second component of ``O(n)`` the character at ``r·t`` (``r`` the generator
diag(-1, 1, ..., 1), ``t`` in the torus of the rotations of the last n - 1 coordinates, which
commute with ``r``) is ``Σ_s s · (weights of t on ker(ρ(r) − s))``, ``s = ±1``.

Anything else raises :class:`NoTorus` and the certificate says it has no independent count: a
factor that is not linear or quadratic as above, a non-integer weight (a spin rep of so(n) does
not integrate to SO(n)), entries outside Q, a product group, and ``GL(n)``, ``SO13()``, ``O13()``.
For those three a discrete generator lies in the identity component of the Zariski closure
(det = -1 in GL(n, C); -I and the extra components of O(1,3) in SO(4, C) and O(4, C)), so a rep
given by arbitrary generator images need not be the restriction of an algebraic rep, and the
compact form's integral would be a claim about a different action (for tensor reps of V it is
not: they are algebraic).  Uses python-flint for
the characteristic polynomials and their factors; nothing here imports the solver.

>>> import symequiv as se
>>> D = se.decompose(se.V(se.SO(3)) ** 2)
>>> sorted(sum(weights(r, se.SO(3), "identity").values()) for r in D.irreps)
[1, 3, 5]
"""

import math
from fractions import Fraction

import flint

from .. import linalg
from ..groups import catalogue, unitary

__all__ = ["NoTorus", "torus_generators", "weights"]


class NoTorus(Exception):
    """The torus character of a rep cannot be computed exactly here."""


def _E(n, entries):
    return linalg.DomainMatrix({i: {j: linalg.QQ(v)} for i, j, v in entries}, (n, n), linalg.QQ).to_sparse()


def torus_generators(G, kind):
    """``(matrices, style)``: generators of the torus of component ``kind`` of ``G`` in its
    defining rep, ``style`` ``"compact"`` or ``"split"``; raises :class:`NoTorus` otherwise.

    >>> import symequiv as se
    >>> Hs, style = torus_generators(se.SO(5), "identity")
    >>> len(Hs), style
    (2, 'compact')
    """
    n = G.d
    if n >= 2 and G in (catalogue.SO(n), catalogue.O(n)) and kind in ("identity", "reflection"):
        first, r = (0, n // 2) if kind == "identity" else (1, (n - 1) // 2)
        return [_E(n, [(first + 2 * j, first + 2 * j + 1, -1), (first + 2 * j + 1, first + 2 * j, 1)])
                for j in range(r)], "compact"
    if kind == "identity" and n % 2 == 0 and G == catalogue.Sp(n // 2):
        m = n // 2
        return [_E(n, [(j, j, 1), (m + j, m + j, -1)]) for j in range(m)], "split"
    if kind == "identity" and n >= 2 and G == catalogue.SL(n):
        return [_E(n, [(j, j, 1), (n - 1, n - 1, -1)]) for j in range(n - 1)], "split"
    if kind == "identity" and G.is_complex and G in (unitary.SU(n) if n >= 2 else None, unitary.U(n)):
        K = G.domain                        # i(E_jj - E_nn) (SU), i E_jj (U): -i dρ(H) has the
        i = linalg.imaginary_unit(K)        # integer weights as eigenvalues
        special = n >= 2 and G == unitary.SU(n)
        return [linalg.DomainMatrix({j: {j: i}, **({n - 1: {n - 1: -i}} if special else {})},
                                    (n, n), K).to_sparse()
                for j in range(n - 1 if special else n)], "hermitian"
    raise NoTorus(f"no torus generators known for {G!r} ({kind} component)")


def _coordinates(G, H):
    """Exact coefficients of ``H`` in the basis ``G.lie_generators``."""
    gens = G.lie_generators
    d = G.d
    cols = {}
    for k, L in enumerate(gens):
        for i, row in linalg._dod(L.to_sparse()).items():
            for j, x in row.items():
                cols.setdefault(i * d + j, {})[k] = x
    for i, row in linalg._dod(H).items():
        for j, x in row.items():
            cols.setdefault(i * d + j, {})[len(gens)] = x
    A = linalg.DomainMatrix(cols, (d * d, len(gens) + 1), G.domain)
    R, pivots = A.rref(method="GJ")
    if len(gens) in pivots:
        raise NoTorus("a torus generator is not in the Lie algebra (internal error)")
    r = linalg._dod(R)
    return {p: r.get(i, {}).get(len(gens), G.domain.zero) for i, p in enumerate(pivots)}


def _image(rep, G, H, hermitian=False):
    """``dρ(H)``; with ``hermitian`` (H = i·diag) ``-i dρ(H)``, which must then be rational."""
    K = G.domain
    M = linalg.zeros(rep.size, rep.size, K)
    for k, c in _coordinates(G, H).items():
        if c:
            D = rep.drho_gen(k).to_sparse()
            if not (D.domain.is_QQ or D.domain == K):
                raise NoTorus(f"{rep} has entries outside {K}")
            M = M + D.convert_to(K) * c
    if hermitian:
        M = M * (-linalg.imaginary_unit(K))
    if not K.is_QQ:
        if not all(len(x.to_list()) <= 1 for row in linalg._dod(M).values() for x in row.values()):
            raise NoTorus(f"{rep}: the torus acts with entries outside Q")
        M = linalg.DomainMatrix({i: {j: (x.to_list() or [linalg.QQ(0)])[0] for j, x in row.items()}
                                 for i, row in linalg._dod(M).items()}, M.shape, linalg.QQ)
    return M


def _factors(M):
    """The irreducible factors ``[(f, e)]`` of the exact characteristic polynomial over Q."""
    cp = M.to_dense().charpoly()                               # highest degree first
    poly = flint.fmpq_poly([flint.fmpq(int(c.numerator), int(c.denominator)) for c in reversed(cp)])
    return poly.factor()[1]


def _roots(M, style):
    """``{value: multiplicity}``: integer eigenvalues (split), or ``μ >= 0`` for the pairs
    ``±iμ`` (compact; ``0`` counts single eigenvalues 0).  Raises :class:`NoTorus` unless
    ``M`` acts diagonalisably: the square-free part of its characteristic polynomial must
    annihilate it (a Jordan block would otherwise be counted as distinct weights)."""
    if M.shape[0] == 0:
        return {}
    facs = _factors(M)
    if not _annihilates(facs, M):
        raise NoTorus("a torus generator does not act diagonalisably: not a rep of the compact "
                      "torus (a Jordan block)")
    out = {}
    for f, e in facs:
        c = [Fraction(int(q.p), int(q.q)) for q in f.coeffs()]       # low -> high
        if f.degree() == 1:
            root = -c[0] / c[1]
            if root.denominator != 1 or (style == "compact" and root != 0):
                raise NoTorus(f"eigenvalue {root} is not a weight")
            out[int(root)] = out.get(int(root), 0) + e
        elif f.degree() == 2 and style == "compact" and c[1] == 0:
            sq = c[0] / c[2]
            mu = _isqrt(sq)
            out[mu] = out.get(mu, 0) + e
        else:
            raise NoTorus(f"the factor {f} of a characteristic polynomial is not a weight factor")
    return out


def _isqrt(q):
    if q.denominator != 1 or q.numerator <= 0:
        raise NoTorus(f"{q} is not a square of a nonzero integer")
    s = math.isqrt(q.numerator)
    if s * s != q.numerator:
        raise NoTorus(f"{q} is not a square of an integer")
    return s


def _decode(value, B, r):
    digits = []
    for _ in range(r):
        d = value % B
        if d > B // 2:
            d -= B
        digits.append(d)
        value = (value - d) // B
    if value != 0:
        raise NoTorus("weight out of the decoding range (internal error)")
    return tuple(digits)


def _annihilates(facs, M):
    """The product of the distinct factors ``facs`` evaluated at ``M`` is zero."""
    n = M.shape[0]
    sf = flint.fmpq_poly([1])
    for f, _ in facs:
        sf *= f
    coeffs = [Fraction(int(q.p), int(q.q)) for q in sf.coeffs()]
    acc = linalg.zeros(n, n)
    for c in reversed(coeffs):                         # Horner: acc = acc·M + c·I
        acc = acc.matmul(M) + linalg.identity(n) * linalg.QQ(c.numerator, c.denominator)
    return linalg.is_zero(acc)


def _weights_of(mats, style):
    r = len(mats)
    if not mats or mats[0].shape[0] == 0:
        return {(0,) * r: mats[0].shape[0]} if not mats else {}
    bound = max((abs(v) for M in mats for v in _roots(M, style)), default=0)
    B = 2 * bound + 1
    H = mats[0]
    for j in range(1, r):
        H = H + mats[j] * linalg.QQ(B ** j)
    out = {}
    for v, m in _roots(H, style).items():
        if style == "compact" and v:
            for w in (_decode(v, B, r), _decode(-v, B, r)):
                out[w] = out.get(w, 0) + m
        else:
            w = _decode(v, B, r)
            out[w] = out.get(w, 0) + m
    return out


def _restrict(M, S):
    """The action ``X`` of ``M`` on the invariant subspace spanned by the rows of ``S``:
    ``M Sᵀ = Sᵀ X``, read on the rows ``P`` (the pivot columns of ``S``) where ``Sᵀ`` is
    invertible."""
    _, P = S.rref(method="GJ")
    k = len(P)
    St, MS = linalg._dod(S.transpose()), linalg._dod(M.matmul(S.transpose()))
    sub = linalg.DomainMatrix({a: dict(St.get(p, {})) for a, p in enumerate(P)}, (k, k), linalg.QQ)
    top = linalg.DomainMatrix({a: dict(MS.get(p, {})) for a, p in enumerate(P)}, (k, k), linalg.QQ)
    return linalg.inverse(sub).matmul(top)


def weights(rep, G, kind):
    """``{weight: multiplicity}`` of ``rep`` on the torus of component ``kind`` of ``G``;
    on the ``"reflection"`` component of O(n), ``{weight: signed multiplicity}`` (the
    character at ``r·t`` is ``Σ mult · z^w``).  Memoised on the rep.

    >>> import symequiv as se
    >>> weights(se.V(se.SO(3)), se.SO(3), "identity") == {(-1,): 1, (0,): 1, (1,): 1}
    True
    """
    memo = rep._memo.setdefault("torus_weights", {})
    if kind in memo:
        return memo[kind]
    Hs, style = torus_generators(G, kind)
    mats = [_image(rep, G, H, hermitian=style == "hermitian") for H in Hs]
    style = "split" if style == "hermitian" else style
    if kind != "reflection":
        out = _weights_of(mats, style)
    else:
        rho_r = rep.rho_gen(0).to_sparse()
        if not rho_r.domain.is_QQ:
            raise NoTorus(f"{rep} has entries outside Q")
        if not linalg.is_identity(rho_r.matmul(rho_r)) or any(
                rho_r.matmul(M) != M.matmul(rho_r) for M in mats):
            raise NoTorus("the reflection's image does not square to 1 or does not commute with the "
                          "torus of its centraliser: not a rep of O(n)")
        out = {}
        for s in (1, -1):
            S = linalg.nullspace(rho_r - linalg.identity(rep.size) * linalg.QQ(s))
            if S.shape[0] == 0:
                continue
            part = _weights_of([_restrict(M, S) for M in mats], style) if mats else {(): S.shape[0]}
            for w, m in part.items():
                out[w] = out.get(w, 0) + s * m
    memo[kind] = out
    return out
