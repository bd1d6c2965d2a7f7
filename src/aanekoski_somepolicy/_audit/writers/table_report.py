"""The terminal report, the one a person reads first.

A header (file, date, policy, records) and the headline of what cannot be checked, then the
records that need attention grouped by unit and check, then the verdict, the status counts,
the coverage and the warnings. Rendered with rich: colour only where the output is a
terminal that supports it and ``NO_COLOR`` is unset, plain text when piped. A severity is
shown only for a failure. The groups are known only at the end, so the writer keeps at most
:data:`TABLE_LIMIT` entries and says when it left some out; the counts cover every record.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..._messages.render import label
from ..._text import visible
from ..run import AuditSummary, Result
from ..texts import day, moment, text
from ._base import ReportWriter, errors_text, severity_label, status_label, who
from ._words import word

__all__ = ["TABLE_LIMIT", "TableWriter"]

TABLE_LIMIT = 2000
"""Most entries the report lists; the counts always cover every record."""

_PLAIN_WIDTH = 120
_STYLES = {"violation": "bold red", "warning": "yellow", "invalid": "magenta"}


class TableWriter(ReportWriter):
    """A readable report for a terminal; plain when piped.

    Args:
        out: Where the report goes.
        lang: The language of its words.
        limit: Most entries listed.
    """

    def __init__(self, out: TextIO, lang: str, *, limit: int = TABLE_LIMIT) -> None:
        super().__init__(out, lang)
        terminal = out.isatty()
        self.console = Console(
            file=out,
            highlight=False,
            emoji=False,
            width=None if terminal else _PLAIN_WIDTH,
            # A file or a pipe gets no escape codes, whatever the environment claims.
            force_terminal=None if terminal else False,
            no_color=None if terminal else True,
        )
        self.terminal = terminal
        self.limit = limit
        self.entries: list[dict[str, Any]] = []
        self.total = 0
        self.by_unit: Counter[str] = Counter()
        self.header: dict[str, Any] = {}
        self.started = ""

    def start(self, header: dict[str, Any]) -> None:
        """Keep the header: it is written at the end, with the number of records read."""
        super().start(header)
        self.header = header
        self.started = moment(datetime.now().astimezone(), self.lang)

    def _head(self, summary: AuditSummary) -> None:
        """The header and the headline (what cannot be checked at all), then a blank line."""
        lang = self.lang
        source = self.header.get("input", {})
        policy = self.header.get("policy", {})
        facts = [
            (word("file", lang), str(source.get("path", ""))),
            *(
                [(word("evaluated-on", lang), day(date.fromisoformat(on), lang))]
                if (on := self.header.get("evaluated_on"))
                else []
            ),
            (word("when", lang), self.started),
            (word("policy", lang), f"{policy.get('id', '')} {policy.get('version', '')}".strip()),
            (word("records", lang), self.number(summary.records)),
        ]
        self._print(Text(word("title", lang), style="bold"))
        for name, value in facts:
            self._print(Text.assemble((f"{name}: ", "bold"), visible(value)))
        for message in self.headline:
            notice = (f"{text('notice', lang)}: ", "bold yellow")
            self._print(Text.assemble(notice, visible(message)))
        self.out.write("\n")

    def _print(self, renderable: Text | Table) -> None:
        if self.terminal:
            self.console.print(renderable)
            return
        # Piped: the same text without the padding rich adds to fill each line.
        with self.console.capture() as captured:
            self.console.print(renderable)
        self.out.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))

    def _keep(self, entry: dict[str, Any]) -> None:
        # The export's values go to a terminal: ESC or U+202E in them is shown, not obeyed.
        entry = {
            key: visible(value) if isinstance(value, str) else value for key, value in entry.items()
        }
        self.total += 1
        self.by_unit[entry["unit"]] += 1
        if len(self.entries) < self.limit:
            self.entries.append(entry)

    def write(self, result: Result) -> None:
        """Keep a record that needs attention: each failure, or why it was not evaluated."""
        status = result["status"]
        person, service, purpose = who(result, self.lang)
        base = {
            "line": int(result["line"]),
            "unit": str(result.get("unit") or word("no-unit", self.lang)),
            "person": str(person),
            "service": str(service),
            "purpose": str(purpose),
            "joined": self.joined(result),
        }
        if status == "invalid":
            self._keep({**base, "check": "", "severity": "invalid", "message": errors_text(result)})
        elif status == "out-of-scope":
            self._keep(
                {
                    **base,
                    "check": "",
                    "severity": "",
                    "message": result["scope"]["message"],
                    "status": status,
                }
            )
        for finding in result["findings"]:
            if finding["outcome"] in ("pass", "not-applicable"):
                continue  # shown only with --all-findings in the other formats
            if finding["outcome"] != "fail":
                # Could not judge, or a person must: no severity, but never hidden.
                self._keep(
                    {
                        **base,
                        "check": finding["check"],
                        "severity": "",
                        "status": "warning",
                        "message": finding["message"],
                        "remedy": finding.get("remedy") or "",
                    }
                )
                continue
            self._keep(
                {
                    **base,
                    "check": finding["check"],
                    "severity": finding["severity"],
                    "message": finding["message"],
                    "remedy": finding.get("remedy") or "",
                }
            )

    def _severity(self, entry: dict[str, Any]) -> Text:
        severity = entry["severity"]
        if severity == "invalid":
            return Text(status_label("invalid", self.lang), style=_STYLES["invalid"])
        if not severity:
            return Text(status_label(entry.get("status", "ok"), self.lang))
        return Text(severity_label(severity, self.lang), style=_STYLES.get(severity, ""))

    def _groups(self) -> None:
        lang = self.lang
        order = {unit: rank for rank, (unit, _) in enumerate(self.by_unit.most_common())}
        entries = sorted(self.entries, key=lambda e: (order[e["unit"]], e["check"], e["line"]))
        units: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            units.setdefault(entry["unit"], []).append(entry)
        for unit, rows in units.items():
            self.out.write("\n")
            table = Table(
                title=Text(
                    f"{word('unit', lang)}: {unit} ({self.number(self.by_unit[unit])})",
                    style="bold",
                ),
                title_justify="left",
                box=box.SIMPLE_HEAD,
                show_edge=False,
                expand=False,
            )
            table.add_column(word("check", lang), overflow="fold")
            table.add_column(word("line", lang), justify="right")
            table.add_column(word("person", lang))
            table.add_column(word("service", lang))
            table.add_column(word("severity", lang))
            table.add_column(word("message", lang), ratio=1)
            previous = None
            for row in rows:
                check = row["check"]
                if previous is not None and check != previous:
                    table.add_section()
                message = Text(row["message"])
                if row.get("remedy"):
                    message.append(f"\n{label('remedy', lang)}: {row['remedy']}", style="dim")
                if row["joined"]:
                    message.append(
                        f"\n{text('directory-match', lang)}: {row['joined']}", style="dim"
                    )
                table.add_row(
                    Text(check if check != previous else ""),
                    Text(str(row["line"])),
                    Text(row["person"]),
                    Text(f"{row['service']} {row['purpose']}".strip()),
                    self._severity(row),
                    message,
                )
                previous = check
            self._print(table)
        if self.total > len(self.entries):
            self._print(
                Text(
                    word("capped", lang).format(
                        shown=self.number(len(self.entries)), total=self.number(self.total)
                    ),
                    style="yellow",
                )
            )

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write the groups, the verdict, the status counts, the coverage and the warnings."""
        lang = self.lang
        self._head(summary)
        self._groups()
        self.out.write("\n")
        # The headline stands at the top; the end names only what the run itself found.
        for message in self.late_gaps(summary):
            self._print(Text.assemble((f"{text('notice', lang)}: ", "bold yellow"), message))
        for line in self.verdict(summary):
            self._print(Text(line, style="bold"))
        self._print(
            Text(
                "   ".join(
                    f"{name}: {self.number(count)}" for name, count in self.status_counts(summary)
                )
            )
        )
        coverage = Table(
            title=Text(text("coverage", lang), style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        for number, name in enumerate(self.coverage_header()):
            coverage.add_column(
                name, justify="right" if 0 < number < 6 else "left", no_wrap=number == 0
            )
        for row in self.coverage_rows(summary):
            coverage.add_row(*(Text(cell) for cell in row))
        self.out.write("\n")
        self._print(coverage)
        if summary.by_check:
            by_check = Table(
                title=Text(label("by-check", lang), style="bold"),
                title_justify="left",
                box=box.SIMPLE_HEAD,
                show_edge=False,
                show_header=False,
            )
            by_check.add_column()
            by_check.add_column(justify="right")
            for check, count in summary.by_check.most_common():
                by_check.add_row(Text(check), Text(self.number(count)))
            self.out.write("\n")
            self._print(by_check)
        if warnings:
            self.out.write("\n")
            self._print(Text(f"{label('warnings', lang)}:", style="bold"))
            for warning in warnings:
                self._print(Text(f"  - {visible(warning)}"))
