"""Waivers: approved, time-limited exceptions to one check for named subjects.

A waiver file is TOML (the format is in ``docs/policy-change.md``)::

    [[waivers]]
    check = "R9.password-min-length"
    subject_id = ["h1005", "h1006"]       # and/or service, subject_type
    service = "Legacy HR portal"
    justification = "The portal accepts at most 12 characters until its 2027 replacement."
    approved_by = "hallintojohtaja, decision 2026-11-02 § 14"
    expires = 2027-06-30

A failing finding of the check for a matching subject is reported as ``waived``, with the
waiver's justification, approver and expiry: never hidden, and counted apart. A file that
is malformed, names an unknown check, or holds an expired waiver is refused as a whole, with
every problem listed: a waiver never lapses silently into a pass or a failure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ._findings import Decision, Finding, Outcome
from ._i18n import Lang, LocalizedText, Message
from ._policy.catalog import Policy
from ._tomlfile import TomlSyntaxError, parse_toml
from ._validation import problems_from
from .exceptions import Problem, WaiverError

__all__ = ["Waiver", "Waivers", "load_waivers", "status_of"]

MAX_FILE_BYTES = 1024 * 1024
MAX_WAIVERS = 10_000

_Names = str | list[str]


def _names(value: _Names | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    return tuple(item.strip() for item in items if item.strip())


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    check: str = Field(min_length=1, max_length=200)
    subject_id: _Names | None = None
    person_id: _Names | None = None
    service: _Names | None = None
    subject_type: _Names | None = None
    justification: str = Field(min_length=10, max_length=2000)
    approved_by: str = Field(min_length=1, max_length=200)
    expires: date

    @field_validator("justification", "approved_by")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("blank")
        return value.strip()


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[Any] = Field(min_length=1, max_length=MAX_WAIVERS)


@dataclass(frozen=True)
class Waiver:
    """One approved exception.

    Attributes:
        check: The element id it waives.
        subject_ids: Subjects (person ids) it covers; empty: any.
        services: Services it covers (compared case-insensitively); empty: any.
        subject_types: Subject types it covers; empty: any.
        justification: Why the exception was granted.
        approved_by: Who approved it.
        expires: The last day it applies.
    """

    check: str
    subject_ids: tuple[str, ...]
    services: tuple[str, ...]
    subject_types: tuple[str, ...]
    justification: str
    approved_by: str
    expires: date

    def covers(
        self, check: str, subject_id: str, service: str | None, subject_type: str, on: date
    ) -> bool:
        """Whether the waiver applies to ``check`` for this subject on ``on``."""
        if check != self.check or on > self.expires:
            return False
        if self.subject_ids and subject_id.strip() not in self.subject_ids:
            return False
        if self.services and (service or "").strip().casefold() not in self.services:
            return False
        return not self.subject_types or subject_type in self.subject_types

    def note(self, lang: Lang | str) -> str:
        """The sentence a waived finding's message gains, in ``lang``."""
        return Message("policy", "waiver-note", **self.facts()).get(lang)

    def facts(self) -> dict[str, str]:
        """The waiver as a finding's facts (nothing secret: who, why, until when)."""
        return {
            "justification": self.justification,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat(),
        }


class Waivers:
    """The waivers of one file, checked against a policy and a date.

    Args:
        waivers: The waivers.
        source: The file they come from, for messages.
    """

    def __init__(self, waivers: Sequence[Waiver], source: str = "<waivers>") -> None:
        self.waivers = tuple(waivers)
        self.source = source
        self._by_check: dict[str, list[Waiver]] = {}
        for waiver in self.waivers:
            self._by_check.setdefault(waiver.check, []).append(waiver)

    def __len__(self) -> int:
        return len(self.waivers)

    def validate(self, policy: Policy, on: date) -> None:
        """Refuse waivers of unknown checks and expired waivers (every one listed).

        Raises:
            WaiverError: A waiver names a check the policy lacks, or expired before ``on``.
        """
        known = {element.id for element in policy.elements()}
        problems = [
            problem
            for index, waiver in enumerate(self.waivers)
            for problem in _semantic(
                {"check": waiver.check, "expires": waiver.expires}, f"waivers[{index}]", known, on
            )
        ]
        if problems:
            raise WaiverError(Message("policy", "waivers-invalid", name=self.source), problems)

    def find(
        self, check: str, subject_id: str, service: str | None, subject_type: str, on: date
    ) -> Waiver | None:
        """The first waiver covering ``check`` for this subject on ``on``, or None."""
        for waiver in self._by_check.get(check, ()):
            if waiver.covers(check, subject_id, service, subject_type, on):
                return waiver
        return None

    def apply(self, decision: Decision, *, service: str | None, on: date) -> Decision:
        """The decision with each covered failure reported as ``waived``.

        The finding keeps its message and remedy; its facts gain the waiver's justification,
        approver and expiry. ``allowed`` is decided again without the waived failures.
        """
        if not self._by_check:
            return decision
        findings: list[Finding] = []
        changed = False
        for finding in decision.findings:
            waiver = (
                self.find(
                    finding.check, decision.subject_id, service, decision.subject_type.value, on
                )
                if finding.outcome is Outcome.FAIL
                else None
            )
            if waiver is None:
                findings.append(finding)
                continue
            changed = True
            message = LocalizedText(
                *(f"{finding.message.get(lang)} {waiver.note(lang)}" for lang in ("fi", "en", "sv"))
            )
            findings.append(
                replace(
                    finding,
                    outcome=Outcome.WAIVED,
                    message=message,
                    facts={**finding.facts, **waiver.facts()},
                )
            )
        if not changed:
            return decision
        return Decision.of(
            policy_id=decision.policy_id,
            policy_version=decision.policy_version,
            subject_type=decision.subject_type,
            subject_id=decision.subject_id,
            findings=findings,
        )

    def apply_result(self, result: dict[str, Any], on: date, lang: Lang | str) -> bool:
        """Mark an audit result's covered failures ``waived``; return whether any was.

        The caller decides the result's status again (:func:`status_of`).
        """
        if not self._by_check:
            return False
        changed = False
        for finding in result.get("findings", ()):
            if finding.get("outcome") != Outcome.FAIL.value:
                continue
            waiver = self.find(
                finding["check"],
                str(result.get("subject_id", "")),
                result.get("service"),
                str(result.get("type", "")),
                on,
            )
            if waiver is not None:
                finding["outcome"] = Outcome.WAIVED.value
                finding["message"] = f"{finding['message']} {waiver.note(lang)}"
                finding["waiver"] = waiver.facts()
                changed = True
        return changed


