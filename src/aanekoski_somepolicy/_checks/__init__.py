"""The machine checks, one module per rule, collected in one registry."""

from . import (
    r1_publicity,
    r2_confidentiality,
    r3_advice,
    r4_photos,
    r5_profile,
    r6_loyalty,
    r7_working_time,
    r8_incorrect_info,
    r9_accounts,
    r9_hashes,
    r9_password,
    r10_pages,
)
from ._base import REGISTRY, CheckContext, CheckResult, CheckSpec, declared_checks

__all__ = [
    "REGISTRY",
    "CheckContext",
    "CheckResult",
    "CheckSpec",
    "declared_checks",
    "r1_publicity",
    "r2_confidentiality",
    "r3_advice",
    "r4_photos",
    "r5_profile",
    "r6_loyalty",
    "r7_working_time",
    "r8_incorrect_info",
    "r9_accounts",
    "r9_hashes",
    "r9_password",
    "r10_pages",
]
