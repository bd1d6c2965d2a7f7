from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine, Outcome
from aanekoski_somepolicy._accounts.email import (
    _AT_FORMS,
    _DOMAIN_AFTER_AT,
    CityDomains,
    _may_hold_domain,
)

from .conftest import TODAY, finding, registration

CHECK = "R9.leisure-email-not-city-domain"


_CITY_IN_EMAIL = [
    "matti.virtanen@aanekoski.fi",
    "MATTI.VIRTANEN@AANEKOSKI.FI",
    "matti@sosiaali.aanekoski.fi",
    "ｍａｔｔｉ＠ａａｎｅｋｏｓｋｉ．ｆｉ",
    "matti@äänekoski.fi",
    "matti@ÄÄNEKOSKI.FI",
    "matti@xn--nekoski-4waa.fi",
    "matti+some@aanekoski.fi",
    "matti@aanekoski.fi.",
    " matti@aanekoski.fi ",
    # Forms the validator rejects still name a city address.
    '"matti"@aanekoski.fi',
    "matti(at)aanekoski.fi",
    "matti (at) poke.aanekoski.fi",
]
_CITY_IN_USERNAME = [
    '"matti"@aanekoski.fi',
    "'matti'@aanekoski.fi",
    "matti(at)aanekoski.fi",
    "matti [at] aanekoski.fi",
    "matti @ aanekoski.fi",
    "matti@AANEKOSKI.FI.",
    "matti＠aanekoski.fi",
    "<matti@äänekoski.fi>",
]


@pytest.mark.parametrize(
    ("field", "address"),
    [("email", value) for value in _CITY_IN_EMAIL]
    + [("username", value) for value in _CITY_IN_USERNAME],
)
def test_city_addresses_in_leisure_accounts_fail(engine: Engine, field: str, address: str) -> None:
    result = finding(engine.evaluate(registration(**{field: address}), on=TODAY), CHECK)
    assert result.outcome is Outcome.FAIL
    assert result.code == "fail"
    assert result.facts["field"] == field


@pytest.mark.parametrize(
    "address",
    [
        "matti@aanekoski.fi.evil.com",
        "matti@evilaanekoski.fi",
        "matti@gmail.com",
        "aanekoski.fi@gmail.com",
        "matti@poke.fi",
    ],
)
def test_lookalike_domains_are_not_city_domains(engine: Engine, address: str) -> None:
    assert (
        finding(engine.evaluate(registration(email=address), on=TODAY), CHECK).outcome
        is Outcome.PASS
    )


@pytest.mark.parametrize(
    "username",
    ["matti.virtanen@aanekoski.fi", "login: matti@aanekoski.fi", "<matti@sosiaali.aanekoski.fi>"],
)
def test_city_address_inside_leisure_username_fails(engine: Engine, username: str) -> None:
    result = finding(engine.evaluate(registration(username=username), on=TODAY), CHECK)
    assert result.outcome is Outcome.FAIL
    assert result.facts["field"] == "username"


def test_plain_username_is_fine(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(username="aanekoski_fan", email="fan@example.org"), on=TODAY
    )
    assert finding(decision, CHECK).outcome is Outcome.PASS


def test_work_accounts_may_use_the_city_address(engine: Engine) -> None:
    decision = engine.evaluate(registration(purpose="työ", email="matti@aanekoski.fi"), on=TODAY)
    result = finding(decision, CHECK)
    assert result.outcome is Outcome.NOT_APPLICABLE and result.code == "not-leisure"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("not an address", "address-no-at-sign"),
        ("matti@", "address-nothing-after-at"),
        ("a b@example.org", "address-bad-local-part"),
        ("a..b@example.org", "address-periods"),
        ("a@localhost", "address-bad-domain"),
    ],
)
def test_invalid_address_is_a_clear_finding(engine: Engine, address: str, why: str) -> None:
    result = finding(engine.evaluate(registration(email=address), on=TODAY), CHECK)
    assert result.outcome is Outcome.INSUFFICIENT_DATA
    assert result.code == "invalid-address"
    assert result.facts["field"] == "email"
    assert result.facts["why"] == why
    assert "is not valid" in result.message.en


def test_overlong_address_is_bounded(engine: Engine) -> None:
    result = finding(
        engine.evaluate(registration(email="a" * 400 + "@example.org"), on=TODAY), CHECK
    )
    assert result.code == "invalid-address"
    assert result.facts["why"] == "address-too-long"


def test_no_address_at_all_is_not_applicable(engine: Engine) -> None:
    result = finding(engine.evaluate(registration(), on=TODAY), CHECK)
    assert result.outcome is Outcome.NOT_APPLICABLE and result.code == "no-address"


def test_city_domains_reject_bad_configuration() -> None:
    from aanekoski_somepolicy import PolicyError

    with pytest.raises(PolicyError, match="'not a domain' is not a valid mail domain"):
        CityDomains(["not a domain"])


def test_city_domains_match_label_by_label() -> None:
    domains = CityDomains(["aanekoski.fi"])
    assert domains.match("aanekoski.fi") == "aanekoski.fi"
    assert domains.match("a.b.aanekoski.fi") == "aanekoski.fi"
    assert domains.match("xaanekoski.fi") is None
    assert domains.match("fi") is None


def test_unreadable_leisure_address_is_insufficient_data(engine: Engine) -> None:
    result = finding(engine.evaluate(registration(email="matti(at)gmail.com"), on=TODAY), CHECK)
    assert (result.outcome, result.code) == (Outcome.INSUFFICIENT_DATA, "invalid-address")
    assert result.facts["field"] == "email"
    assert result.facts["why"] == "address-no-at-sign"


def test_city_address_wins_over_an_unreadable_one(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(email="matti(at)gmail.com", username="matti@aanekoski.fi"), on=TODAY
    )
    result = finding(decision, CHECK)
    assert result.outcome is Outcome.FAIL and result.facts["field"] == "username"


@settings(max_examples=1000)
@given(st.text(alphabet="aAtT()[]{}<>@ \t.x1äéİ\u212a", max_size=24))
@example("liisa(a)oulu.fi")
@example("liisa [AT] oulu.fi")
def test_text_passed_over_holds_no_at_sign_of_any_form(text: str) -> None:
    """The username fast path skips only text in which the at-sign search finds nothing."""
    if not _may_hold_domain(text):
        assert _DOMAIN_AFTER_AT.search(_AT_FORMS.sub("@", text)) is None


@settings(max_examples=500)
@given(st.text(alphabet="aAtT()[]{}<>@ \t.x1\u00e4\u0130\u212a\uff20", max_size=24))
@example(" matti ")
@example("matti@aanekoski.fi")
def test_username_fast_path_answers_as_the_inspection(text: str) -> None:
    """A username passed over without the cache gets what the full inspection gives."""
    domains = CityDomains(["aanekoski.fi"])
    assert domains.inspect(text, expect_address=False) == domains._inspect(
        text, expect_address=False
    )
