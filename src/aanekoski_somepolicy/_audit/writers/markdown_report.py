"""Markdown reports: the headline, a results table, then statuses, coverage and warnings."""

from __future__ import annotations

import html
from typing import Any

from ..._messages.render import label
from ..run import AuditSummary, Result
from ..texts import purpose_text, text
from ._base import ReportWriter, errors_text, status_label

__all__ = ["MarkdownWriter"]


def _md(value: object) -> str:
    # Markdown renderers pass HTML through: a unit named <script> from the export stays text.
    return html.escape(str(value), quote=False).replace("|", "\\|").replace("\n", " ")


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(_md(cell) for cell in cells) + " |\n"


class MarkdownWriter(ReportWriter):
    """A Markdown document."""

    def start(self, header: dict[str, Any]) -> None:
        """Write the title, the headline and the results table's head."""
        super().start(header)
        lang = self.lang
        policy = header["policy"]
        self.out.write(f"# {label('title', lang)}\n\n")
        for message in self.headline:
            self.out.write(f"> **{text('notice', lang)}:** {_md(message)}\n>\n")
        if self.headline:
            self.out.write("\n")
        self.out.write(f"- {label('policy', lang)}: `{policy['id']}` {policy['version']}\n")
        self.out.write(f"- {label('input', lang)}: `{header['input']['path']}`\n\n")
        self.out.write(
            _row(
                [
                    label("line", lang),
                    label("person", lang),
                    label("service", lang),
                    label("purpose", lang),
                    text("unit", lang),
                    label("status", lang),
                    text("check", lang),
                    label("message", lang),
                    *([text("directory-match", lang)] if self.directory else []),
                ]
            )
        )
        self.out.write("| --- | --- | --- | --- | --- | --- | --- | --- |")
        self.out.write(" --- |\n" if self.directory else "\n")

    def write(self, result: Result) -> None:
        """Write a result's rows: invalid and out-of-scope records, and their findings."""
        cells = [
            result["line"],
            result.get("person_id", result.get("subject_id", "")),
            result.get("service", result.get("type", "")),
            purpose_text(result.get("purpose", ""), self.lang),
            result.get("unit", ""),
            status_label(result["status"], self.lang),
        ]
        joined = [self.joined(result)] if self.directory else []
        if result["status"] == "invalid":
            self.out.write(_row([*cells, "", errors_text(result), *joined]))
        elif result["status"] == "out-of-scope":
            self.out.write(_row([*cells, "", result["scope"]["message"], *joined]))
        for finding in result["findings"]:
            self.out.write(_row([*cells, f"`{finding['check']}`", finding["message"], *joined]))

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write the verdict, statuses, coverage, failures by check and warnings."""
        lang = self.lang
        self.out.write("\n")
        for line in self.verdict(summary):
            self.out.write(f"**{_md(line)}**\n\n")
        self.out.write(f"## {text('statuses', lang)}\n\n")
        counts = self.status_counts(summary)
        self.out.write(_row([name for name, _ in counts]))
        self.out.write("|" + " --- |" * len(counts) + "\n")
        self.out.write(_row([self.number(count) for _, count in counts]))
        self.out.write(f"\n## {text('coverage', lang)}\n\n")
        self.out.write(_row(self.coverage_header()))
        self.out.write("|" + " --- |" * 7 + "\n")
        for row in self.coverage_rows(summary):
            self.out.write(_row([f"`{row[0]}`", *row[1:]]))
        if summary.by_check:
            self.out.write(
                f"\n## {label('by-check', lang)}\n\n| {text('check', lang)} | {label('count', lang)} |\n| --- | --- |\n"
            )
            for check, count in sorted(summary.by_check.items()):
                self.out.write(f"| `{check}` | {self.number(count)} |\n")
        notes = [*self.late_gaps(summary), *warnings]
        if notes:
            self.out.write(f"\n## {label('warnings', lang)}\n\n")
            for note in notes:
                self.out.write(f"- {_md(note)}\n")
