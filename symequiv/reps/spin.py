"""Spin: the irreducible representations of SU(2), Clebsch–Gordan maps, and spin 1 as vectors.

The spin-``j`` irrep (``j = 0, 1/2, 1, 3/2, ...``, dimension ``2j + 1``) is built on the
homogeneous polynomials of degree ``2j`` in the coordinates ``x, y`` of C²: the basis vector
``|j, m⟩`` (``m = j, j-1, ..., -j``, in that order) is the monomial ``x^{j+m} y^{j-m}``, a
``J_z`` eigenvector of eigenvalue ``m``.  The generators of ``su(2)`` act as derivations, so
every matrix entry is a Gaussian integer: exact over Q(i), no square roots (the physicists'
normalised ``|j, m⟩`` differ from these by the positive factors ``sqrt(binom(2j, j+m))``,
which is why their Clebsch–Gordan coefficients need square roots and ours do not).

* :func:`spin` -- the irrep (also ``se.irrep(se.SU(2), "1/2")``);
* :func:`clebsch_gordan` -- the exact basis of ``Hom(spin j1 ⊗ spin j2, spin J)``: one map when
  ``|j1 - j2| <= J <= j1 + j2`` and ``j1 + j2 - J`` is an integer, none otherwise;
* :func:`spin1_to_vector` -- the exact change of basis ``P`` with ``P dρ_1(A) P⁻¹ = ad(A)``,
  ``ad(A)`` real antisymmetric 3 x 3 matrices spanning so(3): spin 1 is ``V(SO(3)) ⊗ C``
  through the double cover SU(2) → SO(3).

>>> import symequiv as se
>>> s = spin("1/2")
>>> s.size, s == spin(Fraction(1, 2)), se.equivariant_basis(s, se.V(se.SU(2))).dim
(2, True, 1)
>>> clebsch_gordan(1, "1/2", "3/2").dim, clebsch_gordan(1, 1, 3).dim
(1, 0)
"""

import re
from fractions import Fraction
from math import comb

import numpy as np

from .. import limits, linalg
from ..errors import GroupMismatchError, ParseError
from .explicit import ExplicitRep

__all__ = ["spin", "clebsch_gordan", "spin1_to_vector", "spin_value", "MAX_SPIN"]

#: The largest spin built (dimension 2j + 1 = 201).
MAX_SPIN = 100


def spin_value(j):
    """``j`` as a ``Fraction`` with ``2j`` a non-negative integer (ints, ``Fraction``, ``"3/2"``,
    ``"1"``, SymPy rationals); a :class:`~symequiv.errors.ParseError` otherwise.

    >>> spin_value("3/2"), spin_value(2)
    (Fraction(3, 2), Fraction(2, 1))
    """
    if isinstance(j, bool):
        raise ParseError(f"a spin must be 0, 1/2, 1, 3/2, ...; got {j!r}.")
    try:
        if isinstance(j, str):
            if not re.fullmatch(r"\s*\d+(\s*/\s*\d+)?\s*", j):    # "0.5", "1e0": not a fraction
                raise ValueError
            v = Fraction(j.replace(" ", ""))
        elif isinstance(j, (int, Fraction, np.integer)):
            v = Fraction(int(j)) if isinstance(j, np.integer) else Fraction(j)
        elif hasattr(j, "p") and hasattr(j, "q"):          # sympy Rational
            v = Fraction(int(j.p), int(j.q))
        else:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise ParseError(f"a spin must be 0, 1/2, 1, 3/2, ... (an int, a Fraction or a string "
                         f"such as '1/2'); got {j!r}.") from None
    if v < 0 or (2 * v).denominator != 1:
        raise ParseError(f"a spin must be a non-negative multiple of 1/2, got {v}.")
    limits.check(int(2 * v) + 1, "MAX_MATRIX_SIZE", f"spin {v} has dimension {int(2 * v) + 1}")
    if v > MAX_SPIN:
        from ..errors import ProblemTooLargeError
        raise ProblemTooLargeError(f"spin {v} exceeds symequiv.reps.spin.MAX_SPIN = {MAX_SPIN}.")
    return v


def _su2(G):
    from ..groups.unitary import SU
    if G is None:
        return SU(2)
    if G != SU(2):
        raise GroupMismatchError(f"spin irreps are representations of SU(2), not {G!r}.")
    return G


