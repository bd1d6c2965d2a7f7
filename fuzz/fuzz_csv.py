"""Fuzz target: the csv check of fuzz/_harness.py under atheris.

Run: python fuzz/fuzz_csv.py -max_total_time=60 fuzz/corpus/csv  (or fuzz/run.sh csv 60)
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["aanekoski_somepolicy", "_harness"]):
    from _harness import CHECKS

if __name__ == "__main__":
    atheris.Setup(sys.argv, CHECKS["csv"])
    atheris.Fuzz()
