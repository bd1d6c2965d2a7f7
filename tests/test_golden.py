"""Golden scenarios: a change to the policy data that flips any decision fails here.

Each row lists the outcome of every element evaluated for the subject. When a policy change
is intended, update the row deliberately, in the same commit as the policy change.
"""

from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, parse_subject

from .conftest import R9_CHECKS, TODAY, staff

P, F, NA, MR, ID = "pass", "fail", "not-applicable", "manual-review", "insufficient-data"
STRONG = "vihreä kivi juoksee nopeasti"
R9 = R9_CHECKS


def reg(**fields: Any) -> dict[str, Any]:
    return {"person_id": "h1", "service": "Instagram", "purpose": "leisure", **fields}


SCENARIOS: list[tuple[str, dict[str, Any], bool, dict[str, str]]] = [
    (
        "compliant leisure account",
        reg(
            username="kalastaja77",
            email="matti@gmail.com",
            password=STRONG,
            work_usernames="mvirtanen",
        ),
        True,
        dict(zip(R9, (P, P, P, P, P, NA, P), strict=True)),
    ),
    (
        "city e-mail and work username in a leisure account",
        reg(
            username="mvirtanen",
            email="matti.virtanen@aanekoski.fi",
            password=STRONG,
            work_usernames="mvirtanen",
        ),
        False,
        dict(zip(R9, (F, P, P, P, P, NA, F), strict=True)),
    ),
    (
        "seasonal Finnish password",
        reg(username="kalastaja77", password="Kesä2026!"),
        False,
        dict(zip(R9, (NA, F, P, F, F, NA, P), strict=True)),
    ),
    (
        "Finnish top password",
        reg(password="salasana123", mfa=True),
        False,
        dict(zip(R9, (NA, P, F, F, F, NA, NA), strict=True)),
    ),
    (
        "work account with city address and a strong password",
        reg(
            purpose="työ",
            email="matti@aanekoski.fi",
            username="mvirtanen",
            password=STRONG,
            work_usernames="mvirtanen",
        ),
        True,
        dict(zip(R9, (NA, P, P, P, P, NA, NA), strict=True)),
    ),
    (
        "elected official is out of scope",
        reg(role="luottamushenkilö", email="x@aanekoski.fi", password="kissa"),
        True,
        dict.fromkeys(R9, NA),
    ),
    (
        "HR record without confidentiality briefing",
        {"type": "person", "id": "h2", "role": "kuntouttava työtoiminta", "start": "2026-01-01"},
        True,
        {"R2.confidentiality-onboarding": F},
    ),
    (
        "former employee",
        {
            "type": "person",
            "id": "h3",
            "role": "viranhaltija",
            "start": "2000-01-01",
            "end": "2020-01-01",
        },
        True,
        {"R2.confidentiality-onboarding": NA},
    ),
    (
        "internal content to a closed group, flagged as about colleagues",
        {
            "type": "publication",
            "id": "p1",
            "author": staff(),
            "published_on": "2026-11-02",
            "audience": "closed-group",
            "classification": "internal",
            "working_time": False,
            "concerns_employer_or_colleagues": True,
        },
        False,
        {
            "R1.treat-shared-as-public": F,
            "R2.confidentiality-binding": P,
            "R2.confidentiality-survives-service": P,
            "R6.loyalty-manual-review": MR,
        },
    ),
    (
        "former employee leaks a secret",
        {
            "type": "publication",
            "id": "p2",
            "author": staff(end="2026-06-30"),
            "published_on": "2026-09-01",
            "classification": "secret",
        },
        False,
        {
            "R1.treat-shared-as-public": NA,
            "R2.confidentiality-binding": F,
            "R2.confidentiality-survives-service": F,
            "R6.loyalty-manual-review": NA,
        },
    ),
    (
        "individual advice in the city's name without the duty",
        {
            "type": "advice",
            "id": "a1",
            "author": staff(duties=["kirjasto"]),
            "given_on": "2026-11-02",
            "kind": "individual-advice",
            "in_city_name": True,
        },
        False,
        {"R3.no-individual-advice-in-city-name": F},
    ),
    (
        "photo with a named person lacking naming permission",
        {
            "type": "photo",
            "id": "k1",
            "author": staff(),
            "published_on": "2026-11-02",
            "depicted": [{"ref": "d1", "publish_consent": True, "named": True}],
        },
        False,
        {"R4.photo-consent": P, "R4.naming-consent": F},
    ),
    (
        "profile naming the city",
        {
            "type": "profile",
            "id": "pr1",
            "owner": staff(),
            "service": "LinkedIn",
            "texts": ["Töissä Äänekosken kaupungilla"],
        },
        True,
        {"R5.employer-in-profile-representative": P, "R5.behave-as-representative": MR},
    ),
    (
        "working-time use without a task",
        {
            "type": "working-time-use",
            "id": "u1",
            "person": staff(),
            "start": "2026-11-23T09:00",
            "end": "2026-11-23T09:45",
        },
        False,
        {"R7.working-time-use-work-related": F},
    ),
    (
        "incorrect information reported to the wrong person",
        {
            "type": "incorrect-info-response",
            "id": "r1",
            "person": staff(),
            "responded_on": "2026-11-02",
            "action": "reported",
            "reported_to": "h7",
        },
        False,
        {"R8.do-not-comment-yourself": P, "R8.report-to-supervisor": F},
    ),
    (
        "page never notified, nobody responsible, not linked",
        {
            "type": "page",
            "id": "g1",
            "name": "Kesäleiri",
            "service": "Instagram",
            "created_by": staff(),
            "created_on": "2026-05-01",
        },
        False,
        {
            "R10.notify-it-manager-and-planner": F,
            "R10.responsible-persons-named": F,
            "R10.linked-to-city-website": F,
        },
    ),
    (
        "reporting without a supervisor on record",
        {
            "type": "incorrect-info-response",
            "id": "r2",
            "person": staff(supervisor_id=None),
            "responded_on": "2026-11-02",
            "action": "reported",
            "reported_to": "h7",
        },
        True,
        {"R8.do-not-comment-yourself": P, "R8.report-to-supervisor": ID},
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "allowed", "expected"), SCENARIOS, ids=[row[0] for row in SCENARIOS]
)
def test_golden_scenario(
    engine: Engine, name: str, data: dict[str, Any], allowed: bool, expected: dict[str, str]
) -> None:
    decision = engine.evaluate(parse_subject(data), on=TODAY)
    actual = {finding.check: finding.outcome.value for finding in decision.findings}
    assert actual == expected, name
    assert decision.allowed is allowed, name
