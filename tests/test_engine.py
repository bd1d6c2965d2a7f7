from __future__ import annotations

import json
from datetime import date

import pytest

from aanekoski_somepolicy import (
    Decision,
    Engine,
    InvalidSubjectError,
    Lang,
    Outcome,
    Person,
    Severity,
    SubjectType,
    decision_to_dict,
    parse_subject,
    render_decision_text,
)

from .conftest import TODAY, finding, outcomes, registration


def person(**fields: object) -> Person:
    base: dict[str, object] = {"id": "h9", "role": "työntekijä", "start": "2020-01-01"}
    base.update(fields)
    return Person.model_validate(base)


def test_person_with_briefing_passes(engine: Engine) -> None:
    decision = engine.evaluate(person(confidentiality_briefing="2020-01-02"), on=TODAY)
    onboarding = finding(decision, "R2.confidentiality-onboarding")
    assert onboarding.outcome is Outcome.PASS
    assert onboarding.facts == {"briefing_date": "2020-01-02"}
    assert decision.allowed


def test_person_without_briefing_gets_a_should_level_finding(engine: Engine) -> None:
    decision = engine.evaluate(person(), on=TODAY)
    onboarding = finding(decision, "R2.confidentiality-onboarding")
    assert onboarding.outcome is Outcome.FAIL
    assert onboarding.severity is Severity.WARNING
    assert onboarding.remedy is not None and "perehdyty" in onboarding.remedy.fi.lower()
    # A should-level failure does not deny.
    assert decision.allowed
    assert decision.failures(Severity.WARNING) == [onboarding]
    assert decision.failures(Severity.VIOLATION) == []


def test_briefing_before_start_is_flagged(engine: Engine) -> None:
    decision = engine.evaluate(person(confidentiality_briefing="2019-12-01"), on=TODAY)
    assert finding(decision, "R2.confidentiality-onboarding").code == "before-start"


def test_former_staff_onboarding_is_not_applicable(engine: Engine) -> None:
    decision = engine.evaluate(person(end="2025-12-31"), on=TODAY)
    assert finding(decision, "R2.confidentiality-onboarding").outcome is Outcome.NOT_APPLICABLE


def test_out_of_scope_person_gets_not_applicable_with_reason(engine: Engine) -> None:
    decision = engine.evaluate(person(role="luottamushenkilö"), on=TODAY)
    onboarding = finding(decision, "R2.confidentiality-onboarding")
    assert onboarding.outcome is Outcome.NOT_APPLICABLE
    assert onboarding.code == "role-out-of-scope"
    assert onboarding.message.en.endswith("the role elected official.")
    assert onboarding.facts["role"] == "luottamushenkilo"


def test_person_dates_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="end"):
        person(start="2021-01-01", end="2020-01-01")


def test_registration_out_of_scope_role_is_not_applicable(engine: Engine) -> None:
    decision = engine.evaluate(
        registration(role="contractor", email="x@aanekoski.fi", password="a"), on=TODAY
    )
    assert set(outcomes(decision).values()) == {Outcome.NOT_APPLICABLE}
    assert decision.allowed


def test_every_applicable_element_gets_exactly_one_finding(engine: Engine) -> None:
    decision = engine.evaluate(registration(password="x"), on=TODAY)
    expected = [
        e.id for e in engine.policy.elements() if SubjectType.ACCOUNT_REGISTRATION in e.subjects
    ]
    assert [f.check for f in decision.findings] == expected


def test_decision_json_and_text_in_both_languages(engine: Engine) -> None:
    decision = engine.evaluate(registration(email="matti@aanekoski.fi"), on=TODAY)
    data = decision_to_dict(decision, Lang.EN)
    json.dumps(data)
    assert data["allowed"] is False
    assert data["policy"] == {"id": "aanekoski-some-ohje", "version": "1.0.0"}
    city = next(f for f in data["findings"] if f["check"] == "R9.leisure-email-not-city-domain")
    assert city["outcome"] == "fail" and city["severity"] == "violation" and city["rule"] == "R9"
    assert "city e-mail address" in city["message"]
    assert city["remedy"]
    fi = render_decision_text(decision, Lang.FI)
    en = render_decision_text(decision, Lang.EN)
    assert fi.startswith("EI SALLITTU") and "kaupungin sähköpostiosoite" in fi
    assert en.startswith("NOT ALLOWED") and "[FAIL] R9.leisure-email-not-city-domain" in en
    sv = render_decision_text(decision, Lang.SV)
    assert sv.startswith("INTE TILLÅTET")


def test_parse_subject_selects_type_and_reports_all_problems() -> None:
    assert isinstance(parse_subject({"type": "person", "id": "a", "role": "sivari"}), Person)
    with pytest.raises(InvalidSubjectError) as caught:
        parse_subject({"service": "", "purpose": "holiday", "bogus": 1})
    locations = {p.location for p in caught.value.problems}
    assert {"person_id", "service", "purpose", "bogus"} <= locations
    with pytest.raises(InvalidSubjectError, match="unknown subject type"):
        parse_subject({"type": "spaceship"})


def test_decision_is_typed(engine: Engine) -> None:
    decision = engine.evaluate(registration(), on=date(2026, 1, 1))
    assert isinstance(decision, Decision)
    assert decision.subject_type is SubjectType.ACCOUNT_REGISTRATION
    assert decision.subject_id == "h1"


def test_judgements_settled_by_a_scope_are_shared_but_each_call_gets_its_own_list() -> None:
    """Out-of-scope and manual judgements are made once per scope; lists never leak."""
    engine = Engine()
    outside = registration(role="asukas", username="a", email="a@example.org")
    first = engine.judge(outside, on=TODAY)
    first.clear()  # a caller may change its list
    again = engine.judge(registration(role="asukas", username="b"), on=TODAY)
    assert again and all(j.outcome is Outcome.NOT_APPLICABLE for j in again)
    assert [j.finding() for j in again] == engine.evaluate(outside, on=TODAY).findings
    bound = engine.judge(registration(role="tyontekija", email="x@aanekoski.fi"), on=TODAY)
    assert Outcome.FAIL in {j.outcome for j in bound}
