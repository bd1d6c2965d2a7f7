"""Scenario files: a subject, a date, optional overlays, and the decision expected.

A scenario file is TOML (``*.scenarios.toml``; the format is in ``docs/policy-change.md``)::

    [defaults]                       # optional, for every scenario of the file
    on = 2026-11-24                  # evaluation date
    overlays = ["../city.toml"]      # relative to this file
    complete = true                  # outcomes list every element evaluated

    [[scenarios]]
    name = "seasonal Finnish password"
    subject = { type = "account-registration", person_id = "h1", ... }
    expect = { allowed = false, outcomes = { "R9.password-min-length" = "fail" } }

Loading validates the whole file and reports every problem at once with its path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._engine import Subject, parse_subject
from .._findings import Outcome
from .._i18n import Message
from .._policy.overlays import compose_policy
from .._policy.roles import RoleVocabulary
from .._tomlfile import TomlSyntaxError, parse_toml
from .._validation import problems_from
from ..exceptions import InvalidSubjectError, Problem, ScenarioError

__all__ = ["SCENARIO_SUFFIX", "Expectation", "Scenario", "load_scenarios"]

SCENARIO_SUFFIX = ".scenarios.toml"
"""How scenario files are named, for folders and the pytest plugin."""

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_SCENARIOS = 10_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Expect(_Model):
    allowed: bool | None = None
    outcomes: dict[str, Outcome] = Field(default_factory=dict)
    complete: bool | None = None


class _Spec(_Model):
    name: str = Field(min_length=1, max_length=200)
    on: date | None = None
    policy: str | None = None
    overlays: list[str] | None = None
    subject: dict[str, Any]
    expect: _Expect


class _Defaults(_Model):
    on: date | None = None
    policy: str | None = None
    overlays: list[str] = Field(default_factory=list)
    complete: bool = False


class _File(_Model):
    defaults: _Defaults = _Defaults()
    scenarios: list[_Spec] = Field(min_length=1, max_length=MAX_SCENARIOS)


@dataclass(frozen=True)
class Expectation:
    """What a scenario expects.

    Attributes:
        allowed: The decision expected, or None when only outcomes are asserted.
        outcomes: The outcome expected per element id.
        complete: Whether ``outcomes`` lists every element evaluated (no more, no fewer).
    """

    allowed: bool | None
    outcomes: dict[str, Outcome]
    complete: bool


@dataclass(frozen=True)
class Scenario:
    """One scenario, ready to run.

    Attributes:
        name: Its name, unique in its file.
        path: The file it comes from.
        index: Its position in the file.
        subject: The subject to evaluate.
        on: The evaluation date.
        policy: The base policy file, or None for the shipped guideline.
        overlays: Overlay files, resolved against the scenario file's folder.
        expect: What is expected.
    """

    name: str
    path: Path
    index: int
    subject: Subject
    on: date
    policy: Path | None
    overlays: tuple[Path, ...]
    expect: Expectation


def _problem(where: str, code: str, **params: Any) -> Problem:
    return Problem(where, Message("policy", code, **params))


@functools.lru_cache(maxsize=64)
def _vocabulary(policy: Path | None, overlays: tuple[Path, ...]) -> RoleVocabulary:
    return RoleVocabulary.of(compose_policy(policy, overlays).scope.role_aliases)


def _roles(policy: Path | None, overlays: tuple[Path, ...]) -> RoleVocabulary | None:
    """The role spellings of a scenario's own policy (its aliases), when its files exist."""
    if (policy is not None and not policy.is_file()) or not all(o.is_file() for o in overlays):
        return None  # reported as missing files
    if policy is None and not overlays:
        return None  # the shipped spellings
    return _vocabulary(policy, overlays)


def _file(folder: Path, name: str, where: str, problems: list[Problem]) -> Path:
    path = Path(name) if Path(name).is_absolute() else folder / name
    if not path.is_file():
        problems.append(_problem(where, "scenario-file-missing", name=name))
    return path


def load_scenarios(path: Path) -> list[Scenario]:
    """Read and validate a scenario file.

    Args:
        path: The ``*.scenarios.toml`` file.

    Returns:
        Its scenarios, in order.

    Raises:
        ScenarioError: The file cannot be read, is not TOML, or is invalid; every problem
            is listed with its path in the file (``scenarios[2].subject.password`` ...).
    """
    summary = Message("policy", "scenario-file-invalid", name=str(path))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(summary, [_problem("", "scenario-too-large", limit=MAX_FILE_BYTES)])
        data = parse_toml(path.read_bytes())
    except OSError as error:
        why = str(error.strerror)
        raise ScenarioError(summary, [_problem("", "scenario-unreadable", why=why)]) from None
    except TomlSyntaxError as error:
        problem = _problem("", "scenario-not-toml", why=error.where)
        raise ScenarioError(summary, [problem]) from None
    try:
        spec = _File.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(summary, problems_from(error)) from None
    problems: list[Problem] = []
    folder = path.parent
    defaults = spec.defaults
    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(spec.scenarios):
        where = f"scenarios[{index}]"
        if item.name in seen:
            problems.append(
                _problem(
                    f"{where}.name", "scenario-duplicate", name=item.name, other=seen[item.name]
                )
            )
        seen.setdefault(item.name, index)
        on = item.on or defaults.on
        if on is None:
            problems.append(_problem(f"{where}.on", "scenario-no-date"))
        policy_name = item.policy if item.policy is not None else defaults.policy
        policy = _file(folder, policy_name, f"{where}.policy", problems) if policy_name else None
        overlays = tuple(
            _file(folder, name, f"{where}.overlays[{number}]", problems)
            for number, name in enumerate(
                item.overlays if item.overlays is not None else defaults.overlays
            )
        )
        subject: Subject | None = None
        try:
            # A scenario is a specification: a role it misspells is an error, not a guess.
            subject = parse_subject(
                item.subject, roles=_roles(policy, overlays), unknown_role="invalid"
            )
        except InvalidSubjectError as error:
            problems.extend(
                Problem(
                    f"{where}.subject.{p.location}" if p.location else f"{where}.subject", p.message
                )
                for p in error.problems
            )
        if subject is None or on is None:
            continue
        complete = item.expect.complete if item.expect.complete is not None else defaults.complete
        if item.expect.allowed is None and not item.expect.outcomes:
            problems.append(_problem(f"{where}.expect", "scenario-expects-nothing"))
        scenarios.append(
            Scenario(
                name=item.name,
                path=path,
                index=index,
                subject=subject,
                on=on,
                policy=policy,
                overlays=overlays,
                expect=Expectation(item.expect.allowed, dict(item.expect.outcomes), complete),
            )
        )
    if problems:
        raise ScenarioError(summary, problems)
    return scenarios
