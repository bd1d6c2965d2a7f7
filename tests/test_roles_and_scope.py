from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy import (
    BindingReason,
    Policy,
    Role,
    UnknownRoleError,
    parse_role,
    resolve_scope,
)
from aanekoski_somepolicy._policy.roles import ROLE_NAMES, role_key

BOUND = {
    Role.VIRANHALTIJA,
    Role.TYONTEKIJA,
    Role.HARJOITTELIJA,
    Role.TYOSSAOPPIJA,
    Role.SIVIILIPALVELUSVELVOLLINEN,
    Role.KUNTOUTTAVA_TYOTOIMINTA,
    Role.MUU_HARJOITTELIJA,
}
ON = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("spelling", "role"),
    [
        ("viranhaltija", Role.VIRANHALTIJA),
        ("Official", Role.VIRANHALTIJA),
        ("VIRANHALTIJAT", Role.VIRANHALTIJA),
        ("työntekijä", Role.TYONTEKIJA),
        ("tyontekija", Role.TYONTEKIJA),
        ("Employee", Role.TYONTEKIJA),
        ("harjoittelija", Role.HARJOITTELIJA),
        ("intern", Role.HARJOITTELIJA),
        ("Työssäoppija", Role.TYOSSAOPPIJA),
        ("siviilipalvelusmies", Role.SIVIILIPALVELUSVELVOLLINEN),
        ("siviilipalvelusvelvollinen", Role.SIVIILIPALVELUSVELVOLLINEN),
        ("sivari", Role.SIVIILIPALVELUSVELVOLLINEN),
        ("kuntouttava työtoiminta", Role.KUNTOUTTAVA_TYOTOIMINTA),
        ("Kuntouttavassa työtoiminnassa oleva", Role.KUNTOUTTAVA_TYOTOIMINTA),
        ("kuntouttavassa_tyotoiminnassa_oleva", Role.KUNTOUTTAVA_TYOTOIMINTA),
        ("rehabilitative work activity", Role.KUNTOUTTAVA_TYOTOIMINTA),
        ("other trainee", Role.MUU_HARJOITTELIJA),
        ("yms.", Role.MUU_HARJOITTELIJA),
        ("luottamushenkilö", Role.LUOTTAMUSHENKILO),
        ("elected official", Role.LUOTTAMUSHENKILO),
        ("city-owned company staff", Role.KAUPUNGIN_YHTIO),
        ("contractor", Role.ULKOPUOLINEN_TOIMITTAJA),
        ("resident", Role.ASUKAS),
        ("  Viran-Haltija ", None),
    ],
)
def test_role_spellings(spelling: str, role: Role | None) -> None:
    if role is None:
        with pytest.raises(UnknownRoleError):
            parse_role(spelling)
    else:
        assert parse_role(spelling) is role


def test_unknown_role_lists_accepted_roles() -> None:
    with pytest.raises(UnknownRoleError) as caught:
        parse_role("kuningas")
    text = str(caught.value)
    assert "kuningas" in text
    for role in Role:
        assert role.value in text


@given(st.sampled_from(list(Role)), st.sampled_from([str.upper, str.lower, str.title]))
def test_role_names_parse_in_any_case(role: Role, case: object) -> None:
    for name in ROLE_NAMES[role]:
        assert parse_role(case(name)) is role  # type: ignore[operator]


@given(st.text(max_size=60))
def test_role_key_is_idempotent_and_never_crashes(text: str) -> None:
    key = role_key(text)
    assert role_key(key) == key
    try:
        parse_role(text)
    except UnknownRoleError as error:
        assert error.problems[0].location == "role"


@pytest.mark.parametrize("role", list(Role))
def test_scope_per_role(policy: Policy, role: Role) -> None:
    result = resolve_scope(policy, role, on=ON)
    if role in BOUND:
        assert result.bound_rules == [f"R{n}" for n in range(1, 11)]
        assert {b.reason for b in result.bindings} == {BindingReason.IN_SCOPE}
    else:
        assert result.bound_rules == []
        assert {b.reason for b in result.bindings} == {BindingReason.ROLE_OUT_OF_SCOPE}


def test_policy_scope_matches_the_guideline(policy: Policy) -> None:
    assert set(policy.scope.bound_roles) == BOUND


@pytest.mark.parametrize("role", sorted(BOUND))
def test_ended_service_binds_only_confidentiality(policy: Policy, role: Role) -> None:
    result = resolve_scope(policy, role, on=ON, end=date(2026, 11, 23))
    assert result.bound_rules == ["R2"]
    assert result.binding("R2").reason is BindingReason.SURVIVES_SERVICE
    assert result.binding("R9").reason is BindingReason.SERVICE_ENDED


def test_last_day_of_service_still_binds_everything(policy: Policy) -> None:
    result = resolve_scope(policy, Role.TYONTEKIJA, on=ON, end=ON)
    assert len(result.bound_rules) == 10


def test_before_start_nothing_binds(policy: Policy) -> None:
    result = resolve_scope(policy, Role.HARJOITTELIJA, on=ON, start=date(2026, 11, 25))
    assert result.bound_rules == []
    assert result.binding("R1").reason is BindingReason.NOT_STARTED
    on_start = resolve_scope(policy, Role.HARJOITTELIJA, on=ON, start=ON)
    assert len(on_start.bound_rules) == 10


def test_out_of_scope_after_service_is_still_out(policy: Policy) -> None:
    result = resolve_scope(policy, Role.LUOTTAMUSHENKILO, on=ON, end=date(2020, 1, 1))
    assert result.bound_rules == []


def test_unknown_role_is_assumed_bound(policy: Policy) -> None:
    result = resolve_scope(policy, None, on=ON)
    assert len(result.bound_rules) == 10
    assert result.binding("R3").reason is BindingReason.ROLE_NOT_GIVEN


def test_rehabilitative_work_is_bound_without_employment(policy: Policy) -> None:
    # Kuntouttava työtoiminta is no employment relationship, yet the guideline binds it.
    assert resolve_scope(policy, parse_role("kuntouttava työtoiminta"), on=ON).binds("R6")
