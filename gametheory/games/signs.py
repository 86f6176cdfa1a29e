r"""Exact sign decisions on polyhedral domains: proved signs, exact witnesses, never a sampled sign.

The question: the sign of an expression :math:`f` (a rational function of the parameters) on a
*domain*

.. math:: \mathcal D = \{x : p_i(x) > 0\ (i \in P),\quad n_j(x) \ge 0\ (j \in W)\},

where the *atoms* :math:`p_i, n_j` are what a model knows about a regime (for the resource game:
the Cournot quantities of the active firms, the entry slacks of the inactive ones, the model's
domain :math:`c - e - \gamma_A > 0`, :math:`c + \tau_r - \gamma_B > 0`, and the parameters' sign
restrictions).  Every answer is one of

* ``+`` / ``-``: :math:`f > 0` (:math:`f < 0`) at every point of :math:`\mathcal D`, proved by
  certificates (below); *weak* (``strict = False``) when :math:`f \ge 0` is proved and
  :math:`f = 0` at an exact point of :math:`\mathcal D` (given as a witness);
* ``0``: :math:`f = 0` identically (or on all of :math:`\mathcal D`, proved);
* ``±``: two exact rational points of :math:`\mathcal D` where :math:`f` has opposite signs
  (witnesses: every atom and the value of :math:`f` are evaluated exactly there);
* ``undecided``: neither a proof nor a witness pair was found (never a guess);
* ``empty``: :math:`\mathcal D` has no point (proved), so any sign holds vacuously.

**Method (affine case).**  Atoms whose denominators are proved positive are replaced by their
numerators (same sign).  Atoms that are affine in the parameters (after that) define a polyhedron
:math:`\mathcal P \supseteq \mathcal D` (non-affine atoms are kept for the exact checks of
witnesses only: a certificate on :math:`\mathcal P` holds on :math:`\mathcal D`).  :math:`f` is
written :math:`c \prod_l f_l^{m_l}` with irreducible factors (sympy); when every factor
:math:`f_l` is affine, the sign of :math:`f` on :math:`\mathcal D` is that of a *sign pattern*
of the factors, and each pattern :math:`(\sigma_l)` is decided by linear programming:

* *feasible*: a linear program (HiGHS) maximises the margin :math:`t` of
  :math:`p_i \ge t, n_j \ge t, \sigma_l f_l \ge t`; a second one finds the point of margin
  :math:`t^*/2` nearest (L1) to a reference point (the user's parameters), which is rounded to
  simple rationals and checked in exact arithmetic (every atom, every factor's sign, the value);
* *infeasible*: by Motzkin's transposition theorem (Schrijver 1986, *Theory of Linear and
  Integer Programming*, ch. 7), the strict/non-strict affine system
  :math:`\{g_i > 0\ (i \in S),\ h_j \ge 0\ (j \in W)\}` has no solution iff there are
  :math:`y, z, y_0 \ge 0` with :math:`\sum_S y_i + y_0 > 0` and
  :math:`\sum_S y_i g_i + \sum_W z_j h_j \equiv -y_0` identically.  A linear program proposes
  :math:`(y, z, y_0)` at a vertex; its support is re-solved in exact rational arithmetic and the
  identity is checked exactly.  For a single factor this is the familiar certificate
  :math:`f = \lambda_0 + \sum \lambda_i p_i + \sum \mu_j n_j` with :math:`\lambda, \mu \ge 0`.

This decides every sign of an affine (or product of affine) expression on a polyhedron up to the
LP solver finding the vertex (a failure leaves the entry ``undecided``, it never makes a wrong
one).  **Non-affine factors**: a certificate with products of at most two atoms
(a degree-2 Handelman representation, Handelman 1988) proves a sign; a deterministic local search
(SLSQP from LP points of :math:`\mathcal P`) proposes witnesses of both signs, verified exactly;
otherwise ``undecided``.

The routines take a :class:`Region` (atoms and a reference point) and return a
:class:`SignDecision`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Callable, Mapping, Sequence

import numpy as np
import sympy as sp

from gametheory.params import rational_terms

__all__ = ["SignDecision", "Region", "decide", "SIGN_TEXT", "affine_form", "Affine"]

#: Text of a sign (JSON and tables).
SIGN_TEXT = {1: "+", -1: "-", 0: "0", "both": "±", None: "undecided", "empty": "empty"}
_TOL = 1e-9
#: Largest margin (in units of the normalised atoms) kept by witness points: small, so that they stay near the
#: reference point, positive, so that they are strictly inside the domain.
_MARGIN = 1 / 20
_DENOMINATORS = (1, 2, 4, 5, 10, 20, 50, 100, 1000, 10**4, 10**6, 10**9, 10**12)


# ------------------------------------------------------------------ results
@dataclass(frozen=True)
class SignDecision:
    """The sign of an expression on a domain: ``1``, ``-1``, ``0``, ``"both"``, ``None`` or ``"empty"``.

    ``how``: ``"identically zero"``, ``"proved"`` (certificates verified exactly, in ``certificates``),
    ``"witnesses"`` (two exact points of the domain with opposite signs), ``"undecided"``,
    ``"empty domain"``.  ``strict`` is False for a weak sign (``>= 0`` proved, ``= 0`` at the
    witness in ``witnesses``).  ``witnesses`` are dicts ``{"point": {name: exact string}, "value":
    exact string}``; ``certificates`` are texts of the exact identities used; ``regime`` says on
    which regime/domain the decision holds; ``method`` how the factors were handled.
    """

    sign: object
    how: str
    witnesses: tuple = ()
    strict: bool = True
    certificates: tuple = ()
    regime: str = ""
    method: str = ""

    @property
    def text(self) -> str:
        t = SIGN_TEXT[self.sign]
        return t + "w" if self.sign in (1, -1) and not self.strict else t

    @property
    def decided(self) -> bool:
        return self.sign is not None

    def as_dict(self) -> dict:
        d = {"sign": None if self.sign is None else SIGN_TEXT[self.sign], "how": self.how}
        if self.sign in (1, -1):
            d["strict"] = self.strict
        if self.regime:
            d["regime"] = self.regime
        if self.method:
            d["method"] = self.method
        if self.witnesses:
            d["witnesses"] = [dict(w) for w in self.witnesses]
        if self.certificates:
            d["certificates"] = list(self.certificates)
        return d

    def with_regime(self, regime: str) -> "SignDecision":
        return SignDecision(self.sign, self.how, self.witnesses, self.strict, self.certificates, regime, self.method)


@dataclass(frozen=True)
class Region:
    """A domain ``{positive > 0, nonnegative >= 0}`` (sympy atoms) with a reference point.

    ``reference`` maps every symbol that may occur to an exact value (e.g. the user's
    parameters): witnesses are searched near it, and symbols the atoms do not constrain keep
    its values.  Each symbol's own sign assumption (sympy ``positive`` / ``nonnegative``) is an
    atom too.  Hashable (the reference is stored as sorted pairs).
    """

    positive: tuple
    nonnegative: tuple = ()
    reference: tuple = ()
    description: str = ""

    def __post_init__(self) -> None:
        ref = self.reference
        if isinstance(ref, Mapping):
            ref = ref.items()
        ref = tuple(sorted(((s, Fraction(v)) for s, v in ref), key=lambda kv: str(kv[0])))
        object.__setattr__(self, "reference", ref)
        object.__setattr__(self, "positive", tuple(sp.sympify(a) for a in self.positive))
        object.__setattr__(self, "nonnegative", tuple(sp.sympify(a) for a in self.nonnegative))

    @property
    def reference_point(self) -> dict:
        return dict(self.reference)


# ------------------------------------------------------------ affine forms
@dataclass(frozen=True)
class Affine:
    """``const + sum coef[i] * x[i]`` with exact rational coefficients."""

    coef: tuple
    const: Fraction
    #: ``original = scale * self`` when this form was normalised (printing certificates in the original).
    scale: Fraction = Fraction(1)

    def at(self, x: Sequence[Fraction]) -> Fraction:
        return self.const + sum((c * v for c, v in zip(self.coef, x) if c), Fraction(0))

    def __neg__(self) -> "Affine":
        return Affine(tuple(-c for c in self.coef), -self.const, self.scale)

    def original(self) -> "Affine":
        return Affine(tuple(c * self.scale for c in self.coef), self.const * self.scale)

    @property
    def constant(self) -> bool:
        return not any(self.coef)

    def normalized(self) -> "Affine":
        """The same sign, scaled so that the largest coefficient (or the constant) has magnitude 1."""
        m = max([abs(c) for c in self.coef] + [abs(self.const)])
        return self if m in (0, 1) else Affine(tuple(c / m for c in self.coef), self.const / m, self.scale * m)


def _q(v) -> Fraction:
    v = sp.Rational(v)
    return Fraction(int(v.p), int(v.q))


@lru_cache(maxsize=20000)
def _affine_dict(expr) -> tuple | None:
    """``(const, ((symbol, coef), ...))`` when ``expr`` is affine with rational coefficients, else None."""
    syms = sorted(expr.free_symbols, key=str)
    if not syms:
        expr = sp.expand(expr)
        return (_q(expr), ()) if expr.is_Rational else None
    terms = rational_terms(expr, syms)          # the terms of the expansion (symbols that cancel drop out)
    if terms is None or any(sum(monom) > 1 for monom in terms):
        return None
    const, coefs = Fraction(0), []
    for monom, c in sorted(terms.items(), reverse=True):
        if sum(monom) == 0:
            const = c
        else:
            coefs.append((syms[monom.index(1)], c))
    return const, tuple(coefs)


def affine_form(expr, variables: Sequence) -> Affine | None:
    """``expr`` as an :class:`Affine` in ``variables`` (None when not affine or another symbol occurs)."""
    d = _affine_dict(sp.sympify(expr))
    if d is None:
        return None
    const, coefs = d
    index = {v: i for i, v in enumerate(variables)}
    coef = [Fraction(0)] * len(variables)
    for s, c in coefs:
        if s not in index:
            return None
        coef[index[s]] = c
    return Affine(tuple(coef), const)


@lru_cache(maxsize=20000)
def _atom_numerator(atom) -> object:
    """``num`` for an atom ``num/den`` whose denominator is proved positive (same sign), else the atom."""
    from gametheory.games.conditions import _numerator_if_positive_den

    return sp.expand(_numerator_if_positive_den(atom))


# ------------------------------------------------------------ exact algebra
def _solve_exact(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """A solution of ``A x = b`` (exact; free variables set to 0), or None if inconsistent."""
    m, n = len(A), len(A[0]) if A else 0
    M = [row[:] + [rhs] for row, rhs in zip(A, b)]
    pivots = []
    r = 0
    for c in range(n):
        p = max(range(r, m), key=lambda i: abs(M[i][c]), default=None)
        if p is None or M[p][c] == 0:
            continue
        M[r], M[p] = M[p], M[r]
        pv = M[r][c]
        M[r] = [v / pv for v in M[r]]
        for i in range(m):
            if i != r and M[i][c] != 0:
                f = M[i][c]
                M[i] = [vi - f * vr for vi, vr in zip(M[i], M[r])]
        pivots.append(c)
        r += 1
        if r == m:
            break
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in M):
        return None
    x = [Fraction(0)] * n
    for i, c in enumerate(pivots):
        x[c] = M[i][n]
    return x


# --------------------------------------------------------------------- LPs
def _linprog(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None, method="highs"):
    from scipy.optimize import linprog

    kw = {}
    if A_ub is not None and len(A_ub):
        kw.update(A_ub=np.asarray(A_ub, float), b_ub=np.asarray(b_ub, float))
    if A_eq is not None and len(A_eq):
        kw.update(A_eq=np.asarray(A_eq, float), b_eq=np.asarray(b_eq, float))
    return linprog(c, bounds=bounds, method=method, **kw)


def motzkin_certificate(strict: Sequence[Affine], nonstrict: Sequence[Affine]) -> tuple | None:
    r"""Exact proof that ``{g > 0 for g in strict, h >= 0 for h in nonstrict}`` has no solution.

    Returns ``(y, z, y0)`` (Fractions, ``>= 0``, ``sum(y) + y0 = 1``) with
    ``sum y_i g_i + sum z_j h_j == -y0`` identically, or None when the LP finds none.
    """
    if not strict:
        return None
    d = len(strict[0].coef)
    rows = list(strict) + list(nonstrict)
    ns, nw = len(strict), len(nonstrict)
    ncol = ns + nw + 1
    # equations: coefficients (d), constants (1), normalisation (1)
    A = [[r.coef[l] for r in rows] + [Fraction(0)] for l in range(d)]
    A.append([r.const for r in rows] + [Fraction(1)])
    A.append([Fraction(1)] * ns + [Fraction(0)] * nw + [Fraction(1)])
    b = [Fraction(0)] * (d + 1) + [Fraction(1)]
    res = _linprog(np.zeros(ncol), A_eq=[[float(v) for v in row] for row in A], b_eq=[float(v) for v in b],
                   bounds=[(0, None)] * ncol, method="highs-ds")
    if res.status != 0:
        return None
    for thr in (1e-10, 1e-13, 0.0):
        support = [j for j in range(ncol) if res.x[j] > thr]
        if not support:
            continue
        sol = _solve_exact([[row[j] for j in support] for row in A], b)
        if sol is None or any(v < 0 for v in sol):
            continue
        w = [Fraction(0)] * ncol
        for j, v in zip(support, sol):
            w[j] = v
        if _check_motzkin(strict, nonstrict, w):
            return tuple(w[:ns]), tuple(w[ns:ns + nw]), w[-1]
    # a rounded proposal may still be exact
    for den in (10**3, 10**6, 10**9):
        w = [max(Fraction(0), Fraction(float(v)).limit_denominator(den)) for v in res.x]
        s = sum(w[:ns]) + w[-1]
        if s > 0:
            w = [v / s for v in w]
            if _check_motzkin(strict, nonstrict, w):
                return tuple(w[:ns]), tuple(w[ns:ns + nw]), w[-1]
    return None


def _check_motzkin(strict, nonstrict, w) -> bool:
    ns, nw = len(strict), len(nonstrict)
    if any(v < 0 for v in w) or sum(w[:ns]) + w[-1] <= 0:
        return False
    rows = list(strict) + list(nonstrict)
    d = len(rows[0].coef)
    for l in range(d):
        if sum((w[j] * rows[j].coef[l] for j in range(ns + nw)), Fraction(0)) != 0:
            return False
    return sum((w[j] * rows[j].const for j in range(ns + nw)), Fraction(0)) + w[-1] == 0


def _margin_point(strict: Sequence[Affine], nonstrict: Sequence[Affine], equal: Sequence[Affine],
                  reference: Sequence[Fraction], interior: bool, closed: Sequence[Affine] = ()) -> np.ndarray | None:
    """A float point with every strict row (and, if ``interior``, every non-strict row) >= a positive margin,
    the ``closed`` rows >= 0, equalities holding, nearest (L1) to ``reference`` at a margin
    ``min(t*/2, 1/20)`` (``t*`` the largest margin); None if none."""
    d = len(reference)
    margin_rows = list(strict) + (list(nonstrict) if interior else [])
    closed_rows = list(closed) + ([] if interior else list(nonstrict))
    A_ub, b_ub = [], []
    for r in margin_rows:
        A_ub.append([-float(c) for c in r.coef] + [1.0])
        b_ub.append(float(r.const))
    for r in closed_rows:
        A_ub.append([-float(c) for c in r.coef] + [0.0])
        b_ub.append(float(r.const))
    A_eq = [[float(c) for c in r.coef] + [0.0] for r in equal]
    b_eq = [-float(r.const) for r in equal]
    c = np.zeros(d + 1)
    c[-1] = -1.0
    res = _linprog(c, A_ub, b_ub, A_eq, b_eq, bounds=[(None, None)] * d + [(None, 1.0)])
    if res.status != 0 or -res.fun <= _TOL:
        return None
    t = min(-res.fun / 2, _MARGIN)
    # nearest point (L1) to the reference with margin t: variables x (d), u (d) >= |x - ref|
    ref = np.array([float(v) for v in reference])
    A2, b2 = [], []
    for r in margin_rows:
        A2.append([-float(c) for c in r.coef] + [0.0] * d)
        b2.append(float(r.const) - t)
    for r in closed_rows:
        A2.append([-float(c) for c in r.coef] + [0.0] * d)
        b2.append(float(r.const))
    for l in range(d):
        e = np.zeros(2 * d)
        e[l], e[d + l] = 1.0, -1.0
        A2.append(list(e))
        b2.append(ref[l])
        e = np.zeros(2 * d)
        e[l], e[d + l] = -1.0, -1.0
        A2.append(list(e))
        b2.append(-ref[l])
    Aeq2 = [[float(c) for c in r.coef] + [0.0] * d for r in equal]
    scale = 1.0 / np.maximum(1.0, np.abs(ref))
    res2 = _linprog(np.concatenate([np.zeros(d), scale]), A2, b2, Aeq2, b_eq,
                    bounds=[(None, None)] * d + [(0, None)] * d)
    if res2.status == 0:
        return res2.x[:d]
    return res.x[:d]


def _rational_points(x: np.ndarray, reference: Sequence[Fraction], equal: Sequence[Affine]):
    """Exact rational points near ``x``: coordinates at the reference stay there, others rounded to
    simple fractions; equalities re-solved exactly for pivot coordinates."""
    for den in _DENOMINATORS:
        pt = []
        for xv, rv in zip(x, reference):
            if abs(xv - float(rv)) <= 1e-9 * max(1.0, abs(float(rv))):
                pt.append(rv)
            else:
                pt.append(Fraction(round(xv * den), den))
        if equal:
            pt = _fix_equalities(pt, equal, x)
            if pt is None:
                continue
        yield pt


def _fix_equalities(pt: list, equal: Sequence[Affine], x: np.ndarray) -> list | None:
    """Move pivot coordinates of ``pt`` so that every equality holds exactly."""
    pt = list(pt)
    used = set()
    rows = list(equal)
    for r in rows:
        cand = [l for l, c in enumerate(r.coef) if c != 0 and l not in used]
        if not cand:
            return None if r.at(pt) != 0 else pt
        l = max(cand, key=lambda i: abs(float(r.coef[i])))
        used.add(l)
    # solve the equalities for the pivot coordinates exactly, the others fixed
    piv = sorted(used)
    A = [[r.coef[l] for l in piv] for r in rows]
    b = [-(r.const + sum((r.coef[l] * pt[l] for l in range(len(pt)) if l not in used), Fraction(0))) for r in rows]
    sol = _solve_exact(A, b)
    if sol is None:
        return None
    for l, v in zip(piv, sol):
        pt[l] = v
    return pt


# ---------------------------------------------------------------- the engine
class _Problem:
    """A region's atoms linearised in a common variable order (every symbol of the atoms and the reference)."""

    def __init__(self, region: Region):
        self.region = region
        pos = [_atom_numerator(a) for a in region.positive]
        non = [_atom_numerator(a) for a in region.nonnegative]
        ref = region.reference_point
        syms = set(ref)
        constrained = set()
        for a in pos + non:
            constrained |= a.free_symbols
        syms |= constrained
        loose = []     # nonnegative symbols no atom involves: kept >= 0, never pushed inside
        for s in sorted(syms, key=str):      # sign restrictions
            if s.is_positive:
                pos.append(s)
            elif s.is_nonnegative:
                (non if s in constrained else loose).append(s)
        self.variables = sorted(syms, key=str)
        self.index = {s: i for i, s in enumerate(self.variables)}
        missing = [s for s in self.variables if s not in ref]
        if missing:
            raise ValueError(f"the reference point lacks {', '.join(map(str, missing))}")
        self.reference = [ref[s] for s in self.variables]
        self.strict, self.nonstrict, self.nonlinear = [], [], []
        self.empty_by_constant = False
        for atoms, rel in ((pos, ">"), (non, ">=")):
            for a in dict.fromkeys(atoms):
                f = affine_form(a, self.variables)
                if f is None:
                    self.nonlinear.append((a, rel))
                elif f.constant:
                    if (rel == ">" and f.const <= 0) or (rel == ">=" and f.const < 0):
                        self.empty_by_constant = True
                elif rel == ">":
                    self.strict.append(f.normalized())
                else:
                    self.nonstrict.append(f.normalized())
        self.closed = [affine_form(s, self.variables) for s in loose]
        self._base = "unset"
        self._excluded: dict = {}     # exclude()'s certificates by their conditions (the LP is pure)

    @property
    def base(self) -> list | None:
        """An exact point of the domain near the reference (cached), or None if the LPs find none."""
        if self._base == "unset":
            self._base = None if self.empty_by_constant else self.find([], lambda pt: True)
        return self._base

    def point_dict(self, pt: Sequence[Fraction]) -> dict:
        return dict(zip(self.variables, pt))

    def in_domain(self, pt: Sequence[Fraction], interior: bool = False) -> bool:
        """Every atom holds exactly at ``pt`` (linear atoms via their forms, others by evaluation); with
        ``interior`` the non-strict linear atoms must be positive too."""
        if any(r.at(pt) <= 0 for r in self.strict) or any(r.at(pt) < 0 or (interior and r.at(pt) == 0)
                                                           for r in self.nonstrict) \
                or any(r.at(pt) < 0 for r in self.closed):
            return False
        if self.nonlinear:
            subs = _subs(self.point_dict(pt))
            for a, rel in self.nonlinear:
                s = _exact_sign(sp.sympify(a).xreplace(subs))
                if s is None or s < 0 or (s == 0 and rel == ">"):
                    return False
        return True

    @staticmethod
    def _holds(f: Affine, rel: str, pt) -> bool:
        v = f.at(pt)
        return v > 0 if rel == ">" else v >= 0 if rel == ">=" else v == 0

    def find(self, conds: Sequence[tuple[Affine, str]], accept: Callable[[list], bool]) -> list | None:
        """An exact point of the domain where every ``f REL 0`` of ``conds`` holds (REL in ``>``, ``>=``,
        ``==``) and ``accept(point)``; None if the LPs find none."""
        strict = list(self.strict) + [f.normalized() for f, rel in conds if rel == ">"]
        nonstrict = list(self.nonstrict) + [f.normalized() for f, rel in conds if rel == ">="]
        equal = [f for f, rel in conds if rel == "=="]
        for interior in (True, False):
            x = _margin_point(strict, nonstrict, equal, self.reference, interior, self.closed)
            if x is None:
                continue
            for pt in _rational_points(x, self.reference, equal):
                if self.in_domain(pt, interior) and all(self._holds(f, rel, pt) for f, rel in conds) and accept(pt):
                    return pt
        return None

    def exclude(self, conds: Sequence[tuple[Affine, str]]) -> str | None:
        """A Motzkin certificate (as the text of its identity) that no point of the linear part of the
        domain satisfies ``conds``; None if the LP finds none.  Remembered per problem: the sign proofs of
        a table ask for the same exclusion again (the factors of a shared denominator, say)."""
        key = tuple(conds)
        if key not in self._excluded:
            self._excluded[key] = self._exclude(conds)
        return self._excluded[key]

    def _exclude(self, conds) -> str | None:
        strict = list(self.strict) + [f.normalized() for f, rel in conds if rel == ">"]
        nonstrict = list(self.nonstrict) + list(self.closed) + [f.normalized() for f, rel in conds if rel == ">="]
        for f, rel in conds:
            if rel == "==":
                nonstrict += [f, -f]
        if not strict:
            return None
        cert = motzkin_certificate(strict, nonstrict)
        if cert is None:
            return None
        target = None
        if len(conds) == 1 and conds[0][1] in (">", ">="):
            target = (len(self.strict) if conds[0][1] == ">" else len(strict) + len(self.nonstrict) + len(self.closed))
        return _certificate_text(cert, strict, nonstrict, self.variables, target)


