"""Joining the register with the directory: matches, work identities and city domains.

The register of staff social-media accounts has no work usernames; the directory (Entra ID,
Active Directory, LDIF) has them. :class:`DirectoryIndex` reads every directory export once
into a temporary SQLite file (flat memory at any size; deleted however the run ends), and
:class:`DirectoryLookup` opens it read-only in each worker.

Each register row is joined, never guessed: by employee id where both sides have one, else by
a work address (the register's ``work_emails``, or the address of a work row) equal to a
UPN, ``mail`` or SMTP proxy address, else by folded first and last name. Two directory people
that fit one row make it *ambiguous*: reported on the row, never decided. Results carry the
register's own values and the name of the directory attribute that matched, never directory
data.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import json
import multiprocessing
import operator
import os
import re
import signal
import sqlite3
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from .._accounts.email import CityDomains
from .._accounts.usernames import identity_key
from .._checks._base import CheckResult
from .._engine import Judgement
from .._findings import Outcome, Severity
from .._i18n import Lang, Message
from .._text import fold
from .readers.directory import (
    REEXPORT,
    DirectoryExport,
    DirectoryKind,
    Record,
    UnreadableInputError,
)
from .texts import text

__all__ = [
    "AMBIGUOUS",
    "DIRECTORY_CHECK",
    "METHODS",
    "NO_ENTRY",
    "DirectoryIndex",
    "DirectoryLookup",
    "Verdict",
    "directory_verdict",
]

METHODS = ("employee-id", "email", "name", "ambiguous", "unmatched")
"""How a register row was joined to the directory, as the summary counts them."""

NO_ENTRY = "no-directory-entry"
"""The coverage reason of a check that needed the row's directory entry and had none."""

AMBIGUOUS = "directory-ambiguous"
"""The coverage reason of a check whose row fits several directory people."""

DIRECTORY_CHECK = "directory.match"
"""The finding on a row the directory cannot decide between several people."""

_SEPARATE = "R9.separate-work-leisure-usernames"
_CITY = "R9.leisure-email-not-city-domain"
_BATCH = 2_000
# Exports smaller than this are parsed in this process: starting a producer costs more.
_PARALLEL_BYTES = 8 << 20
# Who an entry is, so that one person exported twice (AD and Entra) is not two candidates.
_PERSON = "coalesce(nullif(lower(upn), ''), nullif(lower(mail), ''), '#' || empid, '@' || id)"
_MAX_DOMAINS = 10_000
_MAX_ADDRESSES = 50
# Entries fetched per key: a common name (or a shared address) fits thousands of entries,
# and a row's look-up must stay cheap; two people already make the row ambiguous.
_CANDIDATES = 100
_ADDRESS_MAX = 320
_JOINED = 4096  # joins remembered per worker (a person's rows usually stand close together)
_SPLIT = re.compile(r"[\s,;|]+")


@functools.lru_cache(maxsize=65536)
def name_key(first: str, last: str) -> str:
    """The folded ``first last`` of a person, or empty when either is missing."""
    # Directories repeat first names and surnames thousands of times: fold each pair once.
    first, last = _folded_name(first), _folded_name(last)
    return f"{first} {last}" if first and last else ""


@functools.lru_cache(maxsize=65536)
def _folded_name(name: str) -> str:
    return " ".join(fold(name).split())


