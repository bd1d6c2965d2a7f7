"""Formula cells that a workbook stores without a value (Excel's file format, read by zipfile).

Excel saves each formula's last result beside it; files written by scripts (openpyxl and
the like) often hold the formula only. python-calamine reads such a cell as empty, and an
empty password cell would then read as "no password given": a check that never ran. This
module finds those cells, so that their rows are refused instead of passing unseen.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import IO
from xml.etree import ElementTree

__all__ = ["unsaved_formula_cells"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW = re.compile(r"[A-Z]+(\d+)")
# A sheet's XML is read whole; past this size the second look is skipped (bounded work).
MAX_SHEET_XML_BYTES = 256 * 1024 * 1024


def unsaved_formula_cells(handle: IO[bytes], sheet_index: int) -> dict[int, str]:
    """Return, per Excel row number, the first cell whose formula has no saved value.

    Args:
        handle: The workbook's bytes (a seekable file).
        sheet_index: The sheet's 0-based position among the workbook's sheets.

    An unexpected layout gives an empty answer: calamine has already read the workbook,
    so this is a second look, never a new way for a file to fail.
    """
    try:
        with zipfile.ZipFile(handle) as package:
            path = _sheet_path(package, sheet_index)
            if path is None or package.getinfo(path).file_size > MAX_SHEET_XML_BYTES:
                return {}
            found: dict[int, str] = {}
            with package.open(path) as sheet:
                for _, cell in ElementTree.iterparse(sheet):
                    if cell.tag != f"{_MAIN}c":
                        continue
                    formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
                    reference = cell.get("r", "")
                    if formula is not None and (value is None or not (value.text or "")):
                        row = _ROW.fullmatch(reference)
                        if row is not None:
                            found.setdefault(int(row.group(1)), reference)
                    cell.clear()
            return found
    except Exception:  # any damage: zipfile, zlib and expat raise a dozen kinds
        return {}


def _sheet_path(package: zipfile.ZipFile, index: int) -> str | None:
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    sheets = workbook.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    if not 0 <= index < len(sheets):
        return None
    wanted = sheets[index].get(f"{_REL}id")
    relations = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    for relation in relations.findall(f"{_PACKAGE_REL}Relationship"):
        if relation.get("Id") == wanted:
            target = relation.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None
