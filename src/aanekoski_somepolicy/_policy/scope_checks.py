"""Checks that belong to the guideline's scope rather than to one of its rules.

Reports name them by id as they name a rule's elements (``scope.role-recognised``), so
``somepolicy rules`` lists them under the scope and ``somepolicy explain`` explains them.
Their words are in the message catalog's ``scope-checks`` section.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._i18n import LocalizedText, Message, messages

__all__ = ["ROLE_RECOGNISED", "SCOPE_CHECKS", "SCOPE_ID", "ScopeCheck", "find_scope_checks"]

SCOPE_ID = "scope"
"""The id that ``explain`` takes for the scope and its checks, and their findings' ``rule``."""

ROLE_RECOGNISED = "scope.role-recognised"
"""A role spelled as no accepted role: evaluated as bound staff, with a warning (or invalid)."""


@dataclass(frozen=True)
class ScopeCheck:
    """A check on the scope: its id and what it says, in three languages.

    Attributes:
        id: The id findings carry (``scope.role-recognised``).
        summary: What the check asks.
        remedy: What to do when it fails.
    """

    id: str
    summary: LocalizedText
    remedy: LocalizedText


def _check(check_id: str) -> ScopeCheck:
    words = messages("scope-checks")
    name = check_id.removeprefix(f"{SCOPE_ID}.")
    return ScopeCheck(check_id, words[name], words[f"{name}-remedy"])


SCOPE_CHECKS: tuple[ScopeCheck, ...] = (_check(ROLE_RECOGNISED),)
"""Every scope check, in the order ``rules`` lists them."""


def find_scope_checks(wanted: str) -> tuple[ScopeCheck, ...] | None:
    """Return the scope checks ``wanted`` names (``scope``: all), or None for another id.

    Ids match case-insensitively.

    Raises:
        KeyError: ``wanted`` starts with ``scope.`` but names no scope check; the message
            lists the ids there are.
    """
    key = wanted.strip().lower()
    if key == SCOPE_ID:
        return SCOPE_CHECKS
    if not key.startswith(f"{SCOPE_ID}."):
        return None
    found = tuple(check for check in SCOPE_CHECKS if check.id == key)
    if not found:
        ids = ", ".join(check.id for check in SCOPE_CHECKS)
        raise KeyError(
            Message("lookup", "no-element", value=repr(wanted[:60]), rule=SCOPE_ID, ids=ids)
        )
    return found
