"""The equivariance test kit as users use it: any callable, exact elements, exact and
infinitesimal checks.  Every check here is shown to fail on a broken function too."""

from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import given, settings

import symequiv as se
from symequiv import linalg
from symequiv.testing import (EquivarianceError, assert_equivariant, assert_equivariant_exact,
                              assert_lie_equivariant, exact_element, strategies, FD_TOLERANCE)

SO3 = se.SO(3)
V = se.V(SO3)


def _fails(check, *args, **kw):
    try:
        check(*args, **kw)
    except EquivarianceError as e:
        return e
    return None


# ------------------------------------------------------------------------------------------
# 1. any callable

def test_torch_lambda_with_keepdim_is_called_with_tensors():
    # the repro: fed numpy before, TypeError on keepdim
    assert_equivariant(lambda x: x * (x ** 2).sum(-1, keepdim=True), V, V)
    assert_lie_equivariant(lambda x: x * (x ** 2).sum(-1, keepdim=True), V, V)


def test_numpy_only_function_falls_back_to_numpy():
    seen = []

    def f(x):
        seen.append(type(x))
        return np.asarray(x).dot(np.eye(3)) if isinstance(x, np.ndarray) else x.numpy_only_attribute
    assert_equivariant(f, V, V)
    assert seen[0] is torch.Tensor and seen[-1] is np.ndarray
    # explicit framework: no torch attempt at all
    seen.clear()
    assert_equivariant(f, V, V, framework="numpy")
    assert set(seen) == {np.ndarray}


@pytest.mark.parametrize("G", [se.SO(3), se.O(3), se.Octahedral(), se.S(3)])
def test_small_bias_built_with_x_dtype_fails_in_float64(G):
    W = se.V(G)
    # crashed on numpy input before; a non-constant bias (a constant one is S(n)-invariant)
    bias = lambda x: x + 1e-3 * torch.arange(1, W.size + 1, dtype=x.dtype)
    e = _fails(assert_equivariant, bias, W, W)
    assert e is not None and "float64 via torch" in str(e) and e.tolerance == 1e-10
    assert e.error > 1e-5
    assert _fails(assert_equivariant, lambda x: x + 0 * torch.ones(W.size, dtype=x.dtype), W, W) is None


def test_failure_message_names_element_error_summand_and_tolerance():
    G = se.O(3)
    W = se.V(G)
    rep_out = se.Scalar + W                       # error only in the V summand
    fn = lambda x: torch.cat([(x ** 2).sum(-1, keepdim=True), x * torch.tensor([1.0, 2.0, 3.0],
                                                                               dtype=x.dtype)], -1)
    e = _fails(assert_equivariant, fn, W, rep_out)
    assert e is not None
    msg = str(e)
    assert "summand 1 (V, coordinates 1..3)" in msg and "tolerance 1.0e-10" in msg
    assert e.where.startswith("coordinate ") and 1 <= int(e.where.split()[1]) <= 3
    assert e.element.startswith("discrete generator 0") or "exp(" in e.element
    # a random element is named as a word in the generators times exp(Σ c_k A_k)
    e = _fails(assert_equivariant, fn, se.V(se.SO(3)), se.Scalar + se.V(se.SO(3)))
    assert "g = exp(" in str(e) and "·A0" in str(e) and e.lie is not None and len(e.lie) == 3


def test_word_in_failure_reproduces_the_failing_element():
    G = se.S(4)
    W = se.V(G)
    fn = lambda x: x * torch.tensor([1.0, 1.0, 1.0, 2.0], dtype=x.dtype)
    e = _fails(assert_equivariant, fn, W, W, samples=5)
    # rebuild the element from the reported word and check it really breaks fn
    P = np.eye(4)
    for k in reversed(e.word):
        P = linalg.to_numpy(W.rho_gen(k)) @ P
    x = np.random.default_rng(0).normal(size=(2, 4))
    f = lambda a: fn(torch.tensor(a)).numpy()
    assert not np.allclose(f(x @ P.T), f(x) @ P.T)


def test_module_is_called_in_its_own_dtype():
    lin32 = torch.nn.Linear(3, 3)                         # float32, not equivariant
    e = _fails(assert_equivariant, lin32, V, V)
    assert e is not None and e.tolerance == 1e-4 and "float32" in str(e)
    layer = se.nn.EquivariantLinear(V ** 2, V)            # float32 module, equivariant
    assert_equivariant(layer, V ** 2, V)
    assert_equivariant(layer.double(), V ** 2, V)
    # a float32 lambda output lowers the precision (and so the tolerance) used
    e = _fails(assert_equivariant, lambda x: (x * torch.tensor([1.0, 1.0, 1.5])).float(), V, V)
    assert e is not None and "float32" in str(e)


