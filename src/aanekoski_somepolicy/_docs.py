"""Generating ``docs/rules.md`` from the policy objects."""

from __future__ import annotations

import re
from importlib import resources

from ._policy.catalog import Element, ElementKind, Policy, Rule
from ._policy.roles import ROLE_NAMES, Role

__all__ = ["GENERATED_MARK", "render_rules_markdown"]

GENERATED_MARK = (
    "<!-- Generated from the policy data by `somepolicy docs --output docs/rules.md`. "
    "Do not edit by hand: tests/test_docs.py fails when this file is stale. -->"
)

_KIND = {
    ElementKind.CHECK: "machine check / koneellinen tarkistus",
    ElementKind.MANUAL_REVIEW: "manual review / ihmisen arvioitava",
}


def _quote(text: str) -> str:
    return f"> {text}"


def _element(element: Element) -> list[str]:
    lines = [
        f"#### `{element.id}`",
        "",
        f"- **Kind / Laji:** {_KIND[element.kind]}",
        f"- **Modality / Velvoittavuus:** {element.modality.value}",
    ]
    if element.subjects:
        subjects = ", ".join(f"`{subject.value}`" for subject in element.subjects)
        lines.append(f"- **Evaluated for / Arvioidaan:** {subjects}")
    lines += [
        f"- **Requirement (fi):** {element.summary.fi}",
        f"- **Requirement (en):** {element.summary.en}",
    ]
    if element.reason is not None:
        lines += [
            f"- **Why manual (fi):** {element.reason.fi}",
            f"- **Why manual (en):** {element.reason.en}",
        ]
    lines += [
        f"- **Remedy (fi):** {element.remedy.fi}",
        f"- **Remedy (en):** {element.remedy.en}",
    ]
    if element.messages:
        codes = ", ".join(f"`{code}`" for code in element.messages)
        lines.append(f"- **Outcome codes:** {codes}")
    lines += ["- **Source sentence(s) / Lähdelause(et):**", ""]
    lines += [_quote(quote) for quote in element.quotes]
    lines.append("")
    return lines


def _rule(rule: Rule) -> list[str]:
    lines = [
        f"## {rule.id} {rule.title.fi} / {rule.title.en}",
        "",
        f"**Source heading / Lähdeotsikko:** {rule.heading}",
        "",
        f"- **fi:** {rule.statement.fi}",
        f"- **en:** {rule.statement.en}",
    ]
    if rule.survives_service:
        lines.append(
            "- **Binds after the service has ended / Sitoo palvelussuhteen päätyttyäkin:** yes / kyllä"
        )
    lines.append("")
    if rule.rationale:
        lines += ["**Rationale (not normative) / Perustelu:**", ""]
        lines += [_quote(text) for text in rule.rationale]
        lines.append("")
    lines += ["| Element | Kind | Modality |", "| --- | --- | --- |"]
    for element in rule.elements:
        lines.append(f"| `{element.id}` | {element.kind.value} | {element.modality.value} |")
    lines.append("")
    lines += ["### Elements / Osat", ""]
    for element in rule.elements:
        lines += _element(element)
    return lines


