"""A pytest plugin that runs scenario files (``*.scenarios.toml``) as tests.

Installed with the package and registered by the ``pytest11`` entry point, so a test suite
that has scenario files among its tests runs them with plain ``pytest``: one test per
scenario, failing with the expected-against-actual differences. Options (or ini settings)
test a proposed change against every scenario::

    pytest --somepolicy-overlay city-2027.toml
    # pytest.ini / pyproject.toml: somepolicy_overlays = city-2027.toml

The scenario format is described in ``docs/policy-change.md``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ._scenarios.model import Scenario
    from ._scenarios.run import ScenarioEngines, ScenarioResult

__all__ = ["ScenarioFile", "ScenarioItem"]

_SUFFIX = ".scenarios.toml"
_ENGINES = pytest.StashKey["ScenarioEngines"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the options that choose the policy the scenarios run under."""
    group = parser.getgroup("somepolicy", "policy scenarios (aanekoski-somepolicy)")
    group.addoption(
        "--somepolicy-policy",
        type=Path,
        default=None,
        help="base policy for scenarios that name none (default: the shipped guideline)",
    )
    group.addoption(
        "--somepolicy-overlay",
        type=Path,
        action="append",
        default=[],
        help="overlay applied to every scenario's policy after its own; repeatable",
    )
    parser.addini("somepolicy_overlays", "overlays applied to every scenario", type="paths")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """Collect ``*.scenarios.toml`` files."""
    if file_path.name.endswith(_SUFFIX):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def _lang() -> str:
    """The language of failure reports: ``SOMEPOLICY_LANG`` (fi, sv, en), else English."""
    chosen = os.environ.get("SOMEPOLICY_LANG", "en")
    return chosen if chosen in ("fi", "sv", "en") else "en"


def _engines(config: pytest.Config) -> ScenarioEngines:
    engines = config.stash.get(_ENGINES, None)
    if engines is None:
        from ._scenarios.run import ScenarioEngines

        overlays = [*config.getini("somepolicy_overlays"), *config.getoption("somepolicy_overlay")]
        engines = ScenarioEngines(config.getoption("somepolicy_policy"), overlays)
        config.stash[_ENGINES] = engines
    return engines


class ScenarioFile(pytest.File):
    """A scenario file: one test per scenario."""

    def collect(self) -> Iterator[ScenarioItem]:
        """Load the file; an invalid file is one collection error listing every problem."""
        from ._scenarios.model import load_scenarios
        from .exceptions import ScenarioError

        try:
            scenarios = load_scenarios(self.path)
        except ScenarioError as error:
            raise self.CollectError(str(error)) from None
        for scenario in scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioFailed(Exception):
    """A scenario's decision or outcomes differ from what it expects."""

    def __init__(self, result: ScenarioResult) -> None:
        super().__init__(result.scenario.name)
        self.result = result


class ScenarioItem(pytest.Item):
    """One scenario."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        """Evaluate the scenario; fail with every difference."""
        from ._scenarios.run import run_one

        engines = _engines(self.config)
        unknown = set(self.scenario.expect.outcomes) - engines.own_elements(self.scenario)
        if unknown:
            from ._i18n import Message

            said = [Message("policy", "no-such-element", element=e).get(_lang()) for e in unknown]
            raise pytest.fail.Exception("; ".join(sorted(said)), pytrace=False)
        result, _ = run_one(self.scenario, engines.get(self.scenario))
        if not result.passed:
            raise ScenarioFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """Expected against actual, one line per difference."""
        if isinstance(excinfo.value, ScenarioFailed):
            from ._scenarios.run import mismatch_lines

            result = excinfo.value.result
            lines = [f"{result.scenario.path}: {result.scenario.name} ({result.policy})"]
            lines += ["  " + line for line in mismatch_lines(result, _lang())]
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the scenario is."""
        return self.path, None, f"scenario: {self.name}"
