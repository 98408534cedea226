"""Checks that must be able to fail (issue: silent false passes).

Each repro of the issue is a test here: an equivariance check that sampled only the
identity (one discrete generator, words of fixed length 4), layers that accepted reps of
another group, and ``.double()`` that kept float32 rounding.
"""

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import symequiv as se
import symequiv.explain  # noqa: F401 (se.explain below)
import symequiv.verify  # noqa: F401 (se.verify below)
from symequiv.groups.matrix import MatGroup
from symequiv.groups.permutation import PermGroup
from symequiv.groups.words import random_word, word_table
from symequiv.testing import (EquivarianceError, assert_equivariant, assert_intertwiner, float_rho,
                              perm_groups)


def _fails(fn, rep_in, rep_out, **kw):
    try:
        assert_equivariant(fn, rep_in, rep_out, **kw)
    except EquivarianceError:
        return True
    return False


# ------------------------------------------------------------------------------------------
# 1. sampling that reaches every element / component

@pytest.mark.parametrize("G, n", [(se.C(4), 2), (se.Z(4), 4), (se.Z(2), 2)])
def test_coordinate_scaling_is_caught_for_one_generator_groups(G, n):
    V = se.V(G)
    scale = np.arange(1, n + 1, dtype=float)
    assert _fails(lambda x: x * scale, V, V)
    for rng in range(5):                         # not just the default seed
        assert _fails(lambda x: x * scale, V, V, samples=1, rng=rng)


def test_cross_product_is_caught_for_O3_but_passes_for_SO3():
    cross = lambda x: np.cross(x[:, :3], x[:, 3:])
    assert _fails(cross, 2 * se.V(se.O(3)), se.V(se.O(3)))
    assert not _fails(cross, 2 * se.V(se.SO(3)), se.V(se.SO(3)))


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
def test_samples_below_one_is_refused(bad):
    V = se.V(se.SO(3))
    with pytest.raises(se.InvalidArgumentError, match="samples"):
        assert_equivariant(lambda x: x, V, V, samples=bad)
    with pytest.raises(se.InvalidArgumentError, match="batch"):
        assert_equivariant(lambda x: x, V, V, batch=0)


def test_small_finite_groups_are_sampled_uniformly():
    # Z(4), C(4): every element appears; S(3): the six elements with frequencies near 1/6
    for G, order in [(se.Z(4), 4), (se.C(4), 4), (se.D(3), 6), (se.Octahedral(), 24)]:
        V = se.V(G)
        seen = {tuple(np.round(float_rho([V], s)[0], 9).ravel()) for s in range(400)}
        assert len(seen) == order
    words = [random_word(se.S(3), s) for s in range(6000)]
    counts = np.unique([str(w) for w in words], return_counts=True)[1]
    assert len(counts) == 6 and counts.min() > 850 and counts.max() < 1150


def test_word_table_is_independent_of_the_sampler():
    # the table holds one word per element: its length is the order computed by SymPy
    for G in [se.S(5), se.A(5), se.Z(7), se.S(3) * se.Z(2)]:
        if isinstance(G, se.ProductGroup):
            assert word_table(G) is None
            continue
        assert len(word_table(G)) == G.sympy_group().order()
    assert len(word_table(se.Icosahedral())) == 60
    assert len(word_table(se.FullIcosahedral())) == 120
    assert word_table(se.S(8)) is None                  # 40320 > WORD_TABLE_LIMIT


def _components(G, R):
    if G == se.O13():
        return (round(np.linalg.det(R)), int(np.sign(R[0, 0])))
    if G == se.SO13():
        return int(np.sign(R[0, 0]))                     # orthochronous or not
    return round(np.sign(np.linalg.det(R)))


@pytest.mark.parametrize("G, k", [(se.O(2), 2), (se.O(3), 2), (se.O13(), 4), (se.SO13(), 2),
                                  (se.GL(2), 2)])
def test_every_component_is_reached(G, k):
    found = {_components(G, float_rho([se.V(G)], s)[0]) for s in range(60)}
    assert len(found) == k


