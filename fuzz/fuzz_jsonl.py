"""Fuzz target: the jsonl check of fuzz/_harness.py under atheris.

Run: python fuzz/fuzz_jsonl.py -max_total_time=60 fuzz/corpus/jsonl  (or fuzz/run.sh jsonl 60)
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["aanekoski_somepolicy", "_harness"]):
    from _harness import CHECKS

if __name__ == "__main__":
    atheris.Setup(sys.argv, CHECKS["jsonl"])
    atheris.Fuzz()
