"""The account-registration subject that rule 9 judges."""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError

from .._fields import TEXT_MAX, Flag, OptionalText, flag_value
from .._i18n import Message
from .._policy.catalog import SubjectType
from .._policy.roles import Role, RoleField
from .._text import fold
from ._base import ScopeBasis, SubjectModel

__all__ = [
    "PASSWORD_INPUT_MAX",
    "AccountRegistration",
    "Purpose",
    "parse_purpose",
    "plain_registration",
]

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


_PRIVATE = {
    name: attribute.get_default()
    for name, attribute in AccountRegistration.__private_attributes__.items()
}
_FIELD_NAMES = frozenset(AccountRegistration.model_fields)
_set = object.__setattr__  # as pydantic sets a frozen model's slots, bound once
_OPTIONAL_TEXTS = ("first_name", "last_name", "username", "email")


def plain_registration(data: dict[str, Any]) -> AccountRegistration | None:
    """The registration validation would make of ``data``, built without it; or None.

    For an audit's rows, a million times over: text cells that need no stripping, roles
    and purposes already parsed or in a known spelling, no password. The model equals (and
    says it was given the same fields as) what ``AccountRegistration.model_validate`` makes
    of the same data; any other data, valid or not, gives None and goes to validation,
    which words its errors. A property test holds the two together.
    """
    if not data.keys() <= _FIELD_NAMES:
        return None  # a field the model does not have: rejected by validation
    get = data.get
    person, service, purpose = get("person_id"), get("service"), get("purpose")
    if type(person) is not str or type(service) is not str:
        return None
    if not (0 < len(person) <= 128 and 0 < len(service) <= 200):
        return None
    if type(purpose) is not Purpose:
        purpose = _purpose_of(purpose) if type(purpose) is str else None
        if purpose is None:
            return None
    texts = [person, service]
    optional: list[str | None] = []
    for name in _OPTIONAL_TEXTS:
        value = get(name)
        if value is None or (type(value) is str and (not value or value.isspace())):
            optional.append(None)  # as OptionalText's blank-to-None
        elif type(value) is str and len(value) <= TEXT_MAX:
            optional.append(value)
            texts.append(value)
        else:
            return None
    role = get("role")
    if not (role is None or type(role) is Role):
        if type(role) is not str or not (not role or role.isspace()):
            return None
        role = None
    if get("password") not in (None, ""):
        return None  # a password is validated (and kept secret) as ever
    mfa = get("mfa", False)
    if type(mfa) is not bool:
        mfa = False if mfa is None else flag_value(mfa) if type(mfa) is str else None
        if mfa is None:
            return None
    lists: list[tuple[str, ...]] = []
    for name in ("work_usernames", "work_emails"):
        items = get(name)
        if items is None:
            lists.append(())
        elif type(items) is tuple and len(items) <= 50:
            for item in items:
                if type(item) is not str or not 0 < len(item) <= TEXT_MAX:
                    return None
                texts.append(item)
            lists.append(items)
        else:
            return None
    # Text validation would not take as it is: whitespace at either end, which its strip
    # removes (Python's whitespace is more than pydantic's, which keeps U+001C-U+001F: such
    # text is left to it too), or a lone surrogate, which it rejects (and UTF-8 cannot hold).
    for value in texts:
        if value.strip() != value:
            return None
        if not value.isascii():  # an ASCII string (a flag, read at once) holds no surrogate
            try:
                value.encode()
            except UnicodeEncodeError:
                return None
    first_name, last_name, username, email = optional
    model = AccountRegistration.__new__(AccountRegistration)
    # As BaseModel.model_construct sets a model up, with the private attributes' defaults;
    # the fields in the model's order.
    _set(
        model,
        "__dict__",
        {
            "person_id": person,
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "service": service,
            "purpose": purpose,
            "username": username,
            "email": email,
            "password": None,
            "mfa": mfa,
            "work_usernames": lists[0],
            "work_emails": lists[1],
        },
    )
    _set(model, "__pydantic_fields_set__", set(data))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", _PRIVATE.copy())
    return model
