"""Groups, reps, bases, decompositions and layers survive pickle, copy.deepcopy and
torch.save / torch.load (they are immutable values: copies are the objects themselves, pickles
drop the caches and restore every slot)."""

import copy
import io
import pickle

import pytest
import torch

import symequiv as se

GROUPS = ["S(5)", "A(5)", "Z(6)", "SO(3)", "O(3)*S(3)", "Icosahedral()", "SU(2)", "SO13()",
          "WallpaperGroup('p4m', 4)", "Sp(2)", "MatrixGroup(discrete=[[[0,-1],[1,0]]])"]


@pytest.mark.parametrize("g", GROUPS)
def test_groups_round_trip_and_copy_as_themselves(g):
    G = se.group(g)
    H = pickle.loads(pickle.dumps(G))
    assert H == G and repr(H) == repr(G) and hash(H) == hash(G)
    assert copy.deepcopy(G) is G and copy.copy(G) is G
    V = se.V(H)
    assert se.equivariant_basis(V, V).dim == se.equivariant_basis(se.V(G), se.V(G)).dim


def test_large_catalogue_groups_keep_their_identity():
    G = se.S(10 ** 6)                       # generators never built: rebuilt from the name
    assert pickle.loads(pickle.dumps(G)) == G


def test_reps_bases_and_decompositions_round_trip():
    G = se.SO(3)
    V = se.V(G)
    for r in [V, V ** 2 + se.Scalar, se.Sym(V, 2), se.irrep(G, 2), se.V(se.SU(2)).realify(),
              se.irrep(se.S(4), (3, 1)), se.irrep(se.A(5), (4, 1))]:
        r2 = pickle.loads(pickle.dumps(r))
        assert r2 == r and copy.deepcopy(r) is r
    B = se.equivariant_basis(V ** 2, V)
    B2 = pickle.loads(pickle.dumps(B))
    assert B2.content_hash() == B.content_hash() and B2.verify().complete
    D = pickle.loads(pickle.dumps(se.decompose(V ** 2)))
    assert D.dims == (1, 3, 5) and D.verify().ok


@pytest.mark.parametrize("build", [
    lambda V, G: se.nn.EquivariantLinear(V ** 2 + se.Scalar, V),
    lambda V, G: se.nn.EMLP(V ** 2 + se.Scalar, V, G, ch=8, num_layers=1),
    lambda V, G: se.nn.EquivariantLinear(V ** 5, V ** 5),            # a Schur-form layer
])
def test_layers_save_load_and_deepcopy_with_identical_outputs(build):
    G = se.SO(3)
    V = se.V(G)
    torch.manual_seed(0)
    m = build(V, G).double()
    n_in = (V ** 2 + se.Scalar).size if isinstance(m, se.nn.EMLP) or m.rep_in != V ** 5 else V.size ** 5
    x = torch.randn(3, n_in, dtype=torch.float64)
    buf = io.BytesIO()
    torch.save(m, buf)
    buf.seek(0)
    m2 = torch.load(buf, weights_only=False)
    assert torch.equal(m(x), m2(x))
    assert torch.equal(m(x), copy.deepcopy(m)(x))


def test_number_field_objects_pickle_after_their_field_converted_to_sympy():
    # SymPy caches a local closure on an AlgebraicField at its first conversion back to an
    # expression; every group, rep and layer over Q(sqrt 5) was then unpicklable, torch.save of
    # a model included.  Building the Schur layer converts (its certificate prints field elements).
    from sympy import sqrt
    from symequiv.linalg import number_field
    K = number_field([sqrt(5)])
    K.to_sympy(K.convert(sqrt(5)))
    assert "_converter" in vars(K)                     # the cache is really there
    R = se.Regular(se.Icosahedral())
    torch.manual_seed(0)
    layer = se.nn.EquivariantLinear(R, R, schur=True).double()
    assert pickle.loads(pickle.dumps(K)) == K
    assert pickle.loads(pickle.dumps(se.Icosahedral())) == se.Icosahedral()
    assert pickle.loads(pickle.dumps(R)) == R
    buf = io.BytesIO()
    torch.save(layer, buf)
    buf.seek(0)
    back = torch.load(buf, weights_only=False)
    x = torch.randn(3, 60, dtype=torch.float64)
    assert torch.equal(back(x), layer(x))


def test_an_explicit_rep_pickled_without_perms_becomes_a_permutation_rep():
    # review: reps pickled before permutation images were detected come back with no perms;
    # equal to a freshly built rep, they must take the same road (results keyed by the key)
    import pickle
    from symequiv.reps.explicit import ExplicitRep
    R = se.Regular(se.S(3))
    old = ExplicitRep(se.S(3), list(R.generator_images[0]), [], "U")
    object.__setattr__(old, "_perms", None)          # the state an older version pickled
    back = pickle.loads(pickle.dumps(old))
    assert back.is_permutation and back == old
    assert se.equivariant_basis(back, back, cache=False).is_orbit_basis
