"""Every limit the readers enforce, in one place (documented in docs/reliability.md).

A record over a limit is an invalid record that names the limit; a header over a limit stops
the run (:class:`~.record.UnreadableInputError`, exit status 2). Nothing is cut silently.
"""

from __future__ import annotations

__all__ = [
    "DETECTION_SAMPLE_BYTES",
    "HEADER_SEARCH_ROWS",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_FIELD_CHARS",
    "MAX_HEADER_CHARS",
    "MAX_JSON_ARRAY_BYTES",
    "MAX_LINE_CHARS",
    "MAX_NUMBER_CHARS",
    "MAX_RECORD_CHARS",
    "MAX_STDIN_BYTES",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_CELLS",
]

MAX_HEADER_CHARS = 65_536
"""The longest header line (CSV) or header row (Excel, all cells joined), in characters."""

MAX_LINE_CHARS = 65_536
"""The longest physical line of a CSV or JSON Lines file, in characters."""

MAX_FIELD_CHARS = 65_536
"""The longest single field (cell) of a record, in characters."""

MAX_RECORD_CHARS = 131_072
"""The longest record: a CSV record over several lines, or one element of a JSON array."""

MAX_COLUMNS = 1_024
"""The most columns in a header, and the most keys in a JSON object."""

MAX_DEPTH = 64
"""The deepest nesting of arrays and objects in a JSON record."""

MAX_NUMBER_CHARS = 100
"""The longest number in a JSON record, in characters (Python's own limit is 4,300 digits)."""

MAX_STDIN_BYTES = 64 * 1024 * 1024
"""The most standard input held (in memory only, never on disk: it may hold passwords)."""

MAX_JSON_ARRAY_BYTES = 64 * 1024 * 1024
"""The largest ``.json`` array file; larger exports should be JSON Lines, which stream."""

MAX_XLSX_BYTES = 64 * 1024 * 1024
"""The largest ``.xlsx`` file (its first sheet is read into memory)."""

MAX_XLSX_CELLS = 50_000_000
"""The most cells in the sheet read (rows × columns of its used range)."""

DETECTION_SAMPLE_BYTES = 1024 * 1024
"""How much of a file the encoding detection looks at."""

HEADER_SEARCH_ROWS = 20
"""How many lines (CSV) or rows (Excel) from the top the header is looked for in: a title and
blank lines above the column names are common in exports from Excel."""
