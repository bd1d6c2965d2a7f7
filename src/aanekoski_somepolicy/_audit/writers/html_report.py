"""The HTML report: one self-contained page for a manager and for the units concerned.

The page opens offline and can be mailed: its charts are SVG drawn when the report is
written (Vega-Lite through altair, rendered by vl-convert), its style and its small
filtering and sorting script are inline, and the findings table is complete without the
script. Results stream in; the writer keeps counts and at most :data:`TABLE_LIMIT` table
rows, so memory stays flat however large the input, and the page says when rows were left
out. Results carry no password, so neither does the page.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from importlib import resources
from typing import Any, TextIO

from ..._i18n import Message
from ..._policy.catalog import Policy, Rule, default_policy
from ...exceptions import SomePolicyError
from ..run import STATUSES, AuditSummary, Result
from ..texts import day, moment, text
from ._base import ReportWriter, errors_text, severity_label, status_label
from ._charts import bar_chart_svg
from ._words import REPORT_WORDS, word

__all__ = ["TABLE_LIMIT", "HtmlWriter"]

TABLE_LIMIT = 5000
"""Most findings the page's table lists; the counts and charts always cover every finding."""


class HtmlWriter(ReportWriter):
    """A self-contained HTML page: header, charts, findings table.

    Args:
        out: Where the page goes.
        lang: The language of its words.
        policy: The policy the audit used (its texts, approvals); the shipped one by default.
        table_limit: Most rows of the findings table.
    """

    def __init__(
        self,
        out: TextIO,
        lang: str,
        policy: Policy | None = None,
        *,
        table_limit: int = TABLE_LIMIT,
    ) -> None:
        super().__init__(out, lang)
        self.policy = policy if policy is not None else default_policy()
        self.table_limit = table_limit
        self.header: dict[str, Any] = {}
        self.rows: list[dict[str, Any]] = []
        self.total_rows = 0
        self.by_unit: Counter[str] = Counter()
        self.by_service: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()

    def start(self, header: dict[str, Any]) -> None:
        """Keep the header; the page is written at the end, when the counts are known."""
        super().start(header)
        self.header = header
        self.started = datetime.now().astimezone()

    def _add_row(self, row: dict[str, Any]) -> None:
        self.total_rows += 1
        if len(self.rows) < self.table_limit:
            self.rows.append(row)

    def write(self, result: Result) -> None:
        """Count the result's failures and keep its table rows (up to the limit)."""
        base = {
            "line": result["line"],
            "person": result.get("person_id", result.get("subject_id", "")),
            "unit": result.get("unit", "") or "",
            "service": result.get("service", result.get("type", "")),
            "status": result["status"],
            "status_label": status_label(result["status"], self.lang),
            "joined": self.joined(result),
        }
        if result["status"] == "invalid":
            self._add_row({**base, "message": errors_text(result)})
        elif result["status"] == "out-of-scope":
            self._add_row({**base, "message": result["scope"]["message"]})
        for finding in result["findings"]:
            if finding["outcome"] != "fail":
                continue
            self.by_unit[base["unit"] or word("no-unit", self.lang)] += 1
            self.by_service[str(base["service"]) or "-"] += 1
            self.by_severity[finding["severity"]] += 1
            self._add_row(
                {
                    **base,
                    "rule": finding["rule"],
                    "check": finding["check"],
                    "severity": finding["severity"],
                    "severity_label": severity_label(finding["severity"], self.lang),
                    "message": finding["message"],
                    "remedy": finding.get("remedy") or "",
                    **self._rule_texts(finding["rule"], finding["check"]),
                }
            )

    def _rule(self, rule_id: str) -> Rule | None:
        # Not every finding belongs to a rule: `scope.role-recognised` has rule "scope".
        try:
            return self.policy.rule(rule_id)
        except (SomePolicyError, KeyError):
            return None  # a finding of the audit itself (scope, directory), not of a rule

    def _rule_texts(self, rule_id: str, check: str) -> dict[str, str]:
        rule = self._rule(rule_id)
        if rule is None:
            return {}
        found = {
            "rule_title": rule.title.get(self.lang),
            "rule_text": rule.statement.get(self.lang),
        }
        for element in rule.elements:
            if element.id == check:
                found["check_text"] = element.summary.get(self.lang)
        return found

    def _charts(self, summary: AuditSummary) -> list[str]:
        count = word("count", self.lang)
        rules = [
            (f"{rule} {self._rule_title(rule)}".strip(), n) for rule, n in summary.by_rule.items()
        ]
        wanted = [
            (word("by-rule", self.lang), rules),
            (word("by-check", self.lang), list(summary.by_check.items())),
            (word("by-unit", self.lang), list(self.by_unit.items())),
            (word("by-service", self.lang), list(self.by_service.items())),
        ]
        return [
            bar_chart_svg(title, counts, count, self.lang) for title, counts in wanted if counts
        ]

    def _rule_title(self, rule_id: str) -> str:
        rule = self._rule(rule_id)
        return "" if rule is None else rule.title.get(self.lang)

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write the whole page."""
        try:
            import jinja2
        except ImportError:
            raise SomePolicyError(Message("report", "needs-reports-extra")) from None
        lang = self.lang
        metadata = self.policy.metadata
        data = summary.to_dict(lang)
        template = (
            resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
        )
        environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        page = environment.from_string(template).render(
            lang=str(lang),
            w={key: value.get(lang) for key, value in REPORT_WORDS.items()},
            input=self.header.get("input", {}),
            delimiter=_delimiter(self.header.get("input", {}), lang),
            policy={
                "id": metadata.id,
                "version": metadata.version,
                "title": metadata.title.get(lang),
                "organisation": metadata.organisation.get(lang),
                "approvals": [
                    {
                        "body": approval.body.get(lang),
                        "date": day(approval.date, lang),
                        "reference": approval.reference or "",
                    }
                    for approval in metadata.approvals
                ],
            },
            written={
                "iso": self.started.isoformat(timespec="seconds"),
                "shown": moment(self.started, lang),
            },
            evaluated_on=_evaluated_on(self.header, lang),
            statuses=[
                (status, status_label(status, lang), self.number(summary.statuses[status]))
                for status in STATUSES
            ],
            records=self.number(summary.records),
            records_label=text("records", lang),
            failures=self.number(sum(summary.by_check.values())),
            by_severity=self.by_severity,
            coverage_header=self.coverage_header(),
            coverage=self.coverage_rows(summary),
            not_checked=[*self.headline, *self.late_gaps(summary)],
            verdict=self.verdict(summary),
            warnings=warnings,
            by_check={check: self.number(count) for check, count in data["by_check"].items()},
            charts=self._charts(summary),
            rows=self.rows,
            directory=self.directory,
            directory_label=text("directory-match", lang),
            total_rows=self.total_rows,
            capped=text_capped(lang, self.number(len(self.rows)), self.number(self.total_rows))
            if self.total_rows > len(self.rows)
            else "",
        )
        self.out.write(page)


def _delimiter(described: dict[str, Any], lang: str) -> str:
    """The CSV delimiter's name in ``lang`` (the JSON header keeps the English id)."""
    name = described.get("delimiter")
    if not name:
        return ""
    key = "delimiter-" + str(name).replace(" ", "-")
    return word(key, lang) if key in REPORT_WORDS else str(name)


def _evaluated_on(header: dict[str, Any], lang: str) -> dict[str, str] | None:
    """The audit's evaluation day (``--on``), which is not the day the report is written."""
    value = header.get("evaluated_on")
    if not value:
        return None
    return {"iso": value, "shown": day(date.fromisoformat(value), lang)}


def text_capped(lang: str, shown: str, total: str) -> str:
    """The sentence that says the table was cut short."""
    return REPORT_WORDS["capped"].get(lang).format(shown=shown, total=total)
