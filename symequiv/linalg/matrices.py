"""Exact matrices: construction from user values, products, conversion, fields.

Every exact matrix in symequiv is a SymPy ``DomainMatrix`` over ``QQ`` (python-flint supplies
the fast ground type) or over an algebraic number field ``QQ<α>`` (SymPy's ``AlgebraicField``):
:func:`number_field` finds the field of a set of exact SymPy numbers, and every operation here
unifies ``QQ`` with such a field.  Floats are refused in every domain with a typed error.

Examples
--------
>>> from symequiv import linalg
>>> linalg.to_lists(linalg.kron(linalg.matrix([[1, 2]]), linalg.identity(1)))
[[1, 2]]
"""

from typing import Any
from fractions import Fraction
import numbers

import numpy as np
from sympy import QQ, Rational, Integer, sqrt  # noqa: F401  (Rational, Integer: doctests)
from sympy.matrices import MatrixBase as _SympyMatrixBase
from sympy.core.numbers import Float as _SympyFloat
from sympy.core.expr import Expr as _SympyExpr
from sympy.polys.matrices import DomainMatrix

from ..errors import NotExactError, InvalidGeneratorError


__all__ = [
    "QQ", "DomainMatrix", "scalar", "matrix", "identity", "zeros", "perm_matrix",
    "is_perm_matrix_of", "kron", "kron_perm", "kronsum", "block_diag", "hstack", "vstack", "transpose", "inverse",
    "is_zero", "to_lists", "to_numpy", "key", "from_key", "is_identity", "trace", "number_field",
    "unify", "to_float", "field_text", "field_key", "quadratic_field_degree",
]

_FIELD_KEYS: dict[Any, str] = {}


def _reduce_algebraic_field(K):
    """Pickle a SymPy ``AlgebraicField`` without ``_converter``, the closure SymPy caches on the
    field at its first conversion back to an expression: pickle cannot write a local function,
    so every group, representation and layer over ``QQ<α>`` became unpicklable (``torch.save``
    of a model included) once any element had been printed.  The cache is rebuilt on use.

    >>> import pickle
    >>> K = number_field([sqrt(5)])
    >>> _ = K.to_sympy(K.convert(sqrt(5)))           # caches the converter on K
    >>> pickle.loads(pickle.dumps(K)) == K
    True
    """
    reduced = list(K.__reduce_ex__(4))
    if isinstance(reduced[2], dict) and "_converter" in reduced[2]:
        reduced[2] = {k: v for k, v in reduced[2].items() if k != "_converter"}
    return tuple(reduced)


def _register_field_pickling():
    import copyreg
    from sympy.polys.domains.algebraicfield import AlgebraicField
    copyreg.pickle(AlgebraicField, _reduce_algebraic_field)


_register_field_pickling()


def field_key(K):
    """A string naming the domain ``K``, for cache keys: computed once per field.

    Printing a number field costs about 0.3 ms (SymPy prints its primitive element); equal
    fields hash and compare cheaply, so the text is memoised on the field itself.

    >>> field_key(QQ), field_key(number_field([sqrt(5)]))
    ('QQ', 'QQ<sqrt(5)>')
    """
    try:
        return _FIELD_KEYS[K]
    except KeyError:
        text = _FIELD_KEYS[K] = str(K)
        return text


def _describe(where):
    return f" at {where}" if where else ""


def _make(domain, p, q=1):
    return domain(p, q) if domain.is_QQ else domain.convert_from(QQ(p, q), QQ)


