"""Which input blocks of a model can reach which output blocks: ``coupling_graph``.

Signals are tracked per *irreducible type inside each summand copy*, not per summand: a
linear equivariant layer maps the ρ-isotypic part of a summand only to ρ-isotypic parts
(Schur's lemma), so a reducible hidden type such as ``V**2 = 1 ⊕ 3 ⊕ 5`` for SO(3) does not
create a path ``V → V**2 → Scalar`` (the composite is a linear equivariant map V → Scalar,
which is zero).  Gates multiply a copy by a function of its gate scalar (each type of the copy
keeps its type; the gate reaches all of them); bilinear layers are tracked per copy, every
type of a factor reaching every type of the product (an upper bound).  Irreducible types come
from :func:`symequiv.decompose` of each summand type, matched across summands by exact
isomorphism tests; a summand that is not completely reducible counts as one opaque type.

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> net = torch.nn.Sequential(se.nn.EquivariantLinear(se.Scalar + V, se.Scalar + V ** 2),
...                           se.nn.EquivariantLinear(se.Scalar + V ** 2, se.Scalar + V))
>>> sorted((a[2], b[2]) for a, b in coupling_graph(net).edges)
[('Scalar', 'Scalar'), ('V', 'V')]
"""

import networkx as nx
import numpy as np
import torch

from ..errors import RepresentationError
from ..reps.core import Scalar, ScalarRep
from .nonlinear import GatedNonlinearity, gated, summand_slices

__all__ = ["coupling_graph"]


class _Types:
    """Global ids of irreducible types met in one model, matched by exact isomorphism.  Entries
    of ``reps``: an irreducible piece, ``"trivial"``, or ``None`` (an opaque, reducible type)."""

    def __init__(self):
        self.reps, self.of = [], {}

    def ids(self, r):
        key = r.key()
        if key not in self.of:
            if isinstance(r, ScalarRep):
                out = (self._trivial(),)
            else:
                try:
                    from ..schur.decomposition import decompose
                    out = tuple(sorted({self._id(p) for p in decompose(r).irreps}))
                except RepresentationError:        # not completely reducible: one opaque type
                    self.reps.append(None)
                    out = (len(self.reps) - 1,)
            self.of[key] = out
        return self.of[key]

    def opaque(self, t):
        return self.reps[t] is None

    def _trivial(self):
        if "trivial" not in self.reps:
            self.reps.append("trivial")
        return self.reps.index("trivial")

    def _id(self, p):
        from ..schur.decomposition import _mats
        from ..linalg import hom_space
        mats = _mats(p)
        if p.size == 1 and _trivial(mats, len(p.generator_images[0])):
            return self._trivial()
        for i, q in enumerate(self.reps):
            if q is None or isinstance(q, str) or q.size != p.size:
                continue
            try:
                iso = bool(hom_space(mats, _mats(q), mats[0].domain, p.size, q.size))
            except Exception:                      # fields that do not combine: an opaque type,
                self.reps.append(None)             # which every linear block reaches
                return len(self.reps) - 1
            if iso:
                return i
        self.reps.append(p)
        return len(self.reps) - 1


def _trivial(mats, nd):
    """One-dimensional images: the discrete ones 1, the algebra ones 0."""
    return all(M.to_Matrix()[0, 0] == (1 if k < nd else 0) for k, M in enumerate(mats))


def _nodes(rep, types):
    """``[(copy index, type id)]`` of a rep: its summand copies refined by irreducible type."""
    out = []
    for k, (r, _, _) in enumerate(summand_slices(rep)):
        out += [(k, t) for t in types.ids(r)]
    return out


