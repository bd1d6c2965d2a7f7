"""The commands for changing the policy safely: ``policy show``, ``diff``, ``test``, ``replay``.

Registered on the main parser by :func:`register_policy_commands`; each command sets its
handler as the ``handler`` default, which ``main`` runs.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .adjustments import add_adjustment_options
from .arguments import environment_lang
from .policy_options import add_policy_options
from .sources import add_input_options, add_judging_options, record_source

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
    policy.add_argument(
        "--lang",
        choices=["fi", "en", "sv"],
        default=environment_lang(),
        help="message language (default: SOMEPOLICY_LANG, else fi)",
    )
    actions = policy.add_subparsers(dest="action", required=True)
    show = actions.add_parser(
        "show", help="print the policy as a complete TOML (or JSON) policy document"
    )
    show.add_argument(
        "--effective",
        action="store_true",
        help="with the overlays applied (without it: the base policy alone)",
    )
    show.add_argument("--format", choices=["toml", "json"], default="toml")
    # Before or after `show`; SUPPRESS keeps show's parser from resetting the one before.
    show.add_argument(
        "--lang",
        choices=["fi", "en", "sv"],
        default=argparse.SUPPRESS,
        help="message language (default: SOMEPOLICY_LANG, else fi)",
    )
    add_policy_options(show, top=False)
    show.set_defaults(handler=_cmd_policy_show)
    policy.set_defaults(handler=_cmd_policy_show)

    diff = commands.add_parser(
        "diff",
        help="what changed between two policies, or a policy and its overlays; exit 1 when "
        "decisions can change while the version stays the same",
    )
    diff.add_argument(
        "old",
        nargs="?",
        type=Path,
        metavar="OLD",
        help="the policy in force (default: --policy, or the shipped)",
    )
    diff.add_argument(
        "new",
        nargs="?",
        type=Path,
        metavar="NEW",
        help="the proposed policy (default: OLD with the overlays)",
    )
    common(diff, formats=("text", "json", "markdown"))
    diff.set_defaults(handler=_cmd_diff)

    test = commands.add_parser(
        "test",
        help="run scenario files (*.scenarios.toml) like `opa test`: exit 1 when one fails",
    )
    test.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="files or folders")
    test.add_argument("--verbose", "-v", action="store_true", help="list passing scenarios too")
    common(test)
    test.set_defaults(handler=_cmd_test)

    replay = commands.add_parser(
        "replay",
        help="evaluate an export under the policy and under the policy with --overlay (or "
        "--new-policy): the records whose decision or findings change, with counts per check",
    )
    add_input_options(replay)
    replay.add_argument(
        "--new-policy", type=Path, metavar="POLICY", help="the proposed policy, a complete file"
    )
    add_judging_options(replay, workers=1)
    replay.add_argument(
        "--output", type=Path, help="write the report here instead of standard output"
    )
    common(replay, formats=("text", "json"))
    replay.set_defaults(handler=_cmd_replay)
    add_adjustment_options(commands)


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


def _cmd_replay(args: argparse.Namespace, out: TextIO) -> int:
    from .._audit.replay import Replay
    from .._audit.run import AuditOptions
    from .._i18n import Lang, Message
    from .._policy.overlays import compose_policy
    from ..exceptions import SomePolicyError

    if args.new_policy is None and not args.overlays:
        raise SomePolicyError(Message("policy", "replay-nothing-to-compare"))
    new = compose_policy(args.new_policy or args.policy, args.overlays)
    source = record_source(args)
    options = AuditOptions(
        lang=Lang(args.lang),
        on=args.on or date.today(),
        workers=max(1, min(args.workers, 64)),
        policy_path=args.policy,
        breach_corpus=args.breach_corpus,
        role_aliases=args.role_aliases,
    )
    target = None
    if args.output is not None:
        from .._audit.writers.target import ReportTarget, refuse_same_file

        refuse_same_file(args.output, [args.input])
        target = ReportTarget(args.output)
        out = target.stream
    try:
        with Replay(source, options, new) as replay:
            writer = _ReplayWriter(out, args.format, args.lang, replay)
            writer.start()
            for result in replay.results():
                writer.record(result)
            writer.finish()
    except BaseException:
        if target is not None:
            target.discard()  # a user's file is never left half-written
        raise
    if target is not None:
        target.commit()
    return EXIT_OK


class _ReplayWriter:
    """Streams a replay's changed records, then its summary (text or JSON)."""

    def __init__(self, out: TextIO, fmt: str, lang: str, replay: Any) -> None:
        self.out, self.fmt, self.lang, self.replay = out, fmt, lang, replay
        self.first = True

    def _word(self, code: str, **params: Any) -> str:
        from .._i18n import Message

        return Message("policy", code, **params).get(self.lang)

    def _names(self) -> tuple[str, str]:
        old, new = self.replay.old.metadata, self.replay.new.metadata
        return f"{old.id} {old.version}", f"{new.id} {new.version}"

    def start(self) -> None:
        old, new = self._names()
        if self.fmt == "json":
            head = json.dumps({"old": old, "new": new}, ensure_ascii=False)[:-1]
            self.out.write(head + ', "changed": [\n')
        else:
            self.out.write(self._word("replay-title", old=old, new=new) + "\n\n")

    def _decision(self, allowed: bool) -> str:
        return self._word("scenario-allowed" if allowed else "scenario-denied")

    def record(self, result: dict[str, Any]) -> None:
        replay = result.get("replay")
        if replay is None or (not replay["changed"] and len(set(replay["allowed"])) == 1):
            return
        before, after = replay["allowed"]
        if self.fmt == "json":
            item = {
                "line": result["line"],
                "subject_id": result.get("subject_id", ""),
                "allowed": {"old": before, "new": after},
                "changed": {
                    check: {"old": was, "new": now}
                    for check, (was, now) in sorted(replay["changed"].items())
                },
            }
            self.out.write(("" if self.first else ",\n") + json.dumps(item, ensure_ascii=False))
            self.first = False
            return
        changes = ", ".join(
            f"{check} {was} → {now}" for check, (was, now) in sorted(replay["changed"].items())
        )
        self._say(
            "replay-record",
            line=result["line"],
            subject=result.get("subject_id", ""),
            old=self._decision(before),
            new=self._decision(after),
            changes=changes,
        )

    def finish(self) -> None:
        summary = self.replay.changes
        if self.fmt == "json":
            self.out.write('\n], "summary": ')
            self.out.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "}\n")
            return
        if summary.changed:
            self.out.write("\n")
        self._say(
            "replay-summary",
            records=summary.records,
            judged=summary.judged,
            changed=summary.changed,
            denied=summary.allowed_to_denied,
            allowed=summary.denied_to_allowed,
        )
        for check, counts in sorted(summary.checks.items()):
            if counts.newly_failed or counts.no_longer_failed or counts.other:
                self._say(
                    "replay-check",
                    "  ",
                    check=check,
                    after=counts.failed_after,
                    before=counts.failed_before,
                    judged=summary.judged,
                    new=counts.newly_failed,
                    allowed=counts.newly_failed_were_allowed,
                    gone=counts.no_longer_failed,
                )

    def _say(self, code: str, indent: str = "", **params: Any) -> None:
        self.out.write(indent + self._word(code, **params) + "\n")
