"""Pass 1 of the audit reads a few columns of every record, without building records (issue 8).

A plain line (no quote, no stray carriage return) is split at its delimiters instead of going
through the CSV reader; pass 1 reads only the columns it needs. Each shortcut must give
exactly what the full reading gives: the cells, the records, the values, the part positions
and the identity index.
"""

from __future__ import annotations

import codecs
import csv
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.identities import WorkIdentityStore
from aanekoski_somepolicy._audit.plan import PartPlan
from aanekoski_somepolicy._audit.readers import RecordSource, delimited
from aanekoski_somepolicy._audit.run import _IDENTITY_COLUMNS, Audit, AuditOptions, _collect

from .conftest import TODAY
from .test_export_shapes import SHAPES

HEADER = "person_id;purpose;username;email;service;work_usernames"
_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(
    body=st.text(alphabet=st.sampled_from(list(';,\t|" \r\x00\u2028aäX')), max_size=12),
    ending=st.sampled_from(["", "\n", "\r\n", "\r"]),
    delimiter=st.sampled_from(delimited.DELIMITERS),
)
def test_a_split_line_has_the_cells_the_csv_reader_gives(
    body: str, ending: str, delimiter: str
) -> None:
    line = body + ending  # as TextLines yields it: at most one line feed, at the end
    cells = delimited._cells(line, delimiter)
    if cells is not None:
        assert cells == next(csv.reader([line], delimiter=delimiter, strict=True))


def test_plain_lines_are_split_and_others_are_not() -> None:
    assert delimited._cells("a;b c;\r\n", ";") == ["a", "b c", ""]
    assert delimited._cells("a;b", ";") == ["a", "b"]
    for line in ('a;"b"\n', "a\rb;c\n", "\n", "\r\n", ""):
        assert delimited._cells(line, ";") is None


_PLAIN = ["h1", "h2", "työ", "vapaa-aika", "Work", "mv", "Ääkkönen", "a@b.fi", "x y,z", "", " "]
_CELLS = st.sampled_from([*_PLAIN, "ab\rc", '"a;b"', '"two\nlines"', '"x""y"', '"työ"'])
_LINES = st.one_of(
    st.lists(_CELLS, min_size=6, max_size=6).map(";".join),
    st.lists(_CELLS, min_size=1, max_size=8).map(";".join),  # wrong field counts
    st.sampled_from(["", ";;;;;", '"unclosed;quote', "bad\x00nul;työ;a;b;X;c", "\udcff", "\r"]),
)


def _write(path: Path, lines: list[str], encoding: str, ending: str) -> None:
    text = ending.join([HEADER, *lines]) + ending
    if encoding == "cp1252":
        path.write_bytes(codecs.encode(text, encoding, "replace"))
    else:
        errors = "surrogateescape" if encoding != "utf-16" else "surrogatepass"
        path.write_bytes(text.encode(encoding, errors))


def _index_rows(store: WorkIdentityStore) -> list[tuple[object, ...]]:
    store.seal()
    with sqlite3.connect(store.path) as db:
        return db.execute("SELECT * FROM identity ORDER BY person, key, kind, value").fetchall()


@_SETTINGS
@given(
    lines=st.lists(_LINES, max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    ending=st.sampled_from(["\n", "\r\n"]),
    size=st.integers(min_value=1, max_value=3),
)
def test_pass_1_reads_what_the_full_reading_reads(
    tmp_path: Path, lines: list[str], encoding: str, ending: str, size: int
) -> None:
    path = tmp_path / "pass1.csv"
    _write(path, lines, encoding, ending)
    source = RecordSource(path)
    whole, whole_plan = [], PartPlan(source, size)
    for record in source.records():
        whole.append(record.values(_IDENTITY_COLUMNS))
        whole_plan.note(len(whole))
    selected, selected_plan = [], PartPlan(source, size)
    for values in source.select(_IDENTITY_COLUMNS):
        selected.append(values)
        selected_plan.note(len(selected))
    assert selected == whole
    assert selected_plan._starts == whole_plan._starts
    # The identity index pass 1 builds equals one built from whole records.
    with (
        WorkIdentityStore() as by_records,
        Audit(source, AuditOptions(on=TODAY, workers=1)) as audit,
    ):
        for record in source.records():
            _collect(record, by_records)
        audit.prepare()
        assert audit._store is not None
        assert _index_rows(audit._store) == _index_rows(by_records)
        assert audit.total == len(whole)


@_SETTINGS
@given(
    lines=st.lists(_LINES, max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_split_lines_give_the_records_the_csv_reader_gives(
    tmp_path: Path, lines: list[str], encoding: str, ending: str
) -> None:
    path = tmp_path / "records.csv"
    _write(path, lines, encoding, ending)
    source = RecordSource(path)
    fast = [vars(record) for record in source.records()]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delimited, "_cells", lambda line, delimiter: None)
        slow = [vars(record) for record in source.records()]
    assert fast == slow


def test_every_delimited_shape_selects_what_its_records_hold(tmp_path: Path) -> None:
    shapes = [path for path in SHAPES.write_shapes(tmp_path) if path.suffix not in (".xlsx",)]
    assert any(path.suffix == ".json" for path in shapes)
    for path in shapes:
        source = RecordSource(path)
        expected = [record.values(_IDENTITY_COLUMNS) for record in source.records()]
        assert list(source.select(_IDENTITY_COLUMNS)) == expected, path.name
        assert any(values is not None for values in expected), path.name
