"""The machine checks, one module per rule, collected in one registry."""

from . import r2_confidentiality, r9_accounts, r9_password
from ._base import REGISTRY, CheckContext, CheckResult, CheckSpec

__all__ = [
    "REGISTRY",
    "CheckContext",
    "CheckResult",
    "CheckSpec",
    "r2_confidentiality",
    "r9_accounts",
    "r9_password",
]
