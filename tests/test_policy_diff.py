"""`somepolicy diff` (issue 11, item 2): what changed between two policies."""

from __future__ import annotations

import json
from pathlib import Path

from aanekoski_somepolicy import compose_policy, default_policy, diff_policies

from .conftest import run

CHANGE = """
[metadata]
version = "1.1.0"
[parameters.password]
min_length = 16
[add.parameters.password]
banned_terms = ["suolahti"]
[scope.role_aliases]
"kesäapu" = "tyontekija"
[rules.R9.elements."R9.password-min-length".remedy]
en = "Use a passphrase of four or more words."
[rules.R5.elements."R5.behave-as-representative"]
modality = "should"
[retire]
elements = ["R10.linked-to-city-website"]
"""


def overlay(tmp_path: Path, text: str = CHANGE, name: str = "change.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_kind_of_change_is_listed_with_its_category(tmp_path: Path) -> None:
    diff = diff_policies(default_policy(), compose_policy(overlays=[overlay(tmp_path)]))
    found = {(c.category.value, c.kind.value, c.path, c.affects_decisions) for c in diff.changes}
    assert found == {
        ("metadata", "changed", "metadata.version", False),
        ("roles", "added", "scope.role_aliases.kesäapu", True),
        ("parameters", "changed", "parameters.password.min_length", True),
        ("parameters", "added", "parameters.password.banned_terms", True),
        ("messages", "changed", "rules.R9.elements.R9.password-min-length.remedy.en", False),
        ("elements", "changed", "rules.R5.elements.R5.behave-as-representative.modality", True),
        ("elements", "removed", "rules.R10.elements.R10.linked-to-city-website", True),
    }
    assert diff.affects_decisions and not diff.version_unchanged
    assert diff_policies(default_policy(), default_policy()).changes == []


def test_a_decision_changing_edit_without_a_version_bump_is_flagged(tmp_path: Path) -> None:
    quiet = overlay(tmp_path, "[parameters.password]\nmin_length = 16\n", "quiet.toml")
    code, out, _ = run("diff", "--overlay", str(quiet), "--lang", "en")
    assert code == 1
    assert "the policy version is still 1.0.0" in out
    wording = overlay(
        tmp_path, '[rules.R9.elements."R9.password-min-length".remedy]\nen = "Longer."\n', "w.toml"
    )
    code, out, _ = run("diff", "--overlay", str(wording), "--lang", "en")
    assert code == 0 and "version is still" not in out  # wording alone flips nothing
    code, out, _ = run("diff", "--overlay", str(overlay(tmp_path)), "--lang", "en")
    assert code == 0 and "version is still" not in out


def test_diff_of_two_files_as_json_and_markdown(tmp_path: Path) -> None:
    code, full, _ = run("policy", "show", "--effective", "--overlay", str(overlay(tmp_path)))
    assert code == 0
    new = tmp_path / "new.toml"
    new.write_text(full, encoding="utf-8")
    code, shipped, _ = run("policy", "show")
    old = tmp_path / "old.toml"
    old.write_text(shipped, encoding="utf-8")
    code, out, err = run("diff", str(old), str(new), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["old"]["version"] == "1.0.0" and data["new"]["version"] == "1.1.0"
    assert data["counts"] == {
        "metadata": 1,
        "roles": 1,
        "parameters": 2,
        "elements": 2,
        "messages": 1,
    }
    code, out, _ = run("diff", str(old), str(new), "--format", "markdown", "--lang", "sv")
    assert code == 0
    assert "| `parameters.password.min_length` | 15 | 16 | ja |" in out
    assert "### Parametrar (2)" in out


def test_a_list_of_terms_reports_the_terms_added_and_removed(tmp_path: Path) -> None:
    places = list(default_policy().parameters.password.places)
    changed = overlay(
        tmp_path,
        "[parameters.password]\nplaces = " + json.dumps([*places[1:], "hirvaskangas"]) + "\n",
    )
    diff = diff_policies(default_policy(), compose_policy(overlays=[changed]))
    assert [(c.kind.value, c.old, c.new) for c in diff.changes] == [
        ("removed", [places[0]], None),
        ("added", None, ["hirvaskangas"]),
    ]
