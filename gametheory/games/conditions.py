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
from typing import Iterable, Sequence

import sympy as sp

__all__ = ["Condition", "proved_sign", "simplify_condition", "RELATIONS"]

RELATIONS = (">=", ">", "<=", "<", "==", "!=")
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}
_LATEX = {">=": r"\geq", ">": ">", "<=": r"\leq", "<": "<", "==": "=", "!=": r"\neq"}


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
        factored form (``rhs = 0``) unless it is a number times a single sum.
        """
        coeff, rest = sp.factor_terms(self.expr).as_coeff_Mul()
        expr = rest if coeff > 0 else self.expr
        if not isinstance(expr, sp.Add):
            return expr, sp.Integer(0)
        lhs, rhs = [], []
        for t in sp.Add.make_args(expr):
            c, _ = t.as_coeff_Mul()
            (rhs if c < 0 else lhs).append(-t if c < 0 else t)
        return sp.Add(*lhs), sp.Add(*rhs)

    def holds_at(self, subs: dict, tol: float = 0.0) -> bool:
        """Truth value at a parameter point (exact for rational values)."""
        if self.always is not None:
            return self.always
        v = self.expr.subs(subs)
        v = sp.simplify(v) if tol == 0 else float(v)
        return bool({">=": v >= -tol, ">": v > tol, "<=": v <= tol, "<": v < -tol, "==": abs(v) <= tol,
                     "!=": abs(v) > tol}[self.rel])

    def latex(self) -> str:
        """LaTeX, written as ``lhs REL rhs`` with positive terms on each side."""
        if self.always is not None:
            return r"\text{always}" if self.always else r"\text{never}"
        lhs, rhs = self.sides()
        return f"{sp.latex(lhs)} {_LATEX[self.rel]} {sp.latex(rhs)}"

    def text(self) -> str:
        """Plain text ``lhs REL rhs``."""
        if self.always is not None:
            return "always" if self.always else "never"
        lhs, rhs = self.sides()
        return f"{sp.sstr(lhs)} {self.rel} {sp.sstr(rhs)}"

    def __str__(self) -> str:
        return self.text()

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def _certificate_sign(expr: sp.Expr, atoms: Sequence[sp.Expr], strict: Sequence[bool]) -> int | None:
    """Sign of ``expr`` proved by a nonnegative combination of known-sign atoms (or None)."""
    expr = sp.expand(expr)
    syms = sorted(expr.free_symbols | set().union(*(a.free_symbols for a in atoms)) if atoms else expr.free_symbols,
                  key=str)
    if not syms:
        return None
    try:
        P = sp.Poly(expr, *syms)
        atom_polys = [sp.Poly(sp.expand(a), *syms) for a in atoms]
    except sp.PolynomialError:
        return None
    monos = set(P.as_dict())
    for ap in atom_polys:
        monos |= set(ap.as_dict())
    monos.discard((0,) * len(syms))
    monos = sorted(monos)
    lam = sp.symbols(f"lam0:{len(atoms)}")
    const = sp.Symbol("lam_c")
    for sgn in (1, -1):
        target = sgn * P
        eqs = [sum(lam[j] * atom_polys[j].as_dict().get(mo, 0) for j in range(len(atoms))) - target.as_dict().get(mo, 0)
               for mo in monos]
        zero = (0,) * len(syms)
        eqs.append(sum(lam[j] * atom_polys[j].as_dict().get(zero, 0) for j in range(len(atoms))) + const
                   - target.as_dict().get(zero, 0))
        sol = _nonneg_solution(eqs, list(lam) + [const])
        if sol is None:
            continue
        lam_vals, c_val = sol[:-1], sol[-1]
        positive = c_val > 0 or any(v > 0 and s for v, s in zip(lam_vals, strict))
        if positive:
            return sgn
    return None


def _nonneg_solution(eqs, unknowns) -> list | None:
    """An exact nonnegative solution of a linear system, or None."""
    sols = sp.linsolve(eqs, unknowns)
    if not sols:
        return None
    (sol,) = sols
    free = set().union(*(s.free_symbols for s in sol)) & set(unknowns)
    if not free:
        return list(sol) if all(s >= 0 for s in sol) else None
    # non-unique: ask a linear program for a nonnegative point, then certify it exactly
    import numpy as np
    from scipy.optimize import linprog

    A = np.array([[float(sp.expand(e).coeff(u)) for u in unknowns] for e in eqs])
    rhs = np.array([-float(sp.expand(e).subs({u: 0 for u in unknowns})) for e in eqs])
    n = len(unknowns)
    # maximise the constant and the atom weights a little so a strictly positive certificate is preferred
    res = linprog(-np.ones(n), A_eq=A, b_eq=rhs, bounds=[(0, 1e6)] * n, method="highs")
    if res.status != 0:
        return None
    guess = [sp.nsimplify(x, rational=True, tolerance=1e-9) for x in res.x]
    subs = dict(zip(unknowns, guess))
    if all(sp.simplify(e.subs(subs)) == 0 for e in eqs) and all(g >= 0 for g in guess):
        return guess
    return None


def _numerator_if_positive_den(atom: sp.Expr) -> sp.Expr:
    """``num`` for an atom ``num/den`` whose denominator is proved positive (same sign), else the atom."""
    num, den = sp.fraction(sp.together(sp.sympify(atom)))
    if den == 1:
        return atom
    return num if proved_sign(den) == 1 else atom


def proved_sign(expr: sp.Expr, positive: Iterable[sp.Expr] = (), nonnegative: Iterable[sp.Expr] = ()) -> int | None:
    """``+1`` / ``-1`` if ``expr`` is proved positive / negative under the assumptions, ``0`` if zero, else None.

    ``positive`` and ``nonnegative`` are expressions known to be > 0 and >= 0;
    symbols' own assumptions are used as well.
    """
    expr = sp.sympify(expr)
    if expr.is_number:
        return 0 if expr == 0 else (1 if expr > 0 else -1)
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    positive = [_numerator_if_positive_den(a) for a in positive]
    nonnegative = [_numerator_if_positive_den(a) for a in nonnegative]
    num, den = sp.fraction(sp.together(expr))
    if den != 1:
        s_num, s_den = proved_sign(num, positive, nonnegative), proved_sign(den, positive, nonnegative)
        return None if s_num is None or not s_den else s_num * s_den
    f = sp.factor(expr)
    if isinstance(f, (sp.Mul, sp.Pow)):
        sign = 1
        for base, exp in (fa.as_base_exp() for fa in sp.Mul.make_args(f)):
            s = proved_sign(base, positive, nonnegative) if base != f else None
            if s is None or s == 0:
                return None
            if not exp.is_integer:
                return None
            sign *= s ** int(exp)
        return sign
    syms = sorted(expr.free_symbols, key=str)
    atoms = positive + nonnegative
    strict = [True] * len(positive) + [False] * len(nonnegative)
    for s in syms:
        if s.is_positive:
            atoms.append(s)
            strict.append(True)
        elif s.is_nonnegative:
            atoms.append(s)
            strict.append(False)
    return _certificate_sign(expr, atoms, strict)


def simplify_condition(expr: sp.Expr, rel: str = ">=", positive: Iterable[sp.Expr] = (),
                       nonnegative: Iterable[sp.Expr] = ()) -> Condition:
    """An equivalent, simplified form of ``expr REL 0`` (see the module docstring).

    Factors of proved sign are removed (negative ones flip the relation); a
    factor of even power whose base is proved nonzero is removed too.  If
    nothing is left the condition is decided (``always`` True or False).
    """
    positive, nonnegative = list(positive), list(nonnegative)
    expr = sp.factor(sp.together(sp.sympify(expr)))
    if expr.is_number:
        return Condition(expr, rel, _decide(expr, rel))
    num, den = sp.fraction(expr)
    kept = []
    sign = 1
    for part in (num, den):
        for fa in sp.Mul.make_args(part):
            base, exp = fa.as_base_exp()
            if base.is_number:
                sign *= 1 if fa > 0 else -1
                continue
            s = proved_sign(base, positive, nonnegative)
            if s in (1, -1):
                sign *= s ** int(exp) if exp.is_integer else 1
                continue
            kept.append(fa)  # unknown sign (a denominator keeps its place: same sign as its inverse)
    if not kept:
        return Condition(sp.Integer(sign), rel, _decide(sp.Integer(sign), rel))
    return Condition(sp.Mul(*kept), rel if sign > 0 else _FLIP[rel])


def _decide(value: sp.Expr, rel: str) -> bool:
    return bool({">=": value >= 0, ">": value > 0, "<=": value <= 0, "<": value < 0, "==": value == 0,
                 "!=": value != 0}[rel])
