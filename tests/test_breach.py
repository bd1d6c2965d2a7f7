from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest
from Crypto.Hash import MD4

from aanekoski_somepolicy import BreachCorpus, ConfigurationError, Engine, Outcome
from aanekoski_somepolicy._passwords.breach import HashKind, nt_hash

from .conftest import CANARY, TODAY, finding, registration, run


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest().upper()


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    passwords = {f"filler-{n}": n + 1 for n in range(3000)}
    passwords["vihreä kivi juoksee nopeasti"] = 42
    lines = sorted(f"{sha1(pw)}:{count}" for pw, count in passwords.items())
    path = tmp_path / "pwned.txt"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    return path


@pytest.fixture
def corpus_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "range"
    folder.mkdir()
    digest = sha1("vihreä kivi juoksee nopeasti")
    (folder / digest[:5]).write_text(f"{'0' * 35}:1\n{digest[5:]}:7\n", encoding="ascii")
    return folder


def test_sorted_file_lookup(corpus_file: Path) -> None:
    corpus = BreachCorpus(corpus_file)
    assert corpus.count("vihreä kivi juoksee nopeasti") == 42
    for n in (0, 1, 1500, 2999):
        assert corpus.count(f"filler-{n}") == n + 1
    assert corpus.count("not there at all") == 0


def test_folder_lookup(corpus_folder: Path) -> None:
    corpus = BreachCorpus(corpus_folder)
    assert corpus.count("vihreä kivi juoksee nopeasti") == 7
    assert corpus.count("something else") == 0


def test_engine_uses_the_corpus(corpus_file: Path) -> None:
    engine = Engine(breach_corpus=corpus_file)
    result = finding(
        engine.evaluate(registration(password="vihreä kivi juoksee nopeasti"), on=TODAY),
        "R9.password-not-breached",
    )
    assert result.outcome is Outcome.FAIL and result.facts == {"count": 42}
    clean = finding(
        engine.evaluate(registration(password=CANARY), on=TODAY), "R9.password-not-breached"
    )
    assert (clean.outcome, clean.code, clean.facts) == (Outcome.PASS, "pass", {})
    # Seen once in a breach is enough to fail.
    once = finding(
        engine.evaluate(registration(password="filler-0"), on=TODAY), "R9.password-not-breached"
    )
    assert (once.outcome, once.code, once.facts) == (Outcome.FAIL, "fail", {"count": 1})


