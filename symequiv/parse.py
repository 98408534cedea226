"""Safe parsing of group and representation expressions (a small grammar, no ``eval``).

``repr`` of every group and representation is valid input here, so
``parse(repr(x)) == x``.

Examples
--------
>>> import symequiv as se
>>> se.group("SO(3)*S(5)")
SO(3)*S(5)
>>> print(se.rep("30*Scalar+10*V+3*V**2+V**3", "SO(3)"))
30*Scalar+10*V+3*V**2+V**3
>>> se.rep("V(S(4)) >> V(S(4))").size
16
"""

from __future__ import annotations

import re
from fractions import Fraction

from . import limits
from .errors import ParseError, ProblemTooLargeError, SymequivError
from . import groups as _groups
from .groups.base import Group
from .reps.core import Rep, Scalar, V, T, Restrict

__all__ = ["group", "rep"]

_TOKEN = re.compile(r"\s*(?:(?P<num>[0-9]+)|(?P<str>'[A-Za-z0-9]{1,8}'|\"[A-Za-z0-9]{1,8}\")|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|>>|[-+*/()\[\],=.]))")

_GROUPS = {
    "S": ((int,), _groups.S), "A": ((int,), _groups.A), "Z": ((int,), _groups.Z),
    "SO": ((int,), _groups.SO), "O": ((int,), _groups.O), "Sp": ((int,), _groups.Sp),
    "SL": ((int,), _groups.SL), "GL": ((int,), _groups.GL), "Trivial": ((int,), _groups.Trivial),
    "SO13": ((), _groups.SO13), "O13": ((), _groups.O13), "Lorentz": ((), _groups.Lorentz),
    "Octahedral": ((), _groups.Octahedral), "FullOctahedral": ((), _groups.FullOctahedral),
    "Tetrahedral": ((), _groups.Tetrahedral), "RubiksCube": ((), _groups.RubiksCube),
    "C": ((int,), _groups.C), "D": ((int,), _groups.D),
    "Icosahedral": ((), _groups.Icosahedral), "FullIcosahedral": ((), _groups.FullIcosahedral),
    "IcosahedralFaces": ((), _groups.IcosahedralFaces),
    "SU": ((int,), _groups.SU), "U": ((int,), _groups.U), "SO13p": ((), _groups.SO13p),
    "SO11p": ((), _groups.SO11p), "O11": ((), _groups.O11), "Cube": ((), _groups.Cube),
    "ZksZnxZn": ((int, int), _groups.ZksZnxZn), "Scaling": ((int,), _groups.Scaling),
    "SO2eR3": ((), _groups.SO2eR3), "O2eR3": ((), _groups.O2eR3), "DkeR3": ((int,), _groups.DkeR3),
}


_NAMED = ("irrep", "irreps_of", "Induced", "Quotient", "Res")


def _tokenize(text):
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {type(text).__name__}")
    if len(text) > limits.MAX_TEXT:
        raise ParseError(f"the text has {len(text):,} characters, over the limit "
                         f"symequiv.limits.MAX_TEXT = {limits.MAX_TEXT:,} (raise it if you mean it).")
    toks, pos = [], 0
    text_stripped = text.rstrip()
    while pos < len(text_stripped):
        m = _TOKEN.match(text_stripped, pos)
        if not m or m.end() == pos:
            col = pos + (len(text_stripped[pos:]) - len(text_stripped[pos:].lstrip()))
            raise ParseError(f"unexpected character {text_stripped[col]!r}", text, col)
        kind = m.lastgroup
        start = m.start(kind)
        if kind == "num" and len(m.group(kind)) > limits.MAX_DIGITS:
            raise ParseError(f"an integer literal of {len(m.group(kind)):,} digits, over the limit "
                             f"symequiv.limits.MAX_DIGITS = {limits.MAX_DIGITS:,} (raise it if you mean "
                             f"it)", text, start)
        toks.append((kind, m.group(kind), start))
        pos = m.end()
    toks.append(("end", "", len(text_stripped)))
    return toks


