"""Audit progress on a terminal, drawn by rich: records done of the total, rate and ETA.

The total is known after the audit's first pass. Progress goes to stderr only, so it never
mixes with a report on stdout; the command shows it only when stderr is a terminal (or when
asked). rich comes with the ``audit`` extra; without it there is simply no progress bar.
"""

from __future__ import annotations

from typing import Any, TextIO

__all__ = ["AuditProgress"]

_STEP = 500  # results between redraw requests: cheap even at 100,000 records a second


class AuditProgress:
    """A progress bar for one audit.

    Args:
        stream: Where to draw (stderr).
    """

    def __init__(self, stream: TextIO) -> None:
        self._pending = 0
        self._bar: Any = None
        self._task: Any = None
        try:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.text import Text
        except ImportError:  # pragma: no cover - the audit extra is not installed
            return

        class _Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed or 0:,.0f} rows/s")

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=False,
        )

    def start(self, total: int) -> None:
        """Begin, now that the first pass has counted ``total`` records."""
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("somepolicy audit", total=total)

    def __call__(self, result: object) -> None:
        """Count one result."""
        self._pending += 1
        if self._pending >= _STEP and self._task is not None:
            self._bar.advance(self._task, self._pending)
            self._pending = 0

    def close(self) -> None:
        """Draw the final state and stop."""
        if self._task is not None:
            self._bar.advance(self._task, self._pending)
            self._pending = 0
            self._bar.stop()
