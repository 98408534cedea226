"""An equivariant MLP (Finzi, Welling, Wilson, ICML 2021) on exact bases, and the coupling
graph that shows which input blocks can influence which outputs.

Design principle (seed 001): by Schur's lemma a *linear* equivariant layer never maps one
type of summand (e.g. scalars) to a non-isomorphic one (vectors), so a network of linear
layers alone processes each type separately.  Types mix only through nonlinear equivariant
maps: gates (scalars scale vectors), bilinear layers (vector ⊗ vector → scalar, ...), or
tensor-product features.  ``coupling_graph`` makes this visible.

>>> import torch, symequiv as se
>>> G = se.SO(3)
>>> model = EMLP(2 * se.V(G), se.Scalar, G, ch=40, num_layers=1)
>>> model(torch.randn(4, 6)).shape
torch.Size([4, 1])
"""

import torch

from ..errors import GroupMismatchError, InvalidArgumentError
from ..reps.checks import common_group
from ..reps.core import V, Scalar
from .linear import EquivariantLinear
from .bilinear import EquivariantBilinear
from .nonlinear import GatedNonlinearity, gated, refuse_complex
from .liveness import refuse_dead

__all__ = ["uniform_rep", "EMLPBlock", "EMLP", "coupling_graph"]

#: The largest tensor rank of the "even" hidden rep when V is one-dimensional (U(1), O(1)).
_MAX_RANK_1D = 3


def _tensor(v, p, q):
    """V^p ⊗ V*^q (Scalar when p = q = 0)."""
    t = None
    for f in [v] * p + [v.T] * q:
        t = f if t is None else t * f
    return Scalar if t is None else t


def _emlp_counts(ch, d):
    """EMLP's channel allocation: tensors of each rank, filling ``ch`` greedily with blocks
    that give every rank 0..R the same size (R the largest rank with (R+1)·d^R <= ch)."""
    counts = {}
    while ch > 0:
        R = 0
        while (R + 2) * d ** (R + 1) <= ch:
            R += 1
        for r in range(R + 1):
            counts[r] = counts.get(r, 0) + d ** (R - r)
        ch -= (R + 1) * d ** R
    return [counts.get(r, 0) for r in range(max(counts) + 1)] if counts else [0]


def _binomial_split(N, r):
    """N tensors of rank r split over V^p ⊗ V*^(r-p) like a binomial(r, 1/2): whole rounds of
    C(r, p) copies, the remainder deterministically to the most likely p (EMLP draws it at
    random)."""
    from math import comb
    rounds, left = divmod(N, 2 ** r)
    counts = [rounds * comb(r, p) for p in range(r + 1)]
    order = sorted(range(r + 1), key=lambda p: (-comb(r, p), -p))
    for i in range(left):
        counts[order[i % (r + 1)]] += 1
    return counts


def uniform_rep(ch, group, allocation="even"):
    """Deterministic hidden representation of size about ``ch``.

    Parameters
    ----------
    ch : int
        Number of channels.
    group : Group
    allocation : {"even", "emlp"}
        ``"even"`` (default): tensor ranks 0..R share the channels equally (R the largest
        rank with (R+1)·d^R <= ch, and at most 3 when d = 1, where that rule gives every rank
        up to ch - 2: U(1)'s ch=64 had 60 summand types and a bilinear term of about 10⁵
        products); for a group whose V is not self-dual, the copies of rank r alternate over
        V^p ⊗ V*^(r-p).  ``"emlp"``: EMLP's ``uniform_rep`` heuristic (size
        exactly ``ch``): repeatedly add d^(R-r) tensors of each rank r <= R, R the largest
        rank that still fits, so every rank gets the same number of channels per round; rank r
        is split over V^p ⊗ V*^(r-p) binomially (the remainder, random in EMLP, goes
        deterministically to the most likely p).

    >>> import symequiv as se
    >>> print(uniform_rep(384, se.SO(3)))
    96*Scalar+32*V+10*V**2+3*V**3
    >>> print(uniform_rep(384, se.SO(3), allocation="emlp"))
    102*Scalar+34*V+11*V**2+3*V**3
    >>> print(uniform_rep(128, se.O13(), allocation="emlp"))
    48*Scalar+6*V+6*V.T+V**2+V*V.T
    """
    from ..groups.base import Group
    from .inputs import check_int
    check_int("ch", ch, 1, "uniform_rep")
    if not isinstance(group, Group):
        raise GroupMismatchError(f"uniform_rep: group must be a Group such as se.SO(3), got "
                                 f"{type(group).__name__} (se.group('SO(3)') reads a name).")
    if allocation not in ("even", "emlp"):
        raise InvalidArgumentError(f"uniform_rep: allocation must be 'even' or 'emlp', got {allocation!r}.")
    d = group.d
    v = V(group)
    if allocation == "emlp":
        rep = None
        for r, N in enumerate(_emlp_counts(ch, d)):
            if not N:
                continue
            if r == 0 or v.T == v:
                terms = [N * _tensor(v, r, 0)]
            else:
                split = _binomial_split(N, r)
                terms = [split[p] * _tensor(v, p, r - p) for p in range(r, -1, -1) if split[p]]
            for t in terms:
                rep = t if rep is None else rep + t
        return rep
    R = 0
    while (R + 2) * d ** (R + 1) <= ch and (d > 1 or R < _MAX_RANK_1D):
        R += 1
    per = ch // (R + 1)
    rep = None
    for r in range(R + 1):
        copies = max(1, per // d ** r)
        if r == 0 or v.T == v:
            term = copies * (v ** r)
        else:
            counts = [0] * (r + 1)
            for i in range(copies):
                counts[i % (r + 1)] += 1
            term = None
            for p in range(r, -1, -1):
                if counts[r - p]:
                    t = counts[r - p] * (v ** p * v.T ** (r - p))
                    term = t if term is None else term + t
        rep = term if rep is None else rep + term
    return rep


class EMLPBlock(torch.nn.Module):
    """Linear to ``gated(rep_out)``, plus a bilinear term, then the gated nonlinearity.

    >>> import symequiv as se
    >>> V = se.V(se.SO(3))
    >>> EMLPBlock(V, se.Scalar + V)(torch.randn(5, 3)).shape
    torch.Size([5, 4])
    """

    def __init__(self, rep_in, rep_out, bilinear=True, bilinear_max_block=2000):
        super().__init__()
        common_group(rep_in, rep_out, where="EMLPBlock")
        self.rep_in, self.rep_out = rep_in, rep_out
        g = gated(rep_out)
        self.linear = EquivariantLinear(rep_in, g)
        self.bilinear = None
        if bilinear:
            # the products of large tensors (V³ ⊗ V³ -> V³) are left out by design, as in
            # EMLP's bilinear layer: listed in self.bilinear.skipped, documented in EMLP
            import warnings
            from ..errors import SkippedBlocksWarning
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SkippedBlocksWarning)
                self.bilinear = EquivariantBilinear(g, g, max_block=bilinear_max_block)
        self.nonlinearity = GatedNonlinearity(rep_out)

    def forward(self, x):
        h = self.linear(x)
        if self.bilinear is not None:
            h = h + self.bilinear(h)
        return self.nonlinearity(h)


