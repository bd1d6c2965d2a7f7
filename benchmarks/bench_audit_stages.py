"""CPU time per row of each stage of an audit, in one process, best of N.

Run: python benchmarks/bench_audit_stages.py EXPORT.csv [REPEATS] [--no-freeze]

The stages are those `Audit` runs on a delimited file, timed with `time.process_time` one
after another on the same data. Main process: pass 1 (reading, collecting identities,
planning the parts), unpickling results, merging, counting and writing JSON Lines. Worker:
reading and evaluating its parts, pickling results. It shows where the CPU goes without the
Pool's threads and start-up; `bench_audit.py` measures the whole process tree. Generate an
export with `bench_audit.generate` (as `bench_audit.py` does).
"""

from __future__ import annotations

import contextlib
import gc
import io
import pickle
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from aanekoski_somepolicy._audit import run
from aanekoski_somepolicy._audit.readers import RecordSource
from aanekoski_somepolicy._audit.writers.json_report import JsonlWriter

MAIN = ("pass 1", "pickle parts", "unpickle results", "merge", "summary", "write")
WORKER = ("unpickle parts", "read + evaluate", "pickle results")


class Clock:
    """The best CPU time of each named stage over the repeats."""

    def __init__(self) -> None:
        self.best: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.process_time()
        yield
        spent = time.process_time() - start
        self.best[name] = min(self.best.get(name, float("inf")), spent)


def once(path: Path, options: run.AuditOptions, clock: Clock) -> int:
    """Run every stage once; return the number of records."""
    with run.Audit(RecordSource(path), options) as audit:
        store = audit._store
        assert store is not None
        with clock("pass 1"):
            audit.prepare()
        plan, total = audit._plan, audit.total
        assert plan is not None and total is not None, "a delimited file is read in parts"
        with clock("pickle parts"):
            sent = [pickle.dumps((store.path, part)) for part in plan.parts(total)]
        with clock("unpickle parts"):
            received = [pickle.loads(data) for data in sent]
        with clock("read + evaluate"):
            done = [run._evaluate_part(*task) for task in received]
        with clock("pickle results"):
            back = [pickle.dumps(batch) for batch in done]
        with clock("unpickle results"):
            done = [pickle.loads(data) for data in back]
        with clock("merge"):
            merged = [audit._part_results(batch) for batch in done]
        with clock("summary"):
            for results in merged:
                for result in results:
                    audit.summary.add(result)
        writer = JsonlWriter.__new__(JsonlWriter)
        writer.out = io.StringIO()
        with clock("write"):
            for results in merged:
                for result in results:
                    writer.write(result)
        return total or 1


def main() -> None:
    path = Path(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 3
    options = run.AuditOptions(on=date(2026, 11, 29), workers=1)
    clock = Clock()
    if "--no-freeze" not in sys.argv:
        gc.freeze()  # as the audit command does (since round 2 of the speed work)
    rows = 1
    for _ in range(repeats):
        rows = once(path, options, clock)
    best = clock.best
    for name, seconds in best.items():
        print(f"{name:20s} {seconds / rows * 1e6:6.2f} us/row")
    print(f"{'main process':20s} {sum(best[k] for k in MAIN) / rows * 1e6:6.2f} us/row")
    print(f"{'worker':20s} {sum(best[k] for k in WORKER) / rows * 1e6:6.2f} us/row")


if __name__ == "__main__":
    main()
