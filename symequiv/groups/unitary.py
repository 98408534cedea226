"""The unitary groups U(n) and SU(n) on C^n, exact over Q(i).

Both are connected, so a basis of the Lie algebra is all the solver needs.  The generators
are EMLP's (``emlp.groups.U`` / ``SU``), written exactly: for ``j < k`` the real antisymmetric
``E_jk - E_kj`` and the imaginary symmetric ``i (E_jk + E_kj)``; on the diagonal ``i E_kk``
(U(n)) or the traceless ``i (E_kk - E_{k+1,k+1})`` (SU(n): EMLP uses ``i(E_kk - Σ_{j≠k}
E_jj/(n-1))``, which spans the same Cartan subalgebra).  The entries lie in ``Q(i)``, so the
defining rep ``V`` is *complex*: Hom spaces are counted over C, bases are exact over Q(i),
``V.conj()`` is the conjugate rep (for these groups it equals the dual ``V.T``) and
``V.realify()`` the real rep on R^{2n}.

Examples
--------
>>> import symequiv as se
>>> G = SU(2)
>>> G.d, len(G.lie_generators), G.is_complex
(2, 3, True)
>>> V = se.V(G)
>>> se.equivariant_basis(V * V, se.Scalar).dim      # the ε tensor
1
>>> se.equivariant_basis(se.V(U(1)) * se.V(U(1)).T, se.Scalar).dim
1
"""

from .. import limits, linalg
from ..errors import InvalidGeneratorError
from .matrix import MatGroup

__all__ = ["SU", "U", "gaussian_field"]


def gaussian_field():
    """The field ``Q(i)`` (SymPy's ``QQ<I>``).

    >>> gaussian_field()
    QQ<I>
    """
    from sympy import I
    return linalg.number_field([I])


def _check(n, name, minimum):
    import numpy as np
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidGeneratorError(f"{name}(n) needs an int n, got {n!r}.")
    if n < minimum:
        hint = " (SU(1) is the trivial group: use Trivial(1))" if name == "SU" else ""
        raise InvalidGeneratorError(f"{name}(n) needs n >= {minimum}, got {n}{hint}.")
    n = int(n)
    limits.check(n, "MAX_MATRIX_SIZE", f"{name}({n}) acts on C^{n}")
    limits.check(2 * n * n, "MAX_LIE_ENTRIES",
                 f"{name}({n}) has about {2 * n * n:,} nonzero Lie-algebra generator entries")
    return n


def _generators(n, special):
    K = gaussian_field()
    i = linalg.imaginary_unit(K)
    one = K.one

    def mat(entries):
        dod = {}
        for r, c, v in entries:
            dod.setdefault(r, {})[c] = v
        return linalg.DomainMatrix(dod, (n, n), K)
    gens = []
    for j in range(n):
        for k in range(j + 1, n):
            gens.append(mat([(j, k, one), (k, j, -one)]))
            gens.append(mat([(j, k, i), (k, j, i)]))
    if special:
        gens += [mat([(k, k, i), (k + 1, k + 1, -i)]) for k in range(n - 1)]
    else:
        gens += [mat([(k, k, i)]) for k in range(n)]
    return gens


def SU(n: int) -> MatGroup:
    """Special unitary group SU(n) on C^n (n >= 2), Lie algebra exact over Q(i).

    >>> SU(3).d, len(SU(3).lie_generators)
    (3, 8)
    """
    n = _check(n, "SU", 2)
    return MatGroup(n, [], _generators(n, True), f"SU({n})")


def U(n: int) -> MatGroup:
    """Unitary group U(n) on C^n (n >= 1), Lie algebra exact over Q(i).

    >>> U(1).lie_generators[0].to_Matrix()
    Matrix([[I]])
    """
    n = _check(n, "U", 1)
    return MatGroup(n, [], _generators(n, False), f"U({n})")
