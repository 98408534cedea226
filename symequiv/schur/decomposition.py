"""Exact Schur-lemma decomposition: ``rep = Q (⊕_i ρ_i^{⊕ m_i}) Q⁻¹``.

Road, over the group's field ``K`` (``QQ`` or a number field):

1. the commutant ``E = End_G(V)`` (from :func:`symequiv.equivariant_basis` for the whole
   rep, so orbits and diagrams are used where they apply; for small permutation groups, group
   averages whose span has the character norm's dimension, :mod:`.finite`);
2. a seeded random ``c ∈ E``: its characteristic polynomial is factored over ``K`` and the
   kernels of the factors are G-invariant -- generically the isotypic components;
3. a piece whose commutant is a field (``E = K[c]``, the minimal polynomial of ``c`` is
   irreducible of degree ``dim E``) is irreducible;
4. otherwise the piece is ``U^m``: vectors fixed by a subgroup (Young subgroups of S(n)) are
   tried first, then kernels of factors of generator images are intersected
   (they have the form ``X^m``), a vector of the smallest one is spun into a smaller
   submodule, recursively, until an irreducible ``U`` is found; maps in ``Hom_G(U, piece)``
   are then chosen greedily until their images fill the piece, so all ``m`` copies carry
   *identical* matrices.

Sums are decomposed summand by summand and tensor products recursively,
``A ⊗ B`` from the decompositions of ``A`` and ``B`` and of each product ``U_s ⊗ U_t``
of irreducibles, which is decomposed once and cached (exact Clebsch-Gordan data):
SO(3)'s ``V^{⊗6}`` (729 dimensions) is never treated as one matrix.  Isomorphic
pieces are aligned to one representative per isomorphism class.

Exactness: every result is checked by :meth:`Decomposition.verify` (``Q Q⁻¹ = I`` and
``Q⁻¹ ρ(g) Q`` block diagonal with the stated blocks, for every generator).
Irreducibility is proved when ``End_G(ρ_i)`` is a field (``K[c]``) or, over Q, a quaternion
division algebra (Hilbert symbols, :mod:`.quaternion`); a larger non-commutative
``End_G(ρ_i)`` is reported as unproven.

Examples
--------
>>> import symequiv as se
>>> D = se.decompose(se.V(se.S(4)) ** 2)
>>> D.dims, D.multiplicities, D.end_dims
((1, 2, 3, 3), (2, 1, 3, 1), (1, 1, 1, 1))
>>> D.verify().ok
True
"""

from typing import Any
import random
from dataclasses import dataclass

from .. import linalg
from ..budget import checkpoint
from ..errors import RepresentationError
from ..reps.core import Rep, ScalarRep, SumRep, ProductRep
from ..reps.explicit import ExplicitRep
from ..linalg import (charpoly_factors, primary_components, poly_at, kernel, restrict, spin,
                     hom_space, hom_space_modular, column_rank, mul, check_mul, inv)
from .._immutable import Immutable
from .quaternion import quaternion_division, quaternion_zero_divisor
from .commutants import _component_commutants, _random_element
from .finite import (finite_data, character_norm, character_product, averaged_commutant,
                     averaged_hom, pure_candidates)
from ..reps.relations import check_finite_relations

__all__ = ["decompose", "Decomposition", "DecompositionCertificate"]

#: Seed of the random commutant elements (recorded: the result depends only on the input).
SEED = 20261122


# --- the irreducibles met in one computation --------------------------------------------------

class _Types:
    """Irreducible types of one computation: one representative per isomorphism class, and
    the cached decompositions of products of two of them."""

    def __init__(self, group, field=None, reps=()):
        self.group = group
        self.reps = tuple(reps)              # the reps decomposed (for complete reducibility)
        self._complete = None
        self.K = group.domain if field is None else field
        self.types = []          # (discrete mats, lie mats, dim, end basis, proven)
        self.products = {}       # (s, t) -> _Dec of U_s ⊗ U_t
        self.fin = finite_data(group) if self.K.is_QQ else None

    def mats(self, i):
        d, l, *_ = self.types[i]
        return list(d) + list(l)

    def add(self, disc, lie, end, proven):
        """Index of the type of an irreducible with these generator images, and the matrix
        ``A`` (or None) with which copies of it must be right-multiplied to carry the
        representative's matrices."""
        n = end[0].shape[0]
        mats = list(disc) + list(lie)
        for i, (d, l, u, e, _) in enumerate(self.types):
            A = _realign(list(d) + list(l), e, mats, end, self.K, self.fin)
            if A is not None:
                return i, A
        if proven and not self._reducible():
            # End_G a field proves irreducibility only when the group's reps are completely
            # reducible: for the ax+b group V is indecomposable with End = Q, but e_0 spans an
            # invariant line (a Schur form on it gave Hom(V, V*) = 0, the true dimension is 1)
            proven = False
        self.types.append((tuple(disc), tuple(lie), n, tuple(end), proven))
        return len(self.types) - 1, None

    def _reducible(self):
        if self._complete is None:
            self._complete = _completely_reducible(self.group, self.reps)
        return self._complete

    def copy(self, reps):
        """A registry in the same state (types, products, finite data) for ``reps``."""
        out = _Types(self.group, self.K, reps)
        out.types, out.products, out.fin = list(self.types), dict(self.products), self.fin
        return out


