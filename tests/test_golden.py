"""Golden scenarios: a change to the policy data that flips any decision fails here.

Each row lists the outcome of every element evaluated for the subject. When a policy change
is intended, update the row deliberately, in the same commit as the policy change.
"""

from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, parse_subject

from .conftest import R9_CHECKS, TODAY

P, F, NA, MR = "pass", "fail", "not-applicable", "manual-review"
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
