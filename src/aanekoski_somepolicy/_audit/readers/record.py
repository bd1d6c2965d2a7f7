"""The record every reader yields, the input formats, and the error that stops a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ...exceptions import Problem, SomePolicyError

__all__ = ["FieldValue", "InputFormat", "RawRecord", "UnreadableInputError", "text_value"]

FieldValue = str | list[str]
"""A field's value: text, or (JSON only) a list of texts for ``work_usernames``/``work_emails``."""


class UnreadableInputError(SomePolicyError):
    """The input as a whole cannot be read: missing file, damaged or missing header, no column.

    The command line reports it with exit status 2; the message names the file and line.
    """


class InputFormat(StrEnum):
    """Formats of registration exports."""

    CSV = "csv"
    JSONL = "jsonl"
    JSON = "json"
    XLSX = "xlsx"

    @classmethod
    def for_path(cls, path: Path) -> InputFormat:
        """Choose the format from a file name's extension.

        ``.jsonl``/``.ndjson``: JSON Lines; ``.json``: a JSON array (or JSON Lines, decided
        by its first character when read); ``.xlsx``/``.xlsm``: Excel; anything else: CSV.
        """
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            return cls.JSONL
        if suffix == ".json":
            return cls.JSON
        if suffix in (".xlsx", ".xlsm"):
            return cls.XLSX
        return cls.CSV


@dataclass
class RawRecord:
    """One input record.

    Attributes:
        line: The line (CSV, JSON) or row (Excel) the record starts on, 1-based, header
            included.
        end_line: The line it ends on (quoted fields and JSON array elements span lines).
        fields: The record's fields by canonical column name, or None when unparseable. An
            invalid record keeps the fields that could be read (person id, service, unit,
            purpose), so that a report can say whose row it was.
        error: Why the record is invalid, naming the limit when it is over one.
        problems: Field-level problems found while reading.
        data: A JSON object of another subject type (its ``type`` key says which).
        blank: The record holds no value at all (only delimiters or whitespace); it is counted
            and named, never judged.
    """

    line: int
    end_line: int
    fields: dict[str, FieldValue] | None = None
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    data: dict[str, Any] | None = None
    blank: bool = False

    def values(self, columns: tuple[str, ...]) -> tuple[FieldValue | None, ...] | None:
        """The values of ``columns`` (None where absent), or None when the record has none.

        A record has no usable fields when it is blank, invalid, or another subject type's
        JSON object.
        """
        fields = self.fields
        if fields is None or self.error or self.data is not None:
            return None
        return tuple(map(fields.get, columns))

    def text(self, column: str) -> str:
        """Return a field as text ("" when absent; a list's items joined by spaces)."""
        return text_value(self.fields, column)


def text_value(fields: dict[str, FieldValue] | None, column: str) -> str:
    """Return ``fields[column]`` as text ("" when absent; a list's items joined by spaces)."""
    value = (fields or {}).get(column, "")
    return " ".join(value) if isinstance(value, list) else value
