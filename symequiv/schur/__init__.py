"""Exact Schur-lemma decomposition of representations (:func:`decompose`) and the
recursive tensor-product decomposition with cached Clebsch-Gordan data."""

from .decompose import decompose, Decomposition

__all__ = ["decompose", "Decomposition"]
