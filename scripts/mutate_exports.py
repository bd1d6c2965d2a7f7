"""Run mutated registration exports through ``somepolicy audit`` and check that nothing breaks.

Usage:
    python scripts/mutate_exports.py [--count N] [--seed S] [--jobs J] [--timeout T]
                                     [--budget SECONDS] [--keep DIR] [--somepolicy PATH]

Each mutated export is written to a scratch folder and audited by the real command line in its
own subprocess (``somepolicy audit FILE --format json --no-progress``), as an auditor's unlucky
day would produce the files: byte flips, stray CR, NUL and quotes, damaged headers, UTF-16 with
and without a byte-order mark, Windows-1252 and mixed encodings, deeply nested JSON, huge
fields, JSON arrays with junk, and ``.xlsx`` workbooks with odd cells. Every run is checked:

* no ``Traceback`` in standard error, and no hang (the timeout);
* exit status 0, 1 or 2; on 2, one message on standard error;
* when the status is not 2, the report is valid JSON, ``records`` equals the sum of the
  statuses (ok + violation + warning + invalid + out-of-scope + blank) and the number of
  results, and where the record count can be established independently of the audit (JSON
  Lines lines, JSON array elements, CSV lines without quotes or carriage returns, rows written
  to a workbook) it equals that count.

The figures go to standard output; the files of failed runs are kept in ``--keep``. Exit status
1 when any run failed.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "registrations.csv"


@dataclass
class Case:
    """One mutated export and, where it can be established, how many records it holds."""

    name: str
    suffix: str
    data: bytes
    expected: int | None = None
    args: tuple[str, ...] = ()
    kind: str = ""


def _sample_rows() -> tuple[list[str], list[list[str]]]:
    text = SAMPLE.read_text("utf-8-sig")
    lines = [line.split(";") for line in text.splitlines() if line]
    return lines[0], lines[1:]


HEADER, ROWS = _sample_rows()


def _csv_text(rnd: random.Random, delimiter: str = ";", eol: str = "\n") -> str:
    rows = [rnd.choice(ROWS) for _ in range(rnd.randint(1, 40))]
    return eol.join(delimiter.join(row) for row in [HEADER, *rows]) + eol


def _objects(rnd: random.Random) -> list[dict[str, object]]:
    return [dict(zip(HEADER, rnd.choice(ROWS), strict=True)) for _ in range(rnd.randint(1, 30))]


def _csv_count(data: bytes, codec: str) -> int | None:
    """Records of a CSV without quotes or carriage returns: its non-header lines."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if '"' in text or "\r" in text or "\x00" in text:
        return None
    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return len(lines) - 1 if lines else None


def _flip(rnd: random.Random, data: bytes, times: int) -> bytes:
    buf = bytearray(data)
    for _ in range(times):
        if not buf:
            break
        i = rnd.randrange(len(buf))
        buf[i] ^= 1 << rnd.randrange(8)
    return bytes(buf)


def _insert(rnd: random.Random, data: bytes, what: bytes, times: int) -> bytes:
    buf = bytearray(data)
    for _ in range(times):
        i = rnd.randrange(len(buf) + 1)
        buf[i:i] = what
    return bytes(buf)


def m_byte_flip(rnd: random.Random) -> Case:
    return Case("byte-flip", ".csv", _flip(rnd, _csv_text(rnd).encode(), rnd.randint(1, 20)))


def m_stray(rnd: random.Random) -> Case:
    what = rnd.choice([b"\r", b"\x00", b'"', b"\r\n", b"'", b"\x1a", b"\xff", b";", b"\n"])
    return Case("stray", ".csv", _insert(rnd, _csv_text(rnd).encode(), what, rnd.randint(1, 8)))


def m_header(rnd: random.Random) -> Case:
    text = _csv_text(rnd)
    head, _, rest = text.partition("\n")
    damages: list[Callable[[str], str]] = [
        lambda h: h.replace(";", ";;", 1),
        lambda h: h[: rnd.randrange(len(h))],
        lambda h: h + ';"x"y',
        lambda h: '"' + h,
        lambda h: h.replace("purpose", "pur\rpose"),
        lambda h: h.replace("email", "EMAIL "),
        lambda h: h.replace("service", "service;service"),
        lambda h: h + ";" + "x" * 70_000,
        lambda h: "",
        lambda h: h.upper(),
        lambda h: h.replace(";", "\t"),
    ]
    damage = rnd.choice(damages)
    return Case("header", ".csv", (damage(head) + "\n" + rest).encode())


def m_blank_rows(rnd: random.Random) -> Case:
    text = _csv_text(rnd)
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 5)):
        lines.insert(rnd.randint(1, len(lines) - 1), rnd.choice([";;", " ; ; ", " ", "", "\t"]))
    data = "\n".join(lines).encode()
    return Case("blank-rows", ".csv", data, _csv_count(data, "utf-8"))


