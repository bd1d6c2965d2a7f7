"""Auditing registration exports: every record judged, in order, on every core.

Pass 1 streams the file for the work identities of each person (work rows need not come
first) into an on-disk index, and counts the records; it reads only the columns it needs
(:meth:`RecordSource.select`), and with several workers the index is written by a process
of its own while it reads. Pass 2 evaluates records in batches in
worker processes, with a bounded number of batches in flight, so memory stays flat whatever
the file's size. Each input record yields exactly one result, whose status is ``ok``,
``violation``, ``warning``, ``invalid``, ``out-of-scope`` or ``blank``.

A delimited file is read in pass 2 by the workers themselves: pass 1 notes where each batch
starts (:mod:`.plan`), and a worker reads, parses and judges its part, so the parent only
merges results in order. Other inputs (standard input, Excel, JSON) are read by the parent,
and only flat, bounded data crosses to a worker: a registration's canonical fields as a
tuple of strings, or another subject's JSON text; records that need no evaluation (blank,
unreadable) are settled in the parent.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import signal
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from .._checks import declared_checks
from .._engine import Engine, Judgement, parse_subject
from .._fields import TEXT_MAX
from .._findings import Outcome, Severity
from .._i18n import Lang, Message, localize
from .._messages.render import finding_to_dict
from .._policy.catalog import Policy, SubjectType
from .._policy.overlays import compose_policy
from .._policy.roles import RoleVocabulary, UnknownRolePolicy, accepted_roles
from .._policy.scope import BindingReason
from .._policy.scope_checks import ROLE_RECOGNISED
from .._subjects import AccountRegistration, Purpose, SubjectModel, parse_purpose
from .._subjects.registration import plain_registration
from .._validation import validate_subject
from ..exceptions import InvalidSubjectError, Problem
from .directory import AMBIGUOUS, METHODS, NO_ENTRY, DirectoryIndex, DirectoryLookup
from .directory import directory_verdict as _directory_verdict
from .identities import SAMPLE, IdentityIndex, WorkIdentities, WorkIdentityStore
from .plan import PartPlan
from .readers import COLUMNS, FieldValue, RawRecord, RecordSource, UnreadableInputError
from .readers.delimited import DelimitedPart
from .readers.directory import open_directory
from .readers.limits import MAX_DEPTH
from .texts import OPTIONS, columns_text, text

__all__ = [
    "STATUSES",
    "Audit",
    "AuditOptions",
    "AuditSummary",
    "CheckGap",
    "Result",
    "UnknownRolePolicy",
    "audit_records",
    "judge_into",
    "options_policy",
    "prepare_engine",
    "registration_checks",
]

Result = dict[str, Any]
STATUSES = ("ok", "violation", "warning", "invalid", "out-of-scope", "blank")
"""Every status a result can have; the summary's counts of them add up to the records read."""

_SHOWN_ID = 128
_SHOWN_RANGES = 100
_SHOWN_ROLES = 20
_OUT_OF_SCOPE = frozenset(
    {BindingReason.ROLE_OUT_OF_SCOPE, BindingReason.NOT_STARTED, BindingReason.SERVICE_ENDED}
)
_WORK_LISTS = ("work_usernames", "work_emails")
_REGISTRATION = SubjectType.ACCOUNT_REGISTRATION.value
# Columns the registration model does not take (hash columns: see audit-hashes).
_NOT_MODEL = frozenset({"unit", *_WORK_LISTS, "nt_hash", "lm_hash"})
_LIST_SPLIT = re.compile(r"[\s,;|]+")
_UNKNOWN_ROLE_CHECK = ROLE_RECOGNISED
_SEPARATE_CHECK = "R9.separate-work-leisure-usernames"


@dataclass(frozen=True)
class AuditOptions:
    """How to run an audit.

    Attributes:
        lang: Language of messages in results.
        on: Evaluation date.
        workers: Worker processes; 1 evaluates in this process.
        batch_size: Records per batch sent to a worker.
        policy_path: A policy file, or None for the shipped guideline.
        overlays: Overlay files applied to the policy in order (``docs/policy-change.md``).
        breach_corpus: A Have I Been Pwned file or folder, or None.
        all_findings: Include passes and not-applicable outcomes in results.
        role_aliases: A file of further role spellings (``spelling = role`` lines).
        unknown_role: What an unrecognised role makes of its record.
        directories: Directory exports (Entra ID, Active Directory, LDIF, a table): the
            source of work identities and city domains.
        after_judged: Called in the worker with each judged record (result, subject,
            judgements, the checks' memo); a replay's second policy (``_audit/replay.py``).
    """

    lang: Lang = Lang.FI
    on: date = field(default_factory=date.today)
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    batch_size: int = 1024
    policy_path: Path | None = None
    overlays: tuple[Path, ...] = ()
    breach_corpus: Path | None = None
    all_findings: bool = False
    role_aliases: Path | None = None
    unknown_role: UnknownRolePolicy = UnknownRolePolicy.BOUND
    directories: tuple[Path, ...] = ()
    after_judged: Callable[[Result, SubjectModel, list[Judgement], dict[str, Any]], None] | None = (
        None
    )


def options_policy(options: AuditOptions) -> Policy:
    """The policy an audit runs: its file (or the shipped guideline) with its overlays."""
    return compose_policy(options.policy_path, options.overlays)


def registration_checks(policy: Policy) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """The account-registration checks of ``policy``, each with the columns it declares."""
    return declared_checks(policy, SubjectType.ACCOUNT_REGISTRATION)


