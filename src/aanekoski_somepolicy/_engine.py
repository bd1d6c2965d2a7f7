"""The engine: evaluate a subject against every element that applies to it."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from ._accounts.email import CityDomains
from ._checks import REGISTRY, CheckContext, CheckResult, CheckSpec
from ._findings import Decision, FactValue, Finding, Outcome, Severity, severity_of
from ._i18n import Lang, LocalizedText, Message, format_template
from ._messages.catalog import ENGINE_MESSAGES, FACT_LABELS
from ._passwords.breach import BreachCorpus
from ._policy.catalog import Element, ElementKind, Policy, SubjectType, default_policy
from ._policy.overlays import compose_policy
from ._policy.roles import UNRECOGNISED, RoleVocabulary, UnknownRolePolicy, default_vocabulary
from ._policy.scope import RuleBinding, ScopeResult, resolve_scope
from ._policy.scope_checks import ROLE_RECOGNISED, SCOPE_ID
from ._subjects import SUBJECT_MODELS, SubjectModel
from ._validation import validate_subject
from ._waivers import Waivers, load_waivers
from .exceptions import InvalidSubjectError, PolicyError, Problem

__all__ = ["Engine", "Judgement", "Subject", "parse_subject", "unknown_role_finding"]

Subject = SubjectModel


def parse_subject(
    data: Mapping[str, Any],
    *,
    default: SubjectType = SubjectType.ACCOUNT_REGISTRATION,
    roles: RoleVocabulary | None = None,
    unknown_role: UnknownRolePolicy | str = UnknownRolePolicy.BOUND,
) -> Subject:
    """Build a subject from JSON-like data; a ``type`` key selects the subject type.

    ``roles`` is the role vocabulary to read roles with (an engine's :attr:`Engine.roles`
    knows its policy's aliases); the shipped one by default.

    ``unknown_role`` says what a role spelled as no accepted role does, as the audit's
    ``--unknown-role``: ``bound`` (the default) evaluates the person as bound staff, and
    :meth:`Engine.evaluate` adds a ``scope.role-recognised`` warning naming the spelling
    (see :attr:`SubjectModel.unrecognised_roles`); ``invalid`` makes it a field problem.

    Raises:
        InvalidSubjectError: Unknown type, or any field problem (all reported at once).
    """
    fields = dict(data)
    kind = fields.pop("type", default)
    try:
        subject_type = SubjectType(kind)
    except ValueError:
        accepted = ", ".join(item.value for item in SubjectType)
        said = Message(
            "validation", "unknown-subject-type", value=repr(str(kind)[:40]), accepted=accepted
        )
        raise InvalidSubjectError(
            Message("validation", "invalid-subject-any"), [Problem("type", said)]
        ) from None
    model = SUBJECT_MODELS[subject_type]
    context: dict[str, Any] = {"roles": roles or default_vocabulary()}
    unrecognised: list[str] = []
    if UnknownRolePolicy(unknown_role) is UnknownRolePolicy.BOUND:
        context[UNRECOGNISED] = unrecognised
    subject = validate_subject(model, fields, what=subject_type.value, context=context)
    if unrecognised:
        subject._unrecognised_roles = tuple(unrecognised)
    return subject


class Engine:
    """Evaluates subjects against a policy and explains each decision.

    Args:
        policy: The policy; the shipped guideline by default.
        overlays: Overlay files applied to ``policy`` in order (``docs/policy-change.md``).
        waivers: Approved exceptions: a waiver file (refused when malformed, when it names
            a check the policy lacks or holds a waiver expired today) or :class:`Waivers`
            already checked. A failure they cover is reported as ``waived``.
        breach_corpus: A local Have I Been Pwned corpus (path or :class:`BreachCorpus`);
            without one, the breached-password element is not applicable.

    Raises:
        PolicyError: A check element of the policy has no implementation, or its messages
            lack a code the implementation can return; or an overlay is invalid.
    """

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        overlays: Sequence[str | os.PathLike[str]] = (),
        breach_corpus: BreachCorpus | str | os.PathLike[str] | None = None,
        waivers: Waivers | str | os.PathLike[str] | None = None,
    ) -> None:
        if overlays:
            policy = compose_policy(policy, [Path(overlay) for overlay in overlays])
        self.policy = policy if policy is not None else default_policy()
        if breach_corpus is not None and not isinstance(breach_corpus, BreachCorpus):
            breach_corpus = BreachCorpus(
                breach_corpus, max_line=self.policy.parameters.password.breach_corpus_max_line
            )
        self.breach_corpus = breach_corpus
        # A custom policy's mail domains are refused now, not at the first address checked.
        CityDomains(self.policy.parameters.accounts.city_mail_domains)
        if waivers is not None and not isinstance(waivers, Waivers):
            waivers = load_waivers(Path(waivers), policy=self.policy, on=date.today())
        self.waivers = waivers
        # Role spellings: the shipped ones and the policy's own aliases (parse_subject).
        self.roles = RoleVocabulary.of(self.policy.scope.role_aliases)
        problems = implementation_problems(self.policy)
        if problems:
            raise PolicyError(Message("policy", "not-implemented"), problems)
        # Per subject type, the elements to evaluate and their checks, in catalog order.
        self._plans: dict[SubjectType, list[tuple[Element, CheckSpec | None]]] = {
            subject_type: [
                (element, REGISTRY.get((element.id, subject_type)))
                for element in self.policy.elements()
                if subject_type in element.subjects
            ]
            for subject_type in SubjectType
        }
        # The same plans with each element's rule id, which judging looks up per element.
        self._rule_plans = {
            subject_type: [(element, element.rule_id, spec) for element, spec in plan]
            for subject_type, plan in self._plans.items()
        }
        # Each distinct (role, dates) answered once, with its steps per subject type.
        self._scopes: dict[tuple[Any, ...], tuple[ScopeResult, dict[SubjectType, _Steps]]] = {}

    def scope(self, subject: Subject, *, on: date | None = None) -> ScopeResult:
        """Return which rules bind the subject's acting person.

        Scope is judged on the day the act happened when the subject records it (a
        publication's date), otherwise on ``on`` (today by default).
        """
        return self._scoped(subject, on)[0]

    def _scoped(
        self, subject: Subject, on: date | None
    ) -> tuple[ScopeResult, dict[SubjectType, _Steps]]:
        basis = subject.scope_basis()
        if basis.moment is not None:
            day = basis.moment.astimezone(self.policy.parameters.working_time.zone).date()
        else:
            day = basis.on or on or date.today()
        key = (basis.role, day, basis.start, basis.end)
        scoped = self._scopes.get(key)
        if scoped is None:
            # Few distinct (role, dates) in a batch of registrations: answer each once.
            scope = resolve_scope(self.policy, basis.role, on=day, start=basis.start, end=basis.end)
            if len(self._scopes) >= 1024:
                self._scopes.clear()
            scoped = self._scopes[key] = (scope, {})
        return scoped

    def _steps(self, subject_type: SubjectType, scope: ScopeResult) -> _Steps:
        """Each element of ``subject_type`` under ``scope``: its check, or its settled judgement.

        An element whose rule does not bind, or which has no check, is judged the same for
        every subject of the scope: that judgement (immutable) is made once and shared. So
        is a check's judgement of a subject without the field it declares (``without``),
        kept beside the check with the field's name.
        """
        steps: _Steps = []
        for element, rule_id, spec in self._rule_plans[subject_type]:
            binding = scope.binding(rule_id)
            if not binding.bound:
                settled = Judgement(
                    element, Outcome.NOT_APPLICABLE, binding.reason.value, None, scope
                )
                steps.append((element, None, settled, None))
            elif spec is None:
                steps.append(
                    (
                        element,
                        None,
                        Judgement(element, Outcome.MANUAL_REVIEW, "manual-review"),
                        None,
                    )
                )
            elif spec.without is not None:
                # The check's answer for a subject without the field, judged once and shared.
                name, result = spec.without
                absent = Judgement(element, result.outcome, result.code, result, None)
                steps.append((element, spec, absent, name))
            else:
                steps.append((element, spec, None, None))
        return steps

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
        decision = Decision.of(
            policy_id=self.policy.metadata.id,
            policy_version=self.policy.metadata.version,
            subject_type=subject.subject_type,
            subject_id=subject.subject_id,
            findings=[
                *map(unknown_role_finding, subject.unrecognised_roles),
                *(judgement.finding() for judgement in self.judge(subject, on=day)),
            ],
        )
        if self.waivers is not None:
            decision = self.waivers.apply(
                decision, service=getattr(subject, "service", None), on=day
            )
        return decision

    def judge(
        self, subject: Subject, *, on: date | None = None, memo: dict[str, Any] | None = None
    ) -> list[Judgement]:
        """Judge every element that applies to the subject's type, without wording it.

        :meth:`evaluate` words every judgement as a finding; a caller that reports only some
        outcomes (an audit of a million rows) words only those, with :meth:`Judgement.finding`.

        Args:
            subject: The subject.
            on: The evaluation date (today by default).
            memo: The checks' shared results for this evaluation (a password verdict), when
                the caller keeps them (a replay reuses them under a second policy); the
                dict is filled in place.
        """
        day = on or date.today()
        scope, by_type = self._scoped(subject, day)
        steps = by_type.get(subject.subject_type)
        if steps is None:
            steps = by_type[subject.subject_type] = self._steps(subject.subject_type, scope)
        context = CheckContext(
            policy=self.policy,
            on=day,
            breach_corpus=self.breach_corpus,
            memo=memo if memo is not None else {},
        )
        judgements: list[Judgement] = []
        for element, spec, settled, without in steps:
            if spec is None or (without is not None and getattr(subject, without) is None):
                # Settled: out of scope, a manual review, or a check's answer without the field.
                assert settled is not None
                judgements.append(settled)
            else:
                # A manual-review element's check only decides whether the review is raised.
                result = spec.run(subject, context)
                # The tuple built in C, without the named arguments' Python call.
                judgements.append(
                    _new_tuple(Judgement, (element, result.outcome, result.code, result, None))
                )
        return judgements


def unknown_role_finding(role: str) -> Finding:
    """The warning that ``role`` matched no accepted role and was evaluated as bound staff.

    The audit reports the same check, code, severity and facts for such a row.
    """
    return Finding(
        rule=SCOPE_ID,
        check=ROLE_RECOGNISED,
        outcome=Outcome.FAIL,
        severity=Severity.WARNING,
        code="unknown-role",
        message=_localized(Message("scope-checks", "unknown-role", role=repr(role))),
        remedy=_localized(Message("scope-checks", "unknown-role-remedy", role=role)),
        facts={"role": role},
    )


def _localized(message: Message) -> LocalizedText:
    return LocalizedText(message.get(Lang.FI), message.get(Lang.EN), message.get(Lang.SV))


class Judgement(NamedTuple):
    """One element's outcome for one subject, not yet worded.

    Attributes:
        element: The element judged.
        outcome: Its outcome.
        code: The message code (for an element out of scope: the binding reason).
        result: The check's result, when a check ran.
        scope: The scope answer, when the element's rule does not bind the subject.
    """

    element: Element
    outcome: Outcome
    code: str
    result: CheckResult | None = None
    scope: ScopeResult | None = None

    @property
    def severity(self) -> Severity:
        """The severity of the element's findings."""
        return severity_of(self.element.modality)

    def finding(self) -> Finding:
        """The judgement as a finding, worded in every language."""
        if self.scope is not None:
            return _out_of_scope(self.element, self.scope.binding(self.element.rule_id), self.scope)
        if self.result is None:
            return _manual(self.element)
        return _worded(self.element, self.result)


_new_tuple = tuple.__new__

# Per element: its check to run (None: its judgement is settled by the scope), its settled
# judgement, and for a check that declares one (CheckSpec.without) the field it answers
# without, with that answer settled.
_Steps = list[tuple[Element, CheckSpec | None, Judgement | None, str | None]]


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
                    Problem(
                        element.id,
                        Message("policy", "no-check", subject_type=subject_type.value),
                    )
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
                said = Message("policy", "messages-missing", codes=", ".join(missing))
                problems.append(Problem(element.id, said))
    return problems


_NEEDS_REMEDY = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA, Outcome.MANUAL_REVIEW)


def _message(element: Element, code: str) -> LocalizedText:
    return element.messages.get(code) or ENGINE_MESSAGES[code]


# Audits word the same message with the same facts many times over (every pass, every
# out-of-scope rule); filling templates was the largest cost of an evaluation. Bounded.
_FILLED: dict[tuple[LocalizedText, tuple[tuple[str, Any], ...]], LocalizedText] = {}
_FILLED_MAX = 4096


def _fill(text: LocalizedText, facts: Mapping[str, Any]) -> LocalizedText:
    key = (
        text,
        tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in facts.items()
        ),
    )
    filled = _FILLED.get(key)
    if filled is None:
        filled = LocalizedText(
            fi=format_template(text.fi, facts, FACT_LABELS, Lang.FI),
            en=format_template(text.en, facts, FACT_LABELS, Lang.EN),
            sv=format_template(text.sv, facts, FACT_LABELS, Lang.SV),
        )
        if len(_FILLED) >= _FILLED_MAX:
            _FILLED.clear()
        _FILLED[key] = filled
    return filled


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
        remedy=element.remedies.get(result.code, element.remedy)
        if result.outcome in _NEEDS_REMEDY
        else None,
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
