"""Specht modules of the symmetric group, exact, in Young's seminormal form.

The Specht module ``S^λ`` of ``S(n)`` (``λ`` a partition of ``n``) is built on the standard Young
tableaux of shape ``λ``, with rational matrices.

Conventions
-----------
* **Letters.**  Tableaux are filled with the *points* ``0, 1, ..., n-1`` of the group (not
  ``1..n``), so the adjacent transposition ``s_i = (i, i+1)`` (``0 <= i <= n-2``) swaps the
  letters ``i`` and ``i+1``.
* **Tableau order (last letter order).**  A standard tableau ``T`` is stored as its row word
  ``(row(0), ..., row(n-1))``; the basis is sorted by ``(row(n-1), row(n-2), ..., row(0))``
  increasing: ``T`` comes before ``U`` when, at the largest letter whose row differs, ``T``
  has it in the higher row (smaller row index).  Tableaux with ``n-1`` in the same cell are
  consecutive, so the restriction to ``S(n-1)`` is block diagonal.
* **Seminormal form.**  Let ``c(k) = col(k) - row(k)`` (the content of the cell of ``k``)
  and ``r = c_T(i+1) - c_T(i)`` (the axial distance).  Then
  ``s_i v_T = (1/r) v_T`` when ``i, i+1`` share a row (``r = 1``) or a column (``r = -1``);
  otherwise ``T' = s_i T`` is standard, ``r_{T'} = -r`` and

  - ``s_i v_T = (1/r) v_T + v_{T'}``            if ``r > 0`` (``i+1`` in a higher row),
  - ``s_i v_T = (1/r) v_T + (1 - 1/r²) v_{T'}`` if ``r < 0`` (``i+1`` in a lower row).

  On the pair ``(T, T')`` with ``r > 0`` the block is ``[[1/r, 1 - 1/r²], [1, -1/r]]``
  (columns are images).  ``S^(n)`` is the trivial and ``S^(1^n)`` the sign representation.
* **Generators.**  The image of every discrete generator ``g`` of the group is the product
  ``ρ(s_{a_1}) ρ(s_{a_2}) ... ρ(s_{a_k})`` over a reduced word ``g = s_{a_1} s_{a_2} ... s_{a_k}``
  (:func:`adjacent_word`, with the group's product ``(gh)[x] = g[h[x]]``).  For the catalogue
  ``S(n)``: the ``n``-cycle ``c: x -> x+1 mod n`` is ``s_0 s_1 ... s_{n-2}`` and the swap
  ``(0 1)`` is ``s_0``.

Multiplicities of Specht modules in a rep of ``S(n)`` (:func:`specht_multiplicities`) come
from the character inner product, with the characters of ``S^λ`` by the Murnaghan--Nakayama
rule (:func:`specht_character`, independent of the seminormal matrices).

Examples
--------
>>> import symequiv as se
>>> W = specht((3, 1))
>>> W.size, se.equivariant_basis(W, W).dim, se.equivariant_basis(se.V(se.S(4)), W).dim
(3, 1, 1)
>>> specht_multiplicities(se.V(se.S(4)) ** 2)
{(4,): 2, (3, 1): 3, (2, 2): 1, (2, 1, 1): 1}
"""

import re
from fractions import Fraction
from functools import lru_cache
from math import factorial
from numbers import Integral

import numpy as np

from .. import limits, linalg
from ..errors import GroupMismatchError, ParseError, ProblemTooLargeError, RepresentationError
from ..groups.base import Group
from .explicit import ExplicitRep

__all__ = ["specht", "specht_character", "specht_multiplicities", "standard_tableaux",
           "hook_dimension", "partitions", "adjacent_word", "cycle_type", "partition_label"]

#: Largest n for which partitions / characters are listed (p(60) = 966467 partitions).
MAX_N = 60

_TEXT = re.compile(r"^\s*[\[(]?\s*(\d+(?:\s*[,\s]\s*\d+)*)?\s*,?\s*[\])]?\s*$")


