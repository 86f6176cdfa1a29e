r"""Parameters of a model: names, LaTeX, defaults, signs, exact parsing.

A model's parameters form a :class:`ParameterSpace`: an ordered table of
:class:`ParamSpec` (code name, LaTeX, meaning, exact default, sign restriction)
and optional *derived* parameters (:class:`DerivedParam`).  A derived parameter
moves one model parameter relative to another: the resource game's
:math:`\Delta\gamma` (``Delta_gamma``) sets :math:`\gamma_B = \gamma_A + \Delta\gamma`
with :math:`\gamma_A` held fixed (docs/model.md: "A sweep over the gap holds gamma_A fixed
and moves gamma_B").  Every layer names parameters through the space, so that the
CLI (``-p tau_p=3/2``), the symbolic model (sympy symbols with their sign as an
assumption), sweeps over derived parameters and the figures (axis labels such as
:math:`\tau_p`) agree.

A point of the space is a :class:`Params`: an immutable mapping name -> exact
:class:`fractions.Fraction`.  A user writes an integer (``2``), a decimal
(``0.25``, read exactly as ``1/4``) or a fraction (``1/2``); the parser refuses
NaN, infinities and magnitudes outside ``[1e-12, 1e12]`` (beyond them the float
paths of the toolkit would overflow or underflow).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Iterable, Iterator, Mapping

from gametheory.errors import UserInputError

__all__ = ["ParamSpec", "DerivedParam", "ParameterSpace", "Params", "substitute", "cancel", "parse_value",
           "parse_float", "parse_assignment", "SIGNS", "MAX_MAGNITUDE", "MIN_MAGNITUDE"]

#: Sign restrictions a parameter may carry ("any" is accepted as a synonym of "real").
SIGNS = ("positive", "nonnegative", "real")

#: Largest magnitude of a parameter value: beyond it float evaluation (squares of quantities) may overflow.
MAX_MAGNITUDE = 1e12
#: Smallest nonzero magnitude: below it a value underflows in the float paths.
MIN_MAGNITUDE = 1e-12

_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(\s*/\s*[+-]?\d+)?\s*$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")


# ------------------------------------------------------------------ parsing
def parse_value(text: str | int | float | Fraction, name: str = "value") -> Fraction:
    """Parse an integer, a decimal or a fraction exactly.

    >>> parse_value("1/2"), parse_value("0.25"), parse_value(3)
    (Fraction(1, 2), Fraction(1, 4), Fraction(3, 1))

    A float is read through its shortest repr, so ``0.1`` becomes ``1/10`` (what a
    user means).  Fractions are taken as they are (values the toolkit built itself).
    """
    if isinstance(text, Fraction):
        return text
    if isinstance(text, bool):
        raise UserInputError(f"{name}: not a number: {text!r}")
    if isinstance(text, int):
        return _check_magnitude(Fraction(text), name, text)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise UserInputError(f"{name}: not a finite number: {text!r}")
        return _check_magnitude(Fraction(repr(text)), name, text)
    if not isinstance(text, str) or len(text) > 200 or not _NUMBER.match(text):
        shown = text if not isinstance(text, str) or len(text) <= 40 else text[:37] + "..."
        raise UserInputError(
            f"{name}: malformed value {shown!r} (write an integer, a decimal or a fraction such as 1/2)")
    exponent = re.search(r"[eE]([+-]?\d+)", text)
    if exponent and abs(int(exponent.group(1))) > 60:  # refuse before building a huge integer
        raise UserInputError(f"{name}: {text.strip()} is out of range (magnitudes from {MIN_MAGNITUDE:g} to "
                             f"{MAX_MAGNITUDE:g} are supported)")
    try:
        value = Fraction(text.replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise UserInputError(f"{name}: malformed value {text!r} (division by zero?)") from None
    return _check_magnitude(value, name, text.strip())


def _check_magnitude(value: Fraction, name: str, shown) -> Fraction:
    if value != 0 and not MIN_MAGNITUDE <= abs(value) <= MAX_MAGNITUDE:
        raise UserInputError(f"{name}: {shown} is out of range (magnitudes from {MIN_MAGNITUDE:g} to "
                             f"{MAX_MAGNITUDE:g} are supported)")
    return value


def parse_float(text: str | float, name: str, *, minimum: float | None = None, maximum: float | None = None,
                strict_minimum: bool = False) -> float:
    """A finite float option of the command line (``--threshold``, ``--T``...), within ``[minimum, maximum]``.

    NaN, infinities and values that overflow are refused with one line naming the option.

    >>> parse_float("2.5", "--T", minimum=1, strict_minimum=True)
    2.5
    """
    value = float(parse_value(text, name))
    if minimum is not None and (value < minimum or (strict_minimum and value == minimum)):
        raise UserInputError(f"{name} must be {'>' if strict_minimum else '>='} {minimum:g}; got {text}")
    if maximum is not None and value > maximum:
        raise UserInputError(f"{name} must be <= {maximum:g}; got {text}")
    return value


def parse_assignment(text: str) -> tuple[str, Fraction]:
    """``NAME=VALUE`` (the CLI's ``--param``) as ``(name, exact value)``; the name is checked by the space."""
    if not isinstance(text, str) or "=" not in text:
        raise UserInputError(f"--param expects NAME=VALUE, got {text!r}")
    name, value = (s.strip() for s in text.split("=", 1))
    return name, parse_value(value, name)


# ------------------------------------------------------------------ specs
@dataclass(frozen=True)
class ParamSpec:
    """One model parameter: code name, LaTeX, meaning, exact default and sign restriction.

    ``sign`` is ``"positive"`` (> 0), ``"nonnegative"`` (>= 0) or ``"real"`` (any sign).
    """

    name: str
    latex: str
    meaning: str
    default: Fraction
    sign: str = "real"

    def __post_init__(self) -> None:
        sign = "real" if self.sign == "any" else self.sign
        object.__setattr__(self, "sign", sign)
        if sign not in SIGNS:
            raise UserInputError(f"parameter {self.name}: sign must be positive, nonnegative or any; got {self.sign!r}")
        object.__setattr__(self, "default", parse_value(self.default, self.name))
        self.check(self.default, what="default")

    def check(self, value: Fraction, what: str = "") -> None:
        """Raise :class:`UserInputError` when ``value`` breaks the sign restriction."""
        label = f"{self.name} ({what})" if what else self.name
        if self.sign == "positive" and not value > 0:
            raise UserInputError(f"{label} must be > 0 ({self.meaning}); got {value}")
        if self.sign == "nonnegative" and not value >= 0:
            raise UserInputError(f"{label} must be >= 0 ({self.meaning}); got {value}")


@dataclass(frozen=True)
class DerivedParam:
    """A parameter that moves ``target`` relative to ``base``: ``target = base + value``.

    Setting it holds ``base`` fixed; a derivative with respect to it is the
    derivative with respect to ``target``.
    """

    name: str
    latex: str
    meaning: str
    target: str
    base: str


class ParameterSpace:
    """The ordered parameters of a model, its derived parameters, their symbols and parsing.

    >>> space = ParameterSpace([ParamSpec("a", "a", "intercept", 6, "positive"),
    ...                         ParamSpec("g", r"\\gamma", "effect", "1/2", "nonnegative")])
    >>> space.defaults().replace(g="3/4")
    Params(a=6, g=3/4)
    """

    def __init__(self, specs: Iterable[ParamSpec], derived: Iterable[DerivedParam] = ()):
        self.specs: dict[str, ParamSpec] = {}
        for s in specs:
            if s.name in self.specs:
                raise UserInputError(f"parameter {s.name!r} is declared twice")
            self.specs[s.name] = s
        self.derived: dict[str, DerivedParam] = {d.name: d for d in derived}
        for d in self.derived.values():
            if d.name in self.specs or d.target not in self.specs or d.base not in self.specs:
                raise UserInputError(f"derived parameter {d.name!r} must move a declared parameter")
        self.names: tuple[str, ...] = tuple(self.specs)

    # --------------------------------------------------------------- names
    @property
    def all_names(self) -> tuple[str, ...]:
        """Model parameters, then derived ones."""
        return self.names + tuple(self.derived)

    def check_name(self, name: str) -> None:
        """Raise :class:`UserInputError` for a name the space does not know."""
        if name not in self.specs and name not in self.derived:
            raise UserInputError(f"unknown parameter {name!r} (known: {', '.join(self.all_names)})")

    def latex(self, name: str) -> str:
        """LaTeX of a parameter, e.g. ``tau_p -> \\tau_p``."""
        self.check_name(name)
        return self.specs[name].latex if name in self.specs else self.derived[name].latex

    def meaning(self, name: str) -> str:
        self.check_name(name)
        return self.specs[name].meaning if name in self.specs else self.derived[name].meaning

    def moved(self, name: str) -> str:
        """The model parameter that changes when ``name`` changes (the target of a derived parameter)."""
        self.check_name(name)
        return self.derived[name].target if name in self.derived else name

    def set_axis(self, values: dict, name: str, value) -> None:
        """Put ``value`` of the parameter or derived parameter ``name`` into ``values`` (a dict of model
        parameters, in any arithmetic): a derived one sets its target to ``base + value``."""
        if name in self.derived:
            spec = self.derived[name]
            values[spec.target] = values[spec.base] + value
        else:
            values[name] = value

    def sign(self, name: str) -> str:
        """Sign restriction of a parameter (``real`` for derived ones)."""
        self.check_name(name)
        return self.specs[name].sign if name in self.specs else "real"

    # ------------------------------------------------------------- symbols
    def symbol(self, name: str):
        """The sympy symbol of a parameter, carrying its sign as an assumption (derived: real)."""
        import sympy as sp

        self.check_name(name)
        sign = self.sign(name)
        kwargs = {"positive": True} if sign == "positive" else {"nonnegative": True} if sign == "nonnegative" \
            else {"real": True}
        return sp.Symbol(name, **kwargs)

    def symbols(self) -> dict:
        """Symbols of the model parameters, by name."""
        return {n: self.symbol(n) for n in self.names}

    def derivative_symbol(self, name: str):
        """The symbol to differentiate by for ``d/d(name)`` (the moved parameter)."""
        return self.symbol(self.moved(name))

    def axis_substitution(self, name: str, var) -> dict:
        """Substitution that puts the sympy expression ``var`` on axis ``name`` (derived: target = base + var)."""
        if name in self.derived:
            d = self.derived[name]
            return {self.symbol(d.target): self.symbol(d.base) + var}
        self.check_name(name)
        return {self.symbol(name): var}

    # -------------------------------------------------------------- points
    def defaults(self) -> "Params":
        """The default point."""
        return Params({n: s.default for n, s in self.specs.items()}, self)

    def point(self, overrides: Mapping[str, object] | None = None, **kw) -> "Params":
        """Defaults with ``overrides`` applied (see :meth:`Params.replace`)."""
        return self.defaults().replace(**{**dict(overrides or {}), **kw})

    def from_assignments(self, assignments: Iterable[str] | None) -> "Params":
        """Defaults with CLI ``NAME=VALUE`` strings applied; a name given twice is an error."""
        pairs = [parse_assignment(a) for a in assignments or []]
        names = [n for n, _ in pairs]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise UserInputError(f"parameter given more than once: {', '.join(dup)}")
        return self.defaults().replace(**dict(pairs))

    def grid_values(self, params: "Params", axes: Mapping[str, object], *, certified: bool = False,
                    outer: bool = True) -> dict:
        """Every model parameter as a float array broadcasting over the grid of ``axes``.

        ``axes`` maps axis names (model or derived parameters) to 1-D value arrays, in
        grid order: axis ``i`` becomes array dimension ``i``.  A derived axis sets its
        target from its base (after the other axes are applied).  With ``certified=True``
        the values are :class:`~gametheory.arith.Ball` arrays: the axis values exactly,
        fixed values with their rounding error, derived targets with the error of the sum.
        """
        import numpy as np

        names = list(axes)
        moved = [self.moved(n) for n in names]
        if len(set(moved)) != len(moved):
            raise UserInputError(f"two axes move the same parameter: {', '.join(names)}")
        d = len(names) if outer else 0
        if certified:
            from gametheory.arith import Ball

            v = {}
            for n, x in params.items():
                b = Ball.exact(x)
                v[n] = Ball(np.full((1,) * d, b.mid), np.full((1,) * d, b.rad))
        else:
            v = {n: np.full((1,) * d, float(x)) for n, x in params.items()}
        for derived_pass in (False, True):
            for i, name in enumerate(names):
                if (name in self.derived) != derived_pass:
                    continue
                given = axes[name]
                rad = None
                if certified and isinstance(given, Ball):
                    given, rad = given.mid, given.rad
                vals = np.asarray(given, dtype=float)
                if outer:
                    shape = [1] * d
                    shape[i] = -1
                    vals = vals.reshape(shape)
                    rad = None if rad is None else np.broadcast_to(rad, np.shape(given)).reshape(shape)
                if certified:
                    vals = Ball(vals) if rad is None else Ball(vals, rad)
                self.set_axis(v, name, vals)
        return v


class Params(Mapping[str, Fraction]):
    """An immutable, exact point of a :class:`ParameterSpace` (a mapping name -> Fraction).

    Values are checked against their sign restrictions; derived parameters are
    read with :meth:`get_any` and set with :meth:`replace`.
    """

    __slots__ = ("_values", "space", "__dict__")

    def __init__(self, values: Mapping[str, object], space: ParameterSpace):
        missing = [n for n in space.names if n not in values]
        if missing:
            raise UserInputError(f"missing parameters: {', '.join(missing)}")
        extra = [n for n in values if n not in space.specs]
        if extra:
            raise UserInputError(f"unknown parameter(s): {', '.join(extra)} (known: {', '.join(space.all_names)})")
        vals = {}
        for n in space.names:
            v = parse_value(values[n], n)
            space.specs[n].check(v)
            vals[n] = v
        self._values = vals
        self.space = space

    def replace(self, **changes: object) -> "Params":
        """A copy with some values changed; a derived parameter sets its target from its base.

        Giving a derived parameter together with its target is an error (they fix the same thing).
        """
        space = self.space
        for n in changes:
            space.check_name(n)
        for d in space.derived.values():
            if d.name in changes and d.target in changes:
                raise UserInputError(f"give {d.target} or {d.name}, not both ({d.name} sets {d.target})")
        values = dict(self._values)
        for n, v in changes.items():
            if n in space.specs:
                values[n] = parse_value(v, n)
        for n, v in changes.items():
            if n in space.derived:
                d = space.derived[n]
                values[d.target] = values[d.base] + parse_value(v, n)
                try:
                    space.specs[d.target].check(values[d.target])
                except UserInputError:
                    raise UserInputError(f"{n}={v} gives {d.target} = {d.base} + {n} = {values[d.target]}, which "
                                         f"breaks its sign restriction ({space.specs[d.target].sign})") from None
        return Params(values, space)

    def get_any(self, name: str) -> Fraction:
        """Value of a model or derived parameter."""
        self.space.check_name(name)
        if name in self.space.derived:
            d = self.space.derived[name]
            return self._values[d.target] - self._values[d.base]
        return self._values[name]

    @cached_property
    def as_floats(self) -> dict[str, float]:
        """Values as floats (for numeric code)."""
        return {n: float(v) for n, v in self._values.items()}

    def subs(self, without: Iterable[str] = ()) -> dict:
        """A sympy substitution dictionary ``{symbol: Rational}`` (``without``: parameters left symbolic, e.g.
        the one an axis moves)."""
        import sympy as sp

        skip = set(without)
        return {self.space.symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in self._values.items()
                if n not in skip}

    def __getitem__(self, name: str) -> Fraction:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Params) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v}" for n, v in self._values.items())
        return f"Params({inner})"


