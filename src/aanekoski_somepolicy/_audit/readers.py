"""Reading account-registration exports: CSV and JSON Lines, streamed, nothing lost.

Every record comes out exactly once, as fields or as an error naming its line. Malformed
quoting, wrong field counts, undecodable bytes and over-long lines do not stop the stream.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from ..exceptions import Problem, SomePolicyError

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "InputFormat",
    "RawRecord",
    "RecordSource",
    "UnreadableInputError",
]

REQUIRED_COLUMNS = ("person_id", "service", "purpose")
COLUMNS = (
    "person_id",
    "first_name",
    "last_name",
    "role",
    "unit",
    "service",
    "purpose",
    "username",
    "email",
    "password",
    "mfa",
    "work_usernames",
    "work_emails",
)
MAX_LINE_BYTES = 64 * 1024
_UNKNOWN_SHOWN = 20
_UNKNOWN_COUNTED = 10_000
_HEADER_SEPARATORS = re.compile(r"[\s\-]+")


class UnreadableInputError(SomePolicyError):
    """The input as a whole cannot be read (missing file, no header, missing column)."""


class InputFormat(StrEnum):
    """Formats of registration exports."""

    CSV = "csv"
    JSONL = "jsonl"

    @classmethod
    def for_path(cls, path: Path) -> InputFormat:
        """Choose the format from a file name's extension (``.jsonl``/``.ndjson``: JSONL)."""
        suffix = path.suffix.lower()
        return cls.JSONL if suffix in (".jsonl", ".ndjson", ".json") else cls.CSV


@dataclass
class RawRecord:
    """One input record.

    Attributes:
        line: The line the record starts on (1-based, header included).
        end_line: The line it ends on (quoted fields may span lines).
        fields: The record's known fields by column name, or None when unparseable.
        error: Why the record could not be parsed.
        problems: Field-level problems found while reading.
        data: A JSON Lines object of another subject type (its ``type`` key says which).
        blank: The record holds no value at all (only delimiters or whitespace).
    """

    line: int
    end_line: int
    fields: dict[str, str | list[str]] | None = None
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    data: dict[str, Any] | None = None
    blank: bool = False


def _header_key(name: str) -> str:
    return _HEADER_SEPARATORS.sub("_", name.strip().lstrip("\ufeff").lower())


