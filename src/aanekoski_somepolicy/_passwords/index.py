"""A precompiled index of what building a password judge computes from its word lists.

Building a judge merges about 200,000 list entries into lookups (ranks, prefixes, stems,
blocklists), about a second of work. The shipped index (``data/judge_index.bin``, written
by ``scripts/regenerate_judge_index.py``) holds the result for the default policy. The index
carries a key: a digest of the password parameters, of every word list they name, of
zxcvbn's version and of this format. A judge uses the index only when the key matches its
own parameters and lists, so a changed list or parameter never reads stale data; it then
builds from the lists as before.

The index can be read two ways from the same file:

* **whole** (:func:`load_index`): every lookup becomes a dict or a tuple in memory, built
  from contiguous text by ``str.split`` and ``dict(zip(...))``. About 40 ms; each look-up
  then costs a dict access. For processes that judge many passwords.
* **mapped** (``load_index(params, mapped=True)``): the file is memory-mapped and each
  lookup is a :class:`MappedTable` or :class:`MappedSet` that finds one key by hashing it
  into an open-addressed slot table, reading only the pages it touches. Opening costs well
  under a millisecond and each look-up a few microseconds: for a process that judges one
  password (``somepolicy check``).

Layout (native byte order, recorded in the key): an 8-byte magic, the header's length, the
header (``marshal``: the key, the tables' CRC-32, the state with each large lookup replaced
by a table number, and each table's description), then each table's sections, 4-byte aligned: its keys as
UTF-8 text each followed by NUL, the offsets where the keys start, the hash slots (entry
number + 1, 0 for empty; CRC-32 of the key's UTF-8, linear probing), and its values: an
array of numbers, or for a table of word lists, the entry numbers of those words in an
earlier table's keys. Tables with the same keys share them.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from importlib import metadata, resources
from itertools import pairwise
from typing import Any, Literal, TypeVar

from .._policy.catalog import PASSWORD_THRESHOLDS, PasswordParameters
from .._policy.wordfiles import read_word_file

__all__ = [
    "INDEX_NAME",
    "MappedSet",
    "MappedTable",
    "as_set",
    "dump_index",
    "index_key",
    "load_index",
]

INDEX_NAME = "judge_index.bin"
# Raise when the layout of a state or of the file changes: an index of another layout is
# never read.
_FORMAT = 4
_MAGIC = b"SPJUDGE\x04"
_HEAD = struct.Struct("<8sI")
# Lookups smaller than this stay in the header (the blocklist names, short tuples).
_TABLE_MIN = 64
# What ends each key in a table's text. No list entry contains it (dump_index refuses one).
_END = "\0"
_MARK = "\0table"

V = TypeVar("V")


def _data() -> Any:
    return resources.files("aanekoski_somepolicy").joinpath("data")


def _index_file() -> Any:
    return _data().joinpath(INDEX_NAME)


def index_key(params: PasswordParameters) -> str:
    """Digest of everything an index depends on, for ``params``."""
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}\0{sys.byteorder}\0{metadata.version('zxcvbn')}\0".encode())
    # Thresholds and banned terms are applied by the judge itself; the index does not depend
    # on them, so a policy that changes only those (a longer minimum length) still uses it.
    digest.update(params.model_dump_json(exclude={*PASSWORD_THRESHOLDS, "banned_terms"}).encode())
    files = {
        *params.dictionary_files,
        *params.word_form_files,
        *params.name_files,
        *params.blocklist_files,
    }
    for name in sorted(files):
        digest.update(f"\0{name}\0".encode())
        digest.update(read_word_file(name))
    return digest.hexdigest()


def as_set(values: Iterable[str]) -> Set[str]:
    """``values`` as a set: a mapped table as it is, anything else as a frozenset."""
    return values if isinstance(values, Set) else frozenset(values)


# ---------------------------------------------------------------------------- writing


def _kind(value: object) -> str | None:
    """The table kind ``value`` is stored as, or None when it stays in the header."""
    if not isinstance(value, dict | tuple) or len(value) < _TABLE_MIN:
        return None
    if not all(isinstance(key, str) for key in value):
        return None
    if isinstance(value, tuple):
        return "set"
    values = value.values()
    if all(isinstance(v, int) and 0 <= v < 2**32 for v in values):
        return "int"
    if all(isinstance(v, str) for v in values) and len(set(values)) < 2**16:
        return "name"
    if all(isinstance(v, tuple) and v and all(isinstance(w, str) for w in v) for v in values):
        return "words"
    return None


def _clean(text: str) -> str:
    if _END in text:
        raise ValueError("a list entry holds a NUL character")
    return text


def _aligned(out: bytearray) -> int:
    out.extend(b"\0" * (-len(out) % 4))
    return len(out)


def _write_keys(keys: Sequence[str], out: bytearray) -> tuple[int, int, int, int, int]:
    text = bytearray()
    starts = array("I")
    for key in keys:
        starts.append(len(text))
        text += _clean(key).encode() + _END.encode()
    starts.append(len(text))
    size = 1
    while size < 2 * max(len(keys), 1):
        size *= 2
    slots = array("I", bytes(4 * size))
    for number, key in enumerate(keys):
        slot = zlib.crc32(key.encode()) & (size - 1)
        while slots[slot]:
            slot = (slot + 1) & (size - 1)
        slots[slot] = number + 1
    text_at = _aligned(out)
    out += text
    starts_at = _aligned(out)
    out += starts.tobytes()
    slots_at = _aligned(out)
    out += slots.tobytes()
    return size, text_at, len(text), starts_at, slots_at


def _write_table(
    kind: str, value: Any, out: bytearray, written: dict[tuple[str, ...], tuple[int, ...]]
) -> tuple[Any, ...]:
    keys = tuple(value)
    # Tables with the same keys in the same order (a word's rank and its list) share them.
    if keys not in written:
        written[keys] = _write_keys(keys, out)
    size, text_at, text_size, starts_at, slots_at = written[keys]
    values_at = _aligned(out)
    extra: tuple[Any, ...] = ()
    if kind == "int":
        out += array("I", value.values()).tobytes()
    elif kind == "name":
        names = tuple(sorted(set(value.values())))
        number = {name: n for n, name in enumerate(names)}
        out += array("H", (number[v] for v in value.values())).tobytes()
        extra = names
    elif kind == "words":
        # Each word is a key of a table written before (a prefix's words are ranked words):
        # stored as that key's entry number, so a whole load shares the key's string.
        words = {word for value_words in value.values() for word in value_words}
        source = next((other for other in written if words.issubset(other)), None)
        if source is None:
            raise ValueError("the words of a table are not the keys of an earlier one")
        number = {word: n for n, word in enumerate(source)}
        entries = array("I")
        value_starts = array("I")
        for value_words in value.values():
            value_starts.append(len(entries))
            entries.extend(number[word] for word in value_words)
        value_starts.append(len(entries))
        out += entries.tobytes()
        value_starts_at = _aligned(out)
        out += value_starts.tobytes()
        extra = (len(entries), value_starts_at, (len(source), *written[source]))
    return (kind, len(keys), size, text_at, text_size, starts_at, slots_at, values_at, extra)


def _skeleton(value: Any, tables: list[tuple[str, Any]]) -> Any:
    kind = _kind(value)
    if kind is not None:
        tables.append((kind, value))
        return (_MARK, len(tables) - 1)
    if isinstance(value, tuple):
        return tuple(_skeleton(item, tables) for item in value)
    return value


def dump_index(params: PasswordParameters, state: tuple[Any, ...]) -> bytes:
    """The index file's bytes for ``state``, keyed for ``params``."""
    tables: list[tuple[str, Any]] = []
    skeleton = _skeleton(state, tables)
    body = bytearray()
    written: dict[tuple[str, ...], tuple[int, ...]] = {}
    described = [_write_table(kind, value, body, written) for kind, value in tables]
    header = marshal.dumps((index_key(params), zlib.crc32(body), skeleton, tuple(described)))
    start = _HEAD.size + len(header)
    padding = -start % 4
    head = _HEAD.pack(_MAGIC, len(header) + padding) + header + b"\0" * padding
    return bytes(head + body)


