"""Restriction to subgroups and induction from them (issue 15, items 3 and 4).

Dimensions are checked against counts that share no code with the solver: Burnside sums over
the enumerated elements of the subgroup, hand-computed SO(2) weight counts, brute-force double
cosets (Mackey), characters of induced reps by the induced-character formula, and Frobenius
reciprocity.
"""

import os
import subprocess
import sys
from fractions import Fraction
from itertools import product as iproduct

import pytest

import symequiv as se
from symequiv import limits, linalg
from symequiv.groups.matrix import enumerate_elements, _element_key
from symequiv.reps import induced as induced_mod
from symequiv.reps.induced import Induced, Quotient, InducedRep, cosets, frobenius_dim
from symequiv.reps.restriction import (Subgroup, point_stabilizer, restrict, embedding,
                                       is_subgroup, element_image, RestrictionRep,
                                       lie_coordinates)
from symequiv.verify.burnside import burnside_dim


def dim(a, b):
    return se.equivariant_basis(a, b).dim


def mat(rows, K=linalg.QQ):
    return linalg.matrix(rows, domain=K)


RZ = [[0, -1, 0], [1, 0, 0], [0, 0, 0]]          # rotation generator about the z axis


def _burnside(elements, chi_a, chi_b):
    tot = sum(Fraction(chi_a(h)) * Fraction(chi_b(h)) for h in elements)
    val = tot / len(elements)
    assert val.denominator == 1
    return int(val)


def _tr(M):
    t = linalg.trace(M)
    return Fraction(int(t.numerator), int(t.denominator))


# --------------------------------------------------------------------------- restriction
def test_octahedral_subgroup_of_O3_burnside():
    O3 = se.O(3)
    H = Subgroup(O3, discrete=se.Octahedral().discrete_generators)
    assert H == se.Octahedral() and H.order() == 24
    V = se.V(O3)
    els = enumerate_elements(H)
    for k_in, k_out in [(2, 2), (1, 2), (2, 0), (1, 3)]:
        a = restrict(V ** k_in if k_in else se.Scalar, H)
        b = restrict(V ** k_out if k_out else se.Scalar, H)
        want = _burnside(els, lambda h: _tr(h) ** k_in, lambda h: _tr(h) ** k_out)
        assert dim(a, b) == want
    R = restrict(V ** 2, H)
    assert isinstance(R, RestrictionRep) and R.group == H and R.source == V ** 2
    assert dim(R, R) == 4 == burnside_dim(R, R)[0]      # 1+T1+E+T2; the walk with R's own matrices agrees
    # the same group from the catalogue, restricted from SO(3): same counts
    assert dim(restrict(se.V(se.SO(3)) ** 2, se.Octahedral()),
               restrict(se.V(se.SO(3)) ** 2, se.Octahedral())) == 4


def test_S4_to_A4_and_point_stabiliser():
    V = se.V(se.S(4))
    R = restrict(V, se.A(4))
    assert R.is_permutation and R.size == 4
    assert dim(R, R) == 2
    R2 = restrict(V ** 2, se.A(4))
    els = [tuple(p.array_form) for p in se.A(4).sympy_group().elements]

    def fix(h):
        return sum(1 for i, x in enumerate(h) if i == x)
    assert dim(R2, R2) == _burnside(els, lambda h: fix(h) ** 2, lambda h: fix(h) ** 2)
    H = point_stabilizer(se.S(4), [3])
    assert H.order() == 6 and all(p[3] == 3 for p in H.perms)
    RH = restrict(V, H)
    assert dim(RH, RH) == 5                                  # (16 + 3·4 + 2·1) / 6
    assert dim(RH, se.Scalar) == 2                           # orbits {0,1,2}, {3}
    assert restrict(V, se.S(4)) is V and restrict(se.Scalar, H) is se.Scalar


