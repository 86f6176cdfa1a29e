from fractions import Fraction

import pytest

from gametheory.errors import UserInputError
from gametheory.params import Params, parse_value


@pytest.mark.parametrize("text,expected", [("1/2", Fraction(1, 2)), ("0.25", Fraction(1, 4)), ("-3", Fraction(-3)),
                                           ("1e-1", Fraction(1, 10)), (" 2 / 4 ", Fraction(1, 2))])
def test_parse_value_exact(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", ["abc", "1/0", "", "1/2/3", "nan", "0x10"])
def test_parse_value_rejects(text):
    with pytest.raises(UserInputError):
        parse_value(text)


def test_delta_gamma_moves_gamma_B_only():
    p = Params.defaults().replace(Delta_gamma="1/2")
    assert p["gamma_A"] == Fraction(2, 5) and p["gamma_B"] == Fraction(9, 10)
    assert p.get_any("Delta_gamma") == Fraction(1, 2)


def test_conflicting_and_unknown_parameters():
    with pytest.raises(UserInputError, match="not both"):
        Params.defaults().replace(gamma_B=1, Delta_gamma=1)
    with pytest.raises(UserInputError, match="unknown parameter 'tau'"):
        Params.from_assignments(["tau=1"])
    with pytest.raises(UserInputError, match="more than once"):
        Params.from_assignments(["b=1", "b=2"])
    with pytest.raises(UserInputError, match="b must be > 0"):
        Params.from_assignments(["b=0"])
