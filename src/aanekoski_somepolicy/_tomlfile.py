"""The TOML files operators give (policies, overlays, waivers, scenarios, column mappings).

One parser for all of them, so that each broken file is reported the same way: the line and
column tomllib found the error at, and what is wrong, in Finnish, Swedish and English
(tomllib words its reasons in English only: each known reason has a catalog text, and an
unknown one is named as a TOML syntax error at its place).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ._i18n import Message

__all__ = ["TomlSyntaxError", "describe", "parse_toml"]


class TomlSyntaxError(ValueError):
    """The text is not TOML; ``where`` says where and why, in three languages.

    Args:
        where: ``line 3, column 7: expected '=' after a key`` as a catalog message.
    """

    def __init__(self, where: Message) -> None:
        super().__init__(where)
        self.where = where


_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
# tomllib's reasons (CPython's Lib/tomllib/_parser.py), each with its catalog code; a
# group, when there is one, is the value named in the reason (a key or a character).
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"Cannot declare (.+) twice", "declared-twice"),
        (r"Cannot mutate immutable namespace (.+)", "immutable"),
        (r"Cannot overwrite a value", "overwrite"),
        (r"Cannot redefine namespace (.+)", "redefine"),
        (r"Duplicate inline table key (.+)", "duplicate-key"),
        (r"Escaped character is not a Unicode scalar value", "bad-escape"),
        (r"Unescaped '\\' in a string", "bad-escape"),
        (r"Invalid hex value", "bad-escape"),
        (r"Expected '=' after a key in a key/value pair", "expected-equals"),
        (r"Expected '\]' at the end of a table declaration", "expected-bracket"),
        (r"Expected '\]\]' at the end of an array declaration", "expected-brackets"),
        (r"Expected newline or end of document after a statement", "expected-newline"),
        (r"Expected ('.+')", "expected"),
        (r"Found invalid character (.+)", "invalid-character"),
        (r"Illegal character (.+)", "invalid-character"),
        (r"Invalid date or datetime", "invalid-date"),
        (r"Invalid initial character for a key part", "invalid-key"),
        (r"Invalid statement", "invalid-statement"),
        (r"Invalid value", "invalid-value"),
        (r"Unclosed array", "unclosed-array"),
        (r"Unclosed inline table", "unclosed-table"),
        (r"Unterminated string", "unterminated-string"),
    )
)
_KEY_PART = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")


def _shown(value: str) -> str:
    """A key tuple ``('a', 'b')`` as ``a.b``; a character as it was quoted."""
    if value.startswith("("):
        parts = [first or second for first, second in _KEY_PART.findall(value)]
        return repr(".".join(parts)[:80])
    return value[:80]


def _reason(text: str) -> Message:
    for pattern, code in _REASONS:
        found = pattern.fullmatch(text)
        if found is not None:
            value = _shown(found[1]) if found.groups() else ""
            if code == "invalid-character" and value == repr("\n"):
                code = "unterminated-string"  # the line ended inside a string
            return Message("toml", code, value=value)
    return Message("toml", "syntax")


def describe(error: tomllib.TOMLDecodeError) -> Message:
    """Where tomllib found ``error`` and what is wrong, as a catalog message."""
    text = str(error)
    position = _POSITION.search(text)
    reason = _reason(text[: position.start()] if position else text)
    if position is None or position[1] is None:
        return Message("toml", "at-end", reason=reason)
    return Message("toml", "at", line=int(position[1]), column=int(position[2]), reason=reason)


def parse_toml(data: str | bytes) -> dict[str, Any]:
    """Parse a TOML document (bytes must be UTF-8, a byte-order mark allowed).

    Raises:
        TomlSyntaxError: The bytes are not UTF-8, the text is not TOML, or it nests deeper
            than the parser's stack; ``where`` names the line and column and the reason.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            before = data[: error.start]
            line = before.count(b"\n") + 1
            column = error.start - (before.rfind(b"\n") + 1) + 1
            reason = Message("toml", "not-utf8")
            raise TomlSyntaxError(
                Message("toml", "at", line=line, column=column, reason=reason)
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlSyntaxError(describe(error)) from None
    except RecursionError:
        # Arrays or tables nested thousands deep exhaust the parser's stack.
        raise TomlSyntaxError(Message("policy", "toml-too-deep")) from None
