"""CSV and other delimited text (``;``, ``,``, tab, ``|``), streamed, every record accounted for.

The header is the first of the first physical lines that names every required column
(``--header-row`` names it instead); a title and blank lines above it are skipped and reported,
never read as records. A damaged header (bare CR, quoting error, over its limit) stops the
run; it is never read as a record. Each later record is yielded once: fields, invalid (naming the line and the
reason or limit), or blank.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from typing import Any, BinaryIO

from ..._i18n import Count, Message
from ..mapping import ColumnMapping, HeaderMap
from .decoding import Encoding, HeaderTooLongError, Input, RecordTooLongError, TextLines
from .header import HeaderChoice, choose_header, header_score, map_header
from .limits import HEADER_SEARCH_ROWS, MAX_FIELD_CHARS, MAX_HEADER_CHARS, MAX_RECORD_CHARS
from .record import FieldValue, RawRecord, UnreadableInputError
from .text import bad_text, identifying_fields

__all__ = ["DELIMITERS", "DelimitedPart", "DelimitedReader", "Position"]

DELIMITERS = (";", ",", "\t", "|")
"""The delimiters recognised; the header decides which one a file uses."""

Position = tuple[int, int]
"""Where a record starts: the text stream's position (``TextIOWrapper.tell``), and the number
of the line before it."""

_DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar"}


def _parse_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, strict=True))


def _best_delimiter(
    line: str, mapping: ColumnMapping, delimiter: str | None
) -> tuple[int, str, str, bool]:
    """The delimiter a header line is read with: ``(known, delimiter, error, complete)``.

    The delimiter is the one under which the line names the most known columns; a quoting
    error counts against a delimiter only if it would otherwise have won (the error is then
    returned: the header is damaged). ``complete``: every required column is named.
    """
    best: tuple[int, bool, str, bool] | None = None
    failure = ""
    for candidate in [delimiter] if delimiter else DELIMITERS:
        error = ""
        try:
            cells = _parse_header(line, candidate)
        except (csv.Error, StopIteration) as problem:
            error = str(problem) or "the line is empty"
            cells = line.rstrip("\r\n").split(candidate)
        known, complete = header_score(cells, mapping)
        if best is None or (known, not error) > best[:2]:
            best, failure = (known, not error, candidate, complete), error
    assert best is not None
    return best[0], best[2], failure, best[3]


@dataclass(frozen=True)
class _Header:
    delimiter: str
    map: HeaderMap


class DelimitedReader:
    """A delimited text export.

    Args:
        source: Where the bytes are.
        encoding: Their encoding.
        mapping: Header names to columns.
        delimiter: The delimiter, or None to choose it from the header.
        header_row: The header's line number (``--header-row``); by default the first of
            the first :data:`HEADER_SEARCH_ROWS` lines that names every required column.

    Raises:
        UnreadableInputError: The header is missing, damaged, over its limit or lacks a
            required column.
    """

    def __init__(
        self,
        source: Input,
        encoding: Encoding,
        mapping: ColumnMapping,
        delimiter: str | None = None,
        header_row: int | None = None,
    ) -> None:
        self._source = source
        self._encoding = encoding
        self.header_choice = HeaderChoice()
        header = self._read_header(mapping, delimiter, header_row)
        self.delimiter = header.delimiter
        self.header = header.map
        self._cursor: list[TextLines] = []  # the lines that records() reads now

    @property
    def delimiter_name(self) -> str:
        """The delimiter's name, for reports."""
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    def _read_header(
        self, mapping: ColumnMapping, delimiter: str | None, header_row: int | None
    ) -> _Header:
        name = self._source.name
        candidates: list[tuple[int, str]] = []
        last = header_row or HEADER_SEARCH_ROWS
        with self._source.open() as handle:
            lines = TextLines(handle, self._encoding)
            while lines.number < last:
                try:
                    line = lines.read_line(MAX_HEADER_CHARS)
                except HeaderTooLongError:
                    if candidates and header_row is None:
                        break  # the header, if any, is above the over-long line
                    raise UnreadableInputError(
                        Message(
                            "reader",
                            "header-too-long",
                            name=name,
                            line=lines.number,
                            limit=Count(MAX_HEADER_CHARS),
                        )
                    ) from None
                if not line:
                    break
                candidates.append((lines.number, line))
                # The common case: found on line 1, and nothing more is read.
                if (
                    header_row is None
                    and line.strip()
                    and _best_delimiter(line, mapping, delimiter)[3]
                ):
                    break
        if header_row is not None:
            if len(candidates) < header_row:
                raise UnreadableInputError(
                    Message(
                        "reader",
                        "header-row-beyond",
                        name=name,
                        row=header_row,
                        count=len(candidates),
                    )
                )
            number = header_row
        else:
            scores = [
                (number, *_best_delimiter(text, mapping, delimiter)[::3])
                for number, text in candidates
                if text.strip()
            ]
            if not scores:
                raise UnreadableInputError(
                    Message("reader", "header-missing", name=name, count=len(candidates))
                )
            number = choose_header([(row, known, complete) for row, known, complete in scores])
        line = candidates[number - 1][1]
        self.header_choice = HeaderChoice(
            number,
            forced=header_row is not None,
            skipped=tuple(row for row, text in candidates[: number - 1] if text.strip()),
        )
        if not line.strip():
            raise UnreadableInputError(
                Message(
                    "reader",
                    "header-empty",
                    name=name,
                    where=Message("reader", "line", number=number),
                )
            )
        position = bad_text(line)
        if position >= 0:
            raise UnreadableInputError(
                Message(
                    "reader",
                    "header-encoding",
                    name=name,
                    line=number,
                    encoding=self._encoding.name,
                )
            )
        _, chosen, failure, _ = _best_delimiter(line, mapping, delimiter)
        if failure:
            raise UnreadableInputError(Message("reader", "header-damaged", name=name, line=number))
        cells = _parse_header(line, chosen)
        where = Message("reader", "line", number=number)
        searched = header_row is None
        return _Header(chosen, map_header(name, where, cells, mapping, searched=searched))

    def records(self) -> Iterator[RawRecord]:
        """Stream every record after the header, in order."""
        self._cursor.clear()
        return _records(
            self._source,
            self._encoding,
            self.delimiter,
            self.header,
            None,
            self._cursor,
            self.header_choice.row,
        )

    def select(self, columns: tuple[str, ...]) -> Iterator[tuple[FieldValue | None, ...] | None]:
        """Stream every record as the values of ``columns`` only, as :meth:`records` reads them.

        One item per record, in order: the values (None for a column the header lacks), or
        None for a record without usable fields (blank, or invalid). Reading a plain line
        builds no record at all; :meth:`position` works as during :meth:`records`.
        """
        self._cursor.clear()
        return _selected(
            self._source,
            self._encoding,
            self.delimiter,
            self.header,
            columns,
            self._cursor,
            self.header_choice.row,
        )

    def position(self) -> Position:
        """Where the next record starts, while :meth:`records` is read (between records)."""
        lines = self._cursor[-1]
        return lines.tell(), lines.number

    def part(self, start: Position | None, count: int) -> DelimitedPart:
        """``count`` records from ``start`` (a :meth:`position`; None: the first record)."""
        return DelimitedPart(
            self._source,
            self._encoding,
            self.delimiter,
            self.header,
            start,
            count,
            self.header_choice.row,
        )


