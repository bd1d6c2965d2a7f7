"""The ``somepolicy`` command line.

Exit status: 0 success (or allowed), 1 denied / findings at or above the threshold,
2 usage error or invalid input. Errors are one clear message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._i18n import LocalizedText, Message, localize, os_reason
from .._text import visible
from .._validation import DuplicateKeyError, json_kind, unique_keys
from ..exceptions import InvalidSubjectError, SomePolicyError
from . import audit_hashes
from .adjustments import audit_adjustments, checked_waivers
from .arguments import Parser as _Parser
from .arguments import count_value, day_value, environment_lang, language, requested_lang, say
from .policy_change import register_policy_commands
from .policy_options import (
    add_policy_options,
    add_to_subcommands,
    effective_policy,
    resolve_policy_options,
)
from .progress import AuditProgress, add_progress_options
from .roles import add_role_options, add_unknown_role_option
from .sources import add_input_options, add_judging_options, record_source
from .version import add_version

if TYPE_CHECKING:
    from .._audit.writers import CsvDialect
    from .._policy.catalog import Policy

# Each command imports what it needs when it runs: the engine, the policy models and the word
# lists cost a quarter of a second, and `rules`, `schema` or `--help` need none of them.
# The choices below are the values of Lang, ReportFormat, SubjectType and InputFormat
# (tests/test_cli.py keeps them equal).
LANGS = ("fi", "en", "sv")
REPORT_FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html", "sarif", "junit")
CSV_DIALECTS = ("standard", "excel-fi")
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
    "directory-account",
)

__all__ = ["main"]

STDIN_LIMIT = 1024 * 1024
EXIT_OK, EXIT_DENIED, EXIT_USAGE = 0, 1, 2
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived; raised in the main thread so that cleanup runs as for Ctrl-C."""


class UsageError(Exception):
    """A command-line problem reported with exit status 2."""


def _output(text: str) -> Path | None:
    """An ``--output`` path; ``-`` is standard output (None), as ``-`` is standard input."""
    return None if text == "-" else Path(text)


def _integer(text: str) -> int:
    # argparse's own `type=int` error names Python's type ("invalid int value").
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            say(Message("cli", "not-an-integer", value=repr(text[:20])))
        ) from None


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=environment_lang(),
        help="message language (default: SOMEPOLICY_LANG, else fi)",
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
    add_policy_options(parser, top=True)
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
    scope.add_argument("--ended", type=day_value, help="last day of service, if it has ended")
    scope.add_argument("--started", type=day_value, help="first day of service")
    scope.add_argument("--on", type=day_value, help="the date to answer for (default today)")
    _common(scope)

    check = commands.add_parser(
        "check", help="evaluate one subject given as JSON on standard input"
    )
    check.add_argument("--input", type=Path, help="read the JSON from this file instead of stdin")
    check.add_argument("--breach-corpus", type=Path, help="Have I Been Pwned file or prefix folder")
    check.add_argument("--on", type=day_value, help="evaluation date (default today)")
    add_role_options(check)
    _common(check, formats=("json", "text"))

    audit = commands.add_parser(
        "audit",
        help="audit an export of account registrations (CSV, JSON Lines, JSON array, Excel)",
    )
    add_input_options(audit)
    audit.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="report format (default: table on a terminal, else json)",
    )
    audit.add_argument(
        "--output", type=_output, help="write the report here instead of standard output"
    )
    audit.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT:PATH",
        help="also write a report of FORMAT to PATH (e.g. html:audit.html, sarif:audit.sarif); "
        "repeatable, the input is read once; without --format or --output, standard output "
        "then gets the table on a terminal and nothing otherwise",
    )
    _lang_option(audit)
    audit.add_argument(
        "--fail-on",
        choices=["violation", "warning", "never"],
        default="violation",
        help="exit 1 when findings at or above this severity exist (invalid records count as violations)",
    )
    add_judging_options(audit, workers=os.cpu_count() or 1)
    audit.add_argument(
        "--directory",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a directory export (Entra ID CSV, Get-ADUser CSV, LDIF, CSV or Excel) giving the "
        "work identities and city domains; repeatable",
    )
    audit.add_argument(
        "--all-findings",
        action="store_true",
        help="include passes and not-applicable outcomes in results",
    )
    audit.add_argument(
        "--require",
        action="append",
        metavar="CHECK",
        help="exit 2 when CHECK (an element id, or 'all') could not run on any record "
        "(its column is absent or blank everywhere); repeatable",
    )
    add_unknown_role_option(audit)
    audit.add_argument(
        "--csv-dialect",
        choices=CSV_DIALECTS,
        default=None,
        help="CSV report: standard (',') or excel-fi (';', UTF-8 BOM, CRLF: Finnish Excel); "
        "default excel-fi with --lang fi or sv, standard with --lang en",
    )
    add_progress_options(audit, always="always show progress on stderr")

    audit_hashes.register(
        commands,
        lang_option=_lang_option,
        report_formats=REPORT_FORMATS,
        csv_dialects=CSV_DIALECTS,
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of a subject type")
    schema.add_argument("type", help="subject type: " + ", ".join(SUBJECT_TYPES))

    serve = commands.add_parser(
        "serve",
        help="run the HTTP service (needs the server extra); options override SOMEPOLICY_* variables",
    )
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1, loopback only)")
    serve.add_argument("--port", type=_integer, help="TCP port (default 8000)")
    serve.add_argument("--workers", type=count_value, help="worker processes (default 1)")
    serve.add_argument("--breach-corpus", type=Path, help="Have I Been Pwned file or prefix folder")
    serve.add_argument("--lang", choices=LANGS, help="default message language (fi)")
    serve.add_argument(
        "--mode",
        choices=["enforce", "audit"],
        help="enforce rejections, or audit: allow and say what would be rejected (default enforce)",
    )
    serve.add_argument("--body-limit", type=_integer, help="largest request body in bytes (65536)")
    serve.add_argument(
        "--decision-log", type=Path, help="append decision lines here (default standard error)"
    )
    serve.add_argument(
        "--log-identities",
        choices=["hash", "drop"],
        help="hash person ids and usernames in the decision log (salt: SOMEPOLICY_LOG_SALT) or drop them",
    )
    add_unknown_role_option(serve, default=None)
    serve.add_argument(
        "--access-log",
        dest="access_log",
        action="store_const",
        const=True,
        help="log request lines (method, path, status; off by default: the decision log has every decision)",
    )
    serve.add_argument(
        "--no-access-log",
        dest="access_log",
        action="store_const",
        const=False,
        help="do not log request lines",
    )

    docs = commands.add_parser("docs", help="generate docs/rules.md from the policy data")
    docs.add_argument("--output", type=_output, help="write here instead of standard output")
    docs.add_argument("--check", action="store_true", help="exit 1 if --output is not up to date")
    # Changing the policy safely (policy show, diff, test, replay): their own module.
    register_policy_commands(commands, _common)
    add_version(parser, commands, _common)
    add_to_subcommands(commands)
    return parser


