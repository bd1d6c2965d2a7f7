"""Edges of the rule-engine reading (``_passwords/attack.py``), one decision at a time.

Each reader here is built from a few words, so every price can be worked out by hand:
``affix guesses x case rules x 2**substitutions x units! x product of unit prices``, where
a listed word costs its rank, an unseen form of it ten times its rank, an initial 26 and a
name cut short eight times its rank. The expected figures are those hand computations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._passwords.attack import (
    RuleAttack,
    _stem_variants,
    affix_guesses,
    affix_splits,
    joined_guesses,
)
from aanekoski_somepolicy._passwords.context import ContextCategory

C = ContextCategory
# Case rules for a core in lower case, all capitals or with a capital first letter.
CASE = 3


def reader(
    *words: str,
    category: ContextCategory = C.COMMON_WORD,
    names: Iterable[str] = (),
    window: int = 72,
) -> RuleAttack:
    return RuleAttack({category: [list(words)]}, names=list(names), window=window)


def packed(attack: RuleAttack) -> dict[str, int]:
    """The reader's words: rank x 16 + the category's place in :class:`ContextCategory`."""
    ranks = attack.state()[0]
    assert isinstance(ranks, dict)
    return ranks


def price(attack: RuleAttack, password: str, personal: Sequence[str] = ()) -> float:
    estimate = attack.estimate(password, personal)
    assert estimate is not None, password
    return 10**estimate.guesses_log10


def category(attack: RuleAttack, password: str, personal: Sequence[str] = ()) -> C:
    estimate = attack.estimate(password, personal)
    assert estimate is not None, password
    return estimate.category


# --- affixes and cores --------------------------------------------------------------------


def test_joined_units_come_in_any_order() -> None:
    assert joined_guesses(5.0, 1) == 5.0
    assert joined_guesses(5.0, 3) == 30.0


@pytest.mark.parametrize(
    ("affix", "guesses"),
    [
        # One run: the run's price once.
        ("!", 33),
        ("#$", 33**2),
        # A symbol, a digit run and a symbol: three runs, each priced, times 3.
        ("!2026!", 33 * 150 * 33 * 3),
        # Mixed symbols after digits: each symbol a guess of its own, after the digits' 100.
        ("12#$", 100 * 33**2 * 2),
        # Three digits up, down or the same: 20 per digit; two digits are no sequence.
        ("12", 100),
        ("987", 60),
        ("555", 60),
        ("13", 100),
        ("246", 1000),
        # Four digits: a year only from 1900 to 2099.
        ("1899", 10_000),
        ("2100", 10_000),
        ("1900", 150),
        ("2099", 150),
        # Five digits that start with a year are no year.
        ("20261", 100_000),
    ],
)
def test_affix_prices_at_their_boundaries(affix: str, guesses: float) -> None:
    assert affix_guesses(affix) == guesses


def test_a_core_takes_at_most_four_l33t_characters_from_each_side() -> None:
    leading = {core for _, core, _ in affix_splits("44444kissa")}
    assert leading == {"kissa", "4kissa", "44kissa", "444kissa", "4444kissa"}
    trailing = {core for _, core, _ in affix_splits("kissa44444")}
    assert trailing == {"kissa", "kissa4", "kissa44", "kissa444", "kissa4444"}


def test_a_core_stops_at_the_first_character_that_is_no_l33t() -> None:
    assert affix_splits("#4kissa3#") == [
        ("#4", "kissa", "3#"),
        ("#4", "kissa3", "#"),
        ("#", "4kissa", "3#"),
        ("#", "4kissa3", "#"),
    ]


def test_a_core_never_wraps_round_the_ends_of_the_text() -> None:
    # At the first character there is nothing more to take, whatever the last one is.
    assert affix_splits("4kissa4") == [
        ("4", "kissa", "4"),
        ("4", "kissa4", ""),
        ("", "4kissa", "4"),
        ("", "4kissa4", ""),
    ]
    assert affix_splits("k4") == [("", "k", "4"), ("", "k4", "")]
    assert affix_splits("ab") == [("", "ab", "")]


def test_text_without_letters_has_no_core() -> None:
    assert affix_splits("2026!!") == []
    assert reader("kissa").estimate("2026!!") is None


# --- the reader's tables ------------------------------------------------------------------


def test_the_best_rank_of_a_word_and_its_category_are_kept() -> None:
    attack = RuleAttack(
        {
            C.COMMON_WORD: [["Kissa", "koira", "kissa"], ["talo", "koira"]],
            C.NAME: [["koira", "Kissa"]],
        },
        names=[],
        window=72,
    )
    ranks = packed(attack)
    slots = list(C)
    # "kissa" is first on the first list; "koira" second on two lists and first as a name.
    assert ranks["kissa"] == 1 * 16 + slots.index(C.COMMON_WORD)
    assert ranks["koira"] == 1 * 16 + slots.index(C.NAME)
    assert ranks["talo"] == 1 * 16 + slots.index(C.COMMON_WORD)
    assert price(attack, "koira") == CASE * 1
    assert category(attack, "koira") == C.NAME
    assert category(attack, "kissa") == C.COMMON_WORD


def test_on_an_equal_rank_the_first_category_keeps_the_word() -> None:
    attack = RuleAttack({C.NAME: [["aanekoski"]], C.PLACE: [["aanekoski"]]}, names=[], window=72)
    assert category(attack, "Äänekoski") == C.NAME
    attack = RuleAttack({C.PLACE: [["aanekoski"]], C.NAME: [["aanekoski"]]}, names=[], window=72)
    assert category(attack, "Äänekoski") == C.PLACE


def test_words_of_three_letters_are_listed_and_shorter_ones_are_not() -> None:
    ranks, _, _, _ = reader("ab", "kuu", "abcd").state()
    assert ranks == {"kuu": 2 * 16 + 2, "abcd": 3 * 16 + 2}


def test_a_word_that_folds_longer_is_keyed_as_the_password_is_read() -> None:
    # "ß" folds to "ss" as a whole string but stays one code point in the aligned reading
    # that every password gets: the list's key must be the aligned one to be found.
    attack = reader("Straße")
    assert attack.state()[0] == {"straße": 1 * 16 + 2}
    assert price(attack, "Straße2026") == pytest.approx(CASE * 150)


def test_a_word_listed_decomposed_is_found() -> None:
    # "Jyväskylä" as some systems save it (NFD: "a" + U+0308 for "ä"); the judge reads
    # passwords in NFKC, which composes them.
    attack = reader("Jyva\u0308skyla\u0308", category=C.PLACE)
    assert packed(attack) == {"jyvaskyla": 1 * 16 + 0}
    assert price(attack, "Jyväskylä##") == pytest.approx(CASE * 66)
    assert category(attack, "Jyväskylä##") == C.PLACE
    # Own tokens and names are keyed the same way.
    assert price(reader(), "jyväskylä", personal=["Jyva\u0308skyla\u0308"]) == CASE
    assert reader(names=["Ma\u0308tti"]).state()[2] == {"matt": 1}


def test_stems_are_forms_cut_by_one_to_four_letters_keeping_five() -> None:
    _, stems, _, _ = reader("kesäloma", "kesälomalla", "ihminen", "talo").state()
    assert stems == {
        # kesäloma (rank 1): cut by one to three letters; a fourth would leave four.
        "kesalom": 1,
        "kesalo": 1,
        "kesal": 1,
        # kesälomalla (rank 2): cut by one to four; "kesalom" and shorter keep rank 1.
        "kesalomall": 2,
        "kesalomal": 2,
        "kesaloma": 2,
        # ihminen (rank 3): seven letters, two cuts keep five.
        "ihmine": 3,
        "ihmin": 3,
    }


def test_names_are_cut_to_four_to_eleven_letters_the_first_name_keeping_a_prefix() -> None:
    _, _, prefixes, _ = reader(names=["Matti", "Mattila", "Abcdefghijklmnop", "Ali"]).state()
    assert prefixes == {
        "matt": 1,
        "matti": 2,
        "mattil": 2,
        **{"abcdefghijklmnop"[:length]: 3 for length in range(4, 12)},
    }


def test_a_reader_rebuilt_from_its_state_reads_as_the_original() -> None:
    original = reader("kesäloma", "kissa", names=["Meikäläinen"], window=12)
    rebuilt = RuleAttack.from_state(original.state())
    assert rebuilt.state() == original.state()
    for password in ["kesälomalla2026", "Mmeikala123", "kissa!", "kissakissakissa"]:
        assert rebuilt.estimate(password) == original.estimate(password)


# --- prices of one reading ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "case_rules"),
    [
        ("kissa", CASE),
        ("Kissa", CASE),
        ("KISSA", CASE),
        # One capital elsewhere: any of the five places.
        ("kIssa", CASE + 5),
        # Two capitals, the first one among them: any two of the five places.
        ("KiSsa", CASE + 10),
        ("kIsSa", CASE + 10),
        # Four capitals of five.
        ("KISSa", CASE + 5),
        # Only letters count: "K1ssa" has one capital, the first letter.
        ("K1ssa", CASE * 2),
    ],
)
def test_case_rules(password: str, case_rules: float) -> None:
    assert price(reader("kissa"), password) == pytest.approx(case_rules)


def test_affixes_on_both_sides_multiply() -> None:
    attack = reader("koira", "kissa")
    assert price(attack, "kissa") == pytest.approx(CASE * 2)
    assert price(attack, "!!kissa") == pytest.approx(66 * CASE * 2)
    assert price(attack, "!!kissa2026") == pytest.approx(66 * 150 * CASE * 2)
    assert price(attack, "#kissa1357") == pytest.approx(33 * 10_000 * CASE * 2)


def test_each_l33t_character_doubles_the_price() -> None:
    attack = reader("kissa", "kala")
    assert price(attack, "k1ssa") == pytest.approx(CASE * 2)
    assert price(attack, "k1$$4") == pytest.approx(CASE * 2**3)
    # A l33t character taken from the affix: "4" read as "a" instead of a digit (10).
    assert price(attack, "kiss4") == pytest.approx(CASE * 2)
    # "1" is read as "i" first ("kaia", no word), then as "l" ("kala", rank 2).
    assert price(attack, "ka1a") == pytest.approx(CASE * 2 * 2)


def test_a_separator_between_words_is_one_substitution() -> None:
    attack = reader("kissa", "koira")
    # Two units (2! orders) of ranks 1 and 2.
    assert price(attack, "kissakoira") == pytest.approx(CASE * 2 * 2)
    assert price(attack, "kissa-koira") == pytest.approx(CASE * 2 * 2 * 2)
    assert price(attack, "kissa koira") == pytest.approx(CASE * 2 * 2 * 2)


def test_the_window_limits_what_is_read() -> None:
    assert price(reader("kissa", window=5), "kissaqzxw") == pytest.approx(CASE)
    assert reader("kissa", window=6).estimate("kissaqzxw") is None


def test_own_tokens_rank_from_one_before_any_list() -> None:
    attack = reader("matti")
    assert price(attack, "matti", personal=["Liisa", "Matti"]) == pytest.approx(CASE * 2)
    assert category(attack, "matti", personal=["Liisa", "Matti"]) == C.PERSONAL
    assert category(attack, "matti") == C.COMMON_WORD
    assert attack.estimate("liisa") is None


def test_the_cheapest_of_several_cores_wins() -> None:
    attack = reader(*[f"w{index:03d}x" for index in range(40)], "kissa", "kissae")
    # "kissa3" as listed "kissae" (rank 42, one substitution) against "kissa" (rank 41)
    # + the digit "3" (10 guesses): 42 x 2 < 41 x 10.
    assert price(attack, "kissa3") == pytest.approx(CASE * 2 * 42)


def test_a_dearer_core_read_later_does_not_replace_a_cheaper_one() -> None:
    attack = reader("kissa", *[f"w{index:03d}x" for index in range(40)], "kissae")
    # "kissa" + "3" (1 x 10) is cheaper than "kissae" read from "kissa3" (42 x 2).
    assert price(attack, "kissa3") == pytest.approx(CASE * 10)
    assert category(attack, "kissa3") == C.COMMON_WORD


# --- core length --------------------------------------------------------------------------

# 24 letters: the longest unit.
_LONG = "abcdefghjkmnpqrsuvwxyzaa"


def test_cores_of_up_to_48_characters_are_read() -> None:
    attack = reader(_LONG)
    assert len(_LONG) == 24
    # Two units of rank 1: 2! orders.
    assert price(attack, _LONG * 2) == pytest.approx(CASE * 2)
    # After a leading affix the core is still 48 characters.
    assert price(attack, "#" + _LONG * 2) == pytest.approx(33 * CASE * 2)
    # An initial and two units: 49 characters, not read.
    assert reader(_LONG).estimate("b" + _LONG * 2) is None


def test_a_core_too_long_does_not_stop_the_shorter_ones_after_it() -> None:
    # Cores come widest to the right first: "Y3", "Y33" (49 characters, skipped), then
    # "4Y" = "a" + Y, which is the long word twice.
    attack = reader(_LONG)
    body = _LONG[1:] + _LONG
    assert len(body) == 47
    # Affix "33" (100), one substitution, two units of rank 1.
    assert price(attack, "4" + body + "33") == pytest.approx(100 * CASE * 2 * 2)


def test_a_unit_is_at_most_24_characters() -> None:
    assert price(reader(_LONG), _LONG) == pytest.approx(CASE)
    assert reader(_LONG + "b").state()[0] == {_LONG + "b": 16 + 2}
    assert reader(_LONG + "b").estimate(_LONG + "b") is None


# --- units: initials, separators, names ---------------------------------------------------


def test_an_initial_comes_first_right_before_another_unit() -> None:
    attack = reader("kissa", "koira")
    # An initial (26) and a word of rank 1, in any order (2!).
    assert price(attack, "xkissa") == pytest.approx(CASE * 26 * 2)
    assert category(attack, "xkissa") == C.NAME
    # Never alone, never inside, never before a separator, never longer than a letter.
    assert attack.estimate("x2026") is None
    assert attack.estimate("kissaxkoira") is None
    assert attack.estimate("x-kissa") is None
    assert attack.estimate("xykissa") is None


def test_the_category_is_the_first_units() -> None:
    attack = RuleAttack({C.PLACE: [["espoo"]], C.COMMON_WORD: [["kissa"]]}, names=[], window=72)
    assert category(attack, "espookissa") == C.PLACE
    assert category(attack, "kissaespoo") == C.COMMON_WORD
    assert category(attack, "espoo") == C.PLACE


def test_up_to_four_units() -> None:
    attack = reader("kissa", "koira")
    # Ranks 1, 2, 1, 2 in any of 4! orders.
    assert price(attack, "kissakoirakissakoira") == pytest.approx(CASE * 4 * 24)
    assert price(attack, "kissakoirakissa") == pytest.approx(CASE * 2 * 6)
    assert attack.estimate("kissakoirakissakoirakissa") is None


def test_fewer_units_win_a_tie() -> None:
    # One unit of rank 4, or two of ranks 1 and 2 in either order: 4 guesses both ways.
    attack = RuleAttack(
        {C.PLACE: [["aaa", "bbb", "ccc", "kissakoira"]], C.COMMON_WORD: [["kissa", "koira"]]},
        names=[],
        window=72,
    )
    assert price(attack, "kissakoira") == pytest.approx(CASE * 4)
    assert category(attack, "kissakoira") == C.PLACE


def test_the_first_cover_found_wins_a_tie() -> None:
    # "kis" + "sakoira" and "kissa" + "koira" both cost 1 x 2; the shorter first unit is
    # read first.
    attack = RuleAttack(
        {C.PLACE: [["kis", "sakoira"]], C.COMMON_WORD: [["kissa", "koira"]]},
        names=[],
        window=72,
    )
    assert price(attack, "kissakoira") == pytest.approx(CASE * 2 * 2)
    assert category(attack, "kissakoira") == C.PLACE


def test_the_first_core_found_wins_a_tie() -> None:
    # "kissa" + the affix "3" (1 x 10) and "kissae" read from "kissa3" (5 x 2) tie.
    attack = RuleAttack(
        {C.COMMON_WORD: [["kissa"]], C.PLACE: [["aaa", "bbb", "ccc", "ddd", "kissae"]]},
        names=[],
        window=72,
    )
    assert price(attack, "kissa3") == pytest.approx(CASE * 10)
    assert category(attack, "kissa3") == C.COMMON_WORD


def test_words_joined_with_separators() -> None:
    attack = reader("kissa", "koira")
    # A separator written twice is still one substitution of the reading.
    assert price(attack, "kissa--koira") == pytest.approx(CASE * 2 * 2 * 2)
    # A separator never starts a reading: "+" (also l33t for "t") is then an affix symbol.
    assert price(attack, "+kissa") == pytest.approx(33 * CASE)
    # An inflected form right before or after a separator is still read as a form.
    assert price(attack, "kissalla-koira") == pytest.approx(CASE * 2 * 2 * 10 * 2)
    assert price(attack, "koira-kissalla") == pytest.approx(CASE * 2 * 2 * 2 * 10)


def test_a_listed_term_with_its_separator_is_one_unit() -> None:
    attack = reader("keski-suomi", category=C.PLACE)
    assert price(attack, "keski-suomi") == pytest.approx(CASE * 2)
    assert category(attack, "keski-suomi") == C.PLACE
    assert attack.estimate("keski-suomen") is None


def test_a_listed_term_ending_in_its_separator_keeps_a_tie() -> None:
    # "kissa-" (a place of rank 1) and "kissa" (a word of rank 1) reach the same position.
    attack = RuleAttack(
        {C.PLACE: [["kissa-"]], C.COMMON_WORD: [["kissa", "koira"]]}, names=[], window=72
    )
    assert category(attack, "kissa-koira") == C.PLACE


def test_names_cut_short_cost_eight_times_their_rank() -> None:
    attack = reader(names=["Liisa", "Meikäläinen"])
    # An initial and "meik" (rank 2, eight truncations).
    assert price(attack, "Mmeik") == pytest.approx(CASE * 26 * 16 * 2)
    assert category(attack, "Mmeik") == C.NAME
    # Three letters are no name cut short.
    assert attack.estimate("Mmei") is None


def test_own_tokens_cut_short_take_the_better_rank() -> None:
    attack = reader(names=["Liisa", "Meikäläinen"])
    # Own token of rank 1 is better than the listed name's 2.
    assert price(attack, "Mmeikala", personal=["meikäläinen"]) == pytest.approx(CASE * 26 * 8 * 2)
    # Own token of rank 3 is worse: the listed name's rank 2 stays.
    assert price(attack, "Mmeikala", personal=["a", "b", "meikäläinen"]) == pytest.approx(
        CASE * 26 * 16 * 2
    )
    # Only tokens that start with the piece count.
    assert attack.estimate("qzxwv", personal=["liisa"]) is None
    assert price(reader(), "Mmeikala", personal=["meikäläinen"]) == pytest.approx(CASE * 26 * 8 * 2)


# --- Finnish forms ------------------------------------------------------------------------


def test_stem_variants_are_read_near_the_end_only() -> None:
    # Gradation within the last four letters, both ways: t -> tt, t -> d.
    assert _stem_variants("taaa") == ["taaa", "ttaaa", "daaa"]
    assert _stem_variants("taaaa") == ["taaaa"]
    assert _stem_variants("rauda") == ["rauda", "rauta"]
    # Pairs (kk -> k) before single letters (k -> kk), at every place of the window.
    assert _stem_variants("luokk") == ["luokk", "luok", "luokkk", "luokkk", "luokkk"]
    # Nominative shapes: -s -> -nen, -kse -> -s, -e -> -i.
    assert _stem_variants("ihmis") == ["ihmis", "ihminen"]
    assert _stem_variants("putoukse") == [
        "putoukse",
        "putoukkse",
        "putouknen",
        "putous",
        "putouksi",
    ]


@pytest.mark.parametrize(
    ("form", "listed", "guesses"),
    [
        # A listed stem and a case ending: ten times its rank.
        ("kissalla", ["kissa"], 10),
        # A stem of three letters.
        ("kuun", ["kuu"], 10),
        # A stem that lost its last vowel, repaired.
        ("koirissa", ["koira"], 10),
        # A nominative read after an ending: ihmise -> ihminen.
        ("ihmisen", ["ihminen"], 10),
        # The better of two relatives: rauta (rank 1), rauda (rank 3).
        ("rautan", ["rauta", "aaa", "rauda"], 10),
        ("raudan", ["rauda", "aaa", "rauta"], 10),
    ],
)
def test_forms_of_listed_words(form: str, listed: list[str], guesses: float) -> None:
    assert price(reader(*listed), form) == pytest.approx(CASE * guesses)


def test_a_form_keeps_its_words_category() -> None:
    # "kirkk" is shared by listed forms (a cut stem): its repair "kirkko" is the word.
    attack = reader("kirkko", category=C.PLACE)
    assert price(attack, "kirkkin") == pytest.approx(CASE * 10)
    assert category(attack, "kirkkin") == C.PLACE


def test_the_first_of_two_relatives_of_one_rank_keeps_the_category() -> None:
    attack = RuleAttack({C.PLACE: [["rauta"]], C.NAME: [["rauda"]]}, names=[], window=72)
    assert category(attack, "rautan") == C.PLACE


def test_no_ending_no_form() -> None:
    assert reader("kissa").estimate("kissaqzx") is None
    assert reader("kissa").estimate("kissaq") is None


def test_a_stem_keeps_three_letters() -> None:
    # "kussa" is no form of "kuu": the ending "ssa" would leave "ku", two letters, which
    # its repair would make "kuu".
    assert reader("kuu").estimate("kussa") is None
    assert price(reader("kuu"), "kuussa") == pytest.approx(CASE * 10)


@pytest.mark.parametrize(
    ("form", "guesses"),
    [
        # "kesal" is shared by forms of kesäloma (cut stems): 8 letters, cut by 3.
        ("kesalxyz", 10),
        # Cut by 4 at most.
        ("kesalxyzw", 10),
        ("kesalxyzwq", None),
    ],
)
def test_an_unseen_ending_on_a_shared_stem(form: str, guesses: float | None) -> None:
    attack = reader("kesäloma")
    if guesses is None:
        assert attack.estimate(form) is None
    else:
        assert price(attack, form) == pytest.approx(CASE * guesses)


def test_an_unseen_ending_takes_the_best_shared_stem() -> None:
    # "kesalxy" (from the first word, rank 1) is found before "kesal" (only from the
    # second, rank 2): the better rank stays.
    attack = reader("kesalxyzab", "kesalmm")
    assert price(attack, "kesalxyq") == pytest.approx(CASE * 10)
    # "kesal" alone is shared by the second word only.
    assert price(attack, "kesalqqq") == pytest.approx(CASE * 20)


# --- properties ---------------------------------------------------------------------------

_PROPERTY_READER = reader("kissa", "koira", "talo", "kesäloma", "sauna", names=["Matti"])


@st.composite
def _cased_passwords(draw: st.DrawFn) -> str:
    # Words and forms the reader knows, in any case, between affixes of digits and symbols.
    word = draw(st.sampled_from(["kissa", "koirat", "talossa", "kesaloma", "kissakoira", "mmatt"]))
    capitals = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    cased = "".join(char.upper() if up else char for char, up in zip(word, capitals, strict=True))
    affix = st.text(alphabet="0123457!#$-", max_size=5)
    return draw(affix) + cased + draw(affix)


@given(_cased_passwords())
@settings(max_examples=300, deadline=None)
def test_capitals_never_make_a_reading_cheaper(password: str) -> None:
    # Capitals only add case rules (three at least, for lower case too): the same readings,
    # never a cheaper one.
    lower = _PROPERTY_READER.estimate(password.lower())
    as_typed = _PROPERTY_READER.estimate(password)
    assert (lower is None) == (as_typed is None)
    if lower is not None and as_typed is not None:
        assert lower.guesses_log10 <= as_typed.guesses_log10 + 1e-9
        assert lower.guesses_log10 >= math.log10(CASE) - 1e-9
