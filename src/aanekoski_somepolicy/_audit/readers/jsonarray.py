"""A ``.json`` file holding one array of objects, read element by element.

The file is bounded (:data:`MAX_JSON_ARRAY_BYTES`) and held as text while it is read; each
element's extent is found by scanning brackets outside strings (no recursion), so a deep or
broken element is one invalid record and the others are read. When the array's structure
itself is broken, the rest of the file is one invalid record naming where it broke.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..._i18n import Count, Message
from ..mapping import ColumnMapping
from .decoding import HANDLER, Encoding, Input
from .limits import MAX_JSON_ARRAY_BYTES, MAX_RECORD_CHARS
from .objects import (
    TOKENS,
    KeySink,
    Unparsable,
    parse_json,
    record_from_value,
    unparsable_record,
)
from .record import RawRecord, UnreadableInputError
from .text import bad_text, describe_bad_text

__all__ = ["JsonArrayReader", "first_character"]

_WHITESPACE = " \t\r\n"


def first_character(text: str) -> str:
    """The first character that is not JSON whitespace ("" when there is none)."""
    stripped = text.lstrip(_WHITESPACE)
    return stripped[:1]


class JsonArrayReader:
    """A JSON array export.

    Args:
        source: Where the bytes are.
        encoding: Their encoding.
        mapping: Keys to canonical columns.
        keys: Where keys seen are collected.

    Raises:
        UnreadableInputError: The file is over its limit or does not start with ``[``.
    """

    def __init__(
        self, source: Input, encoding: Encoding, mapping: ColumnMapping, keys: KeySink
    ) -> None:
        self._source = source
        self._encoding = encoding
        self._mapping = mapping
        self._keys = keys
        if source.size() > MAX_JSON_ARRAY_BYTES:
            raise UnreadableInputError(
                Message(
                    "reader",
                    "json-array-too-big",
                    name=source.name,
                    limit=MAX_JSON_ARRAY_BYTES // (1024 * 1024),
                )
            )
        if first_character(self._text()[:4096]) != "[":
            raise UnreadableInputError(Message("reader", "not-an-array", name=source.name))

    def _text(self) -> str:
        with self._source.open() as handle:
            data = handle.read(MAX_JSON_ARRAY_BYTES + 1)
        return data.decode(self._encoding.codec, HANDLER).removeprefix("\ufeff")

    def records(self) -> Iterator[RawRecord]:
        """Yield each element's record, in order."""
        text = self._text()
        scan = _Scan(text)
        scan.skip()
        scan.pos += 1  # the "[" checked when the source was opened
        first = True
        while True:
            scan.skip()
            if scan.pos >= len(text):
                return  # a missing "]" loses nothing: every element was read
            if text[scan.pos] == "]":
                scan.pos += 1
                scan.skip()
                if scan.pos < len(text):
                    yield scan.rest(Message("reader", "after-array"))
                return
            if not first:
                if text[scan.pos] != ",":
                    yield scan.rest(Message("reader", "array-separator", column=scan.column()))
                    return
                scan.pos += 1
                scan.skip()
                if scan.pos >= len(text):
                    return  # a trailing comma and no "]": every element was read
            first = False
            end = scan.element_end()
            if end is None:
                yield scan.rest("an element is not closed")
                return
            yield self._element(scan, end)

    def _element(self, scan: _Scan, end: int) -> RawRecord:
        text = scan.text
        start_line = scan.line_at(scan.pos)
        end_line = scan.line_at(end - 1 if end > scan.pos else end)
        element = text[scan.pos : end]
        scan.pos = end
        if len(element) > MAX_RECORD_CHARS:
            return RawRecord(
                start_line,
                end_line,
                error=Message("reader", "element-too-long", limit=Count(MAX_RECORD_CHARS)),
            )
        position = bad_text(element)
        if position >= 0:
            return RawRecord(
                start_line,
                end_line,
                error=describe_bad_text(element, position, self._encoding.name),
            )
        try:
            value = parse_json(element)
        except Unparsable as error:
            return unparsable_record(element, start_line, end_line, error, self._mapping)
        return record_from_value(
            value, start_line, end_line, self._mapping, self._keys, escaped="\\u" in element
        )


class _Scan:
    """A position in the array's text, and line numbers counted as it moves on."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._line = 1
        self._counted = 0

    def skip(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _WHITESPACE:
            pos += 1
        self.pos = pos

    def line_at(self, pos: int) -> int:
        # Positions only move forward, so lines are counted once.
        self._line += self.text.count("\n", self._counted, pos)
        self._counted = max(self._counted, pos)
        return self._line

    def column(self) -> int:
        return self.pos - self.text.rfind("\n", 0, self.pos)

    def element_end(self) -> int | None:
        """Where the element at ``pos`` ends, or None when it never does."""
        text, pos = self.text, self.pos
        if text[pos] in "[{":
            depth = 0
            for token in TOKENS.finditer(text, pos):
                char = token.group()
                if char in "[{":
                    depth += 1
                elif char in "]}":
                    depth -= 1
                    if depth == 0:
                        return token.end()
            return None
        try:
            _, end = json.JSONDecoder().raw_decode(text, pos)
        except ValueError:
            # Not a value: the element is the text up to the next comma or bracket.
            stops = [i for i in (text.find(",", pos), text.find("]", pos)) if i >= 0]
            return min(stops) if stops and min(stops) > pos else None
        return int(end)

    def rest(self, reason: str) -> RawRecord:
        """The rest of the text as one invalid record (the array broke here)."""
        start = self.line_at(self.pos)
        end = start + self.text.count("\n", self.pos, len(self.text))
        if self.text.endswith("\n") and end > start:
            end -= 1
        self.pos = len(self.text)
        return RawRecord(start, end, error=Message("reader", "array-rest-lost", reason=reason))