class DirectoryIndex:
    """Every directory export of a run, on disk (written in the parent process).

    Use as a context manager, or call :meth:`close`: the file holds personal data and is
    deleted when the index closes.
    """

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="somepolicy-directory-", suffix=".sqlite")
        os.close(handle)
        self._db = sqlite3.connect(self.path)
        # A bounded cache (32 MiB) also bounds the sorter that builds the indexes.
        for pragma in (
            "page_size = 16384",
            "journal_mode = OFF",
            "synchronous = OFF",
            "cache_size = -32768",
        ):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(
            "CREATE TABLE entry (id INTEGER PRIMARY KEY, file INTEGER,"
            " empid TEXT, name TEXT, sam TEXT, upn TEXT, mail TEXT, proxies TEXT);"
            "CREATE TABLE address (key TEXT, id INTEGER);"
            "CREATE TABLE label (file INTEGER, attribute TEXT, label TEXT);"
            "CREATE TABLE domain (domain TEXT PRIMARY KEY, label TEXT);"
        )
        self.exports: list[DirectoryExport] = []
        self.domains: dict[str, str] = {}
        self.domain_entries: dict[str, int] = {}
        self.domains_over = 0
        self._found: dict[str, str] = {}  # each domain seen, with the attribute first seen in
        self._suffixes: dict[str, str] = {}  # UPN suffixes, with the UPN's attribute name
        self._next = 1

    def __enter__(self) -> DirectoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, export: DirectoryExport) -> None:
        """Read every entry of ``export`` into the index."""
        number = len(self.exports)
        self.exports.append(export)
        labels = (export.label("upn"), export.label("mail"), export.label("proxies"))
        for batch in _batches(export):
            self._add_batch(batch, number, labels)
        self._db.executemany(
            "INSERT INTO label VALUES (?, ?, ?)",
            [(number, attribute, label) for attribute, label in export.labels.items()],
        )

    def _add_batch(self, batch: list[Record], number: int, labels: tuple[str, str, str]) -> None:
        """Write a batch of entries, their join addresses and their domains.

        Column by column, so that the per-entry steps run in C (``map``, ``zip``, the
        inserts): this runs for every directory user, half a million for a large tenant.
        """
        ident = self._next
        self._next += len(batch)
        ids = range(ident, self._next)
        _, empids, firsts, lasts, sams, upns, mails, proxies, guests = zip(*batch, strict=True)
        self._db.executemany(
            # A mail address equal to the UPN is stored once (NULL): the person's key and the
            # identities read the UPN first.
            "INSERT INTO entry VALUES"
            " (?1, ?2, nullif(?3, ''), nullif(?4, ''), ?5, ?6, nullif(?7, ?6), ?8)",
            zip(
                ids,
                itertools.repeat(number),
                map(str.lower, empids),
                map(name_key, firsts, lasts),
                sams,
                upns,
                mails,
                map("\n".join, proxies),
            ),
        )
        upn_keys = list(map(str.lower, upns))
        mail_keys = [
            upn_key if mail == upn else mail.lower()
            for mail, upn, upn_key in zip(mails, upns, upn_keys, strict=True)
        ]
        # Each address once per entry: Exchange lists the primary address among the proxies.
        upn_rows = [(key, at) for key, at in zip(upn_keys, ids, strict=True) if key]
        mail_rows = [
            (key, at, guest)
            for key, upn_key, at, guest in zip(mail_keys, upn_keys, ids, guests, strict=True)
            if key and key != upn_key
        ]
        proxy_rows = [
            (key, at, guest)
            for values, upn_key, mail_key, at, guest in zip(
                proxies, upn_keys, mail_keys, ids, guests, strict=True
            )
            if values
            for key in map(str.lower, values)
            if key != upn_key and key != mail_key
        ]
        self._db.executemany(
            "INSERT INTO address VALUES (?, ?)",
            itertools.chain(upn_rows, [row[:2] for row in mail_rows + proxy_rows]),
        )
        # Members' mail and proxy domains are the city's too; a guest's own address (at
        # gmail.com) is kept to join by, not as a domain.
        upn_label, mail_label, proxy_label = labels
        self._count(_domains(key for key, _ in upn_rows), upn_label, True)
        self._count(_domains(key for key, _, guest in mail_rows if not guest), mail_label)
        self._count(_domains(key for key, _, guest in proxy_rows if not guest), proxy_label)

    def _count(self, counts: Counter[str], label: str, upn: bool = False) -> None:
        """Count a batch's domains (each address once), noting where each was first seen."""
        for domain, count in counts.items():
            if domain in self.domain_entries:
                self.domain_entries[domain] += count
            elif len(self.domain_entries) < _MAX_DOMAINS:
                self.domain_entries[domain] = count
                self._found[domain] = label
            else:
                self.domains_over += count
            if upn:
                # A UPN suffix is the strongest evidence: name it whatever was seen first.
                self._suffixes.setdefault(domain, label)

    def seal(self, city_domains: Iterable[str] = ()) -> None:
        """Collect the domains, index the keys and commit, so that workers can read the file.

        Args:
            city_domains: The policy's city mail domains. The rule 9 check already finds a
                leisure address in one of them; the workers look only for the others.
        """
        for domain, first in self._found.items():
            label = self._suffixes.get(domain, first)
            name = domain.strip().rstrip(".")
            if not name or "#" in name or "@" in name or name in self.domains:
                continue
            try:
                CityDomains([name])
            except ValueError:
                continue  # not a domain a leisure address could be in
            self.domains[name] = label
        policy = CityDomains(list(city_domains))
        self._db.executemany(
            "INSERT INTO domain VALUES (?, ?)",
            [(domain, label) for domain, label in self.domains.items() if not policy.match(domain)],
        )
        self._db.executescript(
            "CREATE INDEX entry_empid ON entry (empid) WHERE empid IS NOT NULL;"
            "CREATE INDEX entry_name ON entry (name) WHERE name IS NOT NULL;"
            "CREATE INDEX address_key ON address (key);"
        )
        self._db.commit()

    @property
    def entries(self) -> int:
        """How many entries were read from all exports."""
        return self._next - 1

    def notes(self, city_domains: Iterable[str]) -> list[Message]:
        """What the report must say about the directory: damage, unreadable entries, gaps.

        Args:
            city_domains: The policy's city mail domains.
        """
        found: list[Message] = []
        for export in self.exports:
            found.extend(_export_notes(export))
        listed = list(city_domains)
        policy = CityDomains(listed)
        for domain, label in sorted(self.domains.items()):
            if policy.match(domain) is None:
                # The policy file's own table and key (data/policy.toml), as a TOML line.
                line = (
                    "[parameters.accounts] city_mail_domains = ["
                    + ", ".join(json.dumps(name, ensure_ascii=False) for name in [*listed, domain])
                    + "]"
                )
                found.append(
                    Message(
                        "directory",
                        "policy-gap",
                        domain=domain,
                        attribute=label,
                        count=self.domain_entries.get(domain, 0),
                        line=line,
                    )
                )
        if self.domains_over:
            found.append(Message("directory", "domains-over", limit=_MAX_DOMAINS))
        return found

    def describe(self) -> list[dict[str, Any]]:
        """Each export: name, kind, encoding, entries read, damaged values, unreadable."""
        return [
            {
                "name": export.name,
                "kind": export.kind.value,
                "encoding": export.encoding,
                "entries": export.entries_read,
                "damaged": dict(sorted(export.damaged.items())),
                "placeholders": sorted(export.placeholders),
                "unreadable": export.unreadable,
            }
            for export in self.exports
        ]

    def close(self) -> None:
        """Drop the index and delete its file (it holds personal data)."""
        self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def _batches(export: DirectoryExport) -> Iterator[list[Record]]:
    """The export's records in batches, parsed by a second process when the file is large.

    Parsing (``csv.reader``, the cells, the proxy lists) is about half of a directory row's
    cost and writing the index the other half: on two cores the two halves overlap. The
    producer's counts (damaged values, unreadable entries) come back at the end.
    """
    try:
        size = os.stat(export.name).st_size
    except (OSError, ValueError):
        size = 0
    if size < _PARALLEL_BYTES or _cores() < 2:
        records = export.records()
        while batch := list(itertools.islice(records, _BATCH)):
            yield batch
        return
    context = multiprocessing.get_context()
    receiver, sender = context.Pipe(duplex=False)
    producer = context.Process(target=_produce, args=(export, sender), daemon=True)
    # The producer starts with Ctrl-C ignored: the parent stops it, and prints no traceback.
    main = threading.current_thread() is threading.main_thread()
    saved = signal.getsignal(signal.SIGINT)
    if main:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        producer.start()
    finally:
        if main:
            signal.signal(signal.SIGINT, saved)
    sender.close()
    try:
        while True:
            try:
                kind, payload = receiver.recv()
            except EOFError:
                raise UnreadableInputError(
                    Message("directory", "producer-died", name=export.name)
                ) from None
            if kind == "batch":
                yield payload
            elif kind == "error":
                raise payload
            else:
                for name, value in payload.items():
                    setattr(export, name, value)
                return
    finally:
        receiver.close()
        if producer.is_alive():
            producer.terminate()
        producer.join()


