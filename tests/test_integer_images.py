"""Integer forms of rational images (the fast path of the Schur-form certificate) agree with the
rational route they replace, and the certificate still catches every corrupted piece of a
number-field Schur form (issue 21, item 4)."""

import dataclasses
import random
from fractions import Fraction

import numpy as np
import pytest
from sympy import I, QQ, Rational, cos, pi, sin, sqrt

import symequiv as se
from symequiv import linalg
from symequiv.basis import Basis
from symequiv.linalg.elimination import _expand, _mult_table
from symequiv.linalg.integer import (_fmatmul, _power_tables, integer_form, integer_image,
                                     matmul, matmul_mod)
from symequiv.verify.schur_integer import check_schur_integer

FIELDS = [[sqrt(2)], [cos(2 * pi / 7) + sin(2 * pi / 7)], [I], [sqrt(2), sqrt(3)],
          [Rational(1, 2) * sqrt(5) + Rational(1, 3)], [cos(2 * pi / 9)]]


def _random_matrix(K, m, n, rng, density):
    e = 1 if K.is_QQ else K.mod.degree()
    dod = {}
    for i in range(m):
        for j in range(n):
            if rng.random() < density:
                cs = [QQ(rng.randint(-40, 40), rng.choice([1, 1, 2, 3, 7, 12])) for _ in range(e)]
                x = K(cs) if not K.is_QQ else cs[0]
                if x:
                    dod.setdefault(i, {})[j] = x
    return linalg.DomainMatrix(dod, (m, n), K)


@pytest.mark.parametrize("exts", FIELDS, ids=str)
def test_power_tables_are_the_fields_multiplication_tables(exts):
    K = linalg.number_field(exts)
    e = K.mod.degree()
    P, d = _power_tables(K)
    alpha, power = K([QQ(1), QQ(0)]), K.one
    for u in range(e):
        tab = _mult_table(power, K, {})
        for s_ in range(e):
            for t in range(e):
                v = tab.get(s_, {}).get(t, 0)
                want = Fraction(int(v.numerator), int(v.denominator)) if v else Fraction(0)
                assert Fraction(int(P[u, s_, t]), d) == want
        power = power * alpha


@pytest.mark.parametrize("exts", [None] + FIELDS, ids=str)
@pytest.mark.parametrize("density", [0.0, 0.3, 1.0])
def test_integer_image_is_the_rational_image(exts, density):
    K = QQ if exts is None else linalg.number_field(exts)
    rng = random.Random(hash((str(exts), density)) & 0xffff)
    for m, n in ((1, 1), (3, 4), (5, 2)):
        M = _random_matrix(K, m, n, rng, density)
        for X in (M, M.to_dense()):
            N, d = integer_image(X)
            R = X if K.is_QQ else _expand(X.to_sparse(), False)
            N2, d2 = integer_form(R)
            g = np.gcd.reduce(np.r_[N2.ravel(), d2]) if N2.size else d2
            assert d == d2 // int(g)                            # the least common denominator
            assert np.array_equal(N * (d2 // d), N2)
            assert N.shape == R.shape and N.dtype == np.int64


@pytest.mark.parametrize("shape", [(96, 96, 96), (40, 100, 60), (3, 5, 7), (200, 30, 30)])
def test_blocked_float_products_are_exact(shape):
    m, k, n = shape
    rng = np.random.default_rng(0)
    A = rng.integers(-1000, 1000, size=(m, k), dtype=np.int64)
    B = rng.integers(-1000, 1000, size=(k, n), dtype=np.int64)
    exact = np.array([[sum(int(A[i, t]) * int(B[t, j]) for t in range(k)) for j in range(n)]
                      for i in range(m)], dtype=np.int64)
    assert np.array_equal(matmul(A, B), exact)
    assert np.array_equal(_fmatmul(A.astype(float), B.astype(float)).astype(np.int64), exact)
    p = 10007
    assert np.array_equal(matmul_mod(np.mod(A, p), np.mod(B, p), p), np.mod(exact, p))


def _torus_basis(g="C(7)", a="V**2"):
    import time
    from symequiv.solve import dispatch
    G = se.group(g)
    B = dispatch._run_road("torus", se.rep(a, G), se.rep(a, G), G, 10 ** 9, time.perf_counter(), None)
    if B is None or not B.is_schur_form:
        pytest.skip("not a Schur-form basis here")
    return G, B


def _bump(M, i=0, j=0):
    dod = {r: dict(row) for r, row in M.to_sparse().rep.items()}
    dod.setdefault(i, {})[j] = dod.get(i, {}).get(j, M.domain.zero) + M.domain.one
    return linalg.DomainMatrix(dod, M.shape, M.domain).to_dense()


@pytest.mark.parametrize("g, a", [("C(7)", "V**2"), ("C(7)", "V**3"), ("D(5)", "V**2")])
def test_number_field_schur_certificate_passes_and_catches_each_corruption(g, a):
    G, B = _torus_basis(g, a)
    F = B.schur
    assert check_schur_integer(B, G) is True and B.verify().ok
    # equal but distinct change-of-basis objects (the in side is compared by value)
    F2 = dataclasses.replace(F, Q_in=F.Q_in.to_sparse().to_dense(),
                             Q_in_inv=F.Q_in_inv.to_sparse().to_dense())
    assert check_schur_integer(Basis(B.rep_in, B.rep_out, B.method, schur=F2), G) is True
    bad = [dataclasses.replace(F, Q_out=_bump(F.Q_out)),
           dataclasses.replace(F, Q_out_inv=_bump(F.Q_out_inv, 1, 0)),
           dataclasses.replace(F, Q_in=_bump(F.Q_in)),
           dataclasses.replace(F, Q_in_inv=_bump(F.Q_in_inv, 0, 1))]
    b0 = F.blocks[-1]
    bad.append(dataclasses.replace(F, blocks=F.blocks[:-1] + (
        dataclasses.replace(b0, end=(_bump(b0.end[0]),) + tuple(b0.end[1:])),)))
    gens, offs = F.in_pieces[-1]
    bad.append(dataclasses.replace(F, in_pieces=F.in_pieces[:-1] + (
        ((_bump(gens[0]),) + tuple(gens[1:]), offs),)))
    for k, Fb in enumerate(bad):
        Bb = Basis(B.rep_in, B.rep_out, B.method, schur=Fb)
        assert not Bb.verify().ok, f"corruption {k} passed the certificate"
