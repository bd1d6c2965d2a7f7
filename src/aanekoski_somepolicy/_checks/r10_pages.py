"""Rule 10: pages in the city's name are notified, have responsible persons, and get linked."""

from __future__ import annotations

from datetime import date

from .._findings import FactValue, Outcome
from .._i18n import Day
from .._policy.catalog import SubjectType
from .._policy.scope import resolve_scope
from .._subjects import PageRegistration
from ._base import CheckContext, CheckResult, register


def _invalid_days(
    page: PageRegistration, context: CheckContext, days: dict[str, date | None]
) -> list[str]:
    """Names of ``days`` that cannot be true: after the evaluation day or before creation."""
    return [
        name
        for name, day in days.items()
        if day is not None and (day > context.on or day < page.created_on)
    ]


def _iso(day: date | None) -> str | None:
    return Day.of(day)


def notified(page: PageRegistration, context: CheckContext) -> CheckResult:
    """Both the IT manager and the central administration's IT planner were notified.

    A notification dated after the evaluation day, or before the page was created, is not
    a notification of this page: the record is insufficient data until it is corrected.
    """
    days = {
        "tietohallintopaallikko": page.it_manager_notified_on,
        "atk-suunnittelija": page.atk_planner_notified_on,
    }
    missing = [name for name, day in days.items() if day is None]
    facts: dict[str, FactValue] = {
        "missing": missing,
        "created_on": Day.of(page.created_on),
        "it_manager_notified_on": _iso(page.it_manager_notified_on),
        "atk_planner_notified_on": _iso(page.atk_planner_notified_on),
    }
    invalid = _invalid_days(page, context, days)
    if missing:
        return CheckResult(Outcome.FAIL, "fail", {**facts, "invalid": invalid})
    if invalid:
        return CheckResult(
            Outcome.INSUFFICIENT_DATA,
            "invalid-date",
            {**facts, "invalid": invalid, "on": Day.of(context.on)},
        )
    return CheckResult(Outcome.PASS, "pass", facts)


def responsible_persons(page: PageRegistration, context: CheckContext) -> CheckResult:
    """At least one responsible person is named, and at least one is bound staff today."""
    people = page.responsible_persons
    if not people:
        return CheckResult(Outcome.FAIL, "none-named", {"named": 0})
    bound = [
        person.id
        for person in people
        if resolve_scope(
            context.policy, person.role, on=context.on, start=person.start, end=person.end
        ).binds("R10")
    ]
    facts: dict[str, FactValue] = {"named": len(people), "bound": bound}
    if not bound:
        return CheckResult(Outcome.FAIL, "none-bound", facts)
    return CheckResult(Outcome.PASS, "pass", facts)


def linked(page: PageRegistration, context: CheckContext) -> CheckResult:
    """IT has linked the page to the city's web site (on a day that can be true)."""
    facts: dict[str, FactValue] = {
        "linked_on": _iso(page.linked_on),
        "created_on": Day.of(page.created_on),
    }
    if _invalid_days(page, context, {"linked_on": page.linked_on}):
        return CheckResult(
            Outcome.INSUFFICIENT_DATA,
            "invalid-date",
            {**facts, "invalid": ["linked_on"], "on": Day.of(context.on)},
        )
    return CheckResult.judged(page.linked_on is not None, facts)


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R10.notify-it-manager-and-planner", SubjectType.PAGE, codes=("invalid-date",))(notified)
register("R10.responsible-persons-named", SubjectType.PAGE, codes=("none-named", "none-bound"))(
    responsible_persons
)
register("R10.linked-to-city-website", SubjectType.PAGE, codes=("invalid-date",))(linked)
