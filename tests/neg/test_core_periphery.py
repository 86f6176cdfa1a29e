"""Core-periphery model (FKV 1999, ch. 5): short run, closed forms against numerics, stability, hysteresis."""

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from gametheory.errors import DomainError
from gametheory.models.neg import _ces
from gametheory.models.neg.continuum import break_point, equilibria, omega_slope, sustain_point, wiggle
from gametheory.models.neg.core_periphery import (CorePeriphery, closed_forms, phi_break_closed,
                                                  phi_sustain_closed, short_run, sustain_gap)

# (mu, sigma) grid inside the no-black-hole region mu < (sigma-1)/sigma
GRID = [(0.1, 2.0), (0.3, 2.0), (0.2, 3.0), (0.4, 5.0), (0.6, 4.0), (0.5, 8.0), (0.1, 10.0), (0.7, 6.0)]


def test_published_break_point_mu04_sigma5():
    # FKV (5.26): T^(sigma-1) = (rho+mu)(1+mu)/((rho-mu)(1-mu)), rho = 0.8: = 1.2*1.4/(0.4*0.6) = 7
    assert phi_break_closed(0.4, 5) == pytest.approx(1 / 7, abs=1e-15)
    m = CorePeriphery(mu=0.4, sigma=5)
    assert float(m.T_of_phi(m.break_closed())) == pytest.approx(7 ** 0.25, abs=1e-12)  # 1.62658
    assert m.log_phi_break_closed() == pytest.approx(-np.log(7), rel=1e-15)
    # the sustain point of FKV's figure 5.4 (T_S about 1.81)
    assert float(m.T_of_phi(m.sustain_closed())) == pytest.approx(1.8073127199, abs=1e-9)


@pytest.mark.parametrize("mu,sigma", GRID)
def test_closed_forms_agree_with_numerics(mu, sigma):
    """The engine finds both thresholds from the short run alone (in ln phi), to ~1e-15 relative."""
    m = CorePeriphery(mu=mu, sigma=sigma)
    assert break_point(m) == pytest.approx(np.log(phi_break_closed(mu, sigma)), rel=1e-12)
    assert sustain_point(m) == pytest.approx(np.log(phi_sustain_closed(mu, sigma)), rel=1e-12)
    # hysteresis: the core is sustainable before the symmetric equilibrium breaks
    assert sustain_point(m) < break_point(m)


def test_sympy_forms_match_the_numeric_functions():
    phi_b, sustain = closed_forms()
    mu, sigma, phi = sp.symbols("mu sigma phi", positive=True)
    for m_, s_ in GRID:
        assert float(phi_b.subs({mu: m_, sigma: s_})) == pytest.approx(phi_break_closed(m_, s_), rel=1e-14)
        ps = phi_sustain_closed(m_, s_)
        assert abs(float(sustain.subs({mu: m_, sigma: s_, phi: ps}))) < 1e-12
        # FKV (5.19) in T: omega_2 / omega_1 = T^-mu [(1+mu)/2 T^(1-sigma) + (1-mu)/2 T^(sigma-1)]^(1/sigma) = 1
        T = ps ** (1 / (1 - s_))
        assert T ** -m_ * ((1 + m_) / 2 * T ** (1 - s_) + (1 - m_) / 2 * T ** (s_ - 1)) ** (1 / s_) == pytest.approx(1, abs=1e-12)


def test_short_run_symmetric_and_core_values():
    r = short_run([0.5], 0.3, 0.4, 5)
    assert r["w1"][0] == pytest.approx(1, abs=1e-14) and r["w2"][0] == pytest.approx(1, abs=1e-14)
    # core: w1 = 1, G1 = 1, G2 = T, omega_2 from FKV (5.19)
    phi, mu, sigma = 0.2, 0.4, 5
    T = phi ** (1 / (1 - sigma))
    r = short_run([1.0], phi, mu, sigma)
    assert r["w1"][0] == pytest.approx(1, abs=1e-13) and r["G2"][0] == pytest.approx(T, rel=1e-13)
    w2 = ((1 + mu) / 2 * T ** (1 - sigma) + (1 - mu) / 2 * T ** (sigma - 1)) ** (1 / sigma)
    assert r["w2"][0] == pytest.approx(w2, rel=1e-13)
    assert r["omega2"][0] == pytest.approx(w2 * T ** -mu, rel=1e-13)


def test_autarky_limit():
    """phi -> 0 (here phi = exp(-1e6), far below the float range): w_r = 1/(2 lambda_r) in each closed region."""
    lam = np.array([0.1, 0.3, 0.5, 0.8])
    r = short_run(lam, mu=0.4, sigma=5, log_phi=-1e6)
    assert r["w1"] == pytest.approx(1 / (2 * lam), rel=1e-13)
    assert r["w2"] == pytest.approx(1 / (2 * (1 - lam)), rel=1e-13)
    m = CorePeriphery(mu=0.4, sigma=5)
    assert [(e.lam, e.stable) for e in equilibria(m, -1e6)] == [(0.5, True)]


