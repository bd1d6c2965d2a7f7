"""The policy document as typed objects, and loading it from TOML.

The guideline's text lives in ``data/policy.toml``; this module defines its shape
(metadata, approvals, scope, parameters, rules, elements) and validates a document into it,
reporting every problem with its path in the file.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .._i18n import LocalizedText, Message, os_reason
from .._tomlfile import TomlSyntaxError, parse_toml
from .._validation import problems_from
from ..exceptions import PolicyError, Problem
from .roles import Role
from .wordfiles import resolve_word_files

__all__ = [
    "PASSWORD_THRESHOLDS",
    "AccountParameters",
    "Approval",
    "Contact",
    "Element",
    "ElementKind",
    "Metadata",
    "Modality",
    "Parameters",
    "PasswordHashParameters",
    "PasswordParameters",
    "Policy",
    "Rule",
    "Scope",
    "SubjectType",
    "default_policy",
    "load_policy",
    "parse_policy",
    "read_policy_document",
]

POLICY_FILE_MAX_BYTES = 16 * 1024 * 1024
"""The largest policy or overlay file read (the shipped guideline is under 100 kB)."""

_ELEMENT_ID = re.compile(r"^R(?:10|[1-9])\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_RULE_ID = re.compile(r"^R(?:10|[1-9])$")


class Modality(StrEnum):
    """How strongly an element binds: the guideline's own wording decides it."""

    MUST = "must"
    MUST_NOT = "must-not"
    SHOULD = "should"
    GUIDANCE = "guidance"


class ElementKind(StrEnum):
    """Whether a machine can judge an element."""

    CHECK = "check"
    MANUAL_REVIEW = "manual-review"


class SubjectType(StrEnum):
    """The kinds of record the engine evaluates."""

    PERSON = "person"
    ACCOUNT_REGISTRATION = "account-registration"
    PUBLICATION = "publication"
    ADVICE = "advice"
    PHOTO = "photo"
    PROFILE = "profile"
    WORKING_TIME_USE = "working-time-use"
    INCORRECT_INFO_RESPONSE = "incorrect-info-response"
    PAGE = "page"
    DIRECTORY_ACCOUNT = "directory-account"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Approval(_Model):
    """One approval of the guideline (body, date, optional reference)."""

    body: LocalizedText
    date: date
    reference: str | None = None
    quote: str = Field(min_length=1)


class Contact(_Model):
    """Who answers questions about the guideline."""

    role: str = Field(min_length=1)
    title: LocalizedText
    heading: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    instructions: LocalizedText


class Metadata(_Model):
    """What the guideline is, who approved it and whom to ask."""

    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    source: str = Field(min_length=1)
    binding: bool
    adopted: date
    quotes: list[str] = Field(min_length=1)
    organisation: LocalizedText
    title: LocalizedText
    purpose_quote: str = Field(min_length=1)
    purpose: LocalizedText
    approvals: list[Approval] = Field(min_length=1)
    contact: Contact


class Scope(_Model):
    """Whom the guideline binds."""

    quote: str = Field(min_length=1)
    statement: LocalizedText
    note: LocalizedText
    bound_roles: list[Role] = Field(min_length=1)
    role_aliases: dict[str, Role] = Field(default_factory=dict)


class AccountParameters(_Model):
    """Parameters of rule 9's account checks."""

    rule: Literal["R9"]
    city_mail_domains: list[str] = Field(min_length=1)
    email_max_length: int = Field(gt=0, le=4096)
    username_max_length: int = Field(gt=0, le=4096)


class PasswordParameters(_Model):
    """Parameters of rule 9's strong-password checks (defaults follow NIST SP 800-63B rev 4)."""

    rule: Literal["R9"]
    min_length: int = Field(gt=0)
    min_length_with_mfa: int = Field(gt=0)
    max_length: int = Field(ge=64, le=65536)
    min_zxcvbn_score: int = Field(ge=0, le=4)
    scoring_window: int = Field(ge=16, le=128)
    context_min_points: int = Field(ge=1)
    fuzzy_min_term_length: int = Field(ge=3)
    person_token_min_length: int = Field(ge=3)
    global_blocklist_size: int = Field(ge=0)
    places: list[str]
    seasons: list[str]
    months: list[str]
    weekdays: list[str]
    common_words: list[str]
    blocklist_files: list[str]
    # Words no password may contain anywhere, not even inside a longer one.
    banned_terms: list[str] = []
    dictionary_files: list[str]
    word_form_files: list[str] = []
    name_files: list[str] = []
    rule_attack_min_guesses_log10: float = Field(default=0.0, ge=0)
    breach_corpus_max_line: int = Field(ge=48)

    @model_validator(mode="after")
    def _lengths_consistent(self) -> PasswordParameters:
        if self.min_length_with_mfa > self.min_length:
            raise ValueError(Message("policy", "mfa-length"))
        if self.min_length > self.max_length:
            raise ValueError(Message("policy", "max-length"))
        return self


