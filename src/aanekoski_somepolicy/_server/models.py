"""The service's request and response bodies, as the OpenAPI document shows them.

The responses mirror the library's JSON renderings (``decision_to_dict``, ``catalog_to_dict``,
...) field for field; the API tests check every response against these schemas.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from .._findings import Outcome, Severity
from .._i18n import Lang
from .._policy.catalog import ElementKind, Modality, SubjectType
from .._policy.roles import Role
from .._policy.scope import BindingReason
from .._subjects import PASSWORD_INPUT_MAX
from .settings import Mode

__all__ = [
    "DECISION_QUERY_PARAMETERS",
    "Catalog",
    "DecisionQuery",
    "DecisionResponse",
    "FeedbackRequest",
    "FeedbackResponse",
    "Health",
    "RuleModel",
    "ScopeResponse",
]

FactValue = str | int | float | bool | None | list[str]


class PolicyRef(BaseModel):
    """The policy a decision was made under."""

    id: str
    version: str


class SubjectRef(BaseModel):
    """What was evaluated."""

    type: SubjectType
    id: str


class FindingModel(BaseModel):
    """One element's outcome, worded in the requested language."""

    rule: str
    check: str
    outcome: Outcome
    severity: Severity
    code: str
    message: str
    remedy: str | None
    facts: dict[str, FactValue]


class DecisionResponse(BaseModel):
    """A decision, and what the service's mode makes of it."""

    mode: Mode = Field(description="enforce, or audit (allow, and say what would be rejected)")
    allowed: bool = Field(description="the answer to act on; always true in audit mode")
    policy_allowed: bool = Field(description="the policy's own decision")
    rejected_by: list[str] = Field(
        description="the failing checks that deny (in audit mode: that would have denied)"
    )
    policy: PolicyRef
    subject: SubjectRef
    summary: dict[str, int] = Field(description="findings per outcome")
    findings: list[FindingModel]
    questions: str = Field(description="whom to ask about the guideline")


_ON = "evaluation date (today by default)"
_LANG = "message language; the service's default when absent"


class DecisionQuery(BaseModel):
    """The query of ``POST /v1/decisions``, validated by the endpoint itself."""

    model_config = ConfigDict(extra="ignore")

    on: date | None = Field(default=None, description=_ON)
    lang: Lang | None = Field(default=None, description=_LANG)


def _query_parameter(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    # The shape FastAPI gives an optional `Query(description=...)` parameter.
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {
            "anyOf": [schema, {"type": "null"}],
            "description": description,
            "title": name.title(),
        },
        "description": description,
    }


DECISION_QUERY_PARAMETERS = [
    _query_parameter("on", {"type": "string", "format": "date"}, _ON),
    _query_parameter("lang", {"$ref": "#/components/schemas/Lang"}, _LANG),
]
"""The OpenAPI parameters of :class:`DecisionQuery`."""


class FeedbackRequest(BaseModel):
    """A password being chosen, and the context an attacker would try."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    password: SecretStr = Field(max_length=PASSWORD_INPUT_MAX)
    service: Annotated[str, Field(max_length=200)] | None = None
    first_name: Annotated[str, Field(max_length=1024)] | None = None
    last_name: Annotated[str, Field(max_length=1024)] | None = None
    username: Annotated[str, Field(max_length=1024)] | None = None
    email: Annotated[str, Field(max_length=1024)] | None = None
    mfa: bool = False


class FeedbackItemModel(BaseModel):
    """One reason or suggestion."""

    code: str
    message: str


class FeedbackResponse(BaseModel):
    """What a registration form shows as the user types; never the password."""

    acceptable: bool
    strength: str = Field(
        description="very-weak, weak, fair, strong or very-strong",
        pattern="^(very-weak|weak|fair|strong|very-strong)$",
    )
    score: int = Field(ge=0, le=4)
    min_length: int
    reasons: list[FeedbackItemModel]
    suggestions: list[FeedbackItemModel]
    lang: str


class ElementModel(BaseModel):
    """One element of a rule."""

    id: str
    kind: ElementKind
    modality: Modality
    subjects: list[SubjectType]
    summary: str
    reason: str | None
    remedy: str
    source: list[str]


class RuleModel(BaseModel):
    """A rule and its elements."""

    id: str
    title: str
    statement: str
    survives_service: bool
    source_heading: str
    rationale: list[str]
    elements: list[ElementModel]


class Approval(BaseModel):
    """One approval of the guideline."""

    body: str
    date: date
    reference: str | None


class Contact(BaseModel):
    """Whom to ask."""

    role: str
    title: str
    instructions: str


class ScopeModel(BaseModel):
    """Whom the guideline binds."""

    statement: str
    note: str
    bound_roles: list[Role]


class Catalog(BaseModel):
    """The whole guideline."""

    id: str
    version: str
    title: str
    organisation: str
    binding: bool
    approvals: list[Approval]
    contact: Contact
    scope: ScopeModel
    rules: list[RuleModel]


class RuleBindingModel(BaseModel):
    """Whether one rule binds, and why."""

    rule: str
    title: str
    bound: bool
    reason: BindingReason
    message: str


class ScopeResponse(BaseModel):
    """Which rules bind a person in a role on a date."""

    role: Role | None
    role_name: str | None
    on: date
    end: date | None
    bound_rules: list[str]
    rules: list[RuleBindingModel]


class Health(BaseModel):
    """Liveness or readiness."""

    status: str
    policy: PolicyRef | None = None
