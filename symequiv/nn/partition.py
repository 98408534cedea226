"""S_n-equivariant layers between tensor powers, applied diagram by diagram.

``PartitionLinear(n, k, l)`` maps ``(..., in_channels, n, ..., n)`` (k index axes) to
``(..., out_channels, n, ..., n)`` (l axes) as a learned combination of the partition
diagrams of the k+l positions (those with at most n blocks: a basis of Hom_{S_n}(V^k, V^l),
of the same dimension as the exact orbit basis).  Each diagram is applied as a contraction --
diagonals, sums and broadcasts, as in Maron et al. (ICLR 2019) -- so the n^{k+l} weight
matrix is never built: an order-2 -> order-2 layer at n = 200 (1.6e9 dense weights) runs on a CPU.
Sums over a free index are averaged (divided by n) to keep activations at unit scale.

The forward is factorised (:class:`FactorisedDiagrams`, shared with
:class:`~symequiv.nn.DiagramLinear`): each diagram is split into its input part (diagonals and
sums: a reduced tensor, computed once per distinct reduction) and its output part (broadcasts,
diagonal placements); channels are mixed on the reduced tensors, and diagrams with the same
output part are mixed together and placed once -- the row / column / diagonal sums and
broadcasts of a hand-written Maron-style layer, derived from the diagrams.

Layers whose diagrams are all partition diagrams (every ``PartitionLinear``; ``DiagramLinear``
of O(n), whose forms are the identity) run a :class:`DiagramProgram`: the same factorisation
planned once at construction and emitted as straight-line Python (means instead of einsum sums,
one block channel-mixing product per reduced order, the bias fused into the order-0 product,
diagonals added in place), so a call does no more tensor operations than a hand-written layer.
The parameters are unchanged (coefficients of the same diagrams, same state_dict);
``_forward_einsum`` is kept as the reference.

>>> import torch
>>> layer = PartitionLinear(6, 2, 2).double()
>>> layer.num_diagrams
15
>>> x = torch.randn(3, 1, 6, 6, dtype=torch.float64)
>>> p = torch.randperm(6)
>>> bool(torch.allclose(layer(x[..., p, :][..., p]), layer(x)[..., p, :][..., p]))
True
"""

import math
import re
import string

import torch

from ..solve.diagrams import _growth_strings
from .masters import MasterBuffers, tracing
from .tags import MeaningTag
from .inputs import check_int, check_tail, typed_forward

#: one ``.diagonal(0, d1, d2)`` of an emitted source line
_DIAG = re.compile(r"\.diagonal\(0, (-?\d+), (-?\d+)\)")

__all__ = ["PartitionLinear", "partition_diagrams", "FactorisedDiagrams", "DiagramProgram"]


def partition_diagrams(n, k, l):
    """Set partitions of the ``l`` output then ``k`` input positions with at most ``n``
    blocks, as restricted growth strings (block number of each position).

    >>> partition_diagrams(5, 1, 1)
    [(0, 0), (0, 1)]
    """
    return _growth_strings(k + l, n)


def _equation(rgs, k, l):
    """einsum equation and extra operands applying one diagram to x[..., k axes]."""
    letters = iter(string.ascii_letters)
    block_letter = {b: next(letters) for b in sorted(set(rgs))}
    out_pos, in_pos = rgs[:l], rgs[l:]
    x_sub = "".join(block_letter[b] for b in in_pos)
    operands, subs = [], [f"...{x_sub}"]
    out_sub = []
    seen = set()
    for b in out_pos:
        if b not in seen:
            seen.add(b)
            out_sub.append(block_letter[b])
            if b not in in_pos:
                subs.append(block_letter[b])
                operands.append("ones")
        else:
            fresh = next(letters)
            subs.append(block_letter[b] + fresh)
            operands.append("eye")
            out_sub.append(fresh)
    summed = len([b for b in set(in_pos) if b not in out_pos])
    return ",".join(subs) + "->..." + "".join(out_sub), operands, summed


