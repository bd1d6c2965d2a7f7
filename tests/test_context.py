from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy import Policy
from aanekoski_somepolicy._passwords.context import (
    ContextCategory,
    ContextMatcher,
    _within_one_edit,
)
from aanekoski_somepolicy._text import fold


def osa_distance(a: str, b: str) -> int:
    """Reference optimal-string-alignment distance (edits and adjacent swaps)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@given(st.text(alphabet="abcä", max_size=8), st.text(alphabet="abcä", max_size=8))
def test_within_one_edit_matches_reference(a: str, b: str) -> None:
    assert _within_one_edit(a, b) == (osa_distance(a, b) <= 1)


def matcher(policy: Policy) -> ContextMatcher:
    p = policy.parameters.password
    return ContextMatcher(
        {ContextCategory.PLACE: p.places, ContextCategory.CALENDAR: [*p.seasons, *p.months]},
        fuzzy_min=p.fuzzy_min_term_length,
        window=p.scoring_window,
    )


def test_typos_of_one_term_count_once(policy: Policy) -> None:
    exact = matcher(policy).assess("Suolahti2026Suolahti2026")
    typo = matcher(policy).assess("Suolahti2026Suolahit2026")
    assert exact.terms == typo.terms == 2


def test_each_kind_of_typo_is_caught(policy: Policy) -> None:
    m = matcher(policy)
    for typo in (
        "konginkagnas",
        "konginkangsa",
        "konginkangas",
        "konginkngas",
        "konginkanggas",
        "kpnginkangas",
    ):
        assessment = m.assess(typo + "!")
        assert assessment.categories == (ContextCategory.PLACE,), typo
        assert assessment.points < policy.parameters.password.context_min_points


def test_short_terms_need_exact_match(policy: Policy) -> None:
    assert matcher(policy).assess("kesx").terms == 0
    assert matcher(policy).assess("kesä").terms == 1


@given(st.text(max_size=200))
def test_any_text_gives_an_assessment(text: str) -> None:
    assessment = ContextMatcher(
        {ContextCategory.PLACE: ["äänekoski", "suolahti"]}, fuzzy_min=5, window=64
    ).assess(text)
    # Each term found is one point of the reading, and no character adds more than one (a
    # term spans two or more, a letter is one, decoration one per four); a term always
    # names its category.
    assert assessment.terms <= assessment.points <= len(fold(text))
    assert assessment.terms == 0 or assessment.categories