@lru_cache(maxsize=4096)
def _problem(region: Region) -> _Problem:
    return _Problem(region)


def _sgn(v) -> int:
    return int(bool(v > 0)) - int(bool(v < 0))


def _subs(point: Mapping) -> dict:
    return {s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()}


def _value(expr, point: Mapping):
    """Exact value of ``expr`` at ``point`` (a sympy number)."""
    v = sp.sympify(expr).xreplace(_subs(point))
    if not v.is_Rational and v.is_number:
        v = sp.simplify(v)
    return v


def _exact_sign(v) -> int | None:
    from gametheory.arith import symbolic_sign

    return symbolic_sign(v)


def _certificate_text(cert, strict, nonstrict, variables, target: int | None = None) -> str:
    """The identity of a Motzkin certificate as text.

    Generic form: ``w_1*(g_1) + ... == -y0`` (``g_i`` the strict then the non-strict rows).  With a
    ``target`` row (index in strict + nonstrict), the negated target is written as a nonnegative
    combination of the domain's atoms plus a nonnegative constant: ``-g == sum ... + c``.
    """
    y, z, y0 = cert
    rows = list(strict) + list(nonstrict)
    w = list(y) + list(z)
    if target is not None and w[target] > 0:
        wt = w[target] / rows[target].scale
        terms = [_term(wi / r.scale / wt, _affine_text(r.original(), variables))
                 for i, (wi, r) in enumerate(zip(w, rows)) if wi and i != target]
        if y0:
            terms.append(str(y0 / wt))
        return f"{_affine_text(-rows[target].original(), variables)} == " + (" + ".join(terms) or "0")
    terms = [_term(wi / r.scale, _affine_text(r.original(), variables)) for wi, r in zip(w, rows) if wi]
    return " + ".join(terms) + f" == {('-' + str(y0)) if y0 else '0'}"


