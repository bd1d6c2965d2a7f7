"""Comparing a leisure username with the person's work identities."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .._text import fold

__all__ = ["identity_key", "work_identity_matches"]


@functools.lru_cache(maxsize=16384)
def identity_key(value: str) -> str:
    """Return the comparison key of a username or address.

    Case-folded, NFKC-normalised, diacritics folded, and an e-mail domain part dropped, so
    ``Matti.Mäkinen@gmail.com`` and ``matti.makinen`` compare equal.
    """
    text = value.strip()
    if "@" in text:
        text = text.rsplit("@", 1)[0]
    return fold(text).strip()


def work_identity_matches(
    username: str, work_usernames: Iterable[str], work_emails: Iterable[str]
) -> list[str]:
    """Return which kinds of work identity ``username`` equals (empty when none).

    The kinds are ``work-username`` and ``work-email-local-part``.
    """
    key = identity_key(username)
    if not key:
        return []
    found: list[str] = []
    if any(identity_key(work) == key for work in work_usernames):
        found.append("work-username")
    if any(identity_key(address) == key for address in work_emails):
        found.append("work-email-local-part")
    return found