def _cores() -> int:
    """The cores this process may run on (a producer on the only core would only cost)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _produce(export: DirectoryExport, sender: Connection) -> None:
    """Parse ``export`` in the producer process, sending batches of records to the parent."""
    try:
        records = export.records()
        while batch := list(itertools.islice(records, _BATCH)):
            sender.send(("batch", batch))
        state = {item.name: getattr(export, item.name) for item in dataclasses.fields(export)}
        sender.send(("done", state))
    except Exception as error:  # raised in the parent as it would be without a producer
        with contextlib.suppress(Exception):  # an error that cannot be pickled: EOF there
            sender.send(("error", error))
    finally:
        sender.close()


def _export_notes(export: DirectoryExport) -> list[Message]:
    notes: list[Message] = []
    if export.damaged:
        attributes = ", ".join(
            f"{name} ({count})" for name, count in sorted(export.damaged.items())
        )
        key = "damaged-ascii" if export.kind is DirectoryKind.AD_PS51 else "damaged"
        notes.append(Message("directory", key, name=export.name, attributes=attributes))
    if export.placeholders:
        notes.append(
            Message(
                "directory",
                "placeholder",
                name=export.name,
                attributes=", ".join(sorted(export.placeholders)),
            )
        )
    if export.placeholders or (export.damaged and export.kind is DirectoryKind.AD_PS51):
        notes.append(Message("directory", "reexport", name=export.name, command=REEXPORT))
    if export.unreadable:
        lines = ", ".join(str(line) for line, _ in export.problems)
        if export.unreadable > len(export.problems):
            lines += f" (+{export.unreadable - len(export.problems)})"
        first = export.problems[0][1] if export.problems else ""
        notes.append(
            Message(
                "directory",
                "unreadable",
                name=export.name,
                count=export.unreadable,
                lines=lines,
                why=first,
            )
        )
    return notes


@dataclass
class Verdict:
    """What the directory says about one register row.

    Attributes:
        method: How the row was joined (one of :data:`METHODS`).
        by: The register column the join used.
        candidates: How many directory people fit an ambiguous row.
        hits: ``(field, attribute)``: a leisure value equal to a work identity.
        compared: How many work identities the leisure values were compared with.
        domain: ``(field, domain, attribute)``: a leisure address in a directory domain.
    """

    method: str
    by: str = ""
    candidates: int = 0
    hits: list[tuple[str, str]] = field(default_factory=list)
    compared: int = 0
    domain: tuple[str, str, str] | None = None

    def adjust(self, judgements: list[Judgement]) -> list[Judgement]:
        """The engine's judgements with the directory's comparisons in place."""
        adjusted = []
        for judgement in judgements:
            check = judgement.element.id
            if check == _SEPARATE:
                judgement = self._separate(judgement)
            elif (
                check == _CITY
                and self.domain is not None
                and judgement.outcome is not Outcome.FAIL
                and judgement.scope is None  # a rule that does not bind the person stays so
            ):
                field_name, domain, attribute = self.domain
                judgement = _judgement(
                    judgement,
                    Outcome.FAIL,
                    "fail",
                    {"field": field_name, "domain": domain, "attribute": attribute},
                )
            adjusted.append(judgement)
        return adjusted

    def _separate(self, judgement: Judgement) -> Judgement:
        if judgement.outcome is Outcome.FAIL or judgement.scope is not None:
            return judgement  # the register's own work rows already decided
        if self.hits:
            field_name, attribute = self.hits[0]
            facts = {"field": field_name, "attribute": attribute}
            return _judgement(judgement, Outcome.FAIL, "directory-identity", facts)
        if judgement.code != "no-work-identity":
            return judgement  # not a leisure row with a username, or compared already
        if self.method in ("ambiguous", "unmatched"):
            code = AMBIGUOUS if self.method == "ambiguous" else NO_ENTRY
            return _judgement(judgement, Outcome.NOT_APPLICABLE, code, {})
        if self.compared:
            return _judgement(judgement, Outcome.PASS, "pass", {"compared": self.compared})
        return judgement

    def annotate(self, result: dict[str, Any], lang: Lang) -> None:
        """Add the join to a result, and a warning finding when it is ambiguous."""
        joined: dict[str, Any] = {"match": self.method}
        if self.by:
            joined["by"] = self.by
        if self.candidates:
            joined["candidates"] = self.candidates
        result["directory"] = joined
        if self.method != "ambiguous":
            return
        result["findings"].insert(
            0,
            {
                "rule": "directory",
                "check": DIRECTORY_CHECK,
                "outcome": Outcome.FAIL.value,
                "severity": Severity.WARNING.value,
                "code": "ambiguous",
                "message": text("ambiguous-match", lang, count=self.candidates, column=self.by),
                "remedy": text("ambiguous-match-remedy", lang),
                "facts": {"candidates": self.candidates, "by": self.by},
            },
        )
        if result["status"] in ("ok", "out-of-scope"):
            result["status"] = "warning"


def _judgement(
    judgement: Judgement, outcome: Outcome, code: str, facts: dict[str, Any]
) -> Judgement:
    return Judgement(judgement.element, outcome, code, CheckResult(outcome, code, facts))


class DirectoryLookup:
    """A sealed :class:`DirectoryIndex` file, opened read-only (in a worker)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._db.execute("PRAGMA cache_size = -4096")
        self._labels = {
            (file, attribute): label
            for file, attribute, label in self._db.execute("SELECT * FROM label")
        }
        self._domain_labels = dict(self._db.execute("SELECT domain, label FROM domain"))
        self._domains = CityDomains(list(self._domain_labels))
        self._joined: dict[tuple[Any, ...], tuple[str, str, list[int], int]] = {}
        self._identities: dict[tuple[int, ...], list[tuple[str, str]]] = {}
        self._has_empid = (
            self._db.execute("SELECT 1 FROM entry WHERE empid IS NOT NULL LIMIT 1").fetchone()
            is not None
        )

    def close(self) -> None:
        """Close the file (the index that wrote it deletes it)."""
        self._db.close()

    def _people(self, rows: list[tuple[int, str]]) -> dict[str, list[int]]:
        people: dict[str, list[int]] = {}
        for ident, person in rows:
            people.setdefault(person, []).append(ident)
        return people

    def join(self, fields: dict[str, Any], work: bool) -> tuple[str, str, list[int], int]:
        """Join a register row: ``(method, register column, entry ids, candidates)``."""
        person = fields.get("person_id")
        person_key = person.strip().lower() if isinstance(person, str) else ""
        addresses = _addresses(fields.get("work_emails"))
        by = "work_emails"
        email = fields.get("email")
        if work and isinstance(email, str) and email.strip():
            addresses.append(email.strip().lower())
            by = "work_emails" if len(addresses) > 1 else "email"
        first, last = fields.get("first_name"), fields.get("last_name")
        name = name_key(first, last) if isinstance(first, str) and isinstance(last, str) else ""
        # A person has several rows (one per service) with the same keys: join them once.
        keys = (person_key, tuple(dict.fromkeys(addresses[:_MAX_ADDRESSES])), by, name)
        joined = self._joined.get(keys)
        if joined is None:
            if len(self._joined) >= _JOINED:
                self._joined.clear()
            joined = self._joined[keys] = self._join(*keys)
        return joined

    def _join(
        self, person: str, addresses: tuple[str, ...], by: str, name: str
    ) -> tuple[str, str, list[int], int]:
        if self._has_empid and person:
            rows = self._db.execute(
                f"SELECT id, {_PERSON} FROM entry WHERE empid = ? LIMIT ?",
                (person, _CANDIDATES),
            ).fetchall()
            if rows:
                return self._decided("employee-id", "person_id", rows)
        if addresses:
            rows = []
            for address in addresses:
                rows += self._db.execute(
                    f"SELECT entry.id, {_PERSON} FROM address JOIN entry USING (id)"
                    " WHERE address.key = ? LIMIT ?",
                    (address, _CANDIDATES),
                ).fetchall()
            if rows:
                return self._decided("email", by, rows)
        if name:
            rows = self._db.execute(
                f"SELECT id, {_PERSON} FROM entry WHERE name = ? LIMIT ?", (name, _CANDIDATES)
            ).fetchall()
            if rows:
                return self._decided("name", "first_name+last_name", rows)
        return "unmatched", "", [], 0

    def _decided(
        self, method: str, by: str, rows: list[tuple[int, str]]
    ) -> tuple[str, str, list[int], int]:
        people = self._people(rows[:_CANDIDATES])
        if len(people) > 1:
            return "ambiguous", by, [], len(people)
        return method, by, next(iter(people.values())), 0

    def identities(self, ids: list[int]) -> list[tuple[str, str]]:
        """The work identities of entries: ``(attribute name, value)``."""
        key = tuple(ids)
        found = self._identities.get(key)
        if found is None:
            if len(self._identities) >= _JOINED:
                self._identities.clear()
            found = self._identities[key] = self._read_identities(ids)
        return found

    def _read_identities(self, ids: list[int]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for ident in ids:
            row = self._db.execute(
                "SELECT file, sam, upn, mail, proxies FROM entry WHERE id = ?", (ident,)
            ).fetchone()
            if row is None:
                continue
            file, sam, upn, mail, proxies = row
            for attribute, value in (("sam", sam), ("upn", upn), ("mail", mail)):
                if value:
                    found.append((self._labels.get((file, attribute), attribute), value))
            label = self._labels.get((file, "proxies"), "proxyAddresses")
            found += [(label, proxy) for proxy in proxies.split("\n") if proxy]
        return found

    def city_domain(self, value: str, *, expect_address: bool) -> tuple[str, str] | None:
        """The directory domain an address in ``value`` is in, with the attribute it came from."""
        if not self._domain_labels or len(value) > _ADDRESS_MAX:
            return None
        found = self._domains.inspect(value, expect_address=expect_address).city_domain
        return (found, self._domain_labels[found]) if found is not None else None


def _domains(addresses: Iterable[str]) -> Counter[str]:
    """How many of ``addresses`` are in each domain (what follows the last ``@``)."""
    return Counter(map(_AFTER_AT, map(_SPLIT_AT, addresses)))


_SPLIT_AT = operator.methodcaller("rpartition", "@")
_AFTER_AT = operator.itemgetter(2)


def _addresses(value: object) -> list[str]:
    if isinstance(value, str):
        items: list[Any] = _SPLIT.split(value)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        return []
    return [item.strip().lower() for item in items if isinstance(item, str) and "@" in item]


def directory_verdict(
    lookup: DirectoryLookup, fields: dict[str, Any], *, work: bool, leisure: bool
) -> Verdict:
    """Join one register row and compare its leisure values with the directory.

    Args:
        lookup: The directory.
        fields: The row's canonical fields (register values).
        work: Whether the row is a work account (its address is a join key).
        leisure: Whether the row is a leisure account (its values are compared).
    """
    method, by, ids, candidates = lookup.join(fields, work)
    verdict = Verdict(method, by, candidates)
    if not leisure:
        return verdict
    values = [
        (name, value.strip())
        for name in ("username", "email")
        if isinstance(value := fields.get(name), str) and value.strip()
    ]
    for name, value in values:
        domain = lookup.city_domain(value, expect_address=name == "email")
        if domain is not None:
            verdict.domain = (name, domain[0], domain[1])
            break
    if ids:
        identities = lookup.identities(ids)
        verdict.compared = len(identities)
        keys = {name: identity_key(value) for name, value in values if len(value) <= _ADDRESS_MAX}
        for name, key in keys.items():
            if not key:
                continue
            for attribute, identity in identities:
                if identity_key(identity) == key:
                    verdict.hits.append((name, attribute))
                    break
    return verdict
