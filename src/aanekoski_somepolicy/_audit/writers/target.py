"""Where a report goes: never onto its input, never half-written.

A report file is written to a temporary file in the target's folder, flushed to disk and
renamed over the target only when the report is complete, so a failed or interrupted run
leaves the previous file or none. A target that is not a regular file (``/dev/null``, a
pipe) is written directly.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import TextIO

from ..._i18n import Message, os_reason
from ...exceptions import SomePolicyError

__all__ = ["ReportTarget", "SameFileError", "refuse_same_file"]


class SameFileError(SomePolicyError):
    """The report would overwrite the audit's input."""


def refuse_same_file(output: Path, inputs: list[Path]) -> None:
    """Refuse an ``output`` that is one of ``inputs``, through any path, symlink or hard link.

    Raises:
        SameFileError: It is; the message names both paths.
    """
    try:
        target = os.stat(output)
    except OSError:
        target = None
    for source in inputs:
        try:
            same = target is not None and os.path.samestat(target, os.stat(source))
        except OSError:
            same = False
        if same or os.path.realpath(output) == os.path.realpath(source):
            raise SameFileError(
                Message("audit", "report-is-input", output=str(output), source=str(source))
            )


class ReportTarget:
    """A report file written atomically.

    Args:
        path: The report's path.

    Raises:
        SomePolicyError: The folder cannot take a new file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp: str | None = None
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = None
        self._direct = mode is not None and not stat.S_ISREG(mode)
        try:
            if self._direct:
                self.stream: TextIO = path.open(
                    "w", encoding="utf-8", errors="backslashreplace", newline=""
                )
                return
            folder = path.parent if str(path.parent) else Path(".")
            handle, self.temp = tempfile.mkstemp(
                dir=folder, prefix=f".{path.name}.", suffix=".partial"
            )
        except OSError as error:
            raise SomePolicyError(
                Message("audit", "report-cannot-write", path=str(path), why=os_reason(error))
            ) from None
        os.fchmod(handle, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        # Text UTF-8 cannot hold (a lone surrogate) is written escaped, never a failed report.
        self.stream = os.fdopen(
            handle, "w", encoding="utf-8", errors="backslashreplace", newline=""
        )

    def commit(self) -> None:
        """Make the finished report the target file."""
        self.stream.flush()
        if self.temp is not None:
            os.fsync(self.stream.fileno())
        self.stream.close()
        if self.temp is not None:
            os.replace(self.temp, self.path)
            self.temp = None

    def discard(self) -> None:
        """Drop an unfinished report; the target keeps its previous content, if any."""
        with contextlib.suppress(OSError, ValueError):
            self.stream.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
