r"""Welfare propositions derived by the toolkit (never typed in): which pattern *should* form?

For the two named patterns, the traditional cluster :math:`n_A = N` and the zero-resource
economy :math:`n_A = 0`, the welfare difference

.. math:: \Delta W = W(N) - W(0)

is built from the model's one welfare formula in the Cournot regimes of the two configurations
(:func:`welfare_gap`; the interior regime, where every firm serves both markets, with its
domain; and, when the given parameters lie outside it, the regime that holds there).  The
propositions state, like :mod:`gametheory.analysis.propositions` does for equilibria:

1. the traditional cluster is socially better than the zero-resource economy iff
   :math:`\Delta W \ge 0` (simplified by :func:`~gametheory.games.conditions.simplify_condition`:
   factors of proved sign removed), with the thresholds of :math:`\Delta W` in the damages, the
   taxes and :math:`\tau_p`; and against *every* configuration, the exact interval of the damage
   :math:`\delta_A` (and :math:`\delta_B`) on which it is optimal (:math:`W(k)` is affine in the
   damages: :func:`~gametheory.analysis.welfare.affine_optimal_set`);
2. the same for the zero-resource economy (:math:`\Delta W \le 0`);
3. over-agglomeration in A: the traditional cluster is an equilibrium but not optimal; against the
   zero-resource economy iff :math:`D_N \ge 0` and :math:`\Delta W < 0`; the damage above which the
   traditional cluster is never optimal (equilibria do not depend on the damages, so above it
   the cluster, wherever it forms, is inefficient);
4. over-agglomeration in B likewise (:math:`D_1 \le 0` and :math:`\Delta W > 0`);
5. the signs of :math:`\partial\Delta W/\partial\theta`, proved on the interior regime's domain
   with :math:`\varepsilon > 0`, or "undecided" (never a sign seen on samples).

Thresholds of :math:`\Delta W` in a damage are exact rationals (:math:`\Delta W` is affine in it);
in another parameter they are bracketed on a certified scan of the model's scanning range, refined
by Brent's method and solved exactly in the regimes that hold at the root (closed forms), as
:mod:`gametheory.analysis.thresholds` does for :math:`D_k`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp

from gametheory.analysis.propositions import Statement
from gametheory.analysis.statics import derivative
from gametheory.games.conditions import Condition, proved_sign, simplify_condition, text
from gametheory.results import PropositionList, Result

__all__ = ["WelfareGap", "welfare_gap", "WelfareThreshold", "welfare_gap_thresholds", "WelfareProposition",
           "WelfarePropositions", "derive_welfare_propositions", "GRID"]

#: Points of the scan that brackets thresholds of the welfare difference.
GRID = 2000
_SIGN = {1: "+", -1: "-", 0: "0", None: "?"}
_SIGN_TEX = {1: "+", -1: "-", 0: "0", None: "?"}
_REL_TEX = {">=": r"\geq", ">": ">", "<=": r"\leq", "<": "<"}


# -------------------------------------------------------------- the formula
@dataclass(frozen=True)
class WelfareGap:
    """``W(i) - W(j)`` symbolically in given Cournot regimes of configurations ``i`` and ``j``, with their atoms."""

    model: object
    N: int
    i: int
    j: int
    expr: sp.Expr
    positive: tuple
    nonnegative: tuple
    regimes: tuple

    @property
    def domain(self) -> tuple[Condition, ...]:
        """Where the formula holds (deduplicated, identities dropped)."""
        from gametheory.analysis.incentives import regimes_domain

        return regimes_domain(self.model, self.N, ((self.i, self.regimes[0]), (self.j, self.regimes[1])))

    @property
    def interior(self) -> bool:
        return self.model.is_interior(self.regimes[0], self.N, self.i) and \
            self.model.is_interior(self.regimes[1], self.N, self.j)

    def describe_regimes(self) -> str:
        if self.interior:
            return self.model.describe_regime(None, self.N, self.i)
        return "; ".join(f"with n_A = {k}: {self.model.describe_regime(r, self.N, k)}"
                         for k, r in ((self.i, self.regimes[0]), (self.j, self.regimes[1])))

    def condition(self, rel: str) -> Condition:
        """``W(i) - W(j) REL 0`` simplified under the regimes' atoms (factored once, cached)."""
        base = _simplified(self)               # the condition for ">=": its factors do not depend on REL
        if base.always is not None:
            value = base.expr
            return Condition(value, rel, bool({">=": value >= 0, ">": value > 0, "<=": value <= 0,
                                                "<": value < 0}[rel]))
        flip = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}
        return Condition(base.expr, rel if base.rel == ">=" else flip[rel])