@dataclass(frozen=True)
class CheckGap:
    """A check that could not run on any record, and why.

    Attributes:
        check: The element id.
        reason: ``column-absent``, ``value-blank`` or ``not-configured`` (an option).
        columns: The columns it needs.
    """

    check: str
    reason: str
    columns: tuple[str, ...]

    def message(self, lang: Lang | str) -> str:
        """The headline sentence, e.g. "R9.… was not checked: no e-mail column"."""
        key = {
            "column-absent": "not-checked-absent",
            "value-blank": "not-checked-blank",
            "not-configured": "not-checked-option",
            NO_ENTRY: "not-checked-directory",
            AMBIGUOUS: "not-checked-directory",
        }[self.reason]
        return text(key, lang, check=self.check, columns=columns_text(self.columns, lang))

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        """Return the gap as JSON-ready data."""
        return {
            "check": self.check,
            "reason": self.reason,
            "columns": list(self.columns),
            "message": self.message(lang),
        }


def _gap(
    check: str, needs: dict[str, tuple[str, ...]], code: str, available: frozenset[str]
) -> CheckGap:
    if code in (NO_ENTRY, AMBIGUOUS):  # directory (issue 16): the row had no one entry
        return CheckGap(check, code, ("directory",))
    columns = needs.get(code, ())
    return CheckGap(check, _reason(columns, available), columns)


def _reason(columns: tuple[str, ...], available: frozenset[str]) -> str:
    if any(column in available for column in columns):
        return "value-blank"
    return "not-configured" if all(column in OPTIONS for column in columns) else "column-absent"


def predicted_gaps(
    checks: list[tuple[str, dict[str, tuple[str, ...]]]], available: frozenset[str]
) -> list[CheckGap]:
    """Checks that cannot run on any record, because every column an input needs is absent."""
    gaps = []
    for check, needs in checks:
        for columns in needs.values():
            if not any(column in available for column in columns):
                gaps.append(CheckGap(check, _reason(columns, available), columns))
                break
    return gaps