@dataclass(frozen=True)
class _Dec:
    Q: object           # dense n x n, columns grouped by type, copies consecutive
    Qinv: object
    blocks: tuple       # ((type index, copies), ...) in column order


def _split_gens(mats, nd):
    return list(mats[:nd]), list(mats[nd:])


def _completely_reducible(G, reps=()):
    """Whether the representations ``reps`` of ``G`` are known to be completely reducible
    (:mod:`symequiv.schur.reducibility`)."""
    from .reducibility import completely_reducible
    return completely_reducible(G, reps)


def _generates_field(c, t, comps=None):
    """Whether ``K[c]`` is a field of dimension ``t``: the characteristic polynomial of ``c`` is
    a power of one irreducible ``p`` of degree ``t`` with ``p(c) = 0`` (so ``p`` is the minimal
    polynomial).  When ``t = dim End``, the commutant is then the field ``K[c]``."""
    comps = primary_components(c) if comps is None else comps
    if len(comps) != 1:
        return False
    coeffs, _ = comps[0]
    return len(coeffs) - 1 == t and linalg.is_zero(poly_at(coeffs, c).to_sparse())


def _commutant(mats, nd, K, rng, fin):
    """A basis of ``End_G`` of the rep with generator images ``mats``: by group averages with
    the character norm as its dimension for a finite permutation group (:mod:`.finite`), else
    by elimination over the ``n²`` entries."""
    if fin is not None and K.is_QQ and nd == len(mats):
        t = character_norm(mats, fin)
        if t == 1:
            return [linalg.identity(mats[0].shape[0], K).to_dense()]
        E = averaged_commutant(mats, fin, t, rng)
        if E is not None:
            return E
    return hom_space(mats, mats, K)


def _hom(out_mats, in_mats, K, fin, d_out=None, d_in=None):
    """A basis of ``Hom_G`` between two reps given by generator images: by group averages for a
    finite permutation group over Q (dimension from the character formula), else
    :func:`~symequiv.linalg.hom_space`."""
    if fin is not None and K.is_QQ and out_mats and len(out_mats) == len(fin.key[1]):
        t = character_product(out_mats, in_mats, fin)
        H = averaged_hom(out_mats, in_mats, fin, t, random.Random(SEED))
        if H is not None:
            return H
    return hom_space(out_mats, in_mats, K, d_out, d_in)


def _irreducible_parts(mats, nd, K, rng, E=None, fin=None):
    """``[(disc, lie, end basis, proven, [column blocks])]`` for an explicit rep; ``fin`` is
    the group's :class:`~.finite.FiniteData` (or None)."""
    checkpoint("Schur decomposition, splitting a piece")
    n = mats[0].shape[0] if mats else E[0].shape[0]
    ident = linalg.identity(n, K).to_dense()
    if not mats:                                     # a group without generators: all trivial
        one = linalg.identity(1, K)
        return [([], [], [one], True, [ident[:, i:i + 1] for i in range(n)])]
    if E is None:
        E = _commutant(mats, nd, K, rng, fin)
    t = len(E)
    if t == 0:
        raise RepresentationError("the commutant is empty: the generator images are inconsistent.")
    if t == 1:
        d, l = _split_gens(mats, nd)
        return [(d, l, E, True, [ident])]
    c = _random_element(E, K, rng)
    comps = primary_components(c)
    if len(comps) > 1:
        parts = []
        for (_, B), Ei in zip(comps, _component_commutants(E, [B for _, B in comps], K)):
            sub = restrict(mats, B)
            for d, l, e, pr, copies in _irreducible_parts(sub, nd, K, rng, Ei, fin):
                parts.append((d, l, e, pr, [mul(B, C) for C in copies]))
        return _merge(parts, K, fin)
    if _generates_field(c, t, comps):
        d, l = _split_gens(mats, nd)                 # End = K[c] is a field: irreducible
        return [(d, l, E, True, [ident])]
    S = _proper_submodule(mats, K, fin if nd == len(mats) else None)
    if S is None:
        S = _split_quaternion_submodule(mats, E, K)
    if S is None:                                    # End is not a field and nothing splits:
        d, l = _split_gens(mats, nd)                 # proved only if End = (a, b)_Q is division
        return [(d, l, E, quaternion_division(E, K), [ident])]
    inner = _irreducible_parts(restrict(mats, S), nd, K, rng, fin=fin)
    d, l, e, pr, copies = inner[0]
    U = d + l
    H = _hom(mats, U, K, fin)                        # maps U -> this piece
    chosen, r = [], 0
    for f in H:
        f = f.to_dense()
        r2 = column_rank(linalg.hstack(chosen + [f]))
        if r2 > r:
            chosen.append(f)
            r = r2
            if r == n:
                break
    if r != n:
        raise RepresentationError("the representation is not completely reducible: an invariant "
                                  "subspace has no invariant complement.")
    return [(d, l, e, pr, chosen)]