def status_of(findings: Iterable[Mapping[str, Any]]) -> str:
    """An audit result's status from its reported findings, waived failures not counting."""
    failed = {f["severity"] for f in findings if f["outcome"] == Outcome.FAIL.value}
    if "violation" in failed:
        return "violation"
    reviews = (Outcome.INSUFFICIENT_DATA.value, Outcome.MANUAL_REVIEW.value)
    if failed or any(f["outcome"] in reviews for f in findings):
        return "warning"
    return "ok"


def _semantic(
    item: Mapping[str, Any], where: str, known: set[str] | None, on: date | None
) -> list[Problem]:
    """An entry's unknown check and expiry, judged even when other fields are malformed."""
    problems = []
    check = item.get("check")
    if known is not None and isinstance(check, str) and check not in known:
        problems.append(
            Problem(f"{where}.check", Message("policy", "no-such-element", element=check))
        )
    expires = item.get("expires")
    if on is not None and isinstance(expires, date) and expires < on:
        problems.append(
            Problem(
                f"{where}.expires",
                Message("policy", "waiver-expired", expires=expires.isoformat(), on=on.isoformat()),
            )
        )
    return problems


def load_waivers(
    path: str | Path, *, policy: Policy | None = None, on: date | None = None
) -> Waivers:
    """Read and validate a waiver file.

    Args:
        path: The file.
        policy: When given, a waiver of a check this policy lacks is a problem.
        on: When given, a waiver that expired before this date is a problem.

    Raises:
        WaiverError: The file cannot be read, is not TOML, or any waiver is malformed (a
            missing justification, approver or expiry, no subject named ...), unknown or
            expired; every problem of every waiver is listed with its path
            (``waivers[2].expires``).
    """
    path = Path(path)
    summary = Message("policy", "waivers-invalid", name=str(path))

    def refuse(code: str, **params: Any) -> WaiverError:
        return WaiverError(summary, [Problem("", Message("policy", code, **params))])

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise refuse("scenario-too-large", limit=MAX_FILE_BYTES)
        data = parse_toml(path.read_bytes())
    except OSError as error:
        raise refuse("scenario-unreadable", why=str(error.strerror)) from None
    except TomlSyntaxError as error:
        raise refuse("scenario-not-toml", why=error.where) from None
    problems: list[Problem] = []
    given = data.get("waivers")
    raw: list[Any] = given if isinstance(given, list) else []
    try:
        # The file's shape: a non-empty waivers list and nothing else (entries below).
        _File.model_validate({**data, "waivers": [None] * len(raw) or given})
    except ValidationError as error:
        problems.extend(p for p in problems_from(error) if not p.location.startswith("waivers["))
    known = {element.id for element in policy.elements()} if policy is not None else None
    items: list[tuple[int, _Spec]] = []
    for index, entry in enumerate(raw):
        where = f"waivers[{index}]"
        if isinstance(entry, Mapping):
            problems.extend(_semantic(entry, where, known, on))
        try:
            items.append((index, _Spec.model_validate(entry)))
        except ValidationError as error:
            problems.extend(
                Problem(f"{where}.{p.location}" if p.location else where, p.message)
                for p in problems_from(error)
            )
    waivers = []
    for index, item in items:
        subject_ids = _names(item.subject_id) + _names(item.person_id)
        services = tuple(name.casefold() for name in _names(item.service))
        types = _names(item.subject_type)
        if not (subject_ids or services or types):
            problems.append(Problem(f"waivers[{index}]", Message("policy", "waiver-no-subject")))
        waivers.append(
            Waiver(
                item.check,
                subject_ids,
                services,
                types,
                item.justification,
                item.approved_by,
                item.expires,
            )
        )
    if problems:
        raise WaiverError(summary, sorted(problems, key=_order))
    return Waivers(waivers, str(path))


def _order(problem: Problem) -> tuple[int, str]:
    """Problems in the order of the waivers they concern."""
    location = problem.location
    if location.startswith("waivers[") and "]" in location:
        return int(location[8 : location.index("]")]), location
    return -1, location
