r"""Rendering of derived propositions as plain text, LaTeX (a ``.tex`` fragment) and Markdown.

The same conventions hold in every format, so that a paper can ``\input`` the LaTeX and quote the text:

* conditions are printed compactly (:mod:`gametheory.analysis.compact`): the simplified condition
  when it is short, otherwise the comparison of the regime's named quantities (the Cournot outputs
  ``q_rm(n)``) followed by their definitions, each numerator collected by parameter; the domain is
  "every q above is > 0" plus the entry conditions of the classes that do not serve a market;
* a condition already stated by an earlier proposition is referred to, never repeated;
* plain text has no Python syntax (:class:`~gametheory.games.conditions.TextPrinter`: ``x^2``,
  ``2 a_A e``, ``sqrt(2145)``), sets are written ``{5, 20}`` (intervals only for real intervals),
  nothing prints as ``None``;
* LaTeX braces every subscript (``D_{20}``, ``q_{AA}(19)``) and uses the model's LaTeX names;
* tables of signs have one row per group of ``k`` with the same signs (``1-19``), parameters as
  columns, and a legend of exactly the symbols in the table.
"""

from __future__ import annotations

import re

import sympy as sp

from gametheory.games.conditions import Condition, text

__all__ = ["readable_equation", "propositions_text", "propositions_latex", "propositions_markdown", "latex_condition_lines", "set_text",
           "readable_intervals",
           "set_tex", "k_ranges", "tex_label", "sign_groups", "legend_text", "legend_tex", "sign_table_text",
           "sign_table_latex", "sign_table_markdown", "statement_text", "statement_latex", "statement_markdown",
           "Seen"]

_REL_TEX = {">=": r"\geq", ">": ">", "<=": r"\leq", "<": "<", "==": "=", "!=": r"\neq"}
_SIGN_TEX = {"+": "+", "-": "-", "0": "0", "±": r"\pm", "?": "?", "+w": "+^{w}", "-w": "-^{w}"}
#: What each sign of a table means (the legend prints the entries present, in this order).
LEGEND = {"+": "positive on the whole regime (proved)", "+w": ">= 0 on the whole regime, zero somewhere (weak)",
          "-": "negative on the whole regime (proved)", "-w": "<= 0 on the whole regime, zero somewhere (weak)",
          "0": "zero throughout the regime", "±": "both signs occur in the regime (two exact witness points in "
                                                 "the JSON output)", "?": "undecided (neither proved nor refuted)"}
_LEGEND_TEX = {"+": r"positive on the whole regime (proved)", "+w": r"$\geq 0$ on the whole regime, zero somewhere",
               "-": r"negative on the whole regime (proved)", "-w": r"$\leq 0$ on the whole regime, zero somewhere",
               "0": r"zero throughout the regime", "±": r"both signs occur in the regime (exact witness points in "
                                                         r"the JSON output)", "?": r"undecided"}


# ----------------------------------------------------------------- pieces
def set_text(ks, empty: str = "none") -> str:
    """A set of configurations in text: ``{5, 20}`` (``empty`` when there is none)."""
    ks = list(ks)
    return "{" + ", ".join(map(str, ks)) + "}" if ks else empty


def set_tex(ks) -> str:
    """A set in LaTeX math: ``\\{5, 20\\}`` or ``\\emptyset``."""
    ks = list(ks)
    return r"\{" + ", ".join(map(str, ks)) + r"\}" if ks else r"\emptyset"


def readable_equation(equation: str) -> str:
    """An equation ``lhs = rhs`` in sympy syntax (written by the toolkit itself) in the reader's text."""
    lhs, rhs = equation.split(" = ", 1)
    return f"{text(sp.sympify(lhs))} = {text(sp.sympify(rhs))}"


def readable_intervals(intervals: str) -> str:
    """A union of intervals written with sympy ends (``(-7/5, -831/1795 + 6*sqrt(31478)/1795]``, ``... U ...``,
    ``empty``) in the reader's text: ``(-7/5, -831/1795 + 6 sqrt(31478)/1795]``; ``empty`` stays ``empty``."""
    def one(iv: str) -> str:
        iv = iv.strip()
        lo, hi = iv[1:-1].split(", ", 1)
        end = lambda e: e if e in ("inf", "-inf") else text(sp.sympify(e))
        return f"{iv[0]}{end(lo)}, {end(hi)}{iv[-1]}"

    if intervals.strip() in ("", "empty"):
        return "empty"
    return " U ".join(one(iv) for iv in intervals.split(" U "))


def k_ranges(ks, dash: str = "-") -> str:
    """``[1, 2, 3, 5, 7, 8]`` -> ``1-3, 5, 7-8`` (runs of consecutive values)."""
    ks = sorted(int(k) for k in ks)
    runs: list[list[int]] = []
    for k in ks:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}{dash}{r[-1]}" for r in runs)


