"""EquivariantLinear and BasisExpansion: exact bases expanded block by block in torch.

>>> import torch, symequiv as se
>>> V = se.V(se.SO(3))
>>> layer = EquivariantLinear(2 * V, 30 * se.Scalar + 10 * V + 3 * V**2 + V**3)
>>> layer.weight.shape, layer(torch.randn(5, 6)).shape
(torch.Size([32]), torch.Size([5, 114]))
"""

import warnings

import torch

from ..errors import InvalidArgumentError
from ..reps.core import Scalar
from ..solve import equivariant_basis
from ..reps.checks import common_group
from .blocks import BlockPlan
from .masters import MasterBuffers, cast_complex, tracing, transforms_active
from .schur import SchurApply
from .inputs import check_features, check_tensor, typed_forward
from .tags import MeaningTag

__all__ = ["EquivariantLinear", "BasisExpansion", "Expander", "layer_dtype"]


#: Bases with at most this many entries (n_out * n_in * dim) expand with one dense product,
#: which beats per-block scatters for small layers (measured: 1.46x -> ~1.1x nn.Linear at 6->114).
DENSE_LIMIT = 1 << 20
#: Schur-form layers in eval mode cache their dense weight when it has at most this many
#: entries (measured: one cached product beats the factorised block application 4x at V^6).
EVAL_CACHE_LIMIT = 50_000_000
#: The batch size a Schur-form layer chooses its path for while traced by torch.compile or
#: torch.export (the traced program serves every batch with one path; both paths are exact).
SYMBOLIC_BATCH = 256


def layer_dtype(dtype, is_complex):
    """The dtype of a layer's tensors: ``dtype`` (default: torch's default dtype), promoted to
    its complex counterpart (float32 -> complex64, float64 -> complex128) for complex reps.

    >>> layer_dtype(torch.float32, True), layer_dtype(None, False) == torch.get_default_dtype()
    (torch.complex64, True)
    """
    dtype = dtype or torch.get_default_dtype()
    if is_complex and not dtype.is_complex:
        dtype = torch.complex128 if dtype == torch.float64 else torch.complex64
    return dtype