# ---------------------------------------------------------------------------- reading


class _Table:
    """The keys and hash slots of one table (shared by the mapped mapping and set)."""

    __slots__ = ("_mask", "_slots", "_starts", "_text", "length")

    def __init__(self, body: memoryview, description: tuple[Any, ...]) -> None:
        _kind, count, size, text_at, text_size, starts_at, slots_at, _values, _extra = description
        self.length: int = count
        self._text = body[text_at : text_at + text_size]
        self._starts = _ints(body, starts_at, count + 1, "I")
        self._slots = _ints(body, slots_at, size, "I")
        self._mask = size - 1
        if size & self._mask or len(self._text) != text_size:
            raise ValueError("damaged table")

    def find(self, key: str) -> int:
        """The entry number of ``key``, or -1."""
        # A lone surrogate (JSON can carry one) encodes to bytes that are never valid UTF-8,
        # so such a key is found nowhere, as in a dict, instead of failing to encode.
        raw = key.encode("utf-8", "surrogatepass")
        slots, starts, text, mask = self._slots, self._starts, self._text, self._mask
        entry: int
        slot = zlib.crc32(raw) & mask
        while True:
            entry = slots[slot]
            if not entry:
                return -1
            start = starts[entry - 1]
            end = starts[entry] - 1
            if end - start == len(raw) and text[start:end] == raw:
                return entry - 1
            slot = (slot + 1) & mask

    def key(self, entry: int) -> str:
        """The key of entry number ``entry``."""
        return bytes(self._text[self._starts[entry] : self._starts[entry + 1] - 1]).decode()

    def keys(self) -> list[str]:
        """Every key, in the order they were written."""
        if not self.length:
            return []
        return bytes(self._text[:-1]).decode().split(_END)


def _ints(body: memoryview, at: int, count: int, code: Literal["I", "H"]) -> memoryview:
    width = array(code).itemsize
    part = body[at : at + count * width]
    if len(part) != count * width:
        raise ValueError("damaged table")
    return part.cast(code)