def test_point_stabiliser_generators_are_irredundant_and_pointwise():
    H = point_stabilizer(se.S(6), [0, 5])
    assert H.order() == 24 and len(H.perms) <= 4
    assert all(p[0] == 0 and p[5] == 5 for p in H.perms)
    assert point_stabilizer(se.S(3), []).order() == 6
    with pytest.raises(se.InvalidGeneratorError, match="not a point"):
        point_stabilizer(se.S(3), [3])
    with pytest.raises(se.GroupMismatchError):
        point_stabilizer(se.SO(3), [0])


def test_SO3_to_SO2_about_z_by_hand():
    V = se.V(se.SO(3))
    for H in (se.SO2eR3(), Subgroup(se.SO(3), lie_algebra=[RZ])):
        R1, R2 = restrict(V, H), restrict(V ** 2, H)
        # V|SO(2) = 1 + ρ1 (End(ρk) = C for k >= 1): End = 1 + 2
        assert dim(R1, R1) == 3
        assert dim(R1, se.Scalar) == 1
        # V^2| = 3·1 + 2ρ1 + ρ2: End = 9 + 4·2 + 2, Hom(V|, V^2|) = 3 + 2·2
        assert dim(R2, R2) == 19
        assert dim(R1, R2) == 7
    # an explicit rep known only on generators: the degree-2 irrep restricts through Lie
    # coordinates to ρ0 + ρ1 + ρ2
    l2 = restrict(se.irrep(se.SO(3), 2), se.SO2eR3())
    assert dim(l2, l2) == 5 and dim(l2, restrict(V, se.SO2eR3())) == 3


def test_lie_coordinates_exact():
    c = lie_coordinates(se.SO(3), mat([[0, 3, -1], [-3, 0, 2], [1, -2, 0]]))
    assert [(k, str(x)) for k, x in c] == [(0, "3"), (1, "-1"), (2, "2")]
    assert lie_coordinates(se.SO(3), mat([[1, 0, 0], [0, 0, 0], [0, 0, 0]])) is None
    assert lie_coordinates(se.SO(3), linalg.zeros(3, 3)) == ()


def test_O3_rep_restricted_to_O2_and_reflections():
    V = se.V(se.O(3))
    H = Subgroup(se.O(3), discrete=[[[1, 0, 0], [0, -1, 0], [0, 0, 1]]], lie_algebra=[RZ])
    R = restrict(V, H)
    # O(2) about z: z is fixed by the rotations and by the reflection y -> -y, so
    # V| = 1 + (the 2-dim rep of O(2)), both absolutely irreducible: End = 2
    assert dim(R, R) == 2
    assert dim(restrict(V ** 2, H), se.Scalar) == 2


def test_explicit_reps_of_finite_groups_use_words():
    # the regular rep of S(4) restricted to A(4) is twice the regular rep of A(4)
    R = restrict(se.Regular(se.S(4)), se.A(4))
    assert R.is_permutation and dim(R, R) == 4 * 12
    # a finite matrix group: Regular(Octahedral) restricted to the Z4 of rotations about z
    O = se.Octahedral()
    Z4 = Subgroup(O, discrete=[O.discrete_generators[0]])
    assert Z4.order() == 4
    R = restrict(se.Regular(O), Z4)
    assert dim(R, R) == 36 * 4
    # words (SymPy's, with inverses) give the regular rep's matrix on every element:
    # ρ(g) e_h = e_{gh}, the elements in enumerate_elements order
    G = se.S(4)
    reg = se.Regular(G)
    els = enumerate_elements(G)
    index = {h: i for i, h in enumerate(els)}
    for g in els:
        want = [index[G.multiply(g, h)] for h in els]
        assert element_image(reg, g) == linalg.perm_matrix(want)
    # the same on a finite matrix group (breadth-first words)
    reg = se.Regular(O)
    els = enumerate_elements(O)
    index = {_element_key(O, h): i for i, h in enumerate(els)}
    for g in els[::5]:
        want = [index[_element_key(O, g.matmul(h))] for h in els]
        assert element_image(reg, g) == linalg.perm_matrix(want)