def test_large_finite_groups_get_words_of_odd_and_even_length():
    lengths = {len(random_word(se.S(9), s)) % 2 for s in range(40)}
    assert lengths == {0, 1}


# ------------------------------------------------------------------------------------------
# a function equivariant only under a proper subgroup H must be caught

def _subgroup(G):
    """A proper subgroup H of G with the same defining matrices (None if not found): the
    identity component of a continuous group; ⟨g_1, ..., g_{m-1}, g_m²⟩ or a smaller one for a
    finite group; factor by factor for products (the first factor that has a proper one)."""
    if isinstance(G, se.ProductGroup):
        for i, f in enumerate(G.factors):
            h = _subgroup(f)
            if h is not None:
                parts = list(G.factors)
                parts[i] = h
                out = parts[0]
                for p in parts[1:]:
                    out = out * p
                return out
        return None
    gens = list(G.discrete_generators)
    if not gens:
        return None
    if G.lie_generators:
        return MatGroup(G.d, [], list(G.lie_generators))
    candidates = [gens[:-1] + [G.multiply(gens[-1], gens[-1])], gens[:-1], []]
    for c in candidates:
        H = PermGroup(c, G.d) if isinstance(G, PermGroup) else MatGroup(G.d, c, [])
        if len(word_table(H, 10 ** 6)) < len(word_table(G, 10 ** 6)):
            return H
    return None


def _in_span(B, w):
    M = B.to_sympy()
    return M.rank() == M.row_join(w).rank()


def _distinguishing_map(G, H):
    """(rep_in, rep_out, W) with W exactly H-equivariant but not G-equivariant, from the
    first pair of small tensor reps where Hom_H is larger than Hom_G (None if none is)."""
    import sympy
    VG, VH = se.V(G), se.V(H)
    pairs = [(lambda v: v, lambda v: v), (lambda v: v, lambda v: se.Scalar),
             (lambda v: v * v, lambda v: v), (lambda v: v * v, lambda v: se.Scalar),
             (lambda v: v ** 4, lambda v: se.Scalar)]
    for fi, fo in pairs:
        if fi(VG).size * fo(VG).size > 700:
            continue
        BG = se.equivariant_basis(fi(VG), fo(VG))
        BH = se.equivariant_basis(fi(VH), fo(VH))
        MH = BH.to_sympy()
        for j in range(BH.dim):
            w = MH[:, j]
            if not _in_span(BG, w):
                return fi(VG), fo(VG), sympy.Matrix(w).reshape(fo(VG).size, fi(VG).size), fi(VH), fo(VH)
    return None


def _sign_map(G):
    """Nonlinear functions equivariant exactly under the identity component only, for the
    groups whose identity component is Zariski-dense (no linear map tells them apart).
    Returns (rep_in, rep_out, fn)."""
    if G == se.SO13():       # x ↦ sign(x₀)·x on the time-like cones: SO⁺ keeps it, -I flips it
        def fn(x):
            eta = x[:, :1] ** 2 - (x[:, 1:] ** 2).sum(1, keepdims=True)
            return x * np.where(eta > 0, np.sign(x[:, :1]), 1.0)
        return se.V(G), se.V(G), fn
    if G == se.GL(2):        # (x, y) ↦ sign(det[x y])·x: GL⁺ keeps the sign, det < 0 flips it
        return 2 * se.V(G), se.V(G), lambda x: x[:, :2] * np.sign(x[:, :1] * x[:, 3:] - x[:, 1:2] * x[:, 2:3])
    return None


CATALOGUE = [se.Z(2), se.Z(4), se.Z(6), se.S(3), se.S(4), se.A(4), se.C(4), se.C(5), se.D(4),
             se.Octahedral(), se.FullOctahedral(), se.Tetrahedral(), se.Icosahedral(),
             se.FullIcosahedral(), se.O(2), se.O(3), se.O13(), se.SO13(), se.GL(2),
             se.S(3) * se.Z(2), se.SO(3) * se.S(3), se.Z(2) * se.O(2)]


