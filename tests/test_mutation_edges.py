"""Edges that mutation testing showed unpinned: each test fails for a named mutant."""

from __future__ import annotations

from datetime import date

import pytest

from aanekoski_somepolicy import Engine, Outcome, Role, Severity, default_policy, parse_subject
from aanekoski_somepolicy._accounts.email import CityDomains
from aanekoski_somepolicy._accounts.usernames import identity_key
from aanekoski_somepolicy._policy.scope import resolve_scope

from .conftest import TODAY, finding, registration


def test_domain_match_ignores_a_trailing_dot_and_case() -> None:
    domains = CityDomains(["aanekoski.fi"])
    assert domains.match("AANEKOSKI.FI.") == "aanekoski.fi"
    assert domains.match("sosiaali.aanekoski.fi") == "aanekoski.fi"
    assert domains.match("aanekoski.fi.evil.com") is None


def test_non_ascii_local_part_is_a_valid_leisure_address(engine: Engine) -> None:
    result = finding(
        engine.evaluate(registration(email="mätti@gmail.com"), on=TODAY),
        "R9.leisure-email-not-city-domain",
    )
    assert result.outcome is Outcome.PASS


def test_username_keys_take_the_last_separator() -> None:
    # DOMAIN\user: the user is after the last backslash; user@domain: before the last @.
    assert identity_key("corp\\aanekoski\\matti") == "matti"
    assert identity_key("matti@home@gmail.com") == "matti@home"


def test_scope_facts_name_role_and_dates() -> None:
    result = resolve_scope(
        default_policy(),
        Role.TYONTEKIJA,
        on=date(2026, 11, 24),
        start=date(2020, 1, 1),
        end=date(2026, 12, 31),
    )
    assert result.facts() == {
        "role": "tyontekija",
        "on": "2026-11-24",
        "start": "2020-01-01",
        "end": "2026-12-31",
    }
    unknown = resolve_scope(default_policy(), None, on=date(2026, 11, 24))
    assert unknown.facts() == {"role": None, "on": "2026-11-24", "start": None, "end": None}


def test_out_of_scope_finding_is_complete(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(role="luottamushenkilö", email="matti@aanekoski.fi"), on=TODAY
    )
    result = finding(decision, "R9.leisure-email-not-city-domain")
    assert result.rule == "R9"
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.severity is Severity.VIOLATION
    assert result.code == "role-out-of-scope"
    assert result.facts["scope"] == "role-out-of-scope"
    assert result.facts["role"] == "luottamushenkilo"
    assert result.remedy is None
    assert decision.allowed


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2026, 11, 23), "fail"),
        (date(2026, 11, 24), "fail"),  # the last day of service is in service
        (date(2026, 11, 25), "service-ended"),
    ],
)
def test_evaluation_date_is_used(engine: Engine, day: date, code: str) -> None:
    subject = parse_subject(
        {"type": "person", "id": "h1", "role": "työntekijä", "end": "2026-11-24"}
    )
    result = finding(engine.evaluate(subject, on=day), "R2.confidentiality-onboarding")
    assert result.code == code


EMAIL_CHECK = "R9.leisure-email-not-city-domain"


def test_username_of_exactly_the_maximum_length_is_read(engine: Engine) -> None:
    username = "a" * default_policy().parameters.accounts.username_max_length
    result = finding(engine.evaluate(registration(username=username), on=TODAY), EMAIL_CHECK)
    assert result.outcome is Outcome.PASS


def test_overlong_email_does_not_hide_a_city_username(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(email="a" * 400 + "@example.org", username="matti@aanekoski.fi"), on=TODAY
    )
    result = finding(decision, EMAIL_CHECK)
    assert (result.outcome, result.code) == (Outcome.FAIL, "fail")
    assert result.facts == {"field": "username", "domain": "aanekoski.fi"}


def test_compared_counts_every_work_identity(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(
            username="kalastaja77",
            work_usernames=["mvirtanen", "mv2"],
            work_emails=["matti.virtanen@aanekoski.fi"],
        ),
        on=TODAY,
    )
    assert finding(decision, "R9.separate-work-leisure-usernames").facts == {"compared": 3}


def test_unbound_rules_say_false() -> None:
    policy = default_policy()
    on = date(2026, 11, 24)
    for result in (
        resolve_scope(policy, Role.LUOTTAMUSHENKILO, on=on),
        resolve_scope(policy, Role.TYONTEKIJA, on=on, start=date(2027, 1, 1)),
        resolve_scope(policy, Role.TYONTEKIJA, on=on, end=date(2026, 1, 1)),
    ):
        assert result.binding("R9").bound is False
    with pytest.raises(KeyError, match="R99"):
        result.binding("R99")


def test_a_domain_that_only_contains_the_city_name_is_not_the_city(engine: Engine) -> None:
    for username in ("matti@XAANEKOSKI.FI", '"m"@Xaanekoski.fi.'):
        result = finding(engine.evaluate(registration(username=username), on=TODAY), EMAIL_CHECK)
        assert result.outcome is Outcome.PASS, username


def test_general_information_is_no_duty_kind() -> None:
    from aanekoski_somepolicy._checks.r3_advice import DutyReading, read_duties
    from aanekoski_somepolicy._subjects import AdviceKind

    reading = read_duties(("neuvonta", "ohjaus"), AdviceKind.GENERAL_INFORMATION)
    assert reading is DutyReading.NOT_COVERED


def test_hr_id_keys_are_case_blind_by_default() -> None:
    from aanekoski_somepolicy._accounts.hr_ids import hr_id_key

    assert hr_id_key(" ABC-1 ") == "abc-1"
    assert hr_id_key(" ABC-1 ", case_sensitive=True) == "ABC-1"


def test_english_messages_word_fact_values(engine: Engine) -> None:
    decision = engine.evaluate(registration(email="matti@aanekoski.fi"), on=TODAY)
    assert "e-mail address" in finding(decision, EMAIL_CHECK).message.en


def test_an_unencodable_domain_in_a_username_is_no_city(engine: Engine) -> None:
    # A label longer than 63 characters cannot be encoded: no domain, no crash.
    username = "matti@" + "a" * 70 + ".fi"
    result = finding(engine.evaluate(registration(username=username), on=TODAY), EMAIL_CHECK)
    assert result.outcome is Outcome.PASS
