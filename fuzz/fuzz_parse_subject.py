"""Fuzz target: ``parse_subject`` and the evaluation of whatever it accepts.

Run: ``python fuzz/fuzz_parse_subject.py -max_total_time=60 fuzz/corpus/parse_subject``

Input bytes that are a JSON object are used as they are. Other bytes drive a structured
generator: a subject type, then for each of its fields a value of any JSON kind, often a
valid one (enum values, roles, dates, time stamps with offsets, duty and profile phrases),
so that most inputs reach the checks instead of stopping at the JSON parser.
:func:`parse_subject` may only answer with a subject or an :class:`InvalidSubjectError`; a
subject is then evaluated by every check (the password is left out: the password judge has
its own target). Any other exception is a crash.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports():
    from aanekoski_somepolicy import Engine, InvalidSubjectError, parse_subject
    from aanekoski_somepolicy._subjects import SUBJECT_MODELS

ENGINE = Engine()
ON = date(2026, 11, 24)
TYPES = sorted(subject_type.value for subject_type in SUBJECT_MODELS)
FIELDS = {
    subject_type.value: sorted(set(model.model_fields) - {"password"})
    for subject_type, model in SUBJECT_MODELS.items()
}
PERSON_FIELDS = FIELDS["person"]
NESTED_PERSON = {"author", "person", "owner", "created_by"}
WORDS = (
    "leisure",
    "work",
    "vapaa-aika",
    "public",
    "followers",
    "friends",
    "closed-group",
    "private-message",
    "internal",
    "confidential",
    "secret",
    "individual-advice",
    "customer-guidance",
    "consulting",
    "general-information",
    "commented",
    "reported",
    "commented-and-reported",
    "nothing",
    "työntekijä",
    "viranhaltija",
    "harjoittelija",
    "luottamushenkilö",
    "kuntouttava työtoiminta",
    "contractor",
    "h100",
    "H100",
    "ｈ１００",
    "ei asiakasneuvontaa",
    "asiakkaiden ohjaus",
    "ohjausryhmän sihteeri",
    "neuvonnan esimies",
    "Töissä kaupungilla Äänekoskella",
    "Äänekosken kaupunginvaltuutettu",
    "Äänekosken-kaupunki",
    "Äänekoski City Council member",
    "staden Äänekoski",
    "matti@aanekoski.fi",
    '"matti"@aanekoski.fi',
    "AANEKOSKI\\matti",
    "mаtti",
    "matti\u200b",
    "kİssa",
    "2026-11-23",
    "2026-11-24",
    "2030-01-01",
    "2020-01-01",
    "2026-11-23T06:30Z",
    "2026-11-24T00:30+14:00",
    "2026-11-23T15:59:30",
    "2026-10-25T03:30",
    "22:00",
    "06:00",
)


def _value(fuzz: Any, depth: int) -> Any:
    kind = fuzz.ConsumeIntInRange(0, 10)
    if kind == 0:
        return None
    if kind == 1:
        return fuzz.ConsumeBool()
    if kind == 2:
        return fuzz.ConsumeIntInRange(-3, 10**6)
    if kind in (3, 4, 5):
        return WORDS[fuzz.ConsumeIntInRange(0, len(WORDS) - 1)]
    if kind == 6:
        return fuzz.ConsumeUnicodeNoSurrogates(fuzz.ConsumeIntInRange(0, 60))
    if kind == 7:
        day = date.fromordinal(date(2019, 1, 1).toordinal() + fuzz.ConsumeIntInRange(0, 4000))
        return day.isoformat()
    if kind == 8 and depth < 3:
        return [_value(fuzz, depth + 1) for _ in range(fuzz.ConsumeIntInRange(0, 4))]
    if kind == 9 and depth < 3:
        return _person(fuzz, depth + 1)
    if kind == 10 and depth < 3:
        return {
            "start": _value(fuzz, depth + 1),
            "end": _value(fuzz, depth + 1),
            "weekdays": [fuzz.ConsumeIntInRange(0, 8) for _ in range(fuzz.ConsumeIntInRange(0, 7))],
        }
    return fuzz.ConsumeUnicodeNoSurrogates(8)


def _person(fuzz: Any, depth: int) -> dict[str, Any]:
    person: dict[str, Any] = {"id": "h1", "role": "työntekijä"}
    for name in PERSON_FIELDS:
        if fuzz.ConsumeBool():
            person[name] = _value(fuzz, depth + 1)
    return person


def _templates() -> dict[str, dict[str, Any]]:
    """One valid subject per type, from the seed corpus."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((Path(__file__).parent / "corpus" / "parse_subject").glob("*.json")):
        value = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault(value.get("type", "account-registration"), value)
    return found


TEMPLATES = _templates()


def _generated(data: bytes) -> dict[str, Any]:
    fuzz = atheris.FuzzedDataProvider(data)
    subject_type = TYPES[fuzz.ConsumeIntInRange(0, len(TYPES) - 1)]
    # A valid subject of the type, with some fields replaced: most inputs reach the checks.
    value: dict[str, Any] = {**TEMPLATES.get(subject_type, {}), "type": subject_type}
    for name in FIELDS[subject_type]:
        if fuzz.ConsumeIntInRange(0, 3):
            continue
        if name in NESTED_PERSON:
            value[name] = _person(fuzz, 1)
        elif name == "responsible_persons":
            value[name] = [_person(fuzz, 1) for _ in range(fuzz.ConsumeIntInRange(0, 3))]
        elif name == "depicted":
            value[name] = [
                {
                    "ref": f"d{index}",
                    "identifiable": fuzz.ConsumeBool(),
                    "named": fuzz.ConsumeBool(),
                    "publish_consent": _value(fuzz, 3),
                    "naming_consent": _value(fuzz, 3),
                }
                for index in range(fuzz.ConsumeIntInRange(0, 3))
            ]
        else:
            value[name] = _value(fuzz, 1)
    return value


def test_one_input(data: bytes) -> None:
    """Parse and evaluate one input."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        value = _generated(data)
    if not isinstance(value, dict):
        value = _generated(data)
    value.pop("password", None)
    try:
        subject = parse_subject(value)
    except InvalidSubjectError:
        return
    ENGINE.evaluate(subject, on=ON)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