def substitute(expr, *steps: Mapping):
    """``expr`` with each mapping ``{Symbol: value}`` of ``steps`` applied in turn (exact).

    Each step replaces its symbols simultaneously (sympy's ``xreplace``: a structural
    replacement of atoms, rebuilt with sympy's automatic evaluation), which is what
    ``expr.subs(step)`` computes when the keys are symbols, without ``subs``' pattern
    matching (several times faster on the model's large rational expressions).  Steps
    run in order, so ``substitute(e, params.space.axis_substitution(name, theta), fixed)``
    first puts ``theta`` on the axis, then the fixed values into the result.
    """
    import sympy as sp

    expr = sp.sympify(expr)
    for step in steps:
        expr = expr.xreplace({k: sp.sympify(v) for k, v in step.items()})
    return expr


def cancel(expr):
    """``expr`` as ``P/Q`` with ``P`` and ``Q`` coprime expanded polynomials: the result of ``sympy.cancel``.

    For a ratio of polynomials with rational coefficients (sums, products and integer powers of
    symbols and rational numbers) this takes ``expr.as_numer_denom()`` and the coprime form of that
    fraction in sympy's polynomial ring (``sring`` and ``PolyElement.cancel``): the steps of
    ``sympy.cancel`` without its preparation of the expression (``signsimp``, ``factor_terms``), which
    leaves the fraction unchanged and took about 70% of the time on the model's quantities (8 times
    faster, the same expression: checked on every Cournot quantity of the resource game and on random
    rational functions by the tests).  Anything else (radicals, functions, floats) goes to
    ``sympy.cancel``.
    """
    import sympy as sp

    fraction = coprime_fraction(expr)
    if fraction is None:
        return sp.cancel(expr)
    P, Q = fraction
    return P.as_expr() / Q.as_expr()


