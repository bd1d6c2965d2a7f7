"""The ``somepolicy`` command line.

Exit status: 0 success (or allowed), 1 denied / findings at or above the threshold,
2 usage error or invalid input. Errors are one clear message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .._audit.readers import InputFormat
from ..exceptions import InvalidSubjectError, SomePolicyError

if TYPE_CHECKING:
    from .._audit.run import Result
    from .._policy.catalog import Policy

# Each command imports what it needs when it runs: the engine, the policy models and the word
# lists cost a quarter of a second, and `rules`, `schema` or `--help` need none of them.
# The choices below are the values of Lang, ReportFormat and SubjectType
# (tests/test_cli.py keeps them equal).
LANGS = ("fi", "en", "sv")
REPORT_FORMATS = ("table", "json", "jsonl", "csv", "markdown")
SUBJECT_TYPES = (
    "person",
    "account-registration",
    "publication",
    "advice",
    "photo",
    "profile",
    "working-time-use",
    "incorrect-info-response",
    "page",
)

__all__ = ["main"]

STDIN_LIMIT = 1024 * 1024
EXIT_OK, EXIT_DENIED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line problem reported with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text[:40]!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or value > 256:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 to 256, got {text[:20]!r}"
        )
    return value


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="fi",
        help="message language (default fi)",
    )


def _common(parser: argparse.ArgumentParser, *, formats: Sequence[str] = ("text", "json")) -> None:
    _lang_option(parser)
    parser.add_argument(
        "--format",
        choices=list(formats),
        default=formats[0],
        help=f"output format (default {formats[0]})",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``somepolicy``."""
    parser = _Parser(
        prog="somepolicy",
        description="The City of Äänekoski staff social-media guideline as machine-checkable policy.",
    )
    parser.add_argument(
        "--policy", type=Path, help="a policy TOML file instead of the shipped guideline"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rules = commands.add_parser("rules", help="list the rule catalog")
    _common(rules)

    explain = commands.add_parser(
        "explain", help="show one rule (R9) or element (R9.password-min-length)"
    )
    explain.add_argument("id")
    _common(explain)

    scope = commands.add_parser("scope", help="which rules bind a person in ROLE")
    scope.add_argument("role", help="role in any spelling, e.g. viranhaltija, official, sivari")
    scope.add_argument("--ended", type=_date, help="last day of service, if it has ended")
    scope.add_argument("--started", type=_date, help="first day of service")
    scope.add_argument("--on", type=_date, help="the date to answer for (default today)")
    _common(scope)

    check = commands.add_parser(
        "check", help="evaluate one subject given as JSON on standard input"
    )
    check.add_argument("--input", type=Path, help="read the JSON from this file instead of stdin")
    check.add_argument("--breach-corpus", type=Path, help="Have I Been Pwned file or prefix folder")
    check.add_argument("--on", type=_date, help="evaluation date (default today)")
    _common(check, formats=("json", "text"))

    audit = commands.add_parser(
        "audit", help="audit an export of account registrations (CSV or JSON Lines)"
    )
    audit.add_argument("input", type=Path, help="the export: .csv (';' or ',') or .jsonl")
    audit.add_argument(
        "--input-format",
        choices=[f.value for f in InputFormat],
        help="override the format chosen by extension",
    )
    audit.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="report format (default: table on a terminal, else json)",
    )
    audit.add_argument(
        "--output", type=Path, help="write the report here instead of standard output"
    )
    _lang_option(audit)
    audit.add_argument(
        "--fail-on",
        choices=["violation", "warning", "never"],
        default="violation",
        help="exit 1 when findings at or above this severity exist (invalid records count as violations)",
    )
    audit.add_argument(
        "--workers",
        type=_positive,
        default=os.cpu_count() or 1,
        help="worker processes (default: every core)",
    )
    audit.add_argument("--breach-corpus", type=Path, help="Have I Been Pwned file or prefix folder")
    audit.add_argument("--on", type=_date, help="evaluation date (default today)")
    audit.add_argument(
        "--all-findings",
        action="store_true",
        help="include passes and not-applicable outcomes in results",
    )
    progress = audit.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="always show progress on stderr",
    )
    progress.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show progress"
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of a subject type")
    schema.add_argument("type", help="subject type: " + ", ".join(SUBJECT_TYPES))

    serve = commands.add_parser(
        "serve",
        help="run the HTTP service (needs the server extra); options override SOMEPOLICY_* variables",
    )
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=int, help="TCP port (default 8000)")
    serve.add_argument("--workers", type=_positive, help="worker processes (default 1)")
    serve.add_argument("--breach-corpus", type=Path, help="Have I Been Pwned file or prefix folder")
    serve.add_argument("--lang", choices=LANGS, help="default message language (fi)")
    serve.add_argument(
        "--mode",
        choices=["enforce", "audit"],
        help="enforce rejections, or audit: allow and say what would be rejected (default enforce)",
    )
    serve.add_argument("--body-limit", type=int, help="largest request body in bytes (65536)")
    serve.add_argument(
        "--decision-log", type=Path, help="append decision lines here (default standard error)"
    )
    serve.add_argument(
        "--log-identities",
        choices=["hash", "drop"],
        help="hash person ids and usernames in the decision log (salt: SOMEPOLICY_LOG_SALT) or drop them",
    )
    serve.add_argument(
        "--no-access-log",
        dest="access_log",
        action="store_const",
        const=False,
        help="do not log request lines",
    )

    docs = commands.add_parser("docs", help="generate docs/rules.md from the policy data")
    docs.add_argument("--output", type=Path, help="write here instead of standard output")
    docs.add_argument("--check", action="store_true", help="exit 1 if --output is not up to date")
    return parser


