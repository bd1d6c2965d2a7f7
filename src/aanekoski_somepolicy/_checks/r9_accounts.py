"""Rule 9 checks of usernames and e-mail addresses in account registrations."""

from __future__ import annotations

import functools

from .._accounts.email import CityDomains
from .._accounts.usernames import work_identity_matches
from .._findings import Outcome
from .._policy.catalog import Policy, SubjectType
from .._subjects import AccountRegistration, Purpose
from ._base import CheckContext, CheckResult, register

_DOMAINS: dict[tuple[str, ...], CityDomains] = {}

# The verdicts without facts, made once (immutable): an audit returns them a million times.
_NOT_LEISURE = CheckResult(Outcome.NOT_APPLICABLE, "not-leisure")
_NO_ADDRESS = CheckResult(Outcome.NOT_APPLICABLE, "no-address")
_NO_USERNAME = CheckResult(Outcome.NOT_APPLICABLE, "no-username")
_NO_WORK_IDENTITY = CheckResult(Outcome.NOT_APPLICABLE, "no-work-identity")
_PASS = CheckResult(Outcome.PASS, "pass")
# A module name is read faster than an enum member (an attribute of its class), per record.
_LEISURE = Purpose.LEISURE


def _city_domains(policy: Policy) -> CityDomains:
    key = tuple(policy.parameters.accounts.city_mail_domains)
    domains = _DOMAINS.get(key)
    if domains is None:
        domains = _DOMAINS[key] = CityDomains(key)
    return domains


def leisure_email_not_city_domain(
    registration: AccountRegistration, context: CheckContext
) -> CheckResult:
    """Neither the e-mail nor the username of a leisure account is a city address."""
    if registration.purpose is not _LEISURE:
        return _NOT_LEISURE
    if registration.email is None and registration.username is None:
        return _NO_ADDRESS
    params = context.policy.parameters.accounts
    domains = _city_domains(context.policy)
    invalid: tuple[str, str] | None = None
    for field, value, limit, expect in (
        ("email", registration.email, params.email_max_length, True),
        ("username", registration.username, params.username_max_length, False),
    ):
        if value is None:
            continue
        if len(value) > limit:
            invalid = invalid or (field, "address-too-long")
            continue
        inspection = domains.inspect(value, expect_address=expect)
        if inspection.city_domain is not None:
            return CheckResult(
                Outcome.FAIL, "fail", {"field": field, "domain": inspection.city_domain}
            )
        if inspection.invalid_reason is not None:
            invalid = invalid or (field, inspection.invalid_reason)
    if invalid is not None:
        # Not a city address as far as it can be read, but not readable either.
        return CheckResult(
            Outcome.INSUFFICIENT_DATA, "invalid-address", {"field": invalid[0], "why": invalid[1]}
        )
    return _PASS


def separate_work_leisure_usernames(
    registration: AccountRegistration, context: CheckContext
) -> CheckResult:
    """A leisure username equals none of the person's work identities."""
    if registration.purpose is not _LEISURE:
        return _NOT_LEISURE
    if registration.username is None:
        return _NO_USERNAME
    if not registration.work_usernames and not registration.work_emails:
        return _NO_WORK_IDENTITY
    matches = work_identity_matches(
        registration.username, registration.work_usernames, registration.work_emails
    )
    if matches:
        return CheckResult(Outcome.FAIL, "fail", {"matches": matches})
    return _compared(len(registration.work_usernames) + len(registration.work_emails))


@functools.lru_cache(maxsize=256)
def _compared(count: int) -> CheckResult:
    # A pass says how many identities it compared: few distinct counts, made once each.
    return CheckResult(Outcome.PASS, "pass", {"compared": count})


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register(
    "R9.leisure-email-not-city-domain",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("invalid-address", "not-leisure", "no-address"),
    needs={"no-address": ("email", "username")},
)(leisure_email_not_city_domain)
register(
    "R9.separate-work-leisure-usernames",
    SubjectType.ACCOUNT_REGISTRATION,
    codes=("not-leisure", "no-username", "no-work-identity"),
    needs={"no-username": ("username",), "no-work-identity": ("work_usernames", "work_emails")},
)(separate_work_leisure_usernames)
