"""The password judge's precompiled word-list index (issue 9: judge construction time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aanekoski_somepolicy import Policy
from aanekoski_somepolicy._passwords import index
from aanekoski_somepolicy._passwords.judge import PasswordJudge


def test_shipped_index_is_current(policy: Policy) -> None:
    # Fails when a list, a parameter or the build changed without
    # `python scripts/regenerate_judge_index.py`.
    params = policy.parameters.password
    state = index.load_index(params)
    assert state is not None, "index key does not match: regenerate the index"
    assert state == PasswordJudge._build(params)


def test_other_parameters_never_read_the_index(policy: Policy) -> None:
    params = policy.parameters.password.model_copy(update={"places": ["Hirvaskangas"]})
    assert index.load_index(params) is None
    judge = PasswordJudge(params)
    assert not judge.judge("Hirvaskangas2026!!!!", mfa=False).context_ok


def test_judges_from_index_and_from_lists_agree(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = policy.parameters.password
    indexed = PasswordJudge(params)
    monkeypatch.setattr(index, "load_index", lambda _params: None)
    monkeypatch.setattr("aanekoski_somepolicy._passwords.judge.load_index", lambda _p: None)
    built = PasswordJudge(params)
    for password in ["kesälomalla2024!", "k1ssa123", "xK9#mQ2$vL7!pR4z", "Hvirtayhteistyössä1"]:
        assert indexed.judge(password, mfa=False) == built.judge(password, mfa=False)


@pytest.mark.parametrize("content", [b"", b"not zlib", b"x\x9c\x03\x00\x00\x00\x00\x01"])
def test_damaged_index_is_ignored(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes
) -> None:
    (tmp_path / index.INDEX_NAME).write_bytes(content)
    monkeypatch.setattr(index, "_data", lambda: tmp_path)
    assert index.load_index(policy.parameters.password) is None
