"""What a check is, what it returns, and the registry that maps element ids to checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .._findings import FactValue, Outcome
from .._passwords.breach import BreachCorpus
from .._policy.catalog import Policy, SubjectType

__all__ = ["REGISTRY", "CheckContext", "CheckResult", "CheckSpec", "declared_checks", "register"]


@dataclass(frozen=True)
class CheckResult:
    """A check's verdict before it is worded.

    Attributes:
        outcome: pass / fail / not-applicable.
        code: The message code; ``pass`` and ``fail`` by default.
        facts: Non-secret facts that fill the message template and explain the outcome.
    """

    outcome: Outcome
    code: str
    facts: Mapping[str, FactValue] = field(default_factory=dict)

    @classmethod
    def judged(cls, ok: bool, facts: Mapping[str, FactValue] | None = None) -> CheckResult:
        """Return ``pass`` when ``ok``, else ``fail``, with the same facts either way."""
        if ok:
            return cls(Outcome.PASS, "pass", facts or {})
        return cls(Outcome.FAIL, "fail", facts or {})


@dataclass
class CheckContext:
    """What a check may use besides its subject.

    Attributes:
        policy: The policy being evaluated.
        on: The evaluation date.
        breach_corpus: A local breach corpus, when configured.
        memo: Results shared between checks of one evaluation (e.g. a password verdict,
            which four elements read). It lives only for one evaluation.
    """

    policy: Policy
    on: date
    breach_corpus: BreachCorpus | None = None
    memo: dict[str, Any] = field(default_factory=dict)


CheckFunction = Callable[[Any, CheckContext], CheckResult]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check.

    Attributes:
        element_id: The element it implements.
        subject_type: The subject type it reads.
        codes: Every message code it can return.
        run: The predicate.
        needs: The codes that mean "an input was missing", each with the subject fields
            whose absence makes the check return it. Audits derive their coverage (which
            column a check needs) from this one declaration.
        without: A subject field, and the result the check returns (that very object)
            whenever the subject's value of it is None: the engine gives that result
            without calling the check (an audit's rows without a password, five checks).
    """

    element_id: str
    subject_type: SubjectType
    codes: frozenset[str]
    run: CheckFunction
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    without: tuple[str, CheckResult] | None = None


REGISTRY: dict[tuple[str, SubjectType], CheckSpec] = {}


def declared_checks(
    policy: Policy, subject_type: SubjectType
) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """The checks of ``policy`` for ``subject_type``, each with the inputs it declares.

    The declaration (``needs`` of :func:`register`) is the one place that says which input
    a check needs; the audits' coverage and headlines are derived from it.
    """
    checks = []
    for element in policy.elements():
        spec = REGISTRY.get((element.id, subject_type))
        if spec is not None and subject_type in element.subjects:
            checks.append((element.id, dict(spec.needs)))
    return checks


def register(
    element_id: str,
    subject_type: SubjectType,
    *,
    codes: tuple[str, ...] = (),
    trigger: bool = False,
    needs: Mapping[str, tuple[str, ...]] | None = None,
    without: tuple[str, CheckResult] | None = None,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a function as the check of ``element_id`` for ``subject_type``.

    Args:
        element_id: The element implemented.
        subject_type: The subject type read.
        codes: Message codes returned besides ``pass`` and ``fail``.
        trigger: The function only decides whether a manual review is raised: it returns
            ``manual-review`` or one of ``codes``, never ``pass`` or ``fail``.
        needs: Codes of ``codes`` returned when an input is missing, each with the subject
            fields it needs (``{"no-password": ("password",)}``).
        without: A subject field and the result the check returns whenever the field is
            None (see :class:`CheckSpec`); its code must be one of ``codes``.
    """
    verdicts = {"manual-review"} if trigger else {"pass", "fail"}

    def decorate(function: CheckFunction) -> CheckFunction:
        key = (element_id, subject_type)
        if key in REGISTRY:  # a programming error
            raise RuntimeError(f"check {element_id} for {subject_type} registered twice")
        if needs and not set(needs) <= set(codes):  # a programming error
            raise RuntimeError(f"check {element_id}: needs names codes it does not declare")
        if without is not None and without[1].code not in codes:  # a programming error
            raise RuntimeError(f"check {element_id}: without names a code it does not declare")
        REGISTRY[key] = CheckSpec(
            element_id,
            subject_type,
            frozenset({*verdicts, *codes}),
            function,
            dict(needs or {}),
            without,
        )
        return function

    return decorate
