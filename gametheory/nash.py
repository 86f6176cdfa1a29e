"""Nash equilibria of any finite game: the toolkit's public entry point.

>>> import gametheory.nash as nash
>>> r = nash.equilibria([[2, 0], [0, 1]], [[1, 0], [0, 2]])   # battle of the sexes
>>> r
BimatrixEquilibria(algorithm='enumeration', exact=True, n=3)
>>> print(r.to_text())
bimatrix game: 3 extreme equilibria (exact rational arithmetic)
method: vertex enumeration by lexicographic pivoting in exact integer arithmetic, exact rational certification
  #  row         column
  1  (1, 0)      (1, 0)
  2  (2/3, 1/3)  (1/3, 2/3)
  3  (0, 1)      (0, 1)
components (maximal convex sets of equilibria, by #): {1}, {2}, {3}

Functions
---------
:func:`equilibria`
    Two players: every extreme equilibrium (``method="enumeration"``, the
    default, exact for rational payoffs), the equilibria Lemke-Howson reaches
    (``"lemke-howson"``, any size), or nashpy's support enumeration
    (``"support"``, a floating-point cross-check).
:func:`lemke_howson`
    One equilibrium from one initial label, exact integer pivoting.
:func:`pure_equilibria`
    Every pure equilibrium of a game with any number of players.
:func:`read_nfg`, :func:`write_nfg`
    Gambit ``.nfg`` files (payoff and outcome versions).
:class:`NormalFormGame`, :func:`is_equilibrium`, :func:`regret`,
:func:`player_regrets`, :func:`best_responses`, :func:`iterated_strict_dominance`
    The game object and the tools to check profiles.

Results are frozen dataclasses with a short ``repr``, ``as_dict()`` (the JSON
that ``gametheory nash --json`` prints), ``to_json()``, ``to_text()`` (what
``gametheory nash`` prints) and a notebook display.

Importing this module is cheap: numpy, scipy and nashpy are imported by the
functions that need them, and sympy never.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gametheory.errors import UserInputError

if TYPE_CHECKING:  # pragma: no cover
    from gametheory.games.bimatrix import BimatrixEquilibria
    from gametheory.games.lemke_howson import LemkeHowsonResult
    from gametheory.games.normal_form import NormalFormGame
    from gametheory.games.pure import PureEquilibria

__all__ = [
    "METHODS",
    "equilibria",
    "lemke_howson",
    "pure_equilibria",
    "read_nfg",
    "write_nfg",
    "NormalFormGame",
    "is_equilibrium",
    "regret",
    "player_regrets",
    "best_responses",
    "iterated_strict_dominance",
]

#: Methods of :func:`equilibria`.
METHODS = ("enumeration", "lemke-howson", "support")

_LAZY = {
    "NormalFormGame": "gametheory.games.normal_form",
    "write_nfg": "gametheory.games.nfg",
    "is_equilibrium": "gametheory.games.bimatrix",
    "regret": "gametheory.games.regret",
    "player_regrets": "gametheory.games.regret",
    "best_responses": "gametheory.games.regret",
    "iterated_strict_dominance": "gametheory.games.dominance",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gametheory.nash' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def _bimatrix(A: Any, B: Any):
    """``(A, B, names)`` from two matrices, one matrix (zero-sum), or a two-player game."""
    from gametheory.games.normal_form import NormalFormGame

    if isinstance(A, NormalFormGame):
        if B is not None:
            raise UserInputError("give either a NormalFormGame or the matrices A and B, not both")
        if A.n_players != 2:
            raise UserInputError(
                f"this game has {A.n_players} players; mixed equilibria are enumerated for two players only "
                "(use pure_equilibria(game) for its pure equilibria)")
        return A.payoffs[0], A.payoffs[1], (A.players, A.strategies, A.title)
    if B is None:
        import numpy as np

        from gametheory.games._rational import fraction_array, is_rational_input

        try:
            A = fraction_array(A) if is_rational_input(A) else np.asarray(A, dtype=float)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, UserInputError):
                raise
            raise UserInputError(f"the payoff matrix is not numeric: {exc}") from None
        B = -A
    return A, B, None


def equilibria(A: Any, B: Any = None, *, method: str = "enumeration", exact: bool | None = None,
               tol: float = 1e-9, label: int | None = None, max_bases: int | None = None,
               progress=None) -> "BimatrixEquilibria":
    """Nash equilibria of a two-player game.

    Parameters
    ----------
    A, B
        Payoff matrices of the row and column player (same shape ``(m, n)``),
        or a two-player :class:`NormalFormGame` as ``A`` (its names are kept).
        ``B=None`` means the zero-sum game ``B = -A`` (a *matrix game*, as in
        nashpy's ``Game(A)``).
    method
        ``"enumeration"`` (default): every extreme equilibrium, the maximal
        Nash subsets and the connected components
        (:func:`~gametheory.games.bimatrix.bimatrix_equilibria`, lexicographic
        pivoting); ``"lemke-howson"``: the equilibria that Lemke-Howson reaches
        from every initial label (or from ``label``), at any size;
        ``"support"``: nashpy's support enumeration with every profile verified
        (floating point; a cross-check, exhaustive only for nondegenerate games).
    exact
        ``True``: rational arithmetic (floats read as the decimal they print
        as); ``False``: floating point; ``None``: exact iff every payoff is
        rational.  ``"support"`` is floating point only.
    tol
        Float mode: largest regret accepted, relative to the payoff span ``s``
        (largest payoff minus smallest): regret <= ``tol * max(1, s)``.
    label
        ``"lemke-howson"`` only: the one initial label to start from
        (``0..m-1`` rows, ``m..m+n-1`` columns); default every label.
    max_bases
        ``"enumeration"`` only: stop with a
        :class:`~gametheory.games.vertex_enumeration.SearchLimit` error once a
        vertex search passes this many bases (default: no limit).
    progress
        ``"enumeration"``: ``progress(bases, level, frontier)`` after each
        level of the vertex search; ``"lemke-howson"``: ``progress(done, total)``
        after each label.

    Returns
    -------
    BimatrixEquilibria
        ``complete`` tells whether ``equilibria`` is every extreme
        equilibrium; every profile in it is verified (regret exactly zero, or
        at most ``tol * max(1, s)`` in float mode).

    Examples
    --------
    >>> import gametheory.nash as nash
    >>> r = nash.equilibria([[1, -1], [-1, 1]])   # matching pennies, zero-sum
    >>> [[str(p) for p in v] for v in r.equilibria[0]]
    [['1/2', '1/2'], ['1/2', '1/2']]
    >>> r.as_dict()["components"]
    [[0]]
    """
    if method not in METHODS:
        raise UserInputError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if label is not None and method != "lemke-howson":
        raise UserInputError("label applies to method='lemke-howson' only")
    _check_tol(tol)
    A, B, names = _bimatrix(A, B)
    if method == "enumeration":
        from gametheory.games.bimatrix import bimatrix_equilibria

        result = bimatrix_equilibria(A, B, exact=exact, tol=tol, max_bases=max_bases, progress=progress)
    elif method == "lemke-howson":
        result = _lemke_howson_all(A, B, exact, tol, label, progress)
    else:
        result = _support(A, B, exact, tol)
    return result.with_names(*names) if names is not None else result


def _check_tol(tol) -> None:
    import math

    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not math.isfinite(tol) or tol < 0:
        raise UserInputError(f"tol must be a finite number >= 0, got {tol!r}")


def _lemke_howson_all(A, B, exact, tol, label, progress):
    """Lemke-Howson from every label (or one), deduplicated, as a :class:`BimatrixEquilibria`."""
    import numpy as np

    from gametheory.games.bimatrix import BimatrixEquilibria, profile_sort_key, payoff_matrices
    from gametheory.games.lemke_howson import lemke_howson as _lh

    A, B, exact = payoff_matrices(A, B, exact)
    m, n = A.shape
    labels = range(m + n) if label is None else [label]
    found: dict[tuple, list] = {}
    for done, lab in enumerate(labels, 1):
        r = _lh(A, B, lab, exact=exact, tol=tol)
        x, y = r.equilibrium
        key = tuple(np.concatenate([x, y])) if exact else tuple(np.round(np.concatenate([x, y]), 9) + 0.0)
        found.setdefault(key, [(x, y), []])[1].append(lab)
        if progress is not None:
            progress(done, len(labels))
    ordered = sorted(found.values(), key=lambda v: profile_sort_key(v[0]))
    which = "every initial label" if label is None else f"initial label {label}"
    return BimatrixEquilibria(
        equilibria=tuple(v[0] for v in ordered), components=None, nash_subsets=None, exact=exact,
        method=f"Lemke-Howson from {which} (exact integer pivoting, lexicographic ratio test)",
        tol=0.0 if exact else float(tol), algorithm="lemke-howson", complete=False,
        labels=tuple(tuple(v[1]) for v in ordered))


def _support(A, B, exact, tol):
    from gametheory.games.bimatrix import BimatrixEquilibria, nashpy_equilibria

    if exact:
        raise UserInputError("method 'support' (nashpy's support enumeration) is floating point only")
    profiles = nashpy_equilibria(A, B, tol=tol, vertex=False)
    return BimatrixEquilibria(
        equilibria=profiles, components=None, nash_subsets=None, exact=False,
        method="support enumeration (nashpy 0.0.43's support pairs, indifference equations solved with a "
               "tolerance, every profile verified)",
        tol=float(tol), algorithm="support", complete=False)


def lemke_howson(A: Any, B: Any = None, label: int = 0, *, exact: bool | None = None,
                 tol: float = 1e-9) -> "LemkeHowsonResult":
    """One equilibrium by Lemke-Howson from ``label``, pivoting exactly (``B=None``: zero-sum).

    Labels ``0..m-1`` are the row strategies, ``m..m+n-1`` the column
    strategies.  See :func:`gametheory.games.lemke_howson.lemke_howson`.

    >>> import gametheory.nash as nash
    >>> r = nash.lemke_howson([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]], label=1)
    >>> r
    LemkeHowsonResult(initial_label=1, pivots=4, exact=True)
    >>> print(r.to_text())
    Lemke-Howson from label 1 (4 pivots): x = (0, 1/3, 2/3), y = (1/3, 2/3)
    """
    from gametheory.games.lemke_howson import lemke_howson as _lh

    _check_tol(tol)
    A, B, _ = _bimatrix(A, B)
    return _lh(A, B, label, exact=exact, tol=tol)


def pure_equilibria(game: Any, *, exact: bool | None = None, tol: float = 1e-9) -> "PureEquilibria":
    """Every pure Nash equilibrium of a game with any number of players.

    ``game`` is a :class:`NormalFormGame` or a sequence of payoff arrays (one
    per player, each of shape ``(|S_1|, ..., |S_n|)``).  By default exact
    payoffs (integers, Fractions) are compared exactly and float payoffs within
    ``tol``; ``exact=True`` reads floats as the decimals they print as,
    ``exact=False`` compares in floating point.

    >>> import numpy as np
    >>> import gametheory.nash as nash
    >>> u = np.zeros((2, 2, 2), dtype=int); u[0, 0, 0] = u[1, 1, 1] = 1   # three players: 1 if all match
    >>> r = nash.pure_equilibria(nash.NormalFormGame((u, u, u)))
    >>> r.equilibria
    ((0, 0, 0), (1, 1, 1))
    """
    from gametheory.games.pure import pure_equilibria as _pure
    from gametheory.games.regret import as_game

    _check_tol(tol)
    game = as_game(game)
    if exact is not None:
        from dataclasses import replace

        from gametheory.games._rational import float_array, fraction_array

        game = replace(game, payoffs=tuple((fraction_array if exact else float_array)(p) for p in game.payoffs))
    return _pure(game, tol=tol)


def read_nfg(path_or_text: Any) -> "NormalFormGame":
    """A game from a Gambit ``.nfg`` file (path) or its text; see :mod:`gametheory.games.nfg`.

    A missing, unreadable or malformed file raises
    :class:`~gametheory.errors.UserInputError` naming the file, the line and the reason.
    """
    from gametheory.games.nfg import read_nfg as _read

    return _read(path_or_text)
