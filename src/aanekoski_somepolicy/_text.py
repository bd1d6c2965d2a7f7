"""Unicode normalisation shared by every check.

Passwords, usernames, role names and profile texts all arrive in many forms: NFC or NFD,
fullwidth, upper case, with or without Finnish diacritics. Every comparison in the library
goes through the few functions here so that the forms agree everywhere.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "casefold_nfkc",
    "fold",
    "fold_aligned",
    "fold_diacritics",
    "lower_aligned",
    "nfkc",
    "visible",
]

# Control characters (but tab and line feed) and the bidirectional formatting characters: an
# export's values reach a terminal in reports and messages, where ESC starts a control
# sequence (clear the screen, set the title) and U+202E reverses the rest of a line.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Return ``text`` with control and bidirectional formatting characters written as escapes.

    ESC becomes the four characters backslash, x, 1, b; U+202E the six of its code: what a
    terminal would obey is shown instead. Tabs and line feeds stay.
    """
    return _INVISIBLE.sub(_escaped, text)


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


# ASCII and the Finnish letters fold without the Unicode machinery (word lists are mostly that).
_FINNISH_PLAIN = re.compile(r"[\x00-\x7fÅÄÖåäö]*")
_FINNISH_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")


def fold(text: str) -> str:
    """Return the comparison key of ``text``: NFKC, case-folded, diacritics removed."""
    if text.isascii():
        # ASCII is its own NFKC, NFKD and NFC form, has no combining marks, and case-folds
        # exactly as it lower-cases: the same key without three normalisation passes.
        return text.lower()
    if _FINNISH_PLAIN.fullmatch(text):
        return text.translate(_FINNISH_FOLD).lower()
    return fold_diacritics(casefold_nfkc(text))


def _aligned(char: str, mapped: str) -> str:
    """One code point standing for ``char`` after ``mapped`` (its case mapping)."""
    if len(mapped) == 1:
        return mapped
    # "İ".lower() is "i" + U+0307: keep the base letter so that positions stay put.
    base = fold_diacritics(mapped)
    return base if len(base) == 1 else char


def lower_aligned(text: str) -> str:
    """Lower-case ``text`` code point by code point, keeping its length.

    ``str.lower`` can lengthen a string (``"İ".lower()`` is two code points), which breaks
    code that uses positions of the lowered text in the original. Here a code point whose
    lower-case form is longer becomes that form's base letter (``İ`` -> ``i``), or stays as it
    is when there is no single base letter, so position ``k`` of the result always stands for
    position ``k`` of ``text``.
    """
    return "".join(_aligned(char, char.lower()) for char in text)


def fold_aligned(text: str) -> str:
    """Return the comparison key of each code point of ``text``, keeping its length.

    Like :func:`fold` (case-folded, diacritics removed) but code point by code point, so that
    positions agree with ``text``: ``"Kİssa"`` -> ``"kissa"``, ``"Äß"`` -> ``"aß"``. Use it
    where a match found in the folded text is reported or cut at the same positions of the
    original; use :func:`fold` where only the folded text matters.
    """
    out = []
    for char in text:
        folded = _aligned(char, nfkc(char).casefold())
        out.append(_aligned(folded, fold_diacritics(folded)))
    return "".join(out)
