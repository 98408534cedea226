import os
import tempfile

import pytest
from hypothesis import settings, HealthCheck

pytest_plugins = ["pytester"]        # the equivariance fixture's own tests (test_testing_plugin.py)

# Tests never touch the user's cache: a fresh directory per test session.
os.environ.setdefault("SYMEQUIV_CACHE_DIR", tempfile.mkdtemp(prefix="symequiv-test-cache-"))

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty on-disk cache and an empty memory cache, with every block written to disk."""
    from symequiv.solve import cache
    monkeypatch.setenv("SYMEQUIV_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SYMEQUIV_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "DISK_MIN_SECONDS", 0.0)
    cache.clear_memory()
    yield tmp_path
    cache.clear_memory()


@pytest.fixture(scope="module")
def v5():
    """A float64 SO(3) V⁵ → V⁵ layer (Schur form, factorised change of basis), one per module."""
    import torch
    import symequiv as se
    V = se.V(se.SO(3))
    torch.manual_seed(0)
    return se.nn.EquivariantLinear(V ** 5, V ** 5, dtype=torch.float64)
