"""Fuzz target: the directory check of fuzz/_harness.py under atheris.

Run: python fuzz/fuzz_directory.py -max_total_time=60 fuzz/corpus/directory
(or fuzz/run.sh directory 60)
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["aanekoski_somepolicy", "_harness"]):
    from _harness import CHECKS

if __name__ == "__main__":
    atheris.Setup(sys.argv, CHECKS["directory"])
    atheris.Fuzz()
