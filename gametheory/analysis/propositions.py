r"""Propositions derived by the toolkit (never typed in): when is each location pattern an equilibrium?

Notation (MODEL.md).  :math:`\Pi_A(k)`, :math:`\Pi_B(k)` are the payoffs of a firm
in A, in B when :math:`k` firms are in A, and

.. math:: D_k = \Pi_A(k) - \Pi_B(k-1), \qquad k = 1, \dots, N,

is the gain of a firm in A (with :math:`k-1` others in A) over moving to B.
:math:`n_A = k` is a Nash equilibrium iff :math:`(k = 0 \text{ or } D_k \ge 0)` and
:math:`(k = N \text{ or } D_{k+1} \le 0)`.  Hence

* traditional resource cluster :math:`n_A = N` iff :math:`D_N \ge 0`;
* zero-resource economy :math:`n_A = 0` iff :math:`D_1 \le 0`;
* split :math:`0 < k < N` iff :math:`D_k \ge 0 \ge D_{k+1}`;
* coordination (both agglomerated patterns) iff :math:`D_N \ge 0 \ge D_1`.

Each :math:`D_k` is built symbolically (:mod:`gametheory.models.agglomeration_symbolic`)
in the *interior* Cournot regime (every firm serves both markets; its domain is
stated with every condition) and, when the given parameters lie outside it, in the
regime that holds there.  Conditions are simplified by
:func:`~gametheory.games.conditions.simplify_condition` (positive factors such as
:math:`b` removed, signs proved from the regime's positive atoms).  Thresholds come
from :mod:`gametheory.analysis.thresholds`; comparative statics are the signs of
:math:`\partial D_k/\partial\theta`, *proved* from the regime's atoms where
possible and otherwise *checked* on a seeded random sample of the regime's domain
(reported as checked, not proved).  For :math:`N = 2` the game is also built as a
symbolic 2x2 game (:class:`~gametheory.games.symbolic.SymbolicGame`), whose pure
equilibrium conditions and closed-form mixed equilibrium
:math:`p^* = D_1/(D_1 - D_2)` are derived by the generic core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp

from gametheory.analysis.regimes import classify
from gametheory.analysis.thresholds import Threshold, incentive_thresholds
from gametheory.games.conditions import Condition, proved_sign, simplify_condition
from gametheory.models.agglomeration import AgglomerationGame
from gametheory.models.agglomeration_symbolic import INTERIOR, Regime, configuration, exact_value, regime_at
from gametheory.params import PARAMS, Params, latex_name, symbol

__all__ = ["Proposition", "Propositions", "derive_propositions", "incentive", "THRESHOLD_PARAMETERS",
           "STATICS_PARAMETERS"]

THRESHOLD_PARAMETERS = ("tau_p", "tau_r", "e", "Delta_gamma")
STATICS_PARAMETERS = ("tau_r", "tau_p", "e", "Delta_gamma", "a_A", "a_B")


@dataclass(frozen=True)
class Incentive:
    """``D_k`` in given regimes of configurations ``k`` and ``k-1``, with the regimes' atoms."""

    N: int
    k: object
    expr: sp.Expr
    positive: tuple
    nonnegative: tuple
    regimes: tuple[Regime, Regime]

    @property
    def domain(self) -> tuple[Condition, ...]:
        """Where the formula holds (deduplicated)."""
        out = []
        for c in configuration(self.N, self.k, self.regimes[0]).domain + \
                configuration(self.N, self.k - 1, self.regimes[1]).domain:
            if c not in out and c.always is not True:
                out.append(c)
        return tuple(out)

    def condition(self, rel: str) -> Condition:
        """``D_k REL 0`` simplified under the regime's atoms."""
        return simplify_condition(self.expr, rel, self.positive, self.nonnegative)

    def describe_regimes(self) -> str:
        """Words for the two regimes."""
        a, b = self.regimes
        if a.is_interior(self.N, self.k) and b.is_interior(self.N, self.k - 1):
            return "interior Cournot regime (every firm serves both markets)"
        return f"with k={self.k} in A: {a.describe()}; with k-1={self.k - 1} in A: {b.describe()}"


