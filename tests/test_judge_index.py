"""The password judge's precompiled word-list index (issue 9: judge construction time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine, Policy
from aanekoski_somepolicy._passwords import index
from aanekoski_somepolicy._passwords import judge as judge_module
from aanekoski_somepolicy._passwords.judge import PasswordJudge
from aanekoski_somepolicy._scenarios.model import Scenario, load_scenarios
from aanekoski_somepolicy._scenarios.run import run_one

# The project's golden scenarios (tests/scenarios/), run again on the memory-mapped index.
GOLDEN = load_scenarios(Path(__file__).parent / "scenarios" / "golden.scenarios.toml")


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
    monkeypatch.setattr(index, "load_index", lambda _params, **_: None)
    monkeypatch.setattr("aanekoski_somepolicy._passwords.judge.load_index", lambda _p, **_: None)
    built = PasswordJudge(params)
    for password in ["kesälomalla2024!", "k1ssa123", "xK9#mQ2$vL7!pR4z", "Hvirtayhteistyössä1"]:
        assert indexed.judge(password, mfa=False) == built.judge(password, mfa=False)


_SHIPPED = index._index_file().read_bytes()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not an index",
        b"x\x9c\x03\x00\x00\x00\x00\x01",
        _SHIPPED[:7],
        _SHIPPED[:2000],  # the header, cut
        _SHIPPED[: len(_SHIPPED) // 2],  # tables cut short
    ],
    ids=["empty", "text", "zlib", "magic-cut", "header-cut", "tables-cut"],
)
@pytest.mark.parametrize("mapped", [False, True], ids=["whole", "mapped"])
def test_damaged_index_is_ignored(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes, mapped: bool
) -> None:
    (tmp_path / index.INDEX_NAME).write_bytes(content)
    monkeypatch.setattr(index, "_index_file", lambda: tmp_path / index.INDEX_NAME)
    assert index.load_index(policy.parameters.password, mapped=mapped) is None


@pytest.mark.parametrize("mapped", [False, True], ids=["whole", "mapped"])
def test_an_intact_copy_is_read(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mapped: bool
) -> None:
    # The damaged copies above are refused for their damage, not for their place.
    (tmp_path / index.INDEX_NAME).write_bytes(_SHIPPED)
    monkeypatch.setattr(index, "_index_file", lambda: tmp_path / index.INDEX_NAME)
    assert index.load_index(policy.parameters.password, mapped=mapped) is not None


def test_a_changed_byte_in_the_tables_is_caught_by_a_whole_load(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    damaged = bytearray(_SHIPPED)
    damaged[-100] ^= 0x01  # inside the last table's values
    (tmp_path / index.INDEX_NAME).write_bytes(bytes(damaged))
    monkeypatch.setattr(index, "_index_file", lambda: tmp_path / index.INDEX_NAME)
    assert index.load_index(policy.parameters.password) is None


def _pairs(whole: Any, mapped: Any) -> list[tuple[Any, Any]]:
    """The (whole, mapped) pairs of lookups at the same place in the two states."""
    if isinstance(mapped, index.MappedTable | index.MappedSet):
        return [(whole, mapped)]
    if isinstance(whole, tuple) and not isinstance(mapped, index.MappedSet):
        return [pair for w, m in zip(whole, mapped, strict=True) for pair in _pairs(w, m)]
    assert whole == mapped
    return []


@pytest.fixture(scope="module")
def both_states(policy: Policy) -> list[tuple[Any, Any]]:
    params = policy.parameters.password
    pairs = _pairs(index.load_index(params), index.load_index(params, mapped=True))
    assert len(pairs) == 11  # every large lookup of the state is mapped
    return pairs


def test_mapped_lookups_hold_every_entry_of_the_whole_index(
    both_states: list[tuple[Any, Any]],
) -> None:
    for whole, mapped in both_states:
        assert len(mapped) == len(whole)
        assert list(mapped) == list(whole)  # the same keys, in the same order
        if isinstance(whole, dict):
            for key, value in whole.items():
                assert mapped.get(key) == value
                assert mapped[key] == value
        else:
            assert all(key in mapped for key in whole)


# Every category, lone surrogates included: JSON input can carry them ("\ud800").
_ANY_CHAR = st.characters(blacklist_categories=())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ANY_CHAR, max_size=12))
def test_mapped_lookups_answer_as_dicts_do(both_states: list[tuple[Any, Any]], key: str) -> None:
    for whole, mapped in both_states:
        assert (key in mapped) == (key in whole)
        if isinstance(whole, dict):
            assert mapped.get(key, "absent") == whole.get(key, "absent")
            if key not in whole:
                with pytest.raises(KeyError):
                    mapped[key]


@pytest.fixture(scope="module")
def mapped_judge(policy: Policy) -> PasswordJudge:
    return PasswordJudge(policy.parameters.password, mapped=True)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=_ANY_CHAR, max_size=40),
        st.lists(
            st.sampled_from(["kesä", "2026", "k1ssa", "salasana", "!", "Matti", "p4ss", "w0rd"]),
            max_size=5,
        ).map("".join),
    ),
    st.booleans(),
)
def test_mapped_and_whole_judges_agree(
    policy: Policy, mapped_judge: PasswordJudge, password: str, mfa: bool
) -> None:
    whole = judge_module.judge_for(policy.parameters.password)
    personal = ["matti", "virtanen"]
    assert mapped_judge.judge(password, mfa=mfa, service="Facebook", personal=personal) == (
        whole.judge(password, mfa=mfa, service="Facebook", personal=personal)
    )


def test_mapped_judge_reads_lone_surrogates(policy: Policy, mapped_judge: PasswordJudge) -> None:
    # A lone surrogate cannot be encoded as UTF-8; it is a key of no lookup, not an error.
    password = "kesä\ud800loma2026\udfff"
    whole = judge_module.judge_for(policy.parameters.password)
    assert mapped_judge.judge(password, mfa=False) == whole.judge(password, mfa=False)


@pytest.mark.parametrize("scenario", GOLDEN, ids=[scenario.name for scenario in GOLDEN])
def test_golden_scenarios_on_the_mapped_index(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, scenario: Scenario
) -> None:
    monkeypatch.setattr(judge_module, "_JUDGES", {})
    monkeypatch.setattr(judge_module, "_MAPPED", True)
    assert scenario.policy is None and not scenario.overlays  # the shipped guideline
    result, _ = run_one(scenario, Engine(policy))
    assert isinstance(
        judge_module.judge_for(policy.parameters.password)._estimator._ranked, index.MappedTable
    )
    assert not result.mismatches, scenario.name


def test_check_command_judges_a_password_with_a_lone_surrogate(tmp_path: Path) -> None:
    reg = tmp_path / "reg.json"
    reg.write_text(
        '{"person_id": "h1", "service": "Instagram", "purpose": "vapaa-aika",'
        ' "password": "kes\\u00e4\\ud800loma2026"}',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "aanekoski_somepolicy", "check", "--input", str(reg)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    assert done.returncode == 1, done.stderr  # denied (too short), not a crash
    assert "Traceback" not in done.stderr


def test_check_command_reads_the_mapped_index(tmp_path: Path) -> None:
    # One registration per process: loading the whole index would cost most of the command.
    reg = Path(__file__).resolve().parents[1] / "examples" / "registration.json"
    code = (
        "import io, contextlib, sys\n"
        "from aanekoski_somepolicy._cli.main import main\n"
        "from aanekoski_somepolicy._passwords import index, judge\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['check', '--input', {str(reg)!r}])\n"
        "(built,) = judge._JUDGES.values()\n"
        "assert isinstance(built._estimator._ranked, index.MappedTable)\n"
        "assert 'aanekoski_somepolicy._audit.readers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
