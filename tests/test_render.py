"""Paper-ready output of the propositions: compact forms exactly equivalent to the derived conditions, text
without Python syntax that reads back to the same expressions, braced LaTeX subscripts, no repetition, sign
tables grouped by k with a legend of exactly their symbols, sets written as sets."""

import re
import shutil
import subprocess

import pytest
import sympy as sp
from sympy.parsing.sympy_parser import convert_xor, implicit_multiplication, parse_expr, standard_transformations

from gametheory.analysis.compact import SHORT, compact_incentive, compact_welfare_gap, condition_size, grouped
from gametheory.analysis.incentives import incentive
from gametheory.analysis.propositions import (Propositions, _pattern, _regimes_proposition, _split_proposition,
                                              _statics_proposition)
from gametheory.analysis.selection import selection_proposition
from gametheory.analysis.render import k_ranges, legend_text, readable_intervals, set_text, sign_groups
from gametheory.analysis.welfare_propositions import welfare_gap
from gametheory.game import AgglomerationGame, LocationGame, ResourceEnvironmentGame
from gametheory.games.conditions import Condition, proved_sign, text
from gametheory.models.agglomeration import RESOURCE
from gametheory.models.environment import ENVIRONMENT

_T = standard_transformations + (implicit_multiplication, convert_xor)


def read_text(s: str, model, named=()) -> sp.Expr:
    """Parse the plain text the toolkit prints (``x^2``, ``2 a_A e``, ``q_AA(20)``) back into sympy."""
    local = {n: model.space.symbol(n) for n in model.space.names}
    for n in sorted(named, key=lambda n: -len(n.name)):
        alias = re.sub(r"\W", "_", n.name)
        s = s.replace(n.name, alias)
        local[alias] = n.symbol
    return parse_expr(s, local_dict=local, transformations=_T)


def read_condition(s: str, model, named=()) -> tuple[sp.Expr, str]:
    """``lhs REL rhs`` in text -> ``(lhs - rhs, REL)``."""
    m = re.fullmatch(r"(.*) (>=|<=|>|<) (.*)", s)
    return read_text(m[1], model, named) - read_text(m[3], model, named), m[2]


def substitute(expr, named):
    for _ in range(3):
        expr = expr.xreplace({n.symbol: n.value for n in named})
    return expr


def incentives(game, k):
    """The incentive D_k in the interior regime and in the regimes that hold at the game's parameters."""
    local = incentive(game.model, game.N, k, (game.regime_at(k), game.regime_at(k - 1)))
    return [incentive(game.model, game.N, k)] + ([] if local.interior else [local])


# ------------------------------------------------------------------ compact forms
@pytest.mark.parametrize("N", [2, 3, 20])
def test_compact_conditions_are_the_derived_conditions(N):
    """D_k REL 0 <=> lhs REL rhs in the named Cournot quantities, exactly: lhs - rhs = D_k / scale with the scale
    proved positive, a positive multiple of the simplified condition; the printed text reads back to it."""
    game = AgglomerationGame(N)
    b = RESOURCE.space.symbol("b")
    checked = 0
    for k, rel in ((N, ">="), (1, "<=")):
        for inc in incentives(game, k):
            cond = inc.condition(rel)
            c = compact_incentive(inc, rel, cond)
            assert c.kind == "quantities" and condition_size(cond) > 20          # 20-30 terms expanded
            assert proved_sign(c.scale, inc.positive, inc.nonnegative) == 1
            diff = c.difference()
            assert sp.expand(c.scale * diff - inc.expr) == 0
            ratio = sp.factor(diff / cond.expr)              # the simplified condition, up to a positive factor
            assert ratio.free_symbols <= {b} and ratio.subs(b, 1) != 0
            assert (ratio.subs(b, 1) > 0) == (cond.rel == rel)
            # what is printed is what was checked: the text reads back to the same difference
            parsed, prel = read_condition(c.text(), RESOURCE, c.named)
            assert prel == rel and sp.cancel(substitute(parsed, c.named) - diff) == 0
            for n in c.named + c.domain_named:
                lhs, rhs = n.text().split(" = ", 1)
                assert lhs == n.name and sp.cancel(read_text(rhs, RESOURCE) - n.value) == 0
                assert len(sp.Add.make_args(sp.fraction(sp.together(n.value))[0])) <= 8
            # the domain printed is the regime's domain, exactly
            assert set(c.domain_conditions()) == set(inc.domain)
            assert len(c.text()) < 90
            checked += 1
    assert checked == {2: 2, 3: 3, 20: 4}[N]        # the interior regime, and the regimes at the defaults where they differ


