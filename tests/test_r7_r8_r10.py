from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, InvalidSubjectError, Outcome, Severity, parse_subject

from .conftest import evaluate, finding, staff

R7 = "R7.working-time-use-work-related"


def usage(start: str, end: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "working-time-use",
        "id": "u1",
        "person": staff(),
        "start": start,
        "end": end,
        **fields,
    }


@pytest.mark.parametrize(
    ("start", "end", "task", "outcome", "minutes"),
    [
        ("2026-11-23T10:00", "2026-11-23T10:30", None, Outcome.FAIL, 30),  # Monday, in hours
        ("2026-11-23T10:00", "2026-11-23T10:30", "TASK-12", Outcome.PASS, 30),
        ("2026-11-23T16:00", "2026-11-23T17:00", None, Outcome.NOT_APPLICABLE, 0),  # starts at end
        ("2026-11-23T07:00", "2026-11-23T08:00", None, Outcome.NOT_APPLICABLE, 0),  # ends at start
        ("2026-11-23T07:30", "2026-11-23T08:15", None, Outcome.FAIL, 15),  # crosses the start
        ("2026-11-22T10:00", "2026-11-22T12:00", None, Outcome.NOT_APPLICABLE, 0),  # Sunday
        ("2026-11-22T23:00", "2026-11-23T09:00", None, Outcome.FAIL, 60),  # overnight into Monday
    ],
)
def test_working_time(
    engine: Engine, start: str, end: str, task: str | None, outcome: Outcome, minutes: int
) -> None:
    result = finding(evaluate(engine, usage(start, end, task_reference=task)), R7)
    assert result.outcome is outcome
    assert result.facts["working_minutes"] == minutes


def test_custom_working_hours(engine: Engine) -> None:
    evening = {"start": "14:00", "end": "22:00", "weekdays": [6, 7]}
    result = finding(
        evaluate(engine, usage("2026-11-22T20:00", "2026-11-22T21:00", working_hours=evening)), R7
    )
    assert result.outcome is Outcome.FAIL and result.facts["working_minutes"] == 60


@pytest.mark.parametrize(
    ("start", "end", "outcome", "minutes"),
    [
        # 08:30-09:30 in Helsinki (winter, UTC+2): working time, not leisure.
        ("2026-11-23T06:30Z", "2026-11-23T07:30Z", Outcome.FAIL, 60),
        # 16:30-17:30 in Helsinki: after the working day.
        ("2026-11-23T14:30Z", "2026-11-23T15:30Z", Outcome.NOT_APPLICABLE, 0),
        # Summer (UTC+3): 05:30Z is 08:30 in Helsinki.
        ("2026-06-15T05:30Z", "2026-06-15T06:30Z", Outcome.FAIL, 60),
        ("2026-06-15T13:00Z", "2026-06-15T14:00Z", Outcome.NOT_APPLICABLE, 0),
        # Tue 00:30 at UTC+14 is Mon 10:30Z = 12:30 Helsinki; the end is on an earlier date.
        ("2026-11-24T00:30+14:00", "2026-11-23T11:30Z", Outcome.FAIL, 60),
        # Stockholm (UTC+1) 09:00-10:00 is 10:00-11:00 in Helsinki.
        ("2026-11-23T09:00+01:00", "2026-11-23T10:00+01:00", Outcome.FAIL, 60),
        # Part of a minute is working time: 30 s before 16:00.
        ("2026-11-23T15:59:30", "2026-11-23T16:30", Outcome.FAIL, 1),
        ("2026-11-23T13:59:30Z", "2026-11-23T14:30Z", Outcome.FAIL, 1),
        # Across the autumn daylight-saving change (Sun 2026-10-25, 04:00 -> 03:00).
        ("2026-10-25T00:00", "2026-10-26T09:00", Outcome.FAIL, 60),
    ],
)
def test_working_time_in_the_city_time_zone(
    engine: Engine, start: str, end: str, outcome: Outcome, minutes: int
) -> None:
    result = finding(evaluate(engine, usage(start, end)), R7)
    assert result.outcome is outcome
    assert result.facts["working_minutes"] == minutes
    assert result.facts["time_zone"] == "Europe/Helsinki"


