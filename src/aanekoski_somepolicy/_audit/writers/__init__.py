"""Audit reports: table, JSON, JSON Lines, CSV, Markdown, HTML, SARIF and JUnit XML.

All are written as results stream in.

No format holds all results in memory (the HTML page keeps at most its table's limit of rows). Results carry no password, since the audit never
puts one into a result. Every format opens with a headline naming each check that cannot
run on any record, and never says "no violations" without naming what was not checked.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, TextIO

from ._base import ReportWriter
from .csv_report import CsvDialect, CsvWriter, neutralise_cell
from .json_report import JsonlWriter, JsonWriter
from .markdown_report import MarkdownWriter
from .table_report import TableWriter

if TYPE_CHECKING:
    from ..._policy.catalog import Policy

__all__ = ["CsvDialect", "ReportFormat", "ReportWriter", "neutralise_cell", "writer_for"]


class ReportFormat(StrEnum):
    """Output formats of the audit."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    SARIF = "sarif"
    JUNIT = "junit"


_WRITERS: dict[ReportFormat, type[ReportWriter]] = {
    ReportFormat.TABLE: TableWriter,
    ReportFormat.JSON: JsonWriter,
    ReportFormat.JSONL: JsonlWriter,
    ReportFormat.MARKDOWN: MarkdownWriter,
}


def writer_for(
    report_format: ReportFormat,
    out: TextIO,
    lang: str,
    *,
    csv_dialect: CsvDialect = CsvDialect.STANDARD,
    policy: Policy | None = None,
) -> ReportWriter:
    """Return the writer of ``report_format``; ``policy`` gives HTML and SARIF their texts."""
    if report_format is ReportFormat.CSV:
        return CsvWriter(out, lang, csv_dialect)
    # Imported here: the HTML report's chart libraries load only when it is asked for.
    if report_format is ReportFormat.HTML:
        from .html_report import HtmlWriter

        return HtmlWriter(out, lang, policy)
    if report_format is ReportFormat.SARIF:
        from .sarif_report import SarifWriter

        return SarifWriter(out, lang, policy)
    if report_format is ReportFormat.JUNIT:
        from .junit_report import JunitWriter

        return JunitWriter(out, lang)
    return _WRITERS[report_format](out, lang)
