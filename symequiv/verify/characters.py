"""Characters evaluated through a rep's structure: sums add, tensor products multiply.

Shared by the character roads (:mod:`.burnside`, :mod:`.weyl`); nothing here knows a solver.

>>> import symequiv as se
>>> character(se.V(se.S(4)) ** 2 + se.Scalar, (2,))
5
"""

from ..reps.core import ScalarRep, DefiningRep, DualRep, SumRep, ProductRep, RestrictedRep

__all__ = ["character"]


def _blocks(rep, out):
    if isinstance(rep, RestrictedRep):
        out.add((rep._start, rep._stop))
    for r, _ in getattr(rep, "_runs", ()):
        _blocks(r, out)
    return out


def _fold(rep, atom, one, add, mul, conj=None):
    """Evaluate a character through the rep's structure: ``atom`` gives the value on a defining
    (or restricted) rep, sums add, tensor products multiply, a dual has the conjugate character
    (``conj``; the same one when characters are real)."""
    if isinstance(rep, ScalarRep):
        return one
    if isinstance(rep, (DefiningRep, RestrictedRep)):
        return atom(rep)
    if isinstance(rep, DualRep):
        v = _fold(rep._inner, atom, one, add, mul, conj)
        return v if conj is None else conj(v)
    if isinstance(rep, SumRep):
        out = None
        for r, m in rep.sum_terms():
            v = _fold(r, atom, one, add, mul, conj)
            for _ in range(m):
                out = v if out is None else add(out, v)
        return out
    if isinstance(rep, ProductRep):
        out = one
        for r, p in rep.runs:
            v = _fold(r, atom, one, add, mul, conj)
            for _ in range(p):
                out = mul(out, v)
        return out
    raise TypeError(type(rep))


def character(rep, traces, blocks=(), conj=None):
    """Character of ``rep`` at an element whose factor traces are ``traces`` (followed by
    the fixed-point counts of the ``blocks`` of restricted permutation reps).

    >>> import symequiv as se
    >>> V = se.V(se.S(4))
    >>> character(V**2 + se.Scalar, (2,))
    5
    """
    def atom(r):
        if isinstance(r, RestrictedRep):
            return traces[1 + blocks.index((r._start, r._stop))]
        return traces[r.factor or 0]
    return _fold(rep, atom, 1, lambda a, b: a + b, lambda a, b: a * b, conj)