PASSWORD_THRESHOLDS = frozenset(
    {
        "min_length",
        "min_length_with_mfa",
        "min_zxcvbn_score",
        "context_min_points",
        "rule_attack_min_guesses_log10",
    }
)
"""Password parameters that a verdict is only compared against: changing them changes no
word list, index or estimate (a replay re-thresholds a verdict instead of recomputing it)."""


class PasswordHashParameters(_Model):
    """Parameters of rule 9's audit of directory password hashes (docs/hash-audit.md).

    A candidate is a word of a list (at its rank), in one case and l33t form, with one affix;
    it is hashed when rank x form x affix guesses (the rule-engine model of
    ``_passwords/attack.py``) stay within the budget.
    """

    rule: Literal["R9"] = "R9"
    word_files: list[str] = ["fi_common_words.txt", "fi_word_forms.txt"]
    first_name_files: list[str] = ["fi_first_names.txt"]
    last_name_files: list[str] = ["fi_last_names.txt"]
    global_guess_budget: float = Field(default=3.0e4, gt=0)
    global_max_candidates: int = Field(default=5_000_000, ge=0, le=50_000_000)
    context_guess_budget: float = Field(default=1.0e4, gt=0)
    symbols: str = Field(default="!?.#@$%&*-_+", min_length=1, max_length=32)
    symbols_after_digits: int = Field(default=4, ge=0, le=32)
    free_digits: int = Field(default=3, ge=0, le=4)
    years_from: int = Field(default=1940, ge=1900, le=2099)
    years_to: int = Field(default=2030, ge=1900, le=2099)
    fingerprint_hex: int = Field(default=8, ge=0, le=16)
    max_accounts: int = Field(default=1_000_000, ge=1)


