"""The work identities of the people in an export, kept on disk so memory stays flat.

The cross-row check "separate usernames for work and leisure" needs every person's work
usernames and addresses before their leisure rows are judged, and exports are not sorted.
A temporary SQLite index holds them (page cache bounded to a few MiB), so an export of any
size is audited in constant memory. Every identity is kept, however many a person has: the
index stores each one's comparison key, so a leisure username is compared with all of them
by one indexed look-up, not by a scan. The file is deleted when the store closes.

The parent process writes the index in the first pass and seals it (with several workers,
a writer process of its own keys and writes what the parent reads, on the core the idle
workers leave free); worker processes then open it read-only (:class:`IdentityIndex`).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import NoReturn

from .._accounts.usernames import identity_key

__all__ = ["SAMPLE", "IdentityIndex", "WorkIdentities", "WorkIdentityStore"]

SAMPLE = 49
"""Identities of each kind handed to the password judge as personal context words."""

_BATCH = 5000
_PREFETCH_CHUNK = 400  # (person, key) pairs per query: well under SQLite's variable limit
_FEW = 64  # identities of a person that a batch's look-up reads whole (see _lookup_many)
_USERNAME, _EMAIL = 0, 1


@dataclass(frozen=True)
class WorkIdentities:
    """What a leisure row is judged with: matches first, then a bounded sample.

    Attributes:
        usernames: A work username equal to the leisure username (if any), then others
            (at most ``SAMPLE + 1`` in all).
        emails: The same for work e-mail addresses.
        count: Counts the person's work identities, all of them (one more look-up).
    """

    usernames: tuple[str, ...]
    emails: tuple[str, ...]
    count: Callable[[], int]

    @property
    def total(self) -> int:
        """How many work identities the person has in all."""
        return self.count()


class WorkIdentityStore:
    """Work usernames and e-mail addresses by person id, on disk.

    Use as a context manager; add everything, :meth:`seal`, then look people up (here or
    through :class:`IdentityIndex` in other processes).

    Args:
        writer: Key and write the identities in a process of its own (started here, with
            Ctrl-C ignored), so that they are written while this process reads on: the
            first pass of an audit on several cores. The index is the same either way.
    """

    def __init__(self, *, writer: bool = False) -> None:
        handle, self.path = tempfile.mkstemp(prefix="somepolicy-identities-", suffix=".sqlite")
        os.close(handle)
        self._pending: list[_Identity] = []
        self._sealed = False
        self._writer: _Writer | None = None
        self._db: sqlite3.Connection | None = None
        try:
            if writer:
                self._writer = _Writer(self.path)
            else:
                self._db = _create(self.path)
        except BaseException:  # Ctrl-C included: the file holds no data yet, but must go
            self.close()
            raise

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
            self._add(person, _USERNAME, username)
        if email:
            self._add(person, _EMAIL, email)

    def add_usernames(self, person: str, values: list[str]) -> None:
        """Record several work usernames of ``person``."""
        for value in values:
            self._add(person, _USERNAME, value)

    def add_emails(self, person: str, values: list[str]) -> None:
        """Record several work e-mail addresses of ``person``."""
        for value in values:
            self._add(person, _EMAIL, value)

    def _add(self, person: str, kind: int, value: str) -> None:
        self._pending.append((person, kind, value))
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._writer is not None:
            self._writer.send(self._pending)
            self._pending = []
        else:
            _insert(self._open(), self._pending)
            self._pending.clear()

    def _open(self) -> sqlite3.Connection:
        """The index for this process, once a writer process has written all of it."""
        if self._db is None:
            self.seal()
        assert self._db is not None
        return self._db

    def seal(self) -> None:
        """Write everything to the file, so that other processes can read it."""
        if self._writer is not None:
            self._flush()
            writer, self._writer = self._writer, None
            writer.finish()  # keyed, written and sealed there
            self._db = sqlite3.connect(self.path)
            self._sealed = True
        self._flush()
        db = self._open()
        if not self._sealed:
            _seal(db)
            self._sealed = True
        db.commit()

    def get(
        self, person: str, username: str | None = None, sample: int = SAMPLE
    ) -> WorkIdentities | None:
        """Return ``person``'s identities as :class:`IdentityIndex` does (after :meth:`seal`)."""
        return _lookup(self._open(), person, username, sample)

    @property
    def empty(self) -> bool:
        """Whether no identity at all was added (with a writer process: seals the index)."""
        self._flush()
        return self._open().execute("SELECT 1 FROM identity LIMIT 1").fetchone() is None

    def close(self) -> None:
        """Stop any writer, drop the index and delete its file (it holds personal data)."""
        if self._writer is not None:
            self._writer.stop()
            self._writer = None
        if self._db is not None:
            self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


