"""Sphinx configuration of the symequiv documentation site.

Build (from the repository root)::

    python3 -m sphinx -W -b html docs docs/_build/html

Every Markdown page with a Jupyter header (the tutorials, the conventions page and the
guide pages with code cells) is executed by myst-nb at build time in a fresh kernel, so
a failing example fails the build.  ``tests/test_docs.py`` runs this build with ``-W``.
"""

import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)          # autodoc imports the working tree's symequiv
# the notebook kernels are separate processes: they import the same tree through PYTHONPATH,
# and run single-threaded (BLAS / OpenMP thread pools fighting over 2 cores made the executed
# pages several times slower, with nothing gained on these small examples)
os.environ["PYTHONPATH"] = os.pathsep.join([ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import symequiv  # noqa: E402

# -- project -----------------------------------------------------------------------------
project = "symequiv"
author = "the symequiv developers"
copyright = "the symequiv developers"
version = release = symequiv.__version__

extensions = [
    "myst_nb",                     # MyST Markdown pages and executed text notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",         # numpy-style docstrings
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "_intersphinx", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints",
                    "jupyter_execute"]
templates_path = []

# -- HTML (the default theme: no extra dependency) ---------------------------------------------
html_theme = "alabaster"
html_title = f"symequiv {release}"
html_static_path = []
html_theme_options = {
    "description": "Exact, certified bases of equivariant linear maps",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "230px",
}

# -- autodoc / autosummary / napoleon -------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource", "show-inheritance": True}
autodoc_typehints = "description"          # hints go into the parameter list, not the signature
autodoc_typehints_description_target = "all"
autodoc_preserve_defaults = True
autodoc_class_signature = "separated"
autosummary_generate = False               # the API pages list every name by hand; a test checks
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
napoleon_preprocess_types = False

# -- MyST / myst-nb ------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"                # every notebook page runs on every build
nb_execution_raise_on_error = True         # a cell that raises fails the build
nb_execution_show_tb = True                # ... and the log shows its traceback
nb_execution_timeout = 300                 # seconds per cell
nb_execution_in_temp = True                # cells that write files write into a temporary folder
nb_execution_allow_errors = False
nb_merge_streams = True
# Every text notebook runs on the ipykernel "python3" kernel, which jupyter_client resolves to
# the interpreter running Sphinx (a fresh venv with the [docs] or [test] extra needs no
# `ipykernel install`), whatever kernel name a page's header gives.
nb_kernel_rgx_aliases = {".*": "python3"}

# -- intersphinx ---------------------------------------------------------------------------
# The build machines reach no documentation site, so the inventories are small hand-kept files
# in docs/_intersphinx/ (see make_inventories.py there), read first: the build never waits on
# the network and never warns about it.  SYMEQUIV_DOCS_ONLINE_INVENTORIES=1 tries the real
# inventories first and falls back to the local ones.
_INV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_intersphinx")
_ONLINE = os.environ.get("SYMEQUIV_DOCS_ONLINE_INVENTORIES") == "1"


def _inventory(url, name):
    local = os.path.join(_INV, f"{name}.inv")
    return (url, (None, local) if _ONLINE else (local,))


intersphinx_mapping = {
    "python": _inventory("https://docs.python.org/3/", "python"),
    "sympy": _inventory("https://docs.sympy.org/latest/", "sympy"),
    "numpy": _inventory("https://numpy.org/doc/stable/", "numpy"),
    "torch": _inventory("https://pytorch.org/docs/stable/", "torch"),
}
intersphinx_timeout = 10


# -- docstrings -----------------------------------------------------------------------------
# Many docstrings end with a doctest block straight after a "Parameters" or "Raises" section,
# with no "Examples" header: napoleon would read the block as more parameters.  Before napoleon
# runs, such a block gets the header it means.
_SECTION = re.compile(r"^(Parameters|Other Parameters|Returns|Yields|Receives|Raises|Warns|"
                      r"Attributes|Methods|Keyword Arguments)$")
_FREE_TEXT = re.compile(r"^(Examples?|Notes?|References|See Also|Warnings?|Todo)$")


def _doctests_as_examples(app, what, name, obj, options, lines):
    section = None
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and set(nxt.strip()) == {"-"} and not line.startswith(" "):
            header = line.strip()
            section = ("fields" if _SECTION.match(header)
                       else "text" if _FREE_TEXT.match(header) else section)
        elif line.startswith(">>>") and section == "fields":
            header = ([""] if i > 0 and lines[i - 1].strip() else []) + ["Examples", "--------"]
            lines[i:i] = header
            i += len(header)
            section = "text"
        i += 1


def setup(app):
    app.connect("autodoc-process-docstring", _doctests_as_examples, priority=400)
