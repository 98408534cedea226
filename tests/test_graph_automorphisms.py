"""AutomorphismGroup(graph): orders against textbook values, an independent count by networkx's
VF2 matcher, SymPy's Schreier-Sims order of the generators, attribute matching, bad input, and
equivariant layers on nodes and edges (dimensions by Burnside's lemma over enumerated elements)."""

import math
import random

import networkx as nx
import pytest
from networkx.algorithms import isomorphism as iso
from sympy.combinatorics import Permutation, PermutationGroup as SPG

import symequiv as se
from symequiv.errors import (BudgetExceededError, InvalidArgumentError, InvalidGeneratorError,
                             ProblemTooLargeError)
from symequiv.groups import graphs
from symequiv.groups.graphs import AutomorphismGroup, edge_rep, node_rep
from symequiv.groups.permutation import PermGroup


# ---------------------------------------------------------------------------------------------
# helpers that share no code with symequiv.groups.graphs
# ---------------------------------------------------------------------------------------------

def is_automorphism(graph, g):
    """Brute check of one node permutation (destination form) on a networkx graph."""
    nodes = list(graph.nodes)
    f = {nodes[i]: nodes[g[i]] for i in range(len(nodes))}
    if graph.is_multigraph():
        return all(graph.number_of_edges(f[u], f[v]) == graph.number_of_edges(u, v)
                   for u in graph for v in graph)
    return {(f[u], f[v]) for u, v in graph.edges} | ({(f[v], f[u]) for u, v in graph.edges}
                                                     if not graph.is_directed() else set()) == \
        {(u, v) for u, v in graph.edges} | ({(v, u) for u, v in graph.edges}
                                            if not graph.is_directed() else set())


def sympy_order(G):
    return int(SPG([Permutation(list(p)) for p in G.perms]).order())


def vf2_count(graph, node_match=None, edge_match=None):
    if graph.is_multigraph():
        cls = iso.MultiDiGraphMatcher if graph.is_directed() else iso.MultiGraphMatcher
    else:
        cls = iso.DiGraphMatcher if graph.is_directed() else iso.GraphMatcher
    return sum(1 for _ in cls(graph, graph, node_match=node_match,
                              edge_match=edge_match).isomorphisms_iter())


def check(graph, expected, **kw):
    G = AutomorphismGroup(graph, **kw)
    assert isinstance(G, PermGroup)
    assert G.degree == graph.number_of_nodes()
    assert G.order() == expected
    assert sympy_order(G) == expected            # Schreier-Sims on the generators themselves
    for g in G.perms:
        assert is_automorphism(graph, g)
    return G


# ---------------------------------------------------------------------------------------------
# textbook orders
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, graph, order", [
    ("Petersen", nx.petersen_graph(), 120),
    ("Q3", nx.hypercube_graph(3), 48),
    ("Q4", nx.hypercube_graph(4), 384),
    ("Heawood", nx.heawood_graph(), 336),
    ("dodecahedral", nx.dodecahedral_graph(), 120),
    ("Paley(13)", nx.paley_graph(13).to_undirected(), 13 * 6),
    ("Moebius-Kantor", nx.moebius_kantor_graph(), 96),
    ("Hoffman-Singleton", nx.hoffman_singleton_graph(), 252000),
    ("Desargues", nx.desargues_graph(), 240),
    ("Tutte-Coxeter", nx.LCF_graph(30, [-13, -9, 7, -7, 9, 13], 5), 1440),
    ("Frucht", nx.frucht_graph(), 1),
    ("rook 4x4 = K4 x K4", nx.cartesian_product(nx.complete_graph(4), nx.complete_graph(4)), 1152),
    ("Shrikhande", nx.Graph([((a, b), ((a + da) % 4, (b + db) % 4)) for a in range(4)
                             for b in range(4) for da, db in ((1, 0), (0, 1), (1, 1))]), 192),
    ("Q6", nx.hypercube_graph(6), 2 ** 6 * 720),
    ("grid 4x5", nx.grid_2d_graph(4, 5), 4),
    ("grid 4x4", nx.grid_2d_graph(4, 4), 8),
])
def test_named_graphs(name, graph, order):
    check(graph, order)


@pytest.mark.parametrize("n", [3, 4, 5, 7, 10, 13])
def test_cycles_paths_directed_cycles(n):
    check(nx.cycle_graph(n), 2 * n)
    check(nx.path_graph(n), 2)
    check(nx.cycle_graph(n, create_using=nx.DiGraph), n)
    check(nx.path_graph(n, create_using=nx.DiGraph), 1)


