import json
import os
import subprocess
import sys
import warnings

import pytest

import symequiv as se
from strategies import HEX3, HEX6
from symequiv.solve import cache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SCRIPT = """
import symequiv as se
V = se.V(se.SO(3)); W = se.V(se.S(4))
for a, b in [(2*V, 30*se.Scalar+10*V+3*V**2+V**3), (W**2 + W, W + se.Scalar), (V**3, V+V**2)]:
    print(se.equivariant_basis(a, b).content_hash())
"""




def test_same_bytes_regardless_of_hash_seed(tmp_path):
    outs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SYMEQUIV_NO_CACHE="1", PYTHONPATH=ROOT)
        r = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
        outs.add(r.stdout)
    assert len(outs) == 1 and len(outs.pop().split()) == 3


def test_disk_cache_roundtrip(fresh_cache):
    V = se.V(HEX3())             # an elimination: the road whose results go to disk
    B = se.equivariant_basis(V ** 2, V ** 2)
    files = list((fresh_cache / "blocks").glob("*.json"))
    assert len(files) == 1
    d = json.loads(files[0].read_text())
    assert d["sha256"] == B.content_hash() and "pickle" not in files[0].read_text()
    cache.clear_memory()
    B2 = se.equivariant_basis(V ** 2, V ** 2)
    assert "disk cache" in B2.method and B2 == B


def test_a_warm_disk_cache_saves_the_same_bytes_and_keeps_the_plan(fresh_cache, tmp_path):
    # audit: a basis read from the disk cache saved method "... (disk cache)" (another binding,
    # other bytes) and lost its cost-model plan (--explain printed "[]")
    V = se.V(HEX3())
    B = se.equivariant_basis(V ** 2, V ** 2)
    B.save(tmp_path / "cold.json")
    cache.clear_memory()
    B2 = se.equivariant_basis(V ** 2, V ** 2)
    assert "disk cache" in B2.method and B2.road == B.method
    B2.save(tmp_path / "warm.json")
    assert (tmp_path / "cold.json").read_bytes() == (tmp_path / "warm.json").read_bytes()
    assert B2.plan == B.plan and B.plan.estimates


def test_corrupt_cache_file_is_reported_and_recomputed(fresh_cache):
    V = se.V(HEX6())
    B = se.equivariant_basis(V ** 2, V)
    (f,) = (fresh_cache / "blocks").glob("*.json")
    d = json.loads(f.read_text())
    d["rows"][0][0][1] = "7"                      # tamper with an exact entry
    f.write_text(json.dumps(d))
    cache.clear_memory()
    with pytest.warns(RuntimeWarning, match="damaged cache file"):
        B2 = se.equivariant_basis(V ** 2, V)
    assert B2 == B and "disk cache" not in B2.method
    f.write_text("{not json")
    cache.clear_memory()
    with pytest.warns(RuntimeWarning, match="damaged"):
        assert se.equivariant_basis(V ** 2, V) == B


def test_no_cache_env(fresh_cache, monkeypatch):
    monkeypatch.setenv("SYMEQUIV_NO_CACHE", "1")
    B = se.equivariant_basis(se.V(HEX3()) ** 2, se.V(HEX3()))
    assert B.method == "modular"                 # a road that would be written to disk
    assert not (fresh_cache / "blocks").exists()


def test_cache_keys_are_structural(fresh_cache):
    # two different groups sharing a display-like name pattern never collide
    G1 = se.MatrixGroup(discrete=[[[0, -1], [1, 0]]])
    G2 = se.MatrixGroup(discrete=[[[0, 1], [-1, 0]], [[-1, 0], [0, 1]]])
    b1 = se.equivariant_basis(se.V(G1), se.V(G1))
    b2 = se.equivariant_basis(se.V(G2), se.V(G2))
    assert (b1.dim, b2.dim) == (2, 1)


def test_save_load(tmp_path):
    V = se.V(se.SO(3))
    for a, b in [(V ** 2, V + se.Scalar), (se.V(se.S(4)) ** 2, se.V(se.S(4)))]:
        B = se.equivariant_basis(a, b)
        p = tmp_path / "b.json"
        B.save(p)
        assert se.Basis.load(p) == B
        d = json.loads(p.read_text())
        d["dim"] = 99
        d["sha256"] = "0" * 64
        p.write_text(json.dumps(d))
        with pytest.raises(se.CacheError):
            se.Basis.load(p)
