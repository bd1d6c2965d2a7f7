"""Text that cannot be stored or written: NUL, lone surrogates, and bytes that did not decode.

The decoder marks undecodable bytes as lone surrogates U+DC80…U+DCFF, so one search finds all
three. Such text never reaches the identity index, a worker or a report writer.
"""

from __future__ import annotations

import re

from ..._i18n import Message
from .record import FieldValue

__all__ = ["BAD_TEXT", "bad_text", "describe_bad_text", "identifying_fields"]

BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_IDENTIFYING = ("person_id", "service", "unit", "purpose")


def bad_text(text: str) -> int:
    """Return the position of the first character that cannot be stored, or -1."""
    found = BAD_TEXT.search(text)
    return -1 if found is None else found.start()


def describe_bad_text(text: str, position: int, encoding: str) -> str:
    """Say what is wrong at ``position`` of a decoded line (see :func:`bad_text`)."""
    char = text[position]
    if char == "\x00":
        return Message("reader", "nul", position=position + 1)
    if "\udc80" <= char <= "\udcff":
        byte = f"{ord(char) - 0xDC00:02X}"
        return Message("reader", "undecodable", encoding=encoding, byte=byte, position=position + 1)
    return Message("reader", "surrogate", codepoint=f"{ord(char):04X}", position=position + 1)


def identifying_fields(fields: dict[str, FieldValue]) -> dict[str, FieldValue]:
    """The fields that say whose row an invalid record was, where they are clean text."""
    return {
        column: value
        for column in _IDENTIFYING
        if isinstance(value := fields.get(column), str) and bad_text(value) < 0
    }
