"""A registration export as a source of records: the format chosen, the reader per kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..._i18n import Lang, Message, localize
from ..mapping import ColumnMapping
from .decoding import STDIN, Encoding, Input, detect_encoding
from .delimited import DelimitedPart, DelimitedReader, Position
from .jsonarray import JsonArrayReader, first_character
from .jsonl import JsonLinesReader
from .objects import KeySink
from .record import FieldValue, InputFormat, RawRecord
from .xlsx import XlsxReader

__all__ = ["RecordSource"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)


def _workbook(head: bytes) -> bool:
    """Whether the bytes are a workbook (a zip: xlsx, xlsb, ods; an OLE file: xls), not text."""
    return head.startswith((_ZIP, _OLE))


def _sniff(head: bytes) -> InputFormat:
    """The format of input without a telling name (standard input)."""
    if _workbook(head):
        return InputFormat.XLSX
    text = detect_encoding(head).codec
    start = first_character(head[:4096].decode(text, "replace").lstrip("\ufeff"))
    if start == "[":
        return InputFormat.JSON
    if start == "{":
        return InputFormat.JSONL
    return InputFormat.CSV


class RecordSource:
    """A registration export that can be read as records, as many times as needed.

    Args:
        path: The file, or ``Path("-")`` for standard input (held in memory, never on disk).
        input_format: CSV, JSON Lines, JSON array or Excel; by default chosen from the
            extension (standard input: from its first bytes).
        encoding: Force a text encoding (``--encoding``); by default it is detected.
        mapping: Header names to columns; by default the shipped vocabulary only.
        sheet: The Excel sheet (name or 1-based number); by default the first.
        header_row: The header's line (CSV) or row (Excel) number; by default the first of
            the first rows that names every required column (rows above it are reported).

    Raises:
        UnreadableInputError: The file cannot be opened, or its header is missing, damaged,
            over a limit, or lacks a required column (the error names file, line and why).
    """

    def __init__(
        self,
        path: Path,
        input_format: InputFormat | None = None,
        *,
        encoding: str | None = None,
        mapping: ColumnMapping | None = None,
        sheet: str | None = None,
        header_row: int | None = None,
    ) -> None:
        self.path = path
        self._input = Input(path)
        head = self._input.head()
        if input_format is None:
            input_format = _sniff(head) if path == STDIN else InputFormat.for_path(path)
            if input_format is InputFormat.CSV and _workbook(head):
                # An .xls, .ods or a workbook saved as .csv: calamine reads it by its bytes.
                input_format = InputFormat.XLSX
        self.mapping = mapping or ColumnMapping()
        self._keys = KeySink()
        self.encoding: Encoding | None = None
        self.format = input_format
        self._reader: DelimitedReader | JsonLinesReader | JsonArrayReader | XlsxReader
        if input_format is InputFormat.XLSX:
            self._reader = XlsxReader(self._input, self.mapping, sheet, header_row)
            self._note_header(self._reader.header.unknown)
            return
        self.encoding = detect_encoding(head, encoding)
        if input_format is InputFormat.CSV:
            self._reader = DelimitedReader(
                self._input, self.encoding, self.mapping, header_row=header_row
            )
            self._note_header(self._reader.header.unknown)
            return
        if input_format is InputFormat.JSON:
            text = head[:4096].decode(self.encoding.codec, "replace").lstrip("\ufeff")
            if first_character(text) != "[":
                # A .json file of one object per line is JSON Lines, as it always was.
                input_format = self.format = InputFormat.JSONL
            else:
                self._reader = JsonArrayReader(self._input, self.encoding, self.mapping, self._keys)
                return
        self._reader = JsonLinesReader(self._input, self.encoding, self.mapping, self._keys)

    def _note_header(self, unknown: tuple[str, ...]) -> None:
        for name in unknown:
            self._keys.note_unknown(name)

    @property
    def name(self) -> str:
        """The input's name in messages (``standard input`` for ``-``)."""
        return self._input.name

    def size(self) -> int:
        """The input's size in bytes."""
        return self._input.size()

    @property
    def columns(self) -> frozenset[str]:
        """The canonical columns present: the header's, or the JSON keys seen so far.

        For JSON the union of keys is complete after one full pass over :meth:`records`.
        """
        if isinstance(self._reader, DelimitedReader | XlsxReader):
            return self._reader.header.present
        return frozenset(self._keys.columns)

    def records(self) -> Iterator[RawRecord]:
        """Stream every record of the input, in order (each call starts from the beginning)."""
        return self._reader.records()

    def select(self, columns: tuple[str, ...]) -> Iterator[tuple[FieldValue | None, ...] | None]:
        """Stream every record as the values of ``columns`` only (see :meth:`RawRecord.values`).

        One item per record, in order; None for a record without usable fields. A delimited
        file is read without building records (the first pass of an audit needs a few
        columns of every record, not the records).
        """
        if isinstance(self._reader, DelimitedReader):
            return self._reader.select(columns)
        return (record.values(columns) for record in self._reader.records())

    @property
    def splittable(self) -> bool:
        """Whether workers can read parts of the input by themselves (a delimited file).

        Standard input lives in this process's memory only; Excel and JSON are read here.
        """
        return isinstance(self._reader, DelimitedReader) and self.path != STDIN

    def position(self) -> Position:
        """Where the next record starts, while :meth:`records` is read (splittable input)."""
        assert isinstance(self._reader, DelimitedReader)
        return self._reader.position()

    def part(self, start: Position | None, count: int) -> DelimitedPart:
        """``count`` records from ``start`` (a :meth:`position`; None: from the first)."""
        assert isinstance(self._reader, DelimitedReader)
        return self._reader.part(start, count)

    def description(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        """Describe how the input was read, for a report's header (its words in ``lang``).

        Returns:
            ``path``, ``format``, ``encoding`` and ``encoding_source`` (text formats),
            ``delimiter`` and ``header_line`` when not 1 (CSV), ``sheet`` and ``header_row``
            (Excel), ``columns`` (each
            header name and the column it was read as; CSV and Excel) and ``mapping`` (the
            user's own header → column pairs).
        """
        described: dict[str, Any] = {"path": localize(self.name, lang), "format": self.format.value}
        if self.encoding is not None:
            described["encoding"] = self.encoding.name
            described["encoding_source"] = self.encoding.how.get(lang)
        reader = self._reader
        if isinstance(reader, DelimitedReader):
            described["delimiter"] = reader.delimiter_name
            if reader.header_choice.row != 1:  # line 1, as ever, is not said
                described["header_line"] = reader.header_choice.row
        if isinstance(reader, XlsxReader):
            described["sheet"] = reader.sheet
            described["header_row"] = reader.header_row
        if isinstance(reader, DelimitedReader | XlsxReader):
            described["columns"] = dict(reader.header.mapped)
        if self.mapping.user_pairs:
            described["mapping"] = dict(self.mapping.user_pairs)
        return described

    def warnings(self) -> list[str]:
        """Warnings about how the input was read: skipped rows, ignored columns, the encoding.

        Rows above the header, ignored columns or keys, a guessed encoding.

        Complete for JSON after a full pass over :meth:`records`.
        """
        found: list[str] = []
        if isinstance(self._reader, DelimitedReader | XlsxReader):
            header = self._reader.header_choice.warning()
            if header is not None:
                found.append(header)
        if self.encoding is not None and self.encoding.how.code == "encoding-undecided":
            found.append(Message("reader", "encoding-guessed", encoding=self.encoding.name))
        unknown = self._keys.warning()
        if unknown:
            found.append(unknown)
        return found

    def unknown_columns_warning(self) -> str | None:
        """The warning about ignored columns or keys, or None (kept for older callers)."""
        return self._keys.warning()
