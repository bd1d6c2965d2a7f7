from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from aanekoski_somepolicy import BreachCorpus, ConfigurationError, Engine, Outcome

from .conftest import CANARY, TODAY, finding, registration


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
    assert clean.outcome is Outcome.PASS


def test_missing_and_malformed_corpus(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        BreachCorpus(tmp_path / "nope")
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not hibp data\n" * 200, encoding="ascii")
    with pytest.raises(ConfigurationError, match="HASH:COUNT"):
        BreachCorpus(bad).count("x")
    assert "bad.txt" in repr(BreachCorpus(bad))
