from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.readers import InputFormat, RecordSource, UnreadableInputError
from aanekoski_somepolicy._audit.run import STATUSES, AuditOptions, audit_records
from aanekoski_somepolicy._audit.writers import neutralise_cell

from .conftest import CANARY, R9_CHECKS, TODAY, run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "registrations.csv"
CORPUS = ROOT / "examples" / "pwned-sample.txt"
HEADER = "person_id;first_name;last_name;role;service;purpose;username;email;password;mfa"


def audit_json(path: Path, *extra: str) -> tuple[int, dict[str, object]]:
    code, out, _ = run(
        "audit", str(path), "--format", "json", "--on", TODAY.isoformat(), "--workers", "1", *extra
    )
    return code, json.loads(out)


def write(
    tmp_path: Path, text: str, name: str = "in.csv", *, bom: bool = False, crlf: bool = False
) -> Path:
    path = tmp_path / name
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    return path


def test_sample_audit_accounts_for_every_record() -> None:
    code, report = audit_json(SAMPLE, "--breach-corpus", str(CORPUS))
    assert code == 1
    summary = report["summary"]
    assert isinstance(summary, dict)
    results = report["results"]
    assert isinstance(results, list)
    assert summary["rows"] == len(results) == 20
    assert sum(summary["statuses"].values()) == summary["records"] == 20
    # h1006 (an elected official, password "kissa") is out of scope, not plainly ok.
    assert summary["statuses"] == {
        "ok": 5,
        "violation": 11,
        "warning": 0,
        "invalid": 3,
        "out-of-scope": 1,
        "blank": 0,
    }
    (official,) = [r for r in results if r["status"] == "out-of-scope"]
    assert official["person_id"] == "h1006" and official["scope"]["reason"] == "role-out-of-scope"
    assert report["policy"] == {"id": "aanekoski-some-ohje", "version": "1.0.0"}
    # Every R9 check fails at least once in the sample.
    assert set(summary["by_check"]) == set(R9_CHECKS)
    lines = [r["line"] for r in results]
    assert lines == sorted(lines)
    # The sample's "department" column is read as the organisational unit.
    assert report["warnings"] == []
    described = report["input"]
    assert isinstance(described, dict)
    assert described["columns"]["department"] == "unit"
    assert results[0]["unit"] == "Sivistyspalvelut"


def test_work_rows_later_in_the_file_still_count(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\nh1;;;;Reddit;vapaa-aika;MVirtanen;;;\nh1;;;;Teams;työ;mvirtanen;m.v@aanekoski.fi;;\nh2;;;;Reddit;leisure;mvirtanen;;;\n",
    )
    _, report = audit_json(path)
    results = report["results"]
    assert isinstance(results, list)
    assert [r["status"] for r in results] == ["violation", "ok", "ok"]
    assert results[0]["findings"][0]["check"] == "R9.separate-work-leisure-usernames"


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_dialects(tmp_path: Path, bom: bool, crlf: bool, delimiter: str) -> None:
    text = f"{HEADER}\nh1;;;;Facebook;vapaa-aika;;x@aanekoski.fi;;\nh2;;;;Facebook;työ;;x@aanekoski.fi;;\n"
    path = write(tmp_path, text.replace(";", delimiter), bom=bom, crlf=crlf)
    code, report = audit_json(path)
    assert code == 1
    results = report["results"]
    assert isinstance(results, list)
    assert [r["status"] for r in results] == ["violation", "ok"]


def test_jsonl_input(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "person_id": "h1",
                "service": "X",
                "purpose": "leisure",
                "email": "a@aanekoski.fi",
                "extra": 1,
            }
        ),
        "",
        "{not json",
        json.dumps([1, 2]),
        json.dumps(
            {
                "person_id": "h2",
                "service": "X",
                "purpose": "work",
                "mfa": True,
                "work_usernames": ["a", "b"],
            }
        ),
        json.dumps({"person_id": "h3", "service": {"nested": 1}, "purpose": "work"}),
    ]
    path = write(tmp_path, "\n".join(lines) + "\n", "in.jsonl")
    code, report = audit_json(path)
    assert code == 1
    results = report["results"]
    assert isinstance(results, list)
    assert [(r["line"], r["status"]) for r in results] == [
        (1, "violation"),
        (2, "blank"),
        (3, "invalid"),
        (4, "invalid"),
        (5, "ok"),
        (6, "invalid"),
    ]
    assert "virheellinen JSON" in results[2]["errors"][0]["message"]
    assert results[5]["errors"][0]["field"] == "service"
    assert report["warnings"] == [
        "tuntemattomat sarakkeet ohitettiin: extra",
        "Tyhjiä tietueita (vain erottimia tai välilyöntejä): 1, rivit 2",
    ]


