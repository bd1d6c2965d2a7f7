"""The terminal report: the headline, each record that needs attention, then the summary."""

from __future__ import annotations

from typing import Any

from ..._messages.render import label
from ..run import AuditSummary, Result
from ..texts import text
from ._base import ReportWriter, errors_text, status_label, who

__all__ = ["TableWriter"]


class TableWriter(ReportWriter):
    """Plain text for people at a terminal."""

    def start(self, header: dict[str, Any]) -> None:
        """Write the headline: what cannot be checked at all."""
        super().start(header)
        for message in self.headline:
            self.out.write(f"{text('notice', self.lang)}: {message}\n")
        if self.headline:
            self.out.write("\n")

    def write(self, result: Result) -> None:
        """Write a record that is not plainly ok, with its findings and remedies."""
        lang = self.lang
        status = result["status"]
        if status in ("ok", "blank") and not result["findings"]:
            return
        shown = " / ".join(
            str(cell) for cell in [*who(result, lang), result.get("unit", "")] if cell
        )
        self.out.write(
            f"{label('line', lang)} {result['line']}: {shown}: "
            f"{status_label(status, lang).upper()}\n"
        )
        if status == "invalid":
            self.out.write(f"    {errors_text(result)}\n")
        elif status == "out-of-scope":
            self.out.write(f"    {result['scope']['message']}\n")
        for finding in result["findings"]:
            self.out.write(f"    {finding['check']}: {finding['message']}\n")
            if finding.get("remedy"):
                self.out.write(f"      {label('remedy', lang)}: {finding['remedy']}\n")

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write the verdict, the status counts, the coverage and the warnings."""
        lang = self.lang
        self.out.write("\n")
        # The headline stands at the top; the end names only what the run itself found.
        for message in self.late_gaps(summary):
            self.out.write(f"{text('notice', lang)}: {message}\n")
        for line in self.verdict(summary):
            self.out.write(line + "\n")
        self.out.write(
            "\n"
            + "   ".join(f"{name}: {count}" for name, count in self.status_counts(summary))
            + "\n"
        )
        rows = [self.coverage_header(), *self.coverage_rows(summary)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.out.write(f"\n{text('coverage', lang)}:\n")
        for row in rows:
            self.out.write(
                "  "
                + "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
                + "\n"
            )
        if summary.by_check:
            self.out.write(f"\n{label('by-check', lang)}:\n")
            width = max(len(check) for check in summary.by_check)
            for check, count in summary.by_check.most_common():
                self.out.write(f"  {check:<{width}}  {count}\n")
        if warnings:
            self.out.write(f"\n{label('warnings', lang)}:\n")
            for warning in warnings:
                self.out.write(f"  - {warning}\n")
