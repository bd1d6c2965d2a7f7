"""The Django password validator against a minimal Django settings module."""

from __future__ import annotations

import django
import pytest
from django.conf import settings

if not settings.configured:
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="fi",
        LANGUAGES=[("fi", "Finnish"), ("sv", "Swedish"), ("en", "English")],
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        DATABASES={},
        AUTH_PASSWORD_VALIDATORS=[
            {
                "NAME": "aanekoski_somepolicy.django.PasswordPolicyValidator",
                "OPTIONS": {"service": "Intranet"},
            }
        ],
    )
    django.setup()

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from aanekoski_somepolicy.django import PasswordPolicyValidator

from .conftest import CANARY

USER = User(
    username="mvirtanen", first_name="Matti", last_name="Virtanen", email="matti@example.com"
)


def codes(error: ValidationError) -> list[str]:
    return [str(item.code) for item in error.error_list]


def test_every_reason_with_codes_and_messages() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password("Kesä2026!", USER)
    assert codes(caught.value) == [
        "password_too_short",
        "password_calendar",
        "password_easy_to_guess",
    ]
    assert "too short" in caught.value.messages[0]


def test_the_users_names_and_the_service_are_context() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password("Intranet-Virtanen-2024", USER)
    assert {"password_personal", "password_service"} <= set(codes(caught.value))


def test_a_passphrase_passes() -> None:
    validate_password("kuusi pientä hevosta laukkaa rannalla", USER)
    validate_password("kuusi pientä hevosta laukkaa rannalla", None)


@pytest.mark.parametrize(
    ("lang", "word"), [("fi", "liian lyhyt"), ("sv", "för kort"), ("en", "too short")]
)
def test_messages_follow_the_active_language(lang: str, word: str) -> None:
    with translation.override(lang), pytest.raises(ValidationError) as caught:
        validate_password("lyhyt", USER)
    assert word in caught.value.messages[0]


@pytest.mark.parametrize(
    ("lang", "word"), [("fi", "merkkiä"), ("sv", "tecken"), ("en", "characters")]
)
def test_help_text_in_the_active_language(lang: str, word: str) -> None:
    with translation.override(lang):
        (text,) = password_validators_help_texts()
    assert word in text and "15" in text


def test_mfa_option_lowers_the_minimum() -> None:
    validator = PasswordPolicyValidator(mfa=True)
    with translation.override("en"):
        assert "at least 8" in validator.get_help_text()
        with pytest.raises(ValidationError) as caught:
            validator.validate("lyhyt7", USER)
    assert "at least 8" in caught.value.messages[0]


def test_breach_corpus_option(tmp_path: object) -> None:
    import hashlib
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    password = "kuusi pientä hevosta laukkaa rannalla"
    digest = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
    corpus = tmp_path / "pwned.txt"
    corpus.write_text(f"{digest}:42\n", encoding="ascii")
    validator = PasswordPolicyValidator(breach_corpus=str(corpus))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validator.validate(password, USER)
    assert codes(caught.value) == ["password_breached"]


def test_errors_never_contain_the_password() -> None:
    for password in (CANARY[:12], "Intranet" + CANARY[:6]):
        with pytest.raises(ValidationError) as caught:
            PasswordPolicyValidator(service="Intranet").validate(password, USER)
        assert password not in str(caught.value.messages)
        assert password not in repr(caught.value)


def test_an_overlong_password_is_a_validation_error() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password("x" * 5000, USER)
    assert codes(caught.value) == ["password_too_long"]
