"""Irreducibility of quaternion type, proved: a 4-dim non-commutative commutant over Q.

A piece ``W`` of a completely reducible rep is irreducible exactly when ``End_G(W)`` is a
division algebra.  A commutant that is a field proves it (the decomposition's usual road); a
4-dimensional non-commutative one is a quaternion algebra ``(a, b)_Q``: it has ``i, j`` with
``i² = a``, ``j² = b``, ``ij = -ji``, and it is either ``M_2(Q)`` (then ``W = U ⊕ U``) or a
division algebra (then ``W`` is irreducible: Q8 on Hamilton's quaternions, ``(-1, -1)``).
Which one is decided by Hilbert symbols: ``(a, b)_Q`` splits iff ``(a, b)_v = 1`` at every place
``v`` (the prime divisors of ``2ab`` and the real place), by Hasse–Minkowski.

>>> hilbert_symbol(-1, -1, 0), hilbert_symbol(-1, -1, 2), hilbert_symbol(-1, -1, 3)
(-1, -1, 1)
>>> is_division_algebra(-1, -1), is_division_algebra(1, 5), is_division_algebra(-1, 3)
(True, False, True)
"""

from fractions import Fraction

from sympy import factorint

from .. import linalg

__all__ = ["hilbert_symbol", "is_division_algebra", "quaternion_division", "quaternion_zero_divisor",
           "FACTOR_LIMIT"]

#: Largest |numerator · denominator| of ``a`` or ``b`` that is factored for the Hilbert symbols
#: (a commutant in a random rational basis can give 100-digit squares; no proof is tried then).
FACTOR_LIMIT = 10 ** 24


def _squarefree(x):
    """A squarefree integer in the class of the nonzero rational ``x`` modulo squares."""
    x = Fraction(x)
    n = x.numerator * x.denominator            # x · denominator², same square class
    sign = -1 if n < 0 else 1
    out = 1
    for p, e in factorint(abs(n)).items():
        if e % 2:
            out *= p
    return sign * out


def _split_p(x, p):
    """``(valuation, unit)`` of the nonzero integer ``x`` at the prime ``p``."""
    v = 0
    while x % p == 0:
        x //= p
        v += 1
    return v, x


