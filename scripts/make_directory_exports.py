"""Write one staff directory in every export form, and a register of accounts that refers to it.

Usage:
    python scripts/make_directory_exports.py OUTDIR

Writes, into OUTDIR:

* ``entra-users.csv``: Microsoft Entra ID "Download users" (UTF-8 with a byte-order mark, no
  employee id, no sAMAccountName), with an external guest whose own address is at gmail.com;
* ``ad-ps51.csv``: ``Get-ADUser | Export-Csv`` as Windows PowerShell 5.1 writes it by default:
  the ``#TYPE`` line, every field quoted, ASCII with ``?`` for every non-ASCII letter
  (``J?rvinen``), CRLF, and ``proxyAddresses`` written as
  ``Microsoft.ActiveDirectory.Management.ADPropertyValueCollection``;
* ``ad-ps7.csv``: the same from PowerShell 7 with ``-Encoding UTF8``, no ``#TYPE`` line and
  ``proxyAddresses`` joined with ``;`` by a calculated property;
* ``users.ldif``: LDIF as ``ldapsearch`` writes it: non-ASCII values (and DNs) in base64
  (``::``), lines folded at 76 columns, ``proxyAddresses`` and ``mail`` multi-valued;
* ``directory-fi.csv``: any other table, with Finnish headers (read through the column
  vocabulary);
* ``register.csv``: the register of staff social-media accounts (Finnish headers, with a
  ``Työsähköposti`` column on some rows).

The directory has two people named Matti Virtanen, a cloud-only user in the tenant domain
``aanekoski.onmicrosoft.com`` (absent from the policy's city domains), and the register has
people missing from the directory. ``tests/test_directory.py`` audits the register against
every form and checks the expected violations, ambiguities and coverage.
"""

from __future__ import annotations

import base64
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

TENANT = "aanekoski.onmicrosoft.com"
PLACEHOLDER = "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"


@dataclass(frozen=True)
class Person:
    """One user of the directory."""

    employee_id: str
    first: str
    last: str
    sam: str
    upn: str
    aliases: tuple[str, ...] = ()

    @property
    def proxies(self) -> list[str]:
        """Primary address first (``SMTP:``), then the others (``smtp:``), as Exchange lists them."""
        local = self.upn.split("@")[0]
        found = [f"SMTP:{self.upn}", f"smtp:{self.sam}@{TENANT}"]
        found += [f"smtp:{alias}" for alias in self.aliases]
        found.append(f"X500:/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn={local}")
        return found

    @property
    def name(self) -> str:
        """The display name."""
        return f"{self.first} {self.last}"

    @property
    def dn(self) -> str:
        """The distinguished name."""
        return f"CN={self.name},OU=Henkilosto,OU=Kayttajat,DC=aanekoski,DC=local"


PEOPLE = (
    Person(
        "10001",
        "Aino",
        "Korhonen",
        "akorhonen",
        "aino.korhonen@aanekoski.fi",
        ("aino.k@aanekoski.fi",),
    ),
    Person("10002", "Pekka", "Järvinen", "pjarvinen", "pekka.jarvinen@aanekoski.fi"),
    Person("10003", "Sanna", "Mäkinen", "smakinen", "sanna.makinen@aanekoski.fi"),
    Person("10004", "Matti", "Virtanen", "mvirtanen", "matti.virtanen@aanekoski.fi"),
    Person("10005", "Matti", "Virtanen", "mvirtane2", "matti.virtanen2@aanekoski.fi"),
    Person("10006", "Elina", "Öhman", "eohman", "elina.ohman@aanekoski.fi"),
    Person("10007", "Tuuli", "Lähteenmäki", "tlahteen", f"tuuli.lahteenmaki@{TENANT}"),
)