def _term(w: Fraction, text: str) -> str:
    return f"({text})" if w == 1 else f"{w}*({text})"


def _affine_text(r: Affine, variables) -> str:
    """``r`` as text (plain Python formatting: this runs for every certificate)."""
    parts = []
    for c, v in zip(r.coef, variables):
        if c:
            mag = abs(c)
            term = str(v) if mag == 1 else f"{mag}*{v}"
            parts.append((c < 0, term))
    if r.const:
        parts.append((r.const < 0, str(abs(r.const))))
    if not parts:
        return "0"
    out = ("-" if parts[0][0] else "") + parts[0][1]
    for neg, term in parts[1:]:
        out += (" - " if neg else " + ") + term
    return out


# ----------------------------------------------------------------- decide
def _factors(expr) -> tuple[sp.Expr, list[tuple[sp.Expr, int, bool]]] | None:
    """``(constant, [(base, exponent, in_denominator)])`` of ``expr`` over the rationals.

    Fast paths: an affine numerator is one factor (its content in the constant), a denominator
    that is a product of numbers and powers of symbols is split directly; else sympy's factor_list.
    """
    num, den = sp.fraction(expr)
    if not (num.is_polynomial() and den.is_polynomial()):
        num, den = sp.fraction(sp.together(expr))
    out = []
    const = sp.Integer(1)
    for part, is_den in ((num, False), (den, True)):
        part = sp.expand(part)
        lin = _affine_dict(part)
        if lin is not None and lin[1]:
            c0, coefs = lin
            g = _content([c0] + [c for _, c in coefs])
            base = sp.expand(part / g)
            const = const / g if is_den else const * g
            out.append((base, 1, is_den))
            continue
        if lin is not None:   # a number
            const = const / part if is_den else const * part
            continue
        if part.is_Mul or part.is_Pow or part.is_Symbol:
            pieces = sp.Mul.make_args(part)
            if all(a.is_number or a.is_Symbol or (a.is_Pow and a.base.is_Symbol and a.exp.is_Integer and a.exp > 0)
                   for a in pieces):
                for a in pieces:
                    if a.is_number:
                        const = const / a if is_den else const * a
                    else:
                        b_, e_ = a.as_base_exp()
                        out.append((b_, int(e_), is_den))
                continue
        try:
            c, fl = sp.factor_list(part)
        except (sp.PolynomialError, NotImplementedError):
            return None
        const = const / c if is_den else const * c
        for base, e in fl:
            out.append((base, int(e), is_den))
    return const, out


