"""Throughput and memory of `somepolicy audit` on a generated export.

Run: python benchmarks/bench_audit.py [--rows 1000000] [--scaling-rows 200000] [--no-passwords]

Measures, in one run, on the same machine:
  * a bare ``csv.reader`` pass over the same export (the baseline: reading alone);
  * rows/s without passwords (workers 1 and 2) and with passwords (workers 1 and 2), and
    their ratio to the bare pass;
  * CPU time per row of the whole process tree (robust to other load on the machine), the
    main process's own share of it (reading, handing over, writing: the serial part), the
    rate an idle machine would reach from those, and the load average while measuring;
  * peak memory (RSS of the whole process tree, sampled every 50 ms);
  * the rate of bare zxcvbn() calls on the same passwords, single core, and the target
    0.85 x cores x that rate.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from zxcvbn import zxcvbn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine
from bench_registration import typical_passwords

FIRST = ["Aino", "Mikko", "Sanna", "Jussi", "Laura", "Timo", "Emma", "Pekka", "Noora", "Ville"]
LAST = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
]
SERVICES = ["Facebook", "Instagram", "LinkedIn", "X", "TikTok", "Teams", "Discord"]
ROLES = [
    "työntekijä",
    "viranhaltija",
    "harjoittelija",
    "kuntouttava työtoiminta",
    "luottamushenkilö",
]
POOL_SIZE = 5000
HEADER = [
    "person_id",
    "first_name",
    "last_name",
    "role",
    "service",
    "purpose",
    "username",
    "email",
    "password",
    "mfa",
]


def generate(path: Path, rows: int, passwords: list[str] | None, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(rows):
            person = n // 3
            first, last = rng.choice(FIRST), rng.choice(LAST)
            work = n % 3 == 0
            domain = "aanekoski.fi" if work or rng.random() < 0.05 else "example.org"
            writer.writerow(
                [
                    f"h{person}",
                    first,
                    last,
                    rng.choice(ROLES),
                    rng.choice(SERVICES),
                    "työ" if work else "vapaa-aika",
                    f"{first.lower()}{person}" if work or rng.random() < 0.1 else f"user{n}",
                    f"{first.lower()}.{last.lower()}{person}@{domain}",
                    passwords[n % len(passwords)] if passwords else "",
                    "kyllä" if rng.random() < 0.3 else "ei",
                ]
            )


def tree_rss_kib(root: int) -> int:
    total = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
                stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def bare_csv_rate(path: Path) -> float:
    """Rows per second of a bare csv.reader pass: the cost of reading alone."""
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle, delimiter=";"))
    return rows / (time.perf_counter() - start)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Runs the command line as `python -m aanekoski_somepolicy` does, then writes the main
# process's own CPU time to the file named by SOMEPOLICY_BENCH_CPU: the serial share.
_SPLIT_CPU = """
import os, resource, sys
from aanekoski_somepolicy._cli.main import main
try:
    code = main(sys.argv[1:])
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["SOMEPOLICY_BENCH_CPU"], "w") as handle:
        handle.write(str(usage.ru_utime + usage.ru_stime))
sys.exit(code)
"""


def run_audit(path: Path, workers: int) -> tuple[float, int, float, float]:
    command = [
        sys.executable,
        "-c",
        _SPLIT_CPU,
        "audit",
        str(path),
        "--format",
        "jsonl",
        "--output",
        os.devnull,
        "--workers",
        str(workers),
        "--no-progress",
        "--fail-on",
        "never",
    ]
    cpu = children_cpu()
    main_cpu_file = path.with_suffix(".cpu")
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env={**os.environ, "SOMEPOLICY_BENCH_CPU": str(main_cpu_file)}
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"audit failed with exit status {code}")
    # The audit's workers are waited for by the audit, so their CPU time counts here too.
    return elapsed, peak, children_cpu() - cpu, float(main_cpu_file.read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--scaling-rows", type=int, default=200_000, help="rows for the 1-worker runs"
    )
    parser.add_argument(
        "--no-passwords", action="store_true", help="measure only the exports without passwords"
    )
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    pool = typical_passwords(POOL_SIZE, random.Random(20261124))
    print(f"machine: {machine()}; load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = {
            ("no passwords", args.rows): folder / "plain.csv",
            ("no passwords", args.scaling_rows): folder / "plain-small.csv",
            ("passwords", args.rows): folder / "pw.csv",
            ("passwords", args.scaling_rows): folder / "pw-small.csv",
        }
        if args.no_passwords:
            files = {key: path for key, path in files.items() if key[0] == "no passwords"}
        for (kind, rows), path in files.items():
            generate(path, rows, pool if kind == "passwords" else None)
        # Bare zxcvbn() on the same passwords, single core, in this run.
        start = time.perf_counter()
        calls = 0
        for password in pool * 2:
            zxcvbn(password, user_inputs=["aino", "korhonen", "facebook"])
            calls += 1
        bare_rate = calls / (time.perf_counter() - start)
        print(
            f"bare zxcvbn(): {bare_rate:,.0f} calls/s on one core; target for the audit with passwords: "
            f"0.85 x {cores} x {bare_rate:,.0f} = {0.85 * cores * bare_rate:,.0f} rows/s"
        )
        results: dict[tuple[str, int], float] = {}
        for (kind, rows), path in files.items():
            for workers in (1,) if rows == args.scaling_rows else (cores,):
                bare = bare_csv_rate(path)
                elapsed, peak, cpu, main_cpu = run_audit(path, workers)
                rate = rows / elapsed
                results[(kind, workers)] = rate
                per_row, main_per_row = cpu / rows, main_cpu / rows
                # On an idle machine: every core busy, unless the main process's serial share
                # (reading, handing over, writing) is the slower of the two.
                idle = min(cores / per_row, 1 / main_per_row) if workers > 1 else 1 / per_row
                print(
                    f"{kind:>13}: {rows:>9,} rows, {workers} worker(s): {elapsed:8.1f} s  {rate:9,.0f} rows/s"
                    f"  bare csv.reader {bare:11,.0f} rows/s  ratio {bare / rate:6.1f}x"
                    f"  CPU {per_row * 1e6:6.1f} us/row (main process {main_per_row * 1e6:5.1f})"
                    f"  idle-machine estimate {idle:9,.0f} rows/s"
                    f"  peak RSS {peak / 1024:7.1f} MiB  load {os.getloadavg()[0]:.2f}"
                )
        for kind in ("no passwords", "passwords"):
            if (kind, 1) in results and (kind, cores) in results:
                print(
                    f"scaling 1 -> {cores} workers ({kind}): {results[(kind, cores)] / results[(kind, 1)]:.2f}x"
                )
        if ("passwords", cores) in results:
            achieved = results[("passwords", cores)] / (cores * bare_rate)
            print(
                f"audit with passwords / ({cores} x bare zxcvbn rate) = {achieved:.2f} (target >= 0.85)"
            )


if __name__ == "__main__":
    main()
