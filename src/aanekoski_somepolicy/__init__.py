"""The City of Äänekoski staff social-media guideline as typed, machine-checkable policy.

Load the guideline, ask whom it binds, and evaluate subjects with explained decisions::

    from aanekoski_somepolicy import AccountRegistration, Engine

    engine = Engine()
    decision = engine.evaluate(
        AccountRegistration(person_id="h123", service="Facebook", purpose="vapaa-aika",
                            email="matti@aanekoski.fi", password="...")
    )
    decision.allowed  # False: a city address in a leisure account (R9)
"""

import importlib as _importlib
import typing as _typing

from .exceptions import (
    ConfigurationError,
    InputTooLargeError,
    InvalidSubjectError,
    PolicyError,
    Problem,
    ScenarioError,
    SomePolicyError,
    UnknownRoleError,
    WaiverError,
)

if _typing.TYPE_CHECKING:
    from ._audit.hashes import HashAuditOptions, HashAuditReport, audit_password_hashes
    from ._engine import Engine, parse_subject
    from ._findings import Decision, Finding, Outcome, Severity
    from ._i18n import Lang, LocalizedText
    from ._integrations.types import LeisureEmail, PurposeInput, RoleInput, StrongPassword
    from ._messages.feedback import FeedbackItem, PasswordFeedback, Strength, password_feedback
    from ._messages.render import decision_to_dict, render_decision_text
    from ._passwords.breach import BreachCorpus
    from ._policy.catalog import (
        Element,
        ElementKind,
        Modality,
        Policy,
        Rule,
        SubjectType,
        default_policy,
        load_policy,
        parse_policy,
    )
    from ._policy.diff import PolicyDiff, diff_policies
    from ._policy.overlays import compose_policy
    from ._policy.roles import Role, RoleVocabulary, UnknownRolePolicy, parse_role
    from ._policy.scope import BindingReason, RuleBinding, ScopeResult, resolve_scope
    from ._subjects import (
        AccountRegistration,
        Advice,
        AdviceKind,
        Audience,
        Classification,
        DepictedPerson,
        DirectoryAccount,
        IncorrectInfoResponse,
        PageRegistration,
        Person,
        PhotoPublication,
        Profile,
        Publication,
        Purpose,
        ResponseAction,
        WorkingHours,
        WorkingTimeUse,
    )
    from ._waivers import Waivers, load_waivers

__version__ = "0.1.0"

# Names imported on first use, so that ``import aanekoski_somepolicy`` (and every command of
# ``somepolicy``) pays only for what it touches: the engine, pydantic models and word lists
# take a quarter of a second to import.
_LAZY = {
    "AccountRegistration": "._subjects",
    "Advice": "._subjects",
    "AdviceKind": "._subjects",
    "Audience": "._subjects",
    "BindingReason": "._policy.scope",
    "BreachCorpus": "._passwords.breach",
    "Classification": "._subjects",
    "Decision": "._findings",
    "DepictedPerson": "._subjects",
    "DirectoryAccount": "._subjects",
    "Element": "._policy.catalog",
    "ElementKind": "._policy.catalog",
    "Engine": "._engine",
    "FeedbackItem": "._messages.feedback",
    "HashAuditOptions": "._audit.hashes",
    "HashAuditReport": "._audit.hashes",
    "Finding": "._findings",
    "IncorrectInfoResponse": "._subjects",
    "Lang": "._i18n",
    "LeisureEmail": "._integrations.types",
    "LocalizedText": "._i18n",
    "Modality": "._policy.catalog",
    "Outcome": "._findings",
    "PageRegistration": "._subjects",
    "PasswordFeedback": "._messages.feedback",
    "Person": "._subjects",
    "PhotoPublication": "._subjects",
    "Policy": "._policy.catalog",
    "PolicyDiff": "._policy.diff",
    "Profile": "._subjects",
    "Publication": "._subjects",
    "Purpose": "._subjects",
    "PurposeInput": "._integrations.types",
    "ResponseAction": "._subjects",
    "Role": "._policy.roles",
    "RoleInput": "._integrations.types",
    "RoleVocabulary": "._policy.roles",
    "Rule": "._policy.catalog",
    "RuleBinding": "._policy.scope",
    "ScopeResult": "._policy.scope",
    "Severity": "._findings",
    "Strength": "._messages.feedback",
    "StrongPassword": "._integrations.types",
    "SubjectType": "._policy.catalog",
    "WorkingHours": "._subjects",
    "WorkingTimeUse": "._subjects",
    "Waivers": "._waivers",
    "UnknownRolePolicy": "._policy.roles",
    "compose_policy": "._policy.overlays",
    "load_waivers": "._waivers",
    "audit_password_hashes": "._audit.hashes",
    "decision_to_dict": "._messages.render",
    "diff_policies": "._policy.diff",
    "default_policy": "._policy.catalog",
    "load_policy": "._policy.catalog",
    "localize": "._i18n",
    "parse_policy": "._policy.catalog",
    "parse_role": "._policy.roles",
    "parse_subject": "._engine",
    "password_feedback": "._messages.feedback",
    "render_decision_text": "._messages.render",
    "resolve_scope": "._policy.scope",
}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "AccountRegistration",
    "Advice",
    "AdviceKind",
    "Audience",
    "BindingReason",
    "BreachCorpus",
    "Classification",
    "ConfigurationError",
    "Decision",
    "DepictedPerson",
    "DirectoryAccount",
    "Element",
    "ElementKind",
    "Engine",
    "FeedbackItem",
    "Finding",
    "HashAuditOptions",
    "HashAuditReport",
    "IncorrectInfoResponse",
    "InputTooLargeError",
    "InvalidSubjectError",
    "Lang",
    "LeisureEmail",
    "LocalizedText",
    "Modality",
    "Outcome",
    "PageRegistration",
    "PasswordFeedback",
    "Person",
    "PhotoPublication",
    "Policy",
    "PolicyDiff",
    "PolicyError",
    "Problem",
    "Profile",
    "Publication",
    "Purpose",
    "PurposeInput",
    "ResponseAction",
    "Role",
    "RoleInput",
    "RoleVocabulary",
    "Rule",
    "RuleBinding",
    "ScenarioError",
    "ScopeResult",
    "Severity",
    "SomePolicyError",
    "Strength",
    "StrongPassword",
    "SubjectType",
    "UnknownRoleError",
    "UnknownRolePolicy",
    "WaiverError",
    "Waivers",
    "WorkingHours",
    "WorkingTimeUse",
    "audit_password_hashes",
    "compose_policy",
    "decision_to_dict",
    "default_policy",
    "diff_policies",
    "load_policy",
    "load_waivers",
    "localize",
    "parse_policy",
    "parse_role",
    "parse_subject",
    "password_feedback",
    "render_decision_text",
    "resolve_scope",
]