def _proper_submodule(mats, K, fin=None):
    """Columns of a G-invariant subspace 0 < S < V, or None.  Fixed vectors of the subgroups
    in ``fin`` (a finite permutation group's data) are tried first: they are pure vectors of
    ``U ⊗ Q^m`` when the subgroup fixes a line of ``U`` (:func:`.finite.pure_candidates`)."""
    n = mats[0].shape[0]
    if fin is not None and K.is_QQ:
        for F in pure_candidates(mats, fin):
            S = spin(F[:, 0:1], mats)
            if S.shape[1] < n:
                return S
    cands = list(mats) + [mats[i].to_dense() + mats[j].to_dense()
                          for i in range(len(mats)) for j in range(i + 1, len(mats))]
    kernels = []
    for a in cands:
        for coeffs, _ in charpoly_factors(a):
            P = poly_at(coeffs, a)
            B = kernel(P)
            if 0 < B.shape[1] < n:
                kernels.append((P, B))
    kernels.sort(key=lambda pk: pk[1].shape[1])
    # no generator image has a proper kernel (e.g. all act trivially): spin basis vectors
    B = kernels[0][1] if kernels else linalg.identity(n, K).to_dense()
    for P, _ in kernels[1:]:                         # intersect: still of the form X^m
        y = kernel(mul(P, B))
        if 0 < y.shape[1] < B.shape[1]:
            B = mul(B, y)
    for j in range(B.shape[1]):
        S = spin(B[:, j:j + 1], mats)
        if S.shape[1] < n:
            return S
    return None


def _split_quaternion_submodule(mats, E, K):
    """When ``End = M_2(Q)`` (a split quaternion algebra, ``W = U ⊕ U``), the span of the
    G-orbit of a vector in the image of a zero divisor (:func:`.quaternion_zero_divisor`):
    an invariant subspace inside that image, so proper; else None."""
    q = quaternion_zero_divisor(E, K)
    if q is None:
        return None
    n = q.shape[0]
    for j in range(n):
        col = q[:, j:j + 1]
        if not linalg.is_zero(col.to_sparse()):
            S = spin(col, mats)
            return S if S.shape[1] < n else None
    return None


def _realign(rep_mats, rep_end, mats, end, K, fin=None):
    """``A`` with ``copy @ A`` carrying the representative's matrices, if the irreducible with
    generator images ``mats`` is isomorphic to the representative; else ``None``.  A nonzero
    map between irreducibles is an isomorphism (Schur), so the first basis map serves."""
    u, n = rep_end[0].shape[0], end[0].shape[0]
    if u != n or len(rep_end) != len(end):
        return None
    H = _hom(rep_mats, mats, K, fin, u, n)            # maps new -> representative
    return inv(H[0].to_dense()) if H else None


def _merge(parts, K, fin=None):
    """Join pieces of isomorphic types (copies re-expressed in one representative)."""
    out = []
    for d, l, e, pr, copies in parts:
        mats = d + l
        for d0, l0, e0, _, c0 in out:
            A = _realign(d0 + l0, e0, mats, e, K, fin)
            if A is not None:
                c0.extend(mul(C, A) for C in copies)
                break
        else:
            out.append((d, l, e, pr, list(copies)))
    return out


# --- assembling decompositions -------------------------------------------------------------

