"""Sweeps and regime boundaries against the per-point solvers."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.analysis.boundaries import boundary_curves, numeric_boundary_cells
from gametheory.games.anonymous import classify_equilibria
from gametheory.analysis.sweeps import OUTSIDE, Axis, sweep
from gametheory.errors import UserInputError
from gametheory.game import AgglomerationGame
from gametheory.models.agglomeration import RESOURCE

from .strategies import model_params


def point_params(sw, idx):
    changes = {}
    for ax, i in zip(sw.axes, idx):
        changes[ax.name] = ax.exact_value(i)
    return sw.params.replace(**changes)


@pytest.mark.parametrize("N", [2, 5, 20])
def test_sweep_equals_per_point_solver(N):
    sw = sweep(AgglomerationGame(N, RESOURCE.defaults()), [Axis.parse("tau_p=0:2.5:9", RESOURCE.space), Axis.parse("Delta_gamma=-0.3:1.2:7", RESOURCE.space)])
    for idx in np.ndindex(sw.shape):
        game = AgglomerationGame(N, point_params(sw, idx))
        pure = game.pure_equilibria()
        assert sw.pure_at(idx) == pure
        assert sw.regime_name(idx) == RESOURCE.regime_name(classify_equilibria(pure, N))
        assert [k for k in range(N + 1) if sw.strict[(k,) + idx]] == game.strict_equilibria()
        mixed = game.anonymous_game().mixed_equilibria(exact=False)
        got = sw.mixed_at(idx)
        assert [p for p, _ in got] == pytest.approx([m.p for m in mixed], abs=1e-9)
        assert [s for _, s in got] == [m.stable for m in mixed]


@settings(max_examples=12, deadline=None)
@given(params=model_params(), N=st.integers(2, 12), name=st.sampled_from(["tau_p", "tau_r", "a_B", "F_A"]))
def test_random_1d_sweeps(params, N, name):
    lo = float(params[name]) / 2
    sw = sweep(AgglomerationGame(N, params), [Axis.linspace(RESOURCE.space, name, lo, lo + 1.5, 5)])
    for i in range(5):
        try:
            game = AgglomerationGame(N, point_params(sw, (i,)))
        except UserInputError:
            assert sw.regime[i] == OUTSIDE
            continue
        # exact at every grid point, near-ties included (certified signs, exact fallback)
        assert sw.pure_at((i,)) == game.pure_equilibria()
        assert [k for k in range(N + 1) if sw.strict[k, i]] == game.strict_equilibria()
        if game.anonymous_game().indifferent:
            assert sw.mixed_at((i,)) == []
            continue
        assert [p for p, _ in sw.mixed_at((i,))] == pytest.approx([m.p for m in game.anonymous_game().mixed_equilibria(exact=False)
                                                                    if m.multiplicity == 1], abs=1e-8)


def test_outside_domain_is_marked():
    sw = sweep(AgglomerationGame(2, RESOURCE.defaults()), [Axis.parse("e=0:3:7", RESOURCE.space)])  # c - e - gamma_A <= 0 once e >= 1.6
    assert sw.regime_name((6,)) == "outside" and not sw.pure[:, 6].any()
    assert sw.regime_name((0,)) in RESOURCE.regime_names


@pytest.mark.parametrize("text,msg", [("tau_p=0:1", "NAME=LO:HI:COUNT"), ("tau=0:1:5", "unknown parameter"),
                                      ("tau_p=1:0:5", "HI must exceed LO"), ("tau_p=0:1:1", "at least 2"),
                                      ("b=-1:1:5", "b must be > 0")])
def test_axis_errors(text, msg):
    with pytest.raises(UserInputError, match=msg):
        Axis.parse(text, RESOURCE.space)


@pytest.mark.parametrize("N", [2, 20])
def test_boundary_curves_coincide_with_numeric_regime_changes(N):
    x, y = Axis.parse("tau_p=0:3:90", RESOURCE.space), Axis.parse("Delta_gamma=-0.4:1.5:80", RESOURCE.space)
    sw = sweep(AgglomerationGame(N, RESOURCE.defaults()), [x, y])
    curves = {c.k: c for c in boundary_curves(sw)}
    dx, dy = x.values[1] - x.values[0], y.values[1] - y.values[0]
    cells = numeric_boundary_cells(sw)
    assert cells
    for k, ca, cb in cells:
        c = curves[k]
        x0, x1 = sorted((x.values[ca[0]], x.values[cb[0]]))
        y0, y1 = sorted((y.values[ca[1]], y.values[cb[1]]))
        near = (c.x >= x0 - 1e-9) & (c.x <= x1 + 1e-9) & (c.y >= y0 - 1e-9) & (c.y <= y1 + 1e-9)
        # the exact curve crosses the segment between the two cells: some curve point lies in their box
        # (the curve is sampled at 800 points, finer than the grid)
        box = (c.x >= x0 - dx) & (c.x <= x1 + dx) & (c.y >= y0 - dy) & (c.y <= y1 + dy)
        assert near.any() or box.any(), (k, ca, cb)
    # on the curves D_k = 0, checked in exact arithmetic at sample points
    rng = np.random.default_rng(0)
    for c in curves.values():
        pts = np.flatnonzero(np.isfinite(c.x))
        for i in rng.choice(pts, size=min(5, len(pts)), replace=False):
            p = RESOURCE.defaults().replace(tau_p=Fraction(float(c.x[i])), Delta_gamma=Fraction(float(c.y[i])))
            g = AgglomerationGame(N, p)
            assert abs(float(g.payoff_A(c.k) - g.payoff_B(c.k - 1))) < 1e-9


@pytest.mark.parametrize("N,axes", [(2, ("tau_p=0:3:90", "Delta_gamma=-0.4:1.5:80")),
                                    (20, ("tau_p=0:3:90", "Delta_gamma=-0.4:1.5:80")),
                                    (20, ("e=0:1:40", "tau_r=0:2:50"))])
def test_boundary_curves_from_terms_equal_sympys_polynomials(monkeypatch, N, axes):
    """Curves solved from the polynomial's rational terms (ring arithmetic) are the very points and formulas of
    sympy's route (expansion, ``Poly`` in each variable, Horner on the coefficients)."""
    import gametheory.analysis.boundaries as B

    sw = sweep(AgglomerationGame(N, RESOURCE.defaults()), [Axis.parse(a, RESOURCE.space) for a in axes])
    fast = boundary_curves(sw)
    monkeypatch.setattr(B, "rational_terms", lambda expr, gens: None)
    slow = boundary_curves(sw)
    assert fast and [c.k for c in fast] == [c.k for c in slow]
    for a, b in zip(fast, slow):
        assert np.array_equal(a.x, b.x, equal_nan=True) and np.array_equal(a.y, b.y, equal_nan=True)
        assert a.formulas == b.formulas


