"""Engine messages that belong to no single element: scope and missing data.

Element-specific messages live in the policy data; these are the engine's own words.
"""

from __future__ import annotations

from .._i18n import LocalizedText, messages
from .._policy.roles import ROLE_NAMES

__all__ = ["ENGINE_MESSAGES", "FACT_LABELS"]


# The texts are data (data/messages.toml, sections ``engine`` and ``facts``).
ENGINE_MESSAGES: dict[str, LocalizedText] = messages("engine")

# Fact values are language-neutral ids (fields, lists, reasons, roles); messages show them
# through these labels, so that no id such as ``luottamushenkilo`` reaches a report.
FACT_LABELS: dict[str, LocalizedText] = {
    **messages("facts"),
    **{role.value: LocalizedText(*names) for role, names in ROLE_NAMES.items()},
}


def _category_labels() -> dict[str, LocalizedText]:
    """Labels of the password-hash audit's categories, ``base+affix``: "season + year"."""
    labels = {}
    for base, base_text in messages("hash-bases").items():
        for affix, affix_text in messages("hash-affixes").items():
            labels[f"{base}+{affix}"] = (
                base_text
                if affix == "none"
                else LocalizedText(
                    *(
                        f"{base_text.get(lang)} + {affix_text.get(lang)}"
                        for lang in ("fi", "en", "sv")
                    )
                )
            )
    return labels


FACT_LABELS.update(_category_labels())
