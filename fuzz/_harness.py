"""What each fuzz target checks, apart from atheris, so regression tests can run it too.

A crash is any exception escaping a reader other than the documented
``UnreadableInputError`` (raised only when a source is opened), or a record lost: each check
compares the records with what the input holds (its lines, elements or rows).
``tests/test_fuzz_regressions.py`` runs every input saved under ``tests/fuzz_regressions/``
through the same checks.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook

from aanekoski_somepolicy._audit.mapping import (
    COLUMNS,
    ColumnMapping,
    ColumnMappingError,
    header_key,
)
from aanekoski_somepolicy._audit.readers import (
    InputFormat,
    RawRecord,
    RecordSource,
    UnreadableInputError,
)
from aanekoski_somepolicy._audit.readers.decoding import HANDLER
from aanekoski_somepolicy._audit.readers.directory import open_directory

__all__ = ["CHECKS"]

STDIN = Path("-")
_ENCODINGS = (None, None, None, "utf-16", "cp1252", "utf-8")
_MAPPING_FILE = Path(tempfile.mkdtemp(prefix="fuzz-mapping-")) / "mapping.toml"


def _open(data: bytes, kind: InputFormat, encoding: str | None = None) -> RecordSource | None:
    """A source reading ``data`` as standard input (in memory, as the CLI's ``-``)."""
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    try:
        return RecordSource(STDIN, kind, encoding=encoding)
    except UnreadableInputError:
        return None


def _lines(data: bytes, source: RecordSource) -> int:
    """How many physical lines the input has in the encoding the source chose."""
    assert source.encoding is not None
    text = data.decode(source.encoding.codec, HANDLER)
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


def _contiguous(records: list[RawRecord], first: int, last: int) -> None:
    """Every line from ``first`` to ``last`` is in exactly one record, in order."""
    expected = first
    for record in records:
        assert record.line == expected, (record.line, expected, record)
        assert record.end_line >= record.line, record
        expected = record.end_line + 1
    assert expected == max(last + 1, first), (expected, last)


def _storable(records: list[RawRecord]) -> None:
    """What reaches the identity index, a worker or a writer encodes as UTF-8."""
    for record in records:
        for value in (record.fields or {}).values():
            for text in value if isinstance(value, list) else [value]:
                text.encode("utf-8")
        if record.data is not None:
            json.dumps(record.data, ensure_ascii=False).encode("utf-8")


def check_csv(data: bytes) -> None:
    """CSV: the first byte chooses a forced encoding (or detection); every line after the
    header (found below title or blank lines) is covered."""
    if not data:
        return
    body = data[1:]
    source = _open(body, InputFormat.CSV, _ENCODINGS[data[0] % len(_ENCODINGS)])
    if source is None:
        return
    records = list(source.records())
    assert records == list(source.records()), "a second pass differs"
    # The header line as the report names it (absent when it is line 1).
    header_line = source.description("en").get("header_line", 1)
    _contiguous(records, header_line + 1, _lines(body, source))
    _storable(records)
    # The audit's first pass reads only some columns, splitting plain lines itself.
    selected = list(source.select(COLUMNS))
    assert selected == [record.values(COLUMNS) for record in records], "select differs"


def check_jsonl(data: bytes) -> None:
    """JSON Lines: one record per physical line."""
    source = _open(data, InputFormat.JSONL)
    if source is None:
        return
    records = list(source.records())
    _contiguous(records, 1, _lines(data, source))
    _storable(records)


def check_json_array(data: bytes) -> None:
    """JSON array: records in order; a valid array gives one record per element."""
    source = _open(data, InputFormat.JSON)
    if source is None:
        return
    records = list(source.records())
    for before, after in itertools.pairwise(records):
        assert before.line <= before.end_line <= after.line, (before, after)
    _storable(records)
    if source.format is not InputFormat.JSON or source.encoding is None:
        return
    try:
        value = json.loads(data.decode(source.encoding.codec, HANDLER).removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        return
    if isinstance(value, list):
        assert len(records) == len(value), (len(records), len(value))


def check_xlsx(data: bytes) -> None:
    """Excel: a damaged workbook is unreadable, never a crash; every row after the header."""
    source = _open(data, InputFormat.XLSX)
    if source is None:
        return
    records = list(source.records())
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = len(sheet.to_python(skip_empty_area=False))
    header = source.description()["header_row"]
    assert [r.line for r in records] == list(range(header + 1, rows + 1))
    _storable(records)


def check_mapping(data: bytes) -> None:
    """Mapping: --map options, a mapping file and a header row, all drawn from ``data``."""
    parts = data.split(b"\x00")
    text = [part.decode("utf-8", "replace") for part in parts]
    options = [t for t in text[:4] if t]
    headers = text[4:20]
    _MAPPING_FILE.write_bytes(parts[-1][:4000])
    for file in (None, _MAPPING_FILE):
        try:
            mapping = ColumnMapping.from_options(options, file)
        except ColumnMappingError:
            continue
        header, problems = mapping.resolve(headers)
        assert len(header.columns) == len(headers)
        assert header.present <= set(COLUMNS)
        used = [c for c in header.columns if c is not None]
        # Two headers never silently become one column: the second is a reported conflict.
        assert len(used) == len(set(used))
        wanted = [mapping.column(name) for name in headers]
        assert len(used) + len(problems) == sum(1 for c in wanted if c is not None)
        for name in headers:
            assert header_key(name) == header_key(header_key(name))


_DIRECTORY_FILE = Path(tempfile.mkdtemp(prefix="fuzz-directory-")) / "users"


def check_directory(data: bytes) -> None:
    """A directory export of any bytes: refused when opened, or every entry read twice alike.

    The first byte chooses the form the rest is dressed as: as it is, an LDIF file, a
    ``Get-ADUser`` CSV after the PowerShell 5.1 ``#TYPE`` line, or an Entra ID header.
    """
    if not data:
        return
    prefix = (
        b"",
        b"version: 1\n\ndn: CN=a\n",
        b'#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n"SamAccountName","proxyAddresses",'
        b'"UserPrincipalName","Surname","GivenName","EmployeeID"\r\n',
        b"userPrincipalName,surname,givenName,mail,objectId,userType\n",
    )[data[0] % 4]
    _DIRECTORY_FILE.write_bytes(prefix + data[1:])
    try:
        export = open_directory(_DIRECTORY_FILE)
    except UnreadableInputError:
        return
    first = list(export.entries())
    again = open_directory(_DIRECTORY_FILE)
    assert first == list(again.entries()), "a second pass differs"
    for entry in first:
        for value in (entry.employee_id, entry.sam, entry.upn, entry.mail, *entry.proxies):
            value.encode("utf-8")  # storable in the index
            assert "\ufffd" not in value, "a damaged value was used"


CHECKS: dict[str, Callable[[bytes], None]] = {
    "csv": check_csv,
    "jsonl": check_jsonl,
    "json_array": check_json_array,
    "xlsx": check_xlsx,
    "mapping": check_mapping,
    "directory": check_directory,
}
