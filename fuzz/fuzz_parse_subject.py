"""Fuzz target: ``parse_subject`` and the evaluation of whatever it accepts.

Run: ``python fuzz/fuzz_parse_subject.py -max_total_time=60 fuzz/corpus/parse_subject``

Input bytes are read as JSON; an object goes to :func:`parse_subject`, which may only
answer with a subject or an :class:`InvalidSubjectError`; a subject is then evaluated by
every check (the password is left out: the password judge has its own target). Any other
exception is a crash.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from aanekoski_somepolicy import Engine, InvalidSubjectError, parse_subject

ENGINE = Engine()
ON = date(2026, 11, 24)


def test_one_input(data: bytes) -> None:
    """Parse and evaluate one input."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        return  # not JSON: the readers' targets cover that
    if not isinstance(value, dict):
        return
    value.pop("password", None)
    try:
        subject = parse_subject(value)
    except InvalidSubjectError:
        return
    ENGINE.evaluate(subject, on=ON)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
