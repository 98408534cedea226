"""Complex number fields: deciding whether a field is real, complex conjugation, real and
imaginary parts, and the complex float edge.

A field here is ``QQ`` or SymPy's ``QQ<α>``, embedded in C by the SymPy number ``α``.  It is
*real* when ``α`` is real (then every element is).  For the complex fields symequiv builds
(``Q(i)`` for SU(n) and U(n), or ``F(i)`` with ``F`` real), complex conjugation maps the field
to itself; it is computed exactly as the field automorphism ``α ↦ conj(α)``, written once as
an element of the field, so conjugating a matrix costs one polynomial evaluation per distinct
entry and no SymPy simplification.

Examples
--------
>>> from sympy import I
>>> from symequiv import linalg
>>> K = linalg.number_field([I])
>>> is_real_field(K), is_real_field(linalg.QQ)
(False, True)
>>> M = linalg.matrix([[1 + 2 * I, 3]], domain=K)
>>> linalg.to_lists(conjugate(M))
[[1 - 2*I, 3]]
>>> [linalg.to_lists(P) for P in real_imag(M)]
[[[1, 3]], [[2, 0]]]
"""

from typing import Any
from functools import lru_cache

import numpy as np

from .matrices import QQ, DomainMatrix, _dod, _coeffs
from ..errors import NotExactError

__all__ = ["is_real_field", "imaginary_unit", "conjugate", "conjugate_element", "real_imag",
           "is_real_matrix", "to_complex", "to_complex_numpy"]


def _field_id(K):
    return (str(K.ext.as_expr()), tuple(str(c) for c in K.mod.to_list()))


@lru_cache(maxsize=64)
def _real_by_id(alpha_text, _mod):
    from sympy import sympify, im
    return bool(im(sympify(alpha_text)).equals(0))


def is_real_field(K):
    """True if every element of ``K`` is real (``QQ``, or ``QQ<α>`` with ``α`` real), decided
    exactly from ``α``.

    >>> from sympy import sqrt, I
    >>> from symequiv import linalg
    >>> is_real_field(linalg.number_field([sqrt(2)])), is_real_field(linalg.number_field([I]))
    (True, False)
    """
    if K.is_QQ or K.is_ZZ:
        return True
    if K not in _REAL:              # decided once per field, on α itself (no print-and-parse)
        from sympy import im
        try:
            real = im(K.ext.as_expr()).equals(0)
        except Exception:           # pragma: no cover - fall back to the text route
            real = None
        # undecided (None): the text route, never a guess
        _REAL[K] = _real_by_id(*_field_id(K)) if real is None else bool(real)
    return _REAL[K]


_REAL: dict[Any, bool] = {}


_CONJ: dict[Any, Any] = {}


def _conj_alpha(K):
    """``conj(α)`` as an element of ``K``; a typed error if ``K`` is not closed under
    conjugation."""
    fid = _field_id(K)
    if fid not in _CONJ:
        from sympy import conjugate as sconj
        try:
            _CONJ[fid] = K.from_sympy(sconj(K.ext.as_expr()))
        except Exception:
            raise NotExactError(
                f"the field {K} is not closed under complex conjugation, so conj() and realify() "
                f"are not defined over it; build the group over Q(i) or a field F(i) with F real."
            ) from None
    return _CONJ[fid]


def imaginary_unit(K):
    """``i`` as an element of ``K``, or a typed error if ``K`` does not contain it.

    >>> from sympy import I
    >>> from symequiv import linalg
    >>> imaginary_unit(linalg.number_field([I])).to_list()
    [1, 0]
    """
    from sympy import I
    try:
        return K.from_sympy(I)
    except Exception:
        raise NotExactError(f"the field {K} does not contain i; realify() needs it.") from None


def conjugate_element(x, K):
    """Complex conjugate of the element ``x`` of ``K`` (``x`` itself over a real field)."""
    if is_real_field(K):
        return x
    beta = _conj_alpha(K)
    out = K.zero
    for c in x.to_list():                       # Horner in conj(α), coefficients rational
        out = out * beta + K.convert(c)
    return out


def conjugate(M):
    """The entrywise complex conjugate of a ``DomainMatrix`` (the same matrix over a real
    field).

    >>> from symequiv import linalg
    >>> conjugate(linalg.identity(2)) == linalg.identity(2)
    True
    """
    K = M.domain
    if is_real_field(K):
        return M
    memo, dod = {}, {}
    for i, row in _dod(M.to_sparse()).items():
        out = {}
        for j, x in row.items():
            c = _coeffs(x, K)
            if c not in memo:
                memo[c] = conjugate_element(x, K)
            out[j] = memo[c]
        dod[i] = out
    return DomainMatrix(dod, M.shape, K)


def real_imag(M):
    """``(Re M, Im M)`` as matrices over ``M``'s field (their entries are real elements of it).

    >>> from symequiv import linalg
    >>> real_imag(linalg.identity(1))[1] == linalg.zeros(1, 1)
    True
    """
    K = M.domain
    if is_real_field(K):
        return M, DomainMatrix({}, M.shape, K)
    C = conjugate(M)
    i = imaginary_unit(K)
    half = K.convert(QQ(1, 2))
    re = (M + C) * half
    im = (M - C) * K.quo(half, i)
    return re, im


def is_real_matrix(M):
    """True if every entry of ``M`` is real (exactly: ``M`` equals its conjugate)."""
    return is_real_field(M.domain) or conjugate(M) == M.to_sparse()


@lru_cache(maxsize=64)
def _alpha_complex(alpha_text, _mod):
    import mpmath
    from sympy import sympify
    with mpmath.workdps(60):
        return mpmath.mpc(sympify(alpha_text).evalf(60))


def to_complex(x, K):
    """The complex float nearest to an exact element (the float edge for complex fields)."""
    if K.is_QQ:
        return complex(int(x.numerator) / int(x.denominator))
    import mpmath
    alpha = _alpha_complex(*_field_id(K))
    with mpmath.workdps(60):
        v = mpmath.mpc(0)
        for c in x.to_list():
            v = v * alpha + mpmath.mpf(int(c.numerator)) / int(c.denominator)
        return complex(v)


def to_complex_numpy(M, dtype=np.complex128):
    """Dense complex numpy array of ``M`` (any field).

    >>> from sympy import I
    >>> from symequiv import linalg
    >>> to_complex_numpy(linalg.matrix([[I]], domain=linalg.number_field([I])))
    array([[0.+1.j]])
    """
    m, n = M.shape
    K = M.domain
    out = np.zeros((m, n), dtype=dtype)
    memo = {}
    for i, row in _dod(M.to_sparse()).items():
        for j, x in row.items():
            c = _coeffs(x, K)
            if c not in memo:
                memo[c] = to_complex(x, K)
            out[i, j] = memo[c]
    return out