def scalar(value, where="", domain=QQ):
    """Convert one exact value to an element of ``domain``.

    Accepted: ``int`` (and numpy integers), ``fractions.Fraction``, SymPy
    ``Integer``/``Rational``.  Floats raise :class:`NotExactError`.

    >>> scalar(Fraction(1, 3))
    1/3
    """
    if isinstance(value, (bool, np.bool_)):
        raise NotExactError(
            f"value {value!r}{_describe(where)} is a bool, not a number: write 1 and 0 (a bool "
            f"array usually means a mask or an adjacency test was passed by mistake).")
    if isinstance(value, (int, np.integer)):
        return _make(domain, int(value))
    if isinstance(value, Fraction):
        return _make(domain, value.numerator, value.denominator)
    if isinstance(value, (Integer, Rational)):
        return _make(domain, int(value.p), int(value.q))
    if type(value) is type(domain.one):
        if domain.is_QQ or getattr(value, "mod", None) == domain.mod:
            return value
        raise NotExactError(f"value {value!r}{_describe(where)} lies in another number field than {domain}.")
    if isinstance(value, _SympyExpr) and not value.has(_SympyFloat) and value.is_number:
        if value.is_Rational:
            return _make(domain, int(value.p), int(value.q))
        if not domain.is_QQ:
            try:
                return domain.from_sympy(value)
            except Exception:
                pass
        raise NotExactError(
            f"the number {value}{_describe(where)} is not in the field {domain}: build the group with "
            f"exact entries from one number field (e.g. sympy.sqrt(5)); a float is never accepted.")
    if isinstance(value, (float, np.floating, _SympyFloat)) or isinstance(value, numbers.Real):
        raise NotExactError(
            f"inexact value {value!r}{_describe(where)}: symequiv needs exact numbers. "
            f"Pass an int, fractions.Fraction(p, q) or sympy.Rational(p, q) instead "
            f"(e.g. Fraction(1, 2) rather than 0.5)."
        )
    if isinstance(value, (complex, np.complexfloating)):
        raise NotExactError(
            f"complex float {value!r}{_describe(where)}: symequiv needs exact numbers. Write "
            f"complex entries with sympy.I (e.g. 1 + 2*sympy.I), or use se.SU(n) / se.U(n).")
    raise NotExactError(
        f"unsupported value {value!r} of type {type(value).__name__}{_describe(where)}: "
        f"expected an int, fractions.Fraction or sympy.Rational."
    )


def matrix(rows, where="matrix", domain=QQ):
    """Build a sparse exact matrix from nested lists, a numpy integer array,
    a SymPy ``Matrix`` or a ``DomainMatrix``.

    >>> matrix([[1, 0], [0, Fraction(1, 2)]]).shape
    (2, 2)
    """
    if isinstance(rows, DomainMatrix):
        if rows.domain != domain:
            rows = rows.convert_to(domain)
        return rows.to_sparse()
    if isinstance(rows, _SympyMatrixBase):
        rows = rows.tolist()
    if isinstance(rows, np.ndarray):
        if rows.dtype.kind == "f" or rows.dtype.kind == "c":
            bad = tuple(int(i) for i in np.argwhere(rows != np.round(rows))[0]) if np.any(rows != np.round(rows)) else (0, 0)
            raise NotExactError(
                f"{where} is a numpy array of dtype {rows.dtype} (e.g. entry {bad} = {rows[bad]!r}): "
                f"floats are not exact. Pass an integer array, or nested lists of ints / "
                f"fractions.Fraction / sympy.Rational"
                + (" (complex entries: sympy.I)." if rows.dtype.kind == "c" else ".")
            )
        if rows.ndim != 2:
            raise InvalidGeneratorError(f"{where} must be 2-dimensional, got shape {rows.shape}.")
        rows = rows.tolist()
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in rows):
        raise InvalidGeneratorError(
            f"{where} must be a list of rows (a list of lists), got {type(rows).__name__}."
        )
    nrows = len(rows)
    ncols = len(rows[0]) if nrows else 0
    dod = {}
    for i, row in enumerate(rows):
        if len(row) != ncols:
            raise InvalidGeneratorError(
                f"{where} is ragged: row 0 has {ncols} entries but row {i} has {len(row)}."
            )
        drow = {}
        for j, v in enumerate(row):
            x = scalar(v, where=f"{where}[{i}][{j}]", domain=domain)
            if x:
                drow[j] = x
        if drow:
            dod[i] = drow
    return DomainMatrix(dod, (nrows, ncols), domain)


def identity(n, domain=QQ):
    """Sparse ``n x n`` identity.

    >>> identity(2).to_Matrix()
    Matrix([
    [1, 0],
    [0, 1]])
    """
    one = domain.one
    return DomainMatrix({i: {i: one} for i in range(n)}, (n, n), domain)


def zeros(m, n, domain=QQ):
    """Sparse zero matrix of shape ``(m, n)``.

    >>> zeros(2, 3).shape
    (2, 3)
    """
    return DomainMatrix({}, (m, n), domain)


def perm_matrix(perm, domain=QQ):
    """Permutation matrix in the destination convention: ``P[p[i], i] = 1``.

    >>> to_lists(perm_matrix([1, 2, 0]))
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    """
    one = domain.one
    n = len(perm)
    return DomainMatrix({int(perm[i]): {i: one} for i in range(n)}, (n, n), domain)


