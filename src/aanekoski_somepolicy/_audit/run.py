"""Auditing registration exports: every record judged, in order, on every core.

Pass 1 streams the file for the work identities of each person (work rows need not come
first) into an on-disk index. Pass 2 streams it again and evaluates records in batches in
worker processes, with a bounded number of batches in flight, so memory stays flat whatever
the file's size. Each input record yields exactly one result: ``ok``, ``violation`` or
``invalid``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .._engine import Engine, parse_subject
from .._fields import TEXT_MAX
from .._findings import Outcome, Severity
from .._i18n import Lang
from .._messages.render import finding_to_dict
from .._policy.catalog import Policy, SubjectType, default_policy, load_policy
from .._subjects import AccountRegistration, Purpose, SubjectModel, parse_purpose
from .._validation import validate_subject
from ..exceptions import InvalidSubjectError, Problem
from .identities import WorkIdentityStore
from .readers import FieldValue, RawRecord, RecordSource, text_value

__all__ = ["AuditOptions", "AuditSummary", "Result", "audit_records", "collect_work_identities"]

Result = dict[str, Any]
_SHOWN_ID = 128


@dataclass(frozen=True)
class AuditOptions:
    """How to run an audit.

    Attributes:
        lang: Language of messages in results.
        on: Evaluation date.
        workers: Worker processes; 1 evaluates in this process.
        batch_size: Records per batch sent to a worker.
        policy_path: A policy file, or None for the shipped guideline.
        breach_corpus: A Have I Been Pwned file or folder, or None.
        all_findings: Include passes and not-applicable outcomes in results.
    """

    lang: Lang = Lang.FI
    on: date = field(default_factory=date.today)
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    batch_size: int = 256
    policy_path: Path | None = None
    breach_corpus: Path | None = None
    all_findings: bool = False


@dataclass
class AuditSummary:
    """Counts over all results; ``ok + violations + invalid + blank == rows`` always."""

    rows: int = 0
    ok: int = 0
    violations: int = 0
    invalid: int = 0
    blank: int = 0
    warnings: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_check: Counter[str] = field(default_factory=Counter)

    def add(self, result: Result) -> None:
        """Count one result."""
        self.rows += 1
        status = result["status"]
        if status == "ok":
            self.ok += 1
        elif status == "violation":
            self.violations += 1
        elif status == "blank":
            self.blank += 1
        else:
            self.invalid += 1
        for finding in result["findings"]:
            if finding["outcome"] == Outcome.FAIL.value:
                self.by_rule[finding["rule"]] += 1
                self.by_check[finding["check"]] += 1
                if finding["severity"] == Severity.WARNING.value:
                    self.warnings += 1

    def worst(self) -> Severity | None:
        """The most severe failure seen; invalid records count as violations."""
        if self.violations or self.invalid:
            return Severity.VIOLATION
        if self.warnings:
            return Severity.WARNING
        return None

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data."""
        return {
            "rows": self.rows,
            "ok": self.ok,
            "violations": self.violations,
            "invalid": self.invalid,
            "blank": self.blank,
            "by_rule": dict(sorted(self.by_rule.items(), key=lambda item: int(item[0][1:]))),
            "by_check": dict(sorted(self.by_check.items())),
        }


def collect_work_identities(records: Iterable[RawRecord], store: WorkIdentityStore) -> None:
    """Put each person's work usernames and e-mail addresses (from work rows) in ``store``."""
    for record in records:
        fields = record.fields
        if fields is None or record.error:
            continue
        person = record.text("person_id").strip()
        try:
            purpose = parse_purpose(record.text("purpose"))
        except ValueError:
            continue
        if not person or purpose is not Purpose.WORK:
            continue
        username = record.text("username").strip()
        email = record.text("email").strip()
        store.add(
            person,
            username if len(username) <= TEXT_MAX else None,
            email if len(email) <= TEXT_MAX else None,
        )


def _errors(problems: Iterable[Problem]) -> list[dict[str, str]]:
    return [{"field": problem.location, "message": problem.message} for problem in problems]


def _shown(fields: dict[str, FieldValue] | None, key: str) -> str:
    value = text_value(fields, key).strip()
    return value if len(value) <= _SHOWN_ID else value[:_SHOWN_ID] + "…"


# Worker state: one engine per process, built by _init_worker.
_ENGINE: Engine | None = None
_OPTIONS: AuditOptions | None = None


def _init_worker(options: AuditOptions) -> None:
    global _ENGINE, _OPTIONS
    policy: Policy = load_policy(options.policy_path) if options.policy_path else default_policy()
    _ENGINE = Engine(policy, breach_corpus=options.breach_corpus)
    _OPTIONS = options