@lru_cache(maxsize=256)
def _simplified(gap: WelfareGap) -> Condition:
    return simplify_condition(gap.expr, ">=", gap.positive, gap.nonnegative)


@lru_cache(maxsize=1024)
def _welfare_gap(model, N: int, i: int, j: int, regimes: tuple) -> WelfareGap:
    s = model.space.symbols()
    W = []
    positive, nonnegative = (), ()
    for k, r in zip((i, j), regimes):
        from gametheory.models.agglomeration import INTERIOR

        reg = r or INTERIOR
        W.append(model.welfare(sp.Integer(N), sp.Integer(k), s, reg)["W"])
        cfg = model.symbolic(N, k, reg)
        positive += cfg.positive
        nonnegative += cfg.nonnegative
    return WelfareGap(model, N, i, j, sp.expand(W[0] - W[1]), tuple(dict.fromkeys(positive)),
                      tuple(dict.fromkeys(nonnegative)), tuple(regimes))


def welfare_gap(model, N: int, i: int, j: int, regimes: tuple = (None, None)) -> WelfareGap:
    """``W(i) - W(j)`` as a sympy expression in ``regimes`` (``None``: the interior regime)."""
    return _welfare_gap(model, N, i, j, tuple(regimes))


# -------------------------------------------------------------- thresholds
@dataclass(frozen=True, repr=False)
class WelfareThreshold(Result):
    """A root of ``W(i) - W(j)`` in ``parameter`` (others fixed): ``exact`` closed form or None (numeric);
    ``increasing``: the difference goes from negative to positive as the parameter rises."""

    parameter: str
    i: int
    j: int
    value: float
    exact: object
    increasing: bool
    regime: str
    latex_name: str = ""

    _repr_fields = ("parameter", "value", "exact_text")

    @property
    def exact_text(self) -> str | None:
        return None if self.exact is None else sp.sstr(sp.nsimplify(self.exact) if isinstance(self.exact, Fraction)
                                                        else self.exact)

    def latex(self) -> str:
        rhs = sp.latex(sp.sympify(self.exact)) if self.exact is not None else f"{self.value:.10g}"
        return f"{self.latex_name or self.parameter}^* = {rhs}"

    def as_dict(self) -> dict:
        return {"parameter": self.parameter, "pair": [self.i, self.j], "value": self.value,
                "exact": None if self.exact is None else str(self.exact), "latex": self.latex(),
                "difference_increasing": self.increasing, "regime": self.regime}

    def to_text(self) -> str:
        e = self.exact
        e = sp.Rational(e.numerator, e.denominator) if isinstance(e, Fraction) else e
        exact = f"{text(e)} = {self.value:.10g}" if e is not None else f"{self.value:.10g} (numeric)"
        return f"{self.parameter}* = {exact}: W({self.i}) > W({self.j}) {'above' if self.increasing else 'below'} it"


def _gap_float(model, N, params, i, j, parameter, xs) -> np.ndarray:
    from gametheory.analysis.welfare import welfare_arrays

    v = model.space.grid_values(params, {parameter: np.atleast_1d(np.asarray(xs, dtype=float))})
    W = welfare_arrays(model, N, v)["W"]
    return W[i] - W[j]


