"""Rule 9 checks of directory passwords, judged from the facts the password-hash audit found.

The audit (``_audit/hashes``) compares each account's NT hash with empty, breached, common
and own-context candidates and with the other accounts' hashes; these checks turn its facts
into findings. No check sees a password or a hash.
"""

from __future__ import annotations

from .._findings import FactValue, Outcome
from .._policy.catalog import SubjectType
from .._subjects import DirectoryAccount
from ._base import CheckContext, CheckResult, register

_ACCOUNT = SubjectType.DIRECTORY_ACCOUNT


@register("R9.hash-not-empty", _ACCOUNT)
def hash_not_empty(account: DirectoryAccount, context: CheckContext) -> CheckResult:
    """The account has a password: its NT hash is not the empty password's."""
    return CheckResult.judged(not account.empty_password)


@register("R9.hash-no-lm", _ACCOUNT)
def hash_no_lm(account: DirectoryAccount, context: CheckContext) -> CheckResult:
    """No LM hash (legacy storage, cracked in minutes) is stored for the account."""
    return CheckResult.judged(not account.lm_hash)


@register(
    "R9.hash-not-breached",
    _ACCOUNT,
    codes=("not-configured",),
    needs={"not-configured": ("breach_corpus",)},
)
def hash_not_breached(account: DirectoryAccount, context: CheckContext) -> CheckResult:
    """The password's hash is absent from the breach corpus, when one was consulted."""
    if account.breach_count is None:
        return CheckResult(Outcome.NOT_APPLICABLE, "not-configured")
    return CheckResult.judged(account.breach_count == 0, {"count": account.breach_count})


@register("R9.hash-not-common", _ACCOUNT)
def hash_not_common(account: DirectoryAccount, context: CheckContext) -> CheckResult:
    """The password is no common or Finnish-dictionary password, mangled or not."""
    if account.common_category is None:
        return CheckResult.judged(True)
    return CheckResult.judged(False, {"category": account.common_category})


@register("R9.hash-no-own-context", _ACCOUNT)
def hash_no_own_context(account: DirectoryAccount, context: CheckContext) -> CheckResult:
    """The password is not made of the person's own names or username."""
    if account.context_category is None:
        return CheckResult.judged(True)
    return CheckResult.judged(False, {"category": account.context_category})


@register("R9.hash-not-shared", _ACCOUNT)
def hash_not_shared(account: DirectoryAccount, context: CheckContext) -> CheckResult:
    """No other account has the same password."""
    if account.empty_password:
        # Empty passwords are one finding of their own, not a group of shared ones.
        return CheckResult.judged(True)
    facts: dict[str, FactValue] = {
        "accounts": account.shared_with + 1,
        "group": account.shared_group or "-",
    }
    return CheckResult.judged(account.shared_with == 0, facts)
