"""The engine: evaluate a subject against every element that applies to it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import Any

from ._checks import REGISTRY, CheckContext, CheckResult, CheckSpec
from ._findings import Decision, FactValue, Finding, Outcome, severity_of
from ._i18n import Lang, LocalizedText, format_template
from ._messages.catalog import ENGINE_MESSAGES, FACT_LABELS
from ._passwords.breach import BreachCorpus
from ._policy.catalog import Element, ElementKind, Policy, SubjectType, default_policy
from ._policy.scope import RuleBinding, ScopeResult, resolve_scope
from ._subjects import SUBJECT_MODELS, SubjectModel
from ._validation import validate_subject
from .exceptions import InvalidSubjectError, PolicyError, Problem

__all__ = ["Engine", "Subject", "parse_subject"]

Subject = SubjectModel


def parse_subject(
    data: Mapping[str, Any], *, default: SubjectType = SubjectType.ACCOUNT_REGISTRATION
) -> Subject:
    """Build a subject from JSON-like data; a ``type`` key selects the subject type.

    Raises:
        InvalidSubjectError: Unknown type, or any field problem (all reported at once).
    """
    fields = dict(data)
    kind = fields.pop("type", default)
    try:
        subject_type = SubjectType(kind)
    except ValueError:
        accepted = ", ".join(item.value for item in SubjectType)
        raise InvalidSubjectError(
            "invalid subject",
            [Problem("type", f"unknown subject type {str(kind)[:40]!r}; accepted: {accepted}")],
        ) from None
    model = SUBJECT_MODELS[subject_type]
    return validate_subject(model, fields, what=subject_type.value)


class Engine:
    """Evaluates subjects against a policy and explains each decision.

    Args:
        policy: The policy; the shipped guideline by default.
        breach_corpus: A local Have I Been Pwned corpus (path or :class:`BreachCorpus`);
            without one, the breached-password element is not applicable.

    Raises:
        PolicyError: A check element of the policy has no implementation, or its messages
            lack a code the implementation can return.
    """

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        breach_corpus: BreachCorpus | str | os.PathLike[str] | None = None,
    ) -> None:
        self.policy = policy if policy is not None else default_policy()
        if breach_corpus is not None and not isinstance(breach_corpus, BreachCorpus):
            breach_corpus = BreachCorpus(
                breach_corpus, max_line=self.policy.parameters.password.breach_corpus_max_line
            )
        self.breach_corpus = breach_corpus
        problems = implementation_problems(self.policy)
        if problems:
            raise PolicyError("the policy does not match the engine's checks", problems)
        # Per subject type, the elements to evaluate and their checks, in catalog order.
        self._plans: dict[SubjectType, list[tuple[Element, CheckSpec | None]]] = {
            subject_type: [
                (element, REGISTRY.get((element.id, subject_type)))
                for element in self.policy.elements()
                if subject_type in element.subjects
            ]
            for subject_type in SubjectType
        }

    def scope(self, subject: Subject, *, on: date | None = None) -> ScopeResult:
        """Return which rules bind the subject's acting person.

        Scope is judged on the day the act happened when the subject records it (a
        publication's date), otherwise on ``on`` (today by default).
        """
        basis = subject.scope_basis()
        day = basis.on or on or date.today()
        return resolve_scope(self.policy, basis.role, on=day, start=basis.start, end=basis.end)

    def evaluate(self, subject: Subject, *, on: date | None = None) -> Decision:
        """Evaluate every element that applies to the subject's type.

        Args:
            subject: Any subject: a :class:`Person`, an :class:`AccountRegistration`, a
                :class:`Publication`, ... (see ``SUBJECT_MODELS``).
            on: The evaluation date (today by default); scope depends on it.

        Returns:
            The decision, with one finding per applicable element: passes, failures,
            not-applicable outcomes and manual reviews alike.
        """
        day = on or date.today()
        scope = self.scope(subject, on=day)
        context = CheckContext(policy=self.policy, on=day, breach_corpus=self.breach_corpus)
        findings: list[Finding] = []
        for element, spec in self._plans[subject.subject_type]:
            binding = scope.binding(element.rule_id)
            if not binding.bound:
                findings.append(_out_of_scope(element, binding, scope))
            elif spec is None:
                findings.append(_manual(element))
            else:
                # A manual-review element's check only decides whether the review is raised.
                findings.append(_worded(element, spec.run(subject, context)))
        return Decision.of(
            policy_id=self.policy.metadata.id,
            policy_version=self.policy.metadata.version,
            subject_type=subject.subject_type,
            subject_id=subject.subject_id,
            findings=findings,
        )


def implementation_problems(policy: Policy) -> list[Problem]:
    """List check elements without an implementation, or without a message it needs."""
    problems: list[Problem] = []
    for element in policy.elements():
        for subject_type in element.subjects:
            spec = REGISTRY.get((element.id, subject_type))
            if spec is None and element.kind is ElementKind.MANUAL_REVIEW:
                continue  # raised unconditionally for this subject type
            if spec is None:
                problems.append(
                    Problem(element.id, f"no check is implemented for {subject_type.value}")
                )
                continue
            missing = sorted(
                code
                for code in spec.codes
                if code not in element.messages
                and code not in ENGINE_MESSAGES
                and code != "manual-review"  # worded by the element's reason
            )
            if missing:
                problems.append(Problem(element.id, f"messages missing for codes {missing}"))
    return problems


_NEEDS_REMEDY = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA, Outcome.MANUAL_REVIEW)


def _message(element: Element, code: str) -> LocalizedText:
    return element.messages.get(code) or ENGINE_MESSAGES[code]


def _fill(text: LocalizedText, facts: Mapping[str, Any]) -> LocalizedText:
    return LocalizedText(
        fi=format_template(text.fi, facts, FACT_LABELS, Lang.FI),
        en=format_template(text.en, facts, FACT_LABELS, Lang.EN),
        sv=format_template(text.sv, facts, FACT_LABELS, Lang.SV) if text.sv else None,
    )


def _worded(element: Element, result: CheckResult) -> Finding:
    facts = dict(result.facts)
    if result.outcome is Outcome.MANUAL_REVIEW and result.code == "manual-review":
        return _manual(element, facts)  # worded by the element's reason
    return Finding(
        rule=element.rule_id,
        check=element.id,
        outcome=result.outcome,
        severity=severity_of(element.modality),
        code=result.code,
        message=_fill(_message(element, result.code), facts),
        remedy=element.remedy if result.outcome in _NEEDS_REMEDY else None,
        facts=facts,
    )


def _manual(element: Element, facts: dict[str, FactValue] | None = None) -> Finding:
    assert element.reason is not None
    return Finding(
        rule=element.rule_id,
        check=element.id,
        outcome=Outcome.MANUAL_REVIEW,
        severity=severity_of(element.modality),
        code="manual-review",
        message=element.reason,
        remedy=element.remedy,
        facts=facts or {},
    )


def _out_of_scope(element: Element, binding: RuleBinding, scope: ScopeResult) -> Finding:
    facts: dict[str, FactValue] = {**scope.facts(), "scope": binding.reason.value}
    return Finding(
        rule=element.rule_id,
        check=element.id,
        outcome=Outcome.NOT_APPLICABLE,
        severity=severity_of(element.modality),
        code=binding.reason.value,
        message=_fill(ENGINE_MESSAGES[binding.reason.value], facts),
        facts=facts,
    )
