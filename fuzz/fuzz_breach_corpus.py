"""Fuzz target: the breach-corpus reader on arbitrary file contents.

Run: ``python fuzz/fuzz_breach_corpus.py -max_total_time=60 fuzz/corpus/breach_corpus``

The input becomes a corpus file, and a prefix file in a corpus folder, in a temporary
folder. Opening either and looking up a few passwords may only answer with a count or a
:class:`ConfigurationError`; a count must never be negative.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from aanekoski_somepolicy import BreachCorpus, ConfigurationError
    from aanekoski_somepolicy._passwords.breach import nt_hash

# Memory-backed where there is one: every input is written as files.
_SHM = Path("/dev/shm")
WORK = Path(tempfile.mkdtemp(prefix="fuzz-breach-", dir=_SHM if _SHM.is_dir() else None))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
FILE = WORK / "corpus.txt"
FOLDER = WORK / "range"
FOLDER.mkdir()
PASSWORDS = ("password", "salasana")
# Prefix files named for the hashes of "password" (NTLM and SHA-1), so that lookups in the
# folder read the fuzzed bytes whichever kind the bytes look like.
PREFIXES = (nt_hash("password")[:5], "5BAA6")


def _lookups(path: Path) -> None:
    try:
        corpus = BreachCorpus(path)
        for password in PASSWORDS:
            if corpus.count(password) < 0:
                raise AssertionError("negative count")
    except ConfigurationError:
        pass


def test_one_input(data: bytes) -> None:
    """Read the bytes as a corpus file and as prefix files."""
    FILE.write_bytes(data)
    _lookups(FILE)
    for prefix in PREFIXES:
        (FOLDER / prefix).write_bytes(data)
    _lookups(FOLDER)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