class WorkingTimeParameters(_Model):
    """Parameters of rule 7: the time zone the city's working hours are kept in."""

    rule: Literal["R7"] = "R7"
    time_zone: str = "Europe/Helsinki"

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(Message("policy", "time-zone", value=repr(value[:60]))) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The time zone (ZoneInfo keeps one instance per name)."""
        return ZoneInfo(self.time_zone)


class IdentityParameters(_Model):
    """How identifiers from the HR system compare (supervisor ids, responsible persons)."""

    case_sensitive: bool = False


class Parameters(_Model):
    """Rule parameters, kept in the policy data so that a policy change needs no code."""

    accounts: AccountParameters
    password: PasswordParameters
    working_time: WorkingTimeParameters = WorkingTimeParameters()
    password_hashes: PasswordHashParameters = PasswordHashParameters()
    identities: IdentityParameters = IdentityParameters()


class Element(_Model):
    """One normative piece of a rule: a machine check or an explicit manual review.

    Attributes:
        id: Stable id ``R<n>.<kebab-name>`` used by reports, tests and docs.
        kind: ``check`` (a machine predicate exists) or ``manual-review``.
        modality: must / must-not / should / guidance.
        subjects: Subject types the element is evaluated for.
        quotes: The source sentences the element enforces, verbatim.
        summary: What the element requires.
        reason: Why a machine cannot judge it (manual-review elements only).
        remedy: What to do instead.
        remedies: What to do instead for particular message codes (an invalid address is
            corrected, not replaced), overriding ``remedy``.
        messages: Message templates by outcome code. Checks need ``pass`` and ``fail``; a
            manual-review element with a trigger has messages for when it is not raised.
    """

    id: str
    kind: ElementKind
    modality: Modality
    subjects: list[SubjectType] = Field(default_factory=list)
    quotes: list[str] = Field(min_length=1)
    summary: LocalizedText
    reason: LocalizedText | None = None
    remedy: LocalizedText
    remedies: dict[str, LocalizedText] = Field(default_factory=dict)
    messages: dict[str, LocalizedText] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not _ELEMENT_ID.match(value):
            raise ValueError(Message("policy", "element-id", value=repr(value[:60])))
        return value

    @model_validator(mode="after")
    def _kind_fields(self) -> Element:
        if self.kind is ElementKind.MANUAL_REVIEW:
            if self.reason is None:
                raise ValueError(Message("policy", "needs-reason"))
        else:
            if self.reason is not None:
                raise ValueError(Message("policy", "no-reason"))
            missing = {"pass", "fail"} - set(self.messages)
            if missing:
                raise ValueError(
                    Message("policy", "needs-messages", codes=", ".join(sorted(missing)))
                )
            if not self.subjects:
                raise ValueError(Message("policy", "needs-subjects"))
        texts = {"remedy": self.remedy} | {
            f"{field}.{code}": text
            for field, group in (("messages", self.messages), ("remedies", self.remedies))
            for code, text in group.items()
        }
        for where, text in texts.items():
            # A placeholder one language misspells would reach its readers as `{minimun}`.
            names = [_placeholders(text.get(lang)) for lang in ("fi", "en", "sv")]
            if names[0] != names[1] or names[0] != names[2]:
                fi, en, sv = (", ".join(sorted(found)) or "-" for found in names)
                raise ValueError(
                    Message("policy", "placeholders-differ", where=where, fi=fi, en=en, sv=sv)
                )
        return self

    @property
    def rule_id(self) -> str:
        """The id of the rule the element belongs to."""
        return self.id.split(".", 1)[0]


class Rule(_Model):
    """One numbered rule of the guideline."""

    id: str
    heading: str = Field(min_length=1)
    title: LocalizedText
    statement: LocalizedText
    rationale: list[str] = Field(default_factory=list)
    survives_service: bool = False
    elements: list[Element] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not _RULE_ID.match(value):
            raise ValueError(Message("policy", "rule-id", value=repr(value[:60])))
        return value

    @property
    def number(self) -> int:
        """The guideline's own number of the rule."""
        return int(self.id[1:])


