"""Audit reports: table, JSON, JSON Lines, CSV and Markdown, all written as results stream in.

No format holds the results in memory. Results carry no password, since the audit never
puts one into a result. CSV cells that a spreadsheet would run as a formula are
neutralised.
"""

from __future__ import annotations

import csv
import json
from enum import StrEnum
from typing import Any, TextIO

from .._i18n import Lang
from .._messages.render import label
from .run import AuditSummary, Result

__all__ = ["ReportFormat", "ReportWriter", "neutralise_cell", "writer_for"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ReportFormat(StrEnum):
    """Output formats of the audit."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


def neutralise_cell(value: object) -> str:
    """Return ``value`` as a CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _who(result: Result) -> list[str]:
    """The identifying cells of a result: person, service and purpose for registrations."""
    if "person_id" in result:
        return [result["person_id"], result["service"], result["purpose"]]
    return [result["subject_id"], result["type"], ""]


def _errors_text(result: Result) -> str:
    return "; ".join(
        f"{error['field']}: {error['message']}" if error.get("field") else str(error["message"])
        for error in result.get("errors", [])
    )


class ReportWriter:
    """Base of the report writers: ``start``, one ``write`` per result, ``finish``."""

    def __init__(self, out: TextIO, lang: Lang) -> None:
        self.out = out
        self.lang = lang

    def start(self, header: dict[str, Any]) -> None:
        """Begin the report; ``header`` holds the policy and input descriptions."""

    def write(self, result: Result) -> None:
        """Write one result."""
        raise NotImplementedError

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """End the report with the summary and any warnings."""


class _JsonWriter(ReportWriter):
    def start(self, header: dict[str, Any]) -> None:
        self.out.write("{\n")
        for key, value in header.items():
            self.out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
        self.out.write('  "results": [')
        self._first = True

    def write(self, result: Result) -> None:
        self.out.write("\n    " if self._first else ",\n    ")
        self.out.write(json.dumps(result, ensure_ascii=False))
        self._first = False

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        self.out.write("\n  ],\n" if not self._first else "],\n")
        self.out.write(f'  "warnings": {json.dumps(warnings, ensure_ascii=False)},\n')
        self.out.write(f'  "summary": {json.dumps(summary.to_dict())}\n}}\n')


class _JsonlWriter(ReportWriter):
    def start(self, header: dict[str, Any]) -> None:
        self.out.write(json.dumps({"record": "header", **header}, ensure_ascii=False) + "\n")

    def write(self, result: Result) -> None:
        self.out.write(json.dumps({"record": "result", **result}, ensure_ascii=False) + "\n")

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        line = {"record": "summary", "warnings": warnings, **summary.to_dict()}
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")


_CSV_COLUMNS = [
    "line",
    "person_id",
    "service",
    "purpose",
    "status",
    "rule",
    "check",
    "outcome",
    "severity",
    "message",
    "remedy",
]


class _CsvWriter(ReportWriter):
    def start(self, header: dict[str, Any]) -> None:
        self._csv = csv.writer(self.out, lineterminator="\r\n")
        self._csv.writerow(_CSV_COLUMNS)

    def _row(self, result: Result, finding: dict[str, Any] | None, message: str = "") -> None:
        base = [
            result["line"],
            result["person_id"],
            result["service"],
            result["purpose"],
            result["status"],
        ]
        if finding is None:
            cells = [*base, "", "", "", "", message, ""]
        else:
            cells = [
                *base,
                finding["rule"],
                finding["check"],
                finding["outcome"],
                finding["severity"],
                finding["message"],
                finding.get("remedy") or "",
            ]
        self._csv.writerow([neutralise_cell(cell) for cell in cells])

    def write(self, result: Result) -> None:
        if result["status"] == "invalid":
            self._row(result, None, _errors_text(result))
        elif not result["findings"]:
            self._row(result, None)
        for finding in result["findings"]:
            self._row(result, finding)


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


class _MarkdownWriter(ReportWriter):
    def start(self, header: dict[str, Any]) -> None:
        lang = self.lang
        policy = header["policy"]
        self.out.write(f"# {label('title', lang)}\n\n")
        self.out.write(f"- {label('policy', lang)}: `{policy['id']}` {policy['version']}\n")
        self.out.write(f"- {label('input', lang)}: `{header['input']['path']}`\n\n")
        self.out.write(
            f"| {label('line', lang)} | person_id | service | purpose | status | check | message |\n"
        )
        self.out.write("| --- | --- | --- | --- | --- | --- | --- |\n")

    def write(self, result: Result) -> None:
        cells = [
            result["line"],
            result["person_id"],
            result["service"],
            result["purpose"],
            result["status"],
        ]
        if result["status"] == "invalid":
            self.out.write(
                "| " + " | ".join(_md(c) for c in [*cells, "", _errors_text(result)]) + " |\n"
            )
        for finding in result["findings"]:
            self.out.write(
                "| "
                + " | ".join(_md(c) for c in [*cells, finding["check"], finding["message"]])
                + " |\n"
            )

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        lang = self.lang
        self.out.write(f"\n## {label('rows', lang)}\n\n")
        self.out.write(
            f"| {label('rows', lang)} | {label('ok', lang)} | {label('violations', lang)} | {label('invalid', lang)} |\n"
        )
        self.out.write("| --- | --- | --- | --- |\n")
        self.out.write(
            f"| {summary.rows} | {summary.ok} | {summary.violations} | {summary.invalid} |\n"
        )
        if summary.by_check:
            self.out.write(f"\n## {label('by-check', lang)}\n\n| check | n |\n| --- | --- |\n")
            for check, count in sorted(summary.by_check.items()):
                self.out.write(f"| `{check}` | {count} |\n")
        if warnings:
            self.out.write(f"\n## {label('warnings', lang)}\n\n")
            for warning in warnings:
                self.out.write(f"- {_md(warning)}\n")


class _TableWriter(ReportWriter):
    def write(self, result: Result) -> None:
        lang = self.lang
        status = result["status"]
        if status == "ok" and not result["findings"]:
            return
        status_key = {"violation": "violation", "invalid": "invalid-row"}.get(status, "ok-row")
        who = " / ".join(str(cell) for cell in _who(result) if cell)
        self.out.write(
            f"{label('line', lang)} {result['line']}: {who}: {label(status_key, lang)}\n"
        )
        if status == "invalid":
            self.out.write(f"    {_errors_text(result)}\n")
        for finding in result["findings"]:
            self.out.write(f"    {finding['check']}: {finding['message']}\n")
            if finding.get("remedy"):
                self.out.write(f"      {label('remedy', lang)}: {finding['remedy']}\n")

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        lang = self.lang
        if summary.violations == 0 and summary.invalid == 0:
            self.out.write(label("none", lang) + "\n")
        self.out.write(
            f"\n{label('rows', lang)}: {summary.rows}   {label('ok', lang)}: {summary.ok}   "
            f"{label('violations', lang)}: {summary.violations}   {label('invalid', lang)}: {summary.invalid}\n"
        )
        if summary.by_check:
            self.out.write(f"{label('by-check', lang)}:\n")
            width = max(len(check) for check in summary.by_check)
            for check, count in summary.by_check.most_common():
                self.out.write(f"  {check:<{width}}  {count}\n")


_WRITERS: dict[ReportFormat, type[ReportWriter]] = {
    ReportFormat.TABLE: _TableWriter,
    ReportFormat.JSON: _JsonWriter,
    ReportFormat.JSONL: _JsonlWriter,
    ReportFormat.CSV: _CsvWriter,
    ReportFormat.MARKDOWN: _MarkdownWriter,
}


def writer_for(report_format: ReportFormat, out: TextIO, lang: Lang) -> ReportWriter:
    """Return the writer of ``report_format``."""
    return _WRITERS[report_format](out, lang)
