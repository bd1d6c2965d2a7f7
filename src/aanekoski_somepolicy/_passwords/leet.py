"""The one l33t table used by the estimator, the context matcher and the blocklist.

It is zxcvbn's own table (``4``/``@`` for ``a``, ``1``/``!``/``|`` for ``i`` and so on), so
the estimator reads every substitution zxcvbn reads, and the blocklist and the context
matcher read the same ones. Three characters stand for two letters each (``1`` and ``|``
for ``i`` or ``l``, ``7`` for ``l`` or ``t``), so a text has at most eight readings.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from zxcvbn import matching

__all__ = ["SUBSTITUTES", "spellings", "tables"]


def _substitutes() -> dict[str, tuple[str, ...]]:
    options: dict[str, list[str]] = {}
    for letter, characters in matching.L33T_TABLE.items():
        for character in characters:
            options.setdefault(character, []).append(letter)
    return {character: tuple(letters) for character, letters in options.items()}


SUBSTITUTES: Mapping[str, tuple[str, ...]] = _substitutes()


def tables(text: str) -> list[dict[str, str]]:
    """Every consistent reading of the l33t characters present in ``text``.

    Each table maps every l33t character of ``text`` to one letter, as zxcvbn's l33t matcher
    does; a character standing for two letters gives two tables. No l33t character: no table.
    """
    present = sorted({character for character in text if character in SUBSTITUTES})
    if not present:
        return []
    choices = [SUBSTITUTES[character] for character in present]
    return [dict(zip(present, letters, strict=True)) for letters in itertools.product(*choices)]


# The letters crackers' l33t rules substitute in words; the others (b, c, g, x, z) rarely.
_SPELLED = "aeios"


def _letter_options() -> dict[str, tuple[str, ...]]:
    options: dict[str, list[str]] = {}
    for character, letters in SUBSTITUTES.items():
        for letter in letters:
            if letter in _SPELLED:
                options.setdefault(letter, []).append(character)
    return {letter: tuple(characters) for letter, characters in options.items()}


_OPTIONS = _letter_options()
_FIRST = str.maketrans({letter: options[0] for letter, options in _OPTIONS.items()})
_LAST = str.maketrans({letter: options[-1] for letter, options in _OPTIONS.items()})


def spellings(word: str) -> list[str]:
    """The l33t spellings a cracker's rules make of ``word`` (every substitutable letter).

    The inverse of :func:`tables` for the letters people substitute in words: the first and
    the last character the table offers for each (``salasana``: ``$4l4$4n4``, ``5@l@5@n@``).
    Lower-case letters only; the word itself is not included.
    """
    found: list[str] = []
    for table in (_FIRST, _LAST):
        spelled = word.translate(table)
        if spelled != word and spelled not in found:
            found.append(spelled)
    return found
