"""Rendering of derived propositions as plain text, LaTeX (a ``.tex`` fragment) and Markdown."""

from __future__ import annotations

import sympy as sp

from gametheory.games.conditions import Condition

__all__ = ["propositions_text", "propositions_latex", "propositions_markdown", "latex_condition_lines"]

_REL_TEX = {">=": r"\geq", ">": ">", "<=": r"\leq", "<": "<", "==": "=", "!=": r"\neq"}
_SIGN_TEX = {"+": "+", "-": "-", "0": "0", "±": r"\pm", None: "?", "empty": r"\emptyset"}


def _cell(d) -> str:
    """Text of a sign decision (a SignDecision or its JSON dict): ``+ - 0 ±``, ``?`` undecided, ``w`` weak."""
    if isinstance(d, dict):
        t = d.get("sign") or "?"
        return t + ("w" if d.get("strict") is False else "")
    return "?" if d.sign is None else d.text


def _tex_cell(d) -> str:
    sign = d.get("sign") if isinstance(d, dict) else (None if d.sign is None else d.as_dict()["sign"])
    weak = (d.get("strict") is False) if isinstance(d, dict) else not d.strict
    return _SIGN_TEX.get(sign, "?") + (r"^{w}" if weak else "")


def _local_regimes(p) -> dict:
    """``{regime text: [k, ...]}`` of a proposition's local statics table (texts with the numbers of firms
    written as ``k`` and ``k-1``, so that configurations in the same regimes share one line)."""
    import re

    out: dict = {}
    for per_k in p.local_table.values():
        for k, d in per_k.items():
            text = re.sub(r"k-1=\d+ in A", "k-1 in A", re.sub(r"with k=\d+ in A", "with k in A", d.regime))
            out.setdefault(text, [])
            if k not in out[text]:
                out[text].append(k)
        break
    return out


def _latex(props, name: str) -> str:
    return props.model.space.latex(name)


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


# --------------------------------------------------------------------- text
def propositions_text(props) -> str:
    """Plain-text report of all propositions."""
    title = props.model.title
    title = title[0].lower() + title[1:] if props.model.name == "resource" else f"{title} model"
    L = [f"Propositions for the {title}, N = {props.N}",
         f"Parameters: {_params_line(props)}",
         "Notation: Pi_A(k), Pi_B(k) = payoff of a firm in A, in B with k firms in A; "
         "D_k = Pi_A(k) - Pi_B(k-1) = gain of a firm in A over moving to B.", ""]
    for i, p in enumerate(props.items, 1):
        L.append(f"Proposition {i} ({p.title}). {p.claim}")
        for f in p.formulas:
            L.append(f"    {f['text']}")
        for s in p.general:
            if s.label == "D_k":
                L.append("    valid in the interior regime, where the quantities are positive (0 < k < N).")
                continue
            L.append(f"  {s.label}, in the {s.regime}:")
            L.append(f"    {s.condition.text()}")
            if s.domain:
                L.append("    valid where: " + "; ".join(d.text() for d in s.domain))
        for s in p.local:
            L.append(f"  At the given parameters the interior regime does not hold ({s.regime}); there {s.label} reads:")
            L.append(f"    {s.condition.text()}")
            L.append("    valid where: " + "; ".join(d.text() for d in s.domain))
        L.extend(_at_params_text(p, props.N))
        if p.thresholds:
            L.append("  Thresholds (other parameters as given):")
            for th in p.thresholds:
                rel = next(_rel_of(s.label) for s in p.general if s.label.startswith(f"D_{th.k} "))
                exact = f"{sp.sstr(th.exact)} = {th.value:.10g}" if th.exact is not None else f"{th.value:.10g} (numeric)"
                L.append(f"    {th.parameter}* = {exact}: D_{th.k} {rel} 0 holds {_direction(th, rel)} it"
                         f"{_threshold_regime(th, p.general)}")
                if th.sensitivities:
                    L.append("      d" + th.parameter + "*/d(.): " + ", ".join(
                        f"{x['parameter']} {_cell(x)}" for x in th.sensitivities))
        for n, (lo, hi) in p.at_params.get("no_threshold", {}).items():
            L.append(f"    no threshold in {n} on [{lo}, {hi}]: the condition keeps its truth value there")
        if any(th.sensitivities for th in p.thresholds):
            L.append("    (signs of the thresholds' derivatives on the threshold surface D_k = 0 of the regime that "
                     "holds at the threshold, every parameter free: +, - proved; ± both occur, witness points in "
                     "the JSON output; ? undecided)")
        if p.table:
            L.append("  sign of dD_k/d(parameter), k = 1..N:")
            for par, per_k in p.table.items():
                L.append(f"    {par:12s} {' '.join(_cell(v) for v in per_k.values())}")
            L.append("    (+, -: proved on the regime's domain; 0: zero there; ±: both signs occur, witness points "
                     "in the JSON output; ?: undecided; w: weak, zero somewhere)")
        if p.local_table:
            L.append("  in the regimes that hold at the given parameters, where they are not interior:")
            for reg, ks in _local_regimes(p).items():
                L.append(f"    k = {', '.join(map(str, ks))}: {reg}")
            ks = list(next(iter(p.local_table.values())))
            L.append(f"    {'k':12s} {' '.join(str(k) for k in ks)}")
            for par, per_k in p.local_table.items():
                L.append(f"    {par:12s} {' '.join(_cell(v).rjust(len(str(k))) for k, v in per_k.items())}")
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
        out.append(f"  At the given parameters: split equilibria n_A = {a['split_equilibria'] or 'none'}.")
    elif p.key == "regimes":
        out.append(f"  At the given parameters: pure equilibria n_A in {a['pure_equilibria']} "
                   f"(strict: {a['strict_equilibria']}); regime: {a['regime']}.")
    elif p.key == "mixed":
        eqs = ", ".join(f"p = {m['exact'] or format(m['p'], '.6f')} ({'stable' if m['stable'] else 'unstable'})"
                        for m in a["mixed_equilibria"]) or "none"
        out.append(f"  At the given parameters: {eqs}.")
    elif p.key == "selection":
        out += _selection_text(a, N)
    return out


