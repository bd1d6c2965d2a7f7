"""Regenerate the JSON copy of the message catalog that processes load at start-up.

Usage:
    python scripts/regenerate_message_cache.py

`data/messages.toml` is the source; the copy names its SHA-256 and is ignored when the TOML
changed without this script (tests/test_languages.py fails until it is current).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from aanekoski_somepolicy._i18n import MESSAGES_CACHE, catalog_source

OUT = Path(__file__).resolve().parents[1] / "src" / "aanekoski_somepolicy" / MESSAGES_CACHE


def main() -> None:
    data, digest = catalog_source()
    catalog = tomllib.loads(data.decode("utf-8"))
    text = json.dumps({"source_sha256": digest, "catalog": catalog}, ensure_ascii=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
