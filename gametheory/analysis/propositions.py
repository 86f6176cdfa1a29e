r"""Propositions derived by the toolkit (never typed in): when is each location pattern an equilibrium?

For any location model (:mod:`gametheory.models.base`), with :math:`\Pi_A(k)`, :math:`\Pi_B(k)`
the payoffs of a firm in A, in B when :math:`k` firms are in A, and

.. math:: D_k = \Pi_A(k) - \Pi_B(k-1), \qquad k = 1, \dots, N,

the gain of a firm in A (with :math:`k-1` others there) over moving to B,
:math:`n_A = k` is a Nash equilibrium iff :math:`(k = 0 \text{ or } D_k \ge 0)` and
:math:`(k = N \text{ or } D_{k+1} \le 0)`.  Hence

* all firms in A (the resource game's traditional cluster), :math:`n_A = N`, iff :math:`D_N \ge 0`;
* all firms in B (the zero-resource economy), :math:`n_A = 0`, iff :math:`D_1 \le 0`;
* a split :math:`0 < k < N` iff :math:`D_k \ge 0 \ge D_{k+1}`;
* coordination (both agglomerated patterns) iff :math:`D_N \ge 0 \ge D_1`.

Each :math:`D_k` comes from the model's symbolic payoffs
(:func:`~gametheory.analysis.incentives.incentive`) in its *interior* regime (for the
resource game: every firm serves both markets; the regime's domain is stated with every
condition) and, when the given parameters lie outside it, in the regime that holds
there.  Conditions are simplified by :func:`~gametheory.games.conditions.simplify_condition`.
Thresholds come from :mod:`gametheory.analysis.thresholds` (each stated with the regime
that holds at it); comparative statics from :mod:`gametheory.analysis.statics` (proved
signs, or "undecided": never a sign seen on samples).  For :math:`N = 2` the game is
also built as a symbolic 2x2 game (:class:`~gametheory.games.symbolic.SymbolicGame`),
whose closed-form mixed equilibrium :math:`p^* = D_1/(D_1 - D_2)` is derived by the
generic core.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from gametheory.analysis.incentives import Incentive, incentive, local_incentive
from gametheory.analysis.thresholds import Threshold, incentive_thresholds
from gametheory.errors import UserInputError
from gametheory.games.conditions import Condition
from gametheory.results import PropositionList, Result

__all__ = ["Proposition", "Propositions", "Statement", "derive_propositions", "two_firm_game", "proposition_label",
           "MAX_N"]

#: Largest N for which propositions are derived (the statics table has one symbolic entry per k and parameter).
MAX_N = 100


@dataclass(frozen=True)
class Statement:
    """A condition ``D_k REL 0`` in one regime, with its domain.

    ``condition`` is the simplified condition (:func:`~gametheory.games.conditions.simplify_condition`);
    ``compact`` its exactly equivalent compact form for print (:mod:`gametheory.analysis.compact`:
    the short condition itself, or the comparison of named quantities with their definitions).
    """

    label: str
    condition: Condition
    domain: tuple[Condition, ...]
    regime: str
    compact: object = None

    def as_dict(self) -> dict:
        out = {"label": self.label, "condition": self.condition.sstr(), "latex": self.condition.latex(),
               "regime": self.regime, "domain": [d.sstr() for d in self.domain],
               "domain_latex": [d.latex() for d in self.domain]}
        if self.compact is not None:
            c = self.compact.as_dict()
            out.update({"condition_compact": c["text"], "condition_compact_latex": c["latex"],
                        "compact_kind": c["kind"], "quantities": c["quantities"],
                        "domain_compact": c["domain_text"], "domain_compact_latex": c["domain_latex"]})
        return out


@dataclass(frozen=True)
class Proposition:
    """One derived proposition: a claim, its exact conditions, and what holds at the given parameters.

    ``configuration`` is the ``k`` of the pattern it is about (``N`` or ``0``), ``"split"``, or
    ``None`` for propositions about the whole game (regimes, mixed equilibria, statics).
    """

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
    configuration: object = None
    #: Statics in the regimes that hold at the given parameters (only the k where they are not interior).
    local_table: dict = field(default_factory=dict)
    #: Keys of the propositions whose conditions this one uses (and refers to instead of repeating them).
    references: tuple = ()

    def as_dict(self) -> dict:
        from gametheory.analysis.render import sign_groups

        table = {par: {str(k): d.as_dict() for k, d in per_k.items()} for par, per_k in self.table.items()}
        local = {par: {str(k): d.as_dict() for k, d in per_k.items()} for par, per_k in self.local_table.items()}
        out = {"key": self.key, "title": self.title, "configuration": self.configuration, "claim": self.claim,
               "claim_latex": self.claim_latex, "general": [s.as_dict() for s in self.general],
               "local": [s.as_dict() for s in self.local], "at_params": self.at_params,
               "thresholds": [t.as_dict() for t in self.thresholds], "table": table,
               "local_table": local, "formulas": list(self.formulas), "references": list(self.references)}
        if self.table:
            out["table_groups"] = [{"k": ks, "signs": dict(zip(self.table, cells))}
                                   for ks, cells in sign_groups(self.table)]
        return out


def _statement(inc: Incentive, rel: str, label: str) -> Statement:
    from gametheory.analysis.compact import compact_incentive

    cond = inc.condition(rel)
    return Statement(label, cond, inc.domain, inc.describe_regimes(), compact_incentive(inc, rel, cond))


def _pattern(game, key: str, title: str, k_req: list[tuple[int, str]], claim: tuple[str, str], configuration,
             threshold_parameters) -> Proposition:
    """A proposition for a pattern whose conditions are ``D_k REL 0`` for (k, REL) in ``k_req``."""
    model, N, params = game.model, game.N, game.params
    general, local, at = [], [], {}
    subs = params.subs()
    for k, rel in k_req:
        label = f"D_{k} {rel} 0"
        inc = incentive(model, N, k)
        general.append(_statement(inc, rel, label))
        interior_ok = all(c.holds_at(subs) for c in inc.domain)
        if not interior_ok:
            local.append(_statement(local_incentive(game, k), rel, label))
        D = game.gap(k)
        at[f"D_{k}"] = str(D)
        at[f"D_{k}_float"] = float(D)
        at[f"D_{k}_interior_formula_applies"] = interior_ok
    at["equilibrium"] = configuration in game.pure_equilibria()
    ths = []
    for par in threshold_parameters:
        found = [t for k, _ in k_req for t in incentive_thresholds(game, k, par, sensitivities=True)]
        if not found:
            lo, hi, _, _ = model.parameter_bounds(par, params)
            at.setdefault("no_threshold", {})[par] = [str(lo), str(hi)]
        ths.extend(found)
    return Proposition(key, title, claim[0], claim[1], tuple(general), tuple(local), at, tuple(ths),
                       configuration=configuration)


def _formula(name_tex: str, name_text: str, expr) -> dict:
    from gametheory.games.conditions import text

    return {"name": name_text, "latex": f"{name_tex} = {sp.latex(expr)}", "text": f"{name_text} = {text(expr)}"}


def _split_formulas(model, cfg_k, cfg_k1) -> list[dict]:
    """``D_k`` of a split in the named quantities (Cournot outputs) with their definitions, each
    numerator collected by parameter; or the two payoffs when the model has no named quantities."""
    from gametheory.analysis.compact import Named, grouped, named_quantities, payoff_in_quantities

    qA, qB = named_quantities(model, cfg_k), named_quantities(model, cfg_k1)
    piA, piB = payoff_in_quantities(model, cfg_k, "A", qA), payoff_in_quantities(model, cfg_k1, "B", qB)
    names = {model.space.symbol(n): model.space.latex(n) for n in model.space.names}
    if piA is None or piB is None:
        return [_formula(r"\Pi_A(k)", "Pi_A(k)", cfg_k.pi["A"]), _formula(r"\Pi_B(k-1)", "Pi_B(k-1)", cfg_k1.pi["B"])]
    used = [n for n in list(qA.values()) + list(qB.values()) if (piA - piB).has(n.symbol)]
    names |= {n.symbol: n.latex_name for n in used}
    D = grouped(sp.expand(piA - piB), [n.symbol for n in used])
    Dk = Named(sp.Symbol("D_k"), "D_k", "D_k", piA - piB, D)
    return [{"name": n.name, "latex": n.latex(names), "text": n.text(), "latex_align": n.latex_align(names)}
            for n in [Dk] + used]


def _split_proposition(game) -> Proposition:
    model, N = game.model, game.N
    kk = sp.Symbol("k", integer=True, positive=True)
    inc = incentive(model, N, kk)
    cfg_k, cfg_k1 = model.symbolic(N, kk), model.symbolic(N, kk - 1)
    splits = [k for k in game.pure_equilibria() if 0 < k < N]
    word = model.pattern_words["split"]
    claim = (f"With N = {N} firms, a {word} n_A = k (0 < k < N) is a Nash equilibrium iff D_k >= 0 >= D_(k+1): "
             f"firms in A would not gain by moving to B, and firms in B would not gain by moving to A. In the "
             f"{model.describe_regime(None, N, kk)}:")
    claim_tex = (f"With $N = {N}$ firms, a {word} $n_A = k$ ($0 < k < N$) is a Nash equilibrium iff "
                 r"$D_k \geq 0 \geq D_{k+1}$: firms in $A$ would not gain by moving to $B$, and firms in $B$ would "
                 f"not gain by moving to $A$. In the {model.describe_regime(None, N, kk)},")
    formulas = _split_formulas(model, cfg_k, cfg_k1)
    general = [Statement("D_k", Condition(inc.expr, ">="), inc.domain, f"{model.describe_regime(None, N, kk)}, "
                         "0 < k < N")]
    at = {"split_equilibria": splits, "D": {str(k): str(game.gap(k)) for k in range(1, N + 1)}}
    return Proposition("split", f"{word.capitalize()} configurations", claim, claim_tex, tuple(general), (), at,
                       formulas=tuple(formulas), configuration="split")


def two_firm_game(model, regimes: dict | None = None):
    """The N = 2 game of ``model`` as a symbolic 2x2 :class:`~gametheory.games.symbolic.SymbolicGame`.

    Strategies ``("A", "B")`` for both firms; payoffs from the model's symbolic configurations
    ``k = 0, 1, 2`` (``regimes[k]``, default: the interior regime), whose atoms and domains are
    the game's assumptions and domain.
    """
    from gametheory.games.symbolic import SymbolicGame

    regimes = regimes or {}
    cfg = {k: model.symbolic(2, k, regimes.get(k)) for k in (0, 1, 2)}
    pay = {("A", "A"): (cfg[2].pi["A"], cfg[2].pi["A"]), ("A", "B"): (cfg[1].pi["A"], cfg[1].pi["B"]),
           ("B", "A"): (cfg[1].pi["B"], cfg[1].pi["A"]), ("B", "B"): (cfg[0].pi["B"], cfg[0].pi["B"])}
    positive = tuple(dict.fromkeys(sum((c.positive for c in cfg.values()), ())))
    nonnegative = tuple(dict.fromkeys(sum((c.nonnegative for c in cfg.values()), ())))
    domain = tuple(dict.fromkeys(sum((c.domain for c in cfg.values()), ())))
    return SymbolicGame((("A", "B"), ("A", "B")), pay, players=("firm 1", "firm 2"), positive=positive,
                        nonnegative=nonnegative, domain=domain)


def _mixed_proposition(game) -> Proposition:
    from gametheory.games.anonymous import ContinuumOfEquilibria

    N = game.N
    try:
        mixed = game.mixed_equilibria()
    except ContinuumOfEquilibria:  # every firm indifferent: every p is an equilibrium
        mixed = []
    rows = [{"p": m.p, "stable": m.stable, "exact": m.exact_text} for m in mixed]
    if N == 2:
        try:
            sol = two_firm_game(game.model).mixed_2x2()
        except UserInputError:     # a degenerate 2x2 game: no closed form of p*
            sol = None
        D1, D2 = sp.symbols("D_1 D_2")
        claim = ("With N = 2, the 2x2 location game has a completely mixed equilibrium where each firm locates in A "
                 "with probability p* = D_1 / (D_1 - D_2), which exists iff D_1 and D_2 are nonzero and of "
                 "opposite signs, i.e. 0 < p* < 1; it is stable under the replicator dynamics iff D_1 > 0 > D_2.")
        claim_tex = (r"With $N = 2$, the $2\times 2$ location game has a completely mixed equilibrium in which each "
                     r"firm locates in $A$ with probability $p^* = D_1/(D_1 - D_2)$; it exists iff $D_1$ and $D_2$ "
                     r"are nonzero and of opposite signs ($0 < p^* < 1$), and it is stable under the replicator "
                     r"dynamics iff $D_1 > 0 > D_2$.")
        at = {"mixed_equilibria": rows, "p_closed_form_matches": None}
        if len(mixed) == 1 and sol is not None:
            try:
                x = sol.at(game.params.subs())
            except (TypeError, ValueError, ZeroDivisionError):
                x = None
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


def _statics_proposition(game) -> Proposition:
    from gametheory.analysis.statics import statics_table

    model, N = game.model, game.N
    table = statics_table(game)
    regime = model.describe_regime(None, N, 1)
    # the regimes that hold at the given parameters, where they differ from the interior one
    local_ks = [k for k in range(1, N + 1) if not (model.is_interior(game.regime_at(k), N, k)
                                                    and model.is_interior(game.regime_at(k - 1), N, k - 1))]
    local = statics_table(game, regimes="local", ks=local_ks) if local_ks else {}
    claim = (f"Signs of the comparative statics of the incentive D_k = Pi_A(k) - Pi_B(k-1) on the whole domain of the "
             f"{regime}, every parameter free within it: a positive sign means that a higher parameter value favours "
             "locating in A. Each sign is proved (exact linear-programming certificates) or shown by two exact "
             "witness points of the regime (in the JSON output); none is read off samples.")
    claim_tex = (f"On the whole domain of the {regime}, every parameter free within it, the signs of "
                 r"$\partial D_k/\partial\theta$ are as in the table (a positive sign: a higher value favours locating "
                 r"in $A$). Each sign is proved (exact certificates) or shown by two exact witness points of the regime "
                 r"(in the JSON output); none is read off samples.")
    return Proposition("comparative_statics", "Comparative statics of D_k", claim, claim_tex, table=table,
                       local_table=local)


def _regimes_proposition(game, numbers: tuple[int, int] = (1, 2)) -> Proposition:
    """Coordination and uniqueness, stated through the conditions of the two pattern propositions
    (numbered ``numbers``), which it refers to instead of repeating them."""
    model, N = game.model, game.N
    incN, inc1 = incentive(model, N, N), incentive(model, N, 1)
    wA, wB = pattern_phrase(model, "A"), pattern_phrase(model, "B")
    keys = (model.pattern_keys["all_A"], model.pattern_keys["all_B"])
    a, b = numbers
    claim = (f"By Propositions {a} and {b}, both agglomerated patterns are equilibria (a coordination game between "
             f"{wA} and {wB}) iff D_N >= 0 >= D_1, with the conditions stated there; {wA} is the unique "
             f"pure equilibrium iff D_k > 0 for every k, {wB} iff D_k < 0 for every k.")
    claim_tex = (f"By Propositions~\\ref{{{proposition_label(keys[0])}}} and~\\ref{{{proposition_label(keys[1])}}}, "
                 f"both agglomerated patterns are equilibria (a coordination game between {wA} and {wB}) iff "
                 f"$D_N \\geq 0 \\geq D_1$, with the conditions stated there; {wA} is the unique pure "
                 f"equilibrium iff $D_k > 0$ for every $k$, {wB} iff $D_k < 0$ for every $k$.")
    general = (_statement(incN, ">=", f"D_{N} >= 0"), _statement(inc1, "<=", "D_1 <= 0"))
    at = {"pure_equilibria": game.pure_equilibria(), "regime": game.regime(),
          "strict_equilibria": game.strict_equilibria()}
    return Proposition("regimes", "Coordination and uniqueness", claim, claim_tex, general, (), at, references=keys)


def pattern_phrase(model, region: str) -> str:
    """``the traditional resource cluster``; ``the configuration with all firms in A`` for a model without words."""
    word = model.pattern_words["all_A" if region == "A" else "all_B"]
    return f"the configuration with {word}" if word == f"all firms in {region}" else f"the {word}"


def proposition_label(key: str) -> str:
    """The LaTeX label of a proposition (``\\label{prop:zero-resource}``)."""
    return "prop:" + key.replace("_", "-")


@dataclass(frozen=True, repr=False)
class Propositions(PropositionList, Result):
    """The derived propositions of a game, printable as text, LaTeX, Markdown and JSON."""

    game: object
    items: tuple[Proposition, ...]

    _repr_fields = ("N", "keys")

    def to_text(self) -> str:
        from gametheory.analysis.render import propositions_text

        return propositions_text(self)

    def to_latex(self) -> str:
        """A ``.tex`` fragment of numbered propositions (needs ``\\newtheorem{proposition}``)."""
        from gametheory.analysis.render import propositions_latex

        return propositions_latex(self)

    def to_markdown(self) -> str:
        """Markdown with LaTeX math (``$...$``)."""
        from gametheory.analysis.render import propositions_markdown

        return propositions_markdown(self)


def derive_propositions(game, *, threshold_parameters=None) -> Propositions:
    """Derive every proposition for ``game`` (a model with N firms at exact parameters).

    ``threshold_parameters`` defaults to the model's (for the resource game ``tau_p, tau_r, e,
    Delta_gamma``).
    """
    model, N = game.model, game.N
    if N > MAX_N:
        raise UserInputError(f"propositions are derived for N <= {MAX_N} (one symbolic condition and sign table per "
                             f"configuration: minutes beyond); for N = {N} use solve, thresholds or regime maps")
    tps = model.threshold_parameters if threshold_parameters is None else tuple(threshold_parameters)
    for p in tps:
        model.space.check_name(p)
    keys, words = model.pattern_keys, model.pattern_words
    wA, wB = words["all_A"], words["all_B"]
    subject = {r: (f"The {w} (all N = {N} firms in region {r})", f"The {w} (all $N = {N}$ firms in region ${r}$)")
               if w != f"all firms in {r}" else (f"The configuration with all N = {N} firms in region {r}",
                                                  f"The configuration with all $N = {N}$ firms in region ${r}$")
               for r, w in (("A", wA), ("B", wB))}
    items = [
        _pattern(game, keys["all_A"], wA[0].upper() + wA[1:], [(N, ">=")],
                 (f"{subject['A'][0]} is a Nash equilibrium iff D_{N} = Pi_A({N}) - Pi_B({N - 1}) >= 0.",
                  f"{subject['A'][1]} is a Nash equilibrium iff "
                  f"$D_{{{N}}} = \\Pi_A({N}) - \\Pi_B({N - 1}) \\geq 0$."), N, tps),
        _pattern(game, keys["all_B"], wB[0].upper() + wB[1:], [(1, "<=")],
                 (f"{subject['B'][0]} is a Nash equilibrium iff D_1 = Pi_A(1) - Pi_B(0) <= 0.",
                  f"{subject['B'][1]} is a Nash equilibrium iff "
                  f"$D_1 = \\Pi_A(1) - \\Pi_B(0) \\leq 0$."), 0, tps),
        _split_proposition(game),
        _regimes_proposition(game, (1, 2)),
        _mixed_proposition(game),
        _statics_proposition(game),
    ]
    if game.has_exact_table:
        from gametheory.analysis.selection import selection_proposition

        try:
            items.append(selection_proposition(game, tps))
        except UserInputError:      # payoffs that are not rational: no exact potential comparisons
            pass
    return Propositions(game, tuple(items))
