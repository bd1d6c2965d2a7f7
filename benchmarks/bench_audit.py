"""Throughput and memory of `somepolicy audit` on a generated export.

Run: python benchmarks/bench_audit.py [--rows 1000000] [--scaling-rows 200000] [--no-passwords]
     python benchmarks/bench_audit.py --speed   # issue 8's target: 100,000 and 1,000,000 rows

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
# process's own CPU time, the CPU time of its pass 1 (during which the workers wait), and
# that of the index writer process running beside pass 1 (joined by its end), to the file
# named by SOMEPOLICY_BENCH_CPU.
_SPLIT_CPU = """
import os, resource, sys, time
from aanekoski_somepolicy._audit import run
from aanekoski_somepolicy._cli.main import main
pass_1 = [0.0, 0.0]
prepare = run.Audit.prepare
def children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
def timed(self):
    start, beside = time.process_time(), children()
    prepare(self)
    pass_1[0] += time.process_time() - start
    pass_1[1] += children() - beside
run.Audit.prepare = timed
try:
    code = main(sys.argv[1:])
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["SOMEPOLICY_BENCH_CPU"], "w") as handle:
        handle.write(f"{usage.ru_utime + usage.ru_stime} {pass_1[0]} {pass_1[1]}")
sys.exit(code)
"""


def run_audit(path: Path, workers: int) -> tuple[float, int, float, float, float, float]:
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
    main_cpu, pass_1_cpu, writer_cpu = map(float, main_cpu_file.read_text().split())
    return elapsed, peak, children_cpu() - cpu, main_cpu, pass_1_cpu, writer_cpu


def idle_estimates(
    cores: int, total: float, main: float, pass_1: float, writer: float = 0.0
) -> tuple[float, float]:
    """Rows/s on an idle machine with ``cores`` cores, from CPU seconds per row.

    ``total``: all processes; ``main``: the main process; ``pass_1``: the main process's pass 1;
    ``writer``: the index writer process, which runs beside pass 1 (several workers only).
    The first figure is the issue's: ``1 / max(total / cores, main)`` (every core busy, unless
    the main process is the slower part). The second is stricter: pass 1 runs first (the
    workers wait for the identity index), as long as the slower of it and the writer, then
    the rest runs on every core, so a row takes
    ``max(pass_1, writer) + max((total - pass_1 - writer) / cores, main - pass_1)``.
    """
    if cores == 1:
        return 1 / total, 1 / total
    spread = 1 / max(total / cores, main)
    rest = total - pass_1 - writer
    serial_first = 1 / (max(pass_1, writer) + max(rest / cores, main - pass_1))
    return spread, serial_first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--scaling-rows", type=int, default=200_000, help="rows for the 1-worker runs"
    )
    parser.add_argument(
        "--no-passwords", action="store_true", help="measure only the exports without passwords"
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help="issue 8's speed target: no passwords, all cores at 100,000 and --rows, 1 worker at 100,000",
    )
    args = parser.parse_args()
    if args.speed:
        args.no_passwords = True
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
        runs = [
            (kind, rows, workers)
            for kind, rows in files
            for workers in ((1,) if rows == args.scaling_rows else (cores,))
        ]
        if args.speed:
            files = {
                ("no passwords", rows): folder / f"plain-{rows}.csv"
                for rows in (100_000, args.rows)
            }
            runs = [
                ("no passwords", 100_000, cores),
                ("no passwords", args.rows, cores),
                ("no passwords", 100_000, 1),
            ]
        for (kind, rows), path in files.items():
            generate(path, rows, pool if kind == "passwords" else None)
        bare_rate = 0.0
        if not args.no_passwords:
            # Bare zxcvbn() on the same passwords, single core, in this run.
            start = time.perf_counter()
            calls = 0
            for password in pool * 2:
                zxcvbn(password, user_inputs=["aino", "korhonen", "facebook"])
                calls += 1
            bare_rate = calls / (time.perf_counter() - start)
            print(
                f"bare zxcvbn(): {bare_rate:,.0f} calls/s on one core; target for the audit with"
                f" passwords: 0.85 x {cores} x {bare_rate:,.0f} = {0.85 * cores * bare_rate:,.0f} rows/s"
            )
        results: dict[tuple[str, int], float] = {}
        for kind, rows, workers in runs:
            path = files[(kind, rows)]
            bare = bare_csv_rate(path)
            elapsed, peak, cpu, main_cpu, pass_1_cpu, writer_cpu = run_audit(path, workers)
            rate = rows / elapsed
            results[(kind, workers)] = rate
            per_row, main_per_row, pass_1_per_row = cpu / rows, main_cpu / rows, pass_1_cpu / rows
            writer_per_row = writer_cpu / rows
            spread, serial_first = idle_estimates(
                cores if workers > 1 else 1, per_row, main_per_row, pass_1_per_row, writer_per_row
            )
            print(
                f"{kind:>13}: {rows:>9,} rows, {workers} worker(s): {elapsed:8.1f} s  {rate:9,.0f} rows/s"
                f"  bare csv.reader {bare:11,.0f} rows/s  ratio {bare / rate:6.1f}x"
                f"  CPU {per_row * 1e6:6.1f} us/row (main process {main_per_row * 1e6:5.1f},"
                f" its pass 1 {pass_1_per_row * 1e6:4.1f}; index writer beside it"
                f" {writer_per_row * 1e6:4.1f})"
                f"  idle {cores if workers > 1 else 1}-core estimate {spread:9,.0f} rows/s (pass 1 alone first: {serial_first:,.0f})"
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
