"""Every input a fuzz target once crashed on, run through the same check (fuzz/_harness.py).

Add a file under ``tests/fuzz_regressions/<target>/`` for each crash fuzzing finds; name it
after what it exercises.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fuzz"))
from _harness import CHECKS  # noqa: E402

CHECK: dict[str, Callable[[bytes], None]] = CHECKS
CASES = sorted((ROOT / "tests" / "fuzz_regressions").glob("*/*"))


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_fuzz_regression(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", sys.stdin)  # the check feeds the input as stdin
    CHECK[path.parent.name](path.read_bytes())


@pytest.mark.parametrize("target", sorted(CHECKS))
def test_every_seed_passes_its_check(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", sys.stdin)
    seeds = sorted((ROOT / "fuzz" / "corpus" / target).iterdir())
    assert seeds, f"fuzz/corpus/{target} has no seed"
    for seed in seeds:
        CHECK[target](seed.read_bytes())


def test_every_check_has_a_target() -> None:
    targets = {p.stem.removeprefix("fuzz_") for p in (ROOT / "fuzz").glob("fuzz_*.py")}
    assert set(CHECKS) <= targets
