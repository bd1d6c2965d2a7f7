"""Directory exports as tables: CSV (Entra ID, ``Get-ADUser``, any other) and Excel.

The header decides which column is which attribute: the names Entra ID and Active Directory
use, then the audit's own column vocabulary (``data/columns.toml``: ``henkilönumero`` is the
employee id, ``sähköposti`` the mail address, ``työsähköpostit`` further addresses).
"""

from __future__ import annotations

import csv
import io
import operator
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...._i18n import Message, os_reason
from ...mapping import header_key, vocabulary
from ..decoding import detect_encoding
from ..limits import DETECTION_SAMPLE_BYTES, MAX_HEADER_CHARS, MAX_XLSX_BYTES
from ..record import UnreadableInputError
from ..xlsx import cell_text
from .ad import AD_NAMES, PLACEHOLDERS, is_active_directory, is_type_line
from .entra import ENTRA_NAMES, is_entra
from .entry import DirectoryEntry, DirectoryExport, DirectoryKind, Record, smtp_addresses

__all__ = ["TableExport", "proxy_list", "table_names"]

# The audit's register columns that mean a directory attribute in any other table.
_FROM_REGISTER = {
    "person_id": "employee_id",
    "first_name": "first_name",
    "last_name": "last_name",
    "username": "sam",
    "email": "mail",
    "work_emails": "proxies",
}
_DELIMITERS = ",;\t|"


def table_names() -> dict[str, str]:
    """Header keys of any directory table, and the attribute each is."""
    names = {
        key: _FROM_REGISTER[column]
        for key, column in vocabulary().items()
        if column in _FROM_REGISTER
    }
    names.update(AD_NAMES)
    names.update(ENTRA_NAMES)
    return names


