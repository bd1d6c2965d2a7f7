"""`somepolicy replay` (issue 11, item 3 of the issue): impact of a change on recorded data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import compose_policy, default_policy
from aanekoski_somepolicy._audit.readers import RecordSource
from aanekoski_somepolicy._audit.replay import Replay
from aanekoski_somepolicy._audit.run import Audit, AuditOptions
from aanekoski_somepolicy._passwords.judge import judge_for, verdict_sharing, with_thresholds

from .conftest import TODAY, run

HEADER = "person_id;role;service;purpose;username;email;password;mfa\n"
ROWS = [
    "h1;työntekijä;Microsoft Teams;työ;mvirtanen;matti@aanekoski.fi;Pöllö lentää yli hiljaisen lammen;kyllä",
    "h1;työntekijä;Instagram;vapaa-aika;kalastaja77;matti@gmail.com;vihreä kivi juoksee nopeasti;ei",
    "h2;viranhaltija;Facebook;vapaa-aika;h2fb;h2@gmail.com;Kesä2026!;ei",
    "h3;harjoittelija;TikTok;vapaa-aika;h3tt;h3@aanekoski.fi;kolme sanaa riittää kai;ei",
    "h4;luottamushenkilö;X;vapaa-aika;h4x;h4@aanekoski.fi;kissa;ei",
    "h5;työntekijä;Strava;vapaa-aika;h5s;h5@gmail.com;suolahden sininen järvi ui;kyllä",
    "h6;työntekijä;Strava;sometimes;h6s;h6@gmail.com;whatever;ei",  # invalid purpose
    ";;;;;;;",  # blank
    "h7;työntekijä;LinkedIn;vapaa-aika;h7l;h7@gmail.com;punainen talo mäellä seisoo;ei",
]
CHANGE = (
    "[metadata]\nversion = '1.1.0'\n[parameters.password]\nmin_length = 26\n"
    "[add.parameters.password]\nbanned_terms = ['suolahti', 'suolahden']\n"
)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def _state(finding: dict[str, Any]) -> str:
    """A finding as replay compares it: the outcome, and the code when it says more."""
    outcome, code = finding["outcome"], finding["code"]
    return outcome if code in (outcome, "pass", "fail") else f"{outcome} ({code})"


def _outcomes(source: Path, options: AuditOptions) -> list[dict[str, Any]]:
    with Audit(RecordSource(source), options) as audit:
        return [
            {
                "line": result["line"],
                "status": result["status"],
                "outcomes": {f["check"]: _state(f) for f in result["findings"]},
            }
            for result in audit.results()
        ]


def test_replay_reports_exactly_what_two_separate_audits_differ_in(
    export: Path, tmp_path: Path
) -> None:
    overlay = tmp_path / "change.toml"
    overlay.write_text(CHANGE, encoding="utf-8")
    new = compose_policy(overlays=[overlay])
    options = AuditOptions(on=TODAY, workers=1, all_findings=True)
    old_run = _outcomes(export, options)
    new_run = _outcomes(
        export, AuditOptions(on=TODAY, workers=1, all_findings=True, overlays=(overlay,))
    )
    with Replay(RecordSource(export), options, new) as replay:
        results = list(replay.results())
    assert len(results) == len(ROWS) == replay.changes.records
    expected_changes = {}
    for before, after in zip(old_run, new_run, strict=True):
        changed = {
            check: [before["outcomes"][check], after["outcomes"][check]]
            for check in before["outcomes"]
            if before["outcomes"][check] != after["outcomes"].get(check)
        }
        if changed:
            expected_changes[before["line"]] = changed
    actual = {
        r["line"]: r["replay"]["changed"] for r in results if r.get("replay", {}).get("changed")
    }
    assert actual == expected_changes
    assert expected_changes  # the change does flip something
    summary = replay.changes
    assert summary.judged == 7  # the invalid and the blank record are counted, not judged
    length = summary.checks["R9.password-min-length"]
    assert length.failed_after == sum(
        1 for run_ in new_run if run_["outcomes"].get("R9.password-min-length") == "fail"
    )
    assert length.newly_failed == length.failed_after - length.failed_before


def test_the_command_streams_changed_records_and_counts(export: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "change.toml"
    overlay.write_text(CHANGE, encoding="utf-8")
    code, out, err = run(
        "replay", str(export), "--overlay", str(overlay), "--on", "2026-11-24", "--lang", "en"
    )
    assert code == 0, err
    assert "aanekoski-some-ohje 1.0.0 → aanekoski-some-ohje 1.1.0" in out
    assert "9 records read, 7 judged" in out
    assert "R9.password-not-common pass → fail" in out  # the banned term
    code, out, _ = run(
        "replay", str(export), "--overlay", str(overlay), "--format", "json", "--on", "2026-11-24"
    )
    data = json.loads(out)
    assert data["summary"]["records"] == 9
    assert {item["line"] for item in data["changed"]} == {5, 7}
    assert all(
        "password" not in json.dumps(item).lower().replace("password-", "")
        for item in data["changed"]
    )


def test_replay_without_a_change_is_a_usage_error(export: Path) -> None:
    code, out, err = run("replay", str(export), "--lang", "en")
    assert code == 2 and out == ""
    assert "nothing to compare" in err


def test_verdict_sharing_tells_thresholds_from_other_parameters() -> None:
    params = default_policy().parameters.password
    assert verdict_sharing(params, params) == "same"
    longer = params.model_copy(update={"min_length": 20, "min_zxcvbn_score": 4})
    assert verdict_sharing(params, longer) == "rejudge"
    banned = longer.model_copy(update={"banned_terms": ["kivi"]})
    assert verdict_sharing(params, banned) == "rejudge"
    other = params.model_copy(update={"places": [*params.places, "hirvaskangas"]})
    assert verdict_sharing(params, other) == "none"


_STRICTER = default_policy().parameters.password.model_copy(
    update={
        "min_length": 20,
        "min_length_with_mfa": 12,
        "min_zxcvbn_score": 4,
        "context_min_points": 7,
        "rule_attack_min_guesses_log10": 9.0,
        "banned_terms": ["kivi", "suolahti"],
    }
)


@settings(max_examples=60, deadline=None)
@given(
    password=st.one_of(
        st.text(min_size=1, max_size=40),
        st.sampled_from(
            ["Kesä2026!", "vihreä kivi juoksee nopeasti", "salasana123", "äänekoski1", "Su0lahti"]
        ),
    ),
    mfa=st.booleans(),
)
def test_a_rethresholded_verdict_equals_one_judged_afresh(password: str, mfa: bool) -> None:
    shipped = default_policy().parameters.password
    verdict = judge_for(shipped).judge(password, mfa=mfa, service="Instagram")
    expected = judge_for(_STRICTER).judge(password, mfa=mfa, service="Instagram")
    assert with_thresholds(verdict, _STRICTER, password=password, mfa=mfa) == expected


def test_a_policy_that_changes_only_thresholds_uses_the_shipped_index() -> None:
    from aanekoski_somepolicy._passwords.index import load_index

    assert load_index(_STRICTER) is not None


def test_replay_writes_its_output_file_whole_or_not_at_all(export: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "change.toml"
    overlay.write_text(CHANGE, encoding="utf-8")
    output = tmp_path / "impact.json"
    output.write_text("the previous report", encoding="utf-8")
    argv = ["replay", str(export), "--overlay", str(overlay), "--format", "json"]
    code, out, err = run(*argv, "--output", str(output), "--on", "2026-11-24")
    assert code == 0 and out == "", err
    assert json.loads(output.read_text("utf-8"))["summary"]["records"] == 9
    output.write_text("the previous report", encoding="utf-8")
    # A corpus that cannot be used stops the run after the output was opened.
    missing = tmp_path / "no-corpus.txt"
    code, _, err = run(*argv, "--output", str(output), "--breach-corpus", str(missing))
    assert code == 2, err
    assert output.read_text("utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir() if "impact" in p.name] == ["impact.json"]
    code, _, err = run(*argv, "--output", str(export))
    assert code == 2 and "Traceback" not in err


def test_a_change_of_why_an_element_does_not_apply_is_a_change(
    export: Path, tmp_path: Path
) -> None:
    # Trainees leave the scope: a trainee's record without a password changed only in why its
    # password elements do not apply (no password -> role out of scope).
    roles = [r for r in default_policy().scope.model_dump(mode="json")["bound_roles"]]
    roles.remove("harjoittelija")
    overlay = tmp_path / "scope.toml"
    overlay.write_text(f"[scope]\nbound_roles = {json.dumps(roles)}\n", encoding="utf-8")
    source = tmp_path / "trainee.csv"
    source.write_text(HEADER + "h9;harjoittelija;X;vapaa-aika;h9x;h9@gmail.com;;ei\n", "utf-8")
    with Replay(
        RecordSource(source), AuditOptions(on=TODAY, workers=1), compose_policy(overlays=[overlay])
    ) as replay:
        (result,) = list(replay.results())
    changed = result["replay"]["changed"]
    assert changed["R9.password-min-length"] == [
        "not-applicable (no-password)",
        "not-applicable (role-out-of-scope)",
    ]
    assert replay.changes.changed == 1 and replay.changes.checks["R9.password-min-length"].other
