"""Guessable context in passwords, in the spirit of Entra Password Protection's scoring.

A password is folded (NFKC, case-folded, diacritics removed) and de-l33ted with the one
table of :mod:`.leet` (l33t characters touching a letter only), then split
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

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .._text import fold
from .leet import tables

__all__ = ["ContextAssessment", "ContextCategory", "ContextMatcher"]

_YEAR = re.compile(r"(?:19|20)\d\d")
# A l33t character matters only next to a letter: the digits of "2026" spell no word.
_LEET_NEXT_TO_LETTER = re.compile(r"(?<=[^\W\d_]).|.(?=[^\W\d_])", re.DOTALL)


def _deleeted(text: str) -> set[str]:
    """Readings of ``text`` with the l33t characters that touch a letter read as letters."""
    touching = {match.start() for match in _LEET_NEXT_TO_LETTER.finditer(text)}
    readings = set()
    for table in tables(text):
        readings.add(
            "".join(
                table[char] if index in touching and char in table else char
                for index, char in enumerate(text)
            )
        )
    return readings


_MIN_TERM = 3

# (characters consumed, identity of the term for counting it once, category)
_Found = tuple[int, str, "ContextCategory"]


class ContextCategory(StrEnum):
    """What kind of guessable context a password contains."""

    PLACE = "place"
    CALENDAR = "calendar"
    COMMON_WORD = "common-word"
    SERVICE = "service"
    PERSONAL = "personal"
    NAME = "name"


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


def _within_one_edit(found: str, term: str) -> bool:
    """Whether ``found`` is ``term`` with at most one substitution, insertion, deletion or swap."""
    lf, lt = len(found), len(term)
    if abs(lf - lt) > 1:
        return False
    i = 0
    shortest = min(lf, lt)
    while i < shortest and found[i] == term[i]:
        i += 1
    if lf == lt:
        if i >= shortest or found[i + 1 :] == term[i + 1 :]:
            return True
        return (
            i + 1 < shortest
            and found[i] == term[i + 1]
            and found[i + 1] == term[i]
            and found[i + 2 :] == term[i + 2 :]
        )
    if lf > lt:
        return found[i + 1 :] == term[i:]
    return found[i:] == term[i + 1 :]


class _TermIndex:
    """Exact and one-edit lookups for a set of terms.

    One-edit candidates are found through anchors: a term of five or more characters that
    is within one edit of the text at ``pos`` keeps its first two characters at offset 0
    (edit at index 2 or later), its characters 2-3 at offset 1, 2 or 3 (edit at index 0
    or 1), or its characters 3-4 at offset 3 (a swap of indexes 1 and 2). Four lookups per
    position find the few candidates, which are then verified.
    """

    def __init__(self, terms: Mapping[str, ContextCategory], fuzzy_min: int) -> None:
        self.exact: dict[int, dict[str, ContextCategory]] = {}
        self.category = dict(terms)
        # Candidates in insertion order: match_at keeps the longest, so no sorting is needed.
        self.anchors: dict[tuple[int, str], list[str]] = {}
        for term, category in terms.items():
            self.exact.setdefault(len(term), {}).setdefault(term, category)
            if len(term) < max(fuzzy_min, 5):
                continue
            keys = {(0, term[0:2]), (1, term[2:4]), (2, term[2:4]), (3, term[2:4]), (3, term[3:5])}
            for key in keys:
                self.anchors.setdefault(key, []).append(term)
        # Exact terms by their first three characters (every term has at least three).
        starts: dict[str, set[int]] = {}
        for term in terms:
            starts.setdefault(term[:3], set()).add(len(term))
        self.starts = {key: sorted(lengths, reverse=True) for key, lengths in starts.items()}

    def match_at(self, text: str, pos: int) -> _Found | None:
        """Return the longest term matching at ``pos``, exactly or within one typo."""
        for length in self.starts.get(text[pos : pos + 3], ()):
            term = text[pos : pos + length]
            category = self.exact[length].get(term)
            if category is not None and len(term) == length:
                return length, term, category
        # Terms begin with letters; a typo'd digit is caught by the de-l33ted readings.
        if not self.anchors or not text[pos].isalpha():
            return None
        candidates: list[str] = []
        for offset in (0, 1, 2, 3):
            found = self.anchors.get((offset, text[pos + offset : pos + offset + 2]))
            if found:
                candidates.extend(found)
        best: _Found | None = None
        for term in candidates:
            for length in (len(term) + 1, len(term), len(term) - 1):
                window = text[pos : pos + length]
                if len(window) == length and _within_one_edit(window, term):
                    if best is None or length > best[0]:
                        best = (length, term, self.category[term])
                    break
        return best


# Terms (never the password) repeat across calls: the person's tokens, the service name.
@functools.lru_cache(maxsize=8192)
def _term_key(term: str) -> str:
    return fold(term)


# Service names and the person's own tokens repeat across an export; none of them is secret.
@functools.lru_cache(maxsize=1024)
def _extra_index(terms: tuple[tuple[str, ContextCategory], ...], fuzzy_min: int) -> _TermIndex:
    return _TermIndex(dict(terms), fuzzy_min)


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
                key = _term_key(word)
                if len(key) >= _MIN_TERM:  # shorter terms would match everywhere
                    folded.setdefault(key, category)
        return folded

    def assess(
        self, password: str, extra: Mapping[ContextCategory, Iterable[str]] = {}
    ) -> ContextAssessment:
        """Assess ``password``; ``extra`` adds per-call terms (service, personal tokens)."""
        folded = fold(password)
        scanned, rest = folded[: self._window], len(folded[self._window :])
        indexes = [self._static_index]
        extra_terms = tuple(sorted(self._fold_terms(extra).items()))
        if extra_terms:
            indexes.append(_extra_index(extra_terms, self._fuzzy_min))
        readings = {scanned, *_deleeted(scanned)}
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
