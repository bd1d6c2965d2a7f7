"""The environment variables that choose the policy: a base file and overlays.

Kept apart from the policy models so that reading them costs no import of the models.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["OVERLAY_ENV", "POLICY_ENV", "overlays_from_env", "policy_from_env"]

POLICY_ENV = "SOMEPOLICY_POLICY"
"""The environment variable naming a policy file to use instead of the shipped guideline."""

OVERLAY_ENV = "SOMEPOLICY_OVERLAYS"
"""The environment variable naming overlay files, separated by the path separator (``:``)."""


def policy_from_env(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The policy file ``SOMEPOLICY_POLICY`` names, or None."""
    value = environ.get(POLICY_ENV, "").strip()
    return Path(value) if value else None


def overlays_from_env(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """The overlay files ``SOMEPOLICY_OVERLAYS`` names, in order."""
    return [
        Path(item.strip())
        for item in environ.get(OVERLAY_ENV, "").split(os.pathsep)
        if item.strip()
    ]