def _reach(module, types):
    """``(rep_in, rep_out, boolean matrix out_nodes x in_nodes)`` for a symequiv layer."""
    from .linear import EquivariantLinear as EL
    from .bilinear import EquivariantBilinear
    from .emlp import EMLPBlock
    if isinstance(module, EL):
        ins, outs = _nodes(module.rep_in, types), _nodes(module.rep_out, types)
        cin, cout = summand_slices(module.rep_in), summand_slices(module.rep_out)
        start_in = {a: i for i, (_, a, _) in enumerate(cin)}
        start_out = {a: i for i, (_, a, _) in enumerate(cout)}
        blocks = set()
        for p in module.expand_weight.plan.pairs:
            if p.dim:
                for o, i in zip(p.out_index[:, 0], p.in_index[:, 0]):
                    blocks.add((start_out[int(o)], start_in[int(i)]))
        M = np.zeros((len(outs), len(ins)), dtype=bool)
        for u, (cu, tu) in enumerate(outs):
            for s, (cs, ts) in enumerate(ins):
                M[u, s] = (cu, cs) in blocks and (tu == ts or types.opaque(tu) or types.opaque(ts))
        return module.rep_in, module.rep_out, M
    if isinstance(module, GatedNonlinearity):
        rep = module.rep
        outs = _nodes(rep, types)
        n_gates = module.in_size - rep.size
        ins = outs + [(len(summand_slices(rep)) + g, types.ids(Scalar)[0]) for g in range(n_gates)]
        M = np.zeros((len(outs), len(ins)), dtype=bool)
        gate, copy_gate = 0, {}
        for k, (r, _, _) in enumerate(summand_slices(rep)):
            if not isinstance(r, ScalarRep):
                copy_gate[k] = len(outs) + gate
                gate += 1
        for u, (cu, tu) in enumerate(outs):
            M[u, u] = True                                   # each type keeps its type
            if cu in copy_gate:
                M[u, copy_gate[cu]] = True                   # the gate reaches every type
        return gated(rep), rep, M
    if isinstance(module, EquivariantBilinear):
        ins, outs = _nodes(module.rep_in, types), _nodes(module.rep_out, types)
        cin, cout = summand_slices(module.rep_in), summand_slices(module.rep_out)
        M = np.zeros((len(outs), len(ins)), dtype=bool)
        tin = module._tin
        for ia, ib, t, *_ in module._triples:
            oidx = getattr(module, f"out_idx{t}")[0].item()
            out_type = [r for r, a, _ in cout if a == oidx][0]
            for u, (cu, _) in enumerate(outs):
                if cout[cu][0] == out_type:
                    for s, (cs, _) in enumerate(ins):
                        if cin[cs][0] == tin[ia] or cin[cs][0] == tin[ib]:
                            M[u, s] = True
        return module.rep_in, module.rep_out, M
    if isinstance(module, EMLPBlock):
        _, _, L = _reach(module.linear, types)
        if module.bilinear is not None:
            _, _, Bm = _reach(module.bilinear, types)
            L = (np.eye(Bm.shape[0], dtype=bool) | Bm).astype(int) @ L.astype(int) > 0
        _, _, N = _reach(module.nonlinearity, types)
        return module.rep_in, module.rep_out, (N.astype(int) @ L.astype(int)) > 0
    if isinstance(module, torch.nn.Sequential):
        parts = []
        for m in module:
            if isinstance(m, _PASS_THROUGH):
                continue
            p = _reach(m, types)
            if p is None:                  # an unknown module may couple anything: no silent gap
                raise TypeError(f"coupling_graph does not know how signals flow through "
                                f"{type(m).__name__} inside a Sequential")
            parts.append(p)
        if not parts:
            return None
        rep_in, rep_out, M = parts[0]
        for _, r_out, N in parts[1:]:
            M = (N.astype(int) @ M.astype(int)) > 0
            rep_out = r_out
        return rep_in, rep_out, M
    return None


#: Modules that leave every coordinate where it is (skipped inside a Sequential).
_PASS_THROUGH = (torch.nn.Identity, torch.nn.Dropout)


def coupling_graph(model):
    """``networkx.DiGraph`` from each input summand copy to each output summand copy it can
    influence through the model (EquivariantLinear, EquivariantBilinear, GatedNonlinearity,
    EMLPBlock, EMLP and ``torch.nn.Sequential`` of them), tracked per irreducible type inside
    each copy (see the module docstring).  Nodes are ``("in", k, type)`` and ``("out", k, type)``.

    >>> import symequiv as se
    >>> G = se.SO(3); V = se.V(G)
    >>> g = coupling_graph(se.nn.EquivariantLinear(se.Scalar + V, se.Scalar + V))
    >>> sorted((a[2], b[2]) for a, b in g.edges)
    [('Scalar', 'Scalar'), ('V', 'V')]
    """
    types = _Types()
    res = _reach(model, types)
    if res is None:
        raise TypeError(f"coupling_graph does not know how signals flow through {type(model).__name__}")
    rep_in, rep_out, M = res
    ins, outs = _nodes(rep_in, types), _nodes(rep_out, types)
    cin, cout = summand_slices(rep_in), summand_slices(rep_out)
    g = nx.DiGraph()
    for k, (r, _, _) in enumerate(cin):
        g.add_node(("in", k, str(r)))
    for k, (r, _, _) in enumerate(cout):
        g.add_node(("out", k, str(r)))
    for u, s in zip(*np.nonzero(M)):
        cu, cs = outs[u][0], ins[s][0]
        g.add_edge(("in", cs, str(cin[cs][0])), ("out", cu, str(cout[cu][0])))
    return g

