"""What every subject shares: strict validation, and the basis its scope is judged on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .._policy.catalog import SubjectType
from .._policy.roles import Role

__all__ = ["IdentifiedSubject", "ScopeBasis", "SubjectModel"]


@dataclass(frozen=True)
class ScopeBasis:
    """Whose scope decides which rules bind, and when the act happened.

    Attributes:
        role: The acting person's role; None when unknown (assumed bound).
        start: First day of their service, when known.
        end: Last day of their service, when it has ended.
        on: The day the act happened; None means the evaluation date.
        moment: The instant the act began, when the subject records one with a time
            zone: its day is then read on the city's clock, not the offset it was
            written with (23:30Z on 31 May is 1 June in Helsinki).
    """

    role: Role | None = None
    start: date | None = None
    end: date | None = None
    on: date | None = None
    moment: datetime | None = None


class SubjectModel(BaseModel):
    """Base of every subject: unknown fields rejected, inputs never echoed in errors."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, hide_input_in_errors=True, str_strip_whitespace=True
    )
    subject_type: ClassVar[SubjectType]
    # Spellings of roles no accepted role matched, evaluated as bound staff (parse_subject).
    _unrecognised_roles: tuple[str, ...] = PrivateAttr(default=())

    @property
    def unrecognised_roles(self) -> tuple[str, ...]:
        """Role spellings that matched no accepted role and were evaluated as bound staff.

        Set by :func:`parse_subject` under ``unknown_role="bound"`` (the default); the
        engine reports each as a ``scope.role-recognised`` warning.
        """
        return self._unrecognised_roles

    @property
    def subject_id(self) -> str:
        """The id reports use for this subject."""
        raise NotImplementedError

    def scope_basis(self) -> ScopeBasis:
        """The basis for deciding which rules bind this subject."""
        return ScopeBasis()


class IdentifiedSubject(SubjectModel):
    """A subject with its own record id, which reports use as its subject id."""

    id: str = Field(min_length=1, max_length=128)

    @property
    def subject_id(self) -> str:
        """The id reports use for this subject."""
        return self.id