def _atom(rep, types):
    G = types.group
    K = types.K
    nd = len(G.discrete_generators)
    mats = [rep.rho_gen(k) for k in range(nd)] + [rep.drho_gen(k) for k in range(len(G.lie_generators))]
    if types.fin is not None and type(rep) is ExplicitRep:
        # images given by a user (or pieces of another decomposition): the character formula
        # needs a homomorphism; the shared check refuses images that break the relations and
        # leaves too large ones unchecked, for which elimination (needing no relations) runs
        check_finite_relations(rep, "decompose")
        if rep._memo.get("finite_relations") is not True:
            types.fin = None
    key = (G, rep.key(), linalg.field_key(K), None if types.fin is None else types.fin.key)
    hit = _ATOMS.get(key)
    if hit is None:
        hit = _atom_parts(G, rep, mats, nd, K, types.fin)
        if rep.size <= _ATOMS_MAX_SIZE:
            if len(_ATOMS) >= _ATOMS_MAX:
                _ATOMS.pop(next(iter(_ATOMS)))
            _ATOMS[key] = hit
    return _assemble(hit, types, rep.size)


#: The irreducible pieces of atoms (reps that are not sums or products), shared by all calls
#: and keyed by the group, the rep (its exact generator images), the field and the finite data:
#: like :data:`_PRODUCTS`, each is computed with its own fresh seed from the rep alone, so a
#: result never depends on what was decomposed before (an EMLP's bilinear layer meets one
#: realified atom in hundreds of Hom problems).
_ATOMS: dict[Any, Any] = {}
_ATOMS_MAX = 256
#: larger atoms (a regular rep: its pieces hold n² entries) are not kept
_ATOMS_MAX_SIZE = 128


def _atom_parts(G, rep, mats, nd, K, fin):
    from ..solve.dispatch import solve_block
    rng = random.Random(SEED)
    if fin is not None and not rep.is_permutation and all(M.domain.is_QQ for M in mats):
        E = _commutant(mats, nd, K, rng, fin)           # group averages, character norm
    else:
        B = solve_block(rep, rep, schur=False)  # the commutant; orbits and diagrams where they apply
        E = [B.map(k) for k in range(B.dim)]
    rational = [_as_rational(M) for M in mats + E] if not K.is_QQ else None
    if rational is not None and all(M is not None for M in rational):
        parts = _rational_first(rational[:len(mats)], nd, K, rng, rational[len(mats):],
                                finite_data(G))
    else:
        mats = [M.convert_to(K).to_sparse() for M in mats]
        parts = _irreducible_parts(mats, nd, K, rng, [e.convert_to(K) for e in E], fin)
    return parts


def _as_rational(M):
    """``M`` over QQ when every entry is rational (whatever field it is written over), else None."""
    if M.domain.is_QQ:
        return M
    dod = {}
    for i, row in linalg._dod(M.to_sparse()).items():
        for j, x in row.items():
            cs = x.to_list()
            if len(cs) > 1:
                return None
            if cs:
                dod.setdefault(i, {})[j] = linalg.QQ(cs[0])
    return linalg.DomainMatrix(dod, M.shape, linalg.QQ)


def _rational_first(mats, nd, K, rng, E, fin=None):
    """A rational rep of a group over a number field K (a regular rep, a permutation action):
    decompose over Q in python-flint's rational arithmetic, then split over K only the
    Q-irreducibles whose commutant is bigger than Q, once per type, on their own small
    generator images (End over K of a rational rep is End over Q tensored with K)."""
    QQ = linalg.QQ
    parts = []
    for d, l, e, pr, copies in _irreducible_parts([M.to_sparse() for M in mats], nd, QQ, rng, E, fin):
        conv = [M.convert_to(K) for M in d + l]
        if len(e) == 1:
            parts.append((conv[:nd], conv[nd:], [x.convert_to(K) for x in e], pr,
                          [C.convert_to(K) for C in copies]))
            continue
        for d2, l2, e2, pr2, inner in _irreducible_parts([M.to_sparse() for M in conv], nd, K, rng,
                                                         [x.convert_to(K) for x in e]):
            parts.append((d2, l2, e2, pr and pr2,
                          [mul(C.convert_to(K), D) for C in copies for D in inner]))
    return _merge(parts, K)


def _assemble(parts, types, n):
    by_type = {}
    for d, l, e, pr, copies in parts:
        i, A = types.add(d, l, e, pr)
        by_type.setdefault(i, []).extend(copies if A is None else [mul(C, A) for C in copies])
    cols, blocks = [], []
    for i in sorted(by_type):
        cols += by_type[i]
        blocks.append((i, len(by_type[i])))
    Q = linalg.hstack(cols).to_dense()
    if Q.shape != (n, n):
        raise RepresentationError("the pieces found do not fill the space.")
    return _Dec(Q, inv(Q), tuple(blocks))


