"""Words of the HTML, SARIF, JUnit and terminal reports, in Finnish, English and Swedish."""

from __future__ import annotations

from ..._i18n import Lang, LocalizedText, messages

__all__ = ["REPORT_WORDS", "word"]

# The words are data (data/messages.toml, section ``report``), like every other text.
REPORT_WORDS: dict[str, LocalizedText] = messages("report")


def word(key: str, lang: Lang | str) -> str:
    """A report word in ``lang``."""
    return REPORT_WORDS[key].get(lang)