def _policy(args: argparse.Namespace) -> Policy:
    return effective_policy(args)


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
    from .._messages.render import (
        render_rule_text,
        render_scope_checks_text,
        rule_to_dict,
        scope_checks_to_dict,
    )
    from .._policy.lookup import find_rule
    from .._policy.scope_checks import find_scope_checks

    policy = _policy(args)
    try:
        # The scope's own checks (scope.role-recognised) are in findings like elements.
        checks = find_scope_checks(args.id)
        rule = find_rule(policy, args.id) if checks is None else None
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    if rule is None:
        assert checks is not None
        if args.format == "json":
            _emit(out, scope_checks_to_dict(policy, checks, args.lang))
        else:
            out.write(render_scope_checks_text(policy, checks, args.lang) + "\n")
        return EXIT_OK
    if args.format == "json":
        _emit(out, rule_to_dict(rule, args.lang))
    else:
        out.write(render_rule_text(rule, args.lang) + "\n")
    return EXIT_OK


def _cmd_scope(args: argparse.Namespace, out: TextIO) -> int:
    from .._messages.render import render_scope_text, scope_to_dict
    from .._policy.roles import RoleVocabulary
    from .._policy.scope import resolve_scope

    policy = _policy(args)
    role = RoleVocabulary.of(policy.scope.role_aliases).parse(args.role)
    on = args.on or date.today()
    if args.started and args.ended and args.ended < args.started:
        raise UsageError(Message("cli", "ended-before-started"))
    result = resolve_scope(policy, role, on=on, start=args.started, end=args.ended)
    if args.format == "json":
        _emit(out, scope_to_dict(result, policy, args.lang))
    else:
        out.write(render_scope_text(result, policy, args.lang) + "\n")
    return EXIT_OK


