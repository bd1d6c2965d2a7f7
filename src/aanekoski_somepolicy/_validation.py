"""Turning pydantic validation errors into the library's problem lists.

Input values are never copied into a problem: a rejected field may hold a password.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .exceptions import InputTooLargeError, InvalidSubjectError, Problem

__all__ = ["location", "problems_from", "validate_subject"]

M = TypeVar("M", bound=BaseModel)

_TOO_LARGE = frozenset({"string_too_long", "too_long"})


def location(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as ``rules[2].elements[0].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def problems_from(error: ValidationError) -> list[Problem]:
    """Return one problem per validation error, each with its field path."""
    problems: list[Problem] = []
    for detail in error.errors(include_url=False, include_input=False, include_context=True):
        kind = detail["type"]
        message = detail["msg"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            message = "unknown field"
        elif kind == "missing":
            message = "required field is missing"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(Problem(location(detail["loc"]), message))
    return problems


def validate_subject(model: type[M], data: Any, *, what: str) -> M:
    """Validate ``data`` into ``model``, raising the library's error with every problem.

    Args:
        model: The subject model.
        data: A mapping (parsed JSON, a CSV row) or an instance of ``model``.
        what: What the subject is called in the error's summary.

    Raises:
        InputTooLargeError: A field exceeds its size bound (with every other problem).
        InvalidSubjectError: Any other problem.
    """
    if isinstance(data, model):
        return data
    if not isinstance(data, Mapping):
        raise InvalidSubjectError(
            f"invalid {what}", [Problem("", f"expected an object, got {type(data).__name__}")]
        )
    try:
        return model.model_validate(dict(data))
    except ValidationError as error:
        problems = problems_from(error)
        kinds = {detail["type"] for detail in error.errors(include_url=False, include_input=False)}
        cls = InputTooLargeError if kinds & _TOO_LARGE else InvalidSubjectError
        raise cls(f"invalid {what}", problems) from None
