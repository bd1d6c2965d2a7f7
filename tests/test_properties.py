"""Properties that hold for any input: no crash, no leak, normalisation laws."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import (
    Engine,
    InvalidSubjectError,
    Lang,
    Outcome,
    Severity,
    decision_to_dict,
    parse_subject,
)
from aanekoski_somepolicy._text import casefold_nfkc, fold, nfkc

from .conftest import TODAY

ENGINE = Engine()
# Other fields never contain private-use characters, so a marker in the password is unique.
text = st.text(alphabet=st.characters(exclude_categories=["Co", "Cs"]), max_size=80)
maybe = st.one_of(st.none(), text)
MARKER = "\ue000"


@given(text)
def test_fold_is_idempotent(value: str) -> None:
    assert fold(fold(value)) == fold(value)
    assert casefold_nfkc(casefold_nfkc(value)) == casefold_nfkc(value)
    assert nfkc(nfkc(value)) == nfkc(value)


@given(st.text(alphabet="aäöåAÄÖÅ", max_size=20))
def test_fold_removes_finnish_diacritics(value: str) -> None:
    assert set(fold(value)) <= {"a", "o"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    person_id=text,
    service=text,
    purpose=st.one_of(st.sampled_from(["work", "leisure", "työ", "vapaa-aika"]), text),
    username=maybe,
    email=maybe,
    password=st.one_of(
        st.none(), st.text(max_size=300).map(lambda body: body[:150] + MARKER + body[150:])
    ),
    first_name=maybe,
    mfa=st.one_of(st.booleans(), text),
    work=st.lists(st.text(min_size=1, max_size=30), max_size=3),
)
def test_any_registration_gives_a_decision_or_a_clear_error(
    person_id: str,
    service: str,
    purpose: str,
    username: str | None,
    email: str | None,
    password: str | None,
    first_name: str | None,
    mfa: object,
    work: list[str],
) -> None:
    data = {
        "person_id": person_id,
        "service": service,
        "purpose": purpose,
        "username": username,
        "email": email,
        "password": password,
        "first_name": first_name,
        "mfa": mfa,
        "work_usernames": work,
    }
    try:
        subject = parse_subject(data)
    except InvalidSubjectError as error:
        assert error.problems
        rendered = str(error)
    else:
        decision = ENGINE.evaluate(subject, on=TODAY)
        # Nothing lost: one finding per registration element, every outcome a known one.
        assert len(decision.findings) == 7
        assert all(isinstance(finding.outcome, Outcome) for finding in decision.findings)
        assert decision.allowed == (not decision.failures(Severity.VIOLATION))
        rendered = json.dumps(decision_to_dict(decision, Lang.EN)) + repr(decision)
    assert MARKER not in rendered