def test_compact_condition_of_the_lead_example():
    inc = incentive(RESOURCE, 20, 20)
    c = compact_incentive(inc, ">=")
    assert c.text() == "q_AA(20)^2 + q_AB(20)^2 >= q_BA(19)^2 + q_BB(19)^2 + (F_A - F_B)/b"
    assert c.named[0].text() == "q_AA(20) = (a_A - c + e + gamma_A)/(21 b)"
    assert [n.name for n in c.domain_named] == ["q_AA(19)", "q_AB(19)"]
    assert c.latex().startswith(r"q_{AA}(20)^{2} + q_{AB}(20)^{2} \geq") and r"\frac{F_A - F_B}{b}" in c.latex()


def test_grouped_collects_by_parameter():
    s = RESOURCE.space.symbols()
    k = sp.Symbol("k", integer=True, positive=True)
    q = RESOURCE.symbolic(20, k).quantities[("A", "A")]
    d = grouped(q, list(s.values()))
    assert sp.cancel(d.value() - q) == 0
    assert d.text() == ("(19 (a_A - c) + 19 (21 - k) e + 19 (20 - k) (tau_r + tau_p) + (k - 1) (21 - k) gamma_A "
                        "+ (20 - k) (k - 19) gamma_B)/(399 b)")
    x, y = sp.symbols("x y")
    assert grouped(3 * x - 3 * y + 5, [x, y]).text() == "3 (x - y) + 5"
    assert grouped(-x - y + 2, [x, y]).text() == "-x - y + 2"
    assert grouped(-sp.Symbol("F_A") + sp.Symbol("F_B") + x ** 2, [x]).text() == "x^2 + F_B - F_A"


@pytest.mark.parametrize("N", [2, 20])
def test_compact_welfare_gap_is_the_welfare_gap(N):
    game = ResourceEnvironmentGame(N)
    for regimes in ((None, None), (ENVIRONMENT.regime_at(N, N, game.params), ENVIRONMENT.regime_at(N, 0, game.params))):
        gap = welfare_gap(ENVIRONMENT, N, N, 0, regimes)
        c = compact_welfare_gap(gap, ">=", gap.condition(">="))
        assert c.kind == "quantities" and c.text() == f"W({N}) >= W(0)"
        assert sp.cancel(c.difference() - gap.expr) == 0
        W = c.named[0]
        assert sp.cancel(substitute(read_text(W.text().split(" = ", 1)[1], ENVIRONMENT, c.named), c.named)
                         - substitute(W.value, c.named)) == 0


def test_user_models_print_payoffs_or_the_short_condition():
    bert = LocationGame.from_file("examples/bertrand.toml", N=3)
    inc = incentive(bert.model, 3, 3)
    c = compact_incentive(inc, ">=")
    assert c.kind == "payoffs" and c.text() == "Pi_A(3) >= Pi_B(2)"
    assert sp.cancel(c.difference() - inc.expr) == 0
    assert [n.name for n in c.named] == ["Pi_A(3)", "Pi_B(2)"]
    assert sp.cancel(read_text(c.named[0].text().split(" = ", 1)[1], bert.model) - c.named[0].value) == 0
    cong = LocationGame.from_file("examples/congestion.toml", N=3)
    inc = incentive(cong.model, 3, 3)
    c = compact_incentive(inc, ">=")
    assert c.kind == "simplified" and condition_size(inc.condition(">=")) <= SHORT and c.text() == "e >= beta"


