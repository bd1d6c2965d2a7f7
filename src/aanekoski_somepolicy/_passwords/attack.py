"""How soon a cracker with a rule engine reaches a password: words, affixes, case, l33t.

zxcvbn prices a sequence of ``n`` matches at no less than ``10,000**(n - 1)`` guesses, so any
word + year + symbol run looks strong to it, whatever the word. Crackers do not guess that
way: they take a word list (Finnish forms, names, places, pairs of frequent words) and run
mangling rules over it (capitalise, l33t, append a year, a digit run or ``!!!!``). This
module reads a password the same way:

1. cut it into a leading affix, a core and a trailing affix (affixes hold no letters; the
   core may keep up to four l33t characters from either side: ``s4l4s4n4`` + ``123``);
2. price the affixes (a year, a digit sequence, a run of one symbol are cheap);
3. undo case and l33t in the core with the one table (:mod:`.leet`);
4. look the core up as a word form, a word with a Finnish ending, a pair of words, a word
   repeated, or a name cut short after an initial (``Mmeikala``).

The guesses are the product of the parts. Text that cannot be read this way (random strings,
passphrases of several words) gets no estimate at all: this is a lower bound on attackers,
never a claim that a password is strong.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._text import fold, fold_aligned, nfkc
from .context import ContextCategory
from .leet import SUBSTITUTES, tables

__all__ = [
    "INITIALS",
    "AttackEstimate",
    "RuleAttack",
    "affix_guesses",
    "affix_splits",
    "joined_guesses",
]

# Finnish case endings, possessive suffixes and clitics that people leave on words, longest
# first so that "kesälomalla" is read as "kesäloma" + "lla" before "kesälomall" + "a".
_ENDINGS = tuple(
    sorted(
        {
            *"n t a ä na nä ksi ssa ssä sta stä lla llä lta ltä lle ta tä tta ttä".split(),
            *"an en in on un yn än ön han hen hin hon hun seen siin ni si mme nne nsa nsä".split(),
            *"kin ko kö pa pä han hän ja jä ine ineen ineni ista istä iin ihin issa issä".split(),
            *"lla llä illa illä ille ilta iltä iksi ina inä ita itä ien jen den tten".split(),
            *"iden itten ihin issä ssa kaan kään kin han hän mme tte vat vät isi".split(),
            *"mat mät nut nyt neet ttu tty va vä maan mään massa mässä essa essä".split(),
            *"mme nne nsa nsä ani äni asi äsi amme ämme anne änne ansa änsä".split(),
        },
        key=lambda ending: (-len(ending), ending),
    )
)
# An ending may also follow a stem that lost its last vowel or doubled consonant.
_STEM_REPAIRS = ("", "a", "ä", "i", "e", "o", "u", "y", "ö")
# Consonant gradation, both ways: strong grade in one form, weak in another.
_GRADATION_PAIRS = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nt", "nn"),
    ("lt", "ll"),
    ("rt", "rr"),
    ("mp", "mm"),
    ("nk", "ng"),
    ("t", "d"),
    ("p", "v"),
)
_GRADATION: dict[str, tuple[str, ...]] = {}
for _strong, _weak in _GRADATION_PAIRS:
    _GRADATION[_strong] = (*_GRADATION.get(_strong, ()), _weak)
    _GRADATION[_weak] = (*_GRADATION.get(_weak, ()), _strong)
_NOMINATIVES = (("s", "nen"), ("se", "nen"), ("kse", "s"), ("ks", "s"), ("ee", "e"), ("e", "i"))
# An unseen form of a listed word: a frequency list holds each word in about ten frequent
# forms, so an inflected form ranks about ten times lower than its best-ranked relative.
_INFLECTION = 10
_ENDING_LENGTHS = sorted({len(ending) for ending in _ENDINGS}, reverse=True)
_ENDING_SET = frozenset(_ENDINGS)
_MIN_STEM = 3
_MAX_ENDING = 4
_MIN_PREFIX_STEM = 5
_NO_RANK = 1 << 62
_CATEGORIES = tuple(ContextCategory)
_SLOTS = 16
# Longer cores are not two words of a frequency list; reading them would only cost time.
_MAX_CORE = 48
_MAX_AFFIX_CORE = 4  # l33t characters a core may take from an affix
_SEPARATORS = re.compile(r"[\s\-_.,+]")
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SYMBOL_ALPHABET = 33
# Rules per word in a best64-style rule set: case (3), reversal, duplication, truncation.
_CASE_RULES = 3
_TRUNCATIONS = 8
INITIALS = 26
# Units a reading may join: a combinator attack over two or three lists, and an initial.
_MAX_UNITS = 4
# Longer units are no word form, name or token of the lists.
_MAX_UNIT = 24


def _stem_variants(stem: str) -> list[str]:
    """The stem, and its other grades and nominative shapes near its end.

    Finnish alternates consonants between forms (``luokka``/``luokan``, ``rauta``/``raudan``,
    ``luonne``/``luonteen``) and nominatives in ``-nen``/``-us`` have stems in ``-s(e)``
    and ``-ukse`` (``ihminen``/``ihmisen``, ``putous``/``putouksen``).
    """
    variants = [stem]
    for index in range(max(0, len(stem) - 4), len(stem)):
        for size in (2, 1):
            for target in _GRADATION.get(stem[index : index + size], ()):
                variants.append(stem[:index] + target + stem[index + size :])
    for source, target in _NOMINATIVES:
        if stem.endswith(source):
            variants.append(stem[: len(stem) - len(source)] + target)
    return variants


def joined_guesses(product: float, units: int) -> float:
    """Guesses for ``units`` list entries whose prices multiply to ``product``.

    As in zxcvbn's own scoring, the entries may come in any order: ``units!`` times the
    product. This is a lower bound: an attacker who enumerates combinations by product
    needs more, but a model of Finnish passwords may need less, and the reading must not
    overrate a password.
    """
    return product * math.factorial(units)


def _key(word: str) -> str:
    # Passwords are read in NFKC (the judge normalises them): a word listed decomposed, as
    # some systems save text, would otherwise keep its combining marks and never be found.
    if not word.isascii():
        word = nfkc(word)  # ASCII is its own NFKC form
    # The whole-string fold is fast; the aligned one is needed only where lengths differ.
    folded = fold(word)
    return folded if len(folded) == len(word) else fold_aligned(word)


@dataclass(frozen=True)
class AttackEstimate:
    """The guesses of the cheapest rule-engine reading of a password.

    Attributes:
        guesses_log10: Base-10 logarithm of the guesses.
        category: What the core was read as (never the word itself).
    """

    guesses_log10: float
    category: ContextCategory


def _digit_guesses(run: str) -> float:
    if len(run) == 4 and _YEAR.fullmatch(run):
        return 150.0
    steps = {int(b) - int(a) for a, b in itertools.pairwise(run)}
    if len(run) > 2 and len(steps) == 1 and steps <= {-1, 0, 1}:
        return 20.0 * len(run)  # 1234, 4321, 1111: a few dozen rules cover them all
    return 10.0 ** len(run)


def affix_guesses(affix: str) -> float:
    """Guesses for an affix: digit runs (years and sequences are cheap) and symbol runs."""
    if not affix:
        return 1.0
    guesses = 1.0
    runs = 0
    for part in re.findall(r"\d+|\D+", affix):
        runs += 1
        if part[0].isdigit():
            guesses *= _digit_guesses(part)
        elif len(set(part)) == 1:
            guesses *= _SYMBOL_ALPHABET * len(part)
        else:
            guesses *= float(_SYMBOL_ALPHABET) ** len(part)
    return guesses * runs


def _case_guesses(core: str) -> float:
    letters = [char for char in core if char.isalpha()]
    upper = sum(1 for char in letters if char.isupper())
    if upper == 0 or upper == len(letters) or (upper == 1 and letters[0].isupper()):
        return float(_CASE_RULES)
    return float(_CASE_RULES) + math.comb(len(letters), upper)


def affix_splits(text: str) -> list[tuple[str, str, str]]:
    """Ways to cut ``text`` into (leading affix, core, trailing affix); see :class:`RuleAttack`."""
    return [(text[:start], text[start:end], text[end:]) for start, end in _cores(text)]


def _cores(folded: str) -> list[tuple[int, int]]:
    """Core spans: letters in the middle, up to four l33t characters taken from each side."""
    letters = [index for index, char in enumerate(folded) if char.isalpha()]
    if not letters:
        return []
    first, last = letters[0], letters[-1] + 1
    starts = [first]
    while starts[-1] > 0 and first - starts[-1] < _MAX_AFFIX_CORE:
        if folded[starts[-1] - 1] not in SUBSTITUTES:
            break
        starts.append(starts[-1] - 1)
    ends = [last]
    while ends[-1] < len(folded) and ends[-1] - last < _MAX_AFFIX_CORE:
        if folded[ends[-1]] not in SUBSTITUTES:
            break
        ends.append(ends[-1] + 1)
    return [(start, end) for start in starts for end in ends]


class RuleAttack:
    """Price passwords as a rule-engine cracker would guess them.

    Args:
        words: Ranked word lists by category, most frequent first; the rank is the position
            across all lists of a category merged by rank.
        names: Ranked first and last names, for names cut short after an initial.
        window: How many code points are read.
    """

    def __init__(
        self,
        words: Mapping[ContextCategory, Iterable[Sequence[str]]],
        *,
        names: Iterable[str],
        window: int,
    ) -> None:
        # Rank and category packed in one int: a precompiled index of ints loads fastest.
        ranks: dict[str, int] = {}
        for category, lists in words.items():
            slot = _CATEGORIES.index(category)
            for ranked in lists:
                for rank, word in enumerate(ranked, 1):
                    key = _key(word)
                    if len(key) >= _MIN_STEM and rank < ranks.get(key, _NO_RANK) // _SLOTS:
                        ranks[key] = rank * _SLOTS + slot
        self._ranks = ranks
        # Stems: a form with its last one to four letters cut (an unseen ending of a known word).
        stems: dict[str, int] = {}
        for key, packed in ranks.items():
            rank = packed // _SLOTS
            for cut in range(1, _MAX_ENDING + 1):
                if len(key) - cut >= _MIN_PREFIX_STEM:
                    stem = key[:-cut]
                    if rank < stems.get(stem, _NO_RANK):
                        stems[stem] = rank
        self._stems = stems
        prefixes: dict[str, int] = {}
        for rank, name in enumerate(names, 1):
            key = _key(name)
            for length in range(4, min(len(key), 4 + _TRUNCATIONS)):
                prefixes.setdefault(key[:length], rank)
        self._name_prefixes = prefixes
        self._window = window

    def state(self) -> tuple[object, ...]:
        """What the constructor computed, in plain types (see :mod:`.index`)."""
        return (self._ranks, self._stems, self._name_prefixes, self._window)

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> RuleAttack:
        """A reader rebuilt from :meth:`state`, without computing anything."""
        attack = cls.__new__(cls)
        attack._ranks, attack._stems, attack._name_prefixes, attack._window = state
        return attack

    def estimate(self, password: str, personal: Sequence[str] = ()) -> AttackEstimate | None:
        """The cheapest reading of ``password``, or None when none covers its core."""
        text = password[: self._window]
        folded = fold_aligned(text)
        own = {_key(token): rank for rank, token in enumerate(personal, 1)}
        memo: dict[str, tuple[float, ContextCategory] | None] = {}
        best: tuple[float, ContextCategory] | None = None
        for start, end in _cores(folded):
            core = folded[start:end]
            if end - start > _MAX_CORE:
                continue
            around = affix_guesses(folded[:start]) * affix_guesses(folded[end:])
            shaped = around * _case_guesses(text[start:end])
            for reading, substitutions in self._readings(core):
                factor = shaped * 2.0**substitutions
                limit = math.inf if best is None else best[0] / factor
                found = self._core(reading, own, memo, limit)
                if found is None:
                    continue
                guesses = factor * found[0]
                if best is None or guesses < best[0]:
                    best = (guesses, found[1])
        if best is None:
            return None
        return AttackEstimate(guesses_log10=math.log10(best[0]), category=best[1])

    @staticmethod
    def _readings(core: str) -> list[tuple[str, int]]:
        """The core as written and de-l33ted, with the substitutions made (a separator: one)."""
        readings = [(core, 0)]
        for table in tables(core):
            read = "".join(table.get(char, char) for char in core)
            readings.append((read, sum(1 for char in table if char in core)))
        out = []
        for read, substitutions in readings:
            joined = _SEPARATORS.sub("", read)
            if joined.isalpha():
                out.append((read, substitutions + (joined != read)))
        return out

    def _word(
        self,
        word: str,
        own: Mapping[str, int],
        memo: dict[str, tuple[float, ContextCategory] | None],
    ) -> tuple[float, ContextCategory] | None:
        """A word as listed, or a listed stem with a Finnish ending."""
        if word not in memo:
            memo[word] = self._lookup(word, own)
        return memo[word]

    def _listed(self, key: str) -> tuple[float, ContextCategory] | None:
        packed = self._ranks.get(key)
        if packed is None:
            return None
        return float(packed // _SLOTS), _CATEGORIES[packed % _SLOTS]

    def _lookup(self, word: str, own: Mapping[str, int]) -> tuple[float, ContextCategory] | None:
        if word in own:
            return float(own[word]), ContextCategory.PERSONAL
        found = self._listed(word)
        if found is not None:
            return found
        best: tuple[float, ContextCategory] | None = None
        stems = [word]
        for size in _ENDING_LENGTHS:
            if word[-size:] in _ENDING_SET and len(word) - size >= _MIN_STEM:
                stems.append(word[:-size])
        ranks, cut_stems = self._ranks, self._stems
        for stem in stems:
            for variant in _stem_variants(stem):
                if len(variant) >= _MIN_PREFIX_STEM and variant not in cut_stems:
                    # No listed form of 6+ letters starts with it, so only itself can be one.
                    found = self._listed(variant)
                    if found is not None and (best is None or found[0] * _INFLECTION < best[0]):
                        best = (found[0] * _INFLECTION, found[1])
                    continue
                for repair in _STEM_REPAIRS:
                    if variant + repair in ranks:
                        found = self._listed(variant + repair)
                        if found is not None and (best is None or found[0] * _INFLECTION < best[0]):
                            best = (found[0] * _INFLECTION, found[1])
        if best is None:
            # An ending never seen on this word: the stem that other forms of it share.
            for stem in stems:
                for cut in range(_MAX_ENDING + 1):
                    if len(stem) - cut < _MIN_PREFIX_STEM:
                        break
                    rank = self._stems.get(stem[: len(stem) - cut])
                    if rank is not None and (best is None or rank * _INFLECTION < best[0]):
                        best = (float(rank * _INFLECTION), ContextCategory.COMMON_WORD)
        return best

    def _core(
        self,
        core: str,
        own: Mapping[str, int],
        memo: dict[str, tuple[float, ContextCategory] | None],
        limit: float = math.inf,
    ) -> tuple[float, ContextCategory] | None:
        """The cheapest cover of ``core`` by up to :data:`_MAX_UNITS` units, left to right.

        Covers whose product already reaches ``limit`` (a cheaper reading is known) are not
        extended: joining more units only raises the price.

        A unit is a word (listed, inflected, or sharing a stem with a listed form), a name or
        own token cut short, or, first of several, a single initial. Units of one reading
        combine as a combinator attack does (see :func:`joined_guesses`).
        """
        size = len(core)
        # cover[units][end] = (product of unit prices, category of the first unit).
        cover: list[list[tuple[float, ContextCategory] | None]] = [
            [None] * (size + 1) for _ in range(_MAX_UNITS + 1)
        ]
        cover[0][0] = (1.0, ContextCategory.COMMON_WORD)
        # The units that start at a position are the same whichever unit count reached it.
        starting: dict[int, list[tuple[int, tuple[float, ContextCategory]]]] = {}
        for units in range(_MAX_UNITS):
            for start, here in enumerate(cover[units]):
                if here is None or start == size or here[0] >= limit:
                    continue
                if _SEPARATORS.match(core, start):
                    # Words are joined with a separator: it ends a unit, never sits inside one.
                    if units:
                        known = cover[units][start + 1]
                        if known is None or here[0] < known[0]:
                            cover[units][start + 1] = here
                    continue
                if start not in starting:
                    starting[start] = list(self._units(core, start, own, memo))
                for end, (guesses, category) in starting[start]:
                    candidate = (here[0] * guesses, category if units == 0 else here[1])
                    known = cover[units + 1][end]
                    if known is None or candidate[0] < known[0]:
                        cover[units + 1][end] = candidate
        best: tuple[float, ContextCategory] | None = None
        for units in range(1, _MAX_UNITS + 1):
            found = cover[units][size]
            if found is not None:
                guesses = joined_guesses(found[0], units)
                if best is None or guesses < best[0]:
                    best = (guesses, found[1])
        return best

    def _units(
        self,
        core: str,
        start: int,
        own: Mapping[str, int],
        memo: dict[str, tuple[float, ContextCategory] | None],
    ) -> Iterable[tuple[int, tuple[float, ContextCategory]]]:
        """Units that start at ``start``: (end, (guesses, category))."""
        if start == 0 and len(core) > 1 and not _SEPARATORS.match(core, 1):
            # An initial only ever comes first, right before another unit.
            yield 1, (float(INITIALS), ContextCategory.NAME)
        separator = _SEPARATORS.search(core, start)
        joined = len(core) if separator is None else separator.start()
        for end in range(start + _MIN_STEM, min(len(core), start + _MAX_UNIT) + 1):
            piece = core[start:end]
            if end > joined:
                # Across a separator only a listed term written so ("keski-suomi") is one unit.
                found = self._listed(piece)
                if found is not None:
                    yield end, found
                continue
            word = self._word(piece, own, memo)
            if word is not None:
                yield end, word
            if len(piece) >= 4:
                rank = self._name_prefixes.get(piece)
                for token, mine in own.items():
                    if token.startswith(piece) and (rank is None or mine < rank):
                        rank = mine
                if rank is not None:
                    yield end, (float(rank * _TRUNCATIONS), ContextCategory.NAME)
