r"""Compact, exactly equivalent forms of derived conditions, for a paper.

A derived condition such as :math:`D_{20} \ge 0` is, once expanded, a polynomial of 20 to 30
terms in the parameters.  A paper states it through the quantities it is made of.  For the
resource game (docs/model.md) a payoff is :math:`\Pi_r = b(q_{rA}^2 + q_{rB}^2) - F_r`, so

.. math:: D_{20} \ge 0 \iff q_{AA}(20)^2 + q_{AB}(20)^2 \ge q_{BA}(19)^2 + q_{BB}(19)^2 + \frac{F_A - F_B}{b},

where each Cournot quantity :math:`q_{rm}(n)` (a firm located in :math:`r`, in market :math:`m`,
with :math:`n` firms in A) is printed with its numerator collected by parameter
(:math:`19(a_A - c + \tau_p + \tau_r) + 38e + 36\gamma_A`).  :func:`compact_incentive` chooses:

1. the simplified condition itself (:func:`~gametheory.games.conditions.simplify_condition`) when it
   has at most :data:`SHORT` terms (``kind = "simplified"``);
2. otherwise, when the model writes its payoffs through named quantities
   (:attr:`~gametheory.models.base.SymbolicConfiguration.quantities` and a ``profits(q, v)`` formula),
   the comparison of the quantities above (``kind = "quantities"``);
3. otherwise ``Pi_A(k) REL Pi_B(k-1)`` with the two payoff formulas, which for a user's model are the
   user's own expressions (``kind = "payoffs"``).

Every form is checked when it is built: substituting the named quantities gives
:math:`D_k / s` exactly, with :math:`s` (the ``scale``) proved positive; a form that fails the
check is not used.  The regime's domain is stated the same way: "every quantity above is
positive" (the regime's positive atoms are exactly its active quantities), plus the entry
conditions of the classes that do not serve a market, which stay linear inequalities.
:func:`compact_welfare_gap` does the same for :math:`\Delta W = W(N) - W(0)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce

import sympy as sp

from gametheory.games.conditions import REL_TEXT, Condition, proved_sign, simplify_condition, text
from gametheory.params import cancel

__all__ = ["SHORT", "Display", "Named", "Compact", "compact_incentive", "compact_welfare_gap", "grouped",
           "named_quantities", "condition_size"]

#: A simplified condition with at most this many terms (expanded) is printed as it is.
SHORT = 6
_REL_TEX = {">=": r"\geq", ">": ">", "<=": r"\leq", "<": "<", "==": "=", "!=": r"\neq"}


def condition_size(cond: Condition) -> int:
    """Number of terms of the expanded condition (0 for an identity)."""
    if cond.always is not None:
        return 0
    return len(sp.Add.make_args(sp.expand(cond.expr)))


# --------------------------------------------------------------- display
@dataclass(frozen=True)
class _Term:
    """``number * factors * (s_1 m_1 + s_2 m_2 + ...)``, or a constant ``number * factors``.

    Kept apart (not a sympy product) because sympy distributes a number over a sum: ``19*(21 - k)``
    would print as ``399 - 19*k``.
    """

    number: sp.Rational
    factors: tuple
    body: tuple = ()          # ((+1 | -1, monomial), ...)

    def value(self) -> sp.Expr:
        return self.number * sp.Mul(*self.factors) * sp.Add(*(s * m for s, m in self.body)) if self.body \
            else self.number * sp.Mul(*self.factors)


@dataclass(frozen=True)
class Display:
    """A polynomial written for a reader: ``terms`` grouped by coefficient, over ``den``; or ``raw``,
    an expression printed as it is."""

    terms: tuple = ()
    den: sp.Expr = sp.Integer(1)
    raw: sp.Expr | None = None

    def value(self) -> sp.Expr:
        if self.raw is not None:
            return self.raw
        return sp.Add(*(t.value() for t in self.terms)) / self.den

    def text(self, names: dict | None = None) -> str:
        return self._render(_TextStyle(names or {}))

    def latex(self, names: dict | None = None) -> str:
        return self._render(_LatexStyle(names or {}))

    def latex_lines(self, names: dict | None = None, width: int = 60) -> tuple[str, list[str]]:
        """``(prefix, lines)`` to print a long expression over several lines: the lines of the numerator
        (each about ``width`` characters wide at most) and a prefix ``\\frac{1}{den}`` (or ``""``)."""
        lst = _LatexStyle(names or {})
        if self.raw is not None:
            terms = list(self.raw.as_ordered_terms()) if self.raw.is_Add else [self.raw]
            parts = []
            for i, t in enumerate(terms):
                neg = i > 0 and t.could_extract_minus_sign()
                parts.append(("" if not i else " - " if neg else " + ") + lst.expr(-t if neg else t))
            return "", _chunks(parts, width)
        prefix = "" if self.den == 1 else rf"\frac{{1}}{{{lst.expr(self.den)}}}"
        return prefix, _chunks(_parts(lst, self.terms), width)

    def latex_width(self, names: dict | None = None) -> int:
        """About how wide the LaTeX prints (a fraction: its numerator)."""
        if self.raw is not None or self.den == 1:
            return _visual(self.latex(names))
        return _visual(_join(_LatexStyle(names or {}), self.terms))

    def n_terms(self) -> int:
        return len(sp.Add.make_args(self.raw)) if self.raw is not None else \
            sum(max(1, len(t.body)) for t in self.terms)

    def _render(self, st) -> str:
        if self.raw is not None:
            return st.expr(self.raw)
        num = _join(st, self.terms) if self.terms else "0"
        if self.den == 1:
            return num
        return st.frac(num, self.den, len(list(_inline(self.terms))) > 1)


class _TextStyle:
    def __init__(self, names):
        self.names = names

    def expr(self, e) -> str:
        return text(e)

    def paren(self, s: str) -> str:
        return f"({s})"

    def power(self, base: str, exp) -> str:
        return f"{base}^{exp}"

    def frac(self, num: str, den, many: bool) -> str:
        d = text(den)
        d = d if (den.is_Symbol or den.is_Integer) else f"({d})"
        return f"({num})/{d}" if many else f"{num}/{d}"

    mul = " "


class _LatexStyle:
    def __init__(self, names):
        self.names = names

    def expr(self, e) -> str:
        return sp.latex(e, symbol_names=self.names)

    def paren(self, s: str) -> str:
        return rf"\left({s}\right)"

    def power(self, base: str, exp) -> str:
        return f"{base}^{{{exp}}}"

    def frac(self, num: str, den, many: bool) -> str:
        return rf"\frac{{{num}}}{{{self.expr(den)}}}"

    mul = " "


def _add_str(st, add) -> str:
    """A sum with a positive term first (``t_A - delta_A``, ``21 - k``)."""
    terms = list(add.as_ordered_terms())
    terms = [t for t in terms if not t.could_extract_minus_sign()] + [t for t in terms if t.could_extract_minus_sign()]
    out = ""
    for t in terms:
        neg = t.could_extract_minus_sign()
        body = st.expr(-t if neg else t)
        out += (("-" if neg else "") + body) if not out else ((" - " if neg else " + ") + body)
    return out


def _factor_str(st, f) -> str:
    if f.is_Add:
        return st.paren(_add_str(st, f))
    if f.is_Pow and f.base.is_Add and f.exp.is_Integer and f.exp > 0:
        return st.power(st.paren(_add_str(st, f.base)), f.exp)
    return st.expr(f)


def _term_body(st, t: _Term, first: bool) -> tuple[int, str]:
    """``(sign, text without the sign)`` of a term."""
    if not t.body:                                        # a constant: printed as one expression
        v = t.value()
        if v.is_Add:                                      # "+ F_B - F_A": a sum keeps its own signs
            if all(a.could_extract_minus_sign() for a in v.args):
                return -1, _add_str(st, -v)
            return 1, _add_str(st, v)
        neg = v.could_extract_minus_sign()
        return (-1 if neg else 1), st.expr(-v if neg else v)
    sign = 1 if t.number > 0 else -1
    parts = [] if abs(t.number) == 1 else [st.expr(abs(t.number))]
    parts += [_factor_str(st, f) for f in t.factors]
    if len(t.body) == 1:
        s, m = t.body[0]
        sign *= s
        parts.append(st.expr(m))
    else:
        inner = "".join((("-" if s < 0 else "") if i == 0 else (" - " if s < 0 else " + ")) + st.expr(m)
                        for i, (s, m) in enumerate(t.body))
        parts.append(st.paren(inner))
    return sign, st.mul.join(parts)


def _join(st, terms) -> str:
    return "".join(_parts(st, terms))


def _parts(st, terms) -> list[str]:
    """Each printed term with its sign: ``["a_A", " - c", " + 20 e"]``."""
    out: list[str] = []
    for t in _inline(terms):
        sign, body = _term_body(st, t, not out)
        out.append((("-" if sign < 0 else "") + body) if not out else ((" - " if sign < 0 else " + ") + body))
    return out


def _visual(latex: str) -> int:
    """About how many characters wide a LaTeX math string prints (commands count as one symbol)."""
    s = re.sub(r"\\(left|right|Bigl|Bigr)", "", latex)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    return len(re.sub(r"[{}_^]", "", re.sub(r"\s+", " ", s)))


def _chunks(parts: list[str], width: int) -> list[str]:
    """``parts`` joined into lines of about equal printed width, each at most about ``width``."""
    sizes = [_visual(p) for p in parts]
    n = max(1, -(-sum(sizes) // width))
    target = sum(sizes) / n
    lines, cur, w = [], "", 0
    for size, p in zip(sizes, parts):
        if cur and w + size > target * 1.1 and len(lines) < n - 1:
            lines.append(cur)
            cur, w = p.lstrip(), size
        else:
            cur, w = cur + p, w + size
    return lines + [cur]


def _inline(terms):
    """A group with coefficient +-1 and no other factor is written term by term (``a_A - c``, not ``(a_A - c)``)."""
    for t in terms:
        if t.body and len(t.body) > 1 and abs(t.number) == 1 and not t.factors:
            for s, m in t.body:
                yield _Term(t.number, (), ((s, m),))
        else:
            yield t


def _coefficient(c) -> tuple[sp.Rational, tuple]:
    """``(number, factors)`` of a coefficient, factored, a negative number absorbed by a linear factor
    (``-19 (k - 21)`` becomes ``19 (21 - k)``)."""
    f = sp.factor(c)
    number, rest = f.as_coeff_Mul()
    factors = list(sp.Mul.make_args(rest)) if rest != 1 else []
    if number < 0:      # absorb the sign into a factor that then reads "m - k" (a positive constant first)
        flips = [(sp.expand(-fa).as_coeff_Add()[0], i) for i, fa in enumerate(factors) if fa.is_Add]
        flips = [(c, i) for c, i in flips if c > 0]
        if flips:
            _, i = max(flips)
            factors[i] = sp.expand(-factors[i])
            number = -number
    return sp.Rational(number), tuple(factors)


def grouped(expr, gens) -> Display:
    """``expr`` (a polynomial in ``gens`` over any coefficients) collected by coefficient: monomials whose
    coefficients are equal up to sign share one term, ``19 (a_A - c + tau_p + tau_r) + 38 e``; a
    rational function is written over its denominator.  ``raw`` when ``expr`` is not polynomial."""
    expr = sp.sympify(expr)
    num, den = sp.fraction(sp.together(expr))
    dnum, dden = den.as_coeff_Mul()
    gens = [g for g in gens if num.has(g)]
    if not gens or any(den.has(g) for g in gens):
        return Display(raw=expr)
    try:
        poly = sp.Poly(sp.expand(num), *gens)
    except sp.PolynomialError:
        return Display(raw=expr)
    groups: dict = {}
    constant = sp.Integer(0)
    for monom, coeff in poly.terms():
        m = sp.Mul(*(g ** e for g, e in zip(gens, monom)))
        c = sp.factor(coeff if isinstance(coeff, sp.Expr) else sp.sympify(coeff))
        if m == 1:
            constant += c
            continue
        key, s = (c, 1) if not c.could_extract_minus_sign() else (sp.factor(-c), -1)
        groups.setdefault(key, []).append((s, m))
    terms = []
    for key, body in groups.items():
        if body[0][0] < 0:                                 # the group starts with a plus sign
            key, body = -key, [(-s, m) for s, m in body]
        number, factors = _coefficient(key)
        terms.append(_Term(number, factors, tuple(body)))
    if constant != 0:
        terms.append(_Term(sp.Integer(1), (sp.factor(constant),)))
    d = Display(tuple(terms), den)
    if sp.expand(d.value() * den - num) != 0:              # never print a form that is not the expression
        return Display(raw=expr)
    return d


# ------------------------------------------------------------ named quantities
@dataclass(frozen=True)
class Named:
    """A named quantity: ``q_AA(20) = (a_A - c + e + gamma_A)/(21 b)``."""

    symbol: sp.Symbol
    name: str
    latex_name: str
    value: sp.Expr
    display: Display

    def text(self, names: dict | None = None) -> str:
        return f"{self.name} = {self.display.text(names)}"

    def latex(self, names: dict | None = None) -> str:
        return f"{self.latex_name} = {self.display.latex(names)}"

    def latex_align(self, names: dict | None = None, width: int = 60) -> str:
        """A row (or rows) of an ``align*`` environment: ``q_{AA}(k) &= ...``, long numerators broken over
        lines as ``\\frac{1}{399 b}\\Bigl(... \\\\ &\\qquad ...\\Bigr)``."""
        if self.display.latex_width(names) <= width:
            return f"{self.latex_name} &= {self.display.latex(names)}"
        prefix, lines = self.display.latex_lines(names, width)
        if len(lines) == 1:
            return f"{self.latex_name} &= {self.display.latex(names)}"
        if prefix:
            return (f"{self.latex_name} &= {prefix}\\Bigl({lines[0]}" + "".join(
                f" \\\\\n&\\qquad {ln}" for ln in lines[1:]) + r"\Bigr)")
        return f"{self.latex_name} &= {lines[0]}" + "".join(f" \\\\\n&\\qquad {ln}" for ln in lines[1:])

    def as_dict(self, names: dict | None = None) -> dict:
        return {"name": self.name, "latex_name": self.latex_name, "value": sp.sstr(self.value),
                "text": self.text(), "latex": self.latex(names)}


def _arg(k) -> str:
    return text(k).replace(" ", "")


def named_quantities(model, cfg) -> dict:
    """``{(r, m): Named}`` for the active quantities of a symbolic configuration (``{}`` if it has none)."""
    if not cfg.quantities:
        return {}
    gens = list(model.space.symbols().values())
    out = {}
    for key, v in cfg.quantities.items():
        if v is None or v == 0:
            continue
        label = "".join(map(str, key)) if isinstance(key, tuple) else str(key)
        name = f"q_{label}({_arg(cfg.k)})"
        out[key] = Named(sp.Symbol(name), name, f"q_{{{label}}}({_arg(cfg.k)})", v, grouped(v, gens))
    return out


def _q_symbols(cfg, named: dict) -> dict:
    """The configuration's quantities as symbols (0 for an inactive class, 0 for an empty one)."""
    return {key: (named[key].symbol if key in named else sp.Integer(0)) for key in cfg.quantities}