def _direct_sum(decs, types):
    """Block-diagonal join of decompositions, regrouped by type."""
    cols, rows = {}, {}
    r0 = 0
    n = sum(d.Q.shape[0] for d in decs)
    K = types.K
    for d in decs:
        m = d.Q.shape[0]
        off = 0
        for i, cnt in d.blocks:
            u = types.types[i][2]
            for _ in range(cnt):
                col = _place(d.Q[:, off:off + u].to_sparse(), r0, n, u, K)
                row = _place(d.Qinv[off:off + u, :].to_sparse().transpose(), r0, n, u, K).transpose()
                cols.setdefault(i, []).append(col)
                rows.setdefault(i, []).append(row)
                off += u
        r0 += m
    return _join(cols, rows)


def _place(M, r0, n, u, K):
    dod = {r0 + i: dict(row) for i, row in linalg._dod(M).items()}
    return linalg.DomainMatrix(dod, (n, u), K)


def _join(cols, rows):
    checkpoint("Schur decomposition, assembling a change of basis")
    order = sorted(cols)
    Q = linalg.hstack([c for i in order for c in cols[i]]).to_dense()
    Qinv = linalg.vstack([r for i in order for r in rows[i]]).to_dense()
    return _Dec(Q, Qinv, tuple((i, len(cols[i])) for i in order))


#: Decompositions of products of two irreducibles (exact Clebsch-Gordan data), shared by all
#: calls and keyed by the exact generator images; each is computed with its own fresh seed, so
#: a result never depends on what was computed before it.
_PRODUCTS: dict[Any, Any] = {}
_PRODUCTS_MAX = 512


def _product_parts(d1, l1, d2, l2, K, fin=None):
    # discrete and Lie images are keyed apart: [[-1]] as a group element (kron) and as an
    # algebra element (kronsum) have different products; the finite group's data (its
    # generators) is part of the key, since it chooses the vectors that split pieces
    key = (linalg.field_key(K), tuple(linalg.key(M) for M in d1), tuple(linalg.key(M) for M in l1),
           tuple(linalg.key(M) for M in d2), tuple(linalg.key(M) for M in l2),
           None if fin is None else fin.key)
    hit = _PRODUCTS.get(key)
    if hit is None:
        mats = ([linalg.kron(a, b) for a, b in zip(d1, d2)]
                + [linalg.kronsum(a, b) for a, b in zip(l1, l2)])
        if not mats:          # a group without generators: its irreducibles are 1-dim, trivial
            one = linalg.identity(1, K)
            hit = ([([], [], [one], True, [one.to_dense()])], 1)
        else:
            hit = (_irreducible_parts(mats, len(d1), K, random.Random(SEED), fin=fin),
                   mats[0].shape[0])
        if len(_PRODUCTS) >= _PRODUCTS_MAX:
            _PRODUCTS.pop(next(iter(_PRODUCTS)))
        _PRODUCTS[key] = hit
    return hit


def _product_of_types(s, t, types):
    key = (s, t)
    if key not in types.products:
        d1, l1, *_ = types.types[s]
        d2, l2, *_ = types.types[t]
        parts, n = _product_parts(list(d1), list(l1), list(d2), list(l2), types.K, types.fin)
        types.products[key] = _assemble(parts, types, n)
    return types.products[key]


def copy_pairs(da, db, types):
    """``(s, us, oa, t, ut, ob)`` for every pair of a copy of type ``s`` (size ``us``, first
    column ``oa``) in ``da`` and a copy of type ``t`` in ``db``, in the order :func:`_tensor`
    assembles ``A ⊗ B`` (the torch layers replay it: :mod:`symequiv.nn.schur`)."""
    oa = 0
    for s, ca in da.blocks:
        us = types.types[s][2]
        for _ in range(ca):
            ob = 0
            for t, cb in db.blocks:
                ut = types.types[t][2]
                for _ in range(cb):
                    yield s, us, oa, t, ut, ob
                    ob += ut
            oa += us


