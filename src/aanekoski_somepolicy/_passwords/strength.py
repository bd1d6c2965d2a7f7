"""Guessability of a password, estimated with zxcvbn's model on bounded input.

zxcvbn's own entry point is unsafe for a library that must answer quickly and from threads:
its l33t matcher tries every substitution table (736 tables for a 32-character password
of l33t characters, 0.4 s) and it rewrites a module-global dictionary with each call's user
inputs. This module keeps zxcvbn's scoring model (``most_guessable_match_sequence``) and its
spatial, sequence, regex and date matchers, and supplies its own dictionary matcher:

* all dictionaries are merged into one ranked lookup, built once, never mutated;
* user inputs live in a per-call dictionary, so concurrent calls cannot see each other's;
* l33t substitutions are tried as at most two whole-password variants, not all tables;
* only the first ``window`` code points are scored. An attacker who guesses a password also
  guesses its prefix, so the prefix's estimate is a lower bound: never optimistic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zxcvbn import matching, scoring
from zxcvbn.time_estimates import guesses_to_score

__all__ = ["GuessEstimate", "GuessEstimator"]

Match = dict[str, Any]

# zxcvbn's own pattern stops at 2019; people append the current year.
_YEARS = {"recent_year": re.compile(r"19\d\d|20\d\d")}
_GREEDY = re.compile(r"(.+)\1+", re.DOTALL)
_LAZY = re.compile(r"(.+?)\1+", re.DOTALL)
_LAZY_ANCHORED = re.compile(r"^(.+?)\1+$", re.DOTALL)
_MAX_DEPTH = 3


def _l33t_options() -> dict[str, tuple[str, ...]]:
    options: dict[str, list[str]] = {}
    for letter, substitutes in matching.L33T_TABLE.items():
        for substitute in substitutes:
            options.setdefault(substitute, []).append(letter)
    return {char: tuple(letters) for char, letters in options.items()}


_L33T = _l33t_options()


@dataclass(frozen=True)
class GuessEstimate:
    """How many guesses an attacker needs, by zxcvbn's model.

    Attributes:
        score: zxcvbn's 0-4 score.
        guesses_log10: Base-10 logarithm of the estimated number of guesses.
        scored_length: How many code points were scored (the window, or less).
    """

    score: int
    guesses_log10: float
    scored_length: int


def lower_aligned(text: str) -> str:
    """Lower-case ``text`` character by character, keeping its length.

    Match positions index the password, so a character whose lower case is longer (``"İ"``
    becomes two code points) stays as it is rather than shifting every later position.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class GuessEstimator:
    """Estimate guesses with zxcvbn's built-in dictionaries plus extra ranked word lists.

    Args:
        extra: Ranked word lists (most common first) by name; words are matched lower-case.
        window: How many code points of a password to score.
    """

    def __init__(self, extra: Mapping[str, Iterable[str]], *, window: int) -> None:
        merged: dict[str, int] = {}
        names: dict[str, str] = {}
        sources: list[tuple[str, Mapping[str, int]]] = [
            (name, ranked)
            for name, ranked in matching.RANKED_DICTIONARIES.items()
            if name != "user_inputs"
        ]
        sources += [(name, matching.build_ranked_dict(words)) for name, words in extra.items()]
        for name, ranked in sources:
            for word, rank in ranked.items():
                word = word.lower()
                if rank < merged.get(word, math.inf):
                    merged[word] = rank
                    names[word] = name
        self._ranked = merged
        self._names = names
        self._max_word = max((len(word) for word in merged), default=1)
        # Prefixes of the longer words: a substring whose first 4 (or 7) characters start no
        # word of 5+ (or 8+) characters need not be extended that far.
        self._prefix4 = frozenset(word[:4] for word in merged if len(word) >= 5)
        self._prefix7 = frozenset(word[:7] for word in merged if len(word) >= 8)
        self.window = window

    def estimate(self, password: str, user_inputs: Iterable[str] = ()) -> GuessEstimate:
        """Estimate guesses for ``password``, scoring at most ``window`` code points.

        Args:
            password: The (already normalised) password.
            user_inputs: Words an attacker knows about the user: names, username, service.
        """
        scored = password[: self.window]
        if not scored:
            return GuessEstimate(score=0, guesses_log10=0.0, scored_length=0)
        user: dict[str, int] = {}
        for rank, word in enumerate(user_inputs, 1):
            user.setdefault(word.lower(), rank)
        result = scoring.most_guessable_match_sequence(scored, self._omnimatch(scored, user, 0))
        guesses = result["guesses"]
        return GuessEstimate(
            score=int(guesses_to_score(guesses)),
            guesses_log10=float(result["guesses_log10"]),
            scored_length=len(scored),
        )

    def _omnimatch(self, password: str, user: Mapping[str, int], depth: int) -> list[Match]:
        matches = self._dictionary(password, password, user)
        matches += self._reversed(password, user)
        matches += self._l33t(password, user)
        matches += matching.spatial_match(password)
        matches += self._repeats(password, user, depth)
        matches += matching.sequence_match(password)
        matches += matching.regex_match(password, _regexen=_YEARS)
        matches += matching.date_match(password)
        matches.sort(key=lambda match: (match["i"], match["j"]))
        return matches

    def _dictionary(self, token_source: str, text: str, user: Mapping[str, int]) -> list[Match]:
        """Find dictionary words in ``text``; tokens are cut from ``token_source``."""
        lower = lower_aligned(text)
        length = len(lower)
        ranked = self._ranked
        found: dict[tuple[int, int], tuple[int, str]] = {}
        for i in range(length):
            if lower[i : i + 4] not in self._prefix4:
                reach = 4
            elif lower[i : i + 7] not in self._prefix7:
                reach = 7
            else:
                reach = self._max_word
            for j in range(i, min(length, i + reach)):
                rank = ranked.get(lower[i : j + 1])
                if rank is not None:
                    found[(i, j)] = (rank, self._names[lower[i : j + 1]])
        # The few user inputs are located directly rather than looked up per substring.
        for word, rank in user.items():
            start = lower.find(word)
            while start != -1:
                key = (start, start + len(word) - 1)
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, "user_inputs")
                start = lower.find(word, start + 1)
        return [
            {
                "pattern": "dictionary",
                "i": i,
                "j": j,
                "token": token_source[i : j + 1],
                "matched_word": lower[i : j + 1],
                "rank": rank,
                "dictionary_name": name,
                "reversed": False,
                "l33t": False,
            }
            for (i, j), (rank, name) in found.items()
        ]

    def _reversed(self, password: str, user: Mapping[str, int]) -> list[Match]:
        backwards = password[::-1]
        last = len(password) - 1
        matches = self._dictionary(backwards, backwards, user)
        for match in matches:
            match["token"] = match["token"][::-1]
            match["reversed"] = True
            match["i"], match["j"] = last - match["j"], last - match["i"]
        return matches

    def _l33t(self, password: str, user: Mapping[str, int]) -> list[Match]:
        lower = lower_aligned(password)
        if not any(char in _L33T for char in lower):
            return []
        matches: list[Match] = []
        variants = {
            "".join(
                _L33T[char][min(k, len(_L33T[char]) - 1)] if char in _L33T else char
                for char in lower
            )
            for k in (0, 1)
        }
        for variant in variants:
            for match in self._dictionary(password, variant, user):
                token = match["token"]
                if len(token) < 2 or token.lower() == match["matched_word"]:
                    continue
                sub = {
                    lower[index]: variant[index]
                    for index in range(match["i"], match["j"] + 1)
                    if lower[index] != variant[index]
                }
                match["l33t"] = True
                match["sub"] = sub
                match["sub_display"] = ", ".join(f"{key} -> {value}" for key, value in sub.items())
                matches.append(match)
        return matches

    def _repeats(self, password: str, user: Mapping[str, int], depth: int) -> list[Match]:
        if depth >= _MAX_DEPTH:
            return []
        matches: list[Match] = []
        last_index = 0
        while last_index < len(password):
            greedy = _GREEDY.search(password, pos=last_index)
            lazy = _LAZY.search(password, pos=last_index)
            if greedy is None or lazy is None:
                break
            if len(greedy.group(0)) > len(lazy.group(0)):
                found = greedy
                anchored = _LAZY_ANCHORED.search(found.group(0))
                base = anchored.group(1) if anchored else found.group(1)
            else:
                found = lazy
                base = found.group(1)
            i, j = found.start(), found.end() - 1
            analysis = scoring.most_guessable_match_sequence(
                base, self._omnimatch(base, user, depth + 1)
            )
            matches.append(
                {
                    "pattern": "repeat",
                    "i": i,
                    "j": j,
                    "token": found.group(0),
                    "base_token": base,
                    "base_guesses": analysis["guesses"],
                    "base_matches": analysis["sequence"],
                    "repeat_count": len(found.group(0)) / len(base),
                }
            )
            last_index = j + 1
        return matches