def _evaluate(record: RawRecord, identities: tuple[list[str], list[str]] | None) -> Result:
    if record.data is not None:
        return _evaluate_other(record, record.data)
    fields = record.fields
    result: Result = {
        "line": record.line,
        "type": SubjectType.ACCOUNT_REGISTRATION.value,
        "subject_id": _shown(fields, "person_id"),
        "person_id": _shown(fields, "person_id"),
        "service": _shown(fields, "service"),
        "purpose": _shown(fields, "purpose"),
        "unit": _shown(fields, "unit"),
        "status": "invalid",
        "findings": [],
    }
    if record.end_line != record.line:
        result["end_line"] = record.end_line
    if record.blank:
        result["status"] = "blank"
        return result
    if fields is None or record.error:
        result["errors"] = _errors(record.problems) or [{"field": None, "message": record.error}]
        return result
    data: dict[str, Any] = dict(fields)
    data.pop("unit", None)  # carried to the result, not a field of the subject
    if identities is not None:
        for key, extra in (("work_usernames", identities[0]), ("work_emails", identities[1])):
            own = data.get(key, "")
            # A JSON array stays a list; a CSV cell is text the model splits.
            data[key] = (
                [*own, *extra] if isinstance(own, list) else " ".join(filter(None, (own, *extra)))
            )
    try:
        subject = validate_subject(AccountRegistration, data, what="registration")
    except InvalidSubjectError as error:
        result["errors"] = _errors(error.problems)
        return result
    result["purpose"] = subject.purpose.value
    return _judged(result, subject)


_REPORTED = (Outcome.FAIL, Outcome.MANUAL_REVIEW, Outcome.INSUFFICIENT_DATA)


def _judged(result: Result, subject: SubjectModel) -> Result:
    assert _ENGINE is not None and _OPTIONS is not None
    decision = _ENGINE.evaluate(subject, on=_OPTIONS.on)
    shown = (
        decision.findings
        if _OPTIONS.all_findings
        else [f for f in decision.findings if f.outcome in _REPORTED]
    )
    result["findings"] = [finding_to_dict(finding, _OPTIONS.lang) for finding in shown]
    result["status"] = "ok" if decision.allowed else "violation"
    return result


def _evaluate_other(record: RawRecord, data: dict[str, Any]) -> Result:
    """Evaluate a JSON Lines record of a subject type other than account registration."""
    kind = str(data.get("type", ""))[:40]
    identifier = data.get("id")
    result: Result = {
        "line": record.line,
        "type": kind,
        "subject_id": str(identifier)[:_SHOWN_ID] if isinstance(identifier, str | int) else "",
        "status": "invalid",
        "findings": [],
    }
    try:
        subject = parse_subject(data)
    except InvalidSubjectError as error:
        result["errors"] = _errors(error.problems)
        return result
    return _judged(result, subject)


_Batch = list[tuple[RawRecord, tuple[list[str], list[str]] | None]]


def _evaluate_batch(batch: _Batch) -> list[Result]:
    return [_evaluate(record, identities) for record, identities in batch]


def _leisure_identities(
    record: RawRecord, identities: WorkIdentityStore
) -> tuple[list[str], list[str]] | None:
    """The work identities a leisure row is compared with; other rows need no look-up."""
    person = record.text("person_id").strip()
    try:
        leisure = parse_purpose(record.text("purpose")) is Purpose.LEISURE
    except ValueError:
        return None
    return identities.get(person) if person and leisure else None


def _batches(
    records: Iterable[RawRecord], identities: WorkIdentityStore, size: int
) -> Iterator[_Batch]:
    batch: _Batch = []
    for record in records:
        batch.append((record, _leisure_identities(record, identities)))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _result_batches(
    source: RecordSource, options: AuditOptions, pool: Any
) -> Iterator[list[Result]]:
    with WorkIdentityStore() as identities:
        collect_work_identities(source.records(), identities)
        batches = _batches(source.records(), identities, options.batch_size)
        if pool is None:
            _init_worker(options)
            yield from map(_evaluate_batch, batches)
            return
        # A bounded window of batches in flight keeps memory flat (Pool.imap would read ahead).
        in_flight: deque[Any] = deque()
        for batch in batches:
            in_flight.append(pool.apply_async(_evaluate_batch, (batch,)))
            if len(in_flight) >= options.workers * 3:
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()


def audit_records(
    source: RecordSource,
    options: AuditOptions,
    *,
    on_result: Callable[[Result], None] | None = None,
) -> Iterator[Result]:
    """Audit every record of ``source``; yield one result per record, in input order.

    Args:
        source: The export.
        options: How to run.
        on_result: Called with each result as it is yielded (e.g. for progress).
    """
    # Workers start before anything is read, so they inherit none of the parent's data.
    pool = (
        multiprocessing.get_context().Pool(
            options.workers, initializer=_init_worker, initargs=(options,)
        )
        if options.workers > 1
        else None
    )
    try:
        for results in _result_batches(source, options, pool):
            for result in results:
                if on_result is not None:
                    on_result(result)
                yield result
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
