"""A check's declared answer without a field is the answer it gives: the engine gives it unasked.

Checks may declare (``register(..., without=(field, result))``) the result they return for
a subject whose field is None; the engine then gives that judgement, made once, without
calling them (an audit's rows without a password skip five checks). These tests hold the
declaration to the check and the engine's judgements to the checks' own answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine
from aanekoski_somepolicy._checks import REGISTRY
from aanekoski_somepolicy._checks._base import CheckContext, CheckResult, register
from aanekoski_somepolicy._engine import Judgement
from aanekoski_somepolicy._findings import Outcome
from aanekoski_somepolicy._policy.catalog import SubjectType
from aanekoski_somepolicy._policy.roles import Role
from aanekoski_somepolicy._subjects import AccountRegistration

from .conftest import TODAY

_ENGINE = Engine()
_DECLARED = [spec for spec in REGISTRY.values() if spec.without is not None]

_registrations = st.builds(
    lambda purpose, role, username, email, mfa, password, works: AccountRegistration.model_validate(
        {
            "person_id": "h1",
            "first_name": "Matti",
            "service": "Facebook",
            "purpose": purpose,
            "role": role,
            "username": username,
            "email": email,
            "mfa": mfa,
            "password": password,
            "work_usernames": works,
        }
    ),
    st.sampled_from(["työ", "vapaa-aika"]),
    st.sampled_from([None, *list(Role)]),
    st.sampled_from([None, "matti", "matti.m"]),
    st.sampled_from([None, "m@aanekoski.fi", "m@example.org", "m(at)example.org"]),
    st.booleans(),
    st.sampled_from([None, "", "Kesä2024!", "pitkä ja vahva salalause ääni"]),
    st.sampled_from([(), ("matti",)]),
)


def test_the_password_checks_declare_their_answer_without_a_password() -> None:
    # The declaration that lets an audit's rows without a password skip these checks.
    declared = {spec.element_id for spec in _DECLARED}
    assert {
        "R9.password-min-length",
        "R9.password-not-common",
        "R9.password-no-guessable-context",
        "R9.password-strength-score",
        "R9.password-not-breached",
    } <= declared


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_registrations)
def test_a_declared_answer_is_the_checks_own(subject: AccountRegistration) -> None:
    context = CheckContext(policy=_ENGINE.policy, on=TODAY)
    for spec in _DECLARED:
        if spec.subject_type is not subject.subject_type:
            continue
        name, answer = spec.without  # type: ignore[misc]
        if getattr(subject, name) is None:
            assert spec.run(subject, context) is answer, spec.element_id


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_registrations)
def test_the_engine_judges_as_the_checks_do(subject: AccountRegistration) -> None:
    # Every judgement equals the one made by calling its check (or settled by scope).
    engine = _ENGINE
    judgements = engine.judge(subject, on=TODAY)
    context = CheckContext(policy=engine.policy, on=TODAY, memo={})
    for judgement in judgements:
        spec = REGISTRY.get((judgement.element.id, subject.subject_type))
        if spec is None or judgement.scope is not None:
            continue
        result = spec.run(subject, context)
        assert judgement == Judgement(judgement.element, result.outcome, result.code, result)


def test_a_declared_answer_needs_a_declared_code() -> None:
    answer = CheckResult(Outcome.NOT_APPLICABLE, "undeclared")
    with pytest.raises(RuntimeError, match="without"):
        register(
            "R9.test-undeclared-without",
            SubjectType.ACCOUNT_REGISTRATION,
            codes=("other",),
            without=("password", answer),
        )(_never)


def _never(subject: Any, context: CheckContext) -> CheckResult:  # pragma: no cover
    raise AssertionError("never run")
