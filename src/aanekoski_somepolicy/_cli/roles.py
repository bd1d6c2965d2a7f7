"""The options that say how roles are read: further spellings, and what an unknown one does.

``audit``, ``check`` and ``serve`` share ``--unknown-role`` and its default, so that a role no
accepted role matches is judged the same way everywhere (``UnknownRolePolicy``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = [
    "UNKNOWN_ROLE_POLICIES",
    "add_role_aliases_option",
    "add_role_options",
    "add_unknown_role_option",
]

# UnknownRolePolicy's values, listed here so that building the parser imports no policy code
# (tests/test_cli.py keeps them equal).
UNKNOWN_ROLE_POLICIES = ("bound", "invalid")


def add_unknown_role_option(
    parser: argparse.ArgumentParser, *, default: str | None = UNKNOWN_ROLE_POLICIES[0]
) -> None:
    """``--unknown-role bound|invalid``; ``default`` None leaves it to the service's setting."""
    parser.add_argument(
        "--unknown-role",
        choices=UNKNOWN_ROLE_POLICIES,
        default=default,
        help="an unrecognised role: evaluate as bound staff with a warning (default), "
        "or make the record invalid",
    )


def add_role_aliases_option(parser: argparse.ArgumentParser) -> None:
    """``--role-aliases FILE``: further role spellings."""
    parser.add_argument(
        "--role-aliases",
        type=Path,
        metavar="FILE",
        help="further role spellings, one 'spelling = role' a line (see docs/scope.md)",
    )


def add_role_options(parser: argparse.ArgumentParser) -> None:
    """``--role-aliases FILE`` and ``--unknown-role`` (``check``)."""
    add_role_aliases_option(parser)
    add_unknown_role_option(parser)
