"""Per-registration latency of rule 9, against bare zxcvbn() in the same run.

Run: python benchmarks/bench_registration.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import string
import sys
from functools import partial
from pathlib import Path

from zxcvbn import zxcvbn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, percentile, summary, timed

from aanekoski_somepolicy import Engine, parse_subject
from aanekoski_somepolicy._subjects import PASSWORD_INPUT_MAX

WORDS = "kivi järvi hauki lumi metsä karhu tuuli sade pilvi ranta vene kala kuusi koivu polku silta".split()
SEASONS = ["Kesä", "Talvi", "Syksy", "Kevät"]


def typical_passwords(count: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    alphabet = string.ascii_letters + string.digits + "!#%&-_.?"
    for n in range(count):
        kind = n % 4
        if kind == 0:
            out.append(" ".join(rng.sample(WORDS, 4)))
        elif kind == 1:
            out.append(f"{rng.choice(SEASONS)}{rng.randint(2015, 2026)}!")
        elif kind == 2:
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(12, 20))))
        else:
            out.append(f"{rng.choice(WORDS).capitalize()}{rng.choice(WORDS)}{rng.randint(1, 99)}")
    return out


def adversarial_passwords(rng: random.Random) -> list[str]:
    leet = "!$%(+0123456789<@[{|"
    return [
        (leet * 300)[:72],
        (leet * 300)[:PASSWORD_INPUT_MAX],
        "".join(rng.choice(leet + "abcdefä ") for _ in range(PASSWORD_INPUT_MAX)),
        "a" * PASSWORD_INPUT_MAX,
        ("kesä2026" * 600)[:PASSWORD_INPUT_MAX],
        ("äänekoski" * 500)[:PASSWORD_INPUT_MAX],
        "".join(rng.choice(string.printable) for _ in range(PASSWORD_INPUT_MAX)),
        ("19901231" * 600)[:PASSWORD_INPUT_MAX],
        "".join(rng.choice("kesätalviäänekoski0134@$!2026 ") for _ in range(PASSWORD_INPUT_MAX)),
    ]


def registration(password: str, n: int) -> dict[str, object]:
    return {
        "person_id": f"h{n}",
        "first_name": "Matti",
        "last_name": "Virtanen",
        "service": "Facebook",
        "purpose": "leisure",
        "username": f"kalastaja{n}",
        "email": f"matti{n}@example.org",
        "password": password,
        "work_usernames": ["mvirtanen"],
        "work_emails": ["matti.virtanen@aanekoski.fi"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer samples (for smoke runs)")
    args = parser.parse_args()
    rng = random.Random(20261124)
    count = 100 if args.quick else 1000
    typical = typical_passwords(count, rng)
    engine = Engine()
    engine.evaluate(parse_subject(registration("warm up the word lists", 0)))
    subjects = [parse_subject(registration(pw, n)) for n, pw in enumerate(typical)]

    bare: list[float] = []
    ours: list[float] = []
    # Interleave so that machine noise hits both series alike.
    for password, subject in zip(typical, subjects, strict=True):
        bare.append(timed(partial(zxcvbn, password, user_inputs=["matti", "virtanen", "facebook"])))
        ours.append(timed(partial(engine.evaluate, subject)))

    adversarial = [
        parse_subject(registration(pw, n)) for n, pw in enumerate(adversarial_passwords(rng))
    ]
    worst: list[float] = []
    for subject in adversarial:
        worst.append(max(timed(partial(engine.evaluate, subject)) for _ in range(5)))
    bare_72 = timed(lambda: zxcvbn(adversarial_passwords(rng)[0]))

    print(f"machine: {machine()}")
    print(f"typical passwords ({count}), whole registration (7 checks):")
    print(f"  bare zxcvbn():   {summary(bare)}")
    print(f"  somepolicy:      {summary(ours)}")
    ratio50 = percentile(ours, 0.5) / percentile(bare, 0.5)
    ratio99 = percentile(ours, 0.99) / percentile(bare, 0.99)
    print(f"  ratio somepolicy/zxcvbn: p50 {ratio50:.2f}x  p99 {ratio99:.2f}x (budget: <= 1.50x)")
    print(
        f"adversarial inputs up to {PASSWORD_INPUT_MAX} characters ({len(adversarial)} kinds, worst of 5 runs each):"
    )
    print(f"  somepolicy:      {summary(worst)}   (budget: max <= 50 ms)")
    print(
        f"  bare zxcvbn() on the first adversarial input (72 l33t characters): {bare_72 * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
