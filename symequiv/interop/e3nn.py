"""e3nn's irreducible representations of O(3), exactly, in e3nn's own basis.

e3nn (``e3nn.o3``) writes features as ``Irreps`` such as ``"2x0e + 1x1o + 1x2e"``: ``l`` is
the degree, ``e``/``o`` the parity under the inversion ``-I`` (``y`` means ``(-1)^l``).  Its
basis of the degree-``l`` irrep is the real spherical harmonics ``Y_l^m``, ``m = -l..l``, with
**y as the polar axis** (the azimuthal plane is ``(z, x)``), no Condon--Shortley phase and
*component* normalisation (mean of ``Y_l^m(x)^2`` over the unit sphere equal to 1); the
representation is fixed by ``Y(R x) = D(R) Y(x)``, so ``D`` of ``1o`` is ``R`` itself.

Here each ``Y_l^m = c_m P_m`` with ``P_m`` a harmonic polynomial with **rational**
coefficients (the standard real solid harmonic, axes renamed) and ``c_m = sqrt(q_m)``,
``q_m = 1 / mean(P_m^2)`` rational (sphere means of monomials are ratios of double
factorials).  The Lie-algebra generators act on the ``P_m`` by exact rational matrices
(``∇P · (A x)`` re-expanded in the ``P`` basis), and e3nn's basis is the diagonal rescaling
by the ``c_m``: its entries are rationals times ``sqrt(q_i / q_j)``.

* ``basis="e3nn"`` (default): the representation **in e3nn's basis, exact over the number
  field** ``Q(sqrt(q_i / q_j), ...)`` that these entries generate -- ``Q`` for ``l <= 1``,
  ``Q(√3)`` for ``l = 2``, ``Q(√6, √10)`` for ``l = 3``, ``Q(√2, √5, √7)`` for ``l = 4``.
  Fields of degree above :data:`MAX_FIELD_DEGREE` (``l >= 5``, or many degrees together) are
  refused with :class:`~symequiv.errors.ProblemTooLargeError`, which points to
* ``basis="rational"``: the same representation in the rational basis ``P_m`` (exact over
  ``Q`` for every ``l``), with :func:`to_e3nn` -- the diagonal change of basis, exact
  (SymPy square roots) or as float64 computed from the exact values -- and
  :func:`in_rational_basis`, which turns a function on e3nn's layout into one on this layout
  for the float test kit.

The representation is a sum of :class:`~symequiv.ExplicitRep` atoms of ``O(3)`` (parity acts
through its reflection generator ``diag(-1, 1, 1)``) or of ``SO(3)`` (parity ignored), so it
takes part in the rep algebra, the solver and the test kit like any representation.  Build all
the irreps one model uses in one call (so that they share one field).

>>> import symequiv as se
>>> R = rep("2x0e + 1x1o + 1x2e")
>>> R.size, str(R.sum_terms()[-1][0].field)
(10, 'QQ<sqrt(3)>')
>>> W, = hom_basis(("1o", "1o"), "0e")          # exact Clebsch--Gordan maps in e3nn's layout
>>> W.tolist()
[[1/3, 0, 0, 0, 1/3, 0, 0, 0, 1/3]]
"""

import re

import numpy as np
import sympy as sp

from .. import linalg
from ..errors import GroupMismatchError, ParseError, ProblemTooLargeError, RepresentationError
from ..groups.catalogue import O, SO
from ..reps.explicit import ExplicitRep
from ..reps.harmonics import harmonics, _rational_images, _substitute  # noqa: F401  (re-exported)

__all__ = ["rep", "hom_basis", "E3nnRep", "parse_irreps", "harmonics", "to_e3nn", "in_rational_basis", "MAX_FIELD_DEGREE",
           "MAX_L"]

#: Largest degree of the multiquadratic field of an exact representation in e3nn's basis (its
#: own limit: these fields are built from square roots only, so 8 is cheap here, unlike C(k)).
MAX_FIELD_DEGREE = 8
#: Largest irrep degree ``l`` built (the polynomials have ``O(l^2)`` terms each).
MAX_L = 12

_TERM = re.compile(r"^\s*(?:(\d+)\s*x\s*)?(\d+)\s*([eoy])\s*$")


