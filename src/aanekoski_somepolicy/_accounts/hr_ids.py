"""Comparing identifiers from the HR system (person, supervisor and responsible-person ids).

One rule for every check: ids compare as the HR system compares them. Most HR systems treat
``H100`` and ``h100`` as one id, so ids are case-insensitive by default
(``parameters.identities.case_sensitive`` in the policy data changes that). Unicode forms
(NFKC: fullwidth digits) and surrounding white space never make two ids differ.
"""

from __future__ import annotations

from .._text import casefold_nfkc, nfkc

__all__ = ["hr_id_key", "same_hr_id"]


def hr_id_key(value: str, *, case_sensitive: bool = False) -> str:
    """Return the comparison key of an HR id."""
    if case_sensitive:
        return nfkc(value).strip()
    return casefold_nfkc(value).strip()


def same_hr_id(first: str, second: str, *, case_sensitive: bool = False) -> bool:
    """Whether two HR ids name the same person."""
    return hr_id_key(first, case_sensitive=case_sensitive) == hr_id_key(
        second, case_sensitive=case_sensitive
    )
