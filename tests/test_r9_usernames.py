from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine, Outcome
from aanekoski_somepolicy._accounts import usernames
from aanekoski_somepolicy._accounts.usernames import (
    _canonical,
    _key_text,
    _prototypes,
    _visible,
    identity_key,
    skeleton,
    work_identity_matches,
)
from aanekoski_somepolicy._text import fold

from .conftest import TODAY, finding, registration

CHECK = "R9.separate-work-leisure-usernames"


@pytest.mark.parametrize(
    ("username", "kinds"),
    [
        ("mvirtanen", ["work-username"]),
        ("MVirtanen", ["work-username"]),
        ("ｍｖｉｒｔａｎｅｎ", ["work-username"]),
        ("mvirtanen@gmail.com", ["work-username"]),
        ("matti.virtanen", ["work-email-local-part"]),
        ("Matti.Virtanen@hotmail.com", ["work-email-local-part"]),
        ("AANEKOSKI\\mvirtanen", ["work-username"]),
        ("mvirtanen@AANEKOSKI", ["work-username"]),
        ("mvirtanen\u200b", ["work-username"]),
        ("\u200bmvir\u00adtanen\ufeff", ["work-username"]),
        ("mvirtаnen", ["work-username"]),  # Cyrillic а (U+0430)
        ("mvіrtanen", ["work-username"]),  # Ukrainian і (U+0456)
        ('"matti.virtanen"@gmail.com', ["work-email-local-part"]),
        ("'Matti.Virtanen'@gmail.com", ["work-email-local-part"]),
        ("@matti.virtanen", ["work-email-local-part"]),
        ("MVİRTANEN", ["work-username"]),  # İ folds to i + dot above
    ],
)
def test_same_as_work_identity_fails(engine: Engine, username: str, kinds: list[str]) -> None:
    decision = engine.evaluate(
        registration(
            username=username,
            work_usernames=["mvirtanen"],
            work_emails=["matti.virtanen@aanekoski.fi"],
        ),
        on=TODAY,
    )
    result = finding(decision, CHECK)
    assert result.outcome is Outcome.FAIL
    assert result.facts["matches"] == kinds


def test_diacritics_are_folded() -> None:
    assert work_identity_matches("matti.makinen", [], ["Matti.Mäkinen@aanekoski.fi"]) == [
        "work-email-local-part"
    ]
    assert work_identity_matches("mäkinen", ["MAKINEN"], []) == ["work-username"]


def test_different_username_passes(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(username="kalastaja77", work_usernames="mvirtanen"), on=TODAY
    )
    result = finding(decision, CHECK)
    assert result.outcome is Outcome.PASS and result.facts == {"compared": 1}


def test_similar_but_different_is_allowed() -> None:
    assert work_identity_matches("mvirtanen2", ["mvirtanen"], []) == []


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (
            {"purpose": "work", "username": "mvirtanen", "work_usernames": "mvirtanen"},
            "not-leisure",
        ),
        ({"work_usernames": "mvirtanen"}, "no-username"),
        ({"username": "mvirtanen"}, "no-work-identity"),
    ],
)
def test_cannot_compare_is_explicit(engine: Engine, fields: dict[str, object], code: str) -> None:
    result = finding(engine.evaluate(registration(**fields), on=TODAY), CHECK)
    assert result.outcome is Outcome.NOT_APPLICABLE and result.code == code


@given(st.text(max_size=40))
def test_identity_key_is_idempotent_and_case_blind(text: str) -> None:
    key = identity_key(text)
    # A key is compared, never keyed again; only a key left with an at-sign (from "x@@y")
    # loses one more domain part when keyed twice, which no comparison does.
    if "@" not in key:
        assert identity_key(key) == key
    # Case-blind for ASCII; other scripts' case rules are covered by the confusables tests.
    if text.isascii():
        assert identity_key(text.upper()) == identity_key(text.lower())


def test_work_identities_in_decorated_forms() -> None:
    assert work_identity_matches("matti", ["AANEKOSKI\\Matti"], []) == ["work-username"]
    assert work_identity_matches("matti", ["matti@AANEKOSKI"], []) == ["work-username"]
    assert work_identity_matches(
        '"matti.makinen"@gmail.com', [], ["matti.makinen@aanekoski.fi"]
    ) == ["work-email-local-part"]


def test_look_alikes_are_transitive() -> None:
    # "|", "l" and "1" are look-alikes in the Unicode data: one key for all three.
    assert (
        identity_key("pe|le") == identity_key("pelle".replace("l", "1", 1)) == identity_key("pelle")
    )


def test_different_letters_stay_different() -> None:
    assert identity_key("matti") != identity_key("mattu")
    assert identity_key("ab") != identity_key("ba")


@given(st.text(max_size=40))
def test_identity_key_never_raises_and_ignores_invisible_padding(text: str) -> None:
    key = identity_key(text)
    assert identity_key(text + "\u200b") == key or "@" in text or "\\" in text


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_keys_equal_the_unicode_steps(text: str) -> None:
    """An ASCII username's key by table equals the key by folding, dropping and prototypes."""
    assert _key_text(text) == _canonical(_visible(fold(text)))


def test_shipped_prototype_table_is_current() -> None:
    # Fails after upgrading confusable-homoglyphs or changing build_prototypes without
    # `python scripts/regenerate_confusable_prototypes.py`.
    shipped = (Path(usernames.__file__).parents[1] / "data" / usernames.PROTOTYPES_NAME).read_text(
        "utf-8"
    )
    assert shipped == usernames.prototypes_file() + "\n"
    usernames._prototypes.cache_clear()
    assert usernames._prototypes() == usernames.build_prototypes()


@pytest.mark.parametrize(
    "text",
    ['{"library": "0.0.1", "prototypes": {"\u0430": "x"}}', "", "[]", '{"library": 1}'],
    ids=["other-version", "empty", "list", "no-table"],
)
def test_prototype_table_of_another_library_version_is_not_read(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(usernames, "_shipped_text", lambda: text)
    usernames._prototypes.cache_clear()
    try:
        assert usernames.skeleton("\u0430") == "a"  # Cyrillic а, from the library's data
    finally:
        usernames._prototypes.cache_clear()


# Text near the two shortcuts' edges: look-alikes, every kind of white space, format and
# control characters, surrogates, and any other code point.
_TRICKY = st.one_of(
    st.sampled_from(sorted(_prototypes())[:2000:7]),
    st.sampled_from(list(" \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u1680\u2003\u2028\u2029\u202f\u3000")),
    st.sampled_from(list("\u00ad\u200b\u200d\u2060\ufeff\U000e0001\x00\x7f\ud800")),
    st.characters(),
)


@settings(max_examples=500)
@given(st.lists(_TRICKY, max_size=12).map("".join))
def test_skeleton_and_visible_equal_their_per_character_definitions(text: str) -> None:
    """The one-pass forms (a translate table, a printable-text shortcut) change nothing."""
    table = _prototypes()
    assert skeleton(text) == "".join(table.get(c, c) for c in text)
    assert _visible(text) == "".join(
        c for c in text if unicodedata.category(c) != "Cf" and not c.isspace()
    )


@settings(max_examples=500)
@given(
    st.lists(st.one_of(st.sampled_from(list("aAäÄöÖåÅ.-_@\\\"' ")), _TRICKY), max_size=16).map(
        "".join
    )
)
def test_keys_equal_the_unicode_steps(text: str) -> None:
    """Any username's key text (shortcuts for ASCII and what folds to ASCII) is the steps'."""
    assert _key_text(text) == _canonical(_visible(fold(text)))
