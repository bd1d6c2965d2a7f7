"""Rule 1: whatever is shared counts as fully public."""

from __future__ import annotations

from .._policy.catalog import SubjectType
from .._subjects import Classification, Publication
from ._base import CheckContext, CheckResult, register


def treat_shared_as_public(publication: Publication, context: CheckContext) -> CheckResult:
    """Only public content may be shared; a narrow audience does not make other content public."""
    facts = {
        "classification": publication.classification.value,
        "audience": publication.audience.value,
    }
    return CheckResult.judged(publication.classification is Classification.PUBLIC, facts)


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R1.treat-shared-as-public", SubjectType.PUBLICATION)(treat_shared_as_public)