def _substitute(expr, named) -> sp.Expr:
    subs = {n.symbol: n.value for n in named}
    for _ in range(4):                                    # named quantities may be written in named quantities
        if not expr.free_symbols & set(subs):
            break
        expr = expr.xreplace(subs)
    return expr


def payoff_in_quantities(model, cfg, region: str, named: dict):
    """``Pi_region`` of ``cfg`` written in its named quantities (``model.profits(q, v)``), or None.

    The form is checked: substituting the quantities gives the configuration's payoff exactly.
    """
    profits = getattr(model, "profits", None)
    if profits is None or not named or cfg.pi.get(region) is None:
        return None
    try:
        pis = profits(_q_symbols(cfg, named), model.space.symbols())
    except (TypeError, KeyError, AttributeError):
        return None
    pi = dict(zip("AB", pis)).get(region)
    if pi is None or cancel(_substitute(pi, named.values()) - cfg.pi[region]) != 0:
        return None
    return sp.expand(pi)


# ------------------------------------------------------------ compact conditions
@dataclass(frozen=True)
class Compact:
    """``lhs REL rhs`` in named quantities, equivalent to the derived condition ``expr REL 0``.

    ``scale`` is proved positive and ``expr = scale * (lhs - rhs)`` once the named quantities are
    substituted (:meth:`difference`).  ``named``: the quantities the condition uses, in the order
    they are defined; ``domain_named``: further quantities whose positivity is part of the domain;
    ``domain_other``: the rest of the domain (entry conditions).  ``kind``: ``"simplified"``,
    ``"quantities"`` or ``"payoffs"``.
    """

    kind: str
    lhs: Display
    rel: str
    rhs: Display
    named: tuple = ()
    scale: sp.Expr = sp.Integer(1)
    domain_positive: tuple = ()
    domain_named: tuple = ()
    domain_other: tuple = ()
    domain_entry: tuple = ()
    latex_names: tuple = ()

    @property
    def names(self) -> dict:
        """``{symbol: LaTeX name}`` of the parameters (the model's names) and of every named quantity."""
        return dict(self.latex_names) | {n.symbol: n.latex_name for n in self.named + self.domain_named}

    def difference(self) -> sp.Expr:
        """``lhs - rhs`` in the parameters (every named quantity substituted)."""
        return _substitute(self.lhs.value() - self.rhs.value(), self.named)

    def text(self) -> str:
        return f"{self.lhs.text()} {REL_TEXT[self.rel]} {self.rhs.text()}"

    def latex(self) -> str:
        names = self.names
        return f"{self.lhs.latex(names)} {_REL_TEX[self.rel]} {self.rhs.latex(names)}"

    @property
    def quantity_domain(self) -> bool:
        """The domain is stated as positivity of named quantities (the regime's atoms)."""
        return self.kind == "quantities" and bool(self.domain_positive)

    def domain_text(self) -> str:
        """The domain in words: every quantity above positive, further quantities, entry conditions."""
        parts = []
        if self.quantity_domain:
            used = {n.symbol for n in self.named}
            if all(n.symbol in used for n in self.domain_positive) and not self.domain_named:
                parts.append("every q above is > 0")
            else:
                parts.append("every q above is > 0, and so are " + ", ".join(n.text() for n in self.domain_named))
        parts += [c.text() for c in self.domain_other]
        if self.domain_entry:
            parts.append(("entry conditions: " if len(self.domain_entry) > 1 else "entry condition: ")
                         + "; ".join(c.text() for c in self.domain_entry))
        return "; ".join(parts)

    def domain_latex(self) -> str:
        parts = []
        names = self.names
        if self.quantity_domain:
            if not self.domain_named:
                parts.append("every quantity above is positive")
            else:
                parts.append("every quantity above is positive, and so are "
                             + ", ".join(f"${n.latex(names)}$" for n in self.domain_named))
        parts += [f"${c.latex(names)}$" for c in self.domain_other]
        if self.domain_entry:
            parts.append(("entry conditions " if len(self.domain_entry) > 1 else "entry condition ")
                         + "; ".join(f"${c.latex(names)}$" for c in self.domain_entry))
        return "; ".join(parts)

    def domain_conditions(self) -> tuple:
        """The domain as conditions (``q > 0`` written out), for checks: the regime's domain, exactly."""
        return tuple(simplify_condition(n.value, ">") for n in self.domain_positive) + self.domain_other + \
            self.domain_entry

    def as_dict(self) -> dict:
        names = self.names
        return {"kind": self.kind, "text": self.text(), "latex": self.latex(),
                "quantities": [n.as_dict(names) for n in self.named + self.domain_named],
                "domain_text": self.domain_text(), "domain_latex": self.domain_latex()}


