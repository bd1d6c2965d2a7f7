"""Languages, localised text, and the catalog of the software's own words.

There is one mechanism for people-facing text: :class:`LocalizedText`, a text in Finnish,
English and Swedish. The guideline's words live in ``data/policy.toml``; every other text
(engine, labels, audit, readers, validation, command line) lives in ``data/messages.toml``,
read through :func:`messages`. Code below the presentation layer never words a message in one
language: it returns a :class:`Message` (a code and its parameters), which the writer or the
command line renders in the language asked for. See docs/languages.md.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from importlib import resources
from typing import Annotated, Any, cast

from pydantic import ConfigDict, Field

__all__ = [
    "Count",
    "Day",
    "Lang",
    "LocalizedText",
    "Message",
    "day",
    "format_template",
    "localize",
    "messages",
    "number",
    "os_reason",
]


class Lang(StrEnum):
    """A language messages can be rendered in."""

    FI = "fi"
    EN = "en"
    SV = "sv"


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text in Finnish, English and Swedish.

    Every language is required: a text that lacks one is refused when the policy data or a
    catalog is loaded, so no report falls back to another language. A plain dataclass, so
    that the engine builds messages cheaply; pydantic validates it inside policy models.
    """

    __pydantic_config__ = ConfigDict(extra="forbid")

    fi: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]
    sv: Annotated[str, Field(min_length=1)]

    def get(self, lang: Lang | str) -> str:
        """Return the text in ``lang``."""
        if lang == "fi":
            return self.fi
        if lang == "sv":
            return self.sv
        return self.en


# Finland's Finnish and Finland's Swedish: both group thousands with a no-break space and
# write a decimal comma (1 234,5).
_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en"}


def number(value: float, lang: Lang | str) -> str:
    """Show a count or a measure to people in ``lang``: ``1 234,5`` in Finnish and Swedish.

    For the texts people read; machine formats keep plain numbers. Babel (CLDR data) does
    the grouping and the decimal sign.
    """
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_LOCALES.get(str(lang), "en")))


# Facts that are always amounts, whatever their type; other ints are ids (line numbers).
_AMOUNTS = frozenset({"limit"})


def day(value: date, lang: Lang | str) -> str:
    """Show a date to people: ``24.11.2026`` in Finnish and Swedish, ISO 8601 in English."""
    if str(lang) == "en":
        return value.isoformat()
    from babel.dates import format_date

    return str(format_date(value, "short", locale=_LOCALES[str(lang)]))


class Day(str):
    """A date in a message's facts: ISO 8601 in facts and JSON, shown with :func:`day`."""

    __slots__ = ()

    @classmethod
    def of(cls, value: date | None) -> Day | None:
        """The fact for ``value`` (None stays None)."""
        return None if value is None else cls(value.isoformat())


class Count(int):
    """An amount in a message (a limit, a number of cells) shown grouped in each language.

    Plain ints in messages are ids people look up (line numbers, years) and stay ungrouped.
    """

    __slots__ = ()


