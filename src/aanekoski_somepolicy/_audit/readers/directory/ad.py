"""Active Directory ``Get-ADUser … | Export-Csv`` output, Windows PowerShell 5.1 and 7.

Windows PowerShell 5.1 writes, by default, a first line ``#TYPE
Microsoft.ActiveDirectory.Management.ADUser``, quotes every field and encodes the file as
ASCII: every non-ASCII letter becomes ``?`` (``J?rvinen``). Both versions write a
multi-valued property such as ``proxyAddresses`` as the name of its type,
``Microsoft.ActiveDirectory.Management.ADPropertyValueCollection``. Such values are damaged:
the reader leaves them out and counts them, and the report says how to export again.
PowerShell 7 writes UTF-8 without the ``#TYPE`` line.
"""

from __future__ import annotations

from collections.abc import Set

__all__ = [
    "AD_NAMES",
    "PLACEHOLDERS",
    "REEXPORT",
    "is_active_directory",
    "is_placeholder",
    "is_type_line",
]

AD_NAMES = {
    "samaccountname": "sam",
    "userprincipalname": "upn",
    "givenname": "first_name",
    "surname": "last_name",
    "sn": "last_name",
    "mail": "mail",
    "emailaddress": "mail",
    "proxyaddresses": "proxies",
    "employeeid": "employee_id",
    "employeenumber": "employee_id",
}
"""Header keys of ``Get-ADUser`` properties, and the attribute each is."""

REEXPORT = (
    "Get-ADUser -Filter * -Properties EmployeeID,mail,proxyAddresses"
    " | Select-Object SamAccountName,UserPrincipalName,GivenName,Surname,EmployeeID,mail,"
    "@{n='proxyAddresses';e={$_.proxyAddresses -join ';'}}"
    " | Export-Csv -Path users.csv -Encoding UTF8 -NoTypeInformation"
)
"""The export command that avoids every damage above (Windows PowerShell 5.1 and 7)."""

PLACEHOLDERS = ("Microsoft.ActiveDirectory.Management.", "System.Object[]")
"""How a value that is only a type name begins (``str.startswith`` takes the tuple)."""


def is_type_line(line: str) -> bool:
    """Whether ``line`` is Windows PowerShell 5.1's ``#TYPE`` line."""
    return line.startswith("#TYPE ")


def is_active_directory(keys: Set[str]) -> bool:
    """Whether a header (its keys) is a ``Get-ADUser`` export."""
    return "samaccountname" in keys and bool(
        keys & {"distinguishedname", "objectguid", "sid", "userprincipalname"}
    )


def is_placeholder(value: str) -> bool:
    """Whether a value is a type name standing where a property's values should be."""
    return value.startswith(PLACEHOLDERS)
