"""Spotting the City of Äänekoski named as employer in profile texts (rule 5).

Finnish inflects the name: *Äänekosken kaupunki*, *Äänekosken kaupungilla*, *Äänekosken
kaupungin palveluksessa*, *Äänekosken kaupungille* ... Texts are folded (case, diacritics)
before matching, so *AANEKOSKEN KAUPUNGILLA* counts too. Swedish (*Äänekoski stad*) and
English (*City of Äänekoski*) forms are recognised. A bare *Äänekoski* names a place, not
an employer, except in the structured employer field.
"""

from __future__ import annotations

import re

from .._text import fold

__all__ = ["find_city_employer"]

# "kaupun" + any inflection ending: kaupunki, kaupungin, kaupungilla, kaupunkiin, ...
_FORMS = re.compile(
    r"\baanekosken\s+kaupun[a-z]*"
    r"|\baanekoski\s+(?:kaupunki|stad|stads|city|town)\b"
    r"|\b(?:city|town|municipality)\s+of\s+aanekoski\b"
    r"|\baanekoski\s+stads?\b"
    r"|\bstaden\s+aanekoski\b"
)
_BARE = re.compile(r"^\s*aanekosk(?:i|en)\s*$")
_EMPLOYER_TEXT_MAX = 1024


def find_city_employer(employer: str | None, texts: tuple[str, ...]) -> list[str]:
    """Return where a profile names the city as employer (empty when it does not).

    Args:
        employer: The structured employer field.
        texts: Free-text fields (headline, about ...).

    Returns:
        ``"employer-field"`` and/or ``"free-text"``.
    """
    found: list[str] = []
    if employer:
        folded = fold(employer[:_EMPLOYER_TEXT_MAX])
        if _FORMS.search(folded) or _BARE.match(folded):
            found.append("employer-field")
    if any(_FORMS.search(fold(text)) for text in texts):
        found.append("free-text")
    return found