def test_wrong_output_shape_and_unusable_functions_are_typed_errors():
    with pytest.raises(se.InvalidArgumentError, match="shape"):
        assert_equivariant(lambda x: x[:, :2], V, V)
    with pytest.raises(se.InvalidArgumentError, match="torch tensor.*numpy array"):
        assert_equivariant(lambda x: x.no_such_thing(), V, V)
    with pytest.raises(se.InvalidArgumentError, match="callable"):
        assert_equivariant(3, V, V)
    with pytest.raises(se.InvalidArgumentError, match="framework"):
        assert_equivariant(lambda x: x, V, V, framework="tensorflow")


def test_jax_function():
    jnp = pytest.importorskip("jax.numpy", reason="JAX is optional (not in the test extra)")
    assert_equivariant(lambda x: x * jnp.sum(x ** 2, -1, keepdims=True), V, V, framework="jax")
    assert _fails(assert_equivariant, lambda x: x ** 3, V, V, framework="jax") is not None


# ------------------------------------------------------------------------------------------
# 2. exact elements

ETA = linalg.matrix([[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]])


def _J(m):
    n = 2 * m
    return linalg.matrix([[1 if j == i + m else -1 if i == j + m else 0 for j in range(n)]
                          for i in range(n)])


@pytest.mark.parametrize("G, form", [(se.SO(2), None), (se.SO(3), None), (se.O(3), None),
                                     (se.SO(5), None), (se.O(4), None), (se.SO13(), ETA),
                                     (se.O13(), ETA), (se.Sp(1), _J(1)), (se.Sp(2), _J(2))])
def test_exact_elements_preserve_the_form_with_no_tolerance(G, form):
    eta = form if form is not None else linalg.identity(G.d)
    dets = set()
    for seed in range(8):
        M = exact_element(G, seed).matrix
        assert M.transpose().matmul(eta).matmul(M) == eta             # exact equality
        dets.add(M.to_Matrix().det())
        assert M.domain.is_QQ and not linalg.is_identity(M)
    if G in (se.O(3), se.O(4), se.O13()):
        assert dets == {1, -1}                                       # both components reached
    elif G in (se.SO(2), se.SO(3), se.SO(5), se.SO13()):
        assert dets == {1}


def test_cayley_elements_of_SO3_are_not_signed_permutations():
    # genuinely continuous elements: some entry is a fraction strictly between 0 and 1
    M = exact_element(SO3, 4).matrix.to_Matrix()
    assert any(0 < abs(v) < 1 for v in M)


def test_lorentz_elements_stay_in_the_identity_component():
    # the identity component of SO(1,3) has L[0, 0] >= 1; words add the PT = -I component
    G = se.MatrixGroup(lie_algebra=[linalg.to_lists(A) for A in se.SO13().lie_generators])
    for seed in range(20):
        L = exact_element(G, seed).matrix.to_Matrix()
        assert L[0, 0] >= 1


def test_SL_and_GL_elements():
    for seed in range(5):
        M = exact_element(se.SL(3), seed).matrix.to_Matrix()
        assert M.det() == 1                                              # in SL(3, Q)
    # not only SL(n, Z): some samples leave the lattice (rational entries)
    assert any(not v.is_integer for s in range(5) for v in exact_element(se.SL(3), s).matrix.to_Matrix())
    dets = {exact_element(se.GL(2), s).matrix.to_Matrix().det() for s in range(10)}
    assert any(d not in (1, -1) for d in dets) and any(d < 0 for d in dets)


def test_finite_and_number_field_groups_give_words_and_products_factor_by_factor():
    g = exact_element(se.Icosahedral(), 3)
    assert g.continuous is None and g.matrix.domain == se.Icosahedral().domain
    G = se.SO(3) * se.S(4)
    g = exact_element(G, 1)            # continuous part: (a Cayley rotation, the identity)
    M = g.matrix
    rot, perm = g.continuous[0], g.continuous[1]
    assert perm == se.S(4).identity_element()
    P = linalg.identity(4)
    for k in g.word:
        P = P.matmul(se.V(se.S(4)).rho_gen(k - len(se.SO(3).discrete_generators)))
    assert M == linalg.kron(rot, P)


def test_images_in_tensor_reps_are_exact_tensor_powers():
    g = exact_element(se.SL(2), 2)
    M = g.matrix
    W = se.V(se.SL(2))
    assert g.rho(W ** 2) == linalg.kron(M, M)
    assert g.rho(W.T) == linalg.inverse(M).transpose()


def test_groups_without_exact_elements_are_refused_with_advice():
    torus = se.MatrixGroup(lie_algebra=[[[1, 0], [0, -2]]])          # exp is not rational
    with pytest.raises(se.InvalidArgumentError, match="assert_intertwiner"):
        exact_element(torus, 0)
    with pytest.raises(se.InvalidArgumentError):
        exact_element("SO(3)", 0)


