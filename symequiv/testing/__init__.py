"""The equivariance test kit: float, exact and infinitesimal checks of any callable, exact
group elements, hypothesis strategies and a pytest plugin.

* :func:`assert_equivariant` -- ``fn(ρ_in(g) x) ≈ ρ_out(g) fn(x)`` for a torch module, a torch
  or numpy function or lambda, or a JAX function, on every discrete generator and random
  elements, with a tolerance by dtype (:mod:`.frameworks`);
* :func:`assert_equivariant_exact` -- the same with exact inputs and exact elements, no
  tolerance (:mod:`.exact`);
* :func:`assert_lie_equivariant` -- ``J_f(x) dρ_in(A) x = dρ_out(A) f(x)`` by a
  Jacobian-vector product (:mod:`.lie`);
* :func:`assert_intertwiner` -- the exact check of a matrix on every generator;
* :func:`exact_element` -- exact elements of any catalogue group (Cayley transforms,
  unimodular matrices, words) (:mod:`.elements`); :func:`float_rho` -- float ones;
* :data:`strategies` -- hypothesis strategies (:mod:`.strategies`);
* the top-level module ``_symequiv_pytestplugin`` -- the ``equivariance`` pytest fixture with
  ``--symequiv-samples`` and ``--symequiv-seed``, registered through the ``pytest11`` entry
  point (outside this package so that pytest's start does not import SymPy).

>>> import numpy as np, symequiv as se
>>> V = se.V(se.SO(3))
>>> assert_equivariant(lambda x: x * (x ** 2).sum(-1, keepdims=True), V, V)
"""

from .floats import float_rho
from .frameworks import TOLERANCES
from .equivariance import EquivarianceError, assert_equivariant, assert_intertwiner
from .elements import ExactElement, exact_element
from .exact import assert_equivariant_exact
from .lie import assert_lie_equivariant, FD_TOLERANCE
from .strategies import (strategies, perm_groups, groups, reps, group_elements, exact_elements,
                         float_group_elements)

__all__ = ["float_rho", "assert_equivariant", "assert_intertwiner", "assert_equivariant_exact",
           "assert_lie_equivariant", "EquivarianceError", "ExactElement", "exact_element",
           "TOLERANCES", "FD_TOLERANCE", "strategies", "perm_groups", "groups", "reps",
           "group_elements", "exact_elements", "float_group_elements"]
