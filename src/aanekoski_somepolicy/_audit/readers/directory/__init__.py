"""Directory exports: the source of work identities and city domains, detected by content.

Microsoft Entra ID "Download users" CSV (:mod:`.entra`), Active Directory ``Get-ADUser |
Export-Csv`` from Windows PowerShell 5.1 and 7 (:mod:`.ad`), LDIF (:mod:`.ldif`) and any
other CSV or Excel table (:mod:`.tables`). The file's name never decides.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ...._i18n import Message, os_reason
from ..limits import DETECTION_SAMPLE_BYTES
from ..record import UnreadableInputError
from .ad import REEXPORT
from .entry import DirectoryEntry, DirectoryExport, DirectoryKind, Record
from .ldif import LdifExport, looks_like_ldif
from .tables import TableExport

__all__ = [
    "REEXPORT",
    "DirectoryEntry",
    "DirectoryExport",
    "DirectoryKind",
    "Record",
    "UnreadableInputError",
    "open_directory",
]

_XLSX_MAGIC = b"PK\x03\x04"


def open_directory(path: Path) -> DirectoryExport:
    """Open a directory export, recognising its kind from its first bytes and header.

    Raises:
        UnreadableInputError: The file cannot be read, or is no directory export the audit
            can use (the message names the file and what is missing).
    """
    if path.is_dir():
        raise UnreadableInputError(Message("cli", "is-folder", name=path))
    try:
        with path.open("rb") as handle:
            head = handle.read(DETECTION_SAMPLE_BYTES)
    except OSError as error:
        raise UnreadableInputError(
            Message("reader", "cannot-read", name=path, why=os_reason(error))
        ) from None
    if head.startswith(_XLSX_MAGIC):
        return TableExport(path, excel=True)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    if looks_like_ldif(text):
        return LdifExport(path)
    return TableExport(path)