def _tensor(da, db, types):
    """Decomposition of A ⊗ B (numpy.kron order) from those of A and B."""
    cols, rows = {}, {}
    for s, us, oa, t, ut, ob in copy_pairs(da, db, types):
        checkpoint("Schur decomposition of a tensor product (Clebsch-Gordan stage)")
        cg = _product_of_types(s, t, types)
        X = linalg.kron(da.Q[:, oa:oa + us].to_sparse(), db.Q[:, ob:ob + ut].to_sparse())
        Y = linalg.kron(da.Qinv[oa:oa + us, :].to_sparse(), db.Qinv[ob:ob + ut, :].to_sparse())
        XC = mul(X, cg.Q)
        CY = mul(cg.Qinv, Y)
        off = 0
        for j, cj in cg.blocks:
            uj = types.types[j][2]
            for _ in range(cj):
                cols.setdefault(j, []).append(XC[:, off:off + uj])
                rows.setdefault(j, []).append(CY[off:off + uj, :])
                off += uj
    return _join(cols, rows)


def _decompose(rep, types, memo):
    k = rep.key()
    if k in memo:
        return memo[k]
    checkpoint(f"Schur decomposition of {rep}")
    if isinstance(rep, SumRep):
        parts = [_decompose(r, types, memo) for r, _, _ in rep.summands()]
        out = _direct_sum(parts, types)
    elif isinstance(rep, ProductRep) and len(rep.factors()) > 1:
        fac = rep.factors()           # left to right, a loop (V**1000 recursed 1000 deep)
        head, out = fac[0], _decompose(fac[0], types, memo)
        for f in fac[1:]:
            head = head * f
            if head.key() in memo:
                out = memo[head.key()]
                continue
            out = _tensor(out, _decompose(f, types, memo), types)
            memo[head.key()] = out
    elif isinstance(rep, ScalarRep):
        G = types.group
        one = linalg.identity(1, types.K)
        i, _ = types.add([one] * len(G.discrete_generators),
                         [linalg.zeros(1, 1, types.K)] * len(G.lie_generators), [one], True)
        out = _Dec(one.to_dense(), one.to_dense(), ((i, 1),))
    else:
        out = _atom(rep, types)
    memo[k] = out
    return out


# --- the public result --------------------------------------------------------------------

@dataclass(frozen=True)
class DecompositionCertificate:
    """What :meth:`Decomposition.verify` checked, exactly.

    ``invertible``: ``Q Q⁻¹ = I``; ``block_diagonal``: ``ρ(g) Q = Q (⊕ I_{m_i} ⊗ ρ_i(g))``
    for every discrete and Lie-algebra generator; ``commutants_ok``: each ``End_G(ρ_i)``
    has the stated dimension (re-solved) and distinct pieces admit no nonzero map;
    ``irreducible_proved``: every ``End_G(ρ_i)`` is a field or a quaternion division algebra over Q
    (so ``ρ_i`` is irreducible);
    ``claims_proved``: every piece the decomposition *says* is proven irreducible
    (``Decomposition.proven``) is re-proved here.  ``ok`` needs the first three and the last:
    a piece may be left unproven, but never claimed proven without proof.
    """

    invertible: bool
    block_diagonal: bool
    commutants_ok: bool
    irreducible_proved: bool
    generators_checked: int
    claims_proved: bool = True

    @property
    def ok(self):
        return self.invertible and self.block_diagonal and self.commutants_ok and self.claims_proved


