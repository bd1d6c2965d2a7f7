"""Every branch of every check (R2-R10), with the exact outcome, code and facts it gives.

Facts explain a finding to people and feed reports, so they are part of the behaviour.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from aanekoski_somepolicy import Engine, InvalidSubjectError, Outcome, PolicyError, parse_subject
from aanekoski_somepolicy._policy.catalog import parse_policy

from .conftest import evaluate, finding, staff
from .test_r1_r2_r6_publications import post
from .test_r3_r4_advice_photos import advice
from .test_r5_profiles import profile
from .test_r7_r8_r10 import page, response, usage

PUBLISHED = "2026-11-02"


def person(**fields: Any) -> dict[str, Any]:
    return {"type": "person", **staff(**fields)}


ONBOARDING = "R2.confidentiality-onboarding"
SURVIVES = "R2.confidentiality-survives-service"
BINDING = "R2.confidentiality-binding"
R3 = "R3.no-individual-advice-in-city-name"
R5 = "R5.employer-in-profile-representative"
R5_REVIEW = "R5.behave-as-representative"
R6 = "R6.loyalty-manual-review"
R7 = "R7.working-time-use-work-related"
R8_COMMENT = "R8.do-not-comment-yourself"
R8_REPORT = "R8.report-to-supervisor"
R10_PEOPLE = "R10.responsible-persons-named"
R10_LINK = "R10.linked-to-city-website"

CASES: list[tuple[str, dict[str, Any], str, Outcome, str, dict[str, Any]]] = [
    # R2 onboarding
    (
        "ended",
        person(end="2025-12-31"),
        ONBOARDING,
        Outcome.NOT_APPLICABLE,
        "service-ended",
        {"end": "2025-12-31"},
    ),
    ("no briefing", person(), ONBOARDING, Outcome.FAIL, "fail", {"briefing_date": None}),
    (
        "briefing before start",
        person(start="2020-01-01", confidentiality_briefing="2019-12-31"),
        ONBOARDING,
        Outcome.FAIL,
        "before-start",
        {"briefing_date": "2019-12-31", "start": "2020-01-01"},
    ),
    (
        "briefing on the first day",
        person(start="2020-01-01", confidentiality_briefing="2020-01-01"),
        ONBOARDING,
        Outcome.PASS,
        "pass",
        {"briefing_date": "2020-01-01"},
    ),
    # R2 binding and survival
    (
        "confidential",
        post(classification="confidential"),
        BINDING,
        Outcome.FAIL,
        "fail",
        {"classification": "confidential"},
    ),
    ("public", post(), BINDING, Outcome.PASS, "pass", {"classification": "public"}),
    (
        "after service",
        post(author=staff(end="2026-11-01"), classification="secret", working_time=True),
        SURVIVES,
        Outcome.FAIL,
        "fail",
        {"classification": "secret", "after_service": True, "working_time": True},
    ),
    (
        "last day of service, working time",
        post(author=staff(end=PUBLISHED), classification="secret", working_time=True),
        SURVIVES,
        Outcome.NOT_APPLICABLE,
        "working-time",
        {"classification": "secret", "after_service": False, "working_time": True},
    ),
    (
        "time unknown",
        post(working_time=None),
        SURVIVES,
        Outcome.INSUFFICIENT_DATA,
        "time-unknown",
        {"classification": "public", "after_service": False, "working_time": None},
    ),
    # R3
    (
        "own name",
        advice(in_city_name=False),
        R3,
        Outcome.PASS,
        "own-name",
        {"kind": "individual-advice", "in_city_name": False},
    ),
    (
        "general information",
        advice(kind="general-information"),
        R3,
        Outcome.PASS,
        "general-information",
        {"kind": "general-information", "in_city_name": True},
    ),
    (
        "agreed duty",
        advice(author=staff(duties=["asiakasneuvonta"])),
        R3,
        Outcome.PASS,
        "agreed-duty",
        {"kind": "individual-advice", "in_city_name": True},
    ),
    # R5
    (
        "no employer",
        profile(texts=["Asun Äänekoskella"]),
        R5,
        Outcome.PASS,
        "pass",
        {"found_in": []},
    ),
    (
        "employer field only",
        profile(employer="Äänekosken kaupunki"),
        R5_REVIEW,
        Outcome.MANUAL_REVIEW,
        "manual-review",
        {"found_in": ["employer-field"]},
    ),
    # R6
    (
        "flagged",
        post(concerns_employer_or_colleagues=True),
        R6,
        Outcome.MANUAL_REVIEW,
        "manual-review",
        {"flagged": True},
    ),
    ("not flagged", post(), R6, Outcome.NOT_APPLICABLE, "not-flagged", {"flagged": False}),
    # R7
    (
        "naive times are Helsinki times",
        usage("2026-11-23T10:00", "2026-11-23T11:00", task_reference="T-1"),
        R7,
        Outcome.PASS,
        "pass",
        {
            "working_minutes": 60,
            "task_reference": True,
            "time_zone": "Europe/Helsinki",
            "local_start": "2026-11-23T10:00:00",
            "local_end": "2026-11-23T11:00:00",
        },
    ),
    # R8
    ("commented", response("commented"), R8_COMMENT, Outcome.FAIL, "fail", {"action": "commented"}),
    (
        "reported only",
        response("reported", "h100"),
        R8_COMMENT,
        Outcome.PASS,
        "pass",
        {"action": "reported"},
    ),
    (
        "not reported",
        response("nothing"),
        R8_REPORT,
        Outcome.FAIL,
        "not-reported",
        {"action": "nothing", "reported_to": None, "supervisor": "h100"},
    ),
    (
        "no recipient",
        response("reported"),
        R8_REPORT,
        Outcome.INSUFFICIENT_DATA,
        "no-recipient",
        {"action": "reported", "reported_to": None, "supervisor": "h100"},
    ),
    (
        "no supervisor",
        response("reported", "h7", supervisor_id=None),
        R8_REPORT,
        Outcome.INSUFFICIENT_DATA,
        "no-supervisor",
        {"action": "reported", "reported_to": "h7", "supervisor": None},
    ),
    (
        "wrong recipient",
        response("reported", "h7"),
        R8_REPORT,
        Outcome.FAIL,
        "wrong-recipient",
        {"action": "reported", "reported_to": "h7", "supervisor": "h100"},
    ),
    (
        "supervisor",
        response("commented-and-reported", "H100"),
        R8_REPORT,
        Outcome.PASS,
        "pass",
        {"action": "commented-and-reported", "reported_to": "H100", "supervisor": "h100"},
    ),
    # R10
    (
        "nobody named",
        page(responsible_persons=[]),
        R10_PEOPLE,
        Outcome.FAIL,
        "none-named",
        {"named": 0},
    ),
    (
        "responsible person not yet started",
        page(
            responsible_persons=[
                staff(id="h2", start="2027-01-01"),
                staff(id="h3", end="2025-01-01"),
            ]
        ),
        R10_PEOPLE,
        Outcome.FAIL,
        "none-bound",
        {"named": 2, "bound": []},
    ),
    ("responsible person", page(), R10_PEOPLE, Outcome.PASS, "pass", {"named": 1, "bound": ["h2"]}),
    (
        "linked",
        page(),
        R10_LINK,
        Outcome.PASS,
        "pass",
        {"linked_on": "2026-03-10", "created_on": "2026-03-01"},
    ),
    (
        "not linked",
        page(linked_on=None),
        R10_LINK,
        Outcome.FAIL,
        "fail",
        {"linked_on": None, "created_on": "2026-03-01"},
    ),
    (
        "linked before creation",
        page(linked_on="2026-02-01"),
        R10_LINK,
        Outcome.INSUFFICIENT_DATA,
        "invalid-date",
        {
            "linked_on": "2026-02-01",
            "created_on": "2026-03-01",
            "invalid": ["linked_on"],
            "on": "2026-11-24",
        },
    ),
]


@pytest.mark.parametrize(
    ("data", "check", "outcome", "code", "facts"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_check_branch(
    engine: Engine,
    data: dict[str, Any],
    check: str,
    outcome: Outcome,
    code: str,
    facts: dict[str, Any],
) -> None:
    result = finding(evaluate(engine, data), check)
    assert (result.outcome, result.code, result.facts) == (outcome, code, facts)
    # Only what needs action carries a remedy.
    assert (result.remedy is None) is (outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE))


def test_manual_review_finding_is_complete(engine: Engine) -> None:
    decision = evaluate(engine, post(concerns_employer_or_colleagues=True))
    result = finding(decision, R6)
    assert result.rule == "R6"
    assert result.code == "manual-review"
    assert result.remedy is not None
    assert result.message == engine.policy.element(R6).reason


def _policy_data() -> dict[str, Any]:
    text = resources.files("aanekoski_somepolicy").joinpath("data/policy.toml").read_text("utf-8")
    return tomllib.loads(text)


def _element(data: dict[str, Any], element_id: str) -> dict[str, Any]:
    for rule in data["rules"]:
        for element in rule["elements"]:
            if element["id"] == element_id:
                return element  # type: ignore[no-any-return]
    raise KeyError(element_id)


def test_engine_refuses_a_check_element_without_an_implementation() -> None:
    data = _policy_data()
    _element(data, "R1.treat-shared-as-public")["subjects"] = ["publication", "photo", "page"]
    with pytest.raises(PolicyError) as raised:
        Engine(parse_policy(data))
    assert [str(problem) for problem in raised.value.problems] == [
        "R1.treat-shared-as-public: no check is implemented for photo",
        "R1.treat-shared-as-public: no check is implemented for page",
    ]


def test_engine_refuses_a_check_without_its_messages() -> None:
    data = _policy_data()
    del _element(data, "R10.linked-to-city-website")["messages"]["invalid-date"]
    with pytest.raises(PolicyError) as raised:
        Engine(parse_policy(data))
    assert raised.value.summary == "the policy does not match the engine's checks"
    assert [str(problem) for problem in raised.value.problems] == [
        "R10.linked-to-city-website: messages missing for codes invalid-date"
    ]


def test_manual_review_elements_need_no_implementation() -> None:
    data = _policy_data()
    manual = [
        element
        for rule in data["rules"]
        for element in rule["elements"]
        if element["kind"] == "manual-review"
    ]
    assert manual, "the guideline has manual-review elements"
    Engine(parse_policy(data))  # does not raise


def test_unknown_subject_type_names_the_accepted_ones() -> None:
    with pytest.raises(InvalidSubjectError) as raised:
        parse_subject({"type": "x" * 60})
    assert raised.value.summary == "invalid subject"
    (problem,) = raised.value.problems
    assert problem.location == "type"
    assert problem.message.startswith(f"unknown subject type {'x' * 40!r}; accepted: ")
    assert "accepted: person, account-registration, publication, " in problem.message


def test_invalid_subject_names_its_type() -> None:
    with pytest.raises(InvalidSubjectError, match="photo"):
        parse_subject({"type": "photo", "id": "k1"})


def test_messages_word_fact_values_in_each_language(engine: Engine) -> None:
    from .conftest import TODAY, registration

    decision = engine.evaluate(registration(username="matti@aanekoski.fi"), on=TODAY)
    message = finding(decision, "R9.leisure-email-not-city-domain").message
    assert "käyttäjätunnus" in message.fi
    assert "användarnamn" in message.sv
    assert "username" in message.en and "aanekoski.fi" in message.en


def test_manual_review_element_without_a_check_is_always_raised() -> None:
    data = _policy_data()
    _element(data, "R2.separate-work-and-private-role")["subjects"] = ["publication"]
    engine = Engine(parse_policy(data))
    result = finding(evaluate(engine, post()), "R2.separate-work-and-private-role")
    element = engine.policy.element("R2.separate-work-and-private-role")
    assert (result.outcome, result.code, result.facts) == (
        Outcome.MANUAL_REVIEW,
        "manual-review",
        {},
    )
    assert result.rule == "R2"
    assert result.message == element.reason and result.remedy == element.remedy


def test_scope_is_judged_on_the_given_day() -> None:
    from datetime import date, timedelta

    engine = Engine()
    start = date.today() + timedelta(days=10)
    subject = parse_subject(person(start=start.isoformat()))
    later = finding(engine.evaluate(subject, on=start + timedelta(days=10)), ONBOARDING)
    assert later.code == "fail"  # in service then: no briefing on record
    now = finding(engine.evaluate(subject, on=start - timedelta(days=1)), ONBOARDING)
    assert now.code == "not-started"


def test_working_time_use_is_judged_on_the_day_of_use(engine: Engine) -> None:
    # The service ended after the use and before the evaluation day: R7 still binds.
    data = usage("2026-11-02T10:00", "2026-11-02T11:00")
    data["person"] = staff(end="2026-11-10")
    result = finding(evaluate(engine, data), R7)
    assert result.outcome is Outcome.FAIL


def test_night_shift_starting_after_midnight_local_time(engine: Engine) -> None:
    # 21:00Z-23:00Z on Monday is 23:00-01:00 in Helsinki; the Tuesday shift starts 00:30.
    hours = {"start": "00:30", "end": "06:00", "weekdays": [2]}
    data = usage("2026-11-23T21:00Z", "2026-11-23T23:00Z", working_hours=hours)
    assert finding(evaluate(engine, data), R7).facts["working_minutes"] == 30