# --- partitions --------------------------------------------------------------------------------

def _partition(partition, where="specht"):
    """``partition`` as a tuple of positive ints, non-increasing; a ParseError otherwise.
    Strings such as ``"[3,1]"``, ``"(3, 1)"`` or ``"3,1"`` are read too."""
    if isinstance(partition, str):
        if len(partition) > limits.MAX_TEXT:
            raise ParseError(f"{where}: the partition text is longer than symequiv.limits.MAX_TEXT.")
        m = _TEXT.match(partition)
        if not m or not m.group(1):
            raise ParseError(f"{where}: cannot read the partition {partition!r}; write it as "
                             f"'[3,1]' or as a tuple of ints such as (3, 1).")
        parts = re.split(r"[,\s]+", m.group(1).strip())
        if any(len(p) > limits.MAX_DIGITS for p in parts):
            raise ParseError(f"{where}: a part of {partition[:40]!r}... has too many digits.")
        partition = tuple(int(p) for p in parts)
    if isinstance(partition, Integral) and not isinstance(partition, bool):
        raise ParseError(f"{where}: a partition is a sequence of parts, got the int {partition}; "
                         f"for the trivial rep of S({partition}) write ({partition},).")
    try:
        parts = tuple(partition)
    except TypeError:
        raise ParseError(f"{where}: a partition is a sequence of positive ints such as (3, 1), "
                         f"got {type(partition).__name__}.") from None
    if not parts:
        raise ParseError(f"{where}: the empty partition has no symmetric group S(0) here; give "
                         f"positive parts such as (3, 1).")
    for p in parts:
        if isinstance(p, bool) or not isinstance(p, Integral):
            raise ParseError(f"{where}: the parts of a partition are ints, got {p!r} in {parts!r}.")
        if p <= 0:
            raise ParseError(f"{where}: the parts of a partition are positive, got {p} in "
                             f"{tuple(int(q) for q in parts)}; drop the zero parts.")
    parts = tuple(int(p) for p in parts)
    if any(a < b for a, b in zip(parts, parts[1:])):
        raise ParseError(f"{where}: the parts of a partition are non-increasing, got {parts}; "
                         f"sort them: {tuple(sorted(parts, reverse=True))}.")
    return parts


def partition_label(partition):
    """The label ``"[3,1]"`` of a partition.

    >>> partition_label((3, 1))
    '[3,1]'
    """
    return "[" + ",".join(str(p) for p in _partition(partition, "partition_label")) + "]"


def partitions(n):
    """The partitions of ``n`` in reverse lexicographic order, ``(n,)`` first, ``(1,)*n`` last.

    >>> partitions(4)
    [(4,), (3, 1), (2, 2), (2, 1, 1), (1, 1, 1, 1)]
    """
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
        raise ParseError(f"partitions: n must be a positive int, got {n!r}.")
    n = int(n)
    out = []

    def rec(rest, largest, prefix):
        if rest == 0:
            out.append(tuple(prefix))
            return
        for p in range(min(rest, largest), 0, -1):
            prefix.append(p)
            rec(rest - p, p, prefix)
            prefix.pop()
    _check_n(n, "partitions")
    rec(n, n, [])
    return out


def _check_n(n, where):
    if n > MAX_N:
        raise ProblemTooLargeError(f"{where}: n = {n} has too many partitions to list, over "
                                   f"symequiv.reps.specht.MAX_N = {MAX_N}; raise it if you must.")


def hook_dimension(partition):
    """``dim S^λ = n! / Π hook lengths`` (the hook length formula).

    >>> hook_dimension((3, 1)), hook_dimension((2, 2)), hook_dimension((3, 2, 1))
    (3, 2, 16)
    """
    lam = _partition(partition, "hook_dimension")
    n = sum(lam)
    conj = [sum(1 for p in lam if p > j) for j in range(lam[0])]
    prod = 1
    for i, p in enumerate(lam):
        for j in range(p):
            prod *= (p - j - 1) + (conj[j] - i - 1) + 1
    return factorial(n) // prod


