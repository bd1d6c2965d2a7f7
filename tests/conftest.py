from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from aanekoski_somepolicy import (
    AccountRegistration,
    Decision,
    Engine,
    Outcome,
    Policy,
    default_policy,
)

# A password that must never appear in any output channel.
CANARY = "Kanarialintu-7Q!zv-Ruoste-Hauki"
TODAY = date(2026, 11, 24)

# Rule 9's machine checks for account registrations, in catalog order.
R9_CHECKS = (
    "R9.separate-work-leisure-usernames",
    "R9.password-min-length",
    "R9.password-not-common",
    "R9.password-no-guessable-context",
    "R9.password-strength-score",
    "R9.password-not-breached",
    "R9.leisure-email-not-city-domain",
)

# Rule 9's machine checks for directory accounts (the password-hash audit), in catalog order.
R9_HASH_CHECKS = (
    "R9.hash-not-empty",
    "R9.hash-no-lm",
    "R9.hash-not-breached",
    "R9.hash-not-common",
    "R9.hash-no-own-context",
    "R9.hash-not-shared",
)


@pytest.fixture(scope="session")
def policy() -> Policy:
    return default_policy()


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


def registration(**fields: Any) -> AccountRegistration:
    base: dict[str, Any] = {"person_id": "h1", "service": "Facebook", "purpose": "leisure"}
    base.update(fields)
    return AccountRegistration.model_validate(base)


def outcomes(decision: Decision) -> Mapping[str, Outcome]:
    return {finding.check: finding.outcome for finding in decision.findings}


def finding(decision: Decision, check: str) -> Any:
    matches = [item for item in decision.findings if item.check == check]
    assert len(matches) == 1, f"expected one finding for {check}"
    return matches[0]


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` as a module."""
    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit status, stdout, stderr)."""
    from aanekoski_somepolicy._cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def staff(**fields: Any) -> dict[str, Any]:
    """A bound employee's HR record, as JSON-like data."""
    return {
        "id": "h1",
        "role": "työntekijä",
        "start": "2020-01-01",
        "supervisor_id": "h100",
        **fields,
    }


def evaluate(engine: Engine, data: dict[str, Any]) -> Decision:
    from aanekoski_somepolicy import parse_subject

    return engine.evaluate(parse_subject(data), on=TODAY)


# README's example registration (also `somepolicy check --input examples/registration.json`).
README_REGISTRATION: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "examples" / "registration.json").read_text("utf-8")
)
