"""CSV reports: one row per failing finding, plain or for Finnish Excel.

Cells that a spreadsheet would run as a formula are neutralised. The ``excel-fi`` dialect
writes what Finnish Excel opens by double-click: a UTF-8 byte-order mark, ``;`` between
fields (the comma is the decimal separator there) and CRLF line ends.
"""

from __future__ import annotations

import csv
from enum import StrEnum
from typing import Any, TextIO

from ..run import AuditSummary, Result
from ._base import ReportWriter, errors_text

__all__ = ["CSV_COLUMNS", "CsvDialect", "CsvWriter", "neutralise_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "line",
    "person_id",
    "service",
    "purpose",
    "unit",
    "status",
    "rule",
    "check",
    "outcome",
    "severity",
    "message",
    "remedy",
]


class CsvDialect(StrEnum):
    """CSV report dialects."""

    STANDARD = "standard"  # RFC 4180: ',' and CRLF, no BOM
    EXCEL_FI = "excel-fi"  # Finnish Excel: ';', CRLF and a UTF-8 BOM


def neutralise_cell(value: object) -> str:
    """Return ``value`` as a CSV cell a spreadsheet will not run as a formula."""
    shown = "" if value is None else str(value)
    if shown.startswith(_FORMULA_START):
        return "'" + shown
    return shown


class CsvWriter(ReportWriter):
    """Rows of ``CSV_COLUMNS``; notices (what was not checked, warnings) as ``notice`` rows."""

    def __init__(self, out: TextIO, lang: str, dialect: CsvDialect = CsvDialect.STANDARD) -> None:
        super().__init__(out, lang)
        self.dialect = dialect

    def start(self, header: dict[str, Any]) -> None:
        """Write the column row, then the headline as notice rows."""
        super().start(header)
        excel = self.dialect is CsvDialect.EXCEL_FI
        if excel:
            self.out.write("\ufeff")
        self._csv = csv.writer(self.out, delimiter=";" if excel else ",", lineterminator="\r\n")
        # A run with --directory says on every row how it was joined; other reports keep
        # their columns.
        self._csv.writerow([*CSV_COLUMNS, *(["directory_match"] if self.directory else [])])
        for gap in header.get("not_checked", []):
            self._notice(gap["message"], gap["check"])

    def _notice(self, message: str, check: str = "") -> None:
        cells = ["", "", "", "", "", "notice", "", check, "", "", message, ""]
        if self.directory:
            cells.append("")
        self._csv.writerow([neutralise_cell(cell) for cell in cells])

    def _row(self, result: Result, finding: dict[str, Any] | None, message: str = "") -> None:
        base = [
            result["line"],
            result.get("person_id", result.get("subject_id", "")),
            result.get("service", result.get("type", "")),
            result.get("purpose", ""),
            result.get("unit", ""),
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
        if self.directory:
            cells.append(self.joined(result))
        self._csv.writerow([neutralise_cell(cell) for cell in cells])

    def write(self, result: Result) -> None:
        """Write a result's rows: one per finding, or one for the record itself."""
        if result["status"] == "invalid":
            self._row(result, None, errors_text(result))
        elif result["status"] == "out-of-scope":
            self._row(result, None, result["scope"]["message"])
        elif not result["findings"]:
            self._row(result, None)
        for finding in result["findings"]:
            self._row(result, finding)

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write late gaps, warnings and the verdict as notice rows."""
        for message in [*self.late_gaps(summary), *warnings, *self.verdict(summary)]:
            self._notice(message)
        counts = ", ".join(f"{name} {count}" for name, count in self.status_counts(summary))
        self._notice(counts)