def _content(values) -> sp.Rational:
    """The positive rational gcd of rational numbers (so that dividing leaves coprime integers)."""
    from math import gcd, lcm

    fr = [Fraction(v) for v in values if v]
    den = 1
    for v in fr:
        den = lcm(den, v.denominator)
    g = 0
    for v in fr:
        g = gcd(g, int(v * den))
    return sp.Rational(g, den) if g else sp.Integer(1)


def decide(expr, region: Region, *, names: Mapping | None = None,
           accept: Callable[[dict], dict | None] | None = None, max_patterns: int = 81) -> SignDecision:
    """The sign of ``expr`` on ``region`` (see the module docstring).

    ``names`` maps symbols to the names printed in witnesses (default: ``str``).  ``accept``
    (optional) maps a witness point (``{symbol: Fraction}``) to the point actually reported (e.g.
    moved onto a threshold surface), or None to refuse it; the expression is evaluated exactly at
    the reported point.
    """
    names = names or {}
    expr = sp.sympify(expr)
    if expr.is_number:
        return _number_decision(expr)
    if sp.expand(sp.numer(expr)) == 0 and sp.expand(sp.numer(sp.together(expr))) == 0:
        return SignDecision(0, "identically zero", method="algebra")
    fac = _factors(expr)
    if fac is None:
        return SignDecision(None, "undecided", method="not a rational function")
    const, factors = fac
    try:
        prob = _problem(region)
    except ValueError:
        return SignDecision(None, "undecided", method="reference point incomplete")
    forms = [affine_form(b, prob.variables) for b, _, _ in factors]
    ctx = _Context(expr, prob, names, accept)
    if all(f is not None for f in forms):
        return _decide_affine(ctx, const, factors, forms, max_patterns)
    return _decide_nonlinear(ctx, region)


