"""A page or profile created in the city's name (rule 10)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from .._fields import OptionalText
from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["PageRegistration"]


class PageRegistration(IdentifiedSubject):
    """An entry of the city's register of social-media pages and profiles.

    Attributes:
        id: The register's id for the page.
        name: The page's name.
        service: The service, e.g. ``Facebook``.
        created_by: Who created the page.
        created_on: When it was created.
        it_manager_notified_on: When the tietohallintopäällikkö (IT manager) was notified.
        atk_planner_notified_on: When the keskushallinnon atk-suunnittelija (central
            administration's IT planner) was notified.
        responsible_persons: The vastuuhenkilöt answering for content and updates.
        linked_on: When IT linked the page to the city's web site, or None.
        url: The page's address, optional.
    """

    subject_type: ClassVar[SubjectType] = SubjectType.PAGE

    name: str = Field(min_length=1, max_length=300)
    service: str = Field(min_length=1, max_length=200)
    created_by: Person
    created_on: date
    it_manager_notified_on: date | None = None
    atk_planner_notified_on: date | None = None
    responsible_persons: tuple[Person, ...] = Field(default=(), max_length=50)
    linked_on: date | None = None
    url: OptionalText = None

    def scope_basis(self) -> ScopeBasis:
        """Judged by the creator's scope on the day of creation."""
        return self.created_by.scope_basis(on=self.created_on)
