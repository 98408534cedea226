"""``python -m proofs``: check every claim, print the table, exit non-zero on any failure."""

import os
import sys

os.environ.setdefault("SYMEQUIV_NO_CACHE", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from symequiv.claims import run  # noqa: E402
from proofs import CLAIMS  # noqa: E402

sys.exit(1 if run(CLAIMS) else 0)
