"""How a person responded to incorrect information about the city (rule 8)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from .._fields import OptionalText
from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["IncorrectInfoResponse", "ResponseAction"]


class ResponseAction(StrEnum):
    """What the person did about the incorrect information."""

    COMMENTED = "commented"
    REPORTED = "reported"
    COMMENTED_AND_REPORTED = "commented-and-reported"
    NOTHING = "nothing"


class IncorrectInfoResponse(IdentifiedSubject):
    """A person's response to incorrect information about the city seen in social media.

    Attributes:
        id: The record's id.
        person: Who saw it; their ``supervisor_id`` is the right recipient.
        responded_on: The day of the response.
        action: What they did.
        reported_to: The HR id of whom they reported it to, if they did.
    """

    subject_type: ClassVar[SubjectType] = SubjectType.INCORRECT_INFO_RESPONSE

    person: Person
    responded_on: date
    action: ResponseAction
    reported_to: OptionalText = None

    def scope_basis(self) -> ScopeBasis:
        """Judged by the person's scope on the day of the response."""
        return self.person.scope_basis(on=self.responded_on)
