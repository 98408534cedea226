"""Rich notebook display (documentation issue, item 4): rendered, parsed and compared with the
exact objects they show."""

import io
import time
from html.parser import HTMLParser

import pytest
import sympy

import symequiv as se
from symequiv.display import latex_rep
from symequiv.verify.certificate import Certificate


class _Balanced(HTMLParser):
    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__()
        self.stack, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


def _parse(text):
    p = _Balanced()
    p.feed(text)
    p.close()
    assert not p.stack, p.stack
    return " ".join(p.text)


def _renders(latex):
    """Render with matplotlib's mathtext (a real TeX-subset parser): raises on invalid input."""
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties
    mathtext.math_to_image(latex, io.BytesIO(), prop=FontProperties(size=10), dpi=50, format="png")


@pytest.mark.parametrize("text, group, want", [
    ("30*Scalar+10*V+3*V**2+V**3", "SO(3)", r"30\,\mathbb{1} \oplus 10\,V \oplus 3\,V^{\otimes 2} \oplus V^{\otimes 3}"),
    ("V.T*V", "SL(2)", r"V^{*} \otimes V"),
    ("(V+Scalar)**2", "O(3)", r"\left(V \oplus \mathbb{1}\right)^{\otimes 2}"),
    ("V[0]*V[1]", "SO(3)*S(4)", r"V_{0} \otimes V_{1}"),
])
def test_rep_latex_is_the_expression_and_renders(text, group, want):
    r = se.rep(text, group)
    assert latex_rep(r) == want
    assert r._repr_latex_() == f"${want}$"
    _renders(r._repr_latex_())


def test_group_latex_renders():
    G = se.SO(3) * se.S(5)
    assert G._repr_latex_() == r"$\mathrm{SO}(3) \times \mathrm{S}(5)$"
    for g in [se.Icosahedral(), se.SO13(), se.C(5), G]:
        _renders(g._repr_latex_())


def test_small_basis_shows_its_exact_maps_and_certificate():
    V = se.V(se.S(3))
    B = se.equivariant_basis(V, V)
    tex = B._repr_latex_()
    for k in range(B.dim):
        assert sympy.latex(B.map(k).to_Matrix()) in tex
    assert r"= 2" in tex
    text = _parse(B._repr_html_())
    assert "VERIFIED (complete)" in text and str(B.shape) in text
    assert B.method in text


def test_large_basis_display_computes_no_certificate():
    W = se.V(se.S(30))
    B = se.equivariant_basis(W ** 2, W ** 2)                # 810000 unknowns
    t0 = time.perf_counter()
    text = _parse(B._repr_html_())
    assert time.perf_counter() - t0 < 0.5
    assert "not computed for display" in text and "certificate" not in B._memo
    B.verify()                                               # once verified, it is shown
    assert "VERIFIED (complete)" in _parse(B._repr_html_())
    assert r"\begin" not in B._repr_latex_()                # no 810000-entry matrices


def test_certificate_table_shows_each_outcome():
    good = se.equivariant_basis(se.V(se.SO(3)) ** 2, se.V(se.SO(3))).verify()
    text = _parse(good._repr_html_())
    assert "satisfied" in text and "agrees" in text and "VERIFIED (complete)" in text
    bad = Certificate(dim=2, constraints_ok=False, generators_checked=3, rank=1,
                      independent_dim=3, independent_method="Weyl", seconds=0.0)
    text = _parse(bad._repr_html_())
    assert "VIOLATED" in text and "MISMATCH" in text and "DISAGREES" in text and "FAILED" in text


def test_decomposition_table_matches_the_decomposition():
    D = se.decompose(se.V(se.SO(3)) ** 2)
    text = _parse(D._repr_html_())
    rows = text.split("irreducible proved")[1].split()
    assert len(rows) == 5 * len(D.dims)
    assert sum(int(rows[5 * i + 1]) * int(rows[5 * i + 2]) for i in range(len(D.dims))) == 9
    assert f"dim End = {D.end_dim()}" in text
