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

from ._engine import Engine, parse_subject
from ._findings import Decision, Finding, Outcome, Severity
from ._i18n import Lang, LocalizedText
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
from ._policy.roles import Role, RoleVocabulary, parse_role
from ._policy.scope import BindingReason, RuleBinding, ScopeResult, resolve_scope
from ._subjects import (
    AccountRegistration,
    Advice,
    AdviceKind,
    Audience,
    Classification,
    DepictedPerson,
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
from .exceptions import (
    ConfigurationError,
    InputTooLargeError,
    InvalidSubjectError,
    PolicyError,
    Problem,
    SomePolicyError,
    UnknownRoleError,
)

__version__ = "0.1.0"

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
    "Element",
    "ElementKind",
    "Engine",
    "Finding",
    "IncorrectInfoResponse",
    "InputTooLargeError",
    "InvalidSubjectError",
    "Lang",
    "LocalizedText",
    "Modality",
    "Outcome",
    "PageRegistration",
    "Person",
    "PhotoPublication",
    "Policy",
    "PolicyError",
    "Problem",
    "Profile",
    "Publication",
    "Purpose",
    "ResponseAction",
    "Role",
    "RoleVocabulary",
    "Rule",
    "RuleBinding",
    "ScopeResult",
    "Severity",
    "SomePolicyError",
    "SubjectType",
    "UnknownRoleError",
    "WorkingHours",
    "WorkingTimeUse",
    "decision_to_dict",
    "default_policy",
    "load_policy",
    "parse_policy",
    "parse_role",
    "parse_subject",
    "render_decision_text",
    "resolve_scope",
]
