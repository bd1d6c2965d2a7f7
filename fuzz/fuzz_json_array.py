"""Fuzz target: the json_array check of fuzz/_harness.py under atheris.

Run: python fuzz/fuzz_json_array.py -max_total_time=60 fuzz/corpus/json_array  (or fuzz/run.sh json_array 60)
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["aanekoski_somepolicy", "_harness"]):
    from _harness import CHECKS

if __name__ == "__main__":
    atheris.Setup(sys.argv, CHECKS["json_array"])
    atheris.Fuzz()
