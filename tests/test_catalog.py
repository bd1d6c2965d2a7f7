from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from aanekoski_somepolicy import (
    ElementKind,
    Engine,
    Policy,
    PolicyError,
    SubjectType,
    load_policy,
    parse_policy,
)

from .conftest import R9_CHECKS, R9_HASH_CHECKS


def _raw() -> dict[str, Any]:
    text = (
        resources.files("aanekoski_somepolicy")
        .joinpath("data")
        .joinpath("policy.toml")
        .read_text("utf-8")
    )
    return tomllib.loads(text)


def test_ten_rules_in_the_guidelines_own_numbering(policy: Policy) -> None:
    assert [rule.id for rule in policy.rules] == [f"R{n}" for n in range(1, 11)]
    assert [rule.number for rule in policy.rules] == list(range(1, 11))


def test_every_rule_has_elements_of_exactly_two_kinds(policy: Policy) -> None:
    for rule in policy.rules:
        assert rule.elements, rule.id
        for element in rule.elements:
            assert element.kind in (ElementKind.CHECK, ElementKind.MANUAL_REVIEW)
            assert element.id.startswith(rule.id + ".")
            if element.kind is ElementKind.MANUAL_REVIEW:
                assert element.reason is not None and element.reason.fi and element.reason.en
            else:
                assert {"pass", "fail"} <= set(element.messages)


def test_element_ids_are_unique(policy: Policy) -> None:
    ids = [element.id for element in policy.elements()]
    assert len(ids) == len(set(ids))


def test_every_check_element_has_an_implementation(policy: Policy) -> None:
    from aanekoski_somepolicy._engine import implementation_problems

    assert implementation_problems(policy) == []
    Engine(policy)


def test_named_ids_from_the_issue_exist(policy: Policy) -> None:
    assert policy.element("R9.leisure-email-not-city-domain").kind is ElementKind.CHECK
    assert policy.element("R6.loyalty-manual-review").kind is ElementKind.MANUAL_REVIEW


def test_metadata_approvals_contact_and_scope(policy: Policy) -> None:
    meta = policy.metadata
    assert meta.binding is True
    assert [(a.body.fi, a.date) for a in meta.approvals] == [
        ("Yhteistyötoimikunta", date(2015, 9, 8)),
        ("Johtoryhmä", date(2015, 10, 7)),
        ("Kaupunginjohtajan päätös", date(2015, 10, 20)),
    ]
    assert meta.approvals[2].reference == "§ 20"
    assert meta.contact.role == "hallintojohtaja"
    assert meta.organisation.fi == "Äänekosken kaupunki"
    assert policy.rule("r9").title.fi == "Tietoturva"
    assert policy.rule("R2").survives_service is True
    assert [rule.id for rule in policy.rules if rule.survives_service] == ["R2"]


def test_finnish_and_english_everywhere(policy: Policy) -> None:
    for rule in policy.rules:
        for text in (rule.title, rule.statement):
            assert text.fi.strip() and text.en.strip()
        for element in rule.elements:
            assert element.summary.fi and element.summary.en
            assert element.remedy.fi and element.remedy.en
            for message in element.messages.values():
                assert message.fi and message.en


def test_r9_checks_cover_the_three_sharp_points(policy: Policy) -> None:
    checks = [e.id for e in policy.rule("R9").elements if e.kind is ElementKind.CHECK]
    registration = [c for c in checks if c not in R9_HASH_CHECKS]
    assert registration == list(R9_CHECKS)
    for element_id in registration:
        assert policy.element(element_id).subjects == [SubjectType.ACCOUNT_REGISTRATION]
    # The password-hash audit's checks judge directory accounts only.
    assert [c for c in checks if c in R9_HASH_CHECKS] == list(R9_HASH_CHECKS)
    for element_id in R9_HASH_CHECKS:
        assert policy.element(element_id).subjects == [SubjectType.DIRECTORY_ACCOUNT]


def test_lookup_errors(policy: Policy) -> None:
    with pytest.raises(KeyError):
        policy.rule("R11")
    with pytest.raises(KeyError):
        policy.element("R9.nope")


