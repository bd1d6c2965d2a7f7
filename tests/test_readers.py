"""Input formats: standard input, Excel, JSON arrays, encodings, delimiters, limits, dates."""

from __future__ import annotations

import datetime
import io
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from aanekoski_somepolicy._audit.readers import InputFormat, RecordSource, UnreadableInputError
from aanekoski_somepolicy._audit.readers.limits import (
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_LINE_CHARS,
    MAX_RECORD_CHARS,
)
from aanekoski_somepolicy._audit.readers.xlsx import cell_text

from .conftest import TODAY, run

ROOT = Path(__file__).resolve().parents[1]
GOOD = "person_id;service;purpose\nh1;X;työ\nh2;Y;vapaa-aika\n"


def statuses(path: Path) -> list[tuple[int, str | None, bool]]:
    return [(r.line, r.error, r.blank) for r in RecordSource(path).records()]


def test_standard_input_is_read_twice_from_memory() -> None:
    # A subprocess: the audit reads "-" from its real standard input, and reads it twice.
    result = subprocess.run(
        [sys.executable, "-m", "aanekoski_somepolicy", "audit", "-", "--format", "json",
         "--workers", "1", "--on", TODAY.isoformat()],
        input=GOOD.encode(),
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["ok"] == 2
    assert report["input"]["path"] == "vakiosyöte"  # standard input, in the report's language
    assert report["input"]["format"] == "csv"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'[{"person_id": "h1", "service": "X", "purpose": "work"}]', InputFormat.JSON),
        (b'{"person_id": "h1", "service": "X", "purpose": "work"}\n', InputFormat.JSONL),
        (GOOD.encode(), InputFormat.CSV),
    ],
)
def test_standard_input_format_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, data: bytes, kind: InputFormat
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    source = RecordSource(Path("-"))
    assert source.format is kind
    assert len(list(source.records())) == len(list(source.records())) >= 1


@pytest.mark.parametrize(("lang", "name"), [("fi", "vakiosyöte"), ("sv", "standardinmatning")])
def test_standard_input_is_named_in_the_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"nothing;known\n")))
    code, _, err = run("audit", "-", "--lang", lang)
    assert code == 2 and err.split(": ", 2)[2].startswith(f"{name}: "), err
    assert "standard input" not in err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    code, out, _ = run("audit", "-", "--lang", lang, "--format", "table", "--workers", "1")
    assert name in out and "standard input" not in out


