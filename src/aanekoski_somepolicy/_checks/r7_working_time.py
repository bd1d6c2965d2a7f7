"""Rule 7: social-media use during working time must serve assigned tasks."""

from __future__ import annotations

from datetime import datetime, tzinfo

from .._findings import FactValue, Outcome
from .._policy.catalog import SubjectType
from .._subjects import WorkingTimeUse
from ._base import CheckContext, CheckResult, register


def working_time_use(usage: WorkingTimeUse, context: CheckContext) -> CheckResult:
    """Use overlapping working hours, in the city's time zone, names the task it served."""
    params = context.policy.parameters.working_time
    zone = params.zone
    minutes = usage.working_hours.overlap_minutes(usage.start, usage.end, zone)
    facts: dict[str, FactValue] = {
        "working_minutes": minutes,
        "task_reference": usage.task_reference is not None,
        "time_zone": params.time_zone,
        "local_start": _local(usage.start, zone),
        "local_end": _local(usage.end, zone),
    }
    if minutes == 0:
        return CheckResult(Outcome.NOT_APPLICABLE, "leisure-time", facts)
    return CheckResult.judged(usage.task_reference is not None, facts)


def _local(moment: datetime, zone: tzinfo) -> str:
    """The moment as wall-clock time in ``zone`` (a naive moment already is)."""
    local = moment.astimezone(zone) if moment.tzinfo is not None else moment
    return local.isoformat(timespec="seconds")


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R7.working-time-use-work-related", SubjectType.WORKING_TIME_USE, codes=("leisure-time",))(
    working_time_use
)
