"""Errors of the toolkit.

:class:`UserInputError` is raised for every mistake a user can make (a bad
parameter name or value, a malformed file, a parameter set outside the model's
domain).  The command line turns it into a one-line message and exit status 2;
library users catch it like any ``ValueError``.
"""

from __future__ import annotations


class UserInputError(ValueError):
    """A user's input is invalid; the message says what and why."""


class DomainError(UserInputError):
    """Parameter values lie outside the domain where the model is defined."""
