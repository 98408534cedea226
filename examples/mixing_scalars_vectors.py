"""Seed 001: why an equivariant MLP of linear layers never mixes scalars and vectors, and
what does.

By Schur's lemma Hom_SO(3)(Scalar, V) = 0: a linear equivariant layer maps scalars only to
scalars and vectors only to vectors, so a stack of such layers is block-diagonal however deep
it is -- provided the hidden types are irreducible (V⊗V is not: it contains a scalar, so
V -> V⊗V -> Scalar is linear).  Types mix through nonlinear equivariant maps: gated nonlinearities (a scalar gate
scales a vector) and bilinear layers (vector ⊗ vector → scalar, scalar ⊗ vector → vector).

    python3 examples/mixing_scalars_vectors.py
"""

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import symequiv as se  # noqa: E402


def edges(model):
    return sorted({(a[2], b[2]) for a, b in se.nn.coupling_graph(model).edges})


def main():
    G = se.SO(3)
    V = se.V(G)
    # a reducible hidden type (V**2 = Scalar + V + 5-dim) would open no linear path either:
    # V -> V**2 lands in its V part, V**2 -> Scalar reads its Scalar part (Schur's lemma)
    rep, hidden = se.Scalar + V, 4 * se.Scalar + 2 * V
    linear_only = torch.nn.Sequential(se.nn.EquivariantLinear(rep, hidden),
                                      se.nn.EquivariantLinear(hidden, hidden),
                                      se.nn.EquivariantLinear(hidden, rep))
    gated = se.nn.EMLP(rep, rep, G, hidden=hidden, num_layers=2, bilinear=False)
    full = se.nn.EMLP(rep, rep, G, hidden=hidden, num_layers=2, bilinear=True)
    results = {"linear layers only": edges(linear_only), "linear + gates": edges(gated),
               "linear + bilinear + gates (EMLP)": edges(full)}
    for name, e in results.items():
        print(f"{name:<34} input type -> output type it can influence: {e}")
    return results


if __name__ == "__main__":
    main()
