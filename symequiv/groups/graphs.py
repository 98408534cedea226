"""Automorphism groups of graphs, found by individualisation-refinement.

``AutomorphismGroup(graph)`` takes a networkx graph and returns a permutation group on its
nodes -- point ``i`` is the ``i``-th node of ``list(graph.nodes)`` -- whose generators generate
Aut(graph) and whose order is exact.  The automorphisms are never enumerated: the search builds
a stabiliser chain (one basic orbit per base point), so the Hoffman-Singleton graph (252,000
automorphisms) takes a few dozen small searches.

How it works
------------
0. *Twins*: nodes whose transposition is an automorphism fall into classes, each a factor
   Sym(class) of the group; the search runs on the graph with one node per class, coloured by
   the class's size and edge, and its automorphisms are lifted (:mod:`.twins`).  Stars,
   complete (bipartite) graphs and trees with many leaves need no search for those.
1. *Colour refinement*: nodes start coloured by their attribute class (``node_match``) and
   self-loop colour; a colour is repeatedly split by the multiset of (edge colour, direction,
   neighbour colour) until the partition is stable.  New colours are ranks of sorted keys (the
   multiset enters through a fixed 64-bit hash), so refinement commutes with every automorphism:
   it never looks at node labels.  numpy does each round in O(edges + nodes log nodes).
2. *First path*: individualise the first node of the first non-singleton cell and refine, until
   the partition is discrete.  The individualised nodes are the base ``b_1, ..., b_k``.
3. *Stabiliser chain*, bottom level first: at level ``i`` every node ``v`` of ``b_i``'s cell that
   is not yet in the orbit of ``b_i`` (under the generators found so far, which all fix
   ``b_1..b_{i-1}``) is tried by a depth-first search over individualisations, pruned whenever a
   refinement trace differs from the first path's.  A leaf gives a permutation, which is kept
   only if it is verified to be an automorphism (every edge with its colour, direction and
   multiplicity, every self-loop, every node class).  A failed ``v`` rules out its whole orbit.
   ``|Aut| = product of the basic orbit sizes``, exact by the orbit-stabiliser theorem.

Attribute matching
------------------
``node_match(attrs_a, attrs_b)`` and ``edge_match(attrs_a, attrs_b)`` follow networkx's
isomorphism convention (for multigraphs ``edge_match`` sees the dicts ``graph[u][v]`` of all
parallel edges).  They are assumed to be equivalence relations: nodes (and node pairs joined by
edges) are split into classes greedily -- each item joins the first class whose representative
(its first member) matches it, in node order / sorted pair order -- and the classes are initial
colours and edge colours.  Every generator found is then checked with the match functions
themselves, pair by pair; a match function that is not an equivalence relation is reported
(:class:`~symequiv.errors.InvalidArgumentError`) rather than trusted.

Examples
--------
>>> import networkx as nx
>>> G = AutomorphismGroup(nx.petersen_graph())
>>> G.order(), G.degree
(120, 10)
>>> G
AutomorphismGroup(<undirected graph: 10 nodes, 15 edges, #59eb65ca8d9f>)
>>> edge_rep(G).size
15
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import budget as _budget
from .. import limits, linalg
from ..errors import (BudgetExceededError, InvalidArgumentError, InvalidGeneratorError,
                      ProblemTooLargeError)
from . import twins
from .permutation import PermGroup

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["AutomorphismGroup", "GraphAutomorphismGroup", "node_rep", "edge_rep", "edge_perm",
           "MAX_NODES", "MAX_PATH_ENTRIES",
           "DEFAULT_MAX_SECONDS"]

#: Largest number of nodes accepted.  Graphs that refinement does not split (regular ones) need
#: about one refinement per node at the first level: a random 3-regular graph takes ~1 s at 1,000
#: nodes and ~12 s at 5,000.
MAX_NODES = 20_000
#: Default wall-clock limit of one search; ``AutomorphismGroup(..., max_seconds=None)`` lifts it.
DEFAULT_MAX_SECONDS = 60.0


# --------------------------------------------------------------------------------------------
# the graph, reduced to integers
# --------------------------------------------------------------------------------------------

def _call_match(fn, name, a, b, what):
    try:
        return bool(fn(a, b))
    except Exception as e:          # the user's function: say where it failed, keep the cause
        raise InvalidArgumentError(
            f"{name} raised {type(e).__name__}: {e} (comparing {what}). It must accept two "
            f"attribute dicts and return True or False, as in networkx.algorithms.isomorphism."
        ) from e


def _classes(items, fn, name, what):
    """Greedy classes of ``items`` (a list of (label, attrs)) under ``fn``: each joins the first
    class whose representative (first member) matches it.  Returns class ids, 0, 1, ..."""
    if fn is None:
        return [0] * len(items)
    reps, out = [], []
    for label, attrs in items:
        for c, (rlabel, rattrs) in enumerate(reps):
            if _call_match(fn, name, rattrs, attrs, f"{what} {rlabel!r} and {label!r}"):
                out.append(c)
                break
        else:
            out.append(len(reps))
            reps.append((label, attrs))
    return out


class _Graph:
    """Integer form of a networkx graph: node colours, coloured edges, neighbour lists."""

    def __init__(self, graph, node_match, edge_match):
        try:
            import networkx as nx
        except ImportError:                                  # pragma: no cover
            raise InvalidArgumentError("AutomorphismGroup needs networkx: pip install networkx")
        if not isinstance(graph, nx.Graph):
            raise InvalidArgumentError(
                f"AutomorphismGroup needs a networkx graph (Graph, DiGraph, MultiGraph or "
                f"MultiDiGraph), got {type(graph).__name__}. Build one with e.g. "
                f"networkx.Graph(list_of_edges).")
        for name, fn in (("node_match", node_match), ("edge_match", edge_match)):
            if fn is not None and not callable(fn):
                raise InvalidArgumentError(
                    f"{name} must be None or a function of two attribute dicts returning a bool "
                    f"(networkx convention, e.g. networkx.algorithms.isomorphism."
                    f"categorical_node_match('color', None)), got {type(fn).__name__}.")
        nodes = list(graph.nodes)
        n = len(nodes)
        if n == 0:
            raise InvalidGeneratorError(
                "the graph has no nodes: a permutation group needs at least one point. Add nodes "
                "(graph.add_nodes_from(...)) before asking for its automorphisms.")
        if n > MAX_NODES:
            raise ProblemTooLargeError(
                f"the graph has {n:,} nodes, over the limit symequiv.groups.graphs.MAX_NODES = "
                f"{MAX_NODES:,}. If you have the time and memory, raise it: "
                f"symequiv.groups.graphs.MAX_NODES = ...")
        limits.check(n, "MAX_DEGREE", f"the automorphism group of a graph with {n:,} nodes")
        index = {u: i for i, u in enumerate(nodes)}
        self.n = n
        self.directed = bool(graph.is_directed())
        self.multigraph = bool(graph.is_multigraph())

        # node pairs joined by at least one edge, with their data (graph[u][v]): for an
        # undirected graph the pair (i, j) with i <= j, for a directed graph the arc i -> j
        pairs = {}
        for u, nbrs in graph.adj.items():
            i = index[u]
            for v, data in nbrs.items():
                j = index[v]
                if self.directed or i <= j:
                    pairs[(i, j)] = data
        keys = sorted(pairs)
        node_cls = _classes([(u, graph.nodes[u]) for u in nodes], node_match, "node_match", "nodes")
        edge_cls = _classes([((nodes[i], nodes[j]), pairs[(i, j)]) for i, j in keys], edge_match,
                            "edge_match", "the edges between")
        mult = [len(pairs[p]) if self.multigraph else 1 for p in keys]
        kinds = sorted(set(zip(mult, edge_cls)))
        kind_id = {k: c for c, k in enumerate(kinds)}
        self.pair_colour = {p: kind_id[(m, c)] for p, m, c in zip(keys, mult, edge_cls)}
        self.node_class = node_cls
        self.edge_class = dict(zip(keys, edge_cls))

        self._index([(c,) for c in node_cls])
        self.nodes = tuple(nodes)
        self.edges = tuple((index[e[0]], index[e[1]]) for e in graph.edges)
        self.num_edges = len(self.edges)
        # a stable fingerprint of the integer graph (not of the node labels, whose reprs may
        # not be stable), distinguishing graphs with equal node and edge counts
        h = hashlib.sha256(repr((n, self.directed, self.multigraph, keys, mult, node_cls,
                                 edge_cls)).encode()).hexdigest()
        self.fingerprint = h[:12]

    def _index(self, node_keys):
        """The arrays of the search from ``self.n``, ``self.directed``, ``self.pair_colour`` and
        one sortable key per node (its class; the self-loop colour is added here)."""
        n = self.n
        loop = [-1] * n
        rows = []                         # (node, neighbour, code): the neighbour lists
        for (i, j), c in self.pair_colour.items():
            if i == j:
                loop[i] = c
            elif self.directed:           # out-arc code 2c, in-arc code 2c+1
                rows += [(i, j, 2 * c), (j, i, 2 * c + 1)]
            else:
                rows += [(i, j, c), (j, i, c)]
        rows.sort()
        init_keys = [(node_keys[i], loop[i]) for i in range(n)]
        distinct = {k: r for r, k in enumerate(sorted(set(init_keys)))}
        self.initial = np.array([distinct[k] for k in init_keys], dtype=np.int64)
        arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
        self.nbr = arr[:, 1].copy()
        self.code = arr[:, 2] * n                    # code * n + colour of the neighbour
        self.ends = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(arr[:, 0], minlength=n), out=self.ends[1:])
        # every arc (both orientations of an undirected edge) as a sorted key src * n + dst
        arcs = sorted((i * n + j, c) for (i, j), c in self.pair_colour.items()) if self.directed \
            else sorted({(i * n + j, c) for (i, j), c in self.pair_colour.items()}
                        | {(j * n + i, c) for (i, j), c in self.pair_colour.items()})
        arcs = np.array(arcs, dtype=np.int64).reshape(-1, 2)
        self.arc_key, self.arc_colour = arcs[:, 0].copy(), arcs[:, 1].copy()

    def induced(self, keep, node_keys):
        """The graph induced on the nodes ``keep`` (increasing), renumbered ``0..len(keep)-1``,
        node ``keep[k]`` keyed by ``node_keys[k]`` (its self-loop colour is added)."""
        sub = object.__new__(_Graph)
        pos = {v: k for k, v in enumerate(keep)}
        sub.n, sub.directed, sub.multigraph = len(keep), self.directed, self.multigraph
        sub.pair_colour = {(pos[i], pos[j]): c for (i, j), c in self.pair_colour.items()
                           if i in pos and j in pos}
        sub._index(node_keys)
        return sub

    def is_automorphism(self, g):
        """True if the node permutation ``g`` (destination form, int array) preserves node
        classes, self-loops, and every edge with its colour, direction and multiplicity."""
        n = self.n
        if not np.array_equal(self.initial[g], self.initial):
            return False
        if not len(self.arc_key):
            return True
        src, dst = np.divmod(self.arc_key, n)
        image = g[src] * n + g[dst]
        pos = np.minimum(np.searchsorted(self.arc_key, image), len(self.arc_key) - 1)
        return bool(np.array_equal(self.arc_key[pos], image)
                    and np.array_equal(self.arc_colour[pos], self.arc_colour))


# --------------------------------------------------------------------------------------------
# refinement and search
# --------------------------------------------------------------------------------------------

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)
#: Entries (base length x nodes) of the first path's colourings kept for the search.
MAX_PATH_ENTRIES = 50_000_000


def _mix(x):
    """splitmix64 of a uint64 array (wrapping arithmetic): a fixed function of the values."""
    x = x + _M1
    x = (x ^ (x >> np.uint64(30))) * _M2
    x = (x ^ (x >> np.uint64(27))) * _M3
    return x ^ (x >> np.uint64(31))


class _Search:
    """Individualisation-refinement over one :class:`_Graph`.

    A colouring is an int64 array of dense ranks.  One refinement round gives node ``v`` the key
    ``(colour of v, H(multiset of (edge code, colour of neighbour)))`` with ``H`` a sum of
    splitmix64 values: a fixed function of colours, so refinement commutes with automorphisms
    whatever ``H``'s collisions (which could only make the partition coarser, costing time,
    never correctness: every leaf is verified).  New colours are the ranks of the sorted keys.
    """

    def __init__(self, G, max_seconds):
        self.G = G
        self.n = G.n
        self.bits = max(1, int(G.n).bit_length())
        self.start = time.monotonic()
        self.max_seconds = max_seconds
        self.deadline = None if max_seconds is None else self.start + max_seconds
        self.nodes_visited = 0
        self.level = None

    def tick(self):
        self.nodes_visited += 1
        if self.nodes_visited & 15:
            return
        _budget.checkpoint("AutomorphismGroup's search")
        if self.deadline is not None and time.monotonic() > self.deadline:
            lvl = "building the first path" if self.level is None else \
                f"at base level {self.level[0] + 1} of {self.level[1]}"
            raise BudgetExceededError(
                f"AutomorphismGroup stopped: max_seconds={self.max_seconds:g} reached after "
                f"{time.monotonic() - self.start:.2f} s, {lvl}, {self.nodes_visited:,} search "
                f"nodes visited, on a graph with {self.n:,} nodes. Pass a larger max_seconds= "
                f"(or max_seconds=None), or distinguish nodes with node_match / attributes: "
                f"graphs whose colour refinement splits little (strongly regular graphs, ...) are "
                f"the slow case.")

    def refine(self, col, target=None):
        """Equitable refinement of the colouring ``col``.  Returns ``(colouring, trace)``; with
        ``target`` (a trace), ``None`` as soon as the trace differs from it."""
        G, n, bits = self.G, self.n, self.bits
        ncol = int(col.max()) + 1
        trace = []
        high = np.uint64(64 - bits)
        low = np.uint64(bits)
        while True:
            if len(G.nbr):
                x = _mix((G.code + col[G.nbr]).astype(np.uint64))
                cs = np.zeros(len(x) + 1, dtype=np.uint64)
                np.cumsum(x, out=cs[1:])
                h = cs[G.ends[1:]] - cs[G.ends[:-1]]
            else:
                h = np.zeros(n, dtype=np.uint64)
            key = (col.astype(np.uint64) << high) | (h >> low)
            uniq, new, counts = np.unique(key, return_inverse=True, return_counts=True)
            digest = hashlib.blake2b(uniq.tobytes() + counts.tobytes(), digest_size=16).digest()
            r = len(trace)
            if target is not None and (r >= len(target) or target[r] != digest):
                return None
            trace.append(digest)
            new = new.reshape(-1).astype(np.int64)
            if len(uniq) == ncol:
                if target is not None and len(target) != len(trace):
                    return None
                return new, trace
            col, ncol = new, len(uniq)

    @staticmethod
    def individualise(col, v):
        c = col[v]
        new = col + (col > c)
        new += col == c
        new[v] = c
        return new

    @staticmethod
    def target_cell(col):
        """Colour of the first non-singleton cell, or None if ``col`` is discrete."""
        big = np.flatnonzero(np.bincount(col) > 1)
        return int(big[0]) if len(big) else None

    def first_path(self):
        col, trace = self.refine(self.G.initial.copy())
        self.cols, self.traces, self.base, self.cells = [col], [trace], [], []
        while True:
            self.tick()
            c = self.target_cell(col)
            if c is None:
                break
            if (len(self.base) + 1) * self.n > MAX_PATH_ENTRIES:
                raise ProblemTooLargeError(
                    f"AutomorphismGroup: the stabiliser chain of this {self.n:,}-node graph needs "
                    f"more than {len(self.base):,} base points ({len(self.base) * self.n:,} "
                    f"stored colours, over symequiv.groups.graphs.MAX_PATH_ENTRIES = "
                    f"{MAX_PATH_ENTRIES:,}): its group is huge (many interchangeable parts, such as "
                    f"copies of one component). Raise the limit if you have the memory, or "
                    f"split the graph into parts.")
            b = int(np.flatnonzero(col == c)[0])          # the first node of the cell
            self.base.append(b)
            self.cells.append(c)
            col, trace = self.refine(self.individualise(col, b))
            self.cols.append(col)
            self.traces.append(trace)

    def leaf(self, col):
        inv = np.empty(self.n, dtype=np.int64)
        inv[col] = np.arange(self.n)
        return inv[self.cols[-1]]

    def search(self, i, v):
        """An automorphism (int array) fixing base[:i] and mapping base[i] to v, or None."""
        k = len(self.base)
        self.tick()
        res = self.refine(self.individualise(self.cols[i], v), self.traces[i + 1])
        if res is None:
            return None
        stack, iters = [(i + 1, res[0])], []
        while stack:
            j, col = stack[-1]
            if j == k:
                stack.pop()
                g = self.leaf(col)
                if self.G.is_automorphism(g):
                    return g
                continue
            if len(iters) < len(stack):
                iters.append(iter(np.flatnonzero(col == self.cells[j]).tolist()))
            w = next(iters[-1], None)
            if w is None:
                stack.pop()
                iters.pop()
                continue
            self.tick()
            res = self.refine(self.individualise(col, w), self.traces[j + 1])
            if res is not None:
                stack.append((j + 1, res[0]))
        return None

    @staticmethod
    def orbit(x, gens):
        seen = {x}
        todo = [x]
        while todo:
            y = todo.pop()
            for g in gens:
                z = g[y]
                if z not in seen:
                    seen.add(z)
                    todo.append(z)
        return seen

    def run(self):
        """``(generators as tuples, basic orbit sizes)``; ``self.base`` is the base."""
        self.first_path()
        k = len(self.base)
        gens, sizes = [], [1] * k
        for i in reversed(range(k)):
            self.level = (i, k)
            b = self.base[i]
            orbit, failed = {b}, set()
            for v in np.flatnonzero(self.cols[i] == self.cells[i]).tolist():
                if v in orbit or v in failed:
                    continue
                g = self.search(i, v)
                if g is None:
                    failed |= self.orbit(v, gens)
                    continue
                g = tuple(g.tolist())
                # the search's invariants guarantee these; checked because the order relies on them
                if g[b] != v or any(g[x] != x for x in self.base[:i]):       # pragma: no cover
                    raise RuntimeError("AutomorphismGroup: internal error (leaf does not extend "
                                       "the base prefix); please report it.")
                gens.append(g)
                orbit = self.orbit(b, gens)
            sizes[i] = len(orbit)
        return gens, sizes


# --------------------------------------------------------------------------------------------
# the group
# --------------------------------------------------------------------------------------------

#: The description of every graph automorphism group built (or unpickled) in this process -> its
#: permutation group's text, for :func:`parseable_text_of`.
#: So is its edge representation's name (``EdgeRep(<...>)``), as a ``PermRep`` text built when
#: first needed (a callable until then).
_DESCRIBED: dict[str, Any] = {}


def parseable_text_of(text):
    """``text`` with every graph automorphism group's description replaced by its (equal)
    permutation group's text, which the string parser reads back (the group's ``repr`` stays
    its graph's description; :meth:`symequiv.Basis.to_dict` writes reps this way).

    >>> import networkx as nx
    >>> G = AutomorphismGroup(nx.path_graph(3))
    >>> parseable_text_of(f"Regular({G!r})")
    'Regular(PermutationGroup([[2,1,0]],degree=3))'
    """
    if "AutomorphismGroup(<" in text or "EdgeRep(<" in text:
        for described, generic in list(_DESCRIBED.items()):
            if described in text:
                if callable(generic):
                    generic = _DESCRIBED[described] = generic()
                text = text.replace(described, generic)
    return text


class GraphAutomorphismGroup(PermGroup):
    """The automorphism group of a graph, as a :class:`PermGroup` on its nodes.

    Built by :func:`AutomorphismGroup`.  Equality and hashing are those of every permutation
    group (its degree and generators); the repr names the graph by its node and edge counts and a
    stable fingerprint.  It keeps an immutable snapshot of the graph (node labels and edges as
    index pairs), never the networkx object.

    Attributes
    ----------
    nodes : tuple
        The node labels; point ``i`` is ``nodes[i]``.
    edges : tuple of (int, int)
        The edges in ``list(graph.edges)`` order, as node indices (``(tail, head)`` when directed).
    is_directed, is_multigraph : bool
    base : tuple of int
        The base points of the stabiliser chain.
    basic_orbit_sizes : tuple of int
        ``|orbit of base[i] under the stabiliser of base[:i]|``; their product is the order.

    >>> import networkx as nx
    >>> G = AutomorphismGroup(nx.cycle_graph(5))
    >>> G.order(), G.basic_orbit_sizes, G.nodes
    (10, (5, 2), (0, 1, 2, 3, 4))
    """

    __slots__ = ("_nodes", "_edges", "_directed", "_multigraph", "_base", "_orbit_sizes")

    def _generic_text(self):
        return f"PermutationGroup({[list(p) for p in self.perms]},degree={self.degree})".replace(" ", "")

    def __init__(self, perms, graph_data, base, sizes, repr_text):
        super().__init__(perms, graph_data.n, repr_text)
        for name, val in (("_nodes", graph_data.nodes), ("_edges", graph_data.edges),
                          ("_directed", graph_data.directed),
                          ("_multigraph", graph_data.multigraph), ("_base", tuple(base)),
                          ("_orbit_sizes", tuple(sizes))):
            object.__setattr__(self, name, val)
        order = 1
        for s in sizes:
            order *= s
        self._memo["order"] = order
        self._describe()

    def __setstate__(self, state):                # an unpickled group is known by its text too
        super().__setstate__(state)
        self._describe()

    def _describe(self):
        generic = self._generic_text()
        _DESCRIBED[self._repr] = generic
        if self._edges:
            from ..reps.explicit import perm_rep_text
            _DESCRIBED[_edge_rep_name(self)] = lambda: perm_rep_text(
                generic, [edge_perm(self, g) for g in self.perms])

    @property
    def nodes(self):
        return self._nodes

    @property
    def edges(self):
        return self._edges

    @property
    def is_directed(self):
        return self._directed

    @property
    def is_multigraph(self):
        return self._multigraph

    @property
    def base(self):
        return self._base

    @property
    def basic_orbit_sizes(self):
        return self._orbit_sizes

    def node_rep(self) -> Rep:
        """The permutation representation on the nodes: ``symequiv.V(self)``."""
        return node_rep(self)

    def edge_rep(self) -> Rep:
        """The permutation representation on the edges (see :func:`edge_rep`)."""
        return edge_rep(self)


def AutomorphismGroup(graph: Any, node_match: Callable[[Any, Any], bool] | None = None,
                      edge_match: Callable[[Any, Any], bool] | None = None,
                      max_seconds: float = DEFAULT_MAX_SECONDS) -> GraphAutomorphismGroup:
    """The automorphism group of a networkx graph, as a permutation group on its nodes.

    Parameters
    ----------
    graph : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
        Point ``i`` is the ``i``-th node of ``list(graph.nodes)``.  Directed graphs keep their
        direction; self-loops and edge multiplicities are preserved.  The graph is read once
        (a snapshot): changing it later does not change the group.
    node_match, edge_match : callable, optional
        ``f(attrs_a, attrs_b) -> bool`` as in ``networkx.algorithms.isomorphism`` (e.g.
        ``categorical_node_match('color', None)``); only automorphisms that match every node
        (edge) with its image are kept.  They must be equivalence relations (see the module
        docstring); every generator is checked with them.
    max_seconds : float or None
        Wall-clock limit of the search (an enclosing :func:`symequiv.budget.budget` also
        applies).

    Returns
    -------
    GraphAutomorphismGroup
        A :class:`~symequiv.groups.permutation.PermGroup` whose generators (destination form:
        ``p[i]`` is the image of node ``i``) generate Aut(graph); ``order()`` is exact.  When
        the group is trivial its one generator is the identity (so that every representation
        of it knows its size).

    Raises
    ------
    InvalidArgumentError
        ``graph`` is not a networkx graph, a match function is not callable, raises, or is not
        an equivalence relation.
    InvalidGeneratorError
        The graph has no nodes.
    ProblemTooLargeError
        More than ``MAX_NODES`` nodes.
    BudgetExceededError
        The search ran past ``max_seconds``.

    Examples
    --------
    >>> import networkx as nx
    >>> AutomorphismGroup(nx.complete_graph(10)).order()
    3628800
    >>> AutomorphismGroup(nx.cycle_graph(6, create_using=nx.DiGraph)).order()
    6
    >>> g = nx.path_graph(3)
    >>> nx.set_node_attributes(g, {0: 'red', 1: 'red', 2: 'blue'}, 'color')
    >>> from networkx.algorithms.isomorphism import categorical_node_match
    >>> AutomorphismGroup(g, node_match=categorical_node_match('color', None)).order()
    1
    """
    if max_seconds is not None and (isinstance(max_seconds, bool) or not isinstance(
            max_seconds, (int, float)) or not max_seconds > 0):
        raise InvalidArgumentError(f"max_seconds must be a positive number or None, got "
                                   f"{max_seconds!r}.")
    data = _Graph(graph, node_match, edge_match)
    gens, base, sizes = _automorphisms(data, max_seconds)
    if not gens:            # the identity as the one generator, so that every rep knows its size
        gens = [tuple(range(data.n))]
    if node_match is not None or edge_match is not None:
        _check_matches(graph, data, gens, node_match, edge_match)
    kind = ("directed " if data.directed else "undirected ") + ("multigraph" if data.multigraph
                                                                 else "graph")
    extra = []
    if node_match is not None:
        extra.append(f"{max(data.node_class) + 1} node classes")
    if edge_match is not None:
        extra.append(f"{len(set(data.edge_class.values()))} edge classes")
    text = (f"AutomorphismGroup(<{kind}: {data.n} nodes, {data.num_edges} edges, "
            + "".join(e + ", " for e in extra) + f"#{data.fingerprint}>)")
    return GraphAutomorphismGroup(gens, data, base, sizes, text)


def _automorphisms(data, max_seconds):
    """``(generators, base, basic orbit sizes)`` of Aut(data): the search on the graph reduced by
    its twin classes (:mod:`.twins`), lifted, plus the classes' symmetric groups."""
    classes = twins.twin_classes(data)
    if not classes:
        search = _Search(data, max_seconds)
        gens, sizes = search.run()
        return gens, search.base, sizes
    reduced, keep = twins.reduced_graph(data, classes)
    search = _Search(reduced, max_seconds)
    red_gens, red_sizes = search.run()
    gens = twins.class_generators(classes, data.n)
    for g in red_gens:
        lifted = twins.lift(g, keep, classes, data.n)
        # a lift is an automorphism by the reduction's theorem; checked, as every leaf is
        if not data.is_automorphism(np.asarray(lifted, dtype=np.int64)):  # pragma: no cover
            raise RuntimeError("AutomorphismGroup: internal error (a lifted automorphism of the "
                               "twin-reduced graph is not one of the graph); please report it.")
        gens.append(lifted)
    base, sizes = twins.chain(classes, keep, search.base, red_sizes)
    return gens, base, sizes


