"""Which export column is which: header names in Finnish, Swedish and English, and the user's own.

The vocabulary is data (``data/columns.toml``); this module only folds names and applies it.
A header matches a name when both fold to the same key: case, spaces, punctuation and
diacritics are ignored, so ``Sähköposti``, ``SAHKOPOSTI`` and ``sähkö-posti`` are one name.
The user's mapping (``--map 'Tunnus=username'`` or a TOML file) is consulted first.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .._i18n import Message, os_reason
from .._text import fold
from .._tomlfile import TomlSyntaxError, parse_toml
from ..exceptions import Problem, SomePolicyError

__all__ = [
    "COLUMNS",
    "IGNORE",
    "REQUIRED_COLUMNS",
    "ColumnMapping",
    "ColumnMappingError",
    "HeaderMap",
    "header_key",
    "vocabulary",
]

COLUMNS = (
    "person_id",
    "first_name",
    "last_name",
    "role",
    "unit",
    "service",
    "purpose",
    "username",
    "email",
    "password",
    "mfa",
    "work_usernames",
    "work_emails",
    "nt_hash",
    "lm_hash",
)
"""The canonical columns of an account-registration record, and of a password-hash dump."""

REQUIRED_COLUMNS = ("person_id", "service", "purpose")
"""Columns a CSV or Excel header must have (a JSON record is judged on its own keys)."""

IGNORE = "ignore"
"""The target that tells the audit to skip a column (``--map 'Henkilötunnus=ignore'``)."""

_NOT_ALNUM = re.compile(r"[\W_]+")
_MAX_USER_ENTRIES = 1_000
_CACHED_NAMES = 10_000
_CACHED_LENGTH = 200
_MAX_MAPPING_FILE_BYTES = 256 * 1024


class ColumnMappingError(SomePolicyError):
    """A user's column mapping is malformed or names a column the audit does not know."""


def header_key(name: str) -> str:
    """Return the comparison key of a header name: folded, letters and digits only."""
    name = name.lstrip("\ufeff")
    if name.isascii():  # most headers: folding ASCII is lower-casing
        return _NOT_ALNUM.sub("", name.lower())
    return _folded_key(name) if len(name) <= _CACHED_LENGTH else _NOT_ALNUM.sub("", fold(name))


@lru_cache(maxsize=4096)
def _folded_key(name: str) -> str:
    return _NOT_ALNUM.sub("", fold(name))


@cache
def vocabulary() -> dict[str, str]:
    """Return every known header name's key and the canonical column it means.

    Raises:
        ColumnMappingError: The shipped table is inconsistent (a name under two columns, or a
            table that is not a canonical column); tests guard against this.
    """
    text = resources.files("aanekoski_somepolicy").joinpath("data/columns.toml").read_text("utf-8")
    table = tomllib.loads(text)
    known: dict[str, str] = {}
    for column, entry in table.items():
        if column not in COLUMNS:
            raise ColumnMappingError(f"data/columns.toml: unknown column {column!r}")
        for name in [column, *entry["names"]]:
            key = header_key(name)
            if known.setdefault(key, column) != column:
                raise ColumnMappingError(
                    f"data/columns.toml: {name!r} is listed under {known[key]} and {column}"
                )
    return known


def _target(value: str, where: str) -> str:
    target = value.strip()
    if target not in COLUMNS and target != IGNORE:
        accepted = ", ".join((*COLUMNS, IGNORE))
        raise ColumnMappingError(
            Message(
                "mapping",
                "unknown-column",
                where=where,
                target=repr(target[:60]),
                accepted=accepted,
            )
        )
    return target


@dataclass(frozen=True)
class HeaderMap:
    """How one header was understood.

    Attributes:
        columns: For each position, its canonical column, or None when it is not used.
        unknown: Header names matching no column (to warn about), in order.
        mapped: Each used header name and the column it became, in order.
    """

    columns: tuple[str | None, ...]
    unknown: tuple[str, ...]
    mapped: tuple[tuple[str, str], ...]

    @property
    def present(self) -> frozenset[str]:
        """The canonical columns this header holds."""
        return frozenset(column for column in self.columns if column is not None)

    def repeated_by(self, cells: Sequence[str]) -> bool:
        """Whether ``cells`` are this header again, as a report exported page by page repeats it.

        They are when the cells under the used columns are the header's own names.
        """
        used = [cell for cell, column in zip(cells, self.columns, strict=False) if column]
        return used == [title for title, _ in self.mapped]


