"""The work identities of the people in an export, kept on disk so memory stays flat.

The cross-row check "separate usernames for work and leisure" needs every person's work
usernames and addresses before their leisure rows are judged, and exports are not sorted.
A temporary SQLite index holds them (page cache bounded to a few MiB), so an export of any
size is audited in constant memory. The file is deleted when the store closes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from types import TracebackType

__all__ = ["WorkIdentityStore"]

_MAX_PER_KIND = 50  # as many as a registration accepts
_BATCH = 5000
_USERNAME, _EMAIL = 0, 1


class WorkIdentityStore:
    """Work usernames and e-mail addresses by person id, on disk.

    Use as a context manager; add everything, then look people up.
    """

    def __init__(self) -> None:
        handle, self._path = tempfile.mkstemp(prefix="somepolicy-identities-", suffix=".sqlite")
        os.close(handle)
        self._db = sqlite3.connect(self._path)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("PRAGMA cache_size = -4096")  # KiB
        self._db.execute(
            "CREATE TABLE identity (person TEXT, kind INTEGER, value TEXT,"
            " PRIMARY KEY (person, kind, value)) WITHOUT ROWID"
        )
        self._pending: list[tuple[str, int, str]] = []

    def __enter__(self) -> WorkIdentityStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def add(self, person: str, username: str | None, email: str | None) -> None:
        """Record a work username and/or address of ``person``."""
        if username:
            self._pending.append((person, _USERNAME, username))
        if email:
            self._pending.append((person, _EMAIL, email))
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT OR IGNORE INTO identity VALUES (?, ?, ?)", self._pending)
            self._pending.clear()

    def get(self, person: str) -> tuple[list[str], list[str]] | None:
        """Return (usernames, e-mail addresses) of ``person``, or None when unknown."""
        self._flush()
        rows: Iterable[tuple[int, str]] = self._db.execute(
            "SELECT kind, value FROM identity WHERE person = ? ORDER BY kind, value", (person,)
        )
        usernames: list[str] = []
        emails: list[str] = []
        for kind, value in rows:
            bucket = usernames if kind == _USERNAME else emails
            if len(bucket) < _MAX_PER_KIND:
                bucket.append(value)
        if not usernames and not emails:
            return None
        return usernames, emails

    def close(self) -> None:
        """Drop the index and delete its file."""
        self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self._path)