class EMLP(torch.nn.Sequential):
    """``num_layers`` EMLP blocks with hidden representation ``uniform_rep(ch, group,
    allocation)`` (or ``hidden`` if given) and a final EquivariantLinear to ``rep_out``.
    ``allocation="emlp"`` gives EMLP's own channel heuristic (the hidden sizes of EMLP's
    models; see :func:`uniform_rep`).

    Each block's bilinear term spans the products ``a ⊗ b → c`` of hidden summand types with
    ``a.size * b.size * c.size <= bilinear_max_block`` (2000: for SO(3), everything up to
    ``V ⊗ V² → V³``; ``V³ ⊗ V³ → V³`` would hold a 59049-entry basis per map), as EMLP's
    bilinear layer also uses a subset of the products; ``block.bilinear.skipped`` lists those
    left out, and a standalone :class:`EquivariantBilinear` warns about them.

    Training advice: with bilinear layers the network is a polynomial of its input of degree up
    to 2^num_layers before gating; the bilinear weights are unit-scale parameters (their scale
    is in the constant basis) so Adam at lr 3e-3 trains without gradient clipping (EMLP's
    Inertia, ch 128, 40 steps: test MSE 7.8 against 10.4 for the mean predictor, no spikes).
    Clipping the gradient norm (e.g. 1.0) remains a cheap safeguard for long runs.

    >>> import symequiv as se
    >>> G = se.S(4)
    >>> EMLP(se.V(G), se.Scalar, G, ch=16, num_layers=1)(torch.randn(2, 4)).shape
    torch.Size([2, 1])
    """

    def __init__(self, rep_in, rep_out, group, ch=384, num_layers=3, hidden=None, bilinear=True,
                 allocation="even", bilinear_max_block=2000):
        from .inputs import check_int
        check_int("num_layers", num_layers, 0, "EMLP")
        if hidden is None:
            check_int("ch", ch, 1, "EMLP")
        reps = (rep_in, rep_out) if hidden is None else (rep_in, rep_out, hidden)
        if group is None:
            raise GroupMismatchError("EMLP: group is required (the hidden reps are built from it), "
                                     "e.g. EMLP(rep_in, rep_out, se.SO(3)).")
        common_group(*reps, group=group, where="EMLP")
        refuse_complex(*reps, where="EMLP")
        given = hidden is not None
        hidden = hidden if given else uniform_rep(ch, group, allocation)
        if not given and hidden.is_complex:
            # SU(n), U(n): V is complex; the layers need real features, so the hidden tensors
            # are taken in their real form (the user's realified rep_in met a complex hidden rep),
            # summand by summand: one gate and one bilinear block per tensor, as for real groups
            # (realified as a whole, the hidden rep was one summand with one gate and no bilinear
            # products within the size limit, and the network was linear in its input)
            hidden = _realify_summands(hidden)
        layers, prev = [], rep_in
        for _ in range(num_layers):
            layers.append(EMLPBlock(prev, hidden, bilinear, bilinear_max_block))
            prev = hidden
        layers.append(EquivariantLinear(prev, rep_out))
        refuse_dead(rep_in, rep_out, hidden, layers, None if given else ch)
        super().__init__(*layers)
        self.rep_in, self.rep_out, self.hidden = rep_in, rep_out, hidden

    def __getitem__(self, idx):
        # torch.nn.Sequential rebuilds a slice with the subclass's constructor, which needs
        # the reps: a slice of the layers is a plain Sequential
        if isinstance(idx, slice):
            return torch.nn.Sequential(*list(self._modules.values())[idx])
        return super().__getitem__(idx)


def _realify_summands(rep):
    """``rep`` with each complex summand replaced by its realification (real ones kept).

    >>> import symequiv as se
    >>> str(_realify_summands(2 * se.Scalar + se.V(se.SU(2))))
    '2*Scalar+V.realify()'
    """
    out = None
    for r, m in rep.sum_terms():
        t = r.realify() if r.is_complex else r
        t = m * t if m > 1 else t
        out = t if out is None else out + t
    return out


from .coupling import coupling_graph  # noqa: E402,F401  (re-exported: se.nn.coupling_graph)
