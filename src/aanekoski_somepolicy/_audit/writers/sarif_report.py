"""The SARIF 2.1.0 report, for code-scanning dashboards and CI pipelines.

Each rule of the SARIF log is a check of the policy catalog, under its stable element id
(``R9.password-length``), with the catalog's summary, rule statement and remedy as its
descriptions and help. Each failing finding is a result located at the input file's line;
an invalid record is a result of the rule ``input.invalid-record``. Results stream into the
``results`` array as they come; what was not checked and the warnings go into the run's
invocation as notifications at the end. Results carry no password, so neither does the log.
"""

from __future__ import annotations

import json
from importlib.metadata import version as installed_version
from typing import Any, TextIO
from urllib.parse import quote

from ..._policy.catalog import ElementKind, Policy, default_policy
from ..run import AuditSummary, Result
from ._base import ReportWriter, errors_text
from ._words import word

__all__ = ["INVALID_RECORD_RULE", "SARIF_SCHEMA_URI", "SarifWriter", "sarif_rules"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INVALID_RECORD_RULE = "input.invalid-record"
_LEVELS = {"violation": "error", "warning": "warning", "info": "note"}
_MODALITY_LEVELS = {"must": "error", "must-not": "error", "should": "warning"}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def sarif_rules(policy: Policy, lang: str) -> list[dict[str, Any]]:
    """The SARIF rule descriptors of the policy's machine checks, in catalog order."""
    rules = []
    for rule in policy.rules:
        for element in rule.elements:
            if element.kind is not ElementKind.CHECK:
                continue
            rules.append(
                {
                    "id": element.id,
                    "name": element.id.split(".", 1)[1],
                    "shortDescription": {"text": element.summary.get(lang)},
                    "fullDescription": {
                        "text": f"{rule.id} {rule.title.get(lang)}: {rule.statement.get(lang)}"
                    },
                    "help": {"text": element.remedy.get(lang)},
                    "defaultConfiguration": {
                        "level": _MODALITY_LEVELS.get(element.modality.value, "note")
                    },
                    "properties": {"rule": rule.id, "modality": element.modality.value},
                }
            )
    rules.append(
        {
            "id": INVALID_RECORD_RULE,
            "name": "invalid-record",
            "shortDescription": {"text": word("invalid-record", lang)},
            "help": {"text": word("invalid-record-help", lang)},
            "defaultConfiguration": {"level": "error"},
        }
    )
    return rules


class SarifWriter(ReportWriter):
    """A SARIF 2.1.0 log with one run.

    Args:
        out: Where the log goes.
        lang: The language of its texts.
        policy: The policy the audit used; the shipped one by default.
    """

    def __init__(self, out: TextIO, lang: str, policy: Policy | None = None) -> None:
        super().__init__(out, lang)
        self.policy = policy if policy is not None else default_policy()
        self.uri = ""

    def start(self, header: dict[str, Any]) -> None:
        """Write the tool with its rules and open the results array."""
        super().start(header)
        # A URI reference: a path with spaces or non-ASCII letters percent-encoded.
        self.uri = quote(str(header.get("input", {}).get("path", "")), safe="/:")
        metadata = self.policy.metadata
        driver = {
            "name": "somepolicy",
            # The installed distribution's version: a writer never imports the package root.
            "semanticVersion": installed_version("aanekoski-somepolicy"),
            "rules": sarif_rules(self.policy, self.lang),
            "properties": {"policy": {"id": metadata.id, "version": metadata.version}},
        }
        self.out.write('{\n  "$schema": ' + _dumps(SARIF_SCHEMA_URI) + ',\n  "version": "2.1.0",\n')
        self.out.write('  "runs": [\n    {\n')
        self.out.write(f'      "tool": {{"driver": {_dumps(driver)}}},\n')
        self.out.write(f'      "artifacts": [{{"location": {{"uri": {_dumps(self.uri)}}}}}],\n')
        self.out.write('      "results": [')
        self._first = True

    def _result(
        self,
        result: Result,
        rule_id: str,
        level: str,
        message: str,
        suppressions: list[dict[str, str]] | None = None,
    ) -> None:
        entry: dict[str, Any] = {
            "ruleId": rule_id,
            "level": level,
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": self.uri, "index": 0},
                        "region": {"startLine": max(1, int(result["line"]))},
                    },
                    "logicalLocations": [
                        {
                            "name": str(result.get("person_id", result.get("subject_id", ""))),
                            "kind": "object",
                        }
                    ],
                }
            ],
            "properties": {
                key: result[key]
                for key in ("person_id", "service", "purpose", "unit", "subject_id", "directory")
                if result.get(key)
            },
        }
        if suppressions:
            entry["suppressions"] = suppressions
        self.out.write("\n        " if self._first else ",\n        ")
        self.out.write(_dumps(entry))
        self._first = False

    def write(self, result: Result) -> None:
        """Write a result per failing finding (waived ones suppressed) or invalid record."""
        if result["status"] == "invalid":
            self._result(result, INVALID_RECORD_RULE, "error", errors_text(result))
        for finding in result["findings"]:
            if finding["outcome"] not in ("fail", "waived"):
                continue
            message = finding["message"]
            if finding.get("remedy"):
                message = f"{message} {finding['remedy']}"
            # A waived failure is a suppressed result: SARIF viewers show it apart, with why.
            waiver = finding.get("waiver")
            suppressions = (
                [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": waiver["justification"],
                    }
                ]
                if finding["outcome"] == "waived" and isinstance(waiver, dict)
                else None
            )
            self._result(
                result,
                finding["check"],
                _LEVELS.get(finding["severity"], "note"),
                message,
                suppressions,
            )

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Close the results; write the invocation with notifications and the summary."""
        self.out.write("\n      ],\n" if not self._first else "],\n")
        invocation = {
            "executionSuccessful": True,
            "toolConfigurationNotifications": [
                {"level": "warning", "message": {"text": message}}
                for message in [*self.headline, *self.late_gaps(summary)]
            ],
            "toolExecutionNotifications": [
                {"level": "warning", "message": {"text": message}} for message in warnings
            ],
        }
        self.out.write(f'      "invocations": [{_dumps(invocation)}],\n')
        self.out.write(f'      "properties": {{"summary": {_dumps(summary.to_dict(self.lang))}}}\n')
        self.out.write("    }\n  ]\n}\n")
