"""Working hours (``_subjects/usage.py``): edges that mutation testing showed unpinned."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest

from aanekoski_somepolicy._subjects.usage import WorkingHours

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def machine_far_east(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The machine's own zone a day ahead of Helsinki in the afternoon (UTC+14).
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("machine_far_east")
def test_shift_days_are_helsinki_days_whatever_the_machines_zone() -> None:
    # A shift of nearly a day, 13:00 to 12:30 the next day, every day of the week. The use
    # at 12:10-12:20 on Monday (Helsinki) falls in Sunday's shift; on the machine's clock it
    # is already Tuesday, and Sunday's shift must still be counted.
    hours = WorkingHours(start=clock(13, 0), end=clock(12, 30), weekdays=(1, 2, 3, 4, 5, 6, 7))
    start = datetime(2026, 11, 23, 12, 10, tzinfo=HELSINKI)
    end = datetime(2026, 11, 23, 12, 20, tzinfo=HELSINKI)
    assert start.astimezone().date().isoformat() == "2026-11-24"  # the premise
    assert hours.overlap_minutes(start, end, HELSINKI) == 10
    assert hours.overlap_minutes(start.astimezone(UTC), end.astimezone(UTC), HELSINKI) == 10