def parse_irreps(irreps):
    """``[(mul, l, p), ...]`` from an e3nn irreps string (``"2x0e + 1x1o"``), an e3nn
    ``Irreps`` object, or a list of ``(mul, (l, p))`` pairs; ``p`` is +1 or -1.

    >>> parse_irreps("2x0e + 1o + 1x2y")
    [(2, 0, 1), (1, 1, -1), (1, 2, 1)]
    """
    if not isinstance(irreps, str):
        if hasattr(irreps, "__iter__") and not hasattr(irreps, "D_from_matrix"):
            out = []
            for item in irreps:
                try:
                    mul, (l, p) = item
                except (TypeError, ValueError):
                    raise ParseError(f"irreps entry {item!r} is not (mul, (l, p)).") from None
                if not all(isinstance(x, int) and not isinstance(x, bool) for x in (mul, l, p)):
                    raise ParseError(f"irreps entry {item!r}: mul, l and p must be ints.")
                out.append((mul, l, p))
            return _checked(out, irreps)
        irreps = str(irreps)
    if len(irreps) > 10_000:
        raise ParseError(f"irreps string of {len(irreps)} characters is too long (limit 10000).")
    out = []
    for term in irreps.split("+"):
        m = _TERM.match(term)
        if not m:
            raise ParseError(f"cannot read irreps term {term.strip()!r} in {irreps!r}: expected "
                             f"'MULxLP' such as '2x1o' or '1e' (P is e, o or y).")
        mul, l = int(m.group(1) or 1), int(m.group(2))
        p = {"e": 1, "o": -1, "y": (-1) ** l}[m.group(3)]
        out.append((mul, l, p))
    return _checked(out, irreps)


def _checked(out, text):
    for mul, l, p in out:
        if mul < 0 or l < 0 or p not in (1, -1):
            raise ParseError(f"bad irrep (mul={mul}, l={l}, p={p}) in {text!r}: need mul >= 0, "
                             f"l >= 0, p = +1 or -1.")
        if l > MAX_L:
            raise ProblemTooLargeError(f"irrep degree l = {l} exceeds the limit MAX_L = {MAX_L} of "
                                       f"symequiv.interop.e3nn (raise it if you need more).")
    return [t for t in out if t[0] > 0]


class E3nnRep(ExplicitRep):
    """One e3nn irrep ``(l, p)`` as an :class:`~symequiv.ExplicitRep` of O(3) or SO(3) that also
    knows the exact image of **any** exact element (a rational 3x3 matrix of the group, e.g. from
    :func:`~symequiv.testing.exact_element`), by substituting it into the harmonic polynomials.

    >>> from symequiv.testing import exact_element
    >>> import symequiv as se
    >>> D = exact_element(se.O(3), 2).rho(rep("2e"))
    >>> linalg.is_identity(D.matmul(D.transpose()))          # orthogonal, exactly, over Q(√3)
    True
    """

    __slots__ = ("_l", "_p", "_ratios", "_roots")

    def __init__(self, group, l, p, ratios, K, roots, name, solve_hint=None):
        gkey = "O(3)" if group == O(3) else "SO(3)"
        lie, disc = _rational_images(l, gkey)
        sign = p * (-1) ** l                       # e3nn: D(g) = p · D_l(-g) for det g = -1
        dm = [_matrix(M * sign, ratios, K, roots) for M in disc]
        lm = [_matrix(M, ratios, K, roots) for M in lie]
        super().__init__(group, dm, lm, name, field=K)
        for k, v in (("_l", l), ("_p", p), ("_ratios", tuple(ratios)), ("_roots", roots)):
            object.__setattr__(self, k, v)

    @property
    def solve_hint(self):
        """What to do when the solver refuses this rep's number field."""
        return ("for e3nn irreps, solve in the rational basis (rep(irreps, basis='rational')) or "
                "get the exact basis in e3nn's layout with symequiv.interop.e3nn.hom_basis")

    def rho(self, g):
        try:
            return super().rho(g)
        except RepresentationError:
            pass
        M = sp.Matrix(linalg.to_lists(g))
        if M.shape != (3, 3) or not all(v.is_Rational for v in M):
            raise RepresentationError(f"{self} needs a rational 3x3 matrix of {self.group!r}, got {g!r}.")
        det = M.det()
        if M.T * M != sp.eye(3) or (det != 1 and self.group == SO(3)):
            raise RepresentationError(
                f"{M.tolist()} is not an element of {self.group!r} (it must satisfy MᵀM = I"
                + (" and det M = 1" if self.group == SO(3) else "") + ").")
        D = _substitute(self._l, M)
        if det < 0:
            D = D * (self._p * (-1) ** self._l)
        return _matrix(D, self._ratios, self.field, self._roots)


