"""The audit on real exports: coverage, statuses, roles, identities, outputs that keep inputs."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine, parse_subject
from aanekoski_somepolicy._audit.readers import RecordSource
from aanekoski_somepolicy._audit.run import STATUSES, AuditOptions, AuditSummary, audit_records
from aanekoski_somepolicy._policy.roles import Role, parse_role

from .conftest import TODAY, run

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
HEADER = "person_id;first_name;last_name;role;service;purpose;username;email;password;mfa"


def audit(path: Path, *extra: str, fmt: str = "json") -> tuple[int, str, str]:
    return run(
        "audit", str(path), "--format", fmt, "--on", TODAY.isoformat(), "--workers", "1", *extra
    )


def results_of(path: Path, **options: Any) -> list[dict[str, Any]]:
    return list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1, **options)))


# --- Coverage: never a silent pass -------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "R9.leisure-email-not-city-domain was not checked: no e-mail (email)"),
        ("fi", "R9.leisure-email-not-city-domain jäi tarkastamatta: aineistossa ei ole saraketta"),
        ("sv", "R9.leisure-email-not-city-domain kontrollerades inte: kolumnen"),
    ],
)
def test_a_check_without_its_column_is_named_in_every_format(
    tmp_path: Path, fmt: str, lang: str, sentence: str
) -> None:
    # The case: the address is under a header the audit does not know.
    path = tmp_path / "fi.csv"
    path.write_text(
        "person_id;service;purpose;Yhteystieto;Muistiinpano\nh1;Instagram;vapaa-aika;matti@aanekoski.fi;kissa\n",
        encoding="utf-8",
    )
    code, out, _ = audit(path, "--lang", lang, fmt=fmt)
    assert code == 0
    # In the headline: before any result and before the summary.
    first = {
        "json": '"results"',
        "jsonl": '"record": "result"',
        "csv": "h1,",  # English; Finnish and Swedish CSV is for Finnish Excel (;)
        "markdown": "| --- |",
    }
    if fmt == "csv" and lang != "en":
        first["csv"] = "h1;"
    end = out.index(first[fmt]) if fmt in first else out.index("\n\n")
    assert sentence in out[:end]
    if fmt in ("table", "markdown", "csv"):
        # Never "no violations" without what was not checked.
        closing = {"en": "Not checked: ", "fi": "Tarkastamatta: ", "sv": "Kontrollerades inte: "}
        assert f"{closing[lang]}R9.separate-work-leisure-usernames" in out


def test_coverage_counts_ran_passed_failed_and_why_not(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "person_id;service;purpose;email;password\n"
        "h1;X;vapaa-aika;a@aanekoski.fi;\n"
        "h2;X;vapaa-aika;b@example.org;\n"
        "h3;X;työ;c@aanekoski.fi;Pitkä-ja-hyvä-salasana-2026-xq\n",
        encoding="utf-8",
    )
    _code, out, _ = audit(path)
    coverage = json.loads(out)["summary"]["coverage"]
    email = coverage["R9.leisure-email-not-city-domain"]
    assert (email["ran"], email["passed"], email["failed"], email["not_applicable"]) == (2, 1, 1, 1)
    length = coverage["R9.password-min-length"]
    assert (length["ran"], length["not_run"], length["not_run_reasons"]) == (
        1,
        2,
        {"value-blank": 2},
    )
    assert length["not_run_columns"] == {"value-blank": ["password"]}
    username = coverage["R9.separate-work-leisure-usernames"]
    assert username["not_run_reasons"] == {"column-absent": 2}


def test_require_turns_gaps_into_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("person_id;service;purpose;password\nh1;X;vapaa-aika;\n", encoding="utf-8")
    report = tmp_path / "report.json"
    code, _, err = audit(path, "--require", "all", "--output", str(report), "--lang", "en")
    assert code == 2 and "no e-mail (email) / username (username) column" in err
    assert not report.exists()  # stopped before writing anything
    # The password column is there but blank everywhere: known only after the run.
    code, _, err = audit(path, "--require", "R9.password-min-length", "--output", str(report))
    assert (
        code == 2
        and "R9.password-min-length jäi tarkastamatta: salasana (password) on tyhjä" in err
    )
    gaps = json.loads(report.read_text())["summary"]["not_checked"]
    assert {"check": "R9.password-min-length", "reason": "value-blank"}.items() <= next(
        gap for gap in gaps if gap["check"] == "R9.password-min-length"
    ).items()
    code, _, err = audit(path, "--require", "R9.no-such-check")
    assert code == 2 and "ei ole tilirekisteröintien tarkastus" in err


def test_no_breach_corpus_is_stated(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nh1;;;;X;työ;u;;Pitkä-ja-hyvä-salasana-2026-xq;\n", encoding="utf-8")
    _, out, _ = audit(path, "--lang", "en", fmt="table")
    assert "R9.password-not-breached was not checked: no breach corpus (--breach-corpus)" in out


# --- Statuses that say what happened ------------------------------------------------------


def test_blank_records_are_counted_and_named_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        f"{HEADER}\nh1;;;;X;työ;;;;\n;;;;;;;;;\n ; ; ;;;;;;;\n;;;;;;;;;\nh2;;;;X;työ;;;;\n;;;;;;;;;\n",
        encoding="utf-8",
    )
    for fmt in FORMATS:
        _code, out, _ = audit(path, "--lang", "en", fmt=fmt)
        assert "Blank records (only delimiters or whitespace): 4, at line(s) 3-5, 7" in out, fmt
    summary = json.loads(audit(path)[1])["summary"]
    assert summary["statuses"]["blank"] == 4 and summary["records"] == 6


def test_out_of_scope_has_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nh1;;;luottamushenkilö;X;vapaa-aika;;;kissa;\n", encoding="utf-8")
    code, out, _ = audit(path, "--lang", "en")
    (result,) = json.loads(out)["results"]
    assert code == 0
    assert result["status"] == "out-of-scope"
    assert result["scope"] == {
        "reason": "role-out-of-scope",
        "role": "luottamushenkilo",
        "message": "The guideline does not cover the role elected official.",
    }


# A CSV export mutated by the strategies below: every record read has exactly one status.
_rows = st.lists(
    st.lists(
        st.sampled_from(
            [
                "",
                " ",
                "h1",
                "X",
                "työ",
                "vapaa-aika",
                "kissa",
                "a@aanekoski.fi",
                "sijainen",
                "astronautti",
                '"',
                ";",
            ]
        ),
        max_size=12,
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=_rows,
    cut=st.integers(min_value=0, max_value=400),
    junk=st.binary(max_size=8),
    kind=st.sampled_from(["csv", "jsonl"]),
)
def test_statuses_reconcile_with_records_read(
    tmp_path: Path, rows: list[list[str]], cut: int, junk: bytes, kind: str
) -> None:
    if kind == "csv":
        text = HEADER + "\n" + "\n".join(";".join(row) for row in rows) + "\n"
        keep = len(HEADER) + 1  # the header stays readable; everything after it is fair game
    else:
        names = HEADER.split(";")
        text = "".join(json.dumps(dict(zip(names, row, strict=False))) + "\n" for row in rows)
        keep = 0
    data = text.encode("utf-8")
    cut += keep
    data = data[:cut] + junk + data[cut:] if cut < len(data) else data + junk
    path = tmp_path / f"mutated.{kind}"
    path.write_bytes(data)
    read = sum(1 for _ in RecordSource(path).records())
    summary = AuditSummary()
    results = list(
        audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1), summary=summary)
    )
    assert summary.records == summary.results == len(results) == read
    assert sum(summary.statuses[status] for status in STATUSES) == read
    assert all(result["status"] in STATUSES for result in results)


def test_reconcile_raises_when_a_record_is_lost() -> None:
    summary = AuditSummary(records=1)
    summary.add({"line": 2, "status": "ok", "findings": []})
    summary.reconcile()
    summary.records += 1  # a record read without a result
    with pytest.raises(RuntimeError, match="2 records read, 1 results, 1 statuses"):
        summary.reconcile()


# --- Roles as HR writes them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("kesätyöntekijä", Role.TYONTEKIJA),
        ("Sijainen", Role.TYONTEKIJA),
        ("määräaikainen työntekijä", Role.TYONTEKIJA),
        ("vakituinen työntekijä", Role.TYONTEKIJA),
        ("virkamies", Role.VIRANHALTIJA),
        ("tuntityöntekijä", Role.TYONTEKIJA),
        ("oppisopimusopiskelija", Role.TYONTEKIJA),
        ("TET-harjoittelija", Role.MUU_HARJOITTELIJA),
        ("työkokeilija", Role.MUU_HARJOITTELIJA),
        ("palkkatuella työllistetty", Role.TYONTEKIJA),
        ("kesäharjoittelija", Role.HARJOITTELIJA),
        ("vikarie", Role.TYONTEKIJA),
        ("sommarjobbare", Role.TYONTEKIJA),
        ("summer trainee", Role.HARJOITTELIJA),
        ("apprentice", Role.TYONTEKIJA),
    ],
)
def test_hr_titles_are_roles(title: str, role: Role) -> None:
    assert parse_role(title) is role


def test_hr_titles_are_judged_not_invalid(tmp_path: Path) -> None:
    titles = [
        "kesätyöntekijä",
        "sijainen",
        "määräaikainen työntekijä",
        "virkamies",
        "oppisopimusopiskelija",
    ]
    path = tmp_path / "in.csv"
    path.write_text(
        HEADER
        + "\n"
        + "".join(f"h{n};;;{t};X;vapaa-aika;;m@aanekoski.fi;;\n" for n, t in enumerate(titles)),
        encoding="utf-8",
    )
    results = results_of(path)
    assert [r["status"] for r in results] == ["violation"] * len(titles)


def test_check_command_uses_the_same_aliases(engine: Engine) -> None:
    subject = parse_subject(
        {"person_id": "h1", "service": "X", "purpose": "leisure", "role": "kesätyöntekijä"}
    )
    assert engine.scope(subject).role is Role.TYONTEKIJA


def test_unknown_role_is_bound_with_a_warning_and_one_role_list(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        f"{HEADER}\nh1;;;astronautti;X;vapaa-aika;;m@aanekoski.fi;;\n"
        f"h2;;;astronautti;X;vapaa-aika;;m@example.org;;\n"
        f"h3;;;kuuluttaja;X;työ;;;;\n",
        encoding="utf-8",
    )
    code, out, _ = audit(path, "--lang", "en")
    assert code == 1
    report = json.loads(out)
    statuses = [r["status"] for r in report["results"]]
    assert statuses == ["violation", "warning", "warning"]  # the violation is still found
    finding = report["results"][1]["findings"][0]
    assert finding["check"] == "scope.role-recognised" and "'astronautti'" in finding["message"]
    assert "--role-aliases" in finding["remedy"]
    # The accepted roles appear once per report, in the warnings, not per record.
    assert out.count("kuntouttava-tyotoiminta") == 1
    (warning,) = [w for w in report["warnings"] if "Unknown roles" in w]
    assert "'astronautti', 'kuuluttaja'" in warning
    _code, out, _ = audit(path, "--lang", "en", "--unknown-role", "invalid")
    results = json.loads(out)["results"]
    assert [r["status"] for r in results] == ["invalid"] * 3
    assert results[0]["person_id"] == "h1"


def test_role_aliases_file_extends_the_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nh1;;;astronautti;X;vapaa-aika;;;kissa;\n", encoding="utf-8")
    aliases = tmp_path / "roles.txt"
    aliases.write_text("# city titles\nastronautti = luottamushenkilo\n", encoding="utf-8")
    _, out, _ = audit(path, "--role-aliases", str(aliases))
    assert json.loads(out)["results"][0]["status"] == "out-of-scope"
    aliases.write_text("astronautti = kosmonautti\n", encoding="utf-8")
    code, _, err = audit(path, "--role-aliases", str(aliases))
    assert code == 2 and f"{aliases}, rivi 1" in err and "tuntematon rooli 'kosmonautti'" in err
    aliases.write_text("sijainen = luottamushenkilo\n", encoding="utf-8")
    code, _, err = audit(path, "--role-aliases", str(aliases))
    assert code == 2 and "tarkoittaa jo roolia tyontekija" in err


# --- Work identities without caps --------------------------------------------------------


def test_json_lines_arrays_stay_arrays(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [
        {
            "person_id": "h1",
            "service": "X",
            "purpose": "vapaa-aika",
            "username": "Matti Virtanen",
            "work_usernames": ["Matti Virtanen"],
        },
        {
            "person_id": "h2",
            "service": "X",
            "purpose": "vapaa-aika",
            "username": "Matti",
            "work_usernames": ["Matti Virtanen"],
        },
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    results = results_of(path)
    assert [r["status"] for r in results] == ["violation", "ok"]


def test_every_work_identity_is_compared_and_none_makes_a_row_invalid(tmp_path: Path) -> None:
    work = "".join(f"h1;;;;Teams;työ;tunnus{n:03d};;;\n" for n in range(120))
    own = " ".join(f"oma{n:03d}" for n in range(80))
    path = tmp_path / "in.csv"
    path.write_text(
        "person_id;first_name;last_name;role;service;purpose;username;email;password;mfa;work_usernames\n"
        + work.replace(";;;\n", ";;;;\n")
        + "h1;;;;Instagram;vapaa-aika;Tunnus119;;;;\n"
        + f"h2;;;;Instagram;vapaa-aika;oma079;;;;{own}\n"
        + "h1;;;;Instagram;vapaa-aika;someone;;kissa;;\n",
        encoding="utf-8",
    )
    results = results_of(path)
    assert all(r["status"] == "ok" for r in results[:120])
    assert [r["status"] for r in results[120:]] == ["violation", "violation", "violation"]
    assert results[120]["findings"][0]["check"] == "R9.separate-work-leisure-usernames"
    assert results[121]["findings"][0]["check"] == "R9.separate-work-leisure-usernames"
    # The last row breaks password rules, but its username matches none of the 120.
    assert "R9.separate-work-leisure-usernames" not in {
        f["check"] for f in results[122]["findings"]
    }
    compared = results_of(path, all_findings=True)[122]
    (separate,) = [
        f for f in compared["findings"] if f["check"] == "R9.separate-work-leisure-usernames"
    ]
    assert separate["outcome"] == "pass" and separate["facts"]["compared"] == 120


# --- Workers get plain data --------------------------------------------------------------


def test_deep_json_of_another_type_is_the_same_with_any_number_of_workers(tmp_path: Path) -> None:
    deep: object = "x"
    for _ in range(600):
        deep = [deep]
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"type": "page", "id": "p1", "extra": deep})
        + "\n"
        + json.dumps({"person_id": "h1", "service": "X", "purpose": "työ"})
        + "\n",
        encoding="utf-8",
    )
    one = results_of(path)
    two = list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=2)))
    assert one == two
    assert [r["status"] for r in one] == ["invalid", "ok"]
    reports = [
        run("audit", str(path), "--format", "json", "--on", TODAY.isoformat(), "--workers", n)
        for n in ("1", "3")
    ]
    assert reports[0] == reports[1]  # the whole report: results, warnings, summary


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=_rows, size=st.integers(min_value=1, max_value=4))
def test_one_and_two_workers_give_identical_reports(
    tmp_path: Path, rows: list[list[str]], size: int
) -> None:
    path = tmp_path / "w.csv"
    path.write_text(
        HEADER + "\n" + "\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8"
    )
    one = list(
        audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1, batch_size=size))
    )
    two = list(
        audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=2, batch_size=size))
    )
    assert one == two


# --- Outputs that cannot destroy inputs --------------------------------------------------


def test_output_onto_the_input_is_refused_through_any_path(tmp_path: Path) -> None:
    path = tmp_path / "same.csv"
    original = f"{HEADER}\nh1;;;;X;työ;;;;\n"
    path.write_text(original, encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(path)
    hard = tmp_path / "hard.csv"
    os.link(path, hard)
    folder = tmp_path / "sub"
    folder.mkdir()
    for output in (path, link, hard, folder / ".." / "same.csv"):
        code, _out, err = audit(path, "--format", "csv", "--output", str(output), "--lang", "en")
        assert code == 2, output
        assert "refusing to overwrite it with the report" in err and str(output) in err
        assert path.read_text(encoding="utf-8") == original
    code, _, err = audit(link, "--output", str(hard))
    assert code == 2 and path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fi", "raporttia ei kirjoiteta sen päälle"), ("sv", "rapporten skrivs inte över den")],
)
def test_refusals_to_write_a_report_are_in_the_chosen_language(
    tmp_path: Path, lang: str, words: str
) -> None:
    """The refusal and the unwritable folder were English whatever the ``--lang``."""
    path = tmp_path / "same.csv"
    path.write_text(f"{HEADER}\nh1;;;;X;työ;;;;\n", encoding="utf-8")
    code, _, err = audit(path, "--format", "csv", "--output", str(path), "--lang", lang)
    assert code == 2 and words in err and "refusing" not in err
    missing = tmp_path / "no-such-folder" / "report.csv"
    code, _, err = audit(path, "--format", "csv", "--output", str(missing), "--lang", lang)
    assert code == 2 and str(missing) in err
    assert "cannot write" not in err and "No such file" not in err


def test_a_failed_run_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aanekoski_somepolicy._audit.writers import json_report

    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nh1;;;;X;työ;;;;\nh2;;;;X;työ;;;;\n", encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text("previous", encoding="utf-8")
    calls = 0

    def broken(self: object, result: object) -> None:
        nonlocal calls
        calls += 1
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json_report.JsonWriter, "write", broken)
    code, _, err = audit(path, "--output", str(report))
    assert code == 2 and "raporttia ei voitu kirjoittaa: No space left on device" in err
    assert calls == 1
    assert report.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "report.json"]
    monkeypatch.undo()
    code, _, _ = audit(path, "--output", str(report))
    assert code == 0 and json.loads(report.read_text())["summary"]["records"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "report.json"]


def test_output_to_a_device_is_written_directly(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nh1;;;;X;työ;;;;\n", encoding="utf-8")
    code, _, _ = audit(path, "--output", os.devnull)
    assert code == 0 and Path(os.devnull).is_char_device()


# --- CSV for Finnish Excel, units ----------------------------------------------------------


def test_csv_for_finnish_excel(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "person_id;service;purpose;unit;email\nh1;X;vapaa-aika;Sivistystoimi;m@aanekoski.fi\n",
        encoding="utf-8",
    )
    report = tmp_path / "r.csv"
    code, _, _ = audit(
        path, "--format", "csv", "--csv-dialect", "excel-fi", "--output", str(report)
    )
    data = report.read_bytes()
    assert code == 1 and data.startswith(b"\xef\xbb\xbfline;person_id;service;purpose;unit;status;")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    (row,) = [row for row in rows if row["status"] == "violation"]
    assert row["unit"] == "Sivistystoimi"
    code, _, _ = audit(path, "--format", "csv", "--output", str(report), "--lang", "en")
    assert report.read_bytes().startswith(b"line,person_id,")
    code, _, _ = audit(
        path, "--format", "csv", "--csv-dialect", "standard", "--output", str(report)
    )
    assert report.read_bytes().startswith(b"line,person_id,")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_finnish_and_swedish_csv_default_to_finnish_excel(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "person_id;service;purpose;email\nh1;=cmd|' /C calc'!A0;vapaa-aika;m@aanekoski.fi\n",
        encoding="utf-8",
    )
    report = tmp_path / "r.csv"
    code, _, _ = audit(path, "--format", "csv", "--output", str(report), "--lang", lang)
    data = report.read_bytes()
    assert code == 1 and data.startswith(b"\xef\xbb\xbfline;person_id;service;")
    assert b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    # Formula injection stays neutralised in the new default.
    assert {row["service"] for row in rows if row["service"]} == {"'=cmd|' /C calc'!A0"}


def test_unit_is_carried_into_results(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "person_id;service;purpose;unit\nh1;X;työ;Tekninen toimi\nh2;X;loma;Kirjasto\n",
        encoding="utf-8",
    )
    results = results_of(path)
    assert [(r["unit"], r["status"]) for r in results] == [
        ("Tekninen toimi", "ok"),
        ("Kirjasto", "invalid"),
    ]


def test_role_vocabulary_is_public_and_extendable(tmp_path: Path) -> None:
    from aanekoski_somepolicy import RoleVocabulary

    aliases = tmp_path / "roles.txt"
    aliases.write_text("kouluavustaja = tyontekija\n", encoding="utf-8")
    vocabulary = RoleVocabulary.with_file(aliases)
    assert vocabulary.parse("Kouluavustaja") is Role.TYONTEKIJA
    assert vocabulary.lookup("kesätyöntekijä") is Role.TYONTEKIJA  # the shipped ones too
    assert RoleVocabulary().lookup("kouluavustaja") is None


def test_text_utf8_cannot_hold_neither_breaks_the_index_nor_the_report(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [
        {"person_id": "h\ud800", "service": "X", "purpose": "työ", "username": "u\ud800"},
        {"person_id": "h1", "service": "X\udfff", "purpose": "vapaa-aika", "username": "x"},
        {"person_id": "h\ud800", "service": "X", "purpose": "vapaa-aika", "username": "u"},
        {"person_id": "h1", "service": "X", "purpose": "vapaa-aika", "username": "u\ud800"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    report = tmp_path / "r.json"
    code, _, err = audit(path, "--output", str(report))
    assert code in (0, 1) and "Traceback" not in err
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["records"] == 4


def test_an_unreadable_address_is_a_warning_and_counted_as_not_run(tmp_path: Path) -> None:
    # Before: the check answered insufficient data, the record read "ok" and the table
    # showed nothing, so a value the tool could not judge passed silently.
    path = tmp_path / "export.csv"
    path.write_text(
        "person_id;service;purpose;email\n"
        "h1;Facebook;vapaa-aika;kalle.saarinen.aanekoski.fi\n"
        "h2;Facebook;vapaa-aika;kalle@gmail.com\n",
        encoding="utf-8",
    )
    code, out, _ = audit(path, "--lang", "en")
    report = json.loads(out)
    assert [r["status"] for r in report["results"]] == ["warning", "ok"]
    coverage = report["summary"]["coverage"]["R9.leisure-email-not-city-domain"]
    assert (coverage["ran"], coverage["passed"], coverage["not_run"]) == (1, 1, 1)
    assert coverage["not_run_reasons"] == {"value-unreadable": 1}
    assert code == 0  # warnings fail only with --fail-on warning
    code, table, _ = audit(path, "--lang", "en", fmt="table")
    assert "it has no @ sign" in table and "value cannot be read" in table
