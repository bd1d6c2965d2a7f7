"""NT hashes: MD4 of the UTF-16LE password, from pycryptodome (the ``hashes`` extra).

OpenSSL 3 dropped MD4 from :mod:`hashlib`, so a kept library provides it; nothing here is a
hand-written MD4. A digest is secret material: never show, log or store one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._i18n import Message
from ..exceptions import ConfigurationError

__all__ = ["EMPTY_NT", "NO_LM", "md4_factory", "nt_digest", "nt_hex"]

EMPTY_NT = bytes.fromhex("31d6cfe0d16ae931b73c59d7e0c089c0")
"""The NT hash of the empty password."""

NO_LM = bytes.fromhex("aad3b435b51404eeaad3b435b51404ee")
"""The LM placeholder dumps print when no LM hash is stored (the LM hash of nothing)."""

_HASHES_EXTRA = "pip install 'aanekoski-somepolicy[hashes]'"


def md4_factory() -> Callable[[bytes], Any]:
    """Return pycryptodome's ``MD4.new``.

    Raises:
        ConfigurationError: pycryptodome (the ``hashes`` extra) is not installed.
    """
    try:
        from Crypto.Hash import MD4
    except ImportError:
        raise ConfigurationError(
            Message("config", "breach-needs-md4", install=_HASHES_EXTRA)
        ) from None
    new: Callable[[bytes], Any] = MD4.new
    return new


def nt_digest(password: str) -> bytes:
    """Return the NT hash of ``password`` (16 bytes).

    Raises:
        ConfigurationError: pycryptodome is not installed.
    """
    # surrogatepass: a lone surrogate from JSON input is hashed, not a crash.
    digest: bytes = md4_factory()(password.encode("utf-16-le", "surrogatepass")).digest()
    return digest


def nt_hex(password: str) -> str:
    """Return the NT hash of ``password`` in upper-case hex, as breach corpora print it."""
    return nt_digest(password).hex().upper()
