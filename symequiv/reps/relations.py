"""The relations a rep given by Lie-algebra images must satisfy, checked exactly.

A representation of a Lie algebra maps brackets to brackets: if ``[A_i, A_j] = Σ_k c_ijk A_k``
among the group's generators (in its defining rep), then ``[dρ(A_i), dρ(A_j)] = Σ_k c_ijk
dρ(A_k)``.  Where the group also has discrete generators ``s`` (O(3) is SO(3) with a
reflection), ``s A s⁻¹ = Σ_k a_k A_k`` must become ``ρ(s) dρ(A) = (Σ_k a_k dρ(A_k)) ρ(s)``.
Images that break these are no representation; every count an independent road gives for
them (a Weyl integral over the torus, say) is meaningless, so :class:`~.explicit.ExplicitRep`
refuses them (an audit found SO(3) images with one generator doubled certified "complete").

>>> import symequiv as se
>>> G = se.SO(3)
>>> check_lie_relations(G, [], [G.lie_generators[k] for k in range(3)])
>>> bad = [2 * G.lie_generators[0]] + list(G.lie_generators[1:])
>>> try:
...     check_lie_relations(G, [], bad)
... except se.errors.RepresentationError:
...     print("refused")
refused
"""

from functools import lru_cache

from .. import linalg
from ..errors import RepresentationError

__all__ = ["check_lie_relations", "check_finite_relations", "mark_checked", "perms_extend",
           "walk_extends"]


def _coordinates(X, basis):
    """Coefficients of ``X`` in the span of ``basis`` (flattened, exact), or None."""
    K = X.domain
    n = X.shape[0] * X.shape[1]
    cols = [[x for row in B.convert_to(K).to_dense().to_list() for x in row] for B in basis]
    target = [x for row in X.to_dense().to_list() for x in row]
    A = linalg.DomainMatrix([[cols[k][r] for k in range(len(basis))] + [target[r]] for r in range(n)],
                            (n, len(basis) + 1), K)
    N = linalg.kernel(A)                     # columns (c, -1) with Σ c_k B_k - X = 0
    for j in range(N.shape[1]):
        last = N[len(basis), j].element
        if last:
            return [-(N[k, j].element / last) for k in range(len(basis))]
    return None


@lru_cache(maxsize=64)
def _structure(G):
    """``(brackets, adjoints)``: ``[(i, j, c)]`` with ``[A_i, A_j] = Σ c_k A_k`` and
    ``[(s, i, a)]`` with ``s A_i s⁻¹ = Σ a_k A_k``; a relation outside the span is left out
    (it cannot be written, so it is not checked)."""
    A = [M.to_dense() for M in G.lie_generators]
    brackets, adjoints = [], []
    for i in range(len(A)):
        for j in range(i + 1, len(A)):
            c = _coordinates(A[i] * A[j] - A[j] * A[i], A)
            if c is not None:
                brackets.append((i, j, tuple(c)))
    for s, S in enumerate(G.discrete_generators):
        if not isinstance(S, linalg.DomainMatrix):
            continue
        S = S.to_dense()
        Sinv = linalg.inverse(S).to_dense()
        for i in range(len(A)):
            a = _coordinates(S * A[i] * Sinv, A)
            if a is not None:
                adjoints.append((s, i, tuple(a)))
    return tuple(brackets), tuple(adjoints)


def check_lie_relations(G, discrete, lie):
    """Raise :class:`RepresentationError` unless the images ``discrete`` (of ``G``'s discrete
    generators) and ``lie`` (of its Lie-algebra generators) satisfy the bracket and adjoint
    relations of ``G``'s generators; nothing to check without Lie generators, or for a direct
    product (its generators are tuples of the factors', not matrices)."""
    if not lie or not all(isinstance(A, linalg.DomainMatrix) for A in G.lie_generators):
        return
    brackets, adjoints = _structure(G)
    L = [M.to_sparse() for M in lie]           # generator images are sparse: products are cheap
    K = L[0].domain
    for i, j, c in brackets:
        rhs = linalg.zeros(*L[0].shape, K).to_sparse()
        for k, x in enumerate(c):
            if x:
                rhs = rhs + L[k] * K.convert(x)
        if L[i] * L[j] - L[j] * L[i] != rhs:
            raise RepresentationError(
                f"the Lie-algebra images are no representation of {G!r}'s Lie algebra: "
                f"[dρ(A{i}), dρ(A{j})] differs from the image of [A{i}, A{j}] (a combination of "
                f"the generators with coefficients {[str(x) for x in c]}). Check the images "
                f"(their order follows {G!r}.lie_generators, and a scaled generator breaks the "
                f"brackets).")
    D = [M.to_sparse() for M in discrete]
    for s, i, a in adjoints:
        if s >= len(D):
            continue
        rhs = linalg.zeros(*L[0].shape, K).to_sparse()
        for k, x in enumerate(a):
            if x:
                rhs = rhs + L[k] * K.convert(x)
        if D[s].convert_to(K) * L[i] != rhs * D[s].convert_to(K):
            raise RepresentationError(
                f"the images are no representation of {G!r}: ρ(s{s}) dρ(A{i}) ρ(s{s})⁻¹ differs "
                f"from the image of s{s} A{i} s{s}⁻¹. Check that the discrete and Lie-algebra "
                f"images are in the same basis.")


