"""EMLP's synthetic regression tasks, generated locally from their published definitions
(numpy only, no downloads, deterministic by ``seed``).

Each generator returns ``(X, Y, rep_in, rep_out, group)``: numpy float64 arrays ``X`` of shape
``(n, rep_in.size)`` and ``Y`` of shape ``(n, rep_out.size)``, the exact symequiv
representations and the symmetry group.  :func:`standardization` gives EMLP's normalisation
statistics for each task (chosen so that standardising does not break the symmetry).

* :func:`inertia` -- EMLP's ``Inertia`` (O(3)): ``k = 5`` masses ``softplus(z)``,
  ``z ~ N(0, 1)``, then ``k`` positions ``r ~ N(0, I₃)`` (``5*Scalar + 5*V``) → the inertia
  tensor ``Σ_i m_i (|r_i|² I − r_i r_iᵀ)`` flattened row-major (``V**2``).  No normalisation.
* :func:`o5_synthetic` -- EMLP's ``O5Synthetic`` (O(5)): ``x₁, x₂ ~ N(0, I₅)`` (``2*V``) →
  ``sin|x₁| − |x₂|³/2 + x₁·x₂ / (|x₁||x₂|)`` (``Scalar``).
* :func:`particle_interaction` -- EMLP's ``ParticleInteraction`` (O(1,3), EMLP's
  ``Lorentz()``): four 4-momenta ``p₁..p₄ ~ N(0, I₄/16)`` (``4*V``) → the electron-muon
  matrix element ``4 Σ_{μν} L_e^{μν} L^μ_{μν}`` with ``L_e = p₁ p₃ᵀ − (p₁·p₃ − p₁·p₁) η`` and
  ``L^μ = (η p₂)(η p₄)ᵀ − (p₂·p₄ − p₂·p₂) η``, η = diag(1, −1, −1, −1) (``Scalar``).  In
  dot products this is ``4[(p₁·p₂)(p₃·p₄) − b (p₁·p₃) − a (p₂·p₄) + 4ab]`` with
  ``a = p₁·p₃ − p₁·p₁`` and ``b = p₂·p₄ − p₂·p₂``.
* :func:`seed003` -- SO(3): ``2*V`` → ``u·v − |v|³`` (seed 003; not an EMLP task).

EMLP's experiments draw 3000 samples (1000 train, 1000 validation, 1000 test); the generators
default to EMLP's own default ``n = 1024``.  The random numbers are drawn with
``numpy.random.default_rng(seed)``, so the arrays are not EMLP's (which uses numpy's global
legacy generator) but have the same distribution.

>>> X, Y, rin, rout, G = inertia(10, seed=0)
>>> X.shape, Y.shape, str(rin), str(rout), repr(G)
((10, 20), (10, 9), '5*Scalar+5*V', 'V**2', 'O(3)')
>>> bool((X[:, :5] > 0).all())                          # masses are softplus of normals
True
>>> mu_x, s_x, mu_y, s_y = standardization("o5_synthetic", *o5_synthetic(100)[:2])
>>> s_x.shape, bool(np.all(s_x[:5] == s_x[0]))          # one scale per vector: O(5) commutes with it
((10,), True)
"""

import numpy as np

from .groups import O, SO, O13
from .reps import V, Scalar
from ._random import as_rng

__all__ = ["inertia", "o5_synthetic", "particle_interaction", "seed003", "inertia_target",
           "o5_target", "particle_target", "seed003_target", "standardization", "TASKS",
           "minkowski_dot"]

#: The three EMLP tasks by name (the names used by :func:`standardization`).
TASKS = ("inertia", "o5_synthetic", "particle_interaction")

_ETA = np.diag([1.0, -1.0, -1.0, -1.0])


def _rng(seed):
    return as_rng(seed, "symequiv.datasets")


#: The most entries a generated input array may have (8 bytes each).
MAX_ENTRIES = 10 ** 8


def _count(value, name, where, columns=1):
    """``value`` as an int >= 1 (bools, floats and None refused), with ``value * columns``
    entries at most :data:`MAX_ENTRIES`."""
    from .errors import InvalidArgumentError, ProblemTooLargeError
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidArgumentError(f"{where}: {name} must be an int >= 1, got {value!r}.")
    if int(value) * columns > MAX_ENTRIES:
        raise ProblemTooLargeError(
            f"{where}: {name} = {value:,} gives {int(value) * columns:,} input entries, over "
            f"symequiv.datasets.MAX_ENTRIES = {MAX_ENTRIES:,} (raise it if you mean it).")
    return int(value)


