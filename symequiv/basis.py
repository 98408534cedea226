"""The exact result of a solve: a certified basis of Hom_G(rep_in, rep_out).

Layout (EMLP's): ``B.shape == (rep_out.size * rep_in.size, B.dim)``; column
``k`` reshaped row-major to ``(rep_out.size, rep_in.size)`` is an equivariant
map ``W_k``.  The columns are canonical -- the reduced echelon basis of the
solution space (each column has a leading 1 at its pivot and 0 at the pivots of
the others, ordered by pivot) -- so equal problems give identical bytes.

Three storage forms: an orbit *colour map* (0/1 bases of permutation reps: one
integer per entry, ``-1`` where every column vanishes), sparse exact rows, or a
*Schur form* (:class:`symequiv.solve.schur.SchurForm`: exact change-of-basis matrices
and small endomorphism blocks) for problems too large to hold densely.  Schur-form
bases are ordered by block (irreducible, output copy, input copy, endomorphism), not
in echelon form; their dense forms are built only on request.

Examples
--------
>>> import symequiv as se
>>> V = se.V(se.S(3))
>>> B = se.equivariant_basis(V, V)
>>> B.shape, B.to_sympy().T.tolist()
((9, 2), [[1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 1, 1, 1, 0, 1, 1, 1, 0]])
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import TYPE_CHECKING, Any

import numpy as np

from . import linalg
from ._immutable import Immutable

if TYPE_CHECKING:
    import sympy
    import torch
    from numpy.typing import DTypeLike

    from .reps.core import Rep
    from .solve.schur import SchurForm
    from .verify.certificate import Certificate

__all__ = ["Basis"]


class Basis(Immutable):
    """Exact basis of equivariant maps (immutable).

    Attributes
    ----------
    rep_in, rep_out : Rep
    method : str
        How it was found (e.g. ``"blocks[orbits x2, nullspace x1]"``).
    seconds : float
        Wall time of the solve (0 when served from a cache).
    plan : Plan or tuple or None
        The cost model's choice: for one block a :class:`symequiv.solve.plan.Plan` (the road and
        every applicable road's estimate in seconds), for a sum of blocks a tuple of
        ``(rep_in, rep_out, Plan)`` per distinct block; None when loaded from disk.

    >>> import symequiv as se
    >>> B = se.equivariant_basis(se.V(se.SO(3)) ** 2, se.V(se.SO(3)))
    >>> B.dim, B.is_orbit_basis
    (1, False)
    """

    __slots__ = ("rep_in", "rep_out", "method", "seconds", "plan", "_colors", "_rows", "_schur", "_memo")
    rep_in: Rep
    rep_out: Rep
    method: str
    seconds: float
    plan: Any
    _colors: Any                      # np.ndarray when this is an orbit basis
    _rows: Any
    _schur: SchurForm | None
    _memo: dict[str, Any]

    def __init__(self, rep_in: Rep, rep_out: Rep, method: str, seconds: float = 0.0,
                 colors: np.ndarray | None = None, rows: linalg.DomainMatrix | None = None,
                 schur: SchurForm | None = None, plan: Any = None) -> None:
        if sum(x is not None for x in (colors, rows, schur)) != 1:
            raise ValueError("exactly one of colors / rows / schur")
        n = rep_in.size * rep_out.size
        width = rows.shape[1] if rows is not None else colors.size if colors is not None else n
        if width != n:              # entries past n_out·n_in would be ignored by some checks
            from .errors import RepresentationError
            raise RepresentationError(
                f"a basis of Hom({rep_in}, {rep_out}) has {n} entries per map, got {width}.")
        for name, val in (("rep_in", rep_in), ("rep_out", rep_out), ("method", method),
                          ("seconds", float(seconds)), ("plan", plan), ("_colors", colors), ("_rows", rows),
                          ("_schur", schur), ("_memo", {})):
            object.__setattr__(self, name, val)
        if colors is not None:
            colors.setflags(write=False)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Basis objects are immutable")

    # --- shape ------------------------------------------------------------------------
    @property
    def n_in(self) -> int:
        """Size of the input representation."""
        return self.rep_in.size

    @property
    def n_out(self) -> int:
        """Size of the output representation."""
        return self.rep_out.size

    @property
    def dim(self) -> int:
        """Dimension of Hom_G(rep_in, rep_out)."""
        if self._rows is not None:
            return self._rows.shape[0]
        if self._schur is not None:
            return self._schur.dim
        memo = self._memo
        if "dim" not in memo:
            memo["dim"] = int(self._colors.max()) + 1 if self._colors.size else 0
        return memo["dim"]

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_out * n_in, dim)``."""
        return (self.n_out * self.n_in, self.dim)

    @property
    def is_orbit_basis(self) -> bool:
        """True when stored as an orbit colour map (every column 0/1, disjoint supports)."""
        return self._colors is not None

    @property
    def is_schur_form(self) -> bool:
        """True when stored as change of basis + Schur blocks (see :attr:`schur`)."""
        return self._schur is not None

    @property
    def schur(self) -> SchurForm | None:
        """The :class:`~symequiv.solve.schur.SchurForm`, or ``None``."""
        return self._schur

    @property
    def colors(self) -> np.ndarray | None:
        """Integer colour of each entry of the flattened ``(n_out, n_in)`` map, ``-1`` where
        every basis map is zero; ``None`` unless this is an orbit (weight-sharing) basis."""
        return self._colors

    def rows(self) -> linalg.DomainMatrix:
        """The exact basis as a sparse ``DomainMatrix`` of shape ``(dim, n_out*n_in)``
        (one basis vector per row)."""
        if self._rows is not None:
            return self._rows
        memo = self._memo
        if "rows" not in memo and self._schur is not None:
            self._check_dense("exact rows")
            dod = {}
            for k in range(self.dim):
                row = {}
                for i, r in linalg._dod(self.map(k).to_sparse()).items():
                    for j, x in r.items():
                        row[i * self.n_in + j] = x
                dod[k] = row
            memo["rows"] = linalg.DomainMatrix(dod, (self.dim, self.n_out * self.n_in), self.domain)
        if "rows" not in memo:
            one = linalg.QQ.one
            dod = {}
            idx = np.flatnonzero(self._colors >= 0)
            for i, c in zip(idx.tolist(), self._colors[idx].tolist()):
                dod.setdefault(c, {})[i] = one
            memo["rows"] = linalg.DomainMatrix(dod, (self.dim, self._colors.size), linalg.QQ)
        return memo["rows"]

    # --- export -------------------------------------------------------------------------
    def to_sympy(self) -> sympy.Matrix:
        """Exact SymPy ``Matrix`` of shape ``(n_out*n_in, dim)``."""
        return self.rows().transpose().to_Matrix()

    def _check_dense(self, what):
        from .errors import ProblemTooLargeError
        size = self.dim * self.n_out * self.n_in
        if size > DENSE_ENTRIES:
            raise ProblemTooLargeError(
                f"the dense basis of Hom({self.rep_in}, {self.rep_out}) has {size} entries "
                f"({8 * size / 2**30:.1f} GiB as float64); {what} are built only up to "
                f"{DENSE_ENTRIES}. Use B.map(k) for single maps, B.schur for the block form, or "
                f"symequiv.nn.EquivariantLinear, which applies it as change of basis + block products.")

    @property
    def is_complex(self) -> bool:
        """True when a rep is complex (:mod:`symequiv.reps.complex`): the span is over C, the
        entries are exact over a complex field (Q(i)) and the float exports are complex."""
        return self.rep_in.is_complex or self.rep_out.is_complex

    def to_numpy(self, dtype: DTypeLike | None = None) -> np.ndarray:
        """Dense numpy array of shape ``(n_out*n_in, dim)``; floats are made here, at the edge.
        The default dtype is ``float64``, or ``complex128`` for a complex basis (a real dtype
        for a complex basis is a :class:`~symequiv.errors.NotExactError`)."""
        if dtype is None:
            dtype = np.complex128 if self.is_complex else np.float64
        _float_dtype(dtype, "to_numpy")
        if self._schur is not None:
            self._check_dense("dense arrays")
            F = self._schur
            kind = np.complex128 if not linalg.is_real_field(F.domain) else np.float64
            Qo, Qi = linalg.to_numpy(F.Q_out, kind), linalg.to_numpy(F.Q_in_inv, kind)
            out: np.ndarray = np.zeros((self.n_out, self.n_in, self.dim), dtype=kind)
            k = 0
            for b in F.blocks:
                u = b.dim
                ends = [linalg.to_numpy(E) for E in b.end]
                for oa in b.out_offsets:
                    for oc in b.in_offsets:
                        for E in ends:
                            out[:, :, k] = Qo[:, oa:oa + u] @ E @ Qi[oc:oc + u, :]
                            k += 1
            out = out.reshape(self.n_out * self.n_in, self.dim)
            if np.iscomplexobj(out) and np.dtype(dtype).kind != "c":
                # decided exactly: real iff every exact factor is real (then out.imag is rounding)
                mats = [F.Q_out, F.Q_in_inv] + [E for b in F.blocks for E in b.end]
                if not all(linalg.is_real_matrix(M) for M in mats):
                    from .errors import NotExactError
                    raise NotExactError(f"the basis of Hom({self.rep_in}, {self.rep_out}) is complex: "
                                        f"ask for numpy.complex128, or realify() the reps.")
                out = out.real
            return out.astype(dtype)
        if self._colors is not None:
            out = np.zeros(self.shape, dtype=dtype)
            idx = np.flatnonzero(self._colors >= 0)
            out[idx, self._colors[idx]] = 1
            return out
        return linalg.to_numpy(self.rows(), dtype).T.copy()

    def to_torch(self, dtype: torch.dtype | None = None,
                 device: torch.device | str | None = None) -> torch.Tensor:
        """Dense ``torch.Tensor`` of shape ``(n_out*n_in, dim)`` (torch imported here only).
        The default dtype is torch's default float, or the matching complex dtype
        (``complex64`` for ``float32``) for a complex basis."""
        import torch
        if dtype is None:
            dtype = torch.get_default_dtype()
            if self.is_complex:
                dtype = torch.complex128 if dtype == torch.float64 else torch.complex64
        if not isinstance(dtype, torch.dtype) or not (dtype.is_floating_point or dtype.is_complex):
            from .errors import InvalidArgumentError
            raise InvalidArgumentError(
                f"to_torch: dtype must be a floating or complex torch.dtype, got {dtype!r} (an "
                f"integer or bool dtype would truncate entries such as 1/2).")
        arr = self.to_numpy(np.complex128 if dtype.is_complex else np.float64)
        try:
            return torch.as_tensor(arr, dtype=dtype, device=device)
        except (AssertionError, RuntimeError, TypeError) as e:     # torch's errors for devices
            if isinstance(e, RuntimeError) and not any(
                    w in str(e).lower() for w in ("device", "cuda", "expected one of")):
                raise                                             # e.g. out of memory
            from .errors import InvalidArgumentError
            gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
            raise InvalidArgumentError(
                f"to_torch: cannot place the basis on device {device!r} ({type(e).__name__}: {e}). "
                f"Pass a device this torch build has: 'cpu'"
                f"{f' or cuda:0 ... cuda:{gpus - 1}' if gpus else ''}.") from None

    def map(self, k: int) -> linalg.DomainMatrix:
        """Exact map ``W_k`` as a ``DomainMatrix`` of shape ``(n_out, n_in)``, ``0 <= k < dim``."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < self.dim:
            from .errors import InvalidArgumentError
            raise InvalidArgumentError(f"map index must be an int in range({self.dim}), got {k!r}.")
        if self._schur is not None:
            return self._schur.map(k).to_sparse()
        row = self.rows().to_sparse().rep.get(k, {})
        n_in = self.n_in
        dod: dict[int, dict[int, Any]] = {}
        for i, x in row.items():
            dod.setdefault(i // n_in, {})[i % n_in] = x
        return linalg.DomainMatrix(dod, (self.n_out, n_in), self.rows().domain)

    # --- certificate -----------------------------------------------------------------------
    def verify(self) -> Certificate:
        """Re-check the basis on an independent road; returns a :class:`Certificate`.

        >>> import symequiv as se
        >>> se.equivariant_basis(se.V(se.S(4)), se.V(se.S(4))).verify().ok
        True
        """
        from .verify import certify
        c = certify(self)
        self._memo["certificate"] = c            # shown by the notebook display
        return c

    # --- identity and persistence --------------------------------------------------------------
    def content_hash(self) -> str:
        """SHA-256 of the canonical exact content (shape and entries)."""
        memo = self._memo
        if "hash" not in memo:
            memo["hash"] = hashlib.sha256(json.dumps(self._payload(), sort_keys=True).encode()).hexdigest()
        return memo["hash"]

    @property
    def domain(self) -> Any:
        """The exact field of the entries (``QQ`` or a number field ``QQ<α>``)."""
        if self._schur is not None:
            return self._schur.domain
        return self._rows.domain if self._rows is not None else linalg.QQ

    def _payload(self):
        head = {"shape": [self.n_out, self.n_in], "dim": self.dim}
        K = self.domain
        if not K.is_QQ:              # entries: coefficients of the primitive element α
            head["field"] = {"alpha": str(K.ext.as_expr()),
                             "minpoly": [_q(c) for c in K.mod.to_list()]}
        if self._schur is not None:
            head["schur"] = _schur_payload(self._schur)
        elif self._colors is not None:
            data = np.ascontiguousarray(self._colors, dtype="<i8").tobytes()
            head["colors"] = base64.b64encode(data).decode("ascii")
        else:
            rows = []
            for k in range(self.dim):
                row = self._rows.to_sparse().rep.get(k, {})
                rows.append([[j, _q(row[j]) if K.is_QQ else [_q(c) for c in row[j].to_list()]]
                             for j in sorted(row)])
            head["rows"] = rows
        return head

    @property
    def road(self) -> str:
        """``method`` without the note of where this process found the basis
        (``"modular (disk cache)"`` is ``"modular"``): what saved files and ``--json`` record."""
        return self.method.replace(" (disk cache)", "")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (no pickle) with the reps, method and exact content."""
        from .groups.graphs import parseable_text_of
        d = self._payload()
        # a graph automorphism group as its (equal) permutation group
        texts = {side: parseable_text_of(repr(getattr(self, side))) for side in ("rep_in", "rep_out")}
        # the road, not where this process found it: a warm disk cache gives the same bytes
        d.update({"format": "symequiv.basis/1", **texts, "method": self.road,
                  "sha256": self.content_hash()})
        d["binding"] = _binding(d)
        return d

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the basis as JSON (exact rationals as strings).

        Raises
        ------
        CacheError
            If the reps' text does not parse back to the same reps (then :meth:`load` could not
            read the file), or the file cannot be written.
        """
        from .errors import CacheError, InvalidArgumentError
        from .parse import rep
        _check_path(path, InvalidArgumentError)
        d = self.to_dict()
        for side in ("rep_in", "rep_out"):
            try:
                ok = rep(d[side]) == getattr(self, side)
            except Exception:                 # any failure to parse back: refused below
                ok = False
            if not ok:
                raise CacheError(
                    f"cannot save: {side} = {d[side]} does not parse back to the same rep (reps "
                    f"given by their matrices, such as ExplicitRep(...) with a name of your own, "
                    f"the pieces of decompose() or irreps_of(G, field=...), have no text the "
                    f"parser reads back), so the file could not be loaded. Keep this basis with "
                    f"pickle instead.")
        try:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(d, f, sort_keys=True)
        except OSError as e:
            raise CacheError(f"cannot write {path!s}: {e.strerror or e}.") from None

    @classmethod
    def load(cls, path: str | os.PathLike[str], verify: bool = True) -> Basis:
        """Read a basis written by :meth:`save`.

        The content hash and the binding of the reps and method to it are re-checked, and with
        ``verify=True`` (the default) the basis is certified as it is read: every map satisfies
        every generator constraint exactly, the rank is the dimension, and the dimension agrees
        with an independent count where one exists.  A damaged or edited file raises
        :class:`~symequiv.errors.CacheError`, never an error from inside the JSON, numpy or
        SymPy readers.

        >>> import os, tempfile, symequiv as se
        >>> B = se.equivariant_basis(se.V(se.SO(3)) ** 2, se.V(se.SO(3)))
        >>> p = os.path.join(tempfile.mkdtemp(), "b.json")
        >>> B.save(p); Basis.load(p) == B
        True
        """
        from .errors import CacheError, InvalidArgumentError, SymequivError
        from .parse import rep
        _check_path(path, InvalidArgumentError)
        if not isinstance(verify, (bool, np.bool_)):
            raise InvalidArgumentError(f"verify must be True or False, got {verify!r}.")
        try:
            with open(path, encoding="utf-8") as f:
                d = json.load(f)
        except OSError as e:
            raise CacheError(f"cannot read {path!s}: {e.strerror or e}.") from None
        except ValueError as e:              # JSONDecodeError, UnicodeDecodeError
            raise CacheError(f"{path!s} is not a symequiv basis file (not JSON: {e}).") from None
        except RecursionError:               # nesting deeper than the JSON reader recurses
            raise CacheError(f"{path!s} is not a symequiv basis file (JSON nested too deeply).") from None
        if not isinstance(d, dict) or d.get("format") != "symequiv.basis/1":
            raise CacheError(f"{path!s} is not a symequiv basis file.")
        if d.get("binding") != _binding(d) or not isinstance(d.get("method"), str):
            raise CacheError(f"{path!s}: the reps, method or content hash were edited (their "
                             f"binding is missing or does not match).")
        try:
            reps = [rep(d[side]) for side in ("rep_in", "rep_out")]
        except (KeyError, TypeError) as e:
            raise CacheError(f"{path!s}: missing or malformed rep_in / rep_out ({e}).") from None
        except SymequivError as e:
            raise CacheError(f"{path!s}: its reps do not parse: {e}") from None
        try:
            b = cls.from_payload(reps[0], reps[1], d, d.get("method", "loaded"))
            ok = b.content_hash() == d.get("sha256")
        except CacheError as e:
            raise CacheError(f"{path!s}: {e}") from None
        except Exception as e:               # any damage inside the payload: one typed error
            raise CacheError(f"{path!s} is damaged ({type(e).__name__}: {e}).") from None
        if not ok:
            raise CacheError(f"{path!s}: content hash mismatch (the file is corrupt or was edited).")
        # the content as written must be the content rebuilt: the Schur form is recomputed
        # rather than read, so an edit of its matrices or of the field would pass the hash
        written = {k: d[k] for k in _PAYLOAD_KEYS if k in d}
        rebuilt = json.loads(json.dumps(b._payload()))
        if written != rebuilt:
            edited = [k for k in _PAYLOAD_KEYS if written.get(k) != rebuilt.get(k)]
            raise CacheError(f"{path!s}: its {', '.join(edited)} differ from the content rebuilt "
                             f"from it (the file is corrupt or was edited).")
        if d.get("dim") != b.dim:
            raise CacheError(f"{path!s}: it says dim {d.get('dim')!r} but holds {b.dim} maps.")
        if verify:
            from .verify.certificate import certify
            c = certify(b, cross_road=False)
            why = ("its maps violate the equivariance constraints" if not c.constraints_ok else
                   f"its rank is {c.rank}, not its dimension {c.dim}" if c.rank != c.dim else
                   f"its dimension {c.dim} disagrees with {c.independent_method} "
                   f"({c.independent_dim})" if c.independent_dim not in (None, c.dim) else None)
            if why is None and c.independent_dim is None:
                # no formula counts this space: a file with a map removed would pass the checks
                # above, so its dimension is compared with a fresh solve (as the disk cache does)
                from . import equivariant_basis
                from .errors import GroupTooLargeError, ProblemTooLargeError
                try:
                    solved = equivariant_basis(b.rep_in, b.rep_out, cache=False).dim
                except (ProblemTooLargeError, GroupTooLargeError):
                    solved = b.dim        # too large to re-solve: completeness stays unchecked
                if solved != b.dim:
                    why = (f"it holds {b.dim} maps but the space has dimension {solved} (a fresh "
                           f"solve; no independent formula counts it)")
            if why:
                raise CacheError(f"{path!s} does not hold a valid basis: {why} (the file was "
                                 f"edited or written by other software).")
            b._memo["certificate"] = c
        return b

    @classmethod
    def from_payload(cls, rep_in: Rep, rep_out: Rep, d: dict[str, Any], method: str,
                     seconds: float = 0.0) -> Basis:
        """Rebuild from :meth:`_payload` data (shapes are checked against the reps)."""
        from .errors import CacheError
        if d["shape"] != [rep_out.size, rep_in.size]:
            raise CacheError(f"stored shape {d['shape']} does not match the reps "
                             f"({rep_out.size}, {rep_in.size}).")
        if "schur" in d:             # the block form is recomputed (exact, deterministic) by its road
            from .solve.schur import schur_form
            from .solve.torus import torus_form
            form = torus_form(rep_in, rep_out) if method == "torus" else None
            return cls(rep_in, rep_out, method, seconds, schur=form or schur_form(rep_in, rep_out))
        if "colors" in d:
            colors = np.frombuffer(base64.b64decode(d["colors"]), dtype="<i8").astype(np.int64)
            if colors.size != rep_out.size * rep_in.size:
                raise CacheError("stored colour map has the wrong length.")
            return cls(rep_in, rep_out, method, seconds, colors=colors)
        G = rep_out.group or rep_in.group
        K = G.domain if G is not None else linalg.QQ
        if "field" in d and (K.is_QQ or [_q(c) for c in K.mod.to_list()] != d["field"]["minpoly"]):
            raise CacheError(f"stored basis lives over {d['field']['alpha']}, not over the group's "
                             f"field {linalg.field_text(K)}.")
        if "field" not in d:
            K = linalg.QQ            # rational rows (e.g. real reps of SU(n), solved over Q)
        dod = {}
        for k, row in enumerate(d["rows"]):
            if K.is_QQ and any(isinstance(v, list) for _, v in row):
                raise CacheError("stored basis has number-field entries but the group is rational.")
            dod[k] = {int(j): (_parse_q(v) if not isinstance(v, list)
                               else K([_parse_q(c) for c in v])) for j, v in row}
        rows = linalg.DomainMatrix({k: r for k, r in dod.items() if r},
                                  (len(d["rows"]), rep_out.size * rep_in.size), K)
        return cls(rep_in, rep_out, method, seconds, rows=rows)

    def __eq__(self, other: object) -> bool:
        if not (isinstance(other, Basis) and self.rep_in == other.rep_in
                and self.rep_out == other.rep_out and self.shape == other.shape):
            return False
        if self.is_orbit_basis and other.is_orbit_basis:      # no need to build exact rows
            return bool(np.array_equal(self._colors, other._colors))
        if self.is_schur_form or other.is_schur_form:
            return self.content_hash() == other.content_hash()
        return self.rows() == other.rows()

    def __hash__(self) -> int:
        return hash(self.content_hash())

    def __repr__(self) -> str:
        return (f"Basis(Hom({self.rep_in} -> {self.rep_out}), shape={self.shape}, "
                f"method={self.method!r})")

    def _repr_html_(self):
        from .display import html_basis
        return html_basis(self)

    def _repr_latex_(self):
        from .display import latex_basis
        return latex_basis(self)


#: Largest dense basis (dim * n_out * n_in entries) that rows() / to_numpy() build from a Schur form.
DENSE_ENTRIES = 50_000_000


def _matrix_payload(M):
    K = M.domain
    return [[i, j, _q(x) if K.is_QQ else [_q(c) for c in x.to_list()]]
            for i, r in sorted(linalg._dod(M.to_sparse()).items()) for j, x in sorted(r.items())]


#: The keys of a saved basis's content (:meth:`Basis._payload`).
_PAYLOAD_KEYS = ("shape", "dim", "field", "schur", "colors", "rows")


def _schur_payload(F):
    return {"Q_out": _matrix_payload(F.Q_out), "Q_in_inv": _matrix_payload(F.Q_in_inv),
            "blocks": [{"dim": b.dim, "out": list(b.out_offsets), "in": list(b.in_offsets),
                        "end": [_matrix_payload(E) for E in b.end]} for b in F.blocks]}


def _float_dtype(dtype, where):
    """Refuse a numpy dtype that is not floating or complex: integer and bool dtypes would
    truncate exact entries such as 1/2 without a word."""
    from .errors import InvalidArgumentError
    try:
        kind = np.dtype(dtype).kind
    except TypeError:
        raise InvalidArgumentError(f"{where}: {dtype!r} is not a numpy dtype.") from None
    if kind not in "fc":
        raise InvalidArgumentError(
            f"{where}: dtype must be floating or complex, got {np.dtype(dtype)} (an integer or bool "
            f"dtype would truncate entries such as 1/2).")


def _binding(d):
    """SHA-256 tying a saved basis's reps, method and content hash together."""
    head = [d.get("format"), d.get("rep_in"), d.get("rep_out"), d.get("method"), d.get("sha256")]
    return hashlib.sha256(json.dumps(head).encode()).hexdigest()


def _check_path(path, error):
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise error(f"path must be a str or os.PathLike, got {type(path).__name__} {path!r} (an "
                    f"int would be taken as a file descriptor).")


def _q(x):
    p, q = int(x.numerator), int(x.denominator)
    return str(p) if q == 1 else f"{p}/{q}"


def _parse_q(s):
    p, _, q = str(s).partition("/")
    return linalg.QQ(int(p), int(q) if q else 1)
