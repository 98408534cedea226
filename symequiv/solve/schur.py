"""Schur-block bases: Hom_G(V, W) from exact decompositions of V and W.

With ``V = Q_V (⊕ ρ_i^{⊕ m_i}) Q_V⁻¹`` and ``W = Q_W (⊕ ρ_i^{⊕ n_i}) Q_W⁻¹`` (one
representative per irreducible, shared by both), Schur's lemma gives every equivariant
map as ``Q_W (⊕_i X_i) Q_V⁻¹`` with ``X_i`` an ``n_i x m_i`` block matrix over
``End_G(ρ_i)``, so ``dim Hom = Σ_i n_i m_i dim End(ρ_i)``.  The basis map with index
``(i, a, c, j)`` is ``Q_W[:, copy a of ρ_i] φ_j Q_V⁻¹[copy c of ρ_i, :]`` for the basis
``φ_j`` of ``End_G(ρ_i)``.  Only the change-of-basis matrices and the small ``φ_j`` are
stored: SO(3) Hom(V⁶, V⁶) (4213 maps of 531 441 entries, 9 GB as a dense float32 basis)
takes four 729 x 729 exact matrices.

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> F = schur_form(V ** 3, V ** 3)
>>> F.dim, [(b.dim, len(b.out_offsets), len(b.in_offsets)) for b in F.blocks]
(15, [(3, 3, 3), (5, 2, 2), (1, 1, 1), (7, 1, 1)])
"""

from dataclasses import dataclass

from ..errors import RepresentationError
from ..schur.decomposition import _decompose
from ..schur.inputs import decompose_input
from ..linalg import mul

__all__ = ["SchurForm", "SchurBlock", "schur_form", "uses_schur", "SCHUR_MIN_UNKNOWNS"]

#: Layers (:class:`symequiv.nn.EquivariantLinear`) apply non-permutation problems with more
#: unknowns than this through a Schur form when the solver returns one; the solver itself
#: chooses its road with the cost model (:mod:`.plan`).
SCHUR_MIN_UNKNOWNS = 20_000


@dataclass(frozen=True)
class SchurBlock:
    """One irreducible: its dimension, its generator images, a basis of its endomorphisms, and
    the first columns (of ``Q_out``) / rows (of ``Q_in⁻¹``) of each copy."""

    dim: int
    generators: tuple
    end: tuple
    out_offsets: tuple
    in_offsets: tuple

    @property
    def count(self):
        """Number of basis maps this block contributes."""
        return len(self.end) * len(self.out_offsets) * len(self.in_offsets)


@dataclass(frozen=True)
class SchurForm:
    """Change of basis + small blocks (see the module docstring).  ``Q_out``, ``Q_out_inv``,
    ``Q_in``, ``Q_in_inv`` are dense exact matrices; ``out_pieces`` / ``in_pieces`` list every
    irreducible of each side as ``(generator images, first index of each copy)``, so that
    ``Q⁻¹ ρ(g) Q`` can be checked against them."""

    Q_out: object
    Q_out_inv: object
    Q_in: object
    Q_in_inv: object
    blocks: tuple
    out_pieces: tuple = ()
    in_pieces: tuple = ()

    @property
    def dim(self):
        return sum(b.count for b in self.blocks)

    @property
    def domain(self):
        return self.Q_out.domain

    def locate(self, k):
        """``(block, out copy a, in copy c, end index j)`` of basis map ``k``."""
        if not 0 <= k < self.dim:
            raise IndexError(f"basis index {k} out of range 0..{self.dim - 1}")
        for b in self.blocks:
            if k < b.count:
                nc, ne = len(b.in_offsets), len(b.end)
                return b, k // (nc * ne), (k // ne) % nc, k % ne
            k -= b.count
        raise AssertionError("unreachable")

    def map(self, k):
        """Exact basis map ``k`` as a dense ``(n_out, n_in)`` DomainMatrix."""
        b, a, c, j = self.locate(k)
        oa, oc, u = b.out_offsets[a], b.in_offsets[c], b.dim
        left = mul(self.Q_out[:, oa:oa + u], b.end[j])
        return mul(left, self.Q_in_inv[oc:oc + u, :])


def _layout(dec, types):
    offs, off = {}, 0
    for i, cnt in dec.blocks:
        u = types.types[i][2]
        offs[i] = tuple(off + a * u for a in range(cnt))
        off += cnt * u
    return offs


def schur_form(rep_in, rep_out):
    """Decompose ``rep_in`` and ``rep_out`` over one set of irreducible representatives and
    return the :class:`SchurForm` of Hom_G(rep_in, rep_out).

    >>> import symequiv as se
    >>> schur_form(se.V(se.S(4)), se.V(se.S(4)) ** 2).dim
    5
    """
    G = rep_out.group or rep_in.group
    from ..schur.decomposition import _completely_reducible
    if not _completely_reducible(G, (rep_in, rep_out)):
        raise RepresentationError(
            f"{G!r} is not known to have completely reducible representations: Schur's lemma "
            f"does not give Hom from a decomposition there (the caller's elimination road solves).")
    types, memo, d_in = decompose_input(G, rep_in, (rep_in, rep_out))
    d_out = _decompose(rep_out, types, memo)
    lin, lout = _layout(d_in, types), _layout(d_out, types)
    unproven = [types.types[i][2] for i in sorted(set(lin) | set(lout)) if not types.types[i][4]]
    if unproven:
        # a piece not proved irreducible may be two copies of one (then every count through it
        # is wrong: Hom from a 32-dim 'irreducible' to a 16-dim one is 0): the caller's
        # elimination road solves instead
        raise RepresentationError(
            f"the decomposition has pieces of dimensions {unproven} not proved irreducible "
            f"(their commutants are not fields); the Schur form would rely on them.")
    blocks = []
    for i in sorted(set(lin) & set(lout)):
        disc, lie, u, end, _ = types.types[i]
        blocks.append(SchurBlock(u, tuple(disc) + tuple(lie), tuple(E.to_dense() for E in end),
                                 lout[i], lin[i]))
    def pieces(lay):
        return tuple((tuple(types.mats(i)), lay[i]) for i in sorted(lay))

    return SchurForm(d_out.Q, d_out.Qinv, d_in.Q, d_in.Qinv, tuple(blocks), pieces(lout), pieces(lin))


def uses_schur(rep_in, rep_out):
    """Whether a layer should look for a Schur form for this problem (so as never to build
    a dense weight): more than :data:`SCHUR_MIN_UNKNOWNS` unknowns and not a pair of
    permutation reps (those have exact 0/1 orbit bases)."""
    G = rep_out.group or rep_in.group
    return (G is not None and rep_in.size * rep_out.size > SCHUR_MIN_UNKNOWNS
            and not (rep_in.is_permutation and rep_out.is_permutation))
