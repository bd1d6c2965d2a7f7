"""Spotting the City of Äänekoski named as employer in profile texts (rule 5).

A profile names the city as employer when it says one works for it, not when it names the
city as a place to live, a council one sits on, or the owner of a company. Texts are folded
(case, diacritics; hyphens read as spaces) and read clause by clause:

* Finnish inflects the name: *Äänekosken kaupunki*, *kaupungilla*, *kaupungille*,
  *kaupungin palveluksessa*, *kaupungin sosiaalityöntekijä*, and compound titles such as
  *kaupunginjohtaja*. *kaupungissa* ("in the city") counts only beside a word about work
  (*työskentelen*, *töissä*). *kaupunginvaltuutettu*, *kaupunginhallitus*, *kaupunkilainen*,
  *kaupungin omistama* and *kaupungin asukas* do not count. *Töissä kaupungilla
  Äänekoskella* counts: the city's work in the clause that names the place.
* Swedish: *Äänekoski stad*, *Äänekoski stads ...*, *staden Äänekoski*; not *bor i*,
  *stadsfullmäktige*, *stads fullmäktige*.
* English: *City of Äänekoski*, *Äänekoski city*; not *City Council*, *living in*,
  *resident of*, *owned by*.

A bare *Äänekoski* names a place, not an employer, except in the structured employer field.
"""

from __future__ import annotations

import re

from .._text import fold

__all__ = ["find_city_employer", "names_city_as_employer"]

_CLAUSES = re.compile(r"[.!?;|,\n\u2022/()]+")
_HYPHENS = re.compile(r"[-\u2010-\u2015]")
_WORDS = re.compile(r"\w+")

# "Äänekosken kaupun..." with the rest of the word; "Äänekoski stad(s)"; "staden Äänekoski".
_FI = re.compile(r"\baanekosken\s+kaupun(\w*)")
_SV = re.compile(r"\baanekoski\s+stads?\b|\bstaden\s+(?:i\s+)?aanekoski\b")
_EN = re.compile(
    r"\b(?:city|town|municipality)\s+of\s+aanekoski\b|\baanekoski\s+(?:city|town|municipality)\b"
)
# "kaupungilla/-lle" or "kaupungin palveluksessa" without the name, next to the place name.
_LOOSE = re.compile(r"\bkaupun(?:gilla|gille|gin\s+palvelukse\w*)\b")
_PLACE = re.compile(r"\baanekosk\w*")

# Case endings of "kaupunki" that say where one works: nominative, at/to/from the city.
_FI_EMPLOYER_ENDINGS = frozenset({"ki", "gilla", "gille", "gilta"})
# "in/into/out of the city": employer only beside a word about work.
_FI_LOCATIVE_ENDINGS = frozenset({"gissa", "kiin", "gista"})
# Compounds of "kaupungin-" that are not the city as employer: council, board, district.
_FI_NOT_EMPLOYER_COMPOUNDS = ("valtuu", "hallitu", "osa")
_WORK = (
    "tyo",
    "toissa",
    "toihin",
    "toita",
    "tyoskentel",
    "palvelukse",
    "virka",
    "viran",
    "arbetar",
    "jobbar",
    "anstalld",
    "work",
    "employ",
)
# Words before the mention that make it a place of living, birth or ownership.
_BEFORE_NOT_EMPLOYER = (
    "asu",
    "syntyn",
    "syntyi",
    "kotoisin",
    "bor",
    "boende",
    "fodd",
    "live",
    "living",
    "resident",
    "born",
    "owned",
    "agd",
    "agt",
)
# Words right after the mention that make it an owner, a council or a resident.
_AFTER_NOT_EMPLOYER = (
    "omistam",
    "tytaryhtio",
    "konserni",
    "asuka",
    "valtuu",
    "hallitu",
    "alue",
    "council",
    "board",
    "resident",
    "owned",
    "fullmaktige",
    "styrelse",
    "invanare",
    "agd",
)
# A genitive before a bare "kaupungilla" names another city (Jyväskylän kaupungilla);
# these words end in -n without being place names.
_NOT_CITY_GENITIVES = frozenset({"olen", "olin", "on", "minun", "mun", "han", "hanen", "sen"})
# How many words before a mention can make it a place of living (asun, bor i, living in the).
_BEFORE_WINDOW = 3
_BARE = re.compile(r"^\s*aanekosk(?:i|en)\s*$")
_EMPLOYER_TEXT_MAX = 1024


def _starts(word: str, prefixes: tuple[str, ...]) -> bool:
    return word.startswith(prefixes)


def _excluded(clause: str, start: int, end: int) -> bool:
    """Whether the words around ``clause[start:end]`` make the mention a non-employer."""
    before = _WORDS.findall(clause[:start])[-_BEFORE_WINDOW:]
    after = _WORDS.findall(clause[end:])
    if any(_starts(word, _BEFORE_NOT_EMPLOYER) for word in before):
        return True
    return bool(after) and _starts(after[0], _AFTER_NOT_EMPLOYER)


def _mentions_work(clause: str) -> bool:
    return any(_starts(word, _WORK) for word in _WORDS.findall(clause))


def _finnish(clause: str) -> bool:
    for match in _FI.finditer(clause):
        rest = match.group(1)
        if rest in _FI_EMPLOYER_ENDINGS or rest == "gin":
            employer = True
        elif rest in _FI_LOCATIVE_ENDINGS:
            employer = _mentions_work(clause)
        elif rest.startswith("gin"):
            employer = not rest[3:].startswith(_FI_NOT_EMPLOYER_COMPOUNDS)
        else:  # kaupunkilainen, kaupunkia, kaupunkikeskusta ...
            employer = False
        if employer and not _excluded(clause, match.start(), match.end()):
            return True
    return False


def _loose(clause: str) -> bool:
    if not _PLACE.search(clause):
        return False
    for match in _LOOSE.finditer(clause):
        before = _WORDS.findall(clause[: match.start()])
        if before and before[-1].endswith("n") and before[-1] not in _NOT_CITY_GENITIVES:
            continue  # another city's: "Jyväskylän kaupungilla"
        if not _excluded(clause, match.start(), match.end()):
            return True
    return False


def _other_language(pattern: re.Pattern[str], clause: str) -> bool:
    return any(
        not _excluded(clause, match.start(), match.end()) for match in pattern.finditer(clause)
    )


def names_city_as_employer(text: str) -> bool:
    """Whether free text says its author works for the City of Äänekoski."""
    folded = _HYPHENS.sub(" ", fold(text))
    for clause in _CLAUSES.split(folded):
        if (
            _finnish(clause)
            or _loose(clause)
            or _other_language(_SV, clause)
            or _other_language(_EN, clause)
        ):
            return True
    return False


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
        value = employer[:_EMPLOYER_TEXT_MAX]
        if _BARE.match(fold(value)) or names_city_as_employer(value):
            found.append("employer-field")
    if any(names_city_as_employer(text) for text in texts):
        found.append("free-text")
    return found
