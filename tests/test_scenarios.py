"""Scenario tests (issue 11, item 4 of the issue): `somepolicy test` and the pytest plugin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aanekoski_somepolicy import ScenarioError
from aanekoski_somepolicy._scenarios.run import run_scenarios

from .conftest import run

GOLDEN = Path(__file__).parent / "scenarios"

GOOD = """
[defaults]
on = 2026-11-24

[[scenarios]]
name = "short password"
subject = { type = "account-registration", person_id = "h1", service = "X", purpose = "leisure", password = "lyhyt sana" }
expect = { allowed = false, outcomes = { "R9.password-min-length" = "fail" } }

[[scenarios]]
name = "long passphrase"
subject = { type = "account-registration", person_id = "h1", service = "X", purpose = "leisure", password = "vihreä kivi juoksee nopeasti" }
expect = { allowed = true }
"""

STRICTER = "[metadata]\nversion = '1.1.0'\n[parameters.password]\nmin_length = 30\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_golden_scenarios_pass_and_coverage_names_what_none_exercises() -> None:
    code, out, err = run("test", str(GOLDEN), "--lang", "en")
    assert code == 0, out + err
    assert "PASS: 17/17" in out
    assert "  - R9.suspicious-links-guidance" in out
    result = run_scenarios([GOLDEN])
    assert "R9.password-min-length" not in result.not_exercised
    assert len(result.elements) == len(result.not_exercised) + 23


def test_a_policy_change_that_flips_decisions_fails_with_expected_and_actual(
    tmp_path: Path,
) -> None:
    stricter = write(tmp_path, "stricter.toml", STRICTER)
    code, out, _ = run("test", str(GOLDEN), "--overlay", str(stricter), "--lang", "en")
    assert code == 1
    assert "FAIL  compliant leisure account  (aanekoski-some-ohje 1.1.0)" in out
    assert "R9.password-min-length: expected pass, got fail" in out
    assert "decision: expected allowed, got denied" in out
    code, out, _ = run("test", str(GOLDEN), "--overlay", str(stricter), "--format", "json")
    data = json.loads(out)
    assert data["failed"] >= 1 and data["passed"] + data["failed"] == 17


def test_a_scenario_names_its_own_overlays_relative_to_itself(tmp_path: Path) -> None:
    write(tmp_path, "stricter.toml", STRICTER)
    text = GOOD.replace("on = 2026-11-24", 'on = 2026-11-24\noverlays = ["stricter.toml"]')
    path = write(tmp_path, "own.scenarios.toml", text)
    code, out, _ = run("test", str(path), "--lang", "en")
    assert code == 1
    assert "long passphrase" in out and "decision: expected allowed, got denied" in out


def test_every_problem_of_a_bad_scenario_file_is_listed_at_once(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.scenarios.toml",
        """
[[scenarios]]
name = "a"
overlays = ["missing.toml"]
subject = { type = "account-registration", person_id = "h1", service = "X", purpose = "sometimes" }
expect = { }