@dataclass
class AuditSummary:
    """Counts over all results: statuses, failures, and per check what ran and what not.

    ``records`` counts the records read from the input (by the audit, as it reads) and
    ``results`` the results counted; both always equal the sum of the status counts, and
    :meth:`reconcile` raises otherwise.
    """

    records: int = 0
    results: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    warnings: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_check: Counter[str] = field(default_factory=Counter)
    coverage: dict[str, Counter[str]] = field(default_factory=dict)
    out_of_scope: Counter[str] = field(default_factory=Counter)
    blank_ranges: list[tuple[int, int]] = field(default_factory=list)
    blank_more: int = 0
    unknown_roles: dict[str, int] = field(default_factory=dict)
    unknown_more: int = 0
    checks: list[tuple[str, dict[str, tuple[str, ...]]]] = field(default_factory=list)
    available: frozenset[str] = frozenset()
    waived: Counter[str] = field(default_factory=Counter)
    # Directory (issue 16): joins per method, the entries read, and what the files said.
    directory: Counter[str] = field(default_factory=Counter)
    directory_entries: int | None = None
    directory_files: list[dict[str, Any]] = field(default_factory=list)
    directory_notes: list[Message] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Records read (the historical name)."""
        return self.records

    @property
    def ok(self) -> int:
        """Records with status ``ok``."""
        return self.statuses["ok"]

    @property
    def violations(self) -> int:
        """Records with status ``violation``."""
        return self.statuses["violation"]

    @property
    def invalid(self) -> int:
        """Records with status ``invalid``."""
        return self.statuses["invalid"]

    def add(self, result: Result) -> None:
        """Count one result."""
        self.results += 1
        joined = result.get("directory")
        if joined is not None:
            self.directory[joined["match"]] += 1
        status = result["status"]
        self.statuses[status] += 1
        if status == "blank":
            line: int = result["line"]
            self._blank(line, result.get("end_line", line))
        elif status == "out-of-scope":
            self.out_of_scope[result["scope"]["reason"]] += 1
        for finding in result["findings"]:
            if finding["check"] == _UNKNOWN_ROLE_CHECK:
                self._unknown_role(str(finding["facts"].get("role", "")))
            if finding["outcome"] == Outcome.WAIVED.value:
                self.waived[finding["check"]] += 1  # counted apart, never as a failure
            if finding["outcome"] == Outcome.FAIL.value:
                self.by_rule[finding["rule"]] += 1
                self.by_check[finding["check"]] += 1
                if finding["severity"] == Severity.WARNING.value:
                    self.warnings += 1
        for error in result.get("errors", ()):
            role = error.get("role")
            if role is not None:
                self._unknown_role(role)

    def _blank(self, start: int, end: int) -> None:
        if self.blank_ranges and self.blank_ranges[-1][1] + 1 >= start:
            self.blank_ranges[-1] = (self.blank_ranges[-1][0], end)
        elif len(self.blank_ranges) < _SHOWN_RANGES:
            self.blank_ranges.append((start, end))
        else:
            self.blank_more += 1

    def _unknown_role(self, role: str) -> None:
        if role in self.unknown_roles or len(self.unknown_roles) < _SHOWN_ROLES:
            self.unknown_roles[role] = self.unknown_roles.get(role, 0) + 1
        else:
            self.unknown_more += 1

    def add_coverage(self, counts: Counter[tuple[str, str]]) -> None:
        """Add a batch's per-check outcome counts (``(check, state)`` keys)."""
        for (check, state), count in counts.items():
            self.coverage.setdefault(check, Counter())[state] += count

    def reconcile(self) -> None:
        """Check that every record read has exactly one status.

        Raises:
            RuntimeError: The counts do not add up (a record was lost or counted twice).
        """
        total = sum(self.statuses[status] for status in STATUSES)
        if not self.records == self.results == total or set(self.statuses) - set(STATUSES):
            raise RuntimeError(
                f"audit accounting is off: {self.records} records read, "
                f"{self.results} results, {total} statuses"
            )

    def gaps(self) -> list[CheckGap]:
        """Checks that ran on no record although records needed them, with the reason."""
        gaps = []
        for check, needs in self.checks:
            counts = self.coverage.get(check, Counter())
            if counts["passed"] or counts["failed"]:
                continue
            missing = [
                (count, state) for state, count in counts.items() if state.startswith("missing:")
            ]
            if missing:
                code = max(missing)[1].removeprefix("missing:")
                gaps.append(_gap(check, needs, code, self.available))
        return gaps

    def worst(self) -> Severity | None:
        """The most severe status seen; invalid records count as violations."""
        if self.violations or self.invalid:
            return Severity.VIOLATION
        if self.statuses["warning"] or self.statuses["blank"] or self.warnings:
            return Severity.WARNING
        return None

    def blank_lines(self) -> str:
        """The blank records' lines as ranges: ``4-6, 9``."""
        shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.blank_ranges)
        return shown + (f" (+{self.blank_more})" if self.blank_more else "")

    def warning_texts(self, lang: Lang | str, unknown_role: UnknownRolePolicy) -> list[str]:
        """The report's own warnings: blank records and unknown roles, each said once."""
        found = []
        if self.statuses["blank"]:
            found.append(
                text("blank-records", lang, count=self.statuses["blank"], lines=self.blank_lines())
            )
        if self.unknown_roles:
            roles = ", ".join(repr(role) for role in self.unknown_roles)
            if self.unknown_more:
                roles += f" (+{self.unknown_more})"
            key = (
                "unknown-roles"
                if unknown_role is UnknownRolePolicy.BOUND
                else "unknown-roles-invalid"
            )
            found.append(text(key, lang, roles=roles, accepted=accepted_roles(lang)))
        if self.directory_entries is not None:
            found.append(self._directory_text(lang))
            found.extend(localize(note, Lang(lang)) for note in self.directory_notes)
        return found

    def _directory_text(self, lang: Lang | str) -> str:
        counts = {method.replace("-", "_"): self.directory[method] for method in METHODS}
        return text("directory-summary", lang, entries=self.directory_entries, **counts)

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        """Return the summary as JSON-ready data."""
        coverage = {}
        for check, needs in self.checks:
            counts = self.coverage.get(check, Counter())
            missing = sum(n for state, n in counts.items() if state.startswith("missing:"))
            reasons: dict[str, int] = {}
            needed: dict[str, list[str]] = {}
            for state, n in counts.items():
                if state.startswith("missing:"):
                    gap = _gap(check, needs, state.removeprefix("missing:"), self.available)
                    reasons[gap.reason] = reasons.get(gap.reason, 0) + n
                    needed.setdefault(gap.reason, list(gap.columns))
            unreadable = counts["value-unreadable"]
            if unreadable:
                reasons["value-unreadable"] = unreadable
                needed["value-unreadable"] = sorted({c for cols in needs.values() for c in cols})
            coverage[check] = {
                "ran": counts["passed"] + counts["failed"],
                "passed": counts["passed"],
                "failed": counts["failed"],
                "not_applicable": counts["not-applicable"],
                "not_run": missing + unreadable,
                "not_run_reasons": reasons,
                "not_run_columns": needed,
            }
        data = {
            "records": self.records,
            "statuses": {status: self.statuses[status] for status in STATUSES},
            "rows": self.records,
            "ok": self.ok,
            "violations": self.violations,
            "invalid": self.invalid,
            "out_of_scope_reasons": dict(sorted(self.out_of_scope.items())),
            "blank_lines": self.blank_lines(),
            "by_rule": dict(sorted(self.by_rule.items(), key=lambda item: _rule_order(item[0]))),
            "by_check": dict(sorted(self.by_check.items())),
            "coverage": coverage,
            "not_checked": [gap.to_dict(lang) for gap in self.gaps()],
        } | self._directory_dict()
        if self.waived:
            # Only with --waivers, so that reports without waivers keep their shape.
            data["waived"] = dict(sorted(self.waived.items()))
        return data

    def _directory_dict(self) -> dict[str, Any]:
        if self.directory_entries is None:
            return {}
        return {
            "directory": {
                "entries": self.directory_entries,
                "files": self.directory_files,
                "matched_by": {method: self.directory[method] for method in METHODS},
            }
        }


def _rule_order(rule: str) -> tuple[int, str]:
    return (int(rule[1:]), rule) if rule[1:].isdigit() else (1000, rule)


# Worker state: one engine per process, built by _init_worker.
_ENGINE: Engine | None = None
_OPTIONS: AuditOptions | None = None
_ROLES: RoleVocabulary | None = None
_INDEX: IdentityIndex | None = None
_DIRECTORY: DirectoryLookup | None = None
_NEEDS: dict[str, dict[str, tuple[str, ...]]] = {}


AUDIT_GC_THRESHOLD = (50_000, 20, 20)