def is_perm_matrix_of(M, perm):
    """Whether the exact matrix ``M`` is :func:`perm_matrix` of ``perm`` (read off its
    nonzeros: no second matrix is built).

    >>> is_perm_matrix_of(perm_matrix([1, 2, 0]), [1, 2, 0]), is_perm_matrix_of(identity(3), [1, 2, 0])
    (True, False)
    """
    p = np.asarray(perm, dtype=np.int64)
    rows = _dod(M)
    if M.shape != (p.size, p.size) or len(rows) != p.size:
        return False
    one = M.domain.one
    for r, cols in rows.items():                   # column i holds a single 1, in row p[i]
        if len(cols) != 1:
            return False
        (c, v), = cols.items()
        if v != one or p[c] != r:
            return False
    return True


def _dod(M):
    return M.rep.to_sdm() if hasattr(M.rep, "to_sdm") else M.to_sparse().rep


def kron(A, B):
    """Kronecker product in ``numpy.kron`` order (the index of ``A`` is the slow one).

    >>> to_lists(kron(matrix([[1, 2]]), identity(2)))
    [[1, 0, 2, 0], [0, 1, 0, 2]]
    """
    A, B = unify(A, B)
    (ma, na), (mb, nb) = A.shape, B.shape
    a, b = _dod(A.to_sparse()), _dod(B.to_sparse())
    out = {}
    for i, arow in a.items():
        for k, brow in b.items():
            row = {}
            for j, x in arow.items():
                base = j * nb
                for l, y in brow.items():
                    row[base + l] = x * y
            if row:
                out[i * mb + k] = row
    return DomainMatrix(out, (ma * mb, na * nb), A.domain)


def kron_perm(p, q):
    """Permutation of the Kronecker product of two permutation matrices (destination arrays):
    index ``(i, j)`` of ``numpy.kron`` order goes to ``(p[i], q[j])``.

    >>> kron_perm(np.array([1, 0]), np.array([0, 2, 1])).tolist()
    [3, 5, 4, 0, 2, 1]
    """
    return np.add.outer(np.asarray(p) * len(q), np.asarray(q)).ravel()


def kronsum(A, B):
    """Kronecker sum ``A (x) I + I (x) B``: the Lie-algebra action on a tensor product.

    >>> to_lists(kronsum(matrix([[1]]), matrix([[2]])))
    [[3]]
    """
    A, B = unify(A, B)
    return kron(A, identity(B.shape[0], B.domain)) + kron(identity(A.shape[0], A.domain), B)


def block_diag(mats, domain=QQ):
    """Block-diagonal matrix of the given square or rectangular blocks.

    >>> block_diag([identity(1), matrix([[2]])]).shape
    (2, 2)
    """
    if mats:
        mats = unify(*mats)
        if not mats[0].domain.is_QQ:
            domain = mats[0].domain
    out = {}
    r0 = c0 = 0
    for M in mats:
        for i, row in _dod(M.to_sparse()).items():
            out[r0 + i] = {c0 + j: x for j, x in row.items()}
        r0 += M.shape[0]
        c0 += M.shape[1]
    return DomainMatrix(out, (r0, c0), domain)


def hstack(mats):
    """Horizontal concatenation.

    >>> hstack([identity(2), zeros(2, 1)]).shape
    (2, 3)
    """
    mats = unify(*mats)
    return mats[0].hstack(*mats[1:]) if len(mats) > 1 else mats[0]


def vstack(mats):
    """Vertical concatenation.

    >>> vstack([identity(2), zeros(1, 2)]).shape
    (3, 2)
    """
    mats = unify(*mats)
    return mats[0].vstack(*mats[1:]) if len(mats) > 1 else mats[0]


def transpose(M):
    """Transpose (stays sparse).

    >>> to_lists(transpose(matrix([[1, 2]])))
    [[1], [2]]
    """
    return M.transpose()


def inverse(M):
    """Exact inverse of a square matrix; raises :class:`InvalidGeneratorError` if singular.

    >>> to_lists(inverse(matrix([[2, 0], [0, 4]])))
    [[Fraction(1, 2), 0], [0, Fraction(1, 4)]]
    """
    from .elimination import rank          # elimination builds on this module
    if M.shape[0] != M.shape[1] or rank(M) < M.shape[0]:
        raise InvalidGeneratorError("matrix is singular: it has no inverse.")
    return M.to_dense().inv().to_sparse()


def is_zero(M):
    """True if every entry is zero.

    >>> is_zero(zeros(2, 2)), is_zero(identity(1))
    (True, False)
    """
    return M.to_sparse().nnz() == 0


