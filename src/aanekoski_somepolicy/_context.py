"""Guessable context in passwords, in the spirit of Entra Password Protection's scoring.

A password is folded (NFKC, case-folded, diacritics removed) and de-l33ted, then split
left to right into context terms (the city's places, seasons, months, weekdays, years,
common Finnish password words, the service name, the person's own names and identifiers;
terms of ``fuzzy_min`` characters or more also match within one typo: a substitution,
insertion, deletion or swap of neighbours) and the rest.
Each distinct term scores one point (a repeated term adds nothing); each remaining letter
one point; each run of digits and symbols one point per full four characters, since
separators and ``123!`` decoration add almost nothing.
A password that contains context and scores below the threshold is rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ._text import fold

__all__ = ["ContextAssessment", "ContextCategory", "ContextMatcher"]

_YEAR = re.compile(r"(?:19|20)\d\d")
# A small, unambiguous substitution set, as Entra applies it (plus 3→e, 4→a, 5→s, 7→t).
_DELEET_PRIMARY = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
    }
)
_DELEET_ALTERNATE = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "l",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "i",
        "+": "t",
    }
)
_LEET_CHARS = frozenset("013457@$!|+")

# (characters consumed, identity of the term for counting it once, category)
_Found = tuple[int, str, "ContextCategory"]


class ContextCategory(StrEnum):
    """What kind of guessable context a password contains."""

    PLACE = "place"
    CALENDAR = "calendar"
    COMMON_WORD = "common-word"
    SERVICE = "service"
    PERSONAL = "personal"


@dataclass(frozen=True)
class ContextAssessment:
    """The result of scanning a password for context.

    Attributes:
        points: Entra-style points of the weakest reading (terms + remaining characters).
        categories: Kinds of context found, sorted; never the matched text.
        terms: How many context terms the weakest reading contains.
    """

    points: int
    categories: tuple[ContextCategory, ...]
    terms: int


class _TermIndex:
    """Exact and one-edit lookups for a set of terms."""

    def __init__(self, terms: Mapping[str, ContextCategory], fuzzy_min: int) -> None:
        self.exact: dict[int, dict[str, ContextCategory]] = {}
        self.substitution: dict[int, dict[tuple[int, str], ContextCategory]] = {}
        self.deletion: dict[int, dict[str, ContextCategory]] = {}
        self.swapped: dict[int, dict[str, ContextCategory]] = {}
        for term, category in terms.items():
            length = len(term)
            self.exact.setdefault(length, {}).setdefault(term, category)
            if length < fuzzy_min:
                continue
            subs = self.substitution.setdefault(length, {})
            dels = self.deletion.setdefault(length - 1, {})
            swaps = self.swapped.setdefault(length, {})
            for i in range(length):
                reduced = term[:i] + term[i + 1 :]
                subs.setdefault((i, reduced), category)
                dels.setdefault(reduced, category)
                if i + 1 < length:
                    swaps.setdefault(term[:i] + term[i + 1] + term[i] + term[i + 2 :], category)
        self.lengths = sorted(self.exact, reverse=True)
        self.fuzzy_lengths = sorted(self.substitution, reverse=True)

    def match_at(self, text: str, pos: int) -> _Found | None:
        """Return the longest term matching at ``pos``, exactly or within one typo."""
        for length in self.lengths:
            term = text[pos : pos + length]
            category = self.exact[length].get(term)
            if category is not None and len(term) == length:
                return length, term, category
        for length in self.fuzzy_lengths:
            found = self._fuzzy_at(text, pos, length)
            if found is not None:
                return found
        return None

    def _fuzzy_at(self, text: str, pos: int, length: int) -> _Found | None:
        window = text[pos : pos + length + 1]
        if len(window) >= length:
            same = window[:length]
            category = self.swapped[length].get(same)
            if category is not None:
                return length, f"~{same}", category
            subs = self.substitution[length]
            for i in range(length):
                key = same[:i] + same[i + 1 :]
                category = subs.get((i, key))
                if category is not None:
                    return length, f"{i}:{key}", category
        if len(window) == length + 1:
            exact = self.exact[length]
            for i in range(length + 1):
                key = window[:i] + window[i + 1 :]
                category = exact.get(key)
                if category is not None:
                    return length + 1, key, category
        short = text[pos : pos + length - 1]
        category = self.deletion.get(length - 1, {}).get(short)
        if category is not None and len(short) == length - 1:
            return length - 1, f"-{short}", category
        return None


class ContextMatcher:
    """Scan passwords for guessable context.

    Args:
        terms: Static context terms by category (places, calendar words, common words).
        fuzzy_min: Terms at least this long also match within one typo.
        window: How many code points of a password are scanned; the rest count one point
            each, which can only raise the score of passwords long enough to pass anyway.
    """

    def __init__(
        self,
        terms: Mapping[ContextCategory, Iterable[str]],
        *,
        fuzzy_min: int,
        window: int,
    ) -> None:
        self._static = self._fold_terms(terms)
        self._fuzzy_min = fuzzy_min
        self._window = window
        self._static_index = _TermIndex(self._static, fuzzy_min)

    @staticmethod
    def _fold_terms(terms: Mapping[ContextCategory, Iterable[str]]) -> dict[str, ContextCategory]:
        folded: dict[str, ContextCategory] = {}
        for category, words in terms.items():
            for word in words:
                key = fold(word)
                if key:
                    folded.setdefault(key, category)
        return folded

    def assess(
        self, password: str, extra: Mapping[ContextCategory, Iterable[str]] = {}
    ) -> ContextAssessment:
        """Assess ``password``; ``extra`` adds per-call terms (service, personal tokens)."""
        folded = fold(password)
        scanned, rest = folded[: self._window], len(folded[self._window :])
        indexes = [self._static_index]
        extra_terms = self._fold_terms(extra)
        if extra_terms:
            indexes.append(_TermIndex(extra_terms, self._fuzzy_min))
        readings = {scanned}
        if any(char in _LEET_CHARS for char in scanned):
            readings.add(scanned.translate(_DELEET_PRIMARY))
            readings.add(scanned.translate(_DELEET_ALTERNATE))
        return min(
            (self._score(scanned, reading, indexes, rest) for reading in readings),
            key=lambda assessment: assessment.points,
        )

    @staticmethod
    def _score(original: str, text: str, indexes: list[_TermIndex], rest: int) -> ContextAssessment:
        categories: set[ContextCategory] = set()
        distinct: set[str] = set()
        letters = 0
        decoration_runs: list[int] = []
        run = 0
        pos = 0
        while pos < len(text):
            # Years are read from the original: de-l33ting would turn 2024 into 2o24.
            year = _YEAR.match(original, pos)
            found: _Found | None = None
            if year:
                found = (year.end() - pos, year.group(), ContextCategory.CALENDAR)
            else:
                for index in indexes:
                    candidate = index.match_at(text, pos)
                    if candidate is not None and (found is None or candidate[0] > found[0]):
                        found = candidate
            if found is not None:
                consumed, identity, category = found
                categories.add(category)
                distinct.add(identity)
                pos += consumed
                if run:
                    decoration_runs.append(run)
                    run = 0
                continue
            if text[pos].isalpha():
                letters += 1
                if run:
                    decoration_runs.append(run)
                    run = 0
            else:
                run += 1
            pos += 1
        if run:
            decoration_runs.append(run)
        terms = len(distinct)
        points = terms + letters + sum(length // 4 for length in decoration_runs) + rest
        return ContextAssessment(points=points, categories=tuple(sorted(categories)), terms=terms)
