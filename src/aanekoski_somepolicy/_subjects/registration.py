"""The account-registration subject that rule 9 judges."""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError

from .._fields import TEXT_MAX, Flag, OptionalText
from .._i18n import Message
from .._policy.catalog import SubjectType
from .._policy.roles import Role, RoleField
from .._text import fold
from ._base import ScopeBasis, SubjectModel

__all__ = ["PASSWORD_INPUT_MAX", "AccountRegistration", "Purpose", "parse_purpose"]

PASSWORD_INPUT_MAX = 4096
"""The longest password accepted as input, in code points; longer input is rejected."""


class Purpose(StrEnum):
    """What an account is for."""

    WORK = "work"
    LEISURE = "leisure"


_PURPOSES = {
    Purpose.WORK: ("work", "tyo", "tyokaytto", "tyotili", "virka", "business", "arbete", "jobb"),
    Purpose.LEISURE: (
        "leisure",
        "vapaa-aika",
        "vapaa aika",
        "vapaa-ajan",
        "vapaaaika",
        "free time",
        "private",
        "personal",
        "yksityinen",
        "oma",
        "fritid",
        "privat",
    ),
}
_PURPOSE_INDEX = {
    re.sub(r"[\s_\-]+", " ", fold(spelling)).strip(): purpose
    for purpose, spellings in _PURPOSES.items()
    for spelling in spellings
}


def parse_purpose(value: str | Purpose) -> Purpose:
    """Parse ``work``/``työ`` or ``leisure``/``vapaa-aika`` (and variants).

    Raises:
        ValueError: The spelling is unknown; the message lists accepted spellings.
    """
    if isinstance(value, Purpose):
        return value
    found = _purpose_of(value)
    if found is None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise ValueError(Message("validation", "unknown-purpose", value=repr(shown)))
    return found


@functools.lru_cache(maxsize=1024)
def _purpose_of(value: str) -> Purpose | None:
    # An export spells its purposes a handful of ways, a million times over: fold each once.
    return _PURPOSE_INDEX.get(re.sub(r"[\s_\-]+", " ", fold(value)).strip())


def _purpose_value(value: Any) -> Any:
    return parse_purpose(value) if isinstance(value, str) else value


def _identity_list(value: Any) -> Any:
    # CSV cells carry several work identities separated by spaces, commas or semicolons.
    if isinstance(value, str):
        return tuple(part for part in re.split(r"[\s,;|]+", value) if part)
    if value is None:
        return ()
    return value


def _optional_role(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


PurposeField = Annotated[Purpose, BeforeValidator(_purpose_value)]
IdentityList = Annotated[
    tuple[Annotated[str, Field(min_length=1, max_length=TEXT_MAX)], ...],
    BeforeValidator(_identity_list),
    Field(default=(), max_length=50),
]


class AccountRegistration(SubjectModel):
    """A social-media account registered by (or for) a person.

    The password is held as a :class:`pydantic.SecretStr`: its ``repr``, ``str`` and JSON
    dump show asterisks, and validation errors never include it.

    Attributes:
        person_id: The person's HR id.
        first_name: Given name(s), optional; used to spot names in the password.
        last_name: Family name, optional.
        role: The person's role, optional; when given, scope decides whether rule 9 applies.
        service: The service, e.g. ``Facebook``.
        purpose: ``work`` or ``leisure`` (``työ`` / ``vapaa-aika`` accepted).
        username: The username registered.
        email: The e-mail address registered.
        password: The password chosen (never shown anywhere).
        mfa: Whether the account uses multi-factor authentication.
        work_usernames: The person's known work usernames.
        work_emails: The person's known work (city) e-mail addresses.
    """

    subject_type: ClassVar[SubjectType] = SubjectType.ACCOUNT_REGISTRATION

    person_id: str = Field(min_length=1, max_length=128)
    first_name: OptionalText = None
    last_name: OptionalText = None
    role: Annotated[RoleField | None, BeforeValidator(_optional_role)] = None
    service: str = Field(min_length=1, max_length=200)
    purpose: PurposeField
    username: OptionalText = None
    email: OptionalText = None
    password: SecretStr | None = None
    mfa: Flag = False
    work_usernames: IdentityList = ()
    work_emails: IdentityList = ()

    @field_validator("password", mode="before")
    @classmethod
    def _bounded_password(cls, value: Any) -> Any:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value is None or (isinstance(value, str) and value == ""):
            return None
        if not isinstance(value, str):
            raise ValueError(Message("validation", "password-not-text"))
        if len(value) > PASSWORD_INPUT_MAX:
            raise PydanticCustomError(
                "string_too_long",
                "password is longer than {limit} characters; such input is rejected unchecked",
                {"limit": PASSWORD_INPUT_MAX},
            )
        return SecretStr(value)

    @property
    def subject_id(self) -> str:
        """The id reports use for this subject."""
        return self.person_id

    def scope_basis(self) -> ScopeBasis:
        """Judged by the registering person's role, when given."""
        role = self.role
        # A model built without validation (model_construct) may hold any value: not cached.
        return _basis(role) if role is None or type(role) is Role else ScopeBasis(role=role)


@functools.cache
def _basis(role: Role | None) -> ScopeBasis:
    # One (immutable) basis per role, shared: an audit asks for it on every record.
    return ScopeBasis(role=role)