def test_explicit_rep_of_continuous_group_needs_generators():
    l1 = se.irrep(se.O(3), "1o")
    with pytest.raises(se.RepresentationError, match="known only on the generators"):
        restrict(l1, se.Octahedral())
    # a discrete generator of O(3) itself is fine
    H = Subgroup(se.O(3), discrete=se.O(3).discrete_generators)
    assert H.order() == 2 and dim(restrict(l1, H), restrict(l1, H)) == 5     # diag(-1, 1, 1)


def test_product_groups_restrict_factorwise():
    G = se.SO(3) * se.S(3)
    H = se.SO2eR3() * se.A(3)
    R = restrict(se.V(G), H)
    assert dim(R, R) == 3 * 3           # End_{SO(2)}(1 + ρ1) · End_{A(3)}(1 + ρ)
    with pytest.raises(se.GroupMismatchError):
        restrict(se.V(G), se.SO2eR3())
    with pytest.raises(se.GroupMismatchError):
        Subgroup(G, discrete=[])


def test_membership_checks_name_the_generator():
    with pytest.raises(se.InvalidGeneratorError, match=r"discrete\[0\].*Schreier-Sims"):
        Subgroup(se.A(4), discrete=[[1, 0, 2, 3]])
    with pytest.raises(se.InvalidGeneratorError, match="determinant"):
        restrict(se.V(se.SO(3)), se.FullOctahedral())
    with pytest.raises(se.InvalidGeneratorError, match="invariant bilinear form"):
        Subgroup(se.SO(3), discrete=[[[2, 0, 0], [0, Fraction(1, 2), 0], [0, 0, 1]]])
    with pytest.raises(se.InvalidGeneratorError, match="not in the Lie algebra"):
        Subgroup(se.SO(3), lie_algebra=[[[1, 0, 0], [0, 0, 0], [0, 0, 0]]])
    with pytest.raises(se.InvalidGeneratorError, match="finite"):
        Subgroup(se.Octahedral(), lie_algebra=[RZ])
    with pytest.raises(se.InvalidGeneratorError, match="none of the 24 elements"):
        Subgroup(se.Octahedral(), discrete=[[[-1, 0, 0], [0, -1, 0], [0, 0, -1]]])
    with pytest.raises(se.GroupMismatchError, match="R\\^5"):
        restrict(se.V(se.S(4)), se.S(5))
    with pytest.raises(se.InvalidGeneratorError, match="Lie"):
        Subgroup(se.S(3), lie_algebra=[RZ])
    # SL(2): the shear is in, a dilation is not; Sp(1) = SL(2) preserves J
    assert is_subgroup(se.MatrixGroup(discrete=[[[1, 1], [0, 1]]]), se.SL(2))
    assert not is_subgroup(se.MatrixGroup(discrete=[[[2, 0], [0, 1]]]), se.SL(2))
    assert is_subgroup(se.MatrixGroup(discrete=[[[2, 0], [0, 1]]]), se.GL(2))
    assert is_subgroup(se.SO(3), se.O(3)) and not is_subgroup(se.O(3), se.SO(3))
    assert is_subgroup(se.Tetrahedral(), se.Octahedral())
    assert not is_subgroup(se.O13(), se.SO13())


def test_mixed_element_formats():
    # S(3) permuting coordinates is a subgroup of O(3); O(3)'s V restricted to it is V(S(3))
    R = restrict(se.V(se.O(3)), se.S(3))
    assert R.is_permutation and dim(R, R) == 2
    # a matrix group of permutation matrices inside S(3)
    H = se.MatrixGroup(discrete=[[[0, 1, 0], [1, 0, 0], [0, 0, 1]]])
    R = restrict(se.V(se.S(3)), H)
    assert R.is_permutation and dim(R, R) == 5
    disc, lie = embedding(se.S(3), H)
    assert disc == ((1, 0, 2),) and lie == ()


