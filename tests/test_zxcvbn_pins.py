"""Pin the zxcvbn 4.5.0 internals rule 9 relies on, so an upgrade that changes them fails.

The estimator calls ``matching.spatial_match``, ``sequence_match``, ``regex_match``
(``REGEXEN``), ``date_match``, reads ``L33T_TABLE``, ``RANKED_DICTIONARIES`` and
``FREQUENCY_LISTS``, and prices matches with ``scoring.estimate_guesses``,
``MIN_GUESSES_BEFORE_GROWING_SEQUENCE`` and ``time_estimates.guesses_to_score``. Each pin
checks behaviour through a freshly built estimator where it can; the last test simulates
six internal changes and shows each makes a pin fail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from zxcvbn import matching, scoring, time_estimates

from aanekoski_somepolicy._passwords.leet import SUBSTITUTES
from aanekoski_somepolicy._passwords.strength import GuessEstimator

L33T = {
    "a": ["4", "@"],
    "b": ["8"],
    "c": ["(", "{", "[", "<"],
    "e": ["3"],
    "g": ["6", "9"],
    "i": ["1", "!", "|"],
    "l": ["1", "|", "7"],
    "o": ["0"],
    "s": ["$", "5"],
    "t": ["+", "7"],
    "x": ["%"],
    "z": ["2"],
}
DICTIONARIES = {
    "passwords": 30_000,
    "english_wikipedia": 30_000,
    "female_names": 3_700,
    "surnames": 10_000,
    "us_tv_and_film": 19_000,
    "male_names": 980,
}


_BUILT: dict[int, GuessEstimator] = {}


def fresh() -> GuessEstimator:
    """An estimator built from zxcvbn's dictionaries as they are now (rebuilt if replaced)."""
    key = id(matching.RANKED_DICTIONARIES)
    if key not in _BUILT:
        _BUILT[key] = GuessEstimator({}, window=72)
    return _BUILT[key]


def spans(matches: list[dict[str, Any]], pattern: str) -> set[tuple[int, int]]:
    return {(m["i"], m["j"]) for m in matches if m["pattern"] == pattern}


def pin_l33t() -> None:
    assert matching.L33T_TABLE == L33T
    assert {c for chars in matching.L33T_TABLE.values() for c in chars} == set(SUBSTITUTES)
    assert fresh().estimate("p4ssw0rd").guesses < 100


def pin_spatial() -> None:
    assert (0, 9) in spans(matching.spatial_match("qwertyuiop"), "spatial")
    assert fresh().estimate("zxcvbnm,./").guesses < 1e6


def pin_sequence() -> None:
    assert (0, 7) in spans(matching.sequence_match("abcdefgh"), "sequence")
    assert fresh().estimate("mnopqrstu").guesses < 1e4


def pin_date() -> None:
    assert (0, 9) in spans(matching.date_match("13.05.1990"), "date")
    assert fresh().estimate("13.05.1990").guesses < 1e6


def pin_recent_year() -> None:
    assert (0, 3) in spans(matching.regex_match("2015"), "regex")
    assert fresh().estimate("x2015").guesses < 1e5


def pin_dictionaries() -> None:
    sizes = {name: len(words) for name, words in matching.RANKED_DICTIONARIES.items()}
    for name, size in DICTIONARIES.items():
        assert sizes.get(name, 0) >= size, name
    for word in ("dragon", "mississippi", "jennifer", "smith", "friends", "michael"):
        assert fresh().estimate(word).guesses < 1e4, word


def pin_scoring() -> None:
    assert scoring.MIN_GUESSES_BEFORE_GROWING_SEQUENCE == 10_000
    match = {"pattern": "dictionary", "token": "hello", "rank": 5, "i": 0, "j": 4}
    assert scoring.estimate_guesses(match, "hello") == 5
    thresholds = [(1e3, 0), (1e3 + 6, 1), (1e6 + 6, 2), (1e8 + 6, 3), (1e10 + 6, 4)]
    assert [time_estimates.guesses_to_score(g) for g, _ in thresholds] == [s for _, s in thresholds]


PINS: list[Callable[[], None]] = [
    pin_l33t,
    pin_spatial,
    pin_sequence,
    pin_date,
    pin_recent_year,
    pin_dictionaries,
    pin_scoring,
]


@pytest.mark.parametrize("pin", PINS, ids=lambda pin: pin.__name__)
def test_pin_holds(pin: Callable[[], None]) -> None:
    pin()


def _none(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    return []


SIMULATED: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "l33t table dropped": lambda mp: mp.setattr(matching, "L33T_TABLE", {}),
    "spatial matcher dropped": lambda mp: mp.setattr(matching, "spatial_match", _none),
    "sequence matcher dropped": lambda mp: mp.setattr(matching, "sequence_match", _none),
    "date matcher dropped": lambda mp: mp.setattr(matching, "date_match", _none),
    "recent-year matcher dropped": lambda mp: mp.setattr(matching, "regex_match", _none),
    "one dictionary only": lambda mp: mp.setattr(
        matching,
        "RANKED_DICTIONARIES",
        {"passwords": matching.RANKED_DICTIONARIES["passwords"]},
    ),
    "growing-sequence constant changed": lambda mp: mp.setattr(
        scoring, "MIN_GUESSES_BEFORE_GROWING_SEQUENCE", 100
    ),
}


@pytest.mark.parametrize("change", sorted(SIMULATED))
def test_each_simulated_upgrade_breaks_a_pin(monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    SIMULATED[change](monkeypatch)
    failed = []
    for pin in PINS:
        try:
            pin()
        except AssertionError:
            failed.append(pin.__name__)
    assert failed, f"{change}: no pin failed"
