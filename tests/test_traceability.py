"""Every sentence of the source guideline is traceable to the policy data, verbatim."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from aanekoski_somepolicy import Policy

# The package ships its own copy of the guideline; the project's shared/ holds the original.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "source" / "aanekoski-some-ohje-2015.txt"
SOURCE = (
    resources.files("aanekoski_somepolicy")
    .joinpath("data")
    .joinpath("source")
    .joinpath("aanekoski-some-ohje-2015.txt")
)


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _all_quotes(policy: Policy) -> list[str]:
    meta = policy.metadata
    quotes = [
        *meta.quotes,
        meta.purpose_quote,
        meta.contact.heading,
        meta.contact.quote,
        policy.scope.quote,
    ]
    quotes += [approval.quote for approval in meta.approvals]
    for rule in policy.rules:
        quotes.append(rule.heading)
        quotes += rule.rationale
        for element in rule.elements:
            quotes += element.quotes
    return quotes


@pytest.fixture(scope="module")
def source() -> str:
    return _normalised(SOURCE.read_text(encoding="utf-8"))


def test_shipped_copy_is_the_original(policy: Policy) -> None:
    assert policy.metadata.source == "aanekoski-some-ohje-2015.txt"
    if not SHARED.exists():
        pytest.skip("no shared/ beside this checkout to compare with")
    assert SOURCE.read_bytes() == SHARED.read_bytes()


def test_every_quote_is_verbatim_in_the_source(policy: Policy, source: str) -> None:
    for quote in _all_quotes(policy):
        assert _normalised(quote) in source, quote


def test_every_character_of_the_source_is_covered(policy: Policy, source: str) -> None:
    covered = [False] * len(source)
    for quote in _all_quotes(policy):
        text = _normalised(quote)
        start = source.find(text)
        while start != -1:
            for index in range(start, start + len(text)):
                covered[index] = True
            start = source.find(text, start + 1)
    missing = "".join(
        char if not done and not char.isspace() else " "
        for char, done in zip(source, covered, strict=True)
    )
    leftovers = missing.split()
    assert leftovers == [], f"source text not traced to the policy: {leftovers}"


def test_every_normative_sentence_maps_to_an_element(policy: Policy, source: str) -> None:
    element_quotes = {_normalised(q) for element in policy.elements() for q in element.quotes}
    rationale = {_normalised(q) for rule in policy.rules for q in rule.rationale}
    assert not element_quotes & rationale, "a sentence is both normative and rationale"
    # Sentences under the numbered rules are either an element's or a rule's rationale.
    body = source[source.index("1. Julkisuus") : source.index("Lisätietoja")]
    headings = {_normalised(rule.heading) for rule in policy.rules}
    for heading in headings:
        body = body.replace(heading, " ")
    for quote in element_quotes | rationale:
        body = body.replace(quote, " ")
    assert body.split() == []
