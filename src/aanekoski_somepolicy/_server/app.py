"""The FastAPI application: ``create_app(settings)`` builds one service.

Stateless: each worker process builds its own engine from the same settings, so any number of
workers and replicas can stand behind a load balancer.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRouter
from pydantic import ValidationError
from pydantic_core import to_json

from .._engine import Engine, parse_subject
from .._findings import Outcome, Severity
from .._i18n import Lang, Message
from .._messages.feedback import password_feedback
from .._messages.render import catalog_to_dict, decision_to_dict, rule_to_dict, scope_to_dict
from .._policy.catalog import SubjectType
from .._policy.lookup import find_rule
from .._policy.overlays import compose_policy
from .._policy.roles import parse_role
from .._policy.scope import resolve_scope
from .._subjects import AccountRegistration, Purpose
from .._subjects.schema import subject_json_schema
from .._validation import DuplicateKeyError, json_kind, unique_keys
from .._waivers import load_waivers
from .decision_log import DecisionLog
from .language import LANGUAGE_HEADERS, negotiate
from .limits import BodyLimit
from .models import (
    Catalog,
    DecisionResponse,
    FeedbackRequest,
    FeedbackResponse,
    Health,
    PolicyRef,
    RuleModel,
    ScopeResponse,
)
from .problems import PROBLEM_RESPONSES, install_problem_handlers, problem_response
from .settings import Mode, ServerSettings

__all__ = ["Service", "create_app", "create_app_from_env", "get_engine", "get_service"]


@dataclass
class Service:
    """What one service process holds: its settings, engine and decision log."""

    settings: ServerSettings
    engine: Engine
    log: DecisionLog
    ready: bool = False

    def warm(self) -> None:
        """Load the word lists now, so that the first request is as fast as any other."""
        self.engine.evaluate(
            AccountRegistration(
                person_id="warm-up",
                service="warm-up",
                purpose=Purpose.LEISURE,
                password="kuusi pientä hevosta",  # type: ignore[arg-type]
            )
        )
        self.ready = True


# Dependencies are coroutines: FastAPI would run plain functions in a thread pool, a thread
# hand-off per request for a dictionary lookup.
async def get_service(request: Request) -> Service:
    """The service of the application handling ``request`` (a FastAPI dependency)."""
    service: Service = request.app.state.service
    return service


async def get_engine(request: Request) -> Engine:
    """The engine (a FastAPI dependency; tests may override it)."""
    # Read directly rather than through `get_service`: one dependency less to resolve on
    # every decision.
    engine: Engine = request.app.state.service.engine
    return engine


ServiceDep = Annotated[Service, Depends(get_service)]
EngineDep = Annotated[Engine, Depends(get_engine)]
LangQuery = Annotated[
    Lang | None, Query(description="message language; the service's default when absent")
]

router = APIRouter()

_SUBJECT_COMPONENT = {
    t: "".join(p.title() for p in t.value.split("-")) + "Subject" for t in SubjectType
}


class _BadBody(Exception):
    def __init__(self, status: int, kind: str, detail: Message) -> None:
        super().__init__(detail)
        self.status, self.kind, self.detail = status, kind, detail


async def _json_object(request: Request) -> dict[str, Any]:
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise _BadBody(415, "unsupported-media-type", Message("problems", "send-json"))
    raw = await request.body()  # bounded by the BodyLimit middleware
    try:
        data = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=unique_keys)
    except UnicodeDecodeError:
        raise _BadBody(400, "invalid-json", Message("problems", "not-utf8")) from None
    except json.JSONDecodeError as error:
        raise _BadBody(
            400,
            "invalid-json",
            Message("problems", "invalid-json-at", line=error.lineno, column=error.colno),
        ) from None
    except RecursionError:
        raise _BadBody(400, "invalid-json", Message("problems", "too-deep")) from None
    except DuplicateKeyError as error:
        detail = Message("problems", "duplicate-key", key=repr(error.key))
        raise _BadBody(400, "invalid-json", detail) from None
    except ValueError:  # an integer of more digits than Python converts
        raise _BadBody(400, "invalid-json", Message("problems", "number-too-long")) from None
    if not isinstance(data, dict):
        raise _BadBody(400, "invalid-json", Message("problems", "one-object", kind=json_kind(data)))
    return data


async def chosen_lang(
    request: Request, response: Response, service: ServiceDep, lang: LangQuery = None
) -> Lang:
    """The answer's language: ``?lang=``, else ``Accept-Language``, else the default.

    The answer says which (``Content-Language``); endpoints that build their own response
    set the same headers on it.
    """
    chosen = negotiate(lang, request.headers.get("accept-language"), service.settings.lang)
    response.headers.update({"content-language": chosen.value, **LANGUAGE_HEADERS})
    return chosen


ChosenLang = Annotated[Lang, Depends(chosen_lang)]


@router.post(
    "/v1/decisions",
    response_model=DecisionResponse,
    responses=PROBLEM_RESPONSES,
    tags=["decisions"],
    summary="Evaluate one subject",
    description=(
        "The same JSON as `somepolicy check`: a subject of any type, selected by its `type` "
        "(account-registration by default). In audit mode the answer allows and `rejected_by` "
        "says what would have been rejected."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"$ref": f"#/components/schemas/{name}"}
                            for name in _SUBJECT_COMPONENT.values()
                        ]
                    }
                }
            },
        },
    },
)
async def evaluate(
    request: Request,
    engine: EngineDep,
    on: Annotated[date | None, Query(description="evaluation date (today by default)")] = None,
    query_lang: Annotated[LangQuery, Query(alias="lang")] = None,
) -> Response:
    """Evaluate one subject and return the decision."""
    # CPU work of about a millisecond, bounded by the input limits: run it on the event loop
    # rather than pay a thread hand-off per request; workers give parallelism.
    started = time.perf_counter()
    # The hot endpoint negotiates its language inline rather than through `chosen_lang`:
    # that dependency fills a response whose headers FastAPI drops when the endpoint
    # returns its own, and each dependency costs a resolution per request.
    service: Service = request.app.state.service
    lang = negotiate(query_lang, request.headers.get("accept-language"), service.settings.lang)
    try:
        data = await _json_object(request)
    except _BadBody as bad:
        return problem_response(bad.status, bad.kind, bad.detail, lang=lang)
    subject = parse_subject(data, roles=engine.roles, unknown_role=service.settings.unknown_role)
    decision = engine.evaluate(subject, on=on)
    body = decision_to_dict(decision, lang, engine.policy)
    rejected_by = [
        f.check
        for f in decision.findings
        if f.outcome is Outcome.FAIL and f.severity is Severity.VIOLATION
    ]
    mode = service.settings.mode
    response = {
        "mode": mode.value,
        "allowed": True if mode is Mode.AUDIT else decision.allowed,
        "policy_allowed": decision.allowed,
        "rejected_by": rejected_by,
        **{key: value for key, value in body.items() if key != "allowed"},
    }
    service.log.write(
        decision,
        mode=mode,
        latency_s=time.perf_counter() - started,
        username=getattr(subject, "username", None),
    )
    # Encoded once, by pydantic-core (a third of `json.dumps`'s time on this body), and sent
    # as it is: FastAPI neither validates it against `DecisionResponse` again nor re-encodes.
    return Response(
        to_json(response),
        media_type="application/json",
        headers={"content-language": lang.value, **LANGUAGE_HEADERS},
    )


@router.post(
    "/v1/password-feedback",
    response_model=FeedbackResponse,
    responses=PROBLEM_RESPONSES,
    tags=["passwords"],
    summary="Feedback on a password being chosen",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/FeedbackRequest"}}
            },
        }
    },
)
async def feedback(
    request: Request, service: ServiceDep, engine: EngineDep, lang: ChosenLang
) -> Any:
    """The verdict, a strength level, every reason and suggestions; never the password."""
    # The body is read as /v1/decisions reads it, so a bad body is the same problem (415,
    # 400) at both endpoints; FastAPI's own body parsing answered 422 or a bare 400.
    try:
        data = await _json_object(request)
    except _BadBody as bad:
        return problem_response(bad.status, bad.kind, bad.detail, lang=lang)
    try:
        body = FeedbackRequest.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False, include_input=False)
        raise RequestValidationError(
            [{**detail, "loc": ("body", *detail["loc"])} for detail in details]
        ) from None
    result = password_feedback(
        body.password.get_secret_value(),
        service=body.service,
        first_name=body.first_name,
        last_name=body.last_name,
        username=body.username,
        email=body.email,
        mfa=body.mfa,
        lang=lang,
        policy=engine.policy,
        breach_corpus=engine.breach_corpus,
    )
    return result.to_dict()


@router.get(
    "/v1/rules",
    response_model=Catalog,
    responses=PROBLEM_RESPONSES,
    tags=["catalog"],
    summary="The rule catalog",
)
async def rules(service: ServiceDep, engine: EngineDep, lang: ChosenLang) -> dict[str, Any]:
    """The whole guideline: metadata, scope, rules and their elements."""
    return catalog_to_dict(engine.policy, lang)


@router.get(
    "/v1/rules/{rule_id}",
    response_model=RuleModel,
    responses={**PROBLEM_RESPONSES, 404: PROBLEM_RESPONSES[422] | {"description": "No such rule"}},
    tags=["catalog"],
    summary="One rule (R9) or element (R9.password-min-length)",
)
async def rule(
    rule_id: Annotated[str, Path(max_length=100)],
    service: ServiceDep,
    engine: EngineDep,
    lang: ChosenLang,
) -> Any:
    """One rule, or one element within its rule."""
    try:
        found = find_rule(engine.policy, rule_id)
    except KeyError as error:
        return problem_response(404, "not-found", error.args[0], lang=lang)
    return rule_to_dict(found, lang)


@router.get(
    "/v1/scope",
    response_model=ScopeResponse,
    responses=PROBLEM_RESPONSES,
    tags=["catalog"],
    summary="Which rules bind a person in a role on a date",
)
async def scope(
    service: ServiceDep,
    engine: EngineDep,
    lang: ChosenLang,
    role: Annotated[
        str, Query(max_length=200, description="a role in any spelling, e.g. viranhaltija")
    ],
    on: Annotated[date | None, Query(description="the date to answer for (today)")] = None,
    started: Annotated[date | None, Query(description="first day of service")] = None,
    ended: Annotated[date | None, Query(description="last day of service")] = None,
) -> Any:
    """Scope for a role and service dates."""
    parsed = parse_role(role)
    if started and ended and ended < started:
        return problem_response(
            422,
            "invalid-request",
            Message("problems", "ended-before-started"),
            [("/ended", Message("problems", "is-before-started"))],
            lang=lang,
        )
    result = resolve_scope(engine.policy, parsed, on=on or date.today(), start=started, end=ended)
    return scope_to_dict(result, engine.policy, lang)


@router.get(
    "/v1/schemas/{subject_type}",
    response_model=dict[str, Any],
    responses=PROBLEM_RESPONSES,
    tags=["catalog"],
    summary="The JSON Schema of a subject type",
)
async def schema(subject_type: SubjectType) -> dict[str, Any]:
    """What `/v1/decisions` accepts for one subject type (JSON Schema 2020-12)."""
    return subject_json_schema(subject_type)


@router.get(
    "/healthz",
    response_model=Health,
    responses=PROBLEM_RESPONSES,
    tags=["operations"],
    summary="Liveness",
)
async def health() -> dict[str, Any]:
    """The process answers."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=Health,
    responses={**PROBLEM_RESPONSES, 503: PROBLEM_RESPONSES[422] | {"description": "Not ready"}},
    tags=["operations"],
    summary="Readiness",
)
async def ready(service: ServiceDep, engine: EngineDep, lang: ChosenLang) -> Any:
    """Ready once the policy is loaded and the word lists are warm."""
    if not service.ready:
        return problem_response(503, "not-ready", Message("problems", "loading"), lang=lang)
    meta = engine.policy.metadata
    return Health(status="ready", policy=PolicyRef(id=meta.id, version=meta.version))


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = document.setdefault("components", {}).setdefault("schemas", {})
        components["FeedbackRequest"] = FeedbackRequest.model_json_schema()
        for subject_type, name in _SUBJECT_COMPONENT.items():
            # The subject schemas' $defs become shared components.
            text = json.dumps(subject_json_schema(subject_type)).replace(
                '"#/$defs/', '"#/components/schemas/'
            )
            subject = json.loads(text)
            subject.pop("$schema", None)
            subject.pop("$id", None)
            components.update(subject.pop("$defs", {}))
            components[name] = subject
        app.openapi_schema = document
    return app.openapi_schema


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """Build the service.

    Args:
        settings: The configuration; by default read from ``SOMEPOLICY_*`` variables.

    Raises:
        PolicyError: The policy file or an overlay is unusable.
        ConfigurationError: The breach corpus or the decision log file is unusable.
        WaiverError: The waiver file is malformed or holds an expired waiver.
    """
    settings = settings if settings is not None else ServerSettings()
    # Overlays and waivers (docs/policy-change.md): refused at start, every problem listed.
    policy = compose_policy(settings.policy, settings.overlay_paths())
    waivers = (
        load_waivers(settings.waivers, policy=policy, on=date.today()) if settings.waivers else None
    )
    service = Service(
        settings=settings,
        engine=Engine(policy, breach_corpus=settings.breach_corpus, waivers=waivers),
        log=DecisionLog(
            salt=settings.log_salt.get_secret_value() if settings.log_salt else None,
            masking=settings.log_identities,
            path=settings.decision_log,
        ),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.warm()
        yield
        service.log.close()

    app = FastAPI(
        title="aanekoski-somepolicy",
        version=metadata.version("aanekoski-somepolicy"),
        description=(
            "The City of Äänekoski staff social-media guideline as a service: decisions on "
            "subjects, password feedback, the rule catalog and scope. Errors are RFC 9457 "
            "problem details."
        ),
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.default_lang = settings.lang
    app.add_middleware(BodyLimit, limit=settings.body_limit, default_lang=settings.lang)
    install_problem_handlers(app)
    app.include_router(router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def create_app_from_env() -> FastAPI:
    """Build the service from ``SOMEPOLICY_*`` variables (the factory each worker calls)."""
    return create_app(ServerSettings())