def _read_json_object(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    name = str(args.input) if args.input else Message("reader", "stdin")
    try:
        if args.input:
            with args.input.open("rb") as handle:
                raw = handle.read(STDIN_LIMIT + 1)
        else:
            raw = sys.stdin.buffer.read(STDIN_LIMIT + 1)
    except OSError as error:
        raise UsageError(
            Message("reader", "cannot-read", name=name, why=os_reason(error))
        ) from None
    if len(raw) > STDIN_LIMIT:
        raise UsageError(Message("cli", "input-too-large", name=name, limit=STDIN_LIMIT))
    try:
        data = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=unique_keys)
    except UnicodeDecodeError:
        raise UsageError(Message("cli", "not-utf8", name=name)) from None
    except json.JSONDecodeError as error:
        raise UsageError(
            Message("cli", "invalid-json", name=name, line=error.lineno, column=error.colno)
        ) from None
    except DuplicateKeyError as error:
        raise UsageError(Message("cli", "duplicate-key", name=name, key=repr(error.key))) from None
    except (RecursionError, ValueError):
        # Nested deeper than the stack allows, or an integer longer than Python converts:
        # the audit's bounded JSON parser says which.
        from .._audit.readers.objects import Unparsable, parse_json

        try:
            parse_json(raw.decode("utf-8-sig"))
        except Unparsable as error:
            raise UsageError(Message("cli", "named", name=name, message=error.args[0])) from None
        raise
    if not isinstance(data, dict):
        raise UsageError(Message("cli", "one-object", name=name, kind=json_kind(data)))
    return data, name


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from .._engine import Engine, parse_subject
    from .._messages.render import decision_to_dict, render_decision_text
    from .._passwords.judge import judge_one_at_a_time
    from .._policy.roles import RoleVocabulary

    # One password per process: look words up in the mapped index instead of loading it.
    judge_one_at_a_time()

    data, name = _read_json_object(args)
    policy = _policy(args)
    waivers = checked_waivers(args, policy)
    engine = Engine(policy, breach_corpus=args.breach_corpus, waivers=waivers)
    roles = RoleVocabulary.of(policy.scope.role_aliases, args.role_aliases)
    try:
        subject = parse_subject(data, roles=roles, unknown_role=args.unknown_role)
    except InvalidSubjectError as error:
        named = Message("cli", "named", name=name, message=error.summary)
        raise InvalidSubjectError(named, error.problems) from None
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
            stale = Message("cli", "docs-stale", name=args.output)
            sys.stderr.write(f"somepolicy: {stale.get(message_lang(args))}\n")
            return EXIT_DENIED
        return EXIT_OK
    with _report_stream(args, out) as stream:
        stream.write(text)
    return EXIT_OK


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # standard input, a pipe that is gone
        return 0


def _required(args: argparse.Namespace, checks: list[str]) -> set[str]:
    wanted: set[str] = set()
    for item in args.require or ():
        if item.strip().lower() == "all":
            wanted.update(checks)
        elif item.strip() in checks:
            wanted.add(item.strip())
        else:
            raise UsageError(
                Message("cli", "require-unknown", value=repr(item[:60]), checks=", ".join(checks))
            )
    return wanted


@contextlib.contextmanager
def _report_stream(args: argparse.Namespace, out: TextIO) -> Iterator[TextIO]:
    """The report's stream: stdout, or a file replaced only when the report is complete."""
    from .._audit.writers.target import ReportTarget

    if args.output is None:
        yield out
        return
    target = ReportTarget(args.output)
    try:
        yield target.stream
    except BaseException:
        target.discard()
        raise
    target.commit()