@pytest.mark.parametrize("n", [1, 2, 3, 6, 10, 12])
def test_complete_empty_star(n):
    f = math.factorial(n)
    check(nx.complete_graph(n), f)
    check(nx.empty_graph(n), f)
    if n >= 2:                                   # star_graph(n): a centre and n leaves
        check(nx.star_graph(n), f)
    check(nx.complete_graph(n, create_using=nx.DiGraph), f)


def test_k10_is_fast_and_not_enumerated():
    G = AutomorphismGroup(nx.complete_graph(10))      # timed in benchmarks/families.py
    assert G.order() == 3628800 and len(G.perms) < 20


@pytest.mark.parametrize("m, n", [(1, 4), (2, 3), (3, 5), (2, 2), (4, 4), (5, 5)])
def test_complete_bipartite(m, n):
    f = math.factorial
    check(nx.complete_bipartite_graph(m, n), f(m) * f(n) * (2 if m == n else 1))


def test_disjoint_union_and_self_loops():
    # two triangles: (3!)^2 * 2; a loop on one node of a triangle breaks it to S_2
    check(nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3)), 72)
    g = nx.complete_graph(3)
    g.add_edge(0, 0)
    G = check(g, 2)
    assert all(p[0] == 0 for p in G.perms)
    g.add_edge(1, 1)
    check(g, 2)                                  # now (0 1) swaps the two looped nodes


def test_random_cubic_100_trivial_and_fast():
    g = nx.random_regular_graph(3, 100, seed=7)
    G = AutomorphismGroup(g)                          # timed in benchmarks/families.py
    assert G.order() == 1 and all(p == tuple(range(100)) for p in G.perms)
    # a relabelled copy gives the same order (the search does not look at labels)
    perm = list(range(100))
    random.Random(3).shuffle(perm)
    h = nx.relabel_nodes(g, dict(enumerate(perm)))
    assert AutomorphismGroup(h).order() == 1


def test_q4():
    assert AutomorphismGroup(nx.hypercube_graph(4)).order() == 384


# ---------------------------------------------------------------------------------------------
# an independent road: networkx's VF2 enumerates all automorphisms of small graphs
# ---------------------------------------------------------------------------------------------

def _random_graph(rng, directed, multi, loops):
    n = rng.randint(1, 7)
    g = (nx.MultiDiGraph if multi and directed else nx.MultiGraph if multi
         else nx.DiGraph if directed else nx.Graph)()
    g.add_nodes_from(rng.sample(range(100), n))       # labels not 0..n-1, in random order
    nodes = list(g.nodes)
    p = rng.choice([0.2, 0.4, 0.6, 0.8])
    for u in nodes:
        for v in nodes:
            if (u == v and not loops) or (not directed and u > v):
                continue
            if rng.random() < p:
                for _ in range(rng.choice([1, 1, 2]) if multi else 1):
                    g.add_edge(u, v)
    return g


@pytest.mark.parametrize("directed, multi, loops", [
    (False, False, False), (True, False, False), (False, False, True), (True, False, True),
    (False, True, True), (True, True, False)])
def test_against_vf2(directed, multi, loops):
    rng = random.Random(1234 + 10 * directed + 3 * multi + loops)
    for _ in range(25):
        g = _random_graph(rng, directed, multi, loops)
        check(g, vf2_count(g))


def _blown_up(rng, directed, multi, loops):
    """A random small graph whose nodes are blown up into twin classes: each node becomes 1-4
    copies, joined to each other (closed twins) or not (open twins), with the node's edges."""
    base = _random_graph(rng, directed, multi, loops)
    g = base.__class__()
    copies = {u: [(u, k) for k in range(rng.randint(1, 4))] for u in base.nodes}
    order = [c for u in base.nodes for c in copies[u]]
    rng.shuffle(order)
    g.add_nodes_from(order)
    for u in base.nodes:
        if rng.random() < 0.5:                            # closed twins: a clique of copies
            for a in copies[u]:
                for b in copies[u]:
                    if a < b:
                        g.add_edge(a, b)
                        if directed:
                            g.add_edge(b, a)
    for u, v in base.edges():
        for a in copies[u]:
            for b in copies[v]:
                g.add_edge(a, b)
    return g


@pytest.mark.parametrize("directed, multi, loops", [
    (False, False, False), (True, False, False), (False, True, True), (True, True, True)])