def _switch_value(s: dict) -> str:
    return f"{s['exact']} = {s['value']:.10g}" if s["exact"] else f"{s['value']:.10g} (numeric)"


def _selection_text(a: dict, N: int) -> list[str]:
    """The selection proposition at the given parameters: selected configuration, switches."""
    phi = ", ".join(f"Phi({k}) = {v}" for k, v in a["potential"].items())
    sel = ", ".join(f"n_A = {k} ({w})" for k, w in zip(a["selected"], a["selected_names"]))
    out = [f"  At the given parameters: selected (potential maximiser) {sel}; {phi}.",
           f"    pure equilibria {a['pure_equilibria']}; risk-dominant: "
           f"{a['risk_dominant'] if a['risk_dominant'] is not None else 'none'}; stochastically stable under logit: "
           f"{a['logit_stable']}, under mistakes: {a['mistakes_stable']}."]
    if a["switches"]:
        out.append(f"  Where Phi({N}) = Phi(0) (other parameters as given):")
        for s in a["switches"]:
            hi, lo = (N, 0) if s["below"] == N else (0, N)
            out.append(f"    {s['parameter']}* = {_switch_value(s)}: Phi({hi}) > Phi({lo}) below it, Phi({hi}) < "
                       f"Phi({lo}) above [regimes there: {s['regime']}]")
    if a["maximiser_switches"]:
        out.append("  Where the potential maximiser changes (other parameters as given):")
        for s in a["maximiser_switches"]:
            out.append(f"    {s['parameter']}* = {_switch_value(s)}: from n_A = {s['below']} to n_A = {s['above']}")
    return out


# -------------------------------------------------------------------- LaTeX
def latex_condition_lines(cond: Condition, per_line: int = 5) -> str:
    """A condition as a ``multline*`` body, long sums broken every ``per_line`` terms."""
    if cond.always is not None:
        return r"\text{always}" if cond.always else r"\text{never}"
    lhs, rhs = cond.sides()

    def chunks(expr):
        terms = sp.Add.make_args(sp.expand(expr)) if isinstance(expr, sp.Add) else (expr,)
        terms = sorted(terms, key=sp.default_sort_key)
        parts = []
        for i in range(0, len(terms), per_line):
            parts.append(" + ".join(sp.latex(t) for t in terms[i:i + per_line]))
        return parts

    left, right = chunks(lhs), chunks(rhs)
    lines = [left[0]] + [f"+ {c}" for c in left[1:]] + [f"{_REL_TEX[cond.rel]} {right[0]}"] + [f"+ {c}" for c in right[1:]]
    return " \\\\\n".join(lines)