_Identity = tuple[str, int, str]  # person, kind, value


def _create(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -4096")  # KiB
    db.execute(
        "CREATE TABLE identity (person TEXT, key TEXT, kind INTEGER, value TEXT,"
        " PRIMARY KEY (person, key, kind, value)) WITHOUT ROWID"
    )
    return db


def _insert(db: sqlite3.Connection, identities: list[_Identity]) -> None:
    """Add identities with their comparison keys; one without a key, or unstorable, is not."""
    keyed = []
    # A person's work rows repeat their identities (one row per service): each is keyed
    # once. Past the batch, keys are rarely met again, so the key cache would only churn.
    for person, kind, value in dict.fromkeys(identities):
        key = _uncached_key(value)
        if key and _storable(person) and _storable(value):
            keyed.append((person, key, kind, value))
    db.executemany("INSERT OR IGNORE INTO identity VALUES (?, ?, ?, ?)", keyed)


_uncached_key = identity_key.__wrapped__


def _seal(db: sqlite3.Connection) -> None:
    # Built after the load: one sorted pass each, not an index kept up per insert.
    db.execute("CREATE INDEX by_kind ON identity (person, kind, value)")
    db.execute("CREATE TABLE person_total (person TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
    db.execute("INSERT INTO person_total SELECT person, count(*) FROM identity GROUP BY person")


class _Writer:
    """The process that keys and writes identities while the parent reads (see ``writer``).

    Batches cross a pipe; the pipe's buffer bounds what is in flight, so memory stays flat.
    """

    def __init__(self, path: str) -> None:
        context = multiprocessing.get_context()
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_write, args=(path, child, self._conn), name="somepolicy-identities"
        )
        self._process.daemon = True
        with _signals_held():
            self._process.start()
        child.close()

    def send(self, identities: list[_Identity]) -> None:
        try:
            self._conn.send(identities)
        except OSError:  # the writer stopped: it said why, or died
            self._failed()

    def finish(self) -> None:
        """Wait until everything sent is written and the index sealed."""
        try:
            self._conn.send(None)
            failure = self._conn.recv()
        except (OSError, EOFError):
            self._failed()
        self.stop()
        if failure is not None:
            raise sqlite3.OperationalError(failure)

    def _failed(self) -> NoReturn:
        failure = None
        with contextlib.suppress(OSError, EOFError):
            if self._conn.poll(1):
                failure = self._conn.recv()
        self.stop()
        raise sqlite3.OperationalError(failure or "the identity index writer stopped")

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()


_HELD = {signal.SIGINT, signal.SIGTERM} if hasattr(signal, "pthread_sigmask") else set()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while the writer starts; each arrives after, to the right one.

    Without it, a signal between the fork and the writer's own handlers would reach the
    writer with the parent's handlers (a traceback from the writer); the parent keeps its
    handlers throughout, so its cleanup always runs.
    """
    if not _HELD:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write(path: str, conn: Connection, parents_end: Connection) -> None:
    """The writer process: key and insert each batch received, seal on None, answer."""
    # The parent stops the writer (SIGTERM); Ctrl-C reaches only the parent's handling.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _HELD:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    parents_end.close()  # so that the parent's end going away ends recv()
    try:
        db = _create(path)
        while (identities := conn.recv()) is not None:
            _insert(db, identities)
        _seal(db)
        db.commit()
        db.close()
        conn.send(None)
    except EOFError:
        return  # the parent is gone: nobody to answer
    except (sqlite3.Error, OSError) as error:
        with contextlib.suppress(OSError):
            conn.send(str(error))


def _storable(text: str) -> bool:
    # Readers reject text UTF-8 cannot hold (a lone surrogate); this guard keeps the index
    # from failing on it should any reach here.
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class IdentityIndex:
    """A sealed :class:`WorkIdentityStore` file, opened read-only (in a worker process)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._db.execute("PRAGMA cache_size = -4096")
        self._known: dict[tuple[str, str | None], WorkIdentities | None] = {}

    def prefetch(self, requests: Iterable[tuple[str, str | None]]) -> None:
        """Look up a batch's ``(person, username)`` pairs at once, for :meth:`get` (sample 0).

        A query per record cost more than the rest of a plain record's look-up; a few
        queries per batch answer the same. Replaces what an earlier call fetched.
        """
        self._known = _lookup_many(self._db, requests)

    def get(self, person: str, username: str | None, sample: int = SAMPLE) -> WorkIdentities | None:
        """Return ``person``'s work identities, one equal to ``username`` first.

        Args:
            person: The person id.
            username: The leisure username compared, if any.
            sample: How many further identities of each kind to add (password context);
                with 0, one identity stands for them when none matches.
        """
        if not sample and (person, username) in self._known:
            return self._known[(person, username)]
        return _lookup(self._db, person, username, sample)

    def close(self) -> None:
        """Close the file (the store that wrote it deletes it)."""
        self._db.close()


def _lookup(
    db: sqlite3.Connection, person: str, username: str | None, sample: int = SAMPLE
) -> WorkIdentities | None:
    if not _storable(person):
        return None  # never stored, so never found
    found: tuple[list[str], list[str]] = ([], [])
    key = identity_key(username) if username and _storable(username) else ""
    # One round trip: the identities equal to the username (found by key whatever the
    # person's number of identities), then any one identity, standing in for the rest.
    for kind, value, value_key in db.execute(
        "SELECT kind, value, key FROM identity WHERE person = ? AND key = ?"
        " UNION ALL SELECT * FROM"
        " (SELECT kind, value, key FROM identity WHERE person = ? LIMIT 1)",
        (person, key, person),
    ):
        if (value_key == key or not (found[0] or found[1])) and not found[kind]:
            found[kind].append(value)
    if sample and (found[0] or found[1]):
        # A bounded sample gives the password judge its context words.
        for kind in (_USERNAME, _EMAIL):
            found[kind].extend(
                value
                for (value,) in db.execute(
                    "SELECT value FROM identity WHERE person = ? AND kind = ?"
                    " ORDER BY value LIMIT ?",
                    (person, kind, sample),
                )
                if value not in found[kind]
            )
    if not found[0] and not found[1]:
        return None
    return WorkIdentities(tuple(found[0]), tuple(found[1]), lambda: _total(db, person))


def _lookup_many(
    db: sqlite3.Connection, requests: Iterable[tuple[str, str | None]]
) -> dict[tuple[str, str | None], WorkIdentities | None]:
    """:func:`_lookup` with sample 0 for many pairs, in a few queries: the same answers.

    Per kind, the first identity whose key equals the username's in the primary key's
    order (the least value); without any, the first identity of the by_kind index (the
    least kind, then the least value), as the single look-up's query plan reads them.

    A person with at most :data:`_FEW` identities (nearly everyone) is read whole, in one
    query for the batch, and answered here; the others by the index, in SQL, so that no
    person's identities are read whole however many they are. Values compare the same
    here as in SQLite: its binary order of UTF-8 is the order of code points.
    """
    keys: dict[tuple[str, str | None], str] = {}
    for person, username in requests:
        if (person, username) not in keys and _storable(person):
            keys[person, username] = (
                identity_key(username) if username and _storable(username) else ""
            )
    read: dict[str, list[tuple[str, int, str]]] = {}
    many: set[str] = set()
    people = sorted({person for person, _ in keys})
    for start in range(0, len(people), _PREFETCH_CHUNK):
        group = people[start : start + _PREFETCH_CHUNK]
        wanted = ", ".join(["?"] * len(group))
        for person, key, kind, value in db.execute(
            "SELECT person, key, kind, value FROM identity WHERE person IN"
            f" (SELECT person FROM person_total WHERE person IN ({wanted}) AND n <= ?)"
            " UNION ALL SELECT person, NULL, -1, NULL FROM person_total"
            f" WHERE person IN ({wanted}) AND n > ?",
            [*group, _FEW, *group, _FEW],
        ):
            if kind < 0:
                many.add(person)
            else:
                read.setdefault(person, []).append((key, kind, value))
    answers = _answers_in_sql(db, {pair: key for pair, key in keys.items() if pair[0] in many})
    found: dict[tuple[str, str | None], WorkIdentities | None] = {}
    # A person's leisure rows mostly get the same answer (the stand-in): made once, shared
    # (it is immutable).
    made: dict[tuple[str, str | None, str | None], WorkIdentities] = {}
    first: dict[str, tuple[int, str]] = {}
    for (person, username), key in keys.items():
        if person in many:
            kinds = answers.get((person, username))
        else:
            kinds = _answer(read.get(person), key, person, first)
        if kinds is None:
            found[person, username] = None
            continue
        work_username, work_email = kinds.get(_USERNAME), kinds.get(_EMAIL)
        answer = made.get((person, work_username, work_email))
        if answer is None:
            answer = made[person, work_username, work_email] = WorkIdentities(
                () if work_username is None else (work_username,),
                () if work_email is None else (work_email,),
                functools.partial(_total, db, person),
            )
        found[person, username] = answer
    return found


def _answer(
    identities: list[tuple[str, int, str]] | None,
    key: str,
    person: str,
    first: dict[str, tuple[int, str]],
) -> dict[int, str] | None:
    """Per kind, the least identity whose key is ``key``; else the person's least identity."""
    if not identities:
        return None
    kinds: dict[int, str] = {}
    if key:
        for value_key, kind, value in identities:
            if value_key == key and (kind not in kinds or value < kinds[kind]):
                kinds[kind] = value
    if kinds:
        return kinds
    stand_in = first.get(person)
    if stand_in is None:
        stand_in = first[person] = min((kind, value) for _, kind, value in identities)
    return {stand_in[0]: stand_in[1]}


def _answers_in_sql(
    db: sqlite3.Connection, keys: dict[tuple[str, str | None], str]
) -> dict[tuple[str, str | None], dict[int, str] | None]:
    """:func:`_answer` for people with many identities, by the index (none read whole)."""
    matched: dict[tuple[str, str], dict[int, str]] = {}
    pairs = sorted({(person, key) for (person, _), key in keys.items() if key})
    for start in range(0, len(pairs), _PREFETCH_CHUNK):
        chunk = pairs[start : start + _PREFETCH_CHUNK]
        wanted = ", ".join(["(?, ?)"] * len(chunk))
        for person, key, kind, value in db.execute(
            f"WITH wanted (p, k) AS (VALUES {wanted})"
            " SELECT w.p, w.k, i.kind, min(i.value) FROM wanted AS w"
            " JOIN identity AS i ON i.person = w.p AND i.key = w.k GROUP BY w.p, w.k, i.kind",
            [item for pair in chunk for item in pair],
        ):
            matched.setdefault((person, key), {})[kind] = value
    first: dict[str, tuple[int, str]] = {}
    people = sorted({person for (person, _), key in keys.items() if (person, key) not in matched})
    for start in range(0, len(people), _PREFETCH_CHUNK):
        group = people[start : start + _PREFETCH_CHUNK]
        wanted = ", ".join(["?"] * len(group))
        for person, kind, value in db.execute(
            "SELECT person, kind, min(value) FROM identity"
            f" WHERE person IN ({wanted}) GROUP BY person, kind",
            group,
        ):
            if person not in first or (kind, value) < first[person]:
                first[person] = (kind, value)
    answers: dict[tuple[str, str | None], dict[int, str] | None] = {}
    for (person, username), key in keys.items():
        kinds = matched.get((person, key))
        if kinds is None:
            stand_in = first.get(person)
            kinds = None if stand_in is None else {stand_in[0]: stand_in[1]}
        answers[person, username] = kinds
    return answers


def _total(db: sqlite3.Connection, person: str) -> int:
    row = db.execute("SELECT n FROM person_total WHERE person = ?", (person,)).fetchone()
    return int(row[0]) if row else 0
