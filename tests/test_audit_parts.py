"""Workers read their own parts of a delimited export (issue 8, speed).

The parent notes in its first pass where every ``size``-th record ends; each worker reads its
part from there. The parts must hold exactly the records one full read yields, in every
encoding, delimiter and line ending, across quoted line breaks and damaged lines, and the
audit must give the same results as when the parent reads and sends every record.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.plan import PartPlan
from aanekoski_somepolicy._audit.readers import RecordSource, UnreadableInputError
from aanekoski_somepolicy._audit.run import Audit, AuditOptions, audit_records

from .conftest import TODAY
from .test_export_shapes import SHAPES

HEADER = "person_id;first_name;last_name;role;service;purpose;username;email;password;mfa"


def _whole(record: Any) -> tuple[object, ...]:
    return (
        record.line,
        record.end_line,
        record.fields,
        record.error,
        record.problems,
        record.blank,
    )


def parts_and_whole(path: Path, size: int) -> tuple[list[tuple[object, ...]], list[Any]]:
    """The records of one full read, and those of the parts planned during it."""
    source = RecordSource(path)
    assert source.splittable
    plan = PartPlan(source, size)
    whole = []
    for record in source.records():
        whole.append(_whole(record))
        plan.note(len(whole))
    parted = [_whole(record) for part in plan.parts(len(whole)) for record in part.records()]
    return whole, parted


def test_parts_of_every_delimited_shape_hold_its_records(tmp_path: Path) -> None:
    shapes = [
        path
        for path in SHAPES.write_shapes(tmp_path)
        if path.suffix not in (".xlsx", ".json", ".jsonl")
    ]
    assert any("utf-16" in path.name for path in shapes)
    for path in shapes:
        for size in (1, 2, 3, 1024):
            whole, parted = parts_and_whole(path, size)
            assert parted == whole, (path.name, size)


_CELLS = st.sampled_from(
    ["h1", "Matti", "vapaa-aika", "työ", "Ääkkönen", '"a;b"', '"two\nlines"', '"x""y"', "", " "]
)
_LINES = st.one_of(
    st.lists(_CELLS, min_size=10, max_size=10).map(";".join),
    st.lists(_CELLS, min_size=1, max_size=12).map(";".join),  # wrong field counts
    st.sampled_from(["", ";;;;;;;;;", '"unclosed;quote', "bad\x00nul;x", "\udcff"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lines=st.lists(_LINES, max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    ending=st.sampled_from(["\n", "\r\n"]),
    size=st.integers(min_value=1, max_value=4),
)
def test_parts_hold_the_records_of_a_full_read(
    tmp_path: Path, lines: list[str], encoding: str, ending: str, size: int
) -> None:
    text = ending.join([HEADER, *lines]) + ending
    data = text.encode(encoding, "surrogateescape" if encoding != "utf-16" else "surrogatepass")
    if encoding == "cp1252":
        data = codecs.encode(text, encoding, "replace")
    path = tmp_path / "parts.csv"
    path.write_bytes(data)
    whole, parted = parts_and_whole(path, size)
    assert parted == whole


@pytest.mark.parametrize("workers", [1, 2])
def test_parts_give_the_results_the_parent_reading_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    shapes = [path for path in SHAPES.write_shapes(tmp_path) if path.suffix == ".csv"][:6]
    for path in shapes:
        options = AuditOptions(on=TODAY, workers=workers, batch_size=2)
        parted = list(audit_records(RecordSource(path), options))
        with monkeypatch.context() as patch:
            patch.setattr(RecordSource, "splittable", property(lambda self: False))
            whole = list(audit_records(RecordSource(path), options))
        assert parted == whole, path.name


@pytest.mark.parametrize("encoding", ["utf-7", "iso2022_jp", "utf-16-be", "utf-32", "gb18030"])
def test_parts_resume_stateful_and_multibyte_encodings(tmp_path: Path, encoding: str) -> None:
    """A forced encoding whose decoder keeps state between lines resumes where a part starts."""
    rows = [f"h{n};Äijä{n};Mäki;työntekijä;X;vapaa-aika;u{n};a{n}@b.fi;;ei" for n in range(7)]
    rows += ['h9;"two\nlines";x;y;X;työ;u;e;;', "", "h10;日本;x;y;X;työ;u;e;;"]
    path = tmp_path / "forced.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding, "replace"))
    for size in (1, 2, 3):
        source = RecordSource(path, encoding=encoding)
        plan = PartPlan(source, size)
        whole = []
        for record in source.records():
            whole.append(_whole(record))
            plan.note(len(whole))
        parted = [_whole(record) for part in plan.parts(len(whole)) for record in part.records()]
        assert parted == whole and len(whole) == 10


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_shrinks_between_the_readings_is_an_error(tmp_path: Path, workers: int) -> None:
    """Parts read after pass 1 must hold what it counted; a changed file is named, not audited."""
    path = tmp_path / "changing.csv"
    rows = [f"h{n};A;B;työntekijä;X;vapaa-aika;u{n};a{n}@b.fi;;ei" for n in range(6)]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    with Audit(RecordSource(path), AuditOptions(on=TODAY, workers=workers, batch_size=2)) as audit:
        audit.prepare()
        path.write_text("\n".join([HEADER, *rows[:3]]) + "\n", encoding="utf-8")
        with pytest.raises(UnreadableInputError, match="6 records on the first reading, 3"):
            for _ in audit.results():
                pass
