"""A title or blank lines above the header: the header is found (or named), the rest said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from aanekoski_somepolicy._audit.readers import RecordSource, UnreadableInputError

from .conftest import run

HEADER = "henkilönumero;palvelu;käyttötarkoitus;sähköposti;salasana"
ROWS = [
    "h1;Instagram;vapaa-aika;matti@aanekoski.fi;kissa",
    "h2;Facebook;vapaa-aika;maija@example.org;Pöllö lentää yli hiljaisen lammen",
]


def _csv(tmp_path: Path, above: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([*above, HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def _audit(path: Path, *options: str) -> tuple[int, dict[str, object], str]:
    code, out, err = run(
        "audit", str(path), "--format", "json", "--lang", "en", "--workers", "1", *options
    )
    return code, json.loads(out) if out else {}, err


def _outcomes(report: dict[str, object]) -> list[tuple[str, str]]:
    results = report["results"]
    assert isinstance(results, list)
    return [(result["person_id"], result["status"]) for result in results]


def test_a_title_line_above_the_header_is_skipped_and_said(tmp_path: Path) -> None:
    plain = _audit(_csv(tmp_path, [], "plain.csv"))
    code, report, err = _audit(_csv(tmp_path, ["Henkilöstöraportti 11/2026;;;;", "", ";;;;"]))
    assert code == plain[0] == 1
    assert _outcomes(report) == _outcomes(plain[1])
    assert [result["line"] for result in report["results"]] == [5, 6]  # type: ignore[attr-defined]
    assert report["input"]["header_line"] == 4  # type: ignore[index]
    assert "line 4" in err and "skipped above it: lines 1–3" in err and "not blank: 2" in err
    assert any("line 4" in warning for warning in report["warnings"])  # type: ignore[attr-defined]


def test_a_file_whose_header_is_line_one_reads_as_before(tmp_path: Path) -> None:
    code, report, err = _audit(_csv(tmp_path, []))
    assert code == 1 and "header_line" not in report["input"]  # type: ignore[operator]
    assert "skipped" not in err


def test_header_row_forces_the_line_and_names_it(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["Raportti", "henkilönumero;palvelu;käyttötarkoitus"])
    # Found: line 2 names the required columns first, and is not the real header.
    _, found, _ = _audit(path)
    assert found["input"]["header_line"] == 2  # type: ignore[index]
    code, report, err = _audit(path, "--header-row", "3")
    assert code == 1 and report["input"]["header_line"] == 3  # type: ignore[index]
    assert report["input"]["columns"]["salasana"] == "password"  # type: ignore[index]
    assert "line 3" in err and "skipped above it: lines 1–2" in err


def test_header_row_past_the_end_or_on_a_title_is_a_clear_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["Raportti"])
    code, _, err = _audit(path, "--header-row", "40")
    assert code == 2 and "--header-row 40: the input has only 4 lines" in err
    code, _, err = _audit(path, "--header-row", "1")
    assert code == 2 and "line 1: missing required column(s)" in err
    assert "Traceback" not in err


def test_no_header_in_the_first_lines_names_the_best_line(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Raportti\n\nhenkilönumero;palvelu\nh1;X\n", encoding="utf-8")
    code, _, err = _audit(path)
    assert code == 2 and "line 3: missing required column(s) purpose" in err
    assert "looked for in the first 20 lines" in err and "--header-row" in err
    code, _, err = _audit(path, "--header-row", "3")
    assert code == 2 and "missing required column(s) purpose" in err
    assert "--header-row" not in err  # named, not searched: no hint to name it


def test_only_blank_lines_is_a_missing_header(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="header row is missing"):
        RecordSource(path)


def test_workers_read_parts_after_a_title_line(tmp_path: Path) -> None:
    rows = [f"h{n};Instagram;vapaa-aika;p{n}@example.org;kissa{n}" for n in range(3000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(["Raportti 2026", HEADER, *rows]) + "\n", encoding="utf-8")
    one = _audit(path, "--workers", "1")
    code, out, _ = run("audit", str(path), "--format", "json", "--lang", "en", "--workers", "2")
    two = json.loads(out)
    assert one[0] == code
    lines = [(result["line"], result["status"]) for result in two["results"]]
    assert lines == [(r["line"], r["status"]) for r in one[1]["results"]]  # type: ignore[attr-defined]
    assert lines[0][0] == 3 and len(lines) == 3000


@settings(max_examples=25, deadline=None)
@given(
    above=st.lists(
        st.sampled_from(["", ";;;;", "Henkilöstöraportti 11/2026", '"Äänekoski";"2026"']),
        max_size=6,
    )
)
def test_any_title_and_blank_lines_read_the_same_records(above: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_text("\n".join([*above, HEADER, *ROWS]) + "\n", encoding="utf-8")
        source = RecordSource(path)
        records = list(source.records())
        assert [record.fields for record in records] == [
            {
                "person_id": row.split(";")[0],
                "service": row.split(";")[1],
                "purpose": "vapaa-aika",
                "email": row.split(";")[3],
                "password": row.split(";")[4],
            }
            for row in ROWS
        ]
        assert [record.line for record in records] == [len(above) + 2, len(above) + 3]


def _workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    return path


def test_an_excel_title_row_above_the_header_is_skipped_and_said(tmp_path: Path) -> None:
    header: list[object] = ["Henkilönumero", "Palvelu", "Käyttötarkoitus", "Sähköposti"]
    path = _workbook(
        tmp_path,
        [
            ["Henkilöstöraportti 11/2026"],
            [],
            header,
            ["h1", "Instagram", "vapaa-aika", "matti@aanekoski.fi"],
        ],
    )
    code, report, err = _audit(path)
    assert code == 1 and report["input"]["header_row"] == 3  # type: ignore[index]
    assert [(r["line"], r["status"]) for r in report["results"]] == [(4, "violation")]  # type: ignore[attr-defined]
    assert "row 3" in err and "skipped above it: rows 1–2," in err and "not blank: 1" in err
    code, report, err = _audit(path, "--header-row", "3")
    assert code == 1 and "row 3 (--header-row)" not in err and "skipped" in err
    code, _, err = _audit(path, "--header-row", "1")
    assert code == 2 and "row 1: missing required column(s)" in err


def test_header_row_does_not_apply_to_json(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text('{"person_id": "h1", "service": "X", "purpose": "työ"}\n', encoding="utf-8")
    code, _, err = _audit(path, "--header-row", "2")
    assert code == 2 and "--header-row does not apply to" in err and "jsonl" in err


@pytest.mark.parametrize(
    ("option", "value", "suffix"),
    [("--sheet", "2", ".csv"), ("--sheet", "Taul1", ".jsonl"), ("--encoding", "cp1252", ".xlsx")],
)
def test_an_option_for_another_input_kind_is_refused(
    tmp_path: Path, option: str, value: str, suffix: str
) -> None:
    if suffix == ".xlsx":
        path = _workbook(tmp_path, [["person_id", "service", "purpose"], ["h1", "X", "työ"]])
    else:
        path = _csv(tmp_path, [], "export" + suffix)
        if suffix == ".jsonl":
            path.write_text('{"person_id": "h1", "service": "X", "purpose": "työ"}\n')
    for lang, words in (("en", "does not apply"), ("fi", "ei koske"), ("sv", "gäller inte")):
        code, out, err = run("audit", str(path), option, value, "--lang", lang)
        assert code == 2 and out == "" and option in err and words in err
        assert path.name in err and "Traceback" not in err


def test_a_header_repeated_among_the_records_is_named_not_judged(tmp_path: Path) -> None:
    path = tmp_path / "pages.csv"
    path.write_text("\n".join([HEADER, ROWS[0], HEADER, ROWS[1]]) + "\n", encoding="utf-8")
    _, report, _ = _audit(path)
    results = report["results"]
    assert isinstance(results, list)
    assert [(r["line"], r["status"]) for r in results] == [
        (2, "violation"),
        (3, "invalid"),
        (4, "ok"),
    ]
    assert "header row repeats" in json.dumps(results[1]["errors"])
    # Every record still accounted for, and a row that only starts like the header is judged.
    path.write_text("\n".join([HEADER, "henkilönumero;X;työ;;"]) + "\n", encoding="utf-8")
    _, report, _ = _audit(path)
    assert _outcomes(report) == [("henkilönumero", "ok")]


def test_an_excel_header_repeated_among_the_rows_is_named(tmp_path: Path) -> None:
    header: list[object] = ["Henkilönumero", "Palvelu", "Käyttötarkoitus"]
    path = _workbook(tmp_path, [header, ["h1", "X", "työ"], header, ["h2", "Y", "työ"]])
    _, report, _ = _audit(path)
    results = report["results"]
    assert isinstance(results, list)
    assert [(r["line"], r["status"]) for r in results] == [(2, "ok"), (3, "invalid"), (4, "ok")]


def test_audit_hashes_refuses_an_encoding_for_a_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["user", "nt_hash"], ["a", "31d6cfe0d16ae931b73c59d7e0c089c0"]])
    code, out, err = run("audit-hashes", str(path), "--encoding", "cp1252", "--lang", "en")
    assert code == 2 and out == "" and "--encoding does not apply to" in err
    text = tmp_path / "dump.txt"
    text.write_text("a:31d6cfe0d16ae931b73c59d7e0c089c0\n", encoding="cp1252")
    code, _, err = run("audit-hashes", str(text), "--encoding", "cp1252", "--format", "json")
    assert code == 1 and "does not apply" not in err  # a text dump has an encoding
