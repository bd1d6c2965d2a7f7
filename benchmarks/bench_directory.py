"""Reading a directory export into the on-disk index: rows per second, against csv.reader.

Run: python benchmarks/bench_directory.py [USERS] [REPEATS]

Writes an Entra ID "Download users" CSV and a ``Get-ADUser`` (PowerShell 7) CSV of USERS
users (default 500,000, Entra's download limit) to a temporary folder, then times, in this
process and best of REPEATS (default 3):

* the baseline: one bare ``csv.reader`` pass over the file (decoding included);
* the directory index: detection, reading every entry, the index's inserts and its sealing
  (what ``somepolicy audit --directory FILE`` does before the register's second pass).

It prints wall and CPU time (this process and its children: a large export is parsed by a
producer process while this one writes the index), rows per second, the ratio to the baseline measured in the same
run, the peak resident memory of a fresh process indexing USERS/10 and USERS users (flat
memory: the two are close), and the machine's load average (the machine is shared: compare
ratios and CPU time, not wall seconds).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aanekoski_somepolicy._audit.directory import DirectoryIndex
from aanekoski_somepolicy._audit.readers.directory import open_directory

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine

_FIRST = ("Aino", "Pekka", "Sanna", "Matti", "Elina", "Tuuli", "Ville", "Jukka", "Liisa", "Mikko")
_LAST = ("Korhonen", "Järvinen", "Mäkinen", "Virtanen", "Öhman", "Nieminen", "Heikkinen")


def write_entra(path: Path, users: int) -> None:
    """An Entra ID "Download users" CSV of ``users`` members."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(
            ["userPrincipalName", "displayName", "surname", "mail", "givenName", "objectId",
             "userType", "jobTitle", "department", "accountEnabled", "usageLocation",
             "alternateEmailAddress"]
        )  # fmt: skip
        for n in range(users):
            first, last = _FIRST[n % 10], _LAST[n % 7]
            upn = f"{first.lower()}.{n}@aanekoski.fi"
            out.writerow(
                [upn, f"{first} {last}", last, upn, first, f"00000000-0000-0000-0000-{n:012d}",
                 "Member", "Lehtori", "Sivistystoimi", "True", "FI", ""]
            )  # fmt: skip


def write_ad(path: Path, users: int) -> None:
    """A PowerShell 7 ``Get-ADUser`` CSV with employee ids and joined proxy addresses."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        out.writerow(
            ["DistinguishedName", "EmployeeID", "Enabled", "GivenName", "mail", "Name",
             "ObjectClass", "ObjectGUID", "proxyAddresses", "SamAccountName", "SID", "Surname",
             "UserPrincipalName"]
        )  # fmt: skip
        for n in range(users):
            first, last = _FIRST[n % 10], _LAST[n % 7]
            upn = f"{first.lower()}.{n}@aanekoski.fi"
            proxies = f"SMTP:{upn};smtp:u{n}@aanekoski.onmicrosoft.com"
            out.writerow(
                [f"CN={first} {last},OU=Users,DC=aanekoski,DC=local", str(100000 + n), "True",
                 first, upn, f"{first} {last}", "user", f"{n:032x}", proxies, f"u{n}",
                 f"S-1-5-21-1-2-3-{n}", last, upn]
            )  # fmt: skip


def bare(path: Path) -> int:
    """The baseline: every row through csv.reader, nothing else."""
    rows = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle):
            rows += 1
    return rows - 1


def indexed(path: Path) -> int:
    """What the audit does with a directory export before the register's second pass."""
    with DirectoryIndex() as index:
        index.add(open_directory(path))
        index.seal()
        return index.entries


def best(function: Callable[[Path], int], path: Path, repeats: int) -> tuple[float, float, int]:
    """Best wall and CPU seconds over ``repeats`` runs, and the rows counted."""
    walls, cpus = [], []
    rows = 0
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), _cpu()
        rows = function(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return min(walls), min(cpus), rows


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the index's producer)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def peak_rss(path: Path) -> float:
    """Peak resident memory (MB) of a fresh process that indexes ``path``, or of its producer.

    The larger of the two: a large export is parsed by a child process (see
    ``DirectoryIndex.add``), which must stay flat too.
    """
    script = (
        "import resource, sys; sys.path.insert(0, sys.argv[2]); import bench_directory as b;"
        " from pathlib import Path; b.indexed(Path(sys.argv[1]));"
        " print(max(resource.getrusage(who).ru_maxrss for who in"
        " (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024)"
    )
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), here], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def main(argv: list[str]) -> int:
    """Write the exports, time both passes over each, print the table."""
    users = int(argv[0]) if argv else 500_000
    repeats = int(argv[1]) if len(argv) > 1 else 3
    print(f"machine: {machine()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        for name, write in (("entra", write_entra), ("ad-ps7", write_ad)):
            path = Path(folder) / f"{name}.csv"
            write(path, users)
            base_wall, base_cpu, base_rows = best(bare, path, repeats)
            wall, cpu, rows = best(indexed, path, repeats)
            assert rows == base_rows == users, (rows, base_rows, users)
            small = Path(folder) / f"{name}-small.csv"
            write(small, users // 10)
            rss_small, rss = peak_rss(small), peak_rss(path)
            print(
                f"{name:7} {users:,} users, {path.stat().st_size / 1e6:.0f} MB: "
                f"csv.reader {base_wall:.2f} s wall / {base_cpu:.2f} s CPU "
                f"({users / base_wall:,.0f} rows/s); "
                f"directory index {wall:.2f} s wall / {cpu:.2f} s CPU "
                f"({users / wall:,.0f} rows/s wall, {users / cpu:,.0f} rows/s CPU); "
                f"ratio {wall / base_wall:.1f}x wall, {cpu / base_cpu:.1f}x CPU; "
                f"peak RSS of an indexing process {rss_small:.0f} MB at {users // 10:,} users, "
                f"{rss:.0f} MB at {users:,}"
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
