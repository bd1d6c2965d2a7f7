"""Waivers and baselines (issue 11, items 5 and 6)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from aanekoski_somepolicy import Engine, Outcome, WaiverError, default_policy, parse_subject
from aanekoski_somepolicy._server.app import create_app
from aanekoski_somepolicy._server.settings import ServerSettings
from aanekoski_somepolicy._waivers import load_waivers

from .conftest import TODAY, run

WEAK = {"person_id": "h1005", "service": "Instagram", "purpose": "leisure", "password": "Kesä2026!"}

WAIVER = """
[[waivers]]
check = "R9.password-min-length"
person_id = "h1005"
service = "instagram"
justification = "The account is closed on 2027-01-31; no new password before that."
approved_by = "hallintojohtaja, 2026-11-02 § 14"
expires = 2027-01-31
"""

HEADER = "person_id;role;service;purpose;username;email;password;mfa\n"
ROWS = [
    "h1005;työntekijä;Instagram;vapaa-aika;h1005ig;h1005@gmail.com;Kesä2026!;ei",
    "h1006;työntekijä;Instagram;vapaa-aika;h1006ig;h1006@gmail.com;Kesä2026!;ei",
    "h1007;työntekijä;Strava;vapaa-aika;h1007s;h1007@gmail.com;vihreä kivi juoksee nopeasti;ei",
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def outcomes(decision_findings: list[dict[str, object]]) -> dict[object, object]:
    return {f["check"]: f["outcome"] for f in decision_findings}


def test_a_waived_failure_is_reported_as_waived_with_its_justification(tmp_path: Path) -> None:
    engine = Engine(waivers=write(tmp_path, "w.toml", WAIVER))
    decision = engine.evaluate(parse_subject(WEAK), on=TODAY)
    finding = next(f for f in decision.findings if f.check == "R9.password-min-length")
    assert finding.outcome is Outcome.WAIVED
    assert finding.facts["approved_by"] == "hallintojohtaja, 2026-11-02 § 14"
    assert "closed on 2027-01-31" in finding.message.en and "Poikkeuslupa" in finding.message.fi
    # Only the waived check changes: the other failures still deny the registration.
    assert not decision.allowed
    assert "R9.password-min-length" not in {f.check for f in decision.failures()}
    other = Engine(waivers=write(tmp_path, "w.toml", WAIVER)).evaluate(
        parse_subject({**WEAK, "person_id": "h1006"}), on=TODAY
    )
    assert {f.check: f.outcome for f in other.findings}["R9.password-min-length"] is Outcome.FAIL
    after = engine.evaluate(parse_subject(WEAK), on=date(2027, 2, 1))
    assert {f.check: f.outcome for f in after.findings}["R9.password-min-length"] is Outcome.FAIL


def test_a_waiver_can_make_a_decision_allowed_and_check_counts_it_apart(tmp_path: Path) -> None:
    waivers = write(
        tmp_path,
        "all.toml",
        "\n".join(
            WAIVER.replace("R9.password-min-length", check)
            for check in (
                "R9.password-min-length",
                "R9.password-no-guessable-context",
                "R9.password-strength-score",
                "R9.password-not-common",
            )
        ),
    )
    subject = write(tmp_path, "s.json", json.dumps(WEAK))
    code, out, err = run(
        "check", "--input", str(subject), "--waivers", str(waivers), "--on", "2026-11-24"
    )
    assert code == 0, err
    body = json.loads(out)
    assert body["allowed"] is True
    assert body["summary"]["waived"] >= 3 and body["summary"]["fail"] == 0
    code, out, _ = run("check", "--input", str(subject), "--on", "2026-11-24")
    assert code == 1


def test_every_problem_of_a_bad_waiver_file_is_listed_and_nothing_runs(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.toml",
        '[[waivers]]\ncheck = "R9.no-such-check"\njustification = "short"\nexpires = 2020-01-01\n'
        "[[waivers]]\n"
        + WAIVER.split("[[waivers]]")[1].replace("2027-01-31\n", "2026-01-31\n")
        + '[[waivers]]\ncheck = "R9.password-min-length"\n'
        'justification = "No subject named at all here."\napproved_by = "x"\n'
        "expires = 2027-01-01\n",
    )
    with pytest.raises(WaiverError) as caught:
        load_waivers(bad, policy=default_policy(), on=TODAY)
    assert [p.location for p in caught.value.problems] == [
        "waivers[0].approved_by",
        "waivers[0].check",
        "waivers[0].expires",
        "waivers[0].justification",
        "waivers[1].expires",
        "waivers[2]",
    ]
    subject = write(tmp_path, "s.json", json.dumps(WEAK))
    code, out, err = run("check", "--input", str(subject), "--waivers", str(bad), "--lang", "fi")
    assert code == 2 and out == ""
    assert "poikkeuslupa päättyi 2026-01-31" in err and "Traceback" not in err


def test_the_audit_marks_waived_findings_and_counts_them_in_every_report(tmp_path: Path) -> None:
    export = write(tmp_path, "export.csv", HEADER + "\n".join(ROWS) + "\n")
    waivers = write(tmp_path, "w.toml", WAIVER)
    args = ["audit", str(export), "--on", "2026-11-24", "--workers", "1", "--lang", "en"]
    code, out, err = run(*args, "--waivers", str(waivers), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    first, second = report["results"][0], report["results"][1]
    waived = [f for f in first["findings"] if f["outcome"] == "waived"]
    assert [f["check"] for f in waived] == ["R9.password-min-length"]
    assert waived[0]["waiver"]["expires"] == "2027-01-31"
    assert "Waived: The account is closed" in waived[0]["message"]
    assert outcomes(second["findings"])["R9.password-min-length"] == "fail"
    assert any("1 failures are waived" in warning for warning in report["warnings"])
    assert report["summary"]["waived"] == {"R9.password-min-length": 1}
    assert report["summary"]["by_check"].get("R9.password-min-length") == 1  # the other record
    for fmt in ("table", "markdown", "csv", "jsonl"):
        code, out, _ = run(*args, "--waivers", str(waivers), "--format", fmt)
        assert "1 failures are waived" in out, fmt


def test_a_baseline_shows_only_findings_new_since_the_previous_report(tmp_path: Path) -> None:
    old = write(tmp_path, "old.csv", HEADER + "\n".join(ROWS[:2]) + "\n")
    new = write(tmp_path, "new.csv", HEADER + "\n".join([ROWS[1], ROWS[0], ROWS[2]]) + "\n")
    args = ["--on", "2026-11-24", "--workers", "1", "--lang", "en", "--format", "json"]
    code, previous, _ = run("audit", str(old), *args)
    baseline = write(tmp_path, "previous.json", previous)
    code, out, _ = run("audit", str(new), *args, "--baseline", str(baseline))
    report = json.loads(out)
    # The same failures for the same subjects, now in another order: none is new.
    assert [r["findings"] for r in report["results"][:2]] == [[], []]
    assert [r["status"] for r in report["results"][:2]] == ["ok", "ok"]
    assert any("were in the baseline report" in w for w in report["warnings"])
    assert code == 0
    # A new failure for a known subject is shown.
    changed = ROWS[2].replace("vihreä kivi juoksee nopeasti", "kissa")
    newer = write(tmp_path, "newer.csv", HEADER + "\n".join([ROWS[0], changed]) + "\n")
    code, out, _ = run("audit", str(newer), *args, "--baseline", str(baseline))
    report = json.loads(out)
    assert report["results"][1]["findings"] and code == 1
    bogus = write(tmp_path, "bogus.json", '{"hello": 1}')
    code, out, err = run("audit", str(newer), *args, "--baseline", str(bogus))
    assert code == 2 and "not a `somepolicy audit --format json`" in err


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_the_service_reports_waived_findings(tmp_path: Path) -> None:
    app = create_app(ServerSettings(waivers=write(tmp_path, "w.toml", WAIVER)))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/v1/decisions", json=WEAK, params={"lang": "en"})
    body = response.json()
    assert outcomes(body["findings"])["R9.password-min-length"] == "waived"
    with pytest.raises(WaiverError):
        create_app(
            ServerSettings(waivers=write(tmp_path, "x.toml", WAIVER.replace("2027", "2020")))
        )


def test_sarif_reports_a_waived_failure_as_a_suppressed_result(tmp_path: Path) -> None:
    import jsonschema

    from .test_reports import sarif_schema

    export = write(tmp_path, "export.csv", HEADER + "\n".join(ROWS) + "\n")
    waivers = write(tmp_path, "w.toml", WAIVER)
    code, out, err = run(
        "audit", str(export), "--waivers", str(waivers), "--format", "sarif", "--on", "2026-11-24"
    )
    assert code == 1, err
    sarif = json.loads(out)
    jsonschema.validate(sarif, sarif_schema())
    results = sarif["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["R9.password-min-length"]
    assert "closed on 2027-01-31" in suppressed[0]["suppressions"][0]["justification"]


def test_a_json_lines_baseline_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    export = write(tmp_path, "export.csv", HEADER + "\n".join(ROWS) + "\n")
    args = ["--on", "2026-11-24", "--workers", "1", "--lang", "en"]
    code, previous, _ = run("audit", str(export), *args, "--format", "jsonl")
    baseline = write(tmp_path, "previous.jsonl", previous)
    code, out, _ = run("audit", str(export), *args, "--format", "json", "--baseline", str(baseline))
    report = json.loads(out)
    assert code == 0 and all(not r["findings"] for r in report["results"])
    empty = write(tmp_path, "empty.json", '{"results": []}')
    code, out, _ = run("audit", str(export), *args, "--format", "json", "--baseline", str(empty))
    assert code == 1 and json.loads(out)["results"][0]["findings"]
