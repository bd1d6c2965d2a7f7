"""Baselines: show only the findings that are new since a previous audit report.

A finding is the same finding when the same check reports the same outcome for the same
subject (subject type, id and service) - not the same line, since exports are re-exported in
other orders. The previous report is a ``somepolicy audit`` JSON or JSON Lines report.
Findings in it are left out of the results (Checkov's ``--baseline``); how many were left
out is said in every report's warnings, so that nothing is hidden silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .._i18n import Message
from ..exceptions import Problem, SomePolicyError

__all__ = ["Baseline", "BaselineError", "fingerprint"]

MAX_BASELINE_BYTES = 512 * 1024 * 1024

Fingerprint = tuple[str, str, str, str, str]


class BaselineError(SomePolicyError):
    """The baseline report cannot be read or is not an audit report."""


def fingerprint(result: Mapping[str, Any], finding: Mapping[str, Any]) -> Fingerprint:
    """What makes a finding the same finding in another run of the audit."""
    return (
        str(result.get("type", "")),
        str(result.get("subject_id", "")).strip(),
        str(result.get("service", "")).strip().casefold(),
        str(finding.get("check", "")),
        str(finding.get("outcome", "")),
    )


def _results(text: str) -> Iterable[Mapping[str, Any]] | None:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and isinstance(whole.get("results"), list):
        return [item for item in whole["results"] if isinstance(item, dict)]
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            return None
        if isinstance(item, dict) and item.get("record") == "result":
            found.append(item)
    return found or None


class Baseline:
    """The findings of a previous report.

    Args:
        findings: Their fingerprints.
        source: The report's name, for messages.
    """

    def __init__(self, findings: frozenset[Fingerprint], source: str) -> None:
        self.findings = findings
        self.source = source

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a ``somepolicy audit`` JSON or JSON Lines report.

        Raises:
            BaselineError: The file cannot be read, is too large, or is not such a report.
        """
        summary = Message("policy", "baseline-invalid", name=str(path))
        try:
            if path.stat().st_size > MAX_BASELINE_BYTES:
                large = Message("policy", "scenario-too-large", limit=MAX_BASELINE_BYTES)
                raise BaselineError(summary, [Problem("", large)])
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            why = error.strerror if isinstance(error, OSError) else "UTF-8"
            raise BaselineError(
                summary, [Problem("", Message("policy", "scenario-unreadable", why=str(why)))]
            ) from None
        results = _results(text)
        if results is None:
            raise BaselineError(summary, [Problem("", Message("policy", "baseline-not-report"))])
        return cls(
            frozenset(
                fingerprint(result, finding)
                for result in results
                for finding in result.get("findings", ())
                if isinstance(finding, dict)
            ),
            str(path),
        )

    def hide_known(self, result: dict[str, Any]) -> int:
        """Leave out of ``result`` the findings the baseline has; return how many."""
        findings = result.get("findings")
        if not findings:
            return 0
        kept = [f for f in findings if fingerprint(result, f) not in self.findings]
        hidden = len(findings) - len(kept)
        if hidden:
            result["findings"] = kept
            result["baseline_hidden"] = hidden
        return hidden
