r"""JSON text to records: bounded parsing, and an object's keys mapped to canonical columns.

Shared by the JSON Lines and JSON array readers. Nesting is measured before ``json.loads``
(which would raise ``RecursionError``), numbers are bounded in length (Python refuses
integers over 4,300 digits with ``ValueError``), and text that cannot be stored (lone
surrogate escapes such as ``"\ud800"``, ``"\u0000"``) makes the record invalid.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..._i18n import Count, Message
from ..._validation import json_kind
from ...exceptions import Problem
from ..mapping import ColumnMapping
from .limits import MAX_COLUMNS, MAX_DEPTH, MAX_FIELD_CHARS, MAX_NUMBER_CHARS
from .record import FieldValue, RawRecord
from .text import bad_text, describe_bad_text, identifying_fields

__all__ = [
    "TOKENS",
    "KeySink",
    "Unparsable",
    "json_depth",
    "parse_json",
    "record_from_value",
    "unparsable_record",
]

TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_LIST_COLUMNS = ("work_usernames", "work_emails")
_REGISTRATION = "account-registration"


class Unparsable(ValueError):
    """JSON text that is not a value within the limits; the message says why."""


class KeySink:
    """Collects the keys seen across records: canonical columns and a few unknown names."""

    SHOWN = 20
    COUNTED = 10_000

    def __init__(self) -> None:
        self.columns: set[str] = set()
        self.unknown: list[str] = []
        self.more_unknown: set[str] = set()

    def note_unknown(self, name: str) -> None:
        """Remember an unknown key or header (a hostile file may hold endless ones)."""
        if name in self.unknown or name in self.more_unknown:
            return
        if len(self.unknown) < self.SHOWN:
            self.unknown.append(name[:60])
        elif len(self.more_unknown) < self.COUNTED:
            self.more_unknown.add(name[:60])

    def warning(self) -> str | None:
        """The one warning about ignored columns or keys, or None."""
        if not self.unknown:
            return None
        more = len(self.more_unknown)
        columns = ", ".join(self.unknown)
        if not more:
            return Message("reader", "unknown-columns", columns=columns)
        counted = f"{more}{'+' if more >= self.COUNTED else ''}"
        return Message("reader", "unknown-columns-more", columns=columns, more=counted)


def json_depth(text: str) -> int:
    """Return the deepest nesting of arrays and objects in JSON ``text`` (strings skipped)."""
    depth = deepest = 0
    for token in TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _number(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        if len(text) > MAX_NUMBER_CHARS:
            raise Unparsable(Message("reader", "number-too-long", limit=MAX_NUMBER_CHARS))
        return kind(text)

    return parse


def _constant(name: str) -> Any:
    raise Unparsable(Message("reader", "not-json", what=name))


_PARSE_INT = _number(int)
_PARSE_FLOAT = _number(float)


def parse_json(text: str) -> Any:
    """Parse one JSON value within the limits.

    Raises:
        Unparsable: It is not JSON, is nested deeper than :data:`MAX_DEPTH`, or holds a
            number longer than :data:`MAX_NUMBER_CHARS`; the message says which.
    """
    # Counting brackets first is cheap; the exact depth is measured only when it could matter.
    if text.count("[") + text.count("{") > MAX_DEPTH and json_depth(text) > MAX_DEPTH:
        raise Unparsable(Message("reader", "too-deep", limit=MAX_DEPTH))
    try:
        return json.loads(
            text, parse_int=_PARSE_INT, parse_float=_PARSE_FLOAT, parse_constant=_constant
        )
    except Unparsable:
        raise
    except json.JSONDecodeError as error:
        raise Unparsable(Message("reader", "invalid-json-at", column=error.colno)) from None
    except RecursionError:  # a safety net: json_depth should have caught it
        raise Unparsable(Message("reader", "too-deep", limit=MAX_DEPTH)) from None
    except ValueError:
        raise Unparsable(Message("reader", "invalid-json")) from None


def _top_level_only(text: str) -> str | None:
    """Return ``text`` with each nested array or object value replaced by ``null``.

    What is left is at most one level deep, so a record refused for its nesting can still
    say whose it was. None when the brackets do not balance.
    """
    parts: list[str] = []
    depth = 0
    kept_from = 0
    for token in TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth == 2:
                parts += (text[kept_from : token.start()], "null")
        elif char in "]}":
            if depth == 2:
                kept_from = token.end()
            depth -= 1
            if depth < 0:
                return None
    if depth:
        return None
    parts.append(text[kept_from:])
    return "".join(parts)


def unparsable_record(
    text: str, start: int, end: int, error: Unparsable, mapping: ColumnMapping
) -> RawRecord:
    """The invalid record for JSON ``text`` that :func:`parse_json` refused.

    A record refused only for its depth keeps the identifying fields of its top level.
    """
    fields: dict[str, FieldValue] | None = None
    reason = error.args[0]
    if isinstance(reason, Message) and reason.code == "too-deep":
        shallow = _top_level_only(text)
        try:
            value = parse_json(shallow) if shallow is not None else None
        except Unparsable:
            value = None
        if isinstance(value, dict) and not _unstorable(value, ""):
            fields = identifying_fields(_fields(value, mapping, KeySink())[0]) or None
    return RawRecord(start, end, fields=fields, error=reason)


def _unstorable(value: Any, path: str) -> str | None:
    """Find text in ``value`` that cannot be stored; return where and why, or None."""
    if isinstance(value, str):
        position = bad_text(value)
        if position < 0:
            return None
        reason = describe_bad_text(value, position, "JSON")
        return Message("reader", "at-key", path=path.lstrip(".") or "key", reason=reason)
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unstorable(key, path or "key") or _unstorable(item, f"{path}.{key[:40]}")
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _unstorable(item, f"{path}[{index}]")
            if found:
                return found
    return None


def record_from_value(
    value: Any,
    start: int,
    end: int,
    mapping: ColumnMapping,
    keys: KeySink,
    *,
    escaped: bool = True,
) -> RawRecord:
    r"""Turn one parsed JSON value into a record.

    Args:
        value: The parsed value.
        start: Its first line.
        end: Its last line.
        mapping: Keys to canonical columns.
        keys: Where keys seen are collected.
        escaped: Whether the text held ``\u`` escapes (only they can make unstorable text,
            so clean text skips the search).
    """
    if not isinstance(value, dict):
        return RawRecord(
            start, end, error=Message("reader", "not-an-object", kind=json_kind(value))
        )
    if len(value) > MAX_COLUMNS:
        return RawRecord(
            start, end, error=Message("reader", "too-many-keys", limit=Count(MAX_COLUMNS))
        )
    if escaped and (reason := _unstorable(value, "")):
        fields, _ = _fields(value, mapping, KeySink())
        return RawRecord(
            start, end, fields=identifying_fields(fields), error=reason.lstrip(".: ") or reason
        )
    kind = value.get("type", _REGISTRATION)
    if kind != _REGISTRATION:
        return RawRecord(start, end, data=value)
    fields, problems = _fields(value, mapping, keys)
    if problems:
        return RawRecord(
            start,
            end,
            fields=fields,
            error=Message("reader", "invalid-field-types"),
            problems=problems,
        )
    return RawRecord(start, end, fields=fields)


def _fields(
    data: dict[str, Any], mapping: ColumnMapping, keys: KeySink
) -> tuple[dict[str, FieldValue], list[Problem]]:
    fields: dict[str, FieldValue] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        if key == "type":
            continue
        column = mapping.column(key)
        if column is None:
            if not mapping.is_ignored(key):
                keys.note_unknown(key)
            continue
        keys.columns.add(column)
        if column in fields:
            problems.append(Problem(key[:60], Message("reader", "second-key", column=column)))
            continue
        if value is None:
            continue
        if isinstance(value, bool):
            fields[column] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            text = str(value)
            if len(text) > MAX_FIELD_CHARS:
                problems.append(
                    Problem(
                        column, Message("reader", "field-too-long", limit=Count(MAX_FIELD_CHARS))
                    )
                )
            else:
                fields[column] = text
        elif (
            isinstance(value, list)
            and column in _LIST_COLUMNS
            and all(isinstance(item, str) for item in value)
        ):
            fields[column] = list(value)
        else:
            problems.append(
                Problem(column, Message("reader", "expected-text", kind=json_kind(value)))
            )
    return fields, problems