def _legendre(u, p):
    r = pow(u % p, (p - 1) // 2, p)
    return -1 if r == p - 1 else 1


def hilbert_symbol(a, b, p):
    """The Hilbert symbol ``(a, b)_p`` of nonzero integers at the prime ``p``, or at the real
    place for ``p = 0``: 1 when ``z² = a x² + b y²`` has a nonzero solution there, else -1."""
    if p == 0:
        return -1 if a < 0 and b < 0 else 1
    alpha, u = _split_p(a, p)
    beta, v = _split_p(b, p)
    if p != 2:
        s = (-1) ** (alpha * beta * ((p - 1) // 2))
        if beta % 2:
            s *= _legendre(u, p)
        if alpha % 2:
            s *= _legendre(v, p)
        return s

    def eps(x):
        return ((x - 1) // 2) % 2

    def omega(x):
        return ((x * x - 1) // 8) % 2
    return (-1) ** ((eps(u) * eps(v) + alpha * omega(v) + beta * omega(u)) % 2)


def is_division_algebra(a, b):
    """Whether the quaternion algebra ``(a, b)_Q`` (``a, b`` nonzero rationals) is a division
    algebra: some Hilbert symbol is -1."""
    a, b = _squarefree(a), _squarefree(b)
    places = {0, 2} | set(factorint(abs(a))) | set(factorint(abs(b)))
    return any(hilbert_symbol(a, b, p) == -1 for p in sorted(places))


def _scalar(M):
    """The rational ``s`` with ``M = s·I``, or None."""
    n = M.shape[0]
    s = M[0, 0].element
    if M != linalg.identity(n, M.domain).to_dense() * M.domain.convert(s):
        return None
    return s


def _standard_basis(E, K):
    """``(i, j, a, b)`` with ``i² = a``, ``j² = b``, ``ij = -ji`` (``a, b`` nonzero Fractions)
    in the commutant with basis ``E``, or None when it is not of that form."""
    if not K.is_QQ or len(E) != 4:
        return None
    E = [e.to_dense() for e in E]
    n = E[0].shape[0]
    one = linalg.identity(n, K).to_dense()
    i = None
    for x in E:
        cand = x - one * K.convert(linalg.trace(x) / n)
        if not linalg.is_zero(cand.to_sparse()):
            i = cand
            break
    if i is None:
        return None
    a = _scalar(i * i)
    if a is None or a == 0:
        return None
    for y in E:
        j = y * i - i * y
        if linalg.is_zero(j.to_sparse()):
            continue
        b = _scalar(j * j)
        if b is None or b == 0:
            return None
        a, b = (Fraction(int(x.numerator), int(x.denominator)) for x in (a, b))
        return i, j, a, b
    return None                                   # commutative: not a quaternion algebra


def quaternion_division(E, K):
    """Whether the commutant with basis ``E`` (4 matrices over ``K``) is a quaternion division
    algebra over Q, proved exactly: ``i = x - tr(x)/n`` squares to a scalar ``a``, ``j = y i - i y``
    anticommutes with ``i`` and squares to a scalar ``b``, and ``(a, b)_Q`` is a division algebra.
    False when ``E`` is not of that form (a commutative algebra, another field, ``M_2(Q)``)."""
    found = _standard_basis(E, K)
    if found is None:
        return False
    _, _, a, b = found
    return _factorable(a, b) and is_division_algebra(a, b)


def _factorable(a, b):
    """Whether ``a`` and ``b`` are small enough to factor for the Hilbert symbols (factoring
    could take minutes: no proof is tried past :data:`FACTOR_LIMIT`)."""
    return max(abs(x.numerator) * x.denominator for x in (a, b)) <= FACTOR_LIMIT


def quaternion_zero_divisor(E, K):
    """A nonzero singular element of the commutant with basis ``E`` when it is the split
    quaternion algebra ``M_2(Q)`` (then ``W = U ⊕ U`` and its image is a proper submodule), or
    None.  With ``i² = a``, ``j² = b``: ``q = z + x i + y j`` has reduced norm
    ``z² - a x² - b y²``, zero at a rational point of that conic (Legendre; SymPy's
    ``diop_ternary_quadratic_normal``), and an element of norm 0 is a zero divisor.

    >>> from symequiv import linalg
    >>> E = [linalg.matrix(m) for m in ([[1, 0], [0, 1]], [[1, 0], [0, -1]],
    ...                                  [[0, 1], [1, 0]], [[0, 1], [-1, 0]])]     # M_2(Q)
    >>> q = quaternion_zero_divisor(E, linalg.QQ)
    >>> q is not None and q.rank() == 1
    True
    """
    found = _standard_basis(E, K)
    if found is None:
        return None
    i, j, a, b = found
    if not _factorable(a, b) or is_division_algebra(a, b):
        return None
    from sympy import symbols
    from sympy.solvers.diophantine.diophantine import diop_ternary_quadratic_normal
    X, Y, Z = symbols("X Y Z", integer=True)
    # a x² = (a_n a_d)(x / a_d)²: integer coefficients A, B, and x = a_d X, y = b_d Y
    A, B = a.numerator * a.denominator, b.numerator * b.denominator
    sol = diop_ternary_quadratic_normal(A * X ** 2 + B * Y ** 2 - Z ** 2)
    if sol is None or sol[0] is None:
        return None
    x, y, z = (Fraction(int(t)) for t in sol)
    x, y = x * a.denominator, y * b.denominator
    n = i.shape[0]
    one = linalg.identity(n, K).to_dense()
    q = one * K.convert(z) + i * K.convert(x) + j * K.convert(y)
    return None if q.rank() in (0, n) else q
