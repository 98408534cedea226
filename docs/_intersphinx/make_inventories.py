"""Write the small intersphinx inventories this site links through (run from anywhere).

The build machines have no network beyond the package registries, so Sphinx cannot fetch
the ``objects.inv`` of SymPy, NumPy, PyTorch and Python.  These hand-kept inventories list only
the objects the docs and docstrings refer to, each with its address on the project's real
documentation site (latest / stable versions), so links work offline and online.  ``conf.py``
reads these files first; ``SYMEQUIV_DOCS_ONLINE_INVENTORIES=1`` makes it try the real
inventories first and fall back to these.

Add an entry here (and rerun this script) when a page starts referring to a new object.
"""

import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# project -> (version, [(name, "domain:role", uri relative to the site root)]); "$" in a uri
# stands for the name, as in Sphinx's own inventories.
INVENTORIES = {
    "sympy": ("latest", [
        ("sympy.matrices.dense.Matrix", "py:class", "modules/matrices/dense.html#$"),
        ("sympy.Matrix", "py:class", "modules/matrices/dense.html#sympy.matrices.dense.Matrix"),
        ("sympy.core.numbers.Rational", "py:class", "modules/core.html#$"),
        ("sympy.Rational", "py:class", "modules/core.html#sympy.core.numbers.Rational"),
        ("sympy.polys.polytools.Poly", "py:class", "modules/polys/reference.html#$"),
        ("sympy.Poly", "py:class", "modules/polys/reference.html#sympy.polys.polytools.Poly"),
        ("sympy.polys.matrices.domainmatrix.DomainMatrix", "py:class",
         "modules/polys/domainmatrix.html#$"),
    ]),
    "numpy": ("stable", [
        ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html#$"),
        ("numpy.kron", "py:function", "reference/generated/numpy.kron.html#$"),
        ("numpy.random.Generator", "py:class", "reference/random/generator.html#$"),
    ]),
    "torch": ("stable", [
        ("torch.Tensor", "py:class", "tensors.html#$"),
        ("torch.dtype", "py:class", "tensor_attributes.html#$"),
        ("torch.nn.Module", "py:class", "generated/torch.nn.Module.html#$"),
        ("torch.nn.Linear", "py:class", "generated/torch.nn.Linear.html#$"),
        ("torch.compile", "py:function", "generated/torch.compile.html#$"),
    ]),
    "python": ("3", [
        ("fractions.Fraction", "py:class", "library/fractions.html#$"),
        ("AssertionError", "py:exception", "library/exceptions.html#$"),
        ("ValueError", "py:exception", "library/exceptions.html#$"),
        ("Warning", "py:exception", "library/exceptions.html#$"),
    ]),
}


def inventory_bytes(project, version, entries):
    head = ("# Sphinx inventory version 2\n"
            f"# Project: {project}\n"
            f"# Version: {version}\n"
            "# The remainder of this file is compressed using zlib.\n").encode()
    body = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in entries).encode()
    return head + zlib.compress(body, 9)


def main():
    for project, (version, entries) in INVENTORIES.items():
        with open(os.path.join(HERE, f"{project}.inv"), "wb") as f:
            f.write(inventory_bytes(project, version, entries))


if __name__ == "__main__":
    main()
