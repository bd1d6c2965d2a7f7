"""`somepolicy replay` against two separate audits of the same export, one per policy.

Run: python benchmarks/bench_replay.py [--rows 20000] [--repeats 3] [--workers 1]

Measures, in one run, on the same machine and generated export (bench_audit's generator,
with passwords): the wall and CPU time of `somepolicy audit` under the shipped policy, of
`somepolicy audit` under the proposed change (the worked example of docs/policy-change.md:
minimum length 16 and `suolahti` a banned term), and of `somepolicy replay` of the change.
Each is a fresh process (as a user runs them); the best of ``--repeats`` runs counts. The
target (issue 11) is replay <= 0.75 x the two audits' summed time.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine
from bench_audit import generate
from bench_registration import typical_passwords

CHANGE = """[metadata]
version = "1.1.0"
[parameters.password]
min_length = 16
[add.parameters.password]
banned_terms = ["suolahti"]
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (a fresh process tree)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "aanekoski_somepolicy"]
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        generate(export, args.rows, typical_passwords(5000, random.Random(3)))
        change = Path(folder) / "change.toml"
        change.write_text(CHANGE, encoding="utf-8")
        common = ["--workers", str(args.workers), "--on", "2026-11-24"]
        audit = [*cli, "audit", str(export), "--format", "json", "--fail-on", "never", *common]
        runs = {
            "audit, old policy": [*audit, "--no-progress"],
            "audit, new policy": [*audit, "--no-progress", "--overlay", str(change)],
            "replay old -> new": [
                *cli,
                "replay",
                str(export),
                "--overlay",
                str(change),
                "--format",
                "json",
                *common,
            ],
        }
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.repeats):
            for name, command in runs.items():
                wall, cpu = measure(command)
                old = best.get(name)
                best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    print(f"machine: {machine()}")
    print(
        f"export: {args.rows:,} rows with passwords, workers {args.workers}, best of {args.repeats}"
    )
    for name, (wall, cpu) in best.items():
        print(f"  {name:<20} wall {wall:7.2f} s   cpu {cpu:7.2f} s")
    audits_wall = best["audit, old policy"][0] + best["audit, new policy"][0]
    audits_cpu = best["audit, old policy"][1] + best["audit, new policy"][1]
    wall, cpu = best["replay old -> new"]
    print(
        f"replay / (two audits): wall {wall / audits_wall:.2f}x, cpu {cpu / audits_cpu:.2f}x "
        "(target <= 0.75x)"
    )


if __name__ == "__main__":
    main()
