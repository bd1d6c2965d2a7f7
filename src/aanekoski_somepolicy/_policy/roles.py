"""The vocabulary of roles that HR exports use, and parsing of their many spellings.

Which roles the guideline binds is policy data (``scope.bound_roles`` in the policy
document); this module only knows what the roles are called. The spellings HR systems use
(``kesätyöntekijä``, ``sijainen``, ``virkamies`` ...) are data too: the shipped aliases file
``data/role-aliases.txt``, which a city extends with a file of the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo

from .._i18n import Lang, LocalizedText, Message, os_reason
from .._text import fold
from ..exceptions import PolicyError, Problem, UnknownRoleError

__all__ = [
    "ALIASES_FILE",
    "ROLE_NAMES",
    "Role",
    "RoleField",
    "RoleVocabulary",
    "UnknownRolePolicy",
    "accepted_roles",
    "default_vocabulary",
    "parse_role",
    "read_aliases",
    "role_key",
    "role_name",
]


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


class UnknownRolePolicy(StrEnum):
    """What a role spelled as no accepted role makes of its subject or record.

    The audit (``--unknown-role``), ``somepolicy check`` (``--unknown-role``), the HTTP
    service (``SOMEPOLICY_UNKNOWN_ROLE``) and :func:`parse_subject` share it and its default.
    """

    BOUND = "bound"
    """Evaluated as bound staff, with a ``scope.role-recognised`` warning naming the role."""
    INVALID = "invalid"
    """The subject (record) is invalid; its error lists the accepted roles."""


UNRECOGNISED = "unrecognised_roles"
"""The validation-context key where an unknown role's spelling is collected (policy BOUND)."""

BOUND_STAFF = Role.TYONTEKIJA
"""The role an unknown spelling is evaluated as: staff, bound by every rule."""

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

_NAME_INDEX = {"fi": 0, "en": 1, "sv": 2}


def role_name(role: Role, lang: str) -> str:
    """Return the name of ``role`` in ``lang`` (``fi``, ``en`` or ``sv``)."""
    return ROLE_NAMES[role][_NAME_INDEX[str(lang)]]


_SEPARATORS = re.compile(r"[\s_\-./()]+")


def role_key(text: str) -> str:
    """Return the comparison key of a role spelling: folded, separators collapsed."""
    return _SEPARATORS.sub(" ", fold(text)).strip()


ALIASES_FILE = "data/role-aliases.txt"
"""The shipped aliases file (inside the package): how HR exports spell the roles."""


def read_aliases(text: str, *, source: str) -> dict[str, Role]:
    """Parse an aliases file: one ``spelling = role`` a line, ``#`` starts a comment.

    Args:
        text: The file's text.
        source: The file's name, for errors.

    Returns:
        Comparison keys (see :func:`role_key`) mapped to roles.

    Raises:
        PolicyError: A line is not ``spelling = role``, names an unknown role, or gives a
            spelling two different roles; the problem names the file and line.
    """
    aliases: dict[str, Role] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spelling, equals, target = line.rpartition("=")
        where = Message("roles", "file-line", name=source, line=number)
        if not equals or not spelling.strip() or not target.strip():
            problems.append(Problem(where, Message("roles", "alias-format")))
            continue
        role = _BASE_INDEX.get(role_key(target))
        if role is None:
            ids = ", ".join(item.value for item in Role)
            value = repr(target.strip()[:40])
            problems.append(
                Problem(where, Message("roles", "alias-unknown-role", value=value, ids=ids))
            )
            continue
        key = role_key(spelling)
        if aliases.get(key, role) is not role:
            value = repr(spelling.strip()[:40])
            already = aliases[key].value
            problems.append(
                Problem(where, Message("roles", "alias-twice", value=value, role=already))
            )
            continue
        aliases[key] = role
    if problems:
        # Every bad line at once, so that one edit fixes the file.
        raise PolicyError(Message("roles", "invalid-aliases"), problems)
    return aliases


def _base_index() -> dict[str, Role]:
    index: dict[str, Role] = {}
    for role in Role:
        for spelling in (role.value, role.name, *ROLE_NAMES[role]):
            index[role_key(spelling)] = role
    return index


_BASE_INDEX = _base_index()