def test_local_times_in_the_facts(engine: Engine) -> None:
    result = finding(evaluate(engine, usage("2026-11-23T06:30Z", "2026-11-23T07:30Z")), R7)
    assert result.facts["local_start"] == "2026-11-23T08:30:00+02:00"
    assert result.facts["local_end"] == "2026-11-23T09:30:00+02:00"


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2026-11-23T23:00", "2026-11-24T01:00", 120),  # Monday's night shift
        ("2026-11-24T05:00", "2026-11-24T07:00", 60),  # its end on Tuesday morning
        ("2026-11-24T06:00", "2026-11-24T07:00", 0),  # after it ended
        ("2026-11-23T21:00", "2026-11-23T22:00", 0),  # before it began
        ("2026-11-22T23:00", "2026-11-23T01:00", 0),  # Sunday: no shift starts
        ("2026-11-28T23:00", "2026-11-29T01:00", 120),  # Saturday's shift into Sunday
    ],
)
def test_night_shift_crossing_midnight(engine: Engine, start: str, end: str, minutes: int) -> None:
    night = {"start": "22:00", "end": "06:00", "weekdays": [1, 2, 3, 4, 5, 6]}
    result = finding(evaluate(engine, usage(start, end, working_hours=night)), R7)
    assert result.facts["working_minutes"] == minutes
    assert result.outcome is (Outcome.FAIL if minutes else Outcome.NOT_APPLICABLE)


def test_time_zone_comes_from_the_policy() -> None:
    from aanekoski_somepolicy import default_policy

    policy = default_policy()
    parameters = policy.parameters.model_copy(
        update={
            "working_time": policy.parameters.working_time.model_copy(update={"time_zone": "UTC"})
        }
    )
    utc_engine = Engine(policy.model_copy(update={"parameters": parameters}))
    result = finding(evaluate(utc_engine, usage("2026-11-23T06:30Z", "2026-11-23T07:30Z")), R7)
    assert result.outcome is Outcome.NOT_APPLICABLE and result.facts["time_zone"] == "UTC"


def test_unknown_time_zone_in_policy_data() -> None:
    from pydantic import ValidationError

    from aanekoski_somepolicy._policy.catalog import WorkingTimeParameters

    with pytest.raises(ValidationError, match="unknown time zone 'Europe/Äänekoski'"):
        WorkingTimeParameters(time_zone="Europe/Äänekoski")


@pytest.mark.parametrize(
    ("start", "end", "needle"),
    [
        ("2026-11-23T10:00", "2026-11-23T09:00", "end must be after start"),
        ("2026-11-01T10:00", "2026-11-20T10:00", "at most 7 days"),
    ],
)
def test_bad_usage_records(start: str, end: str, needle: str) -> None:
    with pytest.raises(InvalidSubjectError, match=needle):
        parse_subject(usage(start, end))


def response(action: str, reported_to: str | None = None, **person: Any) -> dict[str, Any]:
    return {
        "type": "incorrect-info-response",
        "id": "r1",
        "person": staff(**person),
        "responded_on": "2026-11-02",
        "action": action,
        "reported_to": reported_to,
    }


def test_reporting_to_the_supervisor_passes(engine: Engine) -> None:
    decision = evaluate(engine, response("reported", "h100"))
    assert finding(decision, "R8.do-not-comment-yourself").outcome is Outcome.PASS
    assert finding(decision, "R8.report-to-supervisor").outcome is Outcome.PASS


def test_commenting_yourself_fails(engine: Engine) -> None:
    decision = evaluate(engine, response("commented-and-reported", "h100"))
    assert finding(decision, "R8.do-not-comment-yourself").outcome is Outcome.FAIL
    assert finding(decision, "R8.report-to-supervisor").outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("action", "reported_to", "person", "code", "outcome"),
    [
        ("reported", "h999", {}, "wrong-recipient", Outcome.FAIL),
        ("commented", None, {}, "not-reported", Outcome.FAIL),
        ("nothing", None, {}, "not-reported", Outcome.FAIL),
        ("reported", None, {}, "no-recipient", Outcome.INSUFFICIENT_DATA),
        ("reported", "h100", {"supervisor_id": None}, "no-supervisor", Outcome.INSUFFICIENT_DATA),
    ],
)
def test_report_findings(
    engine: Engine,
    action: str,
    reported_to: str | None,
    person: dict[str, Any],
    code: str,
    outcome: Outcome,
) -> None:
    result = finding(
        evaluate(engine, response(action, reported_to, **person)), "R8.report-to-supervisor"
    )
    assert (result.code, result.outcome) == (code, outcome)


