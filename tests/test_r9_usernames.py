from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine, Outcome
from aanekoski_somepolicy._accounts.usernames import identity_key, work_identity_matches

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
    assert identity_key(key) == key or "@" in key
    assert identity_key(text.upper()) == identity_key(text.lower()) or not text.isascii()