def _init_worker(options: AuditOptions, in_worker: bool = True) -> None:
    global _ENGINE, _OPTIONS, _ROLES
    if in_worker:
        # The parent stops workers (SIGTERM); Ctrl-C reaches only the parent's handling.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    policy = options_policy(options)
    _ENGINE = Engine(policy, breach_corpus=options.breach_corpus)
    _OPTIONS = options
    _ROLES = RoleVocabulary.of(policy.scope.role_aliases, options.role_aliases)
    _NEEDS.clear()
    _NEEDS.update(registration_checks(policy))
    _PATTERNS.clear()
    _SCOPES.clear()
    if in_worker:
        # The modules, the policy and the engine live as long as the worker: frozen, they
        # are not walked again by every full collection the per-row dicts trigger.
        gc.freeze()
        # A part's results are live until it is sent: at the default threshold (700) each
        # young collection walks them again, though they hold no cycle to collect. Rarer
        # collections cost about 1 us a row less (docs/performance.md, round 4); memory is
        # the same (live objects, not garbage). Only the workers: the audit's own processes.
        gc.set_threshold(*AUDIT_GC_THRESHOLD)


def _index(path: str | None) -> IdentityIndex | None:
    global _INDEX
    if path is None:
        return None
    if _INDEX is None or _INDEX.path != path:
        if _INDEX is not None:
            _INDEX.close()
        _INDEX = IdentityIndex(path)
    return _INDEX


def _directory(path: str | None) -> DirectoryLookup | None:
    global _DIRECTORY
    if path is None:
        return None
    if _DIRECTORY is None or _DIRECTORY.path != path:
        if _DIRECTORY is not None:
            _DIRECTORY.close()
        _DIRECTORY = DirectoryLookup(path)
    return _DIRECTORY


