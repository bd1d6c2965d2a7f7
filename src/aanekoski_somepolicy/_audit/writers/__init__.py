"""Audit reports: table, JSON, JSON Lines, CSV and Markdown, all written as results stream in.

No format holds the results in memory. Results carry no password, since the audit never
puts one into a result. Every format opens with a headline naming each check that cannot
run on any record, and never says "no violations" without naming what was not checked.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TextIO

from ._base import ReportWriter
from .csv_report import CsvDialect, CsvWriter, neutralise_cell
from .json_report import JsonlWriter, JsonWriter
from .markdown_report import MarkdownWriter
from .table_report import TableWriter

__all__ = ["CsvDialect", "ReportFormat", "ReportWriter", "neutralise_cell", "writer_for"]


class ReportFormat(StrEnum):
    """Output formats of the audit."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


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
) -> ReportWriter:
    """Return the writer of ``report_format``."""
    if report_format is ReportFormat.CSV:
        return CsvWriter(out, lang, csv_dialect)
    return _WRITERS[report_format](out, lang)
