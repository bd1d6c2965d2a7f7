"""Scope: which rules bind a person, in which role, on which date.

The guideline binds officials, employees and trainees of many kinds (policy data lists the
roles). Being bound is not "being an employee": participants in rehabilitative work have
no employment relationship and are bound all the same. When the service has ended, only
rules marked ``survives_service`` (confidentiality, R2) still bind.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .._i18n import Day
from .catalog import Policy
from .roles import Role

__all__ = ["BindingReason", "RuleBinding", "ScopeResult", "resolve_scope"]


class BindingReason(StrEnum):
    """Why a rule does or does not bind; each is a message code."""

    IN_SCOPE = "in-scope"
    ROLE_NOT_GIVEN = "role-not-given"
    ROLE_OUT_OF_SCOPE = "role-out-of-scope"
    NOT_STARTED = "not-started"
    SERVICE_ENDED = "service-ended"
    SURVIVES_SERVICE = "survives-service"


@dataclass(frozen=True)
class RuleBinding:
    """Whether one rule binds, and why."""

    rule_id: str
    bound: bool
    reason: BindingReason


@dataclass(frozen=True)
class ScopeResult:
    """Which rules bind a person on a date.

    Attributes:
        role: The person's role, or None when not given.
        on: The date the answer is for.
        start: The service's start, when known.
        end: The service's end, when known.
        bindings: One entry per rule, in catalog order.
    """

    role: Role | None
    on: date
    start: date | None
    end: date | None
    bindings: tuple[RuleBinding, ...]

    def binding(self, rule_id: str) -> RuleBinding:
        """Return the binding of ``rule_id``.

        Raises:
            KeyError: No such rule.
        """
        return self._by_rule[rule_id]

    @functools.cached_property
    def _by_rule(self) -> dict[str, RuleBinding]:
        # The engine asks once per element of every subject: a dict, not a scan.
        return {binding.rule_id: binding for binding in self.bindings}

    def binds(self, rule_id: str) -> bool:
        """Whether ``rule_id`` binds."""
        return self.binding(rule_id).bound

    @property
    def bound_rules(self) -> list[str]:
        """Ids of the rules that bind."""
        return [binding.rule_id for binding in self.bindings if binding.bound]

    def facts(self) -> dict[str, str | None]:
        """Non-secret facts for messages about this scope."""
        return {
            "role": self.role.value if self.role else None,
            "on": Day(self.on.isoformat()),
            "start": Day(self.start.isoformat()) if self.start else None,
            "end": Day(self.end.isoformat()) if self.end else None,
        }


def resolve_scope(
    policy: Policy,
    role: Role | None,
    *,
    on: date,
    start: date | None = None,
    end: date | None = None,
) -> ScopeResult:
    """Decide which of the policy's rules bind a person.

    Args:
        policy: The policy.
        role: The person's role; None means unknown, and the person is assumed bound (the
            caller is a city system that registers staff).
        on: The date to answer for.
        start: First day of service, when known; before it nothing binds.
        end: Last day of service, when known; after it only surviving rules bind.

    Returns:
        One binding per rule.
    """
    bindings: list[RuleBinding] = []
    in_scope_role = role is None or role in policy.scope.bound_roles
    for rule in policy.rules:
        if not in_scope_role:
            binding = RuleBinding(rule.id, False, BindingReason.ROLE_OUT_OF_SCOPE)
        elif start is not None and on < start:
            binding = RuleBinding(rule.id, False, BindingReason.NOT_STARTED)
        elif end is not None and on > end:
            if rule.survives_service:
                binding = RuleBinding(rule.id, True, BindingReason.SURVIVES_SERVICE)
            else:
                binding = RuleBinding(rule.id, False, BindingReason.SERVICE_ENDED)
        elif role is None:
            binding = RuleBinding(rule.id, True, BindingReason.ROLE_NOT_GIVEN)
        else:
            binding = RuleBinding(rule.id, True, BindingReason.IN_SCOPE)
        bindings.append(binding)
    return ScopeResult(role=role, on=on, start=start, end=end, bindings=tuple(bindings))