def test_missing_and_malformed_corpus(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        BreachCorpus(tmp_path / "nope")
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not hibp data\n" * 200, encoding="ascii")
    with pytest.raises(ConfigurationError, match=r"bad\.txt line 1: expected HASH:COUNT"):
        BreachCorpus(bad)
    good = tmp_path / "good.txt"
    good.write_text(f"{sha1('x')}:1\n", encoding="ascii")
    assert repr(BreachCorpus(good)) == f"BreachCorpus({str(good)!r}, file, sha1)"


PASSWORD = "vihreä kivi juoksee nopeasti"


def ntlm(text: str) -> str:
    return MD4.new(text.encode("utf-16-le")).hexdigest().upper()


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def test_nt_hash_is_md4_of_utf16le() -> None:
    # Published NT hashes: the empty password and "password".
    assert nt_hash("") == "31D6CFE0D16AE931B73C59D7E0C089C0"
    assert nt_hash("password") == "8846F7EAEE8FB117AD06BDD830B7586C"


@pytest.mark.parametrize("size", [3, 40, 3000, 60_000])
def test_unsorted_file_holding_the_hash_never_passes(tmp_path: Path, size: int) -> None:
    # Reverse order: the binary search walks the wrong way and would answer 0.
    lines = sorted((f"{sha1(f'filler-{n}')}:{n + 1}" for n in range(size)), reverse=True)
    lines.insert(size // 3, f"{sha1(PASSWORD)}:42")
    path = write_lines(tmp_path / "unsorted.txt", lines)
    try:
        count = BreachCorpus(path).count(PASSWORD)
    except ConfigurationError as error:
        assert "not sorted" in str(error)
    else:
        assert count == 42


@pytest.mark.parametrize("size", [3, 3000, 60_000])
def test_unsorted_file_is_an_error(tmp_path: Path, size: int) -> None:
    lines = sorted(f"{sha1(f'filler-{n}')}:{n + 1}" for n in range(size))
    lines[0], lines[-1] = lines[-1], lines[0]
    path = write_lines(tmp_path / "swapped.txt", lines)
    with pytest.raises(ConfigurationError, match="not sorted"):
        corpus = BreachCorpus(path)
        for n in range(0, size, max(1, size // 50)):
            corpus.count(f"filler-{n}")
        corpus.count(PASSWORD)


def test_disorder_met_by_the_search_in_a_large_file(tmp_path: Path) -> None:
    # Sorted everywhere the opening samples look, out of order around the middle.
    lines = sorted(f"{sha1(f'filler-{n}')}:{n + 1}" for n in range(60_000))
    middle = len(lines) // 2
    lines[middle - 5 : middle + 5] = reversed(lines[middle - 5 : middle + 5])
    path = write_lines(tmp_path / "middle.txt", lines)
    corpus = BreachCorpus(path)
    wanted = [f"filler-{n}" for n in range(60_000)]
    sorted_keys = sorted(wanted, key=sha1)
    with pytest.raises(ConfigurationError, match="not sorted"):
        for password in sorted_keys[middle - 8 : middle + 8]:
            corpus.count(password)


def test_ntlm_hashes_in_a_sha1_layout_are_read_as_ntlm(tmp_path: Path) -> None:
    lines = sorted(f"{ntlm(f'filler-{n}')}:{n + 1}" for n in range(3000))
    lines.append(f"{ntlm(PASSWORD)}:42")
    path = write_lines(tmp_path / "ntlm.txt", sorted(lines))
    corpus = BreachCorpus(path)
    assert corpus.kind is HashKind.NTLM
    assert corpus.count(PASSWORD) == 42
    assert corpus.count("filler-7") == 8
    assert corpus.count("not there") == 0
    finding_ = finding(
        Engine(breach_corpus=corpus).evaluate(registration(password=PASSWORD), on=TODAY),
        "R9.password-not-breached",
    )
    assert finding_.outcome is Outcome.FAIL


def test_large_ntlm_file(tmp_path: Path) -> None:
    lines = sorted(
        [f"{ntlm(f'filler-{n}')}:{n + 1}" for n in range(40_000)] + [f"{ntlm(PASSWORD)}:5"]
    )
    corpus = BreachCorpus(write_lines(tmp_path / "ntlm.txt", lines))
    assert corpus.kind is HashKind.NTLM
    assert corpus.count(PASSWORD) == 5
    assert corpus.count("filler-39999") == 40_000


def test_ntlm_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ntlm"
    folder.mkdir()
    digest = ntlm(PASSWORD)
    write_lines(folder / digest[:5], [f"{'0' * 27}:1", f"{digest[5:]}:9"])
    corpus = BreachCorpus(folder)
    assert corpus.kind is HashKind.NTLM
    assert corpus.count(PASSWORD) == 9
    assert corpus.count("other") == 0


def test_ntlm_needs_the_hashes_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_lines(tmp_path / "ntlm.txt", [f"{ntlm(PASSWORD)}:1"])
    monkeypatch.setitem(sys.modules, "Crypto.Hash", None)
    with pytest.raises(ConfigurationError, match=r"aanekoski-somepolicy\[hashes\]"):
        BreachCorpus(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("\n\n  \n", "empty"),
        (f"{'A' * 64}:3\n", "64 hex digits; expected 40 (SHA-1) or 32 (NTLM)"),
        (f"{'A' * 39}:3\n", "39 hex digits"),
        (f"{'1' * 40}:3\n{'2' * 32}:3\n", "line 2: a hash of 32 hex digits in a sha1 corpus"),
        (f"{'2' * 40}:3\n{'1' * 40}:3\n", "line 2: breach corpus is not sorted"),
        (f"{'1' * 40}:3\n{'1' * 40}:3\n", "line 2: breach corpus is not sorted"),
    ],
)
def test_wrong_files_fail_closed(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "corpus.txt"
    path.write_text(content, encoding="ascii")
    with pytest.raises(ConfigurationError, match=re.escape(message)) as raised:
        BreachCorpus(path)
    assert str(path) in str(raised.value)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_lines(tmp_path / "locked.txt", [f"{sha1(PASSWORD)}:1"])
    corpus = BreachCorpus(path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Root reads any file, so the refusal is simulated where the corpus opens it.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ConfigurationError, match=r"locked\.txt: cannot read breach corpus"):
        BreachCorpus(path)
    with pytest.raises(ConfigurationError, match=r"(?i)permission denied"):
        corpus.count(PASSWORD)


def test_wrong_folders_fail_closed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigurationError, match="no prefix files"):
        BreachCorpus(empty)
    other = tmp_path / "other"
    other.mkdir()
    write_lines(other / "ABCDE", [f"{'A' * 30}:1"])
    with pytest.raises(ConfigurationError, match="30 hex digits"):
        BreachCorpus(other)
    unsorted = tmp_path / "unsorted"
    unsorted.mkdir()
    digest = sha1(PASSWORD)
    write_lines(unsorted / digest[:5], [f"{'F' * 35}:1", f"{digest[5:]}:9"])
    with pytest.raises(ConfigurationError, match="not sorted"):
        BreachCorpus(unsorted)
    blank = tmp_path / "blank"
    blank.mkdir()
    write_lines(blank / "00000", [f"{'0' * 35}:1"])
    (blank / digest[:5]).write_text("\n", encoding="ascii")
    corpus = BreachCorpus(blank) if digest[:5] > "00000" else None
    if corpus is not None:
        with pytest.raises(ConfigurationError, match="prefix file is empty"):
            corpus.count(PASSWORD)


def test_cli_stops_with_exit_2_on_a_wrong_corpus(tmp_path: Path) -> None:
    corpus = write_lines(tmp_path / "ntlm-or-not.txt", [f"{'2' * 40}:3", f"{'1' * 40}:3"])
    subject = tmp_path / "subject.json"
    subject.write_text(
        json.dumps({"person_id": "h1", "service": "x", "purpose": "leisure", "password": PASSWORD}),
        encoding="utf-8",
    )
    code, out, err = run("check", "--input", str(subject), "--breach-corpus", str(corpus))
    assert code == 2
    assert "ei ole tiivisteiden järjestyksessä" in err and "Traceback" not in err
    assert sha1(PASSWORD) not in out + err