def _group(group):
    if group is None:
        return O(3), "O(3)"
    if group == O(3):
        return group, "O(3)"
    if group == SO(3):
        return group, "SO(3)"
    raise GroupMismatchError(f"e3nn irreps are representations of O(3) or SO(3), not {group!r}.")


def _squarefree(r):
    """The squarefree integer ``s`` with ``sqrt(r) ∈ Q·sqrt(s)``."""
    r = sp.Rational(r)
    return int(sp.sqrt(r.p * r.q).as_coeff_Mul()[1] ** 2)


def _field_degree(terms):
    """Degree of ``Q(sqrt(q_m / q_0) : all terms)``, a multiquadratic field, found before
    building it."""
    return linalg.quadratic_field_degree(qi / harmonics(l)[1][0] for _, l, _ in terms
                                         for qi in harmonics(l)[1])


def _field(terms):
    vals = []
    for _, l, _ in terms:
        _, q = harmonics(l)
        vals += [sp.sqrt(q[i] / q[0]) for i in range(len(q))]
    return linalg.number_field(vals)


def _matrix(M, ratios, K, roots):
    """``M_ij · sqrt(ratios_i / ratios_j)`` over ``K``; ``roots`` caches ``sqrt(s)`` in ``K`` for
    squarefree ``s`` (each converted once: SymPy's conversion into a compositum is slow)."""
    n = M.shape[0]
    dod = {}
    for i in range(n):
        for j in range(n):
            v = M[i, j]
            if v == 0:
                continue
            r = sp.Rational(ratios[i] / ratios[j])
            k, s = sp.sqrt(r.p * r.q).as_coeff_Mul()          # sqrt(r) = k sqrt(s) / r.q
            c = sp.Rational(v) * k / r.q
            if s == 1:
                x = K.convert(c) if K.is_QQ else K.from_sympy(c)
            else:
                if s not in roots:
                    roots[s] = K.from_sympy(s)
                x = K.from_sympy(c) * roots[s]
            dod.setdefault(i, {})[j] = x
    return linalg.DomainMatrix(dod, (n, n), K)


def rep(irreps, group=None, basis="e3nn"):
    """The representation ``irreps`` (e3nn notation) of ``group`` (``O(3)`` by default, or
    ``SO(3)``), exact, in e3nn's basis (``basis="e3nn"``) or in the rational harmonic basis
    (``basis="rational"``); see the module docstring.

    Raises
    ------
    ParseError
        For a malformed irreps string.
    ProblemTooLargeError
        If e3nn's basis needs a number field of degree above :data:`MAX_FIELD_DEGREE`
        (the message names the field and suggests ``basis="rational"``), or ``l > MAX_L``.
    GroupMismatchError
        For a group other than O(3) and SO(3).

    >>> import numpy as np, symequiv as se
    >>> V = rep("1o")
    >>> [linalg.to_lists(M) for M in V.generator_images[0]] == [linalg.to_lists(se.O(3).discrete_generators[0])]
    True
    """
    G, gkey = _group(group)
    terms = parse_irreps(irreps)
    if basis not in ("e3nn", "rational"):
        raise ParseError(f"basis must be 'e3nn' or 'rational', got {basis!r}.")
    if basis == "e3nn":
        deg = _field_degree(terms)
        if deg > MAX_FIELD_DEGREE:
            roots = sorted({_squarefree(qi / harmonics(l)[1][0]) for _, l, _ in terms
                            for qi in harmonics(l)[1]} - {1})
            raise ProblemTooLargeError(
                f"e3nn's basis of {irreps!r} needs the number field Q({', '.join(f'√{r}' for r in roots)}) "
                f"of degree {deg} (limit MAX_FIELD_DEGREE = {MAX_FIELD_DEGREE}); use basis='rational' (exact over Q, "
                f"with to_e3nn / in_rational_basis for e3nn's layout).")
        K = _field(terms)
    else:
        K = linalg.QQ
    out, roots = None, {}
    for mul, l, p in terms:
        _, q = harmonics(l)
        ratios = q if basis == "e3nn" else [1] * len(q)
        label = f"{l}{'e' if p == 1 else 'o'}"
        name = f"e3nn({label})" if basis == "e3nn" else f"e3nn_rational({label})"
        atom = E3nnRep(G, l, p, ratios, K, roots, name)
        term = atom if mul == 1 else mul * atom
        out = term if out is None else out + term
    if out is None:
        raise ParseError(f"irreps {irreps!r} is empty.")
    return out