def page(**fields: Any) -> dict[str, Any]:
    base = {
        "type": "page",
        "id": "fb-nuoriso",
        "name": "Äänekosken nuorisopalvelut",
        "service": "Facebook",
        "created_by": staff(),
        "created_on": "2026-03-01",
        "it_manager_notified_on": "2026-03-01",
        "atk_planner_notified_on": "2026-03-02",
        "responsible_persons": [staff(id="h2")],
        "linked_on": "2026-03-10",
    }
    return {**base, **fields}


def test_compliant_page(engine: Engine) -> None:
    decision = evaluate(engine, page())
    assert {f.outcome for f in decision.findings} == {Outcome.PASS}


def test_page_never_notified(engine: Engine) -> None:
    decision = evaluate(engine, page(it_manager_notified_on=None, atk_planner_notified_on=None))
    result = finding(decision, "R10.notify-it-manager-and-planner")
    assert result.outcome is Outcome.FAIL
    assert result.facts["missing"] == ["tietohallintopaallikko", "atk-suunnittelija"]
    half = evaluate(engine, page(atk_planner_notified_on=None))
    assert finding(half, "R10.notify-it-manager-and-planner").facts["missing"] == [
        "atk-suunnittelija"
    ]


def test_page_whose_responsible_persons_have_all_left(engine: Engine) -> None:
    gone = [staff(id="h2", end="2025-12-31"), staff(id="h3", role="contractor")]
    result = finding(
        evaluate(engine, page(responsible_persons=gone)), "R10.responsible-persons-named"
    )
    assert (result.outcome, result.code) == (Outcome.FAIL, "none-bound")
    mixed = [staff(id="h2", end="2025-12-31"), staff(id="h4")]
    assert finding(
        evaluate(engine, page(responsible_persons=mixed)), "R10.responsible-persons-named"
    ).facts["bound"] == ["h4"]
    none = finding(evaluate(engine, page(responsible_persons=[])), "R10.responsible-persons-named")
    assert none.code == "none-named"


def test_page_not_yet_linked_is_guidance(engine: Engine) -> None:
    decision = evaluate(engine, page(linked_on=None))
    result = finding(decision, "R10.linked-to-city-website")
    assert result.outcome is Outcome.FAIL and result.severity is Severity.INFO
    assert decision.allowed  # guidance never denies


def test_working_hours_with_a_time_zone_are_rejected_not_a_crash() -> None:
    # Found by the service's OpenAPI property tests: a TypeError escaped parse_subject.
    from aanekoski_somepolicy import InvalidSubjectError, parse_subject

    data = {
        "type": "working-time-use",
        "id": "u1",
        "person": {"id": "h1", "role": "asukas"},
        "start": "2000-01-01T00:00:00Z",
        "end": "2000-01-01T01:00:00Z",
        "working_hours": {"start": "00:00:00Z"},
    }
    with pytest.raises(InvalidSubjectError) as caught:
        parse_subject(data)
    assert "time zone" in str(caught.value)


@pytest.mark.parametrize("reported_to", ["H100", "h100", " h100", "ｈ１００"])
def test_supervisor_ids_compare_as_the_hr_system_does(engine: Engine, reported_to: str) -> None:
    result = finding(evaluate(engine, response("reported", reported_to)), "R8.report-to-supervisor")
    assert result.outcome is Outcome.PASS


def test_case_sensitive_ids_by_policy() -> None:
    from aanekoski_somepolicy import default_policy

    policy = default_policy()
    identities = policy.parameters.identities.model_copy(update={"case_sensitive": True})
    parameters = policy.parameters.model_copy(update={"identities": identities})
    strict = Engine(policy.model_copy(update={"parameters": parameters}))
    check = "R8.report-to-supervisor"
    assert finding(evaluate(strict, response("reported", "H100")), check).code == "wrong-recipient"
    assert finding(evaluate(strict, response("reported", "h100")), check).code == "pass"


def test_hr_id_rule() -> None:
    from aanekoski_somepolicy._accounts.hr_ids import same_hr_id

    assert same_hr_id("ABC-1", "abc-1")
    assert not same_hr_id("ABC-1", "abc-1", case_sensitive=True)
    assert same_hr_id("ＡＢＣ-1", "ABC-1", case_sensitive=True)
    assert not same_hr_id("abc-1", "abc-2")