[[scenarios]]
name = "a"
on = 2026-11-24
subject = { type = "account-registration", person_id = "h1", service = "X", purpose = "leisure" }
expect = { allowed = true }
""",
    )
    with pytest.raises(ScenarioError) as caught:
        run_scenarios([bad])
    where = [problem.location.removeprefix(f"{bad}: ") for problem in caught.value.problems]
    assert where == [
        "scenarios[0].on",
        "scenarios[0].overlays[0]",
        "scenarios[0].subject.purpose",
        "scenarios[1].name",
    ]
    shape = write(
        tmp_path,
        "shape.scenarios.toml",
        '[[scenarios]]\nname = ""\nsurprise = 1\nsubject = {}\n'
        'expect = { outcomes = { "R9.password-min-length" = "maybe" } }\n',
    )
    code, out, err = run("test", str(shape), str(bad), "--lang", "sv")
    assert code == 2 and out == ""
    assert "Traceback" not in err
    for needle in (
        "scenarios[0].name",
        "scenarios[0].surprise",
        "scenarios[0].expect.outcomes.R9.password-min-length",
        "scenarios[1].name",
    ):
        assert needle in err, needle


def test_an_expected_element_the_policy_lacks_is_a_problem_of_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path, "typo.scenarios.toml", GOOD.replace("password-min-length", "password-min-lenght")
    )
    code, _, err = run("test", str(path), "--lang", "en")
    assert code == 2
    assert "expect.outcomes.R9.password-min-lenght: the policy has no element" in err


def test_missing_paths_and_empty_folders_are_reported(tmp_path: Path) -> None:
    code, _, err = run("test", str(tmp_path), str(tmp_path / "nope"), "--lang", "en")
    assert code == 2
    assert "no `*.scenarios.toml` files" in err and "no such file or folder" in err


def test_the_pytest_plugin_collects_and_runs_scenario_files(tmp_path: Path) -> None:
    write(tmp_path, "ours.scenarios.toml", GOOD)
    write(tmp_path, "broken.scenarios.toml", "[[scenarios]]\nname = 'x'\n")
    write(tmp_path, "stricter.toml", STRICTER)
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(tmp_path)]
    command.append("--continue-on-collection-errors")
    plain = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert "2 passed, 1 error" in plain.stdout, plain.stdout
    assert "scenarios[0].subject: required field is missing" in plain.stdout
    changed = subprocess.run(
        [*command, "--somepolicy-overlay", str(tmp_path / "stricter.toml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert "1 failed, 1 passed, 1 error" in changed.stdout, changed.stdout
    assert "decision: expected allowed, got denied" in changed.stdout


def test_the_worked_example_of_the_docs_runs_as_documented() -> None:
    example = Path(__file__).parents[1] / "examples" / "policy-change"
    code, out, err = run("test", str(example), "--lang", "en")
    assert code == 0, out + err
    assert "PASS: 3/3" in out
    code, out, _ = run("diff", "--overlay", str(example / "city-2027.toml"), "--lang", "en")
    assert code == 0
    assert "~ parameters.password.min_length: 15 → 16  [affects decisions]" in out
    docs = (Path(__file__).parents[1] / "docs" / "policy-change.md").read_text("utf-8")
    assert out.strip() in docs
    root = Path(__file__).parents[1] / "examples"
    code, out, err = run(
        "replay",
        str(root / "registrations.csv"),
        "--overlay",
        str(example / "city-2027.toml"),
        "--breach-corpus",
        str(root / "pwned-sample.txt"),
        "--on",
        "2026-11-24",
        "--lang",
        "en",
    )
    assert code == 0, err
    assert out.strip() in docs


def test_a_scenario_reads_roles_with_its_own_policys_aliases(tmp_path: Path) -> None:
    write(tmp_path, "aliases.toml", '[scope.role_aliases]\n"kesäapu" = "tyontekija"\n')
    scenario = (
        "[[scenarios]]\nname = 'summer help gives advice'\non = 2026-11-24\n"
        "overlays = ['aliases.toml']\n"
        "subject = { type = 'advice', id = 'a1', given_on = 2026-11-02, "
        "kind = 'individual-advice', in_city_name = true, "
        "author = { id = 'h1', role = 'kesäapu', start = 2020-01-01 } }\n"
        "expect = { outcomes = { 'R3.no-individual-advice-in-city-name' = 'fail' } }\n"
    )
    path = write(tmp_path, "roles.scenarios.toml", scenario)
    code, out, err = run("test", str(path), "--lang", "en")
    assert code == 0, out + err
    without = write(
        tmp_path, "plain.scenarios.toml", scenario.replace("overlays = ['aliases.toml']\n", "")
    )
    code, _, err = run("test", str(without), "--lang", "en")
    assert code == 2 and "kesäapu" in err


def test_the_plugin_runs_the_golden_scenarios_in_this_suite(pytestconfig: pytest.Config) -> None:
    # Without the installed entry point the golden scenarios would silently not run.
    assert pytestconfig.pluginmanager.has_plugin("somepolicy")
    from aanekoski_somepolicy._scenarios.model import load_scenarios

    assert len(load_scenarios(GOLDEN / "golden.scenarios.toml")) == 17