class _Context:
    """The expression, the problem, and how witnesses are reported."""

    def __init__(self, expr, prob: _Problem, names, accept):
        self.expr, self.prob, self.names, self.accept = expr, prob, names, accept

    def witness(self, pt, want: int | None = None) -> dict | None:
        """The reported witness at ``pt`` (after ``accept``), when the expression's exact sign there is
        ``want`` (any sign if None); else None."""
        point = {s: v for s, v in self.prob.region.reference}
        point.update(self.prob.point_dict(pt))
        if self.accept is not None:
            point = self.accept(point)
            if point is None:
                return None
        v = _value(self.expr, point)
        s = _exact_sign(v)
        if s is None or (want is not None and s != want):
            return None
        return {"point": {self.names.get(sy, str(sy)): str(val)
                          for sy, val in sorted(point.items(), key=lambda kv: str(kv[0]))},
                "value": str(v), "sign": s}

    def find_witness(self, conds, want: int) -> dict | None:
        box = {}

        def ok(pt):
            w = self.witness(pt, want)
            if w is not None:
                box["w"] = w
            return w is not None

        pt = self.prob.find(conds, ok)
        return None if pt is None else box["w"]


def _strip(w: dict) -> dict:
    return {"point": w["point"], "value": w["value"]}


def _number_decision(v) -> SignDecision:
    s = _exact_sign(sp.sympify(v))
    if s is None:
        return SignDecision(None, "undecided", method="number of unknown sign")
    return SignDecision(s, "identically zero" if s == 0 else "proved", method="constant")


