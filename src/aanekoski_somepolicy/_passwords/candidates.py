"""Password candidates the way a Finnish attacker guesses them, for auditing password hashes.

:mod:`.attack` prices a password by reading it as a listed word (at its rank) in some case
and l33t spelling, with a cheap affix. This module runs the same model forwards: from the
word lists it generates every candidate whose price (rank x form x affix guesses) stays
within a budget, cheapest affixes first. The affixes are priced by
:func:`.attack.affix_guesses` and the l33t spellings come from :mod:`.leet`'s table, so the
reader and the generator share one set of mangling rules.

Each candidate carries its **category** (what it is made of: ``season+year``,
``own-last-name+digits``), never shown with the candidate itself. Candidates exist only
inside :func:`match_seeds`, which hashes them and returns which targets matched, by
category: no candidate, and no hash, leaves it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .._policy.catalog import PasswordHashParameters, PasswordParameters
from .._text import fold
from .attack import INITIALS, affix_guesses, joined_guesses
from .judge import personal_tokens, read_words
from .leet import spellings
from .nt import md4_factory

__all__ = [
    "AFFIX_KINDS",
    "CONTEXT_BASES",
    "GLOBAL_BASES",
    "AffixGrammar",
    "Hit",
    "Seed",
    "affix_kind",
    "affixes",
    "context_seeds",
    "count_candidates",
    "global_seeds",
    "match_seeds",
]

GLOBAL_BASES = (
    "common-password",
    "season",
    "month",
    "weekday",
    "place",
    "common-word",
    "first-name",
    "last-name",
)
"""What a global candidate is made of, in the order lists are read (the first list wins)."""

CONTEXT_BASES = ("own-first-name", "own-last-name", "own-username", "own-name")
"""What a candidate from a person's own context is made of."""

_UNRANKED = frozenset({"season", "month", "weekday", "place"})

AFFIX_KINDS = ("none", "digits", "year", "symbols", "digits-symbols", "year-symbols")
"""What follows the word."""

_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Seed:
    """A word that candidates are made from.

    Attributes:
        word: The word, as listed (a name or place keeps its capital).
        rank: Its position in its list, 1 first; the price of guessing the word itself.
        base: What the word is (one of :data:`GLOBAL_BASES` or :data:`CONTEXT_BASES`).
        owner: For a context seed, an index its caller gives (whose token it is); else -1.
    """

    word: str
    rank: int
    base: str
    owner: int = -1


@dataclass(frozen=True)
class Hit:
    """A target hash that a candidate matched.

    Attributes:
        target: The index of the target in the sequence given to :func:`match_seeds`.
        seed: The index of the seed whose candidate matched.
        category: ``base+affix-kind`` (for example ``season+year``).
        guesses: The candidate's price (rank x form x affix).
    """

    target: int
    seed: int
    category: str
    guesses: float


def affix_kind(affix: str) -> str:
    """What an affix is: ``none``, ``digits``, ``year``, ``symbols`` or a combination."""
    if not affix:
        return "none"
    digits = affix.rstrip("".join(set(affix) - set("0123456789")))
    symbols = affix[len(digits) :]
    if not digits:
        return "symbols"
    kind = "year" if _YEAR.fullmatch(digits) else "digits"
    return f"{kind}-symbols" if symbols else kind


def _sequences() -> Iterator[str]:
    """Runs of three to six digits that go up, go down or repeat (123, 4321, 1111)."""
    for length in range(3, 7):
        for first in range(10):
            for step in (-1, 0, 1):
                digits = [first + step * index for index in range(length)]
                if all(0 <= digit <= 9 for digit in digits):
                    yield "".join(map(str, digits))