def tex_name(name: str) -> str:
    """A name as LaTeX with its subscript braced: ``D_20`` -> ``D_{20}``, ``Delta_W`` -> ``\\Delta W``."""
    if name == "Delta_W":
        return r"\Delta W"
    m = re.fullmatch(r"([A-Za-z]+)_(\w+)", name)
    return f"{m[1]}_{{{m[2]}}}" if m else name


def tex_label(label: str) -> str:
    """``D_20 >= 0`` -> ``D_{20} \\geq 0``."""
    parts = label.split()
    if len(parts) == 3 and parts[1] in _REL_TEX:
        return f"{tex_name(parts[0])} {_REL_TEX[parts[1]]} {parts[2]}"
    return tex_name(label)


def _cell(d) -> str:
    """Text of a sign decision (a SignDecision, its JSON dict, or +1/-1/0/None): ``+ - 0 ±``, ``?``, ``+w``."""
    if d is None or isinstance(d, int):
        return {1: "+", -1: "-", 0: "0", None: "?"}[d]
    if isinstance(d, dict):
        t = d.get("sign")
        t = "?" if t in (None, "undecided") else t
        return t + ("w" if d.get("strict") is False else "")
    return "?" if d.sign is None else d.text


def _tex_cell(d) -> str:
    return _SIGN_TEX.get(_cell(d), "?")


def sign_groups(table: dict, ks=None) -> list[tuple[list, list[str]]]:
    """Rows of a sign table ``{column: {k: decision}}`` grouped by identical signs: ``[(ks, cells)]``,
    ordered by their first ``k``."""
    cols = list(table)
    ks = list(ks if ks is not None else next(iter(table.values())))
    groups: dict = {}
    for k in ks:
        groups.setdefault(tuple(_cell(table[c][k]) for c in cols), []).append(k)
    return [(v, list(cells)) for cells, v in sorted(groups.items(), key=lambda kv: kv[1][0])]


def _present(cells) -> list[str]:
    cells = set(cells)
    return [s for s in LEGEND if s in cells]


def legend_text(cells) -> str:
    """The legend of exactly the signs in ``cells``."""
    return "; ".join(f"{s}: {LEGEND[s]}" for s in _present(cells))


def legend_tex(cells) -> str:
    return "; ".join(f"${_SIGN_TEX[s]}$: {_LEGEND_TEX[s]}" for s in _present(cells))


def sign_table_text(table: dict, names: dict | None = None, regimes: dict | None = None,
                    indent: str = "    ") -> list[str]:
    """A sign table as text lines: one row per group of ``k``, columns ``names`` (default the keys);
    with ``regimes`` (``{k: label}``) a regime column, rows grouped by regime too."""
    cols, groups = _sign_rows(table, regimes)
    heads = [(names or {}).get(c, c) for c in cols]
    rows = [(k_ranges(g), reg, cells) for g, reg, cells in groups]
    kw = max([1] + [len(r[0]) for r in rows])
    rw = max([6] + [len(r[1]) for r in rows if r[1]]) if regimes is not None else 0
    widths = [max(len(h), 2) for h in heads]
    head = f"{indent}{'k'.ljust(kw)}  " + (f"{'regime'.ljust(rw)}  " if regimes is not None else "") + \
        "  ".join(h.ljust(w) for h, w in zip(heads, widths))
    out = [head.rstrip()]
    for ks_text, reg, cells in rows:
        line = f"{indent}{ks_text.ljust(kw)}  " + (f"{reg.ljust(rw)}  " if regimes is not None else "") + \
            "  ".join(c.ljust(w) for c, w in zip(cells, widths))
        out.append(line.rstrip())
    out.append(f"{indent}({legend_text(c for _, _, cells in rows for c in cells)})")
    return out


def _sign_rows(table: dict, regimes: dict | None) -> tuple[list, list]:
    """The columns of a sign table and its rows ``(ks, regime or None, cells)``: configurations ``k`` with the
    same signs (and the same regime, when given) grouped, in increasing ``k``."""
    cols = list(table)
    ks = list(next(iter(table.values())))
    if regimes is None:
        return cols, [(g, None, cells) for g, cells in sign_groups(table, ks)]
    by: dict = {}
    for k in ks:
        by.setdefault((regimes[k], tuple(_cell(table[c][k]) for c in cols)), []).append(k)
    return cols, [(g, reg, list(cells)) for (reg, cells), g in sorted(by.items(), key=lambda kv: kv[1][0])]


