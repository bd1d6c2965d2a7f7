"""Password feedback for registration forms, and the public pydantic types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError

from aanekoski_somepolicy import (
    LeisureEmail,
    PurposeInput,
    Role,
    RoleInput,
    Strength,
    StrongPassword,
    password_feedback,
)

from .conftest import CANARY

STRONG = "kuusi pientä hevosta laukkaa rannalla"


def codes(items: Any) -> list[str]:
    return [item.code for item in items]


def test_a_season_and_year_is_explained_with_every_reason() -> None:
    feedback = password_feedback("Kesä2026!", service="Instagram", lang="en")
    assert not feedback.acceptable
    assert codes(feedback.reasons) == ["too-short", "calendar", "easy-to-guess"]
    assert "no-season-year" in codes(feedback.suggestions)
    assert "passphrase" in codes(feedback.suggestions)
    assert feedback.strength in (Strength.VERY_WEAK, Strength.WEAK, Strength.FAIR)


def test_service_and_own_name_are_named() -> None:
    feedback = password_feedback(
        "Instagram-virtanen-2024", service="Instagram", last_name="Virtanen", lang="fi"
    )
    assert {"service", "personal"} <= set(codes(feedback.reasons))
    assert {"no-service-name", "no-own-name"} <= set(codes(feedback.suggestions))


def test_a_common_password_is_very_weak() -> None:
    feedback = password_feedback("salasana")
    assert "common" in codes(feedback.reasons)
    assert feedback.strength is Strength.VERY_WEAK


def test_a_long_passphrase_is_accepted_without_reasons() -> None:
    feedback = password_feedback(STRONG, service="Facebook", first_name="Matti")
    assert feedback.acceptable
    assert feedback.reasons == ()
    assert feedback.strength in (Strength.STRONG, Strength.VERY_STRONG)


def test_mfa_lowers_the_length_and_is_suggested_without_it() -> None:
    # Random, 12 characters: too short on its own, enough inside MFA.
    without = password_feedback("Qv7#kzxLp2wT")
    assert codes(without.reasons) == ["too-short"]
    assert "mfa" in codes(without.suggestions)
    assert password_feedback("Qv7#kzxLp2wT", mfa=True).acceptable
    assert password_feedback("x", mfa=True).min_length == 8
    assert password_feedback("x").min_length == 15


def test_empty_password_asks_for_length() -> None:
    feedback = password_feedback("", lang="sv")
    assert codes(feedback.reasons) == ["too-short"]
    assert "tecken" in feedback.reasons[0].message


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_language_and_no_echo(lang: str) -> None:
    for password in (CANARY, "Kesä2026!", "jessekissa", "Facebook2024"):
        feedback = password_feedback(password, service="Facebook", lang=lang)
        text = json.dumps(feedback.to_dict(), ensure_ascii=False)
        assert password not in text
        assert password.lower() not in text.lower()
    if lang != "en":
        english = password_feedback("Kesä2026!", lang="en").to_dict()
        other = password_feedback("Kesä2026!", lang=lang).to_dict()
        for a, b in zip(english["reasons"], other["reasons"], strict=True):
            assert a["message"] != b["message"]


def test_no_composition_rules_are_ever_suggested() -> None:
    feedback = password_feedback("aaaa", lang="en")
    text = " ".join(item.message for item in (*feedback.reasons, *feedback.suggestions)).lower()
    for word in ("uppercase", "upper case", "digit", "symbol", "special character"):
        assert word not in text


class Signup(BaseModel):
    service: str
    first_name: str | None = None
    email: LeisureEmail
    role: RoleInput
    purpose: PurposeInput
    password: StrongPassword


def signup(**fields: Any) -> Signup:
    base: dict[str, Any] = {
        "service": "Facebook",
        "first_name": "Matti",
        "email": "matti@example.com",
        "role": "työntekijä",
        "purpose": "vapaa-aika",
        "password": STRONG,
    }
    return Signup.model_validate({**base, **fields})


def test_types_accept_the_library_spellings() -> None:
    model = signup(role="Sivari", purpose="LEISURE")
    assert model.role is Role.SIVIILIPALVELUSVELVOLLINEN
    assert model.password.get_secret_value() == STRONG
    assert CANARY not in model.model_dump_json()


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("email", "matti@aanekoski.fi", "city_email"),
        ("email", "matti@Kirjasto.ÄÄNEKOSKI.fi", "city_email"),
        ("email", "not an address", "invalid_email"),
        ("role", "pilot", "value_error"),
        ("purpose", "holiday", "value_error"),
        ("password", "Facebook-Matti-2025", "weak_password"),
        ("password", "x" * 5000, "string_too_long"),
    ],
)
def test_types_reject_with_a_reason(field: str, value: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        signup(**{field: value})
    (error,) = caught.value.errors()
    assert error["type"] == kind
    assert error["loc"] == (field,)


def test_password_errors_never_show_the_password() -> None:
    for bad in ("Facebook-Matti-2025", CANARY[:10], CANARY * 200):
        with pytest.raises(ValidationError) as caught:
            signup(password=bad)
        assert bad[:10] not in str(caught.value)
        assert bad[:10] not in repr(caught.value.errors())


def test_json_schema_of_the_types_says_what_they_accept() -> None:
    schema = Signup.model_json_schema()
    validator = Draft202012Validator(schema)
    good = {
        "service": "Facebook",
        "email": "matti@example.com",
        "role": "Viranhaltija",
        "purpose": "työ",
        "password": STRONG,
    }
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "email": "matti@aanekoski.fi"})
    assert not validator.is_valid({**good, "email": "m@xn--nekoski-4waa.fi"})
    assert not validator.is_valid({**good, "role": "pilot"})
    assert not validator.is_valid({**good, "purpose": "holiday"})
    assert not validator.is_valid({**good, "password": "short"})
    props = schema["properties"]
    assert props["password"]["writeOnly"] is True
    assert "rule 9" in props["password"]["description"]


def test_an_overlong_password_gets_a_reason_not_an_exception() -> None:
    feedback = password_feedback("x" * 5000, lang="sv")
    assert not feedback.acceptable
    assert codes(feedback.reasons) == ["too-long"]
    assert "4096" in feedback.reasons[0].message
