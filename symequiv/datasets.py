"""Synthetic equivariant regression tasks, generated locally (no downloads).

Each function returns ``(X, Y, rep_in, rep_out, group)`` with numpy float64 arrays.

* :func:`inertia` -- O(3): 5 masses and 5 positions (``5*Scalar + 5*V``) → the inertia tensor
  Σ m (|r|² I − r rᵀ) (``V**2``), as in EMLP.
* :func:`o5_synthetic` -- O(5): ``2*V`` → sin|x₁| − |x₂|³/2 + x₁·x₂/(|x₁||x₂|), as in EMLP.
* :func:`particle_interaction` -- O(1,3): four 4-momenta (``4*V``) → the Lorentz invariant
  Σ L_e^{μν} L_μ,μν with L^{μν} = p^μ q^ν + q^μ p^ν − (p·q − 1) η^{μν}, the lepton tensors of
  EMLP's electron-muon scattering task.
* :func:`seed003` -- SO(3): ``2*V`` → u·v − |v|³ (seed 003).

>>> X, Y, rin, rout, G = inertia(10, seed=0)
>>> X.shape, Y.shape, rin.size, rout.size
((10, 20), (10, 9), 20, 9)
"""

import numpy as np

from .groups import O, SO, O13
from .reps import V, Scalar

__all__ = ["inertia", "o5_synthetic", "particle_interaction", "seed003", "inertia_target",
           "o5_target", "particle_target", "seed003_target"]


def inertia_target(X):
    """Inertia tensors Σ m (|r|² I − r rᵀ), flattened to 9, of rows (5 masses, 5 positions).

    >>> X = np.zeros((1, 20)); X[0, 0] = 1; X[0, 5] = 1      # unit mass at e_x
    >>> inertia_target(X).reshape(3, 3).diagonal().tolist()
    [0.0, 1.0, 1.0]
    """
    m, r = X[:, :5], X[:, 5:].reshape(-1, 5, 3)
    r2 = (r ** 2).sum(-1)
    I = (m * r2).sum(-1)[:, None, None] * np.eye(3) - np.einsum("nk,nki,nkj->nij", m, r, r)
    return I.reshape(-1, 9)


def inertia(n, seed=0):
    """``n`` samples of the O(3) inertia task (5*Scalar + 5*V -> V**2).

    >>> X, Y, rin, rout, G = inertia(4)
    >>> X.shape, Y.shape, repr(G)
    ((4, 20), (4, 9), 'O(3)')
    """
    rng = np.random.default_rng(seed)
    X = np.concatenate([rng.uniform(0.5, 1.5, size=(n, 5)), rng.normal(size=(n, 15))], axis=1)
    G = O(3)
    return X, inertia_target(X), 5 * Scalar + 5 * V(G), V(G) ** 2, G


def o5_target(X):
    """sin|x₁| − |x₂|³/2 + x₁·x₂/(|x₁||x₂|) for rows (x₁, x₂) in R^5 ⊕ R^5.

    >>> X = np.zeros((1, 10)); X[0, 0] = X[0, 5] = 1.0
    >>> round(float(o5_target(X)[0, 0]), 6)      # sin 1 - 1/2 + 1
    1.341471
    """
    x1, x2 = X[:, :5], X[:, 5:]
    n1, n2 = np.linalg.norm(x1, axis=1), np.linalg.norm(x2, axis=1)
    return (np.sin(n1) - n2 ** 3 / 2 + (x1 * x2).sum(1) / (n1 * n2))[:, None]


def o5_synthetic(n, seed=0):
    """``n`` samples of the O(5) synthetic task (2*V -> Scalar).

    >>> X, Y, rin, rout, G = o5_synthetic(4)
    >>> X.shape, Y.shape, str(rin)
    ((4, 10), (4, 1), '2*V')
    """
    X = np.random.default_rng(seed).normal(size=(n, 10))
    G = O(5)
    return X, o5_target(X), 2 * V(G), Scalar, G


_ETA = np.diag([1.0, -1.0, -1.0, -1.0])


def particle_target(X):
    """Σ L_e^{μν} L_μ,μν of four 4-momenta per row (Lorentz invariant).

    >>> particle_target(np.zeros((1, 16))).shape
    (1, 1)
    """
    P = X.reshape(-1, 4, 4)
    p1, p2, p3, p4 = (P[:, i] for i in range(4))

    def dot(a, b):
        return np.einsum("ni,ij,nj->n", a, _ETA, b)

    def lepton(a, b):
        return (np.einsum("ni,nj->nij", a, b) + np.einsum("ni,nj->nij", b, a)
                - (dot(a, b) - 1)[:, None, None] * _ETA)
    Le, Lm = lepton(p1, p3), lepton(p2, p4)
    return np.einsum("nij,ik,jl,nkl->n", Le, _ETA, _ETA, Lm)[:, None]


def particle_interaction(n, seed=0):
    """``n`` samples of the O(1,3) particle-interaction task (4*V -> Scalar).

    >>> X, Y, rin, rout, G = particle_interaction(4)
    >>> X.shape, Y.shape, repr(G)
    ((4, 16), (4, 1), 'O13()')
    """
    X = np.random.default_rng(seed).normal(size=(n, 16)) / 4
    G = O13()
    return X, particle_target(X), 4 * V(G), Scalar, G


def seed003_target(X):
    """u·v − |v|³ for rows (u, v) in R^3 ⊕ R^3 (seed 003).

    >>> float(seed003_target(np.array([[1.0, 0, 0, 1.0, 0, 0]]))[0, 0])     # u.v - |v|^3
    0.0
    """
    u, v = X[:, :3], X[:, 3:]
    return ((u * v).sum(1) - np.linalg.norm(v, axis=1) ** 3)[:, None]


def seed003(n, seed=0):
    """``n`` samples of seed 003's SO(3) task (2*V -> Scalar).

    >>> X, Y, rin, rout, G = seed003(4)
    >>> X.shape, repr(G)
    ((4, 6), 'SO(3)')
    """
    X = np.random.default_rng(seed).normal(size=(n, 6))
    G = SO(3)
    return X, seed003_target(X), 2 * V(G), Scalar, G
