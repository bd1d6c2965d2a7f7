"""Wall time of one `somepolicy check` process, against `python -c pass` in the same run.

The two commands alternate (A B A B ...), so that machine noise hits both alike; the median
of each and the median of the per-pair ratios are reported, for wall time and for CPU time
(user + system of the child, which other jobs on the machine disturb far less).

The package's bytecode is compiled first, as installing a wheel does: with
PYTHONDONTWRITEBYTECODE set (as on the shared development machines) an editable install
would otherwise compile every module of the package in every run, about 50 ms that no
installed copy pays.

Run: python benchmarks/bench_check.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
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


def wall(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import aanekoski_somepolicy

    compileall.compile_dir(Path(aanekoski_somepolicy.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.json"
        path.write_text(json.dumps(REGISTRATION), encoding="utf-8")
        check = [sys.executable, "-m", "aanekoski_somepolicy", "check", "--input", str(path)]
        baseline = [sys.executable, "-c", "pass"]
        wall(check)  # warm the page cache
        ours, base = [], []
        for _ in range(args.runs):
            ours.append(wall(check))
            base.append(wall(baseline))
    print(machine())
    for label, index in (("wall", 0), ("CPU ", 1)):
        a = [run[index] for run in ours]
        b = [run[index] for run in base]
        ratios = [x / y for x, y in zip(a, b, strict=True) if y > 0]
        print(
            f"{label}  somepolicy check median {statistics.median(a) * 1000:7.1f} ms   "
            f"python -c pass median {statistics.median(b) * 1000:6.1f} ms   "
            f"ratio (pairwise) median {statistics.median(ratios):.1f}x"
        )


if __name__ == "__main__":
    main()