def sign_table_latex(table: dict, names: dict, corner: str, regimes: dict | None = None) -> str:
    """A ``tabular`` of a sign table (rows: groups of ``k``; columns: parameters) and its legend."""
    cols, rows = _sign_rows(table, regimes)
    spec = "l" + ("l" if regimes is not None else "") + "c" * len(cols)
    head = "$k$ & " + ("regime & " if regimes is not None else "") + " & ".join(f"${names[c]}$" for c in cols)
    body = "\n".join("$" + k_ranges(g, "$--$") + "$ & " + (f"{reg} & " if regimes is not None else "")
                     + " & ".join(f"${_SIGN_TEX[c]}$" for c in cells) + r" \\" for g, reg, cells in rows)
    cells = [c for _, _, cs in rows for c in cs]
    return (f"\n\\noindent\\begin{{minipage}}{{\\linewidth}}\\centering\n{corner}\\\\[2pt]\n\\begin{{tabular}}{{{spec}}}\n"
            f"{head} \\\\ \\hline\n{body}\n\\end{{tabular}}\\\\[2pt]\n{{\\footnotesize {legend_tex(cells)}.}}\n"
            f"\\end{{minipage}}\n")


def sign_table_markdown(table: dict, names: dict, regimes: dict | None = None) -> list[str]:
    cols, rows = _sign_rows(table, regimes)
    out = ["| k | " + ("regime | " if regimes is not None else "") + " | ".join(f"${names[c]}$" for c in cols) + " |",
           "|---|" + ("---|" if regimes is not None else "") + "---|" * len(cols)]
    out += ["| " + k_ranges(g) + " | " + (f"{reg} | " if regimes is not None else "") + " | ".join(cells) + " |"
            for g, reg, cells in rows]
    out += ["", legend_text(c for _, _, cs in rows for c in cs) + ".", ""]
    return out


def _local_regimes(p) -> dict:
    """``{k: normalised regime text}`` of a proposition's local statics table (the numbers of firms written as
    ``k`` and ``k-1``, so that configurations in the same regimes read the same)."""
    out: dict = {}
    for per_k in p.local_table.values():
        for k, d in per_k.items():
            t = re.sub(rf"with {int(k)} firms? in A", "with k in A", d.regime)
            out[k] = re.sub(rf"with {int(k) - 1} firms? in A", "with k-1 in A", t)
        break
    return out


def _regime_labels(p) -> tuple[dict, dict]:
    """``({k: "R1"}, {"R1": regime text})`` for the local statics table."""
    texts = _local_regimes(p)
    labels: dict = {}
    for k in sorted(texts):
        labels.setdefault(texts[k], f"R{len(labels) + 1}")
    return {k: labels[t] for k, t in texts.items()}, {v: t for t, v in labels.items()}


def _latex(props, name: str) -> str:
    return props.model.space.latex(name)


def _param_names(model) -> dict:
    """``{symbol: LaTeX}`` of the model's parameters."""
    return {model.space.symbol(n): model.space.latex(n) for n in model.space.names}


def _is_pattern(p, N) -> bool:
    return p.configuration in (0, N)


def _threshold_regime(th, general) -> str:
    """The regime of a threshold when it differs from the general statement's (issue: state where it holds)."""
    regs = {s.regime for s in general}
    return "" if not th.regime or th.regime in regs else f" [there: {th.regime}]"


def _params_line(props) -> str:
    return ", ".join(f"{n}={v}" for n, v in props.params.items())


def _direction(th, rel: str) -> str:
    """Where ``D_k REL 0`` holds relative to the threshold."""
    holds_above = th.increasing == (rel in (">=", ">"))
    return "above" if holds_above else "below"


def _rel_of(label: str) -> str:
    return label.split()[1]


def _value(s: str) -> str:
    """An exact value (string) with its decimal when it is not an integer: ``38/25 (1.52)``."""
    try:
        v = sp.Rational(s)
    except (TypeError, ValueError):
        return s
    return s if v.q == 1 else f"{s} ({float(v):.6g})"


# ------------------------------------------------------------- statements
class Seen:
    """Statements already printed (by condition and regime), so that a later one refers to its first print."""

    def __init__(self):
        self.first: dict = {}

    def check(self, s, name: str, key: str):
        """``(name, key, label)`` of the proposition that stated ``s`` first, or None (and ``s`` is recorded)."""
        k = (sp.srepr(s.condition.expr) if s.condition.always is None else str(s.condition.always), s.regime)
        if k in self.first:
            return self.first[k]
        self.first[k] = (name, key, s.label)
        return None


def _reference_text(s, seen) -> str:
    name, _, label = seen
    there = "" if label == s.label else f" (there {label})"
    return f"  {s.label}: the condition of Proposition {name}{there}, same regime and formula."


