"""A disk-cache entry edited *and re-hashed* is caught on read and recomputed (hardening issue).

The content hash protects against accidents only; these are the measured poisonings: one
coefficient changed, a basis vector dropped with ``dim`` fixed, a foreign group's entry copied
in with its key and field.  Every read re-checks constraints, rank and the independent dimension.
"""

import json
from fractions import Fraction

import pytest

import symequiv as se
from strategies import HEX3, HEX6
from symequiv.verify.burnside import burnside_dim
from symequiv.basis import Basis
from symequiv.solve import cache




def _entry(fresh_cache):
    (f,) = (fresh_cache / "blocks").glob("*.json")
    return f, json.loads(f.read_text())


def _rehash(d, rep_in, rep_out):
    d["sha256"] = Basis.from_payload(rep_in, rep_out, d, d["method"]).content_hash()
    return d


def _read_again(rep_in, rep_out):
    cache.clear_memory()
    with pytest.warns(RuntimeWarning, match="damaged cache file"):
        return se.equivariant_basis(rep_in, rep_out)


def test_changed_coefficient_rehashed_is_caught(fresh_cache):
    V = se.V(HEX6())
    B = se.equivariant_basis(V ** 2, V ** 2)
    f, d = _entry(fresh_cache)
    d["rows"][0][0][1] = "7"
    f.write_text(json.dumps(_rehash(d, V ** 2, V ** 2)))
    B2 = _read_again(V ** 2, V ** 2)
    assert B2 == B and "disk cache" not in B2.method
    assert B2.verify().complete


def test_dropped_vector_with_dim_fixed_is_caught(fresh_cache):
    # constraints and rank still hold; only the independent (Burnside) dimension sees it
    W = se.V(HEX3())
    B = se.equivariant_basis(W ** 2, W ** 2)
    f, d = _entry(fresh_cache)
    d["rows"] = d["rows"][:-1]
    d["dim"] = B.dim - 1
    f.write_text(json.dumps(_rehash(d, W ** 2, W ** 2)))
    B2 = _read_again(W ** 2, W ** 2)
    assert B2.dim == B.dim == burnside_dim(W ** 2, W ** 2)[0] and B2 == B


@pytest.mark.parametrize("victim, donor", [(HEX3(), HEX6()),
                                           (HEX6(), HEX3())])
def test_foreign_groups_entry_is_caught(fresh_cache, victim, donor):
    # the donor's block passed off as the victim's (key copied, same shape and field).  The
    # maps of the larger group also commute with its subgroup: only the dimension catches that
    Wd, Wv = se.V(donor), se.V(victim)
    se.equivariant_basis(Wd ** 2, Wd ** 2)
    fd, foreign = _entry(fresh_cache)
    fd.unlink()
    B = se.equivariant_basis(Wv ** 2, Wv ** 2)
    f, d = _entry(fresh_cache)
    foreign["key"] = d["key"]
    f.write_text(json.dumps(_rehash(foreign, Wv ** 2, Wv ** 2)))
    B2 = _read_again(Wv ** 2, Wv ** 2)
    assert B2 == B


def test_number_field_entry_with_changed_coefficient_is_caught(fresh_cache):
    V = se.V(se.Icosahedral())
    B = se.equivariant_basis(V ** 2, V ** 2)
    f, d = _entry(fresh_cache)
    j, v = d["rows"][0][0]
    assert isinstance(v, list)                        # coefficients over Q(√5)
    d["rows"][0][0] = [j, v[:-1] + [str(Fraction(v[-1]) + 1)]]
    f.write_text(json.dumps(_rehash(d, V ** 2, V ** 2)))
    B2 = _read_again(V ** 2, V ** 2)
    assert B2 == B


def test_entry_no_formula_can_confirm_is_recomputed(fresh_cache, recwarn):
    # a non-reductive group: no Burnside or Weyl count, so a dropped vector with dim fixed would
    # pass constraints and rank; such entries are recomputed instead of trusted
    G = se.MatrixGroup(lie_algebra=[[[0, 1, 0], [0, 0, 1], [0, 0, 0]]])
    V = se.V(G)
    B = se.equivariant_basis(V, V)
    f, d = next((f, d) for f in (fresh_cache / "blocks").glob("*.json")
                for d in [json.loads(f.read_text())] if d["shape"] == [3, 3] and d["dim"] == B.dim)
    d["rows"] = d["rows"][:-1]
    d["dim"] = B.dim - 1
    f.write_text(json.dumps(_rehash(d, V, V)))
    cache.clear_memory()
    B2 = se.equivariant_basis(V, V)
    assert B2.dim == B.dim == 3 and "disk cache" not in B2.method


def test_honest_entries_are_read_without_warning(fresh_cache, recwarn):
    V = se.V(HEX3())
    B = se.equivariant_basis(V ** 2, V ** 2)
    cache.clear_memory()
    B2 = se.equivariant_basis(V ** 2, V ** 2)
    assert "disk cache" in B2.method and B2 == B
    assert not [w for w in recwarn if "damaged" in str(w.message)]


@pytest.mark.parametrize("edit", ["scale", "swap", "add", "non-pivot"])
def test_rows_scaled_or_swapped_and_rehashed_are_caught(fresh_cache, edit):
    # audit: the same span passes constraints, rank and dimension, but a layer's saved
    # coefficients then multiply other maps (a checkpoint gave different outputs); both
    # elimination roads write reduced echelon rows, so anything else is refused.  "add":
    # row 0 += row 1, echelon but not reduced (same span); "non-pivot": one coefficient off a
    # pivot column changed (echelon shape, rank and dimension kept: only the constraints see it)
    V = se.V(HEX6())
    B = se.equivariant_basis(V ** 2, V ** 2)
    f, d = _entry(fresh_cache)
    if edit == "scale":
        d["rows"][0] = [[j, str(2 * Fraction(x))] for j, x in d["rows"][0]]
    elif edit == "swap":
        d["rows"][0], d["rows"][1] = d["rows"][1], d["rows"][0]
    elif edit == "add":
        r0 = {j: Fraction(x) for j, x in d["rows"][0]}
        for j, x in d["rows"][1]:
            r0[j] = r0.get(j, Fraction(0)) + Fraction(x)
        d["rows"][0] = [[j, str(x)] for j, x in sorted(r0.items()) if x]
    else:
        pivots = {row[0][0] for row in d["rows"]}
        k, i = next((k, i) for k, row in enumerate(d["rows"]) for i, (j, _) in enumerate(row)
                    if i > 0 and j not in pivots)
        j, x = d["rows"][k][i]
        d["rows"][k][i] = [j, str(Fraction(x) + 1)]
    f.write_text(json.dumps(_rehash(d, V ** 2, V ** 2)))
    B2 = _read_again(V ** 2, V ** 2)
    assert B2 == B and B2.content_hash() == B.content_hash() and "disk cache" not in B2.method


def test_a_cache_path_the_system_refuses_only_warns(monkeypatch, tmp_path):
    # audit: a 300-character directory name crashed the solve with a bare OSError (File name
    # too long) from Path.exists(), outside the reader's error handling
    monkeypatch.delenv("SYMEQUIV_NO_CACHE", raising=False)
    monkeypatch.setenv("SYMEQUIV_CACHE_DIR", str(tmp_path / ("a" * 300)))
    cache.clear_memory()
    V = se.V(HEX6())
    with pytest.warns(RuntimeWarning, match="cache"):
        B = se.equivariant_basis(V ** 2, V ** 2)
    assert B.verify().complete
