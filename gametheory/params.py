r"""Parameters of the two-region resource agglomeration game: names, LaTeX, defaults, parsing.

The table is ``shared/MODEL.md`` ("Parameters").  Every layer of the toolkit names
parameters through this module, so that the CLI (``--param tau_p=3/2``), the
symbolic model (``sympy`` symbols with assumptions) and the figures (axis labels
such as :math:`\tau_p`) agree.

Values are kept as exact :class:`fractions.Fraction` numbers; a user writes an
integer (``2``), a decimal (``0.25``, read exactly as ``1/4``) or a fraction
(``1/2``).

The derived parameter :math:`\Delta\gamma = \gamma_B - \gamma_A` (``Delta_gamma``)
is accepted everywhere a parameter is: setting it holds :math:`\gamma_A` fixed
and sets :math:`\gamma_B = \gamma_A + \Delta\gamma` (MODEL.md: "A sweep over the
gap holds gamma_A fixed and moves gamma_B").

Sign restrictions (the field's reading of MODEL.md, stated in the README):
``a_A, a_B, b, c > 0``; ``tau_r, tau_p, gamma_A, gamma_B, F_A, F_B >= 0``;
``e`` (regional effect) and ``Delta_gamma`` have any sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Iterator, Mapping

from gametheory.errors import UserInputError

__all__ = [
    "ParamSpec",
    "PARAMS",
    "PARAM_NAMES",
    "DERIVED",
    "Params",
    "parse_value",
    "parse_float",
    "parse_assignment",
    "latex_name",
    "symbol",
    "symbols",
]


@dataclass(frozen=True)
class ParamSpec:
    """One model parameter: code name, LaTeX, meaning, default and sign restriction.

    ``sign`` is ``"positive"`` (> 0), ``"nonnegative"`` (>= 0) or ``"real"``.
    """

    name: str
    latex: str
    meaning: str
    default: Fraction
    sign: str

    def check(self, value: Fraction) -> None:
        """Raise :class:`UserInputError` when ``value`` breaks the sign restriction."""
        if self.sign == "positive" and not value > 0:
            raise UserInputError(f"{self.name} must be > 0 ({self.meaning}); got {value}")
        if self.sign == "nonnegative" and not value >= 0:
            raise UserInputError(f"{self.name} must be >= 0 ({self.meaning}); got {value}")


_F = Fraction
PARAMS: dict[str, ParamSpec] = {
    p.name: p
    for p in [
        ParamSpec("a_A", "a_A", "demand intercept of market A", _F(6), "positive"),
        ParamSpec("a_B", "a_B", "demand intercept of market B", _F(12), "positive"),
        ParamSpec("b", "b", "demand slope, both markets", _F(1), "positive"),
        ParamSpec("c", "c", "base marginal cost", _F(2), "positive"),
        ParamSpec("e", "e", "regional effect: marginal-cost advantage of producing in A", _F(1, 5), "real"),
        ParamSpec("tau_r", r"\tau_r", "raw-material transport cost per unit of output produced in B", _F(1, 2), "nonnegative"),
        ParamSpec("tau_p", r"\tau_p", "final-product transport cost per unit shipped between regions", _F(1), "nonnegative"),
        ParamSpec("gamma_A", r"\gamma_A", "agglomeration effect in A", _F(2, 5), "nonnegative"),
        ParamSpec("gamma_B", r"\gamma_B", "agglomeration effect in B", _F(4, 5), "nonnegative"),
        ParamSpec("F_A", "F_A", "fixed cost of a plant in A", _F(0), "nonnegative"),
        ParamSpec("F_B", "F_B", "fixed cost of a plant in B", _F(0), "nonnegative"),
    ]
}
PARAM_NAMES: tuple[str, ...] = tuple(PARAMS)

#: Derived parameters: name -> (LaTeX, meaning).
DERIVED: dict[str, tuple[str, str]] = {
    "Delta_gamma": (r"\Delta\gamma", "agglomeration gap gamma_B - gamma_A (sets gamma_B, gamma_A held fixed)"),
}

_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(\s*/\s*[+-]?\d+)?\s*$")


def parse_value(text: str | int | float | Fraction, name: str = "value") -> Fraction:
    """Parse an integer, a decimal or a fraction exactly.

    >>> parse_value("1/2"), parse_value("0.25"), parse_value(3)
    (Fraction(1, 2), Fraction(1, 4), Fraction(3, 1))

    A float is taken at its exact binary value only if it is a short decimal;
    ``0.1`` becomes ``1/10`` (through its repr), which is what a user means.
    """
    if isinstance(text, Fraction):  # exact values built by the toolkit itself: no range check
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
            f"{name}: malformed value {shown!r} (write an integer, a decimal or a fraction such as 1/2)"
        )
    mantissa_exp = re.search(r"[eE]([+-]?\d+)", text)
    if mantissa_exp and abs(int(mantissa_exp.group(1))) > 60:  # refuse before building a huge integer
        raise UserInputError(f"{name}: {text.strip()} is out of range (magnitudes from {MIN_MAGNITUDE:g} to "
                             f"{MAX_MAGNITUDE:g} are supported)")
    try:
        value = Fraction(text.replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise UserInputError(f"{name}: malformed value {text!r} (division by zero?)") from None
    return _check_magnitude(value, name, text.strip())


#: Largest magnitude of a parameter value: beyond it float evaluation (squares of quantities) may overflow.
MAX_MAGNITUDE = 1e12
#: Smallest nonzero magnitude: below it a value underflows in the float paths.
MIN_MAGNITUDE = 1e-12


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
    value = float(parse_value(text, name) if isinstance(text, str) else parse_value(text, name))
    if minimum is not None and (value < minimum or (strict_minimum and value == minimum)):
        raise UserInputError(f"{name} must be {'>' if strict_minimum else '>='} {minimum:g}; got {text}")
    if maximum is not None and value > maximum:
        raise UserInputError(f"{name} must be <= {maximum:g}; got {text}")
    return value


def parse_assignment(text: str) -> tuple[str, Fraction]:
    """Parse ``NAME=VALUE`` (the CLI's ``--param``), checking that NAME exists."""
    if "=" not in text:
        raise UserInputError(f"--param expects NAME=VALUE, got {text!r}")
    name, value = (s.strip() for s in text.split("=", 1))
    _check_name(name)
    return name, parse_value(value, name)


def _check_name(name: str) -> None:
    if name not in PARAMS and name not in DERIVED:
        known = ", ".join(list(PARAMS) + list(DERIVED))
        raise UserInputError(f"unknown parameter {name!r} (known: {known})")


def latex_name(name: str) -> str:
    """LaTeX of a parameter or derived parameter name, e.g. ``tau_p -> \\tau_p``."""
    _check_name(name)
    return PARAMS[name].latex if name in PARAMS else DERIVED[name][0]


def symbol(name: str):
    """The sympy symbol of a parameter, carrying its sign assumption.

    ``Delta_gamma`` is a real symbol.  Symbols are cached by sympy, so two
    calls give the same object.
    """
    import sympy as sp

    _check_name(name)
    if name in DERIVED:
        return sp.Symbol(name, real=True)
    sign = PARAMS[name].sign
    kwargs = {"positive": True} if sign == "positive" else {"nonnegative": True} if sign == "nonnegative" else {"real": True}
    return sp.Symbol(name, **kwargs)


def symbols() -> dict[str, object]:
    """All parameter symbols by name (model parameters only)."""
    return {n: symbol(n) for n in PARAMS}


class Params(Mapping[str, Fraction]):
    """An immutable, exact parameter set of the model (a mapping name -> Fraction).

    >>> p = Params.defaults().replace(tau_p="3/2", Delta_gamma="1/2")
    >>> p["tau_p"], p["gamma_B"], p.delta_gamma
    (Fraction(3, 2), Fraction(9, 10), Fraction(1, 2))
    """

    __slots__ = ("_values", "__dict__")

    def __init__(self, values: Mapping[str, Fraction]):
        missing = [n for n in PARAMS if n not in values]
        if missing:
            raise UserInputError(f"missing parameters: {', '.join(missing)}")
        vals = {}
        for n in PARAMS:
            v = parse_value(values[n], n)
            PARAMS[n].check(v)
            vals[n] = v
        extra = [n for n in values if n not in PARAMS]
        if extra:
            raise UserInputError(f"unknown parameter(s): {', '.join(extra)}")
        self._values = vals

    @classmethod
    def defaults(cls) -> "Params":
        """The defaults of MODEL.md."""
        return cls({n: s.default for n, s in PARAMS.items()})

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object] | None = None) -> "Params":
        """Defaults with ``overrides`` applied (see :meth:`replace`)."""
        return cls.defaults().replace(**dict(overrides or {}))

    @classmethod
    def from_assignments(cls, assignments: list[str] | None) -> "Params":
        """Defaults with CLI ``NAME=VALUE`` strings applied; a name given twice is an error."""
        pairs = [parse_assignment(a) for a in assignments or []]
        names = [n for n, _ in pairs]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise UserInputError(f"parameter given more than once: {', '.join(dup)}")
        return cls.defaults().replace(**dict(pairs))

    def replace(self, **changes: object) -> "Params":
        """A copy with some values changed; ``Delta_gamma`` sets ``gamma_B = gamma_A + Delta_gamma``.

        Giving both ``gamma_B`` and ``Delta_gamma`` is an error (they fix the same thing).
        """
        for n in changes:
            _check_name(n)
        if "gamma_B" in changes and "Delta_gamma" in changes:
            raise UserInputError("give gamma_B or Delta_gamma, not both (Delta_gamma sets gamma_B)")
        values = dict(self._values)
        for n, v in changes.items():
            if n in PARAMS:
                values[n] = parse_value(v, n)
        if "Delta_gamma" in changes:
            values["gamma_B"] = values["gamma_A"] + parse_value(changes["Delta_gamma"], "Delta_gamma")
            if values["gamma_B"] < 0:
                raise UserInputError(
                    f"Delta_gamma={changes['Delta_gamma']} gives gamma_B = gamma_A + Delta_gamma = "
                    f"{values['gamma_B']} < 0"
                )
        return Params(values)

    @property
    def delta_gamma(self) -> Fraction:
        """The agglomeration gap gamma_B - gamma_A."""
        return self._values["gamma_B"] - self._values["gamma_A"]

    def get_any(self, name: str) -> Fraction:
        """Value of a model or derived parameter."""
        _check_name(name)
        return self.delta_gamma if name == "Delta_gamma" else self._values[name]

    @cached_property
    def as_floats(self) -> dict[str, float]:
        """Values as floats (for numeric code)."""
        return {n: float(v) for n, v in self._values.items()}

    def subs(self) -> dict[object, object]:
        """A sympy substitution dictionary ``{symbol: Rational}``."""
        import sympy as sp

        return {symbol(n): sp.Rational(v.numerator, v.denominator) for n, v in self._values.items()}

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