def _rows(X, columns, where):
    """``X`` as a float64 array of shape ``(n, columns)``, finite."""
    from .errors import InvalidArgumentError
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"{where}: expected an array of numbers, got {type(X).__name__} "
                                   f"({e}).") from None
    if X.ndim != 2 or X.shape[1] != columns:
        raise InvalidArgumentError(f"{where}: expected an array of shape (n, {columns}), got "
                                   f"{X.shape}.")
    if not np.isfinite(X).all():
        raise InvalidArgumentError(f"{where}: the array holds NaN or infinite entries.")
    return X


def _softplus(z):
    return np.logaddexp(0.0, z)


# ------------------------------------------------------------------------------------------
# Inertia (O(3))

def inertia_target(X, k=5):
    """Inertia tensors ``Σ_i m_i (|r_i|² I − r_i r_iᵀ)``, flattened row-major to 9 numbers, of
    rows ``(m_1..m_k, r_1..r_k)``.

    Parameters
    ----------
    X : ndarray, shape (n, 4k)
        ``k`` masses, then ``k`` positions in R³.
    k : int
        Number of point masses (EMLP: 5).

    Returns
    -------
    ndarray, shape (n, 9)

    >>> X = np.zeros((1, 20)); X[0, 0] = 2.0; X[0, 5] = 1.0    # mass 2 at e_x
    >>> inertia_target(X).reshape(3, 3).diagonal().tolist()
    [0.0, 2.0, 2.0]
    """
    k = _count(k, "k", "inertia_target")
    X = _rows(X, 4 * k, "inertia_target")
    m, r = X[:, :k], X[:, k:].reshape(-1, k, 3)
    r2 = (r ** 2).sum(-1)
    I = (m * r2).sum(-1)[:, None, None] * np.eye(3) - np.einsum("nk,nki,nkj->nij", m, r, r)
    return I.reshape(-1, 9)


def inertia(n=1024, seed=0, k=5):
    """``n`` samples of EMLP's Inertia task: O(3), ``k*Scalar + k*V -> V**2``.

    Masses are ``softplus(z)`` with ``z ~ N(0, 1)`` and positions are standard normal in R³,
    as in EMLP; the target is :func:`inertia_target`.  EMLP does not standardise this task
    (``standardization("inertia", ...)`` is the identity).

    Parameters
    ----------
    n : int
        Number of samples.
    seed : int
        Seed of ``numpy.random.default_rng``; equal seeds give equal arrays.
    k : int
        Number of point masses (EMLP: 5).

    Returns
    -------
    X : ndarray, shape (n, 4k)
    Y : ndarray, shape (n, 9)
    rep_in, rep_out : Rep
        ``k*Scalar + k*V`` and ``V**2`` of O(3).
    group : Group
        ``O(3)``.

    >>> X, Y, rin, rout, G = inertia(4)
    >>> X.shape, Y.shape, repr(G)
    ((4, 20), (4, 9), 'O(3)')
    >>> bool(np.allclose(Y.reshape(4, 3, 3), Y.reshape(4, 3, 3).transpose(0, 2, 1)))   # symmetric
    True
    """
    k = _count(k, "k", "inertia")
    n = _count(n, "n", "inertia", 4 * k)
    rng = _rng(seed)
    Z = rng.standard_normal((n, 4 * k))
    Z[:, :k] = _softplus(Z[:, :k])
    G = O(3)
    return Z, inertia_target(Z, k), k * Scalar + k * V(G), V(G) ** 2, G


# ------------------------------------------------------------------------------------------
# O5Synthetic (O(5))

def o5_target(X):
    """``sin|x₁| − |x₂|³/2 + x₁·x₂ / (|x₁||x₂|)`` for rows ``(x₁, x₂)`` in R⁵ ⊕ R⁵.

    Parameters
    ----------
    X : ndarray, shape (n, 10)

    Returns
    -------
    ndarray, shape (n, 1)

    >>> X = np.zeros((1, 10)); X[0, 0] = X[0, 5] = 1.0
    >>> round(float(o5_target(X)[0, 0]), 6)      # sin 1 - 1/2 + 1
    1.341471
    """
    X = _rows(X, 10, "o5_target")
    x1, x2 = X[:, :5], X[:, 5:]
    n1, n2 = np.linalg.norm(x1, axis=1), np.linalg.norm(x2, axis=1)
    return (np.sin(n1) - n2 ** 3 / 2 + (x1 * x2).sum(1) / (n1 * n2))[:, None]


