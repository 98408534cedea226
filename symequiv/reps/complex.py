"""Complex representations: which reps are complex, the conjugate rep and realification.

A rep is *complex* when some generator acts by a matrix with a non-real entry (the defining
rep of ``SU(n)`` or ``U(n)``, over Q(i)); sums, tensor products and duals of reps are complex
when one of their parts is.  The solver works over the rep's field, so for complex reps Hom
is counted over C and bases are exact over Q(i); for real reps the basis is real.

* ``rep.conj()`` -- the conjugate rep ``ρ̄``.  For a unitary group (``SU(n)``, ``U(n)``)
  ``conj(ρ(g)) = ρ(g⁻¹)ᵀ`` holds exactly, so ``V.conj()`` *is* ``V.T``; otherwise it is an
  explicit rep with the conjugated generator images.
* ``rep.realify()`` -- the real rep of twice the size on ``(Re x, Im x)``:
  ``ρ_R = [[Re ρ, -Im ρ], [Im ρ, Re ρ]]``.  Its Hom spaces are counted over R, and its bases
  are real.
* Mixing a real rep with a complex one (``+``, ``*``, ``>>``, a Hom space) complexifies the
  real one, ``ρ ⊗_R C``, and says so with a :class:`~symequiv.errors.ComplexificationWarning`
  (the trivial rep ``Scalar`` is complexified silently: it is C for a complex rep).

Examples
--------
>>> import symequiv as se
>>> V = se.V(se.SU(2))
>>> V.is_complex, V.conj() == V.T, V.realify().size, V.realify().is_complex
(True, True, 4, False)
>>> se.equivariant_basis(V.realify(), V.realify()).dim     # End_SU(2)(C² as R⁴): the quaternions
4
"""

import warnings

from .. import linalg
from ..errors import ComplexificationWarning, RepresentationError
from .explicit import ExplicitRep

__all__ = ["is_complex", "conj", "realify", "ConjugateRep", "RealifiedRep", "real_atoms",
           "warn_if_mixed"]


def _matrix_complex(M):
    return not linalg.is_real_matrix(M)


def _group_complex(G):
    memo = G._memo
    if "complex_gens" not in memo:
        if not G.is_complex:
            memo["complex_gens"] = False
        else:
            mats = [G.defining_matrix(g) for g in G.discrete_generators]
            mats += [G.defining_algebra_matrix(A) for A in G.lie_generators]
            memo["complex_gens"] = any(_matrix_complex(M) for M in mats)
    return memo["complex_gens"]


def is_complex(rep):
    """True if some generator acts on ``rep`` by a matrix with a non-real entry.

    >>> import symequiv as se
    >>> is_complex(se.V(se.U(1)) * se.V(se.U(1)).T), is_complex(se.V(se.SO(3)))
    (True, False)
    """
    from .core import ScalarRep, DefiningRep, DualRep, SumRep, ProductRep, RestrictedRep
    memo = rep._memo
    if "complex" in memo:
        return memo["complex"]
    if isinstance(rep, (ScalarRep, RestrictedRep, RealifiedRep)):
        out = False
    elif isinstance(rep, DefiningRep):
        base = rep._base()
        out = _group_complex(base) if rep.factor is not None or not hasattr(base, "factors") \
            else any(_group_complex(f) for f in base.factors)
    elif isinstance(rep, DualRep) or hasattr(rep, "_sym"):     # duals, Sym^k, Λ^k
        out = is_complex(rep._inner)
    elif isinstance(rep, (SumRep, ProductRep)):
        out = any(is_complex(r) for r, _ in rep._runs)
    elif isinstance(rep, ExplicitRep):
        d, lie = rep.generator_images
        out = any(_matrix_complex(M) for M in d + lie)
    else:
        G = rep.group
        out = G is not None and G.is_complex and any(
            _matrix_complex(rep.rho_gen(k)) for k in range(len(G.discrete_generators))) or any(
            _matrix_complex(rep.drho_gen(k)) for k in range(len(G.lie_generators) if G else 0))
    memo["complex"] = out
    return out


def real_atoms(rep):
    """The atoms of ``rep`` (through sums, products, duals) that are real and not ``Scalar``."""
    from .core import ScalarRep, DualRep, SumRep, ProductRep
    if isinstance(rep, ScalarRep):
        return []
    if isinstance(rep, DualRep):
        return real_atoms(rep._inner)
    if isinstance(rep, (SumRep, ProductRep)):
        out = []
        for r, _ in rep._runs:
            out += [a for a in real_atoms(r) if a not in out]
        return out
    return [] if is_complex(rep) or _acts_trivially(rep) else [rep]


def _acts_trivially(rep):
    G = rep.group
    if G is None:
        return True
    return (all(linalg.is_identity(rep.rho_gen(k)) for k in range(len(G.discrete_generators)))
            and all(linalg.is_zero(rep.drho_gen(k)) for k in range(len(G.lie_generators))))