def hom_basis(irreps_in, irreps_out, group=None):
    """An exact basis of the equivariant linear maps ``irreps_in → irreps_out`` in e3nn's
    layout: SymPy matrices of shape ``(dim out, dim in)`` with entries in ``Q(√…)``.
    ``irreps_in`` may be a tuple of irreps for their tensor product (row-major, as
    ``torch.kron``): the Clebsch--Gordan maps, proportional to ``e3nn.o3.wigner_3j``.  Solved
    over ``Q`` in the rational basis and mapped by the diagonal change of basis
    (``W_e3nn = S_out W S_in⁻¹``), so every degree up to :data:`MAX_L` works (no number field).

    >>> [W.tolist() for W in hom_basis("1x1o", "1x1o + 1x1e")]
    [[[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 0, 0]]]
    >>> W, = hom_basis(("1o", "1o"), "1e")          # the cross product
    >>> W.tolist()[0]
    [0, 0, 0, 0, 0, sqrt(3)/3, 0, -sqrt(3)/3, 0]
    """
    from ..solve import equivariant_basis
    G, _ = _group(group)
    factors = irreps_in if isinstance(irreps_in, tuple) else (irreps_in,)
    if not factors:
        raise ParseError("irreps_in is an empty tuple.")
    r_in = rep(factors[0], G, "rational")
    s_in = to_e3nn(factors[0], exact=True)
    for f in factors[1:]:
        r_in = r_in * rep(f, G, "rational")
        s_in = sp.kronecker_product(s_in, to_e3nn(f, exact=True))
    B = equivariant_basis(r_in, rep(irreps_out, G, "rational"))
    s_out = to_e3nn(irreps_out, exact=True)
    s_in_inv = sp.diag(*[1 / s_in[i, i] for i in range(s_in.shape[0])])
    return [(s_out * B.map(k).to_Matrix() * s_in_inv).applyfunc(sp.radsimp) for k in range(B.dim)]


def to_e3nn(irreps, exact=False):
    """The diagonal change of basis ``S`` from the rational basis to e3nn's: a feature ``v`` in
    the layout of ``rep(irreps, basis="rational")`` is ``S v`` in e3nn's layout.  Exact
    (a SymPy diagonal of square roots) with ``exact=True``, else float64 computed from them.

    >>> to_e3nn("1x0e + 1x1o").tolist()
    [1.0, 1.7320508075688772, 1.7320508075688772, 1.7320508075688772]
    """
    vals = []
    for mul, l, _ in parse_irreps(irreps):
        _, q = harmonics(l)
        vals += [sp.sqrt(x) for x in q] * mul
    if exact:
        return sp.diag(*vals)
    return np.array([float(v) for v in vals])


def in_rational_basis(fn, irreps_in, irreps_out):
    """``fn`` (a function on e3nn's layout, e.g. an e3nn module) as a function on the layout of
    ``rep(..., basis="rational")``: ``x ↦ S_out⁻¹ fn(S_in x)``, with float64 scalings computed
    from the exact square roots, cast to the input's dtype.

    >>> import numpy as np
    >>> f = in_rational_basis(lambda x: x, "1o", "1o")
    >>> f(np.ones((1, 3))).tolist()
    [[1.0, 1.0, 1.0]]
    """
    s_in, s_out = to_e3nn(irreps_in), to_e3nn(irreps_out)

    def wrapped(x):
        try:
            import torch
            if isinstance(x, torch.Tensor):
                return fn(x * torch.as_tensor(s_in, dtype=x.dtype, device=x.device)) \
                    / torch.as_tensor(s_out, dtype=x.dtype, device=x.device)
        except ImportError:                                     # pragma: no cover
            pass
        return np.asarray(fn(x * s_in)) / s_out
    return wrapped

