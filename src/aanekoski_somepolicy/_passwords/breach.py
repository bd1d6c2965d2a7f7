"""Offline breached-password lookups in Have I Been Pwned data, failing closed.

The full corpus is tens of gigabytes, so nothing is loaded: a sorted file of ``HASH:COUNT``
lines is binary-searched with seeks, and a folder of per-prefix files (``00000`` ...
``FFFFF``, each holding ``SUFFIX:COUNT`` lines for one 5-hex prefix) is answered by reading
one small file. Both SHA-1 (40 hex) and NTLM (32 hex, MD4 of the UTF-16LE password) corpora
are read; the kind is detected from the data.

A wrong corpus must never answer "not breached": an empty or unreadable file, hashes of
another length, lines of mixed kinds and unsorted data stop with a
:class:`~aanekoski_somepolicy.exceptions.ConfigurationError`. Small files are verified whole
when opened; in a large file, evenly spaced sample lines are verified when opened and every
line the search meets must lie between the lines it has already met.

Only the hash is ever compared; the password and its hash are never stored, logged, cached or
put into an error message.
"""

from __future__ import annotations

import hashlib
import os
import re
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from .._i18n import Message, os_reason
from ..exceptions import ConfigurationError
from .nt import nt_hex

__all__ = ["BreachCorpus", "HashKind"]

_LINE = re.compile(rb"^([0-9A-Fa-f]{1,64}):(\d{1,12})\r?$")
_PREFIX_FILE_LIMIT = 16 * 1024 * 1024
_PREFIX_NAME = re.compile(r"^[0-9A-Fa-f]{5}(?:\.txt)?$")
# Files up to this size are verified line by line when opened.
_VERIFY_WHOLE = 1024 * 1024
# Sample lines verified in order when a larger file is opened.
_SAMPLES = 64
# Folder entries looked at to find a prefix file that tells the hash kind.
_FOLDER_SCAN = 4096


class HashKind(StrEnum):
    """The hash a corpus holds."""

    SHA1 = "sha1"
    NTLM = "ntlm"

    @property
    def hex_length(self) -> int:
        """Hex digits of a whole hash."""
        return 40 if self is HashKind.SHA1 else 32


_BY_LENGTH = {kind.hex_length: kind for kind in HashKind}
_BY_SUFFIX_LENGTH = {kind.hex_length - 5: kind for kind in HashKind}


def _at(path: Path, line: int | None) -> str:
    """Where in a corpus: the file, and its line when known."""
    return Message("config", "file-line", name=path, line=line) if line else str(path)


def nt_hash(password: str) -> str:
    """Return the NT hash (MD4 of UTF-16LE) of ``password`` in upper-case hex.

    Raises:
        ConfigurationError: pycryptodome (the ``hashes`` extra) is not installed.
    """
    return nt_hex(password)


