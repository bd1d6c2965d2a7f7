"""Password feedback latency (what a registration form calls as the user types).

Against bare zxcvbn() on the same passwords, interleaved in the same run. Besides wall time,
each call's CPU time (this thread's) is reported: on a machine shared with other jobs, wall
percentiles in the tail measure the scheduler (the process waiting for a core) more than the
code, and CPU percentiles show what the code itself costs.

Run: python benchmarks/bench_feedback.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import sys
from functools import partial
from pathlib import Path

from zxcvbn import zxcvbn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, percentile, summary, timed_with_cpu
from bench_registration import typical_passwords

from aanekoski_somepolicy import password_feedback


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer samples (for smoke runs)")
    args = parser.parse_args()
    rng = random.Random(20261129)
    passwords = typical_passwords(100 if args.quick else 1000, rng)
    feedback = partial(
        password_feedback, service="Facebook", first_name="Matti", last_name="Virtanen"
    )
    feedback("warm up the word lists")
    bare: list[float] = []
    ours: list[float] = []
    bare_cpu: list[float] = []
    ours_cpu: list[float] = []
    for password in passwords:
        wall, cpu = timed_with_cpu(
            partial(zxcvbn, password, user_inputs=["matti", "virtanen", "facebook"])
        )
        bare.append(wall)
        bare_cpu.append(cpu)
        wall, cpu = timed_with_cpu(partial(feedback, password, lang="fi"))
        ours.append(wall)
        ours_cpu.append(cpu)
    print(machine())
    print(f"wall  bare zxcvbn()      {summary(bare)}")
    print(f"wall  password_feedback  {summary(ours)}")
    print(f"CPU   bare zxcvbn()      {summary(bare_cpu)}")
    print(f"CPU   password_feedback  {summary(ours_cpu)}")
    for label, a, b in (("wall", ours, bare), ("CPU ", ours_cpu, bare_cpu)):
        print(
            f"{label}  ratio p50 {percentile(a, 0.5) / percentile(b, 0.5):.2f}x  "
            f"p99 {percentile(a, 0.99) / percentile(b, 0.99):.2f}x"
        )


if __name__ == "__main__":
    main()
