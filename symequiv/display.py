"""Rich display in notebooks: HTML and LaTeX for bases, decompositions, certificates, groups and
representations (``_repr_html_`` / ``_repr_latex_`` of those classes call these functions).

Nothing here computes anything expensive: a basis shows its certificate only when it is small
(at most :data:`AUTO_CERTIFY_UNKNOWNS` unknowns) or has already been verified, and its maps as
exact LaTeX matrices only when it is small (:data:`MAX_SHOWN_MAPS` maps of at most
:data:`MAX_SHOWN_ENTRIES` entries).

>>> import symequiv as se
>>> latex_rep(se.rep("30*Scalar+10*V+3*V**2+V**3", "SO(3)"))
'30\\\\,\\\\mathbb{1} \\\\oplus 10\\\\,V \\\\oplus 3\\\\,V^{\\\\otimes 2} \\\\oplus V^{\\\\otimes 3}'
>>> latex_group(se.SO(3) * se.S(5))
'\\\\mathrm{SO}(3) \\\\times \\\\mathrm{S}(5)'
"""

import html
import re

__all__ = ["latex_group", "latex_rep", "html_basis", "latex_basis", "html_certificate",
           "html_decomposition", "AUTO_CERTIFY_UNKNOWNS", "MAX_SHOWN_MAPS", "MAX_SHOWN_ENTRIES"]

#: A basis with at most this many unknowns is certified for display.
AUTO_CERTIFY_UNKNOWNS = 4096
#: At most this many maps are shown as LaTeX matrices, each with at most MAX_SHOWN_ENTRIES entries.
MAX_SHOWN_MAPS = 6
MAX_SHOWN_ENTRIES = 81


def latex_group(G):
    """LaTeX of a group: its name, factors joined by ×."""
    if G is None:
        return r"\{e\}"
    factors = getattr(G, "factors", (G,))
    if len(factors) > 1:
        return r" \times ".join(latex_group(f) for f in factors)
    text = repr(G)
    m = re.fullmatch(r"([A-Za-z]+)\((\d*)\)", text)
    if m:
        return rf"\mathrm{{{m.group(1)}}}({m.group(2)})"
    return r"\mathrm{" + text.split("(")[0] + "}"


def latex_rep(rep):
    """LaTeX of a representation expression (⊕ for sums, ⊗ for tensor products, * for duals)."""
    from .reps.core import ScalarRep, DefiningRep, DualRep, SumRep, ProductRep, RestrictedRep
    if isinstance(rep, ScalarRep):
        return r"\mathbb{1}"
    if isinstance(rep, DefiningRep):
        return "V" if rep.factor is None else f"V_{{{rep.factor}}}"
    if isinstance(rep, DualRep):
        inner = latex_rep(rep._inner)
        return inner + "^{*}" if re.fullmatch(r"[A-Za-z](_\{\d+\})?", inner) else rf"\left({inner}\right)^{{*}}"
    if isinstance(rep, RestrictedRep):
        return rf"V_{{[{rep._start}:{rep._stop}]}}"
    if isinstance(rep, SumRep):
        parts = []
        for r, m in rep.sum_terms():
            t = latex_rep(r)
            if isinstance(r, SumRep):
                t = rf"\left({t}\right)"
            parts.append(t if m == 1 else rf"{m}\,{t}")
        return r" \oplus ".join(parts)
    if isinstance(rep, ProductRep):
        parts = []
        for r, p in rep.runs:
            t = latex_rep(r)
            if isinstance(r, (SumRep, ProductRep)):
                t = rf"\left({t}\right)"
            parts.append(t if p == 1 else rf"{t}^{{\otimes {p}}}")
        return r" \otimes ".join(parts)
    name = re.sub(r"[^A-Za-z0-9]", "", str(rep)) or "U"
    return r"\mathrm{" + name + "}"


def _cert(B):
    memo = B._memo
    if "certificate" not in memo and B.n_in * B.n_out <= AUTO_CERTIFY_UNKNOWNS:
        memo["certificate"] = B.verify()
    return memo.get("certificate")


def html_certificate(c):
    """An HTML table of the checks of a :class:`~symequiv.verify.Certificate`."""
    rows = [("constraints", f"exact, {c.generators_checked} generators",
             "satisfied" if c.constraints_ok else "VIOLATED"),
            ("rank", str(c.rank), "= dim" if c.rank == c.dim else "MISMATCH"),
            ("independent dimension",
             "—" if c.independent_dim is None else f"{c.independent_dim} ({c.independent_method})",
             "not checked" if c.independent_dim is None
             else ("agrees" if c.independent_dim == c.dim else "DISAGREES")),
            ("verdict", "", "VERIFIED (complete)" if c.complete else "verified" if c.ok else "FAILED")]
    body = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td><td><b>{html.escape(v)}</b>"
                   f"</td></tr>" for a, b, v in rows)
    return f"<table><tr><th>check</th><th>value</th><th>outcome</th></tr>{body}</table>"


def latex_basis(B):
    """LaTeX: Hom_G(in, out), its dimension, and for small bases the maps as exact matrices."""
    G = B.rep_out.group or B.rep_in.group
    head = (rf"\dim \mathrm{{Hom}}_{{{latex_group(G)}}}\left({latex_rep(B.rep_in)},\ "
            rf"{latex_rep(B.rep_out)}\right) = {B.dim}")
    if 0 < B.dim and B.n_in * B.n_out <= MAX_SHOWN_ENTRIES and not B.is_schur_form:
        import sympy
        maps = [sympy.latex(B.map(k).to_Matrix()) for k in range(min(B.dim, MAX_SHOWN_MAPS))]
        more = r",\ \dots" if B.dim > MAX_SHOWN_MAPS else ""
        head += r":\quad " + r",\ ".join(maps) + more
    return "$" + head + "$"


def html_basis(B):
    """HTML summary of a basis: shape, dim, road, plan, certificate summary (when cheap)."""
    G = B.rep_out.group or B.rep_in.group
    rows = [("Hom", f"{G!r}: {B.rep_in} → {B.rep_out}"), ("shape", str(B.shape)), ("dim", str(B.dim)),
            ("road", B.method), ("field", str(B.domain)),
            ("form", "Schur (block)" if B.is_schur_form else "orbit colours" if B.is_orbit_basis
             else "exact rows")]
    if getattr(B.plan, "road", None) is not None:
        rows.append(("plan", B.plan.text()))
    body = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in rows)
    c = _cert(B)
    cert = html_certificate(c) if c is not None else (
        "<p>certificate: not computed for display (call <code>B.verify()</code>)</p>")
    return f"<div><table>{body}</table>{cert}</div>"


def html_decomposition(D):
    """HTML table of a decomposition: piece, dimension, multiplicity, End dimension, proven."""
    rows = "".join(f"<tr><td>{i}</td><td>{d}</td><td>{m}</td><td>{e}</td><td>{'yes' if p else 'no'}</td></tr>"
                   for i, (d, m, e, p) in enumerate(zip(D.dims, D.multiplicities, D.end_dims, D.proven)))
    return (f"<div><p>{html.escape(str(D.rep))} of {html.escape(repr(D.rep.group))} over "
            f"{html.escape(str(D.field))}: dim End = {D.end_dim()}</p><table><tr><th>piece</th>"
            f"<th>dim</th><th>multiplicity</th><th>dim End</th><th>irreducible proved</th></tr>"
            f"{rows}</table></div>")
