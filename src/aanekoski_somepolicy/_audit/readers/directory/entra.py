"""Microsoft Entra ID "Download users" CSV: recognised by its header.

The download (Entra admin centre, Users, Download users) is UTF-8 with a byte-order mark and
has ``userPrincipalName``, ``displayName``, ``surname``, ``mail``, ``givenName``,
``objectId``, ``userType`` and more; it has no employee id and no ``sAMAccountName``.
``alternateEmailAddress`` is deliberately not read: it is often the person's own private
address, not a work identity.
"""

from __future__ import annotations

from collections.abc import Set

__all__ = ["ENTRA_NAMES", "is_entra"]

ENTRA_NAMES = {
    "userprincipalname": "upn",
    "givenname": "first_name",
    "surname": "last_name",
    "mail": "mail",
    "usertype": "user_type",
    "employeeid": "employee_id",
    "onpremisessamaccountname": "sam",
}
"""Header keys of the download, and the attribute each is."""

_SIGNATURE = {"userprincipalname", "objectid", "usertype"}
_BOTH = {"userprincipalname", "id", "usertype"}  # newer downloads name objectId "id"


def is_entra(keys: Set[str]) -> bool:
    """Whether a header (its keys, see :func:`header_key`) is an Entra ID download."""
    return "samaccountname" not in keys and (keys >= _SIGNATURE or keys >= _BOTH)
