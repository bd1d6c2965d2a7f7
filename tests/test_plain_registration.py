"""The plain-registration fast path builds exactly the model pydantic's validation builds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._policy.roles import Role
from aanekoski_somepolicy._subjects import AccountRegistration
from aanekoski_somepolicy._subjects.plain_registration import plain_registration
from aanekoski_somepolicy._validation import validate_subject
from aanekoski_somepolicy.exceptions import InvalidSubjectError

# Text at the edges of "plain": blanks, every kind of surrounding whitespace (Python's and
# pydantic's ideas of it differ), lengths around each limit, non-ASCII letters.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\u200b\ufeff"
_CORE = st.text(alphabet=st.sampled_from("aZ9äÅ.-_@ é" + _SPACES), max_size=8)
_TEXT = st.one_of(
    _CORE,
    st.builds(
        lambda a, b, c: a + b + c, st.text(_SPACES, max_size=2), _CORE, st.text(_SPACES, max_size=2)
    ),
    st.sampled_from(
        ["", " ", "h1", "x" * 128, "x" * 129, "x" * 200, "x" * 201, "y" * 1024, "y" * 1025]
    ),
    st.none(),
    st.integers(-2, 2),
    st.lists(st.text(max_size=3), max_size=2),
)
_PURPOSE = st.one_of(
    st.sampled_from(["työ", "vapaa-aika", "leisure", " Työ ", "VAPAA AIKA", "oma", "hobby", ""]),
    _TEXT,
)
_MFA = st.one_of(
    st.sampled_from(["kyllä", "ei", "", " Kyllä ", "maybe", "X", "true"]), _TEXT, st.booleans()
)
_ROLE = st.one_of(st.none(), st.sampled_from(list(Role)), st.sampled_from(["työntekijä", " ", ""]))
_IDENTITY = st.one_of(st.sampled_from(["mvirtanen", " m ", "", "z" * 1025]), _CORE)
_IDENTITIES = st.one_of(
    st.lists(_IDENTITY, max_size=4).map(tuple),
    st.just(tuple(f"u{n}" for n in range(51))),
    st.just(tuple(f"u{n}" for n in range(50))),
    st.lists(_IDENTITY, max_size=2),
    _TEXT,
)
_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "person_id": _TEXT,
    "service": _TEXT,
    "purpose": _PURPOSE,
    "first_name": _TEXT,
    "last_name": _TEXT,
    "username": _TEXT,
    "email": _TEXT,
    "role": _ROLE,
    "password": st.one_of(st.none(), st.just(""), st.just("kissa")),
    "mfa": _MFA,
    "work_usernames": _IDENTITIES,
    "work_emails": _IDENTITIES,
    "unit": _TEXT,  # not a field of the model: always declined
}


@st.composite
def _data(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.sets(st.sampled_from(sorted(_FIELDS))))
    data = {name: draw(_FIELDS[name]) for name in names}
    if draw(st.booleans()):
        # Mostly well-formed rows, so that the fast path is taken often.
        data.setdefault("person_id", "h1")
        data.setdefault("service", "Instagram")
        data.setdefault("purpose", "vapaa-aika")
        data.pop("unit", None)
    return data


def _validated(data: dict[str, Any]) -> AccountRegistration | None:
    try:
        return validate_subject(AccountRegistration, data, what="registration")
    except InvalidSubjectError:
        return None


@settings(max_examples=2000, deadline=None)
@given(_data())
def test_a_plain_registration_is_the_validated_one(data: dict[str, Any]) -> None:
    plain = plain_registration(data)
    if plain is not None:
        validated = _validated(data)
        assert validated is not None
        assert plain == validated
        assert plain.model_dump() == validated.model_dump()
        assert plain.model_fields_set == validated.model_fields_set
        assert plain.password is None and validated.password is None


@pytest.mark.parametrize(
    "data",
    [
        {"person_id": "h1", "service": "Instagram", "purpose": "vapaa-aika"},
        {
            "person_id": "h12",
            "first_name": "Aino",
            "last_name": "Mäkinen",
            "role": Role.TYONTEKIJA,
            "service": "LinkedIn",
            "purpose": "työ",
            "username": "aino12",
            "email": "aino.mäkinen12@aanekoski.fi",
            "password": "",
            "mfa": "kyllä",
            "work_usernames": ("aino12",),
            "work_emails": ("aino.mäkinen12@aanekoski.fi",),
        },
        {"person_id": "h1", "service": "X", "purpose": "leisure", "mfa": "ei", "role": None},
    ],
)
def test_typical_export_rows_take_the_fast_path(data: dict[str, Any]) -> None:
    plain = plain_registration(data)
    assert plain is not None
    assert plain == _validated(data)


@pytest.mark.parametrize(
    "change",
    [
        {"password": "kissa"},  # a password: validated (and judged) the usual way
        {"person_id": " h1"},  # pydantic trims it
        {"purpose": "hobby"},  # unknown: the usual error message
        {"mfa": "maybe"},
        {"unit": "Tekninen"},  # not a field: pydantic's "unknown field"
        {"role": "työntekijä"},  # text, not a parsed role
        {"work_usernames": tuple(f"u{n}" for n in range(51))},  # over the limit
    ],
)
def test_anything_else_is_left_to_pydantic(change: dict[str, Any]) -> None:
    assert (
        plain_registration({"person_id": "h1", "service": "X", "purpose": "työ", **change}) is None
    )
