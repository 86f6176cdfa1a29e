r"""Users' location games: payoffs written as expressions (a TOML model file or a few lines of Python).

A model file::

    [model]
    name = "congestion"
    description = "Firms gain from the resource, lose to crowding"

    [parameters]            # default (exact), sign: positive | nonnegative | any; optional latex, meaning
    alpha = { default = "5", sign = "positive", latex = "\\alpha" }
    beta  = { default = "1", sign = "nonnegative" }
    e     = { default = "1/5", sign = "any" }

    [payoffs]               # Pi_A: payoff of a firm in A when n_A firms are in A (itself included)
    A = "alpha + e - beta * (n_A - 1) / (N - 1)"      # defined for n_A >= 1
    B = "alpha - beta * (n_B - 1) / (N - 1)"          # Pi_B, defined for n_B >= 1; n_B = N - n_A

    [domain]                # optional inequalities that must hold
    conditions = ["alpha - beta > 0"]

    [patterns]              # optional words for n_A = N, n_A = 0 and the splits
    all_A = "resource cluster"
    all_B = "zero-resource economy"

**Payoff strings are untrusted input.**  They are parsed by Python's own parser into a
syntax tree (never evaluated), and every node is checked against a whitelist: numbers
(integers and decimals, read exactly), the names ``n_A``, ``n_B``, ``N`` and the declared
parameters, ``+ - * / **``, parentheses and the functions ``sqrt, exp, log, Min, Max,
Abs``.  Anything else (attribute access, subscripts, ``__import__``, lambdas, keyword
arguments, comparisons, unknown names, strings, a text over :data:`MAX_TEXT` characters,
an integer exponent above :data:`MAX_EXPONENT`) is refused with one line naming the
offending token.  The checked tree becomes a sympy expression (the symbolic model), and
numbers are computed by walking that expression with the arithmetic of
:mod:`gametheory.arith` (exact fractions, float arrays, certified balls): no code is
generated or executed.

The model has one regime (its formula); ``Min``/``Max``/``Abs`` stay as sympy functions,
so conditions involving them are stated but their signs are not proved.
"""

from __future__ import annotations

import ast
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from gametheory.errors import UserInputError
from gametheory.models.base import DomainCondition, LocationModel, SymbolicConfiguration, nonempty
from gametheory.params import ParameterSpace, ParamSpec, check_identifier, parse_value

__all__ = ["ExpressionModel", "parse_expression", "MAX_TEXT", "MAX_EXPONENT", "FUNCTIONS", "RESERVED"]

#: Longest payoff or condition text accepted.
MAX_TEXT = 10_000
#: Largest integer exponent accepted (``x**MAX_EXPONENT``).
MAX_EXPONENT = 64
#: The functions a payoff may call, with their number of arguments (None: two or more).
FUNCTIONS = {"sqrt": 1, "exp": 1, "log": 1, "Abs": 1, "Min": None, "Max": None}
#: Names with a fixed meaning in payoffs.
RESERVED = ("n_A", "n_B", "N")
_MAX_NODES = 2_000


# ------------------------------------------------------------------ parser
def _token(node: ast.AST, text: str) -> str:
    seg = ast.get_source_segment(text, node)
    if seg is None:
        seg = type(node).__name__
    return seg if len(seg) <= 40 else seg[:37] + "..."


