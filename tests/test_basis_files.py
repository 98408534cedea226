"""Basis files: every damaged or edited file is refused with CacheError (found by a fuzzing
audit: edits to the reps loaded silently, damage surfaced as JSON / numpy / SymPy errors)."""

import copy
import json

import pytest

import symequiv as se
from symequiv.basis import _binding
from symequiv.errors import CacheError, InvalidArgumentError

SO3 = se.SO(3)
V = se.V(SO3)


@pytest.fixture(scope="module")
def eps_file(tmp_path_factory):
    B = se.equivariant_basis(V * V, V)                  # the epsilon tensor, dim 1
    p = tmp_path_factory.mktemp("b") / "eps.json"
    B.save(p)
    return B, json.loads(p.read_text())


def _write(tmp_path, d=None, text=None):
    p = tmp_path / "t.json"
    p.write_text(text if text is not None else json.dumps(d))
    return p


def _resign(d):
    """What a careful editor does: recompute the content hash and the binding."""
    b = se.Basis.from_payload(se.rep(d["rep_in"]), se.rep(d["rep_out"]), d, d["method"])
    d["sha256"] = b.content_hash()
    d["binding"] = _binding(d)
    return d


def test_round_trip_is_certified(tmp_path, eps_file):
    B, d = eps_file
    L = se.Basis.load(_write(tmp_path, d))
    assert L == B and L._memo["certificate"].constraints_ok


@pytest.mark.parametrize("damage", ["truncated", "empty", "list", "no rows", "no rep_in",
                                    "zero denominator", "text entry", "column out of range",
                                    "rows a string", "dim edited"])
def test_damaged_files_raise_cache_error(tmp_path, eps_file, damage):
    _, orig = eps_file
    d = copy.deepcopy(orig)
    text = None
    if damage == "truncated":
        text = json.dumps(d)[:40]
    elif damage == "empty":
        text = ""
    elif damage == "list":
        text = "[1, 2]"
    elif damage == "no rows":
        del d["rows"]
    elif damage == "no rep_in":
        del d["rep_in"]
    elif damage == "zero denominator":
        d["rows"][0][0][1] = "1/0"
    elif damage == "text entry":
        d["rows"][0][0][1] = "abc"
    elif damage == "column out of range":
        d["rows"][0][0][0] = 10 ** 6
    elif damage == "rows a string":
        d["rows"] = "zzz"
    elif damage == "dim edited":
        d["dim"] = 7
    with pytest.raises(CacheError):
        se.Basis.load(_write(tmp_path, d, text))


@pytest.mark.parametrize("edit", ["reps to O(3)", "reps to S(3)", "entry", "duplicated row"])
def test_edited_and_resigned_files_are_caught_by_the_certificate(tmp_path, eps_file, edit):
    _, orig = eps_file
    d = copy.deepcopy(orig)
    if edit == "reps to O(3)":                          # ε is not O(3)-equivariant
        d["rep_in"], d["rep_out"] = "V(O(3))**2", "V(O(3))"
    elif edit == "reps to S(3)":
        d["rep_in"], d["rep_out"] = "V(S(3))**2", "V(S(3))"
    elif edit == "entry":
        d["rows"][0][0][1] = "2"
    else:
        d["rows"] = d["rows"] + d["rows"]
        d["dim"] = 2
    p = _write(tmp_path, _resign(d))
    with pytest.raises(CacheError, match="does not hold a valid basis"):
        se.Basis.load(p)
    if edit != "duplicated row":                        # trusting the file: it loads
        se.Basis.load(p, verify=False)


def test_edits_without_resigning_break_the_binding(tmp_path, eps_file):
    _, orig = eps_file
    d = copy.deepcopy(orig)
    d["method"] = "orbits"
    with pytest.raises(CacheError, match="binding"):
        se.Basis.load(_write(tmp_path, d))


def test_paths_and_unsavable_reps(tmp_path):
    B = se.equivariant_basis(V, V)
    with pytest.raises(InvalidArgumentError, match="file descriptor"):
        B.save(5)
    with pytest.raises(InvalidArgumentError):
        se.Basis.load(5)
    with pytest.raises(CacheError, match="cannot read"):
        se.Basis.load(tmp_path / "missing.json")
    from symequiv import linalg
    S3 = se.S(3)                                        # a rep known by its matrices only
    R = se.ExplicitRep(S3, [linalg.matrix([[1]]), linalg.matrix([[-1]])], [], "sign")
    with pytest.raises(CacheError, match="does not parse back"):
        se.equivariant_basis(R, R).save(tmp_path / "sign.json")
    assert not (tmp_path / "sign.json").exists()


@pytest.mark.parametrize("text", ["V(SO(3))**4", "V(C(5))**2"])
@pytest.mark.parametrize("edit", ["Q_out entry", "blocks removed", "field", "shape"])
def test_edits_of_a_schur_form_file_are_caught(tmp_path, text, edit):
    # the Schur form is rebuilt by its road, not read, so the stored hash and binding stay
    # valid after an edit of its matrices or field: the written content is compared with the
    # rebuilt one
    r = se.rep(text)
    B = se.equivariant_basis(r, r)
    assert B.is_schur_form
    B.save(tmp_path / "s.json")
    d = json.loads((tmp_path / "s.json").read_text())
    assert se.Basis.load(tmp_path / "s.json") == B
    if edit == "Q_out entry":
        d["schur"]["Q_out"][0][2] = "12345/7"
    elif edit == "blocks removed":
        d["schur"]["blocks"] = []
    elif edit == "field":
        d["field"] = {"alpha": "sqrt(2)", "minpoly": ["1", "0", "-2"]}
    else:
        d["shape"] = list(reversed(d["shape"])) if d["shape"][0] != d["shape"][1] else d["shape"]
        d["schur"]["Q_in_inv"] = d["schur"]["Q_in_inv"][1:]
    with pytest.raises(CacheError, match="differ from the content rebuilt|shape"):
        se.Basis.load(_write(tmp_path, d))


def test_bases_of_different_hom_spaces_are_not_equal():
    # Hom(Scalar, V(S(3))) and Hom(Scalar, V(Z(3))): the same shape and entries (the all-ones
    # vector), different output reps
    B1 = se.equivariant_basis(se.Scalar, se.V(se.S(3)))
    B2 = se.equivariant_basis(se.Scalar, se.V(se.Z(3)))
    assert B1.rows() == B2.rows()
    assert B1 != B2 and B1 == se.equivariant_basis(se.Scalar, se.V(se.S(3)))
    B3 = se.equivariant_basis(se.V(se.S(3)), se.Scalar)
    B4 = se.equivariant_basis(se.V(se.Z(3)), se.Scalar)
    assert B3.rows() == B4.rows() and B3 != B4