def _csv_dialect(args: argparse.Namespace) -> CsvDialect:
    """The CSV dialect asked for, else the one the report's readers open.

    Finnish and Swedish reports go to Finnish Excel (``excel-fi``); English ones are RFC 4180.
    """
    from .._audit.writers import CsvDialect

    if args.csv_dialect:
        return CsvDialect(args.csv_dialect)
    return CsvDialect.STANDARD if args.lang == "en" else CsvDialect.EXCEL_FI


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from .._accounts.email import CityDomains
    from .._audit.adjust import AdjustmentCounts
    from .._audit.readers.directory import open_directory
    from .._audit.run import (
        AUDIT_GC_THRESHOLD,
        Audit,
        AuditOptions,
        UnknownRolePolicy,
        registration_checks,
    )
    from .._audit.writers import ReportFormat, ReportWriter, writer_for
    from .._audit.writers.several import Reports, parse_report_request
    from .._audit.writers.target import refuse_same_file
    from .._findings import Severity
    from .._i18n import Lang
    from .._passwords.breach import BreachCorpus
    from .._policy.roles import RoleVocabulary

    if args.input.is_dir():
        raise UsageError(Message("cli", "is-folder", name=args.input))
    if args.output is not None:
        inputs = [*([args.input] if str(args.input) != "-" else []), *args.directory]
        refuse_same_file(args.output, inputs)
    try:
        requests = [parse_report_request(item, list(REPORT_FORMATS)) for item in args.report]
    except SomePolicyError as error:
        raise UsageError(error.summary) from None
    source = record_source(args)
    policy = _policy(args)
    checks = [check for check, _ in registration_checks(policy)]
    required = _required(args, checks)
    CityDomains(policy.parameters.accounts.city_mail_domains)  # a custom policy's: fail now
    if args.breach_corpus is not None:
        BreachCorpus(args.breach_corpus)  # fail now, with exit 2, if it is unusable
    # The same: fail now, naming the line.
    RoleVocabulary.of(policy.scope.role_aliases, args.role_aliases)
    for directory in args.directory:
        open_directory(directory)  # the same: fail now, naming the file and what is missing
    lang = Lang(args.lang)
    options = AuditOptions(
        lang=lang,
        on=args.on or date.today(),
        workers=args.workers,
        policy_path=args.policy,
        overlays=tuple(args.overlays),
        breach_corpus=args.breach_corpus,
        all_findings=args.all_findings,
        role_aliases=args.role_aliases,
        unknown_role=UnknownRolePolicy(args.unknown_role),
        # Waivers and a baseline report (_cli/adjustments.py), applied in the workers.
        after_judged=audit_adjustments(args, policy, args.lang),
        directories=tuple(args.directory),
    )
    adjusted = AdjustmentCounts(baseline=str(args.baseline) if args.baseline else None)
    interactive = args.output is None and out.isatty()
    report_format: ReportFormat | None = (
        ReportFormat(args.format)
        if args.format
        else (ReportFormat.TABLE if interactive else ReportFormat.JSON)
    )
    if requests and args.format is None and args.output is None and not interactive:
        report_format = None  # the --report files are the reports; nothing on standard output
    show_progress = args.progress
    if show_progress is None:
        show_progress = sys.stderr.isatty() and source.size() > 1024 * 1024
    progress = AuditProgress(sys.stderr, args.lang) if show_progress else None
    # What is loaded by now lives until the command ends: frozen, it is not walked again by
    # the collections that the stream of result dicts triggers (nor copied into workers).
    gc.freeze()
    # The command's own process, like the workers: results stream through it in batches
    # that hold no cycles, so rarer young collections cost less and free no more memory.
    gc.set_threshold(*AUDIT_GC_THRESHOLD)
    with Audit(source, options) as audit:
        audit.prepare()
        missing = [gap for gap in audit.gaps if gap.check in required]
        if missing:
            raise UsageError(
                Message(
                    "cli",
                    "required",
                    message=LocalizedText(
                        *(
                            "; ".join(gap.message(each) for gap in missing)
                            for each in ("fi", "en", "sv")
                        )
                    ),
                )
            )
        header = {
            "not_checked": [gap.to_dict(lang) for gap in audit.gaps],
            "policy": {"id": policy.metadata.id, "version": policy.metadata.version},
            "input": source.description(lang),
            "evaluated_on": options.on.isoformat(),
        }
        if args.directory:  # the reports then say on each row how it was joined
            header["directory"] = [str(path) for path in args.directory]
        try:
            with _report_stream(args, out) as target:

                def make(name: str, stream: TextIO) -> ReportWriter:
                    return writer_for(
                        ReportFormat(name),
                        stream,
                        lang,
                        csv_dialect=_csv_dialect(args),
                        policy=policy,
                    )

                reports = Reports(
                    requests,
                    [*([args.input] if str(args.input) != "-" else []), *args.directory],
                    make,
                )
                writers = [*reports.writers]
                if report_format is not None:
                    writers.insert(0, make(report_format, target))
                try:
                    for writer in writers:
                        writer.start(header)
                    if progress is not None and audit.total is not None:
                        progress.start(audit.total)
                    for result in audit.results():
                        adjusted.add(result)
                        for writer in writers:
                            writer.write(result)
                        if progress is not None:
                            progress(result)
                    # Known only after reading: JSON Lines reveals its keys record by record.
                    input_warnings = [localize(warning, lang) for warning in source.warnings()]
                    warnings = (
                        input_warnings
                        + audit.summary.warning_texts(lang, options.unknown_role)
                        + adjusted.warnings(lang, audit.summary.waived)
                    )
                    for writer in writers:
                        writer.finish(audit.summary, warnings)
                except BaseException:
                    reports.discard()
                    raise
                reports.commit()
        except BrokenPipeError:
            raise
        except OSError as error:
            # A full disk or a failing device while writing: the reports were discarded above.
            raise UsageError(
                Message("cli", "report-not-written", reason=str(error.strerror or error))
            ) from None
        finally:
            if progress is not None:
                progress.close()
    for warning in input_warnings:
        sys.stderr.write(_line("warning", warning, lang))
    summary = audit.summary
    unmet = [gap for gap in summary.gaps() if gap.check in required]
    if unmet:
        for gap in unmet:
            required_gap = Message("cli", "required", message=_each_lang(gap.message))
            sys.stderr.write(_line("error", required_gap, lang))
        return EXIT_USAGE
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
        raise UsageError(
            Message("cli", "unknown-subject-type", value=repr(args.type[:40]), accepted=accepted)
        ) from None
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
    "waivers",
    "unknown_role",
)


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import uvicorn

        from .._server.app import create_app
        from .._server.settings import ServerSettings
    except ImportError:
        raise UsageError(Message("cli", "needs-server-extra")) from None
    from pydantic import ValidationError

    from .._validation import problems_from

    overrides = {name: getattr(args, name) for name in _SERVE_OPTIONS}
    overrides["overlays"] = os.pathsep.join(str(path) for path in args.overlays) or None
    try:
        settings = ServerSettings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as error:
        raise SomePolicyError(Message("cli", "invalid-settings"), problems_from(error)) from None
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


