r"""The arithmetics a model's formulas are written in: exact, float, and certified (balls).

A model writes each formula once, in the operators ``+ - * / **`` and the few
functions of this module (:func:`where`, :func:`pos`, :func:`minimum`,
:func:`maximum`, :func:`absolute`, :func:`sqrt`, :func:`exp`, :func:`log`).  The
same code then runs on

* **exact** scalars (``int``, :class:`~fractions.Fraction`; ``sqrt``/``exp``/``log``
  give exact sympy numbers): one parameter point, exact payoffs;
* **float** numpy arrays: vectorised over parameter grids and configurations;
* **certified** :class:`Ball` arrays (midpoint-radius interval arithmetic): the float
  result together with a rigorous bound on its error, so that a float decides a sign
  only where the value lies farther from zero than its bound (:func:`certified_sign`),
  and the exact path is asked otherwise.

Ball arithmetic (e.g. van der Hoeven, "Ball arithmetic", 2010; Johansson, "Arb",
IEEE TC 2017): a ball :math:`[m \pm r]` contains the true value.  With unit
roundoff :math:`u = 2^{-53}` and :math:`\tilde z` the rounded result,

* :math:`x \pm y`: :math:`r_z = r_x + r_y + u|\tilde z|`;
* :math:`xy`: :math:`r_z = |m_x| r_y + |m_y| r_x + r_x r_y + u|\tilde z|`;
* :math:`x/y` (:math:`|m_y| > r_y`): :math:`r_z = (|m_x| r_y + |m_y| r_x)/(|m_y|(|m_y| - r_y)) + u|\tilde z|`;
* 1-Lipschitz functions (``pos``, ``minimum``, ``maximum``, ``absolute``) keep the radius;
  ``sqrt``, ``exp``, ``log`` use their exact moduli of continuity on the ball;
* a branch :func:`where` whose condition is not certain at a point keeps the midpoint of
  the branch the midpoints choose and widens its radius to cover both branches' balls (for
  the continuous piecewise formulas of Cournot corners the widening stays small).

Each radius is multiplied by :math:`1 + 8u` and increased by :data:`ETA` (the smallest
normal number) to cover the rounding of the radius computation itself and underflow.
NaN radii (a branch evaluated outside its domain) count as infinite.  Assumption: no
overflow (parameter magnitudes are bounded by :data:`gametheory.params.MAX_MAGNITUDE`).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

__all__ = ["Ball", "UniformBall", "Decision", "where", "select", "pos", "minimum", "maximum", "absolute", "sqrt", "exp", "log",
           "certified_sign", "exact_sign", "is_exact", "U", "ETA"]

#: Unit roundoff of IEEE double precision.
U = 2.0 ** -53
#: Added to every radius: covers underflow (the smallest normal double).
ETA = 2.0 ** -1022
_GROW = 1.0 + 8 * U


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _clean(r: np.ndarray) -> np.ndarray:
    """Grow a freshly computed radius (in place) to cover the rounding of its own computation.

    A NaN radius (a branch evaluated outside its domain) stays NaN: every test of a ball
    (``mid > rad``...) is False for it, so it is never certain, like an infinite radius.
    """
    r = np.asarray(r, dtype=float)
    if r.ndim == 0:
        return r * _GROW + ETA
    r *= _GROW
    r += ETA
    return r


def _is_plain(x) -> bool:
    """A plain float or int that is exactly representable (no rounding radius needed)."""
    if isinstance(x, float):
        return True
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool) and abs(int(x)) <= 2 ** 53


class Ball:
    """Arrays of balls ``[mid +- rad]`` that contain the true values (see the module docstring)."""

    __slots__ = ("mid", "rad")
    __array_priority__ = 1000  # numpy defers to our reflected operators

    def __init__(self, mid, rad=0.0):
        self.mid = _arr(mid)
        self.rad = np.broadcast_to(_arr(rad), self.mid.shape) if np.ndim(rad) == 0 else _arr(rad)

    # ---------------------------------------------------------------- make
    @classmethod
    def exact(cls, value) -> "Ball":
        """A ball around an exact number (int, Fraction, float) or an array of floats (taken as exact)."""
        if isinstance(value, Ball):
            return value
        if isinstance(value, Fraction):
            m = float(value)
            return cls(m, 0.0 if Fraction(m) == value else U * abs(m) + ETA)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            m = float(value)
            return cls(m, 0.0 if int(m) == int(value) else U * abs(m) + ETA)
        return cls(_arr(value), 0.0)

    @property
    def shape(self):
        return self.mid.shape

    def __getitem__(self, idx) -> "Ball":
        return Ball(self.mid[idx], self.rad[idx])

    def __repr__(self) -> str:
        return f"Ball(mid={self.mid!r}, rad={self.rad!r})"

    def contains(self, x) -> np.ndarray:
        """Whether the exact number(s) ``x`` lie in the balls (a test helper; exact comparison)."""
        xs = np.asarray(x, dtype=object)
        out = np.empty(np.broadcast_shapes(xs.shape, self.mid.shape), dtype=bool)
        for idx in np.ndindex(out.shape):
            m = Fraction(float(np.broadcast_to(self.mid, out.shape)[idx]))
            r = float(np.broadcast_to(self.rad, out.shape)[idx])
            v = Fraction(np.broadcast_to(xs, out.shape)[idx])
            out[idx] = r == math.inf or abs(v - m) <= Fraction(r)
        return out

    # ---------------------------------------------------------- arithmetic
    def __neg__(self) -> "Ball":
        return Ball(-self.mid, self.rad)

    def __pos__(self) -> "Ball":
        return self

    def __add__(self, other) -> "Ball":
        if _is_plain(other):
            m = self.mid + other
            r = np.abs(m)
            r *= U
            r += self.rad
            return Ball(m, _clean(r))
        o = Ball.exact(other)
        m = self.mid + o.mid
        r = np.abs(m)
        r *= U
        r = r + self.rad + o.rad
        return Ball(m, _clean(r))

    __radd__ = __add__

    def __sub__(self, other) -> "Ball":
        if _is_plain(other):
            return self + (-other)
        o = Ball.exact(other)
        m = self.mid - o.mid
        r = np.abs(m)
        r *= U
        r = r + self.rad + o.rad
        return Ball(m, _clean(r))

    def __rsub__(self, other) -> "Ball":
        if _is_plain(other):
            return (-self) + other
        return Ball.exact(other) - self

    def __mul__(self, other) -> "Ball":
        if _is_plain(other):
            m = self.mid * other
            r = np.abs(m)
            r *= U
            r += self.rad * abs(other)
            return Ball(m, _clean(r))
        o = Ball.exact(other)
        m = self.mid * o.mid
        with np.errstate(invalid="ignore"):
            r = np.abs(m)
            r *= U
            r = r + np.abs(self.mid) * o.rad + np.abs(o.mid) * self.rad + self.rad * o.rad
        return Ball(m, _clean(r))

    __rmul__ = __mul__

    def __truediv__(self, other) -> "Ball":
        if _is_plain(other) and other != 0:
            m = self.mid / other
            r = np.abs(m)
            r *= U
            r += self.rad / abs(other)
            return Ball(m, _clean(r))
        o = Ball.exact(other)
        ay = np.abs(o.mid)
        ok = ay > o.rad
        with np.errstate(divide="ignore", invalid="ignore"):
            m = self.mid / o.mid
            r = (np.abs(self.mid) * o.rad + ay * self.rad) / (ay * (ay - o.rad)) + U * np.abs(m)
        if not np.all(ok):
            m = np.where(ok, m, 0.0)
            r = np.where(ok, r, np.inf)
        return Ball(m, _clean(r))

    def __rtruediv__(self, other) -> "Ball":
        return Ball.exact(other) / self

    def __pow__(self, n) -> "Ball":
        if isinstance(n, Fraction) and n.denominator == 1:
            n = n.numerator
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
            return exp(log(self) * n)
        if n < 0:
            return 1 / (self ** (-n))
        return power_by_squaring(self, n, Ball.exact(1))

    # ---------------------------------------------------------- comparisons
    def _sign_decision(self, strict: bool) -> "Decision":
        """Decision of ``self > 0`` (strict) or ``self >= 0``."""
        m, r = self.mid, self.rad
        if strict:
            return Decision(m > 0, (m > r) | (m <= -r))
        return Decision(m >= 0, (m >= r) | (m < -r))

    def __gt__(self, other) -> "Decision":
        return (self - other)._sign_decision(True)

    def __ge__(self, other) -> "Decision":
        return (self - other)._sign_decision(False)

    def __lt__(self, other) -> "Decision":
        return (Ball.exact(other) - self)._sign_decision(True)

    def __le__(self, other) -> "Decision":
        return (Ball.exact(other) - self)._sign_decision(False)


class UniformBall(Ball):
    """Balls whose radius is uniform along every axis but the first: ``rad`` has shape ``(n, 1, ..., 1)``.

    The same rigorous rules as :class:`Ball`, with each midpoint magnitude replaced by its maximum
    along the uniform axes (and each divisor by its minimum), so that a radius costs one reduction
    instead of several full passes.  Used for grids (axis 0: the configurations ``k``, the others:
    the grid points of a chunk), where it is several times cheaper than per-element radii.  Points
    where a branch of :func:`where`/:func:`select` is not certain are marked ``bad`` (their balls do
    not bound them); callers decide those points exactly.
    """

    __slots__ = ("bad", "_mag", "_ext")

    def __init__(self, mid, rad=0.0, bad=None):
        self.mid = _arr(mid)
        r = _arr(rad)
        self.rad = _reduce_max(r) if r.ndim > 1 else r
        self.bad = bad
        self._mag = None
        self._ext = None

    @classmethod
    def exact(cls, value) -> "UniformBall":
        if isinstance(value, UniformBall):
            return value
        if isinstance(value, Ball):
            return cls(value.mid, value.rad)
        b = Ball.exact(value)
        return cls(b.mid, b.rad)

    def _extremes(self):
        """``(max mid, min mid)`` along the uniform axes (cached; ``None`` for fewer than two axes)."""
        if self._ext is None and self.mid.ndim > 1:
            m = self.mid
            axes = tuple(range(1, m.ndim))
            self._ext = (np.max(m, axis=axes, keepdims=True), np.min(m, axis=axes, keepdims=True))
        return self._ext

    @property
    def mag(self) -> np.ndarray:
        """``max |mid|`` along the uniform axes (cached)."""
        if self._mag is None:
            m = self.mid
            if m.ndim > 1:
                mx, mn = self._extremes()
                self._mag = np.maximum(mx, -mn)
            else:
                self._mag = np.abs(m)
        return self._mag

    def _lo(self) -> np.ndarray:
        m = self.mid
        if m.ndim > 1 and self._ext is not None:   # one sign along a row: its smallest magnitude is an extreme
            mx, mn = self._ext
            if np.all((mn > 0) | (mx < 0)):
                return np.where(mn > 0, mn, -mx)
        m = np.abs(m)
        return np.min(m, axis=tuple(range(1, m.ndim)), keepdims=True) if m.ndim > 1 else m

    def __getitem__(self, idx) -> "UniformBall":
        bad = None if self.bad is None else np.broadcast_to(self.bad, self.mid.shape)[idx]
        rad = np.broadcast_to(self.rad, self.mid.shape)[idx]
        return UniformBall(self.mid[idx], rad, bad)

    def full_rad(self) -> np.ndarray:
        """The radius at every element (infinite at the ``bad`` ones)."""
        r = np.broadcast_to(self.rad, self.mid.shape)
        return r if self.bad is None else np.where(self.bad, np.inf, r)

    def __neg__(self) -> "UniformBall":
        out = UniformBall(-self.mid, self.rad, self.bad)
        out._mag = self._mag                      # |-x| = |x|: the same magnitudes
        if self._ext is not None:
            out._ext = (-self._ext[1], -self._ext[0])
        return out

    def _make(self, m, r, other=None, fresh=None) -> "UniformBall":
        """The ball ``m +- r`` (``r`` grown by :func:`_clean`), bad where ``self`` or ``other`` is; ``fresh`` is the
        :class:`UniformBall` of ``m`` whose magnitudes were computed (kept)."""
        bad = self.bad if other is None or other.bad is None else (other.bad if self.bad is None
                                                                  else self.bad | other.bad)
        out = UniformBall(m, _clean(r), bad)
        if fresh is not None:
            out._mag, out._ext = fresh._mag, fresh._ext
        return out

    def __add__(self, other) -> "UniformBall":
        if _is_plain(other):
            m = self.mid + other
            out = UniformBall(m)
            return self._make(m, self.rad + U * out.mag, fresh=out)
        o = UniformBall.exact(other)
        m = self.mid + o.mid
        out = UniformBall(m)
        return self._make(m, self.rad + o.rad + U * out.mag, o, fresh=out)

    __radd__ = __add__

    def __sub__(self, other) -> "UniformBall":
        if _is_plain(other):
            return self + (-other)
        # x - y rounds as x + (-y) (IEEE): the ball of self + (-other) without negating a copy
        o = UniformBall.exact(other)
        m = self.mid - o.mid
        out = UniformBall(m)
        return self._make(m, self.rad + o.rad + U * out.mag, o, fresh=out)

    def __rsub__(self, other) -> "UniformBall":
        return (-self) + other

    def __mul__(self, other) -> "UniformBall":
        if _is_plain(other):
            m = self.mid * other
            out = UniformBall(m)
            return self._make(m, self.rad * abs(other) + U * out.mag, fresh=out)
        o = UniformBall.exact(other)
        if self.mid.ndim == 0 and self.bad is None and self.mid == 1.0 and self.rad == 0.0 and o.mid.ndim > 1:
            # the exact one (the start of power_by_squaring): 1.0 * x is x, the same ball without the product
            return self._make(o.mid, self.mag * o.rad + o.mag * self.rad + self.rad * o.rad + U * o.mag, o, fresh=o)
        m = self.mid * o.mid
        out = UniformBall(m)
        return self._make(m, self.mag * o.rad + o.mag * self.rad + self.rad * o.rad + U * out.mag, o, fresh=out)

    __rmul__ = __mul__

    def __truediv__(self, other) -> "UniformBall":
        if _is_plain(other) and other != 0:
            m = self.mid / other
            out = UniformBall(m)
            return self._make(m, self.rad / abs(other) + U * out.mag, fresh=out)
        o = UniformBall.exact(other)
        lo = o._lo()
        with np.errstate(divide="ignore", invalid="ignore"):
            m = self.mid / o.mid
            gap = lo - o.rad
            r = np.where(gap > 0, self.mag * o.rad / (lo * gap) + self.rad / gap, np.inf)
        out = UniformBall(m)
        ext = out._extremes()
        if ext is None or not (np.all(np.isfinite(ext[0])) and np.all(np.isfinite(ext[1]))):
            out = UniformBall(np.where(np.isfinite(m), m, 0.0))   # finite extremes: every quotient is finite
        return self._make(out.mid, r + U * out.mag, o, fresh=out)

    def __rtruediv__(self, other) -> "UniformBall":
        return UniformBall.exact(other) / self

    def __pow__(self, n) -> "UniformBall":
        if isinstance(n, Fraction) and n.denominator == 1:
            n = n.numerator
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
            raise TypeError("uniform balls take nonnegative integer powers")
        return power_by_squaring(self, n, UniformBall.exact(1))

    def _sign_decision(self, strict: bool) -> "Decision":
        m, r = self.mid, self.rad
        certain = (m > r) | (m <= -r) if strict else (m >= r) | (m < -r)
        if self.bad is not None:
            certain = certain & ~self.bad
        return Decision(m > 0 if strict else m >= 0, certain)

    def _zero_difference(self, negate: bool) -> "UniformBall":
        """``self - 0`` (or ``0 - self``) as the subtraction makes it, without the pass over the midpoints:
        ``x - 0`` and ``0 - x`` equal ``x`` and ``-x`` (up to the sign of a zero, which no comparison sees),
        with the same magnitudes, so the same radius."""
        return UniformBall(-self.mid if negate else self.mid, _clean(self.rad + U * self.mag), self.bad)

    def __gt__(self, other) -> "Decision":
        if _is_plain(other) and other == 0:
            return self._zero_difference(False)._sign_decision(True)
        return (self - other)._sign_decision(True)

    def __ge__(self, other) -> "Decision":
        if _is_plain(other) and other == 0:
            return self._zero_difference(False)._sign_decision(False)
        return (self - other)._sign_decision(False)

    def __lt__(self, other) -> "Decision":
        if _is_plain(other) and other == 0:
            return self._zero_difference(True)._sign_decision(True)
        return (UniformBall.exact(other) - self)._sign_decision(True)

    def __le__(self, other) -> "Decision":
        if _is_plain(other) and other == 0:
            return self._zero_difference(True)._sign_decision(False)
        return (UniformBall.exact(other) - self)._sign_decision(False)


def _reduce_max(x: np.ndarray) -> np.ndarray:
    if x.ndim <= 1 or all(d == 1 for d in x.shape[1:]):   # one value per row already: nothing to reduce
        return x
    return np.max(x, axis=tuple(range(1, x.ndim)), keepdims=True)


def power_by_squaring(base, n: int, one):
    """``base ** n`` for an integer ``n >= 0`` by repeated squaring (``one`` is the unit of ``base``'s
    arithmetic): about ``2 log2 n`` products, so that enclosures widen far less than ``n`` products."""
    out = one
    while n:
        if n & 1:
            out = out * base
        n >>= 1
        if n:
            base = base * base
    return out


class Decision:
    """A comparison of balls: ``value`` (decided at the midpoints) and where it is ``certain``."""

    __slots__ = ("value", "certain")

    def __init__(self, value, certain):
        self.value = np.asarray(value, dtype=bool)
        self.certain = np.asarray(certain, dtype=bool)

    def __and__(self, other) -> "Decision":
        o = _decision(other)
        certain = (self.certain & o.certain) | (self.certain & ~self.value) | (o.certain & ~o.value)
        return Decision(self.value & o.value, certain)

    __rand__ = __and__

    def __or__(self, other) -> "Decision":
        o = _decision(other)
        certain = (self.certain & o.certain) | (self.certain & self.value) | (o.certain & o.value)
        return Decision(self.value | o.value, certain)

    __ror__ = __or__

    def __invert__(self) -> "Decision":
        return Decision(~self.value, self.certain)

    def __bool__(self) -> bool:
        raise TypeError("a certified comparison has no single truth value; use arith.where")


def _decision(x) -> Decision:
    if isinstance(x, Decision):
        return x
    v = np.asarray(x, dtype=bool)
    return Decision(v, np.ones_like(v))


# ------------------------------------------------------------ generic functions
def is_exact(x) -> bool:
    """True for exact scalars (int, Fraction, exact sympy numbers)."""
    if isinstance(x, bool):
        return False
    if isinstance(x, (int, Fraction)):
        return True
    return type(x).__module__.startswith("sympy")


def where(cond, x, y):
    """``x`` where ``cond`` holds, else ``y``, in the arithmetic of the arguments.

    Exact scalars: a plain ``if``.  Arrays: :func:`numpy.where`.  Balls: the branch the
    midpoints choose, its radius widened to cover both branches where the condition is uncertain.
    """
    if isinstance(cond, Decision) or isinstance(x, Ball) or isinstance(y, Ball):
        c = _decision(cond)
        bx, by = Ball.exact(x), Ball.exact(y)
        m = np.where(c.value, bx.mid, by.mid)
        r = np.where(c.value, bx.rad, by.rad)
        if not np.all(c.certain):
            # keep the midpoint of the branch the midpoints choose; widen the radius to the hull of both balls
            with np.errstate(invalid="ignore"):
                lo = np.minimum(bx.mid - bx.rad, by.mid - by.rad)
                hi = np.maximum(bx.mid + bx.rad, by.mid + by.rad)
                hr = np.maximum(hi - m, m - lo)
            r = np.where(c.certain, r, _clean(np.where(np.isfinite(hr), hr, np.inf)))
        return Ball(m, r)
    if isinstance(cond, (bool, np.bool_)):
        return x if cond else y
    return np.where(cond, x, y)


def select(conditions, values, default=None):
    """The first value whose condition holds (like :func:`numpy.select`), in the arithmetic of the arguments.

    The conditions should be mutually exclusive cases; with ``default=None`` they must also be
    exhaustive (one of them holds everywhere).  Balls: the case the midpoints choose, its radius
    widened to cover every case that is not certainly false at the point (so that cases ruled out
    by a certain condition never widen the result).
    """
    exhaustive = default is None
    if exhaustive:
        default = values[-1]
    conditions, values = list(conditions), list(values)
    if not any(isinstance(c, Decision) for c in conditions) and not any(isinstance(v, Ball)
                                                                      for v in values + [default]):
        if all(isinstance(c, (bool, np.bool_)) for c in conditions):
            for c, v in zip(conditions, values):
                if c:
                    return v
            return default
        return np.select([np.asarray(c, dtype=bool) for c in conditions], values, default)
    decs = [_decision(c) for c in conditions]
    if any(isinstance(v, UniformBall) for v in values + [default]):
        return _select_uniform(decs, values, default)
    balls = [Ball.exact(v) for v in values]
    dflt = Ball.exact(default)
    shape = np.broadcast_shapes(*(d.value.shape for d in decs), *(b.mid.shape for b in balls), dflt.mid.shape)
    m = np.select([d.value for d in decs], [b.mid for b in balls], dflt.mid)
    r = np.select([d.value for d in decs], [b.rad for b in balls], dflt.rad)
    m, r = np.broadcast_to(m, shape), np.broadcast_to(r, shape)
    unsure = np.zeros(shape, dtype=bool)
    for d in decs:
        unsure |= ~np.broadcast_to(d.certain, shape)
    if not unsure.any():
        return Ball(m, r)
    # at the unsure points: every case still possible (not certainly false, no earlier case certainly true)
    idx = unsure                     # a boolean mask (works for 0-d arrays too, unlike np.nonzero)
    mu = m[idx]
    widened = r[idx].copy()
    earlier_sure = np.zeros(len(mu), dtype=bool)
    possible_default = np.ones(len(mu), dtype=bool)
    with np.errstate(invalid="ignore"):
        for d, b in zip(decs, balls):
            val = np.broadcast_to(d.value, shape)[idx]
            cer = np.broadcast_to(d.certain, shape)[idx]
            maybe = ~(cer & ~val) & ~earlier_sure
            reach = np.abs(np.broadcast_to(b.mid, shape)[idx] - mu) + np.broadcast_to(b.rad, shape)[idx]
            widened = np.where(maybe, np.maximum(widened, reach), widened)
            earlier_sure |= cer & val
            possible_default &= ~(cer & val)
        if not exhaustive:
            reach = np.abs(np.broadcast_to(dflt.mid, shape)[idx] - mu) + np.broadcast_to(dflt.rad, shape)[idx]
            widened = np.where(possible_default & ~earlier_sure, np.maximum(widened, reach), widened)
    r = r.copy()
    r[idx] = _clean(np.where(np.isfinite(widened), widened, np.inf))
    return Ball(m, r)


def _select_uniform(decs, values, default) -> "UniformBall":
    """:func:`select` for uniform balls: the radius is the largest of the cases'; points where some
    decision is not certain are marked bad (decided exactly by the caller)."""
    balls = [UniformBall.exact(v) for v in values]
    dflt = UniformBall.exact(default)
    m = np.select([d.value for d in decs], [b.mid for b in balls], dflt.mid)
    r = dflt.rad
    for b in balls:
        r = np.maximum(r, b.rad)
    bad = None
    for b in balls + [dflt]:
        if b.bad is not None:
            bad = b.bad if bad is None else bad | b.bad
    unsure = None
    for d in decs:
        if not np.all(d.certain):
            unsure = ~d.certain if unsure is None else unsure | ~d.certain
    if unsure is not None:
        bad = unsure if bad is None else bad | unsure
    return UniformBall(m, r, bad)


def pos(x):
    """``max(x, 0)``."""
    if isinstance(x, UniformBall):
        return UniformBall(np.maximum(x.mid, 0.0), x.rad, x.bad)
    if isinstance(x, Ball):
        return Ball(np.maximum(x.mid, 0.0), x.rad)
    if is_exact(x) or isinstance(x, float):
        return x if x > 0 else 0 * x
    return np.maximum(x, 0)


def maximum(x, y):
    """Elementwise maximum (1-Lipschitz in each argument)."""
    if isinstance(x, Ball) or isinstance(y, Ball):
        bx, by = Ball.exact(x), Ball.exact(y)
        return Ball(np.maximum(bx.mid, by.mid), np.maximum(bx.rad, by.rad))
    if is_exact(x) and is_exact(y):
        return x if x >= y else y
    return np.maximum(x, y)


def minimum(x, y):
    """Elementwise minimum (1-Lipschitz in each argument)."""
    return -maximum(-x, -y)


def absolute(x):
    """Absolute value."""
    if isinstance(x, Ball):
        return Ball(np.abs(x.mid), x.rad)
    if is_exact(x):
        return x if x >= 0 else -x
    return np.abs(x)


def _sympy_number(x):
    import sympy as sp

    return sp.Rational(x.numerator, x.denominator) if isinstance(x, Fraction) else sp.sympify(x)


def sqrt(x):
    """Square root (exact input: an exact sympy number)."""
    if isinstance(x, Ball):
        m, r = x.mid, x.rad
        with np.errstate(invalid="ignore", divide="ignore"):
            inside = m - r > 0
            s = np.sqrt(np.maximum(m, 0.0))
            r_in = r / (np.sqrt(np.maximum(m - r, 0.0)) + s) + U * s
            top = np.sqrt(np.maximum(m + r, 0.0))
            mid = np.where(inside, s, top / 2)
            rad = np.where(inside, r_in, top / 2 + U * top)
            rad = np.where(m + r < 0, np.nan, rad)
        return Ball(mid, _clean(rad))
    if is_exact(x):
        import sympy as sp

        return sp.sqrt(_sympy_number(x))
    return np.sqrt(x)


def exp(x):
    """Exponential (exact input: an exact sympy number)."""
    if isinstance(x, Ball):
        with np.errstate(over="ignore", invalid="ignore"):
            m = np.exp(x.mid)
            r = m * np.expm1(x.rad) + 4 * U * m
        return Ball(m, _clean(r))
    if is_exact(x):
        import sympy as sp

        return sp.exp(_sympy_number(x))
    return np.exp(x)


def log(x):
    """Natural logarithm (exact input: an exact sympy number)."""
    if isinstance(x, Ball):
        m, r = x.mid, x.rad
        with np.errstate(invalid="ignore", divide="ignore"):
            lm = np.log(m)
            rad = np.where(m - r > 0, r / (m - r) + 4 * U * np.abs(lm), np.nan)
        return Ball(np.where(np.isfinite(lm), lm, 0.0), _clean(rad))
    if is_exact(x):
        import sympy as sp

        return sp.log(_sympy_number(x))
    return np.log(x)


def certified_sign(b: Ball) -> tuple[np.ndarray, np.ndarray]:
    """``(sign, certain)``: the sign of every midpoint, and where it is the sign of the true value.

    A true value of exactly zero is never certain (its ball contains zero); callers decide
    those entries exactly.
    """
    m, r = b.mid, b.rad
    certain = (m > r) | (m < -r)
    return np.sign(m).astype(np.int8), certain


def symbolic_sign(v) -> int | None:
    """The sign of a sympy expression when sympy's assumptions settle it without numerics (rationals,
    and numbers sympy knows to be zero, positive or negative); ``None`` otherwise."""
    if v.is_Rational:
        return int(bool(v > 0)) - int(bool(v < 0))
    if v.is_number:
        if v.is_zero:
            return 0
        if v.is_positive:
            return 1
        if v.is_negative:
            return -1
    return None


def exact_sign(x) -> int:
    """The sign of an exact number: a Fraction, an int, or an exact sympy number.

    Sympy numbers that are not rational are decided by interval evaluation at growing
    precision (sympy's ``evalf`` tracks its error); a number that stays within 1e-60 of
    zero is tested for being zero by simplification, and refused if that fails.
    """
    if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
        return (x > 0) - (x < 0)
    import sympy as sp

    v = sp.sympify(x)
    known = symbolic_sign(v)
    if known is not None:
        return known
    for prec in (30, 60, 120):
        approx = v.evalf(prec)
        if approx.is_Number and abs(approx) > sp.Float(10) ** (-(prec // 2)):
            return 1 if approx > 0 else -1
    if sp.simplify(v) == 0:
        return 0
    from gametheory.errors import UserInputError

    raise UserInputError(f"cannot decide the sign of {v} exactly")
