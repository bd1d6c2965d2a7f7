r"""Comparing a leisure username with the person's work identities.

Two usernames are the same identity when a person reading them would take them for one:

* Unicode forms and case: NFKC, then full case folding (``İ`` folds to two code points;
  nothing here depends on positions, so length-changing mappings are safe);
* invisible characters: format characters (zero-width space, joiners, soft hyphen, BOM)
  and white space are dropped;
* look-alike letters: every character is replaced by its Unicode confusable prototype,
  from the Unicode confusables data shipped by ``confusable-homoglyphs`` (a Cyrillic ``а``
  is a Latin ``a``);
* Finnish diacritics: ``ä`` = ``a``, ``ö`` = ``o``;
* account decorations: a Windows domain (``AANEKOSKI\matti``), an e-mail or UPN domain
  (``matti@gmail.com``, ``matti@AANEKOSKI``), quotes around a local part
  (``"matti.makinen"@gmail.com``) and a leading handle ``@`` (``@matti``).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable
from importlib import metadata, resources

from .._text import fold

__all__ = [
    "PROTOTYPES_NAME",
    "build_prototypes",
    "identity_key",
    "prototypes_file",
    "skeleton",
    "work_identity_matches",
]

# The prototype table computed from confusable-homoglyphs' data, shipped so that a process
# that compares one username (``somepolicy check``) need not import and walk that data
# (about 60 ms); written by scripts/regenerate_confusable_prototypes.py.
PROTOTYPES_NAME = "confusable_prototypes.json"
_LIBRARY = "confusable-homoglyphs"

_ROUNDS = 4
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"


@functools.cache
def _prototypes() -> dict[str, str]:
    """The shipped prototype table when it was built from the installed data, else built."""
    try:
        shipped = json.loads(_shipped_text())
        if shipped["library"] == metadata.version(_LIBRARY):
            table: dict[str, str] = shipped["prototypes"]
            return table
    except (OSError, ValueError, KeyError, TypeError, metadata.PackageNotFoundError):
        pass
    return build_prototypes()


def _shipped_text() -> str:
    return resources.files("aanekoski_somepolicy").joinpath("data", PROTOTYPES_NAME).read_text()


def prototypes_file() -> str:
    """The shipped table's text for the installed confusable-homoglyphs."""
    return json.dumps(
        {"library": metadata.version(_LIBRARY), "prototypes": build_prototypes()},
        ensure_ascii=True,
        indent=0,
        sort_keys=True,
    )


def build_prototypes() -> dict[str, str]:
    """Map each confusable character to one representative of its set of look-alikes.

    The data lists look-alike pairs; sets are their connected groups, so that the relation
    is transitive (``|`` ~ ``l`` ~ ``1`` all map to one character). The representative is
    the lowest ASCII member of the group when there is one, else its lowest code point.
    """
    from confusable_homoglyphs import confusables

    parent: dict[str, str] = {}

    def root(character: str) -> str:
        while parent.setdefault(character, character) != character:
            parent[character] = parent[parent[character]]
            character = parent[character]
        return character

    for character, entry in confusables.confusables_data.items():
        if len(character) != 1:
            continue
        for glyph in entry:
            other = glyph.get("c")
            if isinstance(other, str) and len(other) == 1:
                parent[root(other)] = root(character)
    groups: dict[str, list[str]] = {}
    for character in list(parent):
        groups.setdefault(root(character), []).append(character)
    table: dict[str, str] = {}
    for members in groups.values():
        ascii_members = [member for member in members if member.isascii()]
        representative = min(ascii_members or members)
        for member in members:
            table[member] = representative
    return table


@functools.cache
def _prototype_table() -> dict[int, str]:
    """:func:`_prototypes` as a ``str.translate`` table (every key is one character)."""
    return {ord(character): prototype for character, prototype in _prototypes().items()}


def skeleton(text: str) -> str:
    """Replace each character of ``text`` by its confusable prototype."""
    # One C pass; the same as looking each character up (pass 1 keys every work identity).
    return text.translate(_prototype_table())


def _visible(text: str) -> str:
    """Drop format characters and white space (invisible in a username)."""
    if text.isprintable() and " " not in text:
        # Format characters and white space other than the space are all unprintable:
        # printable text without a space has nothing to drop.
        return text
    return "".join(
        character
        for character in text
        if unicodedata.category(character) != "Cf" and not character.isspace()
    )


def _canonical(text: str) -> str:
    """Skeleton and fold until nothing changes.

    A prototype may be upper case or a combining mark, which folding changes again; a few
    rounds reach a fixed point, so that a key is its own key.
    """
    for _ in range(_ROUNDS):
        folded = _visible(fold(skeleton(text)))
        if folded == text:
            break
        text = folded
    return text


@functools.cache
def _ascii_keys() -> dict[int, str]:
    """What each ASCII character becomes in a key, as a ``str.translate`` table.

    On ASCII every step (lower-casing, dropping white space, the look-alike prototype, which
    is ASCII for an ASCII character) maps one character to at most one, independently of
    the others; so the fixed point of the whole text is each character's own fixed point.
    """
    return {code: _canonical(_visible(fold(chr(code)))) for code in range(128)}


def _key_text(value: str) -> str:
    """The canonical text of a key, before its decorations are removed."""
    if value.isascii():
        return value.translate(_ascii_keys())
    text = _visible(fold(value))
    if text.isascii():
        # Folded ASCII without invisible characters is its own fold and visible form, so
        # its canonical text is the table's (as for ASCII input); "mäkinen" goes this way.
        return text.translate(_ascii_keys())
    return _canonical(text)


@functools.lru_cache(maxsize=16384)
def identity_key(value: str) -> str:
    """Return the comparison key of a username or address (see the module's rules)."""
    # Look-alikes first, so that a look-alike backslash or quote is read as one.
    text = _key_text(value)
    if "\\" in text:
        text = text.rsplit("\\", 1)[1]  # DOMAIN\user
    if text.startswith("@") and text.count("@") == 1:
        text = text[1:]  # a handle: @matti
    if "@" in text:
        text = text.rsplit("@", 1)[0]
    return text.strip(_QUOTES)


def work_identity_matches(
    username: str, work_usernames: Iterable[str], work_emails: Iterable[str]
) -> list[str]:
    """Return which kinds of work identity ``username`` equals (empty when none).

    The kinds are ``work-username`` and ``work-email-local-part``.
    """
    key = identity_key(username)
    if not key:
        return []
    found: list[str] = []
    if any(identity_key(work) == key for work in work_usernames):
        found.append("work-username")
    if any(identity_key(address) == key for address in work_emails):
        found.append("work-email-local-part")
    return found