def _affix_texts(grammar: AffixGrammar) -> Iterator[str]:
    yield ""
    yield from (symbol * length for symbol in grammar.symbols for length in range(1, 4))
    free = [
        "".join(digits)
        for length in range(1, grammar.free_digits + 1)
        for digits in itertools.product("0123456789", repeat=length)
    ]
    years = [str(year) for year in range(grammar.years_from, grammar.years_to + 1)]
    yield from dict.fromkeys([*free, *_sequences(), *years])
    # A symbol after the digits people pick most: short runs, sequences and years.
    for digits in dict.fromkeys([*(run for run in free if len(run) <= 2), *_sequences(), *years]):
        for symbol in grammar.symbols[: grammar.symbols_after_digits]:
            yield digits + symbol


@dataclass(frozen=True)
class AffixGrammar:
    """Which affixes are generated before pricing (the policy's ``password_hashes``).

    Attributes:
        symbols: The symbols people append, most used first (alone in runs of one to three).
        symbols_after_digits: How many of the first symbols also follow digits.
        free_digits: Any digit run up to this length.
        years_from: The first year appended.
        years_to: The last year appended.
    """

    symbols: str = "!?.#@$%&*-_+"
    symbols_after_digits: int = 4
    free_digits: int = 3
    years_from: int = 1940
    years_to: int = 2030


@functools.cache
def affixes(grammar: AffixGrammar) -> tuple[tuple[str, ...], tuple[float, ...], tuple[str, ...]]:
    """Every affix of ``grammar``, cheapest first (priced by :func:`.attack.affix_guesses`).

    Returns:
        The affixes, their prices (ascending) and their kinds (:func:`affix_kind`).
    """
    priced = sorted(
        (price, text)
        for text in dict.fromkeys(_affix_texts(grammar))
        if (price := affix_guesses(text)) > 0
    )
    texts = tuple(text for _, text in priced)
    return texts, tuple(price for price, _ in priced), tuple(affix_kind(text) for text in texts)


def _forms(word: str) -> list[tuple[str, float]]:
    """The word's case, diacritic-folded and l33t forms, each with its price factor.

    As in :mod:`.attack`, lower case, a capital first letter and all capitals cost the same,
    and each l33t character used doubles the price.
    """
    lower = word.lower()
    found: dict[str, float] = {}
    for base in dict.fromkeys((lower, fold(lower))):
        for form in (base, base[:1].upper() + base[1:], base.upper()):
            found.setdefault(form, 1.0)
        for spelled in spellings(base):
            factor = 2.0 ** len(set(spelled) - set(base))
            found.setdefault(spelled, factor)
            found.setdefault(spelled[:1].upper() + spelled[1:], factor)
    return list(found.items())


def _limits(seed: Seed, budget: float, prices: Sequence[float]) -> list[tuple[str, float, int]]:
    """Each form of the seed, its price factor, and how many of the cheapest affixes it takes."""
    out = []
    for form, factor in _forms(seed.word):
        count = bisect.bisect_right(prices, budget / (seed.rank * factor))
        if count:
            out.append((form, factor, count))
    return out


def count_candidates(seeds: Iterable[Seed], budget: float, grammar: AffixGrammar) -> int:
    """How many candidates :func:`match_seeds` hashes for ``seeds`` (without hashing)."""
    prices = affixes(grammar)[1]
    return sum(count for seed in seeds for _, _, count in _limits(seed, budget, prices))


def match_seeds(
    seeds: Sequence[Seed],
    targets: frozenset[bytes] | dict[bytes, int],
    *,
    budget: float,
    grammar: AffixGrammar,
) -> tuple[list[tuple[bytes, int, str, float]], int]:
    """Hash every candidate of ``seeds`` and return the targets they match.

    Args:
        seeds: The words.
        targets: NT hashes to find (16 bytes each).
        budget: The most guesses a candidate may cost (rank x form x affix).
        grammar: The affixes considered.

    Returns:
        The matches as (target hash, seed index, category, guesses), and how many candidates
        were hashed. The candidates themselves are never returned.

    Raises:
        ConfigurationError: pycryptodome is not installed.
    """
    new = md4_factory()
    texts, prices, kinds = affixes(grammar)
    encoded = [text.encode("utf-16-le") for text in texts]
    found: list[tuple[bytes, int, str, float]] = []
    hashed = 0
    for index, seed in enumerate(seeds):
        for form, factor, count in _limits(seed, budget, prices):
            # The form is hashed once; each candidate continues a copy of that state with
            # its affix (a third faster than hashing form + affix from the start).
            copy = new(form.encode("utf-16-le", "surrogatepass")).copy
            hashed += count
            for position, tail in enumerate(encoded[:count]):
                state = copy()
                state.update(tail)
                digest = state.digest()
                if digest in targets:
                    price = seed.rank * factor * prices[position]
                    found.append((digest, index, f"{seed.base}+{kinds[position]}", price))
    return found, hashed


