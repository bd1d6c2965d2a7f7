"""Excel workbooks (``.xlsx``) read directly with python-calamine: one sheet, every row a record.

The header is the first of the sheet's first rows that names every required column (or
the row ``--header-row`` names); a title and blank rows above it are skipped and reported.
Line numbers are Excel's row numbers. Cells become text as a person reads them in Excel: whole numbers without ``.0``
(employee ids), dates in ISO form, TRUE/FALSE as ``true``/``false``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from itertools import dropwhile
from typing import Any

from ..._i18n import Count, Message
from ..mapping import ColumnMapping
from .decoding import Input
from .formulas import unsaved_formula_cells
from .header import HeaderChoice, choose_header, header_score, map_header
from .limits import (
    HEADER_SEARCH_ROWS,
    MAX_FIELD_CHARS,
    MAX_HEADER_CHARS,
    MAX_XLSX_BYTES,
    MAX_XLSX_CELLS,
)
from .record import FieldValue, RawRecord, UnreadableInputError
from .text import bad_text, describe_bad_text, identifying_fields

__all__ = ["XlsxReader", "cell_text"]


def cell_text(value: Any) -> str:
    """Return a cell's value as the text Excel shows for it (dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


class XlsxReader:
    """An Excel export.

    Args:
        source: Where the bytes are.
        mapping: Header names to columns.
        sheet: A sheet's name or 1-based number; by default the first sheet.
        header_row: The header's row number (``--header-row``); by default the first of the
            first :data:`HEADER_SEARCH_ROWS` rows that names every required column.

    Raises:
        UnreadableInputError: The workbook cannot be read, the sheet does not exist, or the
            header is missing, over its limit or lacks a required column.
    """

    def __init__(
        self,
        source: Input,
        mapping: ColumnMapping,
        sheet: str | None = None,
        header_row: int | None = None,
    ) -> None:
        self._source = source
        self.header_choice = HeaderChoice(unit="row")
        self._sheet_wanted = sheet
        self.sheet = sheet or ""
        self._sheet_names: list[str] = []
        if source.size() > MAX_XLSX_BYTES:
            raise UnreadableInputError(
                Message(
                    "reader",
                    "xlsx-too-big",
                    name=source.name,
                    limit=MAX_XLSX_BYTES // (1024 * 1024),
                )
            )
        found = self._find_header(mapping, header_row)
        number, names = found
        if sum(map(len, names)) > MAX_HEADER_CHARS:
            raise UnreadableInputError(
                Message(
                    "reader",
                    "xlsx-header-too-long",
                    name=source.name,
                    number=number,
                    limit=Count(MAX_HEADER_CHARS),
                )
            )
        for name in names:
            if (position := bad_text(name)) >= 0:
                raise UnreadableInputError(
                    Message(
                        "reader",
                        "xlsx-header-name",
                        name=source.name,
                        number=number,
                        reason=describe_bad_text(name, position, "Excel"),
                    )
                )
        self.header_row = number
        self.header = map_header(
            source.name,
            Message("reader", "row", number=number),
            names,
            mapping,
            searched=header_row is None,
        )

    def _find_header(self, mapping: ColumnMapping, header_row: int | None) -> tuple[int, list[str]]:
        """The header's row number and cell texts; the rows above it are noted as skipped."""
        candidates: list[tuple[int, list[str]]] = []
        for number, cells in self._rows():
            names = [cell_text(cell) for cell in cells]
            while names and not names[-1].strip():
                names.pop()
            candidates.append((number, names))
            if header_row is not None and number >= header_row:
                break
            if header_row is None and (
                len(candidates) >= HEADER_SEARCH_ROWS or header_score(names, mapping)[1]
            ):
                break
        if not candidates:
            shown = ", ".join(repr(name) for name in self._sheet_names[:20])
            raise UnreadableInputError(
                Message(
                    "reader",
                    "sheet-empty",
                    name=self._source.name,
                    sheet=repr(self.sheet),
                    shown=shown,
                )
            )
        if header_row is not None:
            if candidates[-1][0] < header_row:
                raise UnreadableInputError(
                    Message(
                        "reader",
                        "header-row-beyond",
                        name=self._source.name,
                        row=header_row,
                        count=candidates[-1][0],
                    )
                )
            number = header_row
        else:
            scores = [
                (row, *header_score(names, mapping)) for row, names in candidates if any(names)
            ]
            number = choose_header(scores) if scores else candidates[0][0]
        self.header_choice = HeaderChoice(
            number,
            forced=header_row is not None,
            skipped=tuple(row for row, names in candidates if row < number and any(names)),
            unit="row",
        )
        header = [names for row, names in candidates if row == number]
        return number, header[0] if header else []

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        """The sheet's rows from its first used row, with their Excel row numbers."""
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:
            raise UnreadableInputError(
                Message("reader", "xlsx-needs-extra", name=self._source.name)
            ) from None
        name = self._source.name
        try:
            with self._source.open() as handle:
                workbook = CalamineWorkbook.from_filelike(handle)
            sheet = self._pick(workbook)
            # Rows come from row 1 (empty ones included), so indexes are Excel's row numbers.
            height, width = sheet.total_height, sheet.total_width
            if height * width > MAX_XLSX_CELLS:
                raise UnreadableInputError(
                    Message(
                        "reader",
                        "xlsx-too-many-cells",
                        name=name,
                        sheet=repr(sheet.name),
                        height=Count(height),
                        width=Count(width),
                        limit=Count(MAX_XLSX_CELLS),
                    )
                )
            self.sheet = str(sheet.name)
            rows = sheet.to_python(skip_empty_area=False)
        except UnreadableInputError:
            raise
        except Exception:  # calamine raises its own errors and plain ones for damage
            # calamine words its reasons in English only; the report says what the user can act on.
            raise UnreadableInputError(Message("reader", "xlsx-unreadable", name=name)) from None
        first = True
        for index, row in enumerate(rows):
            if first and not any(cell_text(cell).strip() for cell in row):
                continue  # rows above the header that hold nothing
            first = False
            yield index + 1, row

    def _pick(self, workbook: Any) -> Any:
        names = list(workbook.sheet_names)
        self._sheet_names = names
        wanted = self._sheet_wanted
        if wanted is None:
            if not names:
                raise UnreadableInputError(Message("reader", "no-sheets", name=self._source.name))
            return workbook.get_sheet_by_index(0)
        if wanted in names:
            return workbook.get_sheet_by_name(wanted)
        if wanted.isdigit() and 1 <= int(wanted) <= len(names):
            return workbook.get_sheet_by_index(int(wanted) - 1)
        shown = ", ".join(repr(name) for name in names[:20])
        raise UnreadableInputError(
            Message(
                "reader",
                "no-such-sheet",
                name=self._source.name,
                sheet=repr(wanted[:60]),
                shown=shown,
            )
        )

    def records(self) -> Iterator[RawRecord]:
        """Yield every row after the header, in order; empty rows as blank records."""
        columns = self.header.columns
        width = len(columns)
        rows = dropwhile(lambda row: row[0] <= self.header_row, self._rows())
        with self._source.open() as handle:
            unsaved = unsaved_formula_cells(handle, self._sheet_names.index(self.sheet))
        last = self.header_row
        for number, cells in rows:
            texts = [cell_text(cell) for cell in cells]
            if self.header.repeated_by(texts):
                yield RawRecord(number, number, error=Message("reader", "header-repeated"))
            else:
                yield _record(number, texts, columns, width, unsaved.get(number))
            last = number
        # calamine ends the sheet at its last value: rows holding only unsaved formulas
        # after it would be lost without a word.
        for number in sorted(row for row in unsaved if row > last):
            yield _record(number, [], columns, width, unsaved[number])


