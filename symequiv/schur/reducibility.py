"""When a group's representations are known to be completely reducible.

Schur's lemma reads a decomposition only where every invariant subspace has an invariant
complement; there a commutant that is a field proves a piece irreducible.  Elsewhere (the ax+b
group on R²: ``e_0`` spans an invariant line, and no other line is invariant) a piece with
End = Q may be reducible, and Hom is not the block count of a decomposition.
:func:`completely_reducible` says yes only with a proof:

* a finite group (Maschke), discrete generators only and an order the library can compute;
* a catalogue Lie group with a compact form (:func:`symequiv.verify.weyl.compact_form`);
* generators that preserve the standard inner product (``gᵀg = I``, ``X + Xᵀ = 0``; Hermitian
  over a non-real field): the group lies in O(n) or U(n), so every representation that is a
  continuous function of its matrices (built from ``V``) is completely reducible, and with no
  discrete generators every representation of its (compact) Lie algebra whose commutant is a
  field is irreducible (a non-semisimple centre would put a nilpotent in the commutant).  An
  ``ExplicitRep`` of a group with discrete generators is a representation of the abstract
  group they generate, which may be free: there this criterion is not used;
* a Lie algebra that is semisimple (its Killing form is nondegenerate) and no discrete
  generators: Weyl's theorem, for every representation;
* a Lie algebra reductive in ``gl(V)`` (centre acting by semisimple matrices, derived algebra
  semisimple) and no discrete generators: every representation built from ``V``;
* a group embedded by :func:`~symequiv.groups.emlp_names.Embed` as the group it embeds, and a
  product when every factor is.

>>> import symequiv as se
>>> ax_plus_b = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]]])
>>> completely_reducible(se.SO2eR3()), completely_reducible(ax_plus_b)
(True, False)
"""

from .. import linalg

__all__ = ["completely_reducible"]

#: Lie algebras of larger dimension are not tested for semisimplicity (the Killing form
#: needs dim² brackets).
MAX_KILLING_DIM = 64


def completely_reducible(G, reps=()):
    """Whether every representation of ``G`` among ``reps`` (every representation at all when
    ``reps`` is empty: then only the criteria for all reps apply) is known to be completely
    reducible; see the module docstring."""
    from ..groups.base import ProductGroup
    if isinstance(G, ProductGroup):
        return all(completely_reducible(f, reps) for f in G.factors)
    inner = G._memo.get("embedded_from")
    if inner is not None:
        return completely_reducible(inner, reps)
    explicit = _has_explicit(reps) if reps else True     # no reps: any rep, by hand too
    key = ("completely_reducible", explicit)          # the answer depends on G and this only
    if key not in G._memo:
        G._memo[key] = _decide(G, explicit)
    return G._memo[key]


def _decide(G, explicit):
    if not G.lie_generators:
        if not explicit and _preserves_inner_product(G):
            return True
        return _finite(G)
    from ..verify.weyl import compact_form
    if compact_form(G) is not None:
        return True
    if (not G.discrete_generators or not explicit) and _preserves_inner_product(G):
        return True
    if G.discrete_generators:
        return False
    return _semisimple(G) or (not explicit and _reductive_in_defining_space(G))


def _has_explicit(reps):
    """Whether some rep holds images given by hand (an ``ExplicitRep`` other than the
    conjugate or realification of a rep built from ``V``), through sums, products, duals,
    Sym and Λ."""
    from ..reps.explicit import ExplicitRep
    from ..reps.complex import ConjugateRep, RealifiedRep

    def walk(r):
        if isinstance(r, (ConjugateRep, RealifiedRep)):
            return walk(r._source)
        if isinstance(r, ExplicitRep):
            return True
        inner = getattr(r, "_inner", None)
        if inner is not None and walk(inner):
            return True
        return any(walk(x) for x, _ in getattr(r, "_runs", ()))
    return any(walk(r) for r in reps)


