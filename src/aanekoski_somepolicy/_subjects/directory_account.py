"""A directory account as the password-hash audit found it (rule 9).

The audit reads the account's password hash, compares it and keeps only non-secret facts:
whether it is empty, whether an LM hash is stored, how often a breach corpus holds it, which
category of guessable password it matched, and how many other accounts share it. The hash
itself never enters this subject.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BeforeValidator, Field

from .._fields import Flag, OptionalText
from .._policy.catalog import SubjectType
from .._policy.roles import RoleField
from ._base import IdentifiedSubject, ScopeBasis
from .registration import _optional_role as optional_role

__all__ = ["DirectoryAccount"]

_CATEGORY = r"^[a-z-]+\+[a-z-]+$"


class DirectoryAccount(IdentifiedSubject):
    r"""A directory account and what the password-hash audit found about its password.

    Attributes:
        id: The account name (``DOMAIN\\user`` or ``user``).
        first_name: The person's given name(s), when known.
        last_name: Their family name, when known.
        role: Their role; when given, scope decides whether rule 9 applies.
        unit: Their unit, for reports.
        empty_password: The NT hash is that of the empty password.
        lm_hash: An LM hash is stored besides the NT hash (legacy storage).
        breach_count: Appearances in the breach corpus; None when no corpus was consulted.
        common_category: The category of a common or dictionary password it matched.
        context_category: The category of a password made of the person's own context.
        shared_with: How many other accounts have the same password hash.
        shared_group: A short salted fingerprint of the shared hash, so that a group's
            accounts can be told apart from another group's (never the hash).
    """

    subject_type: ClassVar[SubjectType] = SubjectType.DIRECTORY_ACCOUNT

    first_name: OptionalText = None
    last_name: OptionalText = None
    role: Annotated[RoleField | None, BeforeValidator(optional_role)] = None
    unit: OptionalText = None
    empty_password: Flag = False
    lm_hash: Flag = False
    breach_count: int | None = Field(default=None, ge=0)
    common_category: str | None = Field(default=None, pattern=_CATEGORY, max_length=64)
    context_category: str | None = Field(default=None, pattern=_CATEGORY, max_length=64)
    shared_with: int = Field(default=0, ge=0)
    shared_group: str | None = Field(default=None, pattern=r"^[0-9a-f]{1,16}$")

    def scope_basis(self) -> ScopeBasis:
        """Judged by the account holder's role, when given."""
        return ScopeBasis(role=self.role)
