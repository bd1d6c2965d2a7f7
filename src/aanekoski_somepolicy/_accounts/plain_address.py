"""A fast answer for plain e-mail addresses, the same answer email-validator gives.

An audit validates one e-mail address per leisure row; ``email_validator.validate_email``
costs about 25 µs an address, most of it Unicode and IDNA work that a plain ASCII address
does not need. :func:`plain_ascii_domain` recognises the plain case (a dot-atom local part of
common ASCII characters and å, ä, ö, a lower-case-able LDH domain with a letter-ending top-level label, within
every length limit, not a special-use name, no Punycode) and returns the domain exactly as
email-validator's ``ascii_domain`` would; for anything else it returns None, and the caller
asks email-validator. ``tests/test_plain_address.py`` proves the equivalence as a property.
"""

from __future__ import annotations

import functools
import re

from email_validator import SPECIAL_USE_DOMAIN_NAMES

__all__ = ["plain_ascii_domain"]

# A subset of RFC 5322 dot-atom (email-validator accepts more; the rest falls back). The
# local part may hold the precomposed Finnish and Swedish letters (NFC-stable, SMTPUTF8).
_LOCAL = r"[A-Za-z0-9_%+\-äöåÄÖÅ]+"
_PLAIN = re.compile(
    _LOCAL + r"(?:\." + _LOCAL + r")*"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9\-]{0,61}[A-Za-z])?)"
)
_LOCAL_MAX = 64
_ADDRESS_MAX = 254
_DOMAIN_MAX = 253
_SPECIAL = tuple(name.lower() for name in SPECIAL_USE_DOMAIN_NAMES)


def plain_ascii_domain(address: str) -> str | None:
    """Return the IDNA ASCII domain of a plain address, or None when it is not plain.

    None says nothing about validity: the address may be valid (IDN, quoted, unusual
    characters) or invalid; ask email-validator then.
    """
    if len(address) > _ADDRESS_MAX:
        return None
    match = _PLAIN.fullmatch(address)
    # Only ASCII, å, ä and ö are left, so encoding cannot fail; limits count UTF-8 bytes.
    if match is None or len(address.encode("utf-8")) > _ADDRESS_MAX:
        return None
    domain = match.group(1).lower()
    local = address[: -len(domain) - 1]
    if len(domain) > _DOMAIN_MAX or len(local.encode("utf-8")) > _LOCAL_MAX:
        return None
    for label in domain.split("."):
        # Punycode ("xn--") and other reserved "??--" labels need IDNA's own checks.
        if label[2:4] == "--":
            return None
    return None if _special_use(domain) else domain


@functools.lru_cache(maxsize=4096)
def _special_use(domain: str) -> bool:
    # An export repeats few domains over many addresses: each is compared with the list once.
    return any(domain == name or domain.endswith("." + name) for name in _SPECIAL)