def test_invalid_records_name_line_and_field(tmp_path: Path) -> None:
    text = f'{HEADER}\nh1;;;;X;loma;;;;\n;;;;X;työ;;;;\nh3;;;;X;työ;;;;;extra\nh5;;;;X;työ;;;;maybe\nh4;;;;"X;työ;;;;\n\nh6;;;;X;työ;;;;\n'
    path = write(tmp_path, text)
    code, report = audit_json(path)
    results = report["results"]
    assert isinstance(results, list)
    assert code == 1
    by_line = {r["line"]: r for r in results}
    assert by_line[2]["errors"] == [
        {
            "field": "purpose",
            "message": "tuntematon käyttötarkoitus 'loma'; käytä työ (work) tai vapaa-aika (leisure)",
        }
    ]
    assert by_line[3]["errors"][0]["field"] == "person_id"
    assert "odotettiin 10 kenttää" in by_line[4]["errors"][0]["message"]
    assert by_line[5]["errors"][0]["field"] == "mfa"
    # An unterminated quote swallows the rest of the file: one invalid record, its span named.
    assert by_line[6]["end_line"] == 8
    assert "virheellinen CSV-tietue" in by_line[6]["errors"][0]["message"]
    assert sorted(by_line) == [2, 3, 4, 5, 6]
    assert all(r["status"] == "invalid" for r in results)


def test_undecodable_and_overlong_lines_are_invalid_records(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        (HEADER + "\n").encode()
        + b"h1;;;;X;ty\xff;;;;\n"
        + b"h2;;;;X;"
        + b"a" * 70000
        + b";;;;\n"
        + "h3;;;;X;työ;;;;\n".encode()
    )
    _, report = audit_json(path)
    results = report["results"]
    assert isinstance(results, list)
    assert [r["status"] for r in results] == ["invalid", "invalid", "ok"]
    assert "ei ole kelvollista UTF-8-tekstiä" in results[0]["errors"][0]["message"]
    assert "pidempi kuin" in results[1]["errors"][0]["message"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "header row is missing"),
        ("person_id;service\nh1;X\n", "missing required column(s) purpose"),
        ("person_id;service;purpose;purpose\n", "duplicate column"),
    ],
)
def test_unusable_input_exits_2(tmp_path: Path, text: str, needle: str) -> None:
    code, out, err = run("audit", str(write(tmp_path, text)), "--lang", "en")
    assert code == 2 and out == "" and needle in err and "Traceback" not in err
    code, _, err = run("audit", str(tmp_path / "missing.csv"), "--lang", "en")
    assert code == 2 and "cannot read" in err
    code, _, err = run("audit", str(tmp_path))
    assert code == 2 and err == f"somepolicy: virhe: {tmp_path}: on kansio; anna vientitiedosto\n"


def test_fail_on(tmp_path: Path) -> None:
    ok = write(tmp_path, f"{HEADER}\nh1;;;;X;työ;;;;\n", "ok.csv")
    bad = write(tmp_path, f"{HEADER}\nh1;;;;X;vapaa-aika;;a@aanekoski.fi;;\n", "bad.csv")
    assert run("audit", str(ok), "--format", "json", "--workers", "1")[0] == 0
    assert run("audit", str(bad), "--format", "json", "--workers", "1")[0] == 1
    assert (
        run("audit", str(bad), "--format", "json", "--workers", "1", "--fail-on", "never")[0] == 0
    )
    assert run("audit", str(bad), "--workers", "0")[0] == 2


