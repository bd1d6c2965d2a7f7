"""Regenerate fi_word_forms.txt (Finnish inflected word forms by frequency) from wordfreq.

Usage:
    pip install wordfreq==3.1.1 && python scripts/regenerate_word_forms.py

Source: wordfreq 3.1.1 (Robyn Speer et al.; code Apache-2.0, data CC BY-SA 4.0), its Finnish
frequency list, which counts inflected forms as they are written (``espoon``, ``luokan``,
``kesälomalla``). The shipped list keeps the 50,000 most frequent forms of three or more
letters, most frequent first, and leaves out every tenth form (ranks 10, 20, ...): those go
to tests/data/fi_heldout_forms.txt, from which the tests build attacker-style passwords
that the detection has never seen. Both files are CC BY-SA 4.0 (LICENSE-wordfreq.txt).

It also writes tests/data/fi_rare_forms.txt: genuinely rare forms (wordfreq ranks past
100,000, on no list the detection reads, zxcvbn's included), for the passphrases that must be accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

from wordfreq import top_n_list
from zxcvbn import matching

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "aanekoski_somepolicy" / "data" / "wordlists" / "fi_word_forms.txt"
HELD_OUT = ROOT / "tests" / "data" / "fi_heldout_forms.txt"
RARE = ROOT / "tests" / "data" / "fi_rare_forms.txt"
WORDLISTS = OUT.parent
COUNT = 50_000
RARE_FROM = 100_000
RARE_COUNT = 3_000
HEADER = """# Finnish word forms, most frequent first (wordfreq 3.1.1, data CC BY-SA 4.0; see
# LICENSE-wordfreq.txt). Every tenth form is held out for the tests. Regenerate with
# scripts/regenerate_word_forms.py.
"""
RARE_HEADER = """# Rare Finnish word forms (wordfreq 3.1.1 ranks past 100,000, on none of the shipped lists),
# for the passphrases the attacker-style corpus expects accepted. Data CC BY-SA 4.0.
"""
HELD_OUT_HEADER = """# Finnish word forms held out of fi_word_forms.txt (every tenth by frequency), for the
# attacker-style test corpus. wordfreq 3.1.1, data CC BY-SA 4.0.
"""


def _fold(word: str) -> str:
    return word.translate(str.maketrans("äöå", "aoa"))


def _listed() -> set[str]:
    listed = {word for words in matching.FREQUENCY_LISTS.values() for word in words}
    for path in WORDLISTS.glob("*.txt"):
        if not path.name.startswith("LICENSE"):
            listed.update(line.strip().lower() for line in path.read_text("utf-8").splitlines())
    return listed


def main() -> None:
    every = [word for word in top_n_list("fi", 10**6) if re.fullmatch(r"[a-zåäö]{3,}", word)]
    forms = every[:COUNT]
    kept = [word for rank, word in enumerate(forms, 1) if rank % 10]
    held = [word for rank, word in enumerate(forms, 1) if not rank % 10]
    OUT.write_text(HEADER + "\n".join(kept) + "\n", encoding="utf-8")
    HELD_OUT.parent.mkdir(parents=True, exist_ok=True)
    HELD_OUT.write_text(HELD_OUT_HEADER + "\n".join(held) + "\n", encoding="utf-8")
    listed = {_fold(word) for word in _listed() | set(every[:RARE_FROM])}
    pool = [
        word for word in every[RARE_FROM:] if 5 <= len(word) <= 12 and _fold(word) not in listed
    ]
    step = len(pool) // RARE_COUNT
    rare = pool[::step][:RARE_COUNT]
    RARE.write_text(RARE_HEADER + "\n".join(rare) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} forms to {OUT} and {len(held)} to {HELD_OUT}")


if __name__ == "__main__":
    main()
