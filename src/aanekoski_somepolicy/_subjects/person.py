"""The person subject: an HR record of someone who may be bound by the guideline."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field, model_validator

from .._fields import OptionalText
from .._i18n import Message
from .._policy.catalog import SubjectType
from .._policy.roles import RoleField
from ._base import IdentifiedSubject, ScopeBasis

__all__ = ["Person"]


class Person(IdentifiedSubject):
    """A person as HR systems know them.

    Attributes:
        id: The HR system's identifier.
        first_name: Given name(s), optional.
        last_name: Family name, optional.
        role: Relationship to the city, in any accepted spelling (see :func:`parse_role`).
        start: First day of service or placement, when known.
        end: Last day of service or placement, when it has ended or will end.
        duties: Assigned duties, free text (used by rules about agreed tasks).
        supervisor_id: The HR id of the person's supervisor (esimies).
        confidentiality_briefing: When confidentiality was covered in onboarding.
    """

    subject_type: ClassVar[SubjectType] = SubjectType.PERSON

    first_name: OptionalText = None
    last_name: OptionalText = None
    role: RoleField
    start: date | None = None
    end: date | None = None
    duties: tuple[str, ...] = Field(default=(), max_length=100)
    supervisor_id: OptionalText = None
    confidentiality_briefing: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Person:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                Message("validation", "end-before-start", end=self.end, start=self.start)
            )
        return self

    def scope_basis(self, on: date | None = None) -> ScopeBasis:
        """A person is judged by their own role and service dates (on ``on``, if given)."""
        return ScopeBasis(role=self.role, start=self.start, end=self.end, on=on)

    def in_service(self, on: date) -> bool:
        """Whether ``on`` falls within the person's service (both ends inclusive)."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)
