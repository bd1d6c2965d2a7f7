"""Running scenarios: pass or fail, expected against actual, and element coverage.

Each scenario is evaluated under its effective policy (base and overlays; one engine per
distinct policy). A scenario passes when the decision and every listed outcome are as
expected (and, when ``complete``, no other element was evaluated). Coverage lists the
elements of the policies used that no scenario asserts an outcome for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._engine import Engine
from .._i18n import Lang, Message
from .._policy.overlays import compose_policy
from ..exceptions import Problem, ScenarioError
from .model import SCENARIO_SUFFIX, Scenario, load_scenarios

__all__ = [
    "Mismatch",
    "ScenarioEngines",
    "ScenarioResult",
    "ScenarioRun",
    "find_scenario_files",
    "mismatch_lines",
    "render_run_text",
    "run_one",
    "run_scenarios",
]

_DECISION = "decision"
_NOT_EVALUATED = "not-evaluated"


@dataclass(frozen=True)
class Mismatch:
    """One difference between what a scenario expects and what happened.

    Attributes:
        what: An element id, or ``decision``.
        expected: The outcome (or ``allowed``/``denied``) expected; ``not-evaluated`` when
            a complete scenario did not list an element that was evaluated.
        actual: What happened; ``not-evaluated`` when the element was not evaluated.
    """

    what: str
    expected: str
    actual: str


@dataclass(frozen=True)
class ScenarioResult:
    """The result of one scenario.

    Attributes:
        scenario: The scenario.
        policy: The effective policy's id and version.
        mismatches: Every difference; none when the scenario passed.
    """

    scenario: Scenario
    policy: str
    mismatches: list[Mismatch]

    @property
    def passed(self) -> bool:
        """Whether the scenario passed."""
        return not self.mismatches

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "file": str(self.scenario.path),
            "name": self.scenario.name,
            "policy": self.policy,
            "passed": self.passed,
            "mismatches": [
                {"what": m.what, "expected": m.expected, "actual": m.actual}
                for m in self.mismatches
            ],
        }


@dataclass
class ScenarioRun:
    """All results of a run, and the element coverage.

    Attributes:
        results: One per scenario, in file order.
        elements: Every element of the policies used, in catalog order.
        exercised: The elements some scenario asserts an outcome for.
    """

    results: list[ScenarioResult] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    exercised: set[str] = field(default_factory=set)

    @property
    def failed(self) -> list[ScenarioResult]:
        """The results that failed."""
        return [result for result in self.results if not result.passed]

    @property
    def not_exercised(self) -> list[str]:
        """Elements no scenario asserts an outcome for, in catalog order."""
        return [element for element in self.elements if element not in self.exercised]

    def to_dict(self) -> dict[str, Any]:
        """Return the run as JSON-ready data."""
        return {
            "passed": len(self.results) - len(self.failed),
            "failed": len(self.failed),
            "results": [result.to_dict() for result in self.results],
            "coverage": {
                "elements": len(self.elements),
                "exercised": len(self.elements) - len(self.not_exercised),
                "not_exercised": self.not_exercised,
            },
        }


def find_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """The scenario files named: files as given, folders searched for ``*.scenarios.toml``.

    Raises:
        ScenarioError: A path does not exist, or a folder holds no scenario file.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.rglob("*" + SCENARIO_SUFFIX))
            if not inside:
                problems.append(Problem(str(path), Message("policy", "scenario-none-found")))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), Message("policy", "scenario-no-path")))
    if problems:
        raise ScenarioError(Message("policy", "scenario-paths"), problems)
    return found


class ScenarioEngines:
    """One engine per distinct effective policy, built once.

    A scenario's policy is its own base (else the run's), with its own overlays and then
    the run's: a proposed change given to the run applies to every scenario.
    """

    def __init__(self, policy: Path | None, overlays: Sequence[Path]) -> None:
        self._policy = policy
        self._overlays = tuple(overlays)
        self._engines: dict[tuple[Path | None, tuple[Path, ...]], Engine] = {}
        self._own: dict[tuple[Path | None, tuple[Path, ...]], set[str]] = {}

    def get(self, scenario: Scenario) -> Engine:
        key = (scenario.policy or self._policy, scenario.overlays + self._overlays)
        engine = self._engines.get(key)
        if engine is None:
            engine = self._engines[key] = Engine(compose_policy(*key))
        return engine

    def own_elements(self, scenario: Scenario) -> set[str]:
        """The element ids of the scenario's own policy (without the run's overlays).

        An expected element unknown there is a mistake in the file; one that the run's
        overlays retire is a failure of the scenario.
        """
        key = (scenario.policy or self._policy, scenario.overlays)
        known = self._own.get(key)
        if known is None:
            known = self._own[key] = {e.id for e in compose_policy(*key).elements()}
        return known

    def elements(self) -> list[str]:
        seen: dict[str, None] = {}
        for engine in self._engines.values():
            for element in engine.policy.elements():
                seen.setdefault(element.id)
        return list(seen)


