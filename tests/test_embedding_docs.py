"""docs/embedding.md's Python examples run, and do what the page says."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from .test_server import real_server  # noqa: F401  (a fixture)

PAGE = (Path(__file__).resolve().parents[1] / "docs" / "embedding.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, flags=re.DOTALL)


def run(block: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(block, "docs/embedding.md", "exec"), namespace)
    return namespace


def block_with(text: str) -> str:
    (found,) = [block for block in BLOCKS if text in block]
    return str(found)


def test_the_page_has_the_four_examples() -> None:
    assert len(BLOCKS) == 4


def test_http_client_example(
    real_server: tuple[str, Path, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base, _, _ = real_server
    monkeypatch.setenv("SOMEPOLICY_URL", base)
    namespace = run(block_with("httpx.Client"))
    assert namespace["decision"]["allowed"] is False
    assert "R9.leisure-email-not-city-domain" in namespace["decision"]["rejected_by"]
    assert [e["pointer"] for e in namespace["problem"].json()["errors"]] == [
        "/person_id",
        "/service",
        "/purpose",
    ]
    assert namespace["feedback"]["reasons"][0]["message"].startswith("Lösenordet")


def test_django_settings_example() -> None:
    namespace = run(block_with("AUTH_PASSWORD_VALIDATORS"))
    entry = namespace["AUTH_PASSWORD_VALIDATORS"][1]
    module, _, name = entry["NAME"].rpartition(".")
    validator = getattr(importlib.import_module(module), name)(**entry["OPTIONS"])
    assert validator.service == "Intranet"


def test_pydantic_example(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = run(block_with("class Signup"))
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == [
        "siviilipalvelusvelvollinen leisure **********",
        "['city_email', 'weak_password']",
    ]
    assert printed[2].startswith(
        "['kaupungin sähköpostiosoitetta (aanekoski.fi) ei saa käyttää vapaa-ajan palvelussa "
        "(sääntö 9)', 'salasana ei täytä sääntöä 9: Salasana perustuu vuodenaikaan, "
    )
    assert len(printed) == 3
    assert "password" in namespace["schema"]["properties"]


def test_feedback_example() -> None:
    namespace = run(block_with("password_feedback("))
    feedback = namespace["feedback"]
    assert feedback.acceptable is False
    assert feedback.strength == "fair"
    assert [r.code for r in feedback.reasons] == ["too-short", "calendar", "easy-to-guess"]
    assert [s.code for s in feedback.suggestions] == ["passphrase", "mfa", "no-season-year"]
