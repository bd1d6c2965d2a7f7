"""Word-list files named by a policy: the shipped lists, or a city's own beside its file.

A policy's password parameters name word lists (``blocklist_files``, ``dictionary_files``,
``word_form_files``, ``name_files``). A bare name such as ``fi_common_passwords.txt`` is a
list shipped in the package; a policy or overlay file of a city's own may also name a file
beside it (``local-passwords.txt``, ``lists/names.txt``), which is resolved against that
file's folder to an absolute path when the file is loaded, so that the engine never looks
for it inside the package.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

from .._i18n import Message
from ..exceptions import Problem

__all__ = ["WORD_FILE_KEYS", "WORD_FILE_MAX_BYTES", "read_word_file", "resolve_word_files"]

WORD_FILE_KEYS = ("blocklist_files", "dictionary_files", "word_form_files", "name_files")
"""The password parameters that name word-list files."""

WORD_FILE_MAX_BYTES = 64 * 1024 * 1024
"""The largest word list read (the shipped ones total under 3 MB)."""


def _shipped(name: str) -> bool:
    if "/" in name or "\\" in name or name.startswith("."):
        return False
    entry = resources.files("aanekoski_somepolicy").joinpath("data").joinpath("wordlists")
    return entry.joinpath(name).is_file()


def resolve_word_files(
    password: MutableMapping[str, Any], folder: Path, where: str
) -> list[Problem]:
    """Resolve the word-list names of a password-parameters table in place.

    A name that is a file relative to ``folder`` (or an absolute path) becomes that file's
    absolute path; a shipped list keeps its bare name; anything else is a problem.

    Args:
        password: The ``parameters.password`` table (or an overlay's part of it).
        folder: The folder of the file that names the lists.
        where: The table's path, for problems (``parameters.password``).

    Returns:
        One problem per name that is neither a readable file nor a shipped list.
    """
    problems: list[Problem] = []
    for key in WORD_FILE_KEYS:
        names = password.get(key)
        if not isinstance(names, list):
            continue  # the model reports the wrong type
        resolved: list[Any] = []
        for index, name in enumerate(names):
            if not isinstance(name, str) or not name.strip():
                resolved.append(name)
                continue
            candidate = Path(name) if Path(name).is_absolute() else folder / name
            location = f"{where}.{key}[{index}]"
            if candidate.is_file():
                size = candidate.stat().st_size
                if size > WORD_FILE_MAX_BYTES:
                    problems.append(
                        Problem(
                            location,
                            Message(
                                "policy",
                                "word-file-too-large",
                                name=name,
                                limit=WORD_FILE_MAX_BYTES,
                            ),
                        )
                    )
                resolved.append(str(candidate.resolve()))
            elif _shipped(name):
                resolved.append(name)
            else:
                problems.append(
                    Problem(
                        location,
                        Message("policy", "word-file-missing", name=name, folder=str(folder)),
                    )
                )
                resolved.append(name)
        password[key] = resolved
    return problems


def read_word_file(name: str) -> bytes:
    """The bytes of a word list: an absolute path as resolved above, else a shipped list.

    Raises:
        OSError: The file cannot be read.
    """
    if Path(name).is_absolute():
        return Path(name).read_bytes()
    entry = resources.files("aanekoski_somepolicy").joinpath("data").joinpath("wordlists")
    return entry.joinpath(name).read_bytes()
