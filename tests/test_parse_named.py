"""The text of reps built by named constructors parses back to an equal rep (``repr`` is the
parser's input, the contract of :mod:`symequiv.parse`), so their bases can be saved and loaded.
Equality is the structural key, computed from the matrices, not from the text."""

import networkx as nx
import pytest

import symequiv as se
from symequiv.errors import ParseError

SO3 = se.SO(3)
H = se.PermutationGroup([[1, 0, 2, 3]])

NAMED = [
    (se.SO(2), 3), (se.O(2), (0, -1)), (se.O(2), (2, -1)), (se.SO(3), 2), (se.SO(3), "1o"),
    (se.O(3), 2), (se.O(3), (1, 1)), (se.SU(2), "3/2"), (se.SU(2), 0), (se.U(1), -2),
    (se.S(4), (2, 1, 1)), (se.S(4), "[4]"), (se.A(4), (3, 1)), (se.A(4), (1, 1, 1, 1)),
    (se.A(4), ((2, 2), -1)), (se.A(5), ((3, 1, 1), 1)),
]


@pytest.mark.parametrize("G, label", NAMED, ids=[f"{G!r}-{label}" for G, label in NAMED])
def test_irrep_text_round_trip(G, label):
    R = se.irrep(G, label)
    back = se.rep(repr(R))
    assert back == R and repr(back) == repr(R)
    assert repr(R).startswith(f"irrep({G!r},")
    assert str(R) != repr(R) or "(" in str(R)          # the short name stays for display


def test_constructed_reps_round_trip():
    reps = [se.Induced(se.V(H), se.S(4)), se.Quotient(se.S(4), se.A(4)),
            se.V(SO3).restrict(se.SO2eR3()), (se.V(SO3) ** 2).restrict(se.Octahedral()),
            se.irrep(SO3, 2) * se.V(SO3) + se.Sym(se.irrep(SO3, 1), 2),
            se.V(se.Embed(se.D(4), 3, slice(0, 2)))]
    reps += [i.rep for i in se.irreps_of(se.D(4))] + [i.rep for i in se.irreps_of(se.S(3))]
    for R in reps:
        back = se.rep(repr(R))
        assert back == R and repr(back) == repr(R), repr(R)


def test_irreps_of_symmetric_group_is_irrep():
    # the S(n) entries of irreps_of are the Specht modules of irrep(S(n), λ), text included
    for info in se.irreps_of(se.S(3)):
        assert repr(info.rep) == repr(se.irrep(se.S(3), info.partition))


def test_bare_irrep_with_a_group_given():
    assert se.rep("irrep(2)+V", "SO(3)") == se.irrep(SO3, 2) + se.V(SO3)
    with pytest.raises(ParseError, match="needs a group"):
        se.rep("irrep(2)")
    with pytest.raises(ParseError, match="no irreducible labelled"):
        se.rep("irreps_of(Z(4))[d9_0]")
    with pytest.raises(ParseError):
        se.rep("irrep(SO(3),[1,2,3])")


@pytest.mark.parametrize("make", [
    lambda: (se.irrep(SO3, 2), se.V(SO3) ** 2),
    lambda: (se.Induced(se.V(H), se.S(4)), se.Quotient(se.S(4), se.A(4))),
    lambda: (se.V(SO3).restrict(se.SO2eR3()),) * 2,
    lambda: (se.V(se.AutomorphismGroup(nx.cycle_graph(5))),
             se.V(se.AutomorphismGroup(nx.cycle_graph(5))) ** 2),
    lambda: (se.irrep(se.SU(2), "1/2") * se.irrep(se.SU(2), "1/2"), se.irrep(se.SU(2), 1)),
], ids=["irrep", "induced-quotient", "restriction", "graph", "spin"])
def test_save_and_load(tmp_path, make):
    a, b = make()
    B = se.equivariant_basis(a, b)
    B.save(tmp_path / "b.json")
    L = se.Basis.load(tmp_path / "b.json")
    assert L.rep_in == a and L.rep_out == b
    assert L.dim == B.dim and L.content_hash() == B.content_hash()


def test_graph_group_keeps_its_description():
    G = se.AutomorphismGroup(nx.cycle_graph(5))
    assert repr(G).startswith("AutomorphismGroup(<undirected graph: 5 nodes")
    from symequiv.groups.graphs import parseable_text_of
    text = parseable_text_of(repr(se.V(G) + se.Scalar))
    assert repr(G).startswith("AutomorphismGroup(")         # the group keeps its description
    assert se.rep(text) == se.V(G) + se.Scalar


def test_a_parse_error_without_text_names_no_column():
    with pytest.raises(ParseError) as e:
        se.irrep(SO3, "x")
    assert "column" not in str(e.value) and "'x'" in str(e.value)
    with pytest.raises(ParseError) as e:
        se.rep("V+", "SO(3)")
    assert "(column 2)" in str(e.value)


def test_a_cached_basis_carries_the_callers_reps(tmp_path):
    # specht((2,1)) and irrep(S(3),(2,1)) are equal; the second caller gets its own reps back,
    # so the basis saves whatever was solved first
    from symequiv.reps.specht import specht
    s = specht((2, 1))
    se.equivariant_basis(s, s)
    R = se.irrep(se.S(3), (2, 1))
    B = se.equivariant_basis(R, R)
    assert B.rep_in is R and B.rep_out is R and repr(B.rep_in) == "irrep(S(3),[2,1])"
    B.save(tmp_path / "b.json")
    assert se.Basis.load(tmp_path / "b.json").rep_in == R