@dataclass(frozen=True)
class DelimitedPart:
    """A run of records of a delimited export, which a worker process reads by itself.

    It holds no open file and no data, only where to read: the parent plans the parts in
    its first pass, so that it need not read, parse and send every record a second time.

    Attributes:
        source: Where the bytes are.
        encoding: Their encoding.
        delimiter: The delimiter.
        header: The header as it was understood.
        start: Where the first record starts; None for the first record of the file.
        count: How many records the part holds.
        header_line: The header's line number (the lines up to it are not records).
    """

    source: Input
    encoding: Encoding
    delimiter: str
    header: HeaderMap
    start: Position | None
    count: int
    header_line: int = 1

    def records(self) -> Iterator[RawRecord]:
        """The part's records, exactly as :meth:`DelimitedReader.records` yields them."""
        records = _records(
            self.source,
            self.encoding,
            self.delimiter,
            self.header,
            self.start,
            header_line=self.header_line,
        )
        return islice(records, self.count)


def _cells(line: str, delimiter: str) -> list[str] | None:
    """A physical line's cells when the line alone is a plain record, else None.

    A line without quotes, without a carriage return other than its ending's, and not empty
    is one record whose cells the CSV reader would split exactly at the delimiters (a
    Hypothesis property proves it); any other line needs the CSV reader.
    """
    if line.endswith("\n"):
        line = line[:-2] if line.endswith("\r\n") else line[:-1]
    if not line or '"' in line or "\r" in line:
        return None
    return line.split(delimiter)