@settings(max_examples=8, deadline=None)
@given(params=model_params(), N=st.integers(2, 9),
       names=st.sampled_from([("tau_p", "Delta_gamma"), ("e", "tau_r"), ("a_B", "F_A")]))
def test_chunk_values_in_their_own_shapes_give_the_same_certified_gaps(params, N, names):
    """The sweep evaluates each chunk with every parameter in its own broadcast shape (a constant stays
    ``(1, 1)``): the certified gap tables must be the numbers of the full-shape chunk, and every sign a ball
    decides must be the sign of the exact gap (Fractions, at the exact grid point)."""
    from gametheory.analysis.sweeps import _chunk_ball
    from gametheory.arith import Ball

    axes = [Axis.linspace(RESOURCE.space, names[0], float(params.get_any(names[0])) / 2,
                          float(params.get_any(names[0])) / 2 + 1.3, 4),
            Axis.linspace(RESOURCE.space, names[1], float(params.get_any(names[1])) / 2,
                          float(params.get_any(names[1])) / 2 + 0.9, 3)]
    shape = (4, 3)
    vb = RESOURCE.space.grid_values(params, {a.name: a.ball() for a in axes}, certified=True)
    for sl in (slice(0, 4), slice(1, 3)):
        compact = {n: _chunk_ball(b, sl) for n, b in vb.items()}
        full = {n: Ball(np.broadcast_to(b.mid, shape)[sl], np.broadcast_to(b.rad, shape)[sl]) for n, b in vb.items()}
        got, want = (RESOURCE.gap_arrays(N, v, certified="uniform") for v in (compact, full))
        csh = (sl.stop - sl.start,) + shape[1:]
        mid, rad = np.broadcast_to(got.mid, (N,) + csh), np.broadcast_to(got.full_rad(), (N,) + csh)
        np.testing.assert_array_equal(mid, np.broadcast_to(want.mid, (N,) + csh))
        np.testing.assert_array_equal(rad, np.broadcast_to(want.full_rad(), (N,) + csh))
        for idx in np.ndindex(csh):
            point = params.replace(**{a.name: a.exact_value(i) for a, i in zip(axes, (sl.start + idx[0], idx[1]))})
            if not all(c.holds() for c in RESOURCE.domain(N, point)):
                continue
            exact = RESOURCE.exact_gaps(N, range(1, N + 1), point)
            for k in range(1, N + 1):
                m, r = mid[(k - 1,) + idx], rad[(k - 1,) + idx]
                if m > r or m < -r:   # certified by the ball: the exact sign
                    assert np.sign(m) == (exact[k] > 0) - (exact[k] < 0)


