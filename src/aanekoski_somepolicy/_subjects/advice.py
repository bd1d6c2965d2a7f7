"""Customer advice given in social media (rule 3)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["Advice", "AdviceKind"]


class AdviceKind(StrEnum):
    """What kind of act it was (rule 3 names the first three)."""

    INDIVIDUAL_ADVICE = "individual-advice"  # yksilökohtainen asiakasneuvonta
    CUSTOMER_GUIDANCE = "customer-guidance"  # asiakasohjaus
    CONSULTING = "consulting"  # konsultointi
    GENERAL_INFORMATION = "general-information"  # yleinen tiedottaminen


class Advice(IdentifiedSubject):
    """An act of advice, guidance or consulting in social media.

    Attributes:
        id: The record's id.
        author: The person who gave it; their ``duties`` are compared with the act.
        given_on: The day it was given.
        kind: The kind of act.
        in_city_name: Whether it was given in the city's name (e.g. from a city account).
        channel: The service, optional.
    """

    subject_type: ClassVar[SubjectType] = SubjectType.ADVICE

    author: Person
    given_on: date
    kind: AdviceKind
    in_city_name: bool
    channel: str | None = Field(default=None, max_length=200)

    def scope_basis(self) -> ScopeBasis:
        """Judged by the author's scope on the day of the act."""
        return self.author.scope_basis(on=self.given_on)
