r"""Read and write Gambit strategic-form ``.nfg`` files (payoff and outcome versions).

The format (McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game
Theory*, "Game representation formats") is whitespace-insensitive text:

.. code-block:: text

    NFG 1 R "title" { "Player 1" "Player 2" }
    { { "U" "D" } { "L" "R" } }      <- strategy names, or counts such as { 2 2 }
    "optional comment"

then either the **payoff version**, one payoff per player for every pure
profile, the first player's strategy changing fastest::

    u1(U,L) u2(U,L) u1(D,L) u2(D,L) u1(U,R) u2(U,R) u1(D,R) u2(D,R)

or the **outcome version**, a list of outcomes followed by one outcome number
per profile (same order; ``0`` is the null outcome with all payoffs zero)::

    { { "name" 1, 2 } { "" 0, 3 } }
    1 2 0 1

The ``R`` after the version number once marked rational data and is ignored.
Payoffs may be integers, decimals (``.8``, ``1e-3``) or fractions (``1/3``);
they are read exactly as :class:`~fractions.Fraction`.  Text labels are double
quoted with ``\"`` for a quote inside.  Any number of players is supported.
A malformed file raises :class:`~gametheory.errors.UserInputError` naming the
line and the reason.
"""

from __future__ import annotations

import re
from fractions import Fraction
from math import prod
from pathlib import Path
from typing import Any

import numpy as np

from gametheory.errors import UserInputError
from gametheory.games._rational import to_fraction
from gametheory.games.normal_form import NormalFormGame

__all__ = ["read_nfg", "write_nfg", "parse_nfg", "format_nfg"]

_SPACE = re.compile(r"\s*")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/[+-]?\d+)?")
_MAX_DIGITS = 1000  # characters of one number
_MAX_EXPONENT = 1000  # of a decimal exponent: 1e1000 is exact but beyond it numbers only cost time and memory
_MAX_BYTES = 256 * 2**20  # largest .nfg file read


