"""The HTML report of the shipped sample, opened in a real browser (headless Chromium).

Skipped only where Chromium is absent; CI installs Debian's ``chromium``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import TODAY, load_script, run

ROOT = Path(__file__).resolve().parents[1]


RENDER = load_script("render_report")

pytestmark = pytest.mark.skipif(
    RENDER.chromium() is None,
    reason="Chromium is not installed (apt-get install -y chromium); .ci/run installs it",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("browser")
    page, report = folder / "audit.html", folder / "audit.json"
    code, _, stderr = run(
        "audit",
        str(RENDER.SAMPLE),
        "--breach-corpus",
        str(RENDER.CORPUS),
        "--on",
        TODAY.isoformat(),
        "--workers",
        "1",
        "--lang",
        "en",
        "--report",
        f"html:{page}",
        "--report",
        f"json:{report}",
    )
    assert code == 1, stderr
    return RENDER.dump_dom(page), json.loads(report.read_text(encoding="utf-8")), page


def test_the_charts_drew_marks(rendered: tuple[str, dict[str, Any], Path]) -> None:
    dom, report, _ = rendered
    charts = re.findall(r"<figure class=\"chart\">(.*?)</figure>", dom, re.S)
    assert len(charts) == 4
    summary = report["summary"]
    for svg in charts:
        assert svg.lstrip().startswith("<svg")
        # Each bar is a path inside Vega's group of rectangle marks.
        marks = re.search(r'<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)</g>', svg, re.S)
        assert marks is not None
        assert marks.group(1).count("<path") >= 1
    by_check = charts[1]
    bars = re.search(r'<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)</g>', by_check, re.S)
    assert bars is not None
    assert bars.group(1).count("<path") == len(summary["by_check"])


def test_the_page_counts_match_the_json_report(
    rendered: tuple[str, dict[str, Any], Path],
) -> None:
    dom, report, _ = rendered
    summary = report["summary"]
    shown = dict(re.findall(r'data-count="([a-z-]+)">(\d+)<', dom))
    assert shown["records"] == str(summary["records"])
    for status, count in summary["statuses"].items():
        assert shown[status] == str(count)
    per_check = dict(re.findall(r'data-check-count="([^"]+)">(\d+)<', dom))
    assert per_check == {check: str(n) for check, n in summary["by_check"].items()}
    failures = sum(summary["by_check"].values())
    assert f'<span id="finding-count">{failures}</span>' in dom


def test_the_script_ran_and_counts_the_rows(
    rendered: tuple[str, dict[str, Any], Path],
) -> None:
    dom, report, _ = rendered
    summary = report["summary"]
    assert re.search(r'<html lang="en" class="js">', dom)
    rows = re.search(r'<table id="findings-table">.*?<tbody>(.*?)</tbody>', dom, re.S)
    assert rows is not None
    count = rows.group(1).count("<tr ")
    statuses = summary["statuses"]
    assert (
        count == sum(summary["by_check"].values()) + statuses["invalid"] + statuses["out-of-scope"]
    )
    assert f'<span id="shown">{count} / {count}</span>' in dom


def test_a_screenshot_is_taken(rendered: tuple[str, dict[str, Any], Path], tmp_path: Path) -> None:
    _, _, page = rendered
    png = tmp_path / "audit.png"
    RENDER.screenshot(page, png, height=900)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a drawn page, not a blank one