def m_encoding(rnd: random.Random) -> Case:
    delimiter = rnd.choice([";", ",", "\t", "|"])
    text = _csv_text(rnd, delimiter, rnd.choice(["\n", "\r\n"]))
    codec = rnd.choice(["utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-8-sig", "latin-1"])
    data = text.encode(codec, "replace")
    args: tuple[str, ...] = ()
    if rnd.random() < 0.3:
        args = ("--encoding", rnd.choice(["utf-16", "cp1252", "utf-8", "utf-16-le", "latin-1"]))
    expected = None
    if not args and "\r" not in text and delimiter == ";":
        expected = _csv_count(
            data, {"utf-16": "utf-16", "utf-8-sig": "utf-8-sig"}.get(codec, codec)
        )
    return Case(f"encoding-{codec}", rnd.choice([".csv", ".txt"]), data, expected, args)


def m_mixed(rnd: random.Random) -> Case:
    lines = _csv_text(rnd).split("\n")
    out = [line.encode(rnd.choice(["utf-8", "cp1252", "utf-16-le"]), "replace") for line in lines]
    return Case("mixed-encoding", ".csv", b"\n".join(out))


def _deep(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def m_jsonl(rnd: random.Random) -> Case:
    lines = [json.dumps(obj, ensure_ascii=rnd.random() < 0.5) for obj in _objects(rnd)]
    junk = [
        _deep(rnd.choice([50, 65, 1000, 5000])),
        '{"person_id": "p", "x": ' + _deep(600) + "}",
        '{"type": "publication", "extra": ' + _deep(rnd.choice([100, 500])) + "}",
        '{"person_id": "\\ud800", "service": "x", "purpose": "työ"}',
        '{"service": "\\udfff", "purpose": "työ", "person_id": "p"}',
        '{"person_id": ' + "9" * 5000 + "}",
        "\x0b",
        "\u00a0",
        "\u2028",
        "   ",
        "",
        "[]",
        "null",
        '{"person_id": "' + "a" * 70_000 + '"}',
        '{"password": "kİssa", "person_id": "t", "service": "X", "purpose": "vapaa-aika"}',
        "NaN",
        '{"a": 1e999}',
        "\x00",
    ]
    for _ in range(rnd.randint(1, 6)):
        lines.insert(rnd.randint(0, len(lines)), rnd.choice(junk))
    text = "\n".join(lines) + "\n"
    expected = None if "\r" in text else text.count("\n")
    data = text.encode()
    if rnd.random() < 0.3:
        data = _flip(rnd, data, rnd.randint(1, 5))
        expected = None
    return Case("jsonl", ".jsonl", data, expected)


def m_json_array(rnd: random.Random) -> Case:
    items: list[object] = list(_objects(rnd))
    junk: list[object] = [1, "x", None, [], [[[]]], {"type": "nope"}, {"a": {"b": {"c": 1}}}, True]
    for _ in range(rnd.randint(0, 5)):
        items.insert(rnd.randint(0, len(items)), rnd.choice(junk))
    text = json.dumps(items, ensure_ascii=False, indent=rnd.choice([None, 1]))
    expected: int | None = len(items)
    damage = rnd.random()
    if damage < 0.15:
        text = text[: rnd.randrange(len(text))]
        expected = None
    elif damage < 0.3:
        text = text + rnd.choice([",", "]", " junk", "{", "\x00"])
        expected = None
    elif damage < 0.4:
        text = text.replace("{", "[" * 200 + "{", 1).replace("}", "}" + "]" * 200, 1)
        expected = None
    elif damage < 0.5:
        text = "[" + _deep(rnd.choice([70, 3000])) + "," + text[1:]
        expected = len(items) + 1
    data = text.encode(rnd.choice(["utf-8", "utf-8-sig", "utf-16"]))
    if rnd.random() < 0.2:
        data = _flip(rnd, data, rnd.randint(1, 4))
        expected = None
    return Case("json-array", ".json", data, expected)


def m_huge_field(rnd: random.Random) -> Case:
    header, *rows = _csv_text(rnd).rstrip("\n").split("\n")
    i = rnd.randrange(len(rows))
    cells = rows[i].split(";")
    cells[rnd.randrange(len(cells))] = rnd.choice(["x", "ä", "€"]) * rnd.choice(
        [4_097, 65_537, 140_000, 1_000_000]
    )
    rows[i] = ";".join(cells)
    if rnd.random() < 0.3:
        # A quoted field over several lines, past the record limit, closed or not.
        part = "y" * 60_000
        closing = rnd.choice(['"', ""])
        rows[i] = f'h9;X;työ;"{part}\n{part}\n{part}{closing}'
    data = ("\n".join([header, *rows]) + "\n").encode()
    return Case("huge-field", ".csv", data, _csv_count(data, "utf-8"))


def m_xlsx(rnd: random.Random) -> Case:
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    odd: list[object] = [
        12345,
        3.5,
        True,
        datetime.datetime(2026, 11, 24, 8, 30),
        datetime.date(1900, 1, 1),
        "=1+1",
        "=SUM(A1:A2)",
        "\u00a0",
        " ",
        "x" * 40_000,
        None,
        "kİssa",
        -0.0,
        1e308,
    ]
    rows = 0
    for _ in range(rnd.randint(1, 25)):
        row: list[object] = list(rnd.choice(ROWS))
        for _ in range(rnd.randint(0, 3)):
            row[rnd.randrange(len(row))] = rnd.choice(odd)
        if rnd.random() < 0.1:
            row.append("beyond the header")
        sheet.append(row)
        rows += 1
    if rnd.random() < 0.2:
        sheet.cell(row=rnd.randint(2, rows + 1), column=60, value="far away")
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    expected: int | None = rows
    if rnd.random() < 0.15:
        data = _flip(rnd, data, rnd.randint(1, 10))
        expected = None
    return Case("xlsx", ".xlsx", data, expected)


MUTATORS: list[Callable[[random.Random], Case]] = [
    m_byte_flip,
    m_stray,
    m_header,
    m_blank_rows,
    m_encoding,
    m_mixed,
    m_jsonl,
    m_json_array,
    m_huge_field,
    m_xlsx,
]


@dataclass
class Outcome:
    """What one run gave."""

    case: Case
    path: Path
    status: int | None
    failure: str | None


def _check(case: Case, path: Path, command: list[str], timeout: float) -> Outcome:
    try:
        done = subprocess.run(
            [*command, "audit", str(path), "--format", "json", "--no-progress", *case.args],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(case, path, None, "timeout")
    stderr = done.stderr.decode("utf-8", "replace")
    if "Traceback" in stderr:
        return Outcome(case, path, done.returncode, "traceback: " + stderr[-300:])
    if done.returncode not in (0, 1, 2):
        return Outcome(case, path, done.returncode, f"exit {done.returncode}: {stderr[-300:]}")
    if done.returncode == 2:
        if not stderr.strip():
            return Outcome(case, path, 2, "exit 2 without a message")
        return Outcome(case, path, 2, None)
    try:
        report = json.loads(done.stdout)
        summary = report["summary"]
        records = summary["records"]
        total = sum(summary["statuses"].values())
        results = len(report["results"])
    except (ValueError, KeyError, TypeError) as error:
        return Outcome(case, path, done.returncode, f"report not valid JSON: {error}")
    if total != records or results != records:
        return Outcome(
            case, path, done.returncode, f"records {records}, statuses {total}, results {results}"
        )
    if case.expected is not None and records != case.expected:
        return Outcome(
            case, path, done.returncode, f"records {records}, reader count {case.expected}"
        )
    return Outcome(case, path, done.returncode, None)


def main(argv: list[str] | None = None) -> int:
    """Generate, audit and check; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2, help="runs at the same time")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--keep", type=Path, default=Path("mutated-failures"))
    parser.add_argument(
        "--budget", type=float, default=0.0, help="stop starting runs after this many seconds"
    )
    parser.add_argument("--somepolicy", default=shutil.which("somepolicy") or "somepolicy")
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="mutated-exports-"))
    cases: list[tuple[Case, Path]] = []
    for number in range(args.count):
        mutator = rnd.choice(MUTATORS)
        case = mutator(rnd)
        case.kind = mutator.__name__.removeprefix("m_").replace("_", "-")
        # Most runs in one process (a worker pool costs a second a run on this machine); the
        # rest with the default pool, since results must not depend on the number of workers.
        if rnd.random() < 0.8:
            case.args += ("--workers", "1")
        path = scratch / f"{number:05d}-{case.name}{case.suffix}"
        path.write_bytes(case.data)
        cases.append((case, path))
    command = [args.somepolicy]
    deadline = time.monotonic() + args.budget if args.budget else math.inf

    def one(item: tuple[Case, Path]) -> Outcome | None:
        if time.monotonic() > deadline:
            return None
        outcome = _check(*item, command, args.timeout)
        if outcome.failure:
            # Each failure as it happens, so a long run that is stopped still shows them.
            print(f"FAIL {outcome.path.name}: {outcome.failure}", file=sys.stderr, flush=True)
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(outcome.path, args.keep / outcome.path.name)
        return outcome

    with ThreadPoolExecutor(args.jobs) as pool:
        outcomes = [o for o in pool.map(one, cases) if o is not None]
    kinds = Counter(o.case.kind for o in outcomes)
    statuses = Counter(str(o.status) for o in outcomes)
    counted = sum(1 for o in outcomes if o.case.expected is not None and o.status != 2)
    failures = [o for o in outcomes if o.failure]
    print(f"files: {len(outcomes)} of {args.count} generated (seed {args.seed})")
    print("by mutation: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("exit status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print(f"record count checked against an independent count: {counted}")
    print(f"failures: {len(failures)}")
    for o in failures:
        print(f"  {o.path.name} {' '.join(o.case.args)}: {o.failure}")
    shutil.rmtree(scratch)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
