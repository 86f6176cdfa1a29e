"""Issue 14: legitimate parameters anywhere in the parser's range give a correct answer or a clean refusal.

Hypothesis draws parameters over their whole range (magnitudes 1e-12 .. 1e12 as the parser allows;
mu near 0 and near 1; sigma from 1 + 1e-12 to 1e12; T from 1 + 1e-12 to 1e300 in Python) and asserts
either a :class:`~gametheory.errors.UserInputError` with a one-line message, or thresholds equal to the
published closed forms and equilibria with the structure the closed forms imply (CES models: only
the symmetric equilibrium below the sustain point, the hysteresis band between sustain and break,
agglomeration beyond the break; OTT: agglomeration below tau*, dispersion above) -- never another
exception.  Tolerances follow the rounding analysis of :mod:`gametheory.models.neg._ces`: relative
``1e-9 + 1e-14 / min(mu_eff, 1 - alpha)``.
"""

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from gametheory.errors import UserInputError
from gametheory.models.neg import CorePeriphery, FootlooseEntrepreneur, LinearOTT
from gametheory.models.neg.linear import tau_star, tau_trade

log10_floats = lambda lo, hi: st.floats(lo, hi).map(lambda e: 10.0 ** e)
MU = st.one_of(log10_floats(-12, -0.3), log10_floats(-12, -0.3).map(lambda v: 1 - v))
SIGMA = log10_floats(-12, 12).map(lambda v: 1 + v)
T_CLI = st.one_of(log10_floats(-12, 0).map(lambda v: 1 + v), log10_floats(0, 12))
T_ANY = st.one_of(T_CLI, log10_floats(12, 300))
CES = st.sampled_from([CorePeriphery, FootlooseEntrepreneur])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _one_line(exc: Exception) -> None:
    assert str(exc) and "\n" not in str(exc)


def _ces_or_refusal(cls, mu, sigma):
    try:
        return cls(mu=mu, sigma=sigma)
    except UserInputError as exc:
        _one_line(exc)
        return None


def _tol(m) -> float:
    return 1e-9 + 1e-14 / min(m.strength(), m.black_hole_margin())


@SETTINGS
@given(cls=CES, mu=MU, sigma=SIGMA, T=T_ANY)
def test_ces_models_answer_correctly_or_refuse(cls, mu, sigma, T):
    m = _ces_or_refusal(cls, mu, sigma)
    assume(m is not None)
    tol = _tol(m)
    lb, ls = m.log_phi_break_closed(), m.log_phi_sustain_closed()
    assert ls < lb * (1 - tol) and lb < 0    # hysteresis: sustain before break (the band's relative width is O(mu^2))
    x = m.x_of_T(T) if T > 1 else 0.0
    try:
        s = m.summary(T)
    except UserInputError as exc:
        _one_line(exc)
        # refused: T = 1 + 1e-17 rounds to 1 (free trade), or T is so close to the thresholds that
        # rounding would decide (never farther than 1e-3 + 1e4 tol relative from both, in ln phi)
        assert T <= 1 or min(abs(x / lb - 1), abs(x / ls - 1)) < 1e-3 + 1e4 * tol or ls < x < lb
        return
    assert s.break_point.log_phi == pytest.approx(lb, rel=tol)
    assert s.sustain_point.log_phi == pytest.approx(ls, rel=tol)
    json.dumps(s.as_dict(), allow_nan=False)                   # valid JSON: no NaN, no Infinity
    got = [(e.lam, e.stable) for e in s.equilibria]
    margin = 1e-6 + 100 * tol
    if x < ls * (1 + margin):                                  # less free than the sustain point
        assert got == [(0.5, True)]
    elif x > lb * (1 - margin):                                # freer than the break point
        assert got == [(0.0, True), (0.5, False), (1.0, True)]
    elif ls * (1 - margin) < x < lb * (1 + margin):            # the hysteresis band
        assert got[0] == (0.0, True) and got[-1] == (1.0, True) and (0.5, True) in got
        assert all(not st_ for lam, st_ in got if lam not in (0.0, 0.5, 1.0))