@lru_cache(maxsize=4096)
def incentive(N: int, k, regimes: tuple[Regime, Regime] = (INTERIOR, INTERIOR)) -> Incentive:
    """``D_k = Pi_A(k) - Pi_B(k-1)`` symbolically (``k`` an int in 1..N or a symbol)."""
    cA, cB = configuration(N, k, regimes[0]), configuration(N, k - 1, regimes[1])
    expr = sp.expand(cA.pi["A"] - cB.pi["B"])
    return Incentive(N, k, expr, tuple(dict.fromkeys(cA.positive + cB.positive)),
                     tuple(dict.fromkeys(cA.nonnegative + cB.nonnegative)), regimes)


def _local(N: int, k: int, game: AgglomerationGame) -> Incentive:
    return incentive(N, k, (regime_at(game, k), regime_at(game, k - 1)))


@dataclass(frozen=True)
class Statement:
    """A condition ``D_k REL 0`` in one regime, with its domain."""

    label: str
    condition: Condition
    domain: tuple[Condition, ...]
    regime: str

    def as_dict(self) -> dict:
        return {"label": self.label, "condition": self.condition.text(), "latex": self.condition.latex(),
                "regime": self.regime, "domain": [d.text() for d in self.domain],
                "domain_latex": [d.latex() for d in self.domain]}


@dataclass(frozen=True)
class Proposition:
    """One derived proposition: a claim, its exact conditions, and what holds at the given parameters."""

    key: str
    title: str
    claim: str
    claim_latex: str
    general: tuple[Statement, ...] = ()
    local: tuple[Statement, ...] = ()
    at_params: dict = field(default_factory=dict)
    thresholds: tuple[Threshold, ...] = ()
    table: dict = field(default_factory=dict)
    formulas: tuple[dict, ...] = ()

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "claim": self.claim, "claim_latex": self.claim_latex,
                "general": [s.as_dict() for s in self.general], "local": [s.as_dict() for s in self.local],
                "at_params": self.at_params, "thresholds": [t.as_dict() for t in self.thresholds],
                "table": self.table, "formulas": list(self.formulas)}


def _statement(inc: Incentive, rel: str, label: str) -> Statement:
    return Statement(label, inc.condition(rel), inc.domain, inc.describe_regimes())


def _holds(values_ok: bool) -> str:
    return "holds" if values_ok else "fails"


def _pattern(key: str, title: str, N: int, k_req: list[tuple[int, str]], game: AgglomerationGame,
             params: Params, claim: tuple[str, str], threshold_parameters) -> Proposition:
    """A proposition for a pattern whose conditions are ``D_k REL 0`` for (k, REL) in ``k_req``."""
    general, local, at = [], [], {}
    subs = params.subs()
    for k, rel in k_req:
        label = f"D_{k} {rel} 0"
        inc = incentive(N, k)
        general.append(_statement(inc, rel, label))
        loc = _local(N, k, game)
        interior_ok = all(c.holds_at(subs) for c in inc.domain)
        if not interior_ok:
            local.append(_statement(loc, rel, label))
        D = exact_value(loc.expr, params)
        at[f"D_{k}"] = str(D)
        at[f"D_{k}_float"] = float(D)
        at[f"D_{k}_interior_formula_applies"] = interior_ok
    pure = game.pure_equilibria()
    at["equilibrium"] = any(_is_pattern(k, key, N) for k in pure)
    from gametheory.models.agglomeration import parameter_range

    ths = []
    for par in threshold_parameters:
        found = [t for k, _ in k_req for t in incentive_thresholds(N, k, params, par, sensitivities=True)]
        if not found:
            lo, hi = parameter_range(par, params)
            at.setdefault("no_threshold", {})[par] = [str(lo), str(hi)]
        ths.extend(found)
    return Proposition(key, title, claim[0], claim[1], tuple(general), tuple(local), at, tuple(ths))


def _is_pattern(k: int, key: str, N: int) -> bool:
    return {"traditional": k == N, "zero_resource": k == 0, "split": 0 < k < N}[key]


def _formula(name_tex: str, name_text: str, expr) -> dict:
    return {"name": name_text, "latex": f"{name_tex} = {sp.latex(expr)}", "text": f"{name_text} = {sp.sstr(expr)}"}


