"""Exact checks of a basis: every map satisfies every generator constraint, and the rank.

(1) Constraints -- ``ρ_out(g) W_k = W_k ρ_in(g)`` for every discrete generator and
``dρ_out(A) W_k = W_k dρ_in(A)`` for every algebra generator, by plain matrix products (the
solver eliminates Kronecker-form systems instead); orbit bases entry by entry against the
generators' permutations; Schur-form bases through their change of basis and blocks.
(2) Rank -- the exact rank of the columns.

>>> import symequiv as se
>>> B = se.equivariant_basis(se.V(se.SO(3)), se.V(se.SO(3)))
>>> _check_rows(B, se.SO(3)), _rank(B)
(True, 1)
"""

import numpy as np

from .. import linalg
from .rows_integer import check_rows_integer
from .schur_integer import check_schur_integer
from ..linalg.integer import IntegerOverflow

__all__ = []


def _perm_matches(rep, k):
    """Whether the permutation ``rep.perm_gen(k)`` is the matrix ``rep.rho_gen(k)``: the orbit
    check reads permutations, the certificate promises matrix products, so an explicit rep's
    two are tied exactly here rather than trusted."""
    p = rep.perm_gen(k)
    if p is None:
        return False
    return linalg.is_perm_matrix_of(rep.rho_gen(k), p)


def _check_orbit_basis(B, G):
    n_in = B.n_in
    colors = B.colors
    N = colors.size
    idx = np.arange(N, dtype=np.int64)
    r, c = idx // n_in, idx % n_in
    # the library's own reps derive permutation and matrix from the group; explicit reps carry
    # both as given, so theirs are tied here (cheap: atoms are small; the composite's matrix of
    # a large power would be built entry by entry)
    from ..reps.explicit import explicit_atoms
    atoms = {a.key(): a for r in (B.rep_in, B.rep_out) for a in explicit_atoms(r)}
    for k in range(len(G.discrete_generators) if G else 0):
        if not all(a.perm_gen(k) is None or _perm_matches(a, k) for a in atoms.values()):
            return _check_rows(B, G)
        q, p = B.rep_out.perm_gen(k), B.rep_in.perm_gen(k)
        img = q[r] * n_in + p[c]
        if not np.array_equal(colors[img], colors):
            return False
    for k in range(len(G.lie_generators) if G else 0):
        # permutation reps: the algebra must act by zero on both sides
        if not (linalg.is_zero(B.rep_out.drho_gen(k)) and linalg.is_zero(B.rep_in.drho_gen(k))):
            return _check_rows(B, G)
    return True


def _check_rows(B, G):
    n_in, n_out, d = B.n_in, B.n_out, B.dim
    if d == 0 or G is None:
        return True
    fast = check_rows_integer(B, G)                 # exact, in int64 with a proven bound
    if fast is not None:
        return fast
    wcat, wstack = {}, {}
    for k, row in B.rows().to_sparse().rep.items():
        for i, x in row.items():
            rr, cc = divmod(i, n_in)
            wcat.setdefault(rr, {})[k * n_in + cc] = x
            wstack.setdefault(k * n_out + rr, {})[cc] = x
    K = B.rows().domain
    Wcat = linalg.DomainMatrix(wcat, (n_out, n_in * d), K)
    Wstack = linalg.DomainMatrix(wstack, (n_out * d, n_in), K)
    pairs = [(B.rep_out.rho_gen(k), B.rep_in.rho_gen(k)) for k in range(len(G.discrete_generators))]
    pairs += [(B.rep_out.drho_gen(k), B.rep_in.drho_gen(k)) for k in range(len(G.lie_generators))]
    for M_out, M_in in pairs:
        M_out, M_in, Wcat, Wstack = linalg.unify(M_out, M_in, Wcat, Wstack)
        left = M_out.matmul(Wcat).to_sparse().rep           # ρ_out W_k, side by side
        right = Wstack.matmul(M_in).to_sparse().rep          # W_k ρ_in, stacked
        got_left = {}
        for rr, row in left.items():
            for j, x in row.items():
                k, cc = divmod(j, n_in)
                got_left[(k, rr, cc)] = x
        got_right = {}
        for i, row in right.items():
            k, rr = divmod(i, n_out)
            for cc, x in row.items():
                got_right[(k, rr, cc)] = x
        if got_left != got_right:
            return False
    return True


def _rank(B):
    if B.is_orbit_basis:
        # disjoint 0/1 columns are independent iff none is empty
        c = B.colors[B.colors >= 0]
        counts = np.bincount(c) if c.size else np.zeros(0, dtype=np.int64)
        return int(counts.size) if (counts > 0).all() else -1
    rows = B.rows()
    return _echelon_rank(rows) or linalg.rank(rows)


def _echelon_rank(rows):
    """The number of rows when every row has its own pivot -- its first nonzero column, where
    every other row is zero (reduced echelon rows have it) -- which proves them independent in
    one pass over the nonzeros; ``0`` when that structure is absent (then eliminate).

    >>> _echelon_rank(linalg.matrix([[1, 0, 2], [0, 1, 3]])), _echelon_rank(linalg.matrix([[1, 1], [1, 0]]))
    (2, 0)
    """
    rep = rows.to_sparse().rep
    if len(rep) != rows.shape[0] or any(not r for r in rep.values()):
        return 0
    lead = [min(r) for r in rep.values()]
    pivots = set(lead)
    if len(pivots) != len(rep) or any(not r[j] for r, j in zip(rep.values(), lead)):
        return 0
    for r in rep.values():
        if sum(1 for j in r if j in pivots) != 1:
            return 0
    return len(rep)


