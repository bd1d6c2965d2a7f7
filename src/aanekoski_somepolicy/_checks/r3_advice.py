"""Rule 3: no individual customer advice in the city's name unless it is an agreed duty."""

from __future__ import annotations

from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import Advice, AdviceKind
from .._text import fold
from ._base import CheckContext, CheckResult, register

# How HR records spell the duty that makes each kind of act legitimate.
_DUTY_WORDS: dict[AdviceKind, tuple[str, ...]] = {
    AdviceKind.INDIVIDUAL_ADVICE: (
        "asiakasneuvonta",
        "neuvonta",
        "customer advice",
        "individual-advice",
    ),
    AdviceKind.CUSTOMER_GUIDANCE: (
        "asiakasohjaus",
        "ohjaus",
        "customer guidance",
        "customer-guidance",
    ),
    AdviceKind.CONSULTING: ("konsultointi", "consulting"),
}


def duty_covers(duties: tuple[str, ...], kind: AdviceKind) -> bool:
    """Whether any of ``duties`` names the kind of act (folded substring match)."""
    words = [fold(word) for word in _DUTY_WORDS.get(kind, ())]
    return any(word in fold(duty) for duty in duties for word in words)


@register(
    "R3.no-individual-advice-in-city-name",
    SubjectType.ADVICE,
    codes=("own-name", "general-information", "agreed-duty"),
)
def no_individual_advice(advice: Advice, context: CheckContext) -> CheckResult:
    """Individual advice, guidance or consulting in the city's name needs an agreed duty."""
    facts = {"kind": advice.kind.value, "in_city_name": advice.in_city_name}
    if not advice.in_city_name:
        return CheckResult(Outcome.PASS, "own-name", facts)
    if advice.kind is AdviceKind.GENERAL_INFORMATION:
        return CheckResult(Outcome.PASS, "general-information", facts)
    if duty_covers(advice.author.duties, advice.kind):
        return CheckResult(Outcome.PASS, "agreed-duty", facts)
    return CheckResult(Outcome.FAIL, "fail", facts)