def statement_text(s, head: str, defined: dict | None = None) -> list[str]:
    """Text lines of one statement: ``head`` ("D_20 >= 0 in the interior ... regime"), then its compact form.

    ``defined`` (``{name: value}``) holds the quantities already defined in the same proposition: those are
    referred to ("as above"), not defined again; it is updated."""
    c = s.compact
    if c is None or c.kind == "simplified":
        out = [f"  {head}:", f"    {s.condition.text()}"]
        if s.domain:
            out.append("    valid where: " + "; ".join(d.text() for d in s.domain))
        return out
    out = [f"  {head} iff", f"    {c.text()}"]
    new = [n for n in c.named if defined is None or defined.get(n.name) != n.value]
    old = [n.name for n in c.named if n not in new]
    if new:
        out.append("  where" + (f" ({', '.join(old)} as above)" if old else ""))
        out += [f"    {n.text()}" for n in new]
    elif old:
        out.append(f"  with {', '.join(old)} as above")
    if defined is not None:
        defined.update({n.name: n.value for n in c.named})
    if c.quantity_domain:
        out.append("  valid where every q above is > 0" + (", and so are" if c.domain_named else ""))
        out += [f"    {n.text()}" for n in c.domain_named]
        out += [f"    and {d.text()}" for d in c.domain_other]
        out += [f"    and {d.text()} (entry condition: a class that does not serve a market would sell nothing "
                "there)" for d in c.domain_entry]
    elif c.domain_other or c.domain_entry:
        out.append("  valid where: " + "; ".join(d.text() for d in c.domain_other + c.domain_entry))
    return out


def statement_latex(s, intro: str, names: dict, defined: dict | None = None) -> list[str]:
    """LaTeX of one statement: ``intro`` ("In the ... regime, $D_{20} \\geq 0$"), "holds iff", the compact form
    (quantities in ``defined``, with the same value, are referred to, not defined again)."""
    from gametheory.analysis.compact import SHORT, condition_size

    c = s.compact
    if c is None or c.kind == "simplified":
        out = [f"{intro} holds iff"]
        if condition_size(s.condition) > SHORT:
            out.append(r"\begin{multline*}" + "\n" + latex_condition_lines(s.condition, names=names) + "\n"
                       + r"\end{multline*}")
        else:
            out.append(r"\[ " + s.condition.latex(names) + r" \]")
        if s.domain:
            out.append("where the formula is valid for " + "; ".join(f"${d.latex(names)}$" for d in s.domain) + ".")
        return out
    qn = c.names
    new = [n for n in c.named if defined is None or defined.get(n.name) != n.value]
    old = ", ".join(f"${n.latex_name}$" for n in c.named if n not in new)
    out = [f"{intro} holds iff", r"\[ " + c.latex() + (r", \]" if new or old else r". \]")]
    if new:
        out += ["where" + (f" {old} are as above and" if old else ""),
                r"\begin{align*}" + "\n" + ", \\\\\n".join(n.latex_align(qn) for n in new)
                + ".\n" + r"\end{align*}"]
    elif old:
        out.append(f"with {old} as above.")
    if defined is not None:
        defined.update({n.name: n.value for n in c.named})
    out += _domain_latex(c, qn)
    return out


def _domain_latex(c, qn) -> list[str]:
    """The domain of a compact statement: every quantity positive (further quantities displayed), entry conditions."""
    if not c.quantity_domain:
        conds = [f"${d.latex(qn)}$" for d in c.domain_other + c.domain_entry]
        return [f"The formula is valid where {'; '.join(conds)}."] if conds else []
    sentence = "The formula is valid where every quantity above is positive"
    sentence += "".join(f", ${d.latex(qn)}$" for d in c.domain_other)
    if c.domain_entry:
        sentence += (" and the entry condition" + ("s " if len(c.domain_entry) > 1 else " ")
                     + "; ".join(f"${d.latex(qn)}$" for d in c.domain_entry) + " holds"
                     + (" (a class that does not serve a market would sell nothing there)"))
    if not c.domain_named:
        return [sentence + "."]
    return [sentence + ", and so are", r"\begin{align*}" + "\n" + ", \\\\\n".join(n.latex_align(qn) for n in c.domain_named)
            + ".\n" + r"\end{align*}"]


def statement_markdown(s, intro: str, names: dict, defined: dict | None = None) -> list[str]:
    c = s.compact
    if c is None or c.kind == "simplified":
        out = [f"{intro} iff", "", f"$${s.condition.latex(names)}$$", ""]
        if s.domain:
            out += ["valid where " + "; ".join(f"${d.latex(names)}$" for d in s.domain) + ".", ""]
        return out
    qn = c.names
    new = [n for n in c.named if defined is None or defined.get(n.name) != n.value]
    old = ", ".join(f"${n.latex_name}$" for n in c.named if n not in new)
    out = [f"{intro} iff", "", f"$${c.latex()}$$", ""]
    if new:
        out += ["where" + (f" {old} are as above and" if old else ""), ""]
        out += [f"- ${n.latex_name} = {n.display.latex(qn)}$" for n in new] + [""]
    elif old:
        out += [f"with {old} as above.", ""]
    if defined is not None:
        defined.update({n.name: n.value for n in c.named})
    dom = c.domain_latex()
    if dom:
        out += [f"valid where {dom}.", ""]
    return out


