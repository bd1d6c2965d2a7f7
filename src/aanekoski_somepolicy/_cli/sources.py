"""The export a command reads, and how it is judged: the options audit and replay share."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .._i18n import Message
from ..exceptions import SomePolicyError
from .arguments import count_value, day_value
from .roles import add_role_aliases_option

if TYPE_CHECKING:
    from .._audit.readers import RecordSource

__all__ = ["INPUT_FORMATS", "add_input_options", "add_judging_options", "record_source"]

# InputFormat's values, listed here so that building the parser imports no reader.
INPUT_FORMATS = ("csv", "jsonl", "json", "xlsx")


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """The export and how to read it: format, encoding, column mapping, Excel sheet."""
    parser.add_argument(
        "input",
        type=Path,
        help="the export: .csv/.txt (';', ',', tab or '|'), .jsonl, .json, .xlsx; '-' reads standard input",
    )
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help="override the format chosen by extension",
    )
    parser.add_argument(
        "--encoding", help="the text encoding, e.g. utf-8, cp1252, utf-16 (default: detected)"
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=COLUMN",
        help="read the column HEADER as COLUMN (e.g. 'Tunnus=username'; COLUMN 'ignore' skips it); repeatable",
    )
    parser.add_argument(
        "--mapping", type=Path, help="a TOML file with a [columns] table of HEADER = COLUMN"
    )
    parser.add_argument("--sheet", help="the Excel sheet, by name or number (default: the first)")
    parser.add_argument(
        "--header-row",
        type=count_value,
        metavar="ROW",
        help="the header is line (CSV) or row (Excel) ROW; by default the first of the first "
        "rows that names the required columns",
    )


def add_judging_options(parser: argparse.ArgumentParser, *, workers: int) -> None:
    """Worker processes, breach corpus, evaluation date and role spellings."""
    parser.add_argument(
        "--workers",
        type=count_value,
        default=workers,
        help="worker processes (default: every core)"
        if workers > 1
        else "worker processes (default 1)",
    )
    parser.add_argument(
        "--breach-corpus", type=Path, help="Have I Been Pwned file or prefix folder"
    )
    parser.add_argument("--on", type=day_value, help="evaluation date (default today)")
    add_role_aliases_option(parser)


def record_source(args: argparse.Namespace) -> RecordSource:
    """The export named by ``input``, read as the input options say.

    The options: ``--input-format``, ``--encoding``, ``--map``/``--mapping``, ``--sheet``,
    ``--header-row``. One that does not apply to the input's format is refused.
    """
    from .._audit.mapping import ColumnMapping
    from .._audit.readers import InputFormat, RecordSource

    source = RecordSource(
        args.input,
        InputFormat(args.input_format) if args.input_format else None,
        encoding=args.encoding,
        mapping=ColumnMapping.from_options(args.map, args.mapping),
        sheet=args.sheet,
        header_row=args.header_row,
    )
    refuse_inapplicable(args, source.format.value, source.name)
    return source


# Input options and the formats they apply to: given for another, they would be ignored
# without a word, and the user would believe the sheet (or encoding) they named was read.
_APPLIES_TO = {
    "sheet": ("--sheet", ("xlsx",)),
    "encoding": ("--encoding", ("csv", "jsonl", "json", "lines")),
    "header_row": ("--header-row", ("csv", "xlsx")),
}


def refuse_inapplicable(args: argparse.Namespace, input_format: str, name: str) -> None:
    """Refuse an input option that does not apply to the input's format (exit status 2).

    Raises:
        SomePolicyError: ``--sheet`` for a text file, ``--encoding`` for a workbook,
            ``--header-row`` for JSON; the message names the option, the input and its format.
    """
    for attribute, (option, formats) in _APPLIES_TO.items():
        if getattr(args, attribute, None) is not None and input_format not in formats:
            raise SomePolicyError(
                Message(
                    "cli",
                    "option-not-for-input",
                    option=option,
                    name=name,
                    format=input_format,
                    formats=", ".join(formats),
                )
            )
