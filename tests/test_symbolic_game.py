"""The generic symbolic game core: pure-equilibrium conditions, 2x2 mixed closed form, numeric games."""

from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import given, settings

from gametheory.games.bimatrix import bimatrix_equilibria
from gametheory.games.symbolic import SymbolicGame
from gametheory.game import AgglomerationGame
from gametheory.analysis.propositions import two_firm_game
from gametheory.models.agglomeration import RESOURCE

from .strategies import model_params

t, s = sp.symbols("t s", positive=True)


def prisoners_dilemma():
    # temptation T = 3 + t > reward 3 > punishment 1 > sucker 0
    pay = {("C", "C"): (3, 3), ("C", "D"): (0, 3 + t), ("D", "C"): (3 + t, 0), ("D", "D"): (1, 1)}
    return SymbolicGame((("C", "D"), ("C", "D")), pay)


def test_prisoners_dilemma_conditions():
    g = prisoners_dilemma()
    assert g.equilibrium_conditions(("D", "D")) == []          # always an equilibrium
    (cond,) = g.equilibrium_conditions(("C", "C"))
    assert cond.always is False                                  # never: 3 - (3 + t) < 0 for t > 0
    assert [c.always for c in g.equilibrium_conditions(("C", "D"))] == [False]


def test_battle_of_sexes_mixed_closed_form():
    pay = {("O", "O"): (2 * t, 1), ("O", "F"): (0, 0), ("F", "O"): (0, 0), ("F", "F"): (1, 2 * s)}
    g = SymbolicGame((("O", "F"), ("O", "F")), pay)
    mix = g.mixed_2x2()
    assert sp.simplify(mix.x - 2 * s / (2 * s + 1)) == 0
    assert sp.simplify(mix.y - 1 / (2 * t + 1)) == 0
    x, y = mix.at({t: 1, s: sp.Rational(1, 2)})
    assert (x, y) == (sp.Rational(1, 2), sp.Rational(1, 3))
    num = g.substitute({"t": Fraction(1), "s": Fraction(1, 2)})
    eqs = bimatrix_equilibria(*num.payoffs, exact=True).equilibria
    assert any(tuple(e[0]) == (Fraction(1, 2), Fraction(1, 2)) and tuple(e[1]) == (Fraction(1, 3), Fraction(2, 3))
               for e in eqs)


def test_lambdify_matches_substitute():
    pay = {("O", "O"): (2 * t, 1), ("O", "F"): (0, s), ("F", "O"): (t * s, 0), ("F", "F"): (1, 2 * s)}
    g = SymbolicGame((("O", "F"), ("O", "F")), pay)
    f = g.lambdify([s, t])
    A, B = f(np.array([0.5, 2.0]), np.array([1.0, 3.0]))
    assert A.shape == (2, 2, 2)
    for i, (sv, tv) in enumerate([(0.5, 1.0), (2.0, 3.0)]):
        num = g.substitute({"s": sv, "t": tv})
        np.testing.assert_allclose(A[..., i], num.payoffs[0].astype(float))
        np.testing.assert_allclose(B[..., i], num.payoffs[1].astype(float))


@settings(max_examples=12, deadline=None)
@given(params=model_params())
def test_two_firm_symbolic_game_conditions_decide_equilibria(params):
    """The generic core's conditions, in the regimes that hold, decide exactly the numeric equilibria."""
    game = AgglomerationGame(2, params)
    sg = two_firm_game(RESOURCE, {k: game.regime_at(k) for k in (0, 1, 2)})
    subs = params.subs()
    for profile, k in ((("A", "A"), 2), (("B", "B"), 0), (("A", "B"), 1)):
        conds = sg.equilibrium_conditions(profile)
        assert all(c.holds_at(subs) for c in conds) == (k in game.pure_equilibria())
    num = sg.substitute({str(k): v for k, v in subs.items()})
    M, _ = game.bimatrix()
    assert num.payoffs[0].tolist() == M.tolist()