def _errors(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    return [{"field": problem.location, "message": problem.message} for problem in problems]


def _localize_errors(result: Result, lang: Lang) -> None:
    """Word a result's errors (reader and validation messages) in the report's language."""
    for error in result["errors"]:
        error["message"] = localize(error["message"], lang)


def _shown(value: object) -> str:
    if type(value) is str and len(value) <= _SHOWN_ID:
        return value.strip()  # the common case: short text, shown whole
    if value is None:
        return ""  # an absent column (often the unit): no type checks on every record
    if isinstance(value, list | tuple):
        value = " ".join(str(item) for item in value)
    text_value = value.strip() if isinstance(value, str) else ""
    return text_value if len(text_value) <= _SHOWN_ID else text_value[:_SHOWN_ID] + "…"


def _registration_result(line: int, end_line: int, fields: dict[str, Any]) -> Result:
    person = _shown(fields.get("person_id"))
    result: Result = {
        "line": line,
        "type": _REGISTRATION,
        "subject_id": person,
        "person_id": person,
        "service": _shown(fields.get("service")),
        "purpose": _shown(fields.get("purpose")),
        "unit": _shown(fields.get("unit")),
        "status": "invalid",
        "findings": [],
    }
    if end_line != line:
        result["end_line"] = end_line
    return result


def _identity_values(value: str | list[str] | None) -> list[str]:
    """A work-identity cell as a list: JSON arrays stay whole, CSV cells split."""
    if value is None:
        return []
    items = value if isinstance(value, list) else _LIST_SPLIT.split(value)
    return [item.strip() for item in items if item.strip() and len(item.strip()) <= TEXT_MAX]


def _purpose(value: object) -> Purpose | None:
    try:
        return parse_purpose(value) if isinstance(value, str) else None
    except ValueError:
        return None


_Request = tuple[str, str | None, int]
_LEISURE = Purpose.LEISURE  # read per record: a module name is faster than an enum member


def _identity_request(fields: dict[str, Any]) -> _Request | None:
    """The identity look-up a registration needs: person, compared username, sample size.

    Only a leisure username to compare, or a password to judge, needs the identities.
    """
    person = fields.get("person_id")
    has_password = bool(fields.get("password"))
    username = fields.get("username")
    compared = (
        username
        if isinstance(username, str)
        and username.strip()
        and _purpose(fields.get("purpose")) is _LEISURE
        else None
    )
    if (compared is None and not has_password) or not isinstance(person, str):
        return None
    person = person.strip()
    return (person, compared, SAMPLE if has_password else 0) if person else None


def _fields(values: tuple[Any, ...]) -> dict[str, Any]:
    return {name: value for name, value in zip(COLUMNS, values, strict=True) if value is not None}


def _evaluate_registration(
    line: int,
    end_line: int,
    fields: dict[str, Any],
    identities: WorkIdentities | None,
    directory: DirectoryLookup | None = None,
) -> tuple[Result, _Pattern | None]:
    """Judge one registration, given the person's work identities (see _identity_request)."""
    assert _ROLES is not None and _OPTIONS is not None
    result = _registration_result(line, end_line, fields)
    # A copy without the columns the model does not take (a comprehension costs twice this).
    data: dict[str, Any] = dict(fields)
    for key in _NOT_MODEL.intersection(fields):
        del data[key]
    unknown: str | None = None
    role_text = fields.get("role")
    if isinstance(role_text, str) and role_text.strip():
        role = _ROLES.lookup(role_text)
        if role is None:
            unknown = _shown(role_text)
            if _OPTIONS.unknown_role is UnknownRolePolicy.INVALID:
                message = text("unknown-role-invalid", _OPTIONS.lang, role=repr(unknown))
                result["errors"] = [{"field": "role", "message": message, "role": unknown}]
                return result, None
        data["role"] = role
    # Every work identity of the person is in the index (the row's own lists included);
    # the model gets the ones that equal the leisure username, and a sample for context.
    if identities is not None:
        data["work_usernames"] = identities.usernames
        data["work_emails"] = identities.emails
    # Most rows need none of validation's work (see plain_registration); the rest get it all.
    subject = plain_registration(data)
    try:
        if subject is None:
            subject = validate_subject(AccountRegistration, data, what="registration")
    except InvalidSubjectError as error:
        result["errors"] = _errors(error.problems)
        return result, None
    result["purpose"] = subject.purpose.value
    # Directory (issue 16): join the row, compare its leisure values with the directory.
    verdict = (
        _directory_verdict(
            directory,
            fields,
            work=subject.purpose is Purpose.WORK,
            leisure=subject.purpose is Purpose.LEISURE,
        )
        if directory is not None
        else None
    )
    pattern = _judged(result, subject, verdict.adjust if verdict is not None else None)
    if verdict is not None:
        verdict.annotate(result, _OPTIONS.lang)
    if unknown is not None:
        result["findings"].insert(0, _unknown_role_finding(unknown))
        if result["status"] in ("ok", "out-of-scope"):
            result["status"] = "warning"
    if identities is not None and _OPTIONS.all_findings:
        # The model saw a bounded sample; the comparison covered all of them.
        for finding in result["findings"]:
            if finding["check"] == _SEPARATE_CHECK and "compared" in finding["facts"]:
                finding["facts"] = {**finding["facts"], "compared": identities.total}
    return result, pattern


def _unknown_role_finding(role: str) -> dict[str, Any]:
    assert _OPTIONS is not None
    lang = _OPTIONS.lang
    return {
        "rule": "scope",
        "check": _UNKNOWN_ROLE_CHECK,
        "outcome": Outcome.FAIL.value,
        "severity": Severity.WARNING.value,
        "code": "unknown-role",
        "message": text("unknown-role", lang, role=repr(role)),
        "remedy": text("unknown-role-remedy", lang, role=role),
        "facts": {"role": role},
    }


_REPORTED = (Outcome.FAIL, Outcome.MANUAL_REVIEW, Outcome.INSUFFICIENT_DATA)
# A judgement's (outcome, code), read in C: its pattern's part (see _PATTERNS).
_OUTCOME_CODE = itemgetter(1, 2)


def _judged(
    result: Result,
    subject: SubjectModel,
    adjust: Callable[[list[Judgement]], list[Judgement]] | None = None,
) -> _Pattern:
    """Judge ``subject`` into ``result``; return the outcome pattern (see _PATTERNS)."""
    return _judged_with(result, subject, adjust)[0]


def _judged_with(
    result: Result,
    subject: SubjectModel,
    adjust: Callable[[list[Judgement]], list[Judgement]] | None = None,
) -> tuple[_Pattern, list[Judgement]]:
    # Only reported outcomes are worded: a pass costs no message in any language.
    assert _ENGINE is not None and _OPTIONS is not None
    memo: dict[str, Any] = {}
    judgements = _ENGINE.judge(subject, on=_OPTIONS.on, memo=memo)
    if adjust is not None:
        judgements = adjust(judgements)
    lang = _OPTIONS.lang
    pattern = (subject.subject_type, tuple(map(_OUTCOME_CODE, judgements)))
    learnt = _PATTERNS.get(pattern)
    if learnt is None:
        learnt = _learn(pattern, judgements)
    status, _, reported = learnt
    # The pattern says which judgements are reported: most records word none.
    result["findings"] = (
        [finding_to_dict(judgements[index].finding(), lang) for index in reported]
        if reported
        else []
    )
    if status is None:
        result["status"] = "out-of-scope"
        result["scope"] = _scope_dict(judgements[0], lang)
    else:
        result["status"] = status
    if _OPTIONS.after_judged is not None:
        # A replay judges the record under its second policy too (_audit/replay.py).
        _OPTIONS.after_judged(result, subject, judgements, memo)
    return pattern, judgements


# A record's outcome pattern: its subject type, and each judgement's outcome and code in the
# engine's (fixed) order of elements. Few distinct patterns, many records: each pattern's
# status (None: out of scope, whose wording depends on the record) and coverage keys are
# worked out once. Every check declares its codes, so the patterns are finitely many.
_Pattern = tuple[SubjectType, tuple[tuple[Outcome, str], ...]]
# Per pattern: the status, the coverage keys, and the indices of the judgements reported.
_Learnt = tuple[str | None, tuple[tuple[str, str], ...], tuple[int, ...]]
_PATTERNS: dict[_Pattern, _Learnt] = {}
# An out-of-scope record's scope, worded once per settled judgement: the engine shares one
# (immutable) judgement among the records of a scope. Keyed by identity, holding the
# judgement so that its id stays its own while cached. Bounded.
_SCOPES: dict[int, tuple[Judgement, dict[str, Any]]] = {}
_SCOPES_MAX = 1024


def _scope_dict(judgement: Judgement, lang: Lang) -> dict[str, Any]:
    """What an out-of-scope result says of its scope: reason, role and message."""
    cached = _SCOPES.get(id(judgement))
    if cached is None or cached[0] is not judgement:
        first = judgement.finding()
        scope = {
            "reason": first.code,
            "role": first.facts.get("role"),
            "message": first.message.get(lang),
        }
        if len(_SCOPES) >= _SCOPES_MAX:
            _SCOPES.clear()
        cached = _SCOPES[id(judgement)] = (judgement, scope)
    return dict(cached[1])  # each result its own dict: a caller may change one


def _learn(pattern: _Pattern, judgements: list[Judgement]) -> _Learnt:
    failed = [j.severity for j in judgements if j.outcome is Outcome.FAIL]
    status: str | None
    if Severity.VIOLATION in failed:
        status = "violation"
    elif Severity.WARNING in failed or any(
        j.outcome in (Outcome.INSUFFICIENT_DATA, Outcome.MANUAL_REVIEW) for j in judgements
    ):
        # A check that could not judge a value, or asks a person to, is no pass.
        status = "warning"
    elif judgements and all(
        j.outcome is Outcome.NOT_APPLICABLE and j.code in _OUT_OF_SCOPE for j in judgements
    ):
        status = None
    else:
        status = "ok"
    keys = (_coverage_key(j.element.id, j.outcome, j.code) for j in judgements)
    assert _OPTIONS is not None
    every = _OPTIONS.all_findings
    reported = tuple(i for i, j in enumerate(judgements) if every or j.outcome in _REPORTED)
    learnt = _PATTERNS[pattern] = (status, tuple(key for key in keys if key is not None), reported)
    return learnt


def _coverage(patterns: Counter[_Pattern], counts: Counter[tuple[str, str]]) -> None:
    """Add the coverage of a batch's outcome patterns (each counted) to ``counts``."""
    for pattern, number in patterns.items():
        for key in _PATTERNS[pattern][1]:
            counts[key] += number


def _coverage_key(check: str, outcome: Outcome, code: str) -> tuple[str, str] | None:
    needs = _NEEDS.get(check)
    if needs is None:
        return None
    if outcome is Outcome.PASS:
        return check, "passed"
    if outcome is Outcome.FAIL:
        return check, "failed"
    if code in needs or code in (NO_ENTRY, AMBIGUOUS):
        return check, "missing:" + code
    if outcome is Outcome.INSUFFICIENT_DATA:
        # The value is there but cannot be judged (an address without an at-sign): the
        # check did not run on it, and coverage must not count it as not applicable.
        return check, "value-unreadable"
    return check, "not-applicable"


def _evaluate_other(line: int, payload: str) -> Result:
    """Evaluate a JSON Lines record of a subject type other than account registration."""
    data = json.loads(payload)
    kind = str(data.get("type", ""))[:40]
    identifier = data.get("id")
    result: Result = {
        "line": line,
        "type": kind,
        "subject_id": str(identifier)[:_SHOWN_ID] if isinstance(identifier, str | int) else "",
        "status": "invalid",
        "findings": [],
    }
    assert _OPTIONS is not None
    try:
        subject = parse_subject(data, roles=_ROLES, unknown_role=_OPTIONS.unknown_role)
    except InvalidSubjectError as error:
        result["errors"] = _errors(error.problems)
        return result
    _judged(result, subject)
    # An author's unknown role, as a registration's: bound, with the warning (--unknown-role).
    for role in reversed(subject.unrecognised_roles):
        result["findings"].insert(0, _unknown_role_finding(role))
        if result["status"] in ("ok", "out-of-scope"):
            result["status"] = "warning"
    return result


# What crosses to a worker: (slot, line, end_line, canonical field values) for a
# registration, (slot, line, end_line, JSON text) for another subject. Flat and bounded.
# A worker reading its own part keeps a registration's fields as read (a dict).
_Item = tuple[int, int, int, tuple[Any, ...] | str | dict[str, Any]]
_Counts = Counter[tuple[str, str]]
_Done = tuple[list[tuple[int, Result]], _Counts]


def _evaluate_batch(
    index_path: str | None, items: list[_Item], directory_path: str | None = None
) -> _Done:
    index = _index(index_path)
    directory = _directory(directory_path)
    counts: Counter[tuple[str, str]] = Counter()
    patterns: Counter[_Pattern] = Counter()
    done: list[tuple[int, Result]] = []
    rows: list[tuple[int, int, int, dict[str, Any] | str, _Request | None]] = []
    for slot, line, end_line, payload in items:
        if isinstance(payload, str):
            rows.append((slot, line, end_line, payload, None))
        else:
            values = payload if isinstance(payload, dict) else _fields(payload)
            rows.append((slot, line, end_line, values, _identity_request(values)))
    if index is not None:
        # One look-up for the batch, not one per record (a query cost more than a check).
        index.prefetch(row[4][:2] for row in rows if row[4] is not None and not row[4][2])
    for slot, line, end_line, fields, request in rows:
        if isinstance(fields, str):
            done.append((slot, _evaluate_other(line, fields)))
            continue
        identities = index.get(*request) if request is not None and index is not None else None
        result, pattern = _evaluate_registration(line, end_line, fields, identities, directory)
        if pattern is not None:
            patterns[pattern] += 1
        done.append((slot, result))
    _coverage(patterns, counts)
    return done, counts


def _evaluate_part(
    index_path: str | None, part: DelimitedPart, directory_path: str | None = None
) -> tuple[list[Result], _Counts]:
    """Read a part of the export and judge it, in a worker: results in order, and coverage."""
    slots, items = _slots(part.records(), in_worker=True)
    evaluated, counts = _evaluate_batch(index_path, items, directory_path)
    for slot, result in evaluated:
        slots[slot] = result
    return [result for result in slots if result is not None], counts


def _slots(
    records: Iterable[RawRecord], *, in_worker: bool = False
) -> tuple[list[Result | None], list[_Item]]:
    """A result slot per record: settled ones filled, the others to evaluate as items.

    ``in_worker``: the records were read where they are judged; nothing crosses processes.
    """
    slots: list[Result | None] = []
    items: list[_Item] = []
    for record in records:
        result = _settled(record)
        if result is None:
            if in_worker and record.data is None:
                items.append(
                    (len(slots), record.line, record.end_line, _own_fields(record.fields or {}))
                )
            else:
                payload = _payload(record)
                if isinstance(payload, dict):
                    result = payload  # a record that cannot cross, settled
                else:
                    items.append((len(slots), record.line, record.end_line, payload))
        slots.append(result)
    return slots, items


_COLUMN_SET = frozenset(COLUMNS)


def _own_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A record's fields as the flat path gives them (:func:`_payload`, :func:`_fields`).

    A delimited record read in the worker holds canonical columns and text only: it is
    that already, without a tuple and a second dict per record.
    """
    if fields.keys() <= _COLUMN_SET and None not in fields.values():
        return fields
    return _fields(tuple(map(fields.get, COLUMNS)))


def _settled(record: RawRecord) -> Result | None:
    """The result of a record that needs no evaluation (blank or unreadable), else None."""
    if record.blank:
        result: Result = {
            "line": record.line,
            "type": SubjectType.ACCOUNT_REGISTRATION.value,
            "subject_id": "",
            "status": "blank",
            "findings": [],
        }
        if record.end_line != record.line:
            result["end_line"] = record.end_line
        return result
    if record.data is None and (record.fields is None or record.error):
        result = _registration_result(record.line, record.end_line, record.fields or {})
        result["errors"] = _errors(record.problems) or [{"field": None, "message": record.error}]
        return result
    return None


def _payload(record: RawRecord) -> tuple[Any, ...] | str | Result:
    """What a worker needs of a record, flat; or the record's result when it cannot cross."""
    if record.data is None:
        fields = record.fields or {}
        return tuple(map(fields.get, COLUMNS))
    try:
        return json.dumps(record.data, ensure_ascii=False)
    except (RecursionError, ValueError, TypeError) as error:
        kind = str(record.data.get("type", ""))[:40]
        why = Message(
            "reader",
            "too-deep" if isinstance(error, RecursionError) else "invalid-json",
            limit=MAX_DEPTH,
        )
        return {
            "line": record.line,
            "type": kind,
            "subject_id": "",
            "status": "invalid",
            "findings": [],
            "errors": [
                {"field": None, "message": Message("validation", "cannot-evaluate", why=why)}
            ],
        }


_IDENTITY_COLUMNS = ("person_id", "purpose", "username", "email", *_WORK_LISTS)
"""The columns pass 1 reads: whose row, whether it is a work row, and its work identities."""
_SPELLINGS_KEPT = 1024  # purposes' spellings remembered by a collector (an export has few)


def _collect(record: RawRecord, store: WorkIdentityStore) -> None:
    """Put a record's work identities in ``store``: work rows and work-identity lists."""
    values = record.values(_IDENTITY_COLUMNS)
    if values is not None:
        _Collector(store)(values)


class _Collector:
    """Puts the work identities of pass 1's rows (``_IDENTITY_COLUMNS``' values) in a store.

    Most rows are leisure rows without identity lists: they are passed over after one
    look-up of their purpose's spelling.
    """

    def __init__(self, store: WorkIdentityStore) -> None:
        self._store = store
        self._work: dict[object, bool] = {}

    def _learn(self, purpose: object) -> bool:
        work = _purpose(purpose) is Purpose.WORK
        if len(self._work) < _SPELLINGS_KEPT:
            self._work[purpose] = work
        return work

    def __call__(self, values: tuple[FieldValue | None, ...]) -> None:
        person, purpose, username, email, work_usernames, work_emails = values
        work = self._work.get(purpose)  # text or None: JSON lists are identity columns only
        if work is None:
            work = self._learn(purpose)
        if not work and work_usernames is None and work_emails is None:
            return
        if not isinstance(person, str) or not person.strip():
            return
        person = person.strip()
        store = self._store
        if work:
            store.add(
                person,
                username.strip()
                if isinstance(username, str) and len(username) <= TEXT_MAX
                else None,
                email.strip() if isinstance(email, str) and len(email) <= TEXT_MAX else None,
            )
        store.add_usernames(person, _identity_values(work_usernames))
        store.add_emails(person, _identity_values(work_emails))


class Audit:
    """One audit run: the worker pool, the identity index, the two passes and the summary.

    Use as a context manager, so that workers stop and the index file (personal data) is
    deleted however the run ends::

        with Audit(source, options) as audit:
            audit.prepare()            # pass 1: identities, record count, column gaps
            for result in audit.results():
                ...
        audit.summary

    Args:
        source: The export.
        options: How to run.
    """

    def __init__(self, source: RecordSource, options: AuditOptions) -> None:
        self.source = source
        self.options = options
        policy = options_policy(options)
        self.summary = AuditSummary(checks=registration_checks(policy))
        self.total: int | None = None
        self.gaps: list[CheckGap] = []
        self._pool: Any = None
        self._store: WorkIdentityStore | None = None
        self._plan: PartPlan | None = None
        self._directory: DirectoryIndex | None = None
        self._policy = policy

    def __enter__(self) -> Audit:
        if self.options.workers > 1:
            # Workers start before anything is read, so they inherit none of the data; they
            # start with Ctrl-C ignored and SIGTERM fatal, whatever the parent installed.
            main = threading.current_thread() is threading.main_thread()
            saved = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
            if main:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                self._pool = multiprocessing.get_context().Pool(
                    self.options.workers, initializer=_init_worker, initargs=(self.options,)
                )
            finally:
                if main:
                    signal.signal(signal.SIGINT, saved[0])
                    signal.signal(signal.SIGTERM, saved[1])
        else:
            _init_worker(self.options, in_worker=False)
        # With workers, pass 1 reads here while the index is written in a process of its
        # own, on a core the idle workers leave free (started after them: they do not hold
        # its pipe, so it sees this process go).
        self._store = WorkIdentityStore(writer=self._pool is not None)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers and delete the identity index."""
        global _INDEX, _DIRECTORY
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        if _INDEX is not None:
            _INDEX.close()
            _INDEX = None
        if self._store is not None:
            self._store.close()
            self._store = None
        if _DIRECTORY is not None:
            _DIRECTORY.close()
            _DIRECTORY = None
        if self._directory is not None:
            self._directory.close()
            self._directory = None

    def prepare(self) -> None:
        """Pass 1: index the work identities, count the records, find the column gaps."""
        assert self._store is not None
        total = 0
        # A delimited file is read in parts by the workers themselves: planned here.
        plan = PartPlan(self.source, self.options.batch_size) if self.source.splittable else None
        collect = _Collector(self._store)
        for values in self.source.select(_IDENTITY_COLUMNS):
            total += 1
            if values is not None:
                collect(values)
            if plan is not None:
                plan.note(total)
        self._plan = plan
        self._store.seal()
        self.total = total
        available = set(self.source.columns)
        if self.options.breach_corpus is not None:
            available.add("breach_corpus")
        if not self._store.empty:
            available.update(_WORK_LISTS)
        if self.options.directories:
            self._read_directories()
            available.update(_WORK_LISTS)
        self.summary.available = frozenset(available)
        self.gaps = predicted_gaps(self.summary.checks, self.summary.available)

    def _read_directories(self) -> None:
        """Read the directory exports into their on-disk index (issue 16)."""
        self._directory = DirectoryIndex()
        for path in self.options.directories:
            self._directory.add(open_directory(path))
        domains = self._policy.parameters.accounts.city_mail_domains
        self._directory.seal(domains)
        self.summary.directory_entries = self._directory.entries
        self.summary.directory_files = self._directory.describe()
        self.summary.directory_notes = self._directory.notes(domains)

    def results(self) -> Iterator[Result]:
        """Pass 2: yield one result per record, in input order, counting each."""
        if self.total is None:
            self.prepare()
        lang = self.options.lang
        for batch in self._result_batches():
            for result in batch:
                self.summary.add(result)
                if "errors" in result:
                    _localize_errors(result, lang)
                yield result
        self.summary.reconcile()

    def _batches(self) -> Iterator[tuple[list[Result | None], list[_Item]]]:
        records = self.source.records()
        while True:
            slots, items = _slots(islice(records, self.options.batch_size))
            if not slots:
                return
            self.summary.records += len(slots)
            yield slots, items

    def _merge(self, slots: list[Result | None], done: _Done) -> list[Result]:
        evaluated, counts = done
        self.summary.add_coverage(counts)
        for slot, result in evaluated:
            slots[slot] = result
        return [result for result in slots if result is not None]

    def _part_results(self, done: tuple[list[Result], _Counts]) -> list[Result]:
        results, counts = done
        self.summary.records += len(results)
        self.summary.add_coverage(counts)
        return results

    def _result_batches(self) -> Iterator[list[Result]]:
        assert self._store is not None
        path = self._store.path
        directory = self._directory.path if self._directory is not None else None
        if self._plan is not None:
            yield from self._part_batches(path, self._plan, directory)
            return
        if self._pool is None:
            for slots, items in self._batches():
                yield self._merge(slots, _evaluate_batch(path, items, directory))
            return
        # A bounded window of batches in flight keeps memory flat (Pool.imap would read ahead).
        in_flight: deque[tuple[list[Result | None], Any]] = deque()
        for slots, items in self._batches():
            in_flight.append(
                (slots, self._pool.apply_async(_evaluate_batch, (path, items, directory)))
            )
            if len(in_flight) >= self.options.workers * 3:
                waiting, pending = in_flight.popleft()
                yield self._merge(waiting, pending.get())
        while in_flight:
            waiting, pending = in_flight.popleft()
            yield self._merge(waiting, pending.get())

    def _part_batches(
        self, path: str, plan: PartPlan, directory: str | None
    ) -> Iterator[list[Result]]:
        assert self.total is not None
        if self._pool is None:
            for part in plan.parts(self.total):
                yield self._part_results(_evaluate_part(path, part, directory))
            self._check_parts_read()
            return
        # As above: a bounded window of parts in flight, merged in order.
        in_flight: deque[Any] = deque()
        for part in plan.parts(self.total):
            in_flight.append(self._pool.apply_async(_evaluate_part, (path, part, directory)))
            if len(in_flight) >= self.options.workers * 3:
                yield self._part_results(in_flight.popleft().get())
        while in_flight:
            yield self._part_results(in_flight.popleft().get())
        self._check_parts_read()

    def _check_parts_read(self) -> None:
        # The parts hold the records pass 1 counted, unless the file changed in between.
        if self.summary.records != self.total:
            raise UnreadableInputError(
                Message(
                    "reader",
                    "changed-while-read",
                    name=self.source.name,
                    first=self.total,
                    second=self.summary.records,
                )
            )


def audit_records(
    source: RecordSource,
    options: AuditOptions,
    *,
    on_result: Callable[[Result], None] | None = None,
    summary: AuditSummary | None = None,
) -> Iterator[Result]:
    """Audit every record of ``source``; yield one result per record, in input order.

    Args:
        source: The export.
        options: How to run.
        on_result: Called with each result as it is yielded (e.g. for progress).
        summary: Filled with the run's counts, coverage included, when given.
    """
    with Audit(source, options) as audit:
        if summary is not None:
            # The caller's summary gets the checks first: coverage is counted per check.
            summary.checks = audit.summary.checks
            audit.summary = summary
        for result in audit.results():
            if on_result is not None:
                on_result(result)
            yield result


def prepare_engine(options: AuditOptions) -> None:
    """Build the engine of this process for :func:`judge_into` (as a worker would)."""
    _init_worker(options, in_worker=False)


def judge_into(result: Result, subject: SubjectModel) -> list[Judgement]:
    """Judge ``subject`` into ``result`` (findings and status), as the audit judges records.

    :func:`prepare_engine` must have run in this process.
    """
    return _judged_with(result, subject)[1]