@pytest.mark.parametrize(
    ("it_manager", "planner", "invalid"),
    [
        ("2020-01-01", "2030-01-01", ["tietohallintopaallikko", "atk-suunnittelija"]),
        ("2026-03-01", "2026-11-25", ["atk-suunnittelija"]),  # the day after TODAY
        ("2026-02-28", "2026-03-01", ["tietohallintopaallikko"]),  # before creation
    ],
)
def test_impossible_notification_dates(
    engine: Engine, it_manager: str, planner: str, invalid: list[str]
) -> None:
    decision = evaluate(
        engine, page(it_manager_notified_on=it_manager, atk_planner_notified_on=planner)
    )
    result = finding(decision, "R10.notify-it-manager-and-planner")
    assert (result.outcome, result.code) == (Outcome.INSUFFICIENT_DATA, "invalid-date")
    assert result.facts["invalid"] == invalid
    assert result.facts["it_manager_notified_on"] == it_manager
    assert result.facts["atk_planner_notified_on"] == planner
    assert result.facts["created_on"] == "2026-03-01"
    assert result.facts["on"] == "2026-11-24"
    assert it_manager in result.message.en and planner in result.message.en
    # Finnish and Swedish write the dates as they write dates (1.3.2026).
    for text in (result.message.fi, result.message.sv):
        for iso in (it_manager, planner):
            year, month, day = (int(part) for part in iso.split("-"))
            assert f"{day}.{month}.{year}" in text and iso not in text


def test_notification_dates_on_the_edges_are_valid(engine: Engine) -> None:
    # Notified on the day of creation and on the evaluation day itself.
    decision = evaluate(
        engine, page(it_manager_notified_on="2026-03-01", atk_planner_notified_on="2026-11-24")
    )
    result = finding(decision, "R10.notify-it-manager-and-planner")
    assert result.outcome is Outcome.PASS
    assert result.facts["atk_planner_notified_on"] == "2026-11-24"


def test_missing_notification_fails_even_beside_an_impossible_one(engine: Engine) -> None:
    decision = evaluate(
        engine, page(it_manager_notified_on=None, atk_planner_notified_on="2030-01-01")
    )
    result = finding(decision, "R10.notify-it-manager-and-planner")
    assert result.outcome is Outcome.FAIL
    assert result.facts["missing"] == ["tietohallintopaallikko"]
    assert result.facts["invalid"] == ["atk-suunnittelija"]


@pytest.mark.parametrize("linked_on", ["2026-02-01", "2026-12-01"])
def test_impossible_link_date(engine: Engine, linked_on: str) -> None:
    result = finding(evaluate(engine, page(linked_on=linked_on)), "R10.linked-to-city-website")
    assert (result.outcome, result.code) == (Outcome.INSUFFICIENT_DATA, "invalid-date")
    assert result.facts["linked_on"] == linked_on


def test_link_date_on_the_edges(engine: Engine) -> None:
    for linked_on in ("2026-03-01", "2026-11-24"):
        result = finding(evaluate(engine, page(linked_on=linked_on)), "R10.linked-to-city-website")
        assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("start", "person", "day"),
    [
        # 21:30Z on 31 May is already 00:30 on 1 June in Helsinki (summer time, +03:00).
        ("2026-05-31T21:30:00Z", {"start": "2026-06-01"}, "2026-06-01"),
        # Written with a far-east offset: 1 June 08:00 at +14:00 is 31 May in Helsinki.
        ("2026-06-01T08:00:00+14:00", {"end": "2026-05-31"}, "2026-05-31"),
        # Local (naive) times are already on the city's clock.
        ("2026-05-31T23:30:00", {"start": "2026-06-01"}, "2026-05-31"),
    ],
)
def test_scope_day_of_a_use_is_read_on_the_city_clock(
    engine: Engine, start: str, person: dict[str, Any], day: str
) -> None:
    from datetime import date, datetime, timedelta

    begin = datetime.fromisoformat(start)
    end = (begin + timedelta(minutes=30)).isoformat()
    subject = parse_subject({**usage(start, end), "person": staff(**person)})
    assert engine.scope(subject).on == date.fromisoformat(day)
