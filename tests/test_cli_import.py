import io
import json
import os
import subprocess
import sys

import symequiv as se
from symequiv.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(argv):
    out = io.StringIO()
    rc = main(argv, out=out)
    return rc, out.getvalue()


def test_info():
    rc, text = run(["info", "RubiksCube()"])
    assert rc == 0 and "order: 43252003274489856000" in text and "degree: 48" in text
    rc, text = run(["info", "SO(3)*S(5)"])
    assert "continuous" in text and "degree: 15" in text


def test_basis_json_seed_003():
    rc, text = run(["basis", "SO(3)", "2*V", "30*Scalar+10*V+3*V**2+V**3", "--json"])
    d = json.loads(text)
    assert rc == 0 and d["dim"] == 32 and d["shape"] == [684, 32] and d["verified"] is True
    assert isinstance(d["seconds"], float)


def test_basis_zero_explained():
    rc, text = run(["basis", "SO(3)", "2*V", "Scalar"])
    assert rc == 0 and "dim: 0" in text and "*linear*" in text and "4 independent equivariant *bilinear*" in text


def test_basis_save(tmp_path):
    p = tmp_path / "b.json"
    rc, text = run(["basis", "S(4)", "V**2", "V", "--save", str(p)])
    assert rc == 0 and se.Basis.load(p).dim == 5


def test_bad_input_exit_code(capsys):
    rc, _ = run(["basis", "SO(3", "V", "V"])
    assert rc == 2 and "column 4" in capsys.readouterr().err


def test_import_is_light():
    code = ("import sys, time; t = time.perf_counter(); import symequiv; "
            "print(time.perf_counter() - t); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'matplotlib')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env=dict(os.environ, PYTHONPATH=ROOT))
    seconds, mods = r.stdout.split("\n")[:2]
    assert mods == "[]"
    assert float(seconds) < 3.0      # ~0.4 s here; generous for loaded CI machines


def test_console_module():
    r = subprocess.run([sys.executable, "-m", "symequiv", "info", "S(5)"], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=ROOT))
    assert r.returncode == 0 and "order: 120" in r.stdout


def test_a_failed_save_loses_no_output(tmp_path, capsys):
    # found by a fuzzing audit: --save to a missing folder raised FileNotFoundError before the
    # result was printed
    rc, text = run(["basis", "SO(3)", "V", "V", "--json", "--save", str(tmp_path / "no" / "b.json")])
    assert rc == 2 and json.loads(text)["dim"] == 1
    assert "cannot write" in capsys.readouterr().err


def test_a_rep_of_another_group_is_refused(capsys):
    # "SO(3)" with "V(S(4))" computed S(4)'s basis and labelled it Hom_SO(3)
    rc, text = run(["basis", "SO(3)", "V(S(4))", "V(S(4))", "--json"])
    assert rc == 2 and text == "" and "belongs to S(4)" in capsys.readouterr().err
    import pytest
    with pytest.raises(se.errors.GroupMismatchError):
        se.rep("V(S(4))", "SO(3)")
    assert se.rep("V(SO(3))**2", "SO(3)") == se.V(se.SO(3)) ** 2


def test_invariants_budget_bounds_the_whole_command(capsys):
    # audit: --max-seconds 1 ran 13.8 s and exited 0 (the polynomials' text was not bounded)
    import time
    t = time.perf_counter()
    rc, _ = run(["invariants", "S(7)", "V", "--degree", "16", "--max-seconds", "1", "--json"])
    assert rc == 2 and "max_seconds=1" in capsys.readouterr().err
    assert time.perf_counter() - t < 8


def test_a_memory_stop_is_not_blamed_on_the_time_limit(capsys):
    rc, _ = run(["invariants", "SO(3)", "V", "--degree", "2", "--series", "--max-memory", "1"])
    err = capsys.readouterr().err
    assert rc == 2 and "MOLIEN_SECONDS" not in err and "1 B" in err


def test_broken_claim_files_are_typed_errors(tmp_path, capsys):
    # audit: tracebacks (TOMLDecodeError, UnicodeDecodeError, KeyError 'name') with exit 1,
    # the code of "claims failed"
    f = tmp_path / "a.toml"
    for text in (b'name = "x\nkind=', b"\xff\xfe", b'kind = "order"\ngroup = "Z(5)"\nclaimed = 5\n'):
        f.write_bytes(text)
        rc, _ = run(["verify", str(tmp_path)])
        assert rc == 2 and "claim file" in capsys.readouterr().err


def test_a_closed_pipe_is_no_traceback():
    # audit: `... | head -1` printed a BrokenPipeError traceback (184 kB of polynomials here:
    # more than a pipe buffer, so the writer meets the closed pipe)
    code = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-m', 'symequiv', "
            "'invariants', 'S(7)', 'V', '--degree', '10'], stdout=subprocess.PIPE, "
            "stderr=subprocess.PIPE); p.stdout.read(10); p.stdout.close(); "
            "err = p.stderr.read(); print(p.wait(), len(err))")
    env = dict(os.environ, PYTHONPATH=ROOT, SYMEQUIV_NO_CACHE="1")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)
    rc, errlen = r.stdout.split()
    assert rc in ("0", "141") and errlen == "0"


def test_memory_in_scientific_notation():
    from symequiv.budget import parse_memory
    assert parse_memory("1e9") == 10 ** 9 and parse_memory("2.5e3k") == 2_500_000


def test_the_last_buffered_output_meets_a_closed_pipe_inside_main():
    # review: with buffered stdout the final flush happened at exit ("Exception ignored ...
    # BrokenPipeError", exit 120); head -c 0 closes the pipe before anything is read
    code = ("import subprocess, sys; p = subprocess.Popen([sys.executable, '-m', 'symequiv', "
            "'basis', 'SO(3)', 'V', 'V'], stdout=subprocess.PIPE, stderr=subprocess.PIPE); "
            "p.stdout.close(); err = p.stderr.read(); print(p.wait(), len(err))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update(PYTHONPATH=ROOT, SYMEQUIV_NO_CACHE="1")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)
    rc, errlen = r.stdout.split()
    assert rc == "141" and errlen == "0"


def test_a_malformed_decompose_claim_fails_visibly(tmp_path):
    (tmp_path / "a.toml").write_text('name = "x"\nkind = "decompose"\ngroup = "S(3)"\nrep = "V"\n')
    rc, text = run(["verify", str(tmp_path)])
    assert rc == 1 and "FAIL x" in text


def test_budget_and_cache_switches_read_as_meant(monkeypatch):
    import pytest
    from symequiv.budget import parse_memory
    from symequiv.solve import cache
    with pytest.raises(se.InvalidArgumentError):
        parse_memory("1e400")                 # an OverflowError traceback before
    for off in ("1", "yes", "true"):
        monkeypatch.setenv("SYMEQUIV_NO_CACHE", off)
        assert cache.cache_dir() is None
    for on in ("", "0", "false", "no", "off"):
        monkeypatch.setenv("SYMEQUIV_NO_CACHE", on)
        assert cache.cache_dir() is not None