def test_nilpotent_lie_algebra_elements():
    G = se.MatrixGroup(lie_algebra=[[[0, 1, 0], [0, 0, 1], [0, 0, 0]], [[0, 0, 1], [0, 0, 0], [0, 0, 0]]])
    M = exact_element(G, 5).matrix.to_Matrix()
    assert M.det() == 1 and all(M[i, j] == 0 for i in range(3) for j in range(i)) and M != M.eye(3)


@settings(max_examples=25)
@given(strategies.exact_elements(se.O(3)))
def test_exact_elements_strategy(g):
    R = g.matrix
    assert R.matmul(R.transpose()) == linalg.identity(3)


# ------------------------------------------------------------------------------------------
# 3. the exact check

def test_exact_check_passes_exact_equivariant_maps():
    cube = lambda x: x * (x ** 2).sum(-1, keepdims=True)
    for G in [se.SO(3), se.O(3), se.Icosahedral(), se.SO(4), se.S(4)]:
        assert_equivariant_exact(cube, se.V(G), se.V(G))
    minkowski = lambda x: x * (x[:, :1] ** 2 - (x[:, 1:] ** 2).sum(-1, keepdims=True))
    assert_equivariant_exact(minkowski, se.V(se.O13()), se.V(se.O13()))
    outer = lambda x: (x[:, :, None] * x[:, None, :]).reshape(len(x), -1)
    assert_equivariant_exact(outer, se.V(se.SL(3)), se.V(se.SL(3)) ** 2)


def test_exact_check_fails_what_is_not_equivariant():
    cross = lambda x: np.cross(x[:, :3], x[:, 3:])
    assert_equivariant_exact(cross, 2 * V, V)
    e = _fails(assert_equivariant_exact, cross, 2 * se.V(se.O(3)), se.V(se.O(3)))
    assert e is not None and "discrete generator 0" in str(e)
    euclid = lambda x: x * (x ** 2).sum(-1, keepdims=True)
    e = _fails(assert_equivariant_exact, euclid, se.V(se.SO13()), se.V(se.SO13()))
    assert e is not None and "Cayley" in str(e)          # the boost is what breaks it
    e = _fails(assert_equivariant_exact, lambda x: x ** 3, se.V(se.Icosahedral()), se.V(se.Icosahedral()))
    assert e is not None and "sqrt(5)" in str(e)          # exact values over Q(√5) in the message


def test_exact_check_sees_what_no_tolerance_can():
    # an error of 1e-15 relative passes every float tolerance and fails the exact check
    tiny = Fraction(1, 10 ** 15)
    fn = lambda x: x + tiny * x[:, :1] if x.dtype == object else x + 1e-15 * x[:, :1]
    assert_equivariant(fn, V, V, framework="numpy")
    assert _fails(assert_equivariant_exact, fn, V, V) is not None


def test_exact_check_refuses_float_outputs():
    with pytest.raises(se.NotExactError, match="exact outputs"):
        assert_equivariant_exact(lambda x: x * 0.5, V, V)


# ------------------------------------------------------------------------------------------
# 4. the infinitesimal check

def test_lie_check_passes_layers_and_fails_a_discrete_symmetry():
    layer = se.nn.EquivariantLinear(V ** 2, V + se.Scalar).double()
    assert_lie_equivariant(layer, V ** 2, V + se.Scalar)
    cube = lambda x: x ** 3         # equivariant for the cube's rotations, not for SO(3)
    assert_equivariant(cube, se.V(se.Octahedral()), se.V(se.Octahedral()))
    e = _fails(assert_lie_equivariant, cube, V, V)
    assert e is not None and "A0" in str(e) and e.tolerance == 1e-10


def test_lie_check_sees_an_error_that_small_angles_hide():
    # 1e-7 of a non-equivariant term: at rotations of angle ~1e-4 the float check's error is
    # ~1e-11, under its tolerance; the first-order check compares derivatives, angle-free
    fn = lambda x: x + 1e-7 * x ** 3
    assert_equivariant(fn, V, V, scale=1e-4)
    e = _fails(assert_lie_equivariant, fn, V, V)
    assert e is not None and e.error > 1e-8


def test_lie_check_for_numpy_functions_uses_finite_differences():
    good = lambda x: x * np.sum(x ** 2, -1, keepdims=True)
    assert_lie_equivariant(good, V, V, framework="numpy")
    e = _fails(assert_lie_equivariant, lambda x: x ** 3, V, V, framework="numpy")
    assert e is not None and e.tolerance == FD_TOLERANCE and "numpy" in str(e)


def test_lie_check_of_a_finite_group_is_refused():
    with pytest.raises(se.InvalidArgumentError, match="no Lie algebra"):
        assert_lie_equivariant(lambda x: x, se.V(se.S(3)), se.V(se.S(3)))