def test_complex_groups():
    from sympy import I
    H = Subgroup(se.SU(2), discrete=[[[I, 0], [0, -I]]])
    assert H.order() == 4
    R = restrict(se.V(se.SU(2)), H)
    assert dim(R, R) == 2                                    # two distinct characters of Z4
    iI = se.MatrixGroup(discrete=[[[I, 0], [0, I]]])
    assert not is_subgroup(iI, se.SU(2)) and is_subgroup(iI, se.U(2))
    assert not is_subgroup(se.MatrixGroup(discrete=[[[1, 1], [0, 1]]]), se.U(2))


def test_number_field_subgroups():
    assert Subgroup(se.O(3), discrete=se.Icosahedral().discrete_generators) == se.Icosahedral()
    with pytest.raises(se.InvalidGeneratorError, match="singular"):
        Subgroup(se.O(3), discrete=[linalg.zeros(3, 3)])
    # cosets over Q(sqrt 5): the icosahedral group on the 20 cosets of a Z3
    Ico = se.Icosahedral()
    Z3 = Subgroup(Ico, discrete=[Ico.discrete_generators[0]])
    Q = Quotient(Ico, Z3)
    assert Z3.order() == 3 and Q.size == 20 and Q.is_permutation
    assert dim(Q, Q) == frobenius_dim(Q, Q)[0] == burnside_dim(Q, Q)[0]
    # the icosahedral group (over Q(sqrt 5)) inside O(3): V|I is irreducible, V^2| = 1 + 3 + 5
    I = se.Icosahedral()
    R = restrict(se.V(se.O(3)), I)
    assert dim(R, R) == 1
    R2 = restrict(se.V(se.O(3)) ** 2, I)
    assert dim(R2, R2) == 3


# --------------------------------------------------------------------------- induction
def _sign_S2_in_S3():
    H = se.PermutationGroup([[1, 0, 2]])
    return H, se.ExplicitRep(H, [mat([[-1]])], [], "sign")


def test_quotient_S4_by_S3_is_V():
    G, H = se.S(4), point_stabilizer(se.S(4), [3])
    Q = Quotient(G, H)
    assert Q.size == 4 and Q.is_permutation
    V = se.V(G)
    assert dim(Q, Q) == 2 and dim(Q, V) == 2 and dim(V, Q) == 2 and dim(Q, se.Scalar) == 1
    assert frobenius_dim(Q, V) == (2, frobenius_dim(Q, V)[1])
    assert Q.coset_representatives[0] == (0, 1, 2, 3)


def test_quotient_by_trivial_is_regular_and_by_G_is_trivial():
    for G, triv in [(se.S(3), se.PermutationGroup([], degree=3)),
                    (se.A(4), se.PermutationGroup([], degree=4)),
                    (se.Octahedral(), Subgroup(se.Octahedral()))]:
        Q = Quotient(G, triv)
        n = G.order()
        assert Q.size == n and dim(Q, Q) == n
        assert dim(Q, se.Regular(G)) == n
        assert frobenius_dim(Q, Q)[0] == n
        T = Quotient(G, G)
        assert T.size == 1 and dim(T, se.Scalar) == 1 and dim(T, T) == 1