class Decomposition(Immutable):
    """``rep = Q (⊕_i ρ_i^{⊕ m_i}) Q⁻¹``, exact (immutable).

    Attributes
    ----------
    rep : Rep
    Q, Q_inv : DomainMatrix
        Dense, ``rep.size`` square; the columns of ``Q`` are grouped by irreducible,
        copies consecutive, each copy carrying exactly ``ρ_i``'s matrices.
    irreps : tuple of ExplicitRep
    multiplicities, end_dims, dims : tuple of int
        ``m_i``, ``dim End_G(ρ_i)`` over the field, ``dim ρ_i``.
    proven : tuple of bool
        Irreducibility proved by a field commutant.
    """

    __slots__ = ("rep", "Q", "Q_inv", "irreps", "multiplicities", "end_dims", "proven")
    rep: Rep
    Q: Any
    Q_inv: Any
    irreps: tuple[Any, ...]
    multiplicities: tuple[int, ...]
    end_dims: tuple[int, ...]
    proven: tuple[bool, ...]

    def __init__(self, rep, Q, Q_inv, irreps, multiplicities, end_dims, proven):
        for k, v in (("rep", rep), ("Q", Q), ("Q_inv", Q_inv), ("irreps", tuple(irreps)),
                     ("multiplicities", tuple(multiplicities)), ("end_dims", tuple(end_dims)),
                     ("proven", tuple(proven))):
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError("Decomposition objects are immutable")

    @property
    def dims(self):
        return tuple(r.size for r in self.irreps)

    @property
    def field(self):
        """The field of the entries (``QQ`` or ``QQ<α>``)."""
        return self.Q.domain

    def end_dim(self):
        """``dim End_G(rep) = Σ m_i² dim End(ρ_i)`` (Schur's lemma).

        >>> import symequiv as se
        >>> se.decompose(se.V(se.SO(3)) ** 3).end_dim()
        15
        """
        return sum(m * m * e for m, e in zip(self.multiplicities, self.end_dims))

    def hom_dim(self, other):
        """``dim Hom_G(self.rep, other.rep) = Σ m_i m'_i dim End(ρ_i)`` over isomorphic pieces.

        >>> import symequiv as se
        >>> V = se.V(se.SO(3))
        >>> se.decompose(V ** 2).hom_dim(se.decompose(V))
        1
        """
        K = self.field
        total = 0
        for r, m, e in zip(self.irreps, self.multiplicities, self.end_dims):
            for r2, m2 in zip(other.irreps, other.multiplicities):
                if r.size == r2.size and hom_space(_mats(r2), _mats(r), K, r2.size, r.size):
                    total += m * m2 * e
        return total

    def verify(self):
        """Exact certificate (see :class:`DecompositionCertificate`)."""
        K = self.field
        n = self.rep.size
        ident = linalg.identity(n, K).to_dense()
        inv_ok = check_mul(self.Q, self.Q_inv) == ident
        G = self.rep.group
        nd, nl = len(G.discrete_generators), len(G.lie_generators)
        blocks_ok = True
        for k in range(nd + nl):
            M = (self.rep.rho_gen(k) if k < nd else self.rep.drho_gen(k - nd)).convert_to(K)
            D = linalg.block_diag([_mats(r)[k] for r, m in zip(self.irreps, self.multiplicities)
                                  for _ in range(m)], K)
            if check_mul(M, self.Q) != check_mul(self.Q, D):
                blocks_ok = False
        comm_ok = True
        fields = []
        for i, (r, e) in enumerate(zip(self.irreps, self.end_dims)):
            E = hom_space_modular(_mats(r), _mats(r), K, r.size, r.size)
            if len(E) != e:
                comm_ok = False
            # irreducibility re-proved, not read from the stored flags: End_G is a field
            # (a seeded random element generates the field unless it lands in a subfield)
            rng = random.Random(SEED)
            fields.append(len(E) == 1 or (len(E) > 1 and any(
                _generates_field(_random_element(E, K, rng), len(E)) for _ in range(8)))
                or quaternion_division(E, K))
            for r2 in self.irreps[i + 1:]:
                if r2.size == r.size and hom_space_modular(_mats(r2), _mats(r), K, r2.size, r.size):
                    comm_ok = False
        # a field End_G proves irreducibility only for completely reducible reps (the ax+b group
        # on R^2 has End = Q and an invariant line)
        reducible_ok = _completely_reducible(G, (self.rep,))
        claims = all(f and reducible_ok for f, pr in zip(fields, self.proven) if pr)
        return DecompositionCertificate(inv_ok, blocks_ok, comm_ok,
                                        all(fields) and reducible_ok, nd + nl, claims)

    def _repr_html_(self):
        from ..display import html_decomposition
        return html_decomposition(self)

    def __repr__(self):
        parts = " + ".join(f"{m}x[{r.size}{'' if e == 1 else f', End dim {e}'}]"
                           for r, m, e in zip(self.irreps, self.multiplicities, self.end_dims))
        return f"Decomposition({self.rep} = {parts})"


def _extended_field(G, field):
    if field is None:
        return G.domain
    vals = list(field) if isinstance(field, (list, tuple)) else [field]
    base = [] if G.domain.is_QQ else [G.domain.ext.as_expr()]
    try:
        from sympy import sympify
        vals = [sympify(v, strict=True) for v in vals]
    except Exception as e:
        raise RepresentationError(f"field= needs exact SymPy numbers such as sqrt(5), got {field!r} "
                                  f"({e}).") from None
    from sympy import Expr, Float, Symbol, minimal_polynomial
    from .. import limits
    degree = 1
    for v in vals:
        if isinstance(v, bool) or not isinstance(v, Expr) or not v.is_number or v.has(Float):
            raise RepresentationError(
                f"field= needs exact algebraic numbers such as sqrt(5) or I, got {v!r} (a symbol, "
                f"a bool or a float names no field; nothing would be extended).")
        if v.is_algebraic is False:
            raise RepresentationError(f"field=: {v} is not algebraic, so it generates no number field.")
        try:
            degree *= int(minimal_polynomial(v, Symbol("x"), polys=True).degree())
        except Exception as e:
            raise RepresentationError(f"field=: no minimal polynomial found for {v} ({e}).") from None
    if degree > limits.MAX_FIELD_DEGREE:
        limits.check(degree, "MAX_FIELD_DEGREE",
                     f"field={field!r} generates an extension of degree up to {degree}",
                     "Exact arithmetic in such a field is very slow; use a smaller field.")
    return linalg.number_field(base + vals)


