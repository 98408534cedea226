"""Wallpaper groups on the n x n torus: orders by Schreier-Sims, the geometry of the point
groups from Euclidean coordinates, Hom dimensions by Burnside and by point-group orbits,
weight sharing, equivariance of torch layers, bad inputs."""

import itertools
import math

import numpy as np
import pytest
from sympy.combinatorics import Permutation, PermutationGroup as SPG

import symequiv as se
from symequiv.errors import InvalidGeneratorError, ProblemTooLargeError, SymequivError
from symequiv.groups.permutation import PermGroup
from symequiv.groups.wallpaper import (ALIASES, MIN_N, WALLPAPER_NAMES, WallpaperGroup,
                                       _site_perm, point_group)

SQUARE = ("p1", "p2", "pm", "cm", "pmm", "cmm", "p4", "p4m")
HEXAGONAL = ("p3", "p3m1", "p31m", "p6", "p6m")
POINT_ORDER = {"p1": 1, "p2": 2, "pm": 2, "cm": 2, "pmm": 4, "cmm": 4, "p4": 4, "p4m": 8,
               "p3": 3, "p3m1": 6, "p31m": 6, "p6": 6, "p6m": 12}
EXPECTED_MIN_N = {"p1": 1, "cm": 2, "p3": 2, "p3m1": 2, "p31m": 2,
                  "p2": 3, "pm": 3, "pmm": 3, "cmm": 3, "p4": 3, "p4m": 3, "p6": 3, "p6m": 3}


def sympy_group(G):
    return SPG([Permutation(list(p)) for p in G.perms])


# --- Euclidean geometry, independent of the module's matrices ----------------------------------
def basis_matrix(lattice):
    """Columns: Cartesian vectors of the lattice directions a and b."""
    if lattice == "square":
        return np.eye(2)
    return np.array([[1.0, 0.5], [0.0, math.sqrt(3) / 2]])        # u and its 60° turn


def lattice_automorphisms(lattice):
    """All integer matrices with entries in {-1, 0, 1} preserving the lattice metric: D4 for the
    square lattice, D6 for the hexagonal one (brute force over 3^4 candidates)."""
    E = basis_matrix(lattice)
    gram = E.T @ E
    out = set()
    for entries in itertools.product((-1, 0, 1), repeat=4):
        M = np.array(entries).reshape(2, 2)
        if np.allclose(M.T @ gram @ M, gram):
            out.add(tuple(map(tuple, M.tolist())))
    return out


def euclid(M, lattice):
    E = basis_matrix(lattice)
    return E @ np.array(M, dtype=float) @ np.linalg.inv(E)


# --- orders ------------------------------------------------------------------------------------
def test_names_and_minimal_sides():
    assert set(WALLPAPER_NAMES) == set(POINT_ORDER)
    assert MIN_N == EXPECTED_MIN_N


@pytest.mark.parametrize("name", WALLPAPER_NAMES)
def test_order_closed_form_equals_schreier_sims(name):
    for n in sorted({MIN_N[name], 3, 4, 5, 6, 7, 8}):
        G = WallpaperGroup(name, n)
        assert G.order() == POINT_ORDER[name] * n * n
        assert sympy_group(G).order() == G.order(), (name, n)
        assert G.d == n * n and isinstance(G, PermGroup)
        assert len(G.discrete_generators) == 2 + len(G.point_generators)


@pytest.mark.parametrize("name", [x for x in WALLPAPER_NAMES if MIN_N[x] > 1])
def test_below_the_minimum_the_action_is_not_faithful(name):
    # the same generators one size below the minimum generate a smaller group: refusing is right
    n = MIN_N[name] - 1
    gens = [_site_perm(((1, 0), (0, 1)), (1, 0), n), _site_perm(((1, 0), (0, 1)), (0, 1), n)]
    gens += [_site_perm(M, (0, 0), n) for M in point_group(name)]
    order = SPG([Permutation(list(p)) for p in gens]).order()
    assert order < POINT_ORDER[name] * n * n
    with pytest.raises(InvalidGeneratorError, match=f"n >= {MIN_N[name]}"):
        WallpaperGroup(name, n)


@pytest.mark.parametrize("name", WALLPAPER_NAMES)
def test_elements_are_the_group_and_faithful(name):
    n = max(MIN_N[name], 3)
    G = WallpaperGroup(name, n)
    elems = set(G.elements())
    assert len(elems) == G.order()                       # distinct permutations: faithful
    assert elems == {tuple(p.array_form) for p in sympy_group(G).generate()}
    assert G.random_element(1) in elems


