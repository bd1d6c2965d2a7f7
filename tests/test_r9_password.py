from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from aanekoski_somepolicy import (
    AccountRegistration,
    Decision,
    Engine,
    InputTooLargeError,
    Outcome,
    Policy,
    default_policy,
    parse_subject,
)
from aanekoski_somepolicy._passwords.judge import PasswordJudge, judge_for, personal_tokens

from .conftest import TODAY, finding, registration

STRONG = "vihreä kivi juoksee nopeasti"


def failed(decision: Decision, prefix: str = "R9.password-") -> set[str]:
    return {f.check for f in decision.failures() if f.check.startswith(prefix)}


@pytest.fixture(scope="module")
def judge(policy: Policy) -> PasswordJudge:
    return judge_for(policy.parameters.password)


def test_strong_passphrase_passes_every_check(engine: Engine) -> None:
    decision = engine.evaluate(registration(password=STRONG), on=TODAY)
    assert failed(decision) == set()
    assert finding(decision, "R9.password-strength-score").facts["score"] >= 3


@pytest.mark.parametrize(
    ("password", "mfa", "ok"),
    [
        ("a" * 14 + "Ö", False, True),
        ("lyhyt-salasana", False, False),
        ("abcdefgh", True, True),
        ("abcdefg", True, False),
    ],
)
def test_length_depends_on_mfa(judge: PasswordJudge, password: str, mfa: bool, ok: bool) -> None:
    assert judge.judge(password, mfa=mfa).length_ok is ok


def test_length_counts_code_points_after_nfkc(judge: PasswordJudge) -> None:
    # 15 decomposed characters (a + combining diaeresis) compose to 15 code points: ok.
    assert judge.judge("a\u0308" * 15, mfa=False).length_ok
    # The NFKC ligature "ﬁ" is two code points.
    assert judge.judge("ﬁ" * 8, mfa=False).length_ok
    assert not judge.judge("ﬁ" * 7, mfa=False).length_ok


def test_no_composition_rules(engine: Engine) -> None:
    # Lower-case letters and spaces only: never asked for digits or symbols.
    decision = engine.evaluate(registration(password="kaunis hauki ui syvässä järvessä"), on=TODAY)
    assert failed(decision) == set()


@pytest.mark.parametrize(
    ("password", "listed"),
    [
        ("salasana", "finnish"),
        ("Salasana123", "finnish"),
        ("PERKELE", "finnish"),
        ("qwerty123", "finnish"),
        ("letmein", "global"),
        ("trustno1", "global"),
        ("kissa123", "finnish"),
        ("jessekissa", "finnish"),
        ("Salasana2000", "finnish"),
        ("S4l4s4n4", "finnish"),
        ("jääkiekko", "finnish"),
        ("jaakiekko", "finnish"),
        ("password1", "global"),
    ],
)
def test_blocklist(judge: PasswordJudge, password: str, listed: str) -> None:
    assert judge.judge(password, mfa=False).blocklist == listed


def test_blocklist_is_a_whole_password_match(judge: PasswordJudge) -> None:
    assert judge.judge("salasana on pitkä ja outo", mfa=False).blocklist is None


@pytest.mark.parametrize(
    ("password", "category"),
    [
        ("Kesä2026!Kesä2026!", "calendar"),
        ("Talvi2025!Talvi2025!", "calendar"),
        ("Kesa2026kesa2026kesa", "calendar"),
        ("K3s4-2026-K3s4-2026", "calendar"),
        ("Marraskuu2026Marraskuu", "calendar"),
        ("Lauantai!Lauantai!2026", "calendar"),
        ("Sommar2026Sommar2026", "calendar"),
        ("Äänekoski2026!!!!", "place"),
        ("Aanekoski2026Aanekoski", "place"),
        ("Suolahti-Konginkangas", "place"),
        ("Sumiainen-Sumiainen-26", "place"),
        ("Äänekoksi2026Äänekoksi", "place"),
        ("Faceb00k2026Faceb00k!", "service"),
        ("MattiVirtanen2026!!", "personal"),
        ("Perkele!Perkele!Perkele!", "common-word"),
    ],
)
def test_guessable_context_fails(engine: Engine, password: str, category: str) -> None:
    decision = engine.evaluate(
        registration(password=password, first_name="Matti", last_name="Virtanen"), on=TODAY
    )
    result = finding(decision, "R9.password-no-guessable-context")
    assert result.outcome is Outcome.FAIL, password
    assert category in result.facts["categories"]