def _finite(G):
    """Whether the discrete group ``G`` has an order the library can compute (remembered: a
    failed enumeration of a large group takes seconds)."""
    memo = G._memo
    if "order_known" not in memo:
        from ..errors import GroupTooLargeError
        try:
            memo["order_known"] = G.order() is not None
        except GroupTooLargeError:           # infinite (a shear, say) or too large to enumerate
            memo["order_known"] = False
    return memo["order_known"]


def _preserves_inner_product(G):
    """Whether every generator preserves the standard inner product (real: ``gᵀg = I``,
    ``X + Xᵀ = 0``; over a non-real field the Hermitian one).

    >>> import symequiv as se
    >>> _preserves_inner_product(se.SO2eR3()), _preserves_inner_product(se.SO13())
    (True, False)
    """
    memo = G._memo
    if "preserves_inner_product" in memo:
        return memo["preserves_inner_product"]
    from ..linalg.complex import conjugate
    out = True
    try:
        for g in G.discrete_generators:
            g = g.to_dense()
            P = conjugate(g).transpose().matmul(g)
            if not linalg.is_zero((P - linalg.identity(g.shape[0], g.domain).to_dense()).to_sparse()):
                out = False
                break
        for X in G.lie_generators if out else ():
            X = X.to_dense()
            if not linalg.is_zero((conjugate(X).transpose() + X).to_sparse()):
                out = False
                break
    except Exception:            # a field whose conjugation the library cannot form: not proved
        out = False
    memo["preserves_inner_product"] = out
    return out


def _vec(X):
    """The entries of ``X`` row by row, as elements of its domain (no conversion: the
    entries of a matrix over Q(i) are not SymPy numbers)."""
    X = X.to_dense()
    return [X[i, j].element for i in range(X.shape[0]) for j in range(X.shape[1])]


def _rows(vectors, K):
    return linalg.DomainMatrix([list(v) for v in vectors], (len(vectors), len(vectors[0])), K)


def _span_basis(mats, K, limit=None):
    """An independent sublist of ``mats`` spanning the same space (None past ``limit``)."""
    basis, rows = [], []
    for X in mats:
        r = _vec(X.convert_to(K))
        if linalg.rank(_rows(rows + [r], K)) > len(rows):
            rows.append(r)
            basis.append(X.convert_to(K).to_dense())
            if limit is not None and len(basis) > limit:
                return None
    return basis


def _ad(basis, K):
    """``ad X`` in the coordinates of ``basis`` (closed under brackets) for each ``X`` in it."""
    B = _rows([_vec(X) for X in basis], K).transpose()                     # n² x m
    out = []
    for X in basis:
        C = _rows([_vec(X.matmul(Y) - Y.matmul(X)) for Y in basis], K).transpose()  # n² x m
        out.append(_solve(B, C, K))                                        # m x m
    return out


def _killing_nondegenerate(basis, K):
    """Cartan's criterion on the Lie algebra with this basis (closed under brackets)."""
    m = len(basis)
    if m == 0:
        return False
    ad = _ad(basis, K)
    killing = [[_trace(ad[a].matmul(ad[b])) for b in range(m)] for a in range(m)]
    return linalg.rank(_rows(killing, K)) == m


def _lie_closure(G):
    """A basis of the Lie algebra generated by ``G``'s Lie generators (brackets until nothing
    is new), or None past :data:`MAX_KILLING_DIM`; remembered."""
    memo = G._memo
    if "lie_closure" not in memo:
        K = G.domain
        basis = _span_basis([X.to_dense() for X in G.lie_generators], K)
        i = 0
        while basis is not None and i < len(basis):
            if len(basis) > MAX_KILLING_DIM:
                basis = None
                break
            grown = _span_basis(basis + [basis[i].matmul(basis[j]) - basis[j].matmul(basis[i])
                                         for j in range(i)], K)
            basis = grown
            i += 1
        memo["lie_closure"] = basis
    return memo["lie_closure"]


