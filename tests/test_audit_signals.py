"""SIGTERM and Ctrl-C during a real audit: workers stop, temporary files go, the report stays."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 150_000


def _export(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("person_id;first_name;last_name;service;purpose;username;email\r\n")
        for n in range(ROWS):
            work = n % 3 == 0
            handle.write(
                f"h{n // 3};Aino;Virtanen;Instagram;{'työ' if work else 'vapaa-aika'};"
                f"aino{n // 3 if work else n};aino.{n}@{'aanekoski.fi' if n % 7 == 0 else 'example.org'}\r\n"
            )


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _directory(path: Path) -> None:
    """An Entra ID download of the export's people (a work identity for every one)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("userPrincipalName,displayName,surname,mail,givenName,objectId,userType\r\n")
        for n in range(ROWS // 3):
            handle.write(f"aino{n}@aanekoski.fi,Aino {n},Virtanen {n},,Aino,{n},Member\r\n")


@pytest.mark.parametrize(
    ("signum", "status", "words"),
    [(signal.SIGTERM, 143, "terminated (SIGTERM)"), (signal.SIGINT, 130, "interrupted (SIGINT)")],
)
def test_a_signal_stops_workers_and_removes_temporary_files(
    tmp_path: Path, signum: int, status: int, words: str
) -> None:
    _interrupted(tmp_path, signum, status, words, directory=False)


def test_a_signal_removes_the_directory_index_too(tmp_path: Path) -> None:
    # Both indexes (the register's work identities and the directory) hold personal data.
    _interrupted(tmp_path, signal.SIGTERM, 143, "terminated (SIGTERM)", directory=True)


def _interrupted(tmp_path: Path, signum: int, status: int, words: str, *, directory: bool) -> None:
    export = tmp_path / "export.csv"
    _export(export)
    extra: list[str] = []
    if directory:
        _directory(tmp_path / "users.csv")
        extra = ["--directory", str(tmp_path / "users.csv")]
    temp = tmp_path / "tmp"
    temp.mkdir()
    report = tmp_path / "report.json"
    report.write_text("previous report", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aanekoski_somepolicy",
            "audit",
            str(export),
            "--format",
            "json",
            "--output",
            str(report),
            "--workers",
            "2",
            "--no-progress",
            "--lang",
            "en",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(temp)},
        # A CI runner may start jobs with Ctrl-C ignored; the audit must see it as a user would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler),
    )
    try:
        deadline = time.monotonic() + 120
        # Wait until the second pass is writing: the index and the partial report both exist.
        while time.monotonic() < deadline:
            partial = [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
            indexes = len(list(temp.iterdir()))
            if partial and partial[0].stat().st_size > 10_000 and indexes >= 1 + directory:
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        else:
            pytest.fail("the audit never reached its second pass")
        workers = _children(process.pid)
        assert len(workers) >= 2
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    stderr = err.decode("utf-8", "replace")
    assert process.returncode == status
    assert words in stderr and f"{report} was not written" in stderr
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert report.read_text(encoding="utf-8") == "previous report"
    inputs = ["export.csv", "report.json", "tmp", *(["users.csv"] if directory else [])]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(inputs)
    assert list(temp.iterdir()) == []  # the identity index (personal data) is gone
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def test_a_signal_during_pass_1_stops_the_index_writer(tmp_path: Path) -> None:
    """With several workers, a process of its own writes the index while pass 1 reads."""
    export = tmp_path / "export.csv"
    _export(export)
    rows = export.read_bytes().split(b"\r\n", 1)[1]
    with export.open("ab") as handle:  # a longer pass 1
        handle.write(rows * 3)
    temp = tmp_path / "tmp"
    temp.mkdir()
    command = [sys.executable, "-m", "aanekoski_somepolicy", "audit", str(export)]
    process = subprocess.Popen(
        [*command, "--format", "json", "--workers", "2", "--no-progress", "--lang", "en"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # two workers and the index writer
            children = _children(process.pid)
            if len(children) >= 3 and any(temp.iterdir()):
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.01)
        else:
            pytest.fail("the index writer never started")
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, err
    assert b"Traceback" not in err
    assert list(temp.iterdir()) == []
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in children)
