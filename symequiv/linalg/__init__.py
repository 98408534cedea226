"""One home for exact linear algebra: matrices over QQ and number fields, elimination,
products, subspaces and polynomials.  Floats are refused everywhere; python-flint supplies the
speed (rational matrices are ``fmpq_mat`` underneath, number fields go through their rational
image).

* :mod:`.matrices` -- construction from user values, Kronecker products, conversion, fields;
* :mod:`.elimination` -- rank, reduced echelon forms, nullspaces, the constraint matrix;
* :mod:`.modular` -- nullspaces by reduction modulo primes, proven exactly afterwards;
* :mod:`.products` -- dense products and inverses (number fields through coefficient matrices);
* :mod:`.subspaces` -- kernels, invariant subspaces, restricted actions, intertwiner spaces;
* :mod:`.polynomials` -- characteristic / minimal polynomials, primary decomposition;
* :mod:`.complex` -- real and complex fields, conjugation, real and imaginary parts.

>>> from symequiv import linalg
>>> M = linalg.matrix([[1, 2], [2, 4]])
>>> linalg.rank(M), linalg.to_lists(linalg.nullspace(M))
(1, [[1, Fraction(-1, 2)]])
"""

from fractions import Fraction  # noqa: F401  (doctests)

from .matrices import *  # noqa: F401,F403
from .matrices import __all__ as _m_all, _dod, _coeffs, _from_coeffs, _make  # noqa: F401
from .elimination import *  # noqa: F401,F403
from .elimination import __all__ as _e_all, _expand, _collapse, _raw_nullspace  # noqa: F401
from .products import *  # noqa: F401,F403
from .products import __all__ as _p_all
from .subspaces import *  # noqa: F401,F403
from .subspaces import __all__ as _s_all
from .polynomials import *  # noqa: F401,F403
from .polynomials import __all__ as _y_all
from .complex import *  # noqa: F401,F403
from .complex import __all__ as _c_all

__all__ = list(_m_all) + list(_e_all) + list(_p_all) + list(_s_all) + list(_y_all) + list(_c_all)