def _unknown_elements(scenarios: Sequence[Scenario], engines: ScenarioEngines) -> list[Problem]:
    problems = []
    for scenario in scenarios:
        known = engines.own_elements(scenario)
        for element in scenario.expect.outcomes:
            if element not in known:
                problems.append(
                    Problem(
                        f"{scenario.path}: scenarios[{scenario.index}].expect.outcomes.{element}",
                        Message("policy", "no-such-element", element=element),
                    )
                )
    return problems


def _allowed(value: bool) -> str:
    return "allowed" if value else "denied"


def run_one(scenario: Scenario, engine: Engine) -> tuple[ScenarioResult, set[str]]:
    """Evaluate one scenario; return its result and the elements it asserts."""
    decision = engine.evaluate(scenario.subject, on=scenario.on)
    actual = {finding.check: finding.outcome.value for finding in decision.findings}
    expect = scenario.expect
    mismatches: list[Mismatch] = []
    if expect.allowed is not None and expect.allowed != decision.allowed:
        mismatches.append(Mismatch(_DECISION, _allowed(expect.allowed), _allowed(decision.allowed)))
    for element, outcome in expect.outcomes.items():
        got = actual.get(element, _NOT_EVALUATED)
        if got != outcome.value:
            mismatches.append(Mismatch(element, outcome.value, got))
    asserted = set(expect.outcomes)
    if expect.complete:
        for element, got in actual.items():
            if element not in expect.outcomes:
                mismatches.append(Mismatch(element, _NOT_EVALUATED, got))
        asserted |= set(actual)
    meta = engine.policy.metadata
    return ScenarioResult(scenario, f"{meta.id} {meta.version}", mismatches), asserted


def run_scenarios(
    paths: Sequence[Path], *, policy: Path | None = None, overlays: Sequence[Path] = ()
) -> ScenarioRun:
    """Load and run every scenario of ``paths`` (files, or folders of ``*.scenarios.toml``).

    Args:
        paths: Scenario files and folders.
        policy: The base policy of scenarios that name none (default: the shipped one).
        overlays: Overlays applied to every scenario's policy after its own (a proposed
            change to test).

    Raises:
        ScenarioError: A path is missing, or any file is invalid; every problem of every
            file is listed before anything runs. A policy or overlay problem raises
            :class:`~aanekoski_somepolicy.PolicyError`.
    """
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    for path in find_scenario_files(paths):
        try:
            scenarios.extend(load_scenarios(path))
        except ScenarioError as error:
            problems.extend(
                Problem(f"{path}: {p.location}" if p.location else str(path), p.message)
                for p in error.problems
            )
    engines = ScenarioEngines(policy, overlays)
    if not problems:
        problems.extend(_unknown_elements(scenarios, engines))
    if problems:
        raise ScenarioError(Message("policy", "scenarios-invalid"), problems)
    run = ScenarioRun()
    for scenario in scenarios:
        result, asserted = run_one(scenario, engines.get(scenario))
        run.results.append(result)
        run.exercised |= asserted
    run.elements = engines.elements()
    return run


def _word(code: str, lang: Lang | str, **params: Any) -> str:
    return Message("policy", code, **params).get(lang)


def _outcome_word(value: str, lang: Lang | str) -> str:
    if value in ("allowed", "denied", _NOT_EVALUATED):
        return _word("scenario-" + value, lang)
    return value


def mismatch_lines(result: ScenarioResult, lang: Lang | str) -> list[str]:
    """One line per difference of a result: ``what: expected X, got Y`` in ``lang``."""
    return [
        _word(
            "scenario-mismatch",
            lang,
            what=_word("scenario-decision", lang) if m.what == _DECISION else m.what,
            expected=_outcome_word(m.expected, lang),
            actual=_outcome_word(m.actual, lang),
        )
        for m in result.mismatches
    ]


def render_run_text(run: ScenarioRun, lang: Lang | str = Lang.EN, *, verbose: bool = False) -> str:
    """The run as text, like ``opa test``.

    Failures with expected against actual (passes too when ``verbose``), the totals, and
    the elements no scenario exercises.
    """
    lines: list[str] = []
    current: Path | None = None
    for result in run.results:
        if not result.passed or verbose:
            if result.scenario.path != current:
                current = result.scenario.path
                lines.append(f"{current}:")
            mark = "PASS" if result.passed else "FAIL"
            lines.append(f"  {mark}  {result.scenario.name}  ({result.policy})")
        lines.extend("        " + line for line in mismatch_lines(result, lang))
    if lines:
        lines.append("-" * 72)
    total = len(run.results)
    failed = len(run.failed)
    lines.append(f"PASS: {total - failed}/{total}")
    if failed:
        lines.append(f"FAIL: {failed}/{total}")
    missing = run.not_exercised
    lines.append(
        _word(
            "scenario-coverage",
            lang,
            exercised=len(run.elements) - len(missing),
            total=len(run.elements),
        )
    )
    if missing:
        lines.append(_word("scenario-not-exercised", lang))
        lines.extend(f"  - {element}" for element in missing)
    return "\n".join(lines) + "\n"
