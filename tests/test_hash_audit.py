"""The password-hash audit: each check finds what it should and nothing else."""

from __future__ import annotations

import io
import json
import re
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy import (
    ConfigurationError,
    HashAuditOptions,
    HashAuditReport,
    Lang,
    audit_password_hashes,
)
from aanekoski_somepolicy._audit.hashes.dump import parse_line
from aanekoski_somepolicy._cli.main import main
from aanekoski_somepolicy._passwords.candidates import (
    AffixGrammar,
    Seed,
    affix_kind,
    context_seeds,
    match_seeds,
)
from aanekoski_somepolicy._passwords.nt import EMPTY_NT, nt_digest, nt_hex
from aanekoski_somepolicy._policy.catalog import PasswordHashParameters

from .conftest import R9_HASH_CHECKS

NO_LM = "aad3b435b51404eeaad3b435b51404ee"
SOME_LM = "e52cac67419a9a2238f10713b629b565"
# Budgets small enough for tests (about 140,000 global and 6,000 own candidates per person);
# the passwords below are among the cheapest of their kind, so they are still found.
SMALL = PasswordHashParameters(global_guess_budget=200, context_guess_budget=200)
STRONG = "vG7#qLp2!xR9wZt4"
SHARED = "Wq9#Lm2vTz7!pXr4"
BREACHED = "Hp4!rT8#nQ2wUe6%"

# account: (password, LM stored, first name, last name, the checks that must fail)
ACCOUNTS: dict[str, tuple[str, bool, str, str, set[str]]] = {
    "matti.kuusisaari": (
        "Kuusisaari2026",
        False,
        "Matti",
        "Kuusisaari",
        {"R9.hash-no-own-context"},
    ),
    "liisa.korhonen": ("Kesä2026", False, "Liisa", "Korhonen", {"R9.hash-not-common"}),
    "pekka.nieminen": ("salasana123", False, "Pekka", "Nieminen", {"R9.hash-not-common"}),
    "anna.makinen": ("", False, "Anna", "Mäkinen", {"R9.hash-not-empty"}),
    "tyhja.toinen": ("", False, "Tyhjä", "Toinen", {"R9.hash-not-empty"}),
    "juha.laine": (SHARED, False, "Juha", "Laine", {"R9.hash-not-shared"}),
    "tuula.heikkinen": (SHARED, False, "Tuula", "Heikkinen", {"R9.hash-not-shared"}),
    "sami.koskinen": (STRONG, False, "Sami", "Koskinen", set()),
    "maria.lehtonen": ("kirahvi tuuli lyhty sävel", False, "Maria", "Lehtonen", set()),
    "ville.rantala": ("kirahvituulilyhtysävel", False, "Ville", "Rantala", set()),
    "kalle.ranta": ("Zr8$kN3qWm5!tLb7", True, "Kalle", "Ranta", {"R9.hash-no-lm"}),
    "eero.salo": (BREACHED, False, "Eero", "Salo", {"R9.hash-not-breached"}),
}


