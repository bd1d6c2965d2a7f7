"""Guessability of a password, estimated with zxcvbn's model on bounded input.

zxcvbn's own entry point is unsafe for a library that must answer quickly and from threads:
its l33t matcher tries every substitution table (736 tables for a 32-character password
of l33t characters, 0.4 s) and it rewrites a module-global dictionary with each call's user
inputs. This module keeps zxcvbn's scoring model (the guesses of each match, ``estimate_guesses``, and
of a sequence, ``l! * product + 10000**(l-1)``) and its spatial, sequence, regex and date
matchers, and supplies its own dictionary matcher and its own search for the best sequence:

* all dictionaries are merged into one ranked lookup, built once, never mutated;
* user inputs live in a per-call dictionary, so concurrent calls cannot see each other's;
* l33t substitutions are read per token, not per whole-password table: a word matches
  where each l33t character of the token stands, consistently, for itself or one of its
  letters (:mod:`.leet`). zxcvbn enumerates whole-password tables (exponentially many, some
  partial); each of its l33t matches is one of these, found here in time linear in the
  password;
* text is lower-cased code point by code point (:func:`lower_aligned`), so a character whose
  lower case is longer (``İ``) cannot push a match past the password's end; zxcvbn's own
  reading of ``str.lower`` is tried as well, so no match zxcvbn finds is missed;
* the best sequence is found exactly (:func:`minimum_guesses`). zxcvbn's search drops a
  sequence when a shorter one has fewer guesses *so far*, which is not safe: an extra match
  (a Finnish word) could then raise its answer ("testi07-01-90");
* only the first ``window`` code points are scored. An attacker who guesses a password also
  guesses its prefix, so the prefix's estimate is a lower bound: never optimistic.

Every match zxcvbn 4.5.0 finds is found here too, with the same or a better rank, so the
estimate never exceeds zxcvbn's for a password it can score (``window`` is at least its
72-code-point maximum); ``tests/test_strength_parity.py`` holds it to that.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zxcvbn import matching, scoring
from zxcvbn.time_estimates import guesses_to_score

from .._text import lower_aligned
from .index import as_set
from .leet import SUBSTITUTES

__all__ = ["GuessEstimate", "GuessEstimator"]

Match = dict[str, Any]
_NOT_FOUND = (math.inf, "", "")
_NOT_FOUND_L33T: tuple[float, str, dict[str, str]] = (math.inf, "", {})

# zxcvbn's own pattern stops at 2019; people append the current year.
_YEARS = {"recent_year": re.compile(r"19\d\d|20\d\d")}
# zxcvbn's repeat patterns, as they are (without DOTALL), so the same repeats are found.
_GREEDY = re.compile(r"(.+)\1+")
_LAZY = re.compile(r"(.+?)\1+")
_LAZY_ANCHORED = re.compile(r"^(.+?)\1+$")


def _views(text: str) -> list[str]:
    """The lower-case readings of ``text`` whose positions ``0..len(text)-1`` are matched.

    The aligned reading keeps positions; ``str.lower`` (zxcvbn's reading) can differ (``İ``
    grows, a final sigma changes), and zxcvbn matches its first ``len(text)`` positions.
    """
    aligned = lower_aligned(text)
    stock = text.lower()
    return [aligned] if stock == aligned else [aligned, stock]


def _keep(entries: dict[int, Decimal], length: int, product: Decimal) -> None:
    """Record a sequence unless a sequence no longer and no costlier ends at the same place."""
    if any(other <= length and value <= product for other, value in entries.items()):
        return
    for other in [other for other, value in entries.items() if other >= length]:
        if entries[other] >= product:
            del entries[other]
    entries[length] = product


_ONE_CHARACTER = Decimal(scoring.MIN_SUBMATCH_GUESSES_SINGLE_CHAR + 1)
_TWO_CHARACTERS = Decimal(scoring.BRUTEFORCE_CARDINALITY**2)
_CARDINALITY = Decimal(scoring.BRUTEFORCE_CARDINALITY)


def minimum_guesses(password: str, matches: Iterable[Match]) -> Decimal:
    """The fewest guesses of any sequence of ``matches`` covering ``password``.

    zxcvbn's formula: a sequence of ``l`` matches (gaps are bruteforce matches, 11 guesses for
    one character, ``10**n`` for ``n`` > 1) costs ``l! * product(guesses) + 10000**(l - 1)``.
    For each prefix and each ``l`` only the smallest product matters, and a product is useless
    when a shorter sequence over the same prefix has one no larger (every continuation costs
    it more). Two bruteforce matches never stand side by side (one spanning both is cheaper),
    so sequences are kept apart by how they end: with a match, with a one-character or with
    a longer bruteforce run, which grows tenfold per character. Products are multiplied in
    zxcvbn's order (and by powers of ten, exactly), so a sequence zxcvbn picks is priced here
    to the same digit.
    """
    n = len(password)
    if n == 0:
        return Decimal(1)
    by_end: list[list[Match]] = [[] for _ in range(n)]
    for match in matches:
        by_end[match["j"]].append(match)
    # {l: product} of sequences covering password[0..k], by how they end.
    matched: list[dict[int, Decimal]] = [{} for _ in range(n)]
    single: list[dict[int, Decimal]] = [{} for _ in range(n)]
    run: list[dict[int, Decimal]] = [{} for _ in range(n)]
    for k in range(n):
        for match in by_end[k]:
            guesses = scoring.estimate_guesses(match, password)
            start = match["i"]
            if start == 0:
                _keep(matched[k], 1, guesses)
                continue
            for before in (matched[start - 1], single[start - 1], run[start - 1]):
                for length, product in before.items():
                    _keep(matched[k], length + 1, guesses * Decimal(product))
        if k == 0:
            _keep(single[k], 1, _ONE_CHARACTER)
            continue
        for length, product in matched[k - 1].items():
            _keep(single[k], length + 1, _ONE_CHARACTER * product)
        for length, product in run[k - 1].items():
            _keep(run[k], length, product * _CARDINALITY)
        if k == 1:
            _keep(run[k], 1, _TWO_CHARACTERS)
        else:
            for length, product in matched[k - 2].items():
                _keep(run[k], length + 1, _TWO_CHARACTERS * product)
    base: int = scoring.MIN_GUESSES_BEFORE_GROWING_SEQUENCE
    costs: list[Decimal] = [
        math.factorial(length) * product + base ** (length - 1)
        for table in (matched[n - 1], single[n - 1], run[n - 1])
        for length, product in table.items()
    ]
    return min(costs)


def _translates(mapping: Mapping[str, str]) -> bool:
    return any(key != value for key, value in mapping.items())


def _read_rest(
    view: str, pos: int, length: int, word: str, offset: int, mapping: dict[str, str]
) -> dict[str, str] | None:
    """Read ``word[offset:]`` at ``view[pos:]``, extending ``mapping``; None if it cannot."""
    if pos + len(word) - offset > length:
        return None
    chosen = dict(mapping)
    for letter in word[offset:]:
        char = view[pos]
        if char != letter:
            if chosen.get(char, letter) != letter or letter not in SUBSTITUTES.get(char, ()):
                return None
            chosen[char] = letter
        elif char in SUBSTITUTES and chosen.setdefault(char, char) != char:
            return None
        pos += 1
    return chosen


@dataclass(frozen=True)
class GuessEstimate:
    """How many guesses an attacker needs, by zxcvbn's model.

    Attributes:
        score: zxcvbn's 0-4 score.
        guesses_log10: Base-10 logarithm of the estimated number of guesses.
        scored_length: How many code points were scored (the window, or less).
        guesses: The estimated number of guesses.
    """

    score: int
    guesses_log10: float
    scored_length: int
    guesses: float


def _date_match(password: str) -> list[Match]:
    r"""Zxcvbn's date matcher, safe on line feeds.

    Its patterns end in ``$``, which also matches before a final line feed, so a digit run
    followed by one (``"34343\n3"``) reaches ``int("\n")`` and raises, in stock zxcvbn too.
    A carriage return is the same separator to its patterns but never matches ``$``; the
    tokens are then cut from the password as written.
    """
    if "\n" not in password:
        return list(matching.date_match(password))
    matches = matching.date_match(password.replace("\n", "\r"))
    for match in matches:
        # Only the separator's presence is priced, so a "\r" in its place costs the same.
        match["token"] = password[match["i"] : match["j"] + 1]
    return list(matches)


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
        self._ranked: Mapping[str, int] = merged
        self._names: Mapping[str, str] = names
        self._max_word = max((len(word) for word in merged), default=1)
        # Prefixes of the longer words: a substring whose first 4 (or 7) characters start no
        # word of 5+ (or 8+) characters need not be extended that far.
        self._prefix4: AbstractSet[str] = frozenset(word[:4] for word in merged if len(word) >= 5)
        self._prefix7: AbstractSet[str] = frozenset(word[:7] for word in merged if len(word) >= 8)
        # For l33t readings: every prefix of up to four characters, and the longer words by
        # their first four, to be checked one by one against the rest of the token.
        self._short_prefixes: AbstractSet[str] = frozenset(
            word[:length] for word in merged for length in range(1, min(len(word), 4) + 1)
        )
        by_prefix4: dict[str, list[str]] = {}
        for word in merged:
            if len(word) > 4:
                by_prefix4.setdefault(word[:4], []).append(word)
        self._by_prefix4: Mapping[str, tuple[str, ...]] = {
            key: tuple(words) for key, words in by_prefix4.items()
        }
        self.window = window

    def state(self) -> tuple[object, ...]:
        """What the constructor computed, in plain types (see :mod:`.index`)."""
        return (
            self._ranked,
            self._names,
            self._max_word,
            tuple(sorted(self._prefix4)),
            tuple(sorted(self._prefix7)),
            tuple(sorted(self._short_prefixes)),
            self._by_prefix4,
            self.window,
        )

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> GuessEstimator:
        """An estimator rebuilt from :meth:`state`, without computing anything."""
        estimator = cls.__new__(cls)
        ranked, names, max_word, prefix4, prefix7, short, by_prefix4, window = state
        estimator._ranked, estimator._names, estimator._max_word = ranked, names, max_word
        estimator._prefix4, estimator._prefix7 = as_set(prefix4), as_set(prefix7)
        estimator._short_prefixes = as_set(short)
        estimator._by_prefix4, estimator.window = by_prefix4, window
        return estimator

    def estimate(self, password: str, user_inputs: Iterable[str] = ()) -> GuessEstimate:
        """Estimate guesses for ``password``, scoring at most ``window`` code points.

        Args:
            password: The (already normalised) password.
            user_inputs: Words an attacker knows about the user: names, username, service.
        """
        scored = password[: self.window]
        if not scored:
            return GuessEstimate(score=0, guesses_log10=0.0, scored_length=0, guesses=1.0)
        user: dict[str, int] = {}
        for rank, word in enumerate(user_inputs, 1):
            # zxcvbn lower-cases inputs with str.lower; the aligned form meets the aligned view.
            for form in (word.lower(), lower_aligned(word)):
                if form:
                    user.setdefault(form, rank)
        guesses = minimum_guesses(scored, self._omnimatch(scored, user))
        return GuessEstimate(
            score=int(guesses_to_score(guesses)),
            guesses_log10=math.log10(guesses),
            scored_length=len(scored),
            guesses=float(guesses),
        )

    def _omnimatch(self, password: str, user: Mapping[str, int]) -> list[Match]:
        matches = self._dictionary(password, password, user)
        matches += self._reversed(password, user)
        matches += self._l33t(password, user)
        matches += matching.spatial_match(password)
        matches += self._repeats(password, user)
        matches += matching.sequence_match(password)
        matches += matching.regex_match(password)
        matches += matching.regex_match(password, _regexen=_YEARS)
        matches += _date_match(password)
        matches.sort(key=lambda match: (match["i"], match["j"]))
        return matches

    def _dictionary(self, token_source: str, text: str, user: Mapping[str, int]) -> list[Match]:
        """Find dictionary words in ``text``; tokens are cut from ``token_source``.

        ``text`` has the length of ``token_source`` (it is the password or a translation of
        it), and every match lies within it.
        """
        length = len(text)
        ranked = self._ranked
        found: dict[tuple[int, int], tuple[int, str, str]] = {}
        for view in _views(text):
            for i in range(length):
                if view[i : i + 4] not in self._prefix4:
                    reach = 4
                elif view[i : i + 7] not in self._prefix7:
                    reach = 7
                else:
                    reach = self._max_word
                for j in range(i, min(length, i + reach)):
                    word = view[i : j + 1]
                    rank = ranked.get(word)
                    if rank is not None and rank < found.get((i, j), _NOT_FOUND)[0]:
                        found[(i, j)] = (rank, self._names[word], word)
            # The few user inputs are located directly rather than looked up per substring.
            for word, rank in user.items():
                start = view.find(word)
                while start != -1 and start + len(word) <= length:
                    key = (start, start + len(word) - 1)
                    if rank < found.get(key, _NOT_FOUND)[0]:
                        found[key] = (rank, "user_inputs", word)
                    start = view.find(word, start + 1)
        return [
            {
                "pattern": "dictionary",
                "i": i,
                "j": j,
                "token": token_source[i : j + 1],
                "matched_word": word,
                "rank": rank,
                "dictionary_name": name,
                "reversed": False,
                "l33t": False,
            }
            for (i, j), (rank, name, word) in found.items()
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
        if not any(char in SUBSTITUTES for char in password):
            return []
        length = len(password)
        found: dict[tuple[int, int, str], tuple[int, str, dict[str, str]]] = {}
        for view in _views(password):
            for i in range(length):
                for word, mapping in self._l33t_words(view, i, length, user):
                    rank, name = self._rank(word, user)
                    key = (i, i + len(word) - 1, word)
                    if rank < found.get(key, _NOT_FOUND_L33T)[0]:
                        found[key] = (rank, name, mapping)
        matches: list[Match] = []
        for (i, j, word), (rank, name, mapping) in found.items():
            token = password[i : j + 1]
            # As zxcvbn: a match needs a substitution and two characters.
            if len(token) < 2 or token.lower() == word:
                continue
            sub = {key: value for key, value in mapping.items() if value != key and key in token}
            matches.append(
                {
                    "pattern": "dictionary",
                    "i": i,
                    "j": j,
                    "token": token,
                    "matched_word": word,
                    "rank": rank,
                    "dictionary_name": name,
                    "reversed": False,
                    "l33t": True,
                    "sub": sub,
                    "sub_display": ", ".join(f"{key} -> {value}" for key, value in sub.items()),
                }
            )
        return matches

    def _rank(self, word: str, user: Mapping[str, int]) -> tuple[int, str]:
        rank = self._ranked.get(word)
        mine = user.get(word)
        if mine is not None and (rank is None or mine < rank):
            return mine, "user_inputs"
        assert rank is not None  # only words of the two dictionaries are ever read
        return rank, self._names[word]

    def _l33t_words(
        self, view: str, start: int, length: int, user: Mapping[str, int]
    ) -> Iterable[tuple[str, dict[str, str]]]:
        """Words readable at ``view[start:]`` with at least one l33t character read as a letter.

        Each l33t character stands for itself or one of its letters, the same throughout
        the word. Readings grow one character at a time while they begin some word (up to
        four characters); longer words are then checked one by one.
        """
        stack: list[tuple[int, str, dict[str, str]]] = [(start, "", {})]
        while stack:
            pos, reading, mapping = stack.pop()
            if pos >= length:
                continue
            char = view[pos]
            if char in mapping:
                options: tuple[str, ...] = (mapping[char],)
            elif char in SUBSTITUTES:
                options = (char, *SUBSTITUTES[char])
            else:
                options = (char,)
            for option in options:
                grown = reading + option
                chosen = mapping
                if char in SUBSTITUTES and char not in mapping:
                    chosen = {**mapping, char: option}
                if _translates(chosen) and grown in self._ranked:
                    yield grown, chosen
                if len(grown) < 4:
                    if grown in self._short_prefixes:
                        stack.append((pos + 1, grown, chosen))
                    continue
                for word in self._by_prefix4.get(grown, ()):
                    extended = _read_rest(view, pos + 1, length, word, 4, chosen)
                    if extended is not None:
                        yield word, extended
        for word in user:
            if len(word) > 1:
                extended = _read_rest(view, start, length, word, 0, {})
                if extended is not None and _translates(extended):
                    yield word, extended

    def _repeats(self, password: str, user: Mapping[str, int]) -> list[Match]:
        # No depth limit is needed: each base is at most half its repeat, so a 72-character
        # window nests six deep at most.
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
                assert anchored is not None  # a repeat of a repeat's base is itself anchored
                base = anchored.group(1)
            else:
                found = lazy
                base = found.group(1)
            i, j = found.start(), found.end() - 1
            matches.append(
                {
                    "pattern": "repeat",
                    "i": i,
                    "j": j,
                    "token": found.group(0),
                    "base_token": base,
                    "base_guesses": minimum_guesses(base, self._omnimatch(base, user)),
                    "repeat_count": len(found.group(0)) / len(base),
                }
            )
            last_index = j + 1
        return matches
