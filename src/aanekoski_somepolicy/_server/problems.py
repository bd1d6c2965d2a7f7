"""RFC 9457 problem details: every error the service returns, with every field problem.

No problem ever carries an input value: a rejected field may hold a password. Titles,
details and field problems are catalog messages (``data/messages.toml``, section
``problems``), rendered in the language the request asked for (``?lang=``, else
``Accept-Language``, else the service's default), which ``Content-Language`` names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from .._i18n import Lang, Message, localize
from .._validation import problems_from_details
from ..exceptions import InputTooLargeError, SomePolicyError
from .language import LANGUAGE_HEADERS, negotiate

__all__ = [
    "PROBLEM_TYPE_BASE",
    "ProblemDetails",
    "install_problem_handlers",
    "problem_response",
    "request_lang",
]

PROBLEM_TYPE_BASE = "https://aanekoski-somepolicy.invalid/problems/"
MEDIA_TYPE = "application/problem+json"


class FieldProblem(BaseModel):
    """One problem with one field of the request."""

    pointer: str = Field(description="JSON Pointer to the field, e.g. /work_usernames/2")
    detail: str = Field(description="what is wrong; never the value")


class ProblemDetails(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = Field(default_factory=list)


def _pointer(path: str | Sequence[int | str]) -> str:
    if isinstance(path, str):
        parts = [part for part in path.replace("[", ".").replace("]", "").split(".") if part]
    else:
        parts = [str(part) for part in path]
    if not parts:
        return ""  # the whole document
    return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def problem_response(
    status: int,
    kind: str,
    detail: str,
    errors: Iterable[tuple[str, str]] = (),
    *,
    lang: Lang = Lang.EN,
) -> JSONResponse:
    """Return a problem+json response in ``lang``.

    Args:
        status: The HTTP status.
        kind: The problem type's last segment; its title is ``problems.title-<kind>``.
        detail: What went wrong (a :class:`~.._i18n.Message`, rendered in ``lang``).
        errors: (pointer, detail) pairs, one per field problem.
        lang: The language of the title, the detail and the field problems.
    """
    body = ProblemDetails(
        type=PROBLEM_TYPE_BASE + kind,
        title=Message("problems", f"title-{kind}").get(lang),
        status=status,
        detail=localize(detail, lang),
        errors=[FieldProblem(pointer=p, detail=localize(d, lang)) for p, d in errors],
    )
    return JSONResponse(
        body.model_dump(),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers={"content-language": lang.value, **LANGUAGE_HEADERS},
    )


def request_lang(request: Request) -> Lang:
    """The language ``request`` asked for: ``?lang=``, else ``Accept-Language``, else default."""
    default = getattr(request.app.state, "default_lang", Lang.FI)
    return negotiate(
        request.query_params.get("lang"), request.headers.get("accept-language"), default
    )


def invalid_input(error: SomePolicyError, lang: Lang) -> JSONResponse:
    """Turn the library's error (with every problem) into 422 problem details."""
    too_large = isinstance(error, InputTooLargeError)
    return problem_response(
        422,
        "input-too-large" if too_large else "invalid-subject",
        error.summary,
        [(_pointer(p.location), p.message) for p in error.problems],
        lang=lang,
    )


async def _on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    # Never the input: only where and what.
    problems = problems_from_details(error.errors())
    return problem_response(
        422,
        "invalid-request",
        Message("problems", "request-problems", count=len(problems)),
        [(_pointer(p.location), p.message) for p in problems],
        lang=request_lang(request),
    )


async def _on_policy_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, SomePolicyError)
    return invalid_input(error, request_lang(request))


_HTTP_KINDS = {
    404: "not-found",
    405: "method-not-allowed",
    415: "unsupported-media-type",
}


async def _on_http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    kind = _HTTP_KINDS.get(error.status_code, "http-error")
    # Starlette words its details in English ("Not Found"); say it from the catalog.
    response = problem_response(
        error.status_code,
        kind,
        Message("problems", f"detail-{kind}"),
        lang=request_lang(request),
    )
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    # The message of an unexpected error could quote input; say nothing about it.
    return problem_response(
        500, "internal", Message("problems", "detail-internal"), lang=request_lang(request)
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error response of ``app`` RFC 9457 problem details."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(SomePolicyError, _on_policy_error)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": description,
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
    }
    for status, description in (
        (400, "The body is not one JSON object"),
        (413, "The body is larger than the limit"),
        (415, "The body is not JSON"),
        (422, "The input is invalid; every problem is listed"),
    )
}
