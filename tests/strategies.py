"""The tests use the strategies symequiv ships for its users (symequiv.testing)."""

from symequiv.testing import perm_groups, reps as rep_exprs  # noqa: F401
