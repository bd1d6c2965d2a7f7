"""Bytes to text: the bytes' origin, their encoding, and physical lines within the limits.

Where the bytes come from (a file or standard input), which encoding they are in, and which
lines could not be decoded.

Undecodable bytes become lone surrogates (U+DC80…U+DCFF, like Python's ``surrogateescape``
but for every codec), so one search per line finds them together with NUL and lone-surrogate
text, none of which can be stored or written: such a line makes its record invalid, never the
file unreadable.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..._i18n import Count, Message, os_reason
from .limits import DETECTION_SAMPLE_BYTES, MAX_LINE_CHARS, MAX_STDIN_BYTES
from .record import UnreadableInputError
from .text import BAD_TEXT, describe_bad_text

__all__ = [
    "HANDLER",
    "STDIN",
    "Encoding",
    "Input",
    "TextLines",
    "detect_encoding",
    "display_name",
]

STDIN = Path("-")
"""The path that means standard input."""

HANDLER = "aanekoski-somepolicy-mark"
_MARKED = re.compile("[\udc80-\udcff]+")
# Encodings a Nordic office export comes in when it is not Unicode: charset-normalizer
# chooses among these only, so a Finnish Windows-1252 file is not taken for Central European.
_LEGACY = ["cp1252", "iso8859_15", "cp850", "utf_8"]
_DISPLAY = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "cp1252": "Windows-1252",
    "iso8859-15": "ISO-8859-15",
    "iso8859-1": "ISO-8859-1",
    "latin-1": "ISO-8859-1",
    "cp850": "CP850",
}


def _mark(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeDecodeError):
        bad = error.object[error.start : error.end]
        return "".join(chr(0xDC00 + byte) for byte in bad), error.end
    raise error


codecs.register_error(HANDLER, _mark)


def display_name(codec: str) -> str:
    """Return an encoding's usual name (``cp1252`` -> ``Windows-1252``)."""
    name = codecs.lookup(codec).name
    return _DISPLAY.get(name, name.upper())


@dataclass(frozen=True)
class Encoding:
    """The encoding a text export is read in.

    Attributes:
        codec: The Python codec used.
        name: Its usual name, for reports (``Windows-1252``).
        how: How it was chosen (``byte-order mark``, ``detected by charset-normalizer`` …),
            a catalog message that reports show in their language.
    """

    codec: str
    name: str
    how: Message


def detect_encoding(sample: bytes, forced: str | None = None) -> Encoding:
    """Choose the encoding of a text export from its first bytes.

    A byte-order mark decides (UTF-8, UTF-16LE/BE); then text that is valid UTF-8 is UTF-8;
    otherwise charset-normalizer chooses among Windows-1252, ISO-8859-15, CP850 and UTF-8.

    Args:
        sample: The file's first bytes.
        forced: An encoding the user named (``--encoding``); it wins.

    Raises:
        UnreadableInputError: ``forced`` is not an encoding Python knows.
    """
    if forced:
        try:
            codec = codecs.lookup(forced).name
        except LookupError:
            raise UnreadableInputError(
                Message("reader", "unknown-encoding", name=repr(forced[:40]))
            ) from None
        if codec == "utf-16" and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            codec = "utf-16-le"  # Python's UTF-16 stream decoder insists on a BOM; Windows is LE
        return Encoding(codec, display_name(codec), Message("reader", "encoding-given"))
    if sample.startswith(codecs.BOM_UTF8):
        # Read as plain UTF-8 and the BOM dropped from line 1: the utf-8-sig codec would
        # silently swallow a lone \xef or \xef\xbb at the end of a file.
        return Encoding("utf-8", "UTF-8", Message("reader", "encoding-bom"))
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        order = "LE" if sample.startswith(codecs.BOM_UTF16_LE) else "BE"
        return Encoding("utf-16", f"UTF-16{order}", Message("reader", "encoding-bom"))
    text = codecs.getincrementaldecoder("utf-8")(HANDLER).decode(sample, final=False)
    runs = _MARKED.findall(text)  # runs of bytes that are not UTF-8
    if not runs:
        return Encoding("utf-8", "UTF-8", Message("reader", "encoding-valid"))
    # Legacy 8-bit text almost never forms valid multi-byte UTF-8 sequences: a file that has
    # as many of them as runs of stray bytes is UTF-8 with a few damaged lines (each invalid).
    valid = len(text) - len(text.encode("ascii", "ignore")) - sum(map(len, runs))
    if valid >= len(runs):
        return Encoding("utf-8", "UTF-8", Message("reader", "encoding-mostly-valid"))
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # the audit extra is not installed
        return Encoding("utf-8", "UTF-8", Message("reader", "encoding-no-detector"))
    best = from_bytes(sample, cp_isolation=_LEGACY).best()
    if best is None:
        # Not UTF-8, and nothing clearer: the encoding of Finnish and Swedish Windows.
        return Encoding("cp1252", "Windows-1252", Message("reader", "encoding-undecided"))
    codec = codecs.lookup(best.encoding).name
    return Encoding(codec, display_name(codec), Message("reader", "encoding-detected"))


