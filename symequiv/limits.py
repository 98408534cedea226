"""Size limits checked *before* work, so that adversarial sizes get a typed error at once.

Every constructor and the parser estimate the size of what they are asked to build and refuse
with :class:`~symequiv.errors.ProblemTooLargeError` (or :class:`~symequiv.errors.ParseError`
for text) when it is over a limit; the message gives the estimate, the limit, and how to
raise it.  The limits are module attributes: raise one for a session with, e.g.,
``symequiv.limits.MAX_DEGREE = 10**7``.

>>> import symequiv as se
>>> G = se.S(10**9)                  # fine: built lazily, its order is a closed form
>>> try:
...     G.discrete_generators         # 10^9-point permutations are refused, with an estimate
... except se.ProblemTooLargeError as e:
...     print(str(e)[:68])
the generators of S(1000000000) (degree 1000000000) would take about
"""

from .errors import ProblemTooLargeError

__all__ = ["MAX_DEGREE", "MAX_LIE_ENTRIES", "MAX_MATRIX_SIZE", "MAX_FIELD_DEGREE", "MAX_DIGITS",
           "MAX_DEPTH", "MAX_TEXT", "MAX_REP_SIZE", "MAX_ORDER_DIGITS", "MAX_UNKNOWNS_TOTAL", "MAX_MEMORY_ESTIMATE", "MAX_ORDER_CHECK", "MAX_DIAGRAMS", "MAX_POLYNOMIAL_WORK",
           "MOLIEN_SECONDS", "check", "human_bytes", "digits"]

#: Points of a permutation group (each generator is an array of this many ints).
MAX_DEGREE = 1_000_000
#: Nonzero entries over all Lie-algebra generators of a catalogue group (SO(n): n(n-1)).
MAX_LIE_ENTRIES = 50_000
#: Size d of the matrices of a matrix group.
MAX_MATRIX_SIZE = 2_000
#: Degree of the number field of C(k) / D(k) (degree 16 takes 30-45 s to build; 12 about 5 s; 10 about 1 s).
MAX_FIELD_DEGREE = 10
#: Digits of one integer literal in a group or representation string.
MAX_DIGITS = 1_000
#: Nesting depth of parentheses and brackets in a string.
MAX_DEPTH = 100
#: Characters of a group or representation string.
MAX_TEXT = 100_000
#: Coordinates of one representation (``V**1000`` of SO(3) has 3^1000).
MAX_REP_SIZE = 10 ** 8
#: Unknowns (n_out * n_in) of one equivariant_basis call (SO(3) V^8 -> V^8 has 4.3e7).
MAX_UNKNOWNS_TOTAL = 10 ** 8
#: Estimated peak memory (bytes) of the road a solve takes; roads over it are skipped, and a
#: block is refused when every road is (the cost model's memory estimates, solve/plan.py).
MAX_MEMORY_ESTIMATE = 16 * 10 ** 9
#: Digits of an exact group order computed by a closed form (S(n): n!).
MAX_ORDER_DIGITS = 200_000
#: Largest exponent m for which a discrete generator's ``M^m = I`` is checked (finite order).
MAX_ORDER_CHECK = 10 ** 6
#: Diagrams a PartitionLinear / DiagramLinear layer may enumerate (S(5) with k = l = 9 has
#: about 10^11 set partitions with at most 5 blocks).
MAX_DIAGRAMS = 200_000
#: Monomials times degree of the polynomials of one degree (se.invariants, polynomial_maps):
#: the work of building Sym^d's generator images.  SO(3) on V at degree 150 (1.7e6) takes
#: about 16 s; at degree 1000 (5e8) it would take hours.
MAX_POLYNOMIAL_WORK = 10 ** 7
#: Seconds a Molien series may take when no ``max_seconds`` is given (a Lie group's Weyl
#: integral's cost is hard to predict: SO(3) on 20 V takes about 5 s, on Sym(V,3) + Sym(V,2)
#: about 30 s, on Sym(V,4) about 200 s; a finite group's sum is fast).  None: no default limit.
MOLIEN_SECONDS = 120


def human_bytes(n):
    """``'8.0 GB'`` for 8e9; any size of int (``'about 10^400 B'``), no float overflow.

    >>> human_bytes(8e9), human_bytes(1500), human_bytes(10 ** 400)
    ('8.0 GB', '1.5 kB', 'about 10^400 B')
    """
    if isinstance(n, int) and n >= 10 ** 15:
        return f"about 10^{digits(n) - 1} B"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


def digits(n):
    """Decimal digits of the int ``|n|`` (exact below 4000 digits, else within one), with no
    str() conversion limit and no float overflow.

    >>> digits(999), digits(10 ** 5000)
    (3, 5001)
    """
    n = abs(int(n))
    if n < 10 ** 4000:
        return len(str(n))
    return n.bit_length() * 30103 // 100000 + 1


def check(value, limit_name, what, advice=""):
    """Raise :class:`ProblemTooLargeError` if ``value`` exceeds the limit ``limit_name`` of this
    module; ``what`` states the estimate.

    >>> check(5, "MAX_DEPTH", "depth 5")
    >>> try:
    ...     check(10**9, "MAX_DEGREE", "degree 10^9")
    ... except ProblemTooLargeError as e:
    ...     print('MAX_DEGREE' in str(e))
    True
    """
    import sys
    limit = getattr(sys.modules[__name__], limit_name)
    if value > limit:
        raise ProblemTooLargeError(
            f"{what}, over the limit symequiv.limits.{limit_name} = {limit:,}. "
            + (advice + " " if advice else "")
            + f"If you have the time and memory, raise it: symequiv.limits.{limit_name} = ...")