# ------------------------------------------------------------------------------------------
# 5. checks that used to pass what they should fail (audit of session 13)

def test_exact_check_of_SL_leaves_the_integer_lattice():
    # doubles the vectors off Z^2: SL(2, Z)-equivariant (SL(2, Z) preserves Z^2), not SL(2, R)
    def f(x):
        out = np.empty_like(x)
        for i, row in enumerate(x):
            k = 1 if all(Fraction(v).denominator == 1 for v in row) else 2
            out[i] = [v * k for v in row]
        return out
    W = se.V(se.SL(2))
    assert _fails(assert_equivariant_exact, f, W, W, samples=10, batch=4)


@pytest.mark.parametrize("G", [se.U(1), se.U(2), se.SU(2)])
def test_lie_check_of_complex_reps_sees_conjugation(G):
    # x -> conj(x) is equivariant for the conjugate rep, not for V; at real points it looks linear
    W = se.V(G)
    assert _fails(assert_lie_equivariant, lambda x: x.conj(), W, W)
    assert _fails(assert_lie_equivariant, lambda x: np.conj(x), W, W, framework="numpy")
    # and the equivariant, non-holomorphic x |x|^2 passes
    assert_lie_equivariant(lambda x: x * (x * x.conj()).sum(-1, keepdim=True).real, W, W)


@pytest.mark.parametrize("dtype, big", [(torch.float32, 1e2), (torch.float64, 1e8)])
def test_a_large_correct_summand_does_not_hide_an_error_in_another(dtype, big):
    # above the resolution 10·eps·(largest output): a guard, not a fix of this session (the
    # floor follows the largest number of the check, see noise_floor)
    Wt = torch.tensor([[1., 2, 3], [0, 1, 0], [5, 0, -1]], dtype=dtype)

    def f(x):                     # a large, correct invariant and a vector part 3-15% wrong
        return torch.cat([big * (x ** 2).sum(-1, keepdim=True), x + 0.03 * x @ Wt.T], -1)
    assert _fails(assert_equivariant, f, V, se.Scalar + V, dtype=dtype)
    assert _fails(assert_lie_equivariant, f, V, se.Scalar + V, dtype=dtype)

    def g(x):                     # the same with a correct vector part passes
        return torch.cat([big * (x ** 2).sum(-1, keepdim=True), 2 * x], -1)
    assert_equivariant(g, V, se.Scalar + V, dtype=dtype)
    assert_lie_equivariant(g, V, se.Scalar + V, dtype=dtype)


@pytest.mark.parametrize("dtype, big", [(torch.float32, 1e3), (torch.float64, 1e9)])
def test_a_large_block_of_a_tensor_product_does_not_hide_an_error_in_another(dtype, big):
    # rep_out (Scalar+V)*V is one written summand; its V*V block must not set the scale of a
    # wrong Scalar*V block (written as V+V*V it was caught already)
    Wt = torch.tensor([[1., 2, 3], [0, 1, 0], [5, 0, -1]], dtype=dtype)

    def f(x):
        vv = big * (x[..., :, None] * x[..., None, :]).reshape(*x.shape[:-1], 9)
        return torch.cat([x + 0.03 * x @ Wt.T, vv], -1)
    assert _fails(assert_equivariant, f, V, (se.Scalar + V) * V, dtype=dtype)
    assert _fails(assert_lie_equivariant, f, V, (se.Scalar + V) * V, dtype=dtype)


@pytest.mark.parametrize("seed", range(8))
def test_rounding_in_pieces_that_vanish_exactly_is_not_an_error(seed):
    # review of session 13: a floor from the inputs and each piece's own values failed these
    # correct layers on rounding (degree-6 invariants whose value cancels; u×u next to |u|²)
    feats = se.nn.InvariantFeatures(3 * V, 6).double()
    assert_lie_equivariant(feats, 3 * V, feats.n_features * se.Scalar, rng=seed)
    torch.manual_seed(seed)
    bil = se.nn.EquivariantBilinear(V, se.Scalar + V, gain=100).double()
    assert_equivariant(bil, V, se.Scalar + V, rng=seed)


def test_lie_check_of_a_numpy_function_taken_for_torch_is_a_typed_error():
    # found by the certificate audit: a numpy-written fn auto-detected as torch ended in torch's
    # "Cannot access data pointer of Tensor that doesn't have storage" from inside jvp
    import numpy as np
    from symequiv.errors import InvalidArgumentError
    V = se.V(se.SO(3))
    D = np.array([1.0, 2.0, 3.0])
    with pytest.raises(InvalidArgumentError, match="framework='numpy'"):
        se.testing.assert_lie_equivariant(lambda x: x * D, V, V)
    with pytest.raises(se.testing.EquivarianceError):          # and the suggested call checks it
        se.testing.assert_lie_equivariant(lambda x: x * D, V, V, framework="numpy")
