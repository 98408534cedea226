"""Shared timing helper for the benchmark scripts."""

import time


def step_time(module, x, repeats):
    """Best-of-``repeats`` seconds of one forward+backward of ``module`` on ``x`` (5 steps each,
    after 3 warm-up steps)."""
    for _ in range(3):
        module(x).sum().backward()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(5):
            module(x).sum().backward()
        best = min(best, (time.perf_counter() - t0) / 5)
    return best
