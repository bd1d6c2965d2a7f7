"""Fuzz target: password-hash dump lines (pwdump, secretsdump, ``user:nthash``).

Every line either gives an account, an error naming its line, or nothing (blank, comment,
tool progress); nothing raises, and no error shows a run of 16 hex digits from its line
(a hash, or part of one).

Run: python fuzz/fuzz_hash_dump.py -max_total_time=60
"""

from __future__ import annotations

import re
import sys

import atheris

with atheris.instrument_imports(include=["aanekoski_somepolicy"]):
    from aanekoski_somepolicy._audit.hashes.dump import DumpAccount, DumpError, parse_line

_HEX = re.compile(r"[0-9A-Fa-f]{16,}")


def check(data: bytes) -> None:
    """Parse each line of ``data``; fail on an exception or a hash shown in an error."""
    text = data.decode("utf-8", "replace")
    for number, line in enumerate(text.split("\n"), 1):
        entry = parse_line(line, number)
        if entry is None:
            continue
        if isinstance(entry, DumpAccount):
            assert len(entry.nt) == 16
            continue
        assert isinstance(entry, DumpError)
        assert entry.message.startswith(f"line {number}:")
        for run in _HEX.findall(line):
            assert run not in entry.message and run not in entry.account, "a hash is shown"


if __name__ == "__main__":
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()