def _sorted(dec, types):
    """The same decomposition with the irreducibles ordered by dimension (then by discovery)."""
    spans, off = [], 0
    for i, cnt in dec.blocks:
        w = cnt * types.types[i][2]
        spans.append((types.types[i][2], i, off, w, cnt))
        off += w
    spans.sort()
    idx = [j for _, _, a, w, _ in spans for j in range(a, a + w)]
    Q = dec.Q.to_sparse().extract(list(range(off)), idx).to_dense()
    Qinv = dec.Qinv.to_sparse().extract(idx, list(range(off))).to_dense()
    return _Dec(Q, Qinv, tuple((i, cnt) for _, i, _, _, cnt in spans))


def _mats(r):
    d, l = r.generator_images
    return list(d) + list(l)


def decompose(rep: Rep, field: Any = None, *, max_seconds: float | None = None,
              max_memory: Any = None) -> Decomposition:
    """Exact decomposition of ``rep`` into irreducibles over its group's field (or an
    extension of it).

    Parameters
    ----------
    rep : Rep
        A representation of a group whose representations are completely reducible
        (finite groups, compact and semisimple Lie groups).
    field : SymPy algebraic number or list of them, optional
        Decompose over the group's field extended by these numbers, e.g. ``sqrt(5)`` or
        ``exp(2*pi*I/5)``: pieces that are irreducible but not absolutely irreducible over
        the smaller field split further.  The pieces then live over that field (for
        inspection and :meth:`Decomposition.verify`; the solver works over the group's field).
    max_seconds, max_memory : optional
        A budget, as for :func:`~symequiv.equivariant_basis`: the decomposition stops at its
        next step past either with :class:`~symequiv.errors.BudgetExceededError`.

    Returns
    -------
    Decomposition

    >>> import symequiv as se
    >>> D = se.decompose(se.V(se.SO(3)) ** 2)
    >>> D.dims, D.multiplicities
    ((1, 3, 5), (1, 1, 1))
    >>> se.decompose(se.V(se.Z(4))).end_dims          # Q[C_4] = Q + Q + Q(i)
    (1, 1, 2)
    >>> from sympy import I
    >>> se.decompose(se.V(se.Z(4)), field=I).dims     # over Q(i): four characters
    (1, 1, 1, 1)
    """
    if not isinstance(rep, Rep):
        raise RepresentationError(f"decompose needs a Rep, got {type(rep).__name__}.")
    G = rep.group
    if G is None:
        raise RepresentationError("this rep has no group (it is built from Scalar alone); "
                                  "decompose a representation of a group, e.g. se.V(se.S(3)).")
    if not _completely_reducible(G, (rep,)):
        raise RepresentationError(
            f"decompose needs representations known to be completely reducible (of finite "
            f"groups, the catalogue's reductive Lie groups, Lie groups with a semisimple "
            f"algebra, groups whose generators preserve the standard inner product -- there only "
            f"reps built from V when the group has discrete generators, see "
            f"symequiv.schur.reducibility); {rep} of {G!r} is not known to be. A "
            f"representation that is not completely reducible has an invariant subspace without "
            f"an invariant complement (the ax+b group on R²: e_0 spans an invariant line, and no "
            f"other line is invariant), and its irreducible pieces do not add up to it. "
            f"se.equivariant_basis works for any group (by elimination).")
    from ..budget import budget
    with budget(max_seconds, max_memory, what=f"decompose({rep})"):
        K = _extended_field(G, field)
        types = _Types(G, K, (rep,))
        dec = _sorted(_decompose(rep, types, {}), types)
    irreps, mult, ends, proven = [], [], [], []
    for n_i, (i, cnt) in enumerate(dec.blocks):
        d, l, u, e, pr = types.types[i]
        irreps.append(ExplicitRep(G, d, l, f"U{n_i}", field=K))
        mult.append(cnt)
        ends.append(len(e))
        proven.append(pr)
    return Decomposition(rep, dec.Q, dec.Qinv, irreps, mult, ends, proven)
