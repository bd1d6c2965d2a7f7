from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, Outcome
from aanekoski_somepolicy._checks.employer import find_city_employer

from .conftest import evaluate, finding, staff


@pytest.mark.parametrize(
    "text",
    [
        "Töissä Äänekosken kaupungilla",
        "Äänekosken kaupungin palveluksessa vuodesta 2019",
        "Sosiaaliohjaaja, Äänekosken kaupunki",
        "harjoittelija äänekosken kaupungille",
        "AANEKOSKEN KAUPUNGIN tekninen toimi",
        "Arbetar på Äänekoski stad",
        "Planner at the City of Äänekoski",
        "Äänekoski city youth worker",
    ],
)
def test_city_named_in_free_text(text: str) -> None:
    assert find_city_employer(None, (text,)) == ["free-text"]


@pytest.mark.parametrize(
    "text", ["Asun Äänekoskella", "Äänekoski on kaunis", "Jyväskylän kaupunki", "kaupunki"]
)
def test_place_or_other_city_is_not_the_employer(text: str) -> None:
    assert find_city_employer(None, (text,)) == []


@pytest.mark.parametrize(
    "employer", ["Äänekoski", "Äänekosken kaupunki", "City of Äänekoski", "aanekosken"]
)
def test_structured_employer_field(employer: str) -> None:
    assert find_city_employer(employer, ()) == ["employer-field"]


def profile(**fields: Any) -> dict[str, Any]:
    return {"type": "profile", "id": "pr1", "owner": staff(), "service": "LinkedIn", **fields}


def test_representative_obligations_attach(engine: Engine) -> None:
    decision = evaluate(
        engine, profile(employer="Äänekosken kaupunki", texts=["Töissä Äänekosken kaupungilla"])
    )
    detected = finding(decision, "R5.employer-in-profile-representative")
    assert detected.code == "representative"
    assert detected.facts["found_in"] == ["employer-field", "free-text"]
    assert detected.facts["obligations"] == [
        "R5.behave-as-representative",
        "R6.loyalty-manual-review",
    ]
    assert finding(decision, "R5.behave-as-representative").outcome is Outcome.MANUAL_REVIEW


def test_profile_without_the_city(engine: Engine) -> None:
    decision = evaluate(engine, profile(employer="Valmet", texts=["Asun Äänekoskella"]))
    assert finding(decision, "R5.employer-in-profile-representative").code == "pass"
    assert finding(decision, "R5.behave-as-representative").code == "not-representative"


def test_over_long_profile_text_is_rejected() -> None:
    from aanekoski_somepolicy import InputTooLargeError, parse_subject

    with pytest.raises(InputTooLargeError):
        parse_subject(profile(texts=["x" * 5000]))