def _split(E, gens) -> tuple[Display, Display]:
    """``E >= 0`` written ``lhs >= rhs``: terms in ``gens`` by the sign of their coefficient, the rest
    (collected, factored) on the right."""
    E = sp.expand(E)
    pos, neg, rest = [], [], []
    for t in sp.Add.make_args(E):
        if not t.has(*gens):
            rest.append(t)
        elif t.could_extract_minus_sign():
            neg.append(-t)
        else:
            pos.append(t)
    lhs = grouped(sp.Add(*pos), gens) if pos else Display(raw=sp.Integer(0))
    terms = list(grouped(sp.Add(*neg), gens).terms) if neg else []
    R = sp.factor(-sp.Add(*rest))
    if R != 0:
        terms.append(_Term(sp.Integer(1), (R,)))
    rhs = Display(tuple(terms)) if terms else Display(raw=sp.Integer(0))
    return lhs, rhs


def _positive_scale(E, gens, positive, nonnegative) -> sp.Expr:
    """The gcd of the coefficients of ``E`` in ``gens``, when proved positive (else 1)."""
    try:
        coeffs = [c for m, c in sp.Poly(E, *gens).terms() if any(m)]
    except sp.PolynomialError:
        return sp.Integer(1)
    if not coeffs:
        return sp.Integer(1)
    g = reduce(sp.gcd, coeffs)
    g = g.as_expr() if hasattr(g, "as_expr") else sp.sympify(g)
    if g.could_extract_minus_sign():
        g = -g
    return g if g != 0 and proved_sign(g, positive, nonnegative) == 1 else sp.Integer(1)


