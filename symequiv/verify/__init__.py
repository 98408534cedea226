"""Certificates: re-check a basis on roads that share no code with the solver.

1. **Constraints** (:mod:`.constraints`) -- every basis map ``W_k`` satisfies
   ``ρ_out(g) W_k = W_k ρ_in(g)`` for every discrete generator and ``dρ_out(A) W_k = W_k dρ_in(A)``
   for every algebra generator, checked exactly with plain matrix products.
2. **Rank** (:mod:`.constraints`) -- the exact rank equals ``dim``.
3. **Dimension**, on a road independent of the solver:

   * finite groups: the character (Burnside) formula (:mod:`.burnside`);
   * the catalogue's Lie groups -- SO(n), O(n), Sp(m), SO13, O13, SL(n), GL(n) -- and direct
     products of them with each other and with finite groups: Weyl integration on the maximal
     torus of the group or of its compact form (:mod:`.weyl`; the unitarian trick is explained
     there);
   * other continuous groups: each direct-sum block counted on the road the solver did *not*
     take for it (:mod:`.cross_road`, the only module here that imports the solver);
   * where none applies the certificate says so.

(1) and (2) prove the columns are independent intertwiners (dim ≤ true dimension);
(3) proves they span.  :mod:`.certificate` assembles the :class:`Certificate`.

>>> import symequiv as se
>>> c = se.equivariant_basis(se.V(se.S(5)) ** 2, se.V(se.S(5)) ** 2).verify()
>>> c.ok, c.independent_dim, c.complete
(True, 15, True)
"""

from .characters import character
from .burnside import trace_distribution, burnside_dim, pair_orbit_count
from .weyl import weyl_dim
from .cross_road import other_road_dim
from .certificate import Certificate, certify

__all__ = ["Certificate", "certify", "trace_distribution", "burnside_dim", "character", "weyl_dim",
           "other_road_dim", "pair_orbit_count"]
