"""A header row made into a column map: limits, conflicts and missing columns stop the run."""

from __future__ import annotations

from collections.abc import Sequence

from ...exceptions import Problem
from ..mapping import REQUIRED_COLUMNS, ColumnMapping, HeaderMap
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
        raise UnreadableInputError(
            f"{name}: {where}: the header row is missing (the line is empty)"
        )
    if len(cells) > MAX_COLUMNS:
        raise UnreadableInputError(
            f"{name}: {where}: {len(cells):,} columns; the limit is {MAX_COLUMNS:,}"
        )
    if any(len(cell) > MAX_FIELD_CHARS for cell in cells):
        raise UnreadableInputError(
            f"{name}: {where}: a header name is longer than {MAX_FIELD_CHARS:,} characters"
        )
    header, conflicts = mapping.resolve(cells)
    if conflicts:
        raise UnreadableInputError(
            f"{name}: {where}: duplicate columns (two headers mean the same column)", conflicts
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in header.present]
    if missing:
        found = ", ".join(cell[:60] for cell in cells if cell.strip())[:600]
        raise UnreadableInputError(
            f"{name}: {where}: missing required column(s) {', '.join(missing)}",
            [
                Problem("header", f"found columns: {found or '(none)'}"),
                Problem(
                    "header",
                    "name a column with --map 'HEADER=COLUMN' (e.g. --map 'Tunnus=person_id') "
                    "or in a --mapping file; see docs/audit.md",
                ),
            ],
        )
    return header