class Expander(MasterBuffers):
    """Expands flat coefficients ``(..., dim)`` into maps ``(..., n_out * n_in)``: for small
    bases (``n_out*n_in*dim <= DENSE_LIMIT``) one product with the dense basis; otherwise block
    by block, a gather for 0/1 orbit blocks and a product with the small dense block basis for
    the rest, so no ``(n_out*n_in) x dim`` matrix is held for large problems.

    >>> import symequiv as se
    >>> E = Expander(se.V(se.S(3)), se.V(se.S(3)))
    >>> E(torch.tensor([1.0, 0.0])).reshape(3, 3).tolist()      # the identity colour
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """

    def __init__(self, rep_in, rep_out, dtype=None, dense_limit=None):
        super().__init__()
        common_group(rep_in, rep_out, where=type(self).__name__)
        self.plan = BlockPlan(rep_in, rep_out)
        self.n_in, self.n_out, self.dim = self.plan.n_in, self.plan.n_out, self.plan.dim
        self.is_complex = self.plan.is_complex
        dtype = layer_dtype(dtype, self.is_complex)
        # built in float64 (complex128) from the exact bases, then moved to ``dtype``: every
        # floating buffer has a 64-bit master and is re-derived from it on .double() / .to(...)
        f64 = torch.complex128 if self.is_complex else torch.float64
        self._meta = []
        for k, p in enumerate(self.plan.pairs):
            if p.dim == 0:
                continue
            if p.basis.is_schur_form and not self.is_complex:    # change of basis + blocks
                self.add_module(f"pair{k}", SchurApply(p.basis, f64))
                kind = "schur"
            elif p.basis.is_orbit_basis and (p.basis.colors >= 0).all():
                self.register_buffer(f"pair{k}", torch.as_tensor(p.basis.colors.copy(), dtype=torch.long), persistent=False)
                kind = "gather"
            else:
                self.register_master(f"pair{k}", p.dense(f64), f64)
                kind = "dense"
            self.register_buffer(f"index{k}", torch.as_tensor(p.flat_index.reshape(-1), dtype=torch.long),
                                 persistent=False)
            self._meta.append((k, kind, p.offset, p.n_copies, p.dim))
        full = self.n_out * self.n_in
        self._single = (len(self._meta) == 1 and self._meta[0][3] == 1
                        and self.plan.pairs[self._meta[0][0]].flat_index.size == full)
        # one orbit of one colour covering every entry (a constant bias on a transitive
        # permutation rep): a broadcast view, whose backward is one sum
        self._broadcast = (self._single and self._meta[0][1] == "gather" and self.dim == 1
                           and bool((self.plan.pairs[self._meta[0][0]].basis.colors == 0).all()))
        #: the buffer name of the colours when the whole map is one gather
        self._gather = (f"pair{self._meta[0][0]}" if self._single and self._meta[0][1] == "gather"
                        and not self._broadcast else None)
        if self._gather is not None:         # the same colours as an (n_out, n_in) index for take
            self.register_buffer("gather2d", self._buffers[self._gather].view(self.n_out, self.n_in),
                                 persistent=False)
        limit = DENSE_LIMIT if dense_limit is None else dense_limit
        self._dense = self.dim > 0 and not self._single and full * self.dim <= limit
        if self._dense:
            with torch.no_grad():
                Q = self._blocks(torch.eye(self.dim, dtype=f64))         # (dim, n_out*n_in)
            self.register_master("dense_basis", Q.t().contiguous(), f64)
        with warnings.catch_warnings():       # torch flags every complex module as experimental
            warnings.filterwarnings("ignore", "Complex modules", UserWarning)
            self.to(dtype)

    def forward(self, coeffs):
        if self._dense:
            return torch.matmul(coeffs, self.dense_basis.t())
        if self._broadcast:
            return coeffs.expand(*coeffs.shape[:-1], self.n_out * self.n_in)
        if self._gather is not None:
            return coeffs.index_select(-1, self._buffers[self._gather])
        return self._blocks(coeffs)

    def __setstate__(self, state):
        super().__setstate__(state)
        if self._gather is not None and "gather2d" not in self._buffers:     # pickled before 2-D colours
            self.register_buffer("gather2d", self._buffers[self._gather].view(self.n_out, self.n_in),
                                 persistent=False)

    def matrix(self, coeffs):
        """The ``(n_out, n_in)`` map of one coefficient vector ``coeffs (dim,)``.  A map that is
        one orbit basis is a single ``take`` with the 2-D colours: no reshape in the autograd
        graph (on a 60 x 60 layer every node of the training step counts)."""
        if self._gather is not None and coeffs.dim() == 1:
            return coeffs.take(self._buffers["gather2d"])
        return self.forward(coeffs).reshape(self.n_out, self.n_in)

    def _blocks(self, coeffs):
        lead = coeffs.shape[:-1]
        full = self.n_out * self.n_in
        out = None if self._single else coeffs.new_zeros(*lead, full)
        for k, kind, off, copies, d in self._meta:
            c = coeffs[..., off:off + copies * d].reshape(*lead, copies, d)
            basis = getattr(self, f"pair{k}")
            if kind == "schur":
                vals = basis.maps(c).reshape(*lead, copies, -1)
            elif kind == "gather":
                vals = c.index_select(-1, basis)
            else:
                vals = torch.matmul(c, basis.t())
            if self._single:
                return vals.reshape(*lead, full)        # one block covering all entries, in order
            out.index_copy_(-1, getattr(self, f"index{k}"), vals.reshape(*lead, -1))
        return out