def coprime_fraction(expr):
    """``(P, Q)``, coprime elements of sympy's polynomial ring in ``expr``'s symbols (``sring``) with
    ``expr = P/Q``, for a ratio of polynomials with rational coefficients (see :func:`cancel`); None for
    anything else and for a number.

    The numerator and denominator of ``expr.as_numer_denom()`` are evaluated in the ring by its own
    arithmetic (``PolyRing.from_expr``: sums, products and integer powers of polynomials) instead of by
    ``Expr.expand``, which ``sring`` calls and which took about 80% of this function's time on the model's
    expressions (3 times faster over the main job's 1,131 calls).  The ring is the one ``sring((p, q))``
    builds: the same generators in the same order (a symbol that cancels in the expansion is not one) and the
    same domain, ZZ (``as_numer_denom`` clears rational coefficients), so ``P`` and ``Q`` are the same
    elements.  Anything else goes to ``sring``.  The tests compare both paths.
    """
    import sympy as sp

    expr = sp.sympify(expr)
    if not expr.free_symbols or not _plain_rational(expr):
        return None
    p, q = expr.as_numer_denom()
    fraction = _fraction_in_ring(p, q)
    if fraction is None:
        _, fraction = sp.sring((p, q))
    F, G = fraction
    return F.cancel(G)


