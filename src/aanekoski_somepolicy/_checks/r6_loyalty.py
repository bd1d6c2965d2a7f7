"""Rule 6: loyalty cannot be judged by a machine; flagged publications go to a person."""

from __future__ import annotations

from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import Publication
from ._base import CheckContext, CheckResult, register


def loyalty_review(publication: Publication, context: CheckContext) -> CheckResult:
    """Raise a manual review when the caller flags content about the employer or colleagues."""
    if publication.concerns_employer_or_colleagues:
        return CheckResult(Outcome.MANUAL_REVIEW, "manual-review", {"flagged": True})
    return CheckResult(Outcome.NOT_APPLICABLE, "not-flagged", {"flagged": False})


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R6.loyalty-manual-review", SubjectType.PUBLICATION, codes=("not-flagged",), trigger=True)(
    loyalty_review
)