def test_induced_sign_S2_to_S3():
    H, sign = _sign_S2_in_S3()
    I = Induced(sign, se.S(3))
    assert isinstance(I, InducedRep) and I.size == 3 and I.inducing == sign and I.subgroup == H
    V = se.V(se.S(3))
    s3sign = se.ExplicitRep(se.S(3), [mat([[1]]), mat([[-1]])], [], "sgn")
    # Ind sign = sgn + std (2-dim): End 2, Hom(Ind, V) 1, Hom(Ind, 1) 0, Hom(Ind, sgn) 1
    assert (dim(I, I), dim(I, V), dim(I, se.Scalar), dim(I, s3sign)) == (2, 1, 0, 1)
    for a, b in [(I, V), (I, I), (V, I), (I, s3sign), (I + V, 2 * I), (I, V ** 2),
                 (I.T, V), (V * I, V ** 2), (V ** 2, I * V * I), (I * s3sign, I + V)]:
        fd = frobenius_dim(a, b)
        assert fd is not None and fd[0] == dim(a, b) == burnside_dim(a, b)[0]
    # Ind(trivial) + Ind(sign) = Ind(regular of S2) = regular of S3
    Q = Quotient(se.S(3), H)
    R = se.Regular(se.S(3))
    assert dim(Q + I, R) == 6 and dim(Q + I, Q + I) == 6
    assert not I.is_permutation and Q.is_permutation
    assert Induced(sign, H) is sign


def _induced_character_check(G, H, W, I):
    """χ_Ind(g) = Σ_{i : r_i⁻¹ g r_i ∈ H} χ_W(r_i⁻¹ g r_i), against the trace of I's matrix of g
    (I's generator images multiplied along a walk of G)."""
    els = {}
    e = G.identity_element()
    frontier = [(e, linalg.identity(I.size, I.rho_gen(0).domain))]
    els[_element_key(G, e)] = frontier[0]
    while frontier:
        nxt = []
        for x, M in frontier:
            for k, g in enumerate(G.discrete_generators):
                y = G.multiply(g, x)
                key = _element_key(G, y)
                if key not in els:
                    els[key] = (y, I.rho_gen(k).matmul(M))
                    nxt.append(els[key])
        frontier = nxt
    Hkeys = {_element_key(H, h) for h in enumerate_elements(H)}
    reps = I.coset_representatives
    for g, M in els.values():
        want = 0
        for r in reps:
            if isinstance(g, tuple):
                inv = [0] * len(r)
                for a, b in enumerate(r):
                    inv[b] = a
                c = tuple(inv[g[r[p]]] for p in range(len(r)))
            else:
                c = linalg.inverse(r).matmul(g.matmul(r))
            if _element_key(H, c) in Hkeys:
                want = want + linalg.trace(element_image(W, c))
        assert linalg.trace(M) == want
    assert len(els) == G.order()


def test_induced_characters():
    H, sign = _sign_S2_in_S3()
    _induced_character_check(se.S(3), H, sign, Induced(sign, se.S(3)))
    # a 3-dim rep of the rotations about z, induced to the octahedral group (18-dim)
    O = se.Octahedral()
    Z4 = Subgroup(O, discrete=[O.discrete_generators[0]])
    W = restrict(se.V(O), Z4)
    I = Induced(W, O)
    assert I.size == 18
    _induced_character_check(O, Z4, W, I)
    for b in (se.V(O), se.V(O) ** 2, I):
        assert frobenius_dim(I, b)[0] == dim(I, b) == burnside_dim(I, b)[0]
    # A(4) inside S(4), W = the 3-dim rep of A(4) on the Klein four-group's sum-zero part
    W = restrict(se.V(se.S(4)), se.A(4))
    I = Induced(W, se.S(4))
    assert I.is_permutation and I.size == 8
    _induced_character_check(se.S(4), se.A(4), W, I)


def _double_cosets(G, H):
    """Number of double cosets H g H, by brute force on SymPy's element lists."""
    from sympy.combinatorics import Permutation
    Gs = [tuple(p.array_form) for p in G.sympy_group().elements]
    Hs = [tuple(p.array_form) for p in (H.sympy_group().elements if H.perms else
                                        [Permutation(list(range(G.degree)))])]
    seen, count = set(), 0
    for g in sorted(Gs):
        if g in seen:
            continue
        count += 1
        for a, b in iproduct(Hs, Hs):
            seen.add(tuple(a[g[b[i]]] for i in range(len(g))))
    return count