def _check_matches(graph, data, gens, node_match, edge_match):
    """Every generator matches every node / edge bundle with its image, by the user's own
    functions (the classes used in the search assumed they are equivalence relations)."""
    nodes = data.nodes
    for k, g in enumerate(gens):
        if node_match is not None:
            for i in range(data.n):
                a, b = nodes[i], nodes[g[i]]
                if not _call_match(node_match, "node_match", graph.nodes[a], graph.nodes[b],
                                   f"nodes {a!r} and {b!r}"):
                    raise InvalidArgumentError(
                        f"node_match is not an equivalence relation: nodes {a!r} and {b!r} are in "
                        f"one class (each matched the class's first member) but do not match "
                        f"each other (generator {k}). Use a match that is reflexive, symmetric "
                        f"and transitive, e.g. categorical_node_match or equality of a key.")
        if edge_match is not None:
            for (i, j) in data.edge_class:
                gi, gj = g[i], g[j]
                if not data.directed and gi > gj:
                    gi, gj = gj, gi
                e1 = (nodes[i], nodes[j])
                e2 = (nodes[gi], nodes[gj])
                if not _call_match(edge_match, "edge_match", graph[e1[0]][e1[1]],
                                   graph[e2[0]][e2[1]], f"the edges {e1!r} and {e2!r}"):
                    raise InvalidArgumentError(
                        f"edge_match is not an equivalence relation: the edges {e1!r} and {e2!r} "
                        f"are in one class but do not match each other (generator {k}). Use a "
                        f"match that is reflexive, symmetric and transitive.")