def _split(eq, names):
    """Split one diagram's einsum ``eq`` (operand names ``names``) into an input part (x and the
    operands whose letters are all summed input letters) giving a reduced tensor ``R``, and an
    output part applied to ``R``.  Returns ``(r_eq, input operand indices, key, out_eq, output
    operand indices, order of R)``; ``key`` is the output part up to renaming of letters, so
    diagrams with equal keys can be mixed into one ``R`` and placed once."""
    lhs, rhs = eq.split("->")
    subs = lhs.split(",")
    x_sub, ops, out = subs[0][3:], subs[1:], rhs[3:]
    inp = [i for i, t in enumerate(ops) if set(t) <= set(x_sub) and not set(t) & set(out)]
    outp = [i for i in range(len(ops)) if i not in inp]
    order = out + "".join(ops[i] for i in outp)
    R = "".join(sorted({c for c in x_sub if c in order}, key=order.index))
    r_eq = "..." + x_sub + "".join("," + ops[i] for i in inp) + "->..." + R
    out_eq = "..." + R + "".join("," + ops[i] for i in outp) + "->..." + out
    ren = {}
    for c in R + "".join(ops[i] for i in outp) + out:
        ren.setdefault(c, string.ascii_letters[len(ren)])
    canon = "".join(ren.get(c, c) for c in out_eq)
    return r_eq, inp, (canon, tuple(names[i] for i in outp)), canon, outp, len(R)


def _partitions_at_most(m, n):
    """Set partitions of ``m`` points into at most ``n`` blocks: ``Σ_{j<=n} S(m, j)``.

    >>> _partitions_at_most(4, 2), _partitions_at_most(4, 4)
    (8, 15)
    """
    row = [1]                                         # Stirling numbers S(i, j), j = 0..i
    for i in range(1, m + 1):
        row = [0] + [j * (row[j] if j < len(row) else 0) + row[j - 1] for j in range(1, i + 1)]
    return sum(row[:n + 1])


class FactorisedDiagrams:
    """The factorised forward of a sum of diagrams (see the module docstring).

    ``plans`` are ``(einsum equation, operand names, summed)`` per diagram, as built by the
    layers; ``operand(name)`` returns the tensor of a name.  ``__call__(x, weight, scale,
    operand)`` computes ``Σ_d einsum_d(x, ...) / n^summed_d`` mixed by ``weight (o, c, d)``
    with the per-diagram scale ``scale (d,)`` folded into the weight.

    >>> import torch
    >>> f = FactorisedDiagrams([("...a->...a", [], 0), ("...b,a->...a", ["ones"], 1)], 1)
    >>> x, w = torch.ones(2, 1, 3), torch.ones(1, 1, 2)
    >>> f(x, w, torch.tensor([1.0, 1 / 3]), lambda name: torch.ones(3))[0, 0].tolist()
    [2.0, 2.0, 2.0]
    """

    def __init__(self, plans, out_order):
        self.out_order = out_order              # order l of the output tensor
        self.reductions = {}             # (r_eq, operand names) -> (index, operand names)
        self.groups = {}                 # key -> [(diagram, reduction index)], out_eq, names, order
        for d, (eq, names, _) in enumerate(plans):
            r_eq, inp, key, out_eq, outp, t = _split(eq, list(names))
            # keyed by the operands too: for n = 2 the trace against the metric and the
            # contraction with ε can share one equation string
            r_in = [names[i] for i in inp]
            r = self.reductions.setdefault((r_eq, tuple(r_in)), (len(self.reductions), r_in))[0]
            g = self.groups.setdefault(key, ([], out_eq, [names[i] for i in outp], t))
            g[0].append((d, r))
        # full-size identity placements first (they start the sum), then the rest
        self.order = sorted(self.groups, key=lambda k: (self._kind(k) != "identity", self._kind(k) == "broadcast",
                                                        -self.groups[k][3]))

    def _kind(self, key):
        members, out_eq, names, t = self.groups[key]
        lhs, rhs = out_eq.split("->")
        subs = lhs.split(",")
        if not names and lhs == rhs:
            return "identity"
        if names and all(nm == "ones" for nm in names):
            return "broadcast"
        if out_eq == "...a,ab->...ab" and names == ["eye"]:
            return "diagonal"                         # a vector on the diagonal
        if out_eq == "...,a,ab->...ab" and names == ["ones", "eye"]:
            return "diagonal scalar"
        if t == 0 and len(names) == 1 and subs[1] == rhs[3:]:
            return "outer"                            # a scalar times a fixed tensor
        return "einsum"

    @staticmethod
    def _mix(Wm, R, t):
        """Channel mixing ``Wm (o, c)`` of ``R (..., c, n^t)`` as one (batched) matrix product."""
        if t == 0:
            return torch.matmul(R, Wm.t())
        lead, tail = R.shape[:R.dim() - t - 1], R.shape[R.dim() - t:]
        Y = torch.matmul(Wm, R.reshape(*lead, R.shape[R.dim() - t - 1], -1))
        return Y.reshape(*lead, Wm.shape[0], *tail)

    def __call__(self, x, weight, scale, operand):
        red = [None] * len(self.reductions)
        for (r_eq, _), (i, names) in self.reductions.items():
            lhs, rhs = r_eq.split("->")
            red[i] = x if not names and lhs == rhs else torch.einsum(r_eq, x, *[operand(nm) for nm in names])
        ws = weight * scale
        y = None
        for key in self.order:
            members, out_eq, names, t = self.groups[key]
            idx = [d for d, _ in members]
            Rs = [red[r] for _, r in members]
            if len(Rs) == 1 or t == self.out_order:       # full-size: no concatenated copy
                Z = None
                for d, R in zip(idx, Rs):
                    term = self._mix(ws[:, :, d], R, t)
                    Z = term if Z is None else Z + term
            else:                                        # small reduced tensors: one product
                Wg = ws[:, :, idx].transpose(1, 2).reshape(ws.shape[0], -1)
                Z = self._mix(Wg, torch.cat(Rs, Rs[0].dim() - t - 1), t)
            kind = self._kind(key)
            if kind == "broadcast":
                lhs, rhs = out_eq.split("->")
                R_letters, out = lhs.split(",")[0][3:], rhs[3:]
                lead = Z.shape[:Z.dim() - t]
                Z = Z.reshape(list(lead) + [Z.shape[Z.dim() - t + R_letters.index(c)] if c in R_letters else 1
                                            for c in out])
            elif kind == "diagonal":
                Z = torch.diag_embed(Z)
            elif kind == "diagonal scalar":
                n = operand(names[0]).shape[0]
                Z = torch.diag_embed(Z.unsqueeze(-1).expand(*Z.shape, n))
            elif kind == "outer":
                M = operand(names[0])
                Z = Z.reshape(*Z.shape, *([1] * M.dim())) * M
            elif kind == "einsum":
                Z = torch.einsum(out_eq, Z, *[operand(nm) for nm in names])
            y = Z if y is None else y + Z
        return y

    def full(self, y, shape):
        """``y`` broadcast to the output ``shape`` (when every diagram was a broadcast)."""
        return y if tuple(y.shape) == tuple(shape) else y.expand(shape).contiguous()