def _text(v):
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def spin(j, group=None):
    """The spin-``j`` irrep of ``SU(2)`` on ``|j, m⟩ = x^{j+m} y^{j-m}``, ``m = j, ..., -j``.

    Every Lie-algebra generator ``A`` (a 2 x 2 matrix acting on ``(x, y)``) acts on a monomial
    as the derivation ``x^a y^b ↦ a x^{a-1} y^b (A e_x) + b x^a y^{b-1} (A e_y)``, written back
    in the monomial basis.

    >>> S = spin(1)              # the last generator i·diag(1, -1) is 2i J_z: eigenvalues 2i m
    >>> [int(x) for x in S.drho_gen(2).to_Matrix().diagonal() / __import__('sympy').I]
    [2, 0, -2]
    """
    v = spin_value(j)
    G = _su2(group)
    d = int(2 * v)
    K = G.domain
    lie = []
    for A in G.lie_generators:
        a = linalg._dod(A.to_sparse())                   # A e_c = Σ_r A[r][c] e_r
        dod = {}
        for col in range(d + 1):                          # monomial x^(d-col) y^col
            px, py = d - col, col
            for c, power in ((0, px), (1, py)):
                if not power:
                    continue
                for r, coeff in ((r, row[c]) for r, row in a.items() if c in row):
                    ny = py - (c == 1) + (r == 1)         # one x or y replaced: x^(d-ny) y^ny
                    row_index = ny                        # has index ny
                    val = coeff * K.convert(linalg.QQ(power))
                    cur = dod.setdefault(row_index, {})
                    cur[col] = cur.get(col, K.zero) + val
        dod = {i: {k: x for k, x in row.items() if x} for i, row in dod.items()}
        lie.append(linalg.DomainMatrix({i: r for i, r in dod.items() if r}, (d + 1, d + 1), K))
    return ExplicitRep(G, [], lie, f"spin({_text(v)})")


def clebsch_gordan(j1, j2, J, group=None):
    """Exact basis of ``Hom_SU(2)(spin j1 ⊗ spin j2, spin J)`` (dimension 0 or 1 by the
    Clebsch–Gordan rule), solved and certified like any Hom space.

    >>> clebsch_gordan("1/2", "1/2", 0).dim, clebsch_gordan("1/2", "1/2", 1).dim
    (1, 1)
    """
    from ..solve import equivariant_basis
    G = _su2(group)
    return equivariant_basis(spin(j1, G) * spin(j2, G), spin(J, G))


def _adjoint(G):
    """The adjoint rep of SU(2) on su(2) in the basis of ``G.lie_generators``: ``ad(A_k)`` with
    ``[A_k, A_l] = Σ_m ad(A_k)[m, l] A_m`` (real rational matrices)."""
    K = G.domain
    gens = G.lie_generators
    n = len(gens)
    cols = {}                                  # coordinates of a matrix in the basis A_0..A_2
    for k, A in enumerate(gens):
        for i, row in linalg._dod(A.to_sparse()).items():
            for jj, x in row.items():
                cols.setdefault(i * 2 + jj, {})[k] = x
    basis = linalg.DomainMatrix(cols, (4, n), K).to_dense()
    mats = []
    for A in gens:
        dod = {}
        for l, B in enumerate(gens):
            C = A.matmul(B) - B.matmul(A)
            rhs = linalg.DomainMatrix({i * 2 + jj: {0: x} for i, row in linalg._dod(C.to_sparse()).items()
                                       for jj, x in row.items()}, (4, 1), K).to_dense()
            aug = basis.hstack(rhs).rref()[0]
            for m in range(n):
                x = aug[m, n].element
                if x:
                    dod.setdefault(m, {})[l] = x
        mats.append(linalg.DomainMatrix(dod, (n, n), K))
    return ExplicitRep(G, [], mats, "ad")


def spin1_to_vector(group=None):
    """``(P, ad)``: the adjoint rep ``ad`` of SU(2) (real rational 3 x 3 antisymmetric matrices,
    a basis of so(3): the vector rep of SO(3) through SU(2) → SO(3)) and the exact invertible
    ``P`` over Q(i) with ``P dρ_1(A) = ad(A) P`` for every generator, so
    ``spin(1) ≅ V(SO(3)) ⊗ C``.

    >>> P, ad = spin1_to_vector()
    >>> P.shape, all(linalg.is_real_matrix(M) for M in ad.generator_images[1])
    ((3, 3), True)
    """
    from ..solve import equivariant_basis
    import warnings
    from ..errors import ComplexificationWarning
    G = _su2(group)
    ad = _adjoint(G)
    with warnings.catch_warnings():           # complexifying ad is the point here
        warnings.simplefilter("ignore", ComplexificationWarning)
        B = equivariant_basis(spin(1, G), ad)
    if B.dim != 1:
        raise AssertionError(f"Hom(spin 1, ad) has dimension {B.dim}, expected 1 (Schur)")
    return B.map(0).to_dense(), ad


def monomial_norms(j):
    """``binom(2j, j+m)`` for ``m = j, ..., -j``: the squared norms that relate the monomial
    basis to the orthonormal ``|j, m⟩`` of physics (``|j,m⟩_phys = x^{j+m}y^{j-m} /
    sqrt(binom(2j, j+m))`` up to a common factor).

    >>> monomial_norms(1)
    [1, 2, 1]
    """
    d = int(2 * spin_value(j))
    return [comb(d, k) for k in range(d + 1)]
