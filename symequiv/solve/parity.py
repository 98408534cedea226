"""Zeros settled before any road runs: a central element acting by different scalars.

If ``−I`` (on V) lies in G, it acts on a tensor product of ``m`` factors V / V* by ``(−1)^m``;
an equivariant map between tensor products whose numbers of factors differ in parity then
commutes with ``+1`` on one side and ``−1`` on the other, so it is zero.  Membership of ``−I``
is proven exactly, never assumed from a group's name:

* a discrete generator ``g`` of even order ``2j`` with ``g^j = −I``;
* or a discrete generator ``g`` (or the identity) and an element ``X`` of the Lie algebra's span
  with ``X³ = −X`` and ``g (I + 2X²) = −I``: then ``exp(πX) = I + 2X²`` lies in the group (on
  ``ker X²`` it is 1, where ``X² = −1`` it is ``cos π = −1``), so ``−I = g exp(πX)`` does.
  Candidates for ``X``: quarter turns on consecutive coordinate pairs (starting at 0 or 1) and
  the symplectic form.

>>> import symequiv as se
>>> V = se.V(se.Sp(3))                                    # Sp(3) acts on R^6
>>> parity_zero(V.T * se.Scalar * V ** 2 * V * se.Scalar ** 3 * V.T, se.Scalar)
True
>>> parity_zero(se.V(se.SO(3)) ** 2, se.V(se.SO(3)))        # -I is not in SO(3)
False
"""

from functools import lru_cache

from .. import linalg
from .diagrams import tensor_signature

__all__ = ["minus_identity_in", "parity_zero"]

_MAX_ORDER = 64


def _quarter_turns(d, start, K):
    dod = {}
    for i in range(start, d - 1, 2):
        dod.setdefault(i, {})[i + 1] = -K.one
        dod.setdefault(i + 1, {})[i] = K.one
    return linalg.DomainMatrix(dod, (d, d), K)


def _in_span(X, gens, K):
    """Whether X is an exact linear combination of the matrices in gens."""
    if not gens:
        return linalg.is_zero(X)
    rows = [[x for row in linalg.to_lists(g.convert_to(K)) for x in row] for g in gens]
    A = linalg.matrix(rows, domain=K)
    B = linalg.matrix(rows + [[x for row in linalg.to_lists(X) for x in row]], domain=K)
    return linalg.rank(A) == linalg.rank(B)


@lru_cache(maxsize=256)
def _witness(G):
    d, K = G.d, G.domain
    one = linalg.identity(d, K).to_dense()
    minus = -one
    for g in G.discrete_generators:
        g = g.convert_to(K).to_dense()
        P = g
        for k in range(1, _MAX_ORDER + 1):
            if P == minus:
                return f"a power g^{k} of a generator is -I"
            if P == one:
                break
            P = P.matmul(g)
    if not G.lie_generators:
        return None
    cands = [_quarter_turns(d, 0, K), _quarter_turns(d, 1, K)]
    from .diagrams import classical_data
    data = classical_data(G)
    if data is not None and data[1] is not None:
        cands.append(data[1].convert_to(K).to_sparse())
    lifts = [one] + [g.convert_to(K).to_dense() for g in G.discrete_generators]
    for X in cands:
        X = X.to_dense()
        X2 = X.matmul(X)
        if X2.matmul(X) != -X or linalg.is_zero(X.to_sparse()):
            continue
        E = one + X2 * K.convert(2)
        for g in lifts:
            if g.matmul(E) == minus and _in_span(X.to_sparse(), list(G.lie_generators), K):
                return "-I = g exp(πX) with X in the Lie algebra, X³ = -X"
    return None


def minus_identity_in(G):
    """A proof text if ``−I`` (on V) is proven to lie in ``G``, else None.

    >>> import symequiv as se
    >>> bool(minus_identity_in(se.O(3))), bool(minus_identity_in(se.SO(3))), bool(minus_identity_in(se.C(4)))
    (True, False, True)
    """
    from ..groups.matrix import MatGroup
    if not isinstance(G, MatGroup):
        return None
    return _witness(G)


def parity_zero(rep_in, rep_out):
    """True when ``−I ∈ G`` and the two tensor products have numbers of V / V* factors of
    different parity: then Hom(rep_in, rep_out) = 0."""
    G = rep_out.group or rep_in.group
    si, so = tensor_signature(rep_in), tensor_signature(rep_out)
    if si is None or so is None or (len(si) - len(so)) % 2 == 0:
        return False
    return minus_identity_in(G) is not None
