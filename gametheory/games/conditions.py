r"""Exact inequality conditions in the parameters, and their simplification.

A :class:`Condition` is :math:`f(\theta)\ \mathrm{REL}\ 0` with a sympy expression
:math:`f` and ``REL`` one of ``>=, >, <=, <, ==``.  :func:`simplify_condition`
rewrites it to an equivalent, smaller condition under stated assumptions:

1. :math:`f` is put over a common denominator and factored,
   :math:`f = \prod_j f_j^{m_j} / \prod_l d_l^{n_l}`.
2. Every factor whose sign is *proved* (:func:`proved_sign`) is removed; a
   negative factor flips the relation.
3. What is left is the condition.  In particular a difference of Cournot
   profits :math:`b(q_1^2 - q_2^2)` factors as :math:`b(q_1 - q_2)(q_1 + q_2)`;
   :math:`b > 0` and, where both quantities are known positive, :math:`q_1 + q_2 > 0`
   are removed, leaving the sign of :math:`q_1 - q_2`.

:func:`proved_sign` proves a sign from (i) sympy's assumptions on the symbols
(``positive=True`` ...), (ii) factorisation, and (iii) a *certificate*: the
expression equals :math:`\lambda_0 + \sum_j \lambda_j P_j` with exact rational
:math:`\lambda_j \ge 0` (or all :math:`\le 0`) where the :math:`P_j` are
expressions known to be positive (``positive=`` atoms: interior Cournot
quantities, the model's positive marginal costs) or nonnegative (``nonnegative=``
atoms, nonnegative symbols).  The coefficients are found by exact linear algebra
(matching monomials); when they are not unique a linear program proposes them
and exact arithmetic verifies them.  A sign that cannot be proved is ``None``
(unknown), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Iterable, Sequence

import sympy as sp
from sympy.printing.str import StrPrinter

from gametheory.params import coprime_fraction, rational_terms

__all__ = ["Condition", "proved_sign", "simplify_condition", "RELATIONS", "TextPrinter", "text", "REL_TEXT"]

RELATIONS = (">=", ">", "<=", "<", "==", "!=")
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
_LATEX = {">=": r"\geq", ">": ">", "<=": r"\leq", "<": "<", "==": "=", "!=": r"\neq"}
#: Relations as a reader writes them in plain text.
REL_TEXT = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=", "!=": "!="}


class TextPrinter(StrPrinter):
    """Plain text for readers (not Python): powers ``x^2``, multiplication by juxtaposition (``2 a_A e``,
    ``b (q_1 - q_2)``), roots ``sqrt(2145)``, fractions ``(a_A - c)/(21 b)``.

    sympy's string printer with two changes: ``**`` is written ``^`` and ``*`` a space.  Every
    sub-expression is printed by this printer, so the replacement only touches the operator that the
    node being printed introduces.
    """

    def _print_Pow(self, expr, rational=False):
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", " ")


def text(expr, **settings) -> str:
    """``expr`` in plain text for readers (:class:`TextPrinter`); numbers and strings pass through ``str``."""
    if isinstance(expr, str):
        return expr
    return TextPrinter(settings).doprint(sp.sympify(expr))


@dataclass(frozen=True)
class Condition:
    """The condition ``expr REL 0``; ``always`` is True/False when it holds/fails identically."""

    expr: sp.Expr
    rel: str = ">="
    always: bool | None = None

    def __post_init__(self) -> None:
        if self.rel not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}")

    def flipped(self) -> "Condition":
        """The same condition written for ``-expr``."""
        return Condition(-self.expr, _FLIP[self.rel], self.always)

    def sides(self) -> tuple[sp.Expr, sp.Expr]:
        """``(lhs, rhs)`` with ``lhs - rhs`` a positive multiple of ``expr``, for display.

        A sum is split by the signs of its terms' coefficients; a product keeps its
        factored form (``rhs = 0``) unless it is a number times a single sum.  Computed once per expression
        (:func:`_sides`): the text, LaTeX and JSON forms of a condition all start from it.
        """
        return _sides(self.expr)

    def holds_at(self, subs: dict, tol: float = 0.0) -> bool:
        """Truth value at a parameter point (exact for rational values)."""
        if self.always is not None:
            return self.always
        if all(isinstance(k, sp.Symbol) for k in subs):
            v = self.expr.xreplace({k: sp.sympify(x) for k, x in subs.items()})   # what subs gives, without matching
        else:
            v = self.expr.subs(subs)
        if tol == 0:
            v = v if v.is_Rational else sp.simplify(v)
        else:
            v = float(v)
        return bool({">=": v >= -tol, ">": v > tol, "<=": v <= tol, "<": v < -tol, "==": abs(v) <= tol,
                     "!=": abs(v) > tol}[self.rel])

    def latex(self, names: dict | None = None) -> str:
        """LaTeX, written as ``lhs REL rhs`` with positive terms on each side; ``names`` maps symbols to
        their LaTeX (e.g. the model's parameter names)."""
        if self.always is not None:
            return r"\text{always}" if self.always else r"\text{never}"
        lhs, rhs = self.sides()
        names = names or {}
        return f"{sp.latex(lhs, symbol_names=names)} {_LATEX[self.rel]} {sp.latex(rhs, symbol_names=names)}"

    def text(self) -> str:
        """Plain text for readers, ``lhs REL rhs`` (:class:`TextPrinter`: ``x^2``, ``2 a_A e``)."""
        if self.always is not None:
            return "always" if self.always else "never"
        lhs, rhs = self.sides()
        return f"{text(lhs)} {REL_TEXT[self.rel]} {text(rhs)}"

    def sstr(self) -> str:
        """``lhs REL rhs`` in sympy's syntax (``sympify`` reads each side back): the JSON form."""
        if self.always is not None:
            return "always" if self.always else "never"
        lhs, rhs = self.sides()
        return f"{sp.sstr(lhs)} {self.rel} {sp.sstr(rhs)}"

    def __str__(self) -> str:
        return self.text()

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def _certificate_sign(expr: sp.Expr, atoms: Sequence[sp.Expr], strict: Sequence[bool]) -> int | None:
    """Sign of ``expr`` proved by a nonnegative combination of known-sign atoms (or None).

    Finds ``lambda >= 0``, ``lambda_c >= 0`` with ``+-expr = lambda_c + sum_j lambda_j atom_j``
    identically (monomial by monomial): a linear program (HiGHS) proposes the
    coefficients, then they are rounded to rationals and the identity is checked
    in exact arithmetic.  Returns None when no certificate is found.
    """
    system = _polynomial_terms(expr, atoms)
    if system is None:
        return None     # not polynomial, or irrational coefficients (e.g. sqrt(3)): no rational certificate is sought
    syms, (P, *polys) = system
    zero = (0,) * len(syms)
    monos = sorted(set(P).union(*polys) | {zero})
    # unknowns: lambda_j (atoms) and lambda_c (a nonnegative constant)
    M = [[ap.get(mo, Fraction(0)) for ap in polys] + [Fraction(int(mo == zero))] for mo in monos]
    rhs = [P.get(mo, Fraction(0)) for mo in monos]
    for sgn in (1, -1):
        sol = _nonneg_solution(M, [sgn * r for r in rhs])
        if sol is None:
            continue
        if sol[-1] > 0 or any(v > 0 and st for v, st in zip(sol[:-1], strict)):
            return sgn
    return None


def _polynomial_terms(expr, atoms) -> tuple | None:
    """``(symbols, [terms of expr, terms of each atom])``: the polynomials in all their symbols (sorted by name) with
    rational coefficients (:func:`gametheory.params.rational_terms`); None without symbols or when one is not
    such a polynomial."""
    syms = tuple(sorted(expr.free_symbols.union(*(a.free_symbols for a in atoms)), key=str))
    if not syms:
        return None
    polys = [rational_terms(e, syms) for e in (expr, *atoms)]
    return None if any(p is None for p in polys) else (syms, polys)


def _nonneg_solution(M: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """An exact solution ``x >= 0`` of ``M x = rhs`` (LP proposal, exact check), or None."""
    import numpy as np
    from scipy.optimize import linprog

    A = np.array([[float(v) for v in row] for row in M])
    b = np.array([float(v) for v in rhs])
    n = A.shape[1]
    # prefer a strictly positive certificate: maximise the sum of the weights (bounded)
    res = linprog(-np.ones(n), A_eq=A, b_eq=b, bounds=[(0, 1e6)] * n, method="highs")
    if res.status != 0:
        return None
    for denom in (10**3, 10**6, 10**9):
        x = [max(Fraction(0), Fraction(float(v)).limit_denominator(denom)) for v in res.x]
        if all(sum((row[j] * x[j] for j in range(n)), Fraction(0)) == r for row, r in zip(M, rhs)):
            return x
    return None


def _numerator_if_positive_den(atom: sp.Expr) -> sp.Expr:
    """``num`` for an atom ``num/den`` whose denominator is proved positive (same sign), else the atom."""
    return _numerator_if_positive_den_cached(sp.sympify(atom))


@lru_cache(maxsize=4096)
def _numerator_if_positive_den_cached(atom: sp.Expr) -> sp.Expr:
    # the same regime atoms come back for every factor and every k of a table: decide each once
    num, den = sp.fraction(sp.together(atom))
    if den == 1:
        return atom
    return num if proved_sign(den) == 1 else atom


def _atoms(positive, nonnegative, syms) -> tuple[list, list]:
    """Known-sign atoms (numerators where the denominator is proved positive) plus signed symbols."""
    atoms = [_numerator_if_positive_den(a) for a in positive] + [_numerator_if_positive_den(a) for a in nonnegative]
    strict = [True] * len(positive) + [False] * len(nonnegative)
    for s in sorted(syms, key=str):
        if s.is_positive:
            atoms.append(s)
            strict.append(True)
        elif s.is_nonnegative:
            atoms.append(s)
            strict.append(False)
    return atoms, strict


def _sign_of_factor(expr: sp.Expr, positive: list, nonnegative: list) -> int | None:
    """Sign of an (irreducible) factor: numbers, then None at once when two points of the domain give opposite
    signs (:func:`_takes_both_signs`), then symbol assumptions, then a certificate."""
    if expr.is_number:
        return 0 if expr == 0 else (1 if expr > 0 else -1)
    atoms, strict = _atoms(positive, nonnegative, expr.free_symbols)
    if _takes_both_signs(expr, atoms, strict):
        return None
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    return _certificate_sign(expr, atoms, strict)


#: Points :func:`_takes_both_signs` screens, and the denominator of their coordinates (numerators -40..40).
WITNESS_POINTS, WITNESS_DENOMINATOR = 128, 4


def _takes_both_signs(expr, atoms, strict) -> bool:
    """Whether two points of the domain (every symbol's assumptions hold, every atom is > 0 where ``strict``, else
    >= 0) are found where ``expr`` is > 0 and < 0: then no proof of a sign exists, neither a certificate nor
    sympy's assumptions (both hold on a set containing the domain), so :func:`_sign_of_factor` answers None at
    once; this changes no answer, only its cost.  Of the 327 factors the main job asks about, 133 are undecided,
    and proving nothing took two thirds of the time spent on signs; these points find both signs for 105 of them
    (the others have narrow domains).  Time in :func:`_sign_of_factor` over the job's sign questions (one process,
    ``paper --jobs 1 --skip figures``, three alternating runs): 1.71-1.86 s without this screen, 1.48-1.52 s
    with it.

    ``expr`` and the atoms must be polynomials with rational coefficients (else False).  The points are
    :data:`WITNESS_POINTS` seeded draws of coordinates ``n / WITNESS_DENOMINATOR`` among the values each symbol's
    assumptions allow (:func:`_allowed_numerators`), screened in floating point; the two chosen points are then
    checked exactly, in integers, so the answer never rests on rounding.
    """
    system = _polynomial_terms(expr, atoms)
    if system is None:
        return False
    syms, polys = system
    pools = [_allowed_numerators(s) for s in syms]
    if not all(pools):
        return False
    import numpy as np

    rng = np.random.default_rng(0)     # fixed: the points change the cost of the answer, never the answer
    points = np.array([rng.choice(pool, WITNESS_POINTS) for pool in pools]).T    # numerators, one row a point
    values = [_float_values(terms, points) for terms in polys]
    inside = np.ones(WITNESS_POINTS, dtype=bool)
    for v, st in zip(values[1:], strict):
        inside &= (v > 0) if st else (v >= 0)
    signs = np.sign(values[0]) * inside
    above, below = np.flatnonzero(signs > 0), np.flatnonzero(signs < 0)
    if not len(above) or not len(below):
        return False
    return all(_exact_sign_at(polys[0], points[i]) == sign and _inside_exactly(polys[1:], strict, points[i])
               for i, sign in ((above[0], 1), (below[0], -1)))


def _float_values(terms: dict, points):
    """The polynomial ``terms`` at ``points / WITNESS_DENOMINATOR`` (rows), in floating point (screening only)."""
    import numpy as np

    if not terms:
        return np.zeros(len(points))
    exponents = np.array(list(terms), dtype=float)
    coefficients = np.array([float(c) for c in terms.values()])
    x = points / WITNESS_DENOMINATOR
    return (np.prod(x[:, None, :] ** exponents[None, :, :], axis=2)) @ coefficients


def _exact_sign_at(terms: dict, numerators) -> int:
    """The exact sign of the polynomial ``terms`` at ``numerators / WITNESS_DENOMINATOR``: the value times
    ``lcm(coefficient denominators) * WITNESS_DENOMINATOR**degree``, an integer."""
    import math

    if not terms:
        return 0
    n = [int(v) for v in numerators]
    degree = max(sum(m) for m in terms)
    scale = math.lcm(*(c.denominator for c in terms.values()))
    total = 0
    for monomial, c in terms.items():
        term = c.numerator * (scale // c.denominator) * WITNESS_DENOMINATOR ** (degree - sum(monomial))
        for v, e in zip(n, monomial):
            if e:
                term *= v ** e
        total += term
    return (total > 0) - (total < 0)


def _inside_exactly(atom_terms, strict, numerators) -> bool:
    return all(_exact_sign_at(t, numerators) >= (1 if st else 0) for t, st in zip(atom_terms, strict))


@lru_cache(maxsize=1024)
def _allowed_numerators(symbol) -> tuple:
    """Numerators ``n`` in -40..40 such that ``n / WITNESS_DENOMINATOR`` has every assumption of ``symbol``
    (``symbol.assumptions0``: positive, integer, ...), checked by sympy on the number itself."""
    out = []
    for n in range(-40, 41):
        value = sp.Rational(n, WITNESS_DENOMINATOR)
        if all(getattr(value, f"is_{key}", None) == holds for key, holds in symbol.assumptions0.items()):
            out.append(n)
    return tuple(out)


def proved_sign(expr: sp.Expr, positive: Iterable[sp.Expr] = (), nonnegative: Iterable[sp.Expr] = ()) -> int | None:
    """``+1`` / ``-1`` if ``expr`` is proved positive / negative under the assumptions, ``0`` if zero, else None.

    ``positive`` and ``nonnegative`` are expressions known to be > 0 and >= 0;
    symbols' own assumptions are used as well.  The expression is factored and
    the sign of each factor proved (:func:`_sign_of_factor`).  Cached: the same sign is
    asked for again by the propositions, the verification and the figures of one run.
    """
    return _proved_sign(sp.sympify(expr), _exprs(positive), _exprs(nonnegative))


def _exprs(items) -> tuple:
    return tuple(sp.sympify(a) for a in items)


@lru_cache(maxsize=4096)
def _proved_sign(expr: sp.Expr, positive: tuple, nonnegative: tuple) -> int | None:
    positive, nonnegative = list(positive), list(nonnegative)
    direct = _sign_of_factor(expr, positive, nonnegative) if expr.is_number or expr.is_positive or expr.is_negative \
        else None
    if direct is not None:
        return direct
    fraction = coprime_fraction(expr)         # P/Q in sympy's ring, shared by the two routes below
    quick = _sign_without_factoring(fraction, positive, nonnegative)
    if quick is not None:
        return quick
    parts = _factored_parts(fraction)
    if parts is None:
        parts = (sp.Mul.make_args(sp.factor(sp.together(expr))),)
    sign = 1
    for fa in (fa for part in parts for fa in part):
        base, exp = fa.as_base_exp()
        if not exp.is_integer:
            return None
        s = _sign_of_factor(base, positive, nonnegative)
        if s is None or s == 0:
            return None
        sign *= s ** abs(int(exp))
    return sign


def _sign_without_factoring(fraction, positive: list, nonnegative: list) -> int | None:
    """The sign of a ratio of polynomials ``P/Q`` without factoring them, or None (then :func:`_proved_sign` factors).

    ``fraction`` is ``(P, Q)`` in sympy's ring (:func:`gametheory.params.coprime_fraction`), or None.

    Each of ``P`` and ``Q`` is split as ``c * x^m * R``: a rational number ``c``, a monomial ``x^m`` whose
    symbols have a known sign, and a primitive polynomial ``R`` whose sign is proved as one factor
    (:func:`_sign_of_factor`).  When ``R`` is irreducible, factoring would find the same factors and
    prove the same sign; this is the common case (the model's incentives and their derivatives are a
    number, a parameter like ``b`` or ``epsilon``, and one polynomial) and skips the multivariate
    factorisation, which took about half the time of the welfare propositions.  When ``R`` does not get
    a certificate (for instance a product whose factors do), the result is None and factoring decides.
    """
    if fraction is None:
        return None
    sign = 1
    for poly in fraction:
        if poly.is_zero:
            return None
        degrees = poly.tail_degrees()          # the monomial dividing every term
        for symbol, m in zip(poly.ring.symbols, degrees):
            if m == 0:
                continue
            if symbol.is_positive:
                continue
            if symbol.is_negative:
                sign *= (-1) ** m
                continue
            return None
        if any(degrees):
            poly = poly.ring({tuple(a - b for a, b in zip(mono, degrees)): c for mono, c in poly.terms()})
        content, rest = poly.primitive()
        sign *= 1 if content > 0 else -1
        if rest.is_ground:
            sign *= 1 if rest.LC > 0 else -1
            continue
        s = _sign_of_factor(rest.as_expr(), positive, nonnegative)
        if s not in (1, -1):
            return None
        sign *= s
    return sign


def simplify_condition(expr: sp.Expr, rel: str = ">=", positive: Iterable[sp.Expr] = (),
                       nonnegative: Iterable[sp.Expr] = ()) -> Condition:
    """An equivalent, simplified form of ``expr REL 0`` (see the module docstring).

    Factors of proved sign are removed (negative ones flip the relation); a
    factor of even power whose base is proved nonzero is removed too.  If
    nothing is left the condition is decided (``always`` True or False).  Cached (a
    :class:`Condition` is immutable): the same condition is simplified again by several analyses of a run.
    """
    return _simplify_condition(sp.sympify(expr), rel, _exprs(positive), _exprs(nonnegative))


@lru_cache(maxsize=4096)
def _simplify_condition(expr: sp.Expr, rel: str, positive: tuple, nonnegative: tuple) -> Condition:
    positive, nonnegative = list(positive), list(nonnegative)
    parts = _factored_parts(coprime_fraction(expr))
    if parts is None:
        expr = sp.factor(sp.together(expr))
        if expr.is_number:
            return Condition(expr, rel, _decide(expr, rel))
        parts = tuple(sp.Mul.make_args(part) for part in sp.fraction(expr))
    kept = []
    sign = 1
    for part in parts:
        for fa in part:
            base, exp = fa.as_base_exp()
            if base.is_number:
                sign *= 1 if fa > 0 else -1
                continue
            s = _sign_of_factor(base, positive, nonnegative)
            if s in (1, -1):
                sign *= s ** int(exp) if exp.is_integer else 1
                continue
            kept.append(fa)  # unknown sign (a denominator keeps its place: same sign as its inverse)
    if not kept:
        return Condition(sp.Integer(sign), rel, _decide(sp.Integer(sign), rel))
    return Condition(sp.Mul(*kept), rel if sign > 0 else _FLIP[rel])


def _ring_factor_list(poly):
    """``poly.factor_list()`` of a polynomial over the integers (sympy's ring), without the multivariate
    factorisation when a variable ``x`` has degree 1.

    Then ``P = A x + B`` and, with ``g = gcd(A, B)``, ``P = g * (A/g x + B/g)``; the second factor is
    irreducible (a factor free of ``x`` would divide both coprime coefficients), so the factors of ``P``
    are those of ``g`` (factored the same way, recursively) and that one, made primitive with a
    positive leading coefficient as ``factor_list`` makes it.  A gcd costs far less than proving a
    quadratic in ten symbols irreducible (about 20 times less on the resource game's ``D_k``).
    """
    if not poly.ring.domain.is_ZZ:
        return poly.factor_list()
    for i, degree in enumerate(poly.degrees()):
        if degree != 1:
            continue
        x = poly.ring.gens[i]
        A = poly.coeff_wrt(x, 1)
        g = A.gcd(poly - A * x)
        content, rest = poly.exquo(g).primitive()
        if rest.LC < 0:
            content, rest = -content, -rest
        if g.is_ground:
            return content * g.LC, [(rest, 1)]
        g_content, g_factors = _ring_factor_list(g)
        return content * g_content, g_factors + [(rest, 1)]
    return poly.factor_list()


def _factored_parts(fraction) -> tuple | None:
    """``(numerator factors, denominator factors)`` as ``sympy.fraction(sympy.factor(sympy.together(expr)))``
    splits them, from ``fraction = (P, Q)``, ``expr = P/Q`` in sympy's ring
    (:func:`gametheory.params.coprime_fraction`): factored with :func:`_ring_factor_list` and assembled into one
    product as ``factor`` assembles it.  None when ``fraction`` is None or ``P`` is a number (then
    ``sympy.factor`` is used)."""
    if fraction is None or fraction[0].is_ground:
        return None
    factors, coeff = [], sp.Integer(1)
    for i, poly in enumerate(fraction):
        content, fl = _ring_factor_list(poly)
        c = poly.ring.domain.to_sympy(content)
        coeff = coeff * c if i == 0 else coeff / c
        factors += [f.as_expr() ** (e if i == 0 else -e) for f, e in fl]
    # kept unevaluated, as sympy.factor keeps a rational times a sum (``_keep_coeff``): fraction() then moves the
    # rational's numerator into the numerator, where a single sum does absorb it
    product = sp.Mul(coeff, *factors, evaluate=False)
    return tuple(sp.Mul.make_args(part) for part in sp.fraction(product))


def _decide(value: sp.Expr, rel: str) -> bool:
    return bool({">=": value >= 0, ">": value > 0, "<=": value <= 0, "<": value < 0, "==": value == 0,
                 "!=": value != 0}[rel])


@lru_cache(maxsize=4096)
def _sides(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """:meth:`Condition.sides` of ``expr``."""
    coeff, rest = sp.factor_terms(expr).as_coeff_Mul()
    expr = rest if coeff > 0 else expr
    if not isinstance(expr, sp.Add):
        return expr, sp.Integer(0)
    lhs, rhs = [], []
    for t in sp.Add.make_args(expr):
        c, _ = t.as_coeff_Mul()
        (rhs if c < 0 else lhs).append(-t if c < 0 else t)
    return sp.Add(*lhs), sp.Add(*rhs)
