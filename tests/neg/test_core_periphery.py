"""Core-periphery model (FKV 1999, ch. 5): short run, closed forms against numerics, stability, hysteresis."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from gametheory.errors import DomainError
from gametheory.models.neg.continuum import break_point, equilibria, omega_slope, sustain_point, tomahawk, wiggle
from gametheory.models.neg.core_periphery import (CorePeriphery, closed_forms, phi_break_closed,
                                                  phi_sustain_closed, short_run, sustain_gap)

# (mu, sigma) grid inside the no-black-hole region mu < (sigma-1)/sigma
GRID = [(0.1, 2.0), (0.3, 2.0), (0.2, 3.0), (0.4, 5.0), (0.6, 4.0), (0.5, 8.0), (0.1, 10.0), (0.7, 6.0)]


def test_published_break_point_mu04_sigma5():
    # FKV (5.26): T^(sigma-1) = (rho+mu)(1+mu)/((rho-mu)(1-mu)), rho = 0.8: = 1.2*1.4/(0.4*0.6) = 7
    assert phi_break_closed(0.4, 5) == pytest.approx(1 / 7, abs=1e-15)
    m = CorePeriphery(mu=0.4, sigma=5)
    assert float(m.T_of_phi(m.break_closed())) == pytest.approx(7 ** 0.25, abs=1e-12)  # 1.62658
    # the sustain point of FKV's figure 5.4 (T_S about 1.81)
    assert float(m.T_of_phi(m.sustain_closed())) == pytest.approx(1.8073127199, abs=1e-9)


@pytest.mark.parametrize("mu,sigma", GRID)
def test_closed_forms_agree_with_numerics(mu, sigma):
    m = CorePeriphery(mu=mu, sigma=sigma)
    assert break_point(m) == pytest.approx(phi_break_closed(mu, sigma), abs=1e-8)
    assert sustain_point(m) == pytest.approx(phi_sustain_closed(mu, sigma), abs=1e-8)
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


@settings(max_examples=25, deadline=None)
@given(lam=st.floats(0, 1), phi=st.floats(0.01, 0.99), mu=st.floats(0.05, 0.6), sigma=st.floats(1.5, 12))
def test_short_run_solves_the_wage_equations(lam, phi, mu, sigma):
    r = short_run([lam], phi, mu, sigma)
    w1, w2, G1, G2, Y1, Y2 = (r[k][0] for k in ("w1", "w2", "G1", "G2", "Y1", "Y2"))
    assert w1 ** sigma == pytest.approx(Y1 * G1 ** (sigma - 1) + phi * Y2 * G2 ** (sigma - 1), rel=1e-12)
    assert w2 ** sigma == pytest.approx(phi * Y1 * G1 ** (sigma - 1) + Y2 * G2 ** (sigma - 1), rel=1e-12)
    # income identity: total income = mu * (average manufacturing wage) + (1 - mu)
    assert Y1 + Y2 == pytest.approx(mu * (lam * w1 + (1 - lam) * w2) + 1 - mu, rel=1e-13)
    # symmetry: Omega(1 - lam) = -Omega(lam)
    m = CorePeriphery(mu=min(mu, 0.99 * (sigma - 1) / sigma), sigma=sigma)
    o = m.omega(np.array([lam, 1 - lam]), phi)
    assert o[0] == pytest.approx(-o[1], abs=1e-12)


def test_symmetric_stability_switches_at_break():
    m = CorePeriphery(mu=0.4, sigma=5)
    b = m.break_closed()
    for phi in (0.5 * b, 0.99 * b):
        half = [e for e in equilibria(m, phi) if e.lam == 0.5][0]
        assert half.stable and omega_slope(m, 0.5, phi)[0] < 0
    for phi in (1.01 * b, 0.5 + 0.5 * b):
        half = [e for e in equilibria(m, phi) if e.lam == 0.5][0]
        assert not half.stable


def test_corners_are_equilibria_exactly_on_the_sustain_side():
    m = CorePeriphery(mu=0.4, sigma=5)
    s = m.sustain_closed()
    for phi in np.linspace(0.02, 0.98, 25):
        lams = [e.lam for e in equilibria(m, phi)]
        assert (1.0 in lams) == (phi >= s) and (0.0 in lams) == (phi >= s)
    below, above = equilibria(m, s * (1 - 1e-6)), equilibria(m, s * (1 + 1e-6))
    assert [e.lam for e in below] == [0.5]
    assert [e.lam for e in above][0] == 0.0 and above[-1].lam == 1.0 and above[-1].stable


def test_hysteresis_band_has_five_equilibria():
    m = CorePeriphery(mu=0.4, sigma=5)
    eqs = equilibria(m, m.x_of_T(1.7))  # between T_B = 1.627 and T_S = 1.807
    assert [e.stable for e in eqs] == [True, False, True, False, True]
    assert eqs[1].lam == pytest.approx(1 - eqs[3].lam, abs=1e-12)
    assert eqs[1].lam == pytest.approx(0.165113164, abs=1e-8)


def test_tomahawk_and_wiggle_data():
    m = CorePeriphery(mu=0.4, sigma=5)
    tk = tomahawk(m, np.linspace(0.02, 0.6, 40))
    assert tk.break_x == pytest.approx(1 / 7, abs=1e-8) and tk.sustain_x == pytest.approx(m.sustain_closed(), abs=1e-8)
    for br in tk.branches:
        assert len({st_ for _, _, st_ in br}) == 1  # one stability per branch
    unstable_interior = [br for br in tk.branches if not br[0][2] and 0 < br[len(br) // 2][1] < 1 and br[len(br) // 2][1] != 0.5]
    assert unstable_interior, "the unstable interior branches of the hysteresis band are traced"
    lam, om = wiggle(m, [0.05, 0.12, 0.3])
    assert om.shape == (3, len(lam))
    assert om[0, -1] < 0 < om[2, -1]  # core not sustainable at phi = 0.05, sustainable at 0.3


def test_black_hole_and_bad_parameters_are_domain_errors():
    with pytest.raises(DomainError, match="no-black-hole"):
        CorePeriphery(mu=0.9, sigma=5)
    with pytest.raises(DomainError):
        CorePeriphery(sigma=1)
    assert np.all(np.isfinite(sustain_gap(np.array([0.1, 0.5]), 0.4, 5)))


@settings(max_examples=6, deadline=None)
@given(mu=st.floats(0.05, 0.7), sigma=st.floats(1.5, 12))
def test_closed_forms_agree_on_random_parameters(mu, sigma):
    if mu >= 0.95 * (sigma - 1) / sigma:  # stay clear of the black hole, where phi_S vanishes
        mu = 0.5 * (sigma - 1) / sigma
    m = CorePeriphery(mu=mu, sigma=sigma)
    ps = phi_sustain_closed(mu, sigma)
    assert break_point(m) == pytest.approx(phi_break_closed(mu, sigma), abs=1e-8)
    if ps > 1e-7:  # the engine searches phi >= 1e-8
        assert sustain_point(m) == pytest.approx(ps, abs=1e-8)
