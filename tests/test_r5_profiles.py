from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, Outcome
from aanekoski_somepolicy._checks.employer import find_city_employer

from .conftest import evaluate, finding, staff

# Phrases people write in profiles, and whether they name the City of Äänekoski as employer.
PHRASES: list[tuple[str, bool]] = [
    # Finnish, employer
    ("Töissä Äänekosken kaupungilla", True),
    ("Äänekosken kaupungin palveluksessa vuodesta 2019", True),
    ("Sosiaaliohjaaja, Äänekosken kaupunki", True),
    ("harjoittelija äänekosken kaupungille", True),
    ("AANEKOSKEN KAUPUNGIN tekninen toimi", True),
    ("Töissä kaupungilla Äänekoskella", True),
    ("Äänekosken-kaupunki", True),
    ("Äänekosken – kaupunki, kirjasto", True),
    ("ÄÄNEKOSKEN KAUPUNGILLA töissä", True),
    ("Työskentelen Äänekosken kaupungissa", True),
    ("Äänekosken kaupunginjohtaja", True),
    ("Äänekosken kaupunginkirjasto, kirjastovirkailija", True),
    ("Sairaanhoitaja @ Äänekosken kaupunki", True),
    ("Olen kaupungilla töissä Äänekoskella", True),
    ("Työnantaja: Äänekosken kaupunki", True),
    ("Äänekosken kaupungin sosiaalityöntekijä", True),
    ("Asun Jyväskylässä ja olen töissä Äänekosken kaupungilla", True),
    ("Äänekosken kaupungilta eläkkeelle jäänyt opettaja", True),
    ("Äänekoskella kaupungin palveluksessa", True),
    ("Jyväskylän kaupungilla ja nyt kaupungilla Äänekoskella", True),
    ("Olen kaupungilla töissä Äänekoskella asuen", True),
    ("Aluetyöntekijänä kaupungilla Äänekoskella", True),
    # Only the words before the mention can make it a place of living, not words after it.
    ("Työskentelen Äänekosken kaupungilla ja asun Suolahdessa", True),
    # Swedish, employer
    ("Äänekoski stad", True),
    ("Arbetar på Äänekoski stad", True),
    ("Anställd vid staden Äänekoski", True),
    ("Äänekoski stads socialarbetare", True),
    # English, employer
    ("City of Äänekoski", True),
    ("Planner at the City of Äänekoski", True),
    ("Äänekoski city youth worker", True),
    ("Working for Äänekoski city", True),
    ("Town of Äänekoski employee", True),
    # Finnish, not the employer
    ("Asun Äänekosken kaupungissa", False),
    ("Äänekosken kaupunginvaltuutettu", False),
    ("Äänekosken kaupunkilainen", False),
    ("Äänekosken kaupungin omistama Äänekosken Energia Oy", False),
    ("Asun Äänekoskella", False),
    ("Äänekoski on kaunis", False),
    ("Jyväskylän kaupunki", False),
    ("kaupunki", False),
    ("Äänekoskelainen", False),
    ("Töissä Jyväskylän kaupungilla, asun Äänekoskella", False),
    ("Jyväskylän kaupungilla töissä, kotona Äänekoskella", False),
    ("Jyväskylän kaupungilla töissä ja kotona Äänekoskella", False),
    ("Äänekosken kaupunginhallituksen jäsen", False),
    ("Äänekosken kaupunginvaltuuston puheenjohtaja", False),
    ("Äänekosken Energia Oy, asentaja", False),
    ("POKE, opettaja, Äänekoski", False),
    ("Syntynyt Äänekosken kaupungissa", False),
    ("Äänekosken kaupungin asukas", False),
    ("Asun Äänekosken kaupunginosassa Suolahdessa", False),
    ("Äänekosken kaupungin tytäryhtiö Äänekosken Kiinteistöt Oy", False),
    ("Äänekosken kaupunkikeskusta on kaunis", False),
    ("Rakastan Äänekosken kaupunkia!", False),
    # Swedish, not the employer
    ("Bor i Äänekoski stad", False),
    ("Ledamot av Äänekoski stadsfullmäktige", False),
    ("Äänekoski stads fullmäktige, ledamot", False),
    # English, not the employer
    ("Äänekoski City Council member", False),
    ("Äänekoski city councillor", False),
    ("Living in the City of Äänekoski", False),
    ("Resident of the City of Äänekoski", False),
    ("Born in Äänekoski", False),
    ("Company owned by the City of Äänekoski", False),
    ("Works at Jyväskylä city, lives in Äänekoski", False),
]


@pytest.mark.parametrize(("text", "employer"), PHRASES)
def test_city_as_employer_in_free_text(text: str, employer: bool) -> None:
    assert find_city_employer(None, (text,)) == (["free-text"] if employer else [])


def test_the_phrase_table_is_broad() -> None:
    assert len(PHRASES) >= 40
    assert sum(employer for _, employer in PHRASES) >= 20
    assert sum(not employer for _, employer in PHRASES) >= 20


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
