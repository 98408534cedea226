from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, strategies as st

from symequiv import linalg, NotExactError, InvalidGeneratorError

ints = st.integers(-5, 5)


def mats(m, n):
    return st.lists(st.lists(ints, min_size=n, max_size=n), min_size=m, max_size=m)


@pytest.mark.parametrize("value", [1, np.int64(3), Fraction(2, 3), sympy.Rational(-1, 4), sympy.Integer(7)])
def test_exact_values_accepted(value):
    M = linalg.matrix([[value]])
    assert linalg.to_lists(M)[0][0] == Fraction(int(sympy.Rational(value).p), int(sympy.Rational(value).q))


@pytest.mark.parametrize("value", [0.5, np.float64(1.0), sympy.Float(0.25), 1.0])
def test_floats_rejected_with_position(value):
    with pytest.raises(NotExactError) as e:
        linalg.matrix([[1, 2], [3, value]])
    assert "[1][1]" in str(e.value) and "Fraction" in str(e.value)


def test_float_numpy_array_rejected():
    with pytest.raises(NotExactError, match="float64"):
        linalg.matrix(np.eye(2))


def test_ragged_rejected():
    with pytest.raises(InvalidGeneratorError, match="ragged"):
        linalg.matrix([[1, 2], [3]])


@given(mats(2, 3), mats(3, 2))
def test_kron_matches_numpy(a, b):
    K = linalg.to_lists(linalg.kron(linalg.matrix(a), linalg.matrix(b)))
    assert K == np.kron(np.array(a), np.array(b)).tolist()


@given(mats(2, 2), mats(3, 3))
def test_kronsum_and_block_diag(a, b):
    A, B = np.array(a), np.array(b)
    expect = np.kron(A, np.eye(3, dtype=int)) + np.kron(np.eye(2, dtype=int), B)
    assert linalg.to_lists(linalg.kronsum(linalg.matrix(a), linalg.matrix(b))) == expect.tolist()
    bd = linalg.to_lists(linalg.block_diag([linalg.matrix(a), linalg.matrix(b)]))
    assert bd[:2] == [row + [0, 0, 0] for row in a]
    assert bd[2:] == [[0, 0] + row for row in b]


@given(mats(3, 5))
def test_nullspace_is_exact_full_and_canonical(a):
    K = linalg.matrix(a)
    N = linalg.nullspace(K)
    Km = sympy.Matrix(a)
    # independent road: sympy's dense nullspace dimension
    assert N.shape[0] == len(Km.nullspace())
    if N.shape[0]:
        assert linalg.is_zero(K.matmul(N.transpose()))
        assert linalg.rank(N) == N.shape[0]
    # canonical: another basis of the same space gives the same rows
    if N.shape[0] >= 2:
        mixed = linalg.matrix([[1, 1], [0, 2]]).matmul(N[:2, :]) if N.shape[0] == 2 else None
        if mixed is not None:
            assert linalg.rref_rows(mixed) == linalg.rref_rows(N)


@given(mats(2, 4), mats(2, 4))
def test_stepwise_equals_stacked(a, b):
    A, B = linalg.matrix(a), linalg.matrix(b)
    assert linalg.nullspace_stepwise([A, B], 4) == linalg.nullspace(linalg.vstack([A, B]))


def test_perm_matrix_destination_convention():
    p = [2, 0, 1]
    P = np.array(linalg.to_lists(linalg.perm_matrix(p)))
    x = np.array([10, 20, 30])
    y = P @ x
    assert all(y[p[i]] == x[i] for i in range(3))


def test_inverse_and_singular():
    M = linalg.matrix([[2, 1], [1, 1]])
    assert linalg.is_identity(M.matmul(linalg.inverse(M)))
    with pytest.raises(InvalidGeneratorError, match="singular"):
        linalg.inverse(linalg.matrix([[1, 2], [2, 4]]))


def test_key_roundtrip():
    M = linalg.matrix([[0, Fraction(-3, 7)], [5, 0]])
    assert linalg.from_key(linalg.key(M)) == M


def test_integer_products_exact_against_python_integers():
    import numpy as np
    from symequiv.linalg.integer import matmul, sparse_matmul, IntegerOverflow
    rng = np.random.default_rng(0)
    for bits, k in ((4, 300), (20, 64), (26, 16), (29, 8)):      # float path, then limbs
        A = rng.integers(-2 ** bits, 2 ** bits, (17, k))
        B = rng.integers(-2 ** bits, 2 ** bits, (k, 13))
        assert (matmul(A, B).astype(object) == A.astype(object) @ B.astype(object)).all()
    with pytest.raises(IntegerOverflow):
        matmul(np.full((2, 64), 2 ** 30), np.full((64, 2), 2 ** 30))
    M = rng.integers(-3, 4, (9, 9)) * (rng.random((9, 9)) < 0.3)
    r, c = np.nonzero(M)
    B = rng.integers(-2 ** 40, 2 ** 40, (9, 5))
    got = sparse_matmul(r, c, M[r, c], 9, B)
    assert (got.astype(object) == M.astype(object) @ B.astype(object)).all()


def test_polynomial_in_a_matrix_matches_sympy_powers():
    # poly_at evaluates by Paterson-Stockmeyer (powers up to ~√deg, Horner in the top one):
    # compared with Σ c_i M^i summed by SymPy, over Q and over Q(√2), degrees 0..20, squared too
    import random
    from symequiv.linalg.polynomials import poly_at
    rng = random.Random(5)
    r2 = sympy.sqrt(2)
    K = linalg.number_field([r2])
    for trial in range(120):
        n, d, power = rng.randint(1, 5), rng.randint(0, 20), 2 if trial % 5 == 0 else 1
        field = trial % 4 == 0
        ent = [[rng.randint(-3, 3) + (rng.randint(-1, 1) * r2 if field else 0) for _ in range(n)]
               for _ in range(n)]
        co = [rng.randint(-4, 4) for _ in range(d + 1)]
        M = sympy.Matrix(ent)
        want = sympy.zeros(n, n)
        for i, c in enumerate(reversed(co)):
            want += c * M ** i
        want = (want ** power).applyfunc(sympy.expand).tolist()
        Dm = linalg.matrix(ent, domain=K) if field else linalg.matrix(ent)
        got = poly_at([Dm.domain.convert(c) for c in co], Dm, power)
        assert got == linalg.matrix(want, domain=Dm.domain).to_dense(), (trial, n, d)