# --- tableaux and the seminormal matrices ------------------------------------------------------

def _words(lam):
    """Row words of the standard tableaux of ``lam``, in last letter order (iterative
    backtracking: the depth is ``n``)."""
    n, k = sum(lam), len(lam)
    if k == 1 or lam[0] == 1:                       # a single tableau
        return [tuple(range(n)) if k > 1 else (0,) * n]
    out, word, filled, start = [], [], [0] * k, 0
    while True:
        if len(word) == n:
            out.append(tuple(word))
            r = None
        else:
            r = next((r for r in range(start, k) if filled[r] < lam[r]
                      and (r == 0 or filled[r - 1] > filled[r])), None)
        if r is not None:
            word.append(r)
            filled[r] += 1
            start = 0
            continue
        if not word:
            break
        r = word.pop()                              # backtrack: try the next row
        filled[r] -= 1
        start = r + 1
    out.sort(key=lambda w: w[::-1])
    return out


def _check_dim(lam):
    n = sum(lam)
    if len(lam) > 1 and lam[0] > 1 and n - 1 > limits.MAX_MATRIX_SIZE:
        limits.check(n - 1, "MAX_MATRIX_SIZE", f"the Specht module {partition_label(lam)} has "
                     f"dimension at least n - 1 = {n - 1}", "Its matrices would be d x d.")
    d = 1 if len(lam) == 1 or lam[0] == 1 else hook_dimension(lam)
    limits.check(d, "MAX_MATRIX_SIZE", f"the Specht module {partition_label(lam)} has dimension "
                 f"{d} (hook length formula)", "Its matrices would be d x d.")
    return d


def standard_tableaux(partition):
    """The standard Young tableaux of shape ``partition`` (letters ``0..n-1``), each as a tuple
    of rows, in the basis order of :func:`specht` (last letter order).

    >>> standard_tableaux((2, 1))
    (((0, 2), (1,)), ((0, 1), (2,)))
    """
    lam = _partition(partition, "standard_tableaux")
    _check_dim(lam)
    out = []
    for w in _words(lam):
        rows = [[] for _ in lam]
        for k, r in enumerate(w):
            rows[r].append(k)
        out.append(tuple(tuple(r) for r in rows))
    return tuple(out)


@lru_cache(maxsize=64)
def _seminormal(lam):
    """``[ρ(s_0), ..., ρ(s_{n-2})]`` on ``S^lam`` (sparse, over QQ)."""
    QQ = linalg.QQ
    words = _words(lam)
    index = {w: t for t, w in enumerate(words)}
    d, n = len(words), sum(lam)
    contents = []
    for w in words:
        seen = [0] * len(lam)
        c = []
        for r in w:
            c.append(seen[r] - r)
            seen[r] += 1
        contents.append(c)
    mats = []
    for i in range(n - 1):
        dod = {}
        for t, w in enumerate(words):
            r = contents[t][i + 1] - contents[t][i]
            dod.setdefault(t, {})[t] = QQ(1, r)
            if abs(r) > 1:
                u = index[w[:i] + (w[i + 1], w[i]) + w[i + 2:]]
                dod.setdefault(u, {})[t] = QQ(1) if r > 0 else QQ(r * r - 1, r * r)
        mats.append(linalg.DomainMatrix(dod, (d, d), QQ))
    return tuple(mats)


