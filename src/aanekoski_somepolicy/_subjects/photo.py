"""A photo publication and the permissions of the people in it (rule 4)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["DepictedPerson", "PhotoPublication"]


class DepictedPerson(BaseModel):
    """One person appearing in a photo. Findings name them by ``ref`` only.

    Attributes:
        ref: An id for the person (never their name: findings and logs show it).
        identifiable: Whether the person can be recognised.
        publish_consent: Permission to publish the photo: True, False, or None if unrecorded.
        named: Whether the publication names the person.
        naming_consent: The separate permission to publish the name.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    ref: str = Field(min_length=1, max_length=128)
    identifiable: bool = True
    publish_consent: bool | None = None
    named: bool = False
    naming_consent: bool | None = None


class PhotoPublication(IdentifiedSubject):
    """A photo published in social media.

    Attributes:
        id: The record's id.
        author: The person who publishes it.
        published_on: The day of publication.
        depicted: Everyone appearing in the photo (empty: nobody).
    """

    subject_type: ClassVar[SubjectType] = SubjectType.PHOTO

    author: Person
    published_on: date
    depicted: tuple[DepictedPerson, ...] = Field(default=(), max_length=500)

    def scope_basis(self) -> ScopeBasis:
        """Judged by the author's scope on the day of publication."""
        return self.author.scope_basis(on=self.published_on)