def test_twin_classes_against_vf2(directed, multi, loops):
    # graphs full of twins (whose symmetric groups are split off before the search): the order
    # and generators against VF2's enumeration and Schreier-Sims, the chain against SymPy's
    # stabilisers
    rng = random.Random(99 + 10 * directed + 3 * multi + loops)
    for _ in range(24):
        g = _blown_up(rng, directed, multi, loops)
        if g.number_of_nodes() > 9:
            continue
        G = check(g, vf2_count(g))
        H = SPG([Permutation(list(p)) for p in G.perms])
        for b, s in zip(G.base, G.basic_orbit_sizes):
            assert len(H.orbit(b)) == s
            H = H.stabilizer(b)
        assert H.order() == 1


def test_twins_with_attributes_against_vf2():
    # twins must also agree on node and edge attributes
    g = nx.star_graph(5)
    nx.set_node_attributes(g, {1: "a", 2: "a", 3: "b", 4: "b", 5: "b"}, "c")
    nx.set_edge_attributes(g, {(0, 4): 1}, "w")
    nm, em = iso.categorical_node_match("c", None), iso.categorical_edge_match("w", 0)
    check(g, vf2_count(g, nm, em), node_match=nm, edge_match=em)      # 2! * 2!


def test_huge_twin_classes_are_fast():
    # S(2000) on an empty graph and a star with 1500 leaves: the search had to find one
    # generator per point (about a minute each); split off as twin classes they take
    # milliseconds, well inside a one-second limit
    for g, n in ((nx.empty_graph(2000), 2000), (nx.star_graph(1500), 1500),
                 (nx.complete_bipartite_graph(300, 300), None)):
        G = AutomorphismGroup(g, max_seconds=1.0)
        expected = math.factorial(300) ** 2 * 2 if n is None else math.factorial(n)
        assert G.order() == expected and len(G.perms) <= 5
        assert math.prod(G.basic_orbit_sizes) == expected


def test_symmetric_products_against_vf2():
    # larger, symmetric graphs in shuffled node order: products and unions of small pieces
    import itertools
    rng = random.Random(7)
    pieces = [nx.cycle_graph(4), nx.path_graph(3), nx.complete_graph(3), nx.star_graph(3),
              nx.cycle_graph(5), nx.path_graph(2)]
    for op in (nx.cartesian_product, nx.disjoint_union):
        for a, b in itertools.combinations(pieces, 2):
            g = nx.convert_node_labels_to_integers(op(a, b))
            order = list(g.nodes)
            rng.shuffle(order)
            h = nx.Graph()
            h.add_nodes_from(order)
            h.add_edges_from(g.edges)
            check(h, vf2_count(h))


def test_attributes_against_vf2():
    rng = random.Random(99)
    nm = iso.categorical_node_match("color", None)
    em = iso.categorical_edge_match("w", None)
    for _ in range(25):
        g = _random_graph(rng, rng.random() < 0.5, False, True)
        for u in g:
            g.nodes[u]["color"] = rng.choice("rb")
        for e in g.edges:
            g.edges[e]["w"] = rng.choice([1, 2])
        check(g, vf2_count(g, node_match=nm), node_match=nm)
        check(g, vf2_count(g, edge_match=em), edge_match=em)
        check(g, vf2_count(g, node_match=nm, edge_match=em), node_match=nm, edge_match=em)


def test_multigraph_edge_match_sees_all_parallel_edges():
    g = nx.MultiGraph()
    g.add_edges_from([(0, 1, {"w": 1}), (0, 1, {"w": 2}), (1, 2, {"w": 1}), (1, 2, {"w": 1})])
    assert AutomorphismGroup(g).order() == 2
    em = iso.categorical_multiedge_match("w", None)
    assert AutomorphismGroup(g, edge_match=em).order() == vf2_count(g, edge_match=em) == 1


def test_colours_reduce_the_order():
    g = nx.petersen_graph()
    nm = iso.categorical_node_match("color", None)
    nx.set_node_attributes(g, "grey", "color")
    assert AutomorphismGroup(g, node_match=nm).order() == 120
    g.nodes[0]["color"] = "red"                      # the stabiliser of a vertex: 120 / 10
    G = AutomorphismGroup(g, node_match=nm)
    assert G.order() == 12 and all(p[0] == 0 for p in G.perms)
    g.nodes[1]["color"] = "red"                      # an edge's two ends: set-wise stabiliser
    assert AutomorphismGroup(g, node_match=nm).order() == 120 // 15 == vf2_count(g, nm)
    assert "2 node classes" in repr(AutomorphismGroup(g, node_match=nm))


def test_edge_colours_on_a_cycle():
    g = nx.cycle_graph(6)
    for i in range(6):
        g.edges[i, (i + 1) % 6]["w"] = i % 2         # alternating colours: dihedral of order 6
    em = iso.categorical_edge_match("w", None)
    assert AutomorphismGroup(g, edge_match=em).order() == 6 == vf2_count(g, edge_match=em)


