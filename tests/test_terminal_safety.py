"""Values from an export reach a terminal in the table report and in messages on standard
error: control and bidirectional formatting characters are shown as escapes, never obeyed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy._text import visible

from .conftest import run

ESC, RLO = "\x1b", "\u202e"
BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}


def _clean(text: str) -> bool:
    return not any(
        (unicodedata.category(char) == "Cc" and char not in "\t\n") or char in BIDI for char in text
    )


@given(st.text())
def test_visible_leaves_nothing_a_terminal_obeys(text: str) -> None:
    shown = visible(text)
    assert _clean(shown)
    if _clean(text) and "\\" not in text:
        assert shown == text


def test_visible_writes_escapes() -> None:
    assert visible("a\x1b[2Jb\u202ec\td\ne\r") == "a\\x1b[2Jb\\u202ec\td\ne\\x0d"


def test_the_table_report_and_its_warnings_show_control_characters(tmp_path: Path) -> None:
    export = tmp_path / "hostile.csv"
    export.write_text(
        f"person_id;service;purpose;email;yksikkö;Sar{ESC}[31make\n"
        f"{RLO}h1;Insta{ESC}[2Jgram;vapaa-aika;a@aanekoski.fi;Uni{ESC}[5m{chr(7)}t;z\n"
        f"h2;X;vapaa-aika;b@aanekoski.fi;U;z\n",
        encoding="utf-8",
    )
    code, out, err = run("audit", str(export), "--format", "table", "--lang", "en")
    assert code == 1
    assert ESC not in out + err and RLO not in out + err and chr(7) not in out
    assert "Insta\\x1b[2Jgram" in out and "\\u202eh1" in out
    assert "Sar\\x1b[31make" in err  # the ignored column, named on standard error


def test_an_error_naming_a_header_shows_its_control_characters(tmp_path: Path) -> None:
    export = tmp_path / "hostile.csv"
    export.write_text(f"person_id;service;Tar{ESC}[2Jkoitus\nh1;X;työ\n", encoding="utf-8")
    code, out, err = run("audit", str(export), "--lang", "en")
    assert code == 2 and out == ""
    assert ESC not in err and "Tar\\x1b[2Jkoitus" in err