def _semisimple(G):
    """Whether the Lie algebra generated by ``G``'s Lie generators is semisimple: its Lie
    closure, the structure constants in a basis of it, and a nonzero determinant of the
    Killing form ``B(x, y) = tr(ad x ad y)`` (Cartan's criterion).

    >>> import symequiv as se
    >>> _semisimple(se.Embed(se.SO13(), 5, slice(0, 4))), _semisimple(se.GL(2))
    (True, False)
    """
    memo = G._memo
    if "semisimple" not in memo:
        basis = _lie_closure(G)
        memo["semisimple"] = basis is not None and _killing_nondegenerate(basis, G.domain)
    return memo["semisimple"]


def _reductive_in_defining_space(G):
    """Whether the Lie algebra ``L`` generated by ``G``'s Lie generators is reductive in
    ``gl(V)``: ``L = Z(L) ⊕ [L, L]`` with ``[L, L]`` semisimple (Cartan's criterion) and every
    element of the centre a semisimple matrix (its characteristic polynomial's squarefree part
    annihilates it).  Then every representation built from ``V`` (sums, tensor products,
    duals, Sym, Λ: the centre still acts semisimply, ``L`` maps onto a reductive quotient) is
    completely reducible (Bourbaki, *Lie Groups and Lie Algebras* I §6.5).  ``gl(n)`` is; the
    ax+b algebra (centre 0, radical of dimension 2) and a nilpotent line are not.

    >>> import symequiv as se
    >>> gl2 = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [1, 0]],
    ...                                   [[0, 0], [0, 1]]])
    >>> ax_plus_b = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]]])
    >>> _reductive_in_defining_space(gl2), _reductive_in_defining_space(ax_plus_b)
    (True, False)
    """
    memo = G._memo
    if "reductive_in_V" in memo:
        return memo["reductive_in_V"]
    from ..linalg.polynomials import charpoly_factors, poly_at
    K = G.domain
    basis = _lie_closure(G)
    out = False
    if basis:
        m = len(basis)
        ad = _ad(basis, K)
        # the centre: coefficient vectors c with Σ c_a ad(X_a) = 0
        A = _rows([_vec(M) for M in ad], K).to_dense().transpose()                # m² x m
        N = linalg.nullspace(A).to_dense()
        centre = []
        for r in range(N.shape[0]):
            Z = basis[0] * K.zero
            for a in range(m):
                if N[r, a].element:
                    Z = Z + basis[a] * N[r, a].element
            centre.append(Z)
        derived = _span_basis([basis[a].matmul(basis[b]) - basis[b].matmul(basis[a])
                               for a in range(m) for b in range(a)], K) or []
        if len(centre) + len(derived) == m and (not derived or _killing_nondegenerate(derived, K)):
            out = True
            for Z in centre:
                P = None
                for coeffs, _ in charpoly_factors(Z):          # the squarefree part, factor by factor
                    F = poly_at(coeffs, Z)
                    P = F if P is None else P.matmul(F)
                if P is not None and not linalg.is_zero(P.to_sparse()):
                    out = False
                    break
    memo["reductive_in_V"] = out
    return out


def _solve(B, C, K):
    """``Y`` with ``B Y = C`` for ``B`` of full column rank (exact): the reduced echelon form
    of ``[B | C]`` is ``[I; 0 | Y; 0]``.  (Not the normal equations: over Q(i) ``BᵀB`` can be
    singular for independent columns, e.g. ``(1, i)``.)"""
    m = B.shape[1]
    R, pivots = linalg.DomainMatrix.hstack(B.to_dense(), C.to_dense()).rref()
    if tuple(pivots[:m]) != tuple(range(m)):
        raise ArithmeticError("the columns of B are not independent (internal error)")
    return R[:m, m:].to_dense()


def _trace(M):
    M = M.to_dense()
    return sum((M[i, i].element for i in range(M.shape[0])), M.domain.zero)
