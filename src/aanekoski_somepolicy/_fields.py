"""Field types shared by the subject models: bounded, blank-tolerant text and flags."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ._i18n import Message
from ._text import fold

__all__ = ["TEXT_MAX", "Flag", "OptionalText", "flag_value"]

TEXT_MAX = 1024


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


_TRUE = frozenset({"true", "yes", "y", "1", "on", "kylla", "k", "joo", "ja", "x"})
_FALSE = frozenset({"false", "no", "n", "0", "off", "ei", "e", "nej", ""})


@functools.lru_cache(maxsize=256)
def flag_value(value: str) -> bool | None:
    """A yes/no spelling as a flag (blank is no); None for an unknown spelling."""
    # An export spells its yes/no a handful of ways, a million times over: fold each once.
    key = fold(value.strip())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def _flag(value: Any) -> Any:
    if value is None:
        return False
    if isinstance(value, str):
        flag = flag_value(value)
        if flag is None:
            raise ValueError(Message("validation", "invalid-flag"))
        return flag
    return value


OptionalText = Annotated[
    Annotated[str, Field(max_length=TEXT_MAX)] | None, BeforeValidator(_blank_to_none)
]
"""Optional text; blank strings (empty CSV cells) become None."""

Flag = Annotated[bool, BeforeValidator(_flag)]
"""A yes/no flag accepting Finnish, Swedish and English spellings; blank means no."""
