r"""Certified affine forms with one noise symbol: balls that remember their dependence on one input.

Plain ball (interval) arithmetic forgets that two quantities depend on the same input, so
``S - zeta * X(S)`` or the Cournot quantity ``P - c_A`` (both ``P`` and ``c_A`` move with the
regional effect) get radii that add up instead of cancelling: over a long depletion run the
enclosure of the stock would grow geometrically.  An :class:`Affine` value is

.. math:: x = m + a\,\varepsilon + [-r, r], \qquad \varepsilon \in [-1, 1],

where :math:`\varepsilon` is the one noise symbol of a computation (the unknown position of the
exact stock inside its enclosure).  Sums and differences are exact in :math:`a` (dependences
cancel), products and quotients add their second-order terms to :math:`r`
(:math:`|a_1 a_2|`, and :math:`R^2/(c^2(|c|-R))` for a reciprocal of :math:`c \pm R`), and every
floating-point rounding is added to :math:`r` (each operation's error is at most
:math:`u` times the magnitudes it combines; the radius is then rounded up as in
:mod:`gametheory.arith`).  This is first-order affine arithmetic (Comba and Stolfi, 1993;
de Figueiredo and Stolfi, 2004) restricted to one symbol.

An :class:`Affine` *is* a :class:`~gametheory.arith.Ball` (``mid = m``, ``rad = |a| + r``), so
every model written in :mod:`gametheory.arith` evaluates on it unchanged: comparisons give
certified :class:`~gametheory.arith.Decision` objects, and the functions :mod:`gametheory.arith`
implements for balls (``where``, ``select``, ``pos``, ``maximum``, ``sqrt``...) return plain balls,
which is sound (a plain ball encloses the value; only the dependence is forgotten).  Python
tries a subclass's reflected operator first, so ``ball + affine`` stays affine.
"""

from __future__ import annotations

import numpy as np

from gametheory.arith import ETA, U, Ball, power_by_squaring

__all__ = ["Affine", "power"]


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _clean(r) -> np.ndarray:
    r = np.asarray(r, dtype=float) * (1.0 + 8 * U) + ETA
    return np.where(np.isnan(r), np.inf, r)


def _lift(x):
    """``(m, a, r)`` of an affine form, a ball (no dependence) or an exact number."""
    if isinstance(x, Affine):
        return x.mid, x.a, x.r
    b = x if isinstance(x, Ball) else Ball.exact(x)
    return b.mid, 0.0, b.rad