@pytest.mark.parametrize("G", CATALOGUE, ids=repr)
def test_every_catalogue_group_with_a_discrete_part_catches_a_subgroup_only_map(G):
    special = _sign_map(G)
    if special is not None:
        rep_in, rep_out, fn = special
        assert _fails(fn, rep_in, rep_out, batch=64)      # time-like points: 1 in 5
        return
    H = _subgroup(G)
    assert H is not None
    found = _distinguishing_map(G, H)
    assert found is not None, f"no small map tells {G!r} from its subgroup"
    rep_in, rep_out, W, hin, hout = found
    assert_intertwiner(W, hin, hout)                        # exactly H-equivariant ...
    with pytest.raises(EquivarianceError):
        assert_intertwiner(W, rep_in, rep_out)              # ... and exactly not G-equivariant
    Wf = np.array(W.evalf(), dtype=float)
    assert _fails(lambda x: x @ Wf.T, rep_in, rep_out, samples=1)


@settings(max_examples=25, deadline=None)
@given(G=st.one_of(st.sampled_from(CATALOGUE), perm_groups(5, 3)), rng=st.integers(0, 2 ** 31),
       samples=st.integers(1, 3))
def test_property_subgroup_only_maps_are_caught(G, rng, samples):
    special = _sign_map(G)
    if special is not None:
        rep_in, rep_out, fn = special
        assert _fails(fn, rep_in, rep_out, rng=rng, samples=samples, batch=64)
        return
    H = _subgroup(G)
    if H is None:                     # a random permutation group with no generator at all
        assert all(all(p[i] == i for i in range(len(p))) for p in G.discrete_generators)
        return
    found = _distinguishing_map(G, H)
    if found is None:
        # H acts on V like G: only possible for permutation groups whose V-tensors can't see H
        assert isinstance(G, PermGroup)
        return
    rep_in, rep_out, W, _, _ = found
    Wf = np.array(W.evalf(), dtype=float)
    assert _fails(lambda x: x @ Wf.T, rep_in, rep_out, rng=rng, samples=samples)
    # and the G-equivariant part of the same space passes
    B = se.equivariant_basis(rep_in, rep_out)
    if B.dim:
        Wg = B.to_numpy().sum(1).reshape(rep_out.size, rep_in.size)
        assert_equivariant(lambda x: x @ Wg.T, rep_in, rep_out, rng=rng, samples=samples)


# ------------------------------------------------------------------------------------------
# 2. every layer and the test kit refuse reps of different groups, with one shared check

MISMATCHED = [
    ("EquivariantLinear", lambda: se.nn.EquivariantLinear(se.V(se.S(4)), se.V(se.Z(4)))),
    ("EquivariantLinear", lambda: se.nn.EquivariantLinear(se.V(se.SO(3)), se.V(se.O(3)))),
    ("BasisExpansion", lambda: se.nn.BasisExpansion(se.V(se.S(4)), se.V(se.Z(4)))),
    ("Expander", lambda: se.nn.linear.Expander(se.V(se.S(4)), se.V(se.Z(4)))),
    ("EquivariantBilinear", lambda: se.nn.EquivariantBilinear(se.V(se.SO(3)), se.V(se.O(3)))),
    ("EMLPBlock", lambda: se.nn.EMLPBlock(se.V(se.SO(3)), se.V(se.O(3)))),
    ("EMLP", lambda: se.nn.EMLP(se.V(se.SO(3)), se.Scalar, se.S(3))),
    ("EMLP", lambda: se.nn.EMLP(se.V(se.SO(3)), se.V(se.O(3)), se.SO(3))),
    ("EMLP", lambda: se.nn.EMLP(se.V(se.S(3)), se.Scalar, se.S(3), hidden=se.V(se.Z(3)))),
    ("LinearEquiv.from_reps", lambda: se.nn.LinearEquiv.from_reps(se.V(se.S(4)), se.V(se.Z(4)))),
    ("solve_block", lambda: se.solve.solve_block(se.V(se.S(4)), se.V(se.Z(4)))),
    ("burnside_dim", lambda: se.verify.burnside_dim(se.V(se.S(4)), se.V(se.Z(4)))),
    ("pair_orbit_count", lambda: se.verify.pair_orbit_count(se.V(se.S(4)), se.V(se.Z(4)))),
    ("weyl_dim", lambda: se.verify.weyl_dim(se.V(se.SO(3)), se.V(se.O(3)))),
    ("other_road_dim", lambda: se.verify.other_road_dim(se.V(se.SO(3)), se.V(se.O(3)))),
    ("explain_zero", lambda: se.explain.explain_zero(se.V(se.SO(3)), se.V(se.O(3)))),
    ("assert_equivariant", lambda: assert_equivariant(lambda x: x, se.V(se.S(4)), se.V(se.Z(4)))),
    ("assert_intertwiner", lambda: assert_intertwiner(np.eye(4, dtype=int).tolist(), se.V(se.S(4)),
                                                      se.V(se.Z(4)))),
    ("float_rho", lambda: float_rho([se.V(se.S(4)), se.V(se.Z(4))])),
]


