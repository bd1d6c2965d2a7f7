"""Replaying an export under a proposed policy: which records' decisions or findings change.

Replay runs the audit once (the same readers, streaming, worker processes and
nothing-lost accounting as ``somepolicy audit``) and judges each validated record under both
policies: the old one through the audit itself, the new one through the audit's judging
hook. Each record is read and validated once. Work both policies share is done once: when
the password parameters are equal, the new policy reuses the password verdict (the guess
estimate, the context and blocklist findings); when they differ only in thresholds (the
minimum length, score or context points) and banned terms, the verdict is re-judged (its
comparisons and the blocklist lookup) instead of recomputed.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .._engine import Engine, Judgement
from .._findings import Outcome, Severity
from .._passwords.judge import PasswordVerdict, verdict_sharing, with_thresholds
from .._policy.catalog import Policy
from .._subjects import SubjectModel
from .readers import RecordSource
from .run import Audit, AuditOptions, Result, options_policy

__all__ = ["Replay", "ReplaySummary", "judge_again"]


def _allowed(judgements: list[Judgement]) -> bool:
    return not any(
        j.outcome is Outcome.FAIL and j.severity is Severity.VIOLATION for j in judgements
    )


def _outcomes(judgements: list[Judgement]) -> dict[str, str]:
    """Each element's outcome, with its code when the code says more (why not applicable)."""
    return {
        j.element.id: j.outcome.value
        if j.code in (j.outcome.value, "pass", "fail")
        else f"{j.outcome.value} ({j.code})"
        for j in judgements
    }


def _failed(state: str | None) -> bool:
    return state is not None and state.split(" ", 1)[0] == Outcome.FAIL.value


# The new policy's engine in this process, built on first use.
_NEW: tuple[Policy, Engine] | None = None


def _engine_for(policy: Policy, breach_corpus: Any) -> Engine:
    global _NEW
    if _NEW is None or _NEW[0] is not policy:
        _NEW = (policy, Engine(policy, breach_corpus=breach_corpus))
    return _NEW[1]


def _shared_memo(
    memo: dict[str, Any], subject: SubjectModel, new: Policy, sharing: str
) -> dict[str, Any]:
    """What the new policy's evaluation may reuse of the old one's."""
    verdict = memo.get("password")
    if not isinstance(verdict, PasswordVerdict) or sharing == "none":
        return {}
    if sharing == "same":
        return {"password": verdict}
    password = getattr(subject, "password", None)
    mfa = bool(getattr(subject, "mfa", False))
    if password is None:
        return {}
    return {
        "password": with_thresholds(
            verdict, new.parameters.password, password=password.get_secret_value(), mfa=mfa
        )
    }


def judge_again(
    new: Policy,
    sharing: str,
    breach_corpus: Any,
    on: Any,
    result: Result,
    subject: SubjectModel,
    judgements: list[Judgement],
    memo: dict[str, Any],
) -> None:
    """The audit's judging hook: judge ``subject`` under the new policy too.

    Adds ``result["replay"]``: the decision under each policy, the elements whose outcome
    differs (old and new outcome), and the elements failed under either policy.
    """
    engine = _engine_for(new, breach_corpus)
    again = engine.judge(subject, on=on, memo=_shared_memo(memo, subject, new, sharing))
    before, after = _outcomes(judgements), _outcomes(again)
    changed = {
        check: [before.get(check, "not-evaluated"), after.get(check, "not-evaluated")]
        for check in {**before, **after}
        if before.get(check) != after.get(check)
    }
    failed = [
        (check, int(_failed(before.get(check))), int(_failed(after.get(check))))
        for check in {**before, **after}
        if _failed(before.get(check)) or _failed(after.get(check))
    ]
    result["replay"] = {
        "allowed": [_allowed(judgements), _allowed(again)],
        "changed": changed,
        "failed": failed,
    }


@dataclass
class CheckChange:
    """How one element's outcomes changed over the records.

    Attributes:
        failed_before: Records it failed under the old policy.
        failed_after: Records it fails under the new policy.
        newly_failed: Records it fails now and did not before.
        newly_failed_were_allowed: Of those, the records the old policy allowed.
        no_longer_failed: Records it failed before and does not now.
        other: Records whose outcome changed otherwise (e.g. manual review raised).
    """

    failed_before: int = 0
    failed_after: int = 0
    newly_failed: int = 0
    newly_failed_were_allowed: int = 0
    no_longer_failed: int = 0
    other: int = 0


@dataclass
class ReplaySummary:
    """Counts over a replay: records, changes, decisions flipped, and per element.

    Attributes:
        records: Records read (every one has a result; the audit reconciles the count).
        judged: Records judged under both policies (the rest are blank, invalid ...).
        changed: Records whose decision or any element's outcome changed.
        allowed_to_denied: Records the old policy allowed and the new one denies.
        denied_to_allowed: Records the old policy denied and the new one allows.
        checks: Per element, how its outcomes changed.
    """

    records: int = 0
    judged: int = 0
    changed: int = 0
    allowed_to_denied: int = 0
    denied_to_allowed: int = 0
    checks: dict[str, CheckChange] = field(default_factory=dict)

    def add(self, result: Result) -> None:
        """Count one result of the replay's audit."""
        self.records += 1
        replay = result.get("replay")
        if replay is None:
            return
        self.judged += 1
        before, after = replay["allowed"]
        if before and not after:
            self.allowed_to_denied += 1
        elif after and not before:
            self.denied_to_allowed += 1
        if replay["changed"] or before != after:
            self.changed += 1
        for check, (was, now) in replay["changed"].items():
            counts = self.checks.setdefault(check, CheckChange())
            if _failed(now) and not _failed(was):
                counts.newly_failed += 1
                counts.newly_failed_were_allowed += int(before)
            elif _failed(was) and not _failed(now):
                counts.no_longer_failed += 1
            else:
                counts.other += 1
        for check, was_failed, is_failed in replay["failed"]:
            counts = self.checks.setdefault(check, CheckChange())
            counts.failed_before += was_failed
            counts.failed_after += is_failed

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data."""
        return {
            "records": self.records,
            "judged": self.judged,
            "changed": self.changed,
            "allowed_to_denied": self.allowed_to_denied,
            "denied_to_allowed": self.denied_to_allowed,
            "checks": {
                check: dataclasses.asdict(counts) for check, counts in sorted(self.checks.items())
            },
        }


class Replay(Audit):
    """An audit under the old policy that judges every record under the new one too.

    Use as a context manager, like :class:`~.run.Audit`; :attr:`changes` counts what the
    change does, :attr:`summary` is the audit's own (under the old policy)::

        with Replay(source, options, new_policy) as replay:
            for result in replay.results():   # every record, in order
                result.get("replay")          # decisions and changed outcomes
        replay.changes

    Args:
        source: The export.
        options: How to run the audit (its policy is the old one).
        new: The proposed policy.
    """

    def __init__(self, source: RecordSource, options: AuditOptions, new: Policy) -> None:
        self.old = options_policy(options)
        self.new = new
        self.sharing = verdict_sharing(self.old.parameters.password, new.parameters.password)
        hook = functools.partial(judge_again, new, self.sharing, options.breach_corpus, options.on)
        super().__init__(source, dataclasses.replace(options, after_judged=hook))
        self.changes = ReplaySummary()

    def __enter__(self) -> Replay:
        super().__enter__()
        return self

    def results(self) -> Iterator[Result]:
        """Every record's result, in input order, each counted; the audit reconciles them."""
        for result in super().results():
            self.changes.add(result)
            yield result
