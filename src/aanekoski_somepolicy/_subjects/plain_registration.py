"""Building a plain account registration without pydantic's per-row validation.

An audit builds one :class:`AccountRegistration` per row, and pydantic's validation was a
tenth of its time. Most rows are plain: trimmed text within every limit, a known purpose and
yes/no spelling, a role already parsed, no password. :func:`plain_registration` builds those
directly, and declines (returns None) anything else, which then goes through
:func:`~aanekoski_somepolicy._validation.validate_subject` as before, errors and all.
``tests/test_plain_registration.py`` proves the two paths build equal models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._fields import TEXT_MAX, flag_value
from .._policy.roles import Role
from .registration import AccountRegistration, parse_purpose

__all__ = ["plain_registration"]

_OPTIONAL_TEXT = ("first_name", "last_name", "username", "email")
_IDENTITIES = ("work_usernames", "work_emails")
_KNOWN = frozenset(
    ("person_id", "service", "purpose", "role", "password", "mfa", *_OPTIONAL_TEXT, *_IDENTITIES)
)
_PERSON_MAX = 128
_SERVICE_MAX = 200
_IDENTITIES_MAX = 50


def _trimmed(value: object, limit: int) -> bool:
    # Text pydantic would keep as it is: no surrounding whitespace, within its limit.
    return isinstance(value, str) and 0 < len(value) <= limit and value.strip() == value


def plain_registration(data: Mapping[str, Any]) -> AccountRegistration | None:
    """Return the registration ``data`` validates to, when it is plain; otherwise None.

    None says nothing about validity: validate such data the usual way.
    """
    if not data.keys() <= _KNOWN or data.get("password") not in (None, ""):
        return None
    person, service = data.get("person_id"), data.get("service")
    if not _trimmed(person, _PERSON_MAX) or not _trimmed(service, _SERVICE_MAX):
        return None
    values: dict[str, Any] = {"person_id": person, "service": service}
    purpose = data.get("purpose")
    if not isinstance(purpose, str):
        return None
    try:
        values["purpose"] = parse_purpose(purpose)
    except ValueError:
        return None
    for name in _OPTIONAL_TEXT:
        if name in data:
            value = data[name]
            if value is None or (isinstance(value, str) and not value.strip()):
                values[name] = None
            elif _trimmed(value, TEXT_MAX):
                values[name] = value
            else:
                return None
    if "role" in data:
        role = data["role"]
        if role is not None and type(role) is not Role:
            return None
        values["role"] = role
    if "password" in data:
        values["password"] = None
    if "mfa" in data:
        mfa = data["mfa"]
        if mfa is None:
            values["mfa"] = False
        elif isinstance(mfa, str):
            flag = flag_value(mfa)
            if flag is None:
                return None
            values["mfa"] = flag
        else:
            return None
    for name in _IDENTITIES:
        if name in data:
            items = data[name]
            if type(items) is not tuple or len(items) > _IDENTITIES_MAX:
                return None
            if not all(_trimmed(item, TEXT_MAX) for item in items):
                return None
            values[name] = items
    return AccountRegistration.model_construct(**values)
