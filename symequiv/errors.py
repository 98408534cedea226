"""Typed errors raised by symequiv.

Every error that user input can provoke is a subclass of :class:`SymequivError`,
so callers can catch the whole family at once.  Messages say what is wrong and
what to do about it.

Examples
--------
>>> import symequiv as se
>>> try:
...     se.PermutationGroup([[0, 0, 1]])
... except se.InvalidGeneratorError as e:
...     print(type(e).__name__)
InvalidGeneratorError
"""

from __future__ import annotations

__all__ = [
    "SymequivError",
    "NotExactError",
    "InvalidGeneratorError",
    "GroupMismatchError",
    "RepresentationError",
    "ParseError",
    "GroupTooLargeError",
    "ProblemTooLargeError",
    "BudgetExceededError",
    "CacheError",
    "InvalidArgumentError",
    "ComplexificationWarning",
    "SkippedBlocksWarning",
]


class SymequivError(Exception):
    """Base class of every error symequiv raises on bad input.

    >>> issubclass(ParseError, SymequivError)
    True
    """


class NotExactError(SymequivError, TypeError):
    """A float (or another inexact value) was given where an exact value is required.

    >>> from symequiv import linalg
    >>> try:
    ...     linalg.matrix([[0.5]])
    ... except NotExactError as e:
    ...     print('Fraction' in str(e))
    True
    """


class InvalidGeneratorError(SymequivError, ValueError):
    """Group generators of the wrong shape, singular, or not permutations.

    >>> import symequiv as se
    >>> try:
    ...     se.MatrixGroup(discrete=[[[1, 2], [2, 4]]])
    ... except InvalidGeneratorError as e:
    ...     print('singular' in str(e))
    True
    """


class GroupMismatchError(SymequivError, ValueError):
    """Representations of different groups were combined.

    >>> import symequiv as se
    >>> try:
    ...     se.V(se.SO(3)) + se.V(se.O(3))
    ... except GroupMismatchError:
    ...     print('refused')
    refused
    """


class RepresentationError(SymequivError, ValueError):
    """A representation expression that does not make sense (negative power, ...).

    >>> import symequiv as se
    >>> try:
    ...     se.V(se.SO(3)) ** -1
    ... except RepresentationError as e:
    ...     print('rep.T' in str(e))
    True
    """


class ParseError(SymequivError, ValueError):
    """A group or representation string that does not parse.

    Attributes
    ----------
    text : str
        The input.
    column : int
        0-based column of the offending character.

    >>> import symequiv as se
    >>> try:
    ...     se.group('SO(3')
    ... except ParseError as e:
    ...     print(e.column)
    4
    """

    def __init__(self, message: str, text: str = "", column: int = 0) -> None:
        self.text = text
        self.column = column
        pointer = where = ""
        if text:                     # a column only means something with the text it points into
            where = f" (column {column})"
            # a window of the text around the column (inputs may be huge)
            lo = max(0, column - 40)
            hi = min(len(text), column + 40)
            shown = ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")
            pointer = "\n  " + shown + "\n  " + " " * (column - lo + (1 if lo else 0)) + "^"
        super().__init__(f"{message}{where}{pointer}")


class GroupTooLargeError(SymequivError, ValueError):
    """An operation would have to enumerate a group that is too large (or infinite).

    >>> import symequiv as se
    >>> try:
    ...     se.groups.enumerate_elements(se.MatrixGroup(discrete=[[[1, 1], [0, 1]]]))
    ... except GroupTooLargeError:
    ...     print('too large')
    too large
    """


class ProblemTooLargeError(SymequivError, ValueError):
    """A solve would exceed the configured size limit.

    >>> import symequiv as se
    >>> W = se.V(se.SO(3)) + se.Scalar
    >>> try:
    ...     se.equivariant_basis(W * W, W * W, max_unknowns=10)
    ... except ProblemTooLargeError:
    ...     print('too large')
    too large
    """


class BudgetExceededError(ProblemTooLargeError):
    """A solve stopped at its ``max_seconds`` / ``max_memory`` budget (or was refused because
    its estimate exceeds it); the message says how far it got.

    >>> issubclass(BudgetExceededError, ProblemTooLargeError)
    True
    """


class CacheError(SymequivError, OSError):
    """The on-disk cache could not be used.

    >>> issubclass(CacheError, OSError)
    True
    """


class InvalidArgumentError(SymequivError, ValueError):
    """An option outside its range (e.g. ``samples=0`` for an equivariance check, which would
    check nothing).

    >>> import symequiv as se
    >>> try:
    ...     se.testing.assert_equivariant(lambda x: x, se.V(se.S(3)), se.V(se.S(3)), samples=0)
    ... except InvalidArgumentError as e:
    ...     print('samples' in str(e))
    True
    """


class ComplexificationWarning(UserWarning):
    """A real representation met a complex one (in ``+``, ``*``, ``>>`` or a Hom space) and
    was complexified: the result is complex and its Hom spaces are counted over C.  Realify
    the complex side (``rep.realify()``) to stay over R.

    >>> issubclass(ComplexificationWarning, UserWarning)
    True
    """


class SkippedBlocksWarning(UserWarning):
    """A layer left out some blocks to bound its size (``EquivariantBilinear``'s products
    ``a ⊗ b → c`` with ``a.size * b.size * c.size > max_block``): the maps it spans are a
    subspace of the equivariant ones.  The layer's ``skipped`` attribute lists them.

    >>> issubclass(SkippedBlocksWarning, UserWarning)
    True
    """
