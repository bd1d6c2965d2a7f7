"""Policy overlays (issue 11, item 1): partial files merged onto the shipped guideline."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from aanekoski_somepolicy import Engine, PolicyError, compose_policy, default_policy, parse_subject
from aanekoski_somepolicy._policy.overlays import policy_document

from .conftest import TODAY, run

MIN_16 = "[parameters.password]\nmin_length = 16\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_partial_file_changes_one_parameter_and_keeps_the_rest(tmp_path: Path) -> None:
    overlay = write(tmp_path, "city.toml", "[parameters.password]\nmin_length = 12\n")
    policy = compose_policy(overlays=[overlay])
    shipped = default_policy()
    assert policy.parameters.password.min_length == 12
    assert shipped.parameters.password.min_length == 15
    changed = policy_document(policy)
    changed["parameters"]["password"]["min_length"] = 15
    assert changed == policy_document(shipped)


def test_relative_word_lists_resolve_against_the_overlay_and_ban_their_words(
    tmp_path: Path,
) -> None:
    write(tmp_path, "lists/local.txt", "# ours\nKuhnamonranta\n")
    overlay = write(
        tmp_path,
        "overlays/city.toml",
        "[add.parameters.password]\n"
        'blocklist_files = ["../lists/local.txt"]\n'
        'banned_terms = ["suolahti"]\n',
    )
    policy = compose_policy(overlays=[overlay])
    files = policy.parameters.password.blocklist_files
    assert files[0] == "fi_common_passwords.txt"
    assert files[1] == str((tmp_path / "lists/local.txt").resolve())
    engine = Engine(policy)
    cases = (
        ("vihreä Suolahti juoksee", True),  # a banned term anywhere in the password
        ("vihreä 5u0lahti juoksee", True),
        ("kuhnamonranta", True),  # on the overlay's own list
        ("vihreä kivi juoksee", False),
    )
    for password, banned in cases:
        decision = engine.evaluate(
            parse_subject(
                {"person_id": "h1", "service": "X", "purpose": "leisure", "password": password}
            ),
            on=TODAY,
        )
        outcome = {f.check: f.outcome.value for f in decision.findings}
        assert (outcome["R9.password-not-common"] == "fail") is banned, password
    shipped = Engine().evaluate(
        parse_subject(
            {
                "person_id": "h1",
                "service": "X",
                "purpose": "leisure",
                "password": "vihreä Suolahti juoksee",
            }
        ),
        on=TODAY,
    )
    assert {f.check: f.outcome.value for f in shipped.findings}["R9.password-not-common"] == "pass"


def test_a_full_policy_file_resolves_its_own_word_lists(tmp_path: Path) -> None:
    # Before: a relative blocklist entry was looked up inside the package (a traceback).
    write(tmp_path, "mine.txt", "hirvaskangas\n")
    text = (Path(__file__).parents[1] / "src/aanekoski_somepolicy/data/policy.toml").read_text(
        "utf-8"
    )
    text = text.replace(
        'blocklist_files = ["fi_common_passwords.txt"]',
        'blocklist_files = ["fi_common_passwords.txt", "mine.txt"]',
    )
    path = write(tmp_path, "policy.toml", text)
    code, out, err = run(
        "check",
        "--policy",
        str(path),
        "--format",
        "json",
        "--input",
        str(
            write(
                tmp_path,
                "s.json",
                json.dumps(
                    {
                        "person_id": "h1",
                        "service": "X",
                        "purpose": "leisure",
                        "password": "Hirvaskangas",
                    }
                ),
            )
        ),
    )
    assert code == 1, err
    findings = {f["check"]: f["outcome"] for f in json.loads(out)["findings"]}
    assert findings["R9.password-not-common"] == "fail"


def test_every_problem_of_a_bad_overlay_is_listed_at_once(tmp_path: Path) -> None:
    overlay = write(
        tmp_path,
        "bad.toml",
        "surprise = 1\n"
        '[parameters.password]\nmin_length = "long"\nblocklist_files = ["nowhere.txt"]\n'
        "[rules.R11]\nheading = 'x'\n"
        '[rules.R9.elements."R9.no-such"]\nsummary = { fi = "x" }\n'
        "[add.parameters.password]\nmin_length = 3\n"
        '[retire]\nelements = ["R9.gone"]\n',
    )
    with pytest.raises(PolicyError) as caught:
        compose_policy(overlays=[overlay])
    locations = [problem.location for problem in caught.value.problems]
    name = str(overlay)
    assert locations == [
        f"{name}: parameters.password.blocklist_files[0]",
        f"{name}: surprise",
        f"{name}: rules.R11",
        f"{name}: rules.R9.elements.R9.no-such",
        f"{name}: add.parameters.password.min_length",
        f"{name}: retire.elements[0]",
        "parameters.password.min_length",
    ]
    assert "nowhere.txt" in str(caught.value)


def test_the_command_line_lists_every_problem_in_the_chosen_language(tmp_path: Path) -> None:
    overlay = write(tmp_path, "bad.toml", "[rules.R11]\nx = 1\n[retire]\nelements = ['R9.x']\n")
    code, out, err = run("rules", "--overlay", str(overlay), "--lang", "sv")
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert "regel R11" in err and "inget element R9.x" in err


def test_overlays_apply_in_order_and_the_last_word_wins(tmp_path: Path) -> None:
    first = write(tmp_path, "a.toml", MIN_16 + '[metadata]\nversion = "1.1.0"\n')
    second = write(tmp_path, "b.toml", "[parameters.password]\nmin_length = 20\n")
    policy = compose_policy(overlays=[first, second])
    assert policy.parameters.password.min_length == 20
    assert policy.metadata.version == "1.1.0"
    assert compose_policy(overlays=[second, first]).parameters.password.min_length == 16


def test_elements_are_added_changed_and_retired_by_id(tmp_path: Path) -> None:
    overlay = write(
        tmp_path,
        "elements.toml",
        '[rules.R9.elements."R9.password-min-length".summary]\n'
        'en = "At least sixteen characters."\n'
        '[retire]\nelements = ["R6.loyalty-manual-review"]\n'
        "[[add.elements]]\n"
        'rule = "R6"\nid = "R6.ask-before-posting"\nkind = "manual-review"\n'
        'modality = "should"\nquotes = ["Käytä harkintaa."]\n'
        'summary = { fi = "Kysy ensin.", en = "Ask first.", sv = "Fråga först." }\n'
        'reason = { fi = "Harkinta.", en = "Judgement.", sv = "Omdöme." }\n'
        'remedy = { fi = "Kysy.", en = "Ask.", sv = "Fråga." }\n',
    )
    policy = compose_policy(overlays=[overlay])
    element = policy.element("R9.password-min-length")
    assert element.summary.en == "At least sixteen characters."
    assert element.summary.fi == default_policy().element("R9.password-min-length").summary.fi
    ids = [e.id for e in policy.rule("R6").elements]
    assert "R6.loyalty-manual-review" not in ids and ids[-1] == "R6.ask-before-posting"
    Engine(policy)  # the engine accepts the changed policy


def test_an_overlay_may_name_its_base_relative_to_itself(tmp_path: Path) -> None:
    base = write(tmp_path, "base/policy.toml", "")
    base.write_text(
        (Path(__file__).parents[1] / "src/aanekoski_somepolicy/data/policy.toml")
        .read_text("utf-8")
        .replace('version = "1.0.0"', 'version = "7.0.0"'),
        encoding="utf-8",
    )
    overlay = write(tmp_path, "ov/city.toml", '[overlay]\nbase = "../base/policy.toml"\n' + MIN_16)
    policy = compose_policy(overlays=[overlay])
    assert policy.metadata.version == "7.0.0"
    assert policy.parameters.password.min_length == 16
    with pytest.raises(PolicyError, match="--policy"):
        compose_policy(base, [overlay])


def test_policy_and_overlay_options_work_before_after_and_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write(tmp_path, "a.toml", MIN_16)
    b = write(tmp_path, "b.toml", '[metadata]\nversion = "2.0.0"\n')

    def shown(*argv: str) -> dict[str, object]:
        code, out, err = run(*argv)
        assert code == 0, err
        document = tomllib.loads(out)
        return {
            "min": document["parameters"]["password"]["min_length"],
            "version": document["metadata"]["version"],
        }

    assert shown("policy", "show", "--effective") == {"min": 15, "version": "1.0.0"}
    assert shown("--overlay", str(a), "policy", "show", "--effective", "--overlay", str(b)) == {
        "min": 16,
        "version": "2.0.0",
    }
    # Without --effective the base alone is shown.
    assert shown("policy", "show", "--overlay", str(a)) == {"min": 15, "version": "1.0.0"}
    monkeypatch.setenv("SOMEPOLICY_OVERLAYS", f"{a}:{b}")
    assert shown("policy", "show", "--effective") == {"min": 16, "version": "2.0.0"}
    # A --policy after the subcommand wins over the environment's.
    full = write(tmp_path, "full.toml", run("policy", "show")[1].replace("15", "15", 1))
    monkeypatch.setenv("SOMEPOLICY_POLICY", str(tmp_path / "missing.toml"))
    assert shown("policy", "show", "--policy", str(full)) == {"min": 15, "version": "1.0.0"}
    assert run("policy", "show")[0] == 2


def test_the_effective_policy_printed_is_a_complete_policy_file(tmp_path: Path) -> None:
    overlay = write(
        tmp_path, "a.toml", MIN_16 + "[scope.role_aliases]\n\"kesäapu\" = 'tyontekija'\n"
    )
    code, out, err = run("policy", "show", "--effective", "--overlay", str(overlay))
    assert code == 0, err
    saved = write(tmp_path, "effective.toml", out)
    again = compose_policy(saved)
    assert policy_document(again) == policy_document(compose_policy(overlays=[overlay]))
    code, out, err = run("policy", "show", "--format", "json", "--policy", str(saved))
    assert code == 0 and json.loads(out)["parameters"]["password"]["min_length"] == 16


def test_role_aliases_from_an_overlay_reach_the_scope_command(tmp_path: Path) -> None:
    overlay = write(tmp_path, "a.toml", "[scope.role_aliases]\n\"kesäapu\" = 'tyontekija'\n")
    code, _, err = run("scope", "kesäapu", "--lang", "en")
    assert code == 2 and "kesäapu" in err
    code, out, err = run("scope", "kesäapu", "--overlay", str(overlay), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["role"] == "tyontekija"


def test_the_engine_takes_overlays(tmp_path: Path) -> None:
    overlay = write(tmp_path, "a.toml", MIN_16)
    engine = Engine(overlays=[overlay])
    assert engine.policy.parameters.password.min_length == 16


def test_an_aliases_file_contradicting_the_policys_aliases_is_refused(tmp_path: Path) -> None:
    overlay = write(tmp_path, "a.toml", '[scope.role_aliases]\n"kesäapu" = "tyontekija"\n')
    aliases = write(tmp_path, "aliases.txt", "kesäapu = harjoittelija\n")
    export = write(tmp_path, "e.csv", "person_id;role;service;purpose\nh1;kesäapu;X;vapaa-aika\n")
    argv = ["audit", str(export), "--overlay", str(overlay), "--lang", "en", "--format", "json"]
    code, out, err = run(*argv, "--role-aliases", str(aliases))
    assert code == 2 and out == ""
    assert "means tyontekija already" in err
    code, out, err = run(*argv, "--workers", "1")
    assert code in (0, 1), err
    assert json.loads(out)["results"][0]["status"] != "invalid"
    assert "unknown-role" not in out  # the overlay's alias made the role known


def test_role_aliases_from_an_overlay_reach_check_and_nested_subjects(tmp_path: Path) -> None:
    overlay = write(tmp_path, "a.toml", '[scope.role_aliases]\n"kesäapu" = "tyontekija"\n')
    subject = {
        "type": "advice",
        "id": "a1",
        "author": {"id": "h1", "role": "kesäapu", "start": "2020-01-01"},
        "given_on": "2026-11-02",
        "kind": "individual-advice",
        "in_city_name": True,
    }
    path = write(tmp_path, "s.json", json.dumps(subject, ensure_ascii=False))
    # Unknown without the overlay: bound staff with a warning, or refused when asked.
    code, out, err = run("check", "--input", str(path), "--lang", "en")
    assert code in (0, 1), err
    assert json.loads(out)["findings"][0]["facts"] == {"role": "kesäapu"}
    code, _, err = run("check", "--input", str(path), "--unknown-role", "invalid")
    assert code == 2 and "kesäapu" in err
    code, out, err = run("check", "--input", str(path), "--overlay", str(overlay))
    assert code in (0, 1), err
    checks = [finding["check"] for finding in json.loads(out)["findings"]]
    assert checks and "scope.role-recognised" not in checks  # the overlay made it known


@pytest.mark.parametrize(
    "argv",
    [
        ("policy", "show", "--effective", "--overlay", "{deep}"),
        ("--policy", "{deep}", "rules"),
        ("test", "{deep_scenarios}"),
        ("check", "--input", "{subject}", "--waivers", "{deep}"),
        ("audit", "{export}", "--mapping", "{deep}"),
    ],
)
def test_toml_nested_thousands_deep_is_refused_without_a_traceback(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    nested = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    files = {
        "deep": write(tmp_path, "deep.toml", nested),
        "deep_scenarios": write(tmp_path, "deep.scenarios.toml", nested),
        "subject": write(tmp_path, "s.json", '{"person_id": "h1", "service": "X"}'),
        "export": write(tmp_path, "e.csv", "person_id;service\nh1;X\n"),
    }
    code, _, err = run(*(part.format(**files) for part in argv), "--lang", "en")
    assert code == 2, err
    assert "Traceback" not in err and "RecursionError" not in err
    # Every TOML file an operator gives is parsed by one helper, with one wording.
    assert "nested too many levels deep" in err


def test_an_overlay_larger_than_the_bound_is_refused(tmp_path: Path) -> None:
    from aanekoski_somepolicy._policy import catalog

    big = write(tmp_path, "big.toml", "# " + "x" * 64 + "\n")
    original = catalog.POLICY_FILE_MAX_BYTES
    catalog.POLICY_FILE_MAX_BYTES = 32
    try:
        with pytest.raises(PolicyError, match="larger than 32 bytes"):
            compose_policy(overlays=[big])
    finally:
        catalog.POLICY_FILE_MAX_BYTES = original
