"""pydantic ``Annotated`` types that other applications' models can use.

Each validates exactly as the policy does and carries a JSON Schema that says what it accepts::

    class Signup(BaseModel):
        service: str
        first_name: str
        email: LeisureEmail
        role: RoleInput
        purpose: PurposeInput
        password: StrongPassword  # judged with the fields above as context
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import BeforeValidator, GetCoreSchemaHandler, SecretStr, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from .._accounts.email import CityDomains
from .._i18n import Lang, LocalizedText, Message
from .._messages.feedback import password_feedback_each
from .._policy.catalog import default_policy
from .._policy.roles import Role
from .._policy.roles import _role_value as role_value
from .._subjects import PASSWORD_INPUT_MAX, Purpose
from .._subjects.registration import _purpose_value as purpose_value
from .._subjects.schema import case_pattern, purpose_json_schema, role_json_schema

__all__ = ["LeisureEmail", "PurposeInput", "RoleInput", "StrongPassword"]

_ORDER = (Lang.FI, Lang.EN, Lang.SV)  # LocalizedText's positional order

# The longest address RFC 5321 lets through a mail system.
_EMAIL_MAX = 254


@functools.cache
def _city_domains() -> CityDomains:
    return CityDomains(default_policy().parameters.accounts.city_mail_domains)


def _error(kind: str, message: Message) -> PydanticCustomError:
    """A pydantic error of type ``kind`` worded by a catalog message.

    pydantic's own ``msg`` is the English text; the message rides in the error's context,
    where the library's renderers (the command line, the service, ``problems_from``) find it
    and show it in the language asked for.
    """
    return PydanticCustomError(kind, str(message), {"message": message})


def _leisure_email(value: Any) -> Any:
    if not isinstance(value, str):
        raise _error("string_type", Message("types", "email-not-text"))
    address = value.strip()
    if len(address) > _EMAIL_MAX:
        raise _error("string_too_long", Message("types", "email-too-long", limit=_EMAIL_MAX))
    inspection = _city_domains().inspect(address, expect_address=True)
    if inspection.invalid_reason is not None:
        raise _error(
            "invalid_email", Message("types", "email-invalid", reason=inspection.invalid_reason)
        )
    if inspection.city_domain is not None:
        raise _error("city_email", Message("types", "city-email", domain=inspection.city_domain))
    return address


def _leisure_email_schema() -> dict[str, Any]:
    domains = default_policy().parameters.accounts.city_mail_domains
    # Each domain as written, without diacritics, and in its punycode form.
    forms = {case_pattern(d) for d in domains} | {
        case_pattern(d.encode("idna").decode("ascii")) for d in domains
    }
    city = "|".join(sorted(forms))
    return {
        "type": "string",
        "format": "email",
        "maxLength": _EMAIL_MAX,
        "not": {"pattern": f"@(?:[^@]*\\.)?(?:{city})\\.?\\s*$"},
        "description": "an e-mail address that is not a city address (rule 9: not "
        + ", ".join(domains)
        + " or their subdomains)",
    }


LeisureEmail = Annotated[
    str, BeforeValidator(_leisure_email), WithJsonSchema(_leisure_email_schema())
]
"""An e-mail address for a leisure service: valid, and not at a city domain or subdomain."""

RoleInput = Annotated[Role, BeforeValidator(role_value), WithJsonSchema(role_json_schema())]
"""A role in any spelling ``parse_role`` accepts (Finnish, Swedish, English, any case)."""

PurposeInput = Annotated[
    Purpose, BeforeValidator(purpose_value), WithJsonSchema(purpose_json_schema())
]
"""An account's purpose: ``work`` (``työ``) or ``leisure`` (``vapaa-aika``), in any spelling."""


def _as_secret(value: Any) -> SecretStr:
    if isinstance(value, SecretStr):
        return value
    if not isinstance(value, str):
        raise _error("string_type", Message("types", "password-not-text"))
    return SecretStr(value)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _judge(secret: SecretStr, info: core_schema.ValidationInfo) -> SecretStr:
    # The input here is already a SecretStr, so an error never shows the password.
    password = secret.get_secret_value()
    if len(password) > PASSWORD_INPUT_MAX:
        raise _error(
            "string_too_long", Message("validation", "password-too-long", limit=PASSWORD_INPUT_MAX)
        )
    data = info.data if isinstance(info.data, dict) else {}
    feedback = password_feedback_each(
        password,
        service=_text(data.get("service")),
        first_name=_text(data.get("first_name")),
        last_name=_text(data.get("last_name")),
        username=_text(data.get("username")),
        email=_text(data.get("email")),
        mfa=data.get("mfa") is True,
    )
    if not feedback[Lang.EN].acceptable:
        reasons = LocalizedText(
            *(" ".join(item.message for item in feedback[lang].reasons) for lang in _ORDER)
        )
        raise _error("weak_password", Message("types", "weak-password", reasons=reasons))
    return secret


class _StrongPassword:
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.chain_schema(
            [
                core_schema.no_info_plain_validator_function(_as_secret),
                core_schema.with_info_plain_validator_function(_judge),
            ],
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: str(value)  # asterisks, as SecretStr shows itself
            ),
        )


def _password_schema() -> dict[str, Any]:
    params = default_policy().parameters.password
    return {
        "type": "string",
        "format": "password",
        "writeOnly": True,
        "minLength": params.min_length_with_mfa,
        "maxLength": PASSWORD_INPUT_MAX,
        "description": (
            f"a password that satisfies rule 9: at least {params.min_length} characters "
            f"({params.min_length_with_mfa} with multi-factor authentication), not a common "
            "password, not made of guessable context (place names, seasons with years, the "
            f"service's or the person's names), zxcvbn score at least {params.min_zxcvbn_score}; "
            "no composition rules. Context comes from the fields service, first_name, "
            "last_name, username, email and mfa declared before it."
        ),
    }


StrongPassword = Annotated[SecretStr, _StrongPassword, WithJsonSchema(_password_schema())]
"""A password that satisfies rule 9, judged with the model's earlier fields as context.

Errors name the reasons and never contain the password.
"""
