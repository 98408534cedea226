"""The change of basis of a representation of S(n) onto Specht modules.

``rep = Q (⊕_λ (S^λ)^{⊕ m_λ}) Q⁻¹`` with every piece *exactly* the Specht module ``S^λ`` in
Young's seminormal form (:func:`symequiv.reps.specht.specht`), so pieces carry partition labels
and the same matrices in every decomposition.  The multiplicities come from characters
(:func:`~symequiv.reps.specht.specht_multiplicities`); the columns of ``Q`` for ``S^λ`` are a
basis of ``Hom_{S(n)}(S^λ, rep)`` from the solver (Specht modules are absolutely irreducible over
Q, so that basis has exactly ``m_λ`` maps, each an isomorphism onto one copy, and the copies of
all partitions together span ``rep``).

>>> import symequiv as se
>>> D = specht_decomposition(se.V(se.S(4)) ** 2)
>>> [str(r) for r in D.irreps], D.multiplicities, D.verify().ok
(['specht(4)', 'specht(3,1)', 'specht(2,2)', 'specht(2,1,1)'], (2, 3, 1, 1), True)
"""

from .. import linalg
from ..errors import RepresentationError
from .specht import specht, specht_multiplicities
from ..linalg import hom_space

__all__ = ["specht_decomposition"]


def specht_decomposition(rep):
    """The :class:`~symequiv.schur.decomposition.Decomposition` of a rep of ``S(n)`` whose pieces
    are the Specht modules themselves (see the module docstring).

    The rep is first decomposed by :func:`symequiv.decompose`; each irreducible piece is then
    matched to the Specht module of the same character (multiplicities by
    :func:`~symequiv.reps.specht.specht_multiplicities`) through an isomorphism found on the
    piece alone (``d x d`` unknowns), and the piece's columns of ``Q`` are carried through it.

    Raises
    ------
    GroupMismatchError
        ``rep`` is not a rep of the catalogue group ``S(n)``.
    RepresentationError
        The generator images are not a representation (the pieces do not match the characters).
    """
    from ..schur.decomposition import Decomposition, decompose, _mats
    from .specht import hook_dimension
    mult = specht_multiplicities(rep)
    G = rep.group
    regular = _regular(rep, G, mult)
    if regular is not None:
        return regular
    D0 = decompose(rep)
    K = D0.Q.domain
    found, off = {}, 0
    for piece, m in zip(D0.irreps, D0.multiplicities):
        u = piece.size
        match = None
        for lam in mult:
            if hook_dimension(lam) != u or lam in found:
                continue
            S = specht(lam, G)
            H = hom_space(_mats(piece), _mats(S), K, u, u)        # maps S^λ -> the piece
            if H:
                match = (lam, S, H[0].to_dense())
                break
        if match is None or m != mult[match[0]]:
            raise RepresentationError(f"a {u}-dimensional piece of {rep} matches no Specht module "
                                      f"with the multiplicity its characters give.")
        lam, S, T = match
        found[lam] = (S, m, [linalg.mul(D0.Q[:, off + c * u: off + (c + 1) * u], T) for c in range(m)])
        off += m * u
    cols, irreps, ms = [], [], []
    for lam in mult:                                  # the order of the partitions
        S, m, blocks = found[lam]
        cols += blocks
        irreps.append(S)
        ms.append(m)
    Q = linalg.hstack(cols)
    return Decomposition(rep, Q, linalg.inverse(Q), irreps, ms, [1] * len(ms), [True] * len(ms))


def _regular(rep, G, mult):
    """The regular rep in closed form: the matrix coefficients ``φ_a(w) = Σ_g (ρ_λ(g⁻¹) w)_a e_g``
    (``a`` = 1..d_λ) are d_λ independent intertwiners S^λ → Regular (``L(h) φ_a(w) =
    φ_a(ρ_λ(h) w)``), so no decomposition is searched; ``None`` for any other rep."""
    from .explicit import ExplicitRep, Regular
    from ..schur.decomposition import Decomposition
    from .specht import _seminormal, _word_matrix, adjacent_word, hook_dimension
    if not isinstance(rep, ExplicitRep) or str(rep) != f"Regular({G!r})" or rep != Regular(G):
        return None
    from ..groups.matrix import enumerate_elements
    els = enumerate_elements(G)
    inverse = [tuple(sorted(range(len(g)), key=lambda i: g[i])) for g in els]
    cols, irreps = [], []
    for lam, m in mult.items():
        d = hook_dimension(lam)
        if d == 1:
            sign = -1 if len(lam) > 1 else 1
            imgs = [[[linalg.QQ(sign ** len(adjacent_word(h)))]] for h in inverse]
        else:
            mats = _seminormal(lam)
            imgs = [linalg.to_lists(_word_matrix(mats, adjacent_word(h), d)) for h in inverse]
        for a in range(d):
            for b in range(d):
                cols.append([row[a][b] for row in imgs])
        irreps.append(specht(lam, G))
    Q = linalg.matrix([list(r) for r in zip(*cols)])
    ms = list(mult.values())
    return Decomposition(rep, Q, linalg.inverse(Q), irreps, ms, [1] * len(ms), [True] * len(ms))
