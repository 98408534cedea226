"""Twin classes of a graph: nodes that every permutation of the class maps to an automorphism.

Two nodes ``u, v`` are *twins* when the transposition ``(u v)`` is an automorphism (same node
class and self-loop, the same coloured edges to every other node, and the edge between them, if
any, the same both ways).  Twinship is an equivalence relation (``(u w) = (u v)(v w)(u v)``),
so each class ``C`` gives a factor ``Sym(C)`` of Aut(graph), and an automorphism maps classes
to classes of the same size and kind.  Hence

    Aut(graph) = (prod over classes of Sym(C)) ⋊ Aut(reduced graph),

where the reduced graph keeps one node per class, coloured by the class's size and internal
edge, and an automorphism of it lifts by sending the k-th member of a class to the k-th member
of its image.  Star graphs, complete (bipartite) graphs and the leaves of trees and molecules
are full of twins; the reduction turns S(2000) on an empty graph from a search of minutes into
a few array operations.

Finding classes: the neighbour multisets are compared through a 64-bit hash (necessary for
twinship, so no class is missed); every class found is then checked exactly, pair by pair, and
a hash collision simply switches the reduction off (the search alone is always correct).

>>> import networkx as nx
>>> from symequiv.groups.graphs import _Graph
>>> twin_classes(_Graph(nx.star_graph(4), None, None))
((1, 2, 3, 4),)
"""

from __future__ import annotations

import numpy as np

__all__ = ["twin_classes", "reduced_graph", "lift", "class_generators", "chain"]


def _mix(x):
    from .graphs import _mix as mix
    return mix(x)


def _rows(G, u):
    """Node ``u``'s neighbour list: (neighbour, raw edge code) pairs, sorted."""
    a, b = G.ends[u], G.ends[u + 1]
    return G.nbr[a:b], G.code[a:b] // G.n


def _swappable(G, u, v):
    """Exactly: is the transposition (u v) an automorphism of ``G``?"""
    if G.initial[u] != G.initial[v]:
        return False
    (nu, cu), (nv, cv) = _rows(G, u), _rows(G, v)
    if len(nu) != len(nv):
        return False
    # u's entries towards v and v's towards u become the same placeholder node n
    nu = np.where(nu == v, G.n, nu)
    nv = np.where(nv == u, G.n, nv)
    m = int(max(cu.max(initial=0), cv.max(initial=0))) + 1       # (node, code) -> one integer
    ku = np.sort(nu * m + cu)
    kv = np.sort(nv * m + cv)
    return bool(np.array_equal(ku, kv))


def twin_classes(G):
    """The twin classes of size >= 2 of the integer graph ``G`` (a ``graphs._Graph``), each an
    increasing tuple of nodes, ordered by their first node; ``()`` when there are none or when
    a hash collision is detected (then the caller searches without the reduction).

    >>> import networkx as nx
    >>> from symequiv.groups.graphs import _Graph
    >>> twin_classes(_Graph(nx.complete_graph(3), None, None))
    ((0, 1, 2),)
    >>> twin_classes(_Graph(nx.path_graph(4), None, None))
    ()
    """
    n = G.n
    src = np.repeat(np.arange(n, dtype=np.int64), np.diff(G.ends))
    raw = G.code // n
    stride = np.int64(n + 1)
    h = np.zeros(n, dtype=np.uint64)                  # a hash of each neighbour multiset
    np.add.at(h, src, _mix((raw * stride + G.nbr).astype(np.uint64)))
    init = _mix(G.initial.astype(np.uint64))
    # open twins (not adjacent) have equal neighbour multisets; closed twins joined by edges of
    # colour c have equal multisets once each adds itself with c (a directed colour c is the
    # out-code 2c and the in-code 2c + 1 together)
    nodes = [np.arange(n, dtype=np.int64)]
    keys = [h ^ init]
    if len(src):
        colour = raw // 2 if G.directed else raw
        uc = np.unique(src * (int(colour.max()) + 1) + colour)
        u, c = np.divmod(uc, int(colour.max()) + 1)
        codes = (2 * c, 2 * c + 1) if G.directed else (c,)
        closed = h[u].copy()
        for code in codes:
            closed += _mix((code * stride + u).astype(np.uint64))
        nodes.append(u)
        keys.append(closed ^ init[u] ^ _mix((c + 1).astype(np.uint64) << np.uint64(32)))
    node, key = np.concatenate(nodes), np.concatenate(keys)
    kind = np.concatenate([np.zeros(n, np.int64)] + [np.ones(len(x), np.int64) for x in nodes[1:]])
    order = np.lexsort((node, key, kind))
    same = (key[order[1:]] == key[order[:-1]]) & (kind[order[1:]] == kind[order[:-1]])
    parent = list(range(n))                           # union-find over the candidate pairs

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(node[order[:-1][same]].tolist(), node[order[1:][same]].tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(x) for x in range(n)], dtype=np.int64)
    members = np.argsort(roots, kind="stable")
    bounds = np.flatnonzero(np.diff(roots[members])) + 1
    classes = []
    for group in np.split(members, bounds):
        if len(group) > 1:
            C = tuple(group.tolist())
            if not all(_swappable(G, C[0], m) for m in C[1:]):
                return ()                             # a hash collision: no reduction
            classes.append(C)
    classes.sort()
    return tuple(classes)


