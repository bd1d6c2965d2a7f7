"""Reading password-hash dumps: pwdump/secretsdump lines, ``user:nthash`` lines, CSV/JSON.

A dump is read in memory only: never copied, cached or written anywhere. Each account line
becomes one :class:`DumpAccount` or one :class:`DumpError` naming its line and what is
wrong, never its content (it may hold a hash). Tabular dumps (CSV, JSON Lines, JSON, Excel)
go through the audit's own readers and column vocabulary, with an ``nt_hash`` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..._i18n import Message
from ..mapping import ColumnMapping
from ..readers import InputFormat, RecordSource, UnreadableInputError
from ..readers.decoding import STDIN, Input, detect_encoding

__all__ = ["LINES", "MAX_DUMP_BYTES", "DumpAccount", "DumpError", "HashDump", "account_key"]

_HEX32 = re.compile(r"^[0-9A-Fa-f]{32}$")
# secretsdump and mimikatz print progress lines ("[*] Dumping ...") between the accounts.
_TOOL_LINE = re.compile(r"^\s*\[[*+!-]\]")
_RID = re.compile(r"^\d{1,10}$")
_MAX_LINE = 4096
# LM fields that mean "no LM hash stored": the empty LM hash, and zeros some tools print.
_NO_LM = frozenset({"aad3b435b51404eeaad3b435b51404ee", "0" * 32, ""})
_PERSON_FIELDS = ("first_name", "last_name", "role", "unit", "person_id", "email")


LINES = "lines"
"""The format name of dump lines (pwdump, secretsdump, ``user:nthash``)."""
# A dump of a million accounts is about 120 MB; far more is no directory dump.
MAX_DUMP_BYTES = 1024 * 1024 * 1024


def account_key(name: str) -> str:
    r"""The key accounts and people are joined by: no domain, no UPN suffix, case-folded.

    ``AANEKOSKI\\Matti.V``, ``matti.v@aanekoski.fi`` and ``MATTI.V`` are one account.
    """
    name = name.strip()
    name = name.rsplit("\\", 1)[-1]
    name = name.split("@", 1)[0]
    return name.casefold()


@dataclass
class DumpAccount:
    r"""One account of a dump. Its hash is secret: it is not part of the ``repr``.

    Attributes:
        line: The line (or row) it was read from.
        account: The account name as the dump has it (``DOMAIN\\user``).
        nt: The NT hash (16 bytes).
        lm_present: An LM hash is stored besides it.
        fields: Person fields the dump carries (names, role, unit), by canonical column.
    """

    line: int
    account: str
    nt: bytes = field(repr=False)
    lm_present: bool = False
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The join key (see :func:`account_key`)."""
        return account_key(self.account)


@dataclass(frozen=True)
class DumpError:
    """A line that holds no readable account; the message names the line, never its text."""

    line: int
    message: str
    account: str = ""


def _hash_field(value: str, code: str) -> bytes | Message:
    value = value.strip()
    if not _HEX32.match(value):
        return Message("hash-audit", code)
    return bytes.fromhex(value)


