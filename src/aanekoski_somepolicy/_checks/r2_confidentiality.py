"""Rule 2: confidentiality binds always, also in leisure time and after the service."""

from __future__ import annotations

from .._findings import Outcome
from .._i18n import Day
from .._policy.catalog import SubjectType
from .._subjects import Classification, Person, Publication
from ._base import CheckContext, CheckResult, register

_CONFIDENTIAL = (Classification.CONFIDENTIAL, Classification.SECRET)


def confidentiality_onboarding(person: Person, context: CheckContext) -> CheckResult:
    """The HR record of a person in service notes a confidentiality briefing."""
    if person.end is not None and context.on > person.end:
        # Onboarding advice is moot once the service has ended; the duty itself survives.
        return CheckResult(Outcome.NOT_APPLICABLE, "service-ended", {"end": Day.of(person.end)})
    briefing = person.confidentiality_briefing
    if briefing is None:
        return CheckResult(Outcome.FAIL, "fail", {"briefing_date": None})
    facts = {"briefing_date": Day.of(briefing)}
    if person.start is not None and briefing < person.start:
        return CheckResult(Outcome.FAIL, "before-start", {**facts, "start": Day.of(person.start)})
    return CheckResult(Outcome.PASS, "pass", facts)


def confidentiality_binding(publication: Publication, context: CheckContext) -> CheckResult:
    """No confidential or secret content is published by a bound person."""
    facts = {"classification": publication.classification.value}
    return CheckResult.judged(publication.classification not in _CONFIDENTIAL, facts)


def confidentiality_survives_service(
    publication: Publication, context: CheckContext
) -> CheckResult:
    """Confidentiality also binds in leisure time and after the service has ended."""
    author, day = publication.author, publication.published_on
    after_service = author.end is not None and day > author.end
    facts = {
        "classification": publication.classification.value,
        "after_service": after_service,
        "working_time": publication.working_time,
    }
    if not after_service and publication.working_time is None:
        return CheckResult(Outcome.INSUFFICIENT_DATA, "time-unknown", facts)
    if not after_service and publication.working_time:
        return CheckResult(Outcome.NOT_APPLICABLE, "working-time", facts)
    return CheckResult.judged(publication.classification not in _CONFIDENTIAL, facts)


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register(
    "R2.confidentiality-onboarding", SubjectType.PERSON, codes=("before-start", "service-ended")
)(confidentiality_onboarding)
register("R2.confidentiality-binding", SubjectType.PUBLICATION)(confidentiality_binding)
register(
    "R2.confidentiality-survives-service",
    SubjectType.PUBLICATION,
    codes=("working-time", "time-unknown"),
)(confidentiality_survives_service)