def _rows(lines: TextLines, delimiter: str, header: HeaderMap) -> Iterator[Any]:
    """Each record: a plain one's cells (a list; its line is ``lines.number``), else a record.

    A plain record is one clean line in the header's shape, the common case, kept short. A
    plain line is split at its delimiters; anything else (quotes, a stray carriage return)
    goes to the CSV reader, which reads on only as far as the record goes.
    """
    columns = header.columns
    width = len(columns)
    # The header's first used name, compared on every plain record: a record that has it
    # there may be the header repeated (``HeaderMap.repeated_by`` decides, in _record).
    first_index = next(index for index, column in enumerate(columns) if column)
    first_title = header.mapped[0][0]
    bad = lines.bad_lines
    feed = iter(lines)
    previous_end = lines.number
    while True:
        lines.new_record()
        error: str | None = None
        try:
            line = next(feed)
            row = _cells(line, delimiter)
            if row is None:
                row = next(csv.reader(chain((line,), feed), delimiter=delimiter, strict=True))
        except StopIteration:
            return
        except RecordTooLongError:
            # The error ended the line generator; a new one reads on from the next line,
            # else every later record would be lost.
            feed = iter(lines)
            row, error = [], Message("reader", "record-too-long", limit=Count(MAX_RECORD_CHARS))
        except csv.Error:
            row, error = [], Message("reader", "malformed-csv")
        start_line, previous_end = previous_end + 1, lines.number
        if (
            error is None
            and not bad
            and start_line == previous_end
            and len(row) == width
            and row[first_index] != first_title
            and "".join(row).strip()
        ):
            yield row
            continue
        if previous_end > start_line and getattr(error, "code", None) == "malformed-csv":
            # An unclosed quote joins the lines after it into this one record: name
            # them, so that no row disappears without a word.
            error = Message("reader", "malformed-csv-span", first=start_line, last=previous_end)
        yield _record(row, error, start_line, previous_end, lines, header)


def _open_lines(
    handle: BinaryIO, encoding: Encoding, start: Position | None, header_line: int
) -> TextLines:
    lines = TextLines(handle, encoding, record_limit=MAX_RECORD_CHARS)
    if start is None:
        # The header and the lines above it; the header search read each within the limit.
        while lines.number < header_line:
            lines.read_line(MAX_HEADER_CHARS)
    else:
        lines.seek(*start)
    return lines


def _records(
    source: Input,
    encoding: Encoding,
    delimiter: str,
    header: HeaderMap,
    start: Position | None,
    cursor: list[TextLines] | None = None,
    header_line: int = 1,
) -> Iterator[RawRecord]:
    columns = header.columns
    used = [(index, column) for index, column in enumerate(columns) if column]
    # Required columns make at least three, so itemgetter always returns a tuple.
    pick = itemgetter(*(index for index, _ in used))
    names = [column for _, column in used]
    with source.open() as handle:
        lines = _open_lines(handle, encoding, start, header_line)
        if cursor is not None:
            cursor.append(lines)
        for row in _rows(lines, delimiter, header):
            if type(row) is list:
                number = lines.number
                yield RawRecord(number, number, fields=dict(zip(names, pick(row), strict=True)))
            else:
                yield row


def _selected(
    source: Input,
    encoding: Encoding,
    delimiter: str,
    header: HeaderMap,
    wanted: tuple[str, ...],
    cursor: list[TextLines],
    header_line: int = 1,
) -> Iterator[tuple[FieldValue | None, ...] | None]:
    """:func:`_records` reduced to the ``wanted`` columns' values (see ``select``)."""
    columns = header.columns
    width = len(columns)
    # A column absent from the header reads as the None appended to a row at ``width``.
    where = [columns.index(column) if column in columns else width for column in wanted]
    absent = width in where
    getter = itemgetter(*where)
    pick = getter if len(where) > 1 else lambda row: (getter(row),)
    with source.open() as handle:
        lines = _open_lines(handle, encoding, None, header_line)
        cursor.append(lines)
        for row in _rows(lines, delimiter, header):
            if type(row) is list:
                if absent:
                    row.append(None)
                yield pick(row)
            else:
                yield row.values(wanted)


def _record(
    row: list[str],
    error: str | None,
    start: int,
    end: int,
    lines: TextLines,
    header: HeaderMap,
) -> RawRecord:
    # Flagged lines first: an over-long line reads as blank but is a lost record.
    for number in range(start, end + 1):
        if number in lines.bad_lines:
            reason = lines.bad_lines.pop(number)
            error = error or (
                Message("reader", "at-line", line=number, reason=reason) if end > start else reason
            )
    if error is None and not "".join(row).strip():
        return RawRecord(start, end, blank=True)
    columns = header.columns
    fields: dict[str, FieldValue] = {
        column: value for column, value in zip(columns, row, strict=False) if column is not None
    }
    width = len(columns)
    if len(row) != width:
        # Cells out of line with the header could put a password under person_id: a record
        # that cannot be aligned keeps no fields at all.
        error = error or Message("reader", "field-count", width=width, count=len(row))
        return RawRecord(start, end, error=error)
    if error is None and header.repeated_by(row):
        # The header again (a page break of a report): not a record, and said so.
        return RawRecord(start, end, error=Message("reader", "header-repeated"))
    if error is None:
        longest = max(map(len, row))
        if longest > MAX_FIELD_CHARS:
            error = Message("reader", "field-too-long", limit=Count(MAX_FIELD_CHARS))
    if error is not None:
        return RawRecord(start, end, fields=identifying_fields(fields), error=error)
    return RawRecord(start, end, fields=fields)