def test_text_printer_has_no_python_syntax():
    a, b, e = sp.symbols("a_A b e")
    assert text(2 * a * e + a ** 2) == "a_A^2 + 2 a_A e"
    assert text(sp.Rational(63, 20) - sp.sqrt(2145) / 20) == "63/20 - sqrt(2145)/20"
    assert text((a - e) / (21 * b)) == "(a_A - e)/(21 b)"
    cond = Condition(a ** 2 - 2 * e * b, ">=")
    assert cond.text() == "a_A^2 >= 2 b e" and cond.sstr() == "a_A**2 >= 2*b*e"
    assert readable_intervals("(-7/5, -831/1795 + 6*sqrt(31478)/1795]") == "(-7/5, -831/1795 + 6 sqrt(31478)/1795]"
    assert set_text([5, 20]) == "{5, 20}" and set_text([]) == "none"
    assert k_ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"


# ------------------------------------------------------------------ rendered propositions
@pytest.fixture(scope="module")
def props20():
    """The propositions of N = 20 at the defaults whose rendering changed (thresholds left out: they are slow)."""
    g = AgglomerationGame(20)
    items = (_pattern(g, "traditional", "Traditional resource cluster", [(20, ">=")], ("D_20 >= 0.", "$D_{20} \\geq 0$."),
                      20, ()),
             _pattern(g, "zero_resource", "Zero-resource economy", [(1, "<=")], ("D_1 <= 0.", "$D_1 \\leq 0$."), 0, ()),
             _split_proposition(g), _regimes_proposition(g, (1, 2)), _statics_proposition(g))
    return Propositions(g, items)


@pytest.fixture(scope="module")
def props2():
    g = AgglomerationGame(2)
    return Propositions(g, (_pattern(g, "traditional", "Traditional resource cluster", [(2, ">=")], ("", ""), 2, ()),
                            _regimes_proposition(g, (1, 2)), selection_proposition(g, ("tau_p",))))


@pytest.fixture(scope="module")
def wp2():
    return ResourceEnvironmentGame(2).welfare_propositions(threshold_parameters=("delta_A",))


def _no_python(s: str):
    assert "**" not in s and "None" not in s
    assert not re.search(r"[\w)]\*[\w(]", s), re.search(r".{20}[\w)]\*[\w(].{20}", s)
    assert not re.search(r"n_A (in|=) \[", s)                   # sets are {5, 20}, never lists


def _latex_well_formed(tex: str):
    assert not re.search(r"_[0-9]{2}", tex)            # D_{20}, never D_20 (which prints as D_2 0)
    assert "**" not in tex and "None" not in tex
    assert tex.count("{") == tex.count("}")
    for env in ("proposition", "align*", "tabular", "minipage"):
        assert tex.count(rf"\begin{{{env}}}") == tex.count(rf"\end{{{env}}}")


def _compiles(tex: str, tmp_path):
    """pdflatex compiles the fragment, no formula or table wider than the text (checked where pdflatex exists)."""
    if shutil.which("pdflatex") is None:
        return
    (tmp_path / "frag.tex").write_text(tex)
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage{amsmath,amssymb}\\newtheorem{proposition}"
                                      "{Proposition}\\begin{document}\\input{frag}\\end{document}\n")
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:]
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", (tmp_path / "doc.log").read_text())]
    assert all(w < 35 for w in widths), widths


def _table_rows(block: str) -> tuple[list[list[str]], str]:
    lines = block.splitlines()
    rows = [ln.split() for ln in lines if re.match(r"\s+\d", ln)]
    legend = next(ln for ln in lines if ln.strip().startswith("("))
    return rows, legend