@pytest.mark.parametrize(
    "fmt", ["table", "json", "jsonl", "csv", "markdown", "html", "sarif", "junit"]
)
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_format_hides_the_canary_and_covers_every_record(
    tmp_path: Path, fmt: str, lang: str
) -> None:
    text = (
        f"{HEADER}\n"
        f"h1;Matti;;;Facebook;vapaa-aika;m;m@aanekoski.fi;{CANARY};\n"
        f"h2;;;;Facebook;loma;;;{CANARY};\n"
        f"h3;;;;Facebook;työ;;;{CANARY};kyllä\n"
        f'h4;;;;"Facebook;työ;;;{CANARY};\n'
    )
    out_file = tmp_path / f"report.{fmt}"
    code, stdout, stderr = run(
        "audit",
        str(write(tmp_path, text)),
        "--format",
        fmt,
        "--lang",
        lang,
        "--output",
        str(out_file),
        "--workers",
        "1",
    )
    report = out_file.read_text(encoding="utf-8")
    assert code == 1 and stdout == ""
    for fragment in (CANARY, CANARY[:12], CANARY[-12:], "7Q!zv"):
        assert fragment not in report and fragment not in stderr
    if fmt == "csv":
        excel = lang != "en"  # Finnish and Swedish CSV defaults to Finnish Excel's dialect
        rows = list(
            csv.DictReader(
                io.StringIO(report.removeprefix("\ufeff")), delimiter=";" if excel else ","
            )
        )
        assert {row["line"] for row in rows if row["status"] != "notice"} == {"2", "3", "4", "5"}
    elif fmt == "jsonl":
        records = [json.loads(line) for line in report.splitlines()]
        assert [r["record"] for r in records] == [
            "header",
            "result",
            "result",
            "result",
            "result",
            "summary",
        ]
    elif fmt == "json":
        assert json.loads(report)["summary"]["rows"] == 4
    elif fmt == "markdown":
        assert "| 4 | 1 | 1 | 0 | 2 | 0 | 0 |" in report
    elif fmt == "html":
        assert '<td class="n" data-count="records">4</td>' in report
        assert '<td class="n" data-count="invalid">2</td>' in report
    elif fmt == "sarif":
        lines = [
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in json.loads(report)["runs"][0]["results"]
        ]
        assert set(lines) == {2, 3, 5}  # a violation and two invalid records
    elif fmt == "junit":
        assert 'tests="4" failures="1" errors="2"' in report
    else:
        words = {
            "fi": ("Tietueita luettu", "kunnossa", "rikkomus", "huomautus", "virheellinen"),
            "en": ("Records read", "ok", "violation", "warning", "invalid"),
        }[lang]
        counts = "   ".join(f"{word}: {n}" for word, n in zip(words, (4, 1, 1, 0, 2), strict=True))
        assert counts in report
        # Every non-ok record is listed by its line.
        for line in (2, 3, 5):
            # The table's row starts with the check (or nothing), then the line number.
            assert any(
                re.match(rf"\s*(R\d+\.[a-z-]+\s+)?{line}\s", row) for row in report.splitlines()
            )


def test_csv_output_neutralises_formulas(tmp_path: Path) -> None:
    text = f'{HEADER}\n=HYPERLINK("http://x");;;;+cmd;vapaa-aika;;@evil@aanekoski.fi;;\n-2+3;;;;X;työ;;;;\n'
    out_file = tmp_path / "r.csv"
    run(
        "audit",
        str(write(tmp_path, text)),
        "--format",
        "csv",
        "--output",
        str(out_file),
        "--workers",
        "1",
    )
    for row in csv.reader(io.StringIO(out_file.read_text(encoding="utf-8"))):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+x", "'+x"),
        ("-1", "'-1"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ok", "ok"),
        (None, ""),
        (3, "3"),
    ],
)
def test_neutralise_cell(value: object, shown: str) -> None:
    assert neutralise_cell(value) == shown


def test_parallel_results_equal_serial() -> None:
    source = RecordSource(SAMPLE)
    serial = list(
        audit_records(source, AuditOptions(on=TODAY, workers=1, breach_corpus=CORPUS, batch_size=3))
    )
    parallel = list(
        audit_records(source, AuditOptions(on=TODAY, workers=2, breach_corpus=CORPUS, batch_size=3))
    )
    assert parallel == serial
    assert len(serial) == 20


def test_input_format_by_extension_and_override(tmp_path: Path) -> None:
    assert InputFormat.for_path(Path("x.JSONL")) is InputFormat.JSONL
    assert InputFormat.for_path(Path("x.csv")) is InputFormat.CSV
    path = write(
        tmp_path,
        json.dumps({"person_id": "h", "service": "X", "purpose": "työ"}) + "\n",
        "export.txt",
    )
    with pytest.raises(UnreadableInputError):
        RecordSource(path)  # read as CSV, it lacks the columns
    code, out, _ = run(
        "audit", str(path), "--input-format", "jsonl", "--format", "json", "--workers", "1"
    )
    assert code == 0 and json.loads(out)["summary"]["ok"] == 1