# --------------------------------------------------------------------- text
def propositions_text(props) -> str:
    """Plain-text report of all propositions."""
    title = props.model.title
    title = title[0].lower() + title[1:] if props.model.name == "resource" else f"{title} model"
    L = [f"Propositions for the {title}, N = {props.N}",
         f"Parameters: {_params_line(props)}",
         "Notation: Pi_A(k), Pi_B(k) = payoff of a firm in A, in B with k firms in A; "
         "D_k = Pi_A(k) - Pi_B(k-1) = gain of a firm in A over moving to B."]
    if any(s.compact is not None and s.compact.kind == "quantities" for p in props.items for s in p.general + p.local):
        L.append("  q_rm(n) = quantity that a firm located in region r sells in market m when n firms are in A "
                 "(Cournot equilibrium of the regime stated).")
    L.append("")
    seen = Seen()
    for i, p in enumerate(props.items, 1):
        L.append(f"Proposition {i} ({p.title}). {p.claim}")
        defined: dict = {}
        for f in p.formulas:
            L.append(f"    {f['text']}")
        for s in p.general:
            if s.label == "D_k":
                L.append("    valid in the interior regime, where the quantities are positive (0 < k < N).")
                continue
            first = seen.check(s, str(i), p.key)
            if first is not None:
                if first[1] not in p.references:
                    L.append(_reference_text(s, first))
                continue
            L += statement_text(s, f"{s.label} in the {s.regime}", defined)
        for s in p.local:
            first = seen.check(s, str(i), p.key)
            if first is not None:
                if first[1] not in p.references:
                    L.append(_reference_text(s, first))
                continue
            L += statement_text(s, f"At the given parameters the interior regime does not hold ({s.regime}); "
                                   f"there {s.label}", defined)
        L.extend(_at_params_text(p, props.N))
        if p.thresholds:
            L.append("  Thresholds (other parameters as given):")
            for th in p.thresholds:
                rel = next(_rel_of(s.label) for s in p.general if s.label.startswith(f"D_{th.k} "))
                exact = f"{th.value:.10g} (numeric)" if th.exact is None else text(th.exact) if \
                    sp.sympify(th.exact).is_Integer else f"{text(th.exact)} = {th.value:.10g}"
                L.append(f"    {th.parameter}* = {exact}: D_{th.k} {rel} 0 holds {_direction(th, rel)} it"
                         f"{_threshold_regime(th, p.general)}")
                if th.sensitivities:
                    L.append("      d" + th.parameter + "*/d(.): " + ", ".join(
                        f"{x['parameter']} {_cell(x)}" for x in th.sensitivities))
        for n, (lo, hi) in p.at_params.get("no_threshold", {}).items():
            L.append(f"    no threshold in {n} on [{lo}, {hi}]: the condition keeps its truth value there")
        cells = [_cell(x) for th in p.thresholds for x in th.sensitivities]
        if cells:
            L.append("    (signs of the thresholds' derivatives on the threshold surface D_k = 0 of the regime that "
                     f"holds at the threshold, every parameter free; {legend_text(cells)})")
        if p.table:
            L.append(f"  sign of dD_k/d(parameter) in the {props.model.describe_regime(None, props.N, 1)}:")
            L += sign_table_text(p.table)
        if p.local_table:
            labels, texts = _regime_labels(p)
            L.append("  in the Cournot regimes that hold at the given parameters, where they are not interior:")
            L += sign_table_text(p.local_table, regimes=labels)
            L += [f"    {r}: {t}" for r, t in texts.items()]
        L.append("")
    return "\n".join(L)


def _at_params_text(p, N) -> list[str]:
    a = p.at_params
    out = []
    if _is_pattern(p, N):
        ks = [key for key in a if key.startswith("D_") and key.count("_") == 1]
        vals = ", ".join(f"{k} = {a[k]} ({a[k + '_float']:.6g})" for k in ks)
        out.append(f"  At the given parameters: {vals}; the pattern {'IS' if a['equilibrium'] else 'is NOT'} an equilibrium.")
    elif p.key == "split":
        out.append(f"  At the given parameters: split equilibria n_A in {set_text(a['split_equilibria'])}."
                   if a["split_equilibria"] else "  At the given parameters: no split is an equilibrium.")
    elif p.key == "regimes":
        out.append(f"  At the given parameters: pure equilibria n_A in {set_text(a['pure_equilibria'])} "
                   f"(strict: {set_text(a['strict_equilibria'])}); regime: {a['regime']}.")
    elif p.key == "mixed":
        eqs = ", ".join(f"p = {m['exact'] or format(m['p'], '.6f')} ({'stable' if m['stable'] else 'unstable'})"
                        for m in a["mixed_equilibria"]) or "none in (0, 1)"
        out.append(f"  At the given parameters: {eqs}.")
    elif p.key == "selection":
        out += _selection_text(a, N)
    return out


def _switch_value(s: dict) -> str:
    return f"{text(sp.sympify(s['exact']))} = {s['value']:.10g}" if s["exact"] else f"{s['value']:.10g} (numeric)"


