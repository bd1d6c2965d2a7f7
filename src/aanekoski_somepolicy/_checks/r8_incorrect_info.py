"""Rule 8: do not comment on incorrect information yourself; report it to your supervisor."""

from __future__ import annotations

from .._accounts.hr_ids import same_hr_id
from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import IncorrectInfoResponse, ResponseAction
from ._base import CheckContext, CheckResult, register

_COMMENTED = (ResponseAction.COMMENTED, ResponseAction.COMMENTED_AND_REPORTED)
_REPORTED = (ResponseAction.REPORTED, ResponseAction.COMMENTED_AND_REPORTED)


def do_not_comment(response: IncorrectInfoResponse, context: CheckContext) -> CheckResult:
    """The person did not comment on the incorrect information themself."""
    return CheckResult.judged(response.action not in _COMMENTED, {"action": response.action.value})


def report_to_supervisor(response: IncorrectInfoResponse, context: CheckContext) -> CheckResult:
    """The information was passed to the person's own supervisor (esimies)."""
    supervisor = response.person.supervisor_id
    facts = {
        "action": response.action.value,
        "reported_to": response.reported_to,
        "supervisor": supervisor,
    }
    if response.action not in _REPORTED:
        return CheckResult(Outcome.FAIL, "not-reported", facts)
    if response.reported_to is None:
        return CheckResult(Outcome.INSUFFICIENT_DATA, "no-recipient", facts)
    if supervisor is None:
        return CheckResult(Outcome.INSUFFICIENT_DATA, "no-supervisor", facts)
    case_sensitive = context.policy.parameters.identities.case_sensitive
    if not same_hr_id(response.reported_to, supervisor, case_sensitive=case_sensitive):
        return CheckResult(Outcome.FAIL, "wrong-recipient", facts)
    return CheckResult(Outcome.PASS, "pass", facts)


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register("R8.do-not-comment-yourself", SubjectType.INCORRECT_INFO_RESPONSE)(do_not_comment)
register(
    "R8.report-to-supervisor",
    SubjectType.INCORRECT_INFO_RESPONSE,
    codes=("not-reported", "wrong-recipient", "no-supervisor", "no-recipient"),
)(report_to_supervisor)
