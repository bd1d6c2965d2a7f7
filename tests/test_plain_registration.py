"""An audit row built without validation is the model validation makes of it, or left to it.

``plain_registration`` builds an audit's plain rows (text that needs no stripping, parsed
roles, known purpose and flag spellings, no password) without pydantic's validators. Every
model it builds must equal, field for field and in what it says it was given, the one
``AccountRegistration.model_validate`` makes of the same data; any data it does not build
goes to validation, which accepts or rejects it with its own errors.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aanekoski_somepolicy._policy.roles import Role
from aanekoski_somepolicy._subjects import AccountRegistration, Purpose
from aanekoski_somepolicy._subjects.registration import plain_registration

# Text at validation's edges: blanks, whitespace pydantic strips and whitespace it keeps
# (U+001C), a lone surrogate, lengths at the bounds, and ordinary cells.
_EDGES = [
    "",
    " ",
    "\t",
    "\x1c",
    "a\x1c",
    "\x1fa",
    " a",
    "a ",
    "\u3000a",
    "a\u00a0",
    "\ud800",
    "ä\udc80",
    "x" * 128,
    "x" * 129,
    "x" * 200,
    "x" * 201,
    "x" * 1024,
    "x" * 1025,
    "matti",
    "Äänekoski",
    "matti@aanekoski.fi",
]
_TEXT = st.one_of(st.sampled_from(_EDGES), st.text(max_size=12), st.none(), st.integers(0, 2))
_SPELLINGS = ["työ", "vapaa-aika", " työ ", "LEISURE", "huvi", "", "Fritid", "ei", "kyllä"]
_FLAGS = ["kyllä", "ei", "", " ", "x", "joo", "maybe", "TRUE", "1", "2"]
_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "person_id": _TEXT,
    "first_name": _TEXT,
    "last_name": _TEXT,
    "role": st.one_of(
        st.sampled_from(list(Role)), st.sampled_from(["", "  ", "virkamies"]), st.none()
    ),
    "service": _TEXT,
    "purpose": st.one_of(st.sampled_from(list(Purpose)), st.sampled_from(_SPELLINGS), _TEXT),
    "username": _TEXT,
    "email": _TEXT,
    "password": st.one_of(st.sampled_from(["", "salasana1", " x "]), st.none()),
    "mfa": st.one_of(st.sampled_from(_FLAGS), st.booleans(), st.none(), st.integers(0, 2)),
    "work_usernames": st.one_of(
        st.none(),
        st.lists(_TEXT, max_size=3).map(tuple),
        st.just(("a",) * 51),
        st.lists(st.sampled_from(["a", "b"]), max_size=2),
        st.just("a b"),
    ),
    "work_emails": st.one_of(st.none(), st.lists(_TEXT, max_size=3).map(tuple)),
    "unit": st.just("Tekninen"),  # not a field of the model: validation rejects it
}


_CLEAN: dict[str, st.SearchStrategy[Any]] = {
    "person_id": st.sampled_from(["h1", "x" * 128]),
    "first_name": st.sampled_from(["Matti", "", None]),
    "last_name": st.sampled_from(["Mäkinen", " "]),
    "role": st.sampled_from([*list(Role)[:2], None, ""]),
    "service": st.sampled_from(["Facebook", "x" * 200]),
    "purpose": st.sampled_from(["työ", "vapaa-aika", Purpose.LEISURE]),
    "username": st.sampled_from(["matti1", "", None]),
    "email": st.sampled_from(["m@example.org", "x" * 1024]),
    "password": st.sampled_from(["", None]),
    "mfa": st.sampled_from(["kyllä", "ei", "", None, True]),
    "work_usernames": st.sampled_from([(), ("matti1",), None]),
    "work_emails": st.sampled_from([(), ("m@aanekoski.fi", "x" * 1024)]),
}


@st.composite
def _data(draw: st.DrawFn) -> dict[str, Any]:
    # A row validation takes as it is, then a few fields changed, dropped or added.
    names = draw(st.lists(st.sampled_from(sorted(_CLEAN)), unique=True, min_size=3))
    data = {name: draw(_CLEAN[name]) for name in names}
    for name in draw(st.lists(st.sampled_from(sorted(_VALUES)), unique=True, max_size=2)):
        if draw(st.booleans()) or name == "unit":
            data[name] = draw(_VALUES[name])
        else:
            data.pop(name, None)
    return data


def _same(built: AccountRegistration, validated: AccountRegistration) -> None:
    assert built == validated
    assert list(built.__dict__.items()) == list(validated.__dict__.items())
    assert built.model_fields_set == validated.model_fields_set
    assert built.__pydantic_private__ == validated.__pydantic_private__
    assert built.__pydantic_extra__ == validated.__pydantic_extra__
    assert built.model_dump() == validated.model_dump()
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.scope_basis() == validated.scope_basis()
    assert built.unrecognised_roles == validated.unrecognised_roles


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_data())
def test_a_built_registration_is_the_validated_one(data: dict[str, Any]) -> None:
    built = plain_registration(dict(data))
    if built is None:
        return  # validation's to accept or reject, as before
    try:
        validated = AccountRegistration.model_validate(data)
    except ValidationError as error:  # pragma: no cover - the failure this test looks for
        raise AssertionError(f"built a registration validation rejects: {error}") from None
    _same(built, validated)


@given(
    st.sampled_from(["työ", "vapaa-aika", "Leisure", "oma"]),
    st.sampled_from([*list(Role), None, ""]),
    st.sampled_from(["kyllä", "ei", "", None]),
    st.lists(st.sampled_from(["matti.m", "m.m@aanekoski.fi"]), max_size=3).map(tuple),
)
def test_an_audit_row_is_built(
    purpose: str, role: Role | str | None, mfa: str | None, identities: tuple[str, ...]
) -> None:
    # The rows an export holds most: clean cells, a parsed role, no password.
    data = {
        "person_id": "h12",
        "first_name": "Matti",
        "last_name": "Mäkinen",
        "role": role,
        "service": "Facebook",
        "purpose": purpose,
        "username": "matti12",
        "email": "matti@example.org",
        "password": "",
        "mfa": mfa,
        "work_usernames": identities,
        "work_emails": (),
    }
    built = plain_registration(dict(data))
    assert built is not None
    _same(built, AccountRegistration.model_validate(data))


def test_what_validation_must_word_is_left_to_it() -> None:
    base = {"person_id": "h1", "service": "X", "purpose": "työ"}
    assert plain_registration(dict(base)) is not None
    for change in (
        {"purpose": "huvi"},  # unknown spelling: validation's error
        {"person_id": ""},
        {"person_id": "x" * 129},  # too long: validation's error
        {"service": "x" * 201},
        {"username": "x" * 1025},
        {"work_emails": ("a",) * 51},
        {"work_usernames": ("",)},
        {"service": " X"},  # stripped by validation
        {"username": "a\x1c"},  # kept by pydantic's strip, not by Python's
        {"email": "ä\ud800"},  # a lone surrogate: validation's error
        {"password": "salasana"},  # a password is validated (and kept secret) as ever
        {"mfa": "maybe"},
        {"unit": "Tekninen"},  # not a field
    ):
        assert plain_registration({**base, **change}) is None, change
    assert plain_registration({"service": "X", "purpose": "työ"}) is None  # no person
