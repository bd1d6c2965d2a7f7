"""A precompiled index of what building a password judge computes from its word lists.

Building a judge merges about 200,000 list entries into lookups (ranks, prefixes, stems,
blocklists), about a second of work. The shipped index (``data/judge_index.bin``, written
by ``scripts/regenerate_judge_index.py``) holds the result for the default policy; loading
it takes a fraction of that. The index carries a key: a digest of the password parameters,
of every word list they name, of zxcvbn's version and of this format. A judge uses the index
only when the key matches its own parameters and lists, so a changed list or parameter
never reads stale data; it then builds from the lists as before.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from importlib import metadata, resources
from typing import Any

from .._policy.catalog import PASSWORD_THRESHOLDS, PasswordParameters
from .._policy.wordfiles import read_word_file

__all__ = ["INDEX_NAME", "dump_index", "index_key", "load_index"]

INDEX_NAME = "judge_index.bin"
# Raise when the layout of a state changes: an index of another layout is never read.
_FORMAT = 1


def _data() -> Any:
    return resources.files("aanekoski_somepolicy").joinpath("data")


def index_key(params: PasswordParameters) -> str:
    """Digest of everything an index depends on, for ``params``."""
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}\0{metadata.version('zxcvbn')}\0".encode())
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


def dump_index(params: PasswordParameters, state: tuple[Any, ...]) -> bytes:
    """The index file's bytes for ``state``, keyed for ``params``."""
    return zlib.compress(marshal.dumps((index_key(params), state)), 9)


def load_index(params: PasswordParameters) -> tuple[Any, ...] | None:
    """The shipped index's state when it was built for ``params`` and its lists, else None."""
    try:
        raw = _data().joinpath(INDEX_NAME).read_bytes()
        key, state = marshal.loads(zlib.decompress(raw))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return None
    if key != index_key(params) or not isinstance(state, tuple):
        return None
    return state