@settings(max_examples=25, deadline=None)
@given(lam=st.floats(0, 1), phi=st.floats(0.01, 0.99), mu=st.floats(0.05, 0.6), sigma=st.floats(1.5, 12))
def test_short_run_solves_the_wage_equations(lam, phi, mu, sigma):
    r = short_run([lam], phi, mu, sigma)
    w1, w2, G1, G2, Y1, Y2 = (r[k][0] for k in ("w1", "w2", "G1", "G2", "Y1", "Y2"))
    assert w1 ** sigma == pytest.approx(Y1 * G1 ** (sigma - 1) + phi * Y2 * G2 ** (sigma - 1), rel=1e-12)
    assert w2 ** sigma == pytest.approx(phi * Y1 * G1 ** (sigma - 1) + Y2 * G2 ** (sigma - 1), rel=1e-12)
    # price indices (FKV 5.2): G1^(1-sigma) = lam w1^(1-sigma) + (1-lam) phi w2^(1-sigma)
    assert G1 ** (1 - sigma) == pytest.approx(lam * w1 ** (1 - sigma) + (1 - lam) * phi * w2 ** (1 - sigma), rel=1e-12)
    # income identity: total income = mu * (average manufacturing wage) + (1 - mu)
    assert Y1 + Y2 == pytest.approx(mu * (lam * w1 + (1 - lam) * w2) + 1 - mu, rel=1e-13)
    # symmetry: Omega(1 - lam) = -Omega(lam)
    m = CorePeriphery(mu=min(mu, 0.99 * (sigma - 1) / sigma), sigma=sigma)
    o = m.omega(np.array([lam, 1 - lam]), np.log(phi))
    assert o[0] == pytest.approx(-o[1], abs=1e-12)


def _mp_wages(lam, T, mu, sigma, w0):
    """FKV (5.1)-(5.4) solved independently in 60-digit arithmetic, from the toolkit's wages."""
    mp.mp.dps = 60
    lam, T, mu, sigma = (mp.mpf(v) for v in (lam, T, mu, sigma))
    phi = T ** (1 - sigma)

    def eqs(u1, u2):  # log wages
        w1, w2 = mp.e ** u1, mp.e ** u2
        Y1, Y2 = mu * lam * w1 + (1 - mu) / 2, mu * (1 - lam) * w2 + (1 - mu) / 2
        g1 = lam * w1 ** (1 - sigma) + (1 - lam) * phi * w2 ** (1 - sigma)
        g2 = lam * phi * w1 ** (1 - sigma) + (1 - lam) * w2 ** (1 - sigma)
        return [sigma * u1 - mp.log(Y1 / g1 + phi * Y2 / g2), sigma * u2 - mp.log(phi * Y1 / g1 + Y2 / g2)]

    u = mp.findroot(eqs, [mp.log(w0[0]), mp.log(w0[1])], tol=mp.mpf(10) ** -40)
    return [float(mp.e ** u[0]), float(mp.e ** u[1])]


@pytest.mark.parametrize("lam,T,mu,sigma", [
    (0.3, 1.01, 0.4, 200.0),      # sigma = 200 crashed before (issue 14)
    (0.05, 1.002, 0.4, 1000.0),
    (0.7, 3.0, 0.4, 1000.0),      # phi = 3^-999: autarky
    (0.2, 1.7, 0.01, 1.05),       # sigma near 1
    (0.45, 1.0 + 1e-9, 0.4, 5.0),  # near free trade
])
def test_short_run_against_independent_high_precision_solution(lam, T, mu, sigma):
    m = CorePeriphery(mu=mu, sigma=sigma)
    r = m.short_run([lam], T=T)
    w = _mp_wages(lam, T, mu, sigma, (r["w1"][0], r["w2"][0]))
    assert r["w1"][0] == pytest.approx(w[0], rel=1e-12) and r["w2"][0] == pytest.approx(w[1], rel=1e-12)


def test_symmetric_stability_switches_at_break():
    m = CorePeriphery(mu=0.4, sigma=5)
    b = m.break_closed()
    for phi in (0.5 * b, 0.99 * b):
        half = [e for e in m.equilibria(phi=phi) if e.lam == 0.5][0]
        assert half.stable and omega_slope(m, 0.5, np.log(phi))[0] < 0
    for phi in (1.01 * b, 0.5 + 0.5 * b):
        half = [e for e in m.equilibria(phi=phi) if e.lam == 0.5][0]
        assert not half.stable


