"""Edges of the context matcher that mutation testing showed unpinned (``_passwords/context.py``)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy._passwords.context import (
    ContextCategory,
    ContextMatcher,
    _TermIndex,
    _within_one_edit,
)

from .test_context import osa_distance

PLACE = ContextCategory.PLACE
CALENDAR = ContextCategory.CALENDAR


def test_within_one_edit_on_every_short_pair() -> None:
    # Exhaustive where the hypothesis property samples: two neighbouring substitutions with
    # an equal tail, a swap next to a substitution, lengths two apart.
    words = ["".join(chars) for n in range(5) for chars in itertools.product("abc", repeat=n)]
    for found, term in itertools.product(words, repeat=2):
        assert _within_one_edit(found, term) == (osa_distance(found, term) <= 1), (found, term)


def _edits(term: str) -> list[tuple[str, str]]:
    """Every one-edit variant of ``term`` (with ``x``, a letter it lacks), named."""
    variants = []
    # An insertion after the last letter is the exact term followed by a letter.
    for i in range(len(term)):
        variants.append((f"insert at {i}", term[:i] + "x" + term[i:]))
    for i in range(len(term)):
        variants.append((f"substitute at {i}", term[:i] + "x" + term[i + 1 :]))
        variants.append((f"delete at {i}", term[:i] + term[i + 1 :]))
    for i in range(len(term) - 1):
        variants.append((f"swap at {i}", term[:i] + term[i + 1] + term[i] + term[i + 2 :]))
    return variants


@pytest.mark.parametrize("term", ["suolahti", "sumia"])
def test_every_single_edit_of_a_long_term_is_found_wherever_it_is(term: str) -> None:
    # Each anchor of the index catches edits at some positions only: try them all.
    index = _TermIndex({term: PLACE}, 5)
    for name, variant in _edits(term):
        for prefix in ("", "12", "q"):
            text = prefix + variant
            found = index.match_at(text, len(prefix))
            assert found == (len(variant), term, PLACE), (name, text)


@st.composite
def _near_miss(draw: st.DrawFn) -> tuple[dict[str, ContextCategory], int, str, int]:
    alphabet = "abcd"
    terms = draw(st.lists(st.text(alphabet, min_size=3, max_size=8), min_size=1, max_size=5))
    fuzzy_min = draw(st.integers(3, 7))
    # Build the text around a one-edit variant of one of the terms, so matches are common.
    term = draw(st.sampled_from(terms))
    i = draw(st.integers(0, len(term)))
    kind = draw(st.sampled_from(["insert", "substitute", "delete", "swap", "none"]))
    char = draw(st.sampled_from(alphabet + "x"))
    if kind == "insert":
        variant = term[:i] + char + term[i:]
    elif kind == "substitute":
        variant = term[:i] + char + term[i + 1 :]
    elif kind == "delete":
        variant = term[:i] + term[i + 1 :]
    elif kind == "swap" and i + 1 < len(term):
        variant = term[:i] + term[i + 1] + term[i] + term[i + 2 :]
    else:
        variant = term
    prefix = draw(st.text(alphabet + "1", max_size=3))
    suffix = draw(st.text(alphabet + "1", max_size=3))
    text = prefix + variant + suffix
    pos = draw(st.integers(0, len(text) - 1)) if draw(st.booleans()) else len(prefix)
    categories = [PLACE, CALENDAR]
    mapping = {t: categories[n % 2] for n, t in enumerate(terms)}
    return mapping, fuzzy_min, text, min(pos, len(text) - 1)


def _reference_length(
    terms: dict[str, ContextCategory], fuzzy_min: int, text: str, pos: int
) -> int:
    """The length the index must consume at ``pos``: the longest exact term, else fuzzy."""
    exact = [len(term) for term in terms if text.startswith(term, pos)]
    if exact:
        return max(exact)
    if not text[pos].isalpha():
        return 0
    best = 0
    for term in terms:
        if len(term) < max(fuzzy_min, 5):
            continue
        for length in (len(term) + 1, len(term), len(term) - 1):
            window = text[pos : pos + length]
            if len(window) == length and osa_distance(window, term) <= 1:
                best = max(best, length)
    return best


@given(_near_miss())
def test_index_finds_the_longest_term_within_one_edit(
    case: tuple[dict[str, ContextCategory], int, str, int],
) -> None:
    terms, fuzzy_min, text, pos = case
    found = _TermIndex(terms, fuzzy_min).match_at(text, pos)
    expected = _reference_length(terms, fuzzy_min, text, pos)
    if expected == 0:
        assert found is None
        return
    assert found is not None
    length, term, category = found
    assert length == expected
    assert category is terms[term]
    assert osa_distance(text[pos : pos + length], term) <= 1


def test_the_longest_exact_term_wins() -> None:
    index = _TermIndex({"kesa": CALENDAR, "kesaloma": CALENDAR, "kesalo": PLACE}, 5)
    assert index.match_at("kesaloma2026", 0) == (8, "kesaloma", CALENDAR)
    matcher = ContextMatcher({CALENDAR: ["kesä", "kesäloma"]}, fuzzy_min=5, window=72)
    # One term: one point; the shorter term would leave four letters (five points).
    assert matcher.assess("Kesäloma").points == 1


def test_fuzzy_matching_starts_at_the_policy_length_and_never_below_five() -> None:
    # A five-letter term is long enough at fuzzy_min 5 ...
    assert _TermIndex({"pekka": PLACE}, 5).match_at("pexka", 0) == (5, "pekka", PLACE)
    # ... but not at fuzzy_min 6, where six letters are.
    assert _TermIndex({"pekka": PLACE}, 6).match_at("pexka", 0) is None
    assert _TermIndex({"tuomas": PLACE}, 6).match_at("tuxmas", 0) == (6, "tuomas", PLACE)
    # Below five letters a typo matches nothing, whatever the policy says.
    assert _TermIndex({"kesa": PLACE}, 3).match_at("kexa", 0) is None
    assert _TermIndex({"kesa": PLACE}, 3).match_at("kesa", 0) == (4, "kesa", PLACE)


def test_a_short_term_does_not_hide_the_typos_of_the_terms_after_it() -> None:
    index = _TermIndex({"kesa": CALENDAR, "suolahti": PLACE, "sumiainen": PLACE}, 5)
    assert index.match_at("suolahit", 0) == (8, "suolahti", PLACE)
    assert index.match_at("sumiaienn", 0) == (9, "sumiainen", PLACE)


def test_typos_of_per_call_terms_are_found_with_the_matchers_fuzzy_length() -> None:
    matcher = ContextMatcher({PLACE: ["suolahti"]}, fuzzy_min=6, window=72)
    extra = {ContextCategory.PERSONAL: ["virtanen"], ContextCategory.SERVICE: ["pekka"]}
    assessment = matcher.assess("Virtnaen!", extra)
    assert assessment.categories == (ContextCategory.PERSONAL,)
    assert assessment.terms == 1
    # "pekka" is five letters: below this matcher's fuzzy length, so only exact.
    assert matcher.assess("pexka", extra).terms == 0
    assert matcher.assess("pekka", extra).categories == (ContextCategory.SERVICE,)


def test_a_typo_is_never_read_from_a_digit_or_symbol() -> None:
    index = _TermIndex({"suolahti": PLACE}, 5)
    # Terms begin with letters: the window at "#" is not "suolahti" with a substitution ...
    assert index.match_at("#uolahti", 0) is None
    assert index.match_at("#uolahti", 1) == (7, "suolahti", PLACE)
    # ... so a run of four symbols before the typo keeps its point.
    matcher = ContextMatcher({PLACE: ["suolahti"]}, fuzzy_min=5, window=72)
    assert matcher.assess("####uolahti").points == 2


def test_ties_go_to_the_first_term_met() -> None:
    # Two terms of one length within one edit of the window: the first listed wins.
    index = _TermIndex({"abcdex": PLACE, "abcdey": CALENDAR}, 5)
    assert index.match_at("abcdez", 0) == (6, "abcdex", PLACE)
    # A substitution met at the third anchor offset comes before an insertion met at the
    # fourth, whatever the order of the list.
    index = _TermIndex({"xcdef": PLACE, "abcdef": CALENDAR}, 5)
    assert index.match_at("xbcdef", 0) == (6, "abcdef", CALENDAR)


@pytest.mark.parametrize(
    ("password", "points"),
    [
        ("Kesä", 1),
        ("Kesä!!!", 1),
        ("Kesä!!!!", 2),
        ("!!!Kesä", 1),
        ("!!!!Kesä", 2),
        ("!!!!Kesä!!!", 2),
        ("!!!ab!!!", 2),
        ("!!!!ab!!!!", 4),
        ("ab2024", 3),
        ("ab2024cd", 5),
        ("2024Kesä", 2),
    ],
)
def test_points_count_terms_letters_and_full_runs_of_four(password: str, points: int) -> None:
    matcher = ContextMatcher({CALENDAR: ["kesä"]}, fuzzy_min=5, window=72)
    assert matcher.assess(password).points == points


def test_static_and_per_call_terms_at_one_place_keep_the_longer() -> None:
    matcher = ContextMatcher({PLACE: ["kesä", "suolahti"]}, fuzzy_min=5, window=72)
    longer = matcher.assess("kesäloma", {ContextCategory.PERSONAL: ["kesäloma"]})
    assert (longer.categories, longer.points, longer.terms) == ((ContextCategory.PERSONAL,), 1, 1)
    # On a tie the policy's own term stands.
    tie = matcher.assess("suolahti", {ContextCategory.PERSONAL: ["suolahti"]})
    assert (tie.categories, tie.points) == ((PLACE,), 1)


def test_terms_of_three_letters_count_and_shorter_ones_do_not() -> None:
    matcher = ContextMatcher({ContextCategory.COMMON_WORD: ["maa", "ma"]}, fuzzy_min=5, window=72)
    assert matcher.assess("maa").terms == 1
    assert matcher.assess("ma").terms == 0
    assert matcher.assess("ma").points == 2


def test_characters_past_the_window_count_one_point_each() -> None:
    matcher = ContextMatcher({CALENDAR: ["kesä"]}, fuzzy_min=5, window=8)
    # "kesäxxxx" is scanned (1 term + 4 letters); the six characters after it add six.
    assessment = matcher.assess("Kesä" + "x" * 10)
    assert (assessment.points, assessment.terms) == (11, 1)