def parse_line(text: str, line: int) -> DumpAccount | DumpError | None:
    """Read one dump line: pwdump/secretsdump, ``user:nthash``; None for no account line."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#") or _TOOL_LINE.match(stripped):
        return None
    if len(stripped) > _MAX_LINE:
        why = Message("hash-audit", "line-too-long", limit=_MAX_LINE)
        return DumpError(line, Message("hash-audit", "line-unreadable", line=line, why=why))
    # secretsdump may append " (status=Enabled)" after the last colon.
    stripped = re.sub(r"\s+\(status=[^)]*\)$", "", stripped)
    parts = stripped.split(":")
    user = parts[0].strip()
    lm_present = False
    if len(parts) >= 4 and _RID.match(parts[1].strip()):
        lm_text, nt_text = parts[2], parts[3]
        if lm_text.strip().lower() not in _NO_LM:
            lm = _hash_field(lm_text, "bad-lm")
            if isinstance(lm, Message):
                return _error(line, lm, user)
            lm_present = True
    elif len(parts) == 2:
        nt_text = parts[1]
    else:
        # Not the shape of an account line: its first field may be anything, even a hash.
        return _error(line, Message("hash-audit", "bad-fields"), "")
    if not user:
        return _error(line, Message("hash-audit", "no-user"), "")
    nt = _hash_field(nt_text, "bad-nt")
    if isinstance(nt, Message):
        return _error(line, nt, user)
    return DumpAccount(line, user[:256], nt, lm_present)


_HEX_RUN = re.compile(r"[0-9A-Fa-f]{16}")


def _error(line: int, why: Message, user: str) -> DumpError:
    # The account name helps IT find the line; a field that looks like a hash is not shown.
    shown = "" if _HEX_RUN.search(user) else user[:128]
    return DumpError(line, Message("hash-audit", "line-unreadable", line=line, why=why), shown)


class HashDump:
    """A password-hash dump as a source of accounts.

    Args:
        path: The dump, or ``Path("-")`` for standard input.
        tabular: A table format (CSV, JSON Lines, JSON, Excel) instead of dump lines; by
            default chosen from the extension (``.csv``, ``.jsonl``, ``.json``, ``.xlsx``).
        mapping: Header names to columns, for a tabular dump.
        encoding: A text encoding for dump lines; by default detected.
        lines: Read dump lines whatever the extension.

    Raises:
        UnreadableInputError: The file cannot be read, or a tabular dump lacks its columns.
    """

    def __init__(
        self,
        path: Path,
        *,
        tabular: InputFormat | None = None,
        mapping: ColumnMapping | None = None,
        encoding: str | None = None,
        lines: bool = False,
    ) -> None:
        self.path = path
        self.name = "standard input" if path == STDIN else str(path)
        self._text: str | None = None
        self._source: RecordSource | None = None
        if tabular is None and path != STDIN and not lines:
            chosen = InputFormat.for_path(path)
            suffix = path.suffix.lower()
            tabular = (
                chosen if chosen is not InputFormat.CSV or suffix in (".csv", ".tsv") else None
            )
        if tabular is not None:
            pairs = mapping.user_pairs if mapping is not None else []
            self._source = RecordSource(
                path,
                tabular,
                encoding=encoding,
                mapping=ColumnMapping(pairs, required=("nt_hash",)),
            )
            self.format = tabular.value
            return
        self.format = LINES
        raw = self._read_bytes()
        detected = detect_encoding(raw[:65536], encoding)
        try:
            text = raw.decode(detected.codec)
        except UnicodeDecodeError:
            raise UnreadableInputError(Message("hash-audit", "not-text", name=self.name)) from None
        self._text = text.removeprefix("\ufeff")

    def _read_bytes(self) -> bytes:
        with Input(self.path).open() as handle:
            raw = handle.read(MAX_DUMP_BYTES + 1)
        if len(raw) > MAX_DUMP_BYTES:
            raise UnreadableInputError(
                Message("hash-audit", "too-large", name=self.name, limit=MAX_DUMP_BYTES >> 20)
            )
        return raw

    @property
    def columns(self) -> frozenset[str]:
        """The person columns a tabular dump holds (after a full read for JSON)."""
        if self._source is None:
            return frozenset()
        return frozenset(self._source.columns)

    def warnings(self) -> list[str]:
        """Warnings about how a tabular dump was read (ignored columns)."""
        return self._source.warnings() if self._source is not None else []

    def entries(self) -> Iterator[DumpAccount | DumpError]:
        """Every account line, in order: an account, or an error naming the line."""
        if self._text is not None:
            # Only line feeds end lines, as in the editors IT opens the dump with.
            for number, text in enumerate(self._text.split("\n"), 1):
                entry = parse_line(text, number)
                if entry is not None:
                    yield entry
            return
        assert self._source is not None
        for record in self._source.records():
            if record.blank:
                continue
            user = (record.text("username") or record.text("person_id")).strip()
            if record.error or record.data is not None:
                why = record.error or Message("hash-audit", "bad-fields")
                message = Message("hash-audit", "line-unreadable", line=record.line, why=why)
                yield DumpError(record.line, message, user[:128])
                continue
            if not user:
                yield _error(record.line, Message("hash-audit", "no-user"), "")
                continue
            nt_text = record.text("nt_hash")
            if not nt_text.strip():
                yield _error(record.line, Message("hash-audit", "no-nt"), user)
                continue
            nt = _hash_field(nt_text, "bad-nt")
            if isinstance(nt, Message):
                yield _error(record.line, nt, user)
                continue
            lm_text = record.text("lm_hash").strip().lower()
            lm_present = False
            if lm_text not in _NO_LM:
                if isinstance(_hash_field(lm_text, "bad-lm"), Message):
                    yield _error(record.line, Message("hash-audit", "bad-lm"), user)
                    continue
                lm_present = True
            person = {
                name: record.text(name).strip()
                for name in _PERSON_FIELDS
                if record.text(name).strip()
            }
            yield DumpAccount(record.line, user[:256], nt, lm_present, person)

    def describe(self) -> dict[str, str]:
        """How the dump was read, for a report's header (never its content)."""
        if self._source is not None:
            return {**self._source.description(), "path": self.name}
        return {"path": self.name, "format": self.format}