def _fraction_in_ring(p, q):
    """``(F, G)``: the polynomials ``p`` and ``q`` (sums, products, nonnegative integer powers of symbols and
    integers) in the ring ``sring((p, q))`` would build (over ZZ), computed by ring arithmetic; None when a
    coefficient is not an integer or a term not polynomial, when both are numbers, or when two symbols share a
    name."""
    symbols = frozenset(p.free_symbols | q.free_symbols)
    if len({s.name for s in symbols}) < len(symbols):       # two symbols of one name: sring's order is not fixed
        return None
    ring = _ring_of(symbols)
    try:
        F, G = ring.from_expr(p), ring.from_expr(q)
    except ValueError:                   # not integral (as_numer_denom clears rationals) or not a polynomial
        return None
    degrees = zip(F.degrees(), G.degrees())
    used = [s for s, (d, e) in zip(ring.symbols, degrees) if max(d, e) > 0]
    if len(used) < ring.ngens:           # sring's ring has only the symbols left after expansion
        if not used:
            return None
        sub = _ring_of(frozenset(used))
        F, G = F.set_ring(sub), G.set_ring(sub)
    return F, G


def rational_terms(expr, gens) -> dict | None:
    """``{exponents: Fraction}``, the nonzero terms of ``expr`` as a polynomial in ``gens`` (in their order) with
    rational coefficients: the terms of ``sympy.Poly(sympy.expand(expr), *gens)``; None when ``expr`` is not such a
    polynomial (another symbol, a negative power that does not cancel, an irrational coefficient).

    Sums, products and nonnegative integer powers of ``gens`` and rationals are evaluated in the ring
    ``QQ[gens]`` by its own arithmetic (``PolyRing.from_expr``), without ``Expr.expand``; anything else takes
    sympy's route (``Poly`` of the expansion), which also catches what only cancels once expanded.
    """
    import sympy as sp

    terms = _rational_terms(sp.sympify(expr), tuple(gens))
    return None if terms is None else dict(terms)