@pytest.mark.parametrize("where, build", MISMATCHED, ids=[m[0] for m in MISMATCHED])
def test_layers_and_checks_refuse_reps_of_different_groups(where, build):
    with pytest.raises(se.GroupMismatchError, match=f"^{where}: .*different groups"):
        build()


def test_emlp_needs_a_group():
    with pytest.raises(se.GroupMismatchError, match="group is required"):
        se.nn.EMLP(se.V(se.S(3)), se.Scalar, None)


def test_device_moves_keep_the_moved_buffers():
    m = se.nn.EquivariantLinear(ICO ** 3, ICO ** 3, dtype=torch.float64)
    m.share_memory()
    assert all(b.is_shared() for b in _float_buffers(m).values())


def test_same_group_and_group_free_reps_still_build():
    G = se.S(4)
    se.nn.EquivariantLinear(se.V(G), se.Scalar)
    se.nn.EMLP(se.Scalar + se.V(G), se.Scalar, G, ch=12, num_layers=1)
    assert_equivariant(lambda x: x.sum(1, keepdims=True), se.V(G), se.Scalar)


# ------------------------------------------------------------------------------------------
# 3. a layer built in float32 and moved to float64 equals one built in float64

def _float_buffers(m):
    return {k: b for k, b in m.named_buffers() if b is not None and b.is_floating_point()}


ICO = se.V(se.Icosahedral())
SO3 = se.V(se.SO(3))
LAYERS = [
    # Icosahedral V³ → V³ is the smallest Hom here whose exact basis is not dyadic: float32
    # rounds it (1e-7), so an up-cast float32 buffer differs from the float64 one
    ("linear dense Q(sqrt5)", lambda dt: se.nn.EquivariantLinear(ICO ** 3, ICO ** 3, dtype=dt)),
    ("linear blocks Q(sqrt5)", lambda dt: se.nn.EquivariantLinear(ICO + ICO ** 3, ICO ** 3, dtype=dt)),
    ("linear schur", lambda dt: se.nn.EquivariantLinear(SO3 ** 5, SO3 ** 5, dtype=dt)),
    ("linear gather", lambda dt: se.nn.EquivariantLinear(se.V(se.S(5)) ** 2, se.V(se.S(5)), dtype=dt)),
    ("basis expansion", lambda dt: se.nn.BasisExpansion(ICO ** 3 + se.Scalar, ICO ** 3, dtype=dt)),
    ("bilinear", lambda dt: se.nn.EquivariantBilinear(ICO + ICO ** 2, ICO ** 3, dtype=dt)),
    ("diagram Sp", lambda dt: se.nn.DiagramLinear(se.Sp(1), 2, 2, dtype=dt)),
    ("diagram SO3 eps", lambda dt: se.nn.DiagramLinear(se.SO(3), 2, 1, dtype=dt)),
    ("partition", lambda dt: se.nn.PartitionLinear(3, 1, 2, dtype=dt)),
    ("linear_equiv", lambda dt: se.nn.LinearEquiv([[1, 2, 0]], [[1, 2, 0]], dtype=dt)),
    ("emlp", lambda dt: se.nn.EMLP(ICO, ICO, se.Icosahedral(), hidden=ICO ** 3 + se.Scalar, num_layers=2,
                                   bilinear=False)),       # (bilinear: above; Hom(V⁶, Scalar) is slow)
]


