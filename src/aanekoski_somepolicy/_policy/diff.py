"""What changed between two policies: rules, elements, parameters, messages, scope, roles.

The comparison walks both policy documents, addressing rules and elements by id, and lists
every changed value with its path. Each change has a category and says whether it can flip a
decision (a parameter, the roles in scope, an element added, retired or re-kinded) or only
changes wording (a message, a summary, a quote). A change that can flip decisions while the
policy's version stays the same is flagged: a decision log or an old report would otherwise
name the same version for different decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .._i18n import Lang, Message
from .catalog import Policy

__all__ = [
    "Category",
    "Change",
    "ChangeKind",
    "PolicyDiff",
    "diff_policies",
    "render_diff_markdown",
    "render_diff_text",
]


class Category(StrEnum):
    """What part of the policy a change concerns."""

    METADATA = "metadata"
    SCOPE = "scope"
    ROLES = "roles"
    PARAMETERS = "parameters"
    RULES = "rules"
    ELEMENTS = "elements"
    MESSAGES = "messages"


class ChangeKind(StrEnum):
    """Whether something was added, removed or changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    """One changed value.

    Attributes:
        category: The part of the policy.
        kind: Added, removed or changed.
        path: Where, with rules and elements by id (``rules.R9.elements.R9.x.modality``).
        old: The value before (None when added).
        new: The value after (None when removed).
        affects_decisions: Whether the change can flip a decision.
    """

    category: Category
    kind: ChangeKind
    path: str
    old: Any
    new: Any
    affects_decisions: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the change as JSON-ready data."""
        return {
            "category": self.category.value,
            "kind": self.kind.value,
            "path": self.path,
            "old": _plain(self.old),
            "new": _plain(self.new),
            "affects_decisions": self.affects_decisions,
        }


@dataclass(frozen=True)
class PolicyDiff:
    """The changes from one policy to another.

    Attributes:
        old_id: The old policy's id.
        old_version: The old policy's version.
        new_id: The new policy's id.
        new_version: The new policy's version.
        changes: Every change, in document order.
    """

    old_id: str
    old_version: str
    new_id: str
    new_version: str
    changes: list[Change] = field(default_factory=list)

    @property
    def affects_decisions(self) -> bool:
        """Whether any change can flip a decision."""
        return any(change.affects_decisions for change in self.changes)

    @property
    def version_unchanged(self) -> bool:
        """Whether decisions can change while the version stays the same (flagged)."""
        return self.affects_decisions and self.old_version == self.new_version

    def by_category(self) -> dict[Category, list[Change]]:
        """The changes grouped by category, in the order of :class:`Category`."""
        groups: dict[Category, list[Change]] = {}
        for category in Category:
            found = [change for change in self.changes if change.category is category]
            if found:
                groups[category] = found
        return groups

    def to_dict(self) -> dict[str, Any]:
        """Return the diff as JSON-ready data."""
        return {
            "old": {"id": self.old_id, "version": self.old_version},
            "new": {"id": self.new_id, "version": self.new_version},
            "affects_decisions": self.affects_decisions,
            "version_unchanged": self.version_unchanged,
            "counts": {
                category.value: len(changes) for category, changes in self.by_category().items()
            },
            "changes": [change.to_dict() for change in self.changes],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # dates


# Element fields whose change can flip a decision; the others are wording.
_ELEMENT_DECIDES = frozenset({"kind", "modality", "subjects"})
_ELEMENT_WORDING = frozenset({"messages", "remedies", "remedy", "summary", "reason"})


def _classify(parts: tuple[str, ...]) -> tuple[Category, bool]:
    """The category of a change at ``parts`` and whether it can flip a decision."""
    head = parts[0]
    if head == "scope":
        if len(parts) > 1 and parts[1] in ("bound_roles", "role_aliases"):
            return Category.ROLES, True
        return Category.SCOPE, False
    if head == "parameters":
        return Category.PARAMETERS, True
    if head == "rules":
        if len(parts) <= 2:
            return Category.RULES, True  # a rule added or removed
        if parts[2] != "elements":
            return Category.RULES, parts[2] == "survives_service"
        if len(parts) <= 4:
            return Category.ELEMENTS, True  # an element added or retired
        if parts[4] in _ELEMENT_WORDING:
            return Category.MESSAGES, False
        return Category.ELEMENTS, parts[4] in _ELEMENT_DECIDES
    return Category.METADATA, False


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """Rules and elements by id; None for other lists."""
    if items and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return {item["id"]: item for item in items}
    return None


def _walk(old: Any, new: Any, parts: tuple[str, ...], out: list[Change]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(key for key in new if key not in old)]:
            here = (*parts, str(key))
            if key not in new:
                _emit(out, here, ChangeKind.REMOVED, old[key], None)
            elif key not in old:
                _emit(out, here, ChangeKind.ADDED, None, new[key])
            else:
                _walk(old[key], new[key], here, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_keyed, new_keyed = _keyed(old), _keyed(new)
        if old_keyed is not None and new_keyed is not None:
            _walk(old_keyed, new_keyed, parts, out)
            return
        if all(isinstance(item, str) for item in [*old, *new]):
            removed = [item for item in old if item not in new]
            added = [item for item in new if item not in old]
            if removed:
                _emit(out, parts, ChangeKind.REMOVED, removed, None)
            if added:
                _emit(out, parts, ChangeKind.ADDED, None, added)
            if removed or added:
                return
    _emit(out, parts, ChangeKind.CHANGED, old, new)


def _emit(out: list[Change], parts: tuple[str, ...], kind: ChangeKind, old: Any, new: Any) -> None:
    category, decides = _classify(parts)
    out.append(Change(category, kind, ".".join(parts), old, new, decides))


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    """Compare two policies.

    Args:
        old: The policy in force.
        new: The proposed policy.

    Returns:
        Every change, each with its category and whether it can flip a decision.
    """
    changes: list[Change] = []
    _walk(old.model_dump(mode="json"), new.model_dump(mode="json"), (), changes)
    return PolicyDiff(
        old.metadata.id, old.metadata.version, new.metadata.id, new.metadata.version, changes
    )


def _word(code: str, lang: Lang | str, **params: Any) -> str:
    return Message("policy", code, **params).get(lang)


def _shown(value: Any, limit: int = 120) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        text = ", ".join(value)
    elif isinstance(value, dict) and set(value) == {"fi", "en", "sv"}:
        text = f"fi: {value['fi']} | en: {value['en']} | sv: {value['sv']}"
    elif isinstance(value, dict) and "id" in value:
        # A whole rule or element added or retired: its id and kind say which.
        text = " ".join(str(value[key]) for key in ("id", "kind", "modality") if key in value)
    else:
        text = str(_plain(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _headline(diff: PolicyDiff, lang: Lang | str) -> list[str]:
    lines = [
        _word(
            "diff-title",
            lang,
            old=f"{diff.old_id} {diff.old_version}",
            new=f"{diff.new_id} {diff.new_version}",
        )
    ]
    if not diff.changes:
        lines.append(_word("diff-none", lang))
    if diff.version_unchanged:
        lines.append(_word("diff-version-unchanged", lang, version=diff.new_version))
    return lines


_SIGNS = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.CHANGED: "~"}


def render_diff_text(diff: PolicyDiff, lang: Lang | str = Lang.EN) -> str:
    """The diff as plain text, grouped by category, in ``lang``."""
    lines = _headline(diff, lang)
    decides = _word("diff-decides", lang)
    for category, changes in diff.by_category().items():
        lines.append("")
        lines.append(f"{_word('category-' + category.value, lang)} ({len(changes)})")
        for change in changes:
            mark = f"  [{decides}]" if change.affects_decisions else ""
            if change.kind is ChangeKind.CHANGED:
                what = f"{_shown(change.old)} → {_shown(change.new)}"
            else:
                what = _shown(change.new if change.kind is ChangeKind.ADDED else change.old)
            lines.append(f"  {_SIGNS[change.kind]} {change.path}: {what}{mark}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_diff_markdown(diff: PolicyDiff, lang: Lang | str = Lang.EN) -> str:
    """The diff as Markdown for a change request: a table per category, in ``lang``."""
    head = _headline(diff, lang)
    lines = [f"## {head[0]}", ""]
    for line in head[1:]:
        lines += [f"> **{line}**", ""]
    columns = [_word(code, lang) for code in ("diff-change", "diff-path", "diff-old", "diff-new")]
    decides = _word("diff-decides", lang)
    columns.append(decides[:1].upper() + decides[1:])
    yes = _word("diff-yes", lang)
    for category, changes in diff.by_category().items():
        lines += [f"### {_word('category-' + category.value, lang)} ({len(changes)})", ""]
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + " --- |" * len(columns))
        for change in changes:
            cells = [
                _word("kind-" + change.kind.value, lang),
                f"`{change.path}`",
                _cell(_shown(change.old)),
                _cell(_shown(change.new)),
                yes if change.affects_decisions else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