def _same_switch(s: dict, switches) -> bool:
    return any(t["parameter"] == s["parameter"] and t["exact"] == s["exact"] and abs(t["value"] - s["value"]) < 1e-12
               for t in switches)


def _selection_text(a: dict, N: int) -> list[str]:
    """The selection proposition at the given parameters: selected configuration, switches."""
    phi = ", ".join(f"Phi({k}) = {_value(v)}" for k, v in a["potential"].items())
    sel = ", ".join(f"n_A = {k} ({w})" for k, w in zip(a["selected"], a["selected_names"]))
    rd = a["risk_dominant"]
    out = [f"  At the given parameters: selected (potential maximiser) {sel}; {phi}.",
           f"    pure equilibria n_A in {set_text(a['pure_equilibria'])}; risk-dominant: "
           f"{'none' if rd is None else f'n_A = {rd}'}; stochastically stable under logit: "
           f"n_A in {set_text(a['logit_stable'])}, under mistakes: n_A in {set_text(a['mistakes_stable'])}."]
    if a["switches"]:
        out.append(f"  Where Phi({N}) = Phi(0) (other parameters as given):")
        for s in a["switches"]:
            hi, lo = (N, 0) if s["below"] == N else (0, N)
            out.append(f"    {s['parameter']}* = {_switch_value(s)}: Phi({hi}) > Phi({lo}) below it, Phi({hi}) < "
                       f"Phi({lo}) above [regimes there: {s['regime']}]")
    if a["maximiser_switches"]:
        out.append("  Where the potential maximiser changes (other parameters as given):")
        for s in a["maximiser_switches"]:
            where = f"{s['parameter']}* (the value above)" if _same_switch(s, a["switches"]) else \
                f"{s['parameter']}* = {_switch_value(s)}"
            out.append(f"    {where}: from n_A = {s['below']} to n_A = {s['above']}")
    return out


# -------------------------------------------------------------------- LaTeX
def latex_condition_lines(cond: Condition, per_line: int = 5, names: dict | None = None) -> str:
    """A condition as a ``multline*`` body, long sums broken every ``per_line`` terms."""
    if cond.always is not None:
        return r"\text{always}" if cond.always else r"\text{never}"
    lhs, rhs = cond.sides()

    def chunks(expr):
        terms = sp.Add.make_args(sp.expand(expr)) if isinstance(expr, sp.Add) else (expr,)
        terms = sorted(terms, key=sp.default_sort_key)
        parts = []
        for i in range(0, len(terms), per_line):
            parts.append(" + ".join(sp.latex(t, symbol_names=names or {}) for t in terms[i:i + per_line]))
        return parts

    left, right = chunks(lhs), chunks(rhs)
    lines = [left[0]] + [f"+ {c}" for c in left[1:]] + [f"{_REL_TEX[cond.rel]} {right[0]}"] + [f"+ {c}" for c in right[1:]]
    return " \\\\\n".join(lines)


def _resolve_refs(s: str, numbers: dict) -> str:
    """``\\ref{prop:key}`` -> the proposition's number (for Markdown, where LaTeX references do not resolve)."""
    from gametheory.analysis.propositions import proposition_label

    labels = {proposition_label(k): str(n) for k, n in numbers.items()}
    return re.sub(r"~?\\ref\{([^}]*)\}", lambda m: " " + labels.get(m[1], "?"), s)


