"""Finding city e-mail addresses in e-mail and username fields.

Domains are compared label by label on their IDNA ASCII form, so upper case, fullwidth
characters, IDN and punycode spellings and subdomains of a city domain are all caught,
while ``aanekoski.fi.evil.com`` and ``evilaanekoski.fi`` are not city domains.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from .._i18n import Message
from .._text import nfkc
from ..exceptions import PolicyError, Problem
from .plain_address import plain_ascii_domain

__all__ = ["AddressInspection", "CityDomains"]

# Spelled-out or disguised at-signs: matti(at)aanekoski.fi, matti [at] aanekoski.fi.
_AT_FORMS = re.compile(r"\s*(?:\(at\)|\[at\]|\{at\}|<at>|\(a\)|\s+at\s+)\s*", re.IGNORECASE)
# The domain after each at-sign, wherever the at-sign stands: "matti"@aanekoski.fi too.
_DOMAIN_AFTER_AT = re.compile(r"@\s*([^\s<>()\[\],;:\"'@]+)")


@dataclass(frozen=True)
class AddressInspection:
    """What one field holds.

    Attributes:
        city_domain: The configured city domain an address in the field belongs to.
        invalid_reason: Why the field is not a valid address, as a reason code (see
            :func:`invalid_reason`; only when an address was expected).
    """

    city_domain: str | None = None
    invalid_reason: str | None = None


# email-validator words its errors in English only; reports show a reason code instead, in
# the report's language. First match wins, so the more specific phrases come first.
_REASONS = (
    ("must have an @-sign", "address-no-at-sign"),
    ("something before the @-sign", "address-nothing-before-at"),
    ("something after the @-sign", "address-nothing-after-at"),
    ("too long", "address-too-long"),
    ("periods in a row", "address-periods"),
    ("start with a period", "address-periods"),
    ("end with a period", "address-periods"),
    ("before the @-sign", "address-bad-local-part"),
    ("after the @-sign", "address-bad-domain"),
)


def invalid_reason(error: EmailNotValidError) -> str:
    """Return the reason code of an e-mail validation error (``address-no-at-sign`` ...)."""
    # Some messages start with a phrase ("After the @-sign, ..."): compare in lower case.
    text = str(error).lower()
    for phrase, code in _REASONS:
        if phrase in text:
            return code
    return "address-not-an-address"


# Longer than any DNS name (253): not a domain, and idna is slow on long labels.
_DOMAIN_MAX = 255


def _ascii_domain(address: str) -> str:
    """Return the IDNA ASCII domain of a valid address; raises EmailNotValidError."""
    plain = plain_ascii_domain(address)  # the common case, without email-validator's cost
    if plain is not None:
        return plain
    result = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    return str(result.ascii_domain)


def _lenient_domain(candidate: str) -> str | None:
    """Best-effort ASCII domain of an invalid address (``x@aanekoski.fi.`` still counts)."""
    domain = candidate.rsplit("@", 1)[-1].strip().strip(".").lower()[:_DOMAIN_MAX]
    if not domain:
        return None
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None


@functools.lru_cache(maxsize=256)
def _inspection(city_domain: str | None, invalid_reason: str | None) -> AddressInspection:
    # Immutable and few (a city domain or none, a reason code or none): shared, not rebuilt.
    return AddressInspection(city_domain=city_domain, invalid_reason=invalid_reason)


_NOTHING = _inspection(None, None)


def _may_hold_domain(text: str) -> bool:
    """Whether ``text`` may hold an at-sign, written or spelled out (else no domain is in it).

    Every spelled-out form of :data:`_AT_FORMS` contains ``at`` or ``(a``; an ASCII text
    without them and without ``@`` cannot hold one. Other text is always searched.
    """
    if not text.isascii() or "@" in text:
        return True
    lowered = text.lower()
    return "at" in lowered or "(a" in lowered


class CityDomains:
    """The city's mail domains, each with all of its subdomains.

    Args:
        domains: Domains in Unicode or ASCII form (``aanekoski.fi``, ``äänekoski.fi``).

    Raises:
        PolicyError: A configured domain is not a valid domain.
    """

    def __init__(self, domains: Sequence[str]) -> None:
        self._labels: list[tuple[tuple[str, ...], str]] = []
        self._cached: Callable[[str, bool], AddressInspection]
        for domain in domains:
            try:
                ascii_domain = _ascii_domain(f"postmaster@{domain}")
            except EmailNotValidError:
                # A custom policy's parameter: its author reads it in the run's language.
                said = Message("policy", "city-domain", value=repr(domain[:60]))
                raise PolicyError(
                    Message("policy", "invalid-parameters"),
                    [Problem("parameters.accounts.city_mail_domains", said)],
                ) from None
            self._labels.append((tuple(ascii_domain.lower().split(".")), domain))
        self._cached = functools.lru_cache(maxsize=4096)(
            lambda value, expect: self._inspect(value, expect_address=expect)
        )
        # Few domains, many addresses.
        self._match = functools.lru_cache(maxsize=4096)(self.match)

    def match(self, ascii_domain: str) -> str | None:
        """Return the configured city domain that ``ascii_domain`` is, or is under."""
        labels = tuple(ascii_domain.lower().strip(".").split("."))
        for city, name in self._labels:
            if labels[-len(city) :] == city:
                return name
        return None

    def inspect(self, value: str, *, expect_address: bool) -> AddressInspection:
        """Inspect a field for city addresses (see :meth:`_inspect`); results are cached."""
        if not expect_address and not _may_hold_domain(value):
            # A username without any at-sign (most of them, each its own): nothing to find,
            # as _inspect would say; ASCII text is its own NFKC and the search ignores the
            # white space that _inspect strips. Not cached: the cache would cost more.
            return _NOTHING
        # An export repeats a person's address across services; addresses are not secrets.
        return self._cached(value, expect_address)

    def _inspect(self, value: str, *, expect_address: bool) -> AddressInspection:
        """Inspect a field for city addresses.

        Every domain after an at-sign is compared, also after a quoted local part
        (``"matti"@aanekoski.fi``) and with a spelled-out at-sign (``matti(at)aanekoski.fi``),
        so a city address cannot hide behind a form the validator rejects.

        Args:
            value: The field's text.
            expect_address: True for an e-mail field: a value that is not a valid address
                gets its reason. False for a username: only the domains in it are looked at.
        """
        text = nfkc(value).strip()
        invalid: str | None = None
        if expect_address:
            try:
                city = self._match(_ascii_domain(text))
            except EmailNotValidError as error:
                invalid = invalid_reason(error)
            else:
                return _inspection(city, None)
        if not _may_hold_domain(text):
            return _inspection(None, invalid)
        for found in _DOMAIN_AFTER_AT.finditer(_AT_FORMS.sub("@", text)):
            domain = _lenient_domain(found.group(1))
            city = self._match(domain) if domain is not None else None
            if city is not None:
                return _inspection(city, None)
        return _inspection(None, invalid)
