"""Type information: ``symequiv`` ships ``py.typed``, the package passes mypy with the
``[mypy]`` configuration in ``setup.cfg``, and the public API's hints reach user code."""

import configparser
import inspect
import os
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETUP_CFG = os.path.join(ROOT, "setup.cfg")


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory):
    """One fresh incremental cache for this module's runs (the second run reuses the first)."""
    return str(tmp_path_factory.mktemp("mypy-cache"))


def _mypy(args, cache_dir):
    from mypy import api
    stdout, stderr, status = api.run(["--config-file", SETUP_CFG, "--cache-dir", cache_dir,
                                      "--no-error-summary", "--show-error-codes", *args])
    return stdout, stderr, status


def test_py_typed_ships_with_the_package():
    assert os.path.isfile(os.path.join(ROOT, "symequiv", "py.typed"))
    cfg = configparser.ConfigParser()
    cfg.read(SETUP_CFG)
    assert "py.typed" in cfg["options.package_data"]["symequiv"].split()


def test_package_passes_mypy(mypy_cache, monkeypatch):
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = _mypy(["-p", "symequiv"], mypy_cache)
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 0 and not errors, f"mypy found errors:\n{stdout}\n{stderr}"


def test_public_entry_points_are_annotated():
    import symequiv as se
    from symequiv.testing import (assert_equivariant, assert_equivariant_exact,
                                  assert_lie_equivariant, assert_intertwiner, exact_element)
    functions = [se.group, se.rep, se.V, se.T, se.S, se.SO, se.MatrixGroup, se.PermutationGroup,
                 se.SU, se.irrep, se.irreps, se.irreps_of, se.Sym, se.Wedge, se.Subgroup,
                 se.point_stabilizer, se.Induced, se.Quotient, se.Regular, se.invariants,
                 se.polynomial_maps, se.fundamental_invariants, se.molien_series,
                 se.AutomorphismGroup, assert_equivariant, assert_equivariant_exact,
                 assert_lie_equivariant, assert_intertwiner, exact_element,
                 se.Basis.verify, se.Basis.to_numpy, se.Basis.to_torch, se.Basis.map,
                 se.Basis.to_sympy, se.Basis.save, se.Basis.load, se.Rep.__add__,
                 se.Rep.__mul__, se.Rep.__rshift__, se.Rep.__pow__, se.Group.order]
    unannotated = []
    for f in functions:
        sig = inspect.signature(f)
        params = [p for name, p in sig.parameters.items() if name not in ("self", "cls")
                  and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if sig.return_annotation is inspect.Signature.empty or any(
                p.annotation is inspect.Parameter.empty for p in params):
            unannotated.append(f.__qualname__)
    assert not unannotated, f"public entry points without full type hints: {unannotated}"


def test_hints_reach_user_code(tmp_path, mypy_cache, monkeypatch):
    # a user's file: correct uses type-check, and a wrong one is caught through the hints
    monkeypatch.chdir(ROOT)
    user = tmp_path / "user_code.py"
    user.write_text(textwrap.dedent("""\
        import symequiv as se

        G: se.Group = se.group("SO(3)")
        V = se.V(G)
        size: int = (2 * V >> V ** 2).size
        order = se.S(5).order()
        space = se.invariants(V, 2)
        dim: int = space.dim
        gens, complete = se.fundamental_invariants(V, 4)
        flag: bool = complete
        wrong: str = V.size
        """))
    stdout, stderr, status = _mypy([str(user)], mypy_cache)
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, f"expected exactly the one planted error:\n{stdout}\n{stderr}"
    assert "user_code.py:11:" in errors[0] and "[assignment]" in errors[0], errors[0]
