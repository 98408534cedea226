"""Equivariant nonlinearities.

* :class:`GatedNonlinearity` (EMLP): scalars pass through a pointwise function; every
  non-scalar summand copy is multiplied by ``sigmoid`` of its own gate scalar.  The input is
  ``gated(rep)`` = ``rep`` followed by one gate scalar per non-scalar copy.
* :class:`NormNonlinearity`: each summand copy ``x`` becomes ``x * σ(|x| + b)/|x|``; needs an
  orthogonal representation (|x| invariant).
* :class:`PointwiseNonlinearity`: any pointwise function, for permutation representations.

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> rep = 2 * se.Scalar + V
>>> print(gated(rep))
2*Scalar+V+Scalar
>>> GatedNonlinearity(rep)(torch.randn(4, gated(rep).size)).shape
torch.Size([4, 5])
"""

import torch

from .. import linalg
from ..errors import RepresentationError
from ..reps.core import Rep, Scalar, ScalarRep
from .inputs import check_features, typed_forward
from .tags import MeaningTag

__all__ = ["gated", "num_gates", "GatedNonlinearity", "NormNonlinearity", "PointwiseNonlinearity",
           "summand_slices"]


def summand_slices(rep):
    """``[(summand, start, stop)]`` for every written summand copy of ``rep``.

    >>> import symequiv as se
    >>> [(str(r), a, b) for r, a, b in summand_slices(se.Scalar + se.V(se.SO(3)))]
    [('Scalar', 0, 1), ('V', 1, 4)]
    """
    return rep.summands()


def num_gates(rep):
    """Number of non-scalar summand copies of ``rep``.

    >>> import symequiv as se
    >>> num_gates(3 * se.V(se.SO(3)) + se.Scalar)
    3
    """
    return sum(1 for r, _, _ in summand_slices(rep) if not isinstance(r, ScalarRep))


def gated(rep):
    """``rep`` plus one gate scalar per non-scalar summand copy (appended at the end).

    >>> import symequiv as se
    >>> print(gated(se.V(se.SO(3)) + se.Scalar))
    V+2*Scalar
    """
    _check_rep(rep, "gated")
    k = num_gates(rep)
    return rep + k * Scalar if k else rep


def _check_rep(rep, where):
    if not isinstance(rep, Rep):
        refuse_complex(rep, where=where)        # its typed error for what is not a rep


def refuse_complex(*reps, where):
    """A typed error when a layer that needs real features gets a complex rep (or something
    that is not a rep at all)."""
    for r in reps:
        if r is not None and not isinstance(r, Rep):
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(
                f"{where} needs a representation (e.g. 2*se.Scalar + se.V(G)), got "
                f"{type(r).__name__} {r!r}.")
        if r is not None and r.is_complex:
            raise RepresentationError(
                f"{where} works on real features, but {r} is a complex rep (Hom over C). Use "
                f"rep.realify() for its real form, or EquivariantLinear / BasisExpansion, which "
                f"take complex weights on complex reps.")


class GatedNonlinearity(torch.nn.Module):
    """Gated nonlinearity (Weiler et al. 2018; EMLP): input ``gated(rep)``, output ``rep``.

    >>> import symequiv as se
    >>> g = GatedNonlinearity(se.V(se.SO(3)))
    >>> g.in_size, g.out_size
    (4, 3)
    """

    def __init__(self, rep, act=torch.nn.functional.silu):
        super().__init__()
        from .inputs import check_callable
        _check_rep(rep, "GatedNonlinearity")
        act = check_callable("act", act, "GatedNonlinearity")
        refuse_complex(rep, where="GatedNonlinearity")
        self.rep, self.act = rep, act
        scal, vec, gate_of = [], [], []
        gates_start = rep.size
        g = 0
        for r, a, b in summand_slices(rep):
            if isinstance(r, ScalarRep):
                scal.extend(range(a, b))
            else:
                vec.extend(range(a, b))
                gate_of.extend([gates_start + g] * (b - a))
                g += 1
        self.register_buffer("_scal", torch.tensor(scal, dtype=torch.long), persistent=False)
        self.register_buffer("_vec", torch.tensor(vec, dtype=torch.long), persistent=False)
        self.register_buffer("_gate", torch.tensor(gate_of, dtype=torch.long), persistent=False)
        self.in_size, self.out_size = gates_start + g, rep.size

    @typed_forward("GatedNonlinearity")
    def forward(self, x):
        check_features(x, self.in_size, "GatedNonlinearity", "gated input (values and gates)")
        out = torch.empty(*x.shape[:-1], self.out_size, dtype=x.dtype, device=x.device)
        out[..., self._scal] = self.act(x[..., self._scal])
        out[..., self._vec] = x[..., self._vec] * torch.sigmoid(x[..., self._gate])
        return out


