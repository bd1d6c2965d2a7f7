"""The register audited against directory exports (``--directory``): one quirk per test.

``scripts/make_directory_exports.py`` writes one directory in every export form and a
register that refers to it; the expectations below follow from the comments on its rows.
"""

from __future__ import annotations

import functools
import itertools
import json
import multiprocessing
import os
import re
import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.directory import DirectoryIndex, name_key
from aanekoski_somepolicy._audit.readers import RecordSource
from aanekoski_somepolicy._audit.readers.directory import (
    DirectoryKind,
    UnreadableInputError,
    open_directory,
)
from aanekoski_somepolicy._audit.readers.directory.entry import Record, smtp_addresses
from aanekoski_somepolicy._audit.run import AuditOptions, AuditSummary, Result, audit_records
from aanekoski_somepolicy._i18n import Lang

from .conftest import TODAY, load_script, run

SEPARATE = "R9.separate-work-leisure-usernames"
CITY = "R9.leisure-email-not-city-domain"
TENANT = "aanekoski.onmicrosoft.com"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script("make_directory_exports")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, script: ModuleType) -> dict[str, Path]:
    written: dict[str, Path] = script.write_all(tmp_path_factory.mktemp("directory"))
    return written


def audit(
    register: Path, *directories: Path, lang: Lang = Lang.EN
) -> tuple[dict[int, Result], AuditSummary]:
    summary = AuditSummary()
    options = AuditOptions(lang=lang, on=TODAY, workers=1, directories=directories)
    results = list(audit_records(RecordSource(register), options, summary=summary))
    return {result["line"]: result for result in results}, summary


def failed(result: Result) -> dict[str, dict[str, Any]]:
    return {f["check"]: f for f in result["findings"] if f["outcome"] == "fail"}


def matched(result: Result) -> str:
    joined: dict[str, Any] = result["directory"]
    return str(joined["match"])


def notes(summary: AuditSummary) -> list[str]:
    return summary.warning_texts(Lang.EN, summary_unknown_role())


def summary_unknown_role() -> Any:
    from aanekoski_somepolicy._audit.run import UnknownRolePolicy

    return UnknownRolePolicy.BOUND


# --- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("entra-users.csv", DirectoryKind.ENTRA),
        ("ad-ps51.csv", DirectoryKind.AD_PS51),
        ("ad-ps7.csv", DirectoryKind.AD_PS7),
        ("users.ldif", DirectoryKind.LDIF),
        ("directory-fi.csv", DirectoryKind.TABLE),
    ],
)
def test_the_kind_is_read_from_the_content_not_the_name(
    files: dict[str, Path], tmp_path: Path, name: str, kind: DirectoryKind
) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_bytes(files[name].read_bytes())
    export = open_directory(renamed)
    assert export.kind is kind
    assert len(list(export.entries())) == (8 if kind is DirectoryKind.ENTRA else 7)


