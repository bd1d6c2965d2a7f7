from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, Outcome, Severity

from .conftest import evaluate, finding, outcomes, staff


def post(**fields: Any) -> dict[str, Any]:
    base = {
        "type": "publication",
        "id": "p1",
        "author": staff(),
        "published_on": "2026-11-02",
        "classification": "public",
        "working_time": False,
    }
    return {**base, **fields}


@pytest.mark.parametrize("audience", ["public", "friends", "closed-group", "private-message"])
def test_public_content_passes_in_any_audience(engine: Engine, audience: str) -> None:
    decision = evaluate(engine, post(audience=audience))
    assert finding(decision, "R1.treat-shared-as-public").outcome is Outcome.PASS
    assert decision.allowed


@pytest.mark.parametrize("audience", ["friends", "closed-group", "private-message"])
def test_a_narrow_audience_does_not_make_internal_content_publishable(
    engine: Engine, audience: str
) -> None:
    decision = evaluate(engine, post(classification="internal", audience=audience))
    result = finding(decision, "R1.treat-shared-as-public")
    assert result.outcome is Outcome.FAIL
    assert result.facts == {"classification": "internal", "audience": audience}
    assert audience in result.message.en
    # Internal is not confidential: rule 2 is not broken.
    assert finding(decision, "R2.confidentiality-binding").outcome is Outcome.PASS
    assert not decision.allowed


@pytest.mark.parametrize("classification", ["confidential", "secret"])
def test_confidential_content_breaks_rules_1_and_2(engine: Engine, classification: str) -> None:
    decision = evaluate(engine, post(classification=classification))
    assert finding(decision, "R1.treat-shared-as-public").outcome is Outcome.FAIL
    assert finding(decision, "R2.confidentiality-binding").outcome is Outcome.FAIL
    assert finding(decision, "R2.confidentiality-survives-service").outcome is Outcome.FAIL


def test_confidentiality_binds_in_leisure_and_after_service(engine: Engine) -> None:
    former = staff(end="2026-06-30")
    decision = evaluate(
        engine, post(author=former, classification="confidential", published_on="2026-07-01")
    )
    survives = finding(decision, "R2.confidentiality-survives-service")
    assert survives.outcome is Outcome.FAIL and survives.facts["after_service"] is True
    # Only confidentiality still binds the former employee; rule 1 and 6 no longer do.
    assert finding(decision, "R1.treat-shared-as-public").outcome is Outcome.NOT_APPLICABLE
    assert finding(decision, "R1.treat-shared-as-public").code == "service-ended"
    assert finding(decision, "R6.loyalty-manual-review").outcome is Outcome.NOT_APPLICABLE


def test_last_day_of_service_is_still_in_service(engine: Engine) -> None:
    decision = evaluate(engine, post(author=staff(end="2026-11-02"), classification="internal"))
    assert finding(decision, "R1.treat-shared-as-public").outcome is Outcome.FAIL


def test_working_time_publication_is_judged_by_the_binding_element(engine: Engine) -> None:
    decision = evaluate(engine, post(classification="secret", working_time=True))
    assert finding(decision, "R2.confidentiality-survives-service").code == "working-time"
    assert finding(decision, "R2.confidentiality-binding").outcome is Outcome.FAIL


def test_unknown_time_is_insufficient_data_not_a_pass(engine: Engine) -> None:
    decision = evaluate(engine, post(working_time=None))
    result = finding(decision, "R2.confidentiality-survives-service")
    assert result.outcome is Outcome.INSUFFICIENT_DATA
    assert result.remedy is not None


def test_loyalty_review_raised_only_when_flagged(engine: Engine) -> None:
    flagged = evaluate(engine, post(concerns_employer_or_colleagues=True))
    review = finding(flagged, "R6.loyalty-manual-review")
    assert review.outcome is Outcome.MANUAL_REVIEW
    assert "judgement" in review.message.en
    assert review.severity is Severity.VIOLATION
    assert flagged.allowed  # a review is not a verdict
    plain = evaluate(engine, post())
    assert finding(plain, "R6.loyalty-manual-review").code == "not-flagged"


@pytest.mark.parametrize(
    "role", ["luottamushenkilö", "contractor", "resident", "city-owned company staff"]
)
def test_out_of_scope_authors(engine: Engine, role: str) -> None:
    decision = evaluate(engine, post(author=staff(role=role), classification="secret"))
    assert set(outcomes(decision).values()) == {Outcome.NOT_APPLICABLE}


def test_publication_before_service_began(engine: Engine) -> None:
    decision = evaluate(engine, post(author=staff(start="2026-12-01"), classification="secret"))
    assert finding(decision, "R2.confidentiality-binding").code == "not-started"


def test_missing_fields_are_clear_errors() -> None:
    from aanekoski_somepolicy import InvalidSubjectError, parse_subject

    with pytest.raises(InvalidSubjectError) as caught:
        parse_subject(
            {"type": "publication", "id": "p", "author": {"id": "x", "role": "king"}},
            unknown_role="invalid",
        )
    text = str(caught.value)
    assert "author.role: unknown role 'king'" in text
    assert "published_on: required field is missing" in text
    assert "classification: required field is missing" in text