cell_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.lists(cell_text, min_size=0, max_size=12), max_size=15),
    delimiter=st.sampled_from([";", ","]),
)
def test_generated_files_lose_no_record(
    tmp_path: Path, rows: list[list[str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    # Windows line endings, as Finnish offices write them; the writer then quotes a bare \r.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER.split(";"))
    for row in rows:
        writer.writerow(row)
    path = tmp_path / "generated.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    blank = sum(1 for row in rows if not any(cell.strip() for cell in row))
    results = list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1)))
    assert len(results) == len(rows)
    assert sum(r["status"] == "blank" for r in results) == blank
    assert all(r["status"] in STATUSES for r in results)
    for result in results:
        if result["status"] == "invalid":
            assert result["errors"] and all(error["message"] for error in result["errors"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blob=st.binary(max_size=600))
def test_arbitrary_bytes_never_crash(tmp_path: Path, blob: bytes) -> None:
    path = tmp_path / "noise.csv"
    path.write_bytes((HEADER + "\n").encode() + blob)
    results = list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1)))
    assert all(r["status"] in STATUSES for r in results)
    path = tmp_path / "noise.jsonl"
    path.write_bytes(blob)
    results = list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1)))
    assert all(r["status"] in STATUSES for r in results)


def test_progress_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nh1;;;;X;työ;;;;\n")
    _, _, quiet = run("audit", str(path), "--format", "json", "--workers", "1")
    assert "riviä/s" not in quiet
    _, out, shown = run("audit", str(path), "--format", "json", "--workers", "1", "--progress")
    assert "riviä/s" in shown and "riviä/s" not in out


def test_bare_carriage_return_in_a_field_is_an_invalid_record(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes(b"person_id;service;purpose\n\r;X;ty\xc3\xb6\nh2;X;work\n")
    results = list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1)))
    assert [(r["line"], r["status"]) for r in results] == [(2, "invalid"), (3, "ok")]
    assert "virheellinen CSV-tietue" in results[0]["errors"][0]["message"]


def test_audit_a_register_of_pages(tmp_path: Path) -> None:
    person = {"id": "h1", "role": "työntekijä", "start": "2020-01-01"}
    notified = {"it_manager_notified_on": "2026-01-01", "atk_planner_notified_on": "2026-01-01"}
    base = {"type": "page", "service": "X", "created_by": person, "created_on": "2026-01-01"}
    pages = [
        {
            **base,
            **notified,
            "id": "ok",
            "name": "A",
            "responsible_persons": [person],
            "linked_on": "2026-01-05",
        },
        {
            **base,
            "id": "never-notified",
            "name": "B",
            "responsible_persons": [person],
            "linked_on": "2026-01-05",
        },
        {
            **base,
            **notified,
            "id": "orphaned",
            "name": "C",
            "responsible_persons": [{**person, "end": "2026-06-30"}],
            "linked_on": "2026-01-05",
        },
        {**base, **notified, "id": "unlinked", "name": "D", "responsible_persons": [person]},
        {"type": "page", "id": "broken", "name": "E"},
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in pages) + "\n", encoding="utf-8")
    code, report = audit_json(path)
    results = report["results"]
    assert isinstance(results, list)
    assert code == 1
    assert [(r["subject_id"], r["status"]) for r in results] == [
        ("ok", "ok"),
        ("never-notified", "violation"),
        ("orphaned", "violation"),
        ("unlinked", "ok"),
        ("broken", "invalid"),
    ]
    checks = {r["subject_id"]: [f["check"] for f in r["findings"]] for r in results}
    assert checks["never-notified"] == ["R10.notify-it-manager-and-planner"]
    assert checks["orphaned"] == ["R10.responsible-persons-named"]
    assert checks["unlinked"] == [
        "R10.linked-to-city-website"
    ]  # guidance: reported, not a violation
    assert {e["field"] for e in results[4]["errors"]} >= {"service", "created_by", "created_on"}


def test_jsonl_explicit_registration_type_is_not_an_unknown_column(tmp_path: Path) -> None:
    line = {"type": "account-registration", "person_id": "h1", "service": "X", "purpose": "työ"}
    path = write(tmp_path, json.dumps(line) + "\n", "in.jsonl")
    code, report = audit_json(path)
    assert code == 0 and report["warnings"] == []


def test_jsonl_unknown_keys_warned_on_stderr_and_bounded(tmp_path: Path) -> None:
    lines = [
        json.dumps({"person_id": f"h{n}", "service": "X", "purpose": "työ", f"extra{n}": 1})
        for n in range(50)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n", "in.jsonl")
    code, out, err = run("audit", str(path), "--format", "json", "--workers", "1")
    report = json.loads(out)
    assert code == 0 and report["summary"]["rows"] == 50
    (warning,) = report["warnings"]
    assert warning.startswith("tuntemattomat sarakkeet ohitettiin: extra0, extra1")
    assert "ja 30 muuta" in warning
    assert "somepolicy: varoitus: tuntemattomat sarakkeet ohitettiin: extra0" in err
