"""Hypothesis strategies and brute-force references shared by the tests."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from gametheory.models.cournot import cournot_quantities
from gametheory.models.agglomeration import RESOURCE
from gametheory.params import Params


def tenths(lo: int, hi: int):
    """Fractions i/10 for i in [lo, hi]."""
    return st.integers(lo, hi).map(lambda i: Fraction(i, 10))


@st.composite
def model_params(draw, corners: bool = True):
    """Random exact parameters inside the model's domain.

    Demand intercepts go down to 1 so that some firms stop serving a market
    (corners of the Cournot stage); transport costs up to 4.
    """
    c = draw(tenths(5, 40))
    gamma_A = draw(tenths(0, 15))
    gamma_B = draw(tenths(0, 15))
    tau_r = draw(tenths(0, 30))
    e = draw(tenths(-10, 10))
    if c - e - gamma_A <= 0:
        e = c - gamma_A - Fraction(1, 10)
    if c + tau_r - gamma_B <= 0:
        tau_r = gamma_B - c + Fraction(1, 10)
    lo = 10 if corners else 60
    return Params({
        "a_A": draw(tenths(lo, 150)), "a_B": draw(tenths(lo, 150)), "b": draw(tenths(2, 30)), "c": c, "e": e,
        "tau_r": tau_r, "tau_p": draw(tenths(0, 40)), "gamma_A": gamma_A, "gamma_B": gamma_B,
        "F_A": draw(tenths(0, 5)), "F_B": draw(tenths(0, 5)),
    }, RESOURCE.space)


def brute_force_payoff(N: int, params: Params, locations: tuple[str, ...], i: int) -> Fraction:
    """Payoff of firm ``i`` for an explicit location profile, from the general N-firm Cournot solver.

    Independent of the two-class formulas: every firm's delivered cost is
    written out and each market solved with the sorted active-set algorithm.
    """
    p = params
    k = sum(1 for r in locations if r == "A")
    costs = {"A": p["c"] - p["e"] - p["gamma_A"] * Fraction(k - 1, N - 1),
             "B": p["c"] + p["tau_r"] - p["gamma_B"] * Fraction(N - k - 1, N - 1)}
    total = Fraction(0)
    for m in "AB":
        delivered = [costs[r] + (0 if r == m else p["tau_p"]) for r in locations]
        q = cournot_quantities(p[f"a_{m}"], p["b"], delivered)
        total += p["b"] * q[i] ** 2
    return total - p[f"F_{locations[i]}"]


def brute_force_is_equilibrium(N: int, params: Params, k: int) -> bool:
    """Whether n_A = k survives every unilateral deviation (brute force over firms)."""
    prof = tuple("A" if j < k else "B" for j in range(N))
    for i in range(N):
        here = brute_force_payoff(N, params, prof, i)
        other = "B" if prof[i] == "A" else "A"
        dev = prof[:i] + (other,) + prof[i + 1:]
        if brute_force_payoff(N, params, dev, i) > here:
            return False
    return True
