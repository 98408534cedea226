"""Random group elements as words in the discrete generators.

Every representation knows the exact image of every generator (an :class:`ExplicitRep`
knows nothing else), so an element is handed to representations as a *word*: a tuple of
discrete-generator indices, applied right to left (``(a, b)`` is ``g_a g_b``).

:func:`random_word` draws words that reach every element a check must see:

* a finite group of order at most :data:`WORD_TABLE_LIMIT` is enumerated once by a
  breadth-first search over its Cayley graph, keeping a shortest word for each element, and
  an element is drawn **uniformly**;
* a larger finite group gets a word of random length from 1 to :data:`MAX_WORD` (odd and even
  lengths, so a generator of order 2 is not always cancelled);
* a group with a Lie algebra gets a word of random length from 0 to :data:`COSET_WORD` in its
  discrete generators, so that every component (e.g. det = -1 in O(3)) is reached; the
  caller multiplies by ``exp`` of a random Lie-algebra element;
* a direct product draws a word for each factor (their generators commute).

The draw depends on ``rng`` only (a ``numpy.random.Generator`` or a seed), never on hash
order, so checks are reproducible.

>>> import symequiv as se
>>> sorted({random_word(se.Z(4), seed) for seed in range(40)})      # all four elements of Z(4)
[(), (0,), (0, 0), (0, 0, 0)]
"""

from functools import lru_cache

from .base import ProductGroup
from .matrix import _element_key
from .permutation import PermGroup
from .._random import as_rng

__all__ = ["random_word", "word_table", "word_index", "WORD_TABLE_LIMIT", "MAX_WORD", "COSET_WORD"]

#: Finite groups up to this order are sampled uniformly from a table of words.
WORD_TABLE_LIMIT = 5040
#: Longest random word for a finite group too large for a table.
MAX_WORD = 24
#: Longest random word in the discrete generators of a group with a Lie algebra.
COSET_WORD = 7


@lru_cache(maxsize=128)
def word_table(G, limit=WORD_TABLE_LIMIT):
    """A shortest word for every element of the finite (non-product) group ``G``, in
    breadth-first order, or ``None`` if ``G`` is continuous or has more than ``limit``
    elements.

    >>> import symequiv as se
    >>> len(word_table(se.S(3))), word_table(se.S(3))[0]
    (6, ())
    >>> word_table(se.SO(3)) is None
    True
    """
    if G.lie_generators or isinstance(G, ProductGroup):
        return None
    if isinstance(G, PermGroup) and G.order() > limit:     # permutation groups know it cheaply
        return None
    index = word_index(G, limit)
    return None if index is None else tuple(index.values())


def word_index(G, limit=WORD_TABLE_LIMIT):
    """``{element key: shortest word}`` for a finite, non-product group, breadth-first (in the
    order of :func:`word_table`), or ``None`` past ``limit`` elements.

    >>> import symequiv as se
    >>> len(word_index(se.S(3)))
    6
    """
    gens = list(G.discrete_generators)
    e = G.identity_element()
    index, frontier = {_element_key(G, e): ()}, [(e, ())]
    while frontier:
        nxt = []
        for x, w in frontier:
            for k, g in enumerate(gens):
                y = G.multiply(g, x)
                key = _element_key(G, y)
                if key not in index:
                    if len(index) >= limit:
                        return None
                    index[key] = (k,) + w
                    nxt.append((y, (k,) + w))
        frontier = nxt
    return index


def random_word(G, rng=None, max_word=None):
    """A random word in the discrete generators of ``G`` (see the module docstring).

    Parameters
    ----------
    G : Group
    rng : numpy.random.Generator or int or None
    max_word : int, optional
        Overrides :data:`MAX_WORD` / :data:`COSET_WORD` for groups sampled by random words.

    >>> import symequiv as se
    >>> random_word(se.SO(3), 0)
    ()
    >>> G = se.O(3)
    >>> len({len(random_word(G, s)) % 2 for s in range(20)})     # both components of O(3)
    2
    """
    rng = as_rng(rng, "random_word")
    if isinstance(G, ProductGroup):
        word = []
        for i, f in enumerate(G.factors):
            disc, _ = G.factor_generator_index(i)
            word.extend(disc.start + k for k in random_word(f, rng, max_word))
        return tuple(word)
    nd = len(G.discrete_generators)
    if nd == 0:
        return ()
    table = word_table(G)
    if table is not None:
        return table[int(rng.integers(len(table)))]
    if G.lie_generators:
        length = int(rng.integers(0, (COSET_WORD if max_word is None else max_word) + 1))
    else:
        length = int(rng.integers(1, (MAX_WORD if max_word is None else max_word) + 1))
    return tuple(int(k) for k in rng.integers(nd, size=length))
