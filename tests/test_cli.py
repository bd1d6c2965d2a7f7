from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run


def test_rules_text_in_both_languages() -> None:
    code, fi, _ = run("rules")
    assert code == 0 and "R9 Tietoturva" in fi and "hallintojohtaja" in fi.lower()
    code, en, _ = run("rules", "--lang", "en")
    assert code == 0 and "R9 Information security" in en and "needs manual review" in en


def test_rules_json() -> None:
    code, out, _ = run("rules", "--format", "json", "--lang", "en")
    data = json.loads(out)
    assert code == 0
    assert [rule["id"] for rule in data["rules"]] == [f"R{n}" for n in range(1, 11)]
    assert data["contact"]["role"] == "hallintojohtaja"
    assert len(data["approvals"]) == 3


def test_explain_rule_and_element() -> None:
    code, out, _ = run("explain", "r9", "--lang", "en")
    assert code == 0 and "R9.password-strength-score" in out and "Source text:" in out
    code, out, _ = run("explain", "R9.password-min-length", "--format", "json")
    data = json.loads(out)
    assert [e["id"] for e in data["elements"]] == ["R9.password-min-length"]


@pytest.mark.parametrize(("ident", "hint"), [("R11", "rules are R1"), ("R9.nope", "R9 has R9.")])
def test_explain_unknown_is_a_usage_error(ident: str, hint: str) -> None:
    code, out, err = run("explain", ident, "--lang", "en")
    assert code == 2 and out == "" and hint in err and "Traceback" not in err


def test_scope_command() -> None:
    code, out, _ = run("scope", "sivari", "--format", "json", "--on", "2026-01-01")
    data = json.loads(out)
    assert (
        code == 0
        and data["role"] == "siviilipalvelusvelvollinen"
        and len(data["bound_rules"]) == 10
    )
    code, out, _ = run(
        "scope", "työntekijä", "--ended", "2025-12-31", "--on", "2026-01-01", "--format", "json"
    )
    assert json.loads(out)["bound_rules"] == ["R2"]
    code, out, _ = run("scope", "elected official", "--lang", "en")
    assert code == 0 and "does not bind" in out and "binds " not in out


def test_scope_errors() -> None:
    code, _, err = run("scope", "kuningas")
    assert code == 2 and "hyväksytyt roolit" in err and "viranhaltija (viranhaltija)" in err
    code, _, err = run("scope", "official", "--ended", "yesterday")
    assert code == 2 and "ei ole päivämäärä" in err
    code, _, err = run("scope", "official", "--started", "2026-01-02", "--ended", "2026-01-01")
    assert code == 2 and "--ended on ennen päivää --started" in err


def test_check_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps(
            {
                "person_id": "p",
                "service": "X",
                "purpose": "työ",
                "password": "vihreä kivi juoksee nopeasti",
            }
        ),
        encoding="utf-8",
    )
    code, out, _ = run("check", "--input", str(path))
    data = json.loads(out)
    assert code == 0 and data["allowed"] is True
    assert {"rule", "check", "outcome", "severity", "message"} <= set(data["findings"][0])
    path.write_text(
        json.dumps(
            {"person_id": "p", "service": "X", "purpose": "vapaa-aika", "email": "p@aanekoski.fi"}
        ),
        encoding="utf-8",
    )
    code, out, _ = run("check", "--input", str(path), "--lang", "en")
    assert code == 1 and json.loads(out)["allowed"] is False


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{", "invalid JSON at line 1"),
        ("[1, 2]", "expected one JSON object"),
        ('{"service": "X", "purpose": "x"}', "person_id: required field is missing"),
        ('{"type": "robot"}', "unknown subject type"),
        (b"\xff\xfe".decode("latin-1"), "not UTF-8"),
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "bad.json: nested deeper than"),
        ('{"a": ' + "1" * 5000 + "}", "bad.json: a number longer than"),
        (
            '{"person_id": "h1", "service": "X", "purpose": "työ", "person_id": "h2"}',
            "bad.json: the key 'person_id' appears twice",
        ),
    ],
)
def test_check_invalid_input_names_the_problem(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content.encode("latin-1") if needle == "not UTF-8" else content.encode())
    code, out, err = run("check", "--input", str(path), "--lang", "en")
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err


