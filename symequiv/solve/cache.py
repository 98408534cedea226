"""In-memory and on-disk caches of solved blocks.

Keys are structural (the reps' exact generator data), never display names.  On
disk each block is one JSON file named by the SHA-256 of its key, written
atomically, holding the key and a content hash; a corrupt or mismatched file is
reported with a warning and recomputed.  The hash only guards against accidents: an entry
edited *and* re-hashed would pass it, so every read is also checked the way a certificate
checks a basis -- the exact constraints on every generator, the rank, and the dimension
against the independent count of a formula (Burnside, orbit counts, Weyl) -- and anything
that fails is recomputed with a warning; an entry no formula can confirm is recomputed too.  ``SYMEQUIV_CACHE_DIR`` moves the cache,
``SYMEQUIV_NO_CACHE=1`` turns the disk cache off (``0``, ``false``, ``no``, ``off`` or empty leave it on).

>>> import os
>>> isinstance(cache_dir(), (type(None), os.PathLike))
True
"""

from typing import Any
import hashlib
import json
import os
import sys
import tempfile
import warnings
from collections import OrderedDict
from pathlib import Path

from .. import linalg

__all__ = ["cache_dir", "memory_get", "memory_put", "disk_get", "disk_put", "clear_memory",
           "key_text", "DISK_MIN_SECONDS"]

#: Blocks that solved faster than this are not written to disk (reading would cost more).
DISK_MIN_SECONDS = 0.05
_MEMORY_LIMIT = 512
_MEMORY: OrderedDict[Any, Any] = OrderedDict()