_METHOD = "LP (affine factors): exact witnesses, Motzkin certificates verified exactly"


def _decide_affine(ctx: _Context, const, factors, forms, max_patterns) -> SignDecision:
    prob = ctx.prob
    if prob.empty_by_constant:
        return SignDecision("empty", "empty domain", method="an atom is a nonpositive constant")
    x0 = prob.base
    if x0 is None:
        cert = prob.exclude([])
        if cert is not None:
            return SignDecision("empty", "empty domain", certificates=(cert,), method=_METHOD)
        return SignDecision(None, "undecided", method="LP: no point of the domain found, and no proof that it is empty")
    certs: list[str] = []
    fixed: dict[int, int] = {}
    for i, ((base, e, is_den), f) in enumerate(zip(factors, forms)):
        if base.is_Symbol and base.is_positive:
            fixed[i] = 1
            continue
        s0 = _sgn(f.at(x0))
        for s in ([s0] if s0 else [1, -1]):
            cert = prob.exclude([(f if s < 0 else -f, ">=")])     # s*f <= 0 is impossible
            if cert is not None:
                fixed[i] = s
                certs.append(cert)
                break
    fixed_sign = _sgn(const)
    for i, s in fixed.items():
        fixed_sign *= s ** factors[i][1]
    varying = [i for i in range(len(factors)) if i not in fixed]
    if not varying:
        return SignDecision(fixed_sign, "proved", certificates=tuple(certs), method=_METHOD)
    if len(varying) == 1:
        return _one_varying(ctx, factors, forms, varying[0], fixed_sign, certs, x0)
    return _patterns(ctx, factors, forms, varying, fixed_sign, certs, max_patterns)


