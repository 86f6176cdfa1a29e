r"""Exact rational helpers shared by the game solvers.

Payoffs typed by economists (integers, decimals such as ``"0.25"``, fractions
such as ``"1/3"``, :class:`fractions.Fraction`, :class:`decimal.Decimal`,
sympy ``Rational``) are *rational*: the solvers can then work exactly.  This
module decides whether an input is rational, converts it to an ``object``
array of :class:`~fractions.Fraction`, and solves small linear systems over
:math:`\mathbb{Q}` by Gaussian elimination (exact, no pivoting for size since
there is no rounding).
"""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction
from math import gcd, lcm
from typing import Any, Sequence

import numpy as np

from gametheory.errors import UserInputError

__all__ = ["is_rational_input", "to_fraction", "fraction_array", "float_array", "solve_exact",
           "integer_image", "integer_rank", "solve_integer"]


def _is_rational_scalar(v: Any) -> bool:
    if isinstance(v, (bool, np.bool_)):
        return True
    if isinstance(v, (numbers.Integral, Fraction, Decimal)):
        return True
    if isinstance(v, str):
        try:
            Fraction(v.strip())
        except (ValueError, ZeroDivisionError):
            return False
        return True
    if type(v).__module__.startswith("sympy"):
        return bool(getattr(v, "is_Rational", False))
    return False


def is_rational_input(*arrays: Any) -> bool:
    """True when every entry of every array is an exact rational number.

    Integers (Python or numpy), :class:`~fractions.Fraction`,
    :class:`~decimal.Decimal`, sympy ``Rational`` and strings such as ``"3"``,
    ``"0.25"`` or ``"1/3"`` are rational; Python and numpy floats are not.
    """
    for a in arrays:
        arr = np.asarray(a, dtype=object) if not isinstance(a, np.ndarray) else a
        if arr.dtype.kind in "iub":
            continue
        if arr.dtype.kind == "f":
            return False
        if not all(_is_rational_scalar(v) for v in arr.flat):
            return False
    return True


def to_fraction(v: Any) -> Fraction:
    """One payoff as an exact :class:`~fractions.Fraction`.

    Floats are read through their shortest decimal representation
    (``0.1`` becomes ``1/10``), which is the number the user typed.
    """
    if isinstance(v, Fraction):
        return v
    if isinstance(v, (bool, np.bool_)):
        return Fraction(int(v))
    if isinstance(v, numbers.Integral):
        return Fraction(int(v))
    if isinstance(v, (float, np.floating)):
        if not np.isfinite(v):
            raise UserInputError(f"payoff {v!r} is not a finite number")
        return Fraction(repr(float(v)))
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise UserInputError(f"payoff {v!r} is not a finite number")
        return Fraction(v)
    if isinstance(v, str):
        try:
            return Fraction(v.strip())
        except (ValueError, ZeroDivisionError):
            raise UserInputError(f"payoff {v!r} is not a number (integer, decimal or fraction such as 1/3)") from None
    if type(v).__module__.startswith("sympy") and getattr(v, "is_Rational", False):
        return Fraction(int(v.p), int(v.q))
    raise UserInputError(f"payoff {v!r} of type {type(v).__name__} is not an exact rational number")


def fraction_array(a: Any) -> np.ndarray:
    """An ``object`` array of :class:`~fractions.Fraction` with the shape of ``a``."""
    arr = np.asarray(a, dtype=object)
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = to_fraction(v)
    return out


def float_array(a: Any) -> np.ndarray:
    """A finite float array with the shape of ``a`` (strings such as ``"1/3"`` allowed)."""
    arr = np.asarray(a)
    try:
        if arr.dtype.kind in "iubf":
            out = arr.astype(float)
        else:
            out = np.array([float(to_fraction(v)) if isinstance(v, str) else float(v) for v in arr.flat],
                           dtype=float).reshape(arr.shape)
    except OverflowError:
        raise UserInputError("payoffs too large for floating point (beyond 1e308): use exact arithmetic") from None
    if not np.all(np.isfinite(out)):
        raise UserInputError("payoffs must be finite numbers (no inf or nan)")
    return out


