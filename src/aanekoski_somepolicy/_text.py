"""Unicode normalisation shared by every check.

Passwords, usernames, role names and profile texts all arrive in many forms: NFC or NFD,
fullwidth, upper case, with or without Finnish diacritics. Every comparison in the library
goes through the few functions here so that the forms agree everywhere.
"""

from __future__ import annotations

import unicodedata

__all__ = ["casefold_nfkc", "fold", "fold_diacritics", "nfkc"]


def nfkc(text: str) -> str:
    """Return ``text`` in Unicode normalisation form NFKC."""
    return unicodedata.normalize("NFKC", text)


def casefold_nfkc(text: str) -> str:
    """Return ``text`` NFKC-normalised and case-folded (``"Äänekoski"`` -> ``"äänekoski"``)."""
    return nfkc(nfkc(text).casefold())


def fold_diacritics(text: str) -> str:
    """Strip combining marks so that ``ä`` -> ``a``, ``ö`` -> ``o``, ``å`` -> ``a``.

    Characters without a decomposition (``ß``, ``ø``) are kept as they are.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Return the comparison key of ``text``: NFKC, case-folded, diacritics removed."""
    if text.isascii():
        # ASCII is its own NFKC, NFKD and NFC form, has no combining marks, and case-folds
        # exactly as it lower-cases: the same key without three normalisation passes.
        return text.lower()
    return fold_diacritics(casefold_nfkc(text))