@lru_cache(maxsize=8192)
def _rational_terms(expr, gens: tuple) -> tuple | None:
    """:func:`rational_terms` as ``((exponents, Fraction), ...)``, cached: sign proofs ask for the same atoms in the
    same symbols again and again."""
    import sympy as sp

    if expr.free_symbols <= set(gens) and _plain_rational(expr):
        try:
            element = _rational_ring(gens).from_expr(expr)
        except ValueError:
            element = None
        if element is not None:
            return tuple((monomial, Fraction(int(c.numerator), int(c.denominator))) for monomial, c in element.items())
    try:
        poly = sp.Poly(sp.expand(expr), *gens)
    except sp.PolynomialError:
        return None
    if not (poly.domain.is_ZZ or poly.domain.is_QQ):
        return None
    return tuple((monomial, Fraction(int(c.p), int(c.q))) for monomial, c in poly.terms() if c != 0)


def rational_poly(expr, gens):
    """``sympy.Poly(sympy.expand(expr), *gens)`` over ZZ (integer coefficients) or QQ, from :func:`rational_terms`;
    None when ``expr`` is not a polynomial in ``gens`` with rational coefficients."""
    import sympy as sp

    terms = rational_terms(expr, gens)
    if terms is None:
        return None
    return sp.Poly.from_dict({m: sp.Rational(c.numerator, c.denominator) for m, c in terms.items()}, *gens)