def test_context_plus_plenty_more_passes_context(judge: PasswordJudge) -> None:
    verdict = judge.judge("Äänekoski on kaunis kesällä ja talvella", mfa=False)
    assert verdict.context_ok
    assert verdict.context.terms >= 1


def test_context_verdict_names_categories_not_terms(engine: Engine) -> None:
    decision = engine.evaluate(registration(password="Suolahti2026Suolahti!"), on=TODAY)
    result = finding(decision, "R9.password-no-guessable-context")
    assert "uolahti" not in str(result.facts).lower()
    assert "uolahti" not in result.message.fi.lower() + result.message.en.lower()


def test_finnish_dictionaries_lower_the_score(judge: PasswordJudge) -> None:
    # Plain zxcvbn rates these strong; with Finnish words they are weak.
    for password in ("sillipurkki", "Joopajoo88", "Kesä2025!", "Talvi2025!"):
        assert judge.judge(password, mfa=False).estimate.score < 3, password


def test_persons_tokens_lower_the_score(judge: PasswordJudge) -> None:
    tokens = personal_tokens(["Zyxwo", "Qwomblewick"], min_length=3)
    base = judge.judge("Zyxwoqwomblewick", mfa=False).estimate.guesses_log10
    known = judge.judge("Zyxwoqwomblewick", mfa=False, personal=tokens).estimate.guesses_log10
    assert known < base - 3


def test_personal_tokens() -> None:
    tokens = personal_tokens(
        ["Matti-Pekka", "Mäkinen", "mp.makinen88@gmail.com", None], min_length=3
    )
    assert {"matti", "pekka", "mattipekka", "mäkinen", "makinen", "makinen88"} <= set(tokens)
    assert "gmail" not in tokens
    assert personal_tokens(["JohnSmith"], min_length=3)[:3] == ["johnsmith", "john", "smith"]


def test_long_input_is_scored_on_a_bounded_window(judge: PasswordJudge) -> None:
    verdict = judge.judge("x9#Lq" * 819, mfa=False)
    assert verdict.estimate.scored_length == judge.params.scoring_window
    assert verdict.length_ok


def test_input_over_4096_characters_is_rejected_with_a_reason() -> None:
    fields = {"person_id": "h1", "service": "X", "purpose": "leisure"}
    with pytest.raises(InputTooLargeError) as caught:
        parse_subject({**fields, "password": "a" * 4097})
    assert "password: password is longer than 4,096 characters" in str(caught.value)
    assert "aaaa" not in str(caught.value)
    # Direct construction raises pydantic's error, which hides the input too.
    with pytest.raises(ValidationError) as direct:
        registration(password="b" * 4097)
    assert "bbbb" not in str(direct.value)
    parse_subject({**fields, "password": "a" * 4096})


def test_a_weak_prefix_is_never_rescued(judge: PasswordJudge) -> None:
    # The scored prefix is a lower bound: an all-repeat prefix fails even if the tail is random.
    window = judge.params.scoring_window
    assert judge.judge("a" * window + "Xk29#vLq0!", mfa=False).estimate.score < 3


def test_breach_check_not_configured_is_explicit(engine: Engine) -> None:
    result = finding(
        engine.evaluate(registration(password=STRONG), on=TODAY), "R9.password-not-breached"
    )
    assert result.outcome is Outcome.NOT_APPLICABLE and result.code == "not-configured"


def test_no_password_is_explicit(engine: Engine) -> None:
    decision = engine.evaluate(registration(), on=TODAY)
    for element in (
        "min-length",
        "not-common",
        "no-guessable-context",
        "strength-score",
        "not-breached",
    ):
        result = finding(decision, f"R9.password-{element}")
        assert result.outcome is Outcome.NOT_APPLICABLE and result.code == "no-password"


def test_threads_agree_with_serial_answers(judge: PasswordJudge) -> None:
    cases = [(f"Salainen{n}Sana{n * 7}", [f"nimi{n}", f"suku{n}"]) for n in range(40)] + [
        ("Virtanen2026Virtanen", ["virtanen"]),
        ("Virtanen2026Virtanen", []),
    ]
    serial = [judge.judge(pw, mfa=False, personal=tokens) for pw, tokens in cases * 5]
    barrier = threading.Barrier(8)

    def run(item: tuple[str, list[str]]) -> object:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=0.01)
        return judge.judge(item[0], mfa=False, personal=item[1])

    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(run, cases * 5))
    assert parallel == serial
    # The per-person tokens really matter, so a mix-up would have shown.
    assert serial[-2] != serial[-1]


