"""Social-media use during working time (rule 7)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from .._fields import OptionalText
from .._i18n import Message
from .._policy.catalog import SubjectType
from ._base import IdentifiedSubject, ScopeBasis
from .person import Person

__all__ = ["WorkingHours", "WorkingTimeUse"]


class WorkingHours(BaseModel):
    """A person's regular working hours, in the city's local time.

    Attributes:
        start: Start of the shift (local wall-clock time).
        end: End of the shift; earlier than ``start`` for a shift that crosses midnight
            (22:00-06:00 ends the next morning).
        weekdays: ISO weekdays on which a shift starts (1 = Monday ... 7 = Sunday).
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
        # An end before the start is a night shift; only an empty span is meaningless.
        if self.end == self.start:
            raise ValueError(Message("validation", "hours-order"))
        if not self.weekdays or any(day < 1 or day > 7 for day in self.weekdays):
            raise ValueError(Message("validation", "weekdays"))
        return self

    def overlap_seconds(self, start: datetime, end: datetime, zone: tzinfo) -> float:
        """Seconds of ``start``..``end`` that fall within these working hours.

        Args:
            start: When the stretch began; a naive time is wall-clock time in ``zone``.
            end: When it ended (same awareness as ``start``).
            zone: The time zone the working hours are kept in (daylight saving included).
        """
        start_utc, end_utc = _utc(start, zone), _utc(end, zone)
        overnight = self.end < self.start
        # Local days on which a shift that overlaps the stretch can start.
        first = start_utc.astimezone(zone).date() - timedelta(days=1)
        last = end_utc.astimezone(zone).date()
        total = 0.0
        day = first
        while day <= last:
            if day.isoweekday() in self.weekdays:
                shift_start = _utc(datetime.combine(day, self.start), zone)
                end_day = day + timedelta(days=1) if overnight else day
                shift_end = _utc(datetime.combine(end_day, self.end), zone)
                overlap = min(end_utc, shift_end) - max(start_utc, shift_start)
                total += max(0.0, overlap.total_seconds())
            day += timedelta(days=1)
        return total

    def overlap_minutes(self, start: datetime, end: datetime, zone: tzinfo) -> int:
        """Minutes of working time in ``start``..``end``; a part of a minute counts as one."""
        return math.ceil(self.overlap_seconds(start, end, zone) / 60)


def _utc(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` in UTC; a naive moment is wall-clock time in ``zone``.

    Arithmetic between aware datetimes of one zone ignores daylight-saving changes, so every
    comparison is made in UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


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
        """Judged by the person's scope on the day the use began, on the city's clock."""
        basis = self.person.scope_basis(on=self.start.date())
        if self.start.tzinfo is None:
            return basis
        return replace(basis, moment=self.start)