def _split_proposition(N: int, game: AgglomerationGame, params: Params) -> Proposition:
    kk = sp.Symbol("k", integer=True, positive=True)
    inc = incentive(N, kk)
    cfg_k, cfg_k1 = configuration(N, kk), configuration(N, kk - 1)
    pure = game.pure_equilibria()
    splits = [k for k in pure if 0 < k < N]
    A, B = game.payoff_table()
    D = {k: A[k] - B[k - 1] for k in range(1, N + 1)}
    claim = (f"With N = {N} firms, a split n_A = k (0 < k < N) is a Nash equilibrium iff D_k >= 0 >= D_(k+1): "
             f"firms in A would not gain by moving to B, and firms in B would not gain by moving to A. In the "
             f"interior Cournot regime D_k = b (q_AA(k)^2 + q_AB(k)^2) - b (q_BA(k-1)^2 + q_BB(k-1)^2) - F_A + F_B, "
             f"where q_rm(k) is the output of a firm in r sold in market m with k firms in A:")
    claim_tex = (f"With $N = {N}$ firms, a split $n_A = k$ ($0 < k < N$) is a Nash equilibrium iff "
                 r"$D_k \geq 0 \geq D_{k+1}$: firms in $A$ would not gain by moving to $B$, and firms in $B$ would "
                 r"not gain by moving to $A$. In the interior Cournot regime, with $q_{rm}(k)$ the output of a firm "
                 r"in $r$ sold in market $m$ when $k$ firms are in $A$,")
    formulas = [{"name": "D_k", "latex": r"D_k = b\left(q_{AA}(k)^2 + q_{AB}(k)^2\right) - "
                 r"b\left(q_{BA}(k-1)^2 + q_{BB}(k-1)^2\right) - F_A + F_B",
                 "text": "D_k = b*(q_AA(k)**2 + q_AB(k)**2) - b*(q_BA(k-1)**2 + q_BB(k-1)**2) - F_A + F_B"}]
    for (r, m), cfg, arg in ((("A", "A"), cfg_k, "k"), (("A", "B"), cfg_k, "k"),
                             (("B", "A"), cfg_k1, "k-1"), (("B", "B"), cfg_k1, "k-1")):
        num, den = sp.fraction(sp.together(cfg.quantities[(r, m)]))
        formulas.append(_formula(f"q_{{{r}{m}}}({arg})", f"q_{r}{m}({arg})", sp.collect(sp.expand(num), kk) / den))
    general = [Statement("D_k", Condition(inc.expr, ">="), inc.domain, "interior Cournot regime, 0 < k < N")]
    at = {"split_equilibria": splits, "D": {str(k): str(v) for k, v in D.items()}}
    return Proposition("split", "Split configurations", claim, claim_tex, tuple(general), (), at,
                       formulas=tuple(formulas))


def _mixed_proposition(N: int, game: AgglomerationGame) -> Proposition:
    from gametheory.games.anonymous import ContinuumOfEquilibria

    try:
        mixed = game.mixed_equilibria()
    except ContinuumOfEquilibria:  # every firm indifferent: every p is an equilibrium
        mixed = []
    rows = [{"p": m.p, "stable": m.stable, "exact": None if m.exact is None or not getattr(m.exact, "is_Rational", False)
             else str(m.exact)} for m in mixed]
    if N == 2:
        from gametheory.models.agglomeration_symbolic import two_firm_game

        sol = two_firm_game().mixed_2x2()
        D1, D2 = sp.symbols("D_1 D_2")
        claim = ("With N = 2, the 2x2 location game has a completely mixed equilibrium where each firm locates in A "
                 "with probability p* = D_1 / (D_1 - D_2), which exists iff D_1 and D_2 are nonzero and of "
                 "opposite signs, i.e. 0 < p* < 1; it is stable under the replicator dynamics iff D_1 > 0 > D_2.")
        claim_tex = (r"With $N = 2$, the $2\times 2$ location game has a completely mixed equilibrium in which each "
                     r"firm locates in $A$ with probability $p^* = D_1/(D_1 - D_2)$; it exists iff $D_1$ and $D_2$ "
                     r"are nonzero and of opposite signs ($0 < p^* < 1$), and it is stable under the replicator "
                     r"dynamics iff $D_1 > 0 > D_2$.")
        at = {"mixed_equilibria": rows, "p_closed_form_matches": None}
        if mixed and len(mixed) == 1:
            x = sol.at(game.params.subs())
            at["p_closed_form"] = None if x is None else str(x[0])
            at["p_closed_form_matches"] = x is not None and abs(float(x[0]) - mixed[0].p) < 1e-12
        return Proposition("mixed", "The mixed equilibrium (N = 2)", claim, claim_tex, (), (), at,
                           formulas=(_formula("p^*", "p*", D1 / (D1 - D2)),))
    claim = (f"With N = {N}, a symmetric mixed equilibrium p (each firm in A with probability p) solves "
             f"E[Pi_A - Pi_B] = sum_m C(N-1, m) p^m (1-p)^(N-1-m) D_(m+1) = 0; it is stable when the "
             f"expected gain crosses zero from above.")
    formula = {"name": "G(p)", "latex": r"G(p) = \sum_{m=0}^{N-1}\binom{N-1}{m}p^m(1-p)^{N-1-m}D_{m+1} = 0",
               "text": "G(p) = sum_m C(N-1,m) p^m (1-p)^(N-1-m) D_(m+1) = 0"}
    claim_tex = (f"With $N = {N}$, a symmetric mixed equilibrium $p$ (each firm in $A$ with probability $p$) is a "
                 r"root in $(0, 1)$ of the expected gain $G(p) = E[\Pi_A - \Pi_B]$ below; it is stable when $G$ "
                 r"crosses zero from above.")
    return Proposition("mixed", "Symmetric mixed equilibria", claim, claim_tex, (), (), {"mixed_equilibria": rows},
                       formulas=(formula,))