def test_a_cournot_corner_line_is_decided_by_point_balls_not_exact_arithmetic(monkeypatch):
    """On tau_p = 11/19 (N = 20, defaults) the lone firm in B sells exactly 0 in both markets: the grid's uniform
    radius gives up there for D_19 and D_20, and the per-point balls decide them (signs equal to the exact gaps),
    leaving no point to exact arithmetic; without that pass every point of the line goes to exact arithmetic."""
    from gametheory.analysis import sweeps

    game = AgglomerationGame(20, RESOURCE.defaults().replace(tau_p=Fraction(11, 19)))
    axis = [Axis.parse("Delta_gamma=-0.4:1.5:40", RESOURCE.space)]
    sw = sweep(game, axis)
    assert sw.exact_points == 0
    for i in (0, 13, 39):
        exact = RESOURCE.exact_gaps(20, range(1, 21), point_params(sw, (i,)))
        assert [int(np.sign(sw.D[k - 1, i])) for k in range(1, 21)] == [(v > 0) - (v < 0) for v in exact.values()]
        assert sorted(np.flatnonzero(sw.pure[:, i])) == game.replace(Delta_gamma=sw.axes[0].exact_value(i)).pure_equilibria()
    monkeypatch.setattr(sweeps, "_point_balls", lambda model, N, sub, shape, where, *rest: np.zeros(len(where[0]), bool))
    before = sweep(game, axis)
    assert before.exact_points >= 40 and np.array_equal(before.pure, sw.pure)


def test_a_sweep_without_its_gap_table_has_the_same_equilibria():
    """``gaps=False`` (the regimes command) drops only ``D``: every equilibrium and regime is the same."""
    game = AgglomerationGame(6, RESOURCE.defaults())
    axes = [Axis.parse("tau_p=0:3:23", RESOURCE.space), Axis.parse("Delta_gamma=-0.4:1.5:17", RESOURCE.space)]
    full, lean = sweep(game, axes), sweep(game, axes, gaps=False)
    assert lean.D is None and full.D.shape == (6, 23, 17)
    for name in ("pure", "strict", "mixed_stable", "regime", "valid"):
        assert np.array_equal(getattr(full, name), getattr(lean, name)), name
    assert np.array_equal(full.mixed_p, lean.mixed_p, equal_nan=True)


