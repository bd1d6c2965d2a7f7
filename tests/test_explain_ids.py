"""`somepolicy explain` explains every id that `rules` lists and that reports name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run

LANGS = ("fi", "sv", "en")


def _listed_ids() -> list[str]:
    code, out, _ = run("rules", "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    ids = [check["id"] for check in data["scope"]["checks"]]
    for rule in data["rules"]:
        ids += [rule["id"], *(element["id"] for element in rule["elements"])]
    return ids


LISTED = _listed_ids()


def test_rules_lists_the_scope_check_that_reports_name() -> None:
    assert "scope.role-recognised" in LISTED
    code, out, _ = run("rules", "--lang", "en")
    assert code == 0 and "scope.role-recognised" in out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("ident", LISTED)
def test_explain_every_listed_id(ident: str, lang: str) -> None:
    code, out, err = run("explain", ident, "--lang", lang)
    assert (code, err) == (0, "") and ident in out
    code, out, err = run("explain", ident.lower(), "--lang", lang, "--format", "json")
    data = json.loads(out)
    found = [item["id"] for item in data.get("elements", data.get("checks", []))]
    assert code == 0 and (ident in found or data["id"] == ident)


def test_explain_scope_lists_its_checks() -> None:
    code, out, _ = run("explain", "scope", "--lang", "en", "--format", "json")
    data = json.loads(out)
    assert code == 0 and [check["id"] for check in data["checks"]] == ["scope.role-recognised"]


def test_explain_unknown_scope_check_names_the_ones_there_are() -> None:
    code, out, err = run("explain", "scope.nope", "--lang", "en")
    assert code == 2 and out == "" and "scope.role-recognised" in err
    code, _, err = run("explain", "R77", "--lang", "en")
    assert code == 2 and "scope" in err


def test_every_check_an_audit_report_names_can_be_explained(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "person_id;role;service;purpose;username;password\n"
        "h1;kesäläinen;Instagram;vapaa-aika;mv;kissa\n",
        encoding="utf-8",
    )
    code, out, _ = run("audit", str(export), "--format", "json", "--lang", "en", "--workers", "1")
    checks = {
        finding["check"] for result in json.loads(out)["results"] for finding in result["findings"]
    }
    assert code == 1 and "scope.role-recognised" in checks
    for check in checks:
        assert run("explain", check, "--lang", "en")[0] == 0, check
