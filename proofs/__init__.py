"""The catalogue of claims symequiv checks: ``python -m proofs`` (or ``symequiv verify``).

Each file in ``proofs/claims/`` states one claim -- a dimension, a group order, a layer's
parameter counts, a decomposition -- with its source; the runner recomputes it with the
library and re-derives it on an independent road (see :mod:`symequiv.claims`).
"""

import os

CLAIMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "claims")
