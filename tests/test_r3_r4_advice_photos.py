from __future__ import annotations

from typing import Any

import pytest

from aanekoski_somepolicy import Engine, Outcome

from .conftest import evaluate, finding, staff

R3 = "R3.no-individual-advice-in-city-name"


def advice(**fields: Any) -> dict[str, Any]:
    base = {
        "type": "advice",
        "id": "a1",
        "author": staff(),
        "given_on": "2026-11-02",
        "kind": "individual-advice",
        "in_city_name": True,
    }
    return {**base, **fields}


@pytest.mark.parametrize(
    ("kind", "duty"),
    [
        ("individual-advice", "Asiakasneuvonta (sosiaalityö)"),
        ("customer-guidance", "ASIAKASOHJAUS"),
        ("consulting", "IT consulting for schools"),
    ],
)
def test_agreed_duty_allows_advice_in_city_name(engine: Engine, kind: str, duty: str) -> None:
    result = finding(evaluate(engine, advice(kind=kind, author=staff(duties=[duty]))), R3)
    assert result.outcome is Outcome.PASS and result.code == "agreed-duty"


@pytest.mark.parametrize("kind", ["individual-advice", "customer-guidance", "consulting"])
def test_advice_in_city_name_without_the_duty_fails(engine: Engine, kind: str) -> None:
    result = finding(evaluate(engine, advice(kind=kind, author=staff(duties=["siivous"]))), R3)
    assert result.outcome is Outcome.FAIL and result.facts == {"kind": kind, "in_city_name": True}


@pytest.mark.parametrize(
    ("kind", "duty", "code"),
    [
        # Negated or other meanings: not an agreed duty.
        ("individual-advice", "ei asiakasneuvontaa", "fail"),
        ("individual-advice", "Asiakasneuvonta ei kuulu tehtäviin", "fail"),
        ("individual-advice", "kirjasto, ilman neuvontaa", "fail"),
        ("individual-advice", "no customer advice", "fail"),
        ("individual-advice", "ingen rådgivning", "fail"),
        ("individual-advice", "neuvottelujen valmistelu", "fail"),
        ("individual-advice", "kaupunginneuvoston sihteeri", "fail"),
        ("customer-guidance", "ohjausryhmän sihteeri", "fail"),
        ("customer-guidance", "liikenteenohjaus", "fail"),
        ("customer-guidance", "ei asiakasohjausta", "fail"),
        ("consulting", "ei konsultointia", "fail"),
        # Inflected and compound forms: an agreed duty.
        ("individual-advice", "neuvonnan esimies", "agreed-duty"),
        ("individual-advice", "asiakkaiden neuvominen", "agreed-duty"),
        ("individual-advice", "Palveluneuvoja", "agreed-duty"),
        ("individual-advice", "Rådgivning till kunder", "agreed-duty"),
        ("individual-advice", "customer advice", "agreed-duty"),
        ("individual-advice", "siivous; ei konsultointia, mutta neuvonta", "agreed-duty"),
        ("customer-guidance", "asiakkaiden ohjaus", "agreed-duty"),
        ("customer-guidance", "liikenteenohjaus ja asiakkaiden ohjaus", "agreed-duty"),
        ("customer-guidance", "Asiakasohjauksen koordinointi", "agreed-duty"),
        ("customer-guidance", "palveluohjaaja", "agreed-duty"),
        ("customer-guidance", "kundhandledning", "agreed-duty"),
        ("customer-guidance", "customer guidance", "agreed-duty"),
        ("consulting", "Konsultaatiot kouluille", "agreed-duty"),
        # Cannot be read with confidence: a person reads the duties.
        ("customer-guidance", "ohjaus", "duties-unclear"),
        ("customer-guidance", "opinto-ohjaus", "duties-unclear"),
        ("customer-guidance", "guidance", "duties-unclear"),
        ("individual-advice", "antaa neuvoa tarvittaessa", "duties-unclear"),
    ],
)
def test_duties_read_on_stems_with_negation(
    engine: Engine, kind: str, duty: str, code: str
) -> None:
    result = finding(evaluate(engine, advice(kind=kind, author=staff(duties=[duty]))), R3)
    assert result.code == code
    expected = {
        "fail": Outcome.FAIL,
        "agreed-duty": Outcome.PASS,
        "duties-unclear": Outcome.MANUAL_REVIEW,
    }[code]
    assert result.outcome is expected


def test_unclear_duties_are_worded_with_a_remedy(engine: Engine) -> None:
    decision = evaluate(engine, advice(kind="customer-guidance", author=staff(duties=["ohjaus"])))
    result = finding(decision, R3)
    assert "customer-guidance" in result.message.en and result.message.sv
    assert result.remedy is not None


def test_own_name_and_general_information_pass(engine: Engine) -> None:
    assert finding(evaluate(engine, advice(in_city_name=False)), R3).code == "own-name"
    assert (
        finding(evaluate(engine, advice(kind="general-information")), R3).code
        == "general-information"
    )


def test_advice_after_service_is_not_covered(engine: Engine) -> None:
    result = finding(evaluate(engine, advice(author=staff(end="2026-01-01"))), R3)
    assert result.outcome is Outcome.NOT_APPLICABLE and result.code == "service-ended"


def photo(*depicted: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "type": "photo",
        "id": "k1",
        "author": staff(),
        "published_on": "2026-11-02",
        "depicted": list(depicted),
        **fields,
    }


def test_every_identifiable_person_needs_permission(engine: Engine) -> None:
    decision = evaluate(
        engine,
        photo(
            {"ref": "d1", "publish_consent": True},
            {"ref": "d2", "publish_consent": False},
            {"ref": "d3"},
            {"ref": "d4", "identifiable": False},
        ),
    )
    result = finding(decision, "R4.photo-consent")
    assert result.outcome is Outcome.FAIL
    assert result.facts == {"missing": ["d2", "d3"], "checked": 3}
    assert "d2, d3" in result.message.en
    assert finding(decision, "R4.naming-consent").code == "no-names"


def test_naming_needs_a_separate_permission(engine: Engine) -> None:
    decision = evaluate(
        engine,
        photo(
            {"ref": "d1", "publish_consent": True, "named": True, "naming_consent": True},
            {"ref": "d2", "publish_consent": True, "named": True},
        ),
    )
    assert finding(decision, "R4.photo-consent").outcome is Outcome.PASS
    naming = finding(decision, "R4.naming-consent")
    assert naming.outcome is Outcome.FAIL and naming.facts["missing"] == ["d2"]


def test_a_name_makes_a_person_identifiable(engine: Engine) -> None:
    decision = evaluate(
        engine,
        photo(
            {"ref": "d1", "identifiable": False, "named": True, "naming_consent": True},
            {"ref": "d2", "identifiable": False, "named": True, "publish_consent": True},
            {"ref": "d3", "identifiable": False},
        ),
    )
    result = finding(decision, "R4.photo-consent")
    assert result.outcome is Outcome.FAIL
    assert result.facts == {"missing": ["d1"], "checked": 2}


def test_photo_without_people(engine: Engine) -> None:
    decision = evaluate(engine, photo({"ref": "crowd", "identifiable": False}))
    assert finding(decision, "R4.photo-consent").code == "no-people"
    assert decision.allowed


def test_findings_name_people_by_ref_only(engine: Engine) -> None:
    decision = evaluate(engine, photo({"ref": "d-17"}))
    assert finding(decision, "R4.photo-consent").facts["missing"] == ["d-17"]
