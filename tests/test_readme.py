"""Every ```python block of the README runs, in order, in a scratch directory."""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    ns = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), ns)
    edges = sorted((a[2], b[2]) for a, b in ns["se"].nn.coupling_graph(ns["net"]).edges)
    assert edges == [("Scalar", "Scalar"), ("V", "V")]
    x = ns["torch"].randn(3, 6)
    assert ns["torch"].equal(ns["bil"](x), ns["fresh"](x))


def test_readme_test_file_passes_under_the_plugin(pytester):
    # the README's copyable test file, run by pytest with the equivariance fixture
    import scipy.linalg  # noqa: F401  (pytester runs in-process; torch and scipy load once)
    import torch  # noqa: F401
    import symequiv.nn  # noqa: F401
    import symequiv.testing  # noqa: F401
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", text, re.S)
                if b.startswith("# test_layers.py")]
    pytester.makepyfile(test_layers=block)
    result = pytester.runpytest("-p", "no:cacheprovider", "--symequiv-samples=2")
    result.assert_outcomes(passed=3)


def test_readme_counts_the_claims():
    # the number of named claims the README promises is the number of claim files
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    said = int(re.search(r"checks (\d+) named claims", text).group(1))
    files = [f for f in os.listdir(os.path.join(ROOT, "proofs", "claims")) if f.endswith(".toml")]
    assert said == len(files)
