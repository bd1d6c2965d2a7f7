"""Write one canonical export in the shapes Finnish, Swedish and English offices produce.

Usage:
    python scripts/make_export_shapes.py [CANONICAL.csv] OUTDIR

The canonical export is a UTF-8, comma-separated CSV with the audit's canonical column names
(``tests/data/canonical-export.csv`` by default). Every shape holds the same records on the
same line (or Excel row) numbers, so auditing any of them must give the canonical results
(``tests/test_export_shapes.py`` checks it):

* Finnish, Swedish and English header names, as HR and Excel exports spell them;
* UTF-8, UTF-8 with a byte-order mark, UTF-16LE and UTF-16BE with one, Windows-1252;
* ``;``, ``,``, tab and ``|`` delimiters, LF and CRLF line ends (a UTF-16 tab-separated CRLF
  file is Excel's "Unicode text");
* ``.xlsx`` workbooks (whole-number ids stored as numbers) and ``.json`` arrays.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANONICAL = ROOT / "tests" / "data" / "canonical-export.csv"

# Header names per language, as real exports spell them.
HEADERS: dict[str, dict[str, str]] = {
    "fi": {
        "person_id": "Henkilönumero",
        "first_name": "Etunimi",
        "last_name": "Sukunimi",
        "role": "Tehtävänimike",
        "unit": "Yksikkö",
        "service": "Palvelu",
        "purpose": "Käyttötarkoitus",
        "username": "Käyttäjätunnus",
        "email": "Sähköposti",
        "password": "Salasana",
        "mfa": "Monivaiheinen tunnistautuminen",
        "work_usernames": "Työtunnukset",
        "work_emails": "Työsähköpostit",
    },
    "sv": {
        "person_id": "Personalnummer",
        "first_name": "Förnamn",
        "last_name": "Efternamn",
        "role": "Befattning",
        "unit": "Enhet",
        "service": "Tjänst",
        "purpose": "Syfte",
        "username": "Användarnamn",
        "email": "E-post",
        "password": "Lösenord",
        "mfa": "Tvåfaktorsautentisering",
        "work_usernames": "Arbetsanvändarnamn",
        "work_emails": "Arbets-e-post",
    },
    "en": {
        "person_id": "Employee ID",
        "first_name": "First Name",
        "last_name": "Last Name",
        "role": "Job title",
        "unit": "Department",
        "service": "Service",
        "purpose": "Purpose",
        "username": "User name",
        "email": "E-mail",
        "password": "Password",
        "mfa": "MFA",
        "work_usernames": "Work usernames",
        "work_emails": "Work emails",
    },
}
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1252")
DELIMITERS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}


@dataclass(frozen=True)
class Export:
    """A canonical export: its column names and rows."""

    columns: list[str]
    rows: list[list[str]]


def read_canonical(path: Path = CANONICAL) -> Export:
    """Read the canonical export (UTF-8, comma, canonical column names)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return Export(rows[0], rows[1:])


def encode(text: str, encoding: str) -> bytes:
    """Encode text, adding the byte-order mark the ``-bom`` encodings name."""
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def delimited(export: Export, headers: Sequence[str], delimiter: str, *, crlf: bool = False) -> str:
    """The export as delimited text with the given header names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(headers)
    writer.writerows(export.rows)
    return buffer.getvalue()


def json_array(export: Export, headers: Sequence[str]) -> str:
    """The export as a JSON array, one object per line (so line numbers match the CSV)."""
    objects = [
        json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False) for row in export.rows
    ]
    return "[\n" + ",\n".join(objects) + "\n]\n"


def write_xlsx(export: Export, headers: Sequence[str], path: Path) -> None:
    """The export as an Excel workbook; whole-number cells are stored as numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Rekisteröinnit"
    sheet.append(list(headers))
    for row in export.rows:
        sheet.append([int(cell) if cell.isdigit() else (cell or None) for cell in row])
    workbook.save(path)


def shapes(export: Export) -> Iterable[tuple[str, bytes | None, str]]:
    """Every shape: (file name, bytes or None for a workbook, language)."""
    delimiters = list(DELIMITERS)
    for index, (language, encoding) in enumerate(
        (language, encoding) for language in HEADERS for encoding in ENCODINGS
    ):
        headers = [HEADERS[language][column] for column in export.columns]
        delimiter = delimiters[index % len(delimiters)]
        crlf = index % 2 == 1
        name = f"{language}-{encoding}-{DELIMITERS[delimiter]}{'-crlf' if crlf else ''}.csv"
        yield name, encode(delimited(export, headers, delimiter, crlf=crlf), encoding), language
    for language, names in HEADERS.items():
        headers = [names[column] for column in export.columns]
        for delimiter, label in DELIMITERS.items():
            yield (
                f"{language}-delimiter-{label}.csv",
                delimited(export, headers, delimiter).encode(),
                language,
            )
        unicode_text = delimited(export, headers, "\t", crlf=True)
        yield f"{language}-unicode-text.txt", encode(unicode_text, "utf-16-le-bom"), language
        yield f"{language}.json", json_array(export, headers).encode(), language
        yield f"{language}.xlsx", None, language


def write_shapes(out: Path, canonical: Path = CANONICAL) -> list[Path]:
    """Write every shape of ``canonical`` into ``out``; return the files written."""
    export = read_canonical(canonical)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data, language in shapes(export):
        path = out / name
        if data is None:
            headers = [HEADERS[language][column] for column in export.columns]
            write_xlsx(export, headers, path)
        else:
            path.write_bytes(data)
        written.append(path)
    return written


def main(argv: Sequence[str]) -> int:
    """Write the shapes; arguments are [CANONICAL] OUTDIR."""
    if len(argv) not in (1, 2):
        sys.stderr.write(__doc__ or "")
        return 2
    canonical = Path(argv[0]) if len(argv) == 2 else CANONICAL
    for path in write_shapes(Path(argv[-1]), canonical):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