def _diagonal_ops(labels):
    """Diagonals taking a tensor whose last ``len(labels)`` axes carry ``labels`` (equal labels:
    one index) to one axis per distinct label: ``(ops, order)``, ``ops`` the ``(dim1, dim2)``
    (negative) of successive ``torch.diagonal`` calls, ``order`` the labels of the result's axes."""
    labels, ops = list(labels), []
    while True:
        pair = next(((i, j) for i in range(len(labels)) for j in range(i + 1, len(labels))
                     if labels[i] == labels[j]), None)
        if pair is None:
            return ops, labels
        i, j = pair
        m = len(labels)
        ops.append((i - m, j - m))
        labels = [c for p, c in enumerate(labels) if p not in pair] + [labels[i]]


def _canon(labels):
    """``labels`` renamed 0, 1, ... in order of first appearance."""
    ren = {}
    return tuple(ren.setdefault(c, len(ren)) for c in labels)


def _pure(eq, names, is_eye, is_ones):
    """A diagram's einsum ``eq`` with operands ``names`` as a pure partition diagram: ``(input
    labels, output labels)`` after identifying the two indices of every identity operand and
    dropping all-ones operands; ``None`` when an operand is neither (a form, ε) or a closed loop
    would leave a factor."""
    lhs, rhs = eq.split("->")
    subs = lhs.split(",")
    xs, out = subs[0][3:], rhs[3:]
    parent = {}

    def find(c):
        while parent.get(c, c) != c:
            c = parent[c]
        return c
    for sub, nm in zip(subs[1:], names):
        if len(sub) == 2 and is_eye(nm):
            a, b = find(sub[0]), find(sub[1])
            if a != b:
                parent[b] = a
        elif not (len(sub) == 1 and is_ones(nm)):
            return None
    xl, ol = [find(c) for c in xs], [find(c) for c in out]
    if any(find(c) not in xl and find(c) not in ol for sub in subs[1:] for c in sub):
        return None
    return xl, ol


