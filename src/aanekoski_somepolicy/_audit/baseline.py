"""Baselines: show only the findings that are new since a previous audit report.

A finding is the same finding when the same check reports the same outcome for the same
subject (subject type, id and service) - not the same line, since exports are re-exported in
other orders. The previous report is a ``somepolicy audit`` JSON or JSON Lines report.
Findings in it are left out of the results (Checkov's ``--baseline``); how many were left
out is said in every report's warnings, so that nothing is hidden silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from .._i18n import Message
from ..exceptions import Problem, SomePolicyError

__all__ = ["MAX_JSON_BYTES", "Baseline", "BaselineError", "fingerprint"]

MAX_JSON_BYTES = 128 * 1024 * 1024
"""The largest JSON report read as a baseline (it is parsed whole); JSON Lines is streamed."""

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


def _jsonl_fingerprints(handle: TextIO) -> set[Fingerprint] | None:
    """The findings of a JSON Lines report, a line at a time; None when it is not one."""
    found: set[Fingerprint] = set()
    for line in handle:
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            return None
        if isinstance(item, dict) and item.get("record") == "result":
            found.update(_fingerprints(item))
    return found


def _json_fingerprints(text: str) -> set[Fingerprint] | None:
    """The findings of a JSON report; None when it is not one."""
    try:
        whole = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(whole, dict) or not isinstance(whole.get("results"), list):
        return None
    return {
        print_
        for result in whole["results"]
        if isinstance(result, dict)
        for print_ in _fingerprints(result)
    }


def _fingerprints(result: Mapping[str, Any]) -> Iterator[Fingerprint]:
    findings = result.get("findings")
    for finding in findings if isinstance(findings, list) else ():
        if isinstance(finding, dict):
            yield fingerprint(result, finding)


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
        found: set[Fingerprint] | None = None
        try:
            size = path.stat().st_size
            with path.open(encoding="utf-8-sig") as handle:
                first = handle.readline()
                if first.lstrip().startswith('{"record"'):
                    # JSON Lines: read a line at a time, whatever the report's size.
                    handle.seek(0)
                    found = _jsonl_fingerprints(handle)
                elif size > MAX_JSON_BYTES:
                    large = Message("policy", "scenario-too-large", limit=MAX_JSON_BYTES)
                    raise BaselineError(summary, [Problem("", large)])
                else:
                    found = _json_fingerprints(first + handle.read())
        except (OSError, UnicodeDecodeError) as error:
            why = error.strerror if isinstance(error, OSError) else "UTF-8"
            raise BaselineError(
                summary, [Problem("", Message("policy", "scenario-unreadable", why=str(why)))]
            ) from None
        if found is None:
            raise BaselineError(summary, [Problem("", Message("policy", "baseline-not-report"))])
        return cls(frozenset(found), str(path))

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
