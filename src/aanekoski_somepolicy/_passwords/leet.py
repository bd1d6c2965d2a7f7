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

__all__ = ["SUBSTITUTES", "tables"]


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