def welfare_gap_thresholds(game, i: int, j: int, parameter: str) -> list[WelfareThreshold]:
    """Every root of ``W(i) - W(j)`` in ``parameter`` (others at the game's values), ascending.

    For a damage (welfare-only parameter) the difference is affine: its root is an exact rational
    (reported when it lies in the parameter's range, ``>= 0``).  Otherwise: certified scan of the
    model's scanning range on :data:`GRID` points, Brent refinement, and the exact root of the
    difference in the Cournot regimes that hold at it (closed form, or "numeric").
    """
    from scipy.optimize import brentq

    from gametheory.analysis.thresholds import exact_root_near
    from gametheory.analysis.welfare import exact_welfare, is_welfare_only, welfare_arrays

    model, N, params = game.model, game.N, game.params
    space = model.space
    space.check_name(parameter)
    latex = space.latex(parameter)
    lo, hi, _, _ = model.parameter_bounds(parameter, params)
    if is_welfare_only(model, parameter):
        d = [exact_welfare(model, N, i, params.replace(**{parameter: x}))["W"]
             - exact_welfare(model, N, j, params.replace(**{parameter: x}))["W"] for x in (lo, lo + 1)]
        slope = d[1] - d[0]
        if slope == 0:
            return []
        root = lo - d[0] / slope
        if not root > lo:
            return []
        regime = welfare_gap(model, N, i, j, (model.regime_at(N, i, params), model.regime_at(N, j, params)))
        return [WelfareThreshold(parameter, i, j, float(root), root, slope > 0, regime.describe_regimes(), latex)]
    grid = float(lo) + float(hi - lo) * np.linspace(1e-9, 1 - 1e-9, GRID)
    v = space.grid_values(params, {parameter: grid}, certified=True)
    Wb = welfare_arrays(model, N, v, certified=True)["W"]
    D = Wb[i] - Wb[j]
    signs = np.where(D.mid > D.rad, 1, np.where(D.mid < -D.rad, -1, 0))
    nz = np.flatnonzero(signs)
    f = lambda x: float(_gap_float(model, N, params, i, j, parameter, [x])[0])
    out = []
    for a, b in zip(nz[:-1], nz[1:]):
        if signs[a] == signs[b]:
            continue
        xa, xb = grid[a], grid[b]
        x = brentq(f, xa, xb, xtol=1e-13) if f(xa) * f(xb) < 0 else 0.5 * (xa + xb)
        exact, regimes = exact_root_near(game, parameter, x, (i, j), lambda rg: welfare_gap(model, N, i, j, rg).expr,
                                         (xa, xb))
        text = "numeric root: no closed form matches" if exact is None else \
            welfare_gap(model, N, i, j, regimes).describe_regimes()
        value = float(sp.N(exact, 30)) if exact is not None else x
        if exact is not None and exact.is_Rational:
            exact = Fraction(int(exact.p), int(exact.q))
        out.append(WelfareThreshold(parameter, i, j, value, exact, bool(signs[a] < 0), text, latex))
    return out


# ------------------------------------------------------------ propositions
#: A condition in one Cournot regime, with the regime's domain and its compact form (the statements of
#: :mod:`gametheory.analysis.propositions`).
WelfareStatement = Statement


@dataclass(frozen=True)
class WelfareProposition:
    """One derived welfare proposition: claim, exact conditions, thresholds, what holds at the parameters."""

    key: str
    title: str
    claim: str
    claim_latex: str
    general: tuple = ()
    local: tuple = ()
    at_params: dict = field(default_factory=dict)
    thresholds: tuple = ()
    table: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "claim": self.claim, "claim_latex": self.claim_latex,
                "general": [s.as_dict() for s in self.general], "local": [s.as_dict() for s in self.local],
                "at_params": self.at_params, "thresholds": [t.as_dict() for t in self.thresholds],
                "table": {p: ({str(k): {"sign": v, "how": "proved" if v is not None else "undecided"}
                               for k, v in s.items()} if isinstance(s, dict) else
                              {"sign": s, "how": "proved" if s is not None else "undecided"})
                          for p, s in self.table.items()}}