def test_irreps_over_an_extension_field_do_not_parse_to_other_reps():
    from sympy import exp, pi, I
    for info in se.irreps_of(se.Z(3), field=exp(2 * pi * I / 3)):
        assert "field=" in repr(info.rep)
        with pytest.raises(ParseError):
            se.rep(repr(info.rep))


def test_reps_of_a_graph_group_with_fixed_texts_save(tmp_path):
    G = se.AutomorphismGroup(nx.complete_graph(3))              # S(3) on the triangle
    H = se.AutomorphismGroup(nx.cycle_graph(4))                 # D(4) inside S(4)
    for a in (se.irrep(G, (2, 1)), se.V(se.S(4)).restrict(H), se.Quotient(se.S(3), G)):
        B = se.equivariant_basis(a, a)
        B.save(tmp_path / "b.json")
        assert se.Basis.load(tmp_path / "b.json").rep_in == a


def test_regular_and_irreps_of_a_graph_group_save(tmp_path):
    # their names hold the graph's description; they save as the reps of the equal permutation
    # group and load equal to the originals (with the dimension of the Burnside count: the
    # regular rep of D(4) has End of dimension |D(4)| = 8; D(4) on the square's corners is
    # 1 + e + d2, so d2 + V is 1 + e + 2 d2 with End of dimension 1 + 1 + 2^2)
    H = se.AutomorphismGroup(nx.cycle_graph(4))
    d2 = next(i.rep for i in se.irreps_of(H) if i.dim == 2)
    for a, dim in ((se.Regular(H), 8), (d2, 1), (d2 + se.V(H), 1 + 1 + 2 ** 2)):
        B = se.equivariant_basis(a, a)
        assert B.dim == dim
        B.save(tmp_path / "b.json")
        loaded = se.Basis.load(tmp_path / "b.json")
        assert loaded.rep_in == a and loaded.dim == dim


def test_perm_rep_parses_back_and_checks_the_relations():
    # S(3)'s generators are the 3-cycle (1,2,0) and the transposition (1,0,2)
    P = se.PermRep(se.S(3), [[1, 2, 0, 3], [1, 0, 2, 3]])      # S(3) on {0,1,2} and a fixed 3
    assert se.rep(repr(P)) == P
    assert se.equivariant_basis(P, se.Scalar).dim == 2           # two orbits: {0,1,2}, {3}
    assert se.equivariant_basis(P, P).dim == 5                   # orbits on pairs: 2 + 1 + 1 + 1
    # a matrix group's relations are checked by walking its elements: the rotation of D(4) to a
    # transposition, the reflection to the identity is a homomorphism onto Z2; a 3-cycle is not
    Q = se.PermRep(se.D(4), [[1, 0], [0, 1]])
    assert se.rep(repr(Q)) == Q and se.equivariant_basis(Q, Q).dim == 2
    for bad in ([[1, 0, 2], [0, 1, 2]],       # the 3-cycle to an involution: s^3 != 1
                [[1, 2, 0], [0, 1, 2]]):      # the transposition to 1: (st)^2 = s^2 != 1
        with pytest.raises(se.errors.RepresentationError, match="relations"):
            se.PermRep(se.S(3), bad)
    with pytest.raises(se.errors.RepresentationError, match="relations"):
        se.PermRep(se.D(4), [[1, 2, 0], [0, 1, 2]])
    for bad in ([[0.0, 1], [1, 0]], [[True, False], [0, 1]], "x"):
        with pytest.raises(se.errors.InvalidArgumentError):
            se.PermRep(se.Z(2) * se.Z(1), bad)
    with pytest.raises(se.errors.RepresentationError, match="continuous"):
        se.PermRep(se.SO(3), [])


def test_edge_reps_of_graphs_save(tmp_path):
    # node -> edge maps on the Petersen graph (dim 3: the orbits of Aut on node-edge incidence
    # pairs -- a node on the edge, a node adjacent to it, the rest) and edge -> edge on a
    # directed 5-cycle (dim 5: Z(5) acts regularly on the arcs)
    G = se.AutomorphismGroup(nx.petersen_graph())
    H = se.AutomorphismGroup(nx.cycle_graph(5, create_using=nx.DiGraph))
    for a, b, dim in ((se.V(G), G.edge_rep(), 3), (H.edge_rep(), H.edge_rep(), 5)):
        B = se.equivariant_basis(a, b)
        assert B.dim == dim
        B.save(tmp_path / "e.json")
        loaded = se.Basis.load(tmp_path / "e.json")
        assert loaded.rep_out == b and loaded.dim == dim


def test_tensor_text_reads_p_then_q():
    # "T(p,q)" is V^p ⊗ (V*)^q: for GL(3), T(1,0) is V and T(0,1) the (inequivalent) dual
    G = se.GL(3)
    assert se.rep("T(1,0)", G) == se.T(1, 0, G) == se.V(G)
    assert se.rep("T(2,1)", G) == se.T(2, 1, G) != se.T(1, 2, G)
    assert se.equivariant_basis(se.rep("T(1,0)", G), se.V(G)).dim == 1
    assert se.equivariant_basis(se.rep("T(0,1)", G), se.V(G)).dim == 0


def test_matrix_entries_with_a_binary_minus_read_back():
    # repr of a MatrixGroup whose entries print as "1 - sqrt(2)" must parse to the same group
    import sympy as sp
    s = sp.sqrt(2)
    G = se.MatrixGroup(lie_algebra=[[[0, 1 - s], [s - 1, 0]]])
    assert se.group(repr(G)) == G
    assert se.group("MatrixGroup(discrete=[[[3-4]]])") == se.MatrixGroup(discrete=[[[-1]]])
