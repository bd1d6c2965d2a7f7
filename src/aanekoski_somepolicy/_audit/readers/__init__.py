"""Reading registration exports: CSV and other delimited text, JSON Lines, JSON arrays, Excel.

Every record comes out exactly once: as fields, as invalid (naming its line and the reason or
limit), or as blank. Only a damaged or missing header stops a run. One module per input kind;
:mod:`.source` chooses among them; limits live in :mod:`.limits`.
"""

from __future__ import annotations

from ..mapping import COLUMNS, REQUIRED_COLUMNS
from .record import FieldValue, InputFormat, RawRecord, UnreadableInputError, text_value
from .source import RecordSource

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "FieldValue",
    "InputFormat",
    "RawRecord",
    "RecordSource",
    "UnreadableInputError",
    "text_value",
]
