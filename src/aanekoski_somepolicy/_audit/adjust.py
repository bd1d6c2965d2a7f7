"""What an audit does to each judged record after judging it: a baseline, then waivers.

They run in the worker, through the audit's judging hook (``AuditOptions.after_judged``), so
that the summary, the exit status and every report see the adjusted result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from .._engine import Judgement
from .._i18n import Lang, Message
from .._subjects import SubjectModel
from .._waivers import Waivers, status_of
from .baseline import Baseline
from .run import Result

__all__ = ["AdjustmentCounts", "Adjustments"]


@dataclass(frozen=True)
class Adjustments:
    """A baseline's known findings left out, then waived failures marked.

    Attributes:
        waivers: The waivers, already checked against the policy and the date.
        baseline: The previous report's findings.
        on: The evaluation date (a waiver applies until its expiry).
        lang: The report's language (a waived finding's message gains the waiver).
    """

    waivers: Waivers | None
    baseline: Baseline | None
    on: date
    lang: Lang

    def __call__(
        self,
        result: Result,
        subject: SubjectModel,
        judgements: list[Judgement],
        memo: dict[str, Any],
    ) -> None:
        """Adjust one judged result in place; decide its status again when it changed."""
        changed = False
        if self.baseline is not None:
            changed = self.baseline.hide_known(result) > 0
        if self.waivers is not None:
            changed = self.waivers.apply_result(result, self.on, self.lang) or changed
        if changed:
            result["status"] = status_of(result["findings"])


@dataclass
class AdjustmentCounts:
    """What the baseline left out over a run, for the reports' warnings.

    Attributes:
        hidden: Findings left out because the baseline report has them.
        baseline: The baseline report's name.
    """

    hidden: int = 0
    baseline: str | None = None

    def add(self, result: Result) -> None:
        """Count one result."""
        self.hidden += result.get("baseline_hidden", 0)

    def warnings(self, lang: Lang | str, waived: Counter[str]) -> list[str]:
        """One warning per adjustment made: never silently fewer findings.

        Args:
            lang: The report's language.
            waived: Waived failures per check (the audit summary counts them).
        """
        found = []
        if waived:
            checks = ", ".join(f"{check} {count}" for check, count in sorted(waived.items()))
            found.append(
                Message("policy", "waived-count", count=sum(waived.values()), checks=checks).get(
                    lang
                )
            )
        if self.hidden:
            found.append(
                Message("policy", "baseline-hidden", count=self.hidden, name=self.baseline).get(
                    lang
                )
            )
        return found