def _one_varying(ctx, factors, forms, i, fixed_sign, certs, x0) -> SignDecision:
    """One factor ``f`` of unproved sign, the others of proved strict signs."""
    prob = ctx.prob
    _, e, is_den = factors[i]
    f = forms[i]
    if e % 2 == 0:
        if is_den:   # f^e > 0 wherever the expression is defined
            return SignDecision(fixed_sign, "proved", certificates=tuple(certs), method=_METHOD)
        w0 = ctx.find_witness([(f, "==")], 0)
        if w0 is not None:
            return SignDecision(fixed_sign, "proved", (_strip(w0),), strict=False, certificates=tuple(certs),
                                method=_METHOD + "; an even power")
        return SignDecision(None, "undecided", method=_METHOD + "; no zero of an even-power factor found")
    found: dict[int, dict] = {}
    s0 = _sgn(f.at(x0))
    if s0:
        w = ctx.witness(x0, fixed_sign * s0)
        if w is None:
            w = ctx.find_witness([(f if s0 > 0 else -f, ">")], fixed_sign * s0)
        if w is not None:
            found[s0] = w
    for s in (1, -1):
        if s in found:
            continue
        w = ctx.find_witness([(f if s > 0 else -f, ">")], fixed_sign * s)
        if w is not None:
            found[s] = w
            continue
        cert = prob.exclude([(f if s > 0 else -f, ">")])
        if cert is None:
            return SignDecision(None, "undecided", tuple(_strip(w) for w in found.values()),
                                method=_METHOD + "; a factor sign was neither found nor excluded")
        certs.append(cert)
    if len(found) == 2:
        pos, neg = sorted(found.values(), key=lambda w: -w["sign"])
        return SignDecision("both", "witnesses", (_strip(pos), _strip(neg)), method=_METHOD)
    if not found:     # f = 0 on the whole domain
        if is_den:
            return SignDecision("empty", "empty domain", certificates=tuple(certs), method=_METHOD)
        w0 = ctx.find_witness([(f, "==")], 0)
        return SignDecision(0, "proved", (_strip(w0),) if w0 else (), certificates=tuple(certs), method=_METHOD)
    (s,) = found
    if is_den:
        return SignDecision(fixed_sign * s, "proved", certificates=tuple(certs), method=_METHOD)
    # s*f >= 0 on the domain, and s*f <= 0 was not excluded: f vanishes somewhere (a weak sign)
    w0 = ctx.find_witness([(f, "==")], 0)
    if w0 is None:
        cert = prob.exclude([(f, "==")])
        if cert is not None:
            return SignDecision(fixed_sign * s, "proved", certificates=tuple(certs) + (cert,), method=_METHOD)
        return SignDecision(None, "undecided", (_strip(found[s]),), method=_METHOD + "; zeros not decided")
    return SignDecision(fixed_sign * s, "proved", (_strip(w0),), strict=False, certificates=tuple(certs),
                        method=_METHOD)


def _patterns(ctx, factors, forms, varying, fixed_sign, certs, max_patterns) -> SignDecision:
    """Several factors of unproved sign: decide every strict sign pattern, then zeros."""
    prob = ctx.prob
    n_patterns = 2 ** len(varying)
    if n_patterns > max_patterns:
        return SignDecision(None, "undecided", method=f"too many factor sign patterns ({n_patterns})")
    found: dict[int, dict] = {}
    open_pattern = False
    for combo in itertools.product((1, -1), repeat=len(varying)):
        value_sign = fixed_sign
        for i, s in zip(varying, combo):
            value_sign *= s ** factors[i][1]
        if value_sign in found:
            continue
        conds = [(forms[i] if s > 0 else -forms[i], ">") for i, s in zip(varying, combo)]
        w = ctx.find_witness(conds, value_sign)
        if w is not None:
            found[value_sign] = w
            continue
        cert = prob.exclude(conds)
        if cert is None:
            open_pattern = True
            continue
        certs.append(cert)
    if 1 in found and -1 in found:
        return SignDecision("both", "witnesses", (_strip(found[1]), _strip(found[-1])), method=_METHOD)
    if open_pattern:
        return SignDecision(None, "undecided", tuple(_strip(w) for w in found.values()),
                            method=_METHOD + "; a sign pattern of the factors was not decided")
    # zeros: any numerator factor vanishing in the domain
    zero = None
    for i in varying:
        if factors[i][2]:
            continue
        zero = ctx.find_witness([(forms[i], "==")], 0)
        if zero is not None:
            break
    if not found:
        if zero is not None:
            return SignDecision(0, "proved", (_strip(zero),), certificates=tuple(certs), method=_METHOD)
        return SignDecision(None, "undecided", method=_METHOD + "; no point found")
    (s,) = found
    if zero is None:
        for i in varying:
            if factors[i][2]:
                continue
            cert = prob.exclude([(forms[i], "==")])
            if cert is None:
                return SignDecision(None, "undecided", (_strip(found[s]),), method=_METHOD + "; zeros not decided")
            certs.append(cert)
        return SignDecision(s, "proved", certificates=tuple(certs), method=_METHOD)
    return SignDecision(s, "proved", (_strip(zero),), strict=False, certificates=tuple(certs), method=_METHOD)