def propositions_latex(props) -> str:
    """A ``.tex`` fragment of numbered propositions that a paper can ``\\input``."""
    L = ["% Generated by gametheory (gametheory propositions --format latex). Do not edit by hand.",
         "% Needs amsmath and \\newtheorem{proposition}{Proposition} in the preamble.",
         f"% N = {props.N}; parameters: {_params_line(props)}",
         r"\noindent\emph{Notation.} $\Pi_A(k)$ and $\Pi_B(k)$ are the payoffs of a firm in region $A$ and in "
         r"region $B$ when $k$ of the $N$ firms are in $A$; $D_k = \Pi_A(k) - \Pi_B(k-1)$ is the gain of a firm in "
         r"$A$ over moving to $B$.", ""]
    for p in props.items:
        title = p.title.replace("D_k", "$D_k$").replace("N = 2", "$N = 2$")
        L.append(rf"\begin{{proposition}}[{title}]\label{{prop:{p.key.replace('_', '-')}}}")
        L.append(p.claim_latex)
        if p.formulas:
            L.append(r"\begin{gather*}" + "\n" + " \\\\\n".join(f["latex"] for f in p.formulas) + "\n" + r"\end{gather*}")
        for s in p.general:
            if s.label == "D_k":
                continue
            L.append(rf"In the {s.regime}, ${_tex_label(s.label)}$ holds iff")
            L.append(r"\begin{multline*}" + "\n" + latex_condition_lines(s.condition) + "\n" + r"\end{multline*}")
            if s.domain:
                L.append("where the formula is valid for " + "; ".join(f"${d.latex()}$" for d in s.domain) + ".")
        for s in p.local:
            L.append(rf"At the given parameters the interior regime does not hold ({s.regime}); there "
                     rf"${_tex_label(s.label)}$ holds iff")
            L.append(r"\begin{multline*}" + "\n" + latex_condition_lines(s.condition) + "\n" + r"\end{multline*}")
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
            L.append(_tex_statics_table(props, p, props.N))
        L.append(r"\end{proposition}")
        L.append("")
    return "\n".join(L)


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
    return ("Comparative statics of the thresholds (implicit differentiation of $D_k = 0$): " + "; ".join(parts)
            + r". Signs hold on the threshold surface $D_k = 0$ of the regime at the threshold (every parameter "
              r"free): $+$, $-$ proved, $\pm$ both occur (exact witnesses); $?$: undecided.")


def _tex_label(label: str) -> str:
    k, rel, zero = label.split()
    return f"{k} {_REL_TEX[rel]} {zero}"


def _tex_at_params(p, N) -> str:
    a = p.at_params
    if _is_pattern(p, N):
        ks = [key for key in a if key.startswith("D_") and key.count("_") == 1]
        vals = ", ".join(f"${k} = {_frac_tex(a[k])}$" for k in ks)
        return f"At the given parameters {vals}: the pattern {'is' if a['equilibrium'] else 'is not'} an equilibrium."
    if p.key == "split":
        return f"At the given parameters the split equilibria are $n_A \\in \\{{{', '.join(map(str, a['split_equilibria']))}\\}}$." \
            if a["split_equilibria"] else "At the given parameters no split is an equilibrium."
    if p.key == "regimes":
        return (f"At the given parameters the pure equilibria are $n_A \\in \\{{{', '.join(map(str, a['pure_equilibria']))}\\}}$ "
                f"(regime: {a['regime']}).")
    if p.key == "mixed":
        eqs = ", ".join(f"$p = {_frac_tex(m['exact']) if m['exact'] else format(m['p'], '.6f')}$ "
                        f"({'stable' if m['stable'] else 'unstable'})" for m in a["mixed_equilibria"])
        return f"At the given parameters: {eqs or 'none'}."
    if p.key == "selection":
        phi = ", ".join(f"$\\Phi({k}) = {_frac_tex(v)}$" for k, v in a["potential"].items())
        sel = ", ".join(f"$n_A = {k}$ ({w})" for k, w in zip(a["selected"], a["selected_names"]))
        out = (f"At the given parameters the selected configuration is {sel} ({phi}); stochastically stable under "
               f"the mistakes dynamics: $n_A \\in \\{{{', '.join(map(str, a['mistakes_stable']))}\\}}$.")
        items = [f"${s.get('latex_name', s['parameter'])}^* = "
                 + (sp.latex(sp.sympify(s["exact"])) if s["exact"] else f"{s['value']:.10g}")
                 + f" \\approx {s['value']:.6g}$ ($\\Phi({s['below']})$ larger below, $\\Phi({s['above']})$ above)"
                 for s in a["switches"]]
        if items:
            out += " $\\Phi(N) = \\Phi(0)$ at: " + "; ".join(items) + "."
        return out
    return ""


