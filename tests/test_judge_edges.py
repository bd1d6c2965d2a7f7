"""Edges of the password judge that mutation testing showed unpinned (``_passwords/judge.py``)."""

from __future__ import annotations

import dataclasses

import pytest

from aanekoski_somepolicy import Policy
from aanekoski_somepolicy._passwords import index
from aanekoski_somepolicy._passwords import judge as judge_module
from aanekoski_somepolicy._passwords.attack import AttackEstimate
from aanekoski_somepolicy._passwords.context import ContextAssessment, ContextCategory
from aanekoski_somepolicy._passwords.judge import (
    PasswordJudge,
    PasswordVerdict,
    judge_for,
    personal_tokens,
    verdict_sharing,
    with_thresholds,
)
from aanekoski_somepolicy._policy.catalog import PASSWORD_THRESHOLDS
from aanekoski_somepolicy._text import nfkc


@pytest.fixture(scope="module")
def judge(policy: Policy) -> PasswordJudge:
    return judge_for(policy.parameters.password)


@pytest.fixture(scope="module")
def verdict(judge: PasswordJudge) -> PasswordVerdict:
    # A verdict to vary: every criterion is then set by hand.
    return judge.judge("vihreä kivi juoksee nopeasti", mfa=False)


def test_attack_ok_at_and_below_the_threshold(verdict: PasswordVerdict) -> None:
    def attack(log10: float | None) -> PasswordVerdict:
        estimate = None if log10 is None else AttackEstimate(log10, ContextCategory.PLACE)
        return dataclasses.replace(verdict, attack=estimate, attack_min_guesses_log10=8.0)

    assert attack(None).attack_ok
    assert attack(8.0).attack_ok
    assert not attack(7.99).attack_ok
    # A failed attack fails the context criterion and names its category ...
    assert not attack(7.99).context_ok
    assert ContextCategory.PLACE in attack(7.99).context_categories
    # ... a passed one does neither.
    assert ContextCategory.PLACE not in attack(8.0).context_categories


def test_context_ok_at_and_below_the_points_required(verdict: PasswordVerdict) -> None:
    def context(points: int, terms: int) -> PasswordVerdict:
        found = (ContextCategory.CALENDAR,) if terms else ()
        return dataclasses.replace(
            verdict,
            context=ContextAssessment(points=points, categories=found, terms=terms),
            context_min_points=5,
            attack=None,
        )

    assert context(5, 1).context_ok
    assert not context(4, 1).context_ok
    # Without any context term, few points are no finding (a short random password).
    assert context(1, 0).context_ok
    assert context(4, 1).context_categories == (ContextCategory.CALENDAR,)


def test_score_ok_at_and_below_the_minimum(verdict: PasswordVerdict) -> None:
    def scored(score: int) -> PasswordVerdict:
        estimate = dataclasses.replace(verdict.estimate, score=score)
        return dataclasses.replace(verdict, estimate=estimate, min_score=3)

    assert scored(3).score_ok
    assert scored(4).score_ok
    assert not scored(2).score_ok


def test_one_judge_is_shared_per_parameter_set(policy: Policy) -> None:
    params = policy.parameters.password
    assert judge_for(params) is judge_for(params.model_copy())
    other = params.model_copy(update={"min_length": params.min_length + 1})
    assert judge_for(other) is not judge_for(params)
    assert judge_for(other) is judge_for(other)


def test_judges_load_the_index_whole_unless_told_otherwise(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = policy.parameters.password
    assert not isinstance(PasswordJudge(params)._estimator._ranked, index.MappedTable)
    assert isinstance(PasswordJudge(params, mapped=True)._estimator._ranked, index.MappedTable)
    monkeypatch.setattr(judge_module, "_JUDGES", {})
    monkeypatch.setattr(judge_module, "_MAPPED", False)
    judge_module.judge_one_at_a_time()
    assert judge_module._MAPPED is True
    assert isinstance(judge_for(params)._estimator._ranked, index.MappedTable)


def test_a_change_of_every_threshold_and_the_banned_terms_is_rejudged(policy: Policy) -> None:
    params = policy.parameters.password
    changed = {
        "min_length": params.min_length + 1,
        "min_length_with_mfa": params.min_length_with_mfa + 1,
        "min_zxcvbn_score": params.min_zxcvbn_score - 1,
        "context_min_points": params.context_min_points + 1,
        "rule_attack_min_guesses_log10": params.rule_attack_min_guesses_log10 + 1,
        "banned_terms": ["kivi"],
    }
    assert set(changed) == PASSWORD_THRESHOLDS | {"banned_terms"}
    assert verdict_sharing(params, params.model_copy(update=changed)) == "rejudge"


@pytest.mark.parametrize("mfa", [False, True])
def test_a_rejudged_password_of_exactly_the_new_length_is_long_enough(
    policy: Policy, mfa: bool
) -> None:
    params = policy.parameters.password
    longer = params.model_copy(update={"min_length": 20, "min_length_with_mfa": 14})
    minimum = 14 if mfa else 20
    for password, ok in (("q" * minimum, True), ("q" * (minimum - 1), False)):
        verdict = judge_for(params).judge(password, mfa=mfa)
        rejudged = with_thresholds(verdict, longer, password=password, mfa=mfa)
        assert (rejudged.min_length, rejudged.length_ok) == (minimum, ok)
        assert judge_for(longer).judge(password, mfa=mfa).length_ok is ok


def test_banned_terms_are_found_inside_in_either_form(policy: Policy) -> None:
    params = policy.parameters.password.model_copy(update={"banned_terms": ["Äänekoski"]})
    judge = PasswordJudge(params)
    for password in ("minunÄÄNEKOSKIni", "zqÄänekoskivx", "zqaanekoskivx", "ZQ44NEKOSKIvx"):
        assert judge.judge(password, mfa=False).blocklist == "banned-term", password
    assert judge.judge("zqäänekosvx", mfa=False).blocklist is None


@pytest.mark.parametrize(
    ("password", "personal"),
    [("salasana½", []), ("salasana™", []), ("Zyxwoqwomble½", ["zyxwoqwomble"])],
)
def test_the_password_as_typed_counts_when_it_is_weaker_than_its_nfkc_form(
    judge: PasswordJudge, password: str, personal: list[str]
) -> None:
    # NFKC spells "½" as "1⁄2" and "™" as "TM": more characters for the attacker to guess
    # than the one typed. The person's tokens count for the form as typed as well.
    estimator = judge._estimator
    as_typed = estimator.estimate(password, personal)
    assert as_typed.guesses < estimator.estimate(nfkc(password), personal).guesses
    assert judge.judge(password, mfa=False, personal=personal).estimate == as_typed


def test_the_breach_count_is_carried_into_the_verdict(judge: PasswordJudge) -> None:
    assert judge.judge("vihreä kivi", mfa=False, breach_count=3).breach_count == 3
    assert judge.judge("vihreä kivi", mfa=False, breach_count=0).breach_count == 0
    assert judge.judge("vihreä kivi", mfa=False).breach_count is None


def test_personal_tokens_skip_empty_values_and_repeat_no_token() -> None:
    assert personal_tokens([None, "", "Matti", "MATTI", "matti"], min_length=3) == ["matti"]
    assert personal_tokens(["Matti", None, "Mäki"], min_length=3) == ["matti", "mäki", "maki"]