class _Facts(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_template(
    template: str,
    facts: Mapping[str, Any],
    labels: Mapping[str, LocalizedText] | None = None,
    lang: Lang = Lang.EN,
) -> str:
    """Fill ``{name}`` placeholders of a message template from ``facts``.

    String facts that are keys of ``labels`` are shown by their label in ``lang``.
    Unknown placeholders are left as they are, and lists are joined with commas, so a
    template can never raise.
    """
    if "{" not in template:
        return template
    labels = labels or {}

    def show(item: Any) -> str:
        if isinstance(item, Count):
            return number(item, lang)
        if isinstance(item, Day):
            return day(date.fromisoformat(item), lang)
        if isinstance(item, date) and not isinstance(item, datetime):
            return day(item, lang)
        text = str(item)
        label = labels.get(text) if isinstance(item, str) else None
        return label.get(lang) if label is not None else text

    values = _Facts()
    for key, value in facts.items():
        if key in _AMOUNTS and type(value) is int:
            values[key] = number(value, lang)  # a limit reads as an amount: 65 536 in Finnish
        elif isinstance(value, list | tuple | set | frozenset):
            values[key] = ", ".join(show(item) for item in value)
        else:
            values[key] = show(value)
    try:
        return template.format_map(values)
    except (ValueError, IndexError):
        return template


MESSAGES_FILE = "data/messages.toml"


# A JSON copy of the catalog, parsed ten times faster than the TOML (a `check` process pays
# for every millisecond); written by scripts/regenerate_message_cache.py and used only while
# it names the SHA-256 of the TOML it was made from, so a stale copy is never read.
MESSAGES_CACHE = "data/messages.cache.json"


def catalog_source() -> tuple[bytes, str]:
    """The catalog's TOML bytes and their SHA-256 (what the JSON copy must name)."""
    data = resources.files("aanekoski_somepolicy").joinpath(MESSAGES_FILE).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


@functools.cache
def _raw_catalog() -> dict[str, dict[str, dict[str, str]]]:
    data, digest = catalog_source()
    try:
        cached = json.loads(
            resources.files("aanekoski_somepolicy").joinpath(MESSAGES_CACHE).read_bytes()
        )
        if cached.get("source_sha256") == digest:
            return cast("dict[str, dict[str, dict[str, str]]]", cached["catalog"])
    except (OSError, ValueError, AttributeError):
        pass  # no copy, or a damaged one: the TOML is the source
    return tomllib.loads(data.decode("utf-8"))


@functools.cache
def _catalog_section(section: str) -> dict[str, LocalizedText]:
    return {key: LocalizedText(**texts) for key, texts in _raw_catalog()[section].items()}


def messages(section: str) -> dict[str, LocalizedText]:
    """Return one section of the message catalog (``engine``, ``labels``, ``reader`` ...).

    Raises:
        KeyError: No such section.
        TypeError: A text of the catalog lacks a language (the tests keep it complete).
    """
    return _catalog_section(section)


class Message(str):
    """A message that a lower layer computed: a catalog code with its parameters.

    The string itself is the English text, so a message reads the same wherever it is
    printed or logged as plain text; :func:`localize` renders it in another language.
    Parameters are never secrets: callers pass counts, limits, positions and column names.

    Args:
        section: The catalog section (``reader``, ``validation``, ``cli`` ...).
        code: The text's key in the section.
        params: The values of the template's ``{name}`` placeholders.
    """

    section: str
    code: str
    params: dict[str, Any]

    def __new__(cls, section: str, code: str, **params: Any) -> Message:
        template = messages(section)[code]
        self = super().__new__(cls, _render(template, params, Lang.EN))
        self.section, self.code, self.params = section, code, params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.section, self.code, self.params))

    def get(self, lang: Lang | str) -> str:
        """Return the message in ``lang``."""
        return _render(messages(self.section)[self.code], self.params, Lang(lang))


def _rebuild(section: str, code: str, params: dict[str, Any]) -> Message:
    return Message(section, code, **params)


def _render(template: LocalizedText, params: Mapping[str, Any], lang: Lang) -> str:
    shown = {
        key: value.get(lang) if isinstance(value, Message | LocalizedText) else value
        for key, value in params.items()
    }
    return format_template(template.get(lang), shown, messages("facts"), lang)


def localize(text: str, lang: Lang | str) -> str:
    """Return ``text`` in ``lang`` when it is a :class:`Message`, else ``text`` unchanged."""
    return text.get(lang) if isinstance(text, Message) else text


_OS_REASONS = {
    errno.ENOENT: "file-not-found",
    errno.EACCES: "permission-denied",
    errno.EPERM: "permission-denied",
    errno.EISDIR: "is-a-folder",
}


def os_reason(error: OSError) -> str:
    """Return why a file could not be read as a ``facts`` code (the OS words it in English)."""
    return _OS_REASONS.get(error.errno or 0, "os-error")
