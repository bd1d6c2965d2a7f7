"""Rule 2 checks over HR records."""

from __future__ import annotations

from .._catalog import SubjectType
from .._findings import Outcome
from .._person import Person
from ._base import CheckContext, CheckResult, register


@register(
    "R2.confidentiality-onboarding", SubjectType.PERSON, codes=("before-start", "service-ended")
)
def confidentiality_onboarding(person: Person, context: CheckContext) -> CheckResult:
    """The HR record of a person in service notes a confidentiality briefing."""
    if person.end is not None and context.on > person.end:
        # Onboarding advice is moot once the service has ended; the duty itself survives.
        return CheckResult(Outcome.NOT_APPLICABLE, "service-ended", {"end": person.end.isoformat()})
    briefing = person.confidentiality_briefing
    if briefing is None:
        return CheckResult(Outcome.FAIL, "fail", {"briefing_date": None})
    facts = {"briefing_date": briefing.isoformat()}
    if person.start is not None and briefing < person.start:
        return CheckResult(
            Outcome.FAIL, "before-start", {**facts, "start": person.start.isoformat()}
        )
    return CheckResult(Outcome.PASS, "pass", facts)
