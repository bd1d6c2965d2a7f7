"""Which language a request is answered in: ``?lang=``, else ``Accept-Language``, else settings.

``Accept-Language`` (RFC 9110, section 12.5.4) lists language ranges with optional weights
(``sv-FI, sv;q=0.9, en;q=0.5``); the service speaks ``fi``, ``sv`` and ``en``. Each range is
matched by RFC 4647 lookup (``sv-FI`` falls back to ``sv``), ranges in order of weight, and a
range of weight 0 is never chosen. ``*``, or no range the service speaks, gives the default:
answering in a known language is more useful than 406 Not Acceptable. An explicit ``?lang=``
wins, as it did before the header was honoured.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qs

from .._i18n import Lang

__all__ = ["LANGUAGE_HEADERS", "negotiate", "scope_lang"]

LANGUAGE_HEADERS = {"vary": "Accept-Language"}
"""Headers of a negotiated response besides ``Content-Language``."""

_SPOKEN = {lang.value: lang for lang in Lang}
_MAX_RANGES = 32  # a header is a handful of ranges; more is not worth reading


def _ranges(header: str) -> list[tuple[float, int, str]]:
    ranges = []
    for position, item in enumerate(header.split(",")[:_MAX_RANGES]):
        tag, *params = (part.strip() for part in item.split(";"))
        if not tag:
            continue
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
                weight = weight if 0.0 <= weight <= 1.0 else 0.0
        # the highest weight first; among equals, the order of the header
        ranges.append((-weight, position, tag.lower()))
    return sorted(ranges)


def negotiate(query: str | None, accept_language: str | None, default: Lang) -> Lang:
    """Return the language of the answer.

    Args:
        query: The ``lang`` query parameter, if any (ignored unless ``fi``, ``sv`` or ``en``).
        accept_language: The ``Accept-Language`` header, if any.
        default: The service's default language (settings).
    """
    if query in _SPOKEN:
        return _SPOKEN[query]
    if not accept_language:
        return default
    if len(accept_language) <= _CACHED_HEADER_MAX:
        return _from_header(accept_language, default)
    return _choose(accept_language, default)


# A client sends the same header on every request, and a handful of clients call a service:
# parsing it (10-15 µs for a browser's header) is done once per distinct header. Bounded in
# entries and in the length of a cached header, so no client can grow the cache.
_CACHED_HEADER_MAX = 256


def _choose(accept_language: str, default: Lang) -> Lang:
    ranges = _ranges(accept_language)
    refused = {tag for negative_weight, _, tag in ranges if negative_weight == 0}
    for negative_weight, _, tag in ranges:
        if negative_weight == 0:
            continue
        if tag == "*":
            allowed: list[Lang] = [lang for lang in (default, *Lang) if lang.value not in refused]
            if allowed:
                return allowed[0]
            continue
        subtags = tag.split("-")
        while subtags:  # RFC 4647 lookup: sv-FI, then sv
            candidate = "-".join(subtags)
            if candidate in _SPOKEN and candidate not in refused:
                return _SPOKEN[candidate]
            subtags.pop()
    return default


_from_header = lru_cache(maxsize=128)(_choose)


def scope_lang(headers: Iterable[tuple[bytes, bytes]], query_string: bytes, default: Lang) -> Lang:
    """The language of an ASGI request, from its raw headers and query string."""
    header = next(
        (value.decode("latin-1") for name, value in headers if name == b"accept-language"), None
    )
    query = parse_qs(query_string.decode("latin-1")).get("lang", [None])[-1]
    return negotiate(query, header, default)
