"""The exact group interface shared by permutation, matrix and product groups.

A group is given by exact generators of its *defining* representation: discrete
generators (group elements) and, for continuous groups, Lie-algebra generators.
Equality and hashing are structural -- two groups with the same generators are
equal, whatever they are called -- and never depend on ``hash()`` order.

Examples
--------
>>> import symequiv as se
>>> se.S(3) == se.PermutationGroup([[1, 2, 0], [1, 0, 2]])
True
>>> (se.SO(3) * se.S(5)).d
15
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import linalg
from .._immutable import Immutable

__all__ = ["Group", "ProductGroup"]


class Group(Immutable):
    """Abstract exact group acting on R^d through its defining representation.

    Subclasses provide ``d``, ``discrete_generators`` (group elements),
    ``lie_generators`` (Lie-algebra elements), ``defining_matrix``,
    ``defining_algebra_matrix``, ``defining_perm`` and ``_key``.

    >>> import symequiv as se
    >>> isinstance(se.S(3), Group), se.S(3).num_generators
    (True, 2)
    """

    __slots__ = ("_repr", "_memo")
    _repr: str
    _memo: dict[Any, Any]

    def __init__(self, repr_text: str) -> None:
        object.__setattr__(self, "_repr", repr_text)
        object.__setattr__(self, "_memo", {})

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} objects are immutable")

    # --- structure -----------------------------------------------------------
    @property
    def d(self) -> int:
        """Size of the defining representation."""
        raise NotImplementedError

    @property
    def discrete_generators(self) -> tuple[Any, ...]:
        """Tuple of discrete generators (group elements)."""
        raise NotImplementedError

    @property
    def lie_generators(self) -> tuple[Any, ...]:
        """Tuple of Lie-algebra generators (empty for finite groups)."""
        raise NotImplementedError

    @property
    def domain(self) -> Any:
        """The exact field of the defining matrices (``QQ``, or a number field ``QQ<α>``)."""
        return linalg.QQ

    @property
    def num_generators(self) -> int:
        """Number of discrete plus Lie-algebra generators."""
        return len(self.discrete_generators) + len(self.lie_generators)

    @property
    def is_continuous(self) -> bool:
        """True when the group has a Lie algebra (order is then ``None``)."""
        return len(self.lie_generators) > 0

    def order(self) -> int | None:
        """Exact order (an ``int``) of a finite group, ``None`` for a continuous one."""
        raise NotImplementedError

    def order_text(self) -> str:
        """The order as text (``"infinite (continuous group)"`` for a continuous one).

        >>> import symequiv as se
        >>> se.S(4).order_text(), se.SO(3).order_text()
        ('24', 'infinite (continuous group)')
        """
        o = self.order()
        return "infinite (continuous group)" if o is None else str(o)

    # --- elements --------------------------------------------------------------
    def defining_matrix(self, g: Any) -> linalg.DomainMatrix:
        """Exact matrix of the element ``g`` in the defining representation."""
        raise NotImplementedError

    def defining_algebra_matrix(self, A: Any) -> linalg.DomainMatrix:
        """Exact matrix of the algebra element ``A`` in the defining representation."""
        raise NotImplementedError

    def defining_perm(self, g: Any) -> Any:
        """The permutation (destination array, numpy) by which ``g`` acts on the
        defining coordinates, or ``None`` if ``g`` does not act by a permutation matrix."""
        raise NotImplementedError

    def identity_element(self) -> Any:
        """The identity element."""
        raise NotImplementedError

    def multiply(self, g: Any, h: Any) -> Any:
        """The product ``g h`` (apply ``h`` first)."""
        raise NotImplementedError

    def is_orthogonal(self) -> bool:
        """True if the defining representation is orthogonal (ρ(g)ᵀ = ρ(g)⁻¹, dρ(A)ᵀ = −dρ(A)),
        so that the dual representation equals the representation itself."""
        memo = self._memo
        if "orth" not in memo:
            ok = True
            for g in self.discrete_generators:
                M = self.defining_matrix(g)
                if not linalg.is_identity(M.matmul(M.transpose())):
                    ok = False
                    break
            if ok:
                for A in self.lie_generators:
                    M = self.defining_algebra_matrix(A)
                    if not linalg.is_zero(M + M.transpose()):
                        ok = False
                        break
            memo["orth"] = ok
        return memo["orth"]

    @property
    def is_complex(self) -> bool:
        """True when the defining matrices live in a non-real field, e.g. Q(i) for SU(n);
        the defining representation is then complex and Hom spaces are counted over C.

        >>> import symequiv as se
        >>> se.SU(2).is_complex, se.SO(3).is_complex
        (True, False)
        """
        return not linalg.is_real_field(self.domain)

    def is_unitary(self) -> bool:
        """True if the defining representation is unitary (ρ(g)ᴴ = ρ(g)⁻¹, dρ(A)ᴴ = −dρ(A));
        then its conjugate equals its dual.  For a real group this is :meth:`is_orthogonal`.

        >>> import symequiv as se
        >>> se.U(2).is_unitary(), se.SL(2).is_unitary()
        (True, False)
        """
        if not self.is_complex:
            return self.is_orthogonal()
        memo = self._memo
        if "unitary" not in memo:
            ok = all(linalg.is_identity(M.matmul(linalg.conjugate(M).transpose()))
                     for M in map(self.defining_matrix, self.discrete_generators))
            ok = ok and all(linalg.is_zero(M + linalg.conjugate(M).transpose())
                            for M in map(self.defining_algebra_matrix, self.lie_generators))
            memo["unitary"] = ok
        return memo["unitary"]

    def is_permutation_action(self) -> bool:
        """True if every discrete generator acts by a permutation matrix and there
        is no Lie algebra: the defining representation is a permutation representation."""
        memo = self._memo
        if "perm" not in memo:
            memo["perm"] = not self.lie_generators and all(
                self.defining_perm(g) is not None for g in self.discrete_generators)
        return memo["perm"]

    @property
    def factors(self) -> tuple[Group, ...]:
        """The direct factors (just ``(self,)`` for a group that is not a product)."""
        return (self,)

    # --- algebra ---------------------------------------------------------------
    def __mul__(self, other: Group) -> ProductGroup:
        if not isinstance(other, Group):
            return NotImplemented
        return ProductGroup(self.factors + other.factors)

    def _key(self):
        raise NotImplementedError

    def _memo_key(self):
        # the key of exact generators is computed once: groups are compared on every solve,
        # every layer and every check (reps/checks.py)
        memo = self._memo
        if "key" not in memo:
            memo["key"] = self._key()
        return memo["key"]

    def __eq__(self, other):
        return self is other or (isinstance(other, Group) and self._memo_key() == other._memo_key())

    def __hash__(self):
        return hash(self._memo_key())

    def __repr__(self):
        return self._repr

    __str__ = __repr__

    def _repr_latex_(self):
        from ..display import latex_group
        return "$" + latex_group(self) + "$"


class ProductGroup(Group):
    """Direct product G₁ × G₂ × … .

    Its defining representation is the tensor (Kronecker) product of the factors'
    defining representations, so ``V(SO(3) * S(5))`` is R^{3×5}, SO(3) acting on
    the first index and S(5) permuting the second.  A representation of a factor
    lifts to the product with ``rep.lift(G)`` or ``V(G, i)``.  Elements are tuples
    with one element per factor.

    >>> import symequiv as se
    >>> G = se.SO(3) * se.S(5)
    >>> G.order() is None, len(G.factors)
    (True, 2)
    """

    __slots__ = ("_factors",)
    _factors: tuple[Group, ...]

    def __init__(self, factors: Iterable[Group]) -> None:
        factors = tuple(factors)
        object.__setattr__(self, "_factors", factors)
        super().__init__("*".join(repr(f) for f in factors))

    @property
    def factors(self):
        return self._factors

    @property
    def d(self):
        n = 1
        for f in self._factors:
            n *= f.d
        return n

    def _lifted(self, attr):
        out = []
        for i, f in enumerate(self._factors):
            for x in getattr(f, attr):
                parts = [None] * len(self._factors)
                parts[i] = x
                out.append(tuple(parts))
        return tuple(out)

    @property
    def discrete_generators(self):
        memo = self._memo
        if "dg" not in memo:
            ident = [f.identity_element() for f in self._factors]
            memo["dg"] = tuple(tuple(ident[j] if p is None else p for j, p in enumerate(g))
                               for g in self._lifted("discrete_generators"))
        return memo["dg"]

    @property
    def lie_generators(self):
        # None stands for the zero element of that factor's algebra
        return self._lifted("lie_generators")

    def factor_generator_index(self, i):
        """Ranges of the generators of factor ``i`` among (discrete, lie) generators."""
        d0 = sum(len(f.discrete_generators) for f in self._factors[:i])
        l0 = sum(len(f.lie_generators) for f in self._factors[:i])
        f = self._factors[i]
        return range(d0, d0 + len(f.discrete_generators)), range(l0, l0 + len(f.lie_generators))

    def order(self):
        n = 1
        for f in self._factors:
            o = f.order()
            if o is None:
                return None
            n *= o
        return n

    def defining_matrix(self, g):
        M = self._factors[0].defining_matrix(g[0])
        for f, x in zip(self._factors[1:], g[1:]):
            M = linalg.kron(M, f.defining_matrix(x))
        return M

    def defining_algebra_matrix(self, A):
        mats = [linalg.zeros(f.d, f.d) if a is None else f.defining_algebra_matrix(a)
                for f, a in zip(self._factors, A)]
        M = mats[0]
        for X in mats[1:]:
            M = linalg.kronsum(M, X)
        return M

    def defining_perm(self, g):
        perms = [f.defining_perm(x) for f, x in zip(self._factors, g)]
        if any(p is None for p in perms):
            return None
        p = perms[0]
        for q in perms[1:]:
            p = linalg.kron_perm(p, q)
        return p

    def identity_element(self):
        return tuple(f.identity_element() for f in self._factors)

    def multiply(self, g, h):
        return tuple(f.multiply(a, b) for f, a, b in zip(self._factors, g, h))

    def is_orthogonal(self):
        return all(f.is_orthogonal() for f in self._factors)

    def is_unitary(self):
        return all(f.is_unitary() for f in self._factors)

    @property
    def domain(self):
        doms = [f.domain for f in self._factors if not f.domain.is_QQ]
        return doms[0] if doms else linalg.QQ

    def _key(self):
        return ("product",) + tuple(f._key() for f in self._factors)

