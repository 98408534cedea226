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
    ``reps`` is empty and no criterion needs them) is known to be completely reducible; see the
    module docstring."""
    from ..groups.base import ProductGroup
    if isinstance(G, ProductGroup):
        return all(completely_reducible(f, reps) for f in G.factors)
    inner = G._memo.get("embedded_from")
    if inner is not None:
        return completely_reducible(inner, reps)
    explicit = _has_explicit(reps)
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
    return not G.discrete_generators and _semisimple(G)


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


def _semisimple(G):
    """Whether the Lie algebra generated by ``G``'s Lie generators is semisimple: its Lie
    closure, the structure constants in a basis of it, and a nonzero determinant of the
    Killing form ``B(x, y) = tr(ad x ad y)`` (Cartan's criterion).

    >>> import symequiv as se
    >>> _semisimple(se.Embed(se.SO13(), 5, slice(0, 4))), _semisimple(se.GL(2))
    (True, False)
    """
    memo = G._memo
    if "semisimple" in memo:
        return memo["semisimple"]
    K = G.domain
    gens = [X.to_dense() for X in G.lie_generators]

    def vec(X):
        return [x for row in linalg.to_lists(X) for x in row]

    basis, rows = [], []

    def add(X):
        r = vec(X)
        if linalg.rank(linalg.matrix(rows + [r], domain=K)) > len(rows):
            rows.append(r)
            basis.append(X)
            return True
        return False

    for X in gens:
        add(X)
    out = None
    i = 0
    while i < len(basis):                    # the Lie closure: brackets until nothing is new
        if len(basis) > MAX_KILLING_DIM:
            out = False
            break
        for j in range(i):
            add(basis[i].matmul(basis[j]) - basis[j].matmul(basis[i]))
        i += 1
    if out is None:
        m = len(basis)
        if m == 0:
            out = False
        else:
            B = linalg.matrix(rows, domain=K).to_dense().transpose()  # n² x m, independent columns
            ad = []
            for X in basis:
                cols = [vec(X.matmul(Y) - Y.matmul(X)) for Y in basis]
                C = linalg.matrix(cols, domain=K).to_dense().transpose()  # n² x m
                ad.append(_solve(B, C, K))                             # m x m: ad X in the basis
            killing = [[_trace(ad[a].matmul(ad[b])) for b in range(m)] for a in range(m)]
            out = linalg.rank(linalg.matrix(killing, domain=K)) == m
    memo["semisimple"] = out
    return out


def _solve(B, C, K):
    """``Y`` with ``B Y = C`` for ``B`` of full column rank (exact)."""
    Bt = B.transpose()
    return linalg.inv(Bt.matmul(B)).to_dense().matmul(Bt.matmul(C))


def _trace(M):
    M = M.to_dense()
    return sum((M[i, i].element for i in range(M.shape[0])), M.domain.zero)