# --------------------------------------------------------------- nonlinear
def _decide_nonlinear(ctx: _Context, region: Region) -> SignDecision:
    """Non-affine factors: a degree-2 Handelman certificate, or witnesses of both signs, else undecided."""
    expr, prob = ctx.expr, ctx.prob
    num, den = sp.fraction(sp.together(expr))
    atoms_pos = [_atom_numerator(sp.sympify(a)) for a in region.positive] + \
        [s for s in prob.variables if s.is_positive]
    atoms_non = [_atom_numerator(sp.sympify(a)) for a in region.nonnegative] + \
        [s for s in prob.variables if s.is_nonnegative and not s.is_positive]
    # sign of the denominator, then of the numerator
    s_den = _handelman_sign(den, atoms_pos, atoms_non)
    if s_den is not None:
        s_num = _handelman_sign(num, atoms_pos, atoms_non)
        if s_num is not None:
            return SignDecision(s_num * s_den, "proved",
                                method="Handelman certificate (products of at most two atoms), verified exactly")
    # witnesses: local search from points of the linear part of the domain
    found = {}
    starts = []
    base = prob.base
    if base is not None:
        starts.append([float(v) for v in base])
    starts.append([float(v) for v in prob.reference])
    f_num = sp.lambdify(prob.variables, expr, "math") if prob.variables else None
    cons = []
    for r in prob.strict + prob.nonstrict:
        cons.append({"type": "ineq", "fun": (lambda x, r=r: float(r.const) + sum(float(c) * xi for c, xi in zip(r.coef, x)) - 1e-6)})
    from scipy.optimize import minimize

    for x0 in starts:
        for sgn in (1, -1):
            try:
                res = minimize(lambda x: sgn * _safe(f_num, x), np.array(x0), constraints=cons, method="SLSQP",
                               options={"maxiter": 200})
                x = res.x
            except (ValueError, ZeroDivisionError, OverflowError):
                continue
            for pt in _rational_points(x, prob.reference, ()):
                if not prob.in_domain(pt):
                    continue
                w = ctx.witness(pt)
                if w is not None and w["sign"] in (1, -1) and w["sign"] not in found:
                    found[w["sign"]] = _strip(w)
                break
    if 1 in found and -1 in found:
        return SignDecision("both", "witnesses", (found[1], found[-1]),
                            method="local search for witnesses, verified exactly")
    return SignDecision(None, "undecided", tuple(found.values()),
                        method="non-affine expression: no certificate (Handelman degree 2) and no witness pair")


def _safe(f, x):
    try:
        v = f(*x)
        return float(v) if np.isfinite(v) else 1e30
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        return 1e30


def _handelman_sign(poly_expr, positive, nonnegative) -> int | None:
    """Sign of a polynomial proved by ``+-p = l0 + sum l_i a_i + sum l_ij a_i a_j`` (l >= 0, exact check),
    strict when ``l0 > 0`` or a product of strict atoms has a positive weight."""
    poly_expr = sp.expand(poly_expr)
    if poly_expr.is_number:
        return _exact_sign(poly_expr) or None
    atoms = [(a, True) for a in dict.fromkeys(positive)] + [(a, False) for a in dict.fromkeys(nonnegative)]
    atoms = [(a, st) for a, st in atoms if a.is_polynomial()]
    if len(atoms) > 40:
        return None
    prods = [(sp.Integer(1), True)] + atoms + [(sp.expand(a * b), sa and sb)
                                              for (i, (a, sa)), (j, (b, sb)) in itertools.combinations_with_replacement(
                                                  enumerate(atoms), 2)]
    syms = sorted(poly_expr.free_symbols.union(*(p.free_symbols for p, _ in prods)), key=str)
    try:
        P = sp.Poly(poly_expr, *syms).as_dict()
        polys = [sp.Poly(p, *syms).as_dict() for p, _ in prods]
    except sp.PolynomialError:
        return None
    monos = sorted(set(P).union(*polys))
    M = [[_q(pd.get(mo, 0)) for pd in polys] for mo in monos]
    for sgn in (1, -1):
        rhs = [sgn * _q(P.get(mo, 0)) for mo in monos]
        n = len(prods)
        strict_w = np.array([1.0 if st else 0.0 for _, st in prods])
        res = _linprog(-strict_w, A_eq=[[float(v) for v in row] for row in M], b_eq=[float(v) for v in rhs],
                       bounds=[(0, 1e6)] * n, method="highs-ds")
        if res.status != 0:
            continue
        for thr in (1e-10, 0.0):
            support = [j for j in range(n) if res.x[j] > thr]
            sol = _solve_exact([[row[j] for j in support] for row in M], rhs) if support else None
            if sol is None or any(v < 0 for v in sol):
                continue
            if any(v > 0 and prods[j][1] for j, v in zip(support, sol)):
                return sgn
    return None
