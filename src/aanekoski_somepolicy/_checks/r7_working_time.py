"""Rule 7: social-media use during working time must serve assigned tasks."""

from __future__ import annotations

from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import WorkingTimeUse
from ._base import CheckContext, CheckResult, register


@register("R7.working-time-use-work-related", SubjectType.WORKING_TIME_USE, codes=("leisure-time",))
def working_time_use(usage: WorkingTimeUse, context: CheckContext) -> CheckResult:
    """Use overlapping working hours names the task it served."""
    minutes = usage.working_hours.overlap_minutes(usage.start, usage.end)
    facts = {"working_minutes": minutes, "task_reference": usage.task_reference is not None}
    if minutes == 0:
        return CheckResult(Outcome.NOT_APPLICABLE, "leisure-time", facts)
    return CheckResult.judged(usage.task_reference is not None, facts)
