"""Characteristic and minimal polynomials of exact matrices, their factors, and the primary
decomposition of the space they act on.

>>> from symequiv import linalg
>>> M = linalg.matrix([[0, 1], [1, 0]])
>>> [(c, m) for c, m in charpoly_factors(M)]
[([1, -1], 1), ([1, 1], 1)]
"""

import flint
from sympy import Poly, Symbol
from sympy.polys.polyclasses import DMP

from . import matrices as mx
from .elimination import rank, nullspace
from .products import dense, mul
from .subspaces import kernel

__all__ = ["charpoly_factors", "primary_components", "poly_at"]

_x = Symbol("x")


def _minpoly_field(M):
    """Minimal polynomial over a number field (monic, high -> low) by Krylov sequences of
    seeded rational vectors, checked exactly (``m(M) = 0``)."""
    import random
    K = M.domain
    n = M.shape[0]
    rng = random.Random(n)
    m = None
    for _ in range(n + 1):
        v = mx.DomainMatrix([[K.convert(rng.randint(-9, 9))] for _ in range(n)], (n, 1), K).to_dense()
        cols = [v]
        while True:
            w = mul(M, cols[-1])
            X = mx.hstack([c.to_sparse() for c in cols + [w]])
            if rank(X) < len(cols) + 1:
                a = mx._dod(nullspace(X))[0]
                lead = a[len(cols)]
                coeffs = [a.get(k, K.zero) / lead for k in range(len(cols), -1, -1)]
                break
            cols.append(w)
        P = Poly.new(DMP(coeffs, K), _x)
        m = P if m is None else m.lcm(P).monic()
        if mx.is_zero(poly_at(m.rep.to_list(), M).to_sparse()):
            return m
    raise ArithmeticError("minimal polynomial not found (internal error)")


#: Seconds per n^4 of python-flint's characteristic polynomial of an n x n rational matrix with
#: small entries (measured on 2 cores: n = 200 in 0.24 s, 300 in 1.25 s, 400 in 4.1 s).
CHARPOLY_SECONDS_PER_N4 = 1.6e-10


def charpoly_factors(M):
    """Irreducible factors of the characteristic polynomial of ``M`` over its field, as
    ``[(monic coefficients high -> low, multiplicity)]`` in a deterministic order
    (degree, then coefficients).

    >>> from symequiv import linalg
    >>> charpoly_factors(linalg.matrix([[1, 1], [0, 1]]))
    [([1, -1], 2)]
    """
    from ..budget import checkpoint
    K = M.domain
    D = dense(M)
    if K.is_QQ:
        # one call into flint that no budget can interrupt: refused ahead when it would end
        # past a deadline (about 4 s for n = 400 and small integer entries, growing as n^4)
        n = D.shape[0]
        checkpoint(f"the characteristic polynomial of a {n}x{n} matrix",
                   ahead=CHARPOLY_SECONDS_PER_N4 * float(n) ** 4)
        cp = D.rep.rep.charpoly()                     # flint fmpq_poly, coefficients low -> high
        _, facs = flint.fmpq_poly(cp).factor()
        out = []
        for f, e in facs:
            c = [mx.QQ(int(q.p), int(q.q)) for q in flint.fmpq_poly(f).coeffs()]
            lead = c[-1]
            out.append(([x / lead for x in reversed(c)], int(e)))
    else:          # factors of the minimal polynomial (their kernels are the same spaces)
        P = _minpoly_field(D)
        out = []
        for f, e in P.factor_list()[1]:
            c = f.rep.to_list()
            out.append(([x / c[0] for x in c], int(e)))
    return sorted(out, key=lambda fe: (len(fe[0]), [_text(c) for c in fe[0]], fe[1]))


def _text(c):
    return str(c) if not hasattr(c, "to_list") else str([str(q) for q in c.to_list()])


def primary_components(M):
    """``[(p, B)]``: for each irreducible factor ``p`` of the characteristic polynomial of
    ``M``, columns ``B`` spanning its generalised kernel ``ker p(M)^k`` (k large enough).
    The spaces are invariant under everything commuting with ``M`` and sum to the whole space.

    >>> from symequiv import linalg
    >>> [(p, B.shape[1]) for p, B in primary_components(linalg.matrix([[2, 1], [0, 2]]))]
    [([1, -2], 2)]
    """
    K = M.domain
    out = []
    for coeffs, mult in charpoly_factors(M):
        B = kernel(poly_at(coeffs, M))
        # over QQ ``mult`` is the algebraic multiplicity (B complete iff its dimension is
        # deg p * mult); over a number field it is the exponent in the minimal polynomial
        complete = B.shape[1] == (len(coeffs) - 1) * mult if K.is_QQ else mult == 1
        if not complete:
            B = kernel(poly_at(coeffs, M, mult))
        out.append((coeffs, B))
    return out


def poly_at(coeffs, M, power=1):
    """``p(M) ** power`` for ``p`` given by coefficients high -> low, dense; by Paterson and
    Stockmeyer's scheme: the powers ``M⁰ … Mᵏ`` (``k ≈ √deg``), each chunk of ``k``
    coefficients a combination of them, then Horner in ``Mᵏ`` -- about ``2√deg`` matrix
    products instead of ``deg`` (a degree-200 factor of a 200 x 200 commutant element: 28
    products, not 200).  A budget checkpoint per product (:mod:`symequiv.budget`).

    >>> from symequiv import linalg
    >>> M = linalg.matrix([[0, 1], [-1, 0]])                 # M² = -I
    >>> linalg.to_lists(poly_at([1, 0, 1], M)), linalg.to_lists(poly_at([1, 1], M, 2))
    ([[0, 0], [0, 0]], [[0, 2], [-2, 0]])
    """
    from ..budget import checkpoint
    K = M.domain
    n = M.shape[0]
    D = dense(M)
    one = mx.identity(n, K).to_dense()
    if power == 0:
        return one
    if not coeffs:                                     # the zero polynomial
        return one * K.zero
    d = len(coeffs) - 1
    low = list(reversed(coeffs))                       # low -> high: p = Σ low[i] x^i
    k = max(1, int(d ** 0.5))
    powers = [one]
    for _ in range(min(k, d)):
        powers.append(mul(powers[-1], D))
        checkpoint("a polynomial in a matrix")

    def chunk(j):                                      # Σ_{i<k} low[jk + i] M^i
        acc = None
        for i in range(k):
            t = j * k + i
            if t > d:
                break
            c = low[t]
            if c:
                term = powers[i] * c
                acc = term if acc is None else acc + term
        return acc if acc is not None else one * K.zero

    if d < k or d == 0:
        R = chunk(0)
    else:
        top = d // k
        R = chunk(top)
        step = powers[k]
        for j in range(top - 1, -1, -1):               # Horner in M^k
            R = mul(R, step) + chunk(j)
            checkpoint("a polynomial in a matrix")
    out = R
    for _ in range(power - 1):
        out = mul(out, R)
        checkpoint("a power of a polynomial in a matrix")
    return out