def is_identity(M):
    """True if ``M`` is a square identity matrix.

    >>> is_identity(identity(3)), is_identity(zeros(3, 3))
    (True, False)
    """
    return M.shape[0] == M.shape[1] and M.to_sparse() == identity(M.shape[0], M.domain)


def trace(M):
    """Exact trace.

    >>> trace(matrix([[1, 5], [7, Fraction(1, 2)]]))
    3/2
    """
    d = _dod(M.to_sparse())
    return sum((row.get(i, M.domain.zero) for i, row in d.items()), M.domain.zero)


# --- number fields through rational arithmetic ---------------------------------------------


def to_lists(M):
    """Dense nested lists of Python ints / ``Fraction``s (for display and tests); over a
    number field the entries are exact SymPy numbers.

    >>> to_lists(matrix([[Fraction(1, 2)]]))
    [[Fraction(1, 2)]]
    """
    m, n = M.shape
    K = M.domain
    out = [[0] * n for _ in range(m)]
    for i, row in _dod(M.to_sparse()).items():
        for j, x in row.items():
            if K.is_QQ:
                num, den = int(x.numerator), int(x.denominator)
                out[i][j] = num if den == 1 else Fraction(num, den)
            else:
                out[i][j] = K.to_sympy(x)
    return out


_ALPHA: dict[str, Any] = {}


def to_float(x, domain=QQ):
    """The float nearest to an exact element (rational or algebraic): the float edge.

    >>> K = number_field([sqrt(5)])
    >>> round(to_float(K.from_sympy((1 + sqrt(5)) / 2), K), 12)
    1.61803398875
    """
    if domain.is_QQ:
        return int(x.numerator) / int(x.denominator)
    import mpmath
    key = field_key(domain)
    if key not in _ALPHA:
        with mpmath.workdps(60):
            _ALPHA[key] = mpmath.mpf(domain.ext.evalf(60))
    alpha = _ALPHA[key]
    with mpmath.workdps(60):
        v = mpmath.mpf(0)
        for c in x.to_list():                     # highest degree first
            v = v * alpha + mpmath.mpf(int(c.numerator)) / int(c.denominator)
        return float(v)


def to_numpy(M, dtype=np.float64):
    """Dense numpy array (the float edge: rounding happens here and only here).

    >>> to_numpy(matrix([[Fraction(1, 4)]]))
    array([[0.25]])
    """
    m, n = M.shape
    K = M.domain
    if dtype != object and (np.dtype(dtype).kind == "c" or not _real_field(K)):
        from .complex import to_complex_numpy, is_real_matrix
        if np.dtype(dtype).kind == "c":
            return to_complex_numpy(M, dtype)
        if not is_real_matrix(M):
            raise NotExactError(
                f"the matrix has non-real entries (field {field_text(K)}), so it has no "
                f"{np.dtype(dtype).name} image: ask for a complex dtype (numpy.complex128), or "
                f"realify() the representations for real weights.")
        return to_complex_numpy(M).real.astype(dtype)
    out = np.zeros((m, n), dtype=dtype)
    memo = {}
    for i, row in _dod(M.to_sparse()).items():
        for j, x in row.items():
            if dtype == object:
                out[i, j] = (Fraction(int(x.numerator), int(x.denominator)) if K.is_QQ
                             else K.to_sympy(x))
            elif K.is_QQ:
                out[i, j] = int(x.numerator) / int(x.denominator)
            else:
                c = _coeffs(x, K)              # each distinct value is evaluated once
                if c not in memo:
                    memo[c] = to_float(x, K)
                out[i, j] = memo[c]
    return out


def _real_field(K):
    from .complex import is_real_field
    return is_real_field(K)


def _coeffs(x, K):
    if K.is_QQ:
        return (int(x.numerator), int(x.denominator))
    return tuple((int(c.numerator), int(c.denominator)) for c in x.to_list())


def _from_coeffs(c, K):
    if K.is_QQ:
        p, q = c
        return K(int(p), int(q))
    return K([QQ(int(p), int(q)) for p, q in c])


def key(M):
    """A hashable, deterministic description of ``M``: its shape and sorted nonzeros
    as ``(i, j, numerator, denominator)`` (over a number field, ``(i, j, coefficients)``
    with the coefficients of the field's primitive element, highest power first).

    >>> key(matrix([[0, Fraction(1, 2)]]))
    ((1, 2), ((0, 1, 1, 2),))
    """
    K = M.domain
    items = []
    for i, row in sorted(_dod(M.to_sparse()).items()):
        for j, x in sorted(row.items()):
            items.append((i, j) + _coeffs(x, K) if K.is_QQ else (i, j, _coeffs(x, K)))
    return (tuple(M.shape), tuple(items))