@dataclass(frozen=True, repr=False)
class WelfarePropositions(PropositionList, Result):
    """The derived welfare propositions of a game: text, LaTeX, Markdown and JSON."""

    game: object
    items: tuple

    _repr_fields = ("N", "keys")

    def to_text(self) -> str:
        from gametheory.analysis.render import Seen, legend_text, sign_table_text, statement_text

        L = [f"Welfare propositions for the {self.model.title[0].lower() + self.model.title[1:]}, N = {self.N}",
             "Parameters: " + ", ".join(f"{n}={v}" for n, v in self.params.items()),
             "Notation: W(k) = CS + PS + R - Dmg with k = n_A firms in A; Delta_W = W(N) - W(0); "
             "D_k = Pi_A(k) - Pi_B(k-1)."]
        if any(s.compact is not None and s.compact.kind == "quantities" for p in self.items for s in p.general + p.local):
            L.append("  q_rm(n) = quantity that a firm located in region r sells in market m when n firms are in A "
                     "(Cournot equilibrium of the regime stated).")
        L.append("")
        seen, ths = Seen(), {}
        for n, p in enumerate(self.items, 1):
            L.append(f"Proposition W{n} ({p.title}). {p.claim}")
            defined: dict = {}
            for head, stmts in (("", p.general), ("At the given parameters the interior regime does not hold ", p.local)):
                for s in stmts:
                    first = seen.check(s, f"W{n}", p.key)
                    if first is not None:
                        L.append(f"  {s.label}: the condition of Proposition {first[0]}"
                                 + ("" if first[2] == s.label else f" (there {first[2]})") + ", same regime and formula.")
                        continue
                    L += statement_text(s, f"{s.label} in the {s.regime}" if not head else
                                        f"{head}({s.regime}); there {s.label}", defined)
            L += _thresholds_text(p, ths, f"W{n}")
            if p.table and p.key == "tax_incentives":
                L.append("  sign of dD_k/d(tax) in the interior regime (epsilon > 0):")
                L += sign_table_text(p.table)
            elif p.table:
                cells = [_SIGN[v] for v in p.table.values()]
                L.append("  sign of dDelta_W/d(parameter) (epsilon > 0): "
                         + ", ".join(f"{par} {_SIGN[v]}" for par, v in p.table.items()) + f" ({legend_text(cells)})")
            for line in p.at_params.get("text", []):
                L.append(f"  {line}")
            L.append("")
        return "\n".join(L)

    def to_latex(self) -> str:
        from gametheory.analysis.render import (Seen, legend_tex, sign_table_latex, statement_latex, tex_label)

        names = {self.model.space.symbol(n): self.model.space.latex(n) for n in self.model.space.names}
        L = ["% Generated by gametheory (welfare propositions). Do not edit by hand.",
             "% Needs amsmath and \\newtheorem{proposition}{Proposition} in the preamble (amsthm lets long titles break).",
             r"\noindent\emph{Notation.} $W(k) = CS + PS + R - Dmg$ is welfare with $k = n_A$ firms in region $A$ "
             r"(consumer and producer surplus, tax revenue, damage); $\Delta W = W(N) - W(0)$; "
             r"$D_k = \Pi_A(k) - \Pi_B(k-1)$."]
        if any(s.compact is not None and s.compact.kind == "quantities" for p in self.items for s in p.general + p.local):
            L[-1] += (r" $q_{rm}(n)$ is the quantity that a firm located in region $r$ sells in market $m$ when $n$ "
                      r"firms are in $A$ (the Cournot equilibrium of the regime stated).")
        L.append("")
        seen, ths = Seen(), {}
        for n, p in enumerate(self.items, 1):
            title = p.title.replace("Delta W", r"$\Delta W$")
            L.append(rf"\begin{{proposition}}[{title}]\label{{{_label(p.key)}}}")
            L.append(p.claim_latex)
            defined: dict = {}
            for local, stmts in ((False, p.general), (True, p.local)):
                for s in stmts:
                    first = seen.check(s, f"W{n}", p.key)
                    if first is not None:
                        L.append(f"${tex_label(s.label)}$: the condition of Proposition~\\ref{{{_label(first[1])}}}"
                                 + ("" if first[2] == s.label else f" (there ${tex_label(first[2])}$)")
                                 + ", same regime and formula.")
                        continue
                    intro = (rf"At the given parameters the interior regime does not hold ({s.regime}); there "
                             rf"${tex_label(s.label)}$") if local else rf"In the {s.regime}, ${tex_label(s.label)}$"
                    L += statement_latex(s, intro, names, defined)
            L += _thresholds_latex(p, ths, f"W{n}")
            if p.table and p.key == "tax_incentives":
                L.append(sign_table_latex(p.table, {t: self.model.space.latex(t) for t in p.table},
                                          r"Signs of $\partial D_k/\partial t$ in the interior regime "
                                          r"($\varepsilon > 0$):"))
            elif p.table:
                cells = [_SIGN[v] for v in p.table.values()]
                L.append(r"Signs of $\partial\Delta W/\partial\theta$ on the interior regime's domain with "
                         r"$\varepsilon > 0$: " + ", ".join(
                             f"${self.model.space.latex(par)}$: ${_SIGN_TEX[s]}$" for par, s in p.table.items())
                         + f" ({legend_tex(cells)}).")
            for line in p.at_params.get("latex", []):
                L.append(line)
            L.append(r"\end{proposition}")
            L.append("")
        return "\n".join(L)

    def to_markdown(self) -> str:
        from gametheory.analysis.render import Seen, legend_text, sign_table_markdown, statement_markdown, tex_label

        names = {self.model.space.symbol(n): self.model.space.latex(n) for n in self.model.space.names}
        L = [f"# Welfare propositions, N = {self.N}", "",
             "Parameters: `" + ", ".join(f"{n}={v}" for n, v in self.params.items()) + "`", ""]
        seen, ths = Seen(), {}
        for n, p in enumerate(self.items, 1):
            L += [f"## Proposition W{n}: {p.title}", "", re.sub(r"~?\\ref\{prop:welfare-([^}]*)\}", lambda m: " W" + str(
                self.keys.index(m[1].replace("-", "_")) + 1), p.claim_latex), ""]
            defined: dict = {}
            for local, stmts in ((False, p.general), (True, p.local)):
                for s in stmts:
                    first = seen.check(s, f"W{n}", p.key)
                    if first is not None:
                        L += [f"${tex_label(s.label)}$: the condition of Proposition {first[0]}.", ""]
                        continue
                    intro = f"At the given parameters ({s.regime}), ${tex_label(s.label)}$" if local else \
                        f"In the {s.regime}, ${tex_label(s.label)}$"
                    L += statement_markdown(s, intro, names, defined)
            for line in _thresholds_latex(p, ths, f"W{n}", markdown=True):
                L += [line, ""]
            if p.table and p.key == "tax_incentives":
                L += sign_table_markdown(p.table, {t: self.model.space.latex(t) for t in p.table})
            elif p.table:
                L += ["| parameter | sign of $\\partial\\Delta W/\\partial\\theta$ |", "|---|---|"]
                L += [f"| ${self.model.space.latex(par)}$ | {_SIGN[s]} |" for par, s in p.table.items()]
                L += ["", legend_text(_SIGN[v] for v in p.table.values()) + ".", ""]
            L += [line for line in p.at_params.get("latex", [])] + [""]
        return "\n".join(L)


