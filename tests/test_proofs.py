"""The claims catalogue runs clean, both ways it can be invoked, and catches a false claim."""

import io
import os
import shutil
import subprocess
import sys

from symequiv.claims import load, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLAIMS = os.path.join(ROOT, "proofs", "claims")


def test_catalogue_has_at_least_30_claims_with_sources():
    claims = load(CLAIMS)
    assert len(claims) >= 30
    assert all(c.get("source") and c.get("name") for c in claims)
    kinds = {c["kind"] for c in claims}
    assert kinds == {"dim", "order", "layer", "cyclotomic", "decompose", "molien", "fundamental"}


def test_python_m_proofs_passes():
    r = subprocess.run([sys.executable, "-m", "proofs"], cwd=ROOT, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=ROOT), timeout=600)
    assert r.returncode == 0, r.stdout[-2000:]
    assert " 0 failed" in r.stdout


def test_false_claim_fails(tmp_path):
    import re
    src = sorted(f for f in os.listdir(CLAIMS) if "riordan" in f)[0]
    text = open(os.path.join(CLAIMS, src)).read()
    bad = re.sub(r"claimed = (\d+)", lambda m: f"claimed = {int(m.group(1)) + 1}", text)
    assert bad != text
    (tmp_path / "bad.toml").write_text(bad)
    shutil.copy(os.path.join(CLAIMS, src), tmp_path / "good.toml")
    out = io.StringIO()
    assert run(str(tmp_path), out) == 1
    assert "FAIL" in out.getvalue() and "1 passed, 1 failed" in out.getvalue()


def test_symequiv_verify_cli(tmp_path):
    from symequiv.cli import main
    shutil.copy(os.path.join(CLAIMS, sorted(os.listdir(CLAIMS))[0]), tmp_path / "one.toml")
    out = io.StringIO()
    assert main(["verify", str(tmp_path)], out=out) == 0 and "1 passed, 0 failed" in out.getvalue()
    assert main(["verify", str(tmp_path / "missing")]) == 2


def test_false_decomposition_claim_fails(tmp_path):
    src = sorted(f for f in os.listdir(CLAIMS) if "octahedral_v2_decomposition" in f)[0]
    text = open(os.path.join(CLAIMS, src)).read()
    bad = text.replace("[2, 1, 1]", "[1, 2, 1]")         # same total size, wrong pieces
    assert bad != text
    (tmp_path / "bad.toml").write_text(bad)
    out = io.StringIO()
    assert run(str(tmp_path), out) == 1 and "FAIL" in out.getvalue()


def test_false_molien_and_fundamental_claims_fail(tmp_path):
    for src, old, new in [("70_octahedral_rotations__molien_series.toml", "1 + t**9", "1 + t**8"),
                          ("75_o_3__two_vectors__molien.toml", "(1 - t**2)**3", "(1 - t**2)**2"),
                          ("72_icosahedral_rotations__fundamental_invariants.toml", "[2, 6, 10, 15]",
                           "[2, 6, 10]")]:
        text = open(os.path.join(CLAIMS, src)).read()
        assert old in text
        (tmp_path / src).write_text(text.replace(old, new))
    out = io.StringIO()
    assert run(str(tmp_path), out) == 3
