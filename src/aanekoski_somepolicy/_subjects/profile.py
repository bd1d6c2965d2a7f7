"""A social-media profile and the employer it names (rule 5)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from .._fields import TEXT_MAX, OptionalText
from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["Profile"]


class Profile(IdentifiedSubject):
    """A person's profile in a social-media service.

    Attributes:
        id: The record's id.
        owner: The profile's owner.
        service: The service, e.g. ``LinkedIn``.
        employer: The structured employer (or place of traineeship) field.
        texts: Free-text fields: headline, about, bio.
        observed_on: The day the profile was seen; scope is judged on it.
    """

    subject_type: ClassVar[SubjectType] = SubjectType.PROFILE

    owner: Person
    service: str = Field(min_length=1, max_length=200)
    employer: OptionalText = None
    texts: tuple[Annotated[str, Field(max_length=TEXT_MAX * 4)], ...] = Field(
        default=(), max_length=20
    )
    observed_on: date | None = None

    def scope_basis(self) -> ScopeBasis:
        """Judged by the owner's scope on the day the profile was seen."""
        return self.owner.scope_basis(on=self.observed_on)