def write_dump(path: Path, accounts: dict[str, tuple[str, bool, str, str, set[str]]]) -> None:
    lines = ["[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)"]
    for rid, (account, (password, lm, *_)) in enumerate(accounts.items(), 1100):
        lm_field = SOME_LM if lm else NO_LM
        lines.append(f"AANEKOSKI\\{account}:{rid}:{lm_field}:{nt_hex(password).lower()}:::")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_people(path: Path) -> None:
    rows = ["username;first_name;last_name;role;unit"]
    rows += [
        f"{a};{first};{last};työntekijä;Hallinto" for a, (_, _, first, last, _) in ACCOUNTS.items()
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def write_corpus(path: Path, passwords: list[str]) -> None:
    filler = [f"{n:032X}" for n in range(1, 30)]
    digests = sorted({*filler, *(nt_hex(password) for password in passwords)})
    path.write_text("".join(f"{d}:{i + 1}\n" for i, d in enumerate(digests)), encoding="utf-8")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("hashes")
    write_dump(folder / "dump.txt", ACCOUNTS)
    write_people(folder / "people.csv")
    write_corpus(folder / "ntlm.txt", [BREACHED])
    return folder / "dump.txt", folder / "people.csv", folder / "ntlm.txt"


@pytest.fixture(scope="module")
def report(sample: tuple[Path, Path, Path]) -> HashAuditReport:
    dump, people, corpus = sample
    options = HashAuditOptions(
        lang=Lang.EN, people=people, breach_corpus=corpus, hashes=SMALL, salt=b"fixed"
    )
    return audit_password_hashes(dump, options)


def failed(result: dict[str, object]) -> set[str]:
    findings = result["findings"]
    assert isinstance(findings, list)
    return {f["check"] for f in findings if f["outcome"] == "fail"}


def test_each_check_finds_exactly_its_accounts(report: HashAuditReport) -> None:
    by_account = {r["subject_id"].split("\\")[-1]: r for r in report.results}
    assert set(by_account) == set(ACCOUNTS)
    for account, (*_, expected) in ACCOUNTS.items():
        assert failed(by_account[account]) == expected, account
        assert by_account[account]["status"] == ("violation" if expected else "ok"), account
    # Every check ran on every account and failed exactly where expected.
    coverage = report.summary.to_dict("en")["coverage"]
    for check in R9_HASH_CHECKS:
        wanted = sum(1 for *_, expected in ACCOUNTS.values() if check in expected)
        assert coverage[check]["failed"] == wanted, check
        assert coverage[check]["ran"] == len(ACCOUNTS), check


def test_categories_name_what_the_password_is_made_of(report: HashAuditReport) -> None:
    facts = {
        r["subject_id"].split("\\")[-1]: {f["check"]: f["facts"] for f in r["findings"]}
        for r in report.results
    }
    assert facts["matti.kuusisaari"]["R9.hash-no-own-context"]["category"] == "own-last-name+year"
    assert facts["liisa.korhonen"]["R9.hash-not-common"]["category"] == "season+year"
    assert facts["pekka.nieminen"]["R9.hash-not-common"]["category"] == "common-word+digits"
    assert facts["eero.salo"]["R9.hash-not-breached"]["count"] >= 1
    shared = facts["juha.laine"]["R9.hash-not-shared"]
    assert shared["accounts"] == 2
    assert shared == facts["tuula.heikkinen"]["R9.hash-not-shared"]
    messages = {
        r["subject_id"].split("\\")[-1]: [f["message"] for f in r["findings"]]
        for r in report.results
    }
    assert messages["liisa.korhonen"] == ["The password is guessable: season + year."]
    assert "own surname + year" in messages["matti.kuusisaari"][0]


def test_categories_are_worded_in_finnish_and_swedish(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    write_dump(dump, {"liisa.korhonen": ACCOUNTS["liisa.korhonen"]})
    for lang, words in ((Lang.FI, "vuodenaika + vuosiluku"), (Lang.SV, "årstid + årtal")):
        options = HashAuditOptions(lang=lang, hashes=SMALL)
        results = audit_password_hashes(dump, options).results
        korhonen = next(r for r in results if r["subject_id"].endswith("liisa.korhonen"))
        assert any(words in f["message"] for f in korhonen["findings"])


def test_no_result_holds_a_password_or_a_hash(report: HashAuditReport) -> None:
    text = json.dumps(report.results, ensure_ascii=False) + " ".join(report.warnings)
    for password, *_ in ACCOUNTS.values():
        if password:
            assert password not in text
        assert nt_hex(password) not in text.upper()
        assert nt_hex(password)[:12] not in text.upper()


def test_fingerprints_compare_with_one_salt_only(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    write_dump(dump, {a: ACCOUNTS[a] for a in ("juha.laine", "tuula.heikkinen")})
    tiny = PasswordHashParameters(global_guess_budget=1, context_guess_budget=1)

    def group(salt: bytes | None) -> str:
        options = HashAuditOptions(hashes=tiny, salt=salt)
        results = audit_password_hashes(dump, options).results
        laine = next(r for r in results if r["subject_id"].endswith("juha.laine"))
        (finding,) = [f for f in laine["findings"] if f["check"] == "R9.hash-not-shared"]
        value = finding["facts"]["group"]
        assert isinstance(value, str)
        return value

    assert group(b"salt-a") == group(b"salt-a")
    assert group(b"salt-a") != group(b"salt-b")
    assert group(None) != group(None)  # a new key each run
    assert group(b"salt-a").upper() not in nt_hex(SHARED)


def test_without_people_only_usernames_are_tried(sample: tuple[Path, Path, Path]) -> None:
    dump, _, _ = sample
    result = audit_password_hashes(dump, HashAuditOptions(lang=Lang.EN, hashes=SMALL))
    kuusisaari = next(r for r in result.results if r["subject_id"].endswith("kuusisaari"))
    # The surname is also the username's part: still found, as the person's username.
    assert {f["facts"]["category"] for f in kuusisaari["findings"]} == {"own-username+year"}
    assert any("names are unknown" in warning for warning in result.warnings)


def test_breach_check_is_not_run_without_a_corpus(sample: tuple[Path, Path, Path]) -> None:
    dump, people, _ = sample
    result = audit_password_hashes(dump, HashAuditOptions(people=people, hashes=SMALL))
    coverage = result.summary.to_dict("en")["coverage"]["R9.hash-not-breached"]
    assert coverage["ran"] == 0 and coverage["not_run"] == len(ACCOUNTS)
    assert [gap.check for gap in result.summary.gaps()] == ["R9.hash-not-breached"]


def test_a_sha1_corpus_is_refused(sample: tuple[Path, Path, Path], tmp_path: Path) -> None:
    dump, _, _ = sample
    corpus = tmp_path / "sha1.txt"
    corpus.write_text("".join(f"{n:040X}:1\n" for n in range(1, 5)), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="NTLM"):
        audit_password_hashes(dump, HashAuditOptions(breach_corpus=corpus, hashes=SMALL))


MALFORMED = [
    ("[*] Dumping local SAM hashes", None),
    ("", None),
    ("# a comment", None),
    (f"AANEKOSKI\\ok.user:1001:{NO_LM}:{nt_hex(STRONG)}:::", "ok"),
    (f"only.user:{nt_hex('Zr8$kN3qWm5!tLb7')}", "ok"),
    (f"AANEKOSKI\\short.nt:1002:{NO_LM}:{nt_hex(STRONG)[:31]}:::", "32 hex"),
    (f"AANEKOSKI\\bad.lm:1003:XYZ:{nt_hex(STRONG)}:::", "LM hash"),
    (f"{nt_hex(STRONG)}", "expected user"),
    (f":{nt_hex(STRONG)}", "username is missing"),
    ("garbage:with:three", "expected user"),
    (f"AANEKOSKI\\ok.user:1001:{NO_LM}:{nt_hex(SHARED)}:::", "already read on line 4"),
    ("x" * 5000, "longer than"),
]


def test_malformed_dumps_are_reported_line_by_line(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text("\n".join(text for text, _ in MALFORMED) + "\n", encoding="utf-8")
    report = audit_password_hashes(dump, HashAuditOptions(lang=Lang.EN, hashes=SMALL))
    expected = {n: why for n, (_, why) in enumerate(MALFORMED, 1) if why is not None}
    assert [r["line"] for r in report.results] == sorted(expected)
    assert report.summary.records == len(expected)
    for result in report.results:
        why = expected[result["line"]]
        if why == "ok":
            assert result["status"] == "ok"
            continue
        assert result["status"] == "invalid"
        (error,) = result["errors"]
        assert error["message"].startswith(f"line {result['line']}:")
        assert why in error["message"]
    text = json.dumps(report.results)
    assert nt_hex(STRONG)[:16] not in text.upper() and nt_hex(SHARED)[:16] not in text.upper()
    assert report.summary.statuses["invalid"] == len(expected) - 2


def test_tabular_dumps_use_the_audit_columns(tmp_path: Path) -> None:
    csv_dump = tmp_path / "dump.csv"
    csv_dump.write_text(
        "Käyttäjätunnus;Etunimi;Sukunimi;NTLM;Rooli\n"
        f"matti.kuusisaari;Matti;Kuusisaari;{nt_hex('Kuusisaari2026')};työntekijä\n"
        f"sami.koskinen;Sami;Koskinen;{nt_hex(STRONG)};työntekijä\n"
        "rikki;Rikki;Rivi;not-hex;työntekijä\n"
        "ei.hashia;Ei;Hashia;;työntekijä\n",
        encoding="utf-8",
    )
    report = audit_password_hashes(csv_dump, HashAuditOptions(lang=Lang.EN, hashes=SMALL))
    statuses = [(r["subject_id"], r["status"]) for r in report.results]
    assert statuses == [
        ("matti.kuusisaari", "violation"),
        ("sami.koskinen", "ok"),
        ("rikki", "invalid"),
        ("ei.hashia", "invalid"),
    ]
    assert report.results[0]["findings"][0]["facts"]["category"] == "own-last-name+year"
    jsonl = tmp_path / "dump.jsonl"
    jsonl.write_text(
        json.dumps({"username": "a.b", "first_name": "Liisa", "nt_hash": nt_hex("Liisa2020")})
        + "\n",
        encoding="utf-8",
    )
    (result,) = audit_password_hashes(jsonl, HashAuditOptions(hashes=SMALL)).results
    assert result["findings"][0]["facts"]["category"] == "own-first-name+year"


def test_a_csv_dump_without_an_nt_hash_column_stops_with_its_name(tmp_path: Path) -> None:
    dump = tmp_path / "dump.csv"
    dump.write_text("username;password\nmatti;x\n", encoding="utf-8")
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = main(["audit-hashes", str(dump), "--lang", "en"])
    assert status == 2
    assert "nt_hash" in err.getvalue() and str(dump) in err.getvalue()
    assert "Traceback" not in err.getvalue()


def small_policy(folder: Path) -> Path:
    """The shipped policy with the small candidate budgets, for command-line runs."""
    text = resources.files("aanekoski_somepolicy").joinpath("data/policy.toml").read_text("utf-8")
    text = re.sub(r"(?m)^global_guess_budget = .*$", "global_guess_budget = 200", text)
    text = re.sub(r"(?m)^context_guess_budget = .*$", "context_guess_budget = 200", text)
    path = folder / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_command_statuses_and_report_formats(
    sample: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    dump, people, corpus = sample
    policy = small_policy(tmp_path)
    base = ["--policy", str(policy), "audit-hashes", str(dump), "--people", str(people)]
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        status = main([*base, "--breach-corpus", str(corpus), "--format", "json", "--workers", "2"])
    assert status == 1
    data = json.loads(out.getvalue())
    assert data["summary"]["statuses"]["violation"] == sum(1 for *_, e in ACCOUNTS.values() if e)
    html = tmp_path / "r.html"
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        status = main(
            [*base, "--fail-on", "never", "--format", "sarif", "--report", f"html:{html}"]
        )
    assert status == 0
    assert "R9.hash-not-shared" in html.read_text(encoding="utf-8")
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = main(["audit-hashes", str(tmp_path / "missing.txt")])
    assert status == 2 and "missing.txt" in err.getvalue() and "Traceback" not in err.getvalue()


# -- the candidate generator ---------------------------------------------------------------

GRAMMAR = AffixGrammar()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    word=st.sampled_from(["kesä", "talvi", "salasana", "äänekoski", "kissa"]),
    year=st.integers(GRAMMAR.years_from, GRAMMAR.years_to),
    case=st.sampled_from([str.lower, str.capitalize, str.upper]),
    symbol=st.sampled_from(["", "!", "?", "."]),
)
def test_word_year_symbol_is_generated_and_named(
    word: str, year: int, case: object, symbol: str
) -> None:
    assert callable(case)
    password = f"{case(word)}{year}{symbol}"
    target = nt_digest(password)
    found, hashed = match_seeds(
        [Seed(word, 1, "season")], frozenset({target}), budget=1e4, grammar=GRAMMAR
    )
    assert hashed > 0
    kind = "year-symbols" if symbol else "year"
    assert [(digest, category) for digest, _, category, _ in found] == [(target, f"season+{kind}")]


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=12, max_size=20)
)
def test_random_strings_are_not_candidates(password: str) -> None:
    seeds = [Seed("kesä", 1, "season"), *context_seeds("Matti", "Virtanen", "mv", min_length=3)]
    found, _ = match_seeds(seeds, frozenset({nt_digest(password)}), budget=500, grammar=GRAMMAR)
    assert found == []


@given(st.text(max_size=12))
def test_affix_kind_is_always_one_of_the_kinds(affix: str) -> None:
    from aanekoski_somepolicy._passwords.candidates import AFFIX_KINDS

    assert affix_kind(affix) in AFFIX_KINDS


@given(st.text(max_size=300))
def test_any_line_parses_or_is_reported_without_its_hashes(text: str) -> None:
    entry = parse_line(text, 7)
    if entry is None or not hasattr(entry, "message"):
        return
    message = str(entry.message)
    assert message.startswith("line 7:")
    for run in re.findall(r"[0-9A-Fa-f]{16,}", text):
        assert run not in message and run not in getattr(entry, "account", "")


def test_the_empty_hash_is_the_empty_password() -> None:
    assert nt_digest("") == EMPTY_NT
    assert nt_hex("password") == "8846F7EAEE8FB117AD06BDD830B7586C"


def test_a_dump_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aanekoski_somepolicy._audit.hashes import dump as dump_module
    from aanekoski_somepolicy._audit.readers import UnreadableInputError

    dump = tmp_path / "dump.txt"
    dump.write_text(f"a:{nt_hex(STRONG)}\n" * 10, encoding="utf-8")
    monkeypatch.setattr(dump_module, "MAX_DUMP_BYTES", 100)
    with pytest.raises(UnreadableInputError, match="larger than"):
        audit_password_hashes(dump, HashAuditOptions(hashes=SMALL))


def test_line_numbers_count_line_feeds_only(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    # A form feed or a Unicode line separator inside a line does not start a new line.
    dump.write_text(f"a\x0cb:{nt_hex(STRONG)}\r\nbroken\u2028line\n", encoding="utf-8")
    results = audit_password_hashes(dump, HashAuditOptions(hashes=SMALL)).results
    assert [(r["line"], r["status"]) for r in results] == [(1, "ok"), (2, "invalid")]


def test_own_names_joined_are_priced_as_the_reading_prices_them() -> None:
    seeds = context_seeds("Matti", "Virtanen", None, min_length=3)
    ranks = {seed.word: seed.rank for seed in seeds}
    # Two names joined: 2! orderings; an initial and a name: 26 x 2!.
    assert ranks == {
        "matti": 1,
        "virtanen": 1,
        "mattivirtanen": 2,
        "virtanenmatti": 2,
        "mvirtanen": 52,
        "mattiv": 52,
    }
    cheap, dear = nt_digest("Mvirtanen1975"), nt_digest("Mvirtanen1975!")
    found, _ = match_seeds(seeds, frozenset({cheap, dear}), budget=1e4, grammar=GRAMMAR)
    # 52 x 150 is within the budget; 52 x 9,900 is not.
    assert [(digest, category) for digest, _, category, _ in found] == [(cheap, "own-name+year")]


def test_scope_follows_the_role_in_the_people_file(tmp_path: Path) -> None:
    dump, people = tmp_path / "dump.txt", tmp_path / "people.csv"
    dump.write_text(f"AANEKOSKI\\v.valtuutettu:1001:{NO_LM}:{nt_hex('')}:::\n", encoding="utf-8")
    people.write_text(
        "Käyttäjätunnus;Etunimi;Sukunimi;Rooli\nV.Valtuutettu;Veli;Valtuutettu;luottamushenkilö\n",
        encoding="utf-8",
    )
    tiny = PasswordHashParameters(global_guess_budget=1, context_guess_budget=1)
    options = HashAuditOptions(lang=Lang.EN, people=people, hashes=tiny)
    (result,) = audit_password_hashes(dump, options).results
    # Elected officials are outside the staff guideline: an empty password is not its finding.
    assert result["status"] == "out-of-scope"
    assert failed(result) == set()


def test_a_utf16_dump_with_crlf_as_powershell_writes_it(tmp_path: Path) -> None:
    # PowerShell 5's Out-File writes UTF-16LE with a byte-order mark and CRLF line ends.
    dump = tmp_path / "dump.txt"
    text = f"käyttäjä.ääkköset:{nt_hex('')}\r\nrikki\r\nb:{nt_hex(STRONG)}\r\n"
    dump.write_text(text, encoding="utf-16")
    tiny = PasswordHashParameters(global_guess_budget=1, context_guess_budget=1)
    results = audit_password_hashes(dump, HashAuditOptions(hashes=tiny)).results
    assert [(r["line"], r["subject_id"], r["status"]) for r in results] == [
        (1, "käyttäjä.ääkköset", "violation"),
        (2, "", "invalid"),
        (3, "b", "ok"),
    ]


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_hashing_workers(
    sample: tuple[Path, Path, Path], tmp_path: Path, signum: int, status: int
) -> None:
    dump, people, _ = sample
    report = tmp_path / "report.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aanekoski_somepolicy",
            "audit-hashes",
            str(dump),
            "--people",
            str(people),
            "--output",
            str(report),
            "--workers",
            "2",
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler),
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[str] = []
        # The default budgets keep the workers hashing for many seconds.
        while time.monotonic() < deadline and len(workers) < 2:
            assert process.poll() is None, process.communicate()
            path = Path(f"/proc/{process.pid}/task/{process.pid}/children")
            workers = path.read_text(encoding="ascii").split() if path.exists() else []
            time.sleep(0.1)
        assert len(workers) >= 2
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == status
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and len(text.strip().splitlines()) == 1
    assert not report.exists()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_progress_counts_candidates_in_the_report_language(
    sample: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    dump, people, _ = sample
    policy = small_policy(tmp_path)
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = main(
            [
                "--policy",
                str(policy),
                "audit-hashes",
                str(dump),
                "--people",
                str(people),
                "--progress",
                "--lang",
                "sv",
                "--workers",
                "1",
            ]
        )
    assert status == 1
    shown = err.getvalue()
    assert "vanliga kandidater" in shown and "egna kandidater" in shown
    assert "common candidates" not in shown