def _shown(token: str) -> str:
    """A token for an error message: quoted, at most 40 characters."""
    return repr(token if len(token) <= 40 else token[:37] + "...")
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|(,)|([^\s{}",]+)', re.S)


class _Tokens:
    """A token stream that knows the line of every token."""

    def __init__(self, text: str, source: str) -> None:
        self.items: list[tuple[str, str, int]] = []  # (kind, value, line)
        self.source = source
        pos, line = 0, 1
        while True:
            space = _SPACE.match(text, pos)
            line += space.group(0).count("\n")
            pos = space.end()
            if pos == len(text):
                break
            match = _TOKEN.match(text, pos)
            if match is None:
                raise self.error_at(line, "unterminated string (a '\"' without its closing '\"')")
            if match.group(1) is not None:
                self.items.append(("str", re.sub(r"\\(.)", r"\1", match.group(1)), line))
            elif match.group(2):
                self.items.append((match.group(2), match.group(2), line))
            elif match.group(3):
                self.items.append((",", ",", line))
            else:
                self.items.append(("word", match.group(4), line))
            line += match.group(0).count("\n")
            pos = match.end()
        self.i = 0

    def error_at(self, line: int, reason: str) -> UserInputError:
        return UserInputError(f"{self.source}, line {line}: {reason}")

    def error(self, reason: str, back: int = 0) -> UserInputError:
        """An error at the next token (``back=1``: at the last token read)."""
        line = self.items[min(self.i - back, len(self.items) - 1)][2] if self.items else 1
        return self.error_at(line, reason)

    def peek(self) -> tuple[str, str, int] | None:
        return self.items[self.i] if self.i < len(self.items) else None

    def next(self, what: str) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            last = self.items[-1][2] if self.items else 1
            raise self.error_at(last, f"file ends where {what} was expected")
        self.i += 1
        return tok

    def expect(self, kind: str, what: str) -> str:
        tok = self.next(what)
        if tok[0] != kind:
            self.i -= 1
            raise self.error(f"expected {what}, found {_shown(tok[1])}")
        return tok[1]

    def number(self, what: str) -> Fraction:
        tok = self.next(what)
        if tok[0] == "word" and _NUMBER.fullmatch(tok[1]):
            exponent = re.search(r"[eE]([+-]?\d+)$", tok[1])
            if len(tok[1]) > _MAX_DIGITS or (exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT):
                self.i -= 1
                raise self.error(f"{what}: the number {_shown(tok[1])} is too long or its exponent too large "
                                 f"(at most {_MAX_DIGITS} characters and exponents up to {_MAX_EXPONENT})")
            try:
                return Fraction(tok[1])
            except (ValueError, ZeroDivisionError):
                pass
        self.i -= 1
        raise self.error(f"expected {what} (an integer, decimal or fraction), found {_shown(tok[1])}")

    def remaining(self) -> int:
        """Number of tokens not read yet."""
        return len(self.items) - self.i

    def strings(self, what: str) -> list[str]:
        self.expect("{", f"'{{' opening the {what}")
        out = []
        while (tok := self.peek()) is not None and tok[0] == "str":
            out.append(self.next(what)[1])
        self.expect("}", f"a quoted name or '}}' closing the {what}")
        return out


def _strategies(tokens: _Tokens, n: int) -> tuple[tuple[str, ...], ...]:
    tokens.expect("{", "'{' opening the strategy list")
    tok = tokens.peek()
    if tok is not None and tok[0] == "{":
        names = [tuple(tokens.strings(f"strategy names of player {i + 1}")) for i in range(n)]
    else:
        names = []
        for i in range(n):
            count = tokens.number(f"the number of strategies of player {i + 1}")
            if count.denominator != 1 or count < 1:
                raise tokens.error(f"player {i + 1}'s number of strategies must be a positive integer, not {count}",
                                   back=1)
            if count > tokens.remaining():  # every strategy needs at least one payoff or outcome number
                raise tokens.error(f"player {i + 1} has {count} strategies, more than the file has entries left "
                                   f"({tokens.remaining()})", back=1)
            names.append(int(count))
        names = [tuple(str(k + 1) for k in range(c)) for c in names]
    tokens.expect("}", f"'}}' closing the strategy list of {n} players")
    for i, s in enumerate(names):
        if not s:
            raise tokens.error(f"player {i + 1} has no strategies", back=1)
    return tuple(names)


def _outcome_body(tokens: _Tokens, n: int, cells: int) -> list[list[Fraction]]:
    tokens.expect("{", "'{' opening the outcome list")
    outcomes: list[list[Fraction]] = [[Fraction(0)] * n]
    while (tok := tokens.peek()) is not None and tok[0] == "{":
        tokens.next("an outcome")
        tokens.expect("str", "the outcome's quoted name")
        pays = []
        for i in range(n):
            pays.append(tokens.number(f"player {i + 1}'s payoff in outcome {len(outcomes)}"))
            if (t := tokens.peek()) is not None and t[0] == ",":
                tokens.next("','")
        tokens.expect("}", f"'}}' closing outcome {len(outcomes)} (it needs exactly {n} payoffs)")
        outcomes.append(pays)
    tokens.expect("}", "'{' opening an outcome or '}' closing the outcome list")
    table = []
    for c in range(cells):
        k = tokens.number(f"the outcome number of profile {c + 1} of {cells}")
        if k.denominator != 1 or not 0 <= k < len(outcomes):
            raise tokens.error(f"outcome number {k} of profile {c + 1} is not one of 0..{len(outcomes) - 1}")
        table.append(outcomes[int(k)])
    return table


def parse_nfg(text: str, source: str = "<nfg>") -> NormalFormGame:
    """Parse the text of an ``.nfg`` file (see the module docstring)."""
    tokens = _Tokens(text, source)
    if tokens.next("the header 'NFG 1 R'")[1] != "NFG":
        tokens.i -= 1
        raise tokens.error("a strategic game file starts with 'NFG'")
    version = tokens.next("the version number 1")
    if version[1] != "1":
        tokens.i -= 1
        raise tokens.error(f"only version 1 .nfg files exist, found version {version[1]!r}")
    tokens.expect("word", "the letter R (or D) after the version")
    title = tokens.expect("str", "the quoted game title")
    players = tokens.strings("player list")
    if not players:
        raise tokens.error("the player list is empty", back=1)
    n = len(players)
    strategies = _strategies(tokens, n)
    if (tok := tokens.peek()) is not None and tok[0] == "str":
        tokens.next("comment")
    shape = tuple(len(s) for s in strategies)
    cells = prod(shape)
    outcome_version = (tok := tokens.peek()) is not None and tok[0] == "{"
    if outcome_version:
        table = _outcome_body(tokens, n, cells)
    else:
        table = [[tokens.number(f"player {i + 1}'s payoff at profile {c + 1} of {cells}") for i in range(n)]
                 for c in range(cells)]
    if tokens.peek() is not None:
        raise tokens.error(f"unexpected {_shown(tokens.peek()[1])} after the {cells} payoff entries")
    # Profiles are listed with the first player's strategy changing fastest (Fortran order).
    flat = np.empty((cells, n), dtype=object)
    for c, row in enumerate(table):
        flat[c, :] = row
    payoffs = tuple(flat[:, i].reshape(shape, order="F") for i in range(n))
    return NormalFormGame(payoffs, players=tuple(players), strategies=strategies, title=title)


def read_nfg(path_or_text: Any) -> NormalFormGame:
    """Read a game from an ``.nfg`` file path or from the file's text.

    A string whose first non-blank characters are ``NFG`` is parsed as text;
    any other string or :class:`~pathlib.Path` is a file name.
    """
    if isinstance(path_or_text, str) and path_or_text.lstrip().startswith("NFG"):
        return parse_nfg(path_or_text)
    path = Path(path_or_text)
    try:
        if path.is_dir():
            raise UserInputError(f"cannot read {path}: it is a directory (give a .nfg file)")
        if path.exists() and path.stat().st_size > _MAX_BYTES:
            raise UserInputError(f"cannot read {path}: {path.stat().st_size:,} bytes, more than the "
                                 f"{_MAX_BYTES:,} a game file may have")
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise UserInputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UserInputError(f"cannot read {path}: not UTF-8 text (byte {exc.start} is "
                             f"{exc.object[exc.start:exc.start + 1]!r})") from None
    return parse_nfg(text, str(path))


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    f = to_fraction(v)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def format_nfg(game: NormalFormGame, *, outcomes: bool = False, comment: str = "") -> str:
    """The ``.nfg`` text of ``game`` (payoff version, or outcome version with one outcome per profile)."""
    n = game.n_players
    head = [f"NFG 1 R {_quote(game.title)} {{ {' '.join(map(_quote, game.players))} }}", "", "{"]
    head += [f"{{ {' '.join(map(_quote, s))} }}" for s in game.strategies]
    head += ["}", _quote(comment), ""]
    cells = [[game.payoffs[i].reshape(-1, order="F")[c] for i in range(n)] for c in range(prod(game.shape))]
    if outcomes:
        body = ["{"] + [f"{{ \"\" {', '.join(_number(v) for v in row)} }}" for row in cells] + ["}"]
        body.append(" ".join(str(c + 1) for c in range(len(cells))))
    else:
        body = [" ".join(_number(v) for row in cells for v in row)]
    return "\n".join(head + body) + "\n"


def write_nfg(game: NormalFormGame, path: Any, *, outcomes: bool = False, comment: str = "") -> None:
    """Write ``game`` to ``path`` as an ``.nfg`` file (see :func:`format_nfg`)."""
    Path(path).write_text(format_nfg(game, outcomes=outcomes, comment=comment), encoding="utf-8")