def test_passwords_are_never_altered() -> None:
    subject = parse_subject(
        {"person_id": "a", "service": "b", "purpose": "work", "password": "  two spaces  "}
    )
    assert isinstance(subject, AccountRegistration) and subject.password is not None
    assert subject.password.get_secret_value() == "  two spaces  "


def test_password_is_judged_once_per_evaluation(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five elements read one verdict: judging five times would cost five times the budget.
    calls: list[str] = []
    original = PasswordJudge.judge

    def counting(self: PasswordJudge, password: str, **options: object) -> object:
        calls.append("judged")
        return original(self, password, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(PasswordJudge, "judge", counting)
    decision = engine.evaluate(registration(password=STRONG), on=TODAY)
    assert len([f for f in decision.findings if f.check.startswith("R9.password-")]) == 5
    assert calls == ["judged"]


@pytest.mark.parametrize("password", ["kİssa", "İİİİİİİİİİİİ", "Kİssa123İ", "ßİẞİ"])
def test_case_mapping_that_changes_length_does_not_crash(engine: Engine, password: str) -> None:
    """Issue 15: ``"İ".lower()`` is two code points, which put zxcvbn's match indices past
    the end of the password (``IndexError``); a Turkish-keyboard user could not register."""
    decision = engine.evaluate(registration(password=password), on=TODAY)
    assert finding(decision, "R9.password-strength-score").facts["score"] in range(5)


# Characters whose lower case has another length (İ, ŉ, ǰ, ΐ) or that case-fold to several
# (ß, ẞ, ﬀ), mixed with what passwords usually hold.
_JUDGE = judge_for(default_policy().parameters.password)
_CASE_CHANGING = "İŉǰΐßẞﬀ" + "kissa123!Aä "


@given(st.text(alphabet=_CASE_CHANGING, min_size=1, max_size=40))
def test_any_case_changing_password_gets_a_score(password: str) -> None:
    estimate = _JUDGE.judge(password, mfa=False)
    assert estimate.estimate.score in range(5)


@pytest.mark.parametrize(
    ("password", "mfa", "minimum"),
    [("salasana1", False, 15), ("Äänekoski2026!", True, 8), (STRONG, False, 15)],
)
def test_password_findings_report_the_verdict(
    engine: Engine, judge: PasswordJudge, password: str, mfa: bool, minimum: int
) -> None:
    # The registration names no person, so the judge sees no personal tokens either.
    verdict = judge.judge(password, mfa=mfa, service="Facebook")
    decision = engine.evaluate(registration(password=password, mfa=mfa), on=TODAY)

    length = finding(decision, "R9.password-min-length")
    assert length.outcome is (Outcome.PASS if verdict.length_ok else Outcome.FAIL)
    assert length.facts == {"minimum": minimum, "mfa": mfa}

    common = finding(decision, "R9.password-not-common")
    if verdict.blocklist is None:
        assert (common.outcome, common.code, common.facts) == (Outcome.PASS, "pass", {})
    else:
        assert (common.outcome, common.code) == (Outcome.FAIL, "fail")
        assert common.facts == {"list": verdict.blocklist}

    context = finding(decision, "R9.password-no-guessable-context")
    assert context.outcome is (Outcome.PASS if verdict.context_ok else Outcome.FAIL)
    assert context.facts == {
        "categories": [category.value for category in verdict.context_categories],
        "points": verdict.context.points,
        "minimum_points": verdict.context_min_points,
    }

    strength = finding(decision, "R9.password-strength-score")
    assert strength.outcome is (Outcome.PASS if verdict.score_ok else Outcome.FAIL)
    # One decimal: salasana1's 4.09 is reported as 4.1, the passphrase's 19.35 as 19.3.
    assert strength.facts == {
        "score": verdict.estimate.score,
        "minimum": 3,
        "guesses_log10": round(verdict.estimate.guesses_log10, 1),
    }


def test_a_common_password_names_its_list(engine: Engine) -> None:
    result = finding(
        engine.evaluate(registration(password="salasana1"), on=TODAY), "R9.password-not-common"
    )
    assert (result.outcome, result.code, result.facts) == (
        Outcome.FAIL,
        "fail",
        {"list": "finnish"},
    )