def adjacent_word(perm):
    """A reduced word ``[a_1, ..., a_k]`` with ``perm = s_{a_1} s_{a_2} ... s_{a_k}`` in the
    product ``(gh)[x] = g[h[x]]`` (destination convention); ``k`` is the number of inversions.

    >>> adjacent_word((1, 2, 3, 0))        # the 4-cycle x -> x+1: s_0 s_1 s_2
    [0, 1, 2]
    >>> adjacent_word((1, 0, 2, 3))
    [0]
    """
    p = [int(x) for x in perm]
    n = len(p)
    if sorted(p) != list(range(n)):
        raise ParseError(f"adjacent_word: {tuple(perm)!r} is not a permutation of range({n}).")
    out = []
    i = 0
    while i < n - 1:                      # perm = (perm s_i) s_i: bubble sort from the right
        if p[i] > p[i + 1]:
            p[i], p[i + 1] = p[i + 1], p[i]
            out.append(i)
            i = max(i - 1, 0)
        else:
            i += 1
    return out[::-1]


def _word_matrix(mats, word, d):
    M = linalg.identity(d).to_sparse()
    for a in word:
        M = M * mats[a]
    return M


def _symmetric_group(G, n, where):
    """``G`` (default ``S(n)``) after checking that it is the symmetric group on ``n`` points."""
    from ..groups.catalogue import S
    from ..groups.permutation import PermGroup
    if G is None:
        return S(n)
    if not isinstance(G, Group):
        raise GroupMismatchError(f"{where} needs a Group such as se.S({n}), got {type(G).__name__}.")
    if not isinstance(G, PermGroup) or G.degree != n:
        raise GroupMismatchError(f"{where}: a Specht module of a partition of {n} is a rep of "
                                 f"S({n}), not of {G!r}; pass group=se.S({n}) or omit it.")
    if G != S(n) and G.order() != factorial(n):
        raise GroupMismatchError(f"{where}: {G!r} (order {G.order()}) is not the whole symmetric "
                                 f"group S({n}); Specht modules are reps of S({n}) (restrict "
                                 f"them with rep.restrict(H) where available).")
    return G


def specht(partition, group=None):
    """The Specht module ``S^λ`` of ``S(n)``, ``n = sum(λ)``, exact, in Young's seminormal form.

    Parameters
    ----------
    partition : tuple of int or str
        Non-increasing positive parts, e.g. ``(3, 1)`` or ``"[3,1]"``.
    group : Group, optional
        ``S(n)`` (the default) or another permutation group on ``n`` points equal to it as a
        set; the images of its generators are products over their adjacent-transposition words.

    Returns
    -------
    ExplicitRep
        Over QQ, basis: the standard tableaux in last letter order (:func:`standard_tableaux`).

    Raises
    ------
    ParseError
        ``partition`` is not a partition.
    GroupMismatchError
        ``group`` is not the symmetric group on ``n`` points.
    ProblemTooLargeError
        The dimension (hook length formula) is over ``symequiv.limits.MAX_MATRIX_SIZE``.

    >>> import symequiv as se
    >>> sign = specht((1, 1, 1))
    >>> [linalg.to_lists(M) for M in sign.generator_images[0]]
    [[[1]], [[-1]]]
    >>> specht("[2,1]").size, str(specht((2, 2), se.S(4)))
    (2, 'specht(2,2)')
    """
    lam = _partition(partition)
    n = sum(lam)
    d = _check_dim(lam)
    G = _symmetric_group(group, n, "specht")
    words = [adjacent_word(g) for g in G.discrete_generators]
    if d == 1:                                      # trivial [n] or sign [1^n]: no matrices
        sign = -1 if len(lam) > 1 else 1
        images = [linalg.matrix([[sign ** len(w)]]) for w in words]
    else:
        limits.check(sum(len(w) for w in words) * d * d, "MAX_UNKNOWNS_TOTAL",
                     f"the generator images of the Specht module {partition_label(lam)} (dimension "
                     f"{d}) are products of {sum(len(w) for w in words)} sparse {d}x{d} matrices, "
                     f"about {sum(len(w) for w in words) * d * d:,} operations")
        mats = _seminormal(lam)
        images = [_word_matrix(mats, w, d) for w in words]
    from .relations import mark_checked           # Young's seminormal form: a representation
    rep = mark_checked(ExplicitRep(G, images, [], "specht(" + ",".join(str(p) for p in lam) + ")"))
    rep._memo["seminormal"] = lam                  # any element's image: seminormal_image
    return rep


