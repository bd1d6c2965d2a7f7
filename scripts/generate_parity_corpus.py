"""Generate tests/data/zxcvbn_parity.jsonl: passwords with stock zxcvbn 4.5.0's guesses.

Usage:
    python scripts/generate_parity_corpus.py [--count N] [--seed S]

Each line is a JSON array ``[password, user_inputs, guesses]``: ``guesses`` is
``zxcvbn.zxcvbn(password, user_inputs)["guesses"]``, the most the project's estimate may
answer (tests/test_strength_parity.py). The passwords mix English and Finnish words, names,
dates, keyboard walks and random strings, with l33t substitutions (mixed readings of 1, | and
7 included), capitals, digits and symbols. Stock zxcvbn enumerates l33t tables exponentially,
so l33t-heavy passwords are kept to 24 characters; the rest go up to zxcvbn's 72.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path

import zxcvbn
from zxcvbn import matching

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "zxcvbn_parity.jsonl"
WORDLISTS = ROOT / "src" / "aanekoski_somepolicy" / "data" / "wordlists"
WALKS = ["qwerty", "asdfgh", "zxcvbn", "qwertyuiop", "1qaz2wsx", "poiuyt", "asdf", "zaq12wsx"]
SYMBOLS = "!#%&-_.?@$*+"
UNICODE = "äöåÄÖÅİıßéñΣσς"


def words(name: str, limit: int) -> list[str]:
    lines = (WORDLISTS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")][:limit]


def leet(word: str, rng: random.Random, rate: float) -> str:
    out = []
    for char in word:
        options = matching.L33T_TABLE.get(char.lower())
        out.append(rng.choice(options) if options and rng.random() < rate else char)
    return "".join(out)


def case(word: str, rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return word.capitalize()
    if kind == 1:
        return word.upper()
    if kind == 2:
        return "".join(c.upper() if rng.random() < 0.3 else c for c in word)
    return word


def password(rng: random.Random, pools: dict[str, list[str]]) -> tuple[str, list[str]]:
    kind = rng.randrange(10)
    user: list[str] = []
    if rng.random() < 0.3:
        user = [rng.choice(pools["first"]), rng.choice(pools["last"]), "facebook"]
    if kind == 0:  # random printable, up to 72
        alphabet = string.ascii_letters + string.digits + SYMBOLS
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 72))), user
    if kind == 1:  # l33t word(s), short: stock zxcvbn is exponential on these
        text = "".join(leet(rng.choice(pools["en"] + pools["fi"]), rng, 0.6) for _ in range(2))
        return text[:24], user
    if kind == 2:  # date forms
        y, m, d = rng.randint(1950, 2030), rng.randint(1, 12), rng.randint(1, 28)
        sep = rng.choice(["", ".", "-", "/"])
        forms = [f"{d}{sep}{m}{sep}{y}", f"{d:02}{sep}{m:02}{sep}{y % 100:02}", f"{y}{m:02}{d:02}"]
        return rng.choice(pools["fi"]) + rng.choice(forms), user
    if kind == 3:  # keyboard walks
        return case(rng.choice(WALKS), rng) + str(rng.randint(0, 9999)), user
    if kind == 4:  # names, with the user's own names sometimes
        name = rng.choice(user[:2] if user else pools["first"])
        return case(name, rng) + rng.choice(["", str(rng.randint(1, 99)), "!", "2026"]), user
    if kind == 5:  # passphrases, up to 72
        count = rng.randint(2, 6)
        sep = rng.choice([" ", "", "-", "."])
        text = sep.join(rng.choice(pools["en"] + pools["fi"]) for _ in range(count))
        return text[:72], user
    if kind == 6:  # word + year + symbols, light l33t, any length up to 40
        word = leet(case(rng.choice(pools["fi"]), rng), rng, 0.2)
        tail = str(rng.randint(1990, 2030)) + rng.choice(SYMBOLS) * rng.randint(0, 4)
        return (word + tail)[:40], user
    if kind == 7:  # Unicode and case-changing characters
        word = rng.choice(pools["fi"])
        pos = rng.randrange(len(word) + 1)
        return word[:pos] + rng.choice(UNICODE) + word[pos:] + str(rng.randint(0, 99)), user
    if kind == 8:  # repeats
        base = rng.choice(pools["en"] + pools["fi"])[:6]
        return (base * rng.randint(2, 6))[:72], user
    # sequences and digits
    start = rng.randint(0, 5)
    return "".join(str((start + k) % 10) for k in range(rng.randint(3, 12))) + case(
        rng.choice(pools["en"]), rng
    ), user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    english = list(matching.FREQUENCY_LISTS["english_wikipedia"][:5000])
    pools = {
        "en": english,
        "fi": words("fi_common_words.txt", 5000),
        "first": words("fi_first_names.txt", 2000),
        "last": words("fi_last_names.txt", 5000),
    }
    seen: set[str] = set()
    lines: list[str] = []
    while len(lines) < args.count:
        text, user = password(rng, pools)
        if not text or text in seen:
            continue
        seen.add(text)
        guesses = float(zxcvbn.zxcvbn(text, user_inputs=user)["guesses"])
        lines.append(json.dumps([text, user, guesses], ensure_ascii=False))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} passwords to {OUT}")


if __name__ == "__main__":
    main()
