"""One directory entry, and what a directory export tells about itself.

An entry holds only what the audit joins on and compares with: ids, names and the work
identities. A value the export damaged (a PowerShell 5.1 ``?`` for a non-ASCII letter, a
multi-valued property written as its type name) never reaches an entry: the reader leaves it
out and counts it, so matching never relies on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from ...._i18n import Message

__all__ = [
    "MAX_SHOWN_PROBLEMS",
    "DirectoryEntry",
    "DirectoryExport",
    "DirectoryKind",
    "Record",
    "smtp_addresses",
]

MAX_SHOWN_PROBLEMS = 20
"""Unreadable entries named one by one in a warning; the rest are counted."""


class DirectoryKind(StrEnum):
    """What produced a directory export (detected from its content)."""

    ENTRA = "entra-id"
    AD_PS51 = "active-directory-ps5"
    AD_PS7 = "active-directory-ps7"
    LDIF = "ldif"
    TABLE = "table"


Record = tuple[int, str, str, str, str, str, str, tuple[str, ...], bool]
"""A :class:`DirectoryEntry`'s fields in order, as :meth:`DirectoryExport.records` yields them."""


@dataclass(slots=True)
class DirectoryEntry:
    """One user of the directory, with only sound values.

    Attributes:
        line: Where the entry starts in its file.
        employee_id: The HR id (``employeeID`` / ``employeeNumber``), or empty.
        first_name: Given name, or empty.
        last_name: Surname, or empty.
        sam: The Windows logon name (``sAMAccountName``), or empty.
        upn: The user principal name, or empty.
        mail: The primary address, or empty.
        proxies: Every SMTP proxy address, without its ``smtp:`` prefix.
        guest: An external guest (Entra ``userType`` Guest): their own addresses are not
            the city's.
    """

    line: int
    employee_id: str = ""
    first_name: str = ""
    last_name: str = ""
    sam: str = ""
    upn: str = ""
    mail: str = ""
    proxies: tuple[str, ...] = ()
    guest: bool = False


def smtp_addresses(values: list[str]) -> tuple[str, ...]:
    """The SMTP addresses of proxy values: ``SMTP:a@x``, ``smtp:b@y`` or a bare ``c@z``.

    Other proxy types (``X500:``, ``SIP:``, ``x400:``) are not mail addresses and are left out.
    """
    found: list[str] = []
    for value in values:
        head = value[:5]
        if head == "SMTP:" or head == "smtp:" or head.lower() == "smtp:":
            value = value[5:].strip()
        elif ":" in value.partition("@")[0]:
            continue  # another proxy type
        else:
            value = value.strip()
        if "@" in value and value not in found:
            found.append(value)
    return tuple(found)


@dataclass
class DirectoryExport:
    """A directory export being read: its kind, its entries and what was wrong in it.

    Subclasses implement :meth:`entries`; while it runs they count damaged values by the
    export's own attribute name and note unreadable entries.

    Attributes:
        name: The file's name in messages.
        kind: What produced it.
        labels: Each attribute's name as the export spells it (``SamAccountName``), used
            to name the attribute that matched.
        encoding: The text encoding read.
        damaged: Values left out because the export damaged them, by attribute name.
        placeholders: Attributes written as a type name instead of their values.
        problems: Unreadable entries (line and reason), the first few.
        unreadable: How many entries could not be read.
        entries_read: How many entries were read.
    """

    name: str
    kind: DirectoryKind
    labels: dict[str, str] = field(default_factory=dict)
    encoding: str = "UTF-8"
    damaged: Counter[str] = field(default_factory=Counter)
    placeholders: set[str] = field(default_factory=set)
    problems: list[tuple[int, Message]] = field(default_factory=list)
    unreadable: int = 0
    entries_read: int = 0

    def entries(self) -> Iterator[DirectoryEntry]:
        """Yield every readable entry, in file order."""
        raise NotImplementedError

    def records(self) -> Iterator[Record]:
        """Yield every readable entry as a plain tuple of its fields, in file order.

        The index reads a directory through this: half a million users need no object each.
        """
        for entry in self.entries():
            yield (
                entry.line,
                entry.employee_id,
                entry.first_name,
                entry.last_name,
                entry.sam,
                entry.upn,
                entry.mail,
                entry.proxies,
                entry.guest,
            )

    def problem(self, line: int, why: Message) -> None:
        """Note an entry that could not be read."""
        self.unreadable += 1
        if len(self.problems) < MAX_SHOWN_PROBLEMS:
            self.problems.append((line, why))

    def label(self, attribute: str) -> str:
        """The export's own name of ``attribute``."""
        return self.labels.get(attribute, attribute)