def _check_schur(B, G):
    """Exact checks of a Schur-form basis (over Q in exact integer arithmetic, see
    :mod:`.schur_integer`; otherwise by rational products): ``Q Q⁻¹ = I`` on both
    sides; ``ρ(g) Q = Q D(g)`` for every generator, ``D`` the stated block diagonal; every
    ``φ_j`` commutes with its irreducible's generators and the ``φ_j`` of a block are
    independent; and a seeded sample of materialised maps satisfies ``ρ_out W = W ρ_in``.
    Together these prove every basis map equivariant, and (the Q's being invertible) the
    maps independent: ``Q_out⁻¹ W Q_in`` are block matrix units tensored with the ``φ_j``.
    Returns ``(constraints_ok, rank)``."""
    F = B.schur
    K = F.domain

    from ..linalg import check_mul

    def prod(X, Y):          # plain products (large ones over Q(α): via rational coefficients)
        return check_mul(X.convert_to(K), Y.convert_to(K))

    try:
        ok = check_schur_integer(B, G)
    except (IntegerOverflow, OverflowError):
        ok = None                              # entries too large for int64: rational products
    ok = ok if ok is not None else _check_schur_rational(B, G, prod)
    ok = ok and _layout_ok(B, G)
    rank = 0
    for b in F.blocks:
        for T in b.generators:
            for E in b.end:
                if prod(T, E) != prod(E, T):
                    ok = False
        u = b.dim
        flat = linalg.DomainMatrix(
            {k: {r * u + c: x for r, cols in linalg._dod(E.convert_to(K).to_sparse()).items()
                 for c, x in cols.items()} for k, E in enumerate(b.end)}, (len(b.end), u * u), K)
        rank += linalg.rank(flat) * len(b.out_offsets) * len(b.in_offsets)
    return ok, rank


def _layout_ok(B, G):
    """The stated layout is consistent: no (output copy, input copy) position is used twice, on
    each side the pieces tile ``[0, n)`` without overlap, and every block's generator images
    are those of the pieces its copies point at (so the block's End elements, checked against
    the block's own images, act on the right copies)."""
    F = B.schur
    # each (output copy, input copy) position holds the maps of one block only: the rank
    # counted per block is the rank of the whole basis only when no position repeats
    positions = [(o, i) for b in F.blocks for o in b.out_offsets for i in b.in_offsets]
    if len(set(positions)) != len(positions):
        return False
    for pieces, n, side in ((F.out_pieces, B.n_out, "out"), (F.in_pieces, B.n_in, "in")):
        starts = {}
        covered = 0
        spans = []
        for gens, offs in pieces:
            u = gens[0].shape[0] if gens else 1
            for o in offs:
                spans.append((o, o + u))
                starts[o] = (gens, u)
                covered += u
        spans.sort()
        if covered != n or any(a1 > b0 for (_, a1), (b0, _) in zip(spans, spans[1:])) or \
                (spans and (spans[0][0] != 0 or spans[-1][1] != n)):
            return False
        for b in F.blocks:
            for o in (b.out_offsets if side == "out" else b.in_offsets):
                if o not in starts:
                    return False
                gens, u = starts[o]
                if u != b.dim or len(gens) != len(b.generators) or \
                        any(x is not y and x.to_sparse() != y.to_sparse() for x, y in zip(gens, b.generators)):
                    return False
    return True


def _check_schur_rational(B, G, prod):
    """The generator and sampled-map checks of :func:`_check_schur` by rational products."""
    import random
    F = B.schur
    K = F.domain
    ok = (prod(F.Q_out, F.Q_out_inv) == linalg.identity(B.n_out, K).to_dense()
          and prod(F.Q_in_inv, F.Q_in) == linalg.identity(B.n_in, K).to_dense())
    nd = len(G.discrete_generators)
    same = (B.rep_in == B.rep_out and F.Q_in == F.Q_out and F.Q_in_inv == F.Q_out_inv
            and F.in_pieces == F.out_pieces)
    for k in range(G.num_generators):
        for rep, Q, pieces, left in ((B.rep_out, F.Q_out, F.out_pieces, True),
                                     (B.rep_in, F.Q_in_inv, F.in_pieces, False)):
            if same and not left:              # identical to the out-side check
                continue
            M = rep.rho_gen(k) if k < nd else rep.drho_gen(k - nd)
            D = linalg.block_diag([gens[k] for gens, offs in _ordered(pieces) for _ in offs], K)
            if left and prod(M, Q) != prod(Q, D):
                ok = False
            if not left and prod(Q, M) != prod(D, Q):
                ok = False
    rng = random.Random(0)
    for k in sorted(rng.sample(range(B.dim), min(4, B.dim))):
        W = B.map(k)
        for g in range(G.num_generators):
            Mo = B.rep_out.rho_gen(g) if g < nd else B.rep_out.drho_gen(g - nd)
            Mi = B.rep_in.rho_gen(g) if g < nd else B.rep_in.drho_gen(g - nd)
            if prod(Mo, W) != prod(W, Mi):
                ok = False
    return ok


def _ordered(pieces):
    return sorted(pieces, key=lambda p: p[1][0])
