"""``somepolicy audit-hashes``: audit directory passwords from a dump of their NT hashes.

The command's arguments and its run live here; :mod:`.main` adds the subcommand with
:func:`register` and hands :func:`run` the helpers every audit command shares (report
streams, the CSV dialect, the usage error), so this module never imports it back.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .arguments import count_value, day_value
from .progress import PhaseProgress, add_progress_options
from .sources import refuse_inapplicable

__all__ = ["register", "run"]

EXIT_OK, EXIT_DENIED = 0, 1


def register(
    commands: Any,
    *,
    lang_option: Callable[[argparse.ArgumentParser], None],
    report_formats: Sequence[str],
    csv_dialects: Sequence[str],
) -> None:
    """Add the ``audit-hashes`` subcommand to ``commands`` (an argparse subparsers action)."""
    parser = commands.add_parser(
        "audit-hashes",
        help="audit directory passwords from a dump of their NT hashes (pwdump, "
        "secretsdump, user:nthash, or CSV/JSON with an nt_hash column)",
    )
    parser.add_argument(
        "dump",
        type=Path,
        help="the dump: pwdump/secretsdump or user:nthash lines, or .csv/.jsonl/.json/.xlsx "
        "with an nt_hash column; '-' reads standard input. It is read in memory only",
    )
    parser.add_argument(
        "--people", type=Path, help="an HR export joined to the accounts by username or e-mail"
    )
    parser.add_argument(
        "--breach-corpus", type=Path, help="Have I Been Pwned NTLM file or prefix folder"
    )
    parser.add_argument(
        "--input-format",
        choices=["lines", "csv", "jsonl", "json", "xlsx"],
        help="override the format chosen by extension (lines: pwdump or user:nthash)",
    )
    parser.add_argument("--encoding", help="the dump's text encoding (default: detected)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=COLUMN",
        help="read the column HEADER as COLUMN (e.g. 'NTLM=nt_hash'); repeatable",
    )
    parser.add_argument(
        "--mapping", type=Path, help="a TOML file with a [columns] table of HEADER = COLUMN"
    )
    parser.add_argument("--format", choices=list(report_formats), help="report format")
    parser.add_argument("--output", type=Path, help="write the report here")
    parser.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT:PATH",
        help="also write a report of FORMAT to PATH; repeatable",
    )
    lang_option(parser)
    parser.add_argument(
        "--fail-on",
        choices=["violation", "warning", "never"],
        default="violation",
        help="exit 1 when findings at or above this severity exist",
    )
    parser.add_argument(
        "--workers",
        type=count_value,
        default=os.cpu_count() or 1,
        help="processes hashing candidates (default: every core)",
    )
    parser.add_argument("--on", type=day_value, help="evaluation date (default today)")
    parser.add_argument("--all-findings", action="store_true", help="include passes in results")
    parser.add_argument(
        "--salt-file",
        type=Path,
        help="a file whose bytes key the shared groups' fingerprints, so that they compare "
        "across runs (default: a new random key each run)",
    )
    parser.add_argument(
        "--csv-dialect",
        choices=list(csv_dialects),
        default=None,
        help="CSV report: standard or excel-fi (default by --lang)",
    )
    add_progress_options(
        parser, always="always show the hashing progress on stderr (default: on a terminal)"
    )


def run(
    args: argparse.Namespace,
    out: TextIO,
    *,
    report_stream: Callable[[argparse.Namespace, TextIO], AbstractContextManager[TextIO]],
    csv_dialect: Callable[[argparse.Namespace], Any],
    usage_error: Callable[[str], Exception],
    report_formats: Sequence[str],
) -> int:
    """Run ``audit-hashes`` with parsed ``args``; return the exit status."""
    from .._audit.hashes.dump import HashDump
    from .._audit.hashes.run import HashAudit, HashAuditOptions
    from .._audit.mapping import ColumnMapping
    from .._audit.readers import InputFormat
    from .._audit.run import predicted_gaps
    from .._audit.writers import ReportFormat, ReportWriter, writer_for
    from .._audit.writers.several import Reports, parse_report_request
    from .._audit.writers.target import refuse_same_file
    from .._findings import Severity
    from .._i18n import Lang, Message, localize, os_reason
    from ..exceptions import SomePolicyError

    if args.dump.is_dir():
        raise usage_error(Message("cli", "is-folder", name=args.dump))
    inputs = [path for path in (args.dump, args.people) if path is not None and str(path) != "-"]
    if args.output is not None:
        refuse_same_file(args.output, inputs)
    try:
        requests = [parse_report_request(item, list(report_formats)) for item in args.report]
    except SomePolicyError as error:
        raise usage_error(error.summary) from None
    salt: bytes | None = None
    if args.salt_file is not None:
        try:
            salt = args.salt_file.read_bytes()[:4096]
        except OSError as error:
            raise usage_error(f"{args.salt_file}: {os_reason(error)}") from None
    mapping = ColumnMapping.from_options(args.map, args.mapping)
    tabular = (
        InputFormat(args.input_format)
        if args.input_format and args.input_format != "lines"
        else None
    )
    dump = HashDump(
        args.dump,
        tabular=tabular,
        mapping=mapping,
        encoding=args.encoding,
        lines=args.input_format == "lines",
    )
    refuse_inapplicable(args, dump.format, dump.name)  # --encoding for a workbook
    lang = Lang(args.lang)
    options = HashAuditOptions(
        lang=lang,
        on=args.on or date.today(),
        workers=args.workers,
        policy_path=args.policy,
        breach_corpus=args.breach_corpus,
        people=args.people,
        all_findings=args.all_findings,
        salt=salt,
    )
    audit = HashAudit(dump, options)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = None
    if show:
        names = {
            phase: localize(Message("hash-audit", f"progress-{phase}"), lang)
            for phase in ("global", "context")
        }
        progress = PhaseProgress(sys.stderr, names, args.lang)
    audit.on_progress = progress
    report_format = ReportFormat(args.format) if args.format else ReportFormat.JSON
    if args.format is None and args.output is None and out.isatty():
        report_format = ReportFormat.TABLE
    available = frozenset({"breach_corpus"} if args.breach_corpus is not None else ())
    gaps = predicted_gaps(audit.summary.checks, available)
    header = {
        "not_checked": [gap.to_dict(lang) for gap in gaps],
        "policy": {"id": audit.policy.metadata.id, "version": audit.policy.metadata.version},
        "input": dump.describe(),
    }
    with report_stream(args, out) as target:

        def make(name: str, stream: TextIO) -> ReportWriter:
            return writer_for(
                ReportFormat(name), stream, lang, csv_dialect=csv_dialect(args), policy=audit.policy
            )

        reports = Reports(requests, inputs, make)
        writers = [make(report_format, target), *reports.writers]
        try:
            for writer in writers:
                writer.start(header)
            for result in audit.results():
                for writer in writers:
                    writer.write(result)
            warnings = [*dump.warnings(), *audit.warnings]
            for writer in writers:
                writer.finish(audit.summary, warnings)
        except BaseException:
            reports.discard()
            raise
        finally:
            if progress is not None:
                progress.close()
        reports.commit()
    threshold = {"violation": Severity.VIOLATION, "warning": Severity.WARNING}.get(args.fail_on)
    worst = audit.summary.worst()
    if threshold is not None and worst is not None and worst.rank >= threshold.rank:
        return EXIT_DENIED
    return EXIT_OK
