"""JSON and JSON Lines reports, written as results stream in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from ..run import AuditSummary, Result
from ._base import ReportWriter

__all__ = ["JsonWriter", "JsonlWriter"]


# json.dumps builds an encoder per call when given options; one encoder serves every line.
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_dumps = _ENCODER.encode
# Even one JSONEncoder builds its C encoder again on every encode(); result lines use one
# built once (the same bytes). Results are trees of fresh dicts and lists, never circular,
# so the circular-reference check is left out. Without the C accelerator: encode().
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_CHUNKS: Callable[[Any, int], Iterable[str]] | None = (
    None
    if _C_ENCODER is None
    else _C_ENCODER(
        None, _ENCODER.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
)


def _encode_result(result: Result) -> str:
    return _dumps(result) if _CHUNKS is None else "".join(_CHUNKS(result, 0))


_RESULT_START = '{"record": "result", '


class JsonWriter(ReportWriter):
    """One JSON object: header keys (``not_checked`` first), ``results``, then the summary."""

    def start(self, header: dict[str, Any]) -> None:
        """Write the header keys and open the results array."""
        super().start(header)
        self.out.write("{\n")
        self.out.write(f'  "not_checked": {_dumps(header.get("not_checked", []))},\n')
        for key, value in header.items():
            if key != "not_checked":
                self.out.write(f"  {_dumps(key)}: {_dumps(value)},\n")
        self.out.write('  "results": [')
        self._first = True

    def write(self, result: Result) -> None:
        """Write one result into the array."""
        self.out.write(("\n    " if self._first else ",\n    ") + _encode_result(result))
        self._first = False

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Close the array; write the warnings and the summary."""
        self.out.write("\n  ],\n" if not self._first else "],\n")
        self.out.write(f'  "warnings": {_dumps(warnings + self.late_gaps(summary))},\n')
        self.out.write(f'  "summary": {_dumps(summary.to_dict(self.lang))}\n}}\n')


class JsonlWriter(ReportWriter):
    """One JSON object a line: a ``header``, one ``result`` per record, a ``summary``."""

    def start(self, header: dict[str, Any]) -> None:
        """Write the header line (its ``not_checked`` is the headline)."""
        super().start(header)
        self.out.write(_dumps({"record": "header", **header}) + "\n")

    def write(self, result: Result) -> None:
        """Write one result line."""
        # The same bytes as dumping {"record": "result", **result}, without copying the dict.
        self.out.write(_RESULT_START + _encode_result(result)[1:] + "\n")

    def finish(self, summary: AuditSummary, warnings: list[str]) -> None:
        """Write the summary line, with the warnings."""
        line = {
            "record": "summary",
            "warnings": warnings + self.late_gaps(summary),
            **summary.to_dict(self.lang),
        }
        self.out.write(_dumps(line) + "\n")