def propositions_latex(props) -> str:
    """A ``.tex`` fragment of numbered propositions that a paper can ``\\input``."""
    from gametheory.analysis.propositions import proposition_label

    names = _param_names(props.model)
    L = ["% Generated by gametheory (gametheory propositions --format latex). Do not edit by hand.",
         "% Needs amsmath and \\newtheorem{proposition}{Proposition} in the preamble (amsthm lets long titles break).",
         f"% N = {props.N}; parameters: {_params_line(props)}",
         r"\noindent\emph{Notation.} $\Pi_A(k)$ and $\Pi_B(k)$ are the payoffs of a firm in region $A$ and in "
         r"region $B$ when $k$ of the $N$ firms are in $A$; $D_k = \Pi_A(k) - \Pi_B(k-1)$ is the gain of a firm in "
         r"$A$ over moving to $B$."]
    if any(s.compact is not None and s.compact.kind == "quantities" for p in props.items for s in p.general + p.local):
        L[-1] += (r" $q_{rm}(n)$ is the quantity that a firm located in region $r$ sells in market $m$ when $n$ firms "
                  r"are in $A$ (the Cournot equilibrium of the regime stated).")
    L.append("")
    seen = Seen()
    for i, p in enumerate(props.items, 1):
        title = p.title.replace("D_k", "$D_k$").replace("N = 2", "$N = 2$")
        L.append(rf"\begin{{proposition}}[{title}]\label{{{proposition_label(p.key)}}}")
        L.append(p.claim_latex)
        defined: dict = {}
        if p.formulas and all("latex_align" in f for f in p.formulas):
            L.append(r"\begin{align*}" + "\n" + ", \\\\\n".join(f["latex_align"] for f in p.formulas) + ".\n"
                     + r"\end{align*}")
        elif p.formulas:
            L.append(r"\begin{gather*}" + "\n" + " \\\\\n".join(f["latex"] for f in p.formulas) + "\n" + r"\end{gather*}")
        for s in p.general:
            if s.label == "D_k":
                continue
            first = seen.check(s, str(i), p.key)
            if first is not None:
                if first[1] not in p.references:
                    ref = proposition_label(first[1])
                    L.append(f"${tex_label(s.label)}$ is the condition of Proposition~\\ref{{{ref}}}.")
                continue
            L += statement_latex(s, rf"In the {s.regime}, ${tex_label(s.label)}$", names, defined)
        for s in p.local:
            if seen.check(s, str(i), p.key) is not None:
                continue
            L += statement_latex(s, rf"At the given parameters the interior regime does not hold ({s.regime}); there "
                                    rf"${tex_label(s.label)}$", names, defined)
        if p.thresholds:
            items = []
            for th in p.thresholds:
                rel = next(_rel_of(s.label) for s in p.general if s.label.startswith(f"D_{th.k} "))
                tail = "" if th.closed_form else r" \text{ (numeric)}"
                items.append(rf"${th.latex()} \approx {th.value:.6g}{tail}$ (the condition holds {_direction(th, rel)} it)")
            L.append(r"Thresholds, other parameters as given: " + "; ".join(items) + ".")
            L.append(_tex_sensitivities(props, p.thresholds))
        if p.at_params.get("no_threshold"):
            L.append("No threshold in " + ", ".join(
                f"${_latex(props, n)} \\in [{_frac_tex(lo)}, {_frac_tex(hi)}]$" for n, (lo, hi) in p.at_params["no_threshold"].items())
                + ": the condition keeps its truth value over that range.")
        L.append(_tex_at_params(p, props.N))
        if p.table:
            L.append(_tex_statics_table(props, p))
        L.append(r"\end{proposition}")
        L.append("")
    return "\n".join(x for x in L if x is not None)


def _tex_sensitivities(props, thresholds) -> str:
    """Signs of the thresholds' derivatives, one line per threshold."""
    parts = []
    for th in thresholds:
        if not th.sensitivities:
            continue
        cells = ", ".join(f"${_latex(props, x['parameter'])}$: ${_tex_cell(x)}$" for x in th.sensitivities)
        parts.append(f"$\\partial {_latex(props, th.parameter)}^*/\\partial\\cdot$ ({cells})")
    if not parts:
        return ""
    cells = [_cell(x) for th in thresholds for x in th.sensitivities]
    return ("Comparative statics of the thresholds (implicit differentiation of $D_k = 0$): " + "; ".join(parts)
            + r". Signs hold on the threshold surface $D_k = 0$ of the regime at the threshold (every parameter "
              r"free): " + legend_tex(cells) + ".")


def _tex_at_params(p, N, markdown: bool = False) -> str:
    a = p.at_params
    if _is_pattern(p, N):
        ks = [key for key in a if key.startswith("D_") and key.count("_") == 1]
        vals = ", ".join(f"${tex_name(k)} = {_frac_tex(a[k])}$" for k in ks)
        return f"At the given parameters {vals}: the pattern {'is' if a['equilibrium'] else 'is not'} an equilibrium."
    if p.key == "split":
        return f"At the given parameters the split equilibria are $n_A \\in {set_tex(a['split_equilibria'])}$." \
            if a["split_equilibria"] else "At the given parameters no split is an equilibrium."
    if p.key == "regimes":
        return (f"At the given parameters the pure equilibria are $n_A \\in {set_tex(a['pure_equilibria'])}$ "
                f"(regime: {a['regime']}).")
    if p.key == "mixed":
        eqs = ", ".join(f"$p = {_frac_tex(m['exact']) if m['exact'] else format(m['p'], '.6f')}$ "
                        f"({'stable' if m['stable'] else 'unstable'})" for m in a["mixed_equilibria"])
        return f"At the given parameters: {eqs or 'no mixed equilibrium in $(0, 1)$'}."
    if p.key == "selection":
        phi = ", ".join(f"$\\Phi({k}) = {_frac_tex(v)}$" for k, v in a["potential"].items())
        sel = ", ".join(f"$n_A = {k}$ ({w})" for k, w in zip(a["selected"], a["selected_names"]))
        out = (f"At the given parameters the selected configuration is {sel} ({phi}); stochastically stable under "
               f"the mistakes dynamics: $n_A \\in {set_tex(a['mistakes_stable'])}$.")
        value = lambda s: (sp.latex(sp.sympify(s["exact"])) if s["exact"] else f"{s['value']:.10g}")
        name = lambda s: s.get("latex_name", s["parameter"])
        items = [f"${name(s)}^* = {value(s)} \\approx {s['value']:.6g}$: $\\Phi({s['below']})$ is larger below it, "
                 f"$\\Phi({s['above']})$ above" for s in a["switches"]]
        moves = [(f"${name(s)}^*$ above" if _same_switch(s, a["switches"]) else
                  f"${name(s)}^* = {value(s)} \\approx {s['value']:.6g}$")
                 + f": from $n_A = {s['below']}$ to $n_A = {s['above']}$" for s in a["maximiser_switches"]]
        for head, lst in ((" $\\Phi(N) = \\Phi(0)$ (other parameters as given) at", items),
                          (" The potential maximiser changes (other parameters as given) at", moves)):
            if not lst:
                continue
            if markdown:
                out += head + ":\n\n" + "\n".join(f"- {x}" for x in lst) + "\n"
            else:
                out += head + "\n\\begin{itemize}\n" + "\n".join(f"\\item {x};" for x in lst)[:-1] + \
                    ".\n\\end{itemize}"
        return out
    return ""