REGISTER_HEADER = [
    "Henkilönumero",
    "Etunimi",
    "Sukunimi",
    "Palvelu",
    "Käyttötarkoitus",
    "Käyttäjätunnus",
    "Sähköposti",
    "Työsähköposti",
]
# Line 2 onwards; each row's comment says what it exercises.
REGISTER = [
    # The leisure username is the work logon name; the e-mail's local part is the UPN's.
    [
        "10001",
        "Aino",
        "Korhonen",
        "Facebook",
        "vapaa-aika",
        "akorhonen",
        "aino.korhonen@gmail.com",
        "",
    ],
    # The leisure username is the local part of an SMTP proxy address only.
    ["10001", "Aino", "Korhonen", "Instagram", "vapaa-aika", "aino.k", "", ""],
    # Joined by employee id although PowerShell 5.1 damaged the surname.
    ["10002", "Pekka", "Järvinen", "LinkedIn", "vapaa-aika", "pjarvinen", "", ""],
    # Not in the directory by id; only the (in PowerShell 5.1 damaged) name could join.
    ["h-88", "Pekka", "Järvinen", "TikTok", "vapaa-aika", "pekka.jarvinen", "", ""],
    # Two Matti Virtanens and no other key: ambiguous.
    ["h-77", "Matti", "Virtanen", "Instagram", "vapaa-aika", "mattiv", "", ""],
    # The same name, but the employee id decides.
    ["10004", "Matti", "Virtanen", "Instagram", "vapaa-aika", "mvirtanen", "", ""],
    # Joined by the register's work e-mail column.
    ["h-55", "Elina", "Öhman", "X", "vapaa-aika", "elina.ohman", "", "elina.ohman@aanekoski.fi"],
    # A work account.
    ["10006", "Elina", "Öhman", "Microsoft Teams", "työ", "eohman", "elina.ohman@aanekoski.fi", ""],
    # Missing from the directory.
    ["h-99", "Ville", "Nieminen", "Facebook", "vapaa-aika", "villen", "ville.n@gmail.com", ""],
    # A leisure address in the tenant domain, which the policy does not list.
    ["10003", "Sanna", "Mäkinen", "Facebook", "vapaa-aika", "sanna_kuvat", f"sanna.m@{TENANT}", ""],
    # Nothing wrong.
    ["10003", "Sanna", "Mäkinen", "Strava", "vapaa-aika", "juoksija77", "", ""],
]


def _csv(
    rows: list[list[str]], *, quote_all: bool, delimiter: str = ",", crlf: bool = False
) -> str:
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if crlf else "\n",
    )
    writer.writerows(rows)
    return out.getvalue()


def entra() -> bytes:
    """The Entra ID "Download users" CSV."""
    header = [
        "userPrincipalName", "displayName", "surname", "mail", "givenName", "objectId",
        "userType", "jobTitle", "department", "accountEnabled", "usageLocation",
        "alternateEmailAddress",
    ]  # fmt: skip
    rows = [header]
    for number, person in enumerate(PEOPLE, start=1):
        rows.append(
            [
                person.upn, person.name, person.last, person.upn, person.first,
                f"00000000-0000-0000-0000-{number:012d}", "Member", "", "", "True", "FI",
                f"{person.first.lower()}.private@example.org",
            ]
        )  # fmt: skip
    # An external guest: its own address is at gmail.com, which is not a city domain.
    rows.append(
        [
            f"aino.private_gmail.com#EXT#@{TENANT}", "Aino (guest)", "", "aino.private@gmail.com",
            "", "00000000-0000-0000-0000-000000000999", "Guest", "", "", "True", "", "",
        ]
    )  # fmt: skip
    return b"\xef\xbb\xbf" + _csv(rows, quote_all=False, crlf=True).encode("utf-8")


_AD_HEADER = [
    "DistinguishedName", "EmployeeID", "Enabled", "GivenName", "mail", "Name", "ObjectClass",
    "ObjectGUID", "proxyAddresses", "SamAccountName", "SID", "Surname", "UserPrincipalName",
]  # fmt: skip