def _same_sweep(a, b, mixed_atol=0.0):
    for name in ("pure", "strict", "regime", "valid", "mixed_stable"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.mixed_p.shape == b.mixed_p.shape
    assert np.array_equal(np.isnan(a.mixed_p), np.isnan(b.mixed_p))
    fin = np.isfinite(a.mixed_p)
    assert np.all(np.abs(a.mixed_p[fin] - b.mixed_p[fin]) <= mixed_atol)


@pytest.mark.parametrize("N", [2, 20])
def test_sweep_does_not_depend_on_threads_or_chunks(monkeypatch, N):
    """The chunks of a sweep run on several threads give the very numbers of one thread (every array, bit for
    bit, at the same chunk size); other chunk sizes (other uniform radii) give the same equilibria, regimes and
    domain, and mixed roots within the refinement's width."""
    from gametheory.analysis import sweeps as sw

    game = AgglomerationGame(N)
    axes = ["tau_p=0:3:61", "Delta_gamma=-0.4:1.5:47"]
    monkeypatch.delenv(sw.THREADS_ENV, raising=False)
    monkeypatch.setattr(sw, "_CHUNK", 40 * N * 10)               # several chunks of 10 rows
    monkeypatch.setattr(sw, "THREADED_MIN_GAPS", 10 ** 12)
    one = sw.sweep(game, axes)
    monkeypatch.setattr(sw, "THREADED_MIN_GAPS", 0)
    monkeypatch.setattr(sw, "sweep_threads", lambda gaps, chunks: 3)
    threaded = sw.sweep(game, axes)
    _same_sweep(one, threaded)
    assert np.array_equal(one.D, threaded.D) and one.exact_points == threaded.exact_points
    monkeypatch.setattr(sw, "_CHUNK", 10 ** 7)                   # one chunk: other radii, the same answers
    whole = sw.sweep(game, axes)
    _same_sweep(one, whole, mixed_atol=1e-8)


def test_sweep_threads_follow_size_cores_and_the_cap(monkeypatch):
    from gametheory.analysis import sweeps as sw

    monkeypatch.delenv(sw.THREADS_ENV, raising=False)
    assert sw.sweep_threads(sw.THREADED_MIN_GAPS - 1, 100) == 1
    assert sw.sweep_threads(10 ** 9, 1) == 1
    many = sw.sweep_threads(10 ** 9, 100)
    assert 1 <= many <= 4
    monkeypatch.setenv(sw.THREADS_ENV, "1")
    assert sw.sweep_threads(10 ** 9, 100) == 1
    monkeypatch.setenv(sw.THREADS_ENV, "not a number")            # ignored: the default
    assert sw.sweep_threads(10 ** 9, 100) == many


def test_regime_map_without_mixed_equilibria_has_the_same_regimes_and_says_so():
    from gametheory.analysis.sweeps import regime_map

    game = AgglomerationGame(20, RESOURCE.defaults())
    x, y = Axis.parse("tau_p=0:2.5:21", RESOURCE.space), Axis.parse("Delta_gamma=-0.3:1.2:17", RESOURCE.space)
    full, pure = regime_map(game, x, y), regime_map(game, x, y, mixed=False)
    assert full.sweep.has_mixed and not pure.sweep.has_mixed
    assert np.array_equal(full.sweep.regime, pure.sweep.regime)
    assert np.array_equal(full.sweep.pure, pure.sweep.pure) and np.array_equal(full.sweep.D, pure.sweep.D)
    assert [(c.k, c.formulas) for c in full.curves] == [(c.k, c.formulas) for c in pure.curves]
    assert np.isfinite(full.sweep.mixed_p).any()          # the full map has mixed equilibria here...
    with pytest.raises(ValueError, match="mixed=False"):  # ...which the other does not claim to have none of
        pure.sweep.mixed_at((0, 0))
    point = pure.as_dict()["points"][0]
    assert "mixed_equilibria" not in point and "mixed_equilibria" in full.as_dict()["points"][0]
    assert point["pure_equilibria"] == full.as_dict()["points"][0]["pure_equilibria"]


@settings(max_examples=15, deadline=None)
@given(params=model_params(), N=st.integers(2, 12))
def test_sweep_radii_bound_the_exact_gaps(params, N):
    """``Sweep.D_rad`` is a certified bound: at every grid point inside the domain ``|D_k - D[k-1]| <= D_rad[k-1]``
    for the exact ``D_k``, and the ball decides its sign (or is an exact value)."""
    from fractions import Fraction as F

    tp, dg = float(params["tau_p"]), float(params["gamma_B"] - params["gamma_A"])
    game = AgglomerationGame(N, params)
    sw = sweep(game, [Axis.linspace(RESOURCE.space, "tau_p", tp / 2, tp + 1, 4),
                      Axis.linspace(RESOURCE.space, "Delta_gamma", dg - 0.3, dg + 0.3, 3)], mixed=False)
    assert sw.D_rad.shape == sw.D.shape
    for idx in np.ndindex(sw.shape):
        if not sw.valid[idx]:
            continue
        point = point_params(sw, idx)
        for k in range(1, N + 1):
            exact = RESOURCE.exact_gap(N, k, point)
            mid, rad = sw.D[(k - 1,) + idx], sw.D_rad[(k - 1,) + idx]
            assert abs(F(mid) - exact) <= F(rad), (k, idx, mid, rad, exact)
            assert abs(mid) > rad or (rad <= 1e-12 * max(1.0, abs(mid)) and np.sign(mid) == np.sign(float(exact)))
