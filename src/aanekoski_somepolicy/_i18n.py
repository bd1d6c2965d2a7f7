"""Languages and localised text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field

__all__ = ["Lang", "LocalizedText", "format_template"]


class Lang(StrEnum):
    """A language messages can be rendered in."""

    FI = "fi"
    EN = "en"
    SV = "sv"


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text in Finnish and English, optionally Swedish.

    Finnish is the language of the guideline and is always required. A plain dataclass, so
    that the engine builds messages cheaply; pydantic validates it inside policy models.
    """

    __pydantic_config__ = ConfigDict(extra="forbid")

    fi: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]
    sv: Annotated[str | None, Field(min_length=1)] = None

    def get(self, lang: Lang | str) -> str:
        """Return the text in ``lang``; Swedish falls back to English when missing."""
        lang = Lang(lang)
        if lang is Lang.FI:
            return self.fi
        if lang is Lang.SV and self.sv is not None:
            return self.sv
        return self.en


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
        text = str(item)
        label = labels.get(text) if isinstance(item, str) else None
        return label.get(lang) if label is not None else text

    values = _Facts()
    for key, value in facts.items():
        if isinstance(value, list | tuple | set | frozenset):
            values[key] = ", ".join(show(item) for item in value)
        else:
            values[key] = show(value)
    try:
        return template.format_map(values)
    except (ValueError, IndexError):
        return template