def _derivative(expr: sp.Expr, par: str) -> sp.Expr:
    """``d expr / d par``; ``Delta_gamma`` moves gamma_B with gamma_A fixed."""
    return sp.diff(expr, symbol("gamma_B" if par == "Delta_gamma" else par))


def _sample_signs(N: int, k: int, inc: Incentive, par: str, params: Params, draws: int,
                  seed: int) -> tuple[list[int], int]:
    """Signs of dD_k/dpar at seeded random points of the interior regime's domain (checked, not proved)."""
    names = list(PARAMS)
    syms = [symbol(n) for n in names]
    dexpr = _derivative(inc.expr, par)
    f = sp.lambdify(syms, dexpr, "numpy")
    atoms = sp.lambdify(syms, list(inc.positive) + list(inc.nonnegative), "numpy")
    from gametheory.analysis.sampling import box_sample, in_regime

    pts = box_sample(params, draws, seed)
    vals = [pts[n] for n in names]
    ok = in_regime(pts, atoms)
    d = np.broadcast_to(np.asarray(f(*vals), dtype=float), ok.shape)[ok]
    return sorted({int(s) for s in np.sign(d[np.abs(d) > 1e-12])}), int(ok.sum())


def _statics_proposition(N: int, params: Params, draws: int, seed: int) -> Proposition:
    table: dict = {}
    for par in STATICS_PARAMETERS:
        per_k = {}
        for k in range(1, N + 1):
            inc = incentive(N, k)
            s = proved_sign(_derivative(inc.expr, par), inc.positive, inc.nonnegative)
            if s is not None:
                per_k[str(k)] = {"sign": s, "how": "proved"}
            else:
                signs, n_in = _sample_signs(N, k, inc, par, params, draws, seed)
                per_k[str(k)] = {"sign": signs[0] if len(signs) == 1 else None, "how": "checked",
                                 "signs_seen": signs, "points_in_regime": n_in, "draws": draws, "seed": seed}
        table[par] = per_k
    claim = ("Signs of the comparative statics of the incentive D_k = Pi_A(k) - Pi_B(k-1) in the interior Cournot "
             "regime: + means a higher parameter value favours locating in A. 'proved' signs follow from the "
             "regime's positive quantities; 'checked' signs were observed on a seeded random sample of the "
             "regime's domain and are not proofs; a sign of None means both signs occur.")
    claim_tex = (r"In the interior Cournot regime the signs of $\partial D_k/\partial\theta$ are as in the table "
                 r"($+$: a higher value favours locating in $A$). Unmarked signs are proved from the regime's "
                 r"positive quantities; signs marked $\dagger$ were observed on a seeded random sample of the "
                 r"regime's domain and are not proofs; $\pm$: both signs occur.")
    return Proposition("comparative_statics", "Comparative statics of D_k", claim, claim_tex, table=table)


