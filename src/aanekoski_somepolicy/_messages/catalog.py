"""Engine messages that belong to no single element: scope and missing data.

Element-specific messages live in the policy data; these are the engine's own words.
"""

from __future__ import annotations

from .._i18n import LocalizedText, messages

__all__ = ["ENGINE_MESSAGES", "FACT_LABELS"]


# The texts are data (data/messages.toml, sections ``engine`` and ``facts``).
ENGINE_MESSAGES: dict[str, LocalizedText] = messages("engine")

# Fact values are language-neutral ids; messages show them through these labels.
FACT_LABELS: dict[str, LocalizedText] = messages("facts")