@pytest.mark.parametrize("name, build", LAYERS, ids=[n for n, _ in LAYERS])
def test_double_rederives_every_buffer_from_exact(name, build):
    prev = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float32)
        m32 = build(torch.float32)
        torch.set_default_dtype(torch.float64)
        m64 = build(torch.float64)
    finally:
        torch.set_default_dtype(prev)
    b32 = _float_buffers(m32)
    assert all(b.dtype == torch.float32 for b in b32.values())
    moved = _float_buffers(m32.double())
    ref = _float_buffers(m64)
    assert moved.keys() == ref.keys()
    for k in ref:
        assert moved[k].dtype == torch.float64
        assert torch.equal(moved[k], ref[k]), k
    # and back: float32 -> half -> float64 is still the float64 build
    again = _float_buffers(m32.half().float().double())
    assert all(torch.equal(again[k], ref[k]) for k in ref)


def test_icosahedral_layer_moved_to_float64_is_equivariant_to_float64_precision():
    # the repro: 2.1e-8 before, the README's own 1e-10 check failed
    m = se.nn.EquivariantLinear(ICO ** 3, ICO ** 3, dtype=torch.float32).double()
    assert_equivariant(m, ICO ** 3, ICO ** 3, atol=1e-13)


# ------------------------------------------------------------------------------------------
# 5. found by an audit of the test kit and the certificates (session 11): each test fails on
#    the code before its fix

def _big_and_bad(x):
    # first summand exactly equivariant and huge, second small and not equivariant at all
    return torch.cat([1e9 * x, 1e-2 * x ** 3], -1)


def test_a_large_summand_does_not_hide_an_error_in_a_small_one():
    V = se.V(se.SO(3))
    assert _fails(_big_and_bad, V, V + V)
    with pytest.raises(EquivarianceError, match="summand 1"):
        se.testing.assert_lie_equivariant(_big_and_bad, V, V + V)
    # an invariant next to a large vector: the invariant's error is caught too
    bad_scalar = lambda x: np.concatenate([1e9 * x, 1e-2 * x[:, :1] ** 2], -1)
    assert _fails(bad_scalar, V, V + se.Scalar, framework="numpy")
    # and the good function passes
    assert not _fails(lambda x: torch.cat([1e9 * x, 1e-2 * x * (x ** 2).sum(-1, keepdim=True)], -1),
                      V, V + V)


def test_summand_error_scales_each_summand_by_itself():
    from symequiv.testing.equivariance import summand_error
    rep = se.Scalar + se.V(se.SO(3))
    ref = np.array([[1e6, 2.0, -4.0, 0.5]])
    err, (b, j) = summand_error(np.array([[1e-3, 0.0, 0.04, 0.0]]), [ref], rep)
    assert err == pytest.approx(0.01) and (b, j) == (0, 2)     # 0.04 / 4, not 0.04 / 1e6
    assert np.isnan(summand_error(np.array([[0.0, np.nan, 0.0, 0.0]]), [ref], rep)[0])
    # small outputs are relative too (the old scale "at least 1" made them absolute)
    assert summand_error(np.array([[0.0, 1e-6, 0.0, 0.0]]), [ref * 1e-6], rep)[0] == pytest.approx(0.25)