@pytest.mark.parametrize("gens", [
    [[1, 0, 2, 3]],                                  # S(2)
    [[1, 2, 0, 3], [1, 0, 2, 3]],                    # S(3) = point stabiliser
    [[1, 2, 3, 0], [3, 2, 1, 0]],                    # D(4)
    [[1, 2, 0, 3], [1, 0, 3, 2]],                    # A(4)
    [[1, 0, 3, 2], [2, 3, 0, 1]],                    # Klein four
])
def test_mackey_double_cosets(gens):
    G = se.S(4)
    H = Subgroup(G, discrete=gens)
    Q = Quotient(G, H)
    assert Q.size == 24 // H.order()
    n = _double_cosets(G, H)
    assert dim(Q, Q) == n == frobenius_dim(Q, Q)[0]


def test_mackey_for_a_matrix_group():
    O = se.FullOctahedral()
    H = Subgroup(O, discrete=[se.Octahedral().discrete_generators[0]])      # Z4 about z
    Q = Quotient(O, H)
    assert Q.size == 12 and Q.is_permutation
    els = enumerate_elements(O)
    hs = enumerate_elements(H)
    seen, count = set(), 0
    for g in els:
        if _element_key(O, g) in seen:
            continue
        count += 1
        for a in hs:
            for b in hs:
                seen.add(_element_key(O, a.matmul(g).matmul(b)))
    assert dim(Q, Q) == count == frobenius_dim(Q, Q)[0]


def test_induced_basis_certifies():
    H, sign = _sign_S2_in_S3()
    I = Induced(sign, se.S(3))
    B = se.equivariant_basis(I, se.V(se.S(3)) ** 2)
    assert B.verify().ok and B.dim == frobenius_dim(I, se.V(se.S(3)) ** 2)[0]
    assert frobenius_dim(se.V(se.S(3)), se.V(se.S(3))) is None


def test_induction_bad_inputs(monkeypatch):
    H, sign = _sign_S2_in_S3()
    with pytest.raises(se.RepresentationError, match="Quotient"):
        Induced(se.Scalar, se.S(3))
    with pytest.raises(se.InvalidGeneratorError, match="not an element"):
        Quotient(se.A(4), se.PermutationGroup([[1, 0, 2, 3]]))
    with pytest.raises(se.GroupTooLargeError, match="continuous"):
        Quotient(se.SO(3), se.Octahedral())
    with pytest.raises(se.GroupMismatchError, match="element formats"):
        Quotient(se.Octahedral(), se.A(3))
    with pytest.raises(se.GroupMismatchError):
        Quotient(se.S(3) * se.S(2), se.S(3) * se.S(2))
    with pytest.raises(se.GroupMismatchError):
        Induced(sign, "S(3)")
    monkeypatch.setattr(induced_mod, "MAX_INDEX", 5)
    with pytest.raises(se.ProblemTooLargeError, match="MAX_INDEX"):
        Quotient(se.S(4), se.PermutationGroup([], degree=4))
    monkeypatch.setattr(induced_mod, "MAX_INDEX", 10 ** 5)
    monkeypatch.setattr(limits, "MAX_REP_SIZE", 10)
    with pytest.raises(se.ProblemTooLargeError, match="MAX_REP_SIZE"):
        Quotient(se.S(4), se.PermutationGroup([], degree=4))


def test_cosets_are_canonical():
    H = se.PermutationGroup([[1, 0, 2]])
    assert cosets(se.S(3), H) == [(0, 1, 2), (1, 2, 0), (0, 2, 1)]
    # every representative's coset is distinct and they cover G
    G = se.S(4)
    H = point_stabilizer(G, [0])
    reps = cosets(G, H)
    assert len(reps) == 4 and sorted(r[0] for r in reps) == [0, 1, 2, 3]


