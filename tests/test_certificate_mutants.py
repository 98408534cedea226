"""Tests that kill the mutants of a hand mutation audit: each asserts that a certificate check
rejects a crafted wrong basis that keeps the right dimension (or that an independent count is
right where a wrong one would only make correct bases fail).  Each was written against a
mutation of the library that the rest of the suite let through."""

import dataclasses
import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis
from symequiv.errors import RepresentationError


def _invariant_under(colors, n, perm):
    c = colors.reshape(n, n)
    return np.array_equal(c[np.ix_(perm, perm)], c)


def _first_appearance(c):
    _, first = np.unique(c, return_index=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[c]


def _pair_orbits(gens, n):
    """Orbit label of each index pair (i, j) -> i*n + j under the permutations ``gens``, by a
    plain search (our own road, not the library's union-find)."""
    label = -np.ones(n * n, dtype=np.int64)
    count = 0
    for start in range(n * n):
        if label[start] >= 0:
            continue
        label[start], todo = count, [start]
        while todo:
            x = todo.pop()
            i, j = divmod(x, n)
            for g in gens:
                y = g[i] * n + g[j]
                if label[y] < 0:
                    label[y] = count
                    todo.append(y)
        count += 1
    return label


@pytest.mark.parametrize("broken", [0, 1])
def test_orbit_check_reads_every_generator(broken):
    # S2 x Z4 on 6 points.  A colouring invariant under every generator but one, with as many
    # colours as the orbit count: one orbit of G split into an orbit of the subgroup H without
    # that generator and the rest, the rest merged with another orbit.  Only the broken
    # generator moves a colour, so the check must read every generator
    G = se.PermutationGroup([[1, 0, 2, 3, 4, 5], [0, 1, 3, 4, 5, 2]], degree=6)
    R = se.V(G)
    gens = [np.array(g) for g in G.discrete_generators]
    n = 6
    orb_G = _pair_orbits(gens, n)
    orb_H = _pair_orbits([g for k, g in enumerate(gens) if k != broken], n)
    split = next(o for o in range(orb_G.max() + 1) if len(set(orb_H[orb_G == o])) > 1)
    piece = orb_H[np.flatnonzero(orb_G == split)[0]]
    other = next(o for o in range(orb_G.max() + 1) if o != split)
    c = orb_G.copy()
    c[(orb_G == split) & (orb_H != piece)] = other
    c[(orb_G == split) & (orb_H == piece)] = split
    c = _first_appearance(c)
    assert c.max() == orb_G.max()                       # as many colours as G has orbits
    assert not _invariant_under(c, n, gens[broken])
    assert all(_invariant_under(c, n, g) for k, g in enumerate(gens) if k != broken)
    wrong = Basis(R, R, "orbits", 0.0, colors=c)
    assert wrong.dim == se.equivariant_basis(R, R).dim
    assert not wrong.verify().ok


@pytest.mark.parametrize("colors", [np.ones(16, dtype=np.int64),
                                    np.where(np.eye(4, dtype=bool), 0, 2).ravel()])
def test_orbit_rank_counts_empty_colours(colors):
    # S(4) on V: two colours are right (diagonal, off-diagonal); colour numbers with a gap
    # claim a map that is all zeros, so the maps are not independent
    R = se.V(se.S(4))
    wrong = Basis(R, R, "orbits", 0.0, colors=colors)
    assert wrong.dim == int(colors.max()) + 1
    cert = wrong.verify()
    assert not cert.ok and cert.rank != wrong.dim


def test_schur_certificate_checks_the_input_side_of_an_endomorphism():
    # Hom(V^3, V^3) under SO(3) in Schur form with Q_in changed by an elementary shear between
    # pieces of two different blocks (and Q_in^-1 to match): the maps through those pieces are
    # no longer equivariant, while rep_in == rep_out and Q_out, the pieces and dim are unchanged
    from symequiv.solve.schur import schur_form
    R = se.V(se.SO(3)) ** 3
    F = schur_form(R, R)
    n, K = R.size, F.domain
    offs = [(bi, o) for bi, b in enumerate(F.blocks) for o in b.in_offsets]
    tried = 0
    for (b1, i), (b2, j) in itertools.permutations(offs, 2):
        if b1 == b2:
            continue
        E = linalg.identity(n, K).to_dense().to_list()
        E[j][i] = K.one
        Ei = linalg.identity(n, K).to_dense().to_list()
        Ei[j][i] = -K.one
        Fw = dataclasses.replace(
            F, Q_in=F.Q_in.to_dense().matmul(linalg.DomainMatrix(E, (n, n), K)),
            Q_in_inv=linalg.DomainMatrix(Ei, (n, n), K).matmul(F.Q_in_inv.to_dense()))
        assert not Basis(R, R, "schur", 0.0, schur=Fw).verify().ok, (b1, i, b2, j)
        tried += 1
    assert tried >= 20


def test_cycle_type_count_of_alternating_groups():
    from symequiv.groups.matrix import enumerate_elements
    from symequiv.verify.cycle_index import cycle_type_distribution, cycle_type_dim
    from symequiv.groups.permutation import cycle_lengths
    for n in (4, 5):
        counted = {}
        for g in enumerate_elements(se.A(n)):
            ct = {}
            for c in cycle_lengths(g):
                ct[c] = ct.get(c, 0) + 1
            key = tuple(sorted(ct.items()))
            counted[key] = counted.get(key, 0) + 1
        assert cycle_type_distribution(se.A(n)) == counted
    # Λ^n V is the sign: invariant under A(n), not under S(n)
    assert cycle_type_dim(se.Wedge(se.V(se.A(4)), 4), se.Scalar)[0] == 1
    assert cycle_type_dim(se.Wedge(se.V(se.S(4)), 4), se.Scalar)[0] == 0


def test_a_negative_character_sum_is_not_a_dimension():
    from symequiv.verify.burnside import integer_dim
    assert integer_dim(Fraction(12), 6) == 2
    with pytest.raises(RepresentationError, match="negative"):
        integer_dim(-6, 6)


def test_a_quarter_turn_on_part_of_the_space_is_not_minus_identity():
    # a rotation of the first two of four coordinates: -I is not in the group (the other two
    # coordinates are fixed), so Scalar -> V has the two fixed directions
    from symequiv.solve.parity import minus_identity_in
    A = [[0, -1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    G = se.MatrixGroup(lie_algebra=[A])
    assert minus_identity_in(G) is None
    B = se.equivariant_basis(se.Scalar, se.V(G), cache=False)
    assert B.dim == 2 and B.verify().ok


# --- a second round of mutations (decompositions, cross-road counts, Schur commutants, keys)

def test_decomposition_certificate_checks_lie_images():
    # every piece's Lie images conjugated by diag(1..n) (still irreducible, same End) while Q
    # stays: Q no longer carries them; SO(3) has no discrete generators to notice
    from symequiv.schur.decomposition import Decomposition
    V = se.V(se.SO(3))
    D = se.decompose(V ** 2)
    G = V.group

    def conj(M):
        n = M.shape[0]
        P = linalg.DomainMatrix({i: {i: linalg.QQ(i + 1)} for i in range(n)}, (n, n), linalg.QQ)
        Pi = linalg.DomainMatrix({i: {i: linalg.QQ(1, i + 1)} for i in range(n)}, (n, n), linalg.QQ)
        return P.matmul(M.convert_to(linalg.QQ)).matmul(Pi)

    bad = [se.ExplicitRep(G, [], [conj(r.drho_gen(k)) for k in range(len(G.lie_generators))], f"bad{i}")
           for i, r in enumerate(D.irreps)]
    cert = Decomposition(D.rep, D.Q, D.Q_inv, bad, D.multiplicities, D.end_dims, D.proven).verify()
    assert not cert.block_diagonal and not cert.ok


def test_cross_road_count_multiplies_both_multiplicities():
    # rotations about one axis of R^3, given by hand (no Weyl formula: the cross road counts):
    # End(V) = 3 (the plane's a + bJ and the axis), so Hom(V, 2V) = 6 and Hom(2V, 3V) = 18
    from symequiv.verify.cross_road import other_road_dim
    G = se.MatrixGroup(lie_algebra=[[[0, 1, 0], [-1, 0, 0], [0, 0, 0]]])
    V = se.V(G)
    for a, b, want in [(V, V, 3), (V, 2 * V, 6), (2 * V, 3 * V, 18)]:
        assert other_road_dim(a, b)[0] == want
        cert = se.equivariant_basis(a, b, cache=False).verify()
        assert cert.independent_dim == want and cert.ok
    # a basis missing half its maps is not complete
    B = se.equivariant_basis(V, 2 * V, cache=False)
    half = Basis(V, 2 * V, "elimination", 0.0, rows=B.rows()[:3, :])
    assert not half.verify().ok


def test_schur_certificate_checks_every_commutant_element():
    # Hom(V^4, V^4) under SO(3): each block's End element replaced in turn by diag(1..u), which
    # commutes with none of the block's generators; the certificate must refuse each one, not
    # only those whose maps a sample happens to read
    from symequiv.solve.schur import schur_form
    A = se.V(se.SO(3)) ** 4
    F = schur_form(A, A)
    tried = 0
    for pick, b in enumerate(F.blocks):
        if b.dim == 1:
            continue
        u = b.dim
        D = linalg.DomainMatrix({i: {i: linalg.QQ(i + 1)} for i in range(u)}, (u, u), F.domain).to_dense()
        tampered = dataclasses.replace(b, end=(D,) + tuple(b.end[1:]))
        bad = dataclasses.replace(F, blocks=F.blocks[:pick] + (tampered,) + F.blocks[pick + 1:])
        cert = Basis(A, A, "schur", schur=bad).verify()
        assert not cert.constraints_ok and not cert.ok, pick
        tried += 1
    assert tried >= 3


def test_schur_form_with_a_non_real_commutant_fails_between_real_reps():
    # SU(2): (V ⊗ V*).realify() is real, its Schur form lives over Q(i); an End element times i
    # keeps every linear constraint and the rank, but the maps are not real
    from sympy import I
    from symequiv.solve.schur import schur_form
    from symequiv.verify.certificate import certify
    V = se.V(se.SU(2))
    R2 = (V * V.T).realify()
    F = schur_form(R2, R2)
    i = F.domain.from_sympy(I)
    b = F.blocks[0]
    tb = dataclasses.replace(b, end=(b.end[0] * i,) + tuple(b.end[1:]))
    assert certify(Basis(R2, R2, "schur", schur=F)).ok
    assert not certify(Basis(R2, R2, "schur", schur=dataclasses.replace(F, blocks=(tb,) + F.blocks[1:]))).ok


def test_first_fundamental_theorem_of_so13_has_the_determinant():
    # SO(1,3) on four vectors: the 10 Minkowski products and one determinant (FFT); O(1,3)
    # has no determinant
    from collections import Counter
    from symequiv.invariants.classical import classical_generators
    assert Counter(x.degree for x in classical_generators(4 * se.V(se.SO13()))) == {2: 10, 4: 1}
    assert Counter(x.degree for x in classical_generators(4 * se.V(se.O13()))) == {2: 10}


def test_block_memory_keeps_schur_and_plain_forms_apart():
    from symequiv.solve.dispatch import solve_block
    from symequiv.solve import cache
    a = se.V(se.SO(3)) ** 4
    cache.clear_memory()
    assert solve_block(a, a, schur=True).is_schur_form
    assert not solve_block(a, a, schur=False).is_schur_form


def test_a_cache_file_under_another_key_is_refused(tmp_path, monkeypatch):
    import shutil
    import warnings
    from symequiv.solve import cache
    monkeypatch.setenv("SYMEQUIV_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SYMEQUIV_NO_CACHE", raising=False)
    V = se.V(se.SO(3))
    B = se.equivariant_basis(V ** 2, V, cache=False)
    cache.disk_put(("k", "a"), B)
    shutil.copy(cache._path(cache.key_text(("k", "a"))), cache._path(cache.key_text(("k", "b"))))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = cache.disk_get(("k", "b"), B.rep_in, B.rep_out)
    assert got is None and any("key does not match" in str(x.message) for x in w)


def test_induced_reps_of_different_groups_are_different():
    # the same W of H = <(02)(13)> induced to the Klein group and to Z4 (both contain H): the
    # key must hold the group induced to, or the second Hom comes from the first's memory
    H = se.PermutationGroup([[2, 3, 0, 1]])
    G1 = se.PermutationGroup([[1, 0, 3, 2], [2, 3, 0, 1]])
    G2 = se.PermutationGroup([[1, 2, 3, 0]])
    W = se.ExplicitRep(H, [linalg.matrix([[-1]])], [], "sgn")
    I1, I2 = se.Induced(W, G1), se.Induced(W, G2)
    assert I1 != I2 and I1.key() != I2.key()
    se.equivariant_basis(I1, I1)
    B = se.equivariant_basis(I2, I2)
    M, n = B.to_numpy(), I2.size
    for k in range(len(G2.discrete_generators)):
        R = np.array(I2.rho_gen(k).to_Matrix().tolist(), dtype=float)
        for j in range(M.shape[1]):
            Wm = M[:, j].reshape(n, n)
            assert np.allclose(R @ Wm, Wm @ R)


def test_a_decomposition_claiming_an_indecomposable_irreducible_is_refused():
    # built by hand (decompose itself refuses the group): the ax+b group's V claimed proven
    # irreducible; End = Q is a field, but V is not completely reducible
    from symequiv.schur.decomposition import Decomposition
    G = se.MatrixGroup(lie_algebra=[[[1, 0], [0, 0]], [[0, 1], [0, 0]]])
    V = se.V(G)
    ident = linalg.identity(2).to_dense()
    U = se.ExplicitRep(G, [], [V.drho_gen(k) for k in range(2)], "U")
    cert = Decomposition(V, ident, ident, [U], [1], [1], [True]).verify()
    assert not cert.claims_proved and not cert.ok


def test_schur_certificate_checks_every_generator_on_every_copy():
    # SO(3) V³ in Schur form: one output copy of the l = 1 piece at a time, Q_out changed by
    # T = I + D(g₀) on it (T commutes with the first generator's image only), so the maps into
    # that copy are not equivariant under the other generators; refused for every copy, not
    # only for those a sample of materialised maps happens to read
    from symequiv.solve.schur import schur_form
    R = se.V(se.SO(3)) ** 3
    F = schur_form(R, R)
    n, K = R.size, F.domain
    b = next(b for b in F.blocks if b.dim == 3)
    A0 = linalg.dense(b.generators[0], K).to_list()
    T = [[K.one * (i == j) + A0[i][j] for j in range(3)] for i in range(3)]
    Tinv = linalg.inv(linalg.DomainMatrix(T, (3, 3), K)).to_list()
    assert len(b.out_offsets) >= 2
    for o in b.out_offsets:
        E = linalg.identity(n, K).to_dense().to_list()
        Ei = linalg.identity(n, K).to_dense().to_list()
        for i in range(3):
            for j in range(3):
                E[o + i][o + j], Ei[o + i][o + j] = T[i][j], Tinv[i][j]
        bad = dataclasses.replace(
            F, Q_out=F.Q_out.to_dense().matmul(linalg.DomainMatrix(E, (n, n), K)),
            Q_out_inv=linalg.DomainMatrix(Ei, (n, n), K).matmul(F.Q_out_inv.to_dense()))
        assert not Basis(R, R, "schur", schur=bad).verify().ok, o


def _quarter_turn_group():
    return se.MatrixGroup([[[sp.I, 0], [0, 1]]])          # <diag(i, 1)>, order 4, over Q(i)


def _truncated(B):
    rows = B.rows().to_sparse()
    dod = {k: dict(v) for k, v in linalg._dod(rows).items() if k < B.dim - 1}
    return Basis(B.rep_in, B.rep_out, "truncated",
                 rows=linalg.DomainMatrix(dod, (B.dim - 1, rows.shape[1]), rows.domain))


def test_independent_counts_conjugate_the_input_character_over_a_complex_field():
    # G = <diag(i, 1)>: V = χ ⊕ 1 with χ(g) = i, Sym²V = χ² ⊕ χ ⊕ 1 (three distinct characters),
    # so End(Sym²V) = 3 and End(χ) = 1; without conj(χ_in) the sums give 2 and 0.  The correct
    # bases certify and the bases missing their last map are not complete
    from symequiv.verify import burnside_dim
    G = _quarter_turn_group()
    chi = se.ExplicitRep(G, [linalg.matrix([[sp.I]], domain=G.domain)], [], "chi")
    S2 = se.Sym(se.V(G), 2)
    for U, want in ((S2, 3), (chi, 1)):
        assert burnside_dim(U, U)[0] == want
        B = se.equivariant_basis(U, U, cache=False)
        c = B.verify()
        assert B.dim == want and c.ok and c.independent_dim == want
        assert not _truncated(B).verify().complete


def test_hilbert_symbols_agree_with_the_norm_form():
    # (a, b)_Q is split iff z² = a x² + b y² has a nonzero integer solution.  For squarefree,
    # coprime a, b Holzer's theorem bounds a smallest solution by |x| ≤ √|b|, |y| ≤ √|a|,
    # |z| ≤ √|ab|, so a search in that box decides both directions; (-28, 2) (2² = -28 + 2·4²)
    # is split though not squarefree
    from math import gcd, isqrt
    from sympy import factorint
    from symequiv.schur.quaternion import is_division_algebra
    assert not is_division_algebra(-28, 2) and is_division_algebra(-1, -1)

    def squarefree(n):
        return all(e == 1 for e in factorint(abs(n)).values())
    checked = 0
    for a in range(-15, 16):
        for b in range(-15, 16):
            if a == 0 or b == 0 or gcd(a, b) != 1 or not (squarefree(a) and squarefree(b)):
                continue
            X, Y, Z = isqrt(abs(b)) + 1, isqrt(abs(a)) + 1, isqrt(abs(a * b)) + 1
            split = any(z * z == a * x * x + b * y * y for x in range(X) for y in range(Y)
                        for z in range(Z) if (x, y, z) != (0, 0, 0))
            assert is_division_algebra(a, b) == (not split), (a, b)
            checked += 1
    assert checked > 200


def test_an_infinite_discrete_group_is_not_completely_reducible():
    # <[[1,1],[0,2]], [[2,0],[0,1]]> is infinite; e₀ spans an invariant line with no invariant
    # complement, so End(V) = Q proves nothing and decompose must refuse
    from symequiv.schur.reducibility import completely_reducible
    H = se.MatrixGroup([[[1, 1], [0, 2]], [[2, 0], [0, 1]]])
    assert not completely_reducible(H)
    with pytest.raises(RepresentationError, match="completely reducible"):
        se.decompose(se.V(H))
    assert se.equivariant_basis(se.V(H), se.V(H), cache=False).dim == 1