def _policy(args: argparse.Namespace) -> Policy:
    from .._policy.catalog import default_policy, load_policy

    return load_policy(args.policy) if args.policy else default_policy()


def _emit(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    from .._messages.render import catalog_to_dict, render_catalog_text

    policy = _policy(args)
    if args.format == "json":
        _emit(out, catalog_to_dict(policy, args.lang))
    else:
        out.write(render_catalog_text(policy, args.lang))
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from .._messages.render import render_rule_text, rule_to_dict
    from .._policy.lookup import find_rule

    try:
        rule = find_rule(_policy(args), args.id)
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    if args.format == "json":
        _emit(out, rule_to_dict(rule, args.lang))
    else:
        out.write(render_rule_text(rule, args.lang) + "\n")
    return EXIT_OK


def _cmd_scope(args: argparse.Namespace, out: TextIO) -> int:
    from .._messages.render import render_scope_text, scope_to_dict
    from .._policy.roles import parse_role
    from .._policy.scope import resolve_scope

    policy = _policy(args)
    role = parse_role(args.role)
    on = args.on or date.today()
    if args.started and args.ended and args.ended < args.started:
        raise UsageError("--ended is before --started")
    result = resolve_scope(policy, role, on=on, start=args.started, end=args.ended)
    if args.format == "json":
        _emit(out, scope_to_dict(result, policy, args.lang))
    else:
        out.write(render_scope_text(result, policy, args.lang) + "\n")
    return EXIT_OK


def _read_json_object(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    name = str(args.input) if args.input else "stdin"
    try:
        if args.input:
            with args.input.open("rb") as handle:
                raw = handle.read(STDIN_LIMIT + 1)
        else:
            raw = sys.stdin.buffer.read(STDIN_LIMIT + 1)
    except OSError as error:
        raise UsageError(f"{name}: cannot read: {error.strerror}") from None
    if len(raw) > STDIN_LIMIT:
        raise UsageError(
            f"{name}: input is larger than {STDIN_LIMIT} bytes; one subject is expected"
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UsageError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{name}: invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(data, dict):
        raise UsageError(f"{name}: expected one JSON object, got {type(data).__name__}")
    return data, name


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .._engine import Engine, parse_subject
    from .._messages.render import decision_to_dict, render_decision_text

    data, name = _read_json_object(args)
    engine = Engine(_policy(args), breach_corpus=args.breach_corpus)
    try:
        subject = parse_subject(data)
    except InvalidSubjectError as error:
        raise InvalidSubjectError(f"{name}: {error.summary}", error.problems) from None
    decision = engine.evaluate(subject, on=args.on)
    if args.format == "json":
        _emit(out, decision_to_dict(decision, args.lang, engine.policy))
    else:
        out.write(render_decision_text(decision, args.lang, engine.policy) + "\n")
    return EXIT_OK if decision.allowed else EXIT_DENIED


def _cmd_docs(args: argparse.Namespace, out: TextIO) -> int:
    from .._docs import render_rules_markdown

    text = render_rules_markdown(_policy(args))
    if args.output is None:
        out.write(text)
        return EXIT_OK
    if args.check:
        try:
            current = args.output.read_text(encoding="utf-8")
        except OSError:
            current = ""
        if current != text:
            sys.stderr.write(
                f"{args.output} is stale; run: somepolicy docs --output {args.output}\n"
            )
            return EXIT_DENIED
        return EXIT_OK
    args.output.write_text(text, encoding="utf-8")
    return EXIT_OK


class _Progress:
    """A one-line progress counter on stderr, refreshed at most four times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.rows = 0
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, result: Result) -> None:
        self.rows += 1
        now = time.monotonic()
        if now - self.shown >= 0.25:
            self.shown = now
            rate = self.rows / max(now - self.started, 1e-9)
            self.stream.write(f"\r  {self.rows:,} rows  {rate:,.0f} rows/s")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from .._audit.readers import RecordSource
    from .._audit.run import AuditOptions, AuditSummary, audit_records
    from .._audit.writers import ReportFormat, writer_for
    from .._findings import Severity
    from .._i18n import Lang
    from .._passwords.breach import BreachCorpus

    if args.input.is_dir():
        raise UsageError(f"{args.input}: is a folder; give an export file")
    source = RecordSource(args.input, InputFormat(args.input_format) if args.input_format else None)
    policy = _policy(args)
    if args.breach_corpus is not None:
        BreachCorpus(args.breach_corpus)  # fail now, with exit 2, if it is unusable
    options = AuditOptions(
        lang=Lang(args.lang),
        on=args.on or date.today(),
        workers=args.workers,
        policy_path=args.policy,
        breach_corpus=args.breach_corpus,
        all_findings=args.all_findings,
    )
    target: TextIO = out
    if args.output is not None:
        try:
            target = args.output.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise UsageError(f"{args.output}: cannot write: {error.strerror}") from None
    interactive = args.output is None and out.isatty()
    report_format = (
        ReportFormat(args.format)
        if args.format
        else (ReportFormat.TABLE if interactive else ReportFormat.JSON)
    )
    show_progress = args.progress
    if show_progress is None:
        show_progress = sys.stderr.isatty() and args.input.stat().st_size > 1024 * 1024
    progress = _Progress(sys.stderr) if show_progress else None
    summary = AuditSummary()
    writer = writer_for(report_format, target, Lang(args.lang))
    try:
        writer.start(
            {
                "policy": {"id": policy.metadata.id, "version": policy.metadata.version},
                "input": {"path": str(args.input), "format": source.format.value},
            }
        )
        for result in audit_records(source, options, on_result=progress):
            summary.add(result)
            writer.write(result)
        # Known only after reading: JSON Lines reveals its keys record by record.
        warning = source.unknown_columns_warning()
        writer.finish(summary, [warning] if warning else [])
        if warning:
            sys.stderr.write(f"somepolicy: warning: {warning}\n")
    finally:
        if progress is not None:
            progress.close()
        if target is not out:
            target.close()
    threshold = {"violation": Severity.VIOLATION, "warning": Severity.WARNING}.get(args.fail_on)
    worst = summary.worst()
    if threshold is not None and worst is not None and worst.rank >= threshold.rank:
        return EXIT_DENIED
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from .._policy.catalog import SubjectType

    try:
        subject_type = SubjectType(args.type)
    except ValueError:
        accepted = ", ".join(t.value for t in SubjectType)
        raise UsageError(f"unknown subject type {args.type[:40]!r}; accepted: {accepted}") from None
    from .._subjects.schema import subject_json_schema

    _emit(out, subject_json_schema(subject_type))
    return EXIT_OK


_SERVE_OPTIONS = (
    "host",
    "port",
    "workers",
    "breach_corpus",
    "lang",
    "mode",
    "body_limit",
    "decision_log",
    "log_identities",
    "access_log",
    "policy",
)


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import uvicorn

        from .._server.app import create_app
        from .._server.settings import ServerSettings
    except ImportError:
        raise UsageError(
            "the service needs the server extra: pip install 'aanekoski-somepolicy[server]'"
        ) from None
    from pydantic import ValidationError

    from .._validation import problems_from

    overrides = {name: getattr(args, name) for name in _SERVE_OPTIONS}
    try:
        settings = ServerSettings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as error:
        raise SomePolicyError("invalid service settings", problems_from(error)) from None
    app = create_app(settings)  # policy and corpus problems end here, with exit status 2
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "access_log": settings.access_log,
        "log_level": "info",
    }
    if settings.workers == 1:
        uvicorn.run(app, **options)
        return EXIT_OK
    # Each worker process builds its own app from the environment.
    for name, value in settings.model_dump().items():
        key = f"SOMEPOLICY_{name.upper()}"
        if value is None:
            os.environ.pop(key, None)
        else:
            secret = getattr(value, "get_secret_value", None)
            os.environ[key] = str(secret() if secret else value)
    uvicorn.run(
        "aanekoski_somepolicy._server.app:create_app_from_env",
        factory=True,
        workers=settings.workers,
        **options,
    )
    return EXIT_OK


_COMMANDS = {
    "serve": _cmd_serve,
    "rules": _cmd_rules,
    "explain": _cmd_explain,
    "scope": _cmd_scope,
    "check": _cmd_check,
    "docs": _cmd_docs,
    "audit": _cmd_audit,
    "schema": _cmd_schema,
}


def _report(error: SomePolicyError) -> None:
    sys.stderr.write(f"somepolicy: error: {error.summary}\n")
    for problem in error.problems:
        sys.stderr.write(f"  - {problem}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``somepolicy`` with ``argv`` and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args, sys.stdout)
    except UsageError as error:
        sys.stderr.write(f"somepolicy: error: {error}\n")
    except SomePolicyError as error:
        _report(error)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("somepolicy: interrupted\n")
        return 130
    return EXIT_USAGE
