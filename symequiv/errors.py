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

__all__ = [
    "SymequivError",
    "NotExactError",
    "InvalidGeneratorError",
    "GroupMismatchError",
    "RepresentationError",
    "ParseError",
    "GroupTooLargeError",
    "ProblemTooLargeError",
    "CacheError",
]


class SymequivError(Exception):
    """Base class of every error symequiv raises on bad input."""


class NotExactError(SymequivError, TypeError):
    """A float (or another inexact value) was given where an exact value is required."""


class InvalidGeneratorError(SymequivError, ValueError):
    """Group generators of the wrong shape, singular, or not permutations."""


class GroupMismatchError(SymequivError, ValueError):
    """Representations of different groups were combined."""


class RepresentationError(SymequivError, ValueError):
    """A representation expression that does not make sense (negative power, ...)."""


class ParseError(SymequivError, ValueError):
    """A group or representation string that does not parse.

    Attributes
    ----------
    text : str
        The input.
    column : int
        0-based column of the offending character.
    """

    def __init__(self, message, text="", column=0):
        self.text = text
        self.column = column
        pointer = ""
        if text:
            pointer = "\n  " + text + "\n  " + " " * column + "^"
        super().__init__(f"{message} (column {column}){pointer}")


class GroupTooLargeError(SymequivError, ValueError):
    """An operation would have to enumerate a group that is too large (or infinite)."""


class ProblemTooLargeError(SymequivError, ValueError):
    """A solve would exceed the configured size limit."""


class CacheError(SymequivError, OSError):
    """The on-disk cache could not be used."""
