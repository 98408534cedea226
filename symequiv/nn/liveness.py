"""Refusing networks whose output cannot depend on their input.

An EMLP whose output is constant is a configuration error, not a model: with ``ch=3``
SO(3)'s hidden rep is ``3*Scalar``, which admits no map from ``V``, and
``EMLP(V, V, SO(3), ch=3)`` returned exactly 0 for every input.  Two checks run when an EMLP
is built:

* an exact one on summand types (:func:`_types_reached`): which summands of each hidden layer
  some equivariant map reaches from the input, with messages naming the layer;
* for what the summand types cannot see, irreducible types: a linear map carries only the
  irreducible pieces it is given, so ``EMLP(V, Scalar, SO(3), bilinear=False)`` passes the
  first check (``Hom(V, V⊗V) ≠ 0`` and ``Hom(V⊗V, Scalar) ≠ 0``) while ``V`` inside ``V⊗V`` is
  the antisymmetric part, which no map takes to a scalar: the gates get only constants and the
  output is a constant.  :func:`symequiv.nn.coupling_graph` follows the irreducible types
  exactly, but decomposes every summand type, which can be slow for large ones; so a numeric
  probe (:func:`_probe`) finds the candidates first: a float64 copy with random weights at
  random inputs, where an output that depends on the input varies by a relative amount of
  order one and a constant one by rounding (1e-16; the threshold is 1e-8).  Only an output
  copy that the coupling graph also proves unreachable is refused.

>>> import symequiv as se
>>> G = se.SO(3)
>>> se.nn.EMLP(se.V(G), se.Scalar, G, ch=64, bilinear=False)  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
symequiv.errors.InvalidArgumentError: EMLP: the output Scalar does not depend on the input V: ...
"""

import copy

import torch

from ..errors import InvalidArgumentError
from .coupling import coupling_graph
from .nonlinear import gated, summand_slices

__all__ = ["refuse_dead"]

#: Relative output variation below which the probe calls an output part constant.
DEAD_TOLERANCE = 1e-8


def refuse_dead(rep_in, rep_out, hidden, layers, ch):
    """Raise :class:`~symequiv.errors.InvalidArgumentError` when the EMLP ``layers`` (blocks,
    then a final linear layer) cannot make any part of ``rep_out`` depend on the input."""
    fix = (f"raise ch (now {ch}: hidden = {hidden}) or pass hidden= with the tensors needed"
           if ch is not None else f"pass a hidden rep (now {hidden}) with the tensors needed")
    _types_reached(rep_in, rep_out, hidden, layers, fix)
    _probe(rep_in, rep_out, layers, fix)


def _probe(rep_in, rep_out, layers, fix, samples=8):
    """The numeric check of the module docstring, on a float64 copy of ``layers`` with every
    parameter redrawn (seeded, the global RNG untouched) at its own scale."""
    net = torch.nn.Sequential(*[copy.deepcopy(m) for m in layers]).double()
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in net.parameters():
            s = float(p.std()) if p.numel() > 1 else 0.0
            p.copy_(torch.randn(p.shape, generator=gen, dtype=p.dtype) * (s if s > 0 else 0.5))
        x = torch.randn(samples, rep_in.size, generator=gen, dtype=torch.float64)
        h = net[:-1](x)
        dh = h - h.mean(0)
        final = net[-1]
        eye = torch.eye(h.shape[1], dtype=torch.float64)
        M = final(eye) - final(torch.zeros(1, h.shape[1], dtype=torch.float64))   # (hidden, out)
        dy = dh @ M
    dead = []
    for k, (r, a, b) in enumerate(summand_slices(rep_out)):
        scale = float(torch.linalg.norm(dh)) * float(torch.linalg.norm(M[:, a:b]))
        if scale == 0.0 or float(torch.linalg.norm(dy[:, a:b])) <= DEAD_TOLERANCE * scale:
            dead.append((k, str(r)))
    if dead:
        # the probe only finds candidates; a refusal is proven by the exact coupling graph (no
        # path from any input type to the output copy, irreducible type by type)
        reached = {v[1] for _, v in coupling_graph(torch.nn.Sequential(*layers)).edges}
        dead = [name for k, name in dead if k not in reached]
    if not dead:
        return
    bilinear = any(getattr(m, "bilinear", None) is not None for m in layers[:-1])
    hint = "" if bilinear else "use bilinear=True or "
    what = rep_out if len(dead) == len(summand_slices(rep_out)) else ", ".join(dict.fromkeys(dead))
    raise InvalidArgumentError(
        f"EMLP: the output {what} does not depend on the input {rep_in}: no path reaches it "
        f"from the input, irreducible type by type (se.nn.coupling_graph). The hidden parts "
        f"the input reaches carry only some of their irreducible pieces (a linear map keeps the "
        f"pieces it is given: under SO(3), V inside V⊗V is the antisymmetric part, which no map "
        f"takes to a scalar, so without bilinear terms a vector input never reaches a scalar "
        f"output); {hint}{fix}.")