def _ad_rows(proxies: bool) -> list[list[str]]:
    rows = [_AD_HEADER]
    for number, person in enumerate(PEOPLE, start=1):
        rows.append(
            [
                person.dn, person.employee_id, "True", person.first, person.upn, person.name,
                "user", f"6f9619ff-8b86-d011-b42d-00c04fc9{number:04d}",
                ";".join(person.proxies) if proxies else PLACEHOLDER, person.sam,
                f"S-1-5-21-1004336348-1177238915-682003330-{1100 + number}", person.last,
                person.upn,
            ]
        )  # fmt: skip
    return rows


def ad_ps51() -> bytes:
    """``Get-ADUser -Properties * | Export-Csv users.csv`` in Windows PowerShell 5.1."""
    text = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n"
    text += _csv(_ad_rows(proxies=False), quote_all=True, crlf=True)
    return text.encode("ascii", errors="replace")  # what -Encoding ASCII (the default) does


def ad_ps7() -> bytes:
    """The same in PowerShell 7, with proxyAddresses joined by a calculated property."""
    return _csv(_ad_rows(proxies=True), quote_all=True, crlf=True).encode("utf-8")


def _ldif_line(name: str, value: str) -> str:
    if not value.isascii() or value.startswith((" ", ":", "<")):
        line = f"{name}:: {base64.b64encode(value.encode('utf-8')).decode('ascii')}"
    else:
        line = f"{name}: {value}"
    # RFC 2849 folding: lines of at most 76 characters, continued after a single space.
    parts = [line[:76]]
    rest = line[76:]
    while rest:
        parts.append(" " + rest[:75])
        rest = rest[75:]
    return "\n".join(parts)


def ldif() -> bytes:
    """LDIF as ``ldapsearch -LLL`` writes it."""
    blocks = ["version: 1"]
    for person in PEOPLE:
        lines = [
            _ldif_line("dn", person.dn),
            "objectClass: top",
            "objectClass: person",
            "objectClass: organizationalPerson",
            "objectClass: user",
            _ldif_line("cn", person.name),
            _ldif_line("givenName", person.first),
            _ldif_line("sn", person.last),
            _ldif_line("employeeNumber", person.employee_id),
            _ldif_line("sAMAccountName", person.sam),
            _ldif_line("userPrincipalName", person.upn),
            _ldif_line("mail", person.upn),
            *(_ldif_line("proxyAddresses", proxy) for proxy in person.proxies),
            _ldif_line(
                "description",
                f"{person.name}, Äänekosken kaupunki, henkilöstö; käyttäjätili luotu "
                "henkilöstöhallinnon järjestelmästä automaattisesti",
            ),
        ]
        blocks.append("\n".join(lines))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def table_fi() -> bytes:
    """Any other table: Finnish headers, semicolons, a byte-order mark."""
    rows = [["Henkilönumero", "Etunimi", "Sukunimi", "Käyttäjätunnus", "Sähköposti"]]
    rows += [[p.employee_id, p.first, p.last, p.sam, p.upn] for p in PEOPLE]
    return b"\xef\xbb\xbf" + _csv(rows, quote_all=False, delimiter=";").encode("utf-8")


def register() -> bytes:
    """The register of staff social-media accounts."""
    text = _csv([REGISTER_HEADER, *REGISTER], quote_all=False, delimiter=";")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


FILES = {
    "entra-users.csv": entra,
    "ad-ps51.csv": ad_ps51,
    "ad-ps7.csv": ad_ps7,
    "users.ldif": ldif,
    "directory-fi.csv": table_fi,
    "register.csv": register,
}


def write_all(folder: Path) -> dict[str, Path]:
    """Write every file into ``folder``; return their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, make in FILES.items():
        path = folder / name
        path.write_bytes(make())
        written[name] = path
    return written


def main(argv: list[str]) -> int:
    """Write the files into the folder named on the command line."""
    if len(argv) != 1:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    for path in write_all(Path(argv[0])).values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