def test_standard_input_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from aanekoski_somepolicy._audit.readers import decoding

    monkeypatch.setattr(decoding, "MAX_STDIN_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    with pytest.raises(UnreadableInputError, match="save the export to a file"):
        RecordSource(Path("-"))


def _workbook(tmp_path: Path, rows: list[list[object]], *, empty_first: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for _ in range(empty_first):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    other = workbook.create_sheet("Toinen")
    other.append(["person_id", "service", "purpose"])
    other.append(["z9", "Z", "work"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    return path


def test_xlsx_cells_become_text_faithfully(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [
            ["Henkilönumero", "Palvelu", "Käyttötarkoitus", "MFA", "Sähköposti"],
            [10234, "X", "työ", True, None],
            [],
            [10235.5, "Y", "vapaa-aika", False, "a@b.fi"],
        ],
        empty_first=2,
    )
    source = RecordSource(path)
    records = list(source.records())
    assert [(r.line, r.blank) for r in records] == [(4, False), (5, True), (6, False)]
    assert records[0].fields == {
        "person_id": "10234",
        "service": "X",
        "purpose": "työ",
        "mfa": "true",
        "email": "",
    }
    assert records[2].fields is not None and records[2].fields["person_id"] == "10235.5"
    assert source.description()["header_row"] == 3


def test_xlsx_sheet_by_name_or_number(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["person_id", "service", "purpose"], ["a1", "X", "work"]])
    for sheet in ("Toinen", "2"):
        [record] = RecordSource(path, sheet=sheet).records()
        assert record.fields is not None and record.fields["person_id"] == "z9"
    with pytest.raises(UnreadableInputError, match="no sheet 'Kolmas'; the workbook has"):
        RecordSource(path, sheet="Kolmas")


def test_an_empty_first_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    """Finnish Excel's empty first sheet (Taul1) before the data: the error says where to look."""
    path = _workbook(tmp_path, [])
    code, _, err = run("audit", str(path), "--workers", "1", "--lang", "sv")
    assert code == 2 and "'Toinen'" in err and "--sheet" in err, err


def test_xlsx_value_without_a_header_is_invalid(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["person_id", "service", "purpose"], ["a1", "X", "work", "", "?"]])
    [record] = RecordSource(path).records()
    assert record.error == "a value in column 5, which has no header"
    assert record.fields == {"person_id": "a1", "service": "X", "purpose": "work"}


def test_a_damaged_workbook_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _, err = run("audit", str(path), "--workers", "1")
    assert code == 2 and "ei ole luettava .xlsx-työkirja" in err


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12345.0, "12345"),
        (1.5, "1.5"),
        (datetime.date(2026, 11, 24), "2026-11-24"),
        (datetime.datetime(2026, 11, 24, 0, 0), "2026-11-24"),
        (datetime.datetime(2026, 11, 24, 10, 5), "2026-11-24T10:05:00"),
        (True, "true"),
        (None, ""),
        ("h1", "h1"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_json_array_elements_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        '[\n  {"person_id": "h1", "service": "X", "purpose": "work"},\n'
        '  {"person_id": "h2",\n   "service": "X", "purpose": 3},\n'
        "  7,\n"
        '  {"person_id": "h3", "service": "X", "purpose": "work", "deep": '
        + "[" * 100
        + "]" * 100
        + "}\n]\n",
        "utf-8",
    )
    records = list(RecordSource(path).records())
    assert [(r.line, r.end_line) for r in records] == [(2, 2), (3, 4), (5, 5), (6, 6)]
    assert records[0].error is None
    assert records[2].error == "expected a JSON object, got number"
    assert records[3].error is not None and "nested deeper" in records[3].error


def test_a_broken_json_array_reports_the_rest_as_one_invalid_record(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        '[{"person_id": "h1", "service": "X", "purpose": "work"}\n {"person_id": "h2"}\n]\n',
        "utf-8",
    )
    records = list(RecordSource(path).records())
    assert [(r.line, r.end_line) for r in records] == [(1, 1), (2, 3)]
    assert (
        records[1].error is not None and "the rest of the array cannot be read" in records[1].error
    )


def test_a_json_file_of_lines_is_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text('{"person_id": "h1", "service": "X", "purpose": "work"}\n', "utf-8")
    assert RecordSource(path).format is InputFormat.JSONL


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_each_delimiter_is_recognised_and_named(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(GOOD.replace(";", delimiter), "utf-8")
    source = RecordSource(path)
    names = {";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar"}
    assert source.description()["delimiter"] == names[delimiter]
    assert next(r.fields for r in source.records()) == {
        "person_id": "h1",
        "service": "X",
        "purpose": "työ",
    }


def test_a_letter_is_never_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("person_idaserviceapurpose\n", "utf-8")
    with pytest.raises(UnreadableInputError, match="missing required column"):
        RecordSource(path)


def test_forced_encoding_wins_and_an_unknown_one_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(GOOD.encode("cp1252"))
    source = RecordSource(path, encoding="latin-1")
    assert source.description()["encoding_source"] == "given with --encoding"
    assert next(r.fields for r in source.records()) == {
        "person_id": "h1",
        "service": "X",
        "purpose": "työ",
    }
    code, _, err = run("audit", str(path), "--encoding", "klingon", "--lang", "en")
    assert code == 2 and "unknown encoding 'klingon'" in err
    code, _, err = run("audit", str(path), "--encoding", "klingon", "--lang", "fi")
    assert code == 2 and "tuntematon merkistö 'klingon'" in err


def test_a_windows_1252_file_is_detected_and_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(
        "person_id;etunimi;sukunimi;palvelu;käyttötarkoitus\nh1;Pekka;Mäkelä;X;työ\n".encode(
            "cp1252"
        )
    )
    code, out, _ = run("audit", str(path), "--format", "json", "--workers", "1")
    report = json.loads(out)
    assert code == 0 and report["summary"]["ok"] == 1
    assert report["input"]["encoding"] == "Windows-1252"


def test_limits_make_records_invalid_and_name_the_limit(tmp_path: Path) -> None:
    long_line = "h1;X;" + "a" * (MAX_LINE_CHARS + 5)
    many_lines = 'h2;"' + ("b" * 60_000 + "\n") * (MAX_RECORD_CHARS // 60_000 + 1) + '";work'
    path = tmp_path / "x.csv"
    path.write_text(f"person_id;service;purpose\n{long_line}\nh3;X;työ\n{many_lines}\n", "utf-8")
    records = list(RecordSource(path).records())
    assert records[0].error == f"line longer than {MAX_LINE_CHARS:,} characters"
    assert any(r.error == f"record longer than {MAX_RECORD_CHARS:,} characters" for r in records)
    assert records[1].error is None
    assert records[1].fields == {"person_id": "h3", "service": "X", "purpose": "työ"}
    # Every line is in exactly one record.
    spans = [(r.line, r.end_line) for r in records]
    assert spans[0][0] == 2 and all(b[0] == a[1] + 1 for a, b in itertools.pairwise(spans))
    assert MAX_FIELD_CHARS <= MAX_LINE_CHARS


def test_too_many_columns_stop_the_run(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("person_id;service;purpose" + ";x" * MAX_COLUMNS + "\n", "utf-8")
    with pytest.raises(UnreadableInputError, match=f"the limit is {MAX_COLUMNS:,}"):
        RecordSource(path)


@pytest.mark.parametrize("text", ["24.11.2026", "24.11.2026.", "2026-11-24", "1.2.2026"])
def test_dates_in_finnish_and_iso_form(text: str) -> None:
    code, out, _ = run("scope", "työntekijä", "--on", text, "--format", "json")
    assert code == 0, out


def test_a_wrong_date_names_both_forms() -> None:
    code, _, err = run("scope", "työntekijä", "--on", "31.2.2026")
    assert code == 2 and "PP.KK.VVVV" in err


@pytest.mark.parametrize("name", ["export.xls", "export.ods", "export.csv"])
def test_a_workbook_under_another_name_is_read_as_a_workbook(tmp_path: Path, name: str) -> None:
    """A workbook is a zip (xlsx, xlsb, ods) or an OLE file (xls), never CSV text: its bytes
    say so, whatever the extension, rather than an encoding error about its header."""
    path = _workbook(tmp_path, [["person_id", "service", "purpose"], ["a1", "X", "work"]])
    renamed = path.rename(tmp_path / name)
    source = RecordSource(renamed)
    assert source.format is InputFormat.XLSX
    [record] = source.records()
    assert record.fields is not None and record.fields["person_id"] == "a1"
    old_excel = tmp_path / "vanha.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = run("audit", str(old_excel), "--workers", "1")
    assert code == 2 and "ei ole luettava" in err and "merkistö" not in err, err


def test_format_by_extension() -> None:
    assert InputFormat.for_path(Path("x.json")) is InputFormat.JSON
    assert InputFormat.for_path(Path("x.NDJSON")) is InputFormat.JSONL
    assert InputFormat.for_path(Path("x.xlsx")) is InputFormat.XLSX
    assert InputFormat.for_path(Path("x.txt")) is InputFormat.CSV


def test_columns_present_from_the_header_or_the_keys_seen(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Henkilönumero;Palvelu;Käyttötarkoitus;Osasto;Muistiinpanot\n", "utf-8")
    source = RecordSource(path)
    assert source.columns == {"person_id", "service", "purpose", "unit"}
    assert source.warnings() == ["ignored unknown column(s): Muistiinpanot"]
    assert source.unknown_columns_warning() == source.warnings()[0]
    path = tmp_path / "x.jsonl"
    path.write_text(
        '{"person_id": "h1", "service": "X", "purpose": "work"}\n'
        '{"person_id": "h2", "Sähköposti": "a@b.fi", "extra": 1}\n',
        "utf-8",
    )
    source = RecordSource(path)
    assert source.columns == frozenset()
    list(source.records())
    assert source.columns == {"person_id", "service", "purpose", "email"}
    assert source.warnings() == ["ignored unknown column(s): extra"]


def test_a_formula_without_a_saved_value_makes_its_row_invalid_not_a_pass(tmp_path: Path) -> None:
    # openpyxl (like most scripts) saves formulas without their results; calamine reads such
    # a cell as empty, so the row's password would have read as "none given" and passed.
    path = _workbook(
        tmp_path,
        [
            ["person_id", "service", "purpose", "password"],
            ["h1", "Instagram", "vapaa-aika", '=CONCAT("Kesä",2026)'],
            ["h2", "Strava", "vapaa-aika", "x"],
            ["", "", "", "=1+1"],
        ],
    )
    records = list(RecordSource(path).records())
    assert [(r.line, r.error is not None, r.blank) for r in records] == [
        (2, True, False),
        (3, False, False),
        (4, True, False),
    ]
    assert records[0].error == (
        "cell D2 holds a formula without a saved value, so the row was not checked; "
        "open the workbook in Excel and save it so that the values are computed"
    )
    assert records[0].fields == {"person_id": "h1", "service": "Instagram", "purpose": "vapaa-aika"}
    code, out, _ = run("audit", str(path), "--workers", "1", "--format", "json", "--lang", "sv")
    report = json.loads(out)
    assert code == 1 and report["summary"]["statuses"]["invalid"] == 2
    assert "D2" in json.dumps(report, ensure_ascii=False) and "formel" in out


def test_formulas_with_saved_values_are_read_as_their_values(tmp_path: Path) -> None:
    from aanekoski_somepolicy._audit.readers.formulas import unsaved_formula_cells

    path = _workbook(tmp_path, [["person_id", "service", "purpose"], ["h1", "X", "=A1"]])
    with path.open("rb") as handle:
        assert unsaved_formula_cells(handle, 0) == {2: "C2"}
        # The second sheet has none; an index past the sheets, and damaged bytes, give none.
        assert unsaved_formula_cells(handle, 1) == {}
        assert unsaved_formula_cells(handle, 5) == {}
    import io

    assert unsaved_formula_cells(io.BytesIO(b"PK\x03\x04 broken"), 0) == {}
    # A workbook saved by Excel keeps each formula's value: rewrite the cell with one.
    import zipfile

    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(saved, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>A1</f><v />" in data  # openpyxl keeps no value
                data = data.replace(b"<f>A1</f><v />", b"<f>A1</f><v>work</v>")
            new.writestr(item, data)
    with saved.open("rb") as handle:
        assert unsaved_formula_cells(handle, 0) == {}