class DiagramProgram:
    """The forward of a sum of partition-form diagrams (diagonals and averages of the input,
    broadcasts and diagonal placements of the output), compiled once at construction.

    The reduced tensors (diagonals, means over the summed indices -- each derived from the
    smallest already reduced tensor that contains it, as a hand-written layer computes a total
    from the row sums) of equal order are concatenated along the channels and mixed by ONE
    matrix product with a block weight: its rows are the output "slots" (an output diagonal
    pattern and the axes the reduced indices land on), its blocks the diagrams' coefficients.
    The weight (and the bias, fused into the order-0 product) is gathered from the parameters
    with one precomputed index.  Slots of one output pattern are summed smallest first with
    broadcasting; coarser patterns (output diagonals) are added in place to diagonal views of
    the result.  Channel mixing commutes with index permutations, so a transposed input is
    mixed with the untransposed one and the product transposed (a view).

    ``compile`` returns ``None`` when a diagram is not of partition form (a non-identity form,
    ε) or a diagram's scale is not the average over its summed indices; the layers then use
    :class:`FactorisedDiagrams`.

    >>> import torch
    >>> p = DiagramProgram.compile([("...a->...a", [], 0), ("...b,a->...a", ["ones"], 1)], 1, 1, 3,
    ...                            [1.0, 1 / 3], 1, 1, lambda nm: False, lambda nm: nm == "ones")
    >>> x, w = torch.ones(2, 1, 3), torch.ones(1, 1, 2)
    >>> p(x, w, None, p.index)[0, 0].tolist()
    [2.0, 2.0, 2.0]
    """

    @classmethod
    def compile(cls, plans, k, l, n, scale, cin, cout, is_eye, is_ones, bias_plans=None):
        pure = [_pure(eq, names, is_eye, is_ones) for eq, names, _ in plans]
        bias_pure = [_pure(eq, names, is_eye, is_ones) for eq, names, _ in (bias_plans or [])]
        if any(p is None for p in pure + bias_pure):
            return None
        for (xl, ol), s in zip(pure, scale):
            summed = len(set(xl) - set(ol))
            if abs(s * float(n) ** summed - 1) > 1e-12:
                return None
        return cls(pure, k, l, n, cin, cout, bias_pure if bias_plans is not None else None)

    def __init__(self, pure, k, l, n, cin, cout, bias_pure):
        self.k, self.l, self.n, self.cin, self.cout = k, l, n, cin, cout
        D = len(pure)
        bases, slots = {}, {}                        # (pattern, kept) / (π, σ) -> list of diagrams
        diag_info = []
        for d, (xl, ol) in enumerate(pure):
            ren = {}
            for c in xl:
                ren.setdefault(c, len(ren))
            P = tuple(ren[c] for c in xl)
            kept = tuple(sorted({ren[c] for c in xl if c in ol}))
            bases.setdefault((P, kept), []).append(d)
            diag_info.append((P, kept, ren, ol))
        # how each base is computed: from x (diagonals, then means) or from a larger base
        self.base_order, self.base_axes, base_steps = [], {}, {}
        for key in sorted(bases, key=lambda b: (b[0], -len(b[1]), b[1])):
            P, kept = key
            parents = [b for b in self.base_order if b[0] == P and set(kept) < set(b[1])]
            if parents:
                par = min(parents, key=lambda b: len(b[1]))
                src_axes = self.base_axes[par]
                diag = []
            else:
                par = None
                diag, src_axes = _diagonal_ops(P)
            m = len(src_axes)
            mean = tuple(i - m for i, c in enumerate(src_axes) if c not in kept)
            self.base_axes[key] = [c for c in src_axes if c in kept]
            self.base_order.append(key)
            base_steps[key] = (par, diag, mean)
        self.base_steps = [(base_steps[b][0] and self.base_order.index(base_steps[b][0]),
                            base_steps[b][1], base_steps[b][2], None) for b in self.base_order]
        # output patterns π and their axis orders (as diagonal views of the output)
        pis = {}

        def pi_of(ol):
            pat = _canon(ol)
            if pat not in pis:
                pis[pat] = _diagonal_ops(pat)
            return pat
        d_slot, d_base = {}, {}
        for d, (P, kept, ren, ol) in enumerate(diag_info):
            pat = pi_of(ol)
            oren = {}
            for c in ol:
                oren.setdefault(c, len(oren))
            inv = {v: c for c, v in ren.items()}
            order = pis[pat][1]
            sigma = tuple(order.index(oren[inv[a]]) for a in self.base_axes[(P, kept)])
            key = (P, kept)
            if list(sigma) != sorted(sigma):
                # the reduced tensor with its axes permuted (a copy in the product), so that
                # every diagram of one output pattern lands in one slot: one product, no sum
                perm = tuple(sorted(range(len(sigma)), key=lambda a: sigma[a]))
                par, key = self.base_order.index(key), (P, kept, perm)
                if key not in self.base_order:
                    self.base_order.append(key)
                    self.base_steps.append((par, [], (), perm))
                sigma = tuple(sorted(sigma))
            slots.setdefault((pat, sigma), []).append(d)
            d_slot[d] = (pat, sigma)
            d_base[d] = key
        bias_slot = {}
        if bias_pure is not None:
            for j, (_, ol) in enumerate(bias_pure):
                pat = pi_of(ol)
                slots.setdefault((pat, ()), [])
                bias_slot[(pat, ())] = j
        # one block product per order t: rows (slot, out channel), columns (base, in channel)
        P_bias = len(bias_pure) if bias_pure is not None else 0
        wsize = cout * cin * D
        pad = wsize + cout * P_bias                         # index of an appended zero
        self.orders = []
        used = set(d_base.values())
        for t in sorted({len(s[1]) for s in slots} | {len(b[1]) for b in used}, reverse=True):
            tb = [b for b in self.base_order if len(b[1]) == t and b in used]
            ts = sorted((s for s in slots if len(s[1]) == t), key=lambda s: (s[0], s[1]))
            if not ts:
                continue
            W = [[pad] * (len(tb) * cin) for _ in range(len(ts) * cout)]
            single = None
            for si, s in enumerate(ts):
                for d in slots[s]:
                    bi = tb.index(d_base[d])
                    single = d
                    for i in range(cout):
                        for j in range(cin):
                            W[si * cout + i][bi * cin + j] = i * cin * D + j * D + d
            if not (len(ts) == 1 and len(tb) == 1 and single is not None):
                single = None                               # a gathered block, not one diagram
            bias = None
            if t == 0 and bias_slot:
                bias = [wsize + i * P_bias + bias_slot[s] if s in bias_slot else pad
                        for s in ts for i in range(cout)]
            self.orders.append((t, [self.base_order.index(b) for b in tb], ts, single,
                                [e for row in W for e in row], bias))
        # per output pattern: contributions (order position, slot position, view recipe),
        # smallest first, and whether each addition may be in place
        full = _canon(range(l))
        self.pis = []
        for pat in [full] + sorted((p for p in pis if p != full), key=lambda p: (-len(set(p)), p)):
            ops, axes = pis.get(pat, _diagonal_ops(pat))
            p = len(axes)
            contrib = []
            for oi, (t, _, ts, _, _, _) in enumerate(self.orders):
                for si, (sp, sigma) in enumerate(ts):
                    if sp != pat:
                        continue
                    perm = sorted(range(t), key=lambda a: sigma[a])
                    present = set(sigma)
                    shape = tuple(n if a in present else 1 for a in range(p))
                    contrib.append((len(present), oi, si, perm if perm != list(range(t)) else None, shape,
                                    frozenset(present)))
            contrib.sort(key=lambda c: c[0])
            steps, have, fresh = [], frozenset(), False
            for _, oi, si, perm, shape, present in contrib:
                if not steps:
                    mode = "first"
                elif fresh and present <= have:
                    mode = "iadd"
                else:
                    mode = "add"
                    fresh = True
                have |= present
                steps.append((mode, oi, si, perm, shape))
            self.pis.append((pat, ops, steps, len(have) == p, fresh))
        self._generate(wsize, pad, P_bias)

    def _generate(self, wsize, pad, P_bias):
        """Straight-line Python source of the forward (no interpretation per call)."""
        k, l, n, cin, cout = self.k, self.l, self.n, self.cin, self.cout
        L = ["def forward(x, weight, bias, index):",
             f"    lead = x.shape[:x.dim() - {k + 1}]"]
        self._diag_lines = []            # (line, diagonal ops) of the in-place diagonal updates
        for i, (par, diag, mean, perm) in enumerate(self.base_steps):
            e = "x" if par is None else f"r{par}"
            if perm is not None:
                t = len(perm)
                e += f".movedim({tuple(a - t for a in perm)}, {tuple(range(-t, 0))})"
            for d1, d2 in diag:
                e += f".diagonal(0, {d1}, {d2})"
            if mean:
                e += f".mean({mean if len(mean) > 1 else mean[0]})"
            L.append(f"    r{i} = {e}")
        # weights: one diagram's block is a view of the weight; the others one gather
        index, sizes, gathered = [], [], []
        for oi, (t, bi, ts, single, Widx, bias) in enumerate(self.orders):
            if single is None and bi:
                gathered.append((f"w{oi}", (len(ts) * cout, len(bi) * cin)))
                index += Widx
                sizes.append(len(Widx))
            if bias is not None:
                if len(ts) == 1:
                    L.append(f"    b{oi} = bias[:, {bias[0] - wsize}]" if bias[0] != pad else f"    b{oi} = None")
                else:
                    gathered.append((f"b{oi}", None))
                    index += bias
                    sizes.append(len(bias))
        self.index = torch.tensor(index, dtype=torch.long)
        if gathered:
            parts = ["weight.reshape(-1)"]
            if any(wsize <= e < pad for e in index):
                parts.append("bias.reshape(-1)")
            if pad in index:
                parts.append("weight.new_zeros(1)")
            flat = parts[0] if len(parts) == 1 else f"torch.cat(({', '.join(parts)}))"
            g = f"{flat}.index_select(0, index)"
            if len(gathered) == 1:
                L.append(f"    g = ({g},)")
            else:
                L.append(f"    g = {g}.split({tuple(sizes)})")
            for j, (name, shape) in enumerate(gathered):
                L.append(f"    {name} = g[{j}]" + (f".view{shape}" if shape else ""))
        for oi, (t, bi, ts, single, Widx, bias) in enumerate(self.orders):
            S = len(ts)
            if single is not None:
                L.append(f"    w{oi} = weight[:, :, {single}]")
            b = f"b{oi}" if bias is not None else None
            if not bi:
                L.append(f"    u{oi} = b{oi}.expand(*lead, {S * cout})" if b else
                         f"    u{oi} = weight.new_zeros(*lead, {S * cout})")
            else:
                R = f"r{bi[0]}" if len(bi) == 1 else f"torch.cat(({', '.join(f'r{i}' for i in bi)},), {-t - 1})"
                if t == 0:
                    L.append(f"    R = {R}")
                    if b:
                        L.append(f"    u{oi} = torch.addmm({b}, R, w{oi}.t()) if R.dim() == 2 and {b} is not None "
                                 f"else torch.matmul(R, w{oi}.t()) + ({b} if {b} is not None else 0)")
                    else:
                        L.append(f"    u{oi} = torch.matmul(R, w{oi}.t())")
                else:
                    if t > 1:
                        R = f"{R}.flatten({-t})"
                    L.append(f"    u{oi} = torch.matmul(w{oi}, {R})")
            if S > 1:
                L.append(f"    u{oi} = u{oi}.unflatten({-2 if t else -1}, ({S}, {cout})).unbind({-3 if t else -2})")
            else:
                L.append(f"    u{oi} = (u{oi},)")
        ys = None
        for pi_i, (pat, ops, steps, complete, fresh) in enumerate(self.pis):
            acc = None
            for mode, oi, si, perm, shape in steps:
                t = self.orders[oi][0]
                Z = f"u{oi}[{si}]"
                if perm is not None:
                    m = f"(*lead, {cout}, {', '.join([str(n)] * t)})"
                    Z = f"{Z}.view{m}.movedim({tuple(a - t for a in perm)}, {tuple(range(-t, 0))})"
                    if shape != (n,) * t:
                        Z = f"{Z}.reshape(*lead, {cout}, {', '.join(map(str, shape))})"
                elif not (len(shape) == t and t <= 1):
                    Z = f"{Z}.view(*lead, {cout}{''.join(f', {s}' for s in shape)})"
                if mode == "first":
                    L.append(f"    a = {Z}")
                elif mode == "iadd":
                    L.append(f"    a.add_({Z})")
                else:
                    L.append(f"    a = a + {Z}")
                acc = True
            if ys is None:
                fullshape = f"(*lead, {cout}{''.join(f', {n}' for _ in range(l))})"
                if acc is None:
                    L.append(f"    y = x.new_zeros({fullshape})")
                elif not complete:
                    L.append(f"    y = a.expand({fullshape}).contiguous()")
                elif not fresh and any(s for _, _, s, _, _ in self.pis[1:]) and not (
                        len(steps) == 1 and len(self.orders[steps[0][1]][2]) == 1 and self.orders[steps[0][1]][1]):
                    # the output is updated in place below: copy a shared view (a matrix product's
                    # sole output is the layer's own, and is updated in place)
                    L.append("    y = a.clone()")
                else:
                    L.append("    y = a")
                ys = True
                continue
            if acc is None:
                continue
            self._diag_lines.append((len(L), tuple(ops)))
            L.append("    y" + "".join(f".diagonal(0, {d1}, {d2})" for d1, d2 in ops) + ".add_(a)")
        L.append("    return y")
        self.source = "\n".join(L) + "\n"
        self._compile()

    def _functional_source(self):
        """The same forward without in-place updates of views, for torch.compile / torch.export
        (the ONNX exporter's decompositions reject a mutated diagonal view, and turn
        ``diagonal_scatter`` into one): each ``y.diagonal(...)...add_(a)`` becomes
        ``y = y + diag_embed(...(a))``, which places ``a`` on the same diagonal of a new tensor."""
        lines = self.source.splitlines()
        for i, ops in self._diag_lines:
            t = "a.expand_as(y" + "".join(f".diagonal(0, {d1}, {d2})" for d1, d2 in ops) + ")"
            for d1, d2 in reversed(ops):
                t = f"torch.diag_embed({t}, 0, {d1}, {d2})"
            lines[i] = f"    y = y + {t}"
        return "\n".join(lines) + "\n"

    def _compile(self):
        for name, source in (("_fn", self.source), ("_fn_traced", self._functional_source())):
            env = {"torch": torch}
            exec(compile(source, f"<DiagramProgram {self.k}->{self.l}>", "exec"), env)
            setattr(self, name, env["forward"])

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_fn", None)
        state.pop("_fn_traced", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        if "_diag_lines" not in state:            # pickled before the functional twin existed
            self._diag_lines = [(i, tuple((int(a), int(b)) for a, b in _DIAG.findall(line)))
                                for i, line in enumerate(self.source.splitlines())
                                if line.startswith("    y.diagonal(") and line.endswith(".add_(a)")]
        self._compile()

    def __call__(self, x, weight, bias, index):
        if tracing():
            return self._fn_traced(x, weight, bias, index)
        return self._fn(x, weight, bias, index)


class PartitionLinear(MeaningTag, MasterBuffers):
    """Linear S_n-equivariant map from order-k to order-l tensors with channels.

    Parameters
    ----------
    n : int
        Set size.
    k, l : int
        Input and output tensor orders.
    in_channels, out_channels : int
    bias : bool
        Adds a learned combination of the partition diagrams of the l output positions.

    >>> PartitionLinear(10, 1, 1).num_diagrams        # identity and all-ones: deep sets
    2
    """

    def __init__(self, n, k, l, in_channels=1, out_channels=1, bias=True, *, dtype=None, device=None):
        super().__init__()
        w = "PartitionLinear"
        from .inputs import check_bool, check_dtype
        bias = check_bool("bias", bias, w)
        dtype = check_dtype(dtype, w, complex_ok=False)
        self.n, self.k, self.l = check_int("n", n, 1, w), check_int("k", k, 0, w), check_int("l", l, 0, w)
        self.in_channels = check_int("in_channels", in_channels, 1, w)
        self.out_channels = check_int("out_channels", out_channels, 1, w)
        n, k, l = self.n, self.k, self.l
        from .. import limits
        count = _partitions_at_most(k + l, n)
        if count > limits.MAX_DIAGRAMS:
            limits.check(count, "MAX_DIAGRAMS",
                         f"PartitionLinear({n}, {k}, {l}) has {count:,} diagrams (set partitions of "
                         f"{k + l} points into at most {n} blocks)",
                         "Use smaller orders k and l.")
        self.diagrams = partition_diagrams(n, k, l)
        self._plans = [_equation(d, k, l) for d in self.diagrams]
        self._factorised = FactorisedDiagrams(self._plans, self.l)
        fan_in = in_channels * len(self.diagrams)
        factory = {"dtype": dtype, "device": device}
        self.weight = torch.nn.Parameter(
            torch.randn(out_channels, in_channels, len(self.diagrams), **factory) / math.sqrt(fan_in))
        # floating constants have float64 masters, re-derived on .double() / .to() (masters.py)
        eye, ones = torch.eye(n, dtype=torch.float64), torch.ones(n, dtype=torch.float64)
        self.register_master("_eye", eye, dtype)
        self.register_master("_ones", ones, dtype)
        # 1 / n^summed per diagram (sums are averages), folded into the weight
        self.register_master("_scale", torch.tensor([float(n) ** -p[2] for p in self._plans],
                                                    dtype=torch.float64), dtype)
        bias_plans = [_equation(d, 0, l) for d in partition_diagrams(n, 0, l)] if bias else None
        self._program = DiagramProgram.compile(self._plans, self.k, self.l, self.n,
                                               [float(n) ** -p[2] for p in self._plans],
                                               self.in_channels, self.out_channels,
                                               lambda nm: nm == "eye", lambda nm: nm == "ones", bias_plans)
        self.register_buffer("_index", None if self._program is None else self._program.index,
                             persistent=False)
        if bias:
            bias_diagrams = partition_diagrams(n, 0, l)
            basis = torch.stack([self._contract(torch.ones((), dtype=torch.float64), _equation(d, 0, l),
                                                eye, ones) for d in bias_diagrams])
            self.register_master("_bias_basis", basis, dtype)
            self.bias = torch.nn.Parameter(torch.zeros(out_channels, len(bias_diagrams), **factory))
        else:
            self.register_buffer("_bias_basis", None, persistent=False)
            self.register_parameter("bias", None)
        # the diagrams of orders (k, l), not n: averages make the coefficients mean the same
        # layer for every n >= k + l (smaller n have fewer diagrams, hence other shapes)
        self._register_tag(f"PartitionLinear(k={k}, l={l}, bias={bias}, diagrams={self.diagrams!r})")
        if device is not None:
            self.to(device)

    @property
    def num_diagrams(self):
        """Number of diagrams = dim Hom_{S_n}(V^k, V^l)."""
        return len(self.diagrams)

    def _contract(self, x, plan, eye=None, ones=None):
        eq, extra, summed = plan
        eye = self._eye if eye is None else eye
        ones = self._ones if ones is None else ones
        ops = [x] + [ones if e == "ones" else eye for e in extra]
        y = torch.einsum(eq, *ops)
        return y / self.n ** summed if summed else y

    def _check(self, x):
        check_tail(x, (self.in_channels,) + (self.n,) * self.k, "PartitionLinear")

    def _operand(self, name):
        return self._ones if name == "ones" else self._eye

    @typed_forward("PartitionLinear")
    def forward(self, x):
        self._check(x)
        if self._program is not None:
            return self._program(x, self.weight, self.bias, self._index)
        y = self._factorised(x, self.weight, self._scale, self._operand)
        shape = x.shape[:x.dim() - self.k - 1] + (self.out_channels,) + (self.n,) * self.l
        y = self._factorised.full(y, shape)
        if self.bias is not None:
            lead = "".join(string.ascii_uppercase[:self.l])
            y = y + torch.einsum(f"op,p{lead}->o{lead}", self.bias, self._bias_basis)
        return y

    def _forward_einsum(self, x):
        """The previous forward (one full-size einsum per diagram, stacked, then mixed); kept
        for tests and benchmarks."""
        k = self.k
        self._check(x)
        outs = [self._contract(x, plan) for plan in self._plans]   # each (..., C_in, n^l)
        y = torch.stack(outs, dim=x.dim() - k - 1)             # (..., P, C_in, n^l)
        lead = "".join(string.ascii_uppercase[:self.l])
        y = torch.einsum(f"...pc{lead},ocp->...o{lead}", y, self.weight)
        if self.bias is not None:
            y = y + torch.einsum(f"op,p{lead}->o{lead}", self.bias, self._bias_basis)
        return y

    def extra_repr(self):
        return (f"n={self.n}, order {self.k} -> {self.l}, in_channels={self.in_channels}, "
                f"out_channels={self.out_channels}, diagrams={self.num_diagrams}")
