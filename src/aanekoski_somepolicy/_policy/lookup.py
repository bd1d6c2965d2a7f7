"""Finding one rule (``R9``) or one element (``R9.password-min-length``) by its id."""

from __future__ import annotations

from .._i18n import Message
from .catalog import Policy, Rule

__all__ = ["find_rule"]


def find_rule(policy: Policy, wanted: str) -> Rule:
    """Return the rule ``wanted`` names; for an element id, the rule with only that element.

    Ids match case-insensitively.

    Raises:
        KeyError: No such rule or element; the message lists the ids there are.
    """
    wanted = wanted.strip()
    rule_id = wanted.split(".", 1)[0].upper()
    try:
        rule = policy.rule(rule_id)
    except KeyError:
        # The scope's checks are found apart (scope_checks.find_scope_checks), named here.
        ids = ", ".join([*(rule.id for rule in policy.rules), "scope"])
        raise KeyError(Message("lookup", "no-rule", value=repr(wanted[:40]), ids=ids)) from None
    if "." not in wanted:
        return rule
    elements = [element for element in rule.elements if element.id.lower() == wanted.lower()]
    if not elements:
        ids = ", ".join(element.id for element in rule.elements)
        raise KeyError(
            Message("lookup", "no-element", value=repr(wanted[:60]), rule=rule.id, ids=ids)
        )
    return rule.model_copy(update={"elements": elements})