def test_bad_policy_reports_every_problem_with_its_path() -> None:
    data = _raw()
    data["metadata"]["surprise"] = 1  # unknown key
    data["rules"][1]["elements"][0]["id"] = data["rules"][1]["elements"][1]["id"]  # duplicate id
    data["metadata"]["binding"] = "maybe"  # wrong type
    del data["rules"][0]["title"]["fi"]  # missing Finnish text
    with pytest.raises(PolicyError) as caught:
        parse_policy(data, source="bad.toml")
    locations = {problem.location for problem in caught.value.problems}
    assert "metadata.surprise" in locations
    assert "metadata.binding" in locations
    assert "rules[0].title.fi" in locations
    assert "rules[1].elements[1].id" in locations
    message = str(caught.value)
    assert message.startswith("bad.toml: the policy document is invalid")
    assert "duplicate element id 'R2.separate-work-and-private-role'" in message
    assert "unknown field" in message


def test_element_under_wrong_rule_and_manual_without_reason() -> None:
    data = _raw()
    data["rules"][0]["elements"][0]["id"] = "R5.stray"
    del data["rules"][5]["elements"][0]["reason"]
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    text = str(caught.value)
    assert "filed under rule 'R1'" in text
    assert "needs a reason" in text


def test_a_placeholder_misspelt_in_one_language_is_refused() -> None:
    """A maintainer's typo ({minimun}) would be printed as it is to every Finnish user."""
    data = _raw()
    r9 = next(rule for rule in data["rules"] if rule["id"] == "R9")
    element = next(e for e in r9["elements"] if e["id"] == "R9.password-min-length")
    element["messages"]["pass"]["fi"] = element["messages"]["pass"]["fi"].replace(
        "{minimum}", "{minimun}"
    )
    with pytest.raises(PolicyError) as caught:
        parse_policy(data, source="typo.toml")
    text = str(caught.value)
    assert "messages.pass" in text and "minimun" in text, text


def test_load_policy_from_file_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "p.toml"
    good.write_text(
        resources.files("aanekoski_somepolicy")
        .joinpath("data")
        .joinpath("policy.toml")
        .read_text("utf-8"),
        encoding="utf-8",
    )
    assert load_policy(good).metadata.id == "aanekoski-some-ohje"
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = [", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"broken.toml: not valid TOML"):
        load_policy(broken)
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.toml")


def test_the_registry_holds_each_checks_codes_and_needs() -> None:
    from aanekoski_somepolicy._checks import REGISTRY
    from aanekoski_somepolicy._checks.r6_loyalty import loyalty_review

    plain = REGISTRY[("R1.treat-shared-as-public", SubjectType.PUBLICATION)]
    assert plain.element_id == "R1.treat-shared-as-public"
    assert plain.subject_type is SubjectType.PUBLICATION
    assert plain.codes == {"pass", "fail"}
    assert not plain.needs
    trigger = REGISTRY[("R6.loyalty-manual-review", SubjectType.PUBLICATION)]
    assert trigger.codes == {"manual-review", "not-flagged"}
    assert trigger.run is loyalty_review
    breached = REGISTRY[("R9.password-not-breached", SubjectType.ACCOUNT_REGISTRATION)]
    assert breached.codes == {"pass", "fail", "no-password", "not-configured"}
    assert breached.needs == {"no-password": ("password",), "not-configured": ("breach_corpus",)}


def test_a_wrong_registration_names_the_check() -> None:
    from aanekoski_somepolicy._checks._base import REGISTRY, register
    from aanekoski_somepolicy._checks.r6_loyalty import loyalty_review

    with pytest.raises(RuntimeError, match=r"^check R6.loyalty-manual-review for .+ twice$"):
        register("R6.loyalty-manual-review", SubjectType.PUBLICATION)(loyalty_review)
    with pytest.raises(RuntimeError, match=r"^check R0.new: needs names codes it does not declare"):
        register("R0.new", SubjectType.PUBLICATION, codes=("a",), needs={"b": ("x",)})(
            loyalty_review
        )
    assert ("R0.new", SubjectType.PUBLICATION) not in REGISTRY
    assert REGISTRY[("R6.loyalty-manual-review", SubjectType.PUBLICATION)].run is loyalty_review
