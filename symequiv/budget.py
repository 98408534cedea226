"""Deadlines and memory caps for a solve: ``equivariant_basis(..., max_seconds=, max_memory=)``.

A budget is set for the duration of a call (:func:`budget`, a context manager; nested budgets
keep the tighter limits).  The solver calls :func:`checkpoint` between its steps -- per block,
per road, per generator of an elimination, per irreducible piece of a decomposition, per prime
of a modular elimination -- and :func:`checkpoint` raises
:class:`~symequiv.errors.BudgetExceededError` with the elapsed time, the memory in use and how
far the solve got.  Steps are not interrupted inside a single exact kernel (one python-flint
call), so a deadline is met to within one step.  Nothing partial is cached: results enter the
caches only when complete.

Memory is the process's resident set size (``/proc/self/statm`` on Linux; elsewhere the peak
from ``resource``), compared with ``max_memory`` in bytes (``"2GB"``, ``"500MB"`` also work).

>>> import symequiv as se
>>> V = se.V(se.SO(3))
>>> try:                                       # the cost model's estimate is already too much
...     se.equivariant_basis(V ** 5, V ** 5, max_seconds=1e-6, cache=False)
... except se.BudgetExceededError as e:
...     print(str(e)[:25])
refused before starting: 
>>> with budget(max_seconds=1e-9):
...     try:
...         checkpoint("a step")
...     except se.BudgetExceededError as e:
...         print(str(e)[:45])
stopped: max_seconds=1e-09 reached after 0.00
"""

import os
import re
import threading
import time
from contextlib import contextmanager

from .errors import BudgetExceededError, InvalidArgumentError
from . import limits

__all__ = ["budget", "checkpoint", "parse_memory", "rss_bytes"]

_STATE = threading.local()


def parse_memory(value):
    """Bytes from an int or a string such as ``"2GB"``, ``"512 MB"``, ``"1.5G"``.

    >>> parse_memory("2GB"), parse_memory("2GiB"), parse_memory(1000), parse_memory("1.5k")
    (2000000000, 2147483648, 1000, 1500)
    >>> parse_memory("1e9")
    1000000000
    """
    if value is None:
        return None
    import math
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and value >= 1:
        return int(value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE]\+?[0-9]+)?)\s*([kKmMgGtT]?)(i?)[bB]?\s*", value)
        if m:
            base = 1024 if m.group(3) else 1000              # 2GiB = 2·2^30, 2GB = 2·10^9
            mult = base ** "kmgt".find(m.group(2).lower()) * base if m.group(2) else 1
            x = float(m.group(1)) * mult
            if math.isfinite(x) and x >= 1:
                return int(x)
    raise InvalidArgumentError(f"max_memory must be a positive number of bytes or a string such as "
                               f"'2GB', got {value!r}.")


def rss_bytes():
    """Resident memory of this process in bytes (Linux: current; elsewhere: peak)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):          # pragma: no cover (not Linux)
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if os.uname().sysname == "Darwin" else peak * 1024


def check_args(max_seconds=None, max_memory=None):
    """Refuse a budget that is not one (before any cache lookup, so that a bad argument fails
    the same way whether or not the answer is already known); returns ``max_memory`` in bytes.

    >>> check_args(1.5, "2GB")
    2000000000
    """
    if max_seconds is not None and (isinstance(max_seconds, bool) or not isinstance(max_seconds, (int, float))
                                    or not max_seconds > 0):
        raise InvalidArgumentError(f"max_seconds must be a positive number, got {max_seconds!r}.")
    return parse_memory(max_memory)


@contextmanager
def budget(max_seconds=None, max_memory=None, what="the solve"):
    """Limit the enclosed solve to ``max_seconds`` and ``max_memory`` (either may be None)."""
    mem = check_args(max_seconds, max_memory)
    outer = getattr(_STATE, "current", None)
    now = time.monotonic()
    deadline = None if max_seconds is None else now + max_seconds
    if outer is not None:
        if outer["deadline"] is not None and (deadline is None or outer["deadline"] < deadline):
            deadline, max_seconds = outer["deadline"], outer["max_seconds"]
        if outer["memory"] is not None and (mem is None or outer["memory"] < mem):
            mem = outer["memory"]
    _STATE.current = {"deadline": deadline, "max_seconds": max_seconds, "memory": mem,
                      "start": now if outer is None else outer["start"], "what": what,
                      "progress": [] if outer is None else outer["progress"]}
    try:
        yield
    finally:
        _STATE.current = outer


def active():
    """True while a budget is set (the planner then estimates before starting)."""
    return getattr(_STATE, "current", None) is not None


def memory_cap():
    """The memory a road may be estimated to need: the budget's ``max_memory`` if set, else
    ``symequiv.limits.MAX_MEMORY_ESTIMATE``."""
    cur = getattr(_STATE, "current", None)
    cap = limits.MAX_MEMORY_ESTIMATE
    if cur is not None and cur["memory"] is not None:
        cap = min(cap, cur["memory"])
    return cap


def note(progress):
    """Record a step reached (the error reports the last few)."""
    cur = getattr(_STATE, "current", None)
    if cur is not None:
        cur["progress"].append(progress)
        del cur["progress"][:-3]


def checkpoint(where="", ahead=0.0):
    """Raise :class:`BudgetExceededError` if the current budget is spent, or, with ``ahead``
    (an estimate in seconds of a next step that cannot be interrupted, such as one call into
    python-flint), if that step would end past the deadline."""
    cur = getattr(_STATE, "current", None)
    if cur is None:
        return
    now = time.monotonic()
    over = None
    if cur["deadline"] is not None and now > cur["deadline"]:
        over = f"max_seconds={cur['max_seconds']:g} reached after {now - cur['start']:.2f} s"
    elif cur["deadline"] is not None and now + ahead > cur["deadline"]:
        over = (f"max_seconds={cur['max_seconds']:g} would be passed: after {now - cur['start']:.2f} "
                f"s, the next step cannot be interrupted and is estimated at {ahead:.3g} s")
    elif cur["memory"] is not None:
        rss = rss_bytes()
        if rss > cur["memory"]:
            over = (f"max_memory={limits.human_bytes(cur['memory'])} exceeded: "
                    f"{limits.human_bytes(rss)} in use after {now - cur['start']:.2f} s")
    if over:
        done = "; ".join(cur["progress"]) or "nothing completed yet"
        raise BudgetExceededError(
            f"stopped: {over}, in {where or cur['what']} (done so far: {done}). Nothing partial was "
            f"cached. Raise the limit, or see `symequiv basis ... --explain` for the road and its "
            f"estimate.")


def refuse_estimate(seconds, road):
    """Refuse before starting when the planner's estimate exceeds the deadline by 10x."""
    cur = getattr(_STATE, "current", None)
    if cur is None or cur["max_seconds"] is None:
        return
    if seconds > 10 * cur["max_seconds"]:
        raise BudgetExceededError(
            f"refused before starting: the cheapest road ({road}) is estimated at {seconds:.3g} s, "
            f"more than 10x max_seconds={cur['max_seconds']:g} (estimates come from the cost model; "
            f"`symequiv basis ... --explain` prints them).")