class NormNonlinearity(MeaningTag, torch.nn.Module):
    """``x_i ↦ x_i · sigmoid(|x_i| + b_i) / |x_i|`` on every summand copy (scalars included,
    as ``x·sigmoid(|x|+b)/|x|``); requires every summand to act by orthogonal matrices in its
    own coordinates, checked exactly at construction (``V**2`` of SO(3) does, ``irrep(SO(3), 2)``
    in its rational harmonic basis and ``Sym(V, 2)`` on monomials do not: a
    :class:`~symequiv.errors.RepresentationError` names ``GatedNonlinearity`` instead).

    >>> import symequiv as se
    >>> NormNonlinearity(2 * se.V(se.SO(3)))(torch.randn(4, 6)).shape
    torch.Size([4, 6])
    """

    def __init__(self, rep, eps=1e-12):
        super().__init__()
        refuse_complex(rep, where="NormNonlinearity")
        sl = summand_slices(rep)
        for r in dict.fromkeys(r for r, _, _ in sl):
            if not _orthogonal(r):
                raise RepresentationError(
                    f"NormNonlinearity needs every summand to act orthogonally (|x| invariant); "
                    f"{r} does not (its generator images are not orthogonal in this basis: "
                    f"{rep.group!r} may be, this rep's coordinates are not). Use "
                    f"GatedNonlinearity instead.")
        self.rep, self.eps = rep, eps
        seg = torch.zeros(rep.size, dtype=torch.long)
        for i, (_, a, b) in enumerate(sl):
            seg[a:b] = i
        self.register_buffer("_seg", seg, persistent=False)
        self.bias = torch.nn.Parameter(torch.zeros(len(sl)))
        self._register_tag(f"NormNonlinearity({rep!r})", reps=(rep,))

    @typed_forward("NormNonlinearity")
    def forward(self, x):
        check_features(x, self.rep.size, "NormNonlinearity")
        sq = torch.zeros(*x.shape[:-1], self.bias.numel(), dtype=x.dtype, device=x.device)
        sq = sq.index_add(-1, self._seg, x * x)
        norm = torch.sqrt(sq + self.eps)
        scale = torch.sigmoid(norm + self.bias) / norm
        return x * scale.index_select(-1, self._seg)


def _orthogonal(rep):
    """Whether every generator image of ``rep`` is exactly orthogonal (``ρ ρᵀ = I``) and every
    Lie-algebra image skew (``dρ + dρᵀ = 0``): then ``|ρ(g) x| = |x|`` for all ``g``.  A group
    of orthogonal matrices is not enough: ``irrep(SO(3), 2)`` in its rational harmonic basis,
    ``Sym(V, 2)`` on monomials and Specht modules in Young's seminormal form are not orthogonal."""
    if isinstance(rep, ScalarRep) or rep.group is None:
        return True
    G = rep.group
    nd = len(G.discrete_generators)
    for k in range(G.num_generators):
        M = (rep.rho_gen(k) if k < nd else rep.drho_gen(k - nd)).to_sparse()
        Mt = linalg.transpose(M)
        if k < nd and not linalg.is_identity(linalg.mul(M, Mt)):
            return False
        if k >= nd and not linalg.is_zero(M + Mt):
            return False
    return True


class PointwiseNonlinearity(torch.nn.Module):
    """Any pointwise function: equivariant exactly when the group permutes coordinates.

    >>> import symequiv as se
    >>> PointwiseNonlinearity(se.V(se.S(3)))(torch.tensor([-1.0, 2.0, 0.0])).tolist()
    [0.0, 2.0, 0.0]
    """

    def __init__(self, rep, act=torch.relu):
        super().__init__()
        from .inputs import check_callable
        _check_rep(rep, "PointwiseNonlinearity")
        act = check_callable("act", act, "PointwiseNonlinearity")
        if not rep.is_permutation:
            raise RepresentationError(
                f"{rep} is not a permutation representation, so a pointwise function is not "
                f"equivariant; use GatedNonlinearity or NormNonlinearity.")
        self.rep, self.act = rep, act

    def forward(self, x):
        check_features(x, self.rep.size, "PointwiseNonlinearity")
        return self.act(x)