def _sha1(password: str) -> str:
    data = password.encode("utf-8", "surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest().upper()


_BLANK_LINES_MAX = 1000


class BreachCorpus:
    """A local copy of breached-password hashes (SHA-1 or NTLM).

    Args:
        path: A sorted ``HASH:COUNT`` file, or a folder of 5-hex prefix files.
        max_line: The longest line accepted, in bytes; longer lines mean a wrong file.

    Raises:
        ConfigurationError: The path does not exist, cannot be read, is empty, holds no
            SHA-1 or NTLM hashes, mixes hash kinds, or is not sorted; an NTLM corpus without
            the ``hashes`` extra installed.
    """

    kind: HashKind

    def __init__(self, path: str | os.PathLike[str], *, max_line: int = 128) -> None:
        self.path = Path(path)
        self._max_line = max_line
        try:
            if self.path.is_dir():
                self._folder = True
                self.kind = self._folder_kind()
            elif self.path.is_file():
                self._folder = False
                with self.path.open("rb") as handle:
                    self.kind = self._file_kind(handle)
            else:
                raise ConfigurationError(Message("config", "breach-not-found", name=self.path))
        except OSError as error:
            raise ConfigurationError(
                Message("config", "breach-unreadable", name=self.path, why=os_reason(error))
            ) from None
        if self.kind is HashKind.NTLM:
            nt_hash("")  # fail now, not at the first password

    def __repr__(self) -> str:
        layout = "folder" if self._folder else "file"
        return f"BreachCorpus({str(self.path)!r}, {layout}, {self.kind.value})"

    def digest(self, password: str) -> str:
        """Return the hash of ``password`` this corpus is keyed by (never show it)."""
        return nt_hash(password) if self.kind is HashKind.NTLM else _sha1(password)

    def count(self, password: str) -> int:
        """Return how often ``password`` appears in the corpus (0 when absent).

        Raises:
            ConfigurationError: The corpus is unreadable or malformed where it was read.
        """
        return self.count_digest(self.digest(password))

    def count_digest(self, digest: str) -> int:
        """Return how often the hash ``digest`` (upper-case hex) appears (0 when absent).

        Raises:
            ConfigurationError: The corpus is unreadable or malformed where it was read.
        """
        try:
            if self._folder:
                return self._count_in_folder(digest)
            with self.path.open("rb") as handle:
                return self._count_in_sorted(handle, digest)
        except OSError as error:
            raise ConfigurationError(
                Message("config", "breach-unreadable", name=self.path, why=os_reason(error))
            ) from None

    # -- opening ---------------------------------------------------------------------------

    def _file_kind(self, handle: BinaryIO) -> HashKind:
        """Detect the hash kind of a sorted file and verify its order (whole or sampled)."""
        size = handle.seek(0, os.SEEK_END)
        handle.seek(0)
        first: tuple[str, int] | None = None
        number = 0
        while first is None:
            raw = handle.readline(self._max_line + 1)
            number += 1
            if not raw or number > _BLANK_LINES_MAX:
                raise ConfigurationError(Message("config", "breach-empty", where=self.path))
            first = self._parse(raw, self.path, number)
        kind = _BY_LENGTH.get(len(first[0]))
        if kind is None:
            raise ConfigurationError(
                Message(
                    "config",
                    "breach-hash-length",
                    where=_at(self.path, number),
                    digits=len(first[0]),
                )
            )
        self.kind = kind
        if size <= _VERIFY_WHOLE:
            handle.seek(0)
            previous = ""
            for number, raw in enumerate(handle, 1):
                parsed = self._parse(raw, self.path, number)
                if parsed is None:
                    continue
                self._check_length(parsed[0], self.path, number)
                if parsed[0] <= previous:
                    raise self._unsorted(self.path, number)
                previous = parsed[0]
            return kind
        previous = ""
        for sample in range(_SAMPLES + 1):
            handle.seek(size * sample // (_SAMPLES + 1))
            if sample:
                handle.readline()  # finish the line the seek landed in
            parsed = self._next_entry(handle)
            if parsed is None:
                break
            if parsed[0] <= previous:
                raise self._unsorted(self.path, None)
            previous = parsed[0]
        return kind

    def _folder_kind(self) -> HashKind:
        """Detect the hash kind from the first prefix file of the folder."""
        with os.scandir(self.path) as entries:
            for index, entry in enumerate(entries):
                if index >= _FOLDER_SCAN:
                    break
                if _PREFIX_NAME.match(entry.name) and entry.is_file():
                    lines = self._prefix_lines(Path(entry.path))
                    length = len(lines[0][0])
                    kind = _BY_SUFFIX_LENGTH.get(length) or _BY_LENGTH.get(length)
                    if kind is None:
                        raise ConfigurationError(
                            Message(
                                "config",
                                "breach-suffix-length",
                                where=_at(Path(entry.path), 1),
                                digits=length,
                            )
                        )
                    self.kind = kind
                    return kind
        raise ConfigurationError(Message("config", "breach-no-prefix-files", where=self.path))

    # -- looking up ------------------------------------------------------------------------

    def _prefix_lines(self, path: Path) -> list[tuple[str, int]]:
        """Every entry of a prefix file, verified (non-empty, sorted, one hash length)."""
        if path.stat().st_size > _PREFIX_FILE_LIMIT:
            raise ConfigurationError(
                Message("config", "breach-prefix-too-large", where=path, limit=_PREFIX_FILE_LIMIT)
            )
        entries: list[tuple[str, int]] = []
        for number, raw in enumerate(path.read_bytes().splitlines(), 1):
            parsed = self._parse(raw, path, number)
            if parsed is None:
                continue
            if entries and len(parsed[0]) != len(entries[0][0]):
                raise ConfigurationError(
                    Message("config", "breach-mixed-lengths", where=_at(path, number))
                )
            if entries and parsed[0] <= entries[-1][0]:
                raise self._unsorted(path, number)
            entries.append(parsed)
        if not entries:
            raise ConfigurationError(Message("config", "breach-prefix-empty", where=path))
        return entries

    def _count_in_folder(self, digest: str) -> int:
        prefix, suffix = digest[:5], digest[5:]
        for name in (prefix, prefix + ".txt", prefix.lower(), prefix.lower() + ".txt"):
            candidate = self.path / name
            if candidate.is_file():
                break
        else:
            return 0
        whole, part = self.kind.hex_length, self.kind.hex_length - 5
        for hash_part, count in self._prefix_lines(candidate):
            if len(hash_part) not in (whole, part):
                raise self._wrong_length(hash_part, candidate, None)
            if hash_part in (suffix, digest):
                return count
        return 0

    def _count_in_sorted(self, handle: BinaryIO, digest: str) -> int:
        size = handle.seek(0, os.SEEK_END)
        low, high = 0, size
        # Hashes met at ``low`` and ``high``: every line in between must lie between them.
        low_hash, high_hash = "", "G"
        # Invariant: a matching line, if any, starts in [low, high).
        while high - low > self._max_line * 2:
            middle = (low + high) // 2
            handle.seek(middle)
            handle.readline()
            start = handle.tell()
            if start >= high:
                high = middle
                continue
            parsed = self._next_entry(handle)
            if parsed is None:
                high = middle
                continue
            hash_part, count = parsed
            if not low_hash < hash_part < high_hash:
                raise self._unsorted(self.path, None)
            if hash_part == digest:
                return count
            if hash_part < digest:
                low, low_hash = start, hash_part
            else:
                high, high_hash = middle, hash_part
        handle.seek(low)
        if low:
            handle.readline()
        # The line at ``low`` (when low > 0) is skipped: every line read must be above it.
        previous = low_hash
        found = 0
        # Read the whole window (a few lines) so that disorder inside it is seen too.
        while handle.tell() <= high:
            raw = handle.readline(self._max_line + 1)
            if not raw:
                break
            parsed = self._parse(raw, self.path, None)
            if parsed is None:
                continue
            hash_part, count = parsed
            self._check_length(hash_part, self.path, None)
            if not previous < hash_part < high_hash:
                raise self._unsorted(self.path, None)
            previous = hash_part
            if hash_part == digest:
                found = count
        return found

    # -- parsing ---------------------------------------------------------------------------

    def _next_entry(self, handle: BinaryIO) -> tuple[str, int] | None:
        """The next non-blank entry from the handle's position, or None at the end."""
        while True:
            raw = handle.readline(self._max_line + 1)
            if not raw:
                return None
            parsed = self._parse(raw, self.path, None)
            if parsed is not None:
                self._check_length(parsed[0], self.path, None)
                return parsed

    def _check_length(self, hash_part: str, where: Path, line: int | None) -> None:
        if len(hash_part) != self.kind.hex_length:
            raise self._wrong_length(hash_part, where, line)

    def _wrong_length(self, hash_part: str, where: Path, line: int | None) -> ConfigurationError:
        return ConfigurationError(
            Message(
                "config",
                "breach-wrong-length",
                where=_at(where, line),
                digits=len(hash_part),
                kind=self.kind.value,
                expected=self.kind.hex_length,
            )
        )

    @staticmethod
    def _unsorted(where: Path, line: int | None) -> ConfigurationError:
        return ConfigurationError(Message("config", "breach-unsorted", where=_at(where, line)))

    def _parse(self, raw: bytes, where: Path, line: int | None) -> tuple[str, int] | None:
        raw = raw.rstrip(b"\n")
        if not raw.strip():
            return None
        if len(raw) > self._max_line:
            raise ConfigurationError(
                Message("config", "breach-long-line", where=_at(where, line), limit=self._max_line)
            )
        match = _LINE.match(raw)
        if match is None:
            raise ConfigurationError(Message("config", "breach-not-hibp", where=_at(where, line)))
        return match.group(1).decode("ascii").upper(), int(match.group(2))
