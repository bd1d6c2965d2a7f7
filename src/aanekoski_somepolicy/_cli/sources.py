"""The export a command reads, from its input options (audit, replay)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._audit.readers import RecordSource

__all__ = ["record_source"]


def record_source(args: argparse.Namespace) -> RecordSource:
    """The export named by ``input``, read as the input options say.

    The options: ``--input-format``, ``--encoding``, ``--map``/``--mapping``, ``--sheet``.
    """
    from .._audit.mapping import ColumnMapping
    from .._audit.readers import InputFormat, RecordSource

    return RecordSource(
        args.input,
        InputFormat(args.input_format) if args.input_format else None,
        encoding=args.encoding,
        mapping=ColumnMapping.from_options(args.map, args.mapping),
        sheet=args.sheet,
    )