# ---------------------------------------------------------------------------------------------
# the group object
# ---------------------------------------------------------------------------------------------

def test_repr_attributes_determinism():
    g = nx.petersen_graph()
    G = AutomorphismGroup(g)
    assert repr(G).startswith("AutomorphismGroup(<undirected graph: 10 nodes, 15 edges, #")
    assert G == AutomorphismGroup(nx.petersen_graph()) and hash(G) == hash(AutomorphismGroup(g))
    assert G.nodes == tuple(range(10)) and len(G.edges) == 15
    assert math.prod(G.basic_orbit_sizes) == 120 and len(G.base) == len(G.basic_orbit_sizes)
    with pytest.raises(AttributeError):
        G.foo = 1
    # different graphs with the same counts: different reprs and groups
    a = nx.Graph([(0, 1), (1, 2), (2, 3)])
    b = nx.Graph([(0, 1), (1, 2), (1, 3)])
    assert repr(AutomorphismGroup(a)) != repr(AutomorphismGroup(b))
    assert AutomorphismGroup(a) != AutomorphismGroup(b)
    # a snapshot: mutating the graph later changes nothing
    g.add_edge(0, 5)
    assert G.order() == 120 and len(G.edges) == 15


def test_output_independent_of_hash_seed():
    import subprocess
    import sys
    code = ("import networkx as nx; from symequiv.groups.graphs import AutomorphismGroup as A;"
            "g = nx.relabel_nodes(nx.heawood_graph(), {i: 'v%d' % i for i in range(14)});"
            "G = A(g); print(repr(G), G.perms, G.base)")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": s, "PATH": ""}).stdout for s in ("1", "2")}
    assert len(outs) == 1


def test_node_labels_order():
    g = nx.Graph()
    g.add_nodes_from(["c", "a", "b"])
    g.add_edge("c", "a")
    G = AutomorphismGroup(g)
    assert G.nodes == ("c", "a", "b") and G.perms == ((1, 0, 2),) and G.order() == 2


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------

def test_bad_inputs():
    with pytest.raises(InvalidArgumentError, match="networkx graph"):
        AutomorphismGroup([(0, 1)])
    with pytest.raises(InvalidGeneratorError, match="no nodes"):
        AutomorphismGroup(nx.Graph())
    with pytest.raises(InvalidArgumentError, match="node_match must be"):
        AutomorphismGroup(nx.path_graph(3), node_match="color")
    with pytest.raises(InvalidArgumentError, match="edge_match must be"):
        AutomorphismGroup(nx.path_graph(3), edge_match=3)
    with pytest.raises(InvalidArgumentError, match="max_seconds"):
        AutomorphismGroup(nx.path_graph(3), max_seconds=0)
    with pytest.raises(InvalidArgumentError, match="node_match raised KeyError"):
        AutomorphismGroup(nx.path_graph(3), node_match=lambda a, b: a["color"] == b["color"])
    with pytest.raises(InvalidArgumentError, match="no edges"):
        edge_rep(AutomorphismGroup(nx.empty_graph(3)))
    with pytest.raises(InvalidArgumentError, match="AutomorphismGroup"):
        edge_rep(se.S(3))


def test_match_not_an_equivalence_is_reported():
    g = nx.empty_graph(3)
    nx.set_node_attributes(g, {0: 1, 1: 0, 2: 2}, "x")
    with pytest.raises(InvalidArgumentError, match="not an equivalence relation"):
        AutomorphismGroup(g, node_match=lambda a, b: abs(a["x"] - b["x"]) <= 1)


def test_too_large(monkeypatch):
    monkeypatch.setattr(graphs, "MAX_NODES", 50)
    with pytest.raises(ProblemTooLargeError, match="MAX_NODES"):
        AutomorphismGroup(nx.path_graph(51))


def test_time_limit():
    # a regular graph: refinement does not split it, so hundreds of searches are needed; a tiny
    # limit stops them with a typed error that says what to do
    with pytest.raises(BudgetExceededError, match="max_seconds"):
        AutomorphismGroup(nx.random_regular_graph(3, 400, seed=1), max_seconds=1e-6)
    from symequiv.budget import budget
    with budget(max_seconds=1e-6):                  # an enclosing budget applies too
        with pytest.raises(BudgetExceededError):
            AutomorphismGroup(nx.random_regular_graph(3, 400, seed=1))


def test_base_too_long(monkeypatch):
    monkeypatch.setattr(graphs, "MAX_PATH_ENTRIES", 100)
    # ten 5-cycles: no twins (those are removed before the search), a base of about 20 points
    with pytest.raises(ProblemTooLargeError, match="MAX_PATH_ENTRIES"):
        AutomorphismGroup(nx.disjoint_union_all([nx.cycle_graph(5)] * 10))