# --------------------------------------------------------------------------------------------
# representations
# --------------------------------------------------------------------------------------------

def _as_group(G, node_match=None, edge_match=None, where="edge_rep"):
    if isinstance(G, GraphAutomorphismGroup):
        if node_match is not None or edge_match is not None:
            raise InvalidArgumentError(
                f"{where}: node_match / edge_match apply only when a graph is passed; this group "
                f"was already built with its own.")
        return G
    try:
        import networkx as nx
    except ImportError:                                      # pragma: no cover
        nx = None
    if nx is not None and isinstance(G, nx.Graph):
        return AutomorphismGroup(G, node_match, edge_match)
    raise InvalidArgumentError(
        f"{where} needs a group from AutomorphismGroup(graph) or a networkx graph, got "
        f"{type(G).__name__}.")


def node_rep(G, node_match=None, edge_match=None):
    """The permutation representation on the nodes of a graph: ``symequiv.V(G)``.

    ``G`` is a group from :func:`AutomorphismGroup` or a networkx graph (its automorphism group
    is then built with ``node_match`` / ``edge_match``).

    >>> import networkx as nx
    >>> node_rep(nx.petersen_graph()).size
    10
    """
    from ..reps.core import V
    return V(_as_group(G, node_match, edge_match, "node_rep"))