def warn_if_mixed(a, b, op):
    """Warn (:class:`ComplexificationWarning`) when one of ``a``, ``b`` is complex and the other
    has a real non-trivial part, which is then complexified."""
    ca, cb = is_complex(a), is_complex(b)
    if ca == cb:
        return
    real = real_atoms(b if ca else a)
    if real:
        names = ", ".join(str(r) for r in real[:3])
        warnings.warn(ComplexificationWarning(
            f"'{op}' combines the complex rep {a if ca else b} with the real {names}: the real "
            f"part is complexified (⊗_R C), so the result is complex and Hom is counted over C. "
            f"Use rep.realify() on the complex side to stay over R."), stacklevel=4)


class ConjugateRep(ExplicitRep):
    """The conjugate ``ρ̄`` of a complex rep of a non-unitary group (generator images
    conjugated entrywise); for unitary groups :func:`conj` returns the dual instead."""

    __slots__ = ("_source",)

    def __init__(self, source):
        G = source.group
        disc = [linalg.conjugate(source.rho_gen(k)) for k in range(len(G.discrete_generators))]
        lie = [linalg.conjugate(source.drho_gen(k)) for k in range(len(G.lie_generators))]
        # a rep over an extension of the group's field (an irreducible of Z(3) over Q(ω))
        # conjugates into that extension too
        fields = {linalg.field_key(M.domain): M.domain for M in disc + lie
                  if not M.domain.is_QQ and M.domain != G.domain}
        field = next(iter(fields.values())) if len(fields) == 1 else None
        super().__init__(G, disc, lie, f"{source._wrapped(False, 4)}.conj()", field=field)
        object.__setattr__(self, "_source", source)

    def _key(self):
        return ("conj", self._source.key())

    def _text(self, full):                     # the full text names the group: it parses back
        return f"{self._source._wrapped(full, 4)}.conj()"


class RealifiedRep(ExplicitRep):
    """The realification of a complex rep: ``(Re x, Im x)`` coordinates, generator images
    ``[[Re ρ, -Im ρ], [Im ρ, Re ρ]]`` (exact, in the group's field; their entries are real)."""

    __slots__ = ("_source",)

    def __init__(self, source):
        G = source.group
        disc = [_realify_matrix(source.rho_gen(k)) for k in range(len(G.discrete_generators))]
        lie = [_realify_matrix(source.drho_gen(k)) for k in range(len(G.lie_generators))]
        super().__init__(G, disc, lie, f"{source._wrapped(False, 4)}.realify()")
        object.__setattr__(self, "_source", source)

    def _key(self):
        return ("realify", self._source.key())

    def _text(self, full):
        return f"{self._source._wrapped(full, 4)}.realify()"

    @property
    def source(self):
        """The complex rep this one realifies."""
        return self._source


def _realify_matrix(M):
    re, im = linalg.real_imag(M)
    return linalg.block_diag([re, re]) + _offdiag(-im, im)


def _offdiag(upper, lower):
    n = upper.shape[0]
    dod = {}
    for i, row in linalg._dod(upper.to_sparse()).items():
        dod.setdefault(i, {}).update({n + j: x for j, x in row.items()})
    for i, row in linalg._dod(lower.to_sparse()).items():
        dod.setdefault(n + i, {}).update(row)
    return linalg.DomainMatrix(dod, (2 * n, 2 * n), upper.domain)


def conj(rep):
    """The conjugate representation (``rep`` itself when it is real).

    >>> import symequiv as se
    >>> V = se.V(se.SU(3))
    >>> conj(V * V) == V.T * V.T, conj(se.V(se.SO(3))) == se.V(se.SO(3))
    (True, True)
    """
    from .core import DefiningRep, DualRep, SumRep, ProductRep, _sum, _product, _dual
    if not is_complex(rep):
        return rep
    if isinstance(rep, DualRep):
        return _dual(conj(rep._inner))
    if isinstance(rep, SumRep):
        return _sum(tuple((conj(r), m) for r, m in rep._runs), rep.group)
    if isinstance(rep, ProductRep):
        return _product(tuple((conj(r), p) for r, p in rep._runs), rep.group)
    if isinstance(rep, ConjugateRep):
        return rep._source
    if hasattr(rep, "_sym"):                     # conj(Sym^k ρ) = Sym^k ρ̄ (same coordinates)
        return type(rep)(conj(rep._inner), rep._k)
    if isinstance(rep, DefiningRep) and rep._base().is_unitary():
        return _dual(rep)                        # conj(ρ(g)) = ρ(g⁻¹)ᵀ exactly
    return ConjugateRep(rep)


def realify(rep):
    """The real representation of twice the size underlying the complex rep ``rep``.

    >>> import symequiv as se
    >>> R = realify(se.V(se.U(1)))
    >>> R.size, se.equivariant_basis(R, R).dim    # End_R(R²) ∩ U(1)-maps: a + b·J ≅ C
    (2, 2)
    """
    if not is_complex(rep):
        raise RepresentationError(
            f"{rep} is already real: realify() turns a complex rep into the real rep of twice its "
            f"size (the realification of its complexification would be 2*{rep}).")
    return RealifiedRep(rep)
