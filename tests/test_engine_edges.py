"""The engine (``_engine.py``): edges that mutation testing showed unpinned."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aanekoski_somepolicy import Engine, Outcome, Policy, Role, Severity, WaiverError
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


_WAIVER = """
[[waivers]]
check = "{check}"
person_id = "h1005"
justification = "The account is closed soon; no new password before that."
approved_by = "hallintojohtaja, 2026-11-02 § 14"
expires = {expires}
"""


def test_an_engine_refuses_waivers_its_policy_lacks_or_that_expired(tmp_path: Path) -> None:
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(_WAIVER.format(check="R9.no-such-check", expires="2099-01-31"), "utf-8")
    with pytest.raises(WaiverError):
        Engine(waivers=unknown)
    expired = tmp_path / "expired.toml"
    expired.write_text(
        _WAIVER.format(check="R9.password-min-length", expires="2001-01-31"), "utf-8"
    )
    with pytest.raises(WaiverError):
        Engine(waivers=expired)
    valid = tmp_path / "valid.toml"
    valid.write_text(_WAIVER.format(check="R9.password-min-length", expires="2099-01-31"), "utf-8")
    assert Engine(waivers=valid).waivers is not None
