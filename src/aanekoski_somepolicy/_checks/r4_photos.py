"""Rule 4: permission of each identifiable person; a separate permission to name them."""

from __future__ import annotations

from .._catalog import SubjectType
from .._findings import Outcome
from .._subjects import PhotoPublication
from ._base import CheckContext, CheckResult, register


@register("R4.photo-consent", SubjectType.PHOTO, codes=("no-people",))
def photo_consent(photo: PhotoPublication, context: CheckContext) -> CheckResult:
    """Every identifiable person in the photo has given permission."""
    identifiable = [person for person in photo.depicted if person.identifiable]
    if not identifiable:
        return CheckResult(Outcome.NOT_APPLICABLE, "no-people")
    missing = [person.ref for person in identifiable if person.publish_consent is not True]
    return CheckResult.judged(not missing, {"missing": missing, "checked": len(identifiable)})


@register("R4.naming-consent", SubjectType.PHOTO, codes=("no-names",))
def naming_consent(photo: PhotoPublication, context: CheckContext) -> CheckResult:
    """Every person named with the photo has separately permitted the naming."""
    named = [person for person in photo.depicted if person.named]
    if not named:
        return CheckResult(Outcome.NOT_APPLICABLE, "no-names")
    missing = [person.ref for person in named if person.naming_consent is not True]
    return CheckResult.judged(not missing, {"missing": missing, "checked": len(named)})