# --- geometry of the point groups -----------------------------------------------------------
@pytest.mark.parametrize("name", WALLPAPER_NAMES)
def test_point_groups_are_lattice_isometries(name):
    G = WallpaperGroup(name, 4)
    lattice = "square" if name in SQUARE else "hexagonal"
    assert G.lattice == lattice
    P = set(G.point_group())
    assert len(P) == POINT_ORDER[name] == G.point_group_order
    assert P <= lattice_automorphisms(lattice)
    for M in P:
        R = euclid(M, lattice)
        assert np.allclose(R.T @ R, np.eye(2))           # a Euclidean isometry
    full = {"square": "p4m", "hexagonal": "p6m"}[lattice]
    if name == full:
        assert P == lattice_automorphisms(lattice)       # the whole holohedry
    rotations = [M for M in P if round(np.linalg.det(euclid(M, lattice))) == 1]
    expected_rot = {"p1": 1, "pm": 1, "cm": 1, "p2": 2, "pmm": 2, "cmm": 2, "p4": 4, "p4m": 4,
                    "p3": 3, "p3m1": 3, "p31m": 3, "p6": 6, "p6m": 6}[name]
    assert len(rotations) == expected_rot
    # rotation subgroup is cyclic of that order
    angles = sorted(round(math.degrees(math.atan2(euclid(M, lattice)[1, 0], euclid(M, lattice)[0, 0]))) % 360
                    for M in rotations)
    assert angles == [k * 360 // expected_rot for k in range(expected_rot)]


def _mirror_index(M):
    """Index in Z^2 of (fixed vectors) + (negated vectors) of an integer mirror M: 1 for a
    pm-type mirror (primitive lattice), 2 for a cm-type (centred) one."""
    vecs = [v for v in itertools.product(range(-2, 3), repeat=2) if v != (0, 0)]
    Mv = lambda v: (M[0][0] * v[0] + M[0][1] * v[1], M[1][0] * v[0] + M[1][1] * v[1])  # noqa: E731
    fixed = min((v for v in vecs if Mv(v) == v), key=lambda v: abs(v[0]) + abs(v[1]))
    neg = min((v for v in vecs if Mv(v) == (-v[0], -v[1])), key=lambda v: abs(v[0]) + abs(v[1]))
    return abs(fixed[0] * neg[1] - fixed[1] * neg[0])


@pytest.mark.parametrize("name, index", [("pm", {1}), ("pmm", {1}), ("cm", {2}), ("cmm", {2}),
                                         ("p4m", {1, 2})])
def test_primitive_versus_centred_mirrors(name, index):
    mirrors = [M for M in point_group(name) if round(np.linalg.det(np.array(M))) == -1]
    assert {_mirror_index(M) for M in mirrors} == index


@pytest.mark.parametrize("name, fixes_neighbour", [("p3m1", False), ("p31m", True), ("p6m", True)])
def test_p3m1_and_p31m_mirrors(name, fixes_neighbour):
    # nearest neighbours of site 0 found by Euclidean distance; p31m has mirrors along the
    # shortest lattice vectors (a mirror through site 0 fixes a neighbour), p3m1 only across them
    E = basis_matrix("hexagonal")
    nbrs = [v for v in itertools.product((-1, 0, 1), repeat=2)
            if abs(np.linalg.norm(E @ np.array(v)) - 1) < 1e-9]
    assert len(nbrs) == 6
    G = WallpaperGroup(name, 5)
    sites = [G.site(*v) for v in nbrs]
    mirrors = [G.element(M) for M in G.point_group() if round(np.linalg.det(np.array(M))) == -1]
    assert len(mirrors) == G.point_group_order // 2
    assert any(g[s] == s for g in mirrors for s in sites) == fixes_neighbour


def test_quarter_turn_is_rot90_and_mirror_is_fliplr():
    n = 5
    G = WallpaperGroup("p4m", n)
    img = np.arange(n * n).reshape(n, n)

    def act(p, x):
        out = np.empty_like(x.reshape(-1))
        out[list(p)] = x.reshape(-1)
        return out.reshape(n, n)
    r4, mx = G.discrete_generators[2], G.discrete_generators[3]
    assert any((act(r4, img) == np.roll(np.rot90(img), s, axis=0)).all() for s in range(n))
    assert any((act(mx, img) == np.roll(np.fliplr(img), s, axis=1)).all() for s in range(n))
    assert (act(G.discrete_generators[0], img) == np.roll(img, 1, axis=0)).all()
    assert (act(G.discrete_generators[1], img) == np.roll(img, 1, axis=1)).all()


# --- names, equality, repr -------------------------------------------------------------------
def test_names_case_and_aliases_and_repr():
    G = WallpaperGroup("p4m", 4)
    assert repr(G) == "WallpaperGroup('p4m', 4)"
    assert WallpaperGroup("P4M", 4) == G and WallpaperGroup("p4mm", 4) == G
    assert hash(WallpaperGroup("P4mm", 4)) == hash(G)
    assert eval(repr(G), {"WallpaperGroup": WallpaperGroup}) == G
    assert repr(WallpaperGroup("C2MM", 3)) == "WallpaperGroup('cmm', 3)"
    assert set(ALIASES.values()) <= set(WALLPAPER_NAMES)
    assert WallpaperGroup("p4m", np.int64(4)) == G
    groups = [WallpaperGroup(x, n) for x in WALLPAPER_NAMES for n in (3, 4)]
    assert len(set(groups)) == len(groups)               # every (name, n) a different group
    assert G.name == "p4m" and G.n == 4 and G.site(-1, 5) == 13 and G.coords(13) == (3, 1)
    assert G == se.PermutationGroup([list(p) for p in G.perms])   # structural equality


@pytest.mark.parametrize("args, error, text", [
    (("p4g", 4), InvalidGeneratorError, "p4m"),
    (("pg", 4), InvalidGeneratorError, "glide"),
    (("", 4), InvalidGeneratorError, "known names"),
    (("p4m ", 4), InvalidGeneratorError, "known names"),
    ((None, 4), InvalidGeneratorError, "str"),
    (("p4m", 4.0), InvalidGeneratorError, "int"),
    (("p4m", "4"), InvalidGeneratorError, "int"),
    (("p4m", True), InvalidGeneratorError, "int"),
    (("p4m", None), InvalidGeneratorError, "int"),
    (("p4m", 2), InvalidGeneratorError, "n >= 3"),
    (("p6", 1), InvalidGeneratorError, "n >= 3"),
    (("p3", 1), InvalidGeneratorError, "n >= 2"),
    (("p1", 0), InvalidGeneratorError, "n >= 1"),
    (("p1", -5), InvalidGeneratorError, "n >= 1"),
    (("p4m", 1001), ProblemTooLargeError, "MAX_DEGREE"),
    (("p4m", 10 ** 5000), ProblemTooLargeError, "digit"),
])
def test_bad_inputs(args, error, text):
    with pytest.raises(error, match=text) as info:
        WallpaperGroup(*args)
    assert isinstance(info.value, SymequivError)


def test_large_side_is_lazy():
    G = WallpaperGroup("p6m", 1000)                     # 10^6 sites: at the limit, built lazily
    assert G.order() == 12 * 10 ** 6 and G.d == 10 ** 6
    with pytest.raises(InvalidGeneratorError):
        WallpaperGroup("p4", 3).element(((0, 1), (1, 0)))   # a mirror is not in p4


# --- Hom(V, V): Burnside, point-group orbits, weight sharing ------------------------------------
def burnside_pairs(G):
    """Orbits on site pairs = average of fix(g)^2, over the elements SymPy enumerates."""
    total, count = 0, 0
    for p in sympy_group(G).generate():
        f = sum(1 for i, j in enumerate(p.array_form) if i == j)
        total += f * f
        count += 1
    assert total % count == 0
    return total // count


def point_orbits(mats, n):
    """Orbits of the matrices (mod n) on Z_n^2, by union-find."""
    parent = list(range(n * n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in itertools.product(range(n), repeat=2):
        for M in mats:
            a2, b2 = (M[0][0] * a + M[0][1] * b) % n, (M[1][0] * a + M[1][1] * b) % n
            parent[find(a * n + b)] = find(a2 * n + b2)
    return len({find(x) for x in range(n * n)})


@pytest.mark.parametrize("name", WALLPAPER_NAMES)
def test_hom_dimension_by_burnside_and_point_orbits(name):
    for n in sorted({MIN_N[name], 4, 5}):
        G = WallpaperGroup(name, n)
        V = se.V(G)
        dim = se.equivariant_basis(V, V).dim
        assert dim == burnside_pairs(G), (name, n)
        assert dim == point_orbits(point_group(name), n), (name, n)


@pytest.mark.parametrize("n", [3, 4, 5, 6, 8])
def test_p4m_and_p1_closed_forms(n):
    D4 = lattice_automorphisms("square")                 # the 8 signed permutation matrices
    assert len(D4) == 8
    V = se.V(WallpaperGroup("p4m", n))
    assert se.equivariant_basis(V, V).dim == point_orbits(D4, n)
    # closed form of the D4 orbits on Z_n^2: m = floor(n/2) + 1 classes of |x| per axis,
    # unordered pairs {|a|, |b|}: m (m + 1) / 2
    m = n // 2 + 1
    assert point_orbits(D4, n) == m * (m + 1) // 2
    V1 = se.V(WallpaperGroup("p1", n))
    assert se.equivariant_basis(V1, V1).dim == n * n


def test_p1_basis_is_circulant():
    n = 4
    G = WallpaperGroup("p1", n)
    B = se.equivariant_basis(se.V(G), se.V(G))
    X = B.to_numpy()
    for k in range(B.dim):
        W = X[:, k].reshape(n * n, n * n)
        for i, j in itertools.product(range(n * n), repeat=2):
            (a, b), (c, d) = G.coords(i), G.coords(j)
            assert W[i, j] == W[G.site(a - c, b - d), 0]   # depends only on i - j mod n


def test_p4m_layer_weight_sharing_and_equivariance():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    G = WallpaperGroup("p4m", 6)
    V = se.V(G)
    layer = se.nn.EquivariantLinear(V, V).double()
    with torch.no_grad():
        layer.weight.normal_()
        layer.bias.normal_()
    W = layer.weight_matrix().detach().numpy()
    rng = np.random.default_rng(0)
    for _ in range(10):
        g = np.array(G.random_element(rng))
        assert np.array_equal(W[np.ix_(g, g)], W)           # W[g i, g j] = W[i, j]
    x = torch.randn(7, V.size, dtype=torch.float64)
    with torch.no_grad():
        y = layer(x)
        for _ in range(5):
            g = torch.as_tensor(G.random_element(rng))
            gx, gy = torch.empty_like(x), torch.empty_like(y)
            gx[:, g], gy[:, g] = x, y
            assert float((layer(gx) - gy).abs().max()) < 1e-12


def test_channels_through_the_rep_algebra():
    torch = pytest.importorskip("torch")
    from symequiv.testing import assert_equivariant
    torch.manual_seed(1)
    G = WallpaperGroup("p6m", 4)
    V = se.V(G)
    layer = se.nn.EquivariantLinear(2 * V, 3 * V).double()
    assert layer.weight.numel() == 6 * point_orbits(point_group("p6m"), 4)
    assert_equivariant(layer, 2 * V, 3 * V, samples=4)
    pool = se.nn.EquivariantLinear(3 * V, se.Scalar).double()
    assert pool.weight.numel() == 3
    assert_equivariant(pool, 3 * V, se.Scalar, samples=4)
    conv = se.nn.LinearEquiv.from_reps(V, V, 2, 3).double()  # channels on their own axis
    x = torch.randn(5, 2, V.size, dtype=torch.float64)
    g = torch.as_tensor(G.random_element(3))
    gx, gy = torch.empty_like(x), torch.empty(5, 3, V.size, dtype=torch.float64)
    with torch.no_grad():
        gx[..., g] = x
        gy[..., g] = conv(x)
        assert float((conv(gx) - gy).abs().max()) < 1e-12


def test_p4m_16_basis():
    G = WallpaperGroup("p4m", 16)                     # timed in benchmarks/families.py
    V = se.V(G)
    B = se.equivariant_basis(V, V, cache=False)
    assert B.dim == point_orbits(point_group("p4m"), 16) == 45 and B.method == "orbits"


def test_basis_certificate():
    V = se.V(WallpaperGroup("p6m", 4))
    cert = se.equivariant_basis(V, V).verify()
    assert cert.ok and cert.independent_dim == point_orbits(point_group("p6m"), 4)


def test_example_runs_and_is_invariant():
    pytest.importorskip("torch")
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples",
                        "wallpaper_p4m.py")
    spec = importlib.util.spec_from_file_location("wallpaper_p4m", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.main(["--train", "40", "--test", "100", "--steps", "20", "--channels", "2"])
    (name, params, _, _, err, _), (_, mlp_params, _, _, mlp_err, _) = rows
    assert err < 1e-10 and mlp_err > 1e-6               # only the equivariant model is invariant
    assert abs(params - mlp_params) <= 64 + 2            # the nearest hidden width of a 64-h-1 MLP