class ColumnMapping:
    """The shipped vocabulary plus the user's own header → column pairs.

    Args:
        pairs: User pairs of header name and canonical column (or ``ignore``); they win over
            the vocabulary.
        required: Columns a CSV or Excel header must have (by default a registration
            export's; a password-hash dump needs others).

    Raises:
        ColumnMappingError: A pair names an unknown column.
    """

    def __init__(
        self, pairs: Iterable[tuple[str, str]] = (), *, required: tuple[str, ...] = REQUIRED_COLUMNS
    ) -> None:
        self.required = required
        self._user: dict[str, str] = {}
        self._cache: dict[str, str | None] = {}
        self._user_names: list[tuple[str, str]] = []
        for name, target in pairs:
            column = _target(target, f"--map {name[:60]!r}")
            self._user[header_key(name)] = column
            self._user_names.append((name, column))
            if len(self._user) > _MAX_USER_ENTRIES:
                raise ColumnMappingError(Message("mapping", "too-many", limit=_MAX_USER_ENTRIES))

    @classmethod
    def from_options(
        cls,
        options: Sequence[str] = (),
        file: Path | None = None,
        *,
        required: tuple[str, ...] = REQUIRED_COLUMNS,
    ) -> ColumnMapping:
        """Build a mapping from ``--map NAME=COLUMN`` options and a ``--mapping`` TOML file.

        The file holds a ``[columns]`` table of header name = column; options given on the
        command line win over the file.

        Raises:
            ColumnMappingError: An option lacks ``=``, the file cannot be read or is not such
                a table, or a column is unknown.
        """
        pairs: list[tuple[str, str]] = []
        if file is not None:
            pairs.extend(_read_mapping_file(file))
        problems: list[Problem] = []
        for option in options:
            name, sep, target = option.partition("=")
            if not sep or not name.strip():
                problems.append(
                    Problem("", Message("mapping", "option-format", option=repr(option[:60])))
                )
                continue
            try:
                _target(target, f"--map {name.strip()[:60]!r}")
            except ColumnMappingError as error:
                problems.append(Problem("", error.summary))
                continue
            pairs.append((name.strip(), target))
        if problems:
            # Every bad option at once (cattrs-like), not the first only.
            raise ColumnMappingError(Message("mapping", "invalid-options"), problems)
        return cls(pairs, required=required)

    @property
    def user_pairs(self) -> list[tuple[str, str]]:
        """The user's pairs, as given."""
        return list(self._user_names)

    def column(self, name: str) -> str | None:
        """Return the canonical column ``name`` means, or None (unknown, or ignored)."""
        # JSON Lines repeat their keys on every record: fold each distinct key once.
        if name in self._cache:
            return self._cache[name]
        key = header_key(name)
        found = self._user.get(key) or vocabulary().get(key)
        column = None if found == IGNORE else found
        if len(self._cache) < _CACHED_NAMES:
            self._cache[name] = column
        return column

    def is_ignored(self, name: str) -> bool:
        """Whether the user asked to skip this header."""
        return self._user.get(header_key(name)) == IGNORE

    def resolve(self, names: Sequence[str]) -> tuple[HeaderMap, list[Problem]]:
        """Map a header row; return the map and any conflicts (two headers, one column)."""
        columns: list[str | None] = []
        unknown: list[str] = []
        mapped: list[tuple[str, str]] = []
        first: dict[str, str] = {}
        problems: list[Problem] = []
        for name in names:
            column = self.column(name)
            if column is None:
                columns.append(None)
                if not self.is_ignored(name) and name.strip():
                    unknown.append(name)
                continue
            if column in first:
                problems.append(
                    Problem(
                        Message("reader", "header"),
                        Message(
                            "reader",
                            "same-column",
                            first=repr(first[column][:60]),
                            second=repr(name[:60]),
                            column=column,
                            header=name[:60],
                        ),
                    )
                )
                columns.append(None)
                continue
            first[column] = name
            columns.append(column)
            mapped.append((name, column))
        return HeaderMap(tuple(columns), tuple(unknown), tuple(mapped)), problems


def _read_mapping_file(path: Path) -> list[tuple[str, str]]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_MAPPING_FILE_BYTES + 1)
    except OSError as error:
        raise ColumnMappingError(
            Message("mapping", "unreadable", name=path, why=os_reason(error))
        ) from None
    if len(raw) > _MAX_MAPPING_FILE_BYTES:
        raise ColumnMappingError(
            Message("mapping", "too-large", name=path, limit=_MAX_MAPPING_FILE_BYTES)
        )
    try:
        data: dict[str, Any] = parse_toml(raw)
    except TomlSyntaxError as error:
        raise ColumnMappingError(
            Message("mapping", "not-toml", name=path, where=error.where)
        ) from None
    table = data.get("columns")
    if not isinstance(table, Mapping) or set(data) - {"columns"}:
        raise ColumnMappingError(Message("mapping", "not-table", name=path))
    pairs: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for name, target in table.items():
        if not isinstance(target, str):
            said = Message("mapping", "not-string", name=path, header=repr(name[:60]))
            problems.append(Problem("", said))
            continue
        try:
            pairs.append((name, _target(target, f"{path}: {name[:60]!r}")))
        except ColumnMappingError as error:
            problems.append(Problem("", error.summary))
    if problems:
        raise ColumnMappingError(Message("mapping", "invalid-file", name=path), problems)
    return pairs