def _domain(positive, nonnegative, named) -> tuple[tuple, tuple, tuple]:
    """The regime's positive atoms that are named quantities, the other positive atoms (as conditions),
    and the nonnegative atoms (entry conditions of inactive classes)."""
    by_value = {n.value: n for n in named}
    pos, other, entry = [], [], []
    for a in positive:
        hit = by_value.get(a)                  # the regime's atoms are its quantities' own expressions
        if hit is None:
            hit = next((n for n in named if cancel(a - n.value) == 0), None)
        if hit is not None:
            if hit not in pos:
                pos.append(hit)
            continue
        c = simplify_condition(a, ">")
        if c.always is not True and c not in other:
            other.append(c)
    for a in nonnegative:
        c = simplify_condition(a, ">=")
        if c.always is not True and c not in entry:
            entry.append(c)
    return tuple(pos), tuple(other), tuple(entry)


def _latex_names(model) -> tuple:
    return tuple((model.space.symbol(n), model.space.latex(n)) for n in model.space.names)


def _plain(model, cond: Condition, positive, nonnegative) -> Compact:
    lhs, rhs = cond.sides() if cond.always is None else (sp.Integer(int(bool(cond.always))), sp.Integer(0))
    _, other, entry = _domain(positive, nonnegative, ())
    return Compact("simplified", Display(raw=lhs), cond.rel, Display(raw=rhs), domain_other=other,
                   domain_entry=entry, latex_names=_latex_names(model))