def edge_perm(G, g):
    """The permutation of ``G.edges`` (by index, destination form) induced by the node
    permutation ``g``: see :func:`edge_rep`.

    >>> import networkx as nx
    >>> G = AutomorphismGroup(nx.path_graph(3))
    >>> G.edges, edge_perm(G, (2, 1, 0))
    (((0, 1), (1, 2)), (1, 0))
    """
    index = G._memo.get("edge_index")
    if index is None:
        index, seen = {}, {}
        for e, (i, j) in enumerate(G.edges):
            key = (i, j) if G.is_directed or i <= j else (j, i)
            r = seen.get(key, 0)
            seen[key] = r + 1
            index[key + (r,)] = e
        G._memo["edge_index"] = index
    out = []
    seen = {}
    for i, j in G.edges:
        key = (i, j) if G.is_directed or i <= j else (j, i)
        r = seen.get(key, 0)
        seen[key] = r + 1
        a, b = g[i], g[j]
        out.append(index[((a, b) if G.is_directed or a <= b else (b, a)) + (r,)])
    return tuple(out)


def _edge_rep_name(G):
    """``EdgeRep(<graph description>)``: the edge rep's name; saved as a ``PermRep`` text."""
    return "EdgeRep" + G._repr[len("AutomorphismGroup"):]


