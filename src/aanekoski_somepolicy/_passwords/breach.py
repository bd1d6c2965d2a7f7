"""Offline breached-password lookups in Have I Been Pwned data.

The full corpus is tens of gigabytes, so nothing is loaded: a sorted file of
``SHA1HEX:COUNT`` lines is binary-searched with seeks, and a folder of per-prefix files
(``00000`` ... ``FFFFF``, each holding ``SUFFIX:COUNT`` lines for one 5-hex prefix) is
answered by reading one small file. Only the hash is ever compared; the password itself is
never stored, logged or cached.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import BinaryIO

from .._i18n import Message, os_reason
from ..exceptions import ConfigurationError

__all__ = ["BreachCorpus"]

_LINE = re.compile(rb"^([0-9A-Fa-f]{5,40}):(\d{1,12})\r?$")
_PREFIX_FILE_LIMIT = 16 * 1024 * 1024


class BreachCorpus:
    """A local copy of breached-password hashes (SHA-1).

    Args:
        path: A sorted ``SHA1:COUNT`` file, or a folder of 5-hex prefix files.
        max_line: The longest line accepted, in bytes; longer lines mean a wrong file.

    Raises:
        ConfigurationError: The path does not exist or is neither a file nor a folder.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_line: int = 128) -> None:
        self.path = Path(path)
        self._max_line = max_line
        if self.path.is_dir():
            self._folder = True
        elif self.path.is_file():
            self._folder = False
        else:
            raise ConfigurationError(Message("config", "breach-not-found", name=self.path))

    def __repr__(self) -> str:
        kind = "folder" if self._folder else "file"
        return f"BreachCorpus({str(self.path)!r}, {kind})"

    def count(self, password: str) -> int:
        """Return how often ``password`` appears in the corpus (0 when absent).

        Raises:
            ConfigurationError: The corpus is unreadable or malformed where it was read.
        """
        digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
        try:
            if self._folder:
                return self._count_in_folder(digest)
            with self.path.open("rb") as handle:
                return self._count_in_sorted(handle, digest)
        except OSError as error:
            raise ConfigurationError(
                Message("config", "breach-unreadable", name=self.path, why=os_reason(error))
            ) from None

    def _count_in_folder(self, digest: str) -> int:
        prefix, suffix = digest[:5], digest[5:]
        for name in (prefix, prefix + ".txt", prefix.lower(), prefix.lower() + ".txt"):
            candidate = self.path / name
            if candidate.is_file():
                break
        else:
            return 0
        if candidate.stat().st_size > _PREFIX_FILE_LIMIT:
            raise ConfigurationError(
                f"{candidate}: prefix file is larger than {_PREFIX_FILE_LIMIT} bytes"
            )
        for number, raw in enumerate(candidate.read_bytes().splitlines(), 1):
            parsed = self._parse(raw, candidate, number)
            if parsed is None:
                continue
            hash_part, count = parsed
            if hash_part[-35:] == suffix and (len(hash_part) == 35 or hash_part == digest):
                return count
        return 0

    def _count_in_sorted(self, handle: BinaryIO, digest: str) -> int:
        size = handle.seek(0, os.SEEK_END)
        low, high = 0, size
        # Invariant: a matching line, if any, starts in [low, high).
        while high - low > self._max_line * 2:
            middle = (low + high) // 2
            handle.seek(middle)
            handle.readline()
            start = handle.tell()
            raw = handle.readline(self._max_line + 1)
            if not raw or start >= high:
                high = middle
                continue
            parsed = self._parse(raw.rstrip(b"\n"), self.path, None)
            if parsed is None:
                high = middle
                continue
            hash_part, count = parsed
            if hash_part == digest:
                return count
            if hash_part < digest:
                low = start
            else:
                high = middle
        handle.seek(low)
        if low:
            handle.readline()
        while handle.tell() <= high:
            raw = handle.readline(self._max_line + 1)
            if not raw:
                break
            parsed = self._parse(raw.rstrip(b"\n"), self.path, None)
            if parsed is None:
                continue
            hash_part, count = parsed
            if hash_part == digest:
                return count
            if hash_part > digest:
                break
        return 0

    def _parse(self, raw: bytes, where: Path, line: int | None) -> tuple[str, int] | None:
        if not raw.strip():
            return None
        if len(raw) > self._max_line:
            at = f" line {line}" if line else ""
            raise ConfigurationError(
                f"{where}{at}: line longer than {self._max_line} bytes; not HIBP data"
            )
        match = _LINE.match(raw)
        if match is None:
            at = f" line {line}" if line else ""
            raise ConfigurationError(f"{where}{at}: expected HASH:COUNT lines (SHA-1 hex)")
        return match.group(1).decode("ascii").upper(), int(match.group(2))
