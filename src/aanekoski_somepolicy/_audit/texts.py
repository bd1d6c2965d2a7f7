"""The audit's own words in reports: statuses, coverage, headlines and warnings.

The texts are in ``data/messages.toml``; every one exists in Finnish, English and Swedish.
Templates take ``{name}`` facts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .._i18n import _LOCALES, Lang, LocalizedText, day, format_template, messages, number

__all__ = [
    "COLUMN_LABELS",
    "OPTIONS",
    "PURPOSE_LABELS",
    "STATUS_LABELS",
    "TEXTS",
    "columns_text",
    "day",
    "moment",
    "number",
    "purpose_text",
    "text",
]

# The texts are data (data/messages.toml, sections ``status``, ``columns`` and ``audit``).
STATUS_LABELS: dict[str, LocalizedText] = messages("status")

COLUMN_LABELS: dict[str, LocalizedText] = messages("columns")

PURPOSE_LABELS: dict[str, LocalizedText] = messages("purposes")

OPTIONS = {"breach_corpus": "--breach-corpus", "directory": "--directory"}
"""Inputs that come from a command-line option rather than a column."""

TEXTS: dict[str, LocalizedText] = messages("audit")


def columns_text(columns: tuple[str, ...] | list[str], lang: Lang | str) -> str:
    """Name columns for people: ``sähköposti (email) / käyttäjätunnus (username)``."""
    shown = []
    for column in columns:
        label = COLUMN_LABELS.get(column)
        name = OPTIONS.get(column, column)
        shown.append(f"{label.get(lang)} ({name})" if label else name)
    return " / ".join(shown)


def purpose_text(purpose: str, lang: Lang | str) -> str:
    """Name a purpose id (``leisure``) in ``lang``; an unparsed spelling is shown as given."""
    found = PURPOSE_LABELS.get(purpose)
    return found.get(lang) if found is not None else purpose


def moment(value: datetime, lang: Lang | str) -> str:
    """Show a time of day with its date: ``24.11.2026 19.45`` in Finnish and Swedish."""
    if str(lang) == "en":
        return value.strftime("%Y-%m-%d %H:%M")
    from babel.dates import format_datetime

    return str(format_datetime(value, "short", locale=_LOCALES[str(lang)]))


def text(key: str, lang: Lang | str, **facts: Any) -> str:
    """Return the audit text ``key`` in ``lang``, its ``{name}`` facts filled in.

    Numbers among the facts are shown as people in ``lang`` write them (see :func:`number`).
    """
    shown = {
        name: number(value, lang)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
        for name, value in facts.items()
    }
    return format_template(TEXTS[key].get(lang), shown, lang=Lang(lang))
