"""Regenerate the password judge's precompiled word-list index for the default policy.

Usage:
    python scripts/regenerate_judge_index.py

Run it after changing a word list, the password parameters in data/policy.toml, or how the
judge builds its lookups; tests/test_judge_index.py fails until the index is current.
"""

from __future__ import annotations

from pathlib import Path

from aanekoski_somepolicy import default_policy
from aanekoski_somepolicy._passwords.index import INDEX_NAME, dump_index
from aanekoski_somepolicy._passwords.judge import PasswordJudge

OUT = Path(__file__).resolve().parents[1] / "src" / "aanekoski_somepolicy" / "data" / INDEX_NAME


def main() -> None:
    params = default_policy().parameters.password
    OUT.write_bytes(dump_index(params, PasswordJudge._build(params)))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
