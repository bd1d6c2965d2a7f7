"""README's promises: its two commands are what CI runs, and its example works."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_has_exactly_two_shell_commands_and_ci_runs_both() -> None:
    commands = [block.strip() for block in blocks("sh")]
    assert len(commands) == 2
    install, tests = commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install in ci, "CI must install and run the main job exactly as README says"
    assert tests in ci, "CI must run README's test command"
    assert "pip install" in install and "somepolicy" in install
    assert "pytest" in tests


def test_readme_embedding_example_runs() -> None:
    (example,) = blocks("python")
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)
    decision = namespace["decision"]
    assert decision.allowed is False  # type: ignore[attr-defined]
    failed = {f.check for f in decision.failures()}  # type: ignore[attr-defined]
    assert {"R9.password-min-length", "R9.leisure-email-not-city-domain"} <= failed
    # The username differs from the work username, as the README shows.
    assert "R9.separate-work-leisure-usernames" not in failed