def from_key(k, domain=QQ):
    """Inverse of :func:`key`.

    >>> from_key(key(identity(2))) == identity(2)
    True
    """
    (m, n), items = k
    dod = {}
    for item in items:
        i, j = item[0], item[1]
        dod.setdefault(i, {})[j] = _from_coeffs(item[2:] if domain.is_QQ else item[2], domain)
    return DomainMatrix(dod, (m, n), domain)


def quadratic_field_degree(radicands):
    """Degree of ``Q(sqrt(r) : r in radicands)`` for rationals ``r``, without building the
    field: 2 to the rank over GF(2) of the prime-parity vectors of their squarefree parts
    (a radicand too large to factor quickly counts as a new prime: an upper bound then).

    >>> from fractions import Fraction
    >>> quadratic_field_degree([2, 3, 6, Fraction(1, 8), 4])      # Q(√2, √3)
    4
    """
    from sympy import factorint
    basis = {}                                  # leading prime -> reduced vector (a set of primes)
    for r in radicands:
        r = Rational(r)
        n = abs(int(r.p)) * int(r.q)
        vec = {p for p, e in factorint(n).items() if e % 2} if n < 10 ** 30 else {("big", str(r))}
        while vec:
            lead = max(vec, key=str)
            if lead not in basis:
                basis[lead] = vec
                break
            vec = vec ^ basis[lead]
    return 2 ** len(basis)


def number_field(values):
    """The smallest field ``QQ`` or ``QQ<α>`` containing the given exact SymPy numbers.

    >>> number_field([(1 + sqrt(5)) / 4, sqrt(5)])
    QQ<sqrt(5)>
    >>> number_field([Rational(1, 2)])
    QQ
    >>> number_field([sqrt(2) / 2])
    QQ<sqrt(2)>
    """
    irr = []
    seen = set()
    for v in values:
        if isinstance(v, _SympyExpr) and v.is_number and not v.is_Rational:
            if v.has(_SympyFloat):
                raise NotExactError(f"{v} contains a float; use exact numbers such as sympy.sqrt(5).")
            sq = v * v
            if sq.is_Rational:         # r*sqrt(k): the field is generated by sqrt(squarefree part)
                v = sqrt(int(sq.p) * int(sq.q)).as_coeff_Mul()[1]
            t = str(v)
            if t not in seen:
                seen.add(t)
                irr.append(v)
    if not irr:
        return QQ
    irr.sort(key=lambda v: (len(str(v)), str(v)))        # simplest generator first
    K = None
    try:
        for v in irr:
            if K is not None:
                try:
                    K.from_sympy(v)
                    continue
                except Exception:
                    pass
            K = QQ.algebraic_field(v) if K is None else QQ.algebraic_field(K.ext.as_expr(), v)
    except Exception as e:
        raise NotExactError(f"could not build a number field from {irr[:3]}...: {e}. Entries must be "
                            f"algebraic numbers (roots of rational polynomials), e.g. sympy.sqrt(5).")
    return QQ if K.mod.degree() <= 1 else K


def unify(*mats):
    """The matrices converted to one common domain (``QQ`` joins any number field).

    >>> K = number_field([sqrt(5)])
    >>> [M.domain for M in unify(identity(1), identity(1, K))]
    [QQ<sqrt(5)>, QQ<sqrt(5)>]
    """
    doms = []                       # compared with ==: printing a number field costs ~0.3 ms
    for M in mats:
        if not M.domain.is_QQ and not any(M.domain == D for D in doms):
            doms.append(M.domain)
    if not doms:
        return list(mats)
    if len(doms) > 1:
        names = sorted(str(D) for D in doms)
        raise NotExactError(f"matrices over different number fields {names} cannot be combined.")
    (K,) = doms
    return [M if M.domain == K else M.convert_to(K) for M in mats]


def field_text(K):
    """A short description of a domain: ``'QQ'`` or ``'QQ(sqrt(5))'``.

    >>> field_text(number_field([sqrt(5)]))
    'QQ(sqrt(5))'
    """
    if K.is_QQ:
        return "QQ"
    if K not in _FIELD_TEXT:              # printing the primitive element costs milliseconds
        _FIELD_TEXT[K] = f"QQ({K.ext.as_expr()})"
    return _FIELD_TEXT[K]


_FIELD_TEXT: dict[Any, str] = {}
