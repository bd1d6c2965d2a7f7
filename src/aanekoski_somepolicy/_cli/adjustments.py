"""``--waivers`` (check, audit) and ``--baseline`` (audit): their options and their loading.

Registered on the existing commands by :func:`add_adjustment_options`, so that the commands'
own code only asks for the loaded waivers or the audit's judging hook.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._audit.adjust import Adjustments
    from .._policy.catalog import Policy
    from .._waivers import Waivers

__all__ = ["add_adjustment_options", "audit_adjustments", "checked_waivers"]


def add_adjustment_options(commands: Any) -> None:
    """Add ``--waivers`` to ``check``, ``audit`` and ``serve``, ``--baseline`` to ``audit``."""
    for name in ("check", "audit", "serve"):
        commands.choices[name].add_argument(
            "--waivers",
            type=Path,
            metavar="FILE",
            help="approved exceptions (TOML): a failure they cover is reported as waived, "
            "with its justification; an expired or malformed waiver stops the command",
        )
    commands.choices["audit"].add_argument(
        "--baseline",
        type=Path,
        metavar="REPORT",
        help="a previous JSON or JSON Lines audit report: show only findings new since it",
    )


def checked_waivers(args: argparse.Namespace, policy: Policy) -> Waivers | None:
    """The ``--waivers`` file, checked against the policy and the evaluation date.

    Raises:
        WaiverError: Malformed, naming an unknown check, or holding an expired waiver.
    """
    if getattr(args, "waivers", None) is None:
        return None
    from .._waivers import load_waivers

    return load_waivers(args.waivers, policy=policy, on=args.on or date.today())


def audit_adjustments(args: argparse.Namespace, policy: Policy, lang: str) -> Adjustments | None:
    """The audit's judging hook for ``--waivers`` and ``--baseline``, or None."""
    waivers = checked_waivers(args, policy)
    if waivers is None and args.baseline is None:
        return None
    from .._audit.adjust import Adjustments
    from .._audit.baseline import Baseline
    from .._i18n import Lang

    baseline = Baseline.load(args.baseline) if args.baseline is not None else None
    return Adjustments(waivers, baseline, args.on or date.today(), Lang(lang))
