"""The commands for changing the policy safely: ``policy show``, ``diff``, ``test``, ``replay``.

Registered on the main parser by :func:`register_policy_commands`; each command sets its
handler as the ``handler`` default, which ``main`` runs.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from .policy_options import add_policy_options

__all__ = ["register_policy_commands"]

EXIT_OK, EXIT_DENIED = 0, 1

Common = Callable[..., None]


def register_policy_commands(commands: Any, common: Common) -> None:
    """Add the policy-change commands to ``commands`` (the main parser's subparsers).

    Args:
        commands: The subparsers action of ``somepolicy``.
        common: The function that adds ``--lang`` and ``--format`` to a parser.
    """
    policy = commands.add_parser("policy", help="show the policy in effect (with its overlays)")
    actions = policy.add_subparsers(dest="policy_command", required=True)
    show = actions.add_parser(
        "show", help="print the policy as a complete TOML (or JSON) policy document"
    )
    show.add_argument(
        "--effective",
        action="store_true",
        help="with the overlays applied (without it: the base policy alone)",
    )
    show.add_argument("--format", choices=["toml", "json"], default="toml")
    add_policy_options(show, top=False)
    show.set_defaults(handler=_cmd_policy_show)
    policy.set_defaults(handler=_cmd_policy_show)

    diff = commands.add_parser(
        "diff",
        help="what changed between two policies, or a policy and its overlays; exit 1 when "
        "decisions can change while the version stays the same",
    )
    diff.add_argument(
        "old", nargs="?", type=Path, help="the policy in force (default: --policy, or the shipped)"
    )
    diff.add_argument(
        "new", nargs="?", type=Path, help="the proposed policy (default: OLD with the overlays)"
    )
    common(diff, formats=("text", "json", "markdown"))
    diff.set_defaults(handler=_cmd_diff)

    test = commands.add_parser(
        "test",
        help="run scenario files (*.scenarios.toml) like `opa test`: exit 1 when one fails",
    )
    test.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    test.add_argument("--verbose", "-v", action="store_true", help="list passing scenarios too")
    common(test)
    test.set_defaults(handler=_cmd_test)


def _without_none(value: Any) -> Any:
    """TOML has no null: absent optional values are left out."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


def _cmd_policy_show(args: argparse.Namespace, out: TextIO) -> int:
    import tomli_w

    from .._policy.overlays import compose_policy, policy_document

    overlays: Sequence[Any] = args.overlays if args.effective else ()
    policy = compose_policy(args.policy, overlays)
    document = _without_none(policy_document(policy))
    if args.format == "json":
        out.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        out.write(tomli_w.dumps(document, multiline_strings=False))
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from .._policy.diff import diff_policies, render_diff_markdown, render_diff_text
    from .._policy.overlays import compose_policy

    old = compose_policy(args.old or args.policy)
    new = compose_policy(args.new or args.old or args.policy, args.overlays)
    diff = diff_policies(old, new)
    if args.format == "json":
        out.write(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        out.write(render_diff_markdown(diff, args.lang))
    else:
        out.write(render_diff_text(diff, args.lang))
    return EXIT_DENIED if diff.version_unchanged else EXIT_OK


def _cmd_test(args: argparse.Namespace, out: TextIO) -> int:
    from .._scenarios.run import render_run_text, run_scenarios

    run = run_scenarios(args.paths, policy=args.policy, overlays=args.overlays)
    if args.format == "json":
        out.write(json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_run_text(run, args.lang, verbose=args.verbose))
    return EXIT_DENIED if run.failed else EXIT_OK
