"""What an evaluation returns: outcomes, severities, findings and decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ._i18n import LocalizedText
from ._policy.catalog import Modality, SubjectType

__all__ = ["Decision", "FactValue", "Finding", "Outcome", "Severity", "severity_of"]

FactValue = str | int | float | bool | None | list[str]
"""An observed, non-secret fact that led to a finding."""


class Outcome(StrEnum):
    """The result of one element for one subject."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    MANUAL_REVIEW = "manual-review"
    INSUFFICIENT_DATA = "insufficient-data"
    WAIVED = "waived"  # a failure an approved waiver excuses (see _waivers.py); never hidden


class Severity(StrEnum):
    """How serious a failing element is, derived from the element's modality."""

    INFO = "info"
    WARNING = "warning"
    VIOLATION = "violation"

    @property
    def rank(self) -> int:
        """Order for comparisons: info < warning < violation."""
        return ("info", "warning", "violation").index(self.value)


def severity_of(modality: Modality) -> Severity:
    """Map an element's modality to the severity of its findings."""
    if modality in (Modality.MUST, Modality.MUST_NOT):
        return Severity.VIOLATION
    if modality is Modality.SHOULD:
        return Severity.WARNING
    return Severity.INFO


@dataclass(frozen=True, slots=True)
class Finding:
    """One element's outcome for one subject, explained.

    Attributes:
        rule: Rule id, e.g. ``R9``.
        check: Element id, e.g. ``R9.password-min-length``.
        outcome: pass / fail / not-applicable / manual-review.
        severity: info / warning / violation (from the element's modality).
        code: The message code (``pass``, ``fail``, ``no-password`` ...).
        message: What was found, in Finnish and English.
        remedy: What to do instead; present for failures and manual reviews.
        facts: The observed non-secret facts that led to the outcome.
    """

    rule: str
    check: str
    outcome: Outcome
    severity: Severity
    code: str
    message: LocalizedText
    remedy: LocalizedText | None = None
    facts: dict[str, FactValue] = field(default_factory=dict)


def _failing(findings: list[Finding], minimum: Severity) -> list[Finding]:
    return [
        finding
        for finding in findings
        if finding.outcome is Outcome.FAIL and finding.severity.rank >= minimum.rank
    ]


@dataclass(frozen=True, slots=True)
class Decision:
    """The result of evaluating one subject against the policy.

    Attributes:
        policy_id: The policy's id.
        policy_version: The policy's version.
        subject_type: What was evaluated.
        subject_id: The subject's id (person id).
        allowed: False when any finding fails with severity ``violation``.
        findings: Every element evaluated, including passes and manual reviews.
    """

    policy_id: str
    policy_version: str
    subject_type: SubjectType
    subject_id: str
    allowed: bool
    findings: list[Finding]

    @classmethod
    def of(
        cls,
        *,
        policy_id: str,
        policy_version: str,
        subject_type: SubjectType,
        subject_id: str,
        findings: list[Finding],
    ) -> Decision:
        """Build a decision; ``allowed`` follows from the findings (no violation fails)."""
        allowed = not _failing(findings, Severity.VIOLATION)
        return cls(policy_id, policy_version, subject_type, subject_id, allowed, findings)

    def failures(self, minimum: Severity = Severity.INFO) -> list[Finding]:
        """Return failing findings at or above ``minimum`` severity."""
        return _failing(self.findings, minimum)

    def with_outcome(self, outcome: Outcome) -> list[Finding]:
        """Return the findings with ``outcome``."""
        return [finding for finding in self.findings if finding.outcome is outcome]