def _math_k(t: str) -> str:
    """``with k-1 in A`` -> ``with $k-1$ in $A$`` (a regime's words in LaTeX)."""
    return re.sub(r"\b(k-1|k)\b in A", r"$\1$ in $A$", t)


def _frac_tex(s: str) -> str:
    return sp.latex(sp.Rational(s))


def _tex_statics_table(props, p) -> str:
    names = {par: _latex(props, par) for par in p.table}
    regime = props.model.describe_regime(None, props.N, 1)
    out = sign_table_latex(p.table, names, rf"Signs of $\partial D_k/\partial\theta$ in the {regime}:")
    if p.local_table:
        labels, texts = _regime_labels(p)
        out += "\n" + sign_table_latex(p.local_table, names, r"In the Cournot regimes that hold at the given "
                                                               r"parameters, where they are not interior:", labels)
        out += "\n{\\footnotesize\\noindent " + "\\\\\n".join(f"{r}: {_math_k(t)}" for r, t in texts.items()) + ".\\par}"
    return out


# ----------------------------------------------------------------- Markdown
def propositions_markdown(props) -> str:
    """Markdown with ``$...$`` math."""
    names = _param_names(props.model)
    numbers = {p.key: i for i, p in enumerate(props.items, 1)}
    L = [f"# Propositions, N = {props.N}", "", f"Parameters: `{_params_line(props)}`", "",
         r"$\Pi_A(k)$, $\Pi_B(k)$: payoff of a firm in A, in B with $k$ firms in A; "
         r"$D_k = \Pi_A(k) - \Pi_B(k-1)$.", ""]
    if any(s.compact is not None and s.compact.kind == "quantities" for p in props.items for s in p.general + p.local):
        L[-2] += (r" $q_{rm}(n)$: quantity that a firm located in region $r$ sells in market $m$ when $n$ firms are "
                  r"in A (Cournot equilibrium of the regime stated).")
    seen = Seen()
    for i, p in enumerate(props.items, 1):
        L += [f"## Proposition {i}: {p.title}", "", _resolve_refs(p.claim_latex, numbers), ""]
        defined: dict = {}
        for f in p.formulas:
            L += [f"$${f['latex']}$$", ""]
        for s in p.general:
            if s.label == "D_k":
                continue
            first = seen.check(s, str(i), p.key)
            if first is not None:
                if first[1] not in p.references:
                    L += [f"${tex_label(s.label)}$ is the condition of Proposition {first[0]}.", ""]
                continue
            L += statement_markdown(s, f"In the {s.regime}, ${tex_label(s.label)}$", names, defined)
        for s in p.local:
            if seen.check(s, str(i), p.key) is not None:
                continue
            L += statement_markdown(s, f"At the given parameters ({s.regime}), ${tex_label(s.label)}$", names, defined)
        for th in p.thresholds:
            rel = next(_rel_of(s.label) for s in p.general if s.label.startswith(f"D_{th.k} "))
            L.append(f"- threshold ${th.latex()} \\approx {th.value:.6g}$: holds {_direction(th, rel)} it")
        if p.thresholds:
            L.append("")
        at = _tex_at_params(p, props.N, markdown=True)
        L += [at, ""] if at else []
        if p.table:
            pn = {par: _latex(props, par) for par in p.table}
            L += [f"Signs of $\\partial D_k/\\partial\\theta$ in the {props.model.describe_regime(None, props.N, 1)}:",
                  ""] + sign_table_markdown(p.table, pn)
            if p.local_table:
                labels, texts = _regime_labels(p)
                L += ["In the Cournot regimes that hold at the given parameters, where they are not interior:", ""]
                L += sign_table_markdown(p.local_table, pn, labels)
                L += [f"- {r}: {t}" for r, t in texts.items()] + [""]
    return "\n".join(L)