def _types_reached(rep_in, rep_out, hidden, layers, fix):
    """Refuse when no summand type of the output is reached from the input (exact).

    The summand types that carry the input are followed through the layers: a linear map
    passes it from ``a`` to ``c`` when ``Hom(a, c) ≠ 0``; the bilinear term from ``a ⊗ b`` to
    ``c`` when ``Hom(a ⊗ b, c) ≠ 0`` (a block it keeps), ``a`` carrying the input and ``b``
    carrying it or being a scalar (a scalar can be a learned constant; any other summand that
    does not carry the input is 0); the gated nonlinearity keeps a summand's status (O(3):
    an odd V never reaches the even scalars without a bilinear term, so
    ``EMLP(V, Scalar, O(3), bilinear=False)`` was constant)."""
    from ..solve import equivariant_basis
    from ..reps.core import ScalarRep
    hom: dict = {}

    def maps(a, c):
        k = (a.key(), c.key())
        if k not in hom:
            hom[k] = equivariant_basis(a, c).dim > 0
        return hom[k]

    def types(rep):
        return list({r.key(): r for r, _ in rep.sum_terms()}.values())

    live = types(rep_in)
    for block in layers[:-1]:
        g = types(gated(block.rep_out))
        h = [c for c in g if any(maps(a, c) for a in live)]
        if block.bilinear is not None:
            keys = {r.key() for r in h}
            skipped = {(a.key(), b.key(), c.key()) for a, b, c in block.bilinear.skipped}

            def kept(a, b, c):             # a block of the bilinear term: b live or a scalar
                return ((b.key() in keys or isinstance(b, ScalarRep))
                        and (a.key(), b.key(), c.key()) not in skipped
                        and (b.key(), a.key(), c.key()) not in skipped and maps(a * b, c))
            for c in g:
                if c.key() not in keys and any(kept(a, b, c) for a in h for b in g):
                    h.append(c)
                    keys.add(c.key())
        keys = {r.key() for r in h}
        live = [r for r in types(block.rep_out) if r.key() in keys]
        if not live:
            raise InvalidArgumentError(
                f"EMLP: no equivariant map carries {rep_in} into the hidden representation "
                f"{block.rep_out} (layer {layers.index(block) + 1}), so the network would ignore "
                f"its input; {fix}.")
    dead = [str(c) for c in types(rep_out) if not any(maps(a, c) for a in live)]
    if len(dead) == len(types(rep_out)):
        raise InvalidArgumentError(
            f"EMLP: no equivariant map carries {rep_in} to {rep_out} through the hidden "
            f"representation {hidden} (its parts reached from the input: "
            f"{' + '.join(map(str, live))}), so the network would ignore its input; {fix}.")
    if dead:
        raise InvalidArgumentError(
            f"EMLP: no equivariant map carries {rep_in} to {', '.join(dead)} through the hidden "
            f"representation, so that part of the output would be constant; {fix}.")