# ---------------------------------------------------------------------------------------------
# equivariant layers on nodes and edges
# ---------------------------------------------------------------------------------------------

def _elements(G):
    return [tuple(p.array_form) for p in SPG([Permutation(list(q)) for q in G.perms]).generate()]


def _edge_action(graph, g):
    """Edge permutation induced by g, computed directly from the graph (undirected, simple)."""
    edges = [frozenset(e) for e in graph.edges]
    pos = {e: k for k, e in enumerate(edges)}
    return [pos[frozenset(g[u] for u in e)] for e in edges]


def _burnside(G, graph, which):
    total = 0
    els = _elements(G)
    for g in els:
        fv = sum(1 for i in range(len(g)) if g[i] == i)
        pe = _edge_action(graph, g)
        fe = sum(1 for k in range(len(pe)) if pe[k] == k)
        total += {"VV": fv * fv, "VE": fv * fe, "EE": fe * fe}[which]
    assert total % len(els) == 0
    return total // len(els)


@pytest.mark.parametrize("graph", [nx.petersen_graph(), nx.hypercube_graph(3)],
                         ids=["Petersen", "Q3"])
def test_equivariant_basis_dimensions(graph):
    graph = nx.convert_node_labels_to_integers(graph)
    G = AutomorphismGroup(graph)
    V, E = node_rep(G), edge_rep(G)
    assert V == se.V(G) and E.size == graph.number_of_edges() and E.is_permutation
    for rin, rout, which in ((V, V, "VV"), (V, E, "VE"), (E, E, "EE")):
        B = se.equivariant_basis(rin, rout)
        assert B.dim == _burnside(G, graph, which)
        assert B.shape == (rout.size * rin.size, B.dim)


def test_known_dimensions_petersen():
    # Petersen is distance-transitive of diameter 2: V->V has 3 orbits on pairs (equal,
    # adjacent, at distance 2); V->E has 3 (endpoint, neighbour of an endpoint, the other 4)
    G = AutomorphismGroup(nx.petersen_graph())
    assert se.equivariant_basis(se.V(G), se.V(G)).dim == 3
    assert se.equivariant_basis(se.V(G), edge_rep(G)).dim == 3


def test_edge_rep_of_a_graph_and_digraph():
    E = edge_rep(nx.cycle_graph(5))
    assert E.size == 5 and E.is_permutation
    D = nx.cycle_graph(4, create_using=nx.DiGraph)
    G = AutomorphismGroup(D)
    ED = edge_rep(G)
    # unsigned arc permutation: the rotation moves arc i->i+1 to arc i+1->i+2
    assert [list(p) for p in (ED.perm_gen(k) for k in range(len(G.perms)))] == \
        [[graphs.edge_perm(G, g)[k] for k in range(4)] for g in G.perms]
    assert se.equivariant_basis(ED, ED).dim == 4


def test_layer_equivariance_under_random_automorphisms():
    torch = pytest.importorskip("torch")
    from symequiv.nn import EquivariantLinear
    graph = nx.petersen_graph()
    G = AutomorphismGroup(graph)
    V, E = node_rep(G), edge_rep(G)
    els = _elements(G)
    rng = random.Random(5)
    torch.manual_seed(0)
    for rin, rout in ((V, V), (V, E), (E, E), (E, V)):
        layer = EquivariantLinear(rin, rout, bias=True).double()
        with torch.no_grad():
            layer.weight.normal_()
            if layer.bias is not None:
                layer.bias.normal_()
        for _ in range(5):
            g = rng.choice(els)
            pin = g if rin is V else _edge_action(graph, g)
            pout = g if rout is V else _edge_action(graph, g)
            x = torch.randn(4, rin.size, dtype=torch.float64)
            gx = torch.empty_like(x)
            gx[:, pin] = x                          # (P x)[p[i]] = x[i]
            y = layer(x)
            gy = torch.empty_like(y)
            gy[:, pout] = y
            assert torch.allclose(layer(gx), gy, atol=1e-10)
        se.testing.assert_equivariant(layer, rin, rout)


def test_twin_hash_collision_falls_back_to_the_search(monkeypatch):
    # a class whose exact check fails (as a hash collision would make it) switches the
    # reduction off; the search alone gives the same group
    from symequiv.groups import twins
    monkeypatch.setattr(twins, "_swappable", lambda G, u, v: False)
    G = check(nx.star_graph(5), 120)
    assert len(G.perms) > 2            # found by the search, not as a transposition and a cycle