def test_propositions_N20(props20, tmp_path):
    text20 = props20.to_text()
    _no_python(text20)
    assert "    q_AA(20)^2 + q_AB(20)^2 >= q_BA(19)^2 + q_BB(19)^2 + (F_A - F_B)/b" in text20
    assert "pure equilibria n_A in {5, 20} (strict: {5, 20})" in text20 and "split equilibria n_A in {5}" in text20
    # the coordination proposition refers to Propositions 1 and 2 and repeats none of their conditions
    p4 = text20.split("Proposition 4 ")[1].split("Proposition 5 ")[0]
    assert "By Propositions 1 and 2" in p4 and "q_AA" not in p4 and ">= q_" not in p4
    # within a proposition, a quantity defined once is referred to afterwards
    p1 = text20.split("Proposition 1 ")[1].split("Proposition 2 ")[0]
    assert p1.count("q_AA(20) = ") == 1 and "q_AA(20), q_AB(20), q_BB(19) as above" in p1
    # the statics table: one row per group of k with the same signs, parameters as columns, exact legend
    block = text20.split("sign of dD_k/d(parameter)")[1].split("in the Cournot regimes")[0]
    rows, legend = _table_rows(block)
    assert [r[0] for r in rows] == ["1-19", "20"]
    assert rows[0][1:] == ["+", "±", "+", "-", "±", "±"] and rows[1][1:] == ["+", "±", "+", "0", "±", "±"]
    assert {m[1] for m in re.finditer(r"([+\-0±?]w?):", legend)} == {c for r in rows for c in r[1:]}
    rows, legend = _table_rows(text20.split("in the Cournot regimes that hold at the given parameters")[1])
    assert [r[0] for r in rows] == ["1", "2", "3", "4-6", "7", "8-19", "20"]
    assert {m[1] for m in re.finditer(r"([+\-0±?]w?):", legend)} == {c for r in rows for c in r[2:]}
    # LaTeX: braced subscripts, the same grouped table, references to the pattern propositions
    tex = props20.to_latex()
    _latex_well_formed(tex)
    assert r"D_{20} \geq 0" in tex and r"q_{AA}(20) &= \frac{a_A - c + e + \gamma_A}{21 b}" in tex
    assert r"By Propositions~\ref{prop:traditional} and~\ref{prop:zero-resource}" in tex
    assert r"n_A \in \{5, 20\}" in tex
    table = tex.split(r"\begin{tabular}{lcccccc}")[1].split(r"\end{tabular}")[0]
    assert table.count(r"\\") == 3 and "$1$--$19$" in table
    legend = tex.split(r"\end{tabular}")[1].split("\n")[1]
    assert set(re.findall(r"\$(\+|-|0|\\pm|\?)\$:", legend)) == {"+", "-", "0", r"\pm"}
    md = props20.to_markdown()
    assert "| 1-19 | + | ± | + | - | ± | ± |" in md and "Propositions 1 and 2" in md and "\\ref" not in md
    _compiles(tex, tmp_path)


def test_propositions_N2_and_welfare(props2, wp2, tmp_path):
    t2 = props2.to_text()
    _no_python(t2)
    assert "pure equilibria n_A in {0, 2}" in t2 and "risk-dominant: n_A = 2" in t2
    assert "tau_p* (the value above): from n_A = 2 to n_A = 0" in t2         # the switch is not repeated
    _latex_well_formed(props2.to_latex())
    t = wp2.to_text()
    _no_python(t)
    assert t.count("W(2) = 4 b (q_AA(2)^2 + q_AB(2)^2)") == 1           # stated once, in W1
    assert "Delta_W <= 0: the condition of Proposition W1 (there Delta_W >= 0)" in t
    assert "threshold delta_A*: as in Proposition W1" in t
    assert "the optimum is n_A in {0}" in t
    tex = wp2.to_latex()
    _latex_well_formed(tex)
    assert r"the condition of Proposition~\ref{prop:welfare-traditional-optimal}" in tex
    md = wp2.to_markdown()
    assert "the condition of Proposition W1" in md and "\\ref" not in md
    _compiles(tex, tmp_path)


def test_sign_groups_and_legend():
    table = {"x": {1: 1, 2: 1, 3: -1, 4: 1}, "y": {1: None, 2: None, 3: None, 4: None}}
    assert sign_groups(table) == [([1, 2, 4], ["+", "?"]), ([3], ["-", "?"])]
    assert legend_text(["+", "?"]).startswith("+: positive") and "-:" not in legend_text(["+", "?"])