class Input:
    """Where an export's bytes come from: a file, or standard input held in memory.

    Standard input is read once, up to :data:`MAX_STDIN_BYTES`, and kept in memory only
    (the audit reads its input twice, and an export may hold passwords: it never touches disk).

    Raises:
        UnreadableInputError: The file cannot be opened, or standard input is over the limit.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: bytes | None = None
        if path == STDIN:
            stream = sys.stdin.buffer
            data = stream.read(MAX_STDIN_BYTES + 1)
            if len(data) > MAX_STDIN_BYTES:
                raise UnreadableInputError(
                    Message("reader", "stdin-too-big", limit=MAX_STDIN_BYTES // (1024 * 1024))
                )
            self._data = data
        else:
            self.open().close()

    @property
    def name(self) -> str:
        """The input's name in messages."""
        return Message("reader", "stdin") if self._data is not None else str(self.path)

    def size(self) -> int:
        """The input's size in bytes."""
        if self._data is not None:
            return len(self._data)
        return self.path.stat().st_size

    def open(self) -> BinaryIO:
        """Open the bytes from the start."""
        if self._data is not None:
            return io.BytesIO(self._data)
        try:
            return self.path.open("rb")
        except OSError as error:
            raise UnreadableInputError(
                Message("reader", "cannot-read", name=self.path, why=os_reason(error))
            ) from None

    def head(self, size: int = DETECTION_SAMPLE_BYTES) -> bytes:
        """The first ``size`` bytes."""
        with self.open() as handle:
            return handle.read(size)


class RecordTooLongError(Exception):
    """Raised inside the CSV reader's line feed when a record passes its limit."""


class TextLines:
    """Physical lines of a text export, decoded, within :data:`MAX_LINE_CHARS`.

    Iterating yields each line's text (with its line ending); ``number`` is the number of the
    line last yielded, and ``bad_lines`` holds, by number, why a line cannot be used (too
    long, undecodable, NUL, lone surrogate). A line over the limit is yielded as an empty line
    after the rest of it has been skipped, so line numbers stay true.

    Args:
        handle: The binary stream.
        encoding: Its encoding.
        record_limit: When set, raise :class:`RecordTooLongError` once the characters fed
            since :meth:`new_record` pass it (the CSV reader bounds multi-line records so).
    """

    def __init__(self, handle: BinaryIO, encoding: Encoding, record_limit: int = 0) -> None:
        self._text = io.TextIOWrapper(handle, encoding=encoding.codec, errors=HANDLER, newline="\n")
        self._encoding = encoding.name
        self._record_limit = record_limit
        self.record_chars = 0
        self.number = 0
        self.bad_lines: dict[int, str] = {}

    def new_record(self) -> None:
        """Start counting the characters of a new record."""
        self.record_chars = 0

    def close(self) -> None:
        """Close the underlying stream."""
        self._text.close()

    def tell(self) -> int:
        """Where the next line starts, as a position :meth:`seek` takes (on the same bytes)."""
        return self._text.tell()

    def seek(self, position: int, number: int) -> None:
        """Read on from ``position`` (from :meth:`tell`), after line number ``number``."""
        self._text.seek(position)
        self.number = number

    def __iter__(self) -> Iterator[str]:
        # A generator: the CSV reader pulls every line through here, and resuming a
        # generator costs less than calling a __next__ method.
        read = self._text.readline
        bad = self.bad_lines
        limit = self._record_limit
        search = BAD_TEXT.search
        while text := read(MAX_LINE_CHARS + 1):
            self.number += 1
            number = self.number
            if number == 1:
                text = text.removeprefix("\ufeff")
            if len(text) > MAX_LINE_CHARS and not text.endswith("\n"):
                bad[number] = Message("reader", "line-too-long", limit=Count(MAX_LINE_CHARS))
                while text and not text.endswith("\n"):
                    text = read(MAX_LINE_CHARS + 1)
                text = "\n"
            elif found := search(text):
                bad[number] = describe_bad_text(text, found.start(), self._encoding)
            if limit:
                self.record_chars += len(text)
                if self.record_chars > limit:
                    raise RecordTooLongError
            yield text

    def read_header(self, limit: int) -> str:
        """Read line 1 (the header) whole, or raise when it is over ``limit`` characters."""
        self.number = 0
        return self.read_line(limit)

    def read_line(self, limit: int) -> str:
        """Read the next line whole ("" at the end), or raise when it is over ``limit``.

        The lines up to the header are read so: a title line above it is not a record.
        """
        text = self._text.readline(limit + 1)
        self.number += 1
        if self.number == 1:
            text = text.removeprefix("\ufeff")
        if len(text) > limit and not text.endswith("\n"):
            raise HeaderTooLongError(limit)
        return text


class HeaderTooLongError(Exception):
    """The header line is over its limit (the caller names the file)."""
