"""The header row found among the first rows, and made into a column map.

Limits, conflicts and missing columns stop the run. Rows above the header (a title, blank
lines) are skipped and said to be so: they are not records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..._i18n import Count, Message
from ...exceptions import Problem
from ..mapping import ColumnMapping, HeaderMap
from .limits import HEADER_SEARCH_ROWS, MAX_COLUMNS, MAX_FIELD_CHARS
from .record import UnreadableInputError

__all__ = ["HeaderChoice", "choose_header", "header_score", "map_header", "skipped_warning"]


@dataclass(frozen=True)
class HeaderChoice:
    """Which row is the header, and what the rows above it held.

    Attributes:
        row: The header's line (CSV) or row (Excel) number, 1-based.
        forced: It was given (``--header-row``), not found.
        skipped: The numbers of the rows above it that were not blank.
        unit: ``line`` (CSV) or ``row`` (Excel), for messages.
    """

    row: int = 1
    forced: bool = False
    skipped: tuple[int, ...] = ()
    unit: str = "line"

    def warning(self) -> str | None:
        """The warning that names the header row and the rows skipped, or None (row 1)."""
        return skipped_warning(self)


def header_score(cells: Sequence[str], mapping: ColumnMapping) -> tuple[int, bool]:
    """How many known columns ``cells`` name, and whether every required one is among them."""
    present = mapping.resolve(cells)[0].present
    return len(present), all(column in present for column in mapping.required)


def choose_header(scores: Sequence[tuple[int, int, bool]]) -> int:
    """The header among candidate rows, each ``(row, known columns, complete)``.

    The first row that names every required column; else the one naming the most known
    columns (its error then names the columns it lacks); else the first candidate.
    """
    for row, _, complete in scores:
        if complete:
            return row
    best = max(scores, key=lambda score: (score[1], -score[0]))
    return best[0] if best[1] else scores[0][0]


def skipped_warning(choice: HeaderChoice) -> str | None:
    """The words of :meth:`HeaderChoice.warning`."""
    if choice.row == 1:
        return None
    where = Message("reader", choice.unit, number=choice.row)
    if choice.forced and not choice.skipped:
        return Message("reader", "header-row-forced", where=where)
    lines = (
        Message("reader", f"{choice.unit}s-span", first=1, last=choice.row - 1)
        if choice.row > 2
        else Message("reader", choice.unit, number=1)
    )
    return Message(
        "reader", "rows-above-header", where=where, lines=lines, count=Count(len(choice.skipped))
    )


def map_header(
    name: str,
    where: str,
    cells: Sequence[str],
    mapping: ColumnMapping,
    *,
    searched: bool = False,
) -> HeaderMap:
    """Map a header row's cells to canonical columns.

    Args:
        name: The input's name, for messages.
        where: Where the header is (``line 1``, ``row 3``).
        cells: The header's cells.
        mapping: The vocabulary and the user's mapping.
        searched: The header was found, not named (``--header-row``): a missing column's
            error then says how to name the header's row.

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
        # A row that names no known column may be data (an export without a header): its
        # cells could hold a password, so they are counted, not shown.
        said = (
            Message("reader", "found-columns", columns=found or Message("reader", "none"))
            if header.present or not found
            else Message("reader", "found-no-known-column", count=len(cells))
        )
        raise UnreadableInputError(
            Message(
                "reader", "missing-columns", name=name, where=where, columns=", ".join(missing)
            ),
            [
                Problem(Message("reader", "header"), said),
                Problem(Message("reader", "header"), Message("reader", "map-hint")),
                *(
                    [
                        Problem(
                            Message("reader", "header"),
                            Message("reader", "header-row-hint", count=HEADER_SEARCH_ROWS),
                        )
                    ]
                    if searched
                    else []
                ),
            ],
        )
    return header
