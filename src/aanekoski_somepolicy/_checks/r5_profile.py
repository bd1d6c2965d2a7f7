"""Rule 5: naming the city as employer in a profile makes one its representative."""

from __future__ import annotations

from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import Profile
from ._base import CheckContext, CheckResult, register
from .employer import find_city_employer

_OBLIGATIONS = ["R5.behave-as-representative", "R6.loyalty-manual-review"]


def employer_in_profile(profile: Profile, context: CheckContext) -> CheckResult:
    """Detect the city named as employer; the owner then carries the representative duties."""
    found = find_city_employer(profile.employer, profile.texts)
    if found:
        return CheckResult(
            Outcome.PASS, "representative", {"found_in": found, "obligations": _OBLIGATIONS}
        )
    return CheckResult(Outcome.PASS, "pass", {"found_in": []})


def behave_as_representative(profile: Profile, context: CheckContext) -> CheckResult:
    """Raise the review of conduct only for owners who appear as the city's representative."""
    found = find_city_employer(profile.employer, profile.texts)
    if found:
        return CheckResult(Outcome.MANUAL_REVIEW, "manual-review", {"found_in": found})
    return CheckResult(Outcome.NOT_APPLICABLE, "not-representative")


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R5.employer-in-profile-representative", SubjectType.PROFILE, codes=("representative",))(
    employer_in_profile
)
register(
    "R5.behave-as-representative", SubjectType.PROFILE, codes=("not-representative",), trigger=True
)(behave_as_representative)
