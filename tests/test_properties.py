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
from aanekoski_somepolicy._text import casefold_nfkc, fold, fold_diacritics, nfkc

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


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_fold_of_ascii_equals_the_general_normalisation(value: str) -> None:
    # fold() answers ASCII text by lower-casing it; the normalisation passes agree.
    assert fold(value) == fold_diacritics(casefold_nfkc(value))


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
        # Stated in terms of outcomes, not by recomputing the engine's own rule.
        blocking = [
            finding
            for finding in decision.findings
            if finding.outcome is Outcome.FAIL and finding.severity is Severity.VIOLATION
        ]
        assert decision.allowed is not bool(blocking)
        if all(f.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE) for f in decision.findings):
            assert decision.allowed
        rendered = json.dumps(decision_to_dict(decision, Lang.EN)) + repr(decision)
    assert MARKER not in rendered


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=20),
    st.sampled_from(
        ["2026-11-02", "2026-11-23T09:00", "työntekijä", "public", "secret", "reported", "friends"]
    ),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_WHO = {"id": "h1", "role": "työntekijä", "start": "2020-01-01", "supervisor_id": "h100"}
# A valid record of every subject type; the property overwrites some of its fields.
SKELETONS: dict[str, dict[str, object]] = {
    "person": dict(_WHO),
    "publication": {
        "id": "p",
        "author": _WHO,
        "published_on": "2026-11-02",
        "classification": "internal",
        "working_time": False,
    },
    "advice": {
        "id": "a",
        "author": _WHO,
        "given_on": "2026-11-02",
        "kind": "consulting",
        "in_city_name": True,
    },
    "photo": {
        "id": "k",
        "author": _WHO,
        "published_on": "2026-11-02",
        "depicted": [{"ref": "d1", "named": True}],
    },
    "profile": {"id": "q", "owner": _WHO, "service": "X", "texts": ["Äänekosken kaupungilla"]},
    "working-time-use": {
        "id": "u",
        "person": _WHO,
        "start": "2026-11-23T09:00",
        "end": "2026-11-23T10:00",
    },
    "incorrect-info-response": {
        "id": "r",
        "person": _WHO,
        "responded_on": "2026-11-02",
        "action": "reported",
        "reported_to": "h9",
    },
    "page": {
        "id": "g",
        "name": "N",
        "service": "X",
        "created_by": _WHO,
        "created_on": "2026-01-01",
        "responsible_persons": [_WHO],
    },
}
OUTCOMES: set[str] = set()


@st.composite
def mutated_subject(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.sampled_from(sorted(SKELETONS)))
    record: dict[str, object] = {"type": kind, **SKELETONS[kind]}
    for key in draw(st.lists(st.sampled_from(sorted(record)), max_size=2, unique=True)):
        if key != "type":
            record[key] = draw(json_value)
    return record


@settings(max_examples=300, deadline=None)
@given(mutated_subject())
def test_any_subject_gives_a_decision_or_a_clear_error(data: dict[str, object]) -> None:
    from aanekoski_somepolicy import parse_subject

    try:
        subject = parse_subject(data)
    except InvalidSubjectError as error:
        OUTCOMES.add("invalid")
        assert error.problems and all(problem.message for problem in error.problems)
        return
    OUTCOMES.add("decision")
    decision = ENGINE.evaluate(subject, on=TODAY)
    applicable = [e for e in ENGINE.policy.elements() if decision.subject_type in e.subjects]
    # A role no accepted spelling matches is bound staff, with one warning ahead of the rest.
    warned = len(subject.unrecognised_roles)
    assert [f.check for f in decision.findings[:warned]] == ["scope.role-recognised"] * warned
    assert [f.facts["role"] for f in decision.findings[:warned]] == list(subject.unrecognised_roles)
    assert [f.check for f in decision.findings[warned:]] == [e.id for e in applicable]
    json.dumps(decision_to_dict(decision, Lang.FI))


def test_the_property_exercised_both_paths() -> None:
    test_any_subject_gives_a_decision_or_a_clear_error()
    assert sorted(OUTCOMES) == ["decision", "invalid"]
