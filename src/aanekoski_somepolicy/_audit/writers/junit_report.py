"""The JUnit XML report, for CI systems that show test results.

Each record is a test case of one test suite: a record with a violation fails (its failing
findings and remedies are the failure's text), an invalid record is an error, a record out
of the guideline's scope or blank is skipped, and warnings are written to the case's output
without failing it. The suite's counts stand in its opening tag, so cases are spooled to a
temporary file as they stream in and copied after the counts; results carry no password,
so neither the file nor the report holds one.
"""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any, TextIO

from ..run import AuditSummary, Result
from ._base import ReportWriter, errors_text, severity_label, status_label, who
from ._words import word

__all__ = ["JunitWriter"]

_SPOOL_BYTES = 4 * 1024 * 1024


def _xml(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode")


class JunitWriter(ReportWriter):
    """A ``<testsuites>`` document with one ``<testsuite>`` of one case per record."""

    def __init__(self, out: TextIO, lang: str) -> None:
        super().__init__(out, lang)
        # Open from the first case to the end of the report; a failed run drops it unread.
        self.cases = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8", prefix="somepolicy-junit-"
        )
        self.counts: Counter[str] = Counter()
        self.name = "somepolicy"

    def start(self, header: dict[str, Any]) -> None:
        """Keep the input's name for the suite."""
        super().start(header)
        policy = header.get("policy", {})
        path = header.get("input", {}).get("path", "")
        self.name = f"somepolicy {policy.get('id', '')} {policy.get('version', '')}: {path}"

    def write(self, result: Result) -> None:
        """Spool the record's test case."""
        status = result["status"]
        shown = " ".join(str(cell) for cell in who(result, self.lang) if cell)
        case = ET.Element(
            "testcase",
            {
                "classname": str(result.get("unit") or "somepolicy"),
                "name": f"{word('line', self.lang)} {result['line']}: {shown}".strip(),
            },
        )
        joined = self.joined(result)
        if joined:
            properties = ET.SubElement(case, "properties")
            match = result["directory"]["match"]
            ET.SubElement(properties, "property", {"name": "directory.match", "value": match})
            ET.SubElement(properties, "property", {"name": "directory.joined", "value": joined})
        failing = [f for f in result["findings"] if f["outcome"] == "fail"]
        lines = [
            f"{f['check']} ({severity_label(f['severity'], self.lang)}): {f['message']}"
            + (f"\n  {f['remedy']}" if f.get("remedy") else "")
            for f in failing
        ]
        self.counts["tests"] += 1
        if status == "invalid":
            self.counts["errors"] += 1
            message = errors_text(result)
            ET.SubElement(case, "error", {"message": message, "type": "invalid"}).text = message
        elif status in ("out-of-scope", "blank"):
            self.counts["skipped"] += 1
            message = (
                result["scope"]["message"]
                if status == "out-of-scope"
                else status_label(status, self.lang)
            )
            ET.SubElement(case, "skipped", {"message": message})
        elif any(f["severity"] == "violation" for f in failing):
            self.counts["failures"] += 1
            first = next(f for f in failing if f["severity"] == "violation")
            ET.SubElement(
                case, "failure", {"message": first["message"], "type": first["check"]}
            ).text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
        self.cases.write(_xml(case) + "\n")

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write the suite with its counts, the spooled cases and the notices."""
        attributes = {
            "name": self.name,
            "tests": str(self.counts["tests"]),
            "failures": str(self.counts["failures"]),
            "errors": str(self.counts["errors"]),
            "skipped": str(self.counts["skipped"]),
        }
        opening = _xml(ET.Element("testsuite", attributes)).removesuffix(" />")
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(
            _xml(
                ET.Element("testsuites", {k: v for k, v in attributes.items() if k != "skipped"})
            ).removesuffix(" />")
            + ">\n"
        )
        self.out.write(opening + ">\n")
        notices = [*self.headline, *self.late_gaps(summary), *warnings]
        if notices:
            properties = ET.Element("properties")
            for number, message in enumerate(notices, 1):
                ET.SubElement(
                    properties, "property", {"name": f"notice.{number}", "value": message}
                )
            self.out.write(_xml(properties) + "\n")
        self.cases.seek(0)
        shutil.copyfileobj(self.cases, self.out)
        self.cases.close()
        self.out.write("</testsuite>\n</testsuites>\n")
