"""Irreducible representations by name: SO(2), O(2), SO(3), O(3), SU(2) (spin) and U(1).

* ``SO(2)``: integer frequency ``k`` -- ``R(θ) ↦ R(kθ)`` on R² (``k = 0``: the trivial rep);
* ``O(2)``: ``(k, sign)`` -- for ``k >= 1`` the 2-dim rep (the reflection acts as on V); for
  ``k = 0`` the trivial (``sign = +1``) or determinant (``sign = -1``) rep;
* ``SO(3)``: degree ``l``; ``O(3)``: ``l`` with parity, as an int pair or an e3nn label
  (``"2e"``, ``"1o"``; ``"y"`` is ``(-1)^l``) -- exact, rational, on the harmonic polynomials of
  :mod:`symequiv.reps.harmonics`; :func:`irrep_embedding` is the exact intertwiner into
  ``V^{⊗l}`` (the harmonic polynomial as a symmetric traceless tensor).  ``SO(3)`` has no
  inversion, so it reads an O(3) label as its restriction: ``"1o"`` and ``"1e"`` are both
  degree 1 (as in :mod:`symequiv.interop.e3nn`), and ``repr`` shows the bare degree;
* ``SU(2)``: spin ``j`` = 0, 1/2, 1, ... (an int, a ``Fraction`` or ``"3/2"``), complex, on the
  ``J_z`` eigenbasis of :mod:`symequiv.reps.spin`;
* ``S(n)``: a partition ``λ`` of ``n`` -- the Specht module in Young's seminormal form
  (:mod:`symequiv.reps.specht`); :func:`symequiv.irreps_of` lists the irreducibles of any
  finite group;
* ``U(1)``: integer charge ``q`` -- ``e^{iθ} ↦ e^{iqθ}`` on C (complex for ``q ≠ 0``);
* :func:`irreps` reads multiplicity strings ``"2x0e + 1x1o + 1x2e"`` for SO(3) / O(3).

>>> import symequiv as se
>>> R = irreps("2x0e + 1x1o + 1x2e", se.O(3))
>>> R.size, se.equivariant_basis(R, R).dim
(10, 6)
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from .. import linalg
from ..errors import GroupMismatchError, ParseError
from ..groups.catalogue import O, SO, S as _S
from ..groups.base import Group
from .core import Rep
from .explicit import ExplicitRep, with_full_name
from .harmonics import harmonics, _rational_images, _X

__all__ = ["irrep", "irreps", "irrep_embedding"]


def _factorial(n):
    from math import factorial
    return factorial(n) if n <= 20 else -1       # larger symmetric groups: the catalogue S(n)

_LABEL = re.compile(r"^\s*(\d+)\s*([eoy])\s*$")


def _q_matrix(M):
    return linalg.matrix([[sp.Rational(v) for v in row] for row in M.tolist()])


def _so3_label(G, label):
    import numpy as np
    if isinstance(label, np.integer):          # as SU(2) and U(1) accept them
        label = int(label)
    if isinstance(label, tuple) and len(label) == 2:
        label = tuple(int(x) if isinstance(x, np.integer) else x for x in label)
    if isinstance(label, str):
        m = _LABEL.match(label)
        if not m:
            raise ParseError(f"cannot read the irrep label {label!r}: expected e.g. '2e', '1o' or an int l.")
        l = int(m.group(1))
        p = {"e": 1, "o": -1, "y": (-1) ** l}[m.group(2)]
    elif isinstance(label, tuple) and len(label) == 2:
        l, p = label
    elif isinstance(label, int) and not isinstance(label, bool):
        l, p = label, (-1) ** label          # O(3) default: the parity of the harmonic polynomials
    else:
        raise ParseError(f"irrep label {label!r}: expected an int l, (l, parity) or '2e'.")
    if not isinstance(l, int) or isinstance(l, bool) or l < 0 or isinstance(p, bool) \
            or p not in (1, -1):
        raise ParseError(f"irrep label {label!r}: l must be an int >= 0 and the parity ±1.")
    from ..interop.e3nn import MAX_L
    if l > MAX_L:
        from ..errors import ProblemTooLargeError
        raise ProblemTooLargeError(f"irrep degree l = {l} exceeds symequiv.interop.e3nn.MAX_L = {MAX_L}.")
    return l, p


@contextmanager
def _labelled(G, what):
    """Prefix a label error with the group and how its irreps are named (``Z(3)`` is A(3) on
    its three points, so a message about partitions needs that context)."""
    try:
        yield
    except ParseError as e:
        message = e.args[0].rsplit(" (column ", 1)[0] if e.text else e.args[0]
        raise ParseError(f"irrep({G!r}, ...): {G!r} is {what}. {message}", e.text, e.column) from None


def irrep(G: Group, label: int | str | Fraction | Sequence[int]) -> ExplicitRep:
    """The irreducible representation ``label`` of ``G`` (SO(2), O(2), SO(3), O(3), SU(2), U(1),
    S(n) by partition, A(n) by partition or ``(partition, ±1)``), exact.

    ``repr`` of the result is a text the string parser reads back (``se.rep``, ``Basis.save``),
    the label in a canonical form; ``str`` is the short name.

    >>> import symequiv as se
    >>> irrep(se.SO(3), 2).size, irrep(se.O(2), (0, -1)).size
    (5, 1)
    >>> R = irrep(se.O(3), (1, -1))
    >>> print(repr(R), str(R), se.rep(repr(R)) == R)
    irrep(O(3),'1o') irrep(1o) True
    """
    rep = _irrep(G, label)
    return with_full_name(rep, f"irrep({G!r},{_label_text(G, label)})")


def _label_text(G, label):
    """The canonical parseable text of ``label``, already accepted by :func:`_irrep` (the same
    order of cases)."""
    from ..groups.permutation import PermGroup
    from ..groups.unitary import SU
    from .specht import _partition
    if G == SO(2) or G == O(2):
        k, sign = (label, 1) if G == SO(2) else label
        return str(k) if G == SO(2) else f"[{k},{sign if k == 0 else 1}]"
    if G == SO(3) or G == O(3):
        l, p = _so3_label(G, label)
        return str(l) if G == SO(3) else f"'{l}{'e' if p == 1 else 'o'}'"
    if isinstance(G, PermGroup) and (G == _S(G.degree) or G.order() == _factorial(G.degree)):
        return "[" + ",".join(map(str, _partition(label))) + "]"
    if G == SU(2):
        from .spin import spin_value
        v = spin_value(label)
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if G.is_continuous:                                    # U(1): an integer charge
        return str(int(label))
    from .alternating import _label, conjugate_partition
    lam, sign = _label(label, G.degree)                    # A(n)
    if sign is not None:
        return f"[[{','.join(map(str, lam))}],{sign}]"
    return "[" + ",".join(map(str, max(lam, conjugate_partition(lam)))) + "]"


def _irrep(G, label):
    if G == SO(2) or G == O(2):
        if G == SO(2):
            k, sign = label, 1
        else:
            if not (isinstance(label, tuple) and len(label) == 2):
                raise ParseError(f"O(2) irreps are labelled (k, sign), got {label!r}.")
            k, sign = label
        if not isinstance(k, int) or isinstance(k, bool) or k < 0 or isinstance(sign, bool) \
                or sign not in (1, -1):
            raise ParseError(f"irrep label {label!r}: k must be an int >= 0 and sign ±1.")
        if k == 0:
            disc = [linalg.matrix([[sign]])] if G == O(2) else []
            return ExplicitRep(G, disc, [linalg.zeros(1, 1)], f"irrep({k}{'' if sign > 0 else ', -1'})")
        J = G.lie_generators[0]
        lie = [J * linalg.QQ(k)]
        disc = [G.discrete_generators[0]] if G == O(2) else []
        return ExplicitRep(G, disc, lie, f"irrep({k})")
    if G == SO(3) or G == O(3):
        l, p = _so3_label(G, label)
        lie, disc = _rational_images(l, "O(3)" if G == O(3) else "SO(3)")
        sign = p * (-1) ** l
        name = f"irrep({l}{'e' if p == 1 else 'o'})" if G == O(3) else f"irrep({l})"
        return ExplicitRep(G, [_q_matrix(M * sign) for M in disc], [_q_matrix(M) for M in lie], name)
    from ..groups.unitary import SU, U
    from ..groups.permutation import PermGroup
    if isinstance(G, PermGroup) and (G == _S(G.degree) or G.order() == _factorial(G.degree)):
        from .specht import specht, _partition     # S(n): the Specht module of a partition
        with _labelled(G, f"the symmetric group S({G.degree}) on its points: its irreps are "
                          f"labelled by partitions of {G.degree}"):
            lam = _partition(label)
            if sum(lam) != G.degree:
                raise ParseError(f"{list(lam)} is a partition of {sum(lam)}, not of {G.degree} "
                                 f"(its Specht module is a rep of S({sum(lam)})).")
            return specht(label, G)
    if G == SU(2):
        from .spin import spin
        return spin(label, G)
    if G == U(1):
        import numpy as np
        if isinstance(label, np.integer):
            label = int(label)
        if not isinstance(label, int) or isinstance(label, bool):
            raise ParseError(f"U(1) irreps are labelled by an integer charge q, got {label!r}.")
        A = G.lie_generators[0] * G.domain.convert(linalg.QQ(label))
        return ExplicitRep(G, [], [A], f"irrep({label})")
    from .alternating import is_alternating, alternating_irrep
    if is_alternating(G):                      # A(n): restricted Specht modules
        n = getattr(G, "degree", "n")
        with _labelled(G, f"the alternating group A({n}) on its points: its irreps are "
                          f"labelled by partitions of {n} (a self-conjugate one as "
                          f"(partition, 1) or (partition, -1))"):
            return alternating_irrep(label, G)
    raise GroupMismatchError(f"irreps by name exist for SO(2), O(2), SO(3), O(3), SU(2), U(1), "
                             f"S(n) and A(n) (partitions), not {G!r}; for any finite group "
                             f"se.irreps_of(G) lists its irreducibles.")


def irreps(text: str, G: Group) -> Rep:
    """A sum of SO(3) / O(3) irreps from a multiplicity string ``"2x0e + 1x1o + 1x2e"``.

    >>> import symequiv as se
    >>> irreps("1x1o + 2x0e", se.O(3)).size
    5
    """
    if not isinstance(text, str):
        raise ParseError(f"irreps needs a string such as '2x0e + 1x1o', got {type(text).__name__}.")
    out: Rep | None = None
    r: Rep
    for term in text.split("+"):
        m = re.match(r"^\s*(?:(\d+)\s*x\s*)?(\d+\s*[eoy])\s*$", term)
        if not m:
            raise ParseError(f"cannot read the term {term.strip()!r} of {text!r}: expected e.g. '2x1o'.")
        mul = int(m.group(1) or 1)
        if mul < 1:
            continue
        r = irrep(G, m.group(2).replace(" ", ""))
        r = r if mul == 1 else mul * r
        out = r if out is None else out + r
    if out is None:
        raise ParseError(f"irreps {text!r} is empty.")
    return out


def irrep_embedding(G: Group, label: int | str | Sequence[int]) -> linalg.DomainMatrix:
    """The exact intertwiner from ``irrep(G, label)`` (SO(3) / O(3), degree ``l``) into
    ``V^{⊗l}``: column ``m`` is the harmonic polynomial ``P_m`` as a symmetric traceless tensor,
    scaled by ``q_m`` (which makes it equivariant in the rational basis).  For O(3) the parity
    must be that of ``V^{⊗l}``, ``(-1)^l``.

    >>> import symequiv as se
    >>> from symequiv.testing import assert_intertwiner
    >>> E = irrep_embedding(se.SO(3), 2)
    >>> assert_intertwiner(E, irrep(se.SO(3), 2), se.V(se.SO(3)) ** 2)
    """
    from math import factorial
    if not isinstance(G, Group) or not (G == SO(3) or G == O(3)):
        raise GroupMismatchError(
            f"irrep_embedding embeds the irreps of SO(3) and O(3) into tensor powers of their "
            f"vector rep, not those of {G!r}; for another group, se.equivariant_basis("
            f"irrep, se.V(G) ** l) gives every intertwiner.")
    l, p = _so3_label(G, label)
    if G == O(3) and p != (-1) ** l:
        raise ParseError(f"V^{{⊗{l}}} has parity {(-1) ** l:+d}; the irrep {label!r} does not embed in it.")
    P, q = harmonics(l)
    cols = []
    poly: Any
    for Pm, qm in zip(P, q):
        poly = sp.Poly(Pm, *_X) if l else None
        col = []
        for idx in range(3 ** l):
            digits = [(idx // 3 ** (l - 1 - s)) % 3 for s in range(l)]
            alpha = tuple(digits.count(i) for i in range(3))
            coeff = poly.coeff_monomial(alpha) if l else Pm
            mult = factorial(l) // (factorial(alpha[0]) * factorial(alpha[1]) * factorial(alpha[2]))
            col.append(sp.Rational(coeff) / mult * qm)
        cols.append(col)
    return linalg.matrix([[cols[m][i] for m in range(len(P))] for i in range(3 ** l)])
