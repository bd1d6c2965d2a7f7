"""What every report writer shares: the interface, the headline and the summary's words."""

from __future__ import annotations

from typing import Any, TextIO

from ..._messages.render import severity_label as severity_name
from ..run import STATUSES, AuditSummary, Result
from ..texts import STATUS_LABELS, columns_text, number, purpose_text, text

__all__ = [
    "ReportWriter",
    "errors_text",
    "gap_messages",
    "join_text",
    "severity_label",
    "status_label",
    "who",
]


def who(result: Result, lang: str = "en") -> list[str]:
    """The identifying cells of a result: person, service and purpose (in ``lang``)."""
    if "person_id" in result:
        return [result["person_id"], result["service"], purpose_text(result["purpose"], lang)]
    return [result["subject_id"], result["type"], ""]


def errors_text(result: Result) -> str:
    """A result's errors as one line."""
    return "; ".join(
        f"{error['field']}: {error['message']}" if error.get("field") else str(error["message"])
        for error in result.get("errors", [])
    )


def status_label(status: str, lang: str) -> str:
    """A status in ``lang``."""
    return STATUS_LABELS[status].get(lang)


def severity_label(severity: str, lang: str) -> str:
    """A finding's severity in ``lang`` (``rikkomus``); an unknown one as it is."""
    try:
        return severity_name(severity, lang)  # the engine's own wording of severities
    except KeyError:
        return severity


def join_text(result: Result, lang: str) -> str:
    """How a result's row was joined to the directory, in ``lang`` (empty without one)."""
    joined = result.get("directory")
    if not isinstance(joined, dict) or not joined.get("match"):
        return ""
    return text(
        f"joined-{joined['match']}",
        lang,
        column=joined.get("by", ""),
        count=joined.get("candidates", 0),
    )


def gap_messages(header: dict[str, Any]) -> list[str]:
    """The headline: one sentence per check that cannot run on any record."""
    return [gap["message"] for gap in header.get("not_checked", [])]


class ReportWriter:
    """Base of the report writers: ``start``, one ``write`` per result, ``finish``.

    Args:
        out: Where the report goes.
        lang: The language of its words.
    """

    def __init__(self, out: TextIO, lang: str) -> None:
        self.out = out
        self.lang = lang
        self.headline: list[str] = []
        self.directory = False

    def start(self, header: dict[str, Any]) -> None:
        """Begin the report; ``header`` holds the policy, the input and ``not_checked``.

        A run with ``--directory`` also has ``directory`` (the exports' names): its reports
        say on each row how the row was joined to the directory.
        """
        self.headline = gap_messages(header)
        self.directory = bool(header.get("directory"))

    def joined(self, result: Result) -> str:
        """How the result's row was joined to the directory, in ``lang`` (empty without one)."""
        return join_text(result, self.lang)

    def write(self, result: Result) -> None:
        """Write one result."""
        raise NotImplementedError

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """End the report with the summary and any warnings."""

    def late_gaps(self, summary: AuditSummary) -> list[str]:
        """Checks found not to have run only at the end (every value blank)."""
        return [
            message
            for message in (gap.message(self.lang) for gap in summary.gaps())
            if message not in self.headline
        ]

    def verdict(self, summary: AuditSummary) -> list[str]:
        """The closing sentences: never "no violations" without what was not checked."""
        lines = []
        if summary.violations == 0 and summary.invalid == 0:
            lines.append(text("no-violations", self.lang))
        gaps = [gap.check for gap in summary.gaps()]
        if gaps:
            lines.append(text("not-checked-list", self.lang, checks=", ".join(gaps)))
        return lines

    def number(self, value: float) -> str:
        """A number as people read it in the report's language (``1 234`` in Finnish)."""
        return number(value, self.lang)

    def status_counts(self, summary: AuditSummary) -> list[tuple[str, int]]:
        """Records read, then each status, in ``lang``."""
        return [(text("records", self.lang), summary.records)] + [
            (status_label(status, self.lang), summary.statuses[status]) for status in STATUSES
        ]

    def coverage_rows(self, summary: AuditSummary) -> list[list[str]]:
        """Per check: ran, passed, failed, not applicable, could not run (and why)."""
        rows = []
        for check, data in summary.to_dict(self.lang)["coverage"].items():
            needed = data["not_run_columns"]
            why = ", ".join(
                f"{text(reason, self.lang)} ({columns_text(needed[reason], self.lang)}) "
                + self.number(count)
                for reason, count in sorted(data["not_run_reasons"].items())
            )
            counts = ("ran", "passed", "failed", "not_applicable", "not_run")
            rows.append([check, *(self.number(data[key]) for key in counts), why])
        return rows

    def coverage_header(self) -> list[str]:
        """Column names of :meth:`coverage_rows`."""
        keys = ("check", "ran", "passed", "failed", "not-applicable", "not-run", "why")
        return [text(key, self.lang) for key in keys]