#: Keys of atoms already checked (a user rep rebuilt with equal images is not checked again).
_CHECKED: dict = {}
_CHECKED_MAX = 4096


def mark_checked(rep):
    """Record that ``rep`` (an :class:`~.explicit.ExplicitRep` built by symequiv from a genuine
    representation: Specht modules, ``Regular``, ``PermRep``, irreducibles) needs no relations
    check; returns ``rep``."""
    rep._memo["finite_relations"] = True
    return rep


def check_finite_relations(rep, where="this call"):
    """Refuse a user-given :class:`~.explicit.ExplicitRep` of a finite group whose generator
    images break the group's relations (the 3-cycle of S(3) sent to a swap).

    The solver needs no relations (it returns the maps commuting with the given matrices), but
    every count that averages over the group -- Burnside, Molien, characters -- is meaningless
    for them: a Molien series with coefficient 4/3 came back.  Each atom is checked once (by
    its key): images that are permutations by Schreier-Sims (the pairs ``(g_k, π_k)`` generate
    a group of order ``|G|``, any size), rational matrices of a permutation group element by
    element (:func:`symequiv.schur.finite.is_homomorphism`) where the group has order at most
    ``CLASS_LIMIT`` and ``|G|·dim²`` is at most ``CHECK_MAX_ENTRIES``, and images of a finite
    matrix group or over a number field by a walk over the group's elements
    (:func:`walk_extends`, a tenth of that bound); larger ones are left to the averages themselves, which refuse
    non-integer counts (Burnside, Molien).

    >>> import symequiv as se
    >>> from symequiv import linalg
    >>> swap = linalg.matrix([[0, 1], [1, 0]])
    >>> try:
    ...     check_finite_relations(se.ExplicitRep(se.S(3), [swap, swap], []))
    ... except se.errors.RepresentationError as e:
    ...     print(str(e)[:60])
    U: the generator images break the relations of S(3) (they do
    """
    from ..groups.permutation import PermGroup
    from .explicit import ExplicitRep, explicit_atoms
    for atom in explicit_atoms(rep):
        if type(atom) is not ExplicitRep or "finite_relations" in atom._memo:
            continue
        G = atom.group
        disc, lie = atom.generator_images
        if lie or not disc or G.lie_generators:
            continue
        key = atom.key()
        if key in _CHECKED:
            atom._memo["finite_relations"] = True
            continue
        perms = getattr(atom, "_perms", None)
        from ..schur.finite import CHECK_MAX_ENTRIES, CLASS_LIMIT, is_homomorphism
        n = atom.size
        if perms is not None and isinstance(G, PermGroup):
            ok = perms_extend(G, perms)
        elif isinstance(G, PermGroup) and all(M.domain.is_QQ for M in disc):
            ok = is_homomorphism(G, list(disc)) \
                if G.order() <= CLASS_LIMIT and G.order() * n * n <= CHECK_MAX_ENTRIES else None
        else:                # a finite matrix group, or images over a number field
            from ..errors import GroupTooLargeError
            mats = [M.to_dense() for M in disc]
            try:
                ok = walk_extends(G, mats, linalg.identity(n, mats[0].domain).to_dense(),
                                  lambda M, X: M.matmul(X),
                                  min(CLASS_LIMIT, CHECK_MAX_ENTRIES // (10 * n * n)))
            except GroupTooLargeError:
                ok = None
        if ok is None:                 # too large to check: remembered, not tried again
            atom._memo["finite_relations"] = None
            continue
        if not ok:
            raise RepresentationError(
                f"{atom}: the generator images break the relations of {G!r} (they do not "
                f"extend to a representation), so {where} cannot use them. Give the images of "
                f"{G!r}.discrete_generators in order; se.PermRep checks a permutation action.")
        atom._memo["finite_relations"] = True
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = True


def perms_extend(G, perms):
    """Whether ``g_k -> perms[k]`` (permutations of ``range(m)``) extends to a homomorphism of
    the permutation group ``G``: the pairs ``(g_k, π_k)``, acting on ``n + m`` points, generate
    a group of order ``|G|`` (Schreier-Sims; any size)."""
    from ..groups.permutation import PermGroup
    n, m = G.degree, len(perms[0])
    both = [tuple(g) + tuple(n + int(i) for i in p) for g, p in zip(G.perms, perms)]
    return PermGroup(both, n + m).order() == G.order()


def walk_extends(G, images, identity, act, max_order):
    """Whether ``g_k -> images[k]`` is well defined on the elements of the finite group ``G``:
    a breadth-first walk over its elements gives each the image ``act(images[k], image(x))``
    of one word, and every edge ``x -> g_k x`` of the Cayley graph is checked, which is every
    relation.  Exact for exact images.  Raises :class:`GroupTooLargeError` past ``max_order``
    elements."""
    from ..groups.matrix import enumerate_elements, _element_key
    els = enumerate_elements(G, max_order)
    index = {_element_key(G, g): i for i, g in enumerate(els)}
    image = {0: identity}                              # els[0] is the identity
    todo = [0]
    while todo:
        i = todo.pop()
        for g, M in zip(G.discrete_generators, images):
            j = index[_element_key(G, G.multiply(g, els[i]))]
            Q = act(M, image[i])
            if j not in image:
                image[j] = Q
                todo.append(j)
            elif image[j] != Q:
                return False
    return True
