"""Real export shapes audit to the canonical results (issue 8, "Done when").

``scripts/make_export_shapes.py`` writes one canonical export with Finnish, Swedish and
English headers, in every supported encoding and delimiter, as Excel and as JSON arrays;
each shape must give exactly the canonical file's results.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.readers import RecordSource
from aanekoski_somepolicy._audit.run import AuditOptions, audit_records

from .conftest import TODAY, load_script

ROOT = Path(__file__).resolve().parents[1]


SHAPES = load_script("make_export_shapes")
CANONICAL: Path = SHAPES.CANONICAL


def audit(path: Path) -> list[dict[str, Any]]:
    return list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1)))


def records(path: Path) -> list[tuple[int, int, object, object, bool]]:
    return [(r.line, r.end_line, r.fields, r.error, r.blank) for r in RecordSource(path).records()]


@pytest.fixture(scope="module")
def expected() -> list[dict[str, Any]]:
    results = audit(CANONICAL)
    # The canonical export exercises every status the shapes must agree on.
    assert {r["status"] for r in results} == {"ok", "violation", "invalid", "out-of-scope"}
    return results


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return list(SHAPES.write_shapes(tmp_path_factory.mktemp("shapes")))


def test_the_corpus_covers_every_shape(shapes: list[Path]) -> None:
    names = " ".join(path.name for path in shapes)
    for part in ("fi-", "sv-", "en-", "cp1252", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom"):
        assert part in names
    for part in ("semicolon", "comma", "tab", "bar", "crlf", "unicode-text", ".xlsx", ".json"):
        assert part in names


def test_every_shape_audits_to_the_canonical_results(
    shapes: list[Path], expected: list[dict[str, Any]]
) -> None:
    for path in shapes:
        assert audit(path) == expected, path.name


@pytest.mark.parametrize(
    ("name", "encoding", "how"),
    [
        ("fi-cp1252-semicolon.csv", "Windows-1252", "detected by charset-normalizer"),
        ("sv-cp1252-comma-crlf.csv", "Windows-1252", "detected by charset-normalizer"),
        ("fi-utf-16-le-bom-tab.csv", "UTF-16LE", "byte-order mark"),
        ("sv-utf-16-be-bom-semicolon.csv", "UTF-16BE", "byte-order mark"),
        ("en-utf-8-sig-bar-crlf.csv", "UTF-8", "byte-order mark"),
        ("en-utf-8-tab.csv", "UTF-8", "valid UTF-8"),
    ],
)
def test_the_encoding_is_named_with_how_it_was_chosen(
    shapes: list[Path], name: str, encoding: str, how: str
) -> None:
    [path] = [p for p in shapes if p.name == name]
    described = RecordSource(path).description()
    assert (described["encoding"], described["encoding_source"]) == (encoding, how)


def test_excel_ids_are_read_without_a_decimal_part(shapes: list[Path]) -> None:
    [path] = [p for p in shapes if p.name == "fi.xlsx"]
    first = next(iter(RecordSource(path).records()))
    assert first.fields is not None and first.fields["person_id"] == "10234"
    assert RecordSource(path).description()["sheet"] == "Rekisteröinnit"


_SPELLINGS = {
    column: [name for lang in SHAPES.HEADERS.values() for c, name in lang.items() if c == column]
    for column in SHAPES.HEADERS["en"]
}


def _respell(name: str, rng: random.Random) -> str:
    """Change case, spacing and punctuation the way exports vary them."""
    chars = [c.upper() if rng.random() < 0.3 else c.lower() for c in name]
    text = "".join(chars)
    if rng.random() < 0.3:
        text = text.replace(" ", rng.choice(["_", "-", "  ", "."]))
    return rng.choice(["", " "]) + text + rng.choice(["", " ", ":"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1252"]),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    crlf=st.booleans(),
)
def test_random_spelling_encoding_and_delimiter_read_the_same_records(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    encoding: str,
    delimiter: str,
    crlf: bool,
) -> None:
    rng = random.Random(seed)
    export = SHAPES.read_canonical()
    headers = [_respell(rng.choice(_SPELLINGS[column]), rng) for column in export.columns]
    text = SHAPES.delimited(export, headers, delimiter, crlf=crlf)
    path = tmp_path_factory.mktemp("random") / "export.csv"
    path.write_bytes(SHAPES.encode(text, encoding))
    assert records(path) == records(CANONICAL)


def test_the_canonical_file_is_what_the_script_reads() -> None:
    rows = list(csv.reader(io.StringIO(CANONICAL.read_text("utf-8"))))
    assert rows[0] == list(SHAPES.read_canonical().columns)