def seminormal_image(lam, perm):
    """``ρ(perm)`` on ``S^lam`` in Young's seminormal form: the product over a reduced word in
    adjacent transpositions (at most n(n-1)/2 sparse factors; a word in the group's own
    generators, as for any rep known on generators only, runs to hundreds of dense products).

    >>> import symequiv as se
    >>> seminormal_image((2, 1), (1, 2, 0)) == specht((2, 1), se.S(3)).rho_gen(0)   # (0 1 2)
    True
    """
    d = hook_dimension(lam)
    if d == 1:
        return linalg.matrix([[(-1 if len(lam) > 1 else 1) ** len(adjacent_word(perm))]])
    return _word_matrix(_seminormal(lam), adjacent_word(perm), d)


# --- characters: Murnaghan--Nakayama ------------------------------------------------------------

@lru_cache(maxsize=100_000)
def _mn(betas, mu):
    """χ on cycle type ``mu`` of the partition with beta set ``betas`` (sorted tuple)."""
    if not mu:
        return 1
    r, rest = mu[0], mu[1:]
    s = set(betas)
    total = 0
    for b in betas:
        if b - r >= 0 and b - r not in s:              # a rim hook of length r
            height = sum(1 for x in betas if b - r < x < b)
            nb = tuple(sorted((s - {b}) | {b - r}))
            total += (-1) ** height * _mn(nb, rest)
    return total


def specht_character(partition, cycle_type=None):
    """The character of ``S^λ`` by the Murnaghan--Nakayama rule: a dict ``{cycle type: value}``
    over all cycle types (partitions of ``n``), or the value on one ``cycle_type``.

    >>> specht_character((2, 1))
    {(3,): -1, (2, 1): 0, (1, 1, 1): 2}
    >>> specht_character((3, 1, 1), (5,))
    1
    """
    lam = _partition(partition, "specht_character")
    n, k = sum(lam), len(lam)
    _check_n(n, "specht_character")
    betas = tuple(sorted(lam[i] + (k - 1 - i) for i in range(k)))
    if cycle_type is not None:
        mu = _partition(cycle_type, "specht_character (cycle type)")
        if sum(mu) != n:
            raise ParseError(f"specht_character: the cycle type {mu} is not a partition of {n}.")
        return _mn(betas, mu)
    return {mu: _mn(betas, mu) for mu in partitions(n)}


def cycle_type(perm):
    """The cycle type of a permutation, as a non-increasing tuple.

    >>> cycle_type((1, 2, 0, 4, 3, 5))
    (3, 2, 1)
    """
    p = [int(x) for x in perm]
    seen = [False] * len(p)
    out = []
    for i in range(len(p)):
        if not seen[i]:
            k, j = 0, i
            while not seen[j]:
                seen[j] = True
                j = p[j]
                k += 1
            out.append(k)
    return tuple(sorted(out, reverse=True))


def _z(mu):
    """``|centraliser|`` of an element of cycle type ``mu``: ``Π i^{m_i} m_i!``."""
    out = 1
    for i in set(mu):
        m = mu.count(i)
        out *= i ** m * factorial(m)
    return out


def _class_word(mu):
    """Adjacent-transposition word of the class representative of cycle type ``mu``: cycles
    ``(a a+1 ... b)`` on consecutive points, each ``s_a s_{a+1} ... s_{b-1}``."""
    out, a = [], 0
    for p in mu:
        out += list(range(a, a + p - 1))
        a += p
    return out


def _fraction(x, K):
    if K.is_QQ:
        return Fraction(int(x.numerator), int(x.denominator))
    v = K.to_sympy(x)
    if not v.is_Rational:
        raise RepresentationError(f"a character value {v} of a rep of a symmetric group is not "
                                  f"rational: the generator images are not a representation.")
    return Fraction(int(v.p), int(v.q))