class EquivariantLinear(MeaningTag, torch.nn.Module):
    """Linear map rep_in → rep_out whose parameters are the coefficients of an exact basis of
    Hom_G(rep_in, rep_out) (bias: of Hom_G(Scalar, rep_out)).

    Input ``(..., rep_in.size)``, output ``(..., rep_out.size)``.  Initialisation keeps
    outputs at unit variance for unit-variance inputs (each output summand scaled by its own
    fan-in).  In eval mode the expanded weight is cached for calls that build no graph to the
    parameters (``torch.no_grad()``, frozen parameters), keyed by the coefficients' values.
    ``export()`` gives a plain ``torch.nn.Linear``.  ``basis`` is the certified canonical basis
    of the same space (the layer's coefficients are in block order, see
    :mod:`symequiv.nn.blocks`).

    ``schur=True`` applies the layer through an exact Schur form even where the solver
    would not (e.g. a regular representation), ``schur=False`` never does.  A Schur-form layer
    applies itself by block application or by the materialised weight, chosen per forward
    (:meth:`path`, ``schur_path`` forces one); in eval mode it uses the cached weight.

    >>> import symequiv as se
    >>> layer = EquivariantLinear(se.V(se.S(4)), se.V(se.S(4)))
    >>> layer.weight.numel(), layer.bias.numel()        # a*I + b*ones, shared bias
    (2, 1)
    """

    def __init__(self, rep_in, rep_out, bias=True, *, dtype=None, device=None, schur=None,
                 schur_path="auto"):
        super().__init__()
        from ..solve.schur import uses_schur
        from .inputs import check_bool, check_dtype
        from ..errors import InvalidArgumentError
        bias = check_bool("bias", bias, "EquivariantLinear")
        dtype = check_dtype(dtype, "EquivariantLinear")
        if schur is not None:
            schur = check_bool("schur", schur, "EquivariantLinear")
        common_group(rep_in, rep_out, where="EquivariantLinear")
        self.rep_in, self.rep_out = rep_in, rep_out
        #: complex reps (SU(n), U(n)): complex weights and buffers, complex64 by default; the
        #: real alternative is a layer on realified reps (rep.realify()) with real weights
        self.is_complex = rep_in.is_complex or rep_out.is_complex
        if schur_path not in ("auto", "blocks", "materialise"):
            raise InvalidArgumentError(f"EquivariantLinear: schur_path must be 'auto', 'blocks' or "
                                       f"'materialise', got {schur_path!r}.")
        #: Schur-form layers: "auto" picks block application or the materialised weight per
        #: forward from :meth:`SchurApply.costs`; "blocks" / "materialise" force one
        self.schur_path = schur_path
        big = None
        if schur and not self.is_complex:
            from ..basis import Basis
            from ..solve.schur import schur_form
            big = Basis(rep_in, rep_out, "schur", schur=schur_form(rep_in, rep_out))
        elif schur is None and uses_schur(rep_in, rep_out) and not self.is_complex:
            big = equivariant_basis(rep_in, rep_out)
        if big is not None and big.is_schur_form and big.dim > 0:
            # large problem: change of basis + Schur block products, never the dense weight
            self.schur = SchurApply(big, dtype, rep_in, rep_out)
            if self.schur._dense and rep_in.is_permutation and rep_out.is_permutation:
                # small: the weight as a gather of the orbit basis's colours (the orbits road)
                self.schur.use_orbits(equivariant_basis(rep_in, rep_out).colors)
            self.expand_weight = None
            std = torch.as_tensor(self._schur_std(big), dtype=dtype or torch.get_default_dtype())
            self.weight = torch.nn.Parameter(torch.randn(self.schur.dim, dtype=std.dtype) * std)
        else:
            self.schur = None
            wdtype = layer_dtype(dtype, self.is_complex)
            self.expand_weight = Expander(rep_in, rep_out, wdtype)
            std = torch.as_tensor(self.expand_weight.plan.init_std(), dtype=wdtype.to_real())
            self.weight = torch.nn.Parameter(torch.randn(self.expand_weight.dim, dtype=wdtype) * std)
        if bias:
            self.expand_bias = Expander(Scalar, rep_out, self.weight.dtype)
            self.bias = torch.nn.Parameter(torch.zeros(self.expand_bias.dim, dtype=self.weight.dtype))
        else:
            self.expand_bias = None
            self.register_parameter("bias", None)
        self._fast_flags()
        self._cached = None
        # the traced path's choices up front: a trace must read the memo, not grow it (a dict
        # changed while dynamo traced it forces a recompile)
        self._path_memo = ({} if self.schur is None else
                           {("traced", t): self._choose(SYMBOLIC_BATCH, t) for t in (True, False)})
        self._register_tag(self._meaning_text(), device=self.weight.device,
                           reps=(self.rep_in, self.rep_out))
        if device is not None:
            self.to(device)

    def _meaning_text(self):
        """What the coefficients mean: the form of the basis (Schur form or expanded block
        order), the reps and the dimension (its fingerprint is the state_dict's tag)."""
        form = "schur" if self.schur is not None else "blocks"
        return repr((form, repr(self.rep_in), repr(self.rep_out), int(self.weight.numel()),
                     None if self.bias is None else int(self.bias.numel())))

    def _tag_mismatch(self, key):
        # coefficients of one basis are never loaded into a layer whose coefficients mean
        # another (schur=True against schur=False have the same keys and shapes for many reps)
        form = "Schur-form" if self.schur is not None else "expanded (block-order)"
        return InvalidArgumentError(
            f"state_dict entry {key!r} says the coefficients were saved from a layer with "
            f"another parametrisation than this {form} EquivariantLinear({self.rep_in} -> "
            f"{self.rep_out}, dim {self.weight.numel()}): loading them would give a different "
            f"map with no error. Build the layer as it was saved (same reps and the same "
            f"schur= option), or convert through weight_matrix(). (A layer built on the meta "
            f"device and filled by to_empty() has no valid buffers: build it on a real device.)")

    def _fast_flags(self):
        #: one coefficient broadcast to every output (F.linear takes it as it is)
        self._constant_bias = self.expand_bias is not None and self.expand_bias._broadcast
        #: the common training step of a real layer that is not in Schur form: one F.linear
        self._plain = self.schur is None and not self.is_complex
        #: ... whose weight is one take of the colours and whose bias is none or constant
        self._take = (self._plain and self.expand_weight._gather is not None
                      and (self.expand_bias is None or self._constant_bias))

    def __setstate__(self, state):
        super().__setstate__(state)
        if "_take" not in self.__dict__:          # a whole-module pickle from before these flags
            self._fast_flags()
        if "parametrisation" not in self._buffers:   # ... or from before the state_dict tag
            self._register_tag(self._meaning_text(), device=self.weight.device,
                           reps=(self.rep_in, self.rep_out))

    def _schur_std(self, basis):
        # fan-in initialisation: the mean squared row norm summed over the basis maps, computed
        # from the blocks without forming the maps (unit-variance outputs for unit inputs)
        from .schur import schur_row_norm2
        r = schur_row_norm2(basis)
        return [r ** -0.5 if r > 0 else 0.0] * self.schur.dim

    @property
    def basis(self):
        """The certified exact basis of Hom_G(rep_in, rep_out)."""
        return equivariant_basis(self.rep_in, self.rep_out)

    def weight_matrix(self):
        """Dense ``(n_out, n_in)`` weight."""
        if self.schur is not None:
            return self.schur.matrix(self.weight)
        # not a module call: the expanders are internal (no hooks), and a call costs as much as
        # the gather itself on a 60 x 60 layer
        return self.expand_weight.matrix(self.weight)

    def bias_vector(self):
        """Dense ``(n_out,)`` bias or ``None``."""
        if self.bias is None:
            return None
        b = self.expand_bias.forward(self.bias)
        return b if b.dim() == 1 else b.reshape(self.rep_out.size)

    def _linear_bias(self):
        # the bias as F.linear takes it: a constant bias (one colour on a transitive rep) stays
        # its one coefficient, which addmm broadcasts, so no expand node is in the graph
        if self._constant_bias:
            return self.bias
        return self.bias_vector()

    def _cache_ok(self):
        """Whether the eval-mode weight cache may serve this call: not in training, not while
        torch.compile / torch.export trace or a torch.func transform runs, and not when the
        call must build a graph to the parameters (grad enabled and a parameter requiring
        it), since a cached W would carry no gradient, or an old graph."""
        if self.training or tracing() or transforms_active():
            return False
        if torch.is_grad_enabled() and any(p is not None and p.requires_grad
                                           for p in (self.weight, self.bias)):
            return False
        return True

    def _weights(self):
        if not self._cache_ok():
            return self.weight_matrix(), self.bias_vector()
        # the cache is keyed by the parameters' *values* (a copy of the coefficients, which
        # are few next to W): edits through ``.data``, which no version counter sees, and
        # swapped or reloaded parameters all miss it
        w, b = self.weight, self.bias
        c = self._cached
        if c is None or not (c[0].dtype == w.dtype and c[0].device == w.device and torch.equal(c[0], w)
                             and (b is None if c[1] is None else
                                  b is not None and c[1].dtype == b.dtype and torch.equal(c[1], b))):
            with torch.no_grad():
                c = (w.detach().clone(), None if b is None else b.detach().clone(),
                     self.weight_matrix(), self.bias_vector())
            self._cached = c
        return c[2], c[3]

    def train(self, mode=True):
        self._cached = None
        return super().train(mode)

    def _apply(self, fn, *args, **kwargs):
        self._cached = None                      # .to(), .double(), .cuda(): drop the cached weight
        out = super()._apply(fn, *args, **kwargs)
        cast_complex(self, fn)                   # .double() of a complex layer: a warning
        return out

    def path(self, batch, traced=False):
        """How a Schur-form layer applies itself to ``batch`` rows: ``"blocks"`` (change of
        basis + block products) or ``"materialise"`` (the dense weight, cached in eval mode),
        from :meth:`SchurApply.costs`; ``"dense"`` for layers that are not in Schur form.

        >>> import symequiv as se
        >>> V = se.V(se.SO(3))
        >>> EquivariantLinear(V ** 5, V ** 5).path(64)
        'blocks'
        >>> EquivariantLinear(se.V(se.S(3)), se.V(se.S(3))).path(4096)
        'dense'
        """
        if self.schur is None:
            return "dense"
        if self.schur_path != "auto":
            return self.schur_path
        cache = self._cache_ok()
        if cache and self.schur.n_in * self.schur.n_out <= EVAL_CACHE_LIMIT:
            return "materialise"          # eval: one dense product with the cached weight
        # a call the cache cannot serve chooses as in training; the choice depends on the number
        # of torch threads (see SchurApply.costs), except in a trace, which reads the choice
        # made at construction and must not grow the memo
        key = ("traced", not cache) if traced else (int(batch), not cache, torch.get_num_threads())
        if key not in self._path_memo:
            choice = self._choose(SYMBOLIC_BATCH if traced else int(batch), not cache)
            if traced:                    # (a layer pickled before the traced keys existed)
                return choice
            self._path_memo[key] = choice
        return self._path_memo[key]

    def _choose(self, batch, training):
        blocks, mat, cached = self.schur.costs(max(1, batch))
        other = mat if training else cached
        return "materialise" if other < blocks else "blocks"

    def forward(self, x):
        try:
            return self._forward(x)
        except RuntimeError:
            # torch's own error for a wrong feature size or dtype becomes a typed one; checked
            # only on failure, so the training step pays nothing for it
            self._check_input(x)
            raise

    def _check_input(self, x):
        check_features(x, self.rep_in.size, "EquivariantLinear", f"input (rep_in = {self.rep_in})")
        W = self.weight
        if x.dtype not in (W.dtype, W.dtype.to_real()) or x.device != W.device:
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(
                f"EquivariantLinear: a {x.dtype} input on {x.device} for a {W.dtype} layer on "
                f"{W.device}; move one of them (x.to(...) or layer.to(...)).")

    def _forward(self, x):
        if not isinstance(x, torch.Tensor):
            check_tensor(x, "EquivariantLinear")
        if self._plain and self.training and not x.is_complex():
            # the common training step of a real layer: nothing to cache or choose
            p = self._parameters
            if self._take and "weight" in p and "bias" in p:        # (not parametrised away)
                # an orbit layer: lookups in the module's own dicts and no method calls, since
                # each Module attribute lookup costs ~1 us of a ~200 us step at 60 x 60
                colors = self._modules["expand_weight"]._buffers["gather2d"]
                return torch.nn.functional.linear(x, p["weight"].take(colors), p["bias"])
            return torch.nn.functional.linear(x, self.weight_matrix(), self._linear_bias())
        if self.schur is not None:
            if x.is_complex():
                from ..errors import InvalidArgumentError
                raise InvalidArgumentError(
                    f"complex input for a layer on the real reps {self.rep_in} -> {self.rep_out}: "
                    f"its weights are real. Use reps of a complex group (se.SU(n), se.U(n)), or "
                    f"feed real and imaginary parts as a realified rep (rep.realify()).")
            if tracing():
                # traced (torch.compile, torch.export): one path for every batch, chosen for a
                # nominal batch, so the program neither guards on nor recompiles for the size
                path = self.path(SYMBOLIC_BATCH, traced=True)
            else:
                path = self.path(x.numel() // max(1, x.shape[-1]))
            if path == "blocks":
                y = self.schur(self.weight, x)
                return y if self.bias is None else y + self._linear_bias()
            if not self._cache_ok():
                return torch.nn.functional.linear(x, self.schur.matrix(self.weight), self._linear_bias())
        W, b = self._weights()
        if W.is_complex() and not x.is_complex():      # a real input is a complex vector too
            if x.dtype != W.dtype.to_real():
                from ..errors import InvalidArgumentError
                raise InvalidArgumentError(
                    f"a {x.dtype} input for a {W.dtype} layer: converting it would change its "
                    f"precision. Pass {W.dtype.to_real()} (or {W.dtype}) input, or move the layer "
                    f"with .to({'torch.complex128' if x.dtype == torch.float64 else W.dtype}).")
            x = x.to(W.dtype)
        elif x.is_complex() and not W.is_complex():
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(
                f"complex input for a layer on the real reps {self.rep_in} -> {self.rep_out}: its "
                f"weights are real. Use reps of a complex group (se.SU(n), se.U(n)), or feed the "
                f"real and imaginary parts as a realified rep (rep.realify()).")
        return torch.nn.functional.linear(x, W, b)

    @torch.no_grad()
    def export(self):
        """A plain ``torch.nn.Linear`` with the expanded weight and bias."""
        W = self.weight_matrix()
        out = torch.nn.Linear(self.rep_in.size, self.rep_out.size, bias=self.bias is not None,
                              dtype=W.dtype, device=W.device)
        out.weight.copy_(W)
        if self.bias is not None:
            out.bias.copy_(self.bias_vector())
        return out

    def extra_repr(self):
        dim = self.weight.numel()
        return f"{self.rep_in} -> {self.rep_out}, dim={dim}" + (", schur" if self.schur is not None else "")


class BasisExpansion(torch.nn.Module):
    """Batched basis expansion: coefficients ``(..., dim)`` → equivariant maps
    ``(..., n_out, n_in)`` for any leading shape (seed 000: a network predicts the coefficients
    of a state-dependent operator T(x)).  Memory is the output plus one block at a time; no
    ``n² x n²`` projector is ever formed.  ``apply(coeffs, x)`` computes ``T x`` directly,
    without materialising the maps where contracting with the block bases is cheaper.

    >>> import torch, symequiv as se
    >>> E = BasisExpansion(se.V(se.SO(3)) + se.Scalar, se.V(se.SO(3)) + se.Scalar)
    >>> E.dim, E(torch.randn(7, 2)).shape
    (2, torch.Size([7, 4, 4]))
    """

    def __init__(self, rep_in, rep_out, *, dtype=None):
        super().__init__()
        from .inputs import check_dtype
        dtype = check_dtype(dtype, "BasisExpansion")
        common_group(rep_in, rep_out, where="BasisExpansion")
        self.rep_in, self.rep_out = rep_in, rep_out
        self.expander = Expander(rep_in, rep_out, dtype)
        self.dim = self.expander.dim
        for k, p in enumerate(self.expander.plan.pairs):
            if p.dim:
                self.register_buffer(f"in{k}", torch.as_tensor(p.in_index.reshape(-1)), persistent=False)
                self.register_buffer(f"out{k}", torch.as_tensor(p.out_index.reshape(-1)), persistent=False)

    @typed_forward("BasisExpansion")
    def forward(self, coeffs):
        check_features(coeffs, self.dim, "BasisExpansion", "coefficients")
        return self.expander(coeffs).reshape(*coeffs.shape[:-1], self.rep_out.size, self.rep_in.size)

    @typed_forward("BasisExpansion.apply")
    def apply(self, coeffs, x):
        """``T(coeffs) @ x`` for batched ``coeffs (..., dim)`` and ``x (..., n_in)``."""
        check_features(coeffs, self.dim, "BasisExpansion.apply", "coefficients")
        check_features(x, self.rep_in.size, "BasisExpansion.apply")
        try:
            lead = torch.broadcast_shapes(coeffs.shape[:-1], x.shape[:-1])
        except RuntimeError:
            raise InvalidArgumentError(
                f"BasisExpansion.apply: the batch shapes of the coefficients "
                f"{tuple(coeffs.shape[:-1])} and of x {tuple(x.shape[:-1])} do not broadcast; give "
                f"one set of coefficients per sample (or one for all).") from None
        coeffs = coeffs.expand(*lead, self.dim)
        x = x.expand(*lead, self.rep_in.size)
        y = x.new_zeros(*lead, self.rep_out.size)
        E = self.expander
        for k, kind, off, copies, d in E._meta:
            p = E.plan.pairs[k]
            c = coeffs[..., off:off + copies * d].reshape(*lead, copies, d)
            xin = x.index_select(-1, getattr(self, f"in{k}")).reshape(*lead, copies, p.bi)
            basis = getattr(E, f"pair{k}")
            if kind == "schur":
                yb = basis(c, xin)
            elif kind == "dense" and d < p.bi:
                Q = basis.reshape(p.bo, p.bi, d)
                z = torch.einsum("...pi,oid->...pod", xin, Q)
                yb = torch.einsum("...pod,...pd->...po", z, c)
            else:
                vals = c.index_select(-1, basis) if kind == "gather" else torch.matmul(c, basis.t())
                W = vals.reshape(*lead, copies, p.bo, p.bi)
                yb = torch.matmul(W, xin.unsqueeze(-1)).squeeze(-1)
            y = y.index_add(-1, getattr(self, f"out{k}"), yb.reshape(*lead, -1))
        return y
