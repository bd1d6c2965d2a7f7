"""`somepolicy --version` and `somepolicy version`: the package's and the policy's versions."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from .conftest import run

VERSION = metadata.version("aanekoski-somepolicy")


@pytest.mark.parametrize(("lang", "word"), [("fi", "ohje"), ("sv", "anvisning"), ("en", "policy")])
def test_version_option_prints_package_and_policy(
    monkeypatch: pytest.MonkeyPatch, lang: str, word: str
) -> None:
    monkeypatch.setenv("SOMEPOLICY_LANG", lang)
    code, out, err = run("--version")
    assert (code, err) == (0, "")
    assert out == f"somepolicy {VERSION} ({word} aanekoski-some-ohje 1.0.0)\n"


def test_version_command_follows_the_effective_policy(tmp_path: Path) -> None:
    code, out, _ = run("version", "--format", "json")
    assert code == 0 and json.loads(out) == {
        "version": VERSION,
        "policy": {"id": "aanekoski-some-ohje", "version": "1.0.0"},
    }
    overlay = tmp_path / "change.toml"
    overlay.write_text('[metadata]\nversion = "1.1.0"\n', encoding="utf-8")
    code, out, err = run("version", "--overlay", str(overlay), "--lang", "en")
    assert (code, err) == (0, "")
    assert out == f"somepolicy {VERSION} (policy aanekoski-some-ohje 1.1.0)\n"


def test_version_is_in_the_help_and_runs_as_a_module() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "--version" in out and "version" in out
    done = subprocess.run(
        [sys.executable, "-m", "aanekoski_somepolicy", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and VERSION in done.stdout