def _record(
    number: int,
    texts: list[str],
    columns: tuple[str | None, ...],
    width: int,
    unsaved: str | None = None,
) -> RawRecord:
    """One row's record; ``unsaved`` names a formula cell stored without its value."""
    if unsaved is None and not any(text.strip() for text in texts):
        return RawRecord(number, number, blank=True)
    fields: dict[str, FieldValue] = {
        column: text for column, text in zip(columns, texts, strict=False) if column is not None
    }
    error: str | None = None
    extra = next((i for i in range(width, len(texts)) if texts[i].strip()), None)
    if unsaved is not None:
        # calamine reads such a cell as empty: judged, the row could pass with a check unrun.
        error = Message("reader", "xlsx-formula-unsaved", cell=unsaved)
    elif extra is not None:
        error = Message("reader", "value-without-header", column=extra + 1)
    elif max(map(len, texts)) > MAX_FIELD_CHARS:
        error = Message("reader", "cell-too-long", limit=Count(MAX_FIELD_CHARS))
    else:
        for text in texts:
            if (position := bad_text(text)) >= 0:
                error = describe_bad_text(text, position, "Excel")
                break
    if error is not None:
        return RawRecord(number, number, fields=identifying_fields(fields), error=error)
    return RawRecord(number, number, fields=fields)
