"""Password feedback latency (what a registration form calls as the user types).

Against bare zxcvbn() on the same passwords, interleaved in the same run.

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

from _common import machine, percentile, summary, timed
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
    for password in passwords:
        bare.append(timed(partial(zxcvbn, password, user_inputs=["matti", "virtanen", "facebook"])))
        ours.append(timed(partial(feedback, password, lang="fi")))
    print(machine())
    print(f"bare zxcvbn()      {summary(bare)}")
    print(f"password_feedback  {summary(ours)}")
    print(
        f"ratio p50 {percentile(ours, 0.5) / percentile(bare, 0.5):.2f}x  "
        f"p99 {percentile(ours, 0.99) / percentile(bare, 0.99):.2f}x"
    )


if __name__ == "__main__":
    main()