class _Lines:
    """Decoded physical lines of a binary file, bounded, remembering undecodable ones."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self.number = 0
        self.bad_lines: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        while True:
            raw = self._handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self.number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                self.bad_lines[self.number] = f"line longer than {MAX_LINE_BYTES} bytes"
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = self._handle.readline(MAX_LINE_BYTES + 1)
                yield "\n"
                continue
            if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                self.bad_lines[self.number] = f"not valid UTF-8 (byte {error.start + 1})"
                yield raw.decode("utf-8", errors="replace")


class RecordSource:
    """A registration export that can be read as records, as many times as needed.

    Args:
        path: The file.
        input_format: CSV or JSON Lines; by default chosen from the extension.

    Raises:
        UnreadableInputError: The file cannot be opened, has no header, or lacks a required
            column (the error names it).
    """

    def __init__(self, path: Path, input_format: InputFormat | None = None) -> None:
        self.path = path
        self.format = input_format or InputFormat.for_path(path)
        self.unknown_columns: list[str] = []
        self._more_unknown: set[str] = set()
        self.delimiter = ","
        self._columns: list[str] = []
        self._keys: set[str] = set()
        if self.format is InputFormat.CSV:
            self._read_header()

    @property
    def columns(self) -> frozenset[str]:
        """The canonical columns present (JSON Lines: the keys seen so far, all after a pass)."""
        if self.format is InputFormat.CSV:
            return frozenset(name for name in self._columns if name in COLUMNS)
        return frozenset(self._keys)

    def description(self) -> dict[str, Any]:
        """The input as report headers describe it."""
        described: dict[str, Any] = {"path": str(self.path), "format": self.format.value}
        if self.format is InputFormat.CSV:
            described.update(encoding="utf-8", delimiter=self.delimiter)
        return described

    def warnings(self) -> list[str]:
        """Warnings about the input as a whole (ignored columns)."""
        warning = self.unknown_columns_warning()
        return [warning] if warning else []

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except OSError as error:
            raise UnreadableInputError(f"{self.path}: cannot read: {error.strerror}") from None

    def _read_header(self) -> None:
        with self._open() as handle:
            first = handle.readline(MAX_LINE_BYTES + 1)
        text = first.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
        if not text.strip():
            raise UnreadableInputError(f"{self.path}: line 1: the CSV header row is missing")
        self.delimiter = ";" if text.count(";") > text.count(",") else ","
        header = next(csv.reader([text], delimiter=self.delimiter))
        self._columns = [_header_key(name) for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in self._columns]
        if missing:
            raise UnreadableInputError(
                f"{self.path}: line 1: missing required column(s) {', '.join(missing)}",
                [Problem("header", f"found columns: {', '.join(self._columns) or '(none)'}")],
            )
        duplicates = sorted(
            {name for name in self._columns if self._columns.count(name) > 1 and name in COLUMNS}
        )
        if duplicates:
            raise UnreadableInputError(
                f"{self.path}: line 1: duplicate column(s) {', '.join(duplicates)}"
            )
        for name in self._columns:
            if name not in COLUMNS:
                self._note_unknown(name)

    def _note_unknown(self, name: str) -> None:
        # A hostile file may hold endless distinct keys: keep a few names, count the rest.
        if name in self.unknown_columns or name in self._more_unknown:
            return
        if len(self.unknown_columns) < _UNKNOWN_SHOWN:
            self.unknown_columns.append(name)
        elif len(self._more_unknown) < _UNKNOWN_COUNTED:
            self._more_unknown.add(name)

    def unknown_columns_warning(self) -> str | None:
        """The one warning about ignored columns or keys, or None when there were none."""
        if not self.unknown_columns:
            return None
        more = len(self._more_unknown)
        extra = f" and {more}{'+' if more >= _UNKNOWN_COUNTED else ''} more" if more else ""
        return f"ignored unknown column(s): {', '.join(self.unknown_columns)}{extra}"

    def records(self) -> Iterator[RawRecord]:
        """Stream every record of the file, in order."""
        if self.format is InputFormat.CSV:
            return self._csv_records()
        return self._jsonl_records()

    def _csv_records(self) -> Iterator[RawRecord]:
        with self._open() as handle:
            lines = _Lines(handle)
            reader = csv.reader(iter(lines), delimiter=self.delimiter, strict=True)
            width = len(self._columns)
            previous_end = 0
            first = True
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    start, previous_end = previous_end + 1, reader.line_num
                    yield RawRecord(start, previous_end, error=f"malformed CSV: {error}")
                    continue
                start, previous_end = previous_end + 1, reader.line_num
                if first:
                    first = False
                    continue
                # Flagged lines first: an over-long line reads as blank but is a lost record.
                bad = [
                    lines.bad_lines.pop(n)
                    for n in range(start, previous_end + 1)
                    if n in lines.bad_lines
                ]
                if bad:
                    yield RawRecord(start, previous_end, error=bad[0])
                elif not row or all(not cell.strip() for cell in row):
                    yield RawRecord(start, previous_end, blank=True)
                elif len(row) != width:
                    yield RawRecord(
                        start,
                        previous_end,
                        error=f"expected {width} fields (as in the header), got {len(row)}",
                    )
                else:
                    fields: dict[str, str | list[str]] = {
                        name: value
                        for name, value in zip(self._columns, row, strict=True)
                        if name in COLUMNS
                    }
                    yield RawRecord(start, previous_end, fields=fields)

    def _jsonl_records(self) -> Iterator[RawRecord]:
        with self._open() as handle:
            lines = _Lines(handle)
            for text in lines:
                number = lines.number
                if number in lines.bad_lines:
                    yield RawRecord(number, number, error=lines.bad_lines.pop(number))
                    continue
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as error:
                    yield RawRecord(
                        number, number, error=f"invalid JSON at column {error.colno}: {error.msg}"
                    )
                    continue
                if not isinstance(data, dict):
                    yield RawRecord(
                        number, number, error=f"expected a JSON object, got {type(data).__name__}"
                    )
                    continue
                if data.get("type", "account-registration") != "account-registration":
                    yield RawRecord(number, number, data=data)
                    continue
                for key in data:
                    if key not in COLUMNS and key != "type":
                        self._note_unknown(key)
                fields: dict[str, str | list[str]] = {}
                problems: list[Problem] = []
                for key in COLUMNS:
                    if key not in data or data[key] is None:
                        continue
                    self._keys.add(key)
                    value = data[key]
                    if isinstance(value, bool):
                        fields[key] = "true" if value else "false"
                    elif isinstance(value, str | int | float):
                        fields[key] = str(value)
                    elif (
                        isinstance(value, list)
                        and key.startswith("work_")
                        and all(isinstance(v, str) for v in value)
                    ):
                        fields[key] = list(value)
                    else:
                        problems.append(
                            Problem(key, f"expected a string, got {type(value).__name__}")
                        )
                if problems:
                    yield RawRecord(
                        number,
                        number,
                        fields=fields,
                        error="invalid field types",
                        problems=problems,
                    )
                else:
                    yield RawRecord(number, number, fields=fields)