@settings(max_examples=30, deadline=None)
@given(cls=CES, mu=MU, sigma=SIGMA, u=st.floats(0.05, 0.95))
def test_ces_hysteresis_band_has_five_equilibria(cls, mu, sigma, u):
    """Inside the band (ln phi between the closed-form sustain and break points): 0, 1/2, 1 stable,
    a symmetric unstable pair in between."""
    m = _ces_or_refusal(cls, mu, sigma)
    assume(m is not None)
    lb, ls = m.log_phi_break_closed(), m.log_phi_sustain_closed()
    x = ls + u * (lb - ls)
    assume(x < 0 and lb - ls > 1e-6 * abs(lb))      # a band double precision resolves (else: refused, above)
    try:
        eqs = m.equilibria(log_phi=x)
    except UserInputError as exc:   # refused only at the edge of what double precision resolves
        _one_line(exc)
        assert _tol(m) > 1e-4
        return
    assert [e.stable for e in eqs] == [True, False, True, False, True]
    assert eqs[2].lam == 0.5 and eqs[1].lam == pytest.approx(1 - eqs[3].lam, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(alpha=log10_floats(-12, 12), gamma=log10_floats(-12, 12), dbeta=log10_floats(-12, 12),
       phi=log10_floats(-12, 12), H=log10_floats(-12, 12), L=log10_floats(-12, 12), u=st.floats(1e-6, 1 - 1e-6))
def test_linear_model_answers_correctly_or_refuses(alpha, gamma, dbeta, phi, H, L, u):
    p = dict(alpha=alpha, beta=gamma + dbeta, gamma=gamma, phi=phi, H=H, L=L)
    try:
        m = LinearOTT(**p)
    except UserInputError as exc:
        _one_line(exc)
        return
    ts, tt = tau_star(**m.params), tau_trade(**m.params)
    assume(np.isfinite(ts) and np.isfinite(tt) and tt > 0)
    s = m.summary(u * tt)
    json.dumps(s.as_dict(), allow_nan=False)
    if ts < tt * (1 - 1e-6):
        assert s.break_point.T == pytest.approx(ts, rel=1e-9) and s.sustain_point.T == pytest.approx(ts, rel=1e-9)
    elif ts > tt * (1 + 1e-6):
        assert s.break_point.T is None and s.sustain_point.T is None
    got = [(e.lam, e.stable) for e in s.equilibria]
    if u * tt < ts * (1 - 1e-6):
        assert got == [(0.0, True), (0.5, False), (1.0, True)]
    elif u * tt > ts * (1 + 1e-6):
        assert got == [(0.5, True)]


@pytest.mark.parametrize("cls,mu,sigma,T,expected", [
    (CorePeriphery, 0.4, 200, 2.0, [(0.5, True)]),
    (CorePeriphery, 0.4, 1000, 3.0, [(0.5, True)]),          # phi = 3^-999 underflows
    (CorePeriphery, 0.4, 5, 1e300, [(0.5, True)]),
    (CorePeriphery, 0.4, 1e12, 1 + 1e-12, [(0.0, True), (0.5, False), (1.0, True)]),
    (CorePeriphery, 0.4, 5, 1 + 1e-12, [(0.0, True), (0.5, False), (1.0, True)]),
    (FootlooseEntrepreneur, 0.4, 1000, 2.0, [(0.5, True)]),
    (FootlooseEntrepreneur, 1e-5, 1.0001, 2.0, [(0.0, True), (0.5, False), (1.0, True)]),
])
def test_reported_cases(cls, mu, sigma, T, expected):
    m = cls(mu=mu, sigma=sigma)
    assert [(e.lam, e.stable) for e in m.equilibria(T=T)] == expected
    assert m.break_point().log_phi == pytest.approx(m.log_phi_break_closed(), rel=1e-12)


def test_thresholds_beyond_the_float_range_are_reported_in_logs():
    """sigma = 1.0001: T_B = exp(2007) overflows; near the black hole phi_S = exp(-18417) underflows."""
    m = CorePeriphery(mu=1e-5, sigma=1.0001)
    b = m.break_point()
    assert b.T == math.inf and b.as_dict()["T"] is None and b.log_T == pytest.approx(2007.108975, rel=1e-9)
    assert "T = exp(2007.10897" in b.to_text()
    m = CorePeriphery(mu=0.7999, sigma=5)
    s = m.sustain_point()
    assert s.phi == 0.0 and s.log_phi == pytest.approx(m.log_phi_sustain_closed(), rel=1e-12)
    assert "phi = exp(-18416.6817" in s.to_text()


def test_wage_ratio_solver_converges_everywhere():
    """Seeded scan over the whole range: bracketed Newton converges (<= 60 iterations; 48 in a 2,000-set scan)
    to a fixed point of the wage-ratio equation within its rounding level."""
    from gametheory.models.neg import _ces

    rng = np.random.default_rng(1)
    n = 0
    while n < 150:
        mu, sm1 = 10 ** rng.uniform(-12, np.log10(0.999)), 10 ** rng.uniform(-12, 12)
        if not (1 + sm1) * (1 - mu) > 1:
            continue
        n += 1
        ell = -10 ** rng.uniform(-30, 20)
        lam = np.concatenate([[0, 1, 0.5, 1e-300, 1 - 1e-16], rng.uniform(0, 1, 20), 10 ** rng.uniform(-300, 0, 10)])
        rho, (lh1, lh2, lw1, lw2), it = _ces.solve_log_wage_ratio(lam, ell, mu, sm1, return_iterations=True)
        assert it <= 60 and np.all(np.isfinite(rho))
        d = sm1 * rho
        near = (np.abs(ell + d) <= 1) & (np.abs(ell - d) <= 1)
        noise, _ = _ces.gap_noise(lam, ell, d, mu, lh1, lh2, lw1, lw2, near)
        assert np.all(np.abs((lw1 - lw2) - rho) <= 4 * noise + 1e-15 * np.abs(rho)), (mu, sm1, ell)
