"""Regenerate the look-alike prototype table that username comparison reads.

Usage:
    python scripts/regenerate_confusable_prototypes.py

Run it after upgrading confusable-homoglyphs or changing how prototypes are chosen
(``_accounts/usernames.py``); tests/test_r9_usernames.py fails until the table is current.
The table is only a cache: with a different library version installed, it is ignored and
the prototypes are computed from the library's data.
"""

from __future__ import annotations

from pathlib import Path

from aanekoski_somepolicy._accounts.usernames import PROTOTYPES_NAME, prototypes_file

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "aanekoski_somepolicy" / "data" / PROTOTYPES_NAME
)


def main() -> None:
    OUT.write_text(prototypes_file() + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
