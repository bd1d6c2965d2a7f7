"""Rule 4: permission of each identifiable person; a separate permission to name them."""

from __future__ import annotations

from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import DepictedPerson, PhotoPublication
from ._base import CheckContext, CheckResult, register


def _permissions(
    people: list[DepictedPerson], granted: list[bool | None], nobody: str
) -> CheckResult:
    """Pass when every one of ``people`` granted the permission; unrecorded counts as missing."""
    if not people:
        return CheckResult(Outcome.NOT_APPLICABLE, nobody)
    missing = [
        person.ref for person, grant in zip(people, granted, strict=True) if grant is not True
    ]
    return CheckResult.judged(not missing, {"missing": missing, "checked": len(people)})


def photo_consent(photo: PhotoPublication, context: CheckContext) -> CheckResult:
    """Every identifiable person in the photo has given permission.

    A person marked not identifiable but named with the photo is identified by the name.
    """
    people = [person for person in photo.depicted if person.identifiable or person.named]
    return _permissions(people, [person.publish_consent for person in people], "no-people")


def naming_consent(photo: PhotoPublication, context: CheckContext) -> CheckResult:
    """Every person named with the photo has separately permitted the naming."""
    people = [person for person in photo.depicted if person.named]
    return _permissions(people, [person.naming_consent for person in people], "no-names")


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R4.photo-consent", SubjectType.PHOTO, codes=("no-people",))(photo_consent)
register("R4.naming-consent", SubjectType.PHOTO, codes=("no-names",))(naming_consent)