class _Keyed:
    """What a mapped mapping and a mapped set share: membership, keys, size."""

    def __init__(self, table: _Table) -> None:
        self._table = table

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._table.find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.keys())

    def __len__(self) -> int:
        return self._table.length


class MappedTable(_Keyed, Mapping[str, V]):
    """A read-only mapping whose entries stay in the mapped index until looked up."""

    def __init__(self, table: _Table, values: Any) -> None:
        super().__init__(table)
        self._values = values

    def get(self, key: str, default: Any = None) -> Any:
        entry = self._table.find(key)
        return default if entry < 0 else self._values(entry)

    def __getitem__(self, key: str) -> V:
        entry = self._table.find(key)
        if entry < 0:
            # Not the key itself: keys looked up are pieces of passwords.
            raise KeyError("not in the index")
        value: V = self._values(entry)
        return value


class MappedSet(_Keyed, Set[str]):
    """A read-only set of strings that stays in the mapped index."""


def _words(
    body: memoryview, description: tuple[Any, ...]
) -> tuple[memoryview, memoryview, tuple[Any, ...]]:
    """A words table's entry numbers, where each value's start, and its keys' table."""
    count, values_at, (size, starts_at, source) = description[1], description[7], description[8]
    entries = _ints(body, values_at, size, "I")
    # The source table's description, in the layout _Table reads.
    keys = ("set", source[0], *source[1:], 0, ())
    return entries, _ints(body, starts_at, count + 1, "I"), keys


def _mapped(body: memoryview, description: tuple[Any, ...], _known: dict[int, list[str]]) -> Any:
    kind, count, values_at, extra = description[0], description[1], description[7], description[8]
    table = _Table(body, description)
    if kind == "set":
        return MappedSet(table)
    if kind == "int":
        return MappedTable[int](table, _ints(body, values_at, count, "I").__getitem__)
    if kind == "name":
        numbers = _ints(body, values_at, count, "H")
        return MappedTable[str](table, lambda entry: extra[numbers[entry]])
    entries, starts, source = _words(body, description)
    keys = _Table(body, source)

    def words(entry: int) -> tuple[str, ...]:
        return tuple(keys.key(n) for n in entries[starts[entry] : starts[entry + 1]])

    return MappedTable[tuple[str, ...]](table, words)


def _whole(body: memoryview, description: tuple[Any, ...], known: dict[int, list[str]]) -> Any:
    kind, count, values_at, extra = description[0], description[1], description[7], description[8]
    text_at = description[3]
    if text_at not in known:
        known[text_at] = _Table(body, description).keys()
    keys = known[text_at]
    if kind == "set":
        return tuple(keys)
    if kind == "int":
        return dict(zip(keys, _ints(body, values_at, count, "I").tolist(), strict=True))
    if kind == "name":
        numbers = _ints(body, values_at, count, "H").tolist()
        return dict(zip(keys, map(extra.__getitem__, numbers), strict=True))
    entries, starts, source = _words(body, description)
    if source[3] not in known:
        known[source[3]] = _Table(body, source).keys()
    words = known[source[3]]
    numbers, bounds = entries.tolist(), starts.tolist()
    values = (tuple([words[n] for n in numbers[start:end]]) for start, end in pairwise(bounds))
    return dict(zip(keys, values, strict=True))


def _fill(skeleton: Any, tables: list[Any]) -> Any:
    if isinstance(skeleton, tuple):
        if len(skeleton) == 2 and skeleton[0] == _MARK:
            return tables[skeleton[1]]
        return tuple(_fill(item, tables) for item in skeleton)
    return skeleton


def _read(mapped: bool) -> memoryview:
    source = _index_file()
    if mapped:
        try:
            # The map outlives the file handle (and a temporary copy, for a zipped package).
            with resources.as_file(source) as path, open(path, "rb") as handle:
                return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        except (OSError, ValueError):  # an empty file cannot be mapped
            pass
    return memoryview(source.read_bytes())


def load_index(params: PasswordParameters, *, mapped: bool = False) -> tuple[Any, ...] | None:
    """The shipped index's state when it was built for ``params`` and its lists, else None.

    Args:
        params: The password parameters the judge is built for.
        mapped: Read the large lookups from the memory-mapped file one key at a time
            (:class:`MappedTable`, :class:`MappedSet`) instead of building them in memory.
    """
    try:
        raw = _read(mapped)
        magic, size = _HEAD.unpack_from(raw)
        if magic != _MAGIC:
            return None
        key, checksum, skeleton, described = marshal.loads(raw[_HEAD.size : _HEAD.size + size])
        if key != index_key(params):
            return None
        body = raw[_HEAD.size + size :]
        # A whole load checks the tables' checksum (a few ms of its 200); a mapped one reads
        # a few pages and trusts the file as installed (pip checks a wheel's hashes).
        if not mapped and zlib.crc32(body) != checksum:
            return None
        read = _mapped if mapped else _whole
        known: dict[int, list[str]] = {}
        state = _fill(skeleton, [read(body, description, known) for description in described])
    except (OSError, ValueError, EOFError, TypeError, IndexError, struct.error):
        return None
    return state if isinstance(state, tuple) else None