def _regimes_proposition(N: int, game: AgglomerationGame) -> Proposition:
    incN, inc1 = incentive(N, N), incentive(N, 1)
    pure = game.pure_equilibria()
    claim = ("Both agglomerated patterns are equilibria (a coordination game between the traditional cluster and "
             "the zero-resource economy) iff D_N >= 0 >= D_1; the traditional cluster is the unique pure "
             "equilibrium iff D_k > 0 for every k, the zero-resource economy iff D_k < 0 for every k.")
    claim_tex = (r"Both agglomerated patterns are equilibria (a coordination game between the traditional cluster and "
                 r"the zero-resource economy) iff $D_N \geq 0 \geq D_1$; the traditional cluster is the unique pure "
                 r"equilibrium iff $D_k > 0$ for every $k$, the zero-resource economy iff $D_k < 0$ for every $k$.")
    general = (_statement(incN, ">=", f"D_{N} >= 0"), _statement(inc1, "<=", "D_1 <= 0"))
    at = {"pure_equilibria": pure, "regime": classify(pure, N), "strict_equilibria": game.strict_equilibria()}
    return Proposition("regimes", "Coordination and uniqueness", claim, claim_tex, general, (), at)


@dataclass(frozen=True)
class Propositions:
    """The derived propositions for ``N`` firms at ``params``, printable as text, LaTeX, Markdown and JSON."""

    N: int
    params: Params
    items: tuple[Proposition, ...]

    def __getitem__(self, key: str) -> Proposition:
        for p in self.items:
            if p.key == key:
                return p
        raise KeyError(key)

    def to_json(self) -> str:
        """A JSON document (``N``, ``params`` as exact strings, ``propositions``)."""
        return json.dumps({"N": self.N, "params": {n: str(v) for n, v in self.params.items()},
                           "propositions": [p.as_dict() for p in self.items]}, indent=2)

    def to_text(self) -> str:
        """A plain-text report."""
        from gametheory.analysis.render import propositions_text

        return propositions_text(self)

    def to_latex(self) -> str:
        """A ``.tex`` fragment of numbered propositions (needs ``\\newtheorem{proposition}``)."""
        from gametheory.analysis.render import propositions_latex

        return propositions_latex(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def to_markdown(self) -> str:
        """Markdown with LaTeX math (``$...$``)."""
        from gametheory.analysis.render import propositions_markdown

        return propositions_markdown(self)


def derive_propositions(N: int = 2, params: Params | None = None, *, threshold_parameters=THRESHOLD_PARAMETERS,
                        draws: int = 400, seed: int = 0) -> Propositions:
    """Derive every proposition for the N-firm game at ``params`` (defaults of MODEL.md).

    ``draws`` and ``seed`` set the random sample that checks comparative-statics
    signs which cannot be proved.
    """
    params = params or Params.defaults()
    game = AgglomerationGame(N, params)
    items = [
        _pattern("traditional", "Traditional resource cluster", N, [(N, ">=")], game, params,
                 (f"The traditional resource cluster (all N = {N} firms process in the resource region A) is a "
                  f"Nash equilibrium iff D_{N} = Pi_A({N}) - Pi_B({N - 1}) >= 0.",
                  f"The traditional resource cluster (all $N = {N}$ firms process in the resource region $A$) is a "
                  f"Nash equilibrium iff $D_{{{N}}} = \\Pi_A({N}) - \\Pi_B({N - 1}) \\geq 0$."),
                 threshold_parameters),
        _pattern("zero_resource", "Zero-resource economy", N, [(1, "<=")], game, params,
                 (f"The zero-resource economy (all N = {N} firms process in region B) is a Nash equilibrium iff "
                  f"D_1 = Pi_A(1) - Pi_B(0) <= 0.",
                  f"The zero-resource economy (all $N = {N}$ firms process in region $B$) is a Nash equilibrium "
                  f"iff $D_1 = \\Pi_A(1) - \\Pi_B(0) \\leq 0$."), threshold_parameters),
        _split_proposition(N, game, params),
        _regimes_proposition(N, game),
        _mixed_proposition(N, game),
        _statics_proposition(N, params, draws, seed),
    ]
    return Propositions(N, params, tuple(items))
