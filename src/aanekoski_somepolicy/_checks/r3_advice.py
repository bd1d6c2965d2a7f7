"""Rule 3: no individual customer advice in the city's name unless it is an agreed duty."""

from __future__ import annotations

import re
from enum import Enum

from .._findings import Outcome
from .._policy.catalog import SubjectType
from .._subjects import Advice, AdviceKind
from .._text import fold
from ._base import CheckContext, CheckResult, register

__all__ = ["DutyReading", "read_duties"]


class DutyReading(Enum):
    """What a person's duties say about one kind of advice."""

    COVERED = "covered"
    NOT_COVERED = "not-covered"
    UNCLEAR = "unclear"


# Word stems (on folded text) that name each kind of act as a duty, in Finnish, Swedish and
# English. A stem matches at the start of a word or as the tail of a compound
# (asiakas|neuvonta, palvelu|ohjaus). Finnish stems stop before the consonant gradation, so
# they cover the inflected forms: neuvonta, neuvonnan, neuvontaa; neuvominen, neuvomista.
_STEMS: dict[AdviceKind, tuple[str, ...]] = {
    AdviceKind.INDIVIDUAL_ADVICE: (
        "neuvonta",
        "neuvonna",
        "neuvomi",
        "neuvoja",
        "neuvonantaj",
        "radgivning",
        "radgivare",
        "advice",
        "advising",
        "adviser",
        "advisor",
    ),
    AdviceKind.CUSTOMER_GUIDANCE: (
        "asiakasohjau",
        "asiakasohjaa",
        "palveluohjau",
        "palveluohjaa",
        "kundhandledning",
        "kundvagledning",
        "servicehandledning",
    ),
    AdviceKind.CONSULTING: ("konsultoi", "konsultaati", "konsultti", "konsultation", "consult"),
}
# Guidance needs the customer: "ohjaus" alone is also a steering group (ohjausryhmä) or
# traffic control (liikenteenohjaus). A guidance word counts after a word about customers;
# alone, or in a compound with another head (opinto-ohjaus, nuoriso-ohjaaja), it is unclear.
_GUIDANCE = re.compile(
    r"^(\w*?)ohja(?:us|uksen|usta|ukseen|uksessa|uksesta|ukset|uksia|uksiin|aminen|amista"
    r"|amisen|amiseen|aja|ajan|ajana|ajat|ajia|a|aa|avat)$"
    r"|^()(?:handledning|vagledning|guidance|guiding)$"
)
# Compound heads of "-ohjaus" that are not guidance of people.
_NOT_PEOPLE_HEADS = ("liikentee", "liikenne", "kauko", "saato", "lento", "ohjelma", "prosessi")
_CUSTOMER_WORDS = ("asiak", "kund", "customer", "client", "resident", "asukka", "asukas")
# Words that mention advice without clearly naming the duty ("neuvoa", "råd").
_UNCLEAR_ADVICE = frozenset({"neuvo", "neuvot", "neuvoa", "neuvon", "rad", "advisory"})
# Negations that remove a duty within the clause: "ei asiakasneuvontaa", "ilman neuvontaa",
# "no customer advice", "ingen rådgivning", "neuvonta ei kuulu tehtäviin".
_NEGATIONS = frozenset(
    {
        "ei",
        "eika",
        "eivat",
        "en",
        "ilman",
        "paitsi",
        "lukuunottamatta",
        "no",
        "not",
        "without",
        "except",
        "excluding",
        "ingen",
        "inte",
        "ej",
        "utan",
        "utom",
    }
)
_CLAUSE = re.compile(r"[,;.:/()\n]|\s(?:mutta|but|men)\s")
_WORD = re.compile(r"\w+")
# Compound heads seen before a stem (asiakas|neuvonta) may be long; words are capped.
_WORD_MAX = 64


def _has_stem(word: str, stems: tuple[str, ...]) -> bool:
    return any(stem in word for stem in stems)


def _guidance(words: list[str]) -> tuple[bool, bool]:
    """(covered, unclear) for customer guidance from guidance words in a clause."""
    covered = unclear = False
    for index, word in enumerate(words):
        match = _GUIDANCE.match(word)
        if match is None:
            continue
        head = match.group(1) or ""
        if head.startswith(_NOT_PEOPLE_HEADS):
            continue
        if head.startswith(_CUSTOMER_WORDS) or _has_stem_in(words[:index], _CUSTOMER_WORDS):
            covered = True
        else:
            unclear = True
    return covered, unclear


def _clause_reading(words: list[str], kind: AdviceKind) -> DutyReading | None:
    """Read one clause; None when it does not mention the kind at all."""
    covered = _has_stem_in(words, _STEMS.get(kind, ()))
    unclear = False
    if kind is AdviceKind.CUSTOMER_GUIDANCE:
        guided, unclear = _guidance(words)
        covered = covered or guided
    elif kind is AdviceKind.INDIVIDUAL_ADVICE:
        unclear = any(word in _UNCLEAR_ADVICE for word in words)
    if not covered and not unclear:
        return None
    if any(word in _NEGATIONS for word in words):
        return DutyReading.NOT_COVERED
    return DutyReading.COVERED if covered else DutyReading.UNCLEAR


def _has_stem_in(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(_has_stem(word, stems) for word in words)


def read_duties(duties: tuple[str, ...], kind: AdviceKind) -> DutyReading:
    """Whether ``duties`` make ``kind`` an agreed duty, say it is not one, or are unclear.

    Each duty is split into clauses; a clause with a negation never covers the kind. A
    clause that mentions the field of the kind without clearly naming the act (``ohjaus``
    alone, ``guidance``) is unclear, and unclear duties need a person to read them.
    """
    readings = set()
    for duty in duties:
        for clause in _CLAUSE.split(fold(duty)):
            words = [word[:_WORD_MAX] for word in _WORD.findall(clause)]
            reading = _clause_reading(words, kind)
            if reading is not None:
                readings.add(reading)
    if DutyReading.COVERED in readings:
        return DutyReading.COVERED
    if DutyReading.UNCLEAR in readings:
        return DutyReading.UNCLEAR
    return DutyReading.NOT_COVERED


def no_individual_advice(advice: Advice, context: CheckContext) -> CheckResult:
    """Individual advice, guidance or consulting in the city's name needs an agreed duty."""
    facts = {"kind": advice.kind.value, "in_city_name": advice.in_city_name}
    if not advice.in_city_name:
        return CheckResult(Outcome.PASS, "own-name", facts)
    if advice.kind is AdviceKind.GENERAL_INFORMATION:
        return CheckResult(Outcome.PASS, "general-information", facts)
    reading = read_duties(advice.author.duties, advice.kind)
    if reading is DutyReading.COVERED:
        return CheckResult(Outcome.PASS, "agreed-duty", facts)
    if reading is DutyReading.UNCLEAR:
        return CheckResult(Outcome.MANUAL_REVIEW, "duties-unclear", facts)
    return CheckResult(Outcome.FAIL, "fail", facts)


# Registered by call, not by decorator: mutation testing (mutmut) skips decorated functions.
register(
    "R3.no-individual-advice-in-city-name",
    SubjectType.ADVICE,
    codes=("own-name", "general-information", "agreed-duty", "duties-unclear"),
)(no_individual_advice)
