"""A planted canary password must never surface in any output channel."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import pickle
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from aanekoski_somepolicy import (
    AccountRegistration,
    Engine,
    InvalidSubjectError,
    Lang,
    decision_to_dict,
    parse_subject,
    render_decision_text,
)
from aanekoski_somepolicy._cli.main import main

from .conftest import CANARY, TODAY

FIELDS = {
    "person_id": "h1",
    "first_name": "Matti",
    "service": "Facebook",
    "purpose": "leisure",
    "username": "kalastaja",
    "email": "matti@aanekoski.fi",
}

# Fragments long enough to be meaningful: any of them showing up is a leak.
FRAGMENTS = [CANARY, CANARY.lower(), CANARY[:12], CANARY[-12:], "7Q!zv"]


def assert_clean(text: str) -> None:
    for fragment in FRAGMENTS:
        assert fragment not in text, f"password fragment {fragment!r} leaked"


def test_subject_repr_str_and_dump_hide_the_password() -> None:
    subject = parse_subject({**FIELDS, "password": CANARY})
    assert_clean(repr(subject))
    assert_clean(str(subject))
    assert_clean(subject.model_dump_json())
    assert_clean(json.dumps(subject.model_dump(mode="json")))
    assert isinstance(subject, AccountRegistration)
    assert_clean(repr(subject.password))


def test_decision_in_every_form_hides_the_password(engine: Engine) -> None:
    decision = engine.evaluate(parse_subject({**FIELDS, "password": CANARY}), on=TODAY)
    for lang in Lang:
        assert_clean(render_decision_text(decision, lang))
        assert_clean(json.dumps(decision_to_dict(decision, lang), ensure_ascii=False))
    assert_clean(repr(decision))
    assert_clean(str(dataclasses.asdict(decision)))


@pytest.mark.parametrize(
    "bad",
    [
        {"purpose": "holiday"},
        {"mfa": "maybe"},
        {"person_id": ""},
        {"unknown": CANARY},
        {"password": CANARY * 200},
    ],
)
def test_validation_errors_hide_the_password(bad: dict[str, object]) -> None:
    with pytest.raises(InvalidSubjectError) as caught:
        parse_subject({**FIELDS, "password": CANARY, **bad})
    assert_clean(str(caught.value))
    assert_clean(repr(caught.value))
    assert_clean(" ".join(str(problem) for problem in caught.value.problems))


def test_logging_records_hide_the_password(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    subject = parse_subject({**FIELDS, "password": CANARY})
    decision = engine.evaluate(subject, on=TODAY)
    logging.getLogger("audit").info("checked %r -> %r", subject, decision)
    assert_clean(caplog.text)


def test_cli_check_output_and_errors_hide_the_password(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    for payload in (
        {**FIELDS, "password": CANARY},
        {**FIELDS, "password": CANARY, "purpose": "??"},
    ):
        path.write_text(json.dumps(payload), encoding="utf-8")
        for lang in ("fi", "en"):
            for fmt in ("json", "text"):
                out, err = io.StringIO(), io.StringIO()
                with redirect_stdout(out), redirect_stderr(err):
                    code = main(["check", "--input", str(path), "--lang", lang, "--format", fmt])
                assert code in (1, 2)
                assert_clean(out.getvalue())
                assert_clean(err.getvalue())


def test_cli_subprocess_stdin_hides_the_password() -> None:
    payload = json.dumps({**FIELDS, "password": CANARY})
    done = subprocess.run(
        [sys.executable, "-m", "aanekoski_somepolicy", "check", "--format", "text"],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert_clean(done.stdout + done.stderr)


def test_no_cache_holds_the_password(engine: Engine) -> None:
    subject = parse_subject({**FIELDS, "password": CANARY})
    engine.evaluate(subject, on=TODAY)
    from aanekoski_somepolicy._checks import r9_accounts
    from aanekoski_somepolicy._passwords import judge as _password

    for judge in _password._JUDGES.values():
        assert_clean(repr(vars(judge)))
    assert_clean(repr(r9_accounts._DOMAINS))
    # The engine itself keeps nothing per evaluation.
    assert_clean(repr(vars(engine)))
    assert_clean(str(pickle.dumps(engine.policy)))


def test_no_input_shape_shows_the_canary(tmp_path: Path) -> None:
    """Every export shape (encodings, delimiters, Excel, JSON arrays), valid or broken rows."""
    from .test_export_shapes import SHAPES

    rows = [
        ["h1", "Facebook", "leisure", "matti@aanekoski.fi", CANARY, "perhaps"],  # invalid mfa
        ["h2", "X", "loma", "a@b.fi", CANARY, "ei"],  # invalid purpose
        ["h3", "X", "leisure", "a@b.fi", CANARY, "ei"],
    ]
    export = SHAPES.Export(["person_id", "service", "purpose", "email", "password", "mfa"], rows)
    out_dir = tmp_path / "shapes"
    out_dir.mkdir()
    for name, data, language in SHAPES.shapes(export):
        path = out_dir / name
        if data is None:
            headers = [SHAPES.HEADERS[language][c] for c in export.columns]
            SHAPES.write_xlsx(export, headers, path)
        else:
            path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            main(["audit", str(path), "--format", "json", "--workers", "1"])
        for fragment in FRAGMENTS:
            assert fragment not in out.getvalue() + err.getvalue(), name
        assert json.loads(out.getvalue())["summary"]["rows"] == 3, name


def test_audit_temporary_files_hide_the_password(tmp_path: Path) -> None:
    """The identity index and a partial report are temporary files: no password in either."""
    from aanekoski_somepolicy._audit.identities import WorkIdentityStore
    from aanekoski_somepolicy._audit.readers import RawRecord
    from aanekoski_somepolicy._audit.run import _collect

    with WorkIdentityStore() as store:
        for purpose in ("työ", "vapaa-aika"):
            fields: dict[str, str | list[str]] = {
                "person_id": "h1",
                "purpose": purpose,
                "username": "mv",
                "email": "mv@aanekoski.fi",
                "password": CANARY,
                "work_usernames": ["mvirtanen", "other"],
            }
            _collect(RawRecord(2, 2, fields=fields), store)
        store.seal()
        data = Path(store.path).read_bytes()
    assert b"mv@aanekoski.fi" in data  # the index is really there
    assert CANARY.encode() not in data and CANARY[-12:].encode() not in data
    export = tmp_path / "in.csv"
    export.write_text(
        f"person_id;service;purpose;password\nh1;X;vapaa-aika;{CANARY}\n", encoding="utf-8"
    )
    for dialect in ("standard", "excel-fi"):
        report = tmp_path / "r.csv"
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            main(["audit", str(export), "--format", "csv", "--csv-dialect", dialect])
            main(["audit", str(export), "--format", "csv", "--output", str(report)])
        assert CANARY not in report.read_text(encoding="utf-8-sig")


def test_public_type_errors_hide_the_password_in_every_language() -> None:
    from pydantic import BaseModel, ValidationError

    from aanekoski_somepolicy import LeisureEmail, StrongPassword, localize
    from aanekoski_somepolicy._validation import problems_from

    class Signup(BaseModel):
        service: str
        email: LeisureEmail
        password: StrongPassword

    weak = CANARY[:6]  # short: rejected, with reasons worded in each language
    with pytest.raises(ValidationError) as caught:
        Signup.model_validate({"service": "X", "email": weak, "password": weak})
    assert_clean(caught.value.json())
    for problem in problems_from(caught.value):
        for lang in Lang:
            shown = localize(problem.message, lang)
            assert weak not in shown and CANARY[:6].lower() not in shown.lower()


@pytest.mark.parametrize("accept_language", ["fi", "sv", "en"])
def test_localized_problem_details_hide_the_password(accept_language: str) -> None:
    pytest.importorskip("fastapi")
    from aanekoski_somepolicy._server.app import create_app

    from .test_languages import ServiceClient

    # purpose and role spellings are echoed on purpose (docs/languages.md); the rest never
    bad = {**FIELDS, "mfa": CANARY, "unit": 7, "password": CANARY * 200}
    with ServiceClient(create_app()) as client:
        response = client.post(
            "/v1/decisions", json=bad, headers={"accept-language": accept_language}
        )
    assert response.status_code == 422
    assert response.headers["content-language"] == accept_language
    assert_clean(response.text)


def test_replay_scenario_and_waiver_outputs_hide_the_password(tmp_path: Path) -> None:
    # Issue 11's channels: replay's streamed records, scenario failures, waived findings.
    export = tmp_path / "export.csv"
    export.write_text(
        "person_id;service;purpose;password\n"
        f"h1;Instagram;vapaa-aika;{CANARY}\nh2;Strava;vapaa-aika;{CANARY[:20]}\n",
        encoding="utf-8",
    )
    change = tmp_path / "change.toml"
    change.write_text("[parameters.password]\nmin_length = 40\n", encoding="utf-8")
    scenarios = tmp_path / "s.scenarios.toml"
    subject = json.dumps({**FIELDS, "password": CANARY}, ensure_ascii=False)
    scenarios.write_text(
        "[[scenarios]]\nname = 'canary'\non = 2026-11-24\n"
        f"subject = {subject.replace(':', ' =').replace('{', '{ ')}\n"
        "expect = { allowed = true, complete = true }\n",
        encoding="utf-8",
    )
    waivers = tmp_path / "w.toml"
    waivers.write_text(
        "[[waivers]]\ncheck = 'R9.password-min-length'\nperson_id = 'h2'\n"
        "justification = 'Closed next month, no new password.'\napproved_by = 'x'\n"
        "expires = 2099-01-01\n",
        encoding="utf-8",
    )
    runs = [
        ["replay", str(export), "--overlay", str(change), "--on", "2026-11-24"],
        ["replay", str(export), "--overlay", str(change), "--format", "json"],
        ["test", str(scenarios), "--verbose"],
        ["test", str(scenarios), "--format", "json"],
        ["audit", str(export), "--waivers", str(waivers), "--format", "json", "--workers", "1"],
    ]
    for argv in runs:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            main(argv)
        assert out.getvalue() or err.getvalue(), argv
        assert_clean(out.getvalue())
        assert_clean(err.getvalue())


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown", "table", "sarif", "junit"])
def test_the_directory_audit_hides_the_password(tmp_path: Path, fmt: str) -> None:
    """With --directory: joined, ambiguous and unmatched rows, the reports and the index file."""
    from aanekoski_somepolicy._audit.readers import RecordSource
    from aanekoski_somepolicy._audit.run import Audit, AuditOptions

    directory = tmp_path / "users.csv"
    directory.write_text(
        "userPrincipalName,displayName,surname,mail,givenName,objectId,userType\n"
        "matti.v@aanekoski.fi,Matti V,Virtanen,,Matti,1,Member\n"
        "matti.v2@aanekoski.fi,Matti V,Virtanen,,Matti,2,Member\n"
        "aino.k@aanekoski.fi,Aino K,Korhonen,,Aino,3,Member\n",
        encoding="utf-8",
    )
    register = tmp_path / "register.csv"
    register.write_text(
        "person_id;first_name;last_name;service;purpose;username;password\n"
        f"h1;Matti;Virtanen;X;vapaa-aika;mattiv;{CANARY}\n"
        f"h2;Aino;Korhonen;X;vapaa-aika;aino.k;{CANARY}\n"
        f"h3;Ville;Nieminen;X;vapaa-aika;ville;{CANARY}\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["audit", str(register), "--directory", str(directory), "--format", fmt])
    assert code == 1
    assert_clean(out.getvalue() + err.getvalue())
    with Audit(
        RecordSource(register), AuditOptions(on=TODAY, workers=1, directories=(directory,))
    ) as audit:
        audit.prepare()
        assert audit._directory is not None
        assert_clean(Path(audit._directory.path).read_bytes().decode("utf-8", "replace"))


def test_hash_audit_hides_the_canary_and_its_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dump holding the canary's NT hash (shared, breached, on a broken line, even the
    canary itself pasted where a hash belongs): no output, report, error or temporary file
    shows the canary or any long part of its hash."""
    from aanekoski_somepolicy._audit.hashes.dump import HashDump
    from aanekoski_somepolicy._passwords.nt import nt_hex

    digest = nt_hex(CANARY)
    no_lm = "aad3b435b51404eeaad3b435b51404ee"
    dump = tmp_path / "dump.txt"
    dump.write_text(
        f"AANEKOSKI\\a.one:1001:{no_lm}:{digest.lower()}:::\n"
        f"AANEKOSKI\\b.two:1002:{no_lm}:{digest}:::\n"
        f"AANEKOSKI\\c.three:1003:{no_lm}:{digest[:30]}:::\n"
        f"{digest}\n"
        f"d.four:{CANARY}\n"
        f"AANEKOSKI\\e.five:1005:{digest}:{digest}:::\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "ntlm.txt"
    corpus.write_text(f"{'0' * 31}1:3\n{digest}:9\n{'F' * 32}:1\n", encoding="utf-8")
    policy = tmp_path / "policy.toml"
    from importlib import resources

    text = resources.files("aanekoski_somepolicy").joinpath("data/policy.toml").read_text("utf-8")
    text = text.replace("global_guess_budget = 3.0e4", "global_guess_budget = 50")
    text = text.replace("context_guess_budget = 1.0e4", "context_guess_budget = 50")
    policy.write_text(text, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    fragments = [*FRAGMENTS, digest, digest.lower(), digest[:16], digest[-16:].lower()]
    reports = tmp_path / "reports"
    reports.mkdir()
    for fmt in ("table", "json", "jsonl", "csv", "markdown", "html", "sarif", "junit"):
        out, err = io.StringIO(), io.StringIO()
        report = reports / f"r.{fmt}"
        with redirect_stdout(out), redirect_stderr(err):
            status = main(
                [
                    "--policy",
                    str(policy),
                    "audit-hashes",
                    str(dump),
                    "--breach-corpus",
                    str(corpus),
                    "--format",
                    fmt,
                    "--report",
                    f"json:{report}",
                    "--workers",
                    "2",
                    "--lang",
                    "en",
                ]
            )
        assert status == 1
        shown = out.getvalue() + err.getvalue() + report.read_text(encoding="utf-8")
        for fragment in fragments:
            assert fragment not in shown, (fmt, fragment)
    data = json.loads(report.read_text(encoding="utf-8"))
    statuses = [r["status"] for r in data["results"]]
    assert statuses == ["violation", "violation", "invalid", "invalid", "invalid", "violation"]
    for leftover in temp.rglob("*"):
        if leftover.is_file():
            content = leftover.read_bytes()
            for fragment in fragments:
                assert fragment.encode() not in content, leftover
    entries = list(HashDump(dump).entries())
    raw = repr(bytes.fromhex(digest))[2:-1]
    for entry in entries:
        for fragment in [*fragments, raw]:
            assert fragment not in repr(entry) and fragment not in str(entry)


@pytest.mark.parametrize("header_row", [None, "2"])
def test_an_export_without_a_header_does_not_echo_a_data_row(
    tmp_path: Path, header_row: str | None
) -> None:
    """The missing-columns error lists a header's names, never a data row's cells."""
    export = tmp_path / "no-header.csv"
    export.write_text(
        f"h1;Instagram;vapaa-aika;matti@aanekoski.fi;{CANARY}\n"
        f"h2;Facebook;työ;x@example.fi;{CANARY}\n",
        encoding="utf-8",
    )
    for lang in ("fi", "sv", "en"):
        argv = ["audit", str(export), "--lang", lang]
        if header_row is not None:
            argv += ["--header-row", header_row]
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(argv)
        assert code == 2 and "5" in err.getvalue()
        for fragment in FRAGMENTS:
            assert fragment not in out.getvalue() + err.getvalue(), lang
