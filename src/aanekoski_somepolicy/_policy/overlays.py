"""Policy overlays: partial files that change the shipped guideline (or another policy).

An overlay names only what it changes. Its tables mirror the policy document and merge into
it (tables merge key by key; a value or a list replaces the one below it); rules and their
elements are addressed by id; ``[add]`` appends to lists and adds new keys; ``[[add.elements]]``
adds elements to a rule; ``[retire]`` removes elements. Several overlays apply in order, and
the result is validated as a whole. Every problem is reported at once with its path, and word
lists an overlay names beside itself are resolved against its folder. The format is described
in ``docs/policy-change.md``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._i18n import Message
from ..exceptions import PolicyError, Problem
from .catalog import Policy, default_policy, load_policy, parse_policy, read_policy_document

__all__ = ["apply_overlay", "compose_policy", "policy_document"]

_SECTIONS = frozenset(
    {"schema_version", "overlay", "metadata", "scope", "parameters", "rules", "add", "retire"}
)
_OVERLAY_KEYS = frozenset({"base", "description"})


def policy_document(policy: Policy) -> dict[str, Any]:
    """The policy as a document (plain data that :func:`parse_policy` accepts again)."""
    return policy.model_dump(mode="python")


def _problem(where: str, code: str, **params: Any) -> Problem:
    return Problem(where, Message("policy", code, **params))


def _merge(target: dict[str, Any], change: Mapping[str, Any]) -> None:
    """Merge ``change`` into ``target``: tables key by key, anything else replaces."""
    for key, value in change.items():
        below = target.get(key)
        if isinstance(value, Mapping) and isinstance(below, dict):
            _merge(below, value)
        else:
            target[key] = copy.deepcopy(value)


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {
        item["id"]: item
        for item in items
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _change_by_id(
    items: Any, changes: Any, where: str, problems: list[Problem], *, what: str
) -> None:
    """Merge ``changes``, a table keyed by id, into the rules (or elements) with those ids."""
    if not isinstance(changes, Mapping):
        problems.append(_problem(where, f"{what}s-by-id"))
        return
    known = _by_id(items)
    for item_id, change in changes.items():
        place = f"{where}.{item_id}"
        item = known.get(item_id)
        if item is None:
            problems.append(_problem(place, f"no-such-{what}", **{what: item_id}))
            continue
        if not isinstance(change, Mapping):
            problems.append(_problem(place, "expected-table"))
            continue
        for key, value in change.items():
            if key == "id":
                problems.append(_problem(f"{place}.id", "id-fixed"))
            elif what == "rule" and key == "elements":
                _change_by_id(item.get(key), value, f"{place}.{key}", problems, what="element")
            else:
                _merge(item, {key: value})


def _add(target: Any, additions: Mapping[str, Any], where: str, problems: list[Problem]) -> None:
    """Append lists and add new keys below ``target``; never replace what is there."""
    for key, value in additions.items():
        place = f"{where}.{key}"
        if not isinstance(target, dict):
            problems.append(_problem(place, "add-nowhere"))
            continue
        below = target.get(key)
        if isinstance(value, Mapping) and isinstance(below, dict):
            _add(below, value, place, problems)
        elif isinstance(value, list) and isinstance(below, list):
            below.extend(copy.deepcopy(item) for item in value if item not in below)
        elif key not in target:
            target[key] = copy.deepcopy(value)
        else:
            problems.append(_problem(place, "add-exists"))


def _add_elements(document: dict[str, Any], elements: Any, problems: list[Problem]) -> None:
    if not isinstance(elements, list):
        problems.append(_problem("add.elements", "add-elements-list"))
        return
    rules = _by_id(document.get("rules"))
    for index, element in enumerate(elements):
        where = f"add.elements[{index}]"
        if not isinstance(element, Mapping):
            problems.append(_problem(where, "expected-table"))
            continue
        rule_id = element.get("rule")
        rule = rules.get(rule_id) if isinstance(rule_id, str) else None
        if rule is None:
            problems.append(_problem(f"{where}.rule", "no-such-rule", rule=str(rule_id)[:40]))
            continue
        added = {key: copy.deepcopy(value) for key, value in element.items() if key != "rule"}
        if isinstance(rule.get("elements"), list):
            rule["elements"].append(added)


def _retire(document: dict[str, Any], retire: Any, problems: list[Problem]) -> None:
    if not isinstance(retire, Mapping):
        problems.append(_problem("retire", "expected-table"))
        return
    for key in retire:
        if key != "elements":
            problems.append(_problem(f"retire.{key}", "unknown-key"))
    wanted = retire.get("elements", [])
    if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
        problems.append(_problem("retire.elements", "retire-list"))
        return
    found: set[str] = set()
    for rule in document.get("rules", []):
        if isinstance(rule, dict) and isinstance(rule.get("elements"), list):
            kept = [
                e for e in rule["elements"] if not (isinstance(e, dict) and e.get("id") in wanted)
            ]
            found.update(
                e["id"] for e in rule["elements"] if isinstance(e, dict) and e.get("id") in wanted
            )
            rule["elements"] = kept
    for index, element_id in enumerate(wanted):
        if element_id not in found:
            problems.append(
                _problem(f"retire.elements[{index}]", "no-such-element", element=element_id)
            )


def apply_overlay(document: dict[str, Any], overlay: Mapping[str, Any]) -> list[Problem]:
    """Apply one overlay's data to a policy document in place.

    Args:
        document: The policy document (see :func:`policy_document`); changed in place.
        overlay: The overlay as parsed TOML, its word-list names already resolved.

    Returns:
        Every problem of the overlay's own shape, each with its path in the overlay. The
        merged document still needs validating (:func:`parse_policy`).
    """
    problems: list[Problem] = []
    for key in overlay:
        if key not in _SECTIONS:
            problems.append(_problem(key, "unknown-key"))
    if overlay.get("schema_version", 1) != 1:
        problems.append(_problem("schema_version", "schema-version"))
    header = overlay.get("overlay", {})
    if not isinstance(header, Mapping):
        problems.append(_problem("overlay", "expected-table"))
    else:
        for key in header:
            if key not in _OVERLAY_KEYS:
                problems.append(_problem(f"overlay.{key}", "unknown-key"))
    for section in ("metadata", "scope", "parameters"):
        change = overlay.get(section)
        if change is None:
            continue
        if not isinstance(change, Mapping):
            problems.append(_problem(section, "expected-table"))
            continue
        below = document.get(section)
        if isinstance(below, dict):
            _merge(below, change)
    if "rules" in overlay:
        _change_by_id(document.get("rules"), overlay["rules"], "rules", problems, what="rule")
    additions = overlay.get("add")
    if additions is not None:
        if not isinstance(additions, Mapping):
            problems.append(_problem("add", "expected-table"))
        else:
            rest = {key: value for key, value in additions.items() if key != "elements"}
            for key in rest:
                if key not in ("metadata", "scope", "parameters"):
                    problems.append(_problem(f"add.{key}", "unknown-key"))
            _add(document, {k: v for k, v in rest.items() if k in document}, "add", problems)
            if "elements" in additions:
                _add_elements(document, additions["elements"], problems)
    if "retire" in overlay:
        _retire(document, overlay["retire"], problems)
    return problems


def _base(policy: Policy | str | Path | None) -> Policy:
    if isinstance(policy, Policy):
        return policy
    return load_policy(policy) if policy is not None else default_policy()


def compose_policy(
    policy: Policy | str | Path | None = None, overlays: Sequence[str | Path] = ()
) -> Policy:
    """The effective policy: a base policy with overlays applied in order.

    Args:
        policy: The base: a policy, a policy file, or None for the shipped guideline (or
            for the file the first overlay names as its ``overlay.base``).
        overlays: Overlay files, applied in order.

    Returns:
        The validated effective policy (the base itself when there are no overlays).

    Raises:
        PolicyError: A file cannot be read or is not TOML, or any overlay or the merged
            policy is invalid; every problem is listed, each with its file and path.
    """
    if not overlays:
        return _base(policy)
    problems: list[Problem] = []
    read: list[tuple[Path, dict[str, Any]]] = []
    for name in overlays:
        path = Path(name)
        found: list[Problem] = []
        try:
            read.append((path, read_policy_document(path, found)))
        except PolicyError as error:  # unreadable, or not TOML
            problems.append(Problem("", error.summary))
        problems.extend(_named(path, problem) for problem in found)
    if len(read) < len(overlays):
        raise PolicyError(_summary(overlays), problems)
    first_path, first = read[0]
    header = first.get("overlay")
    base_name = header.get("base") if isinstance(header, Mapping) else None
    for path, data in read[1:]:
        later = data.get("overlay")
        if isinstance(later, Mapping) and "base" in later:
            problems.append(_named(path, _problem("overlay.base", "base-first-only")))
    if isinstance(base_name, str) and policy is not None:
        problems.append(_named(first_path, _problem("overlay.base", "base-and-policy")))
    elif isinstance(base_name, str):
        policy = first_path.parent / base_name
    elif base_name is not None:
        problems.append(_named(first_path, _problem("overlay.base", "expected-text")))
    try:
        base = _base(policy)
    except PolicyError as error:
        raise PolicyError(error.summary, [*error.problems, *problems]) from None
    document = policy_document(base)
    for path, data in read:
        problems.extend(_named(path, problem) for problem in apply_overlay(document, data))
    effective: Policy | None = None
    try:
        effective = parse_policy(document, source=_summary(overlays))
    except PolicyError as error:
        problems.extend(error.problems)
    if problems or effective is None:
        raise PolicyError(_summary(overlays), problems)
    return effective


def _named(path: Path, problem: Problem) -> Problem:
    where = f"{path}: {problem.location}" if problem.location else str(path)
    return Problem(where, problem.message)


def _summary(overlays: Sequence[str | Path]) -> str:
    names = ", ".join(str(name) for name in overlays)
    return Message("policy", "overlays-invalid", names=names)