class Policy(_Model):
    """The whole guideline as typed policy data."""

    schema_version: Literal[1]
    metadata: Metadata
    scope: Scope
    parameters: Parameters
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_consistent(self) -> Policy:
        problems = _id_problems([rule.model_dump(mode="json") for rule in self.rules])
        if problems:
            raise ValueError(Message("policy", "ids-inconsistent"))
        return self

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with ``rule_id`` (``"R9"``, case-insensitive).

        Raises:
            KeyError: No such rule.
        """
        wanted = rule_id.strip().upper()
        for rule in self.rules:
            if rule.id == wanted:
                return rule
        raise KeyError(rule_id)

    def element(self, element_id: str) -> Element:
        """Return the element with ``element_id``.

        Raises:
            KeyError: No such element.
        """
        for element in self.elements():
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def elements(self) -> Iterator[Element]:
        """Iterate over every element of every rule, in catalog order."""
        for rule in self.rules:
            yield from rule.elements


def _placeholders(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:  # an unbalanced brace: the text has no usable placeholder
        return set()


def _id_problems(rules: Sequence[Any]) -> list[Problem]:
    """Find duplicate rule/element ids and elements filed under the wrong rule.

    Works on plain mappings so that it runs even when other fields fail validation.
    """
    problems: list[Problem] = []
    seen_rules: dict[str, int] = {}
    seen_elements: dict[str, str] = {}
    for r_index, rule in enumerate(rules):
        if not isinstance(rule, Mapping):
            continue
        rule_id = rule.get("id")
        if isinstance(rule_id, str):
            if rule_id in seen_rules:
                problems.append(
                    Problem(
                        f"rules[{r_index}].id",
                        Message(
                            "policy",
                            "duplicate-rule",
                            value=repr(rule_id[:60]),
                            index=seen_rules[rule_id],
                        ),
                    )
                )
            else:
                seen_rules[rule_id] = r_index
        elements = rule.get("elements")
        if not isinstance(elements, Sequence):
            continue
        for e_index, element in enumerate(elements):
            if not isinstance(element, Mapping):
                continue
            element_id = element.get("id")
            if not isinstance(element_id, str):
                continue
            where = f"rules[{r_index}].elements[{e_index}].id"
            if element_id in seen_elements:
                problems.append(
                    Problem(
                        where,
                        Message(
                            "policy",
                            "duplicate-element",
                            value=repr(element_id[:60]),
                            other=seen_elements[element_id],
                        ),
                    )
                )
            else:
                seen_elements[element_id] = where
            if isinstance(rule_id, str) and not element_id.startswith(rule_id + "."):
                problems.append(
                    Problem(
                        where,
                        Message(
                            "policy",
                            "misfiled-element",
                            value=repr(element_id[:60]),
                            rule=repr(rule_id[:60]),
                        ),
                    )
                )
    return problems


def parse_policy(data: Mapping[str, Any], *, source: str = "<policy>") -> Policy:
    """Validate a policy document already parsed into Python data.

    Args:
        data: The document, as ``tomllib`` or ``json`` returns it.
        source: A name for the document in error messages.

    Returns:
        The validated policy.

    Raises:
        PolicyError: Listing every problem found, each with its path in the document.
    """
    rules = data.get("rules")
    problems = _id_problems(rules) if isinstance(rules, Sequence) else []
    policy: Policy | None = None
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        id_problems = bool(problems)
        for problem in problems_from(error):
            # The model-level id check repeats what _id_problems already listed.
            if not (problem.location == "" and id_problems) and problem not in problems:
                problems.append(problem)
    if problems or policy is None:
        raise PolicyError(Message("policy", "invalid", name=source), problems)
    return policy


def load_policy(path: str | Path) -> Policy:
    """Load and validate a policy document from a TOML file.

    Args:
        path: The file to read.

    Returns:
        The validated policy.

    Raises:
        PolicyError: The file cannot be read, is not TOML, or does not validate; the error
            lists every problem with its path in the file.
    """
    path = Path(path)
    return parse_policy(read_policy_document(path), source=str(path))


def read_policy_document(path: Path, problems: list[Problem] | None = None) -> dict[str, Any]:
    """Read a policy (or overlay) TOML file into data, its word-list names resolved.

    Word lists the file names beside itself are resolved against its folder (see
    :mod:`.wordfiles`).

    Args:
        path: The file.
        problems: Where to add the word lists not found, instead of raising for them (so
            that a caller can report them with the document's other problems).

    Raises:
        PolicyError: The file cannot be read, is not TOML, or names a word list that
            exists neither beside it nor in the package (every such name listed).
    """
    try:
        if path.stat().st_size > POLICY_FILE_MAX_BYTES:
            raise PolicyError(
                Message("policy", "policy-too-large", name=str(path), limit=POLICY_FILE_MAX_BYTES)
            )
        raw = path.read_bytes()
    except OSError as error:
        raise PolicyError(
            Message("policy", "unreadable", name=path, why=os_reason(error))
        ) from None
    # Bytes that are not UTF-8 are named by line and column, as TOML errors are.
    data = _toml(raw, source=str(path))
    found: list[Problem] = []
    for where, table in _password_tables(data):
        found += resolve_word_files(table, path.parent, where)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise PolicyError(Message("policy", "invalid", name=str(path)), found)
    return data


def _password_tables(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The password-parameter tables of a document: its own, and an overlay's additions."""
    for prefix, root in (("", data), ("add.", data.get("add"))):
        parameters = root.get("parameters") if isinstance(root, dict) else None
        password = parameters.get("password") if isinstance(parameters, dict) else None
        if isinstance(password, dict):
            yield f"{prefix}parameters.password", password


def _toml(text: str | bytes, *, source: str) -> dict[str, Any]:
    try:
        return parse_toml(text)
    except TomlSyntaxError as error:
        raise PolicyError(Message("policy", "not-toml", name=source, where=error.where)) from None


def _parse_toml(text: str, *, source: str) -> Policy:
    return parse_policy(_toml(text, source=source), source=source)


_DEFAULT: Policy | None = None


def default_policy() -> Policy:
    """Return the guideline shipped with the package (loaded once, then shared)."""
    global _DEFAULT
    if _DEFAULT is None:
        text = (
            resources.files("aanekoski_somepolicy").joinpath("data/policy.toml").read_text("utf-8")
        )
        _DEFAULT = _parse_toml(text, source="policy.toml")
    return _DEFAULT
