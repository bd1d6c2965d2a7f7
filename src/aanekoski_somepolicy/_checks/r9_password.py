"""Rule 9 strong-password checks: one element per criterion, one verdict shared by all."""

from __future__ import annotations

from .._findings import FactValue, Outcome
from .._passwords.judge import PasswordVerdict, judge_for, personal_tokens
from .._policy.catalog import SubjectType
from .._subjects import AccountRegistration
from ._base import CheckContext, CheckResult, register


def _verdict(registration: AccountRegistration, context: CheckContext) -> PasswordVerdict | None:
    """Judge the password once per evaluation; the verdict holds no part of it."""
    if registration.password is None:
        return None
    if "password" not in context.memo:
        params = context.policy.parameters.password
        secret = registration.password.get_secret_value()
        personal = personal_tokens(
            [
                registration.first_name,
                registration.last_name,
                registration.username,
                registration.email,
                *registration.work_usernames,
                *registration.work_emails,
            ],
            min_length=params.person_token_min_length,
        )
        breach_count = context.breach_corpus.count(secret) if context.breach_corpus else None
        context.memo["password"] = judge_for(params).judge(
            secret,
            mfa=registration.mfa,
            service=registration.service,
            personal=personal,
            breach_count=breach_count,
        )
    verdict: PasswordVerdict = context.memo["password"]
    return verdict


_NO_PASSWORD = CheckResult(Outcome.NOT_APPLICABLE, "no-password")
_NEEDS = {"no-password": ("password",)}
# Every check of the password returns _NO_PASSWORD for a registration without one.
_WITHOUT = ("password", _NO_PASSWORD)


def password_min_length(registration: AccountRegistration, context: CheckContext) -> CheckResult:
    """At least 15 code points after NFKC (8 with MFA); no composition rules."""
    verdict = _verdict(registration, context)
    if verdict is None:
        return _NO_PASSWORD
    facts = {"minimum": verdict.min_length, "mfa": registration.mfa}
    return CheckResult.judged(verdict.length_ok, facts)


def password_not_common(registration: AccountRegistration, context: CheckContext) -> CheckResult:
    """Not on the global or Finnish blocklist (whole-password match after normalisation)."""
    verdict = _verdict(registration, context)
    if verdict is None:
        return _NO_PASSWORD
    if verdict.blocklist is not None:
        return CheckResult(Outcome.FAIL, "fail", {"list": verdict.blocklist})
    return CheckResult(Outcome.PASS, "pass")


def password_no_guessable_context(
    registration: AccountRegistration, context: CheckContext
) -> CheckResult:
    """Not made of the city's places, calendar words, common words, service or own names."""
    verdict = _verdict(registration, context)
    if verdict is None:
        return _NO_PASSWORD
    facts: dict[str, FactValue] = {
        "categories": [category.value for category in verdict.context_categories],
        "points": verdict.context.points,
        "minimum_points": verdict.context_min_points,
    }
    return CheckResult.judged(verdict.context_ok, facts)


def password_strength_score(
    registration: AccountRegistration, context: CheckContext
) -> CheckResult:
    """The zxcvbn score with Finnish dictionaries and the person's tokens at least 3."""
    verdict = _verdict(registration, context)
    if verdict is None:
        return _NO_PASSWORD
    facts = {
        "score": verdict.estimate.score,
        "minimum": verdict.min_score,
        "guesses_log10": round(verdict.estimate.guesses_log10, 1),
    }
    return CheckResult.judged(verdict.score_ok, facts)


def password_not_breached(registration: AccountRegistration, context: CheckContext) -> CheckResult:
    """Absent from the configured Have I Been Pwned corpus."""
    verdict = _verdict(registration, context)
    if verdict is None:
        return _NO_PASSWORD
    if verdict.breach_count is None:
        return CheckResult(Outcome.NOT_APPLICABLE, "not-configured")
    if verdict.breach_count > 0:
        return CheckResult(Outcome.FAIL, "fail", {"count": verdict.breach_count})
    return CheckResult(Outcome.PASS, "pass")


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register(
    "R9.password-min-length",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("no-password",),
    needs=_NEEDS,
    without=_WITHOUT,
)(password_min_length)
register(
    "R9.password-not-common",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("no-password",),
    needs=_NEEDS,
    without=_WITHOUT,
)(password_not_common)
register(
    "R9.password-no-guessable-context",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("no-password",),
    needs=_NEEDS,
    without=_WITHOUT,
)(password_no_guessable_context)
register(
    "R9.password-strength-score",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("no-password",),
    needs=_NEEDS,
    without=_WITHOUT,
)(password_strength_score)
register(
    "R9.password-not-breached",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("no-password", "not-configured"),
    needs={**_NEEDS, "not-configured": ("breach_corpus",)},
    without=_WITHOUT,
)(password_not_breached)
