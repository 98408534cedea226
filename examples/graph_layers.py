"""Equivariant layers on the nodes and edges of a graph, with the graph's automorphism group.

    python3 examples/graph_layers.py

Prints the order of Aut(graph) for a few graphs with the time taken, then the number of free
parameters of node->node, node->edge and edge->edge layers on the Petersen graph.
"""

import time

import networkx as nx
import torch

import symequiv as se
from symequiv.groups.graphs import AutomorphismGroup, edge_rep, node_rep
from symequiv.nn import EquivariantLinear

for name, graph in [("Petersen", nx.petersen_graph()),
                    ("4-cube Q4", nx.hypercube_graph(4)),
                    ("K_10", nx.complete_graph(10)),
                    ("random 3-regular, 100 nodes", nx.random_regular_graph(3, 100, seed=1)),
                    ("random 3-regular, 1000 nodes", nx.random_regular_graph(3, 1000, seed=2))]:
    t = time.perf_counter()
    G = AutomorphismGroup(graph)
    print(f"{name:30s} |Aut| = {G.order():>8}   {time.perf_counter() - t:.3f} s")

G = AutomorphismGroup(nx.petersen_graph())
V, E = node_rep(G), edge_rep(G)
print(G)
for rin, rout in ((V, V), (V, E), (E, E)):
    B = se.equivariant_basis(rin, rout)
    print(f"  {rin.size:2d} -> {rout.size:2d}: {B.dim} free weights, verified: {bool(B.verify())}")

layer = EquivariantLinear(V, E)              # node features -> edge features
x = torch.randn(8, V.size)
print("  node -> edge layer output:", tuple(layer(x).shape))
se.testing.assert_equivariant(layer, V, E)
print("  equivariant under every generator and random automorphisms: ok")