def _parameters(policy: Policy) -> list[str]:
    lines = ["## Parameters of rule 9 / Säännön 9 parametrit", ""]
    for name, group in (
        ("accounts", policy.parameters.accounts),
        ("password", policy.parameters.password),
    ):
        lines += [f"### `parameters.{name}`", "", "| Parameter | Value |", "| --- | --- |"]
        for key, value in group.model_dump(mode="json").items():
            if key == "rule":
                continue
            shown = (
                ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
            )
            lines.append(f"| `{key}` | {shown} |")
        lines.append("")
    return lines


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sentence_map(policy: Policy) -> list[tuple[str, str]]:
    """Each quoted piece of the source, in source order, with what enforces it."""
    meta = policy.metadata
    uses: dict[str, list[str]] = {}

    def note(quote: str, use: str) -> None:
        uses.setdefault(_normalised(quote), []).append(use)

    for quote in meta.quotes:
        note(quote, "metadata (title, organisation)")
    for approval in meta.approvals:
        note(approval.quote, f"metadata: approval by {approval.body.en}")
    note(meta.purpose_quote, "metadata: purpose")
    note(policy.scope.quote, "scope: `bound_roles`, `resolve_scope`")
    note(meta.contact.heading, "metadata: contact")
    note(meta.contact.quote, "metadata: contact (hallintojohtaja)")
    for rule in policy.rules:
        note(rule.heading, f"rule {rule.id} heading")
        for quote in rule.rationale:
            note(quote, f"{rule.id} rationale (not normative)")
        for element in rule.elements:
            kind = "check" if element.kind is ElementKind.CHECK else "manual review"
            for quote in element.quotes:
                note(quote, f"`{element.id}` ({kind})")
    source = _normalised(
        resources.files("aanekoski_somepolicy")
        .joinpath("data")
        .joinpath("source")
        .joinpath(meta.source)
        .read_text("utf-8")
    )
    ordered = sorted(uses, key=lambda quote: (source.find(quote), quote))
    return [(quote, "; ".join(uses[quote])) for quote in ordered]


def render_rules_markdown(policy: Policy) -> str:
    """Return the rule catalog as Markdown in Finnish and English."""
    meta = policy.metadata
    lines = [
        GENERATED_MARK,
        "",
        f"# Rule catalog / Sääntöluettelo: {meta.title.en}",
        "",
        f"*{meta.title.fi}* — policy `{meta.id}` version {meta.version}, adopted {meta.adopted.isoformat()}, "
        f"binding: {'yes / kyllä' if meta.binding else 'no / ei'}. Source: `{meta.source}`.",
        "",
        "| Approval / Hyväksyjä | Date / Päivämäärä | Reference |",
        "| --- | --- | --- |",
    ]
    for approval in meta.approvals:
        lines.append(
            f"| {approval.body.fi} / {approval.body.en} | {approval.date.isoformat()} | {approval.reference or ''} |"
        )
    lines += [
        "",
        f"**Purpose / Tarkoitus:** {meta.purpose.fi} — {meta.purpose.en}",
        "",
        f"**Contact / Lisätietoja:** {meta.contact.instructions.fi} — {meta.contact.instructions.en}",
        "",
        "## Scope / Soveltamisala",
        "",
        _quote(policy.scope.quote),
        "",
        f"- **fi:** {policy.scope.statement.fi}",
        f"- **en:** {policy.scope.statement.en}",
        f"- **Note / Huom:** {policy.scope.note.en}",
        "",
        "| Role id | Finnish | English | Bound / Sitoo |",
        "| --- | --- | --- | --- |",
    ]
    for role in Role:
        fi, en, _sv = ROLE_NAMES[role]
        bound = "yes / kyllä" if role in policy.scope.bound_roles else "no / ei"
        lines.append(f"| `{role.value}` | {fi} | {en} | {bound} |")
    checks = sum(1 for element in policy.elements() if element.kind is ElementKind.CHECK)
    manual = sum(1 for element in policy.elements() if element.kind is ElementKind.MANUAL_REVIEW)
    lines += [
        "",
        f"The catalog has {len(policy.rules)} rules with {checks} machine checks and {manual} "
        "manual-review elements. Every sentence of the source appears below, verbatim.",
        "",
    ]
    lines += [
        "## Sentence by sentence / Lause lauseelta",
        "",
        "Every sentence of the source, in order, and what enforces it.",
        "",
        "| Source / Lähde | Enforced by / Toteutus |",
        "| --- | --- |",
    ]
    for quote, use in _sentence_map(policy):
        cell = quote.replace("|", "\\|")
        lines.append(f"| {cell} | {use} |")
    lines.append("")
    for rule in policy.rules:
        lines += _rule(rule)
    lines += _parameters(policy)
    return "\n".join(lines).rstrip() + "\n"