def _internal_code(G, C):
    """The raw codes of the edges from ``C[0]`` to ``C[1]`` (the same for every pair)."""
    nbr, codes = _rows(G, C[0])
    return tuple(codes[nbr == C[1]].tolist())


def reduced_graph(G, classes):
    """``(reduced graph, kept nodes)``: one node per twin class (its first) and every node in no
    class, each keyed by its old class, the size of its twin class and the class's edge codes.

    >>> import networkx as nx
    >>> from symequiv.groups.graphs import _Graph
    >>> G = _Graph(nx.star_graph(4), None, None)
    >>> R, keep = reduced_graph(G, twin_classes(G))
    >>> R.n, keep
    (2, (0, 1))
    """
    extra = {C[0]: (len(C), _internal_code(G, C)) for C in classes}
    dropped = {m for C in classes for m in C[1:]}
    keep = tuple(v for v in range(G.n) if v not in dropped)
    keys = [(int(G.initial[v]),) + extra.get(v, (1, ())) for v in keep]
    return G.induced(keep, keys), keep


def lift(g, keep, classes, n):
    """The automorphism of the whole graph (a tuple, destination form) lifted from ``g``, an
    automorphism of the reduced graph on ``keep``: the k-th member of a class goes to the k-th
    member of its image class."""
    members = {C[0]: C for C in classes}
    out = list(range(n))
    for k, v in enumerate(keep):
        src = members.get(v, (v,))
        dst = members.get(keep[g[k]], (keep[g[k]],))
        for a, b in zip(src, dst):
            out[a] = b
    return tuple(out)


def class_generators(classes, n):
    """Generators of the product of the classes' symmetric groups: per class a transposition of
    its first two members and, from three members on, the cycle through all of them."""
    gens = []
    for C in classes:
        t = list(range(n))
        t[C[0]], t[C[1]] = C[1], C[0]
        gens.append(tuple(t))
        if len(C) > 2:
            c = list(range(n))
            for a, b in zip(C, C[1:] + C[:1]):
                c[a] = b
            gens.append(tuple(c))
    return gens


def chain(classes, keep, red_base, red_sizes):
    """Base and basic orbit sizes of the whole group: the reduced base's nodes first (orbit =
    reduced orbit times class size), then each class's members but its last (``s, s-1, ..., 2``,
    starting one lower where the class's first member is already a base point)."""
    size = {C[0]: len(C) for C in classes}
    base = [keep[b] for b in red_base]
    sizes = [r * size.get(keep[b], 1) for b, r in zip(red_base, red_sizes)]
    in_base = set(base)
    for C in classes:
        start = 1 if C[0] in in_base else 0
        for i in range(start, len(C) - 1):
            base.append(C[i])
            sizes.append(len(C) - i)
    return base, sizes