def parse_expression(text: Any, names: Mapping[str, Any], where: str = "expression", *, relation: bool = False):
    """A sympy expression (or, with ``relation=True``, ``(lhs - rhs, rel)``) from an untrusted string.

    ``names`` maps the allowed names to sympy symbols.  See the module docstring for the grammar.
    """
    import sympy as sp

    if not isinstance(text, str):
        raise UserInputError(f"{where}: expected a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise UserInputError(f"{where}: the text is {len(text):,} characters long (at most {MAX_TEXT:,})")
    if not text.strip():
        raise UserInputError(f"{where}: empty expression")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise UserInputError(f"{where}: syntax error at column {exc.offset}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise UserInputError(f"{where}: the expression is nested too deeply") from None
    src = text.strip()
    count = sum(1 for _ in ast.walk(tree))
    if count > _MAX_NODES:
        raise UserInputError(f"{where}: the expression has {count:,} parts (at most {_MAX_NODES:,})")
    body = tree.body
    rel = None
    if relation:
        if not isinstance(body, ast.Compare) or len(body.ops) != 1:
            raise UserInputError(f"{where}: expected one inequality such as 'alpha - beta > 0'")
        op = type(body.ops[0])
        ops = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<="}
        if op not in ops:
            raise UserInputError(f"{where}: the relation must be >, >=, < or <= (got {_token(body, src)!r})")
        rel = ops[op]

    def build(node: ast.AST):
        if isinstance(node, ast.BinOp):
            a, b = build(node.left), build(node.right)
            op = type(node.op)
            if op is ast.Add:
                return a + b
            if op is ast.Sub:
                return a - b
            if op is ast.Mult:
                return a * b
            if op is ast.Div:
                if b == 0:
                    raise UserInputError(f"{where}: division by zero in {_token(node, src)!r}")
                return a / b
            if op is ast.Pow:
                if b.is_Integer and abs(int(b)) > MAX_EXPONENT:
                    raise UserInputError(f"{where}: exponent {int(b)} is too large (at most {MAX_EXPONENT})")
                if b.is_number and not b.is_Rational:
                    raise UserInputError(f"{where}: exponent {_token(node.right, src)!r} must be a rational number "
                                         "or an expression of the parameters")
                return sp.Pow(a, b)
            raise UserInputError(f"{where}: operator {_token(node, src)!r} is not allowed (use + - * / **)")
        if isinstance(node, ast.UnaryOp) and type(node.op) in (ast.USub, ast.UAdd):
            v = build(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise UserInputError(f"{where}: {_token(node, src)!r} is not allowed (only numbers)")
            seg = ast.get_source_segment(src, node) or repr(v)
            exact = parse_value(seg, where) if isinstance(v, float) else Fraction(v)
            if isinstance(v, int) and abs(v) > 10**15:
                raise UserInputError(f"{where}: the number {_token(node, src)} is too large")
            return sp.Rational(exact.numerator, exact.denominator)
        if isinstance(node, ast.Name):
            if node.id in names:
                return names[node.id]
            allowed = ", ".join(names)
            raise UserInputError(f"{where}: unknown name {node.id!r} (allowed: {allowed})")
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                raise UserInputError(f"{where}: attribute access {_token(node.func, src)!r} is not allowed")
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise UserInputError(f"{where}: call of {_token(node.func, src)!r} is not allowed "
                                     f"(functions: {', '.join(FUNCTIONS)})")
            if node.keywords:
                raise UserInputError(f"{where}: keyword arguments are not allowed in {_token(node, src)!r}")
            args = [build(a) for a in node.args]
            need = FUNCTIONS[node.func.id]
            if (need is None and len(args) < 2) or (need is not None and len(args) != need):
                raise UserInputError(f"{where}: {node.func.id} takes {need or 'two or more'} argument(s)")
            return {"sqrt": sp.sqrt, "exp": sp.exp, "log": sp.log, "Abs": sp.Abs, "Min": sp.Min,
                    "Max": sp.Max}[node.func.id](*args)
        if isinstance(node, ast.Attribute):
            raise UserInputError(f"{where}: attribute access {_token(node, src)!r} is not allowed")
        if isinstance(node, ast.Compare):
            raise UserInputError(f"{where}: a comparison {_token(node, src)!r} is not allowed here")
        raise UserInputError(f"{where}: {_token(node, src)!r} is not allowed")

    try:
        if relation:
            lhs, rhs = build(body.left), build(body.comparators[0])
            diff = lhs - rhs if rel in (">", ">=") else rhs - lhs
            return sp.expand(diff) if diff.is_polynomial() else diff, (">" if rel in (">", "<") else ">=")
        return build(body)
    except RecursionError:
        raise UserInputError(f"{where}: the expression is nested too deeply") from None


# --------------------------------------------------------------- evaluator
def _is_object_array(x) -> bool:
    return isinstance(x, np.ndarray) and x.dtype == object


def _apply(f, x):
    """``f`` on exact object arrays elementwise, else directly (arith functions dispatch on type)."""
    if _is_object_array(x):
        return np.frompyfunc(f, 1, 1)(x)
    return f(x)


def _power(x, y):
    from gametheory import arith

    if isinstance(y, Fraction) and y.denominator == 1:
        y = int(y)
    if isinstance(y, int):
        return x ** y
    if isinstance(y, Fraction) and y == Fraction(1, 2):
        return _apply(arith.sqrt, x)
    return _apply(arith.exp, _apply(arith.log, x) * y) if not arith.is_exact(x) or not arith.is_exact(y) \
        else _sympy_pow(x, y)


def _sympy_pow(x, y):
    import sympy as sp

    conv = lambda v: sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else v
    return sp.Pow(conv(x), conv(y))


def evaluate(expr, env: Mapping[Any, Any]):
    """Value of a sympy expression with the symbols bound in ``env``, in the arithmetic of the values.

    A tree walk (no code is generated): exact scalars and object arrays of Fractions stay
    exact (``sqrt``/``exp``/``log`` give exact sympy numbers), float arrays stay floats,
    :class:`~gametheory.arith.Ball` values stay certified.
    """
    import sympy as sp

    from gametheory import arith

    balls = any(isinstance(x, arith.Ball) for x in env.values())
    floats = not balls and any(isinstance(x, np.ndarray) and x.dtype != object or isinstance(x, float)
                               for x in env.values())
    const = float if floats else (lambda q: q)   # with balls, constants keep their exact value (and error)

    def walk(e):
        if e.is_Symbol:
            return env[e]
        if e.is_Integer:
            return int(e)
        if e.is_Rational:
            return const(Fraction(int(e.p), int(e.q)))
        if e.is_Add:
            out = walk(e.args[0])
            for a in e.args[1:]:
                out = out + walk(a)
            return out
        if e.is_Mul:
            out = walk(e.args[0])
            for a in e.args[1:]:
                out = out * walk(a)
            return out
        if e.is_Pow:
            base, ex = walk(e.args[0]), walk(e.args[1])
            if isinstance(ex, int) and ex < 0:
                return const(Fraction(1)) / _power(base, -ex)
            return _power(base, ex)
        if isinstance(e, sp.exp):
            return _apply(arith.exp, walk(e.args[0]))
        if isinstance(e, sp.log):
            return _apply(arith.log, walk(e.args[0]))
        if isinstance(e, sp.Abs):
            return _apply(arith.absolute, walk(e.args[0]))
        if isinstance(e, (sp.Min, sp.Max)):
            f = arith.minimum if isinstance(e, sp.Min) else arith.maximum
            vals = [walk(a) for a in e.args]
            out = vals[0]
            for v in vals[1:]:
                out = np.frompyfunc(f, 2, 1)(out, v) if _is_object_array(out) or _is_object_array(v) else f(out, v)
            return out
        if e is sp.E:
            return _apply(arith.exp, 1)
        if e.is_number:
            raise UserInputError(f"cannot evaluate the number {e}")
        raise UserInputError(f"cannot evaluate {e}")

    return walk(expr)


# ------------------------------------------------------------------- model
class ExpressionModel(LocationModel):
    """A location game whose payoffs are expressions in ``n_A``, ``n_B``, ``N`` and declared parameters."""

    def __init__(self, *, name: str, payoff_A: str, payoff_B: str, parameters: Mapping[str, Mapping | Any],
                 conditions=(), description: str = "", patterns: Mapping[str, str] | None = None,
                 source: str = "expressions"):
        import sympy as sp

        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            raise UserInputError(f"{source}: the model needs a name (at most 80 characters)")
        self.name = name.strip()
        self.title = self.name
        self.description = str(description or "")
        self.source = source
        specs = []
        if not isinstance(parameters, Mapping) or not parameters:
            raise UserInputError(f"{source}: declare at least one parameter ([parameters])")
        for pname, spec in parameters.items():
            check_identifier(pname)
            if pname in RESERVED or pname in FUNCTIONS:
                raise UserInputError(f"{source}: parameter name {pname!r} is reserved ({', '.join(RESERVED)} and "
                                     f"the function names)")
            if not isinstance(spec, Mapping):
                spec = {"default": spec}
            unknown = set(spec) - {"default", "sign", "latex", "meaning"}
            if unknown:
                raise UserInputError(f"{source}: parameter {pname}: unknown key(s) {', '.join(sorted(unknown))} "
                                     "(known: default, sign, latex, meaning)")
            if "default" not in spec:
                raise UserInputError(f"{source}: parameter {pname} needs a default")
            default = spec["default"]
            if not isinstance(default, (str, int, float)) or isinstance(default, bool):
                raise UserInputError(f"{source}: parameter {pname}: default must be a number or a string such as '1/2'")
            sign = spec.get("sign", "any")
            if sign not in ("positive", "nonnegative", "any", "real"):
                raise UserInputError(f"{source}: parameter {pname}: sign must be positive, nonnegative or any "
                                     f"(got {sign!r})")
            latex = spec.get("latex", pname)
            meaning = spec.get("meaning", pname)
            if not isinstance(latex, str) or not isinstance(meaning, str) or len(latex) > 100 or len(meaning) > 300:
                raise UserInputError(f"{source}: parameter {pname}: latex and meaning must be short strings")
            try:
                specs.append(ParamSpec(pname, latex, meaning, parse_value(default, f"{pname} (default)"), sign))
            except UserInputError as exc:
                raise UserInputError(f"{source}: {exc}") from None
        self.space = ParameterSpace(specs)
        self.threshold_parameters = self.space.names
        self.statics_parameters = self.space.names
        names = dict(self.space.symbols())
        self._nA, self._nB = sp.Symbol("n_A", integer=True, nonnegative=True), \
            sp.Symbol("n_B", integer=True, nonnegative=True)
        self._N = sp.Symbol("N", integer=True, positive=True)
        names.update({"n_A": self._nA, "n_B": self._nB, "N": self._N})
        self.expr_A = parse_expression(payoff_A, names, f"{source}: payoff A")
        self.expr_B = parse_expression(payoff_B, names, f"{source}: payoff B")
        self.text_A, self.text_B = payoff_A, payoff_B
        if isinstance(conditions, str) or not isinstance(conditions, (list, tuple)):
            raise UserInputError(f"{source}: domain conditions must be a list of strings")
        self.conditions = tuple(parse_expression(c, names, f"{source}: domain condition {i + 1}", relation=True)
                                + (c,) for i, c in enumerate(conditions))
        words = dict(self.pattern_words)
        for key, word in (patterns or {}).items():
            if key not in words or not isinstance(word, str) or len(word) > 80:
                raise UserInputError(f"{source}: [patterns] takes all_A, all_B, split (short strings); got {key!r}")
            words[key] = word
        self.pattern_words = words
        self.short_words = dict(words) if patterns else dict(LocationModel.short_words)
        names_used = sorted(self.space.names)
        self.map_axes = ((names_used[0], names_used[1]),) if len(names_used) >= 2 else ()

    # ----------------------------------------------------------- construct
    @classmethod
    def from_file(cls, path) -> "ExpressionModel":
        """A model from a TOML model file (see the module docstring)."""
        import tomllib

        p = Path(path)
        if not p.exists():
            raise UserInputError(f"model file {path}: not found")
        if p.is_dir():
            raise UserInputError(f"model file {path}: is a folder")
        if p.stat().st_size > 1_000_000:
            raise UserInputError(f"model file {path}: larger than 1 MB")
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise UserInputError(f"model file {path}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise UserInputError(f"model file {path}: malformed TOML: {exc}") from None
        return cls.from_dict(data, source=f"model file {p.name}")

    @classmethod
    def from_dict(cls, data: Mapping, source: str = "model") -> "ExpressionModel":
        """A model from the parsed TOML table."""
        unknown = set(data) - {"model", "parameters", "payoffs", "domain", "patterns"}
        if unknown:
            raise UserInputError(f"{source}: unknown table(s) {', '.join(sorted(unknown))} "
                                 "(known: model, parameters, payoffs, domain, patterns)")
        model = data.get("model", {})
        payoffs = data.get("payoffs")
        if not isinstance(model, Mapping) or not isinstance(payoffs, Mapping):
            raise UserInputError(f"{source}: needs the tables [model] and [payoffs]")
        extra = set(model) - {"name", "description"}
        if extra:
            raise UserInputError(f"{source}: [model] takes name and description; unknown {', '.join(sorted(extra))}")
        if set(payoffs) != {"A", "B"}:
            raise UserInputError(f"{source}: [payoffs] needs exactly A and B (got {', '.join(sorted(payoffs)) or 'none'})")
        domain = data.get("domain", {})
        if not isinstance(domain, Mapping) or set(domain) - {"conditions"}:
            raise UserInputError(f"{source}: [domain] takes one key, conditions (a list of inequalities)")
        return cls(name=model.get("name", ""), description=model.get("description", ""), payoff_A=payoffs["A"],
                   payoff_B=payoffs["B"], parameters=data.get("parameters", {}),
                   conditions=domain.get("conditions", []), patterns=data.get("patterns"), source=source)

    # ------------------------------------------------------------ formulas
    def _env(self, N, k, v) -> dict:
        from gametheory.arith import Ball

        if any(isinstance(x, Ball) for x in v.values()) and not isinstance(k, Ball):
            k = Ball.exact(np.asarray(k, dtype=float))   # certified: every operation on n_A is tracked too
        env = {self.space.symbol(n): v[n] for n in self.space.names}
        env[self._N] = N
        env[self._nA] = k
        env[self._nB] = N - k
        return env

    def payoffs(self, N, k, v):
        env = self._env(N, k, v)
        return _guarded(self.expr_A, env), _guarded(self.expr_B, env)

    def domain(self, N, v) -> list[DomainCondition]:
        env = self._env(N, 0, v)
        return [DomainCondition(evaluate(expr, env), rel, f"{text.strip()}") for expr, rel, text in self.conditions]

    def payoff_table(self, N: int, params) -> tuple[list, list]:
        """Exact table, evaluated once over an object array of configurations (exact arithmetic)."""
        from gametheory.models.base import exact_payoff

        k = np.array([Fraction(i) for i in range(N + 1)], dtype=object)
        v = dict(params)
        env = self._env(N, k, v)
        A: list = [None] * (N + 1)
        B: list = [None] * (N + 1)
        for region, expr, out, ks in (("A", self.expr_A, A, range(1, N + 1)), ("B", self.expr_B, B, range(N))):
            try:
                vals = evaluate(expr, env)
            except ZeroDivisionError:
                vals = None
            if not isinstance(vals, np.ndarray):
                vals = np.array([vals] * (N + 1), dtype=object) if vals is not None else None
            for i in ks:
                if vals is None:
                    val = _exact_one(expr, self._env(N, Fraction(i), v), region, i)
                else:
                    val = vals[i]
                out[i] = exact_payoff(val, region, i)
        return A, B

    def symbolic(self, N, k, regime=None) -> SymbolicConfiguration:
        import sympy as sp

        subs = {self._N: N, self._nA: k, self._nB: N - k}
        has_A, has_B = nonempty(N, k)
        pi = {"A": sp.simplify(self.expr_A.subs(subs)) if has_A else None,
              "B": sp.simplify(self.expr_B.subs(subs)) if has_B else None}
        return SymbolicConfiguration(N, k, None, pi, tuple(self._positive_atoms(N)), ())

    def _positive_atoms(self, N):
        """The domain's strict conditions as positive atoms (they hold wherever the model is defined)."""
        return [expr.subs({self._N: N}) for expr, rel, _ in self.conditions if rel == ">"]

    def describe_regime(self, regime, N, k) -> str:
        return "model's own formulas (one regime)"

    @cached_property
    def is_rational(self) -> bool:
        """True when the payoffs are rational functions (exact arithmetic throughout)."""
        import sympy as sp

        return all(not e.has(sp.exp, sp.log, sp.Min, sp.Max, sp.Abs) and all(
            p.exp.is_Integer for p in e.atoms(sp.Pow)) for e in (self.expr_A, self.expr_B))

    def to_dict(self) -> dict:
        """The model as the tables of a model file."""
        params = {n: {"default": str(s.default), "sign": "any" if s.sign == "real" else s.sign, "latex": s.latex,
                      "meaning": s.meaning} for n, s in self.space.specs.items()}
        return {"model": {"name": self.name, "description": self.description}, "parameters": params,
                "payoffs": {"A": self.text_A, "B": self.text_B},
                "domain": {"conditions": [c[2] for c in self.conditions]}}


def _guarded(expr, env):
    """Evaluate; a division by zero in exact arithmetic gives None (the payoff is undefined there)."""
    try:
        with np.errstate(all="ignore"):
            return evaluate(expr, env)
    except ZeroDivisionError:
        return None


def _exact_one(expr, env, region, k):
    try:
        return evaluate(expr, env)
    except ZeroDivisionError:
        raise UserInputError(f"the payoff of a firm in {region} is undefined with n_A = {k} (division by zero)") \
            from None