def _rep_characters(rep, n):
    """``{cycle type: χ_rep}`` on the classes of the catalogue ``S(n)``."""
    types = partitions(n)
    if n == 1:
        return {(1,): Fraction(rep.size)}
    if rep.is_permutation:                           # fixed points of composed permutations
        c = np.asarray(rep.perm_gen(0), dtype=np.int64)
        s = c if n == 2 else np.asarray(rep.perm_gen(1), dtype=np.int64)
        cinv = np.argsort(c)
        adj = [s]
        for _ in range(n - 2):
            adj.append(c[adj[-1][cinv]])             # s_{i+1} = c s_i c^{-1}
        out = {}
        for mu in types:
            g = np.arange(rep.size, dtype=np.int64)
            for a in _class_word(mu):
                g = g[adj[a]]
            out[mu] = Fraction(int(np.count_nonzero(g == np.arange(rep.size))))
        return out
    C = rep.rho_gen(0).to_sparse()
    K = C.domain
    S = C if n == 2 else rep.rho_gen(1).to_sparse().convert_to(K)
    Cinv = linalg.identity(rep.size, K).to_sparse()
    for _ in range(n - 1):
        Cinv = Cinv * C                               # c^{n-1} = c^{-1}
    adj = [S]
    for _ in range(n - 2):
        adj.append(C * adj[-1] * Cinv)
    out = {}
    for mu in types:
        M = _word_matrix(adj, _class_word(mu), rep.size).convert_to(K)
        out[mu] = _fraction(linalg.trace(M), K)
    return out


def specht_multiplicities(rep):
    """The multiplicity of every Specht module in a representation of ``S(n)``, by the
    character inner product ``m_λ = Σ_μ χ_rep(μ) χ_λ(μ) / z_μ`` (``z_μ`` the centraliser
    order; ``χ_λ`` by Murnaghan--Nakayama, ``χ_rep`` from the rep's matrices on one element
    per class -- fixed points for permutation reps).

    Parameters
    ----------
    rep : Rep
        A representation of the catalogue group ``S(n)``.

    Returns
    -------
    dict
        ``{partition: multiplicity}`` for the partitions that occur, ``(n,)`` first (reverse
        lexicographic order).

    >>> import symequiv as se
    >>> m = specht_multiplicities(se.Regular(se.S(4)))
    >>> all(v == hook_dimension(lam) for lam, v in m.items()), len(m)
    (True, 5)
    """
    from ..groups.catalogue import S
    from ..reps.core import Rep
    if not isinstance(rep, Rep):
        raise RepresentationError(f"specht_multiplicities needs a Rep, got {type(rep).__name__}.")
    G = rep.group
    n = getattr(G, "degree", None)
    if n is None or G != S(n):
        raise GroupMismatchError(f"specht_multiplicities needs a rep of the catalogue group se.S(n), "
                                 f"got a rep of {G!r}; build the rep over se.S(n).")
    if rep.group.lie_generators:
        raise RepresentationError("a rep of S(n) has no Lie-algebra generators.")
    partitions(n)                                    # the size check on n
    chars = _rep_characters(rep, n)
    out, total = {}, 0
    for lam in partitions(n):
        chi = specht_character(lam)
        m = sum(chars[mu] * chi[mu] / _z(mu) for mu in chars)
        if m.denominator != 1 or m < 0:
            raise RepresentationError(f"the multiplicity of {partition_label(lam)} came out {m}: "
                                      f"the generator images of {rep} are not a representation.")
        if m:
            out[lam] = int(m)
            total += int(m) * hook_dimension(lam)
    if total != rep.size:
        raise RepresentationError(f"the Specht multiplicities of {rep} add up to dimension {total}, "
                                  f"not {rep.size}: its generator images are not a representation.")
    return out