def _label(key: str) -> str:
    return "prop:welfare-" + key.replace("_", "-")


def _threshold_key(th) -> tuple:
    return th.parameter, th.i, th.j, str(th.exact) if th.exact is not None else repr(th.value)


def _thresholds_text(p, seen: dict, name: str) -> list[str]:
    """Threshold lines; a threshold stated by an earlier proposition is referred to by its name only."""
    new = [th for th in p.thresholds if _threshold_key(th) not in seen]
    old = [th for th in p.thresholds if _threshold_key(th) in seen]
    out = [f"  threshold {th.to_text()}" for th in new]
    if old:
        where = sorted({seen[_threshold_key(th)] for th in old})
        names = ", ".join(th.parameter + "*" for th in old)
        out.append(f"  threshold{'s' if len(old) > 1 else ''} {names}: as in Proposition "
                   f"{' and '.join(where)}")
    for th in new:
        seen[_threshold_key(th)] = name
    return out


def _thresholds_latex(p, seen: dict, name: str, markdown: bool = False) -> list[str]:
    """Thresholds in LaTeX (Markdown math); those of an earlier proposition referred to (``seen``: key -> (key, name))."""
    new = [th for th in p.thresholds if _threshold_key(th) not in seen]
    old = [th for th in p.thresholds if _threshold_key(th) in seen]
    out = []
    if new:
        out.append("Thresholds, other parameters as given: " + "; ".join(
            f"${th.latex()} \\approx {th.value:.6g}$ ($W({th.i}) > W({th.j})$ "
            f"{'above' if th.increasing else 'below'} it)" for th in new) + ".")
    if old:
        where = sorted({seen[_threshold_key(th)] for th in old})
        refs = " and ".join(f"Proposition {w}" if markdown else f"Proposition~\\ref{{{_label(k)}}}" for k, w in where)
        out.append(("Thresholds " if len(old) > 1 else "Threshold ") + ", ".join(
            f"${th.latex_name or th.parameter}^*$" for th in old) + f": as in {refs}.")
    for th in new:
        seen[_threshold_key(th)] = (p.key, name)
    return out


def _interval_text(iv, name) -> str:
    lo, hi = iv
    if hi is None:
        return f"{name} >= {lo}"
    if lo == hi:
        return f"{name} = {lo}"
    return f"{lo} <= {name} <= {hi}"


def _interval_tex(iv, tex) -> str:
    lo, hi = iv
    f = lambda x: sp.latex(sp.Rational(x.numerator, x.denominator))
    if hi is None:
        return f"${tex} \\geq {f(lo)}$"
    if lo == hi:
        return f"${tex} = {f(lo)}$"
    return f"${f(lo)} \\leq {tex} \\leq {f(hi)}$"


