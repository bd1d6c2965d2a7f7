"""Wall time of one `somepolicy check` process, against `python -c pass` in the same run.

The two commands alternate (A B A B ...), so that machine noise hits both alike; the median
of each and the median of the per-pair ratios are reported.

Run: python benchmarks/bench_check.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine

# README's example registration, the one `somepolicy check --input` reads in the docs.
REGISTRATION = json.loads(
    (Path(__file__).resolve().parents[1] / "examples" / "registration.json").read_text("utf-8")
)


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.json"
        path.write_text(json.dumps(REGISTRATION), encoding="utf-8")
        check = [sys.executable, "-m", "aanekoski_somepolicy", "check", "--input", str(path)]
        baseline = [sys.executable, "-c", "pass"]
        wall(check)  # the first run writes bytecode caches
        ours, base = [], []
        for _ in range(args.runs):
            ours.append(wall(check))
            base.append(wall(baseline))
    ratios = [a / b for a, b in zip(ours, base, strict=True)]
    print(machine())
    print(f"somepolicy check   median {statistics.median(ours) * 1000:7.1f} ms")
    print(f"python -c pass     median {statistics.median(base) * 1000:7.1f} ms")
    print(f"ratio (pairwise)   median {statistics.median(ratios):.1f}x")


if __name__ == "__main__":
    main()