class _Parser:
    def __init__(self, text, context=None):
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.context = context
        self.depth = 0

    def nest(self, tok):
        """Enter one level of parentheses / brackets (the parser recurses once per level)."""
        self.depth += 1
        if self.depth > limits.MAX_DEPTH:
            self.error(f"nesting deeper than symequiv.limits.MAX_DEPTH = {limits.MAX_DEPTH} levels of "
                       f"parentheses or brackets", tok)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.depth -= 1
        return False

    # -- helpers
    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def error(self, msg, tok=None):
        tok = tok or self.peek()
        raise ParseError(msg, self.text, tok[2])

    def take(self, value=None, kind=None):
        tok = self.peek()
        if (value is not None and tok[1] != value) or (kind is not None and tok[0] != kind):
            want = repr(value) if value is not None else kind
            got = "end of input" if tok[0] == "end" else repr(tok[1])
            self.error(f"expected {want}, found {got}")
        self.i += 1
        return tok

    def accept(self, value):
        if self.peek()[1] == value and self.peek()[0] != "end":
            self.i += 1
            return True
        return False

    def finish(self):
        if self.peek()[0] != "end":
            self.error(f"unexpected {self.peek()[1]!r}")

    def guarded(self, tok, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (ParseError, ProblemTooLargeError):       # a size refusal keeps its own type
            raise
        except SymequivError as e:
            raise ParseError(str(e), self.text, tok[2]) from None

    # -- values
    def number(self):
        neg = self.accept("-")
        tok = self.take(kind="num")
        n = int(tok[1])
        if self.accept("/"):
            d = int(self.take(kind="num")[1])
            if d == 0:
                self.error("division by zero", tok)
            v = Fraction(n, d)
            v = v.numerator if v.denominator == 1 else v
        else:
            v = n
        return -v if neg else v

    def value(self):
        tok = self.peek()
        if tok[1] == "[":
            self.take("[")
            items = []
            with self.nest(tok):
                if not self.accept("]"):
                    items.append(self.value())
                    while self.accept(","):
                        items.append(self.value())
                    self.take("]")
            return items
        if tok[0] == "num" or tok[1] in ("-", "(") or tok[1] == "sqrt":
            return self.entry()
        self.error(f"expected a number or a list, found {tok[1]!r}")

    # -- exact matrix entries: integers, + - * / **, parentheses and sqrt(...), no eval
    def entry(self):
        """An exact entry; rational results come back as int / Fraction, algebraic ones as
        SymPy numbers (e.g. ``sqrt(2)/2``, as a number-field ``MatrixGroup`` prints them)."""
        v = self._esum()
        if v.is_Rational:
            v = Fraction(int(v.p), int(v.q))
            return v.numerator if v.denominator == 1 else v
        return v

    def _esum(self):
        v = self._eprod()
        while self.peek()[1] in ("+", "-"):
            tok = self.take()
            w = self._eprod()
            v = v + w if tok[1] == "+" else v - w
            self._bounded(v, tok)
        return v

    def _eprod(self):
        v = self._eunary()
        while self.peek()[1] in ("*", "/"):
            op, tok = self.peek()[1], self.take()
            w = self._eunary()
            if op == "/" and w == 0:
                self.error("division by zero", tok)
            v = v * w if op == "*" else v / w
            self._bounded(v, tok)
        return v

    def _bounded(self, v, tok):
        """Refuse an entry whose value grows past ``MAX_DIGITS`` (a running size estimate, so
        long products of allowed powers cannot build a huge number)."""
        if v.is_Rational:
            big = max(abs(int(v.p)), int(v.q))
            if big.bit_length() > 3.33 * limits.MAX_DIGITS:
                self.error(f"this entry grows past symequiv.limits.MAX_DIGITS = {limits.MAX_DIGITS:,} "
                           f"digits", tok)
        else:
            from sympy import Pow, Rational
            if v.count_ops() > 200 or any(a.exp.is_Integer and abs(a.exp) > 64 for a in v.atoms(Pow)):
                self.error("this algebraic entry has more than 200 operations or a power above 64; "
                           "write it in a simpler closed form (an exact number in a small number "
                           "field)", tok)
            if any(max(abs(int(r.p)), int(r.q)).bit_length() > 3.33 * limits.MAX_DIGITS
                   for r in v.atoms(Rational)):
                self.error(f"this entry has a coefficient past symequiv.limits.MAX_DIGITS = "
                           f"{limits.MAX_DIGITS:,} digits", tok)

    def _eunary(self):
        sign = 1
        while self.peek()[1] in ("-", "+"):          # a loop: any number of signs, no recursion
            if self.take()[1] == "-":
                sign = -sign
        v = self._eatom()
        if self.accept("**"):
            neg = self.accept("-")
            ktok = self.take(kind="num")
            k = int(ktok[1])
            if v not in (0, 1, -1) and k > 1:
                if not v.is_Rational and k > 64:
                    self.error("an algebraic number raised to a power above 64: write the result in "
                               "closed form", ktok)
                if v.is_Rational:
                    size = max(limits.digits(v.p), limits.digits(v.q))
                    if k > 10 * limits.MAX_DIGITS or k * size > limits.MAX_DIGITS:
                        self.error(f"this power has about {k * size:,} digits, over the limit "
                                   f"symequiv.limits.MAX_DIGITS = {limits.MAX_DIGITS:,}", ktok)
            if neg and k and v == 0:
                self.error("division by zero (0 to a negative power)", ktok)
            v = v ** (-k if neg else k)
            self._bounded(v, ktok)
        return v if sign > 0 else -v

    def _eatom(self):
        from sympy import Integer, sqrt
        tok = self.peek()
        if tok[0] == "num":
            self.take()
            if self.peek()[1] == ".":
                self.error("decimal numbers are not exact; write a fraction such as 3/2, or "
                           "sqrt(...) for a square root", self.peek())
            return Integer(int(tok[1]))
        if self.accept("("):
            with self.nest(tok):
                v = self._esum()
                self.take(")")
            return v
        if tok[1] == "sqrt":
            self.take()
            self.take("(")
            with self.nest(tok):
                v = self._esum()
                self.take(")")
            if v < 0:
                self.error("sqrt of a negative number is not real", tok)
            return sqrt(v)
        self.error(f"expected a number, '(' or sqrt(...), found {tok[1]!r}", tok)

    # -- groups
    def gexpr(self):
        g = self.gatom()
        while self.peek()[1] == "*" and self.peek(1)[0] == "name":
            self.take("*")
            g = g * self.gatom()
        return g

    def gatom(self):
        tok = self.take(kind="name")
        name = tok[1]
        if name == "PermutationGroup":
            return self._call(tok, _groups.PermutationGroup, ["generators", "degree"])
        if name == "WallpaperGroup":          # WallpaperGroup('p4m', 16): a symbol, then n
            self.take("(")
            if self.peek()[0] != "str":
                self.error("WallpaperGroup needs a quoted symbol, e.g. WallpaperGroup('p4m', 8)",
                           self.peek())
            sym = self.take(kind="str")[1][1:-1]
            self.take(",")
            n = self.number()
            self.take(")")
            return self.guarded(tok, _groups.WallpaperGroup, sym, n)
        if name == "Embed":                   # Embed(D(4),3,slice(0,2)), as Embed prints itself
            self.take("(")
            with self.nest(tok):
                G = self.gexpr()
                self.take(",")
                d = self.number()
                self.take(",")
                self.take("slice")
                self.take("(")
                a = self.number()
                self.take(",")
                b = self.number()
                self.take(")")
                self.take(")")
            return self.guarded(tok, _groups.Embed, G, d, (a, b))
        if name == "MatrixGroup":
            return self._call(tok, _groups.MatrixGroup, ["discrete", "lie_algebra", "d"])
        if name not in _GROUPS:
            self.error(f"unknown group {name!r}; known: {', '.join(sorted(_GROUPS))}, "
                       f"PermutationGroup, MatrixGroup, WallpaperGroup, Embed", tok)
        sig, fn = _GROUPS[name]
        args = []
        if self.accept("("):
            for k in range(len(sig)):
                if k:
                    self.take(",")
                args.append(self.number())
            self.take(")")
        elif sig:
            self.error(f"{name} needs {len(sig)} argument{'s' if len(sig) > 1 else ''}, "
                       f"e.g. {name}({', '.join(['4'] * len(sig))})")
        return self.guarded(tok, fn, *args)

    def _call(self, tok, fn, names):
        self.take("(")
        args, kwargs = [], {}
        if not self.accept(")"):
            while True:
                if self.peek()[0] == "name" and self.peek(1)[1] == "=":
                    kt = self.take(kind="name")
                    if kt[1] not in names:
                        self.error(f"unknown argument {kt[1]!r}; expected one of {names}", kt)
                    if kt[1] in kwargs:
                        self.error(f"argument {kt[1]!r} given twice", kt)
                    self.take("=")
                    kwargs[kt[1]] = self.value()
                else:
                    args.append(self.value())
                if not self.accept(","):
                    break
            self.take(")")
        import inspect
        try:                          # the arguments' count and names, before the call
            inspect.signature(fn).bind(*args, **kwargs)
        except TypeError as e:
            self.error(f"{tok[1]}(...): {e}; its arguments are {', '.join(names)}", tok)
        return self.guarded(tok, fn, *args, **kwargs)

    # -- reps
    def rexpr(self):
        r = self.rsum()
        while self.peek()[1] == ">>":
            tok = self.take(">>")
            r = self.guarded(tok, lambda a, b: self._need_rep(a, tok) >> self._need_rep(b, tok), r, self.rsum())
        return r

    def _need_rep(self, x, tok):
        if not isinstance(x, Rep):
            self.error(f"{x!r} is a number, not a representation", tok)
        return x

    def rsum(self):
        r = self.rprod()
        while self.peek()[1] == "+":
            tok = self.take("+")
            rhs = self.rprod()
            r = self.guarded(tok, lambda a, b: self._need_rep(a, tok) + self._need_rep(b, tok), r, rhs)
        return r

    def rprod(self):
        r = self.rpow()
        while self.peek()[1] == "*":
            tok = self.take("*")
            rhs = self.rpow()
            r = self.guarded(tok, lambda a, b: a * b, r, rhs)
        return r

    def rpow(self):
        r = self.rpost()
        if self.peek()[1] == "**":
            tok = self.take("**")
            k = int(self.take(kind="num")[1])
            r = self.guarded(tok, lambda: self._need_rep(r, tok) ** k)
        return r

    def rpost(self):
        r = self.rprim()
        while self.peek()[1] == ".":
            tok = self.take(".")
            t = self.take(kind="name")
            if t[1] == "T":
                r = self._need_rep(r, tok).T
            elif t[1] in ("conj", "realify"):       # complex reps: rep.conj(), rep.realify()
                self.take("(")
                self.take(")")
                rep_ = self._need_rep(r, tok)
                r = self.guarded(t, getattr(rep_, t[1]))
            else:
                self.error(f"unknown attribute {t[1]!r}; allowed: .T (dual), .conj(), .realify()", t)
        return r

    def _ctx(self, tok):
        inside = getattr(self, "inside", None)
        if self.context is None and inside is not None:
            self.error(f"inside {inside}(...) the rep names its own group (the group passed to "
                       f"rep() is not the one it restricts or induces from): write "
                       + ("Res(V(O(3)),Octahedral())" if inside == "Res" else
                          "Induced(V(H),G) with H a subgroup of G"), tok)
        if self.context is None:
            self.error(f"'{tok[1]}' needs a group: write V(SO(3)) or pass the group, "
                       f"e.g. rep('2*V', 'SO(3)')", tok)
        return self.context

    def rprim(self):
        tok = self.peek()
        if tok[0] == "num":
            self.i += 1
            return int(tok[1])
        if tok[1] == "(":
            self.take("(")
            with self.nest(tok):
                r = self.rexpr()
                self.take(")")
            return r
        if tok[0] != "name":
            self.error("expected a representation (V, Scalar, T(p,q), a number or '(')")
        self.i += 1
        name = tok[1]
        if name == "Scalar":
            return Scalar
        if name == "V":
            if self.accept("("):
                G = self.gexpr()
                factor = None
                if self.accept(","):
                    factor = int(self.take(kind="num")[1])
                self.take(")")
                return self.guarded(tok, V, G, factor)
            if self.accept("["):
                factor = int(self.take(kind="num")[1])
                self.take("]")
                return self.guarded(tok, V, self._ctx(tok), factor)
            return self.guarded(tok, V, self._ctx(tok))
        if name == "T":
            self.take("(")
            p = int(self.take(kind="num")[1])
            q = 0
            G = None
            if self.accept(","):
                if self.peek()[0] == "num":
                    q = int(self.take(kind="num")[1])
                    if self.accept(","):
                        G = self.gexpr()
                else:
                    G = self.gexpr()
            self.take(")")
            return self.guarded(tok, T, p, q, G or self._ctx(tok))
        if name in ("Sym", "Wedge"):           # Sym(V,2), Wedge(V**2+V,3): a rep, then k
            from .reps import symmetric
            self.take("(")
            with self.nest(tok):
                inner = self._need_rep(self.rexpr(), tok)
                self.take(",")
                k = int(self.take(kind="num")[1])
                self.take(")")
            return self.guarded(tok, getattr(symmetric, name), inner, k)
        if name == "Regular":
            from .reps.explicit import Regular
            if self.accept("("):
                G = self.gexpr()
                self.take(")")
            else:
                G = self._ctx(tok)
            return self.guarded(tok, Regular, G)
        if name == "PermRep":                  # PermRep(G,[[1,0,2],[1,2,0]])
            from .reps.explicit import PermRep
            self.take("(")
            with self.nest(tok):
                G = self.gexpr()
                self.take(",")
                perms = self.value()
                self.take(")")
            if not (isinstance(perms, list) and all(isinstance(p, list) for p in perms)):
                self.error("PermRep needs a list of permutations, one per generator", tok)
            return self.guarded(tok, PermRep, G, perms)
        if name == "Restrict":
            self.take("(")
            if self.peek()[0] == "name":
                G = self.gexpr()
                self.take(",")
            else:
                G = self._ctx(tok)
            a = int(self.take(kind="num")[1])
            self.take(",")
            b = int(self.take(kind="num")[1])
            self.take(")")
            return self.guarded(tok, Restrict, G, a, b)
        if name in _NAMED:
            return self._named(tok, name)
        self.error(f"unknown representation {name!r}; use V, Scalar, T(p,q), Regular, PermRep, Sym, "
                   f"Wedge, irrep, irreps_of, Induced, Quotient, Res", tok)

    def _named(self, tok, name):
        """The reps of a named constructor, written as their ``repr``: ``irrep(SO(3),2)``
        (``irrep(2)`` with a group given), ``irreps_of(Z(4))[d1_0]``, ``Induced(rep,G)``,
        ``Quotient(G,H)``, ``Res(rep,H)``."""
        from .reps import finite_irreps, induced, irreps, restriction
        self.take("(")
        with self.nest(tok):
            if name == "irrep":
                if self.peek()[0] == "name":
                    G = self.gexpr()
                    self.take(",")
                else:
                    G = self._ctx(tok)
                label = self._label()
                self.take(")")
                return self.guarded(tok, irreps.irrep, G, label)
            if name in ("Induced", "Res"):                 # the inner rep names its own group
                outer, self.context = self.context, None
                was, self.inside = getattr(self, "inside", None), name
                try:
                    inner = self._need_rep(self.rexpr(), tok)
                finally:
                    self.context, self.inside = outer, was
                self.take(",")
                G = self.gexpr()
                self.take(")")
                fn = induced.Induced if name == "Induced" else restriction.restrict
                return self.guarded(tok, fn, inner, G)
            G = self.gexpr()
            if name == "Quotient":
                self.take(",")
                H = self.gexpr()
                self.take(")")
                return self.guarded(tok, induced.Quotient, G, H)
            self.take(")")                                     # irreps_of(G)[label]
        self.take("[")
        label = self.take(kind="name")
        self.take("]")
        found = [i.rep for i in self.guarded(tok, finite_irreps.irreps_of, G) if i.label == label[1]]
        if not found:
            self.error(f"{G!r} has no irreducible labelled {label[1]!r}; se.irreps_of(G) lists "
                       f"the labels", label)
        return found[0]

    def _label(self):
        """An irrep label: a number (``1/2`` too), a quoted string (``'1o'``) or a list, read
        as a tuple (``[2,2]``, ``[0,-1]``, ``[[2,2],1]``)."""
        if self.peek()[0] == "str":
            return self.take()[1][1:-1]

        def tup(v):
            return tuple(tup(x) for x in v) if isinstance(v, list) else v
        return tup(self.value())


def group(text: str | Group) -> Group:
    """Parse a group expression such as ``"SO(3)"`` or ``"SO(3)*S(5)"``.

    >>> group("O(3)").order() is None
    True
    """
    if isinstance(text, Group):
        return text
    p = _Parser(text)
    if p.peek()[0] == "end":
        p.error("empty group expression")
    g = p.gexpr()
    p.finish()
    return g


def rep(text: str | Rep, group: Group | str | None = None) -> Rep:
    """Parse a representation expression.  Bare ``V`` and ``T(p,q)`` refer to ``group``
    (a :class:`Group` or a group expression string).

    >>> rep("V**2 >> V", "SO(3)").size
    27
    """
    G = _group_arg(group)
    if isinstance(text, Rep):
        return _same_group(text, G)
    p = _Parser(text, G)
    if p.peek()[0] == "end":
        p.error("empty representation expression")
    tok = p.peek()
    r = p.rexpr()
    p.finish()
    if not isinstance(r, Rep):
        p.error(f"{r!r} is a number, not a representation (did you mean {r}*Scalar?)", tok)
    return _same_group(r, G)


def _same_group(r, G):
    """``r``, unless it names a group other than the ``group`` argument (which would then be
    silently ignored, and a result labelled with the wrong group)."""
    if G is not None and r.group is not None and r.group != G:
        from .errors import GroupMismatchError
        raise GroupMismatchError(
            f"the representation {r!r} belongs to {r.group!r}, not to the group given, {G!r}. "
            f"Write it with bare V (then it is a rep of {G!r}), or pass group={r.group!r}.")
    return r


def _group_arg(g):
    if g is None or isinstance(g, Group):
        return g
    return globals()["group"](g)