def compact_incentive(inc, rel: str, condition: Condition | None = None) -> Compact:
    """The compact form of ``D_k REL 0`` for an :class:`~gametheory.analysis.incentives.Incentive`."""
    cond = inc.condition(rel) if condition is None else condition
    model = inc.model
    if cond.always is not None or condition_size(cond) <= SHORT:
        return _plain(model, cond, inc.positive, inc.nonnegative)
    cA = model.symbolic(inc.N, inc.k, inc.regimes[0])
    cB = model.symbolic(inc.N, inc.k - 1, inc.regimes[1])
    qA, qB = named_quantities(model, cA), named_quantities(model, cB)
    piA, piB = payoff_in_quantities(model, cA, "A", qA), payoff_in_quantities(model, cB, "B", qB)
    if piA is not None and piB is not None:
        E = sp.expand(piA - piB)
        qsyms = [n.symbol for n in list(qA.values()) + list(qB.values())]
        g = _positive_scale(E, qsyms, inc.positive, inc.nonnegative)
        lhs, rhs = _split(E / g, qsyms)
        used = [n for n in list(qA.values()) + list(qB.values()) if E.has(n.symbol)]
        pos, other, entry = _domain(inc.positive, inc.nonnegative, list(qA.values()) + list(qB.values()))
        extra = tuple(n for n in pos if n not in used)
        c = Compact("quantities", lhs, rel, rhs, tuple(used), g, pos, extra, other, entry, _latex_names(model))
        if cancel(g * c.difference() - inc.expr) == 0:
            return c
    if cA.pi.get("A") is not None and cB.pi.get("B") is not None:
        a, b = _arg(inc.k), _arg(inc.k - 1)
        PA = Named(sp.Symbol(f"Pi_A({a})"), f"Pi_A({a})", rf"\Pi_A({a})", cA.pi["A"], Display(raw=cA.pi["A"]))
        PB = Named(sp.Symbol(f"Pi_B({b})"), f"Pi_B({b})", rf"\Pi_B({b})", cB.pi["B"], Display(raw=cB.pi["B"]))
        _, other, entry = _domain(inc.positive, inc.nonnegative, ())
        c = Compact("payoffs", Display(raw=PA.symbol), rel, Display(raw=PB.symbol), (PA, PB), sp.Integer(1),
                    domain_other=other, domain_entry=entry, latex_names=_latex_names(model))
        if cancel(c.difference() - inc.expr) == 0:
            return c
    return _plain(model, cond, inc.positive, inc.nonnegative)


