"""Exceptions raised by aanekoski-somepolicy.

The hierarchy::

    SomePolicyError
    ├── PolicyError              the policy document is unreadable or invalid
    ├── ConfigurationError       a configured resource (breach corpus, ...) is unusable
    ├── ScenarioError            a scenario file is unreadable or invalid
    ├── WaiverError              a waiver file is invalid, or a waiver has expired
    └── InvalidSubjectError      a subject (person, registration, ...) is invalid (ValueError)
        ├── UnknownRoleError     a role string matches no known role
        └── InputTooLargeError   an input is larger than the library will process

Every exception carries a list of :class:`Problem` objects so that callers see all problems
of an object at once, each with the path of the field it concerns. No message ever contains
a password or any other secret value.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConfigurationError",
    "InputTooLargeError",
    "InvalidSubjectError",
    "PolicyError",
    "Problem",
    "ScenarioError",
    "SomePolicyError",
    "UnknownRoleError",
    "WaiverError",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input.

    Attributes:
        location: Where the problem is, e.g. ``rules[3].elements[0].id`` or ``password``.
        message: What is wrong, in English; never contains a secret value. Most messages
            are message codes with parameters (``Message``) that the command line and the
            audit's reports show in Finnish, Swedish or English.
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class SomePolicyError(Exception):
    """Base class of every error raised by this library.

    Attributes:
        problems: Every problem found, not only the first.
    """

    def __init__(self, summary: str, problems: list[Problem] | None = None) -> None:
        self.summary = summary
        self.problems: list[Problem] = list(problems or [])
        super().__init__(self._render())

    def _render(self) -> str:
        if not self.problems:
            return self.summary
        lines = [self.summary] + [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class PolicyError(SomePolicyError):
    """The policy document could not be read or did not validate."""


class ConfigurationError(SomePolicyError):
    """A configured resource, such as the breach corpus, cannot be used."""


class ScenarioError(SomePolicyError):
    """A scenario file could not be read or did not validate."""


class WaiverError(SomePolicyError):
    """A waiver file could not be read or did not validate, or a waiver has expired."""


class InvalidSubjectError(SomePolicyError, ValueError):
    """A subject given for evaluation is invalid."""


class UnknownRoleError(InvalidSubjectError):
    """A role string matches none of the known roles or their spellings."""


class InputTooLargeError(InvalidSubjectError):
    """An input exceeds the size the library bounds its work to."""
