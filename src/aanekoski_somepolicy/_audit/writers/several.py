"""Several reports from one run: ``--report html:audit.html --report sarif:audit.sarif``.

The input is read once; every result goes to each report's writer in turn. Each report
file is written atomically through :class:`ReportTarget`: all are committed only when the
run completes, and a failed run leaves every target as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..._i18n import Message
from ...exceptions import SomePolicyError
from ..run import AuditSummary, Result
from ._base import ReportWriter
from .target import ReportTarget, refuse_same_file

__all__ = ["ReportRequest", "Reports", "parse_report_request"]

ReportRequest = tuple[str, Path]


def parse_report_request(value: str, formats: list[str]) -> ReportRequest:
    """Parse ``FORMAT:PATH``.

    Raises:
        SomePolicyError: No colon, an unknown format or an empty path; the message says which.
    """
    name, colon, path = value.partition(":")
    if not colon or not path:
        raise SomePolicyError(Message("audit", "report-request-shape", value=repr(value[:80])))
    if name not in formats:
        raise SomePolicyError(
            Message(
                "audit",
                "report-unknown-format",
                value=repr(value[:80]),
                name=repr(name[:20]),
                formats=", ".join(formats),
            )
        )
    return name, Path(path)


class Reports:
    """Writes every result to several report files, each atomically.

    Args:
        requests: Format and path pairs.
        inputs: The audit's input files; a report naming one is refused.
        make_writer: Makes the writer of a format onto a stream.

    Raises:
        SomePolicyError: Two reports name the same file, or a folder cannot take the file.
        SameFileError: A report names the input.
    """

    def __init__(
        self,
        requests: list[ReportRequest],
        inputs: list[Path],
        make_writer: Callable[[str, Any], ReportWriter],
    ) -> None:
        seen: list[Path] = []
        for _, path in requests:
            refuse_same_file(path, inputs)
            if path.resolve() in seen:
                raise SomePolicyError(Message("audit", "report-named-twice", path=str(path)))
            seen.append(path.resolve())
        self.targets: list[ReportTarget] = []
        self.writers: list[ReportWriter] = []
        try:
            for name, path in requests:
                target = ReportTarget(path)
                self.targets.append(target)
                self.writers.append(make_writer(name, target.stream))
        except BaseException:
            self.discard()
            raise

    def start(self, header: dict[str, Any]) -> None:
        """Start every report."""
        for writer in self.writers:
            writer.start(header)

    def write(self, result: Result) -> None:
        """Give the result to every report."""
        for writer in self.writers:
            writer.write(result)

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Finish every report."""
        for writer in self.writers:
            writer.finish(summary, warnings)

    def commit(self) -> None:
        """Make every finished report its target file."""
        for target in self.targets:
            target.commit()

    def discard(self) -> None:
        """Drop every unfinished report; the targets keep their previous content."""
        for target in self.targets:
            target.discard()