class _WithQuantities:
    """A model whose ``quantities`` are given symbols: its ``welfare`` formula then reads in them."""

    def __init__(self, model, q):
        self._model, self._q = model, q

    def __getattr__(self, name):
        return getattr(self._model, name)

    def quantities(self, N, k, v, regime=None):
        return self._q


def compact_welfare_gap(gap, rel: str, condition: Condition) -> Compact:
    """``W(i) - W(j) REL 0`` as ``W(i) REL W(j)``, each welfare written in the named quantities of its
    configuration (checked exactly), or the simplified condition when that is short or no such form exists."""
    model, N = gap.model, gap.N
    if condition.always is not None or condition_size(condition) <= SHORT:
        return _plain(model, condition, gap.positive, gap.nonnegative)
    s = model.space.symbols()
    Ws, named, allq = [], [], []
    for k, r in zip((gap.i, gap.j), gap.regimes):
        cfg = model.symbolic(N, k, r)
        q = named_quantities(model, cfg)
        if not q or not hasattr(model, "welfare"):
            return _plain(model, condition, gap.positive, gap.nonnegative)
        qs = {key: (val if val is not None else sp.Integer(0)) for key, val in _q_symbols(cfg, q).items()}
        try:
            W = type(model).welfare(_WithQuantities(model, qs), sp.Integer(N), sp.Integer(k), s, cfg.regime)["W"]
        except (TypeError, KeyError, AttributeError):
            return _plain(model, condition, gap.positive, gap.nonnegative)
        W = sp.expand(W)
        syms = [n.symbol for n in q.values()]
        Ws.append(Named(sp.Symbol(f"W({k})"), f"W({k})", f"W({k})", W, grouped(W, syms)))
        named += [n for n in q.values() if W.has(n.symbol)]
        allq += list(q.values())
    pos, other, entry = _domain(gap.positive, gap.nonnegative, allq)
    extra = tuple(n for n in pos if n not in named)
    c = Compact("quantities", Display(raw=Ws[0].symbol), rel, Display(raw=Ws[1].symbol), tuple(Ws) + tuple(named),
                sp.Integer(1), pos, extra, other, entry, _latex_names(model))
    if cancel(c.difference() - gap.expr) != 0:
        return _plain(model, condition, gap.positive, gap.nonnegative)
    return c
