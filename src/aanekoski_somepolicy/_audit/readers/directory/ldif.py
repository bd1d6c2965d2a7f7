"""LDIF (RFC 2849) as ``ldapsearch`` and ``ldifde`` write it, read with the ``ldif`` package.

Base64 values (``::``), folded lines and multi-valued attributes are the parser's business.
This module splits the file into records itself, so that one damaged record is reported with
its line and the rest are still read. URL values (``:<``) are never fetched.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path

from ...._i18n import Message
from ..limits import MAX_RECORD_CHARS
from ..record import UnreadableInputError
from .entry import DirectoryEntry, DirectoryExport, DirectoryKind, smtp_addresses

__all__ = ["LdifExport", "looks_like_ldif"]

_NAMES = {
    "employeeid": "employee_id",
    "employeenumber": "employee_id",
    "givenname": "first_name",
    "sn": "last_name",
    "surname": "last_name",
    "samaccountname": "sam",
    "uid": "sam",
    "userprincipalname": "upn",
    "mail": "mail",
    "proxyaddresses": "proxies",
}


def looks_like_ldif(text: str) -> bool:
    """Whether the first line that is not a comment or blank starts an LDIF file."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        return stripped.lower().startswith(("version:", "dn:", "dn::"))
    return False


class LdifExport(DirectoryExport):
    """An LDIF export.

    Args:
        path: The file.

    Raises:
        UnreadableInputError: The ``ldif`` package is not installed.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(name=str(path), kind=DirectoryKind.LDIF)
        try:
            import ldif  # noqa: F401
        except ImportError:
            raise UnreadableInputError(Message("directory", "needs-ldif", name=self.name)) from None
        self._path = path

    def _lines(self) -> Iterator[bytes]:
        """The file's lines as UTF-8 bytes (``ldifde -u`` writes UTF-16 with a byte-order mark)."""
        with self._path.open("rb") as handle:
            head = handle.read(2)
            handle.seek(0)
            # Lines are read within the record limit, so that no line is held whole however
            # long it is; a longer one makes its record too long (reported, not read).
            if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                with io.TextIOWrapper(handle, encoding="utf-16", errors="replace") as text:
                    self.encoding = "UTF-16"
                    while line := text.readline(MAX_RECORD_CHARS + 1):
                        yield line.encode("utf-8")
            else:
                while chunk := handle.readline(MAX_RECORD_CHARS + 1):
                    yield chunk

    def _blocks(self) -> Iterator[tuple[int, bytes]]:
        """Each record's lines (folded lines kept as they are), with its first line."""
        lines: list[bytes] = []
        size = 0
        start = 0
        number, ended = 0, True
        for raw in self._lines():
            number += ended  # a chunk of an over-long line is not a line of its own
            ended = raw.endswith(b"\n")
            line = raw.rstrip(b"\r\n")
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")
            if line.strip():
                if not lines:
                    start = number
                size += len(line)
                if size <= MAX_RECORD_CHARS:
                    lines.append(line)
                continue
            if lines:
                yield start, b"\n".join(lines) if size <= MAX_RECORD_CHARS else b""
                lines, size = [], 0
        if lines:
            yield start, b"\n".join(lines) if size <= MAX_RECORD_CHARS else b""

    def entries(self) -> Iterator[DirectoryEntry]:
        """Yield every readable entry; an unreadable record is noted with its line."""
        from ldif import LDIFParser

        for start, block in self._blocks():
            if not block:
                self.problem(start, Message("directory", "ldif-too-long", limit=MAX_RECORD_CHARS))
                continue
            try:
                parsed = list(LDIFParser(io.BytesIO(block), strict=True).parse())
            except (ValueError, UnicodeError) as error:
                self.problem(start, Message("directory", "ldif-bad", why=str(error)[:200]))
                continue
            for dn, record in parsed:
                if dn is None:
                    continue  # the "version: 1" line, or comments only
                entry = self._entry(start, record)
                if entry is not None:
                    self.entries_read += 1
                    yield entry

    def _entry(self, line: int, record: dict[str, list[str | bytes]]) -> DirectoryEntry | None:
        values: dict[str, list[str]] = {}
        for name, items in record.items():
            attribute = _NAMES.get(name.lower())
            if attribute is None:
                continue
            self.labels.setdefault(attribute, name)
            for item in items:
                if isinstance(item, bytes):
                    self.damaged[name] += 1  # not text in UTF-8
                    continue
                item = item.strip()
                if item:
                    values.setdefault(attribute, []).append(item)
        if not values:
            return None
        mails = values.get("mail", [])
        return DirectoryEntry(
            line,
            _first(values, "employee_id"),
            _first(values, "first_name"),
            _first(values, "last_name"),
            _first(values, "sam"),
            _first(values, "upn"),
            mails[0] if mails else "",
            smtp_addresses(values.get("proxies", []) + mails[1:]),
        )


def _first(values: dict[str, list[str]], attribute: str) -> str:
    found = values.get(attribute)
    return found[0] if found else ""
