"""Rendering decisions, scope answers and the catalog as readable text or JSON data."""

from __future__ import annotations

from typing import Any

from .._findings import Decision, Finding, Outcome
from .._i18n import Lang, LocalizedText, day, format_template, messages
from .._policy.catalog import Element, ElementKind, Policy, Rule
from .._policy.roles import accepted_roles, role_name
from .._policy.scope import ScopeResult
from .._policy.scope_checks import SCOPE_CHECKS, ScopeCheck
from .catalog import ENGINE_MESSAGES, FACT_LABELS

__all__ = [
    "catalog_to_dict",
    "decision_to_dict",
    "finding_to_dict",
    "label",
    "render_catalog_text",
    "render_decision_text",
    "render_rule_text",
    "render_scope_checks_text",
    "render_scope_text",
    "rule_to_dict",
    "scope_checks_to_dict",
    "scope_to_dict",
    "severity_label",
]


_LABELS: dict[str, LocalizedText] = messages("labels")


_SEVERITIES: dict[str, LocalizedText] = messages("severities")
_SUBJECTS: dict[str, LocalizedText] = messages("subjects")


def severity_label(severity: str, lang: Lang | str) -> str:
    """Return a severity id (``violation``) in ``lang``."""
    return _SEVERITIES[severity].get(lang)


def label(key: str, lang: Lang | str) -> str:
    """Return the interface label ``key`` in ``lang``."""
    return _LABELS[key].get(lang)


def finding_to_dict(finding: Finding, lang: Lang | str) -> dict[str, Any]:
    """Return a finding as JSON-ready data, its texts in ``lang``."""
    return {
        "rule": finding.rule,
        "check": finding.check,
        "outcome": finding.outcome.value,
        "severity": finding.severity.value,
        "code": finding.code,
        "message": finding.message.get(lang),
        "remedy": finding.remedy.get(lang) if finding.remedy else None,
        "facts": finding.facts,
    }


def decision_to_dict(
    decision: Decision, lang: Lang | str, policy: Policy | None = None
) -> dict[str, Any]:
    """Return a decision as JSON-ready data, its texts in ``lang``.

    With ``policy``, the guideline's contact for questions (the hallintojohtaja) is added.
    """
    counts = {outcome.value: 0 for outcome in Outcome}
    for finding in decision.findings:
        counts[finding.outcome.value] += 1
    data: dict[str, Any] = {
        "allowed": decision.allowed,
        "policy": {"id": decision.policy_id, "version": decision.policy_version},
        "subject": {"type": decision.subject_type.value, "id": decision.subject_id},
        "summary": counts,
        "findings": [finding_to_dict(finding, lang) for finding in decision.findings],
    }
    if policy is not None:
        data["questions"] = policy.metadata.contact.instructions.get(lang)
    return data


def render_decision_text(decision: Decision, lang: Lang | str, policy: Policy | None = None) -> str:
    """Return a decision as readable text in ``lang``; with ``policy``, add the contact."""
    verdict = label("allowed" if decision.allowed else "denied", lang)
    lines = [
        f"{verdict}: {label('subject', lang)} {_SUBJECTS[decision.subject_type.value].get(lang)}"
        f" {decision.subject_id!r}"
        f" ({label('policy', lang)} {decision.policy_id} {decision.policy_version})",
    ]
    for finding in decision.findings:
        tag = label(finding.outcome.value, lang)
        # Severity says how serious a failure is; on a pass it would only mislead.
        severity = (
            f" ({severity_label(finding.severity.value, lang)})"
            if finding.outcome is Outcome.FAIL
            else ""
        )
        lines.append(f"  [{tag}] {finding.check}{severity}: {finding.message.get(lang)}")
        if finding.remedy is not None:
            lines.append(f"      {label('remedy', lang)}: {finding.remedy.get(lang)}")
    if policy is not None:
        lines.append(f"{label('contact', lang)}: {policy.metadata.contact.instructions.get(lang)}")
    return "\n".join(lines)


def _element_dict(element: Element, lang: Lang | str) -> dict[str, Any]:
    return {
        "id": element.id,
        "kind": element.kind.value,
        "modality": element.modality.value,
        "subjects": [subject.value for subject in element.subjects],
        "summary": element.summary.get(lang),
        "reason": element.reason.get(lang) if element.reason else None,
        "remedy": element.remedy.get(lang),
        "source": element.quotes,
    }


def rule_to_dict(rule: Rule, lang: Lang | str) -> dict[str, Any]:
    """Return a rule and its elements as JSON-ready data."""
    return {
        "id": rule.id,
        "title": rule.title.get(lang),
        "statement": rule.statement.get(lang),
        "survives_service": rule.survives_service,
        "source_heading": rule.heading,
        "rationale": rule.rationale,
        "elements": [_element_dict(element, lang) for element in rule.elements],
    }


def catalog_to_dict(policy: Policy, lang: Lang | str) -> dict[str, Any]:
    """Return the whole catalog (metadata, scope, rules) as JSON-ready data."""
    meta = policy.metadata
    return {
        "id": meta.id,
        "version": meta.version,
        "title": meta.title.get(lang),
        "organisation": meta.organisation.get(lang),
        "binding": meta.binding,
        "approvals": [
            {
                "body": approval.body.get(lang),
                "date": approval.date.isoformat(),
                "reference": approval.reference,
            }
            for approval in meta.approvals
        ],
        "contact": {
            "role": meta.contact.role,
            "title": meta.contact.title.get(lang),
            "instructions": meta.contact.instructions.get(lang),
        },
        "scope": {
            "statement": policy.scope.statement.get(lang),
            "note": policy.scope.note.get(lang),
            "bound_roles": [role.value for role in policy.scope.bound_roles],
            "checks": [_scope_check_dict(check, lang) for check in SCOPE_CHECKS],
        },
        "rules": [rule_to_dict(rule, lang) for rule in policy.rules],
    }


