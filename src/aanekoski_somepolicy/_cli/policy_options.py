"""``--policy`` and ``--overlay``: before or after the subcommand, or from the environment.

``somepolicy --policy P --overlay A check --overlay B`` and
``SOMEPOLICY_OVERLAYS=A somepolicy check --overlay B`` mean the same thing: the base policy is
the last ``--policy`` given (after the subcommand, else before it, else ``SOMEPOLICY_POLICY``),
and the overlays apply in the order environment, before the subcommand, after it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._policy.environment import OVERLAY_ENV, POLICY_ENV, overlays_from_env, policy_from_env

if TYPE_CHECKING:
    from .._policy.catalog import Policy

__all__ = [
    "add_policy_options",
    "add_to_subcommands",
    "effective_policy",
    "resolve_policy_options",
]

_AFTER_POLICY = "policy_after"
_AFTER_OVERLAYS = "overlays_after"


def add_policy_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add ``--policy`` and ``--overlay`` to the main parser (``top``) or to a subcommand."""
    parser.add_argument(
        "--policy",
        dest="policy" if top else _AFTER_POLICY,
        type=Path,
        default=None,
        metavar="POLICY",
        help=f"a policy TOML file instead of the shipped guideline (also {POLICY_ENV})",
    )
    parser.add_argument(
        "--overlay",
        dest="overlays" if top else _AFTER_OVERLAYS,
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        # The same text on every system (a translation is found by it): the separator is the
        # one PATH uses there.
        help="a partial policy file applied on top of the policy; repeatable, applied in "
        f"order (also {OVERLAY_ENV}, separated as in PATH)",
    )


def add_to_subcommands(commands: Any) -> None:
    """Give every subcommand of ``commands`` (a subparsers action) the two options."""
    for parser in commands.choices.values():
        add_policy_options(parser, top=False)


def resolve_policy_options(args: argparse.Namespace) -> None:
    """Fold the options before and after the subcommand and the environment together.

    Sets ``args.policy`` (a path or None) and ``args.overlays`` (a list of paths).
    """
    after = getattr(args, _AFTER_POLICY, None)
    args.policy = after or getattr(args, "policy", None) or policy_from_env()
    args.overlays = [
        *overlays_from_env(),
        *(getattr(args, "overlays", None) or []),
        *(getattr(args, _AFTER_OVERLAYS, None) or []),
    ]


def effective_policy(args: argparse.Namespace) -> Policy:
    """The policy the options name: the base with its overlays applied."""
    from .._policy.overlays import compose_policy

    return compose_policy(args.policy, args.overlays)
