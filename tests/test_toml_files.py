"""Every TOML file an operator gives names the file, line, column and what is wrong, in three
languages: column mappings, policies, overlays, waivers and scenario files."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from aanekoski_somepolicy._i18n import messages
from aanekoski_somepolicy._tomlfile import TomlSyntaxError, parse_toml

from .conftest import run

LANGS = {
    "en": ("line 3, column 7", "the key is not followed by ="),
    "fi": ("rivi 3, sarake 7", "avaimen jälkeen puuttuu ="),
    "sv": ("rad 3, kolumn 7", "nyckeln följs inte av ="),
}
BROKEN = "# a comment\n\nTunnus\n"  # line 3, column 7: no "=" after the key


def _files(tmp_path: Path) -> dict[str, Path]:
    subject = tmp_path / "subject.json"
    subject.write_text('{"person_id": "h1", "service": "X", "purpose": "työ"}', "utf-8")
    export = tmp_path / "export.csv"
    export.write_text("person_id;service;purpose\nh1;X;työ\n", "utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN, "utf-8")
    scenarios = tmp_path / "broken.scenarios.toml"
    scenarios.write_text(BROKEN, "utf-8")
    return {"subject": subject, "export": export, "broken": broken, "scenarios": scenarios}


COMMANDS = {
    "mapping": ("audit", "{export}", "--mapping", "{broken}"),
    "policy": ("--policy", "{broken}", "rules"),
    "overlay": ("diff", "--overlay", "{broken}"),
    "waivers": ("audit", "{export}", "--waivers", "{broken}"),
    "scenarios": ("test", "{scenarios}"),
}


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_a_broken_toml_file_names_file_line_column_and_reason(
    tmp_path: Path, kind: str, lang: str
) -> None:
    files = _files(tmp_path)
    argv = [part.format(**files) for part in COMMANDS[kind]]
    code, out, err = run(*argv, "--lang", lang)
    where, reason = LANGS[lang]
    assert code == 2 and out == "", err
    name = "broken.scenarios.toml" if kind == "scenarios" else "broken.toml"
    assert name in err and where in err and reason in err, err
    assert "Traceback" not in err and "Expected" not in err


def test_bytes_that_are_not_utf8_are_placed_by_line_and_column(tmp_path: Path) -> None:
    mapping = tmp_path / "cp1252.toml"
    mapping.write_bytes('[columns]\n"Käyttäjä" = "username"\n'.encode("cp1252"))
    code, _, err = run("audit", str(_files(tmp_path)["export"]), "--mapping", str(mapping))
    assert code == 2 and "cp1252.toml" in err and "rivi 2, sarake 3" in err and "UTF-8" in err


def _tomllib_reasons() -> list[str]:
    """Every reason CPython's TOML parser can give (the literals of its error calls)."""
    source = Path(tomllib.__file__).with_name("_parser.py").read_text("utf-8")
    found = re.findall(r'suffixed_err\(\s*src,\s*\w+,\s*f?"([^"]+)"', source)
    return sorted({reason.replace("\\\\", "\\") for reason in found})  # as the literal reads


REASONS = _tomllib_reasons()


def test_the_parser_reasons_were_found() -> None:
    assert len(REASONS) >= 15 and "Unclosed array" in REASONS


@pytest.mark.parametrize("reason", REASONS)
def test_every_tomllib_reason_has_its_own_words(reason: str) -> None:
    from aanekoski_somepolicy._tomlfile import _reason

    # The placeholders of the f-strings stand for a key tuple or a quoted character.
    text = re.sub(r"\{[^}]*\}", "('a', 'b')" if "key" in reason else "'x'", reason)
    said = _reason(text)
    assert said.code != "syntax", reason
    for lang in ("fi", "sv"):
        assert "Expected" not in said.get(lang) and "Invalid" not in said.get(lang)


def test_an_unknown_reason_is_still_placed() -> None:
    from aanekoski_somepolicy._tomlfile import describe

    error = tomllib.TOMLDecodeError("Something new (at line 4, column 2)")
    assert describe(error).get("en") == "line 4, column 2: the TOML syntax is wrong"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a = 1\na = 2\n", "line 2, column 6: the value is already set"),
        ("a = [1, 2\n", "at the end of the file: the array lacks its closing ]"),
        ('x = "abc\n', "line 1, column 9: the string lacks its closing quote"),
        ("[a]\nb = 1\n[a]\n", "line 3, column 3: 'a' is declared twice"),
        ("k = {a = 1, a = 2}\n", "the key 'a' appears twice in the inline table"),
        ("a = kissa\n", "line 1, column 5: the value is invalid"),
    ],
)
def test_parse_toml_says_where_and_why(text: str, where: str) -> None:
    with pytest.raises(TomlSyntaxError) as raised:
        parse_toml(text)
    assert where in raised.value.where.get("en")


def test_every_toml_message_exists_in_three_languages() -> None:
    for code, text in messages("toml").items():
        assert text.fi and text.sv and text.en, code
