"""The documentation site builds with warnings as errors, every notebook page (tutorials,
conventions, guide) is executed during the build, and the API reference lists every public
name of ``symequiv`` and ``symequiv.nn``.

One build (a fresh kernel per notebook page, a fresh symequiv cache) serves every test here.
"""

import glob
import os
import re
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")


def _notebook_pages():
    """Markdown pages that myst-nb runs: those with a Jupyter header and code cells."""
    pages = []
    for path in sorted(glob.glob(os.path.join(DOCS, "**", "*.md"), recursive=True)):
        rel = os.path.relpath(path, DOCS)
        if rel.startswith("_build" + os.sep):
            continue
        text = open(path, encoding="utf-8").read()
        if "{code-cell}" in text:
            assert re.match(r"---\n.*?kernelspec:.*?\n---\n", text, re.S), (
                f"{rel} has code cells but no Jupyter header (kernelspec), so it would not run")
            pages.append(rel)
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docs")
    out = tmp / "html"
    env = dict(os.environ)
    env["SYMEQUIV_CACHE_DIR"] = str(tmp / "symequiv-cache")    # no warm cache: everything computed
    env.pop("SYMEQUIV_NO_CACHE", None)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-j", "auto", "-b", "html",
           DOCS, str(out)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=str(tmp), env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, (
        f"`{' '.join(cmd)}` failed (exit {proc.returncode}) after {seconds:.0f} s\n"
        f"--- stdout (tail) ---\n{proc.stdout[-6000:]}\n--- stderr (tail) ---\n{proc.stderr[-12000:]}")
    return {"out": str(out), "seconds": seconds, "log": proc.stdout + proc.stderr}


def _html(site, rel_md):
    path = os.path.join(site["out"], os.path.splitext(rel_md)[0] + ".html")
    assert os.path.exists(path), f"{rel_md} was not built into {path}"
    return open(path, encoding="utf-8").read()


def test_site_builds_without_warnings(site):
    print(f"docs build: {site['seconds']:.0f} s")          # the target is under 3 minutes
    for page in ("index", "getting-started", "conventions", "guide/index", "tutorials/index",
                 "api/index", "api/symequiv", "api/nn"):
        _html(site, page + ".md")
    # (-W turns every Sphinx warning into a failed build, checked in the fixture)


def test_every_notebook_page_was_executed(site):
    pages = _notebook_pages()
    tutorials = [p for p in pages if p.startswith("tutorials" + os.sep)]
    assert len(tutorials) >= 5, f"expected at least five executed tutorials, found {tutorials}"
    assert "conventions.md" in pages
    for rel in pages:
        html = _html(site, rel)
        # text notebooks carry no stored outputs: an output in the page was made by this build
        assert 'class="cell_output' in html, f"{rel}: no cell output in the built page"
        assert "Traceback (most recent call last)" not in html, f"{rel}: a cell raised"
        assert re.search(re.escape(os.path.join(DOCS, rel)) + r": Executed notebook", site["log"]), (
            f"{rel}: the build log does not show it being executed")


def test_tutorial_index_links_every_tutorial(site):
    html = _html(site, os.path.join("tutorials", "index.md"))
    for rel in _notebook_pages():
        if rel.startswith("tutorials" + os.sep) and os.path.basename(rel) != "index.md":
            assert os.path.basename(os.path.splitext(rel)[0]) + ".html" in html, (
                f"tutorials/index does not link {rel}")


def _documented_ids(site, page):
    html = _html(site, page)
    return set(re.findall(r'<dt class="sig sig-object py" id="([^"]+)"', html))


def test_api_reference_lists_every_public_name(site):
    import symequiv
    import symequiv.nn as nn

    ids = _documented_ids(site, "api/symequiv.md")
    missing = [n for n in symequiv.__all__ if f"symequiv.{n}" not in ids]
    assert not missing, f"names in symequiv.__all__ missing from docs/api/symequiv.rst: {missing}"

    public_nn = set(nn.__all__) | {n for n in dir(nn) if not n.startswith("_")
                                   and not isinstance(getattr(nn, n), type(nn))}
    ids_nn = _documented_ids(site, "api/nn.md")
    missing = sorted(n for n in public_nn if f"symequiv.nn.{n}" not in ids_nn)
    assert not missing, f"public names of symequiv.nn missing from docs/api/nn.rst: {missing}"
