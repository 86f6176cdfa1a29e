r"""Exact binomial acceptance regions: the test of one symmetric mixed equilibrium.

Under a symmetric mixed equilibrium :math:`p` of the game each of the N firms is in A
with probability :math:`p`, independently, so the census count is
:math:`n_A \sim \mathrm{Bin}(N, p)`.  The **equal-tailed exact test** of
:math:`H_0: p` rejects at level :math:`\alpha` when the observed count lies in either
tail of probability below :math:`\alpha/2`:

.. math:: \text{reject iff } P_p(X \ge n_A) < \alpha/2 \ \text{ or } \ P_p(X \le n_A) < \alpha/2 .

Each tail rejects with probability at most :math:`\alpha/2` under :math:`p`, so the
test has size at most :math:`\alpha` for every :math:`p`.  Because
:math:`P_p(X \ge n)` increases and :math:`P_p(X \le n)` decreases in :math:`p`, the
values of :math:`p` it accepts for a count :math:`n` form the closed interval
:math:`[p_L(n), p_U(n)]` of Clopper and Pearson (1934):
:math:`P_{p_L}(X \ge n) = \alpha/2` (:math:`p_L = 0` for :math:`n = 0`) and
:math:`P_{p_U}(X \le n) = \alpha/2` (:math:`p_U = 1` for :math:`n = N`).

**Certified bounds.**  :func:`acceptance_interval` starts from the Beta quantiles
(scipy) and brackets each bound between two *adjacent* double-precision numbers at
which the tail is evaluated in exact rational arithmetic (the floats are exact
binary fractions; the sums are integers), for :math:`N \le` :data:`EXACT_TAILS_MAX`;
for larger N the tails are evaluated with mpmath at 60 significant digits (the
bracket is then as certain as that evaluation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from gametheory.errors import UserInputError
from gametheory.results import Result

__all__ = ["AcceptanceInterval", "acceptance_interval", "upper_tail", "lower_tail", "pmf", "acceptance_probability",
           "EXACT_TAILS_MAX", "parse_alpha"]

#: Largest N for which tail probabilities are summed in exact rational arithmetic (integers of N*53 bits).
EXACT_TAILS_MAX = 1500


def parse_alpha(alpha) -> Fraction:
    """``alpha`` as an exact fraction in (0, 1) (a float is read through its shortest repr: 0.05 is 1/20)."""
    from gametheory.params import parse_value

    a = parse_value(alpha if isinstance(alpha, (Fraction, str)) else repr(alpha) if isinstance(alpha, float)
                    else alpha, "alpha")
    if not 0 < a < 1:
        raise UserInputError(f"the level alpha must lie in (0, 1); got {alpha} (a confidence level of "
                             f"{float(1 - a):g})")
    return a


def _tail_numerator(N: int, x0: int, x1: int, a: int, d: int) -> int:
    """``sum_{x=x0..x1} C(N, x) a^x (d-a)^(N-x)``: ``d^N`` times ``P(x0 <= X <= x1)`` for ``p = a/d`` (integers)."""
    b = d - a
    m = x1 - x0
    c = math.comb(N, x0)
    R, ap = c, 1
    for j in range(1, m + 1):          # Horner: R = sum_j C(N, x0+j) a^j b^(m-j)
        c = c * (N - x0 - j + 1) // (x0 + j)
        ap *= a
        R = R * b + c * ap
    return a ** x0 * b ** (N - x1) * R


def _tail_counts(N: int, n: int, p: Fraction, upper: bool) -> Fraction:
    """``P_p(X >= n)`` (``upper``) or ``P_p(X <= n)``, exactly, for a rational ``p``."""
    a, d = p.numerator, p.denominator
    num = _tail_numerator(N, n, N, a, d) if upper else _tail_numerator(N, 0, n, a, d)
    return Fraction(num, d ** N)


def _at_least(N: int, n: int, p: float, half: Fraction, upper: bool) -> bool:
    """Whether the tail ``P_p(X >= n)`` (``upper``) or ``P_p(X <= n)`` is ``>= half`` (exact integer comparison
    for ``N <=`` :data:`EXACT_TAILS_MAX`)."""
    if N > EXACT_TAILS_MAX:
        return _tail_mp(N, n, p, upper) >= half
    f = Fraction(p)
    a, d = f.numerator, f.denominator
    num = _tail_numerator(N, n, N, a, d) if upper else _tail_numerator(N, 0, n, a, d)
    return num * half.denominator >= half.numerator * d ** N


def _tail_mp(N: int, n: int, p: float, upper: bool) -> Fraction:
    import mpmath

    with mpmath.workdps(60):
        pp = mpmath.mpf(p)
        if upper:
            v = mpmath.betainc(n, N - n + 1, 0, pp, regularized=True) if n > 0 else mpmath.mpf(1)
        else:
            v = mpmath.betainc(n + 1, N - n, pp, 1, regularized=True) if n < N else mpmath.mpf(1)
        return Fraction(mpmath.nstr(v, 60, min_fixed=-10**6, max_fixed=10**6))


def upper_tail(N: int, n: int, p) -> Fraction:
    """``P_p(X >= n)`` for ``X ~ Bin(N, p)``: exact for ``N <=`` :data:`EXACT_TAILS_MAX`, else 60 digits."""
    p = Fraction(p)
    if n <= 0:
        return Fraction(1)
    if n > N:
        return Fraction(0)
    if N <= EXACT_TAILS_MAX:
        return _tail_counts(N, n, p, True)
    return _tail_mp(N, n, float(p), True)


def lower_tail(N: int, n: int, p) -> Fraction:
    """``P_p(X <= n)`` for ``X ~ Bin(N, p)`` (as :func:`upper_tail`)."""
    p = Fraction(p)
    if n >= N:
        return Fraction(1)
    if n < 0:
        return Fraction(0)
    if N <= EXACT_TAILS_MAX:
        return _tail_counts(N, n, p, False)
    return _tail_mp(N, n, float(p), False)


def pmf(N: int, n: int, p) -> Fraction:
    """``P_p(X = n)`` exactly (rational ``p``)."""
    p = Fraction(p)
    return math.comb(N, n) * p ** n * (1 - p) ** (N - n)


def _bound(N: int, n: int, half: Fraction, upper: bool) -> tuple[float, float]:
    """Adjacent doubles ``(lo, hi)`` bracketing the root in ``p`` of ``tail(p) = half`` (the tail is
    ``P(X >= n)`` increasing in p when ``upper``, else ``P(X <= n)`` decreasing)."""
    from scipy.special import betaincinv

    inside = lambda p: _at_least(N, n, p, half, upper)   # p is on the accepted side of the bound
    q = float(betaincinv(n, N - n + 1, float(half))) if upper else float(betaincinv(n + 1, N - n, 1 - float(half)))
    q = min(max(q, 5e-324), 1 - 2 ** -53)
    lo, hi = q, q
    step = max(q, 1e-300) * 1e-12
    for _ in range(2000):                # widen until the bracket holds: accepted on one side only
        lo, hi = max(lo - step, 0.0), min(hi + step, 1.0)
        if upper and not inside(lo) and inside(hi):
            break
        if not upper and inside(lo) and not inside(hi):
            break
        step *= 4
    else:  # pragma: no cover - the tails are monotone, so the bracket always holds
        raise RuntimeError(f"no bracket for the binomial bound (N={N}, n={n})")
    while True:                         # bisect on doubles until adjacent
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            return lo, hi
        if inside(mid) == (not upper):
            lo = mid
        else:
            hi = mid


@dataclass(frozen=True, repr=False)
class AcceptanceInterval(Result):
    """The values of ``p`` an exact equal-tailed test at level ``alpha`` accepts for the count ``n`` of ``N``.

    ``lo``/``hi`` (floats) are the Clopper-Pearson bounds; ``lo_bracket``/``hi_bracket`` are adjacent
    doubles around each bound (the bound is certified to lie between them: the test rejects at the outer
    one and accepts at the inner one).  ``p`` in ``[lo, hi]`` is accepted (closed: a tail equal to
    ``alpha/2`` is not rejected).
    """

    N: int
    n: int
    alpha: Fraction
    lo: float
    hi: float
    lo_bracket: tuple[float, float]
    hi_bracket: tuple[float, float]
    tails: str
    method: str = "equal-tailed exact binomial test (Clopper-Pearson)"

    _repr_fields = ("N", "n", "lo", "hi")

    def contains(self, p_lo: float, p_hi: float | None = None) -> bool | None:
        """Whether a value known to lie in ``[p_lo, p_hi]`` is accepted: True, False, or None (undecided:
        the interval overlaps a bound's bracket)."""
        p_hi = p_lo if p_hi is None else p_hi
        if p_lo >= self.lo_bracket[1] and p_hi <= self.hi_bracket[0]:
            return True
        if p_hi <= self.lo_bracket[0] and self.n > 0 or p_lo >= self.hi_bracket[1] and self.n < self.N:
            return False
        return None

    def as_dict(self) -> dict:
        return {"method": self.method, "N": self.N, "n": self.n, "alpha": float(self.alpha),
                "alpha_exact": str(self.alpha), "p_lo": self.lo, "p_hi": self.hi,
                "p_lo_bracket": list(self.lo_bracket), "p_hi_bracket": list(self.hi_bracket), "tails": self.tails}

    def to_text(self) -> str:
        return (f"p in [{self.lo:.6g}, {self.hi:.6g}] (the {self.method} accepts n = {self.n} of N = {self.N} at "
                f"level {float(self.alpha):g})")


def acceptance_interval(N: int, n: int, alpha=Fraction(1, 20)) -> AcceptanceInterval:
    """The Clopper-Pearson interval ``[p_L, p_U]`` of ``n`` successes in ``N`` at level ``alpha`` (see the module
    docstring), its bounds certified between adjacent doubles."""
    alpha = parse_alpha(alpha)
    if not (isinstance(N, int) and N >= 1 and isinstance(n, int) and 0 <= n <= N):
        raise UserInputError(f"need integers 0 <= n <= N, N >= 1; got n = {n}, N = {N}")
    half = alpha / 2
    lo_b = (0.0, 0.0) if n == 0 else _bound(N, n, half, upper=True)
    hi_b = (1.0, 1.0) if n == N else _bound(N, n, half, upper=False)
    lo = 0.0 if n == 0 else lo_b[1]
    hi = 1.0 if n == N else hi_b[0]
    tails = "exact rational sums" if N <= EXACT_TAILS_MAX else "mpmath, 60 significant digits"
    return AcceptanceInterval(N, n, alpha, lo, hi, lo_b, hi_b, tails)


def acceptance_probability(N: int, p, alpha=Fraction(1, 20)) -> Fraction:
    """``P_p(p in [p_L(X), p_U(X)])`` for ``X ~ Bin(N, p)``, exactly (rational ``p``): the coverage of the
    equal-tailed test's inversion at ``p`` (at least ``1 - alpha``).  The decision at each count uses the
    exact tails at ``p`` (not the float bounds)."""
    alpha = parse_alpha(alpha)
    p = Fraction(p)
    half = alpha / 2
    return sum((pmf(N, x, p) for x in range(N + 1)
                if upper_tail(N, x, p) >= half and lower_tail(N, x, p) >= half), Fraction(0))
