"""Column mapping: header names in three languages, and the user's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.mapping import (
    COLUMNS,
    ColumnMapping,
    ColumnMappingError,
    header_key,
    vocabulary,
)
from aanekoski_somepolicy._audit.readers import RecordSource, UnreadableInputError
from aanekoski_somepolicy._text import fold

from .conftest import TODAY, run


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("henkilönumero", "person_id"),
        ("Työntekijänumero", "person_id"),
        ("Employee ID", "person_id"),
        ("Personalnummer", "person_id"),
        ("ETUNIMI", "first_name"),
        ("Förnamn", "first_name"),
        ("First Name", "first_name"),
        ("sukunimi", "last_name"),
        ("Efternamn", "last_name"),
        ("Last_Name", "last_name"),
        ("nimike", "role"),
        ("rooli", "role"),
        ("Tehtävänimike", "role"),
        ("titel", "role"),
        ("Befattning", "role"),
        ("Job title", "role"),
        ("yksikkö", "unit"),
        ("Toimiala", "unit"),
        ("enhet", "unit"),
        ("Avdelning", "unit"),
        ("Department", "unit"),
        ("palvelu", "service"),
        ("Tjänst", "service"),
        ("käyttötarkoitus", "purpose"),
        ("Syfte", "purpose"),
        ("käyttäjätunnus", "username"),
        ("Användarnamn", "username"),
        ("User name", "username"),
        ("Sähköposti", "email"),
        ("SAHKOPOSTI", "email"),
        ("sähkö-posti", "email"),
        ("E-post", "email"),
        ("E-mail", "email"),
        ("email", "email"),
        ("salasana", "password"),
        ("Lösenord", "password"),
        ("MFA", "mfa"),
        ("Monivaiheinen tunnistautuminen", "mfa"),
        ("  monivaiheinen   TUNNISTAUTUMINEN: ", "mfa"),
        ("\ufeffperson_id", "person_id"),
    ],
)
def test_known_header_names_in_three_languages(header: str, column: str) -> None:
    assert ColumnMapping().column(header) == column


def test_a_name_belongs_to_one_column_and_every_column_knows_itself() -> None:
    known = vocabulary()  # raises on a name listed under two columns
    for column in COLUMNS:
        assert known[header_key(column)] == column


def test_headers_are_folded_for_case_space_punctuation_and_diacritics() -> None:
    assert header_key("Käyttö-Tarkoitus ") == header_key("kayttotarkoitus")
    assert header_key("E-mail") == header_key("EMAIL") == "email"


def test_national_identity_numbers_are_not_read_as_person_ids() -> None:
    mapping = ColumnMapping()
    assert mapping.column("henkilötunnus") is None
    assert mapping.column("personnummer") is None


def test_user_mapping_wins_and_ignore_skips() -> None:
    mapping = ColumnMapping.from_options(["Tunnus=username", "Sähköposti=ignore"])
    assert mapping.column("tunnus") == "username"
    assert mapping.column("Sähköposti") is None and mapping.is_ignored("sahkoposti")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("Tunnus=usernme", "'usernme' is not a column the audit knows"),
        ("Tunnus", "expected HEADER=COLUMN"),
        ("=username", "expected HEADER=COLUMN"),
    ],
)
def test_a_bad_map_option_is_a_clear_error(option: str, message: str) -> None:
    with pytest.raises(ColumnMappingError, match=message):
        ColumnMapping.from_options([option])


def test_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('[columns]\nTunnus = "username"\n"Oma yksikkö" = "unit"\n', "utf-8")
    mapping = ColumnMapping.from_options([], path)
    assert mapping.column("TUNNUS") == "username" and mapping.column("oma yksikko") == "unit"
    path.write_text('[columns]\nTunnus = "nobody"\n', "utf-8")
    with pytest.raises(ColumnMappingError, match="'nobody' is not a column"):
        ColumnMapping.from_options([], path)
    path.write_text("Tunnus = 'username'\n", "utf-8")
    with pytest.raises(ColumnMappingError, match=r"\[columns\] table"):
        ColumnMapping.from_options([], path)


def test_two_headers_for_one_column_stop_the_run(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("person_id;service;purpose;Sähköposti;E-mail\n", "utf-8")
    with pytest.raises(UnreadableInputError, match="duplicate columns") as caught:
        RecordSource(path)
    assert "=ignore" in str(caught.value)
    RecordSource(path, mapping=ColumnMapping.from_options(["E-mail=ignore"]))


def test_issue_8_finnish_headers_are_judged_not_silently_passed(tmp_path: Path) -> None:
    # Before: "Sähköposti"/"salasana" were unknown columns and the row was reported ok.
    path = tmp_path / "fi.csv"
    path.write_text(
        "person_id;service;purpose;Sähköposti;salasana\nh1;Facebook;vapaa-aika;matti@aanekoski.fi;kissa\n",
        "utf-8",
    )
    code, out, _ = run(
        "audit", str(path), "--format", "json", "--workers", "1", "--on", TODAY.isoformat()
    )
    report = json.loads(out)
    assert code == 1 and report["results"][0]["status"] == "violation"
    checks = {f["check"] for f in report["results"][0]["findings"]}
    assert {"R9.leisure-email-not-city-domain", "R9.password-not-common"} <= checks


def test_map_option_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Tunnus;Väylä;Mihin\nh1;X;työ\n", "utf-8")
    code, _, err = run("audit", str(path), "--format", "json", "--workers", "1")
    assert code == 2 and "pakollisia sarakkeita puuttuu: person_id, service, purpose" in err
    assert "--map" in err
    code, out, _ = run(
        "audit", str(path), "--format", "json", "--workers", "1",
        "--map", "Tunnus=person_id", "--map", "väylä=service", "--map", "Mihin=purpose",
    )  # fmt: skip
    report = json.loads(out)
    assert code == 0 and report["summary"]["ok"] == 1
    assert report["input"]["mapping"] == {
        "Tunnus": "person_id",
        "väylä": "service",
        "Mihin": "purpose",
    }
    code, _, err = run("audit", str(path), "--map", "Tunnus=personid", "--lang", "en")
    assert code == 2 and "'personid' is not a column the audit knows" in err
    # In the report's language (Finnish by default), never English there.
    code, _, err = run("audit", str(path), "--map", "Tunnus=personid")
    assert code == 2 and "'personid' ei ole tarkastuksen tuntema sarake" in err
    code, _, err = run("audit", str(path), "--map", "Tunnus", "--lang", "sv")
    assert code == 2 and "formen RUBRIK=KOLUMN väntades" in err


@given(st.text(max_size=40))
def test_the_ascii_fast_path_folds_like_the_general_one(name: str) -> None:
    assert header_key(name) == re.sub(r"[\W_]+", "", fold(name.lstrip("\ufeff")))