def edge_rep(G, node_match=None, edge_match=None):
    """The permutation representation of Aut(graph) on the graph's edges.

    Edges are numbered in ``list(graph.edges)`` order (``G.edges``).  An automorphism ``g``
    maps the undirected edge {u, v} to {g(u), g(v)}, and the arc u -> v to g(u) -> g(v).  For a
    directed graph this is a plain, *unsigned* permutation of the arcs (an arc never maps to a
    reversed arc, so no sign is needed or used).  In a multigraph the r-th parallel edge between
    u and v (in ``graph.edges`` order) goes to the r-th one between g(u) and g(v); attributes of
    individual parallel edges are not looked at.

    ``G`` is a group from :func:`AutomorphismGroup` or a networkx graph.

    Returns
    -------
    ExplicitRep
        A permutation representation (``rep.is_permutation``), usable in the rep algebra and in
        :func:`symequiv.equivariant_basis` with ``symequiv.V(G)``.

    >>> import networkx as nx, symequiv as se
    >>> G = AutomorphismGroup(nx.petersen_graph())
    >>> E = edge_rep(G)
    >>> E.size, se.equivariant_basis(se.V(G), E).dim
    (15, 3)
    """
    from ..reps.explicit import ExplicitRep
    G = _as_group(G, node_match, edge_match, "edge_rep")
    memo = G._memo
    if "edge_rep" not in memo:
        if not G.edges:
            raise InvalidArgumentError(f"{G!r} has no edges: there is no edge representation.")
        perms, mats = [], []
        for g in G.perms:
            p = np.asarray(edge_perm(G, g), dtype=np.int64)
            p.setflags(write=False)
            perms.append(p)
            mats.append(linalg.perm_matrix(p, G.domain))
        name = _edge_rep_name(G)
        memo["edge_rep"] = ExplicitRep(G, mats, [], name, perms=tuple(perms))
    return memo["edge_rep"]
