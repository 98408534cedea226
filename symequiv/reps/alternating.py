"""Irreducible representations of the alternating group A(n), through restriction of Specht
modules.

For a partition ``λ ⊢ n`` with conjugate ``λ' ≠ λ``, the restriction of ``S^λ`` to ``A(n)`` is
irreducible (absolutely), and ``S^λ|A ≅ S^{λ'}|A``: one irrep, labelled by either partition.
For ``λ = λ'`` the restriction splits into two conjugate irreps of half the dimension, defined
over ``Q(√(ε q₁⋯q_r))`` where ``q_i`` are the diagonal hook lengths of ``λ`` and
``ε = (−1)^{(n−r)/2}``; on the class of cycle type ``(q₁, …, q_r)`` (which splits in A(n))
their characters are ``(ε ± √(ε q₁⋯q_r)) / 2`` (Frobenius; James–Kerber, *The Representation
Theory of the Symmetric Group*, 2.5.13).  ``irrep(A(n), (λ, +1))`` and ``(λ, -1)`` pick them by
that sign; they come from :func:`symequiv.decompose` over the quadratic field and live over it
(for inspection, characters and decompositions: :func:`symequiv.equivariant_basis` solves over
the group's field Q and refuses them with a typed error).  ``irrep(A(n), λ)`` for a
self-conjugate ``λ`` is the restriction itself: irreducible over Q with a two-dimensional
commutant, the form the solver takes.

>>> import symequiv as se
>>> [se.irrep(se.A(5), lam).size for lam in [(5,), (4, 1), (3, 2)]]
[1, 4, 5]
>>> [se.irrep(se.A(5), ((3, 1, 1), s)).size for s in (1, -1)]
[3, 3]
"""

from math import factorial, prod

import sympy as sp

from .. import linalg
from ..errors import ParseError
from .explicit import ExplicitRep
from .specht import _partition, specht, adjacent_word, _word_matrix, _seminormal, hook_dimension

__all__ = ["alternating_irrep", "conjugate_partition", "diagonal_hooks", "is_alternating"]


def conjugate_partition(lam):
    """The transposed Young diagram.

    >>> conjugate_partition((3, 1, 1))
    (3, 1, 1)
    >>> conjugate_partition((4, 1))
    (2, 1, 1, 1)
    """
    return tuple(sum(1 for p in lam if p > i) for i in range(lam[0])) if lam else ()


def diagonal_hooks(lam):
    """The hook lengths of the diagonal boxes ``(i, i)``.

    >>> diagonal_hooks((3, 1, 1)), diagonal_hooks((3, 3, 2))
    ((5,), (5, 3))
    """
    mu = conjugate_partition(lam)
    return tuple(lam[i] - i + mu[i] - i - 1 for i in range(len(lam)) if lam[i] > i)


def is_alternating(G):
    """True when ``G`` is a permutation group equal to A(n) on its ``n`` points (n ≥ 2)."""
    from ..groups.permutation import PermGroup
    if not isinstance(G, PermGroup) or G.degree < 2:
        return False
    order = G.order()
    return order == factorial(G.degree) // 2 and all(_even(g) for g in G.discrete_generators)


def _even(perm):
    seen, parity = set(), 0
    for i in range(len(perm)):
        if i in seen:
            continue
        j, length = i, 0
        while j not in seen:
            seen.add(j)
            j = perm[j]
            length += 1
        parity += length - 1
    return parity % 2 == 0


def _label(label, n):
    if isinstance(label, tuple) and len(label) == 2 and isinstance(label[1], int) \
            and not isinstance(label[0], int):
        lam, sign = _partition(label[0], "irrep"), label[1]
        if sign not in (1, -1):
            raise ParseError(f"A({n}) irreps of a self-conjugate partition are labelled (λ, ±1), "
                             f"got sign {sign!r}.")
        return lam, sign
    return _partition(label, "irrep"), None


def alternating_irrep(label, G):
    """The irrep ``label`` of ``G = A(n)``: a partition ``λ`` (irreducible over Q; absolutely
    irreducible unless ``λ = λ'``), or ``(λ, ±1)`` for a self-conjugate ``λ``: one of the two
    absolutely irreducible halves, over a quadratic field (see the module docstring).

    Raises
    ------
    ParseError
        Not a partition of ``n``, or a sign missing / given where it does not belong.
    """
    n = G.degree
    lam, sign = _label(label, n)
    if sum(lam) != n:
        raise ParseError(f"{label!r} is not a partition of {n}, the degree of {G!r}.")
    mu = conjugate_partition(lam)
    from ..groups.catalogue import S
    Sn = S(n)
    if lam != mu:
        if sign is not None:
            raise ParseError(f"{lam} is not self-conjugate: S^λ restricts to one irrep of A({n}); "
                             f"label it by the partition alone.")
        lam = max(lam, mu)                            # S^λ|A ≅ S^λ'|A: one name for both
        return specht(lam, Sn).restrict(G)
    if sign is None:              # irreducible over Q, End = Q(√(ε q₁⋯q_r)): the solver's form
        return specht(lam, Sn).restrict(G)
    return _split_piece(lam, sign, G, Sn)


def _split_piece(lam, sign, G, Sn):
    from ..schur.decomposition import decompose
    q = diagonal_hooks(lam)
    eps = (-1) ** ((sum(lam) - len(q)) // 2)
    root = sp.sqrt(eps * prod(q))
    D = decompose(specht(lam, Sn).restrict(G), field=root)
    d = hook_dimension(lam)
    if D.dims != (d // 2, d // 2):
        raise AssertionError(f"S^{lam} restricted to A(n) should split into two halves, got {D.dims}")
    K = D.Q.domain
    # an element of cycle type q: consecutive cycles on 0, 1, ...
    perm, start = list(range(sum(lam))), 0
    for length in q:
        for i in range(length):
            perm[start + i] = start + (i + 1) % length
        start += length
    S_img = _word_matrix(_seminormal(lam), adjacent_word(perm), d)
    target = K.from_sympy((eps + sign * root) / 2)
    for k, piece in enumerate(D.irreps):
        rows = slice(k * (d // 2), (k + 1) * (d // 2))
        block = linalg.mul(linalg.mul(D.Q_inv[rows, :], S_img.convert_to(K)), D.Q[:, rows])
        if linalg.trace(block) == target:
            images = [piece.rho_gen(i) for i in range(len(G.discrete_generators))]
            name = "irrep(" + ",".join(map(str, lam)) + ("+" if sign > 0 else "-") + ")"
            return ExplicitRep(G, images, [], name, field=K)
    raise AssertionError(f"no piece of S^{lam}|A has the character value {(eps + sign * root) / 2}")
