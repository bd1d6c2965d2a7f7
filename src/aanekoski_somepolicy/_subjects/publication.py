"""A publication in social media (rules 1, 2 and 6)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from .._fields import OptionalText
from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["Audience", "Classification", "Publication"]


class Classification(StrEnum):
    """The publicity class of the content, as the city classifies information."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"


class Audience(StrEnum):
    """Who the channel shows the post to. For rule 1 it never matters."""

    PUBLIC = "public"
    FOLLOWERS = "followers"
    FRIENDS = "friends"
    CLOSED_GROUP = "closed-group"
    PRIVATE_MESSAGE = "private-message"


class Publication(IdentifiedSubject):
    """Something a person published or shared in social media.

    Attributes:
        id: The record's id.
        author: The person who published it.
        published_on: The day it was published; scope is judged on it.
        channel: The service or channel, e.g. ``Facebook``.
        audience: Who the channel shows it to.
        classification: The content's publicity class.
        working_time: True if published during working time, False in leisure time, None
            when unknown.
        concerns_employer_or_colleagues: The caller's flag that the content discusses the
            employer or colleagues (rule 6 then asks for a person's review).
    """

    subject_type: ClassVar[SubjectType] = SubjectType.PUBLICATION

    author: Person
    published_on: date
    channel: OptionalText = None
    audience: Audience = Audience.PUBLIC
    classification: Classification
    working_time: bool | None = None
    concerns_employer_or_colleagues: bool = False

    def scope_basis(self) -> ScopeBasis:
        """Judged by the author's scope on the day of publication."""
        return self.author.scope_basis(on=self.published_on)
