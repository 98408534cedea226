"""pytest plugin of symequiv: the ``equivariance`` fixture and its command-line options.

Registered through the ``pytest11`` entry point, so it is active wherever symequiv is
installed.  It lives in this top-level module (not inside the package) so that pytest's start
does not import symequiv and SymPy; they load when a test first uses the fixture.

Options
-------
``--symequiv-samples N``  random group elements per check (default 3);
``--symequiv-seed S``     base seed (default 0).  Each check draws from a generator seeded by
                          ``(S, crc32(test id), call number)``, so a failure is reproduced by
                          running the same test id with the same options, which the failure
                          message prints.

Example (a complete test file)::

    import torch, symequiv as se

    def test_my_layer(equivariance):
        G = se.SO(3)
        layer = se.nn.EquivariantLinear(se.V(G) ** 2, se.V(G))
        equivariance.check(layer, se.V(G) ** 2, se.V(G))      # float, random elements
        equivariance.lie(layer, se.V(G) ** 2, se.V(G))        # Jacobian-vector products
"""

import zlib

import pytest

__all__ = ["Equivariance"]


def pytest_addoption(parser):
    group = parser.getgroup("symequiv", "symequiv equivariance checks")
    group.addoption("--symequiv-samples", type=int, default=None, metavar="N",
                    help="random group elements per equivariance check (default 3)")
    group.addoption("--symequiv-seed", type=int, default=None, metavar="S",
                    help="base seed of the equivariance checks (default 0)")


def pytest_report_header(config):
    seed = config.getoption("--symequiv-seed")
    samples = config.getoption("--symequiv-samples")
    if seed is not None or samples is not None:
        return (f"symequiv: --symequiv-seed={0 if seed is None else seed} "
                f"--symequiv-samples={3 if samples is None else samples}")
    return None


class Equivariance:
    """The ``equivariance`` fixture: the checks of :mod:`symequiv.testing` with the samples and a
    seed taken from the command line and the test id.

    Methods ``check`` (float, :func:`~symequiv.testing.assert_equivariant`), ``exact``
    (:func:`~symequiv.testing.assert_equivariant_exact`), ``lie``
    (:func:`~symequiv.testing.assert_lie_equivariant`), ``intertwiner``
    (:func:`~symequiv.testing.assert_intertwiner`) and ``element`` (an exact element).  A failure
    message ends with the command that reproduces it.
    """

    def __init__(self, nodeid, samples=3, seed=0):
        if samples < 1:
            raise pytest.UsageError(f"--symequiv-samples must be >= 1, got {samples}: a check with "
                                    f"no samples could not fail.")
        self.nodeid, self.samples, self.seed = nodeid, samples, seed
        self._calls = 0

    def rng(self):
        """A fresh ``numpy.random.Generator`` for the next check of this test."""
        import numpy as np
        self._calls += 1
        return np.random.default_rng([self.seed, zlib.crc32(self.nodeid.encode()), self._calls])

    def _run(self, check, *args, **kw):
        __tracebackhide__ = True
        from symequiv.testing import EquivarianceError
        kw.setdefault("samples", self.samples)
        kw.setdefault("rng", self.rng())
        try:
            check(*args, **kw)
        except EquivarianceError as e:
            err = EquivarianceError(
                f"{e}\nreproduce with: pytest '{self.nodeid}' --symequiv-seed={self.seed} "
                f"--symequiv-samples={self.samples}",
                **{k: getattr(e, k, None) for k in ("element", "word", "lie", "error", "tolerance",
                                                    "where")})
            raise err from None

    def check(self, fn, rep_in, rep_out, **kw):
        """Float check of ``fn`` at random elements (``assert_equivariant``)."""
        __tracebackhide__ = True
        from symequiv.testing import assert_equivariant
        self._run(assert_equivariant, fn, rep_in, rep_out, **kw)

    def exact(self, fn, rep_in, rep_out, **kw):
        """Exact check of ``fn`` at exact elements (``assert_equivariant_exact``)."""
        __tracebackhide__ = True
        from symequiv.testing import assert_equivariant_exact
        self._run(assert_equivariant_exact, fn, rep_in, rep_out, **kw)

    def lie(self, fn, rep_in, rep_out, **kw):
        """Infinitesimal check of ``fn`` (``assert_lie_equivariant``)."""
        __tracebackhide__ = True
        from symequiv.testing import assert_lie_equivariant
        self._run(assert_lie_equivariant, fn, rep_in, rep_out, **kw)

    def intertwiner(self, W, rep_in, rep_out):
        """Exact check of a matrix on every generator (``assert_intertwiner``)."""
        __tracebackhide__ = True
        from symequiv.testing import assert_intertwiner, EquivarianceError
        try:
            assert_intertwiner(W, rep_in, rep_out)
        except EquivarianceError as e:
            raise EquivarianceError(f"{e}\nin test {self.nodeid}") from None

    def element(self, G):
        """An exact element of ``G`` (``exact_element``) from this test's generator."""
        from symequiv.testing import exact_element
        return exact_element(G, self.rng())


@pytest.fixture
def equivariance(request):
    """Equivariance checks seeded from ``--symequiv-seed`` and the test id, with
    ``--symequiv-samples`` random elements each; see :class:`Equivariance`."""
    cfg = request.config
    samples = cfg.getoption("--symequiv-samples")
    seed = cfg.getoption("--symequiv-seed")
    return Equivariance(request.node.nodeid, 3 if samples is None else samples,
                        0 if seed is None else seed)
