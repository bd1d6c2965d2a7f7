"""Social-media use during working time (rule 7)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from .._fields import OptionalText
from .._i18n import Message
from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["WorkingHours", "WorkingTimeUse"]


class WorkingHours(BaseModel):
    """A person's regular working hours.

    Attributes:
        start: Start of the working day (local time).
        end: End of the working day.
        weekdays: ISO weekdays worked (1 = Monday ... 7 = Sunday).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: time = time(8, 0)
    end: time = time(16, 0)
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)

    @model_validator(mode="after")
    def _sane(self) -> WorkingHours:
        # Local times: an offset would make them incomparable with naive ones.
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError(Message("validation", "hours-without-zone"))
        if self.end <= self.start:
            raise ValueError(Message("validation", "hours-order"))
        if not self.weekdays or any(day < 1 or day > 7 for day in self.weekdays):
            raise ValueError(Message("validation", "weekdays"))
        return self

    def overlap_minutes(self, start: datetime, end: datetime) -> int:
        """Minutes of ``start``..``end`` that fall within these working hours."""
        total = 0
        day = start.date()
        while day <= end.date():
            if day.isoweekday() in self.weekdays:
                work_start = datetime.combine(day, self.start, start.tzinfo)
                work_end = datetime.combine(day, self.end, start.tzinfo)
                overlap = min(end, work_end) - max(start, work_start)
                total += max(0, int(overlap.total_seconds() // 60))
            day = date.fromordinal(day.toordinal() + 1)
        return total


class WorkingTimeUse(IdentifiedSubject):
    """A stretch of social-media use by a person.

    Attributes:
        id: The record's id.
        person: Who used social media.
        start: When the use began.
        end: When it ended (after ``start``; at most 7 days later).
        task_reference: The assigned task it served, or None for none.
        working_hours: The person's working hours (weekdays 8-16 by default).
    """

    subject_type: ClassVar[SubjectType] = SubjectType.WORKING_TIME_USE

    person: Person
    start: datetime
    end: datetime
    task_reference: OptionalText = None
    working_hours: WorkingHours = WorkingHours()

    @model_validator(mode="after")
    def _ordered(self) -> WorkingTimeUse:
        if (self.start.tzinfo is None) != (self.end.tzinfo is None):
            raise ValueError(Message("validation", "zone-mismatch"))
        if self.end <= self.start:
            raise ValueError(Message("validation", "usage-order"))
        if (self.end - self.start).days >= 7:
            raise ValueError(Message("validation", "usage-span"))
        return self

    def scope_basis(self) -> ScopeBasis:
        """Judged by the person's scope on the day the use began."""
        return self.person.scope_basis(on=self.start.date())