class TableExport(DirectoryExport):
    """A directory export that is a table (CSV or Excel).

    Args:
        path: The file.
        excel: Whether it is an Excel workbook (else delimited text).

    Raises:
        UnreadableInputError: The file cannot be read, or its header has no column to join
            or compare with.
    """

    def __init__(self, path: Path, *, excel: bool = False) -> None:
        super().__init__(name=str(path), kind=DirectoryKind.TABLE)
        self._path = path
        self._excel = excel
        self._skip = 0  # lines before the header (the #TYPE line)
        self._delimiter = ","
        self._codec = "utf-8"
        self._ascii = False
        if excel:
            self.encoding = "xlsx"
            header = self._first_xlsx_row()
        else:
            header = self._read_csv_header()
        keys = [header_key(name) for name in header]
        known = set(keys)
        if self.kind is DirectoryKind.AD_PS51 or is_active_directory(known):
            if self.kind is not DirectoryKind.AD_PS51:
                self.kind = DirectoryKind.AD_PS7
            names = AD_NAMES
        elif is_entra(known):
            self.kind = DirectoryKind.ENTRA
            names = ENTRA_NAMES
        else:
            names = table_names()
        self.width = len(header)
        columns: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            attribute = names.get(key)
            if attribute is not None:
                columns.setdefault(attribute, []).append(index)
                self.labels.setdefault(attribute, header[index].strip())
        if not columns.keys() - {"user_type", "first_name", "last_name"} and not (
            "first_name" in columns and "last_name" in columns
        ):
            raise UnreadableInputError(
                Message("directory", "no-columns", name=self.name, columns=", ".join(header[:20]))
            )
        self._columns = [(attribute, tuple(indexes)) for attribute, indexes in columns.items()]
        self._labels_at = {
            index: header[index].strip() for _, idx in self._columns for index in idx
        }

    def _read_csv_header(self) -> list[str]:
        try:
            with self._path.open("rb") as handle:
                head = handle.read(DETECTION_SAMPLE_BYTES)
        except OSError as error:
            raise UnreadableInputError(
                Message("reader", "cannot-read", name=self.name, why=os_reason(error))
            ) from None
        encoding = detect_encoding(head)
        self._codec, self.encoding = encoding.codec, encoding.name
        self._ascii = head.isascii()  # Windows PowerShell 5.1's default: ? for non-ASCII
        with self._open_text() as text:
            first = text.readline(MAX_HEADER_CHARS + 1)
            if is_type_line(first.lstrip("\ufeff")):
                self.kind = DirectoryKind.AD_PS51
                if self._ascii:
                    self.encoding = "ASCII"
                self._skip = 1
                first = text.readline(MAX_HEADER_CHARS + 1)
        first = first.lstrip("\ufeff")
        if not first.strip() or len(first) > MAX_HEADER_CHARS:
            raise UnreadableInputError(Message("directory", "no-header", name=self.name))
        self._delimiter = max(_DELIMITERS, key=first.count)
        return next(csv.reader([first], delimiter=self._delimiter))

    def _open_text(self) -> io.TextIOWrapper:
        handle = self._path.open("rb")
        return io.TextIOWrapper(handle, encoding=self._codec, errors="replace", newline="")

    def _first_xlsx_row(self) -> list[str]:
        for _, row in self._xlsx_rows():
            return [cell_text(cell) for cell in row]
        raise UnreadableInputError(Message("directory", "no-header", name=self.name))

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:
            raise UnreadableInputError(
                f"{self.name}: reading Excel needs the audit extra: "
                "pip install 'aanekoski-somepolicy[audit]'"
            ) from None
        if self._path.stat().st_size > MAX_XLSX_BYTES:
            raise UnreadableInputError(
                Message("reader", "xlsx-too-big", name=self.name, limit=MAX_XLSX_BYTES >> 20)
            )
        try:
            workbook = CalamineWorkbook.from_path(str(self._path))
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception:  # calamine raises its own errors and plain ones for damage
            raise UnreadableInputError(
                Message("reader", "xlsx-unreadable", name=self.name)
            ) from None
        started = False
        for number, row in enumerate(rows, start=1):
            if not started and not any(cell_text(cell).strip() for cell in row):
                continue
            started = True
            yield number, row

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        if self._excel:
            rows = self._xlsx_rows()
            next(rows, None)  # the header
            for number, row in rows:
                yield number, [cell_text(cell) for cell in row]
            return
        with self._open_text() as text:
            for _ in range(self._skip + 1):
                text.readline(MAX_HEADER_CHARS + 1)
            reader = csv.reader(text, delimiter=self._delimiter)
            offset = self._skip + 1
            try:
                for row in reader:
                    yield reader.line_num + offset, row
            except csv.Error as error:
                self.problem(
                    reader.line_num + offset, Message("directory", "bad-csv", why=str(error)[:200])
                )

    def entries(self) -> Iterator[DirectoryEntry]:
        """Yield every readable entry; damaged values are left out and counted."""
        for record in self.records():
            yield DirectoryEntry(*record)

    def records(self) -> Iterator[Record]:
        """Yield every readable entry as a tuple; damaged values are left out and counted."""
        # One flat plan of (slot, column, name), in order of preference: this loop runs once
        # per directory user, half a million times for a large tenant.
        plan = [
            (_SLOTS[attribute], index, self._labels_at[index])
            for attribute, indexes in self._columns
            for index in indexes
        ]
        width = self.width
        # The fast path: each slot's first column in slot order (a missing slot reads the
        # empty cell appended at ``width``); a row none of whose cells is damaged (the
        # common case) is then one C-level fetch and a strip per cell.
        first = {slot: index for slot, index, _ in reversed(plan)}
        fetch = operator.itemgetter(*(first.get(slot, width) for slot in range(len(_SLOTS))))
        simple = len(first) == len(plan)  # no attribute has a second, fall-back column
        ascii_export = self.kind is DirectoryKind.AD_PS51 and self._ascii
        damaged = self.damaged
        blank = [""] * len(_SLOTS)
        read = 0
        for line, row in self._rows():
            if len(row) != width:
                if any(cell.strip() for cell in row):
                    self.problem(
                        line, Message("directory", "bad-row", found=len(row), expected=width)
                    )
                continue
            row.append("")
            cells = fetch(row)
            joined = "\x1f".join(cells)
            if (
                simple
                and "\ufffd" not in joined
                and not (ascii_export and "?" in joined)
                and not cells[_PROXIES].lstrip().startswith(PLACEHOLDERS)
            ):
                values = [cell.strip() for cell in cells]  # the csv module bounds a field
            else:
                values = blank.copy()
                for slot, index, label in plan:
                    value = row[index].strip()
                    if not value or values[slot]:
                        continue
                    if (ascii_export and "?" in value) or "\ufffd" in value:
                        damaged[label] += 1
                    elif slot == _PROXIES and value.startswith(PLACEHOLDERS):
                        # Only a multi-valued property is written as its type name; of the
                        # attributes read, that is proxyAddresses.
                        self.placeholders.add(label)
                    else:
                        values[slot] = value
            read += 1
            proxies = values[6]
            yield (
                line,
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                proxy_list(proxies) if proxies else (),
                bool(values[7]) and values[7].lower() == "guest",
            )
            self.entries_read = read


_SLOTS = {
    name: slot
    for slot, name in enumerate(
        ("employee_id", "first_name", "last_name", "sam", "upn", "mail", "proxies", "user_type")
    )
}
_PROXIES = _SLOTS["proxies"]
_LIST = re.compile(r"[;,\s]+")
_PLAIN_LIST = re.compile(r"[^,\s]+")  # joined with ";" only, as the calculated property does
# One item of a plain list: ``smtp:`` (any case) and an address, or an address whose local
# part has no ``:`` (a bare address; ``X500:``, ``SIP:`` items have one, or no ``@``).
_PLAIN_SMTP = re.compile(r"(?:^|;)(?:[Ss][Mm][Tt][Pp]:([^;]*@[^;]*)|([^;:@]*@[^;]*))(?=;|$)")


def proxy_list(text: str) -> tuple[str, ...]:
    """The SMTP addresses of a ``proxyAddresses`` cell (see :func:`.entry.smtp_addresses`).

    The common cell, joined with ``;`` only, is read by one regular expression: this runs for
    every directory user.
    """
    if _PLAIN_LIST.fullmatch(text) is None:
        return smtp_addresses(_LIST.split(text))
    return tuple(dict.fromkeys([smtp or bare for smtp, bare in _PLAIN_SMTP.findall(text)]))