def cache_dir():
    """The on-disk cache directory, or ``None`` when ``SYMEQUIV_NO_CACHE=1``.

    >>> import os
    >>> os.environ['SYMEQUIV_NO_CACHE'] = '1'; cache_dir() is None
    True
    >>> del os.environ['SYMEQUIV_NO_CACHE']
    """
    if os.environ.get("SYMEQUIV_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no", "off"):
        return None
    env = os.environ.get("SYMEQUIV_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "symequiv"


#: Bumped whenever the stored format or the solver's canonical output could change.
FORMAT_VERSION = 2


def key_text(key):
    """Deterministic JSON text of a structural key (with the cache format version).

    >>> key_text(('V', 3))
    '["symequiv",2,["V",3]]'
    """
    return json.dumps(["symequiv", FORMAT_VERSION, key], separators=(",", ":"))


def memory_get(key):
    """The in-memory result for ``key`` or ``None``.

    >>> memory_get(('no', 'such', 'key')) is None
    True
    """
    b = _MEMORY.get(key)
    if b is not None:
        _MEMORY.move_to_end(key)
    return b


def memory_put(key, basis):
    """Remember ``basis`` under ``key`` (least recently used entries are dropped).

    >>> memory_put(('doc', 'key'), 'value'); memory_get(('doc', 'key'))
    'value'
    """
    _MEMORY[key] = basis
    _MEMORY.move_to_end(key)
    while len(_MEMORY) > _MEMORY_LIMIT:
        _MEMORY.popitem(last=False)


def clear_memory():
    """Forget every in-memory result (the disk cache is untouched).

    >>> memory_put(('doc', 2), 1); clear_memory(); memory_get(('doc', 2)) is None
    True
    """
    _MEMORY.clear()


def _path(ktext):
    d = cache_dir()
    if d is None:
        return None
    return d / "blocks" / (hashlib.sha256(ktext.encode()).hexdigest() + ".json")


def disk_get(key, rep_in, rep_out):
    """The cached block for ``key``, or ``None``; damaged files are warned about.

    >>> import symequiv as se
    >>> disk_get(('never', 'stored'), se.Scalar, se.Scalar) is None
    True
    """
    from ..basis import Basis
    ktext = key_text(key)
    p = _path(ktext)
    try:
        if p is None or not p.exists():
            return None
    except OSError as e:         # a path the system refuses (too long, no permission): no cache
        warnings.warn(f"symequiv: cannot read the cache at {p} ({e}); solving without it.",
                      RuntimeWarning, stacklevel=3)
        return None
    try:
        with open(p, encoding="utf-8") as f:
            d = json.load(f)
        if d.get("key") != ktext:
            raise ValueError("the stored key does not match (hash collision or edited file)")
        b = Basis.from_payload(rep_in, rep_out, d, d["method"] + " (disk cache)")
        if b.content_hash() != d.get("sha256"):
            raise ValueError("content hash mismatch")
        _check_canonical(b)
        if not _check_entry(b):
            return None          # nothing can confirm its dimension: recompute (not damaged)
        if "plan" not in d:
            return None          # written before entries kept their plan: recompute, rewrite
        plan = d["plan"]
        if isinstance(plan, dict):
            from .plan import Plan
            object.__setattr__(b, "plan", Plan(str(plan["road"]),
                                               tuple((str(r), float(t)) for r, t in plan["estimates"]),
                                               tuple((str(r), int(m)) for r, m in plan["memory"])))
        return b
    except Exception as e:  # corrupt file of any kind: report and recompute
        warnings.warn(f"symequiv: ignoring damaged cache file {p} ({e}); recomputing.",
                      RuntimeWarning, stacklevel=3)
        return None


def _check_canonical(b):
    """Raise ``ValueError`` unless the rows are in reduced echelon form, the form both
    elimination roads write: a re-hashed entry with its rows scaled or swapped spans the same
    space and passes every other check, but a layer's saved coefficients would then multiply
    other maps (the audit got different outputs from the same checkpoint)."""
    R = b.rows().to_sparse()
    rows = linalg._dod(R)
    last, pivots = -1, []
    for i in range(R.shape[0]):
        row = rows.get(i, {})
        if not row:
            raise ValueError("the stored basis has a zero row")
        j = min(row)
        if j <= last or row[j] != R.domain.one:
            raise ValueError("the stored rows are not in reduced echelon form")
        last = j
        pivots.append(j)
    columns = set(pivots)
    for i, j in enumerate(pivots):
        if any(c in columns and c != j for c in rows.get(i, {})):
            raise ValueError("the stored rows are not in reduced echelon form")


def _check_entry(b):
    """Raise ``ValueError`` unless the read basis satisfies its constraints exactly, has full
    rank and the independent dimension; return False (recompute, no warning) when no formula
    gives a dimension to compare with -- a vector dropped with ``dim`` fixed would pass the
    other checks."""
    from ..verify.certificate import certify
    c = certify(b, cross_road=False)
    if not c.constraints_ok:
        raise ValueError("the stored basis violates the equivariance constraints")
    if c.rank != c.dim:
        raise ValueError(f"the stored basis has rank {c.rank} but claims dim {c.dim}")
    if c.independent_dim is None:
        return False
    if c.independent_dim != c.dim:
        raise ValueError(f"the stored basis has dim {c.dim} but {c.independent_method} gives "
                         f"{c.independent_dim}")
    return True


def disk_put(key, basis):
    """Write ``basis`` atomically; failures to write only warn.

    >>> import os, tempfile, symequiv as se
    >>> os.environ['SYMEQUIV_CACHE_DIR'] = tempfile.mkdtemp()
    >>> B = se.equivariant_basis(se.V(se.SO(3)) ** 2, se.V(se.SO(3)))
    >>> disk_put(('doc',), B); disk_get(('doc',), B.rep_in, B.rep_out) == B
    True
    """
    ktext = key_text(key)
    p = _path(ktext)
    if p is None:
        return
    d = basis._payload()
    d.update({"key": ktext, "method": basis.method, "sha256": basis.content_hash(),
              "format": "symequiv.block/1"})
    plan = basis.plan
    d["plan"] = None
    if hasattr(plan, "road"):         # the cost model's estimates, for --explain on a warm cache
        d["plan"] = {"road": plan.road, "estimates": [[r, float(t)] for r, t in plan.estimates],
                     "memory": [[r, int(m)] for r, m in plan.memory]}
    tmp = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(d, f, sort_keys=True)
        os.replace(tmp, p)                      # atomic: readers see the old file or the new one
        tmp = None
    except BaseException as e:                 # KeyboardInterrupt too: leave no partial file
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if not isinstance(e, OSError):
            raise
        warnings.warn(f"symequiv: could not write the cache file {p} ({e}).", RuntimeWarning,
                      stacklevel=3)