@lru_cache(maxsize=256)
def _rational_ring(gens: tuple):
    """The polynomial ring ``QQ[gens]``, generators in the given order."""
    from sympy import QQ
    from sympy.polys.rings import PolyRing

    return PolyRing(gens, QQ)


@lru_cache(maxsize=256)
def _ring_of(symbols: frozenset):
    """The polynomial ring over ZZ in ``symbols``, with the generators in ``sring``'s order."""
    import sympy as sp

    ring, _ = sp.sring(tuple(symbols))
    return ring


def _plain_rational(e) -> bool:
    """Whether ``e`` is built from symbols and rational numbers by sums, products and integer powers."""
    if e.is_Symbol or e.is_Rational:
        return True
    if e.is_Add or e.is_Mul:
        return all(_plain_rational(a) for a in e.args)
    if e.is_Pow:
        return e.exp.is_Integer and _plain_rational(e.base)
    return False


def check_identifier(name: str, what: str = "parameter") -> str:
    """A parameter name a model may declare: a letter, then letters, digits or ``_`` (at most 40)."""
    if not isinstance(name, str) or not _NAME.match(name) or keyword.iskeyword(name):
        raise UserInputError(f"{what} name {name!r} is not allowed (a letter, then letters, digits or _, at most 40)")
    return name