@pytest.mark.parametrize("factor, dtype", [(1e-5, torch.float32), (1e-11, torch.float64)])
def test_a_wrong_map_with_small_outputs_is_caught(factor, dtype):
    V = se.V(se.SO(3))
    assert _fails(lambda x: factor * x[:, [1, 0, 2]], V, V, dtype=dtype)
    assert not _fails(lambda x: factor * x, V, V, dtype=dtype)
    # a summand that is zero in exact arithmetic but rounding noise in floats still passes
    assert not _fails(lambda x: (x + 1) - 1 - x, V, V, dtype=dtype)


@pytest.mark.parametrize("kw", [{"scale": 1e-12}, {"scale": 1e-6, "dtype": torch.float32},
                                {"atol": 1.0}, {"atol": 1e6}])
def test_options_that_make_the_float_check_unfailable_are_refused(kw):
    V = se.V(se.SO(3))
    with pytest.raises(se.errors.InvalidArgumentError):
        assert_equivariant(lambda x: x ** 3, V, V, **kw)


def test_float_rho_refuses_a_zero_scale():
    with pytest.raises(se.errors.InvalidArgumentError):
        float_rho([se.V(se.SO(3))], 0, scale=0.0)


@pytest.mark.parametrize("G", [se.SO(3), se.O(3), se.SO(2)])
def test_word_strategy_refuses_groups_with_a_lie_algebra(G):
    from symequiv.testing.strategies import group_elements
    with pytest.raises(se.errors.InvalidArgumentError, match="exact_elements"):
        group_elements(G)


def test_explicit_rep_checks_its_permutations_against_its_matrices():
    G = se.S(3)
    V = se.V(G)
    mats = [V.rho_gen(k) for k in range(len(G.discrete_generators))]
    with pytest.raises(se.errors.RepresentationError, match="does not match"):
        se.ExplicitRep(G, mats, [], "R", perms=tuple(np.arange(3) for _ in mats))
    R = se.ExplicitRep(G, mats, [], "R", perms=tuple(V.perm_gen(k) for k in range(len(mats))))
    assert se.equivariant_basis(R, R).dim == 2


def test_orbit_certificate_ties_permutations_to_matrices():
    from symequiv.basis import Basis
    from symequiv.verify import certify
    G = se.S(3)
    V = se.V(G)
    mats = [V.rho_gen(k) for k in range(len(G.discrete_generators))]
    R = se.ExplicitRep(G, mats, [], "R", perms=tuple(V.perm_gen(k) for k in range(len(mats))))
    object.__setattr__(R, "_perms", tuple(np.arange(3) for _ in mats))     # corrupted afterwards
    colors = np.full(9, -1, dtype=np.int64)
    colors[0], colors[1] = 0, 1                                # E00, E01: not equivariant
    assert not certify(Basis(R, R, "fake", colors=colors)).ok


def test_skipped_consistency_check_of_paired_generators_warns():
    from symequiv.nn import LinearEquiv
    n = 501
    cyc, ident = [(i + 1) % n for i in range(n)], list(range(n))
    swap = [1, 0] + list(range(2, n))
    with pytest.warns(UserWarning, match="not checked for consistency"):
        layer = LinearEquiv([cyc, ident], [ident, swap])
    assert not layer.consistency_checked


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_invariant_outputs_pass_the_first_order_check(dtype):
    # review of the noise floor: an invariant's rhs dρ(A)·y is 0, so the floor must follow |y|
    # (which grows like |x|^degree), or the rounding noise of J_f·dρ(A)x fails valid invariants
    V = se.V(se.SO(3))
    layer = se.nn.InvariantFeatures(4 * V, 4).to(dtype)
    se.testing.assert_lie_equivariant(layer, 4 * V, layer.n_features * se.Scalar)
    se.testing.assert_lie_equivariant(lambda x: ((x ** 2).sum(-1, keepdims=True)) ** 3, 4 * V, se.Scalar,
                                      framework="numpy")
    assert _fails(lambda x: x[:, :1] ** 2, V, se.Scalar)             # not invariant: still caught


def test_the_default_scale_is_accepted_with_any_tolerance():
    V = se.V(se.SO(3))
    assert_equivariant(lambda x: 2 * x, V, V, atol=0.3)
