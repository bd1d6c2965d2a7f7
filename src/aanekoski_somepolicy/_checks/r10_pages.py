"""Rule 10: pages in the city's name are notified, have responsible persons, and get linked."""

from __future__ import annotations

from .._findings import FactValue, Outcome
from .._policy.catalog import SubjectType
from .._policy.scope import resolve_scope
from .._subjects import PageRegistration
from ._base import CheckContext, CheckResult, register


@register("R10.notify-it-manager-and-planner", SubjectType.PAGE)
def notified(page: PageRegistration, context: CheckContext) -> CheckResult:
    """Both the IT manager and the central administration's IT planner were notified."""
    missing = []
    if page.it_manager_notified_on is None:
        missing.append("tietohallintopaallikko")
    if page.atk_planner_notified_on is None:
        missing.append("atk-suunnittelija")
    return CheckResult.judged(not missing, {"missing": missing})


@register(
    "R10.responsible-persons-named",
    SubjectType.PAGE,
    codes=("none-named", "none-bound"),
)
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


@register("R10.linked-to-city-website", SubjectType.PAGE)
def linked(page: PageRegistration, context: CheckContext) -> CheckResult:
    """IT has linked the page to the city's web site."""
    facts = {"linked_on": page.linked_on.isoformat() if page.linked_on else None}
    return CheckResult.judged(page.linked_on is not None, facts)