@pytest.mark.parametrize(("lang", "kind"), [("fi", "taulukko"), ("sv", "lista"), ("en", "array")])
def test_check_names_the_json_kind_in_the_language(tmp_path: Path, lang: str, kind: str) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    code, _, err = run("check", "--input", str(path), "--lang", lang)
    assert code == 2 and err.rstrip().endswith(kind), err


@pytest.mark.parametrize(("lang", "name"), [("fi", "vakiosyöte"), ("sv", "standardinmatning")])
def test_check_names_standard_input_in_the_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{")))
    code, _, err = run("check", "--lang", lang)
    assert code == 2 and err.split(": ", 2)[2].startswith(f"{name}: "), err


def test_check_rejects_huge_input(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"x": "' + "a" * (1024 * 1024) + '"}', encoding="utf-8")
    code, _, err = run("check", "--input", str(path))
    assert code == 2 and "suurempi kuin" in err


def test_bad_arguments_exit_2() -> None:
    code, _, err = run("rules", "--lang", "de")
    assert code == 2 and "virheellinen valinta: 'de'" in err
    code, _, err = run("rules", "--lang", "en", "--format", "xml")
    assert code == 2 and "invalid choice: 'xml'" in err
    code, _, err = run()
    assert code == 2


@pytest.mark.parametrize("option", ["--port", "--body-limit"])
def test_a_number_option_that_is_not_a_number_is_worded_without_python(option: str) -> None:
    code, _, err = run("serve", option, "abc", "--lang", "sv")
    assert code == 2 and "ett heltal väntades, fick 'abc'" in err, err
    assert "int" not in err.split("fel:", 1)[1]


def test_custom_policy_errors_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text("schema_version = 2\n", encoding="utf-8")
    code, _, err = run("--policy", str(bad), "rules")
    assert code == 2 and "p.toml: politiikka-asiakirja on virheellinen" in err and "metadata" in err


def test_output_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` is standard input as the export; as the report it is standard output, not a file."""
    monkeypatch.chdir(tmp_path)
    export = Path(__file__).resolve().parents[1] / "examples" / "registrations.csv"
    code, out, err = run("audit", str(export), "--output", "-", "--format", "csv", "--workers", "1")
    assert code == 1, err
    assert "R9.password-min-length" in out
    code, out, _ = run("docs", "--output", "-")
    assert code == 0 and "Do not edit by hand" in out
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("where", ["folder", "missing/rules.md"])
def test_docs_output_that_cannot_be_written_is_an_error(tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    code, _, err = run("docs", "--output", str(tmp_path / where))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"somepolicy: virhe: {tmp_path / where}"), err


def test_docs_check(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    assert run("docs", "--output", str(target), "--check")[0] == 1
    assert run("docs", "--output", str(target))[0] == 0
    assert run("docs", "--output", str(target), "--check")[0] == 0


def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aanekoski_somepolicy", "explain", "R6", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "R6.loyalty-manual-review" in done.stdout


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (
            {
                "type": "person",
                "id": "h1",
                "role": "sivari",
                "confidentiality_briefing": "2026-01-01",
            },
            0,
        ),
        (
            {
                "type": "publication",
                "id": "p",
                "author": {"id": "h", "role": "official"},
                "published_on": "2026-11-01",
                "classification": "secret",
            },
            1,
        ),
        (
            {
                "type": "advice",
                "id": "a",
                "author": {"id": "h", "role": "official"},
                "given_on": "2026-11-01",
                "kind": "consulting",
                "in_city_name": False,
            },
            0,
        ),
        (
            {
                "type": "photo",
                "id": "k",
                "author": {"id": "h", "role": "official"},
                "published_on": "2026-11-01",
                "depicted": [{"ref": "d1"}],
            },
            1,
        ),
        (
            {
                "type": "profile",
                "id": "q",
                "owner": {"id": "h", "role": "official"},
                "service": "X",
                "employer": "Äänekoski",
            },
            0,
        ),
        (
            {
                "type": "working-time-use",
                "id": "u",
                "person": {"id": "h", "role": "official"},
                "start": "2026-11-23T09:00",
                "end": "2026-11-23T10:00",
            },
            1,
        ),
        (
            {
                "type": "incorrect-info-response",
                "id": "r",
                "person": {"id": "h", "role": "official"},
                "responded_on": "2026-11-01",
                "action": "commented",
            },
            1,
        ),
        (
            {
                "type": "page",
                "id": "g",
                "name": "N",
                "service": "X",
                "created_by": {"id": "h", "role": "official"},
                "created_on": "2026-01-01",
            },
            1,
        ),
    ],
)
def test_check_accepts_every_subject_type(
    tmp_path: Path, payload: dict[str, object], code: int
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    status, out, err = run("check", "--input", str(path), "--on", "2026-11-24")
    assert status == code, err
    assert json.loads(out)["subject"]["type"] == payload["type"]


@pytest.mark.parametrize(
    "kind",
    [
        "person",
        "account-registration",
        "publication",
        "advice",
        "photo",
        "profile",
        "working-time-use",
        "incorrect-info-response",
        "page",
    ],
)
def test_schema_for_every_subject_type(kind: str) -> None:
    status, out, _ = run("schema", kind)
    schema = json.loads(out)
    assert status == 0
    assert schema["properties"]["type"] == {"const": kind}
    assert schema["additionalProperties"] is False
    assert "required" in schema


def test_schema_unknown_type() -> None:
    status, _, err = run("schema", "spaceship")
    assert status == 2 and "hyväksytyt: person" in err


def test_check_names_the_contact_for_questions(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps({"person_id": "p", "service": "X", "purpose": "työ"}), encoding="utf-8"
    )
    _, out, _ = run("check", "--input", str(path), "--lang", "fi")
    assert "hallintojohtaja" in json.loads(out)["questions"]
    _, text, _ = run("check", "--input", str(path), "--lang", "en", "--format", "text")
    assert (
        text.rstrip().splitlines()[-1].startswith("Questions:")
        and "Director of Administration" in text
    )


def test_scope_names_roles_in_the_chosen_language() -> None:
    names = {
        lang: json.loads(run("scope", "sivari", "--format", "json", "--lang", lang)[1])["role_name"]
        for lang in ("fi", "en", "sv")
    }
    assert names == {
        "fi": "siviilipalvelusvelvollinen",
        "en": "person in non-military (civilian) service",
        "sv": "civiltjänstgörare",
    }


def test_lazy_choices_match_the_enums() -> None:
    from aanekoski_somepolicy import Lang, SubjectType
    from aanekoski_somepolicy._audit.readers import InputFormat
    from aanekoski_somepolicy._audit.run import UnknownRolePolicy
    from aanekoski_somepolicy._audit.writers import CsvDialect, ReportFormat
    from aanekoski_somepolicy._cli import main as cli
    from aanekoski_somepolicy._cli import roles, sources

    assert tuple(lang.value for lang in Lang) == cli.LANGS
    assert tuple(f.value for f in ReportFormat) == cli.REPORT_FORMATS
    assert tuple(t.value for t in SubjectType) == cli.SUBJECT_TYPES
    assert tuple(p.value for p in UnknownRolePolicy) == roles.UNKNOWN_ROLE_POLICIES
    assert tuple(d.value for d in CsvDialect) == cli.CSV_DIALECTS
    assert tuple(f.value for f in InputFormat) == sources.INPUT_FORMATS


def test_help_and_rules_do_not_import_the_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from aanekoski_somepolicy._cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['rules'])\n"
        "assert 'aanekoski_somepolicy._engine' not in sys.modules\n"
        "assert 'aanekoski_somepolicy._passwords.judge' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
