"""Render the HTML report of the shipped sample in headless Chromium.

Writes the report, the page as Chromium built it (``--dump-dom``, after its script ran) and a
screenshot. ``tests/test_report_browser.py`` asserts on the page; run this script to refresh
the screenshots in ``docs/img/``:

    .venv/bin/python scripts/render_report.py            # docs/img/audit-report*.png
    .venv/bin/python scripts/render_report.py --out DIR  # elsewhere

Chromium comes from Debian (``apt-get install -y chromium``); nothing is downloaded, and the
page is opened from a file with the network features that phone home turned off.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "registrations.csv"
CORPUS = ROOT / "examples" / "pwned-sample.txt"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium() -> str | None:
    """The Chromium executable, or None where none is installed."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _browse(page: Path, *extra: str) -> str:
    binary = chromium()
    if binary is None:
        raise RuntimeError("Chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="somepolicy-chromium-") as profile:
        done = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def dump_dom(page: Path) -> str:
    """The page's DOM after load and script, as Chromium serialises it."""
    return _browse(page, "--dump-dom")


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2000) -> None:
    """A PNG of the page's top ``height`` pixels."""
    _browse(page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}")
    if not png.is_file():
        raise RuntimeError(f"Chromium wrote no screenshot to {png}")


def write_report(folder: Path, lang: str = "en", fmt: str = "html") -> Path:
    """The sample's report in ``fmt`` (and ``lang``) in ``folder``."""
    from aanekoski_somepolicy._cli.main import main

    report = folder / f"audit-{lang}.{fmt}"
    main(
        [
            "audit",
            str(SAMPLE.relative_to(ROOT)) if Path.cwd() == ROOT else str(SAMPLE),
            "--breach-corpus",
            str(CORPUS),
            "--lang",
            lang,
            "--format",
            fmt,
            "--output",
            str(report),
            "--workers",
            "1",
        ]
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        # The whole English page (the sample's table ends near 3,900 pixels); the Finnish top.
        for lang, name, height in (
            ("en", "audit-report.png", 3900),
            ("fi", "audit-report-fi.png", 2000),
        ):
            page = write_report(Path(folder), lang)
            screenshot(page, args.out / name, height=height)
            print(args.out / name)


if __name__ == "__main__":
    main()