def _gap_statement(gap, rel, label) -> Statement:
    from gametheory.analysis.compact import compact_welfare_gap

    cond = gap.condition(rel)
    return Statement(label, cond, gap.domain, gap.describe_regimes(), compact_welfare_gap(gap, rel, cond))


def _statements(game, i, j, rel, label) -> tuple[tuple, tuple]:
    model, N, params = game.model, game.N, game.params
    gap = welfare_gap(model, N, i, j)
    general = (_gap_statement(gap, rel, label),)
    local = ()
    subs = params.subs()
    if not all(c.holds_at(subs) for c in gap.domain):
        lg = welfare_gap(model, N, i, j, (model.regime_at(N, i, params), model.regime_at(N, j, params)))
        local = (_gap_statement(lg, rel, label),)
    return general, local


def _incentive_statement(inc, rel, label) -> Statement:
    from gametheory.analysis.compact import compact_incentive

    cond = inc.condition(rel)
    return Statement(label, cond, inc.domain, inc.describe_regimes(), compact_incentive(inc, rel, cond))


def derive_welfare_propositions(game, *, threshold_parameters=None) -> WelfarePropositions:
    """Derive the welfare propositions of ``game`` (a model with welfare, N firms, exact parameters).

    ``threshold_parameters`` defaults to the model's ``welfare_threshold_parameters`` (the damages, the
    taxes and :math:`\\tau_p` for the environment model).
    """
    from gametheory.analysis.incentives import incentive
    from gametheory.analysis.render import set_text
    from gametheory.analysis.welfare import affine_optimal_set, is_welfare_only, welfare_table

    model, N = game.model, game.N
    space = model.space
    tps = tuple(threshold_parameters if threshold_parameters is not None else
                getattr(model, "welfare_threshold_parameters", ()))
    for p in tps:
        space.check_name(p)
    wt = welfare_table(game)
    wA, wB = model.pattern_words["all_A"], model.pattern_words["all_B"]
    dW = wt.W(N) - wt.W(0)
    eq, opt = set(wt.equilibria), set(wt.optimum)
    ths = tuple(t for p in tps for t in welfare_gap_thresholds(game, N, 0, p))
    damages = [p for p in ("delta_A", "delta_B") if is_welfare_only(model, p)]
    optimal_sets = {k: {p: affine_optimal_set(game, k, p) for p in damages} for k in (N, 0)}

    def opt_lines(k, word):
        text, tex = [], []
        for p, ivs in optimal_sets[k].items():
            if ivs:
                text.append(f"Against every configuration, the {word} is optimal (other parameters as given) iff "
                            + " or ".join(_interval_text(iv, p) for iv in ivs) + ".")
                tex.append(f"Against every configuration (other parameters as given) the {word} is optimal iff "
                           + " or ".join(_interval_tex(iv, space.latex(p)) for iv in ivs) + ".")
            else:
                text.append(f"Against every configuration, the {word} is not optimal for any {p} >= 0 (other "
                            "parameters as given).")
                tex.append(f"Against every configuration the {word} is not optimal for any ${space.latex(p)} "
                           r"\geq 0$ (other parameters as given).")
        return text, tex

    at_common = {"W_N": str(wt.W(N)), "W_0": str(wt.W(0)), "Delta_W": str(dW), "Delta_W_float": float(dW),
                 "optimum": list(wt.optimum), "equilibria": list(wt.equilibria)}
    items = []
    for key, k, rel, word, other in (("traditional_optimal", N, ">=", wA, wB), ("zero_resource_optimal", 0, "<=", wB,
                                                                                   wA)):
        general, local = _statements(game, N, 0, rel, f"Delta_W {rel} 0")
        better = dW >= 0 if k == N else dW <= 0
        ot, otex = opt_lines(k, word)
        text = [f"At the given parameters: W({N}) = {float(wt.W(N)):.6g}, W(0) = {float(wt.W(0)):.6g}, "
                f"Delta_W = {dW} ({float(dW):.6g}): the {word} is {'' if better else 'NOT '}socially better than the "
                f"{other}; the optimum is n_A in {set_text(sorted(opt))} ({'it includes' if k in opt else 'it excludes'} "
                f"n_A = {k})."] + ot
        tex = [f"At the given parameters $\\Delta W = {sp.latex(sp.Rational(dW.numerator, dW.denominator))}$: the "
               f"{word} {'is' if better else 'is not'} socially better than the {other}; the optimum is "
               f"$n_A \\in \\{{{', '.join(map(str, sorted(opt)))}\\}}$."] + otex
        claim = (f"The {word} (n_A = {k}) is socially better than the {other} (n_A = {N - k}) iff "
                 f"Delta_W = W({N}) - W(0) {rel} 0.")
        claim_tex = (f"The {word} ($n_A = {k}$) is socially better than the {other} ($n_A = {N - k}$) iff "
                     f"$\\Delta W = W({N}) - W(0) {_REL_TEX[rel]} 0$.")
        items.append(WelfareProposition(key, f"When the {word} is better", claim, claim_tex, general, local,
                                        {**at_common, "better": better, "optimal_sets": {
                                            p: [[str(a), None if b is None else str(b)] for a, b in ivs]
                                            for p, ivs in optimal_sets[k].items()}, "text": text, "latex": tex},
                                        ths))
    for key, k, rel_eq, d_k, rel_w, word, region, other in (
            ("over_agglomeration_A", N, ">=", N, "<", wA, "A", wB), ("over_agglomeration_B", 0, "<=", 1, ">", wB, "B",
                                                                      wA)):
        inc = incentive(model, N, d_k)
        eq_general = _incentive_statement(inc, rel_eq, f"D_{d_k} {rel_eq} 0")
        general, local = _statements(game, N, 0, rel_w, f"Delta_W {rel_w} 0")
        holds = k in eq and k not in opt
        damage = f"delta_{region}"
        text = [f"At the given parameters: D_{d_k} = {game.gap(d_k)} ({float(game.gap(d_k)):.6g}), Delta_W = "
                f"{float(dW):.6g}, optimum n_A in {set_text(sorted(opt))}: over-agglomeration in {region} "
                f"{'HOLDS' if holds else 'does not hold'}."]
        tex = [f"At the given parameters the equilibria are $n_A \\in \\{{{', '.join(map(str, sorted(eq)))}\\}}$ and "
               f"the optimum is $n_A \\in \\{{{', '.join(map(str, sorted(opt)))}\\}}$: over-agglomeration in ${region}$ "
               f"{'holds' if holds else 'does not hold'}."]
        at = {"holds": holds, f"D_{d_k}": str(game.gap(d_k)), "Delta_W": str(dW)}
        if damage in optimal_sets[k]:
            ivs = optimal_sets[k][damage]
            bounded = [iv for iv in ivs if iv[1] is not None]
            if not ivs:
                text.append(f"The {word} is not optimal for any {damage} >= 0: wherever it is an equilibrium, there is "
                            f"over-agglomeration in {region} (the equilibria do not depend on {damage}).")
                tex.append(f"The {word} is not optimal for any ${space.latex(damage)} \\geq 0$: wherever it is an "
                           f"equilibrium there is over-agglomeration in ${region}$ (equilibria do not depend on "
                           f"${space.latex(damage)}$).")
                at["damage_threshold"] = "0"
            elif len(bounded) == len(ivs):
                top = ivs[-1][1]
                text.append(f"Above {damage}* = {top} ({float(top):.6g}) the {word} is never optimal: wherever it is "
                            f"an equilibrium (equilibria do not depend on {damage}) there is over-agglomeration in "
                            f"{region}.")
                tex.append(f"Above ${space.latex(damage)}^* = {sp.latex(sp.Rational(top.numerator, top.denominator))}"
                           f" \\approx {float(top):.6g}$ the {word} is never optimal: wherever it is an equilibrium "
                           f"(equilibria do not depend on ${space.latex(damage)}$) there is over-agglomeration in "
                           f"${region}$.")
                at["damage_threshold"] = str(top)
        claim = (f"Over-agglomeration in {region}: the {word} (n_A = {k}) is a Nash equilibrium but not socially "
                 f"optimal. Against the {other} it is iff D_{d_k} {rel_eq} 0 and Delta_W {rel_w} 0 (both below).")
        claim_tex = (f"Over-agglomeration in ${region}$: the {word} ($n_A = {k}$) is a Nash equilibrium but not "
                     f"socially optimal. Against the {other} this holds iff $D_{{{d_k}}} {_REL_TEX[rel_eq]} 0$ and "
                     f"$\\Delta W {_REL_TEX[rel_w]} 0$ (below); a sufficient condition against every configuration "
                     f"is stated with the damages.")
        items.append(WelfareProposition(key, f"Over-agglomeration in {region}", claim, claim_tex,
                                        (eq_general,) + general, local, {**at, "text": text, "latex": tex},
                                        tuple(t for t in ths if t.parameter == damage)))
    items.append(_statics(game, tps))
    if {"t_A", "t_B", "epsilon"} <= set(space.names):
        items.append(_tax_incentives(game))
    return WelfarePropositions(game, tuple(items))


