r"""JSON Lines: one JSON object per line, streamed; every line that holds anything is a record.

Only JSON whitespace (space, tab, CR, LF) makes a line blank; a line of any other invisible
character (``\x0b``, U+00A0, U+2028 …) is a record, and invalid JSON.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..mapping import ColumnMapping
from .decoding import Encoding, Input, TextLines
from .objects import KeySink, Unparsable, parse_json, record_from_value, unparsable_record
from .record import RawRecord

__all__ = ["JSON_WHITESPACE", "JsonLinesReader"]

JSON_WHITESPACE = " \t\r\n"
"""The only characters JSON treats as whitespace (RFC 8259, section 2)."""


class JsonLinesReader:
    """A JSON Lines export.

    Args:
        source: Where the bytes are.
        encoding: Their encoding.
        mapping: Keys to canonical columns.
        keys: Where keys seen are collected (the columns are known after one pass).
    """

    def __init__(
        self, source: Input, encoding: Encoding, mapping: ColumnMapping, keys: KeySink
    ) -> None:
        self._source = source
        self._encoding = encoding
        self._mapping = mapping
        self._keys = keys

    def records(self) -> Iterator[RawRecord]:
        """Stream every line's record, in order; blank lines as blank records."""
        with self._source.open() as handle:
            lines = TextLines(handle, self._encoding)
            for text in lines:
                number = lines.number
                reason = lines.bad_lines.pop(number, None)
                if reason is not None:
                    yield RawRecord(number, number, error=reason)
                    continue
                if not text.strip(JSON_WHITESPACE):
                    yield RawRecord(number, number, blank=True)
                    continue
                try:
                    value = parse_json(text)
                except Unparsable as error:
                    yield unparsable_record(text, number, number, error, self._mapping)
                    continue
                yield record_from_value(
                    value, number, number, self._mapping, self._keys, escaped="\\u" in text
                )
