"""The strength estimate is never more lenient than stock zxcvbn 4.5.0 (issue 9)."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
import zxcvbn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zxcvbn import matching

from aanekoski_somepolicy import Policy
from aanekoski_somepolicy._passwords.judge import PasswordJudge, judge_for
from aanekoski_somepolicy._passwords.strength import GuessEstimator, minimum_guesses

CORPUS = Path(__file__).parent / "data" / "zxcvbn_parity.jsonl"
L33T_CHARS = "".join(sorted({c for chars in matching.L33T_TABLE.values() for c in chars}))


@pytest.fixture(scope="module")
def judge(policy: Policy) -> PasswordJudge:
    return judge_for(policy.parameters.password)


def corpus() -> list[tuple[str, list[str], float]]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [(row[0], row[1], row[2]) for row in rows]


def test_corpus_is_large_and_varied() -> None:
    rows = corpus()
    assert len(rows) >= 10_000
    assert len({password for password, _, _ in rows}) == len(rows)
    assert sum(1 for password, _, _ in rows if any(c in L33T_CHARS for c in password)) > 3000
    assert sum(1 for _, user, _ in rows if user) > 2000
    assert max(len(password) for password, _, _ in rows) == 72


def test_stored_maxima_are_stock_zxcvbn() -> None:
    # The maxima were computed once by scripts/generate_parity_corpus.py; a sample proves it.
    sample = random.Random(9).sample([row for row in corpus() if len(row[0]) <= 30], 150)
    for password, user, guesses in sample:
        assert float(zxcvbn.zxcvbn(password, user_inputs=user)["guesses"]) == guesses


def test_never_more_lenient_than_zxcvbn_on_the_corpus(judge: PasswordJudge) -> None:
    estimator = judge._estimator
    lenient = [
        password
        for password, user, guesses in corpus()
        if estimator.estimate(password, user).guesses > guesses
    ]
    assert lenient == []


@pytest.mark.parametrize(
    ("password", "mfa"),
    [
        ("func710n4l", True),
        ("ed17ori4l", True),
        ("p01nt$con$1$7ing", False),
        ("c0v3red1nh4bi74n7s", False),
    ],
)
def test_mixed_l33t_readings_are_read(judge: PasswordJudge, password: str, mfa: bool) -> None:
    # Issue 9: zxcvbn reads 1 as i and 7 as t in one password; two whole readings missed it.
    verdict = judge.judge(password, mfa=mfa)
    assert verdict.estimate.guesses <= float(zxcvbn.zxcvbn(password)["guesses"])
    assert not verdict.score_ok


words = st.sampled_from(
    [*matching.FREQUENCY_LISTS["english_wikipedia"][:300], "salasana", "kissa", "kesä"]
)
leetish = st.text(alphabet=L33T_CHARS + "aeilostİıΣß1234567890 ", max_size=12)
passwords = st.lists(st.one_of(words, leetish), min_size=1, max_size=4).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    password=passwords.filter(lambda text: 0 < len(text) <= 40),
    user=st.lists(st.one_of(words, st.text(max_size=6)), max_size=3),
)
def test_never_more_lenient_than_zxcvbn(
    judge: PasswordJudge, password: str, user: list[str]
) -> None:
    expected = float(zxcvbn.zxcvbn(password, user_inputs=user)["guesses"])
    assert judge.judge(password, mfa=False, personal=user).estimate.guesses <= expected


@pytest.fixture(scope="module")
def stock_lists() -> GuessEstimator:
    # zxcvbn's own dictionaries only, so the estimate can be compared with zxcvbn's exactly.
    return GuessEstimator({}, window=72)


@pytest.mark.parametrize(
    ("password", "user"),
    [
        ("password", []),  # dictionary
        ("drowssap", []),  # reversed
        ("p4ssw0rd", []),  # l33t
        ("m4tt1", ["matti"]),  # l33t of a user input
        ("qwertyuiop", []),  # spatial
        ("zxcvbnm,./", []),  # spatial with shifted keys
        ("aaaaaaaa", []),  # repeat of one character
        ("abcabcabc", []),  # repeat of a base
        ("passwordpassword", []),  # repeat of a word
        ("abababxyzxyz", []),  # two repeats
        ("aaaaaaaaaaaaaaaa12", []),  # a repeat, then digits
        ("abcdefgh", []),  # sequence
        ("13579", []),  # sequence with a step
        ("1987", []),  # recent year
        ("13.5.1987", []),  # date with separators
        ("19870513", []),  # date without separators
        ("q", []),  # one bruteforce character
        ("xq", []),  # two bruteforce characters
        ("Xk29#vLq0!", []),  # bruteforce run
        ("mattivirtanen", ["matti", "virtanen"]),  # user inputs
        ("ittam", ["matti"]),  # a reversed user input
        ("correcthorsebatterystaple", []),  # a sequence of four words
        ("tr0ub4dour&3", []),
        ("P@ssw0rd1987", []),
        ("kissa2019", []),
        ("1q2w3e4r", []),
        # One l33t character stands for one letter throughout a word: not "million".
        ("m1111on", []),
        ("m1111on", ["million"]),
        # "1" cannot stand for "l" in blink and for itself in 182 at once.
        ("b1ink182", []),
        ("1+", []),  # "it" read from the second letter "1" can stand for
        ("qq22yy", ["qqzzyy"]),  # a l33t user input found in no dictionary
        ("2q", ["zq"]),  # a l33t user input of two characters
        # str.lower makes İ two code points; zxcvbn matches in that shifted reading too.
        ("xİpasswordq", []),
        # zxcvbn lower-cases a user input with str.lower: İlona is i, a combining dot, lona.
        ("i\u0307lona", ["İlona"]),
        # "password" is the second most common password, better than the third user input.
        ("password", ["matti", "virtanen", "password"]),
        # The word's token ends where the word does: the capital after it is not its own.
        ("passwordX", []),
        # The same for a l33t word: "m4tt1" is matti, the "4" after it is not part of it.
        ("m4tt14", ["matti"]),
        # A single l33t character is no match (zxcvbn needs two characters).
        ("b1ink1", []),
    ],
)
def test_prices_each_matcher_as_stock_zxcvbn(
    stock_lists: GuessEstimator, password: str, user: list[str]
) -> None:
    # Where zxcvbn's own search finds the best sequence, the two estimates agree to the digit.
    estimate = stock_lists.estimate(password, user)
    stock = zxcvbn.zxcvbn(password, user_inputs=user)
    assert estimate.guesses == float(stock["guesses"])
    assert estimate.score == stock["score"]
    assert estimate.guesses_log10 == pytest.approx(math.log10(float(stock["guesses"])))
    assert estimate.scored_length == len(password)


def test_empty_and_long_passwords(stock_lists: GuessEstimator) -> None:
    empty = stock_lists.estimate("")
    assert (empty.score, empty.guesses, empty.guesses_log10, empty.scored_length) == (
        0,
        1.0,
        0.0,
        0,
    )
    long = stock_lists.estimate("Xk29#vLq0!" * 10)
    assert long.scored_length == 72
    assert long.guesses == stock_lists.estimate(("Xk29#vLq0!" * 10)[:72]).guesses


def test_years_after_2019_are_years(stock_lists: GuessEstimator) -> None:
    # zxcvbn's own pattern stops at 2019; the year 2026 costs as little as 2019 does here.
    assert stock_lists.estimate("kissa2026").guesses == stock_lists.estimate("kissa2019").guesses
    assert stock_lists.estimate("kissa2026").guesses < zxcvbn.zxcvbn("kissa2026")["guesses"]


def test_user_inputs_left_by_a_stock_call_are_no_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # zxcvbn keeps the last call's user inputs in its module-global dictionaries.
    ranked = matching.build_ranked_dict(["qqzzyyxx"])
    monkeypatch.setitem(matching.RANKED_DICTIONARIES, "user_inputs", ranked)
    built = GuessEstimator({}, window=72)
    monkeypatch.delitem(matching.RANKED_DICTIONARIES, "user_inputs")
    assert built.estimate("qqzzyyxx").guesses == float(zxcvbn.zxcvbn("qqzzyyxx")["guesses"])


def test_a_word_of_equal_rank_keeps_the_first_lists_name() -> None:
    # The index stores the names; the same lists must always give the same index.
    built = GuessEstimator({"first": ["zzqqa"], "second": ["zzqqa"]}, window=72)
    names = built.state()[1]
    assert isinstance(names, dict)
    assert names["zzqqa"] == "first"


@pytest.mark.parametrize("password", ["b|ink182", "bl!nk182"])
def test_a_l33t_character_may_stand_for_itself(stock_lists: GuessEstimator, password: str) -> None:
    # The listed word blink182 with one letter substituted (its "1" stays itself): zxcvbn's
    # model doubles a word's guesses for one substitution. Stock zxcvbn misses this reading.
    word = stock_lists.estimate("blink182").guesses - 1  # one match: its guesses + 1
    assert stock_lists.estimate(password).guesses == 2 * word + 1
    assert stock_lists.estimate(password).guesses < zxcvbn.zxcvbn(password)["guesses"]


def test_nothing_to_cover_costs_one_guess() -> None:
    # The empty password is the first guess of all (zxcvbn's own search fails on it).
    assert minimum_guesses("", []) == 1


def test_the_better_word_of_two_readings_is_kept(stock_lists: GuessEstimator) -> None:
    # İprobert reads "iprobert" aligned and "i̇prober…" with str.lower: at the same place the
    # aligned reading has "robert" (rank 3), the other "prober" (rank 18,511); the first stays.
    assert stock_lists.estimate("İprobert").guesses == stock_lists.estimate("iprobert").guesses
    assert stock_lists.estimate("İprobert").guesses < zxcvbn.zxcvbn("İprobert")["guesses"]


def test_a_user_input_past_the_passwords_end_is_not_matched(stock_lists: GuessEstimator) -> None:
    # str.lower makes "İmatti" seven code points; "matti" ends on the seventh, past the six
    # of the password, in that reading. It is matched where the aligned reading has it.
    assert (
        stock_lists.estimate("İmatti", ["matti"]).guesses
        == stock_lists.estimate("imatti", ["matti"]).guesses
    )