def global_seeds(password: PasswordParameters, hashes: PasswordHashParameters) -> list[Seed]:
    """The words of the global candidates: blocklists, calendar, places, words and names.

    A word listed twice is kept at its best rank; the cheapest seeds come first, so that a
    cap on candidates keeps the likeliest.
    """
    from zxcvbn import matching

    lists: list[tuple[str, Sequence[str]]] = [
        (
            "common-password",
            [
                *(word for name in password.blocklist_files for word in read_words(name)),
                *list(matching.FREQUENCY_LISTS["passwords"])[: password.global_blocklist_size],
            ],
        ),
        ("season", password.seasons),
        ("month", password.months),
        ("weekday", password.weekdays),
        ("place", password.places),
        (
            "common-word",
            [
                *password.common_words,
                *(word for name in hashes.word_files for word in read_words(name)),
            ],
        ),
        ("first-name", [word for name in hashes.first_name_files for word in read_words(name)]),
        ("last-name", [word for name in hashes.last_name_files for word in read_words(name)]),
    ]
    # A word on several lists is kept where it is cheapest to guess (a season, not the
    # 500th common password); on a tie, where it is listed first.
    best: dict[str, Seed] = {}
    for base, words in lists:
        rank = 0
        for word in words:
            key = word.lower()
            if not key:
                continue
            # The policy's context terms are a set, not a ranking: each is as likely.
            rank = 1 if base in _UNRANKED else rank + 1
            known = best.get(key)
            if known is None or rank < known.rank:
                best[key] = Seed(word, rank, base)
    return sorted(best.values(), key=lambda seed: seed.rank)


def context_seeds(
    first_name: str | None,
    last_name: str | None,
    username: str | None,
    *,
    min_length: int,
    owner: int = -1,
) -> list[Seed]:
    """The words of one person's own candidates: names, username, and names joined.

    ``Matti Virtanen`` gives ``matti``, ``virtanen``, ``mattivirtanen``,
    ``virtanenmatti``, ``mvirtanen`` and ``mattiv`` (and the username's parts).
    """
    seeds: dict[str, Seed] = {}

    def add(word: str, base: str, rank: int = 1) -> None:
        # Keyed by the folded form: a word's forms include it, so "makinen" adds nothing
        # to "mäkinen".
        key = fold(word)
        if len(word) >= min_length and key not in seeds:
            seeds[key] = Seed(word, rank, base, owner)

    firsts = personal_tokens([first_name], min_length=min_length)
    lasts = personal_tokens([last_name], min_length=min_length)
    for word in firsts:
        add(word, "own-first-name")
    for word in lasts:
        add(word, "own-last-name")
    for word in personal_tokens([username], min_length=min_length):
        add(word, "own-username")
    # Priced as the reading prices them: two names joined cost 2! orderings, and an
    # initial 26 guesses more.
    pair = round(joined_guesses(1.0, 2))
    initial = round(joined_guesses(float(INITIALS), 2))
    for first in firsts[:2]:
        for last in lasts[:2]:
            add(first + last, "own-name", pair)
            add(last + first, "own-name", pair)
            add(first[:1] + last, "own-name", initial)
            add(first + last[:1], "own-name", initial)
    return list(seeds.values())
