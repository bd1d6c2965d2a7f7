"""The engine (``_engine.py``): edges that mutation testing showed unpinned."""

from __future__ import annotations

from datetime import date

from aanekoski_somepolicy import Engine, Outcome, Policy, Role, Severity
from aanekoski_somepolicy._engine import _manual
from aanekoski_somepolicy._subjects.person import Person

from .conftest import registration


def test_scope_is_judged_on_the_day_asked(engine: Engine) -> None:
    for day in (date(2020, 1, 31), date(2031, 6, 1)):
        assert engine.scope(registration(), on=day).on == day


def test_a_manual_review_weighs_as_its_elements_modality(policy: Policy) -> None:
    # "must not": a finding for a person to review is as serious as a breach would be.
    found = _manual(policy.element("R6.loyalty-manual-review"), {"flagged": True})
    assert (found.outcome, found.severity, found.code) == (
        Outcome.MANUAL_REVIEW,
        Severity.VIOLATION,
        "manual-review",
    )
    assert found.facts == {"flagged": True}


def test_scope_knows_when_the_service_ended(engine: Engine) -> None:
    person = Person(id="h1", role=Role.TYONTEKIJA, start=date(2020, 1, 1), end=date(2026, 1, 31))
    scope = engine.scope(person, on=date(2026, 3, 1))
    assert (scope.start, scope.end, scope.on) == (
        date(2020, 1, 1),
        date(2026, 1, 31),
        date(2026, 3, 1),
    )
