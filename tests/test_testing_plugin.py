"""The pytest plugin (``equivariance`` fixture, ``--symequiv-samples``, ``--symequiv-seed``),
run through pytest's own ``pytester``: the plugin is found through its ``pytest11`` entry point."""

import re

# pytester runs in this process and drops the modules a run imported afterwards; torch cannot be
# imported twice in one process, so everything the user tests import is imported here first
import scipy.linalg  # noqa: F401
import torch  # noqa: F401
import symequiv.testing  # noqa: F401
import symequiv.nn  # noqa: F401

USER_TESTS = '''
import torch, symequiv as se

G = se.S(4)
W = se.V(G)

def test_good(equivariance):
    equivariance.check(lambda x: 2 * x, W, W)
    equivariance.exact(lambda x: 2 * x, W, W)
    equivariance.lie(lambda x: x * (x ** 2).sum(-1, keepdim=True), se.V(se.SO(3)), se.V(se.SO(3)))
    equivariance.intertwiner([[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]], W, W)
    assert equivariance.element(se.SO(3)).matrix.shape == (3, 3)

def test_bad(equivariance):
    # SO(3) has no discrete generators: the failing element is a random rotation
    V = se.V(se.SO(3))
    equivariance.check(lambda x: x + 0.5 * x ** 3, V, V)
'''


def _failure_line(result):
    text = result.stdout.str()
    m = re.search(r"not equivariant under (.*?): largest", text)
    return text, (m.group(1) if m else None)


def test_fixture_passes_and_fails_with_a_reproducing_command(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    text, element = _failure_line(result)
    assert element is not None
    assert "reproduce with: pytest 'test_user.py::test_bad' --symequiv-seed=0 --symequiv-samples=3" in text


def test_options_change_the_draw_and_the_same_options_reproduce_it(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    runs = {}
    for seed in (0, 1, 2, 3, 0):
        result = pytester.runpytest("-p", "no:cacheprovider", "-k", "test_bad",
                                    f"--symequiv-seed={seed}", "--symequiv-samples=2")
        text, element = _failure_line(result)
        assert element.startswith("random element 0: g = exp(")
        assert f"--symequiv-seed={seed} --symequiv-samples=2" in text
        runs.setdefault(seed, []).append(element)
    assert runs[0][0] == runs[0][1]                              # reproducible
    assert len({runs[s][0] for s in (0, 1, 2, 3)}) == 4          # and the seed matters
    result = pytester.runpytest("-p", "no:cacheprovider", "--symequiv-seed=5")
    assert "symequiv: --symequiv-seed=5 --symequiv-samples=3" in result.stdout.str()


def test_zero_samples_is_a_usage_error(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "--symequiv-samples=0", "-k", "test_good")
    assert "--symequiv-samples must be >= 1" in result.stdout.str()
    assert result.ret != 0