def test_complex_step_slope_matches_differences():
    """The complex-step slope against central differences (interior) and one-sided second-order ones (corners)."""
    m = CorePeriphery(mu=0.4, sigma=5)
    h, x = 1e-5, -2.0
    lam = np.array([0.1, 0.3, 0.5, 0.77])
    fd = (m.gap(lam + h, x) - m.gap(lam - h, x)) / (2 * h)
    assert m.gap_slope(lam, x) == pytest.approx(fd, rel=1e-8)
    g = lambda l: float(m.gap(np.array([l]), x)[0])
    assert m.gap_slope(np.array([0.0]), x)[0] == pytest.approx((-3 * g(0) + 4 * g(h) - g(2 * h)) / (2 * h), rel=1e-8)
    assert m.gap_slope(np.array([1.0]), x)[0] == pytest.approx((3 * g(1) - 4 * g(1 - h) + g(1 - 2 * h)) / (2 * h), rel=1e-8)


def test_corners_are_equilibria_exactly_on_the_sustain_side():
    m = CorePeriphery(mu=0.4, sigma=5)
    s = m.sustain_closed()
    for phi in np.linspace(0.02, 0.98, 25):
        lams = m.equilibria(phi=phi).lambdas
        assert (1.0 in lams) == (phi >= s) and (0.0 in lams) == (phi >= s)
    below, above = m.equilibria(phi=s * (1 - 1e-6)), m.equilibria(phi=s * (1 + 1e-6))
    assert below.lambdas == (0.5,)
    assert above.lambdas[0] == 0.0 and above[-1].lam == 1.0 and above[-1].stable


def test_hysteresis_band_has_five_equilibria():
    m = CorePeriphery(mu=0.4, sigma=5)
    eqs = m.equilibria(T=1.7)  # between T_B = 1.627 and T_S = 1.807
    assert eqs.stable == (True, False, True, False, True)
    assert eqs[1].lam == pytest.approx(1 - eqs[3].lam, abs=1e-12)
    assert eqs[1].lam == pytest.approx(0.165113164, abs=1e-8)


def test_tomahawk_and_wiggle_data():
    m = CorePeriphery(mu=0.4, sigma=5)
    tk = m.tomahawk(phi=np.linspace(0.02, 0.6, 40))
    assert tk.axis == "phi" and tk.break_T == pytest.approx(7 ** 0.25, rel=1e-14)
    assert tk.break_x == pytest.approx(1 / 7, abs=1e-15) and tk.sustain_x == pytest.approx(m.sustain_closed(), rel=1e-14)
    for br in tk.branches:
        assert len({st_ for _, _, st_ in br}) == 1  # one stability per branch
    unstable_interior = [br for br in tk.branches if not br[0][2] and 0 < br[len(br) // 2][1] < 1 and br[len(br) // 2][1] != 0.5]
    assert unstable_interior, "the unstable interior branches of the hysteresis band are traced"
    wg = m.wiggle(phi=[0.05, 0.12, 0.3])
    assert wg.omega.shape == (3, len(wg.lam)) and wg.T[0] == pytest.approx(0.05 ** -0.25)
    assert wg.omega[0, -1] < 0 < wg.omega[2, -1]  # core not sustainable at phi = 0.05, sustainable at 0.3
    lam, om = wiggle(m, np.log([0.05]))
    assert om[0] == pytest.approx(wg.omega[0], rel=1e-14)


def test_black_hole_and_bad_parameters_are_domain_errors():
    with pytest.raises(DomainError, match="no-black-hole"):
        CorePeriphery(mu=0.9, sigma=5)
    with pytest.raises(DomainError):
        CorePeriphery(sigma=1)
    with pytest.raises(DomainError, match="within 1e-12 of the black hole"):
        CorePeriphery(mu=0.8 - 1e-14, sigma=5)
    assert np.all(np.isfinite(sustain_gap(np.array([0.1, 0.5]), 0.4, 5)))


@settings(max_examples=6, deadline=None)
@given(mu=st.floats(0.05, 0.7), sigma=st.floats(1.5, 12))
def test_closed_forms_agree_on_random_parameters(mu, sigma):
    if mu >= 0.95 * (sigma - 1) / sigma:
        mu = 0.5 * (sigma - 1) / sigma
    m = CorePeriphery(mu=mu, sigma=sigma)
    assert break_point(m) == pytest.approx(m.log_phi_break_closed(), rel=1e-12)
    assert sustain_point(m) == pytest.approx(m.log_phi_sustain_closed(), rel=1e-12)
    assert _ces.sustain_gap(m.log_phi_sustain_closed(), *m.alpha_s()) == pytest.approx(0, abs=1e-14)
