"""Attacker-style Finnish passwords, and strong ones, for rule 9's figures (issue 9).

Weak passwords are built the way a cracker's rule engine builds guesses: a base word, then
best64-style rules (capitalise, upper-case, l33t, duplicate, truncate after an initial),
then affixes (years, digit runs, symbol runs). Base words come mostly from forms the
detection never saw (tests/data/fi_heldout_forms.txt, every tenth wordfreq form), plus
names, places, calendar words, service names and pairs or compounds of words.

Strong passwords are uniformly random strings and passphrases of four or five genuinely
rare words (tests/data/fi_rare_forms.txt: wordfreq ranks past 100,000, on none of the
lists the detection reads), so acceptance is measured on words the lists do not know.

Run ``python -m tests.attack_corpus`` for the figures quoted in docs/rule-9.md.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

from aanekoski_somepolicy import default_policy
from aanekoski_somepolicy._passwords.judge import PasswordJudge, judge_for

DATA = Path(__file__).parent / "data"
WORDLISTS = Path(__file__).parents[1] / "src" / "aanekoski_somepolicy" / "data" / "wordlists"
SERVICES = ["facebook", "instagram", "twitter", "tiktok", "linkedin", "youtube", "google"]


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _sources() -> dict[str, list[str]]:
    params = default_policy().parameters.password
    held_out = _lines(DATA / "fi_heldout_forms.txt")
    return {
        "held_out": held_out[:3000],
        "first": _lines(WORDLISTS / "fi_first_names.txt")[:1000],
        "last": _lines(WORDLISTS / "fi_last_names.txt")[:2000],
        "places": list(params.places),
        "calendar": [*params.seasons, *params.months, *params.weekdays],
        "services": SERVICES,
        "rare": _lines(DATA / "fi_rare_forms.txt"),
    }


_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def _mangle(word: str, rng: random.Random) -> str:
    rule = rng.randrange(6)
    if rule == 0:
        word = word.capitalize()
    elif rule == 1:
        word = word.upper()
    elif rule == 2:
        word = "".join(_LEET.get(c, c) if rng.random() < 0.6 else c for c in word)
    elif rule == 3:
        word = word.capitalize().replace("a", "@").replace("s", "$")
    elif rule == 4:
        word = word + word if len(word) < 7 else word.capitalize()
    return word


def _symbols(rng: random.Random) -> str:
    return rng.choice("!?#*.@$") * rng.randint(1, 4) if rng.random() < 0.85 else "!?"


def _affix(rng: random.Random) -> str:
    """One of the suffix shapes of best64-style rules and password-policy habits."""
    kind = rng.randrange(6)
    year = str(rng.randint(1960, 2029))
    if kind == 0:
        return year + _symbols(rng)
    if kind == 1:
        return "123456789"[: rng.randint(1, 8)]
    if kind == 2:
        return year
    if kind == 3:
        return f"{rng.randint(0, 99):02}" + _symbols(rng)
    if kind == 4:
        return _symbols(rng)
    return year[2:] + _symbols(rng)


def _base(rng: random.Random, src: dict[str, list[str]]) -> str:
    kind = rng.randrange(10)
    if kind <= 3:
        return rng.choice(src["held_out"])
    if kind == 4:
        return rng.choice(src["first"] + src["last"])
    if kind == 5:
        return rng.choice(src["places"] + src["calendar"] + src["services"])
    if kind == 6:  # a pair of frequent words, or a compound
        return rng.choice(src["held_out"][:1500]) + rng.choice(src["held_out"][:1500])
    if kind == 7:
        return rng.choice(src["calendar"]) + rng.choice(["loma", "päivä", "ilta", "aamu"])
    if kind == 8:  # a name cut short after an initial
        first, last = rng.choice(src["first"]), rng.choice(src["last"])
        return first[0] + last[: rng.randint(4, 8)]
    return rng.choice(src["held_out"]) + rng.choice(src["places"])


def weak_passwords(count: int, *, mfa: bool, seed: int = 15) -> list[str]:
    """Attacker-style passwords of 8-14 (``mfa``) or 15+ characters."""
    rng = random.Random(seed + mfa)
    src = _sources()
    low, high = (8, 14) if mfa else (15, 40)
    out: list[str] = []
    while len(out) < count:
        base = _base(rng, src)
        if not mfa and len(base) < 9:
            base += rng.choice(src["held_out"][:1500])  # a pair, to reach the length
        password = _mangle(base, rng) + _affix(rng)
        if low <= len(password) <= high:
            out.append(password)
    return out


def strong_passwords(count: int, seed: int = 16) -> list[str]:
    """Random strings of 15+ characters and passphrases of four or more rare words."""
    rng = random.Random(seed)
    rare = _sources()["rare"]
    alphabet = string.ascii_letters + string.digits + "!#%&-_.?@$*+"
    out: list[str] = []
    for n in range(count):
        if n % 2:
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(15, 24))))
        else:
            words = rng.sample(rare, rng.randint(4, 5))
            out.append(rng.choice([" ", "-", "", "."]).join(words))
    return out


def rejected(judge: PasswordJudge, password: str, *, mfa: bool) -> bool:
    verdict = judge.judge(password, mfa=mfa)
    return not (
        verdict.length_ok and verdict.blocklist is None and verdict.context_ok and verdict.score_ok
    )


def figures(count: int = 1000) -> dict[str, float]:
    judge = judge_for(default_policy().parameters.password)
    long_weak = weak_passwords(count, mfa=False)
    short_weak = weak_passwords(count, mfa=True)
    strong = strong_passwords(count)
    return {
        "weak 15+ without MFA rejected": sum(rejected(judge, p, mfa=False) for p in long_weak)
        / count,
        "weak 8-14 with MFA rejected": sum(rejected(judge, p, mfa=True) for p in short_weak)
        / count,
        "strong accepted": sum(not rejected(judge, p, mfa=False) for p in strong) / count,
    }


if __name__ == "__main__":
    for name, value in figures().items():
        print(f"{name}: {value:.1%}")
