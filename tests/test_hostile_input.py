"""Hostile and damaged exports (issue 15): every record accounted for, no traceback.

Each case here failed before the readers were rebuilt: a traceback, a record lost without a
word, or a header silently read as a record.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit.readers import RecordSource, UnreadableInputError
from aanekoski_somepolicy._audit.readers.limits import (
    MAX_DEPTH,
    MAX_HEADER_CHARS,
    MAX_NUMBER_CHARS,
    MAX_RECORD_CHARS,
)
from aanekoski_somepolicy._audit.run import STATUSES, AuditOptions, audit_records

from .conftest import TODAY, run
from .test_export_shapes import SHAPES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from _harness import CHECKS

HEADER = "person_id,service,purpose,email"


def results_of(path: Path) -> list[dict[str, object]]:
    return list(audit_records(RecordSource(path), AuditOptions(on=TODAY, workers=1)))


def cli(path: Path) -> tuple[int, str, str]:
    return run("audit", str(path), "--format", "json", "--workers", "1", "--on", TODAY.isoformat())


def put(tmp_path: Path, data: bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_f1_bare_cr_in_the_header_stops_with_exit_2(tmp_path: Path) -> None:
    path = put(tmp_path, b"person_id,service,pur\rpose\nh1,X,work\n")
    code, out, err = cli(path)
    assert code == 2 and out == ""
    assert "rivi 1" in err and "otsikkorivi on vioittunut" in err and "Traceback" not in err
    assert str(path) in err


@pytest.mark.parametrize(
    "header", [b'person_id,service,purpose,"x"y', b'person_id,service,purpose,"unterminated']
)
def test_f2_quoting_error_in_the_header_never_makes_data_the_header(
    tmp_path: Path, header: bytes
) -> None:
    # Before: the header was an invalid record and the first data row became the header.
    path = put(tmp_path, header + b"\nperson_id,service,purpose\nh1,X,work\n")
    with pytest.raises(UnreadableInputError, match="line 1: the header is damaged"):
        RecordSource(path)
    code, _, err = cli(path)
    assert code == 2 and "Traceback" not in err


@pytest.mark.parametrize("row", [b",,,", b" , , , ", b" ", b"", b"\t"])
def test_f3_rows_of_only_delimiters_or_whitespace_are_counted_blank(
    tmp_path: Path, row: bytes
) -> None:
    path = put(tmp_path, HEADER.encode() + b"\nh1,X,work,\n" + row + b"\nh2,X,work,\n")
    results = results_of(path)
    assert [(r["line"], r["status"]) for r in results] == [(2, "ok"), (3, "blank"), (4, "ok")]
    code, out, _ = cli(path)
    assert code == 0 and json.loads(out)["summary"]["statuses"]["blank"] == 1


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\u00a0", "\u2028", "\u3000"])
def test_f4_only_json_whitespace_makes_a_json_lines_line_blank(tmp_path: Path, char: str) -> None:
    record = json.dumps({"person_id": "h1", "service": "X", "purpose": "work"})
    path = put(tmp_path, f"{record}\n{char}\n \t\r\n{record}\n".encode(), "in.jsonl")
    results = results_of(path)
    assert [(r["line"], r["status"]) for r in results] == [
        (1, "ok"),
        (2, "invalid"),
        (3, "blank"),
        (4, "ok"),
    ]


def test_f5_deep_nesting_is_one_invalid_record_and_the_others_are_read(tmp_path: Path) -> None:
    good = json.dumps({"person_id": "h1", "service": "X", "purpose": "work"})
    deep = (
        '{"person_id": "h2", "service": "X", "purpose": "work", "x": '
        + "[" * 1000
        + "]" * 1000
        + "}"
    )
    path = put(tmp_path, f"{good}\n{deep}\n{good}\n".encode(), "in.jsonl")
    results = results_of(path)
    assert [r["status"] for r in results] == ["ok", "invalid", "ok"]
    message = results[1]["errors"][0]["message"]  # type: ignore[index]
    assert f"syvempi kuin {MAX_DEPTH} tasoa" in message
    # Refused for its depth, the record still says whose it was.
    assert (results[1]["person_id"], results[1]["service"]) == ("h2", "X")
    code, out, err = cli(path)
    assert code == 1 and json.loads(out)["summary"]["rows"] == 3 and "Traceback" not in err


DEEP = '{"person_id": "h2", "service": "X", "x": ' + "[{" * 300 + "}]" * 300 + "}"


@pytest.mark.parametrize(("name", "text"), [("in.json", f"[{DEEP}]"), ("in.jsonl", DEEP)])
def test_a_too_deep_record_keeps_its_ids(tmp_path: Path, name: str, text: str) -> None:
    [result] = results_of(put(tmp_path, text.encode(), name))
    assert result["status"] == "invalid"
    assert (result["person_id"], result["service"]) == ("h2", "X")


@pytest.mark.parametrize("suffix", ["]", "}}", '"x": 1', '{"a": ['])
def test_a_too_deep_damaged_line_gives_no_ids_and_no_crash(tmp_path: Path, suffix: str) -> None:
    # Only a top level that parses on its own gives ids: damaged text gives none.
    [result] = results_of(put(tmp_path, (DEEP + suffix).encode(), "in.jsonl"))
    assert result["status"] == "invalid"
    assert (result["person_id"], result["service"]) == ("", "")


def test_nesting_just_within_the_limit_is_read(tmp_path: Path) -> None:
    inner = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    record = '{"type": "page", "x": ' + inner + "}"
    path = put(tmp_path, record.encode() + b"\n", "in.jsonl")
    [result] = results_of(path)
    assert "nested deeper" not in json.dumps(result)


def test_f6_a_header_over_the_limit_stops_the_run(tmp_path: Path) -> None:
    # Before: the header was cut at 64 KiB, so a column past the cut was silently ignored.
    filler = "x" * (MAX_HEADER_CHARS + 10)
    path = put(
        tmp_path,
        f"person_id,service,purpose,{filler},email\nh1,X,leisure,,a@aanekoski.fi\n".encode(),
    )
    with pytest.raises(UnreadableInputError, match=f"longer than {MAX_HEADER_CHARS:,}"):
        RecordSource(path)
    code, _, err = cli(path)
    assert code == 2 and "rivi 1" in err


@pytest.mark.parametrize("column", ["person_id", "service", "purpose", "email"])
def test_n2_lone_surrogate_escape_is_an_invalid_record_not_a_crash(
    tmp_path: Path, column: str
) -> None:
    fields = {"person_id": "h1", "service": "X", "purpose": "leisure", "email": "a@b.fi"}
    text = json.dumps(fields).replace(f'"{fields[column]}"', '"\\ud800"')
    good = json.dumps({**fields, "person_id": "h2"})
    path = put(tmp_path, f"{text}\n{good}\n".encode(), "in.jsonl")
    _code, out, err = cli(path)
    assert "Traceback" not in err
    report = json.loads(out)
    statuses = [r["status"] for r in report["results"]]
    assert statuses[0] == "invalid" and len(statuses) == 2
    assert "lone surrogate" in report["results"][0]["errors"][0]["message"]
    if column != "person_id":  # the record still says whose it was
        assert report["results"][0]["person_id"] == "h1"


def test_nul_escape_is_an_invalid_record(tmp_path: Path) -> None:
    path = put(
        tmp_path, b'{"person_id": "h1", "service": "X\\u0000", "purpose": "work"}\n', "a.jsonl"
    )
    [result] = results_of(path)
    assert result["status"] == "invalid" and "NUL" in json.dumps(result)


def test_n4_a_number_of_5000_digits_is_an_invalid_record(tmp_path: Path) -> None:
    big = "9" * 5000
    good = json.dumps({"person_id": "h1", "service": "X", "purpose": "work"})
    path = put(
        tmp_path,
        f'{{"person_id": {big}, "service": "X", "purpose": "work"}}\n{good}\n'.encode(),
        "n.jsonl",
    )
    _code, out, err = cli(path)
    assert "Traceback" not in err
    results = json.loads(out)["results"]
    assert [r["status"] for r in results] == ["invalid", "ok"]
    assert f"pidempi kuin {MAX_NUMBER_CHARS} merkkiä" in results[0]["errors"][0]["message"]


@pytest.mark.parametrize("closing", ['"', ""], ids=["closed-quote", "unterminated-quote"])
def test_records_after_one_over_the_record_limit_are_read(tmp_path: Path, closing: str) -> None:
    """A quoted field over several lines past MAX_RECORD_CHARS made every later record vanish:
    the limit was raised inside the line generator, which ended it, so the CSV reader saw the
    end of the file. The records after it are read (as CSV defines, an unterminated quote
    swallows lines up to the limit)."""
    part = "y" * (MAX_RECORD_CHARS * 45 // 100)  # each line within the line limit
    big = f'h1,X,work,"{part}\n{part}\n{part}{closing}'
    path = put(tmp_path, f"{HEADER}\n{big}\nh2,X,work,\nh3,X,work,\n".encode())
    results = results_of(path)
    assert [(r["line"], r["status"]) for r in results] == [
        (2, "invalid"),
        (5, "ok"),
        (6, "ok"),
    ]
    # The limit is written as Finnish writes numbers (the report's language): 131 072.
    limit = f"{MAX_RECORD_CHARS:,}".replace(",", "\xa0")
    assert limit in json.dumps(results[0], ensure_ascii=False)


def test_nul_and_undecodable_bytes_in_csv_are_invalid_records(tmp_path: Path) -> None:
    path = put(
        tmp_path,
        HEADER.encode()
        + b"\nh1,X\x00,work,\nh2,X,work,\xff\xfe\xfd\xfc\n"
        + "h3,X,työ,\n".encode(),
    )
    results = results_of(path)
    assert [r["status"] for r in results] == ["invalid", "invalid", "ok"]
    assert "NUL" in json.dumps(results[0])
    # The undecodable line is in the e-mail column: the record still says whose it was.
    assert results[1]["person_id"] == "h2" and results[1]["service"] == "X"


def test_a_misaligned_row_keeps_no_fields_so_no_password_can_show(tmp_path: Path) -> None:
    path = put(tmp_path, b"person_id,service,purpose,password\nX,work,Kissa-Salainen-99\n")
    [result] = results_of(path)
    assert result["status"] == "invalid"
    assert "Kissa-Salainen-99" not in json.dumps(result)


def test_invalid_rows_keep_person_service_unit_and_purpose(tmp_path: Path) -> None:
    path = put(
        tmp_path,
        b"person_id;yksikk\xc3\xb6;service;purpose;mfa\nh7;Tekninen;X;ty\xc3\xb6;perhaps\n",
    )
    [result] = results_of(path)
    assert result["status"] == "invalid"
    assert (result["person_id"], result["unit"], result["service"], result["purpose"]) == (
        "h7",
        "Tekninen",
        "X",
        "työ",
    )


_MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete"]),
        st.integers(0, 10_000),
        st.sampled_from(
            [b"\r", b"\n", b"\x00", b'"', b",", b";", b"\xff", b"\xc3", b"{", b"[", b" "]
        ),
    ),
    max_size=8,
)


def _mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, byte in mutations:
        if not buffer:
            break
        at = where % len(buffer)
        if kind == "flip":
            buffer[at] ^= 0x5A
        elif kind == "insert":
            buffer[at:at] = byte
        else:
            del buffer[at]
    return bytes(buffer)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["csv", "jsonl", "json_array"]),
    language=st.sampled_from(["fi", "sv", "en"]),
    mutations=_MUTATIONS,
)
def test_mutated_exports_account_for_every_record(
    kind: str, language: str, mutations: list[tuple[str, int, bytes]]
) -> None:
    """Every line (element) of a damaged export is in exactly one record: fuzz/_harness.py."""
    export = SHAPES.read_canonical()
    headers = [SHAPES.HEADERS[language][column] for column in export.columns]
    if kind == "json_array":
        data = SHAPES.json_array(export, headers).encode()
    elif kind == "jsonl":
        data = SHAPES.json_array(export, headers).encode().strip(b"[]\n").replace(b",\n", b"\n")
    else:
        data = b"\x00" + SHAPES.delimited(export, headers, ";").encode()  # byte 0: detect
    stdin = sys.stdin  # the check feeds its input as standard input
    try:
        CHECKS[kind](_mutate(data, mutations))
    finally:
        sys.stdin = stdin


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=_MUTATIONS)
def test_a_mutated_export_gives_one_result_per_record(
    tmp_path_factory: pytest.TempPathFactory, mutations: list[tuple[str, int, bytes]]
) -> None:
    export = SHAPES.read_canonical()
    data = _mutate(SHAPES.delimited(export, export.columns, ";").encode(), mutations)
    path = tmp_path_factory.mktemp("mutated") / "export.csv"
    path.write_bytes(data)
    try:
        source = RecordSource(path)
    except UnreadableInputError:
        return  # the header itself was damaged: the run stops with exit 2, losing nothing
    records = list(source.records())
    results = list(audit_records(source, AuditOptions(on=TODAY, workers=1)))
    assert [r["line"] for r in results] == [r.line for r in records]
    assert all(r["status"] in STATUSES for r in results)


def test_an_unclosed_quote_names_the_lines_it_swallowed(tmp_path: Path) -> None:
    # Before: one "malformed CSV" result on line 2 and nothing about rows 3-5, which CSV's
    # quoting had joined into it; they were never checked and never mentioned.
    path = put(
        tmp_path,
        b'person_id,service,purpose\nh5,X,"work\nh6,X,work\nh7,X,work\nh8,X,work\n',
    )
    (result,) = results_of(path)
    assert (result["line"], result["end_line"], result["status"]) == (2, 5, "invalid")
    message = str(result["errors"][0]["message"])  # type: ignore[index]
    assert "riveillä 2–5" in message and "ei tarkastettu" in message