def _positive_epsilon(space):
    """Substitution making ``epsilon`` a positive symbol (signs proved for epsilon > 0)."""
    if "epsilon" not in space.names:
        return {}
    return {space.symbol("epsilon"): sp.Symbol("epsilon", positive=True)}


def _tax_incentives(game) -> WelfareProposition:
    """Signs of dD_k/dt_A and dD_k/dt_B, k = 1..N, in the interior regime for epsilon > 0 (proved or undecided)."""
    table = _tax_table(game.model, game.N)
    claim = ("Emission taxes and the location incentives: in the interior regime, for epsilon > 0, the signs of "
             "dD_k/dt_A and dD_k/dt_B (k = 1..N) are as listed (- : the tax lowers the gain of a firm in A over "
             "moving to B). Every sign shown is proved on the regime's domain (or marked undecided). Where the signs are "
             "constant, each equilibrium condition D_k >= 0, D_(k+1) <= 0 cuts a tax at one point, so the taxes "
             "implementing a configuration form an interval in each tax (others fixed).")
    claim_tex = (r"In the interior regime, for $\varepsilon > 0$, the signs of $\partial D_k/\partial t_A$ and "
                 r"$\partial D_k/\partial t_B$ ($k = 1, \dots, N$) are as listed; every sign shown is proved on the "
                 r"regime's domain (or marked undecided). A tax on emissions in $A$ lowers the gain of locating in $A$.")
    return WelfareProposition("tax_incentives", "Emission taxes and location incentives", claim, claim_tex,
                              table=table)


