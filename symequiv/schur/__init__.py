"""Exact Schur-lemma decomposition of representations (:func:`decompose`) and the
recursive tensor-product decomposition with cached Clebsch-Gordan data."""

from .decomposition import decompose, Decomposition, DecompositionCertificate

__all__ = ["decompose", "Decomposition", "DecompositionCertificate"]