class Affine(Ball):
    """``mid + a * eps + [-r, r]`` with ``eps`` in ``[-1, 1]`` (see the module docstring)."""

    __slots__ = ("a", "r")

    def __init__(self, mid, a=0.0, r=0.0):
        m, a, r = np.broadcast_arrays(_arr(mid), _arr(a), _arr(r))
        self.mid = np.array(m)
        self.a = np.array(a)
        self.r = np.array(r)
        with np.errstate(invalid="ignore", over="ignore"):
            self.rad = _clean(np.abs(self.a) + self.r)

    @classmethod
    def interval(cls, lo, hi) -> "Affine":
        """The affine form of the noise symbol over ``[lo, hi]``: ``(lo + hi)/2 + (hi - lo)/2 * eps``."""
        lo, hi = _arr(lo), _arr(hi)
        m = 0.5 * (lo + hi)
        a = 0.5 * (hi - lo)
        # the rounding of m and a: cover it in r
        return cls(m, a, U * (np.abs(m) + np.abs(a)) * 2)

    def __repr__(self) -> str:
        return f"Affine(mid={self.mid!r}, a={self.a!r}, r={self.r!r})"

    def __getitem__(self, idx) -> "Affine":
        return Affine(self.mid[idx], self.a[idx], self.r[idx])

    # -------------------------------------------------------------- linear
    def __neg__(self) -> "Affine":
        return Affine(-self.mid, -self.a, self.r)

    def __pos__(self) -> "Affine":
        return self

    def __add__(self, other) -> "Affine":
        m2, a2, r2 = _lift(other)
        with np.errstate(invalid="ignore", over="ignore"):
            m = self.mid + m2
            a = self.a + a2
            r = self.r + r2 + U * (np.abs(m) + np.abs(a))
        return Affine(m, a, _clean(r))

    __radd__ = __add__

    def __sub__(self, other) -> "Affine":
        m2, a2, r2 = _lift(other)
        with np.errstate(invalid="ignore", over="ignore"):
            m = self.mid - m2
            a = self.a - a2
            r = self.r + r2 + U * (np.abs(m) + np.abs(a))
        return Affine(m, a, _clean(r))

    def __rsub__(self, other) -> "Affine":
        return (-self).__add__(other)

    # ----------------------------------------------------------- nonlinear
    def __mul__(self, other) -> "Affine":
        m1, a1, r1 = self.mid, self.a, self.r
        m2, a2, r2 = _lift(other)
        with np.errstate(invalid="ignore", over="ignore"):
            m = m1 * m2
            t1, t2 = m1 * a2, m2 * a1
            a = t1 + t2
            r = (np.abs(m1) * r2 + np.abs(m2) * r1 + (np.abs(a1) + r1) * (np.abs(a2) + r2)
                 + U * (np.abs(m) + np.abs(t1) + np.abs(t2) + np.abs(a)))
        return Affine(m, a, _clean(r))

    __rmul__ = __mul__

    def reciprocal(self) -> "Affine":
        """``1 / self``: ``1/c - a/c^2 eps`` with the second-order remainder ``R^2/(c^2(|c| - R))``."""
        c, a, r = self.mid, self.a, self.r
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            R = np.abs(a) + r
            ac = np.abs(c)
            ok = ac > R * (1 + 4 * U)
            inv = 1.0 / c
            inv2 = inv * inv
            na = -a * inv2
            rr = (r * inv2 + R * R * inv2 / (ac - R) + 4 * U * (np.abs(inv) + np.abs(na) + R * inv2))
        return Affine(np.where(ok, inv, 0.0), np.where(ok, na, 0.0), _clean(np.where(ok, rr, np.inf)))

    def __truediv__(self, other) -> "Affine":
        if isinstance(other, Affine):
            return self * other.reciprocal()
        return self * Affine(*_lift(other)).reciprocal()

    def __rtruediv__(self, other) -> "Affine":
        return Affine(*_lift(other)) * self.reciprocal()

    def __pow__(self, n) -> Ball:
        from fractions import Fraction

        if isinstance(n, Fraction) and n.denominator == 1:
            n = n.numerator
        if isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 0:
            return power_by_squaring(self, int(n), Affine(np.ones_like(self.mid)))
        return Ball.__pow__(Ball(self.mid, self.rad), n)


def power(x: "Affine", p) -> Ball:
    r"""``x ** p`` for a rational ``p > 0`` and ``x`` positive on its whole range (affine, mean-value form).

    With :math:`x = c + a\varepsilon \pm r` and :math:`R = |a| + r`, :math:`c - R > 0`:
    :math:`f(x) = f(c) + f'(c)\,a\varepsilon + f'(c)(\pm r) + (f'(\xi) - f'(c))(x - c)`, and since
    :math:`f'(y) = p\,y^{p-1}` is monotone the last term is at most
    :math:`\max(|f'(c-R) - f'(c)|, |f'(c+R) - f'(c)|)\,R`.  Values of :math:`f` and :math:`f'` are
    certified balls (:func:`gametheory.arith.exp`, :func:`~gametheory.arith.log`).  Where the range
    reaches 0 the result is the plain ball ``[0, (c + R)^p]`` (dependence forgotten).
    """
    from gametheory.arith import exp, log

    pf = float(p)
    c, a, r = x.mid, x.a, x.r
    R = np.abs(a) + r
    inside = c - R * (1 + 4 * U) > 0
    with np.errstate(all="ignore"):
        cc = np.where(inside, c, 1.0)
        lo = np.where(inside, c - R, 1.0)
        hi = np.where(inside, c + R, 1.0)

        def pw(y, q):
            return exp(log(Ball(y)) * q)

        fc = pw(cc, pf)
        d = lambda y: pw(y, pf - 1.0) * pf                      # f'(y) as a ball
        dc, dlo, dhi = d(cc), d(lo), d(hi)
        spread = np.maximum(np.abs(dlo.mid - dc.mid) + dlo.rad + dc.rad, np.abs(dhi.mid - dc.mid) + dhi.rad + dc.rad)
        coef = dc.mid * a
        rem = (fc.rad + (np.abs(dc.mid) + dc.rad) * r + dc.rad * np.abs(a) + spread * R
               + 4 * U * (np.abs(fc.mid) + np.abs(coef)))
        top = (np.maximum(c + R, 0.0)) ** pf * (1 + 16 * U) + ETA
    out_in = Affine(fc.mid, coef, rem)
    m = np.where(inside, out_in.mid, top / 2)
    return Affine(m, np.where(inside, out_in.a, 0.0), np.where(inside, out_in.r, top / 2 * (1 + 4 * U)))