_SCRIPT = """
import symequiv as se
from symequiv.reps.restriction import point_stabilizer, restrict
from symequiv.reps.induced import cosets, Quotient
H = point_stabilizer(se.S(6), [1, 4])
print(H.perms)
print(cosets(se.S(5), point_stabilizer(se.S(5), [2])))
Q = Quotient(se.A(5), se.PermutationGroup([[1, 2, 0, 3, 4]]))
print([Q.perm_gen(k).tolist() for k in range(2)])
print(restrict(se.V(se.S(5)) ** 2, se.A(5)).key())
"""


def test_deterministic_across_hash_seeds():
    outs = []
    for seed in ("0", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outs.append(subprocess.run([sys.executable, "-c", _SCRIPT], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outs[0] == outs[1] and outs[0].count("\n") == 4


@pytest.mark.parametrize("G, h, member", [
    # each non-member passed the old checks (forms, determinant, normaliser) in silence
    ("O2eR3()", [[1, 0, 0], [0, 1, 0], [0, 0, -1]], False),     # moves e_z, which O2eR3 fixes
    ("O2eR3()", [[1, 0, 0], [0, 1, 0], [1, 0, 1]], False),      # keeps e_z, changes the form z
    ("O2eR3()", [[1, 0, 0], [0, -1, 0], [0, 0, 1]], True),
    ("Scaling(2)", [[-1, 0], [0, -1]], False),                  # t·I needs t > 0
    ("Scaling(2)", [[2, 0], [0, 2]], True),
    ("SO11p()", [[-1, 0], [0, -1]], False),                     # reverses time orientation
    ("SO11p()", [["5/3", "4/3"], ["4/3", "5/3"]], True),        # a boost
    ("SO13p()", [[-1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]], False),
    ("SO13p()", [[-1, 0, 0, 0], [0, -1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], False),
    ("SO13p()", [[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, 1]], True),
    ("SO13()", [[-1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]], True),
])
def test_subgroup_membership_of_connected_and_embedded_groups(G, h, member):
    from fractions import Fraction
    from symequiv.reps.restriction import is_subgroup
    G = se.group(G)
    h = [[Fraction(x) for x in row] for row in h]
    if member:
        assert is_subgroup(se.Subgroup(G, discrete=[h]), G)
    else:
        with pytest.raises(se.InvalidGeneratorError):
            se.Subgroup(G, discrete=[h])


def test_restriction_to_a_lie_subgroup_uses_the_generators_coordinates():
    # H = exp(t B) with B = L0 + 2 L1 in SO(3)'s Lie basis: Res V has Lie image B itself, so the
    # identity is an intertwiner Res V -> V(H) (with the coordinates dropped the image would be
    # L0 + L1, a rotation about another axis, and the identity would not commute)
    G = se.SO(3)
    L0, L1 = (linalg.to_lists(X) for X in G.lie_generators[:2])
    B = [[L0[i][j] + 2 * L1[i][j] for j in range(3)] for i in range(3)]
    H = se.Subgroup(G, lie_algebra=[B])
    R = se.V(G).restrict(H)
    assert linalg.to_lists(R.generator_images[1][0]) == B
    Bas = se.equivariant_basis(R, se.V(H))
    assert Bas.dim == 3                              # rotations about one axis: 1 + ρ1 (End C)
    import sympy as sp                               # the identity lies in the span, exactly
    M = sp.Matrix([[x for row in linalg.to_lists(Bas.map(k)) for x in row] for k in range(Bas.dim)]).T
    assert M.rank() == M.row_join(sp.eye(3).reshape(9, 1)).rank()


def test_restrict_block_refuses_points_sent_below_the_block():
    # (2 1 0) keeps point 1 in range(1, 3) but sends point 2 to 0, below the block
    from symequiv.reps import Restrict
    G = se.PermutationGroup([[2, 1, 0]])
    with pytest.raises(se.errors.RepresentationError, match="not invariant"):
        Restrict(G, 1, 3)
    assert Restrict(se.PermutationGroup([[0, 2, 1]]), 1, 3).perm((0, 2, 1)).tolist() == [1, 0]