def _cmd_audit_hashes(args: argparse.Namespace, out: TextIO) -> int:
    return audit_hashes.run(
        args,
        out,
        report_stream=_report_stream,
        csv_dialect=_csv_dialect,
        usage_error=UsageError,
        report_formats=REPORT_FORMATS,
    )


_COMMANDS = {
    "serve": _cmd_serve,
    "rules": _cmd_rules,
    "explain": _cmd_explain,
    "scope": _cmd_scope,
    "check": _cmd_check,
    "docs": _cmd_docs,
    "audit": _cmd_audit,
    "schema": _cmd_schema,
    "audit-hashes": _cmd_audit_hashes,
}


def _line(kind: str, message: str, lang: str) -> str:
    """One ``somepolicy: error: …`` line, its words in ``lang``.

    Values from the input (a header, a role) are in it: control characters are shown, not
    obeyed by the terminal.
    """
    said = visible(localize(message, lang))
    return f"somepolicy: {localize(Message('cli', kind), lang)}: {said}\n"


def _each_lang(word: Callable[[str], str]) -> LocalizedText:
    return LocalizedText(word("fi"), word("en"), word("sv"))


def _report(error: SomePolicyError, lang: str) -> None:
    sys.stderr.write(_line("error", error.summary, lang))
    for problem in error.problems:
        where = f"{localize(problem.location, lang)}: " if problem.location else ""
        sys.stderr.write(visible(f"  - {where}{localize(problem.message, lang)}") + "\n")


def message_lang(args: argparse.Namespace | None) -> str:
    """The language of the command's error lines: its ``--lang``, else ``SOMEPOLICY_LANG``.

    Commands without ``--lang`` (and errors before the options are read) use the environment
    variable ``SOMEPOLICY_LANG`` (``fi``, ``sv`` or ``en``), else Finnish.
    """
    chosen = getattr(args, "lang", None)
    return chosen if chosen in LANGS else environment_lang()


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``somepolicy`` with ``argv`` and return the exit status.

    SIGINT (Ctrl-C) and SIGTERM stop the command the same way: workers are stopped,
    temporary files (a partial report, the identity index) removed, and the exit status
    is 130 or 143.
    """
    parser = build_parser()
    with language(requested_lang(sys.argv[1:] if argv is None else argv)):
        args = parser.parse_args(argv)
    resolve_policy_options(args)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        handler = getattr(args, "handler", None) or _COMMANDS[args.command]
        return int(handler(args, sys.stdout))
    except UsageError as error:
        sys.stderr.write(_line("error", error.args[0], message_lang(args)))
    except SomePolicyError as error:
        _report(error, message_lang(args))
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write(_stopped(Message("cli", "interrupted", signal="SIGINT"), args))
        return EXIT_SIGINT
    except Terminated:
        sys.stderr.write(_stopped(Message("cli", "terminated", signal="SIGTERM"), args))
        return EXIT_SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_USAGE


def _stopped(how: Message, args: argparse.Namespace) -> str:
    lang = message_lang(args)
    if args.command != "audit":
        return f"somepolicy: {how.get(lang)}\n"
    said = Message("cli", "stopped-audit", how=how)
    output = getattr(args, "output", None)
    if output is not None:
        said = Message("cli", "not-written", how=said, name=output)
    return f"somepolicy: {said.get(lang)}\n"
