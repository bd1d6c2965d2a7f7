"""The vocabulary of roles that HR exports use, and parsing of their many spellings.

Which roles the guideline binds is policy data (``scope.bound_roles`` in the policy
document); this module only knows what the roles are called.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator

from .._text import fold
from ..exceptions import Problem, UnknownRoleError

__all__ = ["ROLE_NAMES", "Role", "RoleField", "parse_role", "role_key", "role_name"]


class Role(StrEnum):
    """A person's relationship to the city, as the guideline's scope sentence names them."""

    VIRANHALTIJA = "viranhaltija"
    TYONTEKIJA = "tyontekija"
    HARJOITTELIJA = "harjoittelija"
    TYOSSAOPPIJA = "tyossaoppija"
    SIVIILIPALVELUSVELVOLLINEN = "siviilipalvelusvelvollinen"
    KUNTOUTTAVA_TYOTOIMINTA = "kuntouttava-tyotoiminta"
    MUU_HARJOITTELIJA = "muu-harjoittelija"
    LUOTTAMUSHENKILO = "luottamushenkilo"
    KAUPUNGIN_YHTIO = "kaupungin-yhtio"
    ULKOPUOLINEN_TOIMITTAJA = "ulkopuolinen-toimittaja"
    ASUKAS = "asukas"


# Display names: (Finnish, English, Swedish).
ROLE_NAMES: dict[Role, tuple[str, str, str]] = {
    Role.VIRANHALTIJA: ("viranhaltija", "public official (office holder)", "tjänsteinnehavare"),
    Role.TYONTEKIJA: ("työntekijä", "employee", "arbetstagare"),
    Role.HARJOITTELIJA: ("harjoittelija", "trainee", "praktikant"),
    Role.TYOSSAOPPIJA: (
        "työssäoppija",
        "on-the-job learner (vocational student)",
        "elev i lärande i arbetet",
    ),
    Role.SIVIILIPALVELUSVELVOLLINEN: (
        "siviilipalvelusvelvollinen",
        "person in non-military (civilian) service",
        "civiltjänstgörare",
    ),
    Role.KUNTOUTTAVA_TYOTOIMINTA: (
        "kuntouttavassa työtoiminnassa oleva",
        "participant in rehabilitative work activity",
        "deltagare i arbetsverksamhet i rehabiliteringssyfte",
    ),
    Role.MUU_HARJOITTELIJA: ("muu harjoittelija", "other trainee or placement", "annan praktikant"),
    Role.LUOTTAMUSHENKILO: ("luottamushenkilö", "elected official", "förtroendevald"),
    Role.KAUPUNGIN_YHTIO: (
        "kaupungin omistaman yhtiön henkilöstö",
        "staff of a city-owned company",
        "personal i ett stadsägt bolag",
    ),
    Role.ULKOPUOLINEN_TOIMITTAJA: (
        "ulkopuolinen toimittaja",
        "external contractor",
        "extern leverantör",
    ),
    Role.ASUKAS: ("asukas", "resident", "invånare"),
}

# Further spellings seen in HR exports. Keys are compared after role_key().
_ALIASES: dict[Role, tuple[str, ...]] = {
    Role.VIRANHALTIJA: (
        "viranhaltijat",
        "official",
        "public official",
        "office holder",
        "officeholder",
        "virkasuhteinen",
        "virkasuhde",
        "tjänsteman",
    ),
    Role.TYONTEKIJA: (
        "työntekijät",
        "työsuhteinen",
        "työsuhde",
        "employee",
        "worker",
        "staff member",
        "anställd",
    ),
    Role.HARJOITTELIJA: ("harjoittelijat", "intern", "trainee", "harjoittelu", "praktikant"),
    Role.TYOSSAOPPIJA: (
        "työssäoppijat",
        "työssäoppiminen",
        "on the job learner",
        "vocational trainee",
        "work based learner",
    ),
    Role.SIVIILIPALVELUSVELVOLLINEN: (
        "siviilipalvelusmies",
        "siviilipalvelusmiehet",
        "siviilipalvelus",
        "sivari",
        "civilian service",
        "civilian servant",
        "civil service conscript",
    ),
    Role.KUNTOUTTAVA_TYOTOIMINTA: (
        "kuntouttava työtoiminta",
        "kuntouttavassa työtoiminnassa",
        "kuntouttavassa työtoiminnassa olevat",
        "rehabilitative work activity",
        "rehabilitative work",
        "rehabilitative work participant",
    ),
    Role.MUU_HARJOITTELIJA: ("other trainee", "yms", "other placement", "muu harjoittelu"),
    Role.LUOTTAMUSHENKILO: (
        "luottamushenkilöt",
        "valtuutettu",
        "kaupunginvaltuutettu",
        "elected official",
        "councillor",
        "councilor",
        "board member",
        "lautakunnan jäsen",
    ),
    Role.KAUPUNGIN_YHTIO: (
        "kaupungin yhtiö",
        "tytäryhtiö",
        "konserniyhtiö",
        "city owned company",
        "city company staff",
        "city owned company staff",
    ),
    Role.ULKOPUOLINEN_TOIMITTAJA: (
        "contractor",
        "external contractor",
        "alihankkija",
        "vendor",
        "supplier",
        "leverantör",
    ),
    Role.ASUKAS: ("resident", "kuntalainen", "kaupunkilainen", "citizen", "invånare"),
}

_NAME_INDEX = {"fi": 0, "en": 1, "sv": 2}


def role_name(role: Role, lang: str) -> str:
    """Return the name of ``role`` in ``lang`` (``fi``, ``en`` or ``sv``)."""
    return ROLE_NAMES[role][_NAME_INDEX[str(lang)]]


_SEPARATORS = re.compile(r"[\s_\-./()]+")


def role_key(text: str) -> str:
    """Return the comparison key of a role spelling: folded, separators collapsed."""
    return _SEPARATORS.sub(" ", fold(text)).strip()


def _build_index() -> dict[str, Role]:
    index: dict[str, Role] = {}
    for role in Role:
        spellings = (role.value, role.name, *ROLE_NAMES[role], *_ALIASES[role])
        for spelling in spellings:
            key = role_key(spelling)
            if index.setdefault(key, role) is not role:  # pragma: no cover - data error
                raise RuntimeError(f"role spelling {spelling!r} is ambiguous")
    return index


_INDEX = _build_index()


def parse_role(value: str | Role, *, field: str = "role") -> Role:
    """Parse a role in any accepted spelling.

    Args:
        value: A role or a role name in Finnish, English or Swedish, in any case, with or
            without diacritics (``"Kuntouttava työtoiminta"``, ``"official"``).
        field: The field name to report in an error.

    Returns:
        The role.

    Raises:
        UnknownRoleError: The spelling matches no role; the message lists the accepted ones.
    """
    if isinstance(value, Role):
        return value
    role = _INDEX.get(role_key(value))
    if role is not None:
        return role
    accepted = ", ".join(
        f"{role.value} ({ROLE_NAMES[role][0]} / {ROLE_NAMES[role][1]})" for role in Role
    )
    shown = value if len(value) <= 80 else value[:80] + "…"
    raise UnknownRoleError(
        "unknown role",
        [Problem(field, f"unknown role {shown!r}; accepted roles: {accepted}")],
    )


def _role_value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_role(value)
        except UnknownRoleError as error:
            raise ValueError(error.problems[0].message) from None
    return value


RoleField = Annotated[Role, BeforeValidator(_role_value)]
"""A pydantic field type that accepts any spelling :func:`parse_role` accepts."""