def _frac_tex(s: str) -> str:
    return sp.latex(sp.Rational(s))


def _tex_statics_table(props, p, N: int) -> str:
    def table(tab) -> str:
        ks = list(next(iter(tab.values())))
        rows = []
        for par, per_k in tab.items():
            cells = " & ".join(f"${_tex_cell(v)}$" for v in per_k.values())
            rows.append(f"${_latex(props, par)}$ & {cells} \\\\")
        head = " & ".join(f"$k={k}$" for k in ks)
        return ("\n\\begin{center}\\begin{tabular}{l" + "c" * len(ks) + "}\n"
                f"$\\partial D_k/\\partial\\,\\cdot$ & {head} \\\\ \\hline\n" + "\n".join(rows) +
                "\n\\end{tabular}\\end{center}\n")
    out = table(p.table) + (r"{\footnotesize $+$, $-$: proved on the regime's domain; $0$: zero there; $\pm$: both "
                            r"signs occur (exact witnesses); $?$: undecided.}")
    if p.local_table:
        regs = "; ".join(f"$k \\in \\{{{', '.join(map(str, ks))}\\}}$: {reg}" for reg, ks in _local_regimes(p).items())
        out += "\n\nIn the regimes that hold at the given parameters (" + regs + "):" + table(p.local_table)
    return out


# ----------------------------------------------------------------- Markdown
def propositions_markdown(props) -> str:
    """Markdown with ``$...$`` math."""
    L = [f"# Propositions, N = {props.N}", "", f"Parameters: `{_params_line(props)}`", "",
         r"$\Pi_A(k)$, $\Pi_B(k)$: payoff of a firm in A, in B with $k$ firms in A; "
         r"$D_k = \Pi_A(k) - \Pi_B(k-1)$.", ""]
    for i, p in enumerate(props.items, 1):
        L += [f"## Proposition {i}: {p.title}", "", p.claim_latex, ""]
        for f in p.formulas:
            L += [f"$${f['latex']}$$", ""]
        for s in p.general:
            if s.label == "D_k":
                continue
            L += [f"In the {s.regime}, ${_tex_label(s.label)}$ iff", "", f"$${s.condition.latex()}$$", ""]
            if s.domain:
                L += ["valid where " + "; ".join(f"${d.latex()}$" for d in s.domain) + ".", ""]
        for s in p.local:
            L += [f"At the given parameters ({s.regime}): $${s.condition.latex()}$$", ""]
        for th in p.thresholds:
            rel = next(_rel_of(s.label) for s in p.general if s.label.startswith(f"D_{th.k} "))
            L.append(f"- threshold ${th.latex()} \\approx {th.value:.6g}$: holds {_direction(th, rel)} it")
        if p.thresholds:
            L.append("")
        L += [_tex_at_params(p, props.N), ""]
        if p.table:
            L += ["| parameter | " + " | ".join(f"k={k}" for k in range(1, props.N + 1)) + " |",
                  "|---|" + "---|" * props.N]
            for par, per_k in p.table.items():
                L.append(f"| ${_latex(props, par)}$ | " + " | ".join(_cell(v) for v in per_k.values()) + " |")
            L.append("")
    return "\n".join(L)