@lru_cache(maxsize=64)
def _tax_table(model, N: int) -> dict:
    """The signs do not depend on the parameter point (proved over the regime): computed once per (model, N)."""
    from gametheory.analysis.incentives import incentive

    space = model.space
    sub = _positive_epsilon(space)
    table = {}
    for p in ("t_A", "t_B"):
        row = {}
        for k in range(1, N + 1):
            inc = incentive(model, N, k)
            d = derivative(model, inc.expr, p).xreplace(sub)
            row[k] = proved_sign(d, [sp.sympify(a).xreplace(sub) for a in inc.positive],
                                 [sp.sympify(a).xreplace(sub) for a in inc.nonnegative])
        table[p] = row
    return table


def _statics(game, tps) -> WelfareProposition:
    model, N = game.model, game.N
    pars = tuple(p for p in getattr(model, "welfare_statics_parameters", tps) if p in model.space.all_names)
    table = _statics_table(model, N, pars)
    claim = ("Signs of the comparative statics of Delta_W = W(N) - W(0) in the interior regime (every firm serves "
             "both markets), for epsilon > 0: + means a higher value favours the traditional cluster socially. Every "
             "sign shown is proved on the regime's domain (or marked undecided).")
    claim_tex = (r"In the interior regime, for $\varepsilon > 0$, the signs of $\partial\Delta W/\partial\theta$ are "
                 r"as stated ($+$: a higher value favours the traditional cluster socially); every sign is proved on "
                 r"the regime's domain (or marked undecided).")
    return WelfareProposition("welfare_statics", "Comparative statics of Delta W", claim, claim_tex, table=table)


@lru_cache(maxsize=64)
def _statics_table(model, N: int, pars: tuple) -> dict:
    """Signs of dDelta_W/d(parameter) on the interior regime (independent of the parameter point)."""
    gap = welfare_gap(model, N, N, 0)
    space = model.space
    sub = _positive_epsilon(space)
    positive = tuple(sp.sympify(a).xreplace(sub) for a in gap.positive)
    nonnegative = tuple(sp.sympify(a).xreplace(sub) for a in gap.nonnegative)
    table = {}
    for p in pars:
        d = derivative(model, gap.expr, p).xreplace(sub)
        table[p] = proved_sign(d, positive, nonnegative)
    return table
