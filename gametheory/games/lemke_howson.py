r"""One Nash equilibrium of a bimatrix game by the Lemke-Howson algorithm, pivoting exactly.

With payoffs shifted to positive integers, the best-response polytopes
:math:`P = \{x \ge 0, B^\top x \le 1\}` and :math:`Q = \{y \ge 0, A y \le 1\}`
are written as the systems :math:`B^\top x + s = 1` and :math:`r + A y = 1`.
Label :math:`i < m` belongs to :math:`x_i` and :math:`r_i`, label
:math:`m + j` to :math:`s_j` and :math:`y_j`.  Starting from the artificial
equilibrium :math:`(0, 0)`, the variable carrying the dropped ``initial_label``
enters its tableau; the variable that leaves has some label whose twin in the
other tableau enters next, and so on, until the dropped label itself leaves:
the two bases are then complementary and give an equilibrium (Lemke and
Howson 1964; von Stengel 2007, sec. 3.4-3.5).

Pivoting is exact and fraction-free ("integer pivoting", von Stengel 2007,
sec. 3.5): tableau entries stay integers, each pivot divides exactly by the
previous pivot element, so there is no rounding, no overflow to NaN and no
loss of accuracy however many pivots are made.  Degenerate games are handled
by the *lexicographic* minimum ratio test (von Stengel 2007, sec. 3.7), which
compares ties by the rows of the inverse basis and never cycles.  Float
payoffs are read as the decimal they print as (``0.1`` is ``1/10``), pivoted
exactly, and the resulting float profile is verified with regret at most
``tol``.

The path can be exponentially long in the worst case (Savani and von Stengel
2006); ``max_pivots`` bounds it.

References
----------
C. E. Lemke, J. T. Howson, "Equilibrium points of bimatrix games",
*J. SIAM* 12 (1964) 413-423.

B. von Stengel, "Equilibrium computation for two-player games in strategic
and extensive form", ch. 3 of *Algorithmic Game Theory*, Cambridge UP, 2007.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.games._rational import fraction_array
from gametheory.games.bimatrix import is_equilibrium, payoff_matrices
from gametheory.results import Result, fmt_number

__all__ = ["LemkeHowsonResult", "lemke_howson"]


@dataclass(frozen=True, repr=False)
class LemkeHowsonResult(Result):
    """One equilibrium found by :func:`lemke_howson`.

    Attributes
    ----------
    equilibrium
        ``(x, y)``: Fraction ``object`` arrays when ``exact``, float arrays otherwise.
    initial_label
        The dropped label (``0..m-1`` row strategies, ``m..m+n-1`` column strategies).
    pivots
        Number of pivots made.
    exact, method, tol
        Arithmetic of the answer, algorithm name, regret tolerance (``0.0`` when exact).
    """

    equilibrium: tuple[np.ndarray, np.ndarray]
    initial_label: int
    pivots: int
    exact: bool
    method: str
    tol: float

    _repr_fields = ("initial_label", "pivots", "exact")

    def as_dict(self) -> dict:
        """``{"equilibrium": [x, y], "initial_label", "pivots", "exact", "method", "tol"}`` (exact: strings)."""
        def value(v):
            return str(Fraction(v)) if self.exact else float(v)

        return {"equilibrium": [[value(v) for v in vec] for vec in self.equilibrium],
                "initial_label": self.initial_label, "pivots": self.pivots, "exact": self.exact,
                "method": self.method, "tol": self.tol}

    def to_text(self) -> str:
        x, y = self.equilibrium
        show = ", ".join
        return (f"Lemke-Howson from label {self.initial_label} ({self.pivots} pivots): "
                f"x = ({show(fmt_number(v) for v in x)}), y = ({show(fmt_number(v) for v in y)})")


def _positive_integers(M: np.ndarray) -> list[list[int]]:
    """Positive affine image of a Fraction matrix with integer entries >= 1."""
    den = lcm(*(v.denominator for v in M.flat))
    ints = [[int(v * den) for v in row] for row in M]
    low = min(min(row) for row in ints)
    return [[v - low + 1 for v in row] for row in ints]


class _Tableau:
    """Fraction-free tableau ``[columns by label | rhs]`` with a basis of labels."""

    def __init__(self, rows: list[list[int]], basis: list[int], slack_cols: range) -> None:
        self.rows = rows
        self.basis = basis
        self.slack_cols = slack_cols
        self.det = 1

    def ratio_row(self, col: int) -> int:
        """Lexicographic minimum ratio test over rows with a positive entry in ``col``."""
        best = None
        for i, row in enumerate(self.rows):
            piv = row[col]
            if piv <= 0:
                continue
            if best is None or self._less(row, piv, self.rows[best], self.rows[best][col]):
                best = i
        if best is None:  # pragma: no cover - impossible for positive payoffs (bounded polytopes)
            raise ArithmeticError("unbounded ray in Lemke-Howson")
        return best

    def _less(self, a: list[int], pa: int, b: list[int], pb: int) -> bool:
        for c in (-1, *self.slack_cols):
            lhs, rhs = a[c] * pb, b[c] * pa
            if lhs != rhs:
                return lhs < rhs
        return False  # pragma: no cover - rows of the inverse basis are independent

    def pivot(self, r: int, col: int) -> int:
        """Pivot on ``(r, col)``; returns the label that leaves the basis."""
        prow = self.rows[r]
        piv = prow[col]
        for i, row in enumerate(self.rows):
            if i != r:
                f = row[col]
                self.rows[i] = [(v * piv - f * w) // self.det for v, w in zip(row, prow)]
        self.det = piv
        leaving, self.basis[r] = self.basis[r], col
        return leaving

    def values(self, labels: range) -> list[Fraction]:
        """Values of the variables with the given labels (zero when nonbasic)."""
        out = {lab: Fraction(0) for lab in labels}
        for row, lab in zip(self.rows, self.basis):
            if lab in out:
                out[lab] = Fraction(row[-1], row[lab])
        return [out[lab] for lab in labels]


def lemke_howson(A: Any, B: Any, initial_label: int = 0, *, exact: bool | None = None, tol: float = 1e-9,
                 max_pivots: int = 1_000_000) -> LemkeHowsonResult:
    """One Nash equilibrium by Lemke-Howson with exact integer pivoting.

    Parameters
    ----------
    A, B
        Payoffs of the row and column player, shape ``(m, n)``.
    initial_label
        Label dropped at the start: ``0..m-1`` for a row strategy, ``m..m+n-1`` for a column strategy.
    exact
        Return Fractions (default when all payoffs are rational) or floats.
    tol
        Float mode: regret tolerance of the final verification, relative to the payoff span
        ``s`` (largest payoff minus smallest): regret <= ``tol * max(1, s)``.
    max_pivots
        Give up (``UserInputError``) after this many pivots.

    Returns
    -------
    LemkeHowsonResult
        The equilibrium, verified (regret exactly zero, or at most ``tol`` in float mode).
    """
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol >= 0 or not np.isfinite(tol):
        raise UserInputError(f"tol must be a finite number >= 0, got {tol!r}")
    A, B, exact = payoff_matrices(A, B, exact)
    m, n = A.shape
    if not isinstance(initial_label, (int, np.integer)) or not 0 <= initial_label < m + n:
        raise UserInputError(f"initial_label must be an integer in 0..{m + n - 1}; got {initial_label!r}")
    Ai = _positive_integers(fraction_array(A))
    BTi = [list(col) for col in zip(*_positive_integers(fraction_array(B)))]
    # Q-system r + A y = 1: columns are labels 0..m-1 (r) then m..m+n-1 (y).
    t1 = _Tableau([[int(i == k) for k in range(m)] + Ai[i] + [1] for i in range(m)], list(range(m)), range(m))
    # P-system B^T x + s = 1: columns are labels 0..m-1 (x) then m..m+n-1 (s).
    t2 = _Tableau([BTi[j] + [int(j == k) for k in range(n)] + [1] for j in range(n)],
                  list(range(m, m + n)), range(m, m + n))
    entering = int(initial_label)
    tableau = t2 if entering < m else t1
    pivots = 0
    while True:
        if pivots >= max_pivots:
            raise UserInputError(f"Lemke-Howson made {max_pivots} pivots without finishing; raise max_pivots")
        leaving = tableau.pivot(tableau.ratio_row(entering), entering)
        pivots += 1
        if leaving == initial_label:
            break
        entering = leaving
        tableau = t1 if tableau is t2 else t2
    x, y = t2.values(range(m)), t1.values(range(m, m + n))
    sx, sy = sum(x), sum(y)
    xs = np.array([v / sx for v in x], dtype=object)
    ys = np.array([v / sy for v in y], dtype=object)
    if not exact:
        xs, ys = xs.astype(float), ys.astype(float)
    regret_tol = 0.0 if exact else tol * max(1.0, float(np.max(A) - np.min(A)), float(np.max(B) - np.min(B)))
    if not is_equilibrium(A, B, xs, ys, tol=regret_tol):  # pragma: no cover - a theorem guarantees it
        raise ArithmeticError("Lemke-Howson ended at a profile that is not an equilibrium")
    return LemkeHowsonResult(
        equilibrium=(xs, ys), initial_label=int(initial_label), pivots=pivots, exact=exact,
        method="Lemke-Howson, exact integer pivoting, lexicographic ratio test",
        tol=0.0 if exact else float(tol),
    )
