"""A header row made into a column map: limits, conflicts and missing columns stop the run."""

from __future__ import annotations

from collections.abc import Sequence

from ..._i18n import Count, Message
from ...exceptions import Problem
from ..mapping import ColumnMapping, HeaderMap
from .limits import MAX_COLUMNS, MAX_FIELD_CHARS
from .record import UnreadableInputError

__all__ = ["map_header"]


def map_header(name: str, where: str, cells: Sequence[str], mapping: ColumnMapping) -> HeaderMap:
    """Map a header row's cells to canonical columns.

    Args:
        name: The input's name, for messages.
        where: Where the header is (``line 1``, ``row 3``).
        cells: The header's cells.
        mapping: The vocabulary and the user's mapping.

    Raises:
        UnreadableInputError: The header is empty, has too many columns or too long a name,
            maps two headers to one column, or lacks a required column; the message names
            the file, the line and what is wrong.
    """
    if not any(cell.strip() for cell in cells):
        raise UnreadableInputError(Message("reader", "header-empty", name=name, where=where))
    if len(cells) > MAX_COLUMNS:
        raise UnreadableInputError(
            Message(
                "reader",
                "too-many-columns",
                name=name,
                where=where,
                count=Count(len(cells)),
                limit=Count(MAX_COLUMNS),
            )
        )
    if any(len(cell) > MAX_FIELD_CHARS for cell in cells):
        raise UnreadableInputError(
            Message(
                "reader",
                "header-name-too-long",
                name=name,
                where=where,
                limit=Count(MAX_FIELD_CHARS),
            )
        )
    header, conflicts = mapping.resolve(cells)
    if conflicts:
        raise UnreadableInputError(
            Message("reader", "duplicate-columns", name=name, where=where), conflicts
        )
    missing = [column for column in mapping.required if column not in header.present]
    if missing:
        found = ", ".join(cell[:60] for cell in cells if cell.strip())[:600]
        raise UnreadableInputError(
            Message(
                "reader", "missing-columns", name=name, where=where, columns=", ".join(missing)
            ),
            [
                Problem(
                    Message("reader", "header"),
                    Message("reader", "found-columns", columns=found or Message("reader", "none")),
                ),
                Problem(Message("reader", "header"), Message("reader", "map-hint")),
            ],
        )
    return header
