"""RFC 9457 problem details: every error the service returns, with every field problem.

No problem ever carries an input value: a rejected field may hold a password.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from .._validation import location
from ..exceptions import InputTooLargeError, Problem, SomePolicyError

__all__ = ["PROBLEM_TYPE_BASE", "ProblemDetails", "install_problem_handlers", "problem_response"]

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
    title: str,
    detail: str,
    errors: Iterable[tuple[str, str]] = (),
) -> JSONResponse:
    """Return a problem+json response; ``errors`` are (pointer, detail) pairs."""
    body = ProblemDetails(
        type=PROBLEM_TYPE_BASE + kind,
        title=title,
        status=status,
        detail=detail,
        errors=[FieldProblem(pointer=p, detail=d) for p, d in errors],
    )
    return JSONResponse(body.model_dump(), status_code=status, media_type=MEDIA_TYPE)


def invalid_input(error: SomePolicyError) -> JSONResponse:
    """Turn the library's error (with every problem) into 422 problem details."""
    too_large = isinstance(error, InputTooLargeError)
    return problem_response(
        422,
        "input-too-large" if too_large else "invalid-subject",
        "Input too large" if too_large else "Invalid subject",
        error.summary,
        [(_pointer(p.location), p.message) for p in error.problems],
    )


def _request_problems(error: RequestValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors():
        # Never the input: only where and what.
        loc = tuple(detail.get("loc", ()))
        problems.append(Problem(location(loc), str(detail.get("msg", "invalid"))))
    return problems


async def _on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = _request_problems(error)
    return problem_response(
        422,
        "invalid-request",
        "Invalid request",
        f"{len(problems)} problem(s) in the request",
        [(_pointer(p.location), p.message) for p in problems],
    )


async def _on_policy_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, SomePolicyError)
    return invalid_input(error)


async def _on_http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    detail = error.detail if isinstance(error.detail, str) else "request failed"
    titles = {404: "Not found", 405: "Method not allowed", 415: "Unsupported media type"}
    response = problem_response(
        error.status_code,
        {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "http-error"),
        titles.get(error.status_code, "Request failed"),
        detail,
    )
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    # The message of an unexpected error could quote input; say nothing about it.
    return problem_response(500, "internal", "Internal error", "The request could not be handled.")


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
