"""Rule 9's rule-engine reading: words, affixes, case, l33t (issue 9)."""

from __future__ import annotations

import pytest

from aanekoski_somepolicy import Policy
from aanekoski_somepolicy._passwords import context, leet
from aanekoski_somepolicy._passwords.attack import RuleAttack, affix_guesses, affix_splits
from aanekoski_somepolicy._passwords.judge import PasswordJudge, judge_for
from aanekoski_somepolicy._text import fold

from .attack_corpus import WORDLISTS, _sources, figures, strong_passwords, weak_passwords


@pytest.fixture(scope="module")
def pw_judge(policy: Policy) -> PasswordJudge:
    return judge_for(policy.parameters.password)


@pytest.mark.parametrize("password", ["k1ssa123", "s4l4s4n4123", "qw3rty123", "P3rk3l3666"])
def test_blocklist_reads_l33t_in_the_word_not_in_its_digits(
    pw_judge: PasswordJudge, password: str
) -> None:
    assert pw_judge.judge(password, mfa=True).blocklist == "finnish"


def test_one_l33t_table_everywhere(pw_judge: PasswordJudge) -> None:
    # zxcvbn's table, read the same way by the context matcher, the blocklist and the rules.
    assert leet.SUBSTITUTES["7"] == ("l", "t") and leet.SUBSTITUTES["1"] == ("i", "l")
    assert len(leet.tables("17|")) == 8 and leet.tables("abc") == []
    # "(" for c and "+" for t are in zxcvbn's table and no other: all readers use them.
    assert context._deleeted("(a+") == {"cat"}
    assert pw_judge.judge("jessek1$$(a", mfa=True).blocklist is None
    assert pw_judge.judge("k+(", mfa=True).attack is None
    assert pw_judge.judge("Perke1e+2026!!", mfa=False).blocklist is None
    assert not pw_judge.judge("(ommunity+ime2026!!", mfa=False).attack_ok


@pytest.mark.parametrize(
    ("password", "mfa"),
    [
        ("Minuun2021!!!!", True),
        ("Espoon2021!!!!", True),
        ("Luokan123", True),
        ("nuorena1990", True),
        ("kesälomalla2024!", False),
        ("Antoikultaa123", True),
        ("Talvipäivä2025!!", False),
        ("Kesäloma2026!!!!", False),
        ("K1ss4k1ss42026!!", False),
    ],
)
def test_issue_examples_fail_the_context_check(
    pw_judge: PasswordJudge, password: str, mfa: bool
) -> None:
    verdict = pw_judge.judge(password, mfa=mfa)
    assert verdict.attack is not None and not verdict.attack_ok, password
    assert not verdict.context_ok
    assert verdict.context_categories


def test_truncated_own_name_after_an_initial(pw_judge: PasswordJudge) -> None:
    tokens = ["matti", "meikäläinen", "meikalainen"]
    verdict = pw_judge.judge("Mmeikala12345678", mfa=False, personal=tokens)
    assert not verdict.attack_ok


@pytest.mark.parametrize(
    "password",
    [
        "kaukoidästä nauhurin valkosoluja ompelimo",
        "xK9#mQ2$vL7!pR4z",
        "kaunis hauki ui syvässä järvessä",
        "ekologia-kirpputorin-rahahanat-vakoili",
    ],
)
def test_random_strings_and_rare_word_passphrases_have_no_cheap_reading(
    pw_judge: PasswordJudge, password: str
) -> None:
    assert pw_judge.judge(password, mfa=False).attack_ok


def test_passphrases_of_frequent_words_are_priced_as_a_combinator_attack(
    pw_judge: PasswordJudge,
) -> None:
    # Four of the most frequent words: within reach of a four-list combinator attack.
    verdict = pw_judge.judge("että mutta myös niin", mfa=False)
    assert verdict.attack is not None and not verdict.attack_ok
    # Each separated word is one unit: endings do not swallow the next word ("kesällä ja").
    assert pw_judge.judge("Äänekoski on kaunis kesällä ja talvella", mfa=False).attack_ok
    assert pw_judge.judge("vihreä kivi juoksee nopeasti", mfa=False).attack_ok


@pytest.mark.parametrize(
    ("affix", "guesses"),
    [
        ("", 1),
        ("2026", 150),
        ("1234", 80),
        ("!!!!", 132),
        ("7", 10),
        ("2026!!", 2 * 150 * 66),
        # Three or more digits up, down or repeated: a few dozen rules cover them.
        ("123", 60),
        ("4321", 80),
        ("0000", 80),
        # Not a year, a sequence or a repeat: every digit is a tenfold guess.
        ("12", 100),
        ("735", 1000),
        ("1357", 10_000),
        ("3029", 10_000),
    ],
)
def test_affix_prices(affix: str, guesses: float) -> None:
    assert affix_guesses(affix) == guesses


def test_affix_splits_keep_l33t_at_the_edges_in_the_core() -> None:
    splits = affix_splits("s4l4s4n4123")
    assert ("", "s4l4s4n4", "123") in splits
    assert ("", "s4l4s4n", "4123") in splits
    assert affix_splits("123!") == []


def test_attacker_corpus_figures() -> None:
    # The issue's targets (docs/rule-9.md has the figures on 1,000 per group).
    result = figures(400)
    assert result["weak 8-14 with MFA rejected"] >= 0.95
    assert result["weak 15+ without MFA rejected"] >= 0.95
    assert result["strong accepted"] >= 0.97


@pytest.mark.parametrize(
    ("password", "personal"),
    [
        # An initial, a name cut short, and a word: three units of a combinator attack.
        ("Hvirtayhteistyössä1234", ()),
        ("Mmeikäkesäloma2026!!", ("matti", "meikäläinen")),
        # Three words.
        ("kesälomailtasauna2026!", ()),
        # A listed place written with its hyphen is one unit, after a word.
        ("Lomakeski-suomi1980!?", ()),
    ],
)
def test_readings_of_three_units(
    pw_judge: PasswordJudge, password: str, personal: tuple[str, ...]
) -> None:
    assert not pw_judge.judge(password, mfa=False, personal=personal).attack_ok


@pytest.mark.parametrize(
    "form",
    [
        "luokan",  # consonant gradation: luokka
        "raudan",  # t/d: rauta
        "ihmisen",  # -nen nominative: ihminen
        "putouksen",  # -us nominative: putous
        "luonteen",  # nt/nn and -e stems: luonne
    ],
)
def test_finnish_morphology_finds_unlisted_forms(form: str) -> None:
    lists = {
        context.ContextCategory.COMMON_WORD: [["luokka", "rauta", "ihminen", "putous", "luonne"]]
    }
    attack = RuleAttack(lists, names=[], window=72)
    assert attack.estimate(form + "2019!!") is not None
    assert attack.estimate("xq" + form + "2019!!") is None


def test_strong_corpus_words_are_on_no_list() -> None:
    # Acceptance is measured on words the detection does not know, not on held-out forms.
    listed: set[str] = set()
    for path in WORDLISTS.glob("*.txt"):
        listed.update(fold(line.strip()) for line in path.read_text("utf-8").splitlines())
    rare = [fold(word) for word in _sources()["rare"]]
    assert len(rare) >= 3000 and not listed.intersection(rare)


def test_corpus_is_built_as_described() -> None:
    long_weak = weak_passwords(200, mfa=False)
    short_weak = weak_passwords(200, mfa=True)
    assert all(len(p) >= 15 for p in long_weak)
    assert all(8 <= len(p) <= 14 for p in short_weak)
    assert len(set(strong_passwords(200))) == 200
