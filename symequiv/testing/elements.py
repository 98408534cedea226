"""Exact elements of any catalogue group, continuous ones included.

An :class:`ExactElement` is ``g = c · g_{w_1} g_{w_2} …``: a word in the discrete generators
(which reaches every component and every element of a small finite group) times an exact
element ``c`` of the identity component, built from the Lie algebra without any float:

* **quadratic groups** -- the Lie algebra is all of so(η) or sp(η) for an invariant
  nondegenerate form η (SO(n), O(n), SO(1,3), O(1,3), Sp(2m) for m >= 2 -- Sp(1) = SL(2) is
  sampled as SL -- and any user group of that kind): the **Cayley transform** ``c = (I - A)⁻¹(I + A)`` of a random rational
  ``A`` in the algebra.  It preserves η exactly (``cᵀηc = η``, so ``R Rᵀ = I`` with rational
  entries for SO(n)); for an indefinite η, ``A`` is scaled to ``‖A‖∞ ≤ 1/2`` so that the path
  ``t ↦ Cayley(tA)`` stays in the identity component;
* **SL(n)** -- a product of elementary matrices ``I + q E_ij`` with rational ``q`` (determinant
  1; rational entries, since integer ones stay in SL(n, Z), which preserves the lattice Z^n);
* **GL(n)** -- the same times a diagonal of positive rationals (so ``det ≠ ±1`` is tested);
* **nilpotent generators** -- products of ``exp(c A_k)``, finite sums;
* number-field and permutation groups -- words in the generators (uniform for groups of
  order up to 5040);
* direct products -- factor by factor.

* **U(n)** -- the Cayley transform of a random anti-Hermitian ``A`` (unitary, exact over Q(i));
* **SU(n)** -- products of SU(2) blocks ``[[a, -b̄], [b, ā]]`` at rational points of the
  3-sphere (determinant exactly 1).

Any other Lie algebra raises
:class:`~symequiv.errors.InvalidArgumentError` saying what to use instead.

>>> import symequiv as se
>>> from symequiv import linalg
>>> R = exact_element(se.SO(3), rng=1).matrix
>>> linalg.is_identity(R.matmul(R.transpose())), R.to_Matrix().det()     # no tolerance
(True, 1)
>>> R.to_Matrix()[0, :]
Matrix([[641/659, 150/659, 30/659]])
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import linalg
from ..errors import InvalidArgumentError, RepresentationError
from ..groups.base import Group, ProductGroup
from .._immutable import Immutable
from .._random import as_rng

if TYPE_CHECKING:
    from ..reps.core import Rep

__all__ = ["ExactElement", "exact_element"]


class ExactElement(Immutable):
    """An exact group element ``continuous · g_{word[0]} g_{word[1]} …`` (immutable).

    Attributes
    ----------
    group : Group
    word : tuple of int
        Indices into ``group.discrete_generators``, applied right to left.
    continuous : group element or None
        An exact element of the identity component in the group's own format (a matrix; a
        tuple per factor for a product), or ``None``.
    how : str
        How the continuous part was built (``"Cayley"``, ``"unimodular"``, ...).

    >>> import symequiv as se
    >>> g = exact_element(se.S(4), rng=0)
    >>> g.rho(se.V(se.S(4))).shape
    (4, 4)
    """

    __slots__ = ("group", "word", "continuous", "how")
    group: Group
    word: tuple[int, ...]
    continuous: Any
    how: str

    def __init__(self, group: Group, word: Iterable[int], continuous: Any = None, how: str = "") -> None:
        for k, v in (("group", group), ("word", tuple(int(k) for k in word)),
                     ("continuous", continuous), ("how", how)):
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError("ExactElement objects are immutable")

    def __repr__(self):
        parts = [f"{self.how}(…)"] if self.continuous is not None else []
        if self.word:
            parts.append("·".join(f"g{k}" for k in self.word))
        return f"ExactElement({self.group!r}: {' · '.join(parts) or 'identity'})"

    def rho(self, rep: Rep) -> linalg.DomainMatrix:
        """Exact matrix of this element in ``rep`` (over the rep's field).

        Raises
        ------
        RepresentationError
            If the element has a continuous part and ``rep`` contains a representation known
            only on the generators (an ``ExplicitRep`` of a continuous group): its image of
            a non-generator element is not determined exactly.
        """
        M = None
        for k in self.word:
            X = rep.rho_gen(k)
            M = X if M is None else _mul(M, X)
        if self.continuous is not None:
            try:
                C = rep.rho(self.continuous)
            except RepresentationError as e:
                raise RepresentationError(
                    f"{rep} is known only on the generators of {self.group!r}, so the exact image of a "
                    f"continuous element is not defined ({e}); check it exactly on generators with "
                    f"assert_intertwiner, or build the rep from V.") from None
            M = C if M is None else _mul(C, M)
        if M is None:
            K = rep.rho_gen(0).domain if self.group.discrete_generators else linalg.QQ
            return linalg.identity(rep.size, K)
        return M

    @property
    def matrix(self) -> linalg.DomainMatrix:
        """Exact matrix in the defining representation ``V(group)``."""
        from ..reps import V
        return self.rho(V(self.group))


def _mul(A, B):
    A, B = linalg.unify(A.to_sparse(), B.to_sparse())
    return A.matmul(B)


# ------------------------------------------------------------------------------------------
# continuous parts

def _rand_q(rng, num=5, den=5):
    return Fraction(int(rng.integers(-num, num + 1)), int(rng.integers(1, den + 1)))


def _combo(gens, coeffs, n, K=linalg.QQ):
    A = linalg.zeros(n, n, K)
    for c, X in zip(coeffs, gens):
        if c:
            A = A + X.convert_to(K) * K.convert(linalg.QQ(c.numerator, c.denominator))
    return A


def _span_dim(gens, n):
    if not gens:
        return 0
    vecs = []
    for X in gens:
        d = linalg._dod(X.to_sparse())
        vecs.append([d.get(i, {}).get(j, 0) for i in range(n) for j in range(n)])
    return linalg.rank(linalg.DomainMatrix([[linalg.QQ(v) for v in r] for r in vecs],
                                           (len(vecs), n * n), linalg.QQ))


def _definite(eta):
    """True if the symmetric rational ``eta`` is positive or negative definite (leading
    principal minors all positive, or alternating starting negative)."""
    n = eta.shape[0]
    D = eta.to_dense()
    signs = []
    for k in range(1, n + 1):
        m = D.extract(list(range(k)), list(range(k))).det()
        if m == 0:
            return False
        signs.append(m > 0)
    return all(signs) or all(s == (k % 2 == 0) for k, s in enumerate(signs, 1))


def _kind(G):
    """How to build exact elements of the identity component of a matrix group ``G`` with a
    Lie algebra: ``("gl",)``, ``("sl",)``, ``("cayley", compact)``, ``("nilpotent",)`` or
    ``None`` (memoised on the group)."""
    memo = G._memo
    if "exact_kind" in memo:
        return memo["exact_kind"]
    n, gens = G.d, [A for A in G.lie_generators]
    kind = None
    if G.is_complex:
        from ..groups.unitary import SU, U
        if n >= 2 and G == SU(n):
            kind = ("unitary", True)
        elif G == U(n):
            kind = ("unitary", False)
    elif G.domain.is_QQ:
        dim = _span_dim(gens, n)
        if dim == n * n:
            kind = ("gl",)
        elif dim == n * n - 1 and all(linalg.trace(A) == 0 for A in gens):
            kind = ("sl",)
        else:
            kind = _quadratic(gens, n, dim)
            if kind is None and all(linalg.is_zero(_power(A, n)) for A in gens):
                kind = ("nilpotent",)
    memo["exact_kind"] = kind
    return kind


def _power(A, k):
    M = A
    for _ in range(k - 1):
        M = M.matmul(A)
    return M


def _quadratic(gens, n, dim):
    """``("cayley", compact)`` if the algebra is all of so(η) or sp(η) for a nondegenerate
    invariant form η, else ``None``."""
    forms = linalg.hom_space([-A.transpose() for A in gens], list(gens), linalg.QQ)
    for eta in forms:
        for sym in (True, False):
            S = eta + (eta.transpose() if sym else -eta.transpose())
            if linalg.is_zero(S) or linalg.rank(S) < n:
                continue
            full = n * (n - 1) // 2 if sym else n * (n + 1) // 2
            if dim == full:
                return ("cayley", sym and _definite(S))
    return None


def _continuous(G, rng):
    """An exact element of the identity component of the (non-product) group ``G``."""
    kind = _kind(G)
    n, I = G.d, linalg.identity(G.d)
    if kind is None:
        raise InvalidArgumentError(
            f"no exact elements of the identity component of {G!r} are known: its Lie algebra is "
            f"not gl(n), sl(n), so(η) or sp(η) for a form η, nor spanned by nilpotent matrices. "
            f"Use float elements (assert_equivariant) or the exact generator check "
            f"(assert_intertwiner), which covers the Lie algebra exactly.")
    if kind[0] in ("gl", "sl"):
        M = I
        for _ in range(2 * n):
            i, j = rng.choice(n, size=2, replace=False)
            # rational q (not only integers: SL(n, Z) preserves Z^n, so a map that is wrong
            # only off the lattice would pass integer samples)
            q = _rand_q(rng, 2, 3)
            E = linalg.DomainMatrix({int(i): {int(j): linalg.QQ(q.numerator, q.denominator)}},
                                    (n, n), linalg.QQ)
            M = (I + E).matmul(M)
        if kind[0] == "gl":
            D = linalg.DomainMatrix({i: {i: linalg.QQ(int(rng.integers(1, 5)), int(rng.integers(1, 5)))}
                                     for i in range(n)}, (n, n), linalg.QQ)
            M = D.matmul(M)
        return M, "unimodular" if kind[0] == "sl" else "unimodular·diag"
    gens = G.lie_generators
    if kind[0] == "unitary":
        return _unitary(G, rng, special=kind[1])
    if kind[0] == "nilpotent":
        M = I
        for A in gens:
            c = _rand_q(rng)
            X = A.convert_to(linalg.QQ) * linalg.QQ(c.numerator, c.denominator)
            E, P, f = I, I, 1
            for j in range(1, n):
                P, f = P.matmul(X), f * j
                E = E + P * linalg.QQ(1, f)
            M = E.matmul(M)
        return M, "exp(nilpotent)"
    compact = kind[1]
    while True:
        A = _combo(gens, [_rand_q(rng) for _ in gens], n)
        if not compact:                      # ‖A‖∞ ≤ 1/2: Cayley(tA) stays in the identity component
            norm = max((sum(abs(x) for x in row.values()) for row in linalg._dod(A.to_sparse()).values()),
                       default=linalg.QQ(0))
            if norm > linalg.QQ(1, 2):
                A = A * (linalg.QQ(1, 2) / norm)
        if not linalg.is_zero(A) and linalg.rank(I - A) == n:
            return linalg.inverse(I - A).matmul(I + A), "Cayley"


def _unitary(G, rng, special):
    """U(n): the Cayley transform of a random rational combination ``A`` of the generators
    (anti-Hermitian, so ``I - A`` is invertible and ``(I - A)⁻¹(I + A)`` is unitary).  SU(n): a
    product of SU(2) blocks ``[[a, -b̄], [b, ā]]`` on random coordinate pairs, ``(a, b)`` a
    rational point of the 3-sphere (inverse stereographic projection), so ``det = |a|² + |b|² = 1``
    exactly."""
    n, K = G.d, G.domain
    I = linalg.identity(n, K)
    if not special:
        A = _combo(G.lie_generators, [_rand_q(rng) for _ in G.lie_generators], n, K)
        return linalg.inverse(I - A).matmul(I + A), "Cayley (unitary)"
    i = linalg.imaginary_unit(K)
    M = I
    for _ in range(2 * n):
        x = [_rand_q(rng) for _ in range(3)]
        s = sum(v * v for v in x)
        p = [2 * v / (s + 1) for v in x] + [(s - 1) / (s + 1)]
        q = [K.convert(linalg.QQ(v.numerator, v.denominator)) for v in p]
        a, b = q[0] + q[1] * i, q[2] + q[3] * i
        ac, bc = q[0] - q[1] * i, q[2] - q[3] * i
        j, k = (int(v) for v in sorted(rng.choice(n, size=2, replace=False)))
        dod = {r: {r: K.one} for r in range(n) if r not in (j, k)}
        dod[j] = {j: a, k: -bc}
        dod[k] = {j: b, k: ac}
        M = linalg.DomainMatrix(dod, (n, n), K).matmul(M)
    return M, "SU(2) blocks"


def exact_element(G: Group, rng: Any = None) -> ExactElement:
    """A random exact element of the group ``G`` (see the module docstring for how each kind of
    group is sampled); its images in any representation built from ``V`` are exact matrices
    (``g.rho(rep)``), with rational entries for rational groups.

    Parameters
    ----------
    G : Group
    rng : numpy.random.Generator or int or None

    Raises
    ------
    InvalidArgumentError
        If ``G`` is not a group, or has a Lie algebra with no known exact elements.

    >>> import symequiv as se
    >>> from symequiv import linalg
    >>> L = exact_element(se.SO13(), rng=3).matrix                    # a Lorentz transformation
    >>> eta = linalg.matrix([[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, -1]])
    >>> L.transpose().matmul(eta).matmul(L) == eta
    True
    """
    if not isinstance(G, Group):
        raise InvalidArgumentError(f"exact_element needs a Group, got {type(G).__name__}.")
    from ..groups.words import random_word
    rng = as_rng(rng, "exact_element")
    word = random_word(G, rng)
    if not G.lie_generators:
        return ExactElement(G, word)
    if isinstance(G, ProductGroup):
        parts, hows = [], []
        for f in G.factors:
            if f.lie_generators:
                c, how = _continuous(f, rng)
                hows.append(how)
            else:
                c = f.identity_element()
            parts.append(c)
        return ExactElement(G, word, tuple(parts), "×".join(hows))
    c, how = _continuous(G, rng)
    return ExactElement(G, word, c, how)
