"""Progress on a terminal, drawn by rich: the audit's records, the hash audit's candidates.

The total is known after the audit's first pass. Progress goes to stderr only, so it never
mixes with a report on stdout; the command shows it only when stderr is a terminal (or when
asked). rich comes with the ``audit`` extra; without it there is simply no progress bar.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

__all__ = ["AuditProgress", "PhaseProgress", "add_progress_options", "progress_bar"]

_STEP = 500  # results between redraw requests: cheap even at 100,000 records a second


def add_progress_options(parser: argparse.ArgumentParser, *, always: str) -> None:
    """``--progress`` (help text ``always``) and ``--no-progress``; neither: on a terminal."""
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help=always
    )
    choice.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show progress"
    )


def progress_bar(stream: TextIO, lang: str, *, rate: bool) -> Any:
    """A rich progress bar on ``stream``: done of total, the rate (rows), elapsed, time left.

    Its words and numbers are in ``lang`` (``1 234/5 000 riviä/s`` in Finnish). Returns
    None when rich (the ``audit`` extra) is not installed.
    """
    try:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text
    except ImportError:  # pragma: no cover - the audit extra is not installed
        return None

    from .._i18n import Message, number

    class _Done(ProgressColumn):
        def render(self, task: Any) -> Text:
            done, total = number(int(task.completed), lang), number(int(task.total or 0), lang)
            return Text(f"{done}/{total}", no_wrap=True)

    class _Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = round(task.finished_speed or task.speed or 0)
            said = Message("cli", "rows-per-second", rate=number(speed, lang))
            return Text(said.get(lang), no_wrap=True)

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _Done(),
        *([_Rate()] if rate else []),
        TimeElapsedColumn(),
        TextColumn(Message("cli", "time-left").get(lang)),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=False,
    )


class PhaseProgress:
    """Progress of work done in phases, one bar each (``audit-hashes``: candidates hashed).

    Args:
        stream: Where to draw (stderr).
        names: Each phase's name for people, in the report's language.
        lang: The language of its words and numbers.
    """

    def __init__(self, stream: TextIO, names: dict[str, str], lang: str = "en") -> None:
        self._names = names
        self._tasks: dict[str, Any] = {}
        self._bar: Any = progress_bar(stream, lang, rate=False)

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` in ``phase``."""
        if self._bar is None:
            return
        if phase not in self._tasks:
            if not self._tasks:
                self._bar.start()
            self._tasks[phase] = self._bar.add_task(self._names[phase], total=total)
        self._bar.update(self._tasks[phase], completed=done)

    def close(self) -> None:
        """Stop drawing."""
        if self._bar is not None and self._tasks:
            self._bar.stop()


class AuditProgress:
    """A progress bar for one audit.

    Args:
        stream: Where to draw (stderr).
        lang: The language of its words and numbers (``1 234/5 000 riviä/s`` in Finnish).
    """

    def __init__(self, stream: TextIO, lang: str = "en") -> None:
        self._pending = 0
        self._task: Any = None
        self._bar: Any = progress_bar(stream, lang, rate=True)

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