def o5_synthetic(n=1024, seed=0):
    """``n`` samples of EMLP's O5Synthetic task: O(5), ``2*V -> Scalar``.

    Both vectors are standard normal in R⁵; the target is :func:`o5_target`.

    Parameters
    ----------
    n : int
        Number of samples.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray, shape (n, 10)
    Y : ndarray, shape (n, 1)
    rep_in, rep_out : Rep
        ``2*V`` and ``Scalar`` of O(5).
    group : Group
        ``O(5)``.

    >>> X, Y, rin, rout, G = o5_synthetic(4)
    >>> X.shape, Y.shape, str(rin), repr(G)
    ((4, 10), (4, 1), '2*V', 'O(5)')
    """
    X = _rng(seed).standard_normal((_count(n, "n", "o5_synthetic", 10), 10))
    G = O(5)
    return X, o5_target(X), 2 * V(G), Scalar, G


# ------------------------------------------------------------------------------------------
# ParticleInteraction (O(1,3))

def minkowski_dot(a, b):
    """Row-wise Minkowski product ``aᵀ η b`` with η = diag(1, −1, −1, −1).

    >>> float(minkowski_dot(np.array([[2.0, 1, 0, 0]]), np.array([[1.0, 1, 1, 1]]))[0])
    1.0
    """
    return a[..., 0] * b[..., 0] - (a[..., 1:] * b[..., 1:]).sum(-1)


def particle_target(X):
    """EMLP's electron-muon scattering invariant ``4 Σ_{μν} L_e^{μν} L^μ_{μν}`` of rows
    ``(p₁, p₂, p₃, p₄)`` of 4-momenta (see the module docstring), computed from the two
    lepton tensors.

    Parameters
    ----------
    X : ndarray, shape (n, 16)

    Returns
    -------
    ndarray, shape (n, 1)

    Only ``p₁ = p₂ = e₀`` (unit rest momenta) and ``p₃ = p₄ = 0``: ``a = b = −1``, so the value
    is ``4[0 − 0 − 0 + 4] = 16``.

    >>> X = np.zeros((1, 16)); X[0, 0] = X[0, 4] = 1.0
    >>> float(particle_target(X)[0, 0])
    16.0
    """
    X = _rows(X, 16, "particle_target")
    P = X.reshape(-1, 4, 4)
    p1, p2, p3, p4 = (P[:, i] for i in range(4))
    a = minkowski_dot(p1, p3) - minkowski_dot(p1, p1)
    b = minkowski_dot(p2, p4) - minkowski_dot(p2, p2)
    Le = np.einsum("ni,nj->nij", p1, p3) - a[:, None, None] * _ETA          # upper indices
    q2, q4 = p2 @ _ETA, p4 @ _ETA                                           # lowered
    Lmu = np.einsum("ni,nj->nij", q2, q4) - b[:, None, None] * _ETA          # lower indices
    return 4 * np.einsum("nij,nij->n", Le, Lmu)[:, None]


def particle_interaction(n=1024, seed=0):
    """``n`` samples of EMLP's ParticleInteraction task: O(1,3), ``4*V -> Scalar``.

    The four 4-momenta have independent ``N(0, 1/16)`` components (standard normals divided
    by 4, as in EMLP); the target is :func:`particle_target`.  The group is EMLP's
    ``Lorentz()``, the full Lorentz group O(1,3) (``se.O13()``).

    Parameters
    ----------
    n : int
        Number of samples.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray, shape (n, 16)
    Y : ndarray, shape (n, 1)
    rep_in, rep_out : Rep
        ``4*V`` and ``Scalar`` of O(1,3).
    group : Group
        ``O13()``.

    >>> X, Y, rin, rout, G = particle_interaction(4)
    >>> X.shape, Y.shape, repr(G)
    ((4, 16), (4, 1), 'O13()')
    """
    X = _rng(seed).standard_normal((_count(n, "n", "particle_interaction", 16), 16)) / 4
    G = O13()
    return X, particle_target(X), 4 * V(G), Scalar, G