class RoleVocabulary:
    """The role spellings accepted: names, the shipped aliases, and any the city adds.

    Args:
        extra: Further aliases (comparison keys to roles), e.g. from :meth:`with_file`.

    Raises:
        PolicyError: An extra alias gives a known spelling a different role.
    """

    def __init__(self, extra: dict[str, Role] | None = None) -> None:
        shipped = resources.files("aanekoski_somepolicy").joinpath(ALIASES_FILE)
        index = {**read_aliases(shipped.read_text("utf-8"), source=ALIASES_FILE)}
        for key, role in _BASE_INDEX.items():
            if index.setdefault(key, role) is not role:  # pragma: no cover - data error
                raise RuntimeError(f"role spelling {key!r} is ambiguous")
        for key, role in (extra or {}).items():
            if index.setdefault(key, role) is not role:
                said = Message("roles", "alias-conflict", role=index[key].value, other=role.value)
                raise PolicyError(Message("roles", "invalid-aliases"), [Problem(key, said)])
        self._index = index
        self._seen: dict[str, Role | None] = {}

    @classmethod
    def with_file(cls, path: Path) -> RoleVocabulary:
        """The shipped vocabulary extended by an aliases file of the same shape.

        Raises:
            PolicyError: The file cannot be read or a line is invalid (file and line named).
        """
        return cls(_aliases_file(path))

    @classmethod
    def of(cls, aliases: Mapping[str, Role], path: Path | None = None) -> RoleVocabulary:
        """The shipped vocabulary extended by a policy's aliases and an aliases file.

        Args:
            aliases: Spellings to roles, as a policy (or its overlay) lists them.
            path: An aliases file, or None.

        Raises:
            PolicyError: The file is unusable, or a spelling means two different roles.
        """
        if not aliases and path is None:
            return default_vocabulary()
        extra = {role_key(spelling): role for spelling, role in aliases.items()}
        for key, role in (_aliases_file(path) if path is not None else {}).items():
            if extra.setdefault(key, role) is not role:
                raise PolicyError(
                    Message("roles", "invalid-aliases"),
                    [
                        Problem(
                            f"{path}: {key}",
                            Message("policy", "alias-conflict", role=extra[key].value),
                        )
                    ],
                )
        return cls(extra)

    def keys(self) -> list[str]:
        """Every accepted spelling, as its comparison key (see :func:`role_key`)."""
        return list(self._index)

    def lookup(self, value: str) -> Role | None:
        """Return the role ``value`` spells, or None when it spells none."""
        # An export spells its roles a few ways, many times over: fold each spelling once.
        if value in self._seen:
            return self._seen[value]
        role = self._index.get(role_key(value))
        if len(self._seen) < 4096:
            self._seen[value] = role
        return role

    def parse(self, value: str | Role, *, field: str = "role") -> Role:
        """Parse a role in any accepted spelling.

        Raises:
            UnknownRoleError: The spelling matches no role; the message lists the roles.
        """
        if isinstance(value, Role):
            return value
        role = self.lookup(value)
        if role is not None:
            return role
        shown = value if len(value) <= 80 else value[:80] + "…"
        raise UnknownRoleError(
            Message("validation", "unknown-role-title"),
            [
                Problem(
                    field,
                    Message(
                        "validation",
                        "unknown-role",
                        value=repr(shown),
                        accepted=LocalizedText(
                            *(accepted_roles(lang) for lang in "fi en sv".split())
                        ),
                    ),
                )
            ],
        )


def _aliases_file(path: Path) -> dict[str, Role]:
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        why = os_reason(error) if isinstance(error, OSError) else "not-utf8"
        raise PolicyError(Message("roles", "unreadable", name=path, why=why)) from None
    return read_aliases(text, source=str(path))


def accepted_roles(lang: Lang | str) -> str:
    """The accepted roles, named in ``lang`` with their ids, for one line of a report."""
    return ", ".join(f"{role.value} ({role_name(role, lang)})" for role in Role)


_DEFAULT: RoleVocabulary | None = None


def default_vocabulary() -> RoleVocabulary:
    """The shipped vocabulary (built once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RoleVocabulary()
    return _DEFAULT


def parse_role(value: str | Role, *, field: str = "role") -> Role:
    """Parse a role in any accepted spelling, including the shipped HR-title aliases.

    Args:
        value: A role or a role name in Finnish, English or Swedish, in any case, with or
            without diacritics (``"Kuntouttava työtoiminta"``, ``"official"``,
            ``"kesätyöntekijä"``).
        field: The field name to report in an error.

    Returns:
        The role.

    Raises:
        UnknownRoleError: The spelling matches no role; the message lists the accepted ones.
    """
    return default_vocabulary().parse(value, field=field)


def _role_value(value: Any, info: ValidationInfo) -> Any:
    if type(value) is Role:
        return value  # already parsed (an audit's rows): what parse() would return
    if isinstance(value, str):
        # A policy's own role aliases (an overlay's) come in the validation context, and
        # with them, when unknown roles are bound, the list that collects their spellings.
        context = info.context if isinstance(info.context, dict) else {}
        vocabulary = context.get("roles")
        try:
            if isinstance(vocabulary, RoleVocabulary):
                return vocabulary.parse(value)
            return parse_role(value)
        except UnknownRoleError as error:
            unrecognised = context.get(UNRECOGNISED)
            if isinstance(unrecognised, list) and value.strip():
                unrecognised.append(value.strip() if len(value) <= 80 else value[:80] + "…")
                return BOUND_STAFF
            raise ValueError(error.problems[0].message) from None
    return value


RoleField = Annotated[Role, BeforeValidator(_role_value)]
"""A pydantic field type that accepts any spelling :func:`parse_role` accepts."""