def solve_exact(M: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> list[Fraction] | None:
    """Solve the square system ``M z = b`` over the rationals.

    Returns ``None`` when ``M`` is singular.  Gaussian elimination on
    :class:`~fractions.Fraction`: every step is exact.
    """
    k = len(b)
    rows = [[Fraction(v) for v in M[r]] + [Fraction(b[r])] for r in range(k)]
    for c in range(k):
        piv = next((r for r in range(c, k) if rows[r][c] != 0), None)
        if piv is None:
            return None
        rows[c], rows[piv] = rows[piv], rows[c]
        p = rows[c][c]
        pivot_row = [v / p for v in rows[c]]
        rows[c] = pivot_row
        for r in range(k):
            if r != c and rows[r][c] != 0:
                f = rows[r][c]
                rows[r] = [v - f * w for v, w in zip(rows[r], pivot_row)]
    return [rows[r][k] for r in range(k)]


def integer_image(M: np.ndarray) -> tuple[np.ndarray, int]:
    """A positive affine image of a Fraction matrix with integer entries, and its scale.

    Returns ``(Mi, s)`` with ``Mi = s * (M - min M) / (max M - min M) + s`` made of
    integers in ``[s, 2 s]`` (``s`` is the smallest positive integer making
    them integral), i.e. ``Mi / s`` is ``M`` normalised to ``[1, 2]``.  A constant
    matrix maps to all ones (``s = 1``).  ``Mi`` is an ``int64`` array when its
    entries are below ``2**53`` (exact as floats too), an ``object`` array of
    Python ints otherwise.  Positive affine maps leave best responses, and so
    Nash equilibria, unchanged.
    """
    flat = [to_fraction(v) for v in M.flat]
    den = lcm(*(v.denominator for v in flat))
    ints = [v.numerator * (den // v.denominator) for v in flat]  # den * M, integers
    lo, hi = min(ints), max(ints)
    if hi == lo:
        return np.ones(M.shape, dtype=np.int64), 1
    g = gcd(hi - lo, *(v - lo for v in ints))
    s = (hi - lo) // g
    out = [(v - lo) // g + s for v in ints]
    return np.array(out, dtype=np.int64 if 2 * s < 2**53 else object).reshape(M.shape), s


def integer_rank(M: Sequence[Sequence[int]]) -> int:
    """Rank of an integer matrix (exact elimination; each new row is divided by the gcd of its entries)."""
    R = [[int(v) for v in row] for row in M]
    rank, cols = 0, len(R[0]) if R else 0
    for c in range(cols):
        p = next((i for i in range(rank, len(R)) if R[i][c] != 0), None)
        if p is None:
            continue
        R[rank], R[p] = R[p], R[rank]
        piv, prow = R[rank][c], R[rank]
        for i in range(rank + 1, len(R)):
            f = R[i][c]
            row = [v * piv - f * w for v, w in zip(R[i], prow)]
            g = gcd(*row)
            R[i] = [v // g for v in row] if g > 1 else row
        rank += 1
    return rank


def solve_integer(M: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[list[int], int] | None:
    """Solve the square integer system ``M z = b`` exactly: ``(numerators, denominator)`` or ``None`` if singular.

    Fraction-free Gaussian elimination (Bareiss): every intermediate entry is
    an integer (a minor of ``[M | b]``) and every division is exact, so this is
    several times faster than elimination on :class:`~fractions.Fraction`.
    The returned denominator is positive and ``z_i = numerators[i] / denominator``.
    """
    k = len(b)
    R = [[int(v) for v in M[i]] + [int(b[i])] for i in range(k)]
    prev = 1
    for c in range(k):
        p = next((i for i in range(c, k) if R[i][c] != 0), None)
        if p is None:
            return None
        if p != c:
            R[c], R[p] = R[p], R[c]
        piv, prow = R[c][c], R[c]
        for i in range(c + 1, k):
            row, f = R[i], R[i][c]
            R[i] = [0] * (c + 1) + [(row[j] * piv - f * prow[j]) // prev for j in range(c + 1, k + 1)]
        prev = piv
    det = R[k - 1][k - 1]  # the determinant, up to the sign of the row swaps: any common denominator will do
    num = [0] * k
    for i in range(k - 1, -1, -1):  # det * z_i, integers by Cramer's rule, so the divisions are exact
        acc = det * R[i][k] - sum(R[i][j] * num[j] for j in range(i + 1, k))
        num[i] = acc // R[i][i]
    if det < 0:
        det, num = -det, [-v for v in num]
    return num, det
