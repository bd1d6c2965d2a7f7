from __future__ import annotations

from pathlib import Path

from aanekoski_somepolicy import Policy
from aanekoski_somepolicy._docs import GENERATED_MARK, render_rules_markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rules_md_is_up_to_date(policy: Policy) -> None:
    assert DOC.read_text(encoding="utf-8") == render_rules_markdown(policy), (
        "docs/rules.md is stale: run `somepolicy docs --output docs/rules.md`"
    )


def test_rules_md_shows_every_element_and_sentence(policy: Policy) -> None:
    text = render_rules_markdown(policy)
    assert text.startswith(GENERATED_MARK)
    for rule in policy.rules:
        assert f"## {rule.id} {rule.title.fi} / {rule.title.en}" in text
        for element in rule.elements:
            assert f"#### `{element.id}`" in text
            for quote in element.quotes:
                assert f"> {quote}" in text
            if element.reason:
                assert element.reason.fi in text and element.reason.en in text


def test_rules_md_maps_every_sentence_in_source_order(policy: Policy) -> None:
    text = render_rules_markdown(policy)
    section = text.split("## Sentence by sentence / Lause lauseelta", 1)[1].split("\n## ", 1)[0]
    rows = [
        line
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith(("| Source", "| ---"))
    ]
    assert len(rows) >= 40
    assert rows[0].startswith("| ÄÄNEKOSKI |")
    assert any("`R9.leisure-email-not-city-domain` (check)" in row for row in rows)
    assert any("`R6.loyalty-manual-review` (manual review)" in row for row in rows)
    assert rows[-1].startswith("| Jos sinulla on kysyttävää") and "hallintojohtaja" in rows[-1]