def test_an_excel_table_is_read_through_the_column_vocabulary(
    files: dict[str, Path], tmp_path: Path, script: ModuleType
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Henkilönumero", "Etunimi", "Sukunimi", "Käyttäjätunnus", "Työsähköpostit"])
    sheet.append([10001, "Aino", "Korhonen", "akorhonen", "aino.korhonen@aanekoski.fi"])
    path = tmp_path / "hakemisto.xlsx"
    book.save(path)
    export = open_directory(path)
    (entry,) = export.entries()
    assert export.kind is DirectoryKind.TABLE
    assert (entry.employee_id, entry.sam, entry.proxies) == (
        "10001",
        "akorhonen",
        ("aino.korhonen@aanekoski.fi",),
    )
    assert export.label("sam") == "Käyttäjätunnus"


def test_a_file_without_usable_columns_stops_the_run_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "products.csv"
    path.write_text("sku,price\n1,2\n", encoding="utf-8")
    with pytest.raises(UnreadableInputError, match=r"products\.csv"):
        open_directory(path)
    register = tmp_path / "register.csv"
    register.write_text("person_id;service;purpose\nh1;X;työ\n", encoding="utf-8")
    code, out, err = run("audit", str(register), "--directory", str(path), "--lang", "fi")
    assert code == 2 and out == ""
    assert "products.csv" in err and "sarake" in err and "Traceback" not in err


# --- Entra ID ---------------------------------------------------------------------------


def test_entra_has_no_employee_id_so_rows_join_by_address_or_name(files: dict[str, Path]) -> None:
    results, summary = audit(files["register.csv"], files["entra-users.csv"])
    assert matched(results[2]) == "name"
    assert results[8]["directory"] == {"match": "email", "by": "work_emails"}
    assert results[9]["directory"] == {"match": "email", "by": "email"}  # a work row's address
    # Aino's leisure e-mail has the UPN's local part; Entra has no sAMAccountName to name.
    assert failed(results[2])[SEPARATE]["facts"] == {
        "field": "email",
        "attribute": "userPrincipalName",
    }
    assert summary.directory["employee-id"] == 0


def test_a_guests_own_address_is_not_a_city_domain(files: dict[str, Path]) -> None:
    with DirectoryIndex() as index:
        index.add(open_directory(files["entra-users.csv"]))
        index.seal()
        assert "gmail.com" not in index.domains
        assert set(index.domains) == {"aanekoski.fi", TENANT}
    results, _ = audit(files["register.csv"], files["entra-users.csv"])
    assert results[10]["status"] == "ok"  # ville.n@gmail.com


# --- Active Directory, Windows PowerShell 5.1 ----------------------------------------------


def test_ps51_damaged_names_are_never_used_to_join(files: dict[str, Path]) -> None:
    export = open_directory(files["ad-ps51.csv"])
    entries = list(export.entries())
    assert export.damaged == {"Surname": 4}  # Järvinen, Mäkinen, Öhman, Lähteenmäki
    assert export.encoding == "ASCII"
    assert all("?" not in entry.last_name for entry in entries)
    # h-88 Pekka Järvinen could only join by name: damaged in 5.1, sound in PowerShell 7.
    old, _ = audit(files["register.csv"], files["ad-ps51.csv"])
    new, _ = audit(files["register.csv"], files["ad-ps7.csv"])
    assert matched(old[5]) == "unmatched" and old[5]["status"] == "ok"
    assert matched(new[5]) == "name" and failed(new[5])[SEPARATE]["facts"]["field"] == "username"


def test_ps51_sound_columns_still_join_and_compare(files: dict[str, Path]) -> None:
    results, _ = audit(files["register.csv"], files["ad-ps51.csv"])
    assert matched(results[4]) == "employee-id"  # Pekka J?rvinen, by EmployeeID
    assert failed(results[4])[SEPARATE]["facts"]["attribute"] == "SamAccountName"
    assert matched(results[8]) == "email"  # Elina ?hman, by the register's work e-mail


def test_ps51_type_name_placeholders_are_reported_with_the_export_command(
    files: dict[str, Path],
) -> None:
    old, summary = audit(files["register.csv"], files["ad-ps51.csv"])
    new, _ = audit(files["register.csv"], files["ad-ps7.csv"])
    # aino.k is only a proxy address: unreadable in the 5.1 file, found in the 7 one.
    assert old[3]["status"] == "ok"
    assert failed(new[3])[SEPARATE]["facts"] == {"field": "username", "attribute": "proxyAddresses"}
    texts = notes(summary)
    assert any("ADPropertyValueCollection" in t and "proxyAddresses" in t for t in texts)
    advice = next(t for t in texts if "export the directory again" in t)
    for part in ("-Encoding UTF8", "-NoTypeInformation", "-join ';'"):
        assert part in advice
    assert summary.directory_files[0]["placeholders"] == ["proxyAddresses"]


def test_ps7_export_has_no_damage_notes(files: dict[str, Path]) -> None:
    _, summary = audit(files["register.csv"], files["ad-ps7.csv"])
    assert not any("again" in t or "damaged" in t or "'?'" in t for t in notes(summary))


# --- LDIF -------------------------------------------------------------------------------


def test_ldif_base64_values_are_decoded(files: dict[str, Path]) -> None:
    text = files["users.ldif"].read_text("utf-8")
    assert "sn:: SsOkcnZpbmVu" in text and "dn:: " in text  # Järvinen, and a non-ASCII DN
    entries = {e.employee_id: e for e in open_directory(files["users.ldif"]).entries()}
    assert (entries["10002"].first_name, entries["10002"].last_name) == ("Pekka", "Järvinen")
    results, _ = audit(files["register.csv"], files["users.ldif"])
    assert matched(results[5]) == "name"  # h-88 Pekka Järvinen, by the base64 surname


def test_ldif_folded_lines_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "users.ldif"
    path.write_text(
        "dn: CN=Aino Korhonen,OU=Henkilosto,DC=aanekoski,DC=local\n"
        "sAMAccountName: akor\n honen\n"
        "userPrincipalName: aino.korhonen@aanek\n oski.fi\n",
        encoding="utf-8",
    )
    (entry,) = open_directory(path).entries()
    assert (entry.sam, entry.upn) == ("akorhonen", "aino.korhonen@aanekoski.fi")


def test_ldif_multi_valued_attributes_are_all_read(files: dict[str, Path]) -> None:
    entries = {e.employee_id: e for e in open_directory(files["users.ldif"]).entries()}
    assert entries["10001"].proxies == (
        "aino.korhonen@aanekoski.fi",
        f"akorhonen@{TENANT}",
        "aino.k@aanekoski.fi",
    )  # every smtp: value; the (folded) X500 value is not an address
    results, _ = audit(files["register.csv"], files["users.ldif"])
    assert failed(results[3])[SEPARATE]["facts"]["attribute"] == "proxyAddresses"


def test_a_damaged_ldif_record_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "users.ldif"
    path.write_text(
        "version: 1\n\n"
        "dn: CN=A,DC=x\nsAMAccountName: a\n\n"
        "dn: CN=B,DC=x\nthis line has no colon\n\n"
        "dn: CN=C,DC=x\nsAMAccountName:: !!notbase64\n\n"
        "dn: CN=D,DC=x\nsAMAccountName: d\n",
        encoding="utf-8",
    )
    export = open_directory(path)
    assert [entry.sam for entry in export.entries()] == ["a", "d"]
    assert export.unreadable == 2
    assert [line for line, _ in export.problems] == [6, 9]


# --- the join -------------------------------------------------------------------------


def test_two_people_with_one_name_make_the_row_ambiguous_never_a_guess(
    files: dict[str, Path],
) -> None:
    results, summary = audit(files["register.csv"], files["ad-ps7.csv"])
    row = results[6]  # h-77 Matti Virtanen, username mattiv
    assert row["directory"] == {"match": "ambiguous", "by": "first_name+last_name", "candidates": 2}
    assert row["status"] == "warning"
    assert set(failed(row)) == {"directory.match"}
    assert "2 people in the directory fit this row" in row["findings"][0]["message"]
    # The employee id decides between the two.
    assert matched(results[7]) == "employee-id"
    assert failed(results[7])[SEPARATE]["facts"]["attribute"] == "SamAccountName"
    coverage = summary.to_dict()["coverage"][SEPARATE]
    assert coverage["not_run_reasons"]["directory-ambiguous"] == 1


def test_people_missing_from_the_directory_are_counted_as_not_checked(
    files: dict[str, Path],
) -> None:
    results, summary = audit(files["register.csv"], files["ad-ps7.csv"])
    assert matched(results[10]) == "unmatched"
    data = summary.to_dict()
    coverage = data["coverage"][SEPARATE]
    assert coverage["not_run_reasons"]["no-directory-entry"] == 1
    assert coverage["not_run_columns"]["no-directory-entry"] == ["directory"]
    assert data["directory"]["matched_by"] == {
        "employee-id": 7,
        "email": 1,
        "name": 1,
        "ambiguous": 1,
        "unmatched": 1,
    }
    assert sum(data["directory"]["matched_by"].values()) == data["records"]


def test_one_person_in_two_exports_is_one_candidate(files: dict[str, Path]) -> None:
    results, summary = audit(files["register.csv"], files["ad-ps7.csv"], files["entra-users.csv"])
    assert summary.directory_entries == 15
    assert matched(results[5]) == "name"  # Pekka Järvinen: in both files, one UPN
    assert matched(results[6]) == "ambiguous"  # the two Matti Virtanens stay two


# --- identities and domains -------------------------------------------------------------


@pytest.mark.parametrize(
    "username",
    [
        "AANEKOSKI\\akorhonen",
        "AKORHONEN",
        "ak\u043erhonen",
        "ak\u200borhonen",
        "akorhonen@gmail.com",
    ],
)
def test_the_one_identity_rule_applies_to_directory_identities(
    files: dict[str, Path], tmp_path: Path, username: str
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        f"person_id;service;purpose;username\n10001;Reddit;vapaa-aika;{username}\n",
        encoding="utf-8",
    )
    results, _ = audit(register, files["ad-ps7.csv"])
    assert failed(results[2])[SEPARATE]["code"] == "directory-identity"


def test_a_tenant_domain_missing_from_the_policy_is_a_violation_and_one_gap(
    files: dict[str, Path],
) -> None:
    results, summary = audit(files["register.csv"], files["ad-ps7.csv"])
    finding = failed(results[11])[CITY]
    assert finding["facts"]["domain"] == TENANT
    assert finding["severity"] == "violation"
    gaps = [t for t in notes(summary) if t.startswith("Policy gap")]
    assert len(gaps) == 1 and TENANT in gaps[0]
    # Seen first as a proxy domain, named by the stronger evidence: Tuuli's UPN suffix.
    assert f"{TENANT} (UserPrincipalName, 8 addresses)" in gaps[0]
    assert finding["facts"]["attribute"] == "UserPrincipalName"
    line = gaps[0].split("This line adds it to the policy: ", 1)[1]
    table, assignment = line.split("] ", 1)
    overlay = tomllib.loads(f"{table}]\n{assignment}")
    assert overlay["parameters"]["accounts"]["city_mail_domains"] == [
        "aanekoski.fi",
        "äänekoski.fi",
        TENANT,
    ]


def test_domains_the_policy_lists_are_no_gap(files: dict[str, Path]) -> None:
    _, summary = audit(files["register.csv"], files["ad-ps7.csv"])
    gaps = [t for t in notes(summary) if t.startswith("Policy gap")]
    assert not any("aanekoski.fi " in gap or "(domain aanekoski.fi)" in gap for gap in gaps)


# --- reports ----------------------------------------------------------------------------

FORMATS = ("json", "jsonl", "csv", "markdown", "table", "sarif", "junit", "html")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_counts_the_joins_and_carries_no_directory_data(
    files: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    if fmt == "html":
        pytest.importorskip("vl_convert")
    output = tmp_path / f"report.{fmt}"
    code, _, err = run(
        "audit", str(files["register.csv"]), "--directory", str(files["entra-users.csv"]),
        "--format", fmt, "--output", str(output), "--lang", "en", "--workers", "1",
    )  # fmt: skip
    assert code == 1, err
    report = output.read_text("utf-8")
    assert "by name 6; ambiguous 2; no directory entry 1" in " ".join(report.split())
    # Directory values that the register does not hold never reach a report.
    for value in ("example.org", "matti.virtanen2", "00000000-0000", "tuuli", "Lähteenmäki"):
        assert value not in report


@pytest.mark.parametrize(
    ("lang", "words"), [("fi", "Hakemisto (8 henkilöä)"), ("sv", "Katalog (8 poster)")]
)
def test_the_summary_is_in_the_reports_language(
    files: dict[str, Path], lang: str, words: str
) -> None:
    code, out, _ = run(
        "audit", str(files["register.csv"]), "--directory", str(files["entra-users.csv"]),
        "--format", "json", "--lang", lang, "--workers", "1",
    )  # fmt: skip
    assert code == 1  # violations
    warnings = json.loads(out)["warnings"]
    assert any(warning.startswith(words) for warning in warnings)


def test_a_report_cannot_overwrite_a_directory_file(files: dict[str, Path], tmp_path: Path) -> None:
    users = tmp_path / "users.csv"
    users.write_bytes(files["ad-ps7.csv"].read_bytes())
    code, _, err = run(
        "audit", str(files["register.csv"]), "--directory", str(users), "--output", str(users),
    )  # fmt: skip
    assert code == 2 and users.read_bytes() == files["ad-ps7.csv"].read_bytes(), err


# --- properties -------------------------------------------------------------------------

_LOCAL = st.from_regex(r"[a-z][a-z0-9.]{0,15}", fullmatch=True)


@given(_LOCAL, st.sampled_from(["SMTP:", "smtp:", "Smtp:", ""]), st.sampled_from(["X500:", "SIP:"]))
def test_every_smtp_proxy_is_an_address_and_no_other_type_is(
    local: str, prefix: str, other: str
) -> None:
    address = f"{local}@aanekoski.fi"
    found = smtp_addresses([f"{prefix}{address}", f"{other}{local}@aanekoski.fi"])
    assert found == (address,)


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_a_name_key_ignores_case_and_spacing(first: str, last: str) -> None:
    key = name_key(first, last)
    assert key == name_key(f"  {first.upper()} ", f"{last.lower()}  ") or not key.isascii()


def test_a_utf8_export_with_the_type_line_keeps_its_question_marks(tmp_path: Path) -> None:
    # Windows PowerShell 5.1 with -Encoding UTF8 but without -NoTypeInformation: not damaged.
    path = tmp_path / "users.csv"
    path.write_bytes(
        b"\xef\xbb\xbf#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n"
        b'"SamAccountName","UserPrincipalName","GivenName","Surname"\r\n'
        + '"pjarvinen","pekka.jarvinen@aanekoski.fi","Pekka","Järvinen"\r\n'.encode()
        + b'"who","who@aanekoski.fi","Who?","Knows"\r\n'
    )
    export = open_directory(path)
    entries = list(export.entries())
    assert export.kind is DirectoryKind.AD_PS51 and export.encoding == "UTF-8"
    assert [e.first_name for e in entries] == ["Pekka", "Who?"] and not export.damaged


def test_a_person_the_guideline_does_not_bind_stays_out_of_scope(
    files: dict[str, Path], tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "person_id;role;service;purpose;username;email\n"
        f"10001;luottamushenkilö;X;vapaa-aika;akorhonen;a@{TENANT}\n",
        encoding="utf-8",
    )
    results, _ = audit(register, files["ad-ps7.csv"])
    assert results[2]["status"] == "out-of-scope" and not failed(results[2])


def test_ldifde_unicode_output_is_read(files: dict[str, Path], tmp_path: Path) -> None:
    # ldifde -u writes UTF-16 with a byte-order mark.
    path = tmp_path / "ldifde.ldf"
    path.write_bytes(files["users.ldif"].read_text("utf-8").encode("utf-16"))
    export = open_directory(path)
    assert export.kind is DirectoryKind.LDIF
    assert [e.sam for e in export.entries()][:2] == ["akorhonen", "pjarvinen"]
    assert export.encoding == "UTF-16"


def test_an_ldif_record_over_the_limit_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "users.ldif"
    path.write_text(
        "dn: CN=A,DC=x\nsAMAccountName: a\n\n"
        f"dn: CN=B,DC=x\ndescription: {'x' * 200_000}\n\n"
        "dn: CN=C,DC=x\nsAMAccountName: c\n",
        encoding="utf-8",
    )
    export = open_directory(path)
    assert [entry.sam for entry in export.entries()] == ["a", "c"]
    assert export.unreadable == 1 and export.problems[0][0] == 4
    assert "131,072" in export.problems[0][1]  # a limit reads as an amount


# --- every report format says how each row was joined -------------------------------------

# The AD export joins the register by every method (see the JSON of the same run).
_JOINS = {
    "en": {
        2: "joined to the directory by employee id (person_id)",
        5: "joined to the directory by name (first_name+last_name)",
        6: "2 people in the directory fit (first_name+last_name); not joined",
        8: "joined to the directory by e-mail address (work_emails)",
        10: "no directory entry; work identities not checked",
    },
    "fi": {
        2: "yhdistetty hakemistoon henkilönumerolla (person_id)",
        5: "yhdistetty hakemistoon nimellä (first_name+last_name)",
        6: "hakemistossa 2 sopivaa henkilöä (first_name+last_name); ei yhdistetty",
        8: "yhdistetty hakemistoon sähköpostiosoitteella (work_emails)",
        10: "ei hakemistossa; työtunnuksia ei tarkastettu",
    },
    "sv": {
        2: "kopplad till katalogen med personalnummer (person_id)",
        5: "kopplad till katalogen med namn (first_name+last_name)",
        6: "2 personer i katalogen passar (first_name+last_name); inte kopplad",
        8: "kopplad till katalogen med e-postadress (work_emails)",
        10: "saknas i katalogen; arbetsidentiteterna kontrollerades inte",
    },
}
_METHODS = {2: "employee-id", 5: "name", 6: "ambiguous", 8: "email", 10: "unmatched"}


def _report(files: dict[str, Path], tmp_path: Path, fmt: str, lang: str, *more: str) -> str:
    output = tmp_path / f"report-{lang}.{fmt}"
    code, _, err = run(
        "audit", str(files["register.csv"]), *more, "--format", fmt, "--output", str(output),
        "--lang", lang, "--workers", "1",
    )  # fmt: skip
    assert code == 1, err
    return output.read_text("utf-8")


def _directory_report(files: dict[str, Path], tmp_path: Path, fmt: str, lang: str) -> str:
    return _report(files, tmp_path, fmt, lang, "--directory", str(files["ad-ps7.csv"]))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_csv_report_has_each_rows_join(
    files: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    import csv

    report = _directory_report(files, tmp_path, "csv", lang).removeprefix("\ufeff")
    delimiter = ";" if report.startswith("line;") else ","  # Finnish Excel's dialect
    rows = list(csv.DictReader(report.splitlines(), delimiter=delimiter))
    joins = {int(row["line"]): row["directory_match"] for row in rows if row["line"]}
    assert set(joins) == set(range(2, 13))  # every result, with or without findings
    for line, shown in _JOINS[lang].items():
        assert joins[line] == shown
    assert all(row["directory_match"] == "" for row in rows if not row["line"])  # notices


def test_a_csv_report_without_a_directory_keeps_its_columns(
    files: dict[str, Path], tmp_path: Path
) -> None:
    header = _report(files, tmp_path, "csv", "en").splitlines()[0]
    assert (
        header
        == "line,person_id,service,purpose,unit,status,rule,check,outcome,severity,message,remedy"
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_junit_report_has_each_cases_join(
    files: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    import xml.etree.ElementTree as ET

    suite = ET.fromstring(_directory_report(files, tmp_path, "junit", lang))
    cases = suite.findall(".//testcase")
    assert len(cases) == 11
    found = {}
    for case in cases:
        properties = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
        found[properties["directory.joined"]] = properties["directory.match"]
    for line, shown in _JOINS[lang].items():
        assert found[shown] == _METHODS[line]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_markdown_report_has_a_join_column(
    files: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    report = _directory_report(files, tmp_path, "markdown", lang)
    head = next(line for line in report.splitlines() if line.startswith("| ") and "---" not in line)
    assert head.endswith({"fi": "| hakemisto |", "sv": "| katalog |", "en": "| directory |"}[lang])
    rows = {
        int(cells[1]): cells[-2].strip()
        for line in report.splitlines()
        if line.startswith("| ") and (cells := line.split("|"))[1].strip().isdigit()
    }
    # Rows with something to report: the ambiguous one and the violations.
    assert rows[6] == _JOINS[lang][6]
    assert rows[2] == _JOINS[lang][2]
    assert rows[8] == _JOINS[lang][8]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_table_report_notes_each_rows_join(
    files: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    report = " ".join(_directory_report(files, tmp_path, "table", lang).split())
    label = {"fi": "hakemisto", "sv": "katalog", "en": "directory"}[lang]
    for line in (2, 6, 8):
        assert " ".join(f"{label}: {_JOINS[lang][line]}".split()[:4]) in report


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_html_report_has_a_join_column(
    files: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    pytest.importorskip("vl_convert")
    report = _directory_report(files, tmp_path, "html", lang)
    label = {"fi": "hakemisto", "sv": "katalog", "en": "directory"}[lang]
    assert f'<th data-sort="s">{label}</th>' in report
    for line in (2, 6, 8):
        assert f"<td>{_JOINS[lang][line]}</td>" in report


@pytest.mark.parametrize("fmt", ["markdown", "html", "junit", "table"])
def test_a_report_without_a_directory_has_no_join(
    files: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    if fmt == "html":
        pytest.importorskip("vl_convert")
    report = _report(files, tmp_path, fmt, "en")
    assert "directory.match" not in report
    assert "joined to the directory" not in report
    assert ">directory</th>" not in report and "| directory |" not in report


_PROXY_ITEMS = st.one_of(
    st.text(alphabet="aAsSmMtTpP:@;x.X5 ,", max_size=14),
    st.sampled_from(["SMTP:a@b", "smtp:c@d", "X500:/o=x", "sip:a@b", "a@b", "@", "smtp:"]),
)


@given(st.lists(_PROXY_ITEMS, min_size=1, max_size=5))
def test_a_proxy_cell_reads_as_its_items_do(items: list[str]) -> None:
    from aanekoski_somepolicy._audit.readers.directory.tables import proxy_list

    cell = ";".join(items)
    # The fast reading of a ";"-joined cell finds what the item-by-item reading finds.
    expected = smtp_addresses([part for part in re.split(r"[;,\s]+", cell)])
    assert proxy_list(cell) == expected


def _index_contents(path: Path) -> tuple[list[Any], ...]:
    """Everything an index holds and says about ``path``, read serially or by a producer."""
    with DirectoryIndex() as index:
        index.add(open_directory(path))
        index.seal(["aanekoski.fi"])
        with sqlite3.connect(index.path) as db:
            tables = tuple(
                db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                for table in ("entry", "address", "label", "domain")
            )
        return (
            *tables,
            index.describe(),
            [str(note) for note in index.notes(["aanekoski.fi"])],
            [index.entries, sorted(index.domain_entries.items())],
        )


def test_a_large_export_parsed_by_a_producer_process_indexes_identically(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from aanekoski_somepolicy._audit import directory

    names = [name for name in files if name != "register.csv"]
    serial = {name: _index_contents(files[name]) for name in names}
    monkeypatch.setattr(directory, "_PARALLEL_BYTES", 0)  # every file is "large"
    marks = tmp_path / "producers"
    marks.mkdir()
    monkeypatch.setattr(
        directory, "_produce", functools.partial(_marked_producer, directory._produce, marks)
    )
    monkeypatch.setattr(directory, "_cores", lambda: 2)
    for name in names:
        assert _index_contents(files[name]) == serial[name], name
    pids = {int(mark.name) for mark in marks.iterdir()}
    assert len(pids) == len(names) and os.getpid() not in pids  # each parsed in a child
    assert multiprocessing.active_children() == []


def _marked_producer(produce: Any, marks: Path, *args: Any) -> None:
    (marks / str(os.getpid())).touch()
    produce(*args)


def test_a_producers_error_reaches_the_parent_and_no_process_is_left(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from aanekoski_somepolicy._audit import directory

    monkeypatch.setattr(directory, "_PARALLEL_BYTES", 0)
    monkeypatch.setattr(directory, "_cores", lambda: 2)
    export = open_directory(files["entra-users.csv"])
    records = export.records

    def failing() -> Iterator[Record]:
        yield from itertools.islice(records(), 1)
        raise UnreadableInputError("entra-users.csv: broken in the middle")

    export.records = failing  # type: ignore[method-assign]
    with DirectoryIndex() as index, pytest.raises(UnreadableInputError, match="in the middle"):
        index.add(export)
    assert multiprocessing.active_children() == []
    assert not Path(index.path).exists()


def test_on_one_core_a_large_export_is_parsed_in_this_process(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from aanekoski_somepolicy._audit import directory

    expected = _index_contents(files["ad-ps7.csv"])
    monkeypatch.setattr(directory, "_PARALLEL_BYTES", 0)
    monkeypatch.setattr(directory, "_cores", lambda: 1)
    marks = tmp_path / "producers"
    marks.mkdir()
    monkeypatch.setattr(
        directory, "_produce", functools.partial(_marked_producer, directory._produce, marks)
    )
    assert _index_contents(files["ad-ps7.csv"]) == expected
    assert list(marks.iterdir()) == []