def _element_lines(element: Element, lang: Lang | str) -> list[str]:
    kind = label("check" if element.kind is ElementKind.CHECK else "manual", lang)
    lines = [
        f"  {element.id} [{kind}; {label(element.modality.value, lang)}]",
        f"      {element.summary.get(lang)}",
    ]
    if element.reason is not None:
        lines.append(f"      {label('why-manual', lang)}: {element.reason.get(lang)}")
    lines.append(f"      {label('remedy', lang)}: {element.remedy.get(lang)}")
    return lines


def render_rule_text(rule: Rule, lang: Lang | str, *, with_source: bool = True) -> str:
    """Return one rule with its elements as readable text."""
    lines = [f"{rule.id} {rule.title.get(lang)}", f"  {rule.statement.get(lang)}"]
    if with_source:
        lines.append(f"  {label('source', lang)}: {' '.join([*_rule_quotes(rule)])}")
    for element in rule.elements:
        lines += _element_lines(element, lang)
    return "\n".join(lines)


def _scope_check_dict(check: ScopeCheck, lang: Lang | str) -> dict[str, Any]:
    return {
        "id": check.id,
        "kind": ElementKind.CHECK.value,
        "summary": check.summary.get(lang),
        "remedy": check.remedy.get(lang),
    }


def _scope_check_lines(check: ScopeCheck, lang: Lang | str) -> list[str]:
    return [
        f"  {check.id} [{label('check', lang)}]",
        f"      {check.summary.get(lang)}",
        f"      {label('remedy', lang)}: {check.remedy.get(lang)}",
    ]


def scope_checks_to_dict(
    policy: Policy, checks: tuple[ScopeCheck, ...], lang: Lang | str
) -> dict[str, Any]:
    """Return the scope and the given scope checks as JSON-ready data (``explain scope``)."""
    return {
        "id": "scope",
        "statement": policy.scope.statement.get(lang),
        "note": policy.scope.note.get(lang),
        "bound_roles": [role.value for role in policy.scope.bound_roles],
        "accepted_roles": accepted_roles(lang),
        "checks": [_scope_check_dict(check, lang) for check in checks],
    }


def render_scope_checks_text(
    policy: Policy, checks: tuple[ScopeCheck, ...], lang: Lang | str
) -> str:
    """Return the scope and the given scope checks as readable text (``explain scope``)."""
    lines = [
        f"{label('scope', lang)}: {policy.scope.statement.get(lang)}",
        f"  {policy.scope.note.get(lang)}",
        f"  {label('role', lang)}: {accepted_roles(lang)}",
    ]
    for check in checks:
        lines += _scope_check_lines(check, lang)
    return "\n".join(lines)


def _rule_quotes(rule: Rule) -> list[str]:
    quotes: list[str] = []
    for text in [
        *rule.rationale,
        *(quote for element in rule.elements for quote in element.quotes),
    ]:
        if text not in quotes:
            quotes.append(text)
    return quotes


def render_catalog_text(policy: Policy, lang: Lang | str) -> str:
    """Return the whole catalog as readable text."""
    meta = policy.metadata
    approvals = "; ".join(
        f"{approval.body.get(lang)} {day(approval.date, lang)}{' ' + approval.reference if approval.reference else ''}"
        for approval in meta.approvals
    )
    lines = [
        f"{meta.title.get(lang)} ({meta.id} {meta.version})",
        f"{label('binding', lang)}: {label('yes' if meta.binding else 'no', lang)}. {label('approvals', lang)}: {approvals}",
        f"{label('scope', lang)}: {policy.scope.statement.get(lang)}",
        *(line for check in SCOPE_CHECKS for line in _scope_check_lines(check, lang)),
        f"{label('contact', lang)}: {meta.contact.instructions.get(lang)}",
        "",
    ]
    for rule in policy.rules:
        lines.append(render_rule_text(rule, lang, with_source=False))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def scope_to_dict(scope: ScopeResult, policy: Policy, lang: Lang | str) -> dict[str, Any]:
    """Return a scope answer as JSON-ready data."""
    facts = scope.facts()
    return {
        "role": facts["role"],
        "role_name": role_name(scope.role, Lang(lang).value) if scope.role else None,
        "on": facts["on"],
        "end": facts["end"],
        "bound_rules": scope.bound_rules,
        "rules": [
            {
                "rule": binding.rule_id,
                "title": policy.rule(binding.rule_id).title.get(lang),
                "bound": binding.bound,
                "reason": binding.reason.value,
                "message": _scope_message(binding.reason.value, facts, lang),
            }
            for binding in scope.bindings
        ],
    }


def _scope_message(code: str, facts: dict[str, str | None], lang: Lang | str) -> str:
    return format_template(ENGINE_MESSAGES[code].get(lang), facts, FACT_LABELS, Lang(lang))


def render_scope_text(scope: ScopeResult, policy: Policy, lang: Lang | str) -> str:
    """Return a scope answer as readable text."""
    data = scope_to_dict(scope, policy, lang)
    lines = [
        f"{label('role', lang)}: {data['role_name'] or '-'} ({data['role']}); {label('date', lang)}: {day(scope.on, lang)}"
    ]
    for row in data["rules"]:
        state = label("binds" if row["bound"] else "not-bound", lang)
        lines.append(f"  {row['rule']:<4} {state:<14} {row['title']} - {row['message']}")
    return "\n".join(lines)
