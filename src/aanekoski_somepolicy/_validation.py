"""Turning pydantic validation errors into the library's problem lists.

Input values are never copied into a problem: a rejected field may hold a password. Each
problem's message is a :class:`~._i18n.Message` (a code of the ``validation`` catalog and its
parameters), so that reports show it in their language; as text it reads in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ._i18n import Message, messages
from .exceptions import InputTooLargeError, InvalidSubjectError, Problem

__all__ = [
    "DuplicateKeyError",
    "json_kind",
    "location",
    "problems_from",
    "problems_from_details",
    "unique_keys",
    "validate_subject",
]

M = TypeVar("M", bound=BaseModel)

_QUOTED = re.compile(r"'[^']*'")

_TOO_LARGE = frozenset({"string_too_long", "too_long"})


_JSON_KINDS = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}


def json_kind(value: Any) -> Message:
    """Name the kind of a decoded JSON value for people (``taulukko``, ``lista``, ``array``)."""
    return Message("reader", f"kind-{_JSON_KINDS.get(type(value), 'number')}")


class DuplicateKeyError(ValueError):
    """A JSON object names one key twice.

    Args:
        key: The key, cut to 60 characters.
    """

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key[:60]


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads` that refuses a key named twice.

    Parsers disagree on which of two equal keys wins (first, last, an error), so a body that
    a gateway read one way could be judged another way here.

    Raises:
        DuplicateKeyError: A key appears twice in one object.
    """
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def location(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as ``rules[2].elements[0].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# pydantic's error types, each with the catalog code that says it for people.
_CODES = {
    "extra_forbidden": "unknown-field",
    "unexpected_keyword_argument": "unknown-field",
    "missing": "missing",
    "missing_argument": "missing",
    "string_type": "expected-text",
    "list_type": "expected-list",
    "model_type": "expected-object",
    "dict_type": "expected-object",
    "date_parsing": "invalid-date",
    "date_from_datetime_parsing": "invalid-date",
    "date_from_datetime_inexact": "invalid-date",
    "date_type": "invalid-date",
    "datetime_parsing": "invalid-datetime",
    "datetime_from_date_parsing": "invalid-datetime",
    "datetime_type": "invalid-datetime",
    "time_parsing": "invalid-time",
    "time_type": "invalid-time",
    "int_parsing": "invalid-number",
    "int_type": "invalid-number",
    "int_from_float": "invalid-number",
    "greater_than": "number-range",
    "greater_than_equal": "number-range",
    "less_than": "number-range",
    "less_than_equal": "number-range",
    "bool_parsing": "invalid-flag",
    "bool_type": "invalid-flag",
}


def _message(detail: Mapping[str, Any]) -> str:
    kind = detail["type"]
    context = detail.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, Exception) and cause.args and isinstance(cause.args[0], Message):
        return cause.args[0]
    if isinstance(context.get("message"), Message):  # the public types' errors (types.py)
        said: Message = context["message"]
        return said
    if kind == "value_error":
        # A ValueError of a validator that is not a catalog message (third-party code).
        return str(detail["msg"]).removeprefix("Value error, ")
    if kind in ("string_too_long", "too_long"):
        limit = context.get("max_length", context.get("limit"))
        if detail["loc"] and detail["loc"][-1] == "password":
            return Message("validation", "password-too-long", limit=limit)
        code = "too-long" if kind == "string_too_long" else "too-many"
        return Message("validation", code, limit=limit)
    if kind in ("literal_error", "enum"):
        # pydantic words the choices in English ("'fi', 'en' or 'sv'"): keep only the values.
        expected = str(context.get("expected", ""))
        values = _QUOTED.findall(expected)
        return Message("validation", "invalid-choice", accepted=", ".join(values) or expected)
    if kind == "model_type":
        return Message("validation", "expected-object", kind="-")
    return Message("validation", _CODES.get(kind, "invalid-value"))


def problems_from(error: ValidationError) -> list[Problem]:
    """Return one problem per validation error, each with its field path."""
    return problems_from_details(
        error.errors(include_url=False, include_input=False, include_context=True)
    )


def problems_from_details(details: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """Return one problem per pydantic error detail (as FastAPI's request errors hold them).

    Only the location, the error type and its context are read, never the input.
    """
    return [Problem(location(tuple(detail["loc"])), _message(detail)) for detail in details]


def validate_subject(
    model: type[M], data: Any, *, what: str, context: Mapping[str, Any] | None = None
) -> M:
    """Validate ``data`` into ``model``, raising the library's error with every problem.

    Args:
        model: The subject model.
        data: A mapping (parsed JSON, a CSV row) or an instance of ``model``.
        what: What the subject is called in the error's summary.
        context: Validation context for the fields (``roles``: the role vocabulary).

    Raises:
        InputTooLargeError: A field exceeds its size bound (with every other problem).
        InvalidSubjectError: Any other problem.
    """
    # A plain dict (an audit's row, a million times over) needs neither check nor copy.
    if type(data) is not dict:
        if isinstance(data, model):
            return data
        if not isinstance(data, Mapping):
            raise InvalidSubjectError(
                Message("validation", "invalid-subject", what=_named(what)),
                [Problem("", Message("validation", "expected-object", kind=type(data).__name__))],
            )
        data = dict(data)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        problems = problems_from(error)
        kinds = {detail["type"] for detail in error.errors(include_url=False, include_input=False)}
        cls = InputTooLargeError if kinds & _TOO_LARGE else InvalidSubjectError
        raise cls(Message("validation", "invalid-subject", what=_named(what)), problems) from None


def _named(what: str) -> str:
    """What the subject is called: a catalog name in every language, else ``what``."""
    return Message("subjects", what) if what in messages("subjects") else what
