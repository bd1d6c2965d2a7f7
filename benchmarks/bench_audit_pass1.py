"""CPU time per row of the audit's pass 1 (the identity index, the record count, the parts).

Run: python benchmarks/bench_audit_pass1.py [ROWS] [REPEATS]

Generates an export without passwords as `bench_audit.py` does and runs `Audit.prepare` on it,
best of REPEATS, with one worker (the index written in the main process) and with two (the
index written by a process of its own beside the main process). It prints the main
process's CPU per row and the writer's: on an idle machine with two cores pass 1 lasts
about as long as the larger of the two, while the workers wait. To compare two versions,
run it with PYTHONPATH pointing at each one's `src/`, alternately, in the same session.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_audit import generate

from aanekoski_somepolicy._audit import run
from aanekoski_somepolicy._audit.readers import RecordSource


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pass_1(path: Path, workers: int, repeats: int) -> tuple[float, float, int]:
    """The best main-process and writer CPU seconds of pass 1, and the records read."""
    options = run.AuditOptions(on=date(2026, 11, 29), workers=workers)
    best_main = best_writer = float("inf")
    total = 0
    for _ in range(repeats):
        with run.Audit(RecordSource(path), options) as audit:
            beside, start = children_cpu(), time.process_time()
            audit.prepare()
            main = time.process_time() - start
            writer = children_cpu() - beside  # the writer is joined when the index is sealed
            total = audit.total or 1
        best_main, best_writer = min(best_main, main), min(best_writer, writer)
    return best_main, best_writer, total


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "plain.csv"
        generate(path, rows, None)
        for workers in (1, 2):
            main_cpu, writer_cpu, total = pass_1(path, workers, repeats)
            print(
                f"{workers} worker(s), {total:,} rows: pass 1 main process"
                f" {main_cpu / total * 1e6:5.2f} us/row, index writer {writer_cpu / total * 1e6:5.2f}"
                f" us/row, pass 1 holds the machine {max(main_cpu, writer_cpu) / total * 1e6:5.2f}"
                " us/row"
            )


if __name__ == "__main__":
    main()