# ------------------------------------------------------------------------------------------
# normalisation

def standardization(task, X, Y):
    """EMLP's normalisation statistics ``(x_mean, x_scale, y_mean, y_scale)`` for ``task``,
    computed from the arrays ``X``, ``Y`` (give the training split).  A model sees
    ``(X − x_mean) / x_scale`` and its output is mapped back by ``y_scale · out + y_mean``
    (EMLP's ``Standardize``).  Every statistic commutes with the group action:

    * ``"inertia"``: none (``0, 1, 0, 1``).
    * ``"o5_synthetic"``: ``x_mean = 0``; one scale per input vector, the root mean square of
      its entries over samples and coordinates; the scalar target's mean and standard
      deviation.
    * ``"particle_interaction"``: ``x_mean = 0``; one scale per 4-momentum,
      ``sqrt(mean |p^μ η_μμ p^μ|)`` over samples and components (the RMS of its entries); the
      scalar target's mean and standard deviation.

    Parameters
    ----------
    task : str
        One of :data:`TASKS`.
    X, Y : ndarray
        Inputs ``(n, d_in)`` and targets ``(n, d_out)``.

    Returns
    -------
    tuple of four ndarrays, shapes ``(d_in,), (d_in,), (d_out,), (d_out,)``

    >>> X, Y = inertia(8)[:2]
    >>> [s.tolist()[:2] for s in standardization("inertia", X, Y)]
    [[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]]
    """
    from .errors import InvalidArgumentError
    if task not in TASKS:
        raise InvalidArgumentError(f"standardization: unknown task {task!r}; expected one of {TASKS}.")
    cols = {"inertia": (20, 9), "o5_synthetic": (10, 1), "particle_interaction": (16, 1)}[task]
    X = X if task == "inertia" else _rows(X, cols[0], f"standardization({task!r})")
    Y = Y if task == "inertia" else _rows(Y, cols[1], f"standardization({task!r})")
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
        raise InvalidArgumentError(f"standardization: X and Y must be 2-d arrays with one row per "
                                   f"sample, got shapes {X.shape} and {Y.shape}.")
    if task != "inertia" and len(X) < 2:
        raise InvalidArgumentError(f"standardization({task!r}): the statistics need at least 2 "
                                   f"samples (a standard deviation), got {len(X)}.")
    n, d_in = X.shape
    d_out = Y.shape[1]
    zeros_in, zeros_out = np.zeros(d_in), np.zeros(d_out)
    if task == "inertia":
        return zeros_in, np.ones(d_in), zeros_out, np.ones(d_out)
    if task == "o5_synthetic":
        per = np.sqrt((X.reshape(n, 2, 5) ** 2).mean(axis=(0, 2)))
        x_scale = np.repeat(per, 5)
    elif task == "particle_interaction":
        P = X.reshape(n, 4, 4)
        per = np.sqrt(np.abs((P @ _ETA) * P).mean(-1).mean(0))
        x_scale = np.repeat(per, 4)
    y_scale = Y.std(axis=0)
    if not (y_scale > 0).all() or not (x_scale > 0).all():
        raise InvalidArgumentError(f"standardization({task!r}): a statistic is 0 (constant "
                                   f"inputs or targets), so the standardised data would divide by "
                                   f"zero.")
    return zeros_in, x_scale, Y.mean(axis=0), y_scale


# ------------------------------------------------------------------------------------------
# seed 003 (not an EMLP task)

def seed003_target(X):
    """u·v − |v|³ for rows (u, v) in R^3 ⊕ R^3 (seed 003).

    >>> float(seed003_target(np.array([[1.0, 0, 0, 1.0, 0, 0]]))[0, 0])     # u.v - |v|^3
    0.0
    """
    X = _rows(X, 6, "seed003_target")
    u, v = X[:, :3], X[:, 3:]
    return ((u * v).sum(1) - np.linalg.norm(v, axis=1) ** 3)[:, None]


def seed003(n, seed=0):
    """``n`` samples of seed 003's SO(3) task (2*V -> Scalar).

    >>> X, Y, rin, rout, G = seed003(4)
    >>> X.shape, repr(G)
    ((4, 6), 'SO(3)')
    """
    X = _rng(seed).normal(size=(_count(n, "n", "seed003", 6), 6))
    G = SO(3)
    return X, seed003_target(X), 2 * V(G), Scalar, G
