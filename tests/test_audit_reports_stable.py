"""Audit reports stay byte-identical: the shipped sample and every export shape.

The audit's speed work (a lean evaluation that words only reported findings, an e-mail fast
path, cheaper result dicts) must not change a single byte of any report. The expected files
in ``tests/data/reports/`` were written by the audit before that work; a deliberate change to
a report regenerates them with ``SOMEPOLICY_REGENERATE_REPORTS=1 pytest tests/test_audit_reports_stable.py``
(review the diff before committing it).
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from aanekoski_somepolicy._cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "reports"
REGENERATE = os.environ.get("SOMEPOLICY_REGENERATE_REPORTS") == "1"
_WRITTEN_AT = re.compile(
    b"^(Raportti kirjoitettu|Report written|Rapporten skriven): .*$", re.MULTILINE
)
ON = ["--on", "2026-11-24", "--fail-on", "never", "--no-progress"]

# (expected file, report options); the sample is audited with each.
SAMPLE_CASES = [
    ("sample.fi.json", ["--format", "json"]),
    ("sample.fi.jsonl", ["--format", "jsonl"]),
    ("sample.en.jsonl", ["--format", "jsonl", "--lang", "en"]),
    ("sample.sv.jsonl", ["--format", "jsonl", "--lang", "sv"]),
    ("sample.fi.csv", ["--format", "csv"]),
    ("sample.excel-fi.csv", ["--format", "csv", "--csv-dialect", "excel-fi"]),
    ("sample.fi.md", ["--format", "markdown"]),
    ("sample.en.txt", ["--format", "table", "--lang", "en"]),
    ("sample.all.fi.jsonl", ["--format", "jsonl", "--all-findings"]),
    ("sample.all.sv.jsonl", ["--format", "jsonl", "--all-findings", "--lang", "sv"]),
    ("sample.unknown-invalid.jsonl", ["--format", "jsonl", "--unknown-role", "invalid"]),
    ("sample.breach.en.jsonl", ["--format", "jsonl", "--lang", "en", "--breach-corpus", "pwned"]),
]


def _shapes_script() -> ModuleType:
    path = ROOT / "scripts" / "make_export_shapes.py"
    spec = importlib.util.spec_from_file_location("make_export_shapes_reports", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _report(
    folder: Path, input_name: str, options: list[str], workers: int, tmp_path: Path
) -> bytes:
    """The report file ``somepolicy audit`` writes, run from ``folder`` (relative names)."""
    out = tmp_path / f"report-{workers}.out"
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        code = main(
            ["audit", input_name, *options, *ON, "--workers", str(workers), "--output", str(out)]
        )
    finally:
        os.chdir(cwd)
    assert code == 0
    # The table's header says when the report was written; that is the one moving part.
    return _WRITTEN_AT.sub(rb"\1: <time>", out.read_bytes())


def _compare(name: str, report: bytes) -> None:
    path = EXPECTED / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(report)
    assert report == path.read_bytes(), f"the report {name} changed"


@pytest.fixture()
def sample_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "registrations.csv").write_bytes(
        (ROOT / "examples" / "registrations.csv").read_bytes()
    )
    (folder / "pwned").write_bytes((ROOT / "examples" / "pwned-sample.txt").read_bytes())
    return folder


@pytest.mark.parametrize(("name", "options"), SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES])
def test_the_sample_report_is_unchanged(
    name: str, options: list[str], sample_folder: Path, tmp_path: Path
) -> None:
    _compare(name, _report(sample_folder, "registrations.csv", options, 1, tmp_path))


@pytest.mark.parametrize(
    "options", [["--format", "jsonl"], ["--format", "jsonl", "--all-findings"]]
)
def test_two_workers_write_the_same_bytes_as_one(
    options: list[str], sample_folder: Path, tmp_path: Path
) -> None:
    one = _report(sample_folder, "registrations.csv", options, 1, tmp_path)
    two = _report(sample_folder, "registrations.csv", options, 2, tmp_path)
    assert one == two


def test_every_export_shape_report_is_unchanged(tmp_path: Path) -> None:
    # Every shape holds the same records, so all share one expected body (results and
    # summary); their header lines (encoding, delimiter, columns) are kept one per shape.
    folder = tmp_path / "shapes"
    written = _shapes_script().write_shapes(folder)
    assert len(written) > 10
    headers = []
    for path in written:
        for lang, options in (("fi", []), ("en", ["--lang", "en"]), ("all.fi", ["--all-findings"])):
            report = _report(folder, path.name, ["--format", "jsonl", *options], 1, tmp_path)
            header, body = report.split(b"\n", 1)
            if lang == "fi":
                headers.append(header + b"\n")
            _compare(f"shapes.body.{lang}.jsonl", body)
    _compare("shapes.headers.fi.jsonl", b"".join(headers))
