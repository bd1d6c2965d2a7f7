"""An HR export joined to a password-hash dump by username (``--people``).

Dumps carry account names only; the people file gives each account its person's names,
role and unit, so that own-context candidates can be made and scope decided. It is read
with the audit's readers and column vocabulary; it needs a username or an e-mail column.
"""

from __future__ import annotations

from pathlib import Path

from ..._i18n import Message
from ..mapping import ColumnMapping
from ..readers import RecordSource, UnreadableInputError
from .dump import account_key

__all__ = ["PERSON_FIELDS", "People"]

PERSON_FIELDS = ("person_id", "first_name", "last_name", "role", "unit")
"""The fields a person adds to an account."""


class People:
    """The people of an HR export, by account key (see :func:`.dump.account_key`).

    A row is found by its username and by its e-mail address's local part; the first row
    with a key wins.

    Args:
        path: The HR export (CSV, JSON Lines, JSON, Excel).
        mapping: Header names to columns.

    Raises:
        UnreadableInputError: The file cannot be read or has neither a username nor an
            e-mail column.
    """

    def __init__(self, path: Path, mapping: ColumnMapping | None = None) -> None:
        pairs = mapping.user_pairs if mapping is not None else []
        source = RecordSource(path, mapping=ColumnMapping(pairs, required=()))
        self.name = source.name
        self._by_key: dict[str, dict[str, str]] = {}
        self.rows = 0
        for record in source.records():
            if record.blank or record.error or record.fields is None:
                continue
            self.rows += 1
            person = {
                name: record.text(name).strip()[:256]
                for name in PERSON_FIELDS
                if record.text(name).strip()
            }
            for column in ("username", "email"):
                value = record.text(column).strip()
                if value:
                    self._by_key.setdefault(account_key(value), person)
        if not {"username", "email"} & set(source.columns):
            raise UnreadableInputError(
                Message(
                    "reader",
                    "missing-columns",
                    name=self.name,
                    where=Message("reader", "line", number=1),
                    columns="username / email",
                )
            )

    def get(self, key: str) -> dict[str, str] | None:
        """The person with account key ``key``, or None."""
        return self._by_key.get(key)
