"""Regenerate the Finnish word lists shipped in src/aanekoski_somepolicy/data/wordlists.

Usage:
    python scripts/regenerate_wordlists.py [--package-dir DIR]

Sources:
  * fi_common_words.txt, fi_first_names.txt, fi_last_names.txt: the MIT-licensed npm package
    ``@zxcvbn-ts/language-fi`` (fetched with ``npm pack`` unless --package-dir points at an
    unpacked copy). Female and male first names are interleaved so that rank reflects
    popularity in both lists. LICENSE-zxcvbn-ts.txt is copied from the package.
  * fi_common_passwords.txt: compiled by this project from public Finnish password top
    lists and breach coverage (see docs/rule-9.md): the words below, and the base words
    combined with the suffixes people most often append.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import tempfile
from itertools import zip_longest
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "aanekoski_somepolicy" / "data" / "wordlists"
NPM_PACKAGE = "@zxcvbn-ts/language-fi@3.0.2"

BASE_WORDS = """salasana perkele kissa kakka paska qwerty jessekissa aurinko saatana koira hevonen mansikka
mustikka kukkaruukku rakkaus suomi leijona leijonat jokerit tappara hifk kärpät ilves nokia moikka
heippa kaunis enkeli prinsessa muumi muumipeikko sisu sauna metsä kalja olut kossu karhu salainen
tunnussana tervetuloa joulupukki joopajoo sillipurkki höpöhöpö mörkö äiti isä mummo pappa rakastan
kakkapylly pylly vittu pissa homo hattu viina helsinki tampere turku jyväskylä oulu kuopio äänekoski
suolahti pikkuveli pikkusisko kulta kultaseni muru murunen nalle nallekarhu pupu pupujussi kisu
kissanpentu koiranpentu lumi lumiukko talvi kesä syksy kevät joulu juhannus kalle ville mikko matti
teemu jani juha pekka antti timo kari jussi tiina anne sanna laura emma aino""".split()
SUFFIXES = [
    "",
    "1",
    "12",
    "123",
    "1234",
    "12345",
    "123456",
    "!",
    "1!",
    "123!",
    "00",
    "01",
    "666",
    "69",
    "88",
    "99",
    "2000",
    "2010",
    "2015",
    "2020",
    "2023",
    "2024",
    "2025",
    "2026",
]
WHOLE_PASSWORDS = """qwerty123 qwertyuiop qwertyuiopå asdfghjkl asdfghjklö asdfghjklöä 1234qwer qwer1234 123456789 salasana2000
salasana1234 uusisalasana vaihdasalasana vaihdasalasana1 salasana! salasana1! kissa123 kakka123 paska123
perkele666 saatana666 suomi100 suomi1917 suomi2017 nokia3310 moi123 hei123 heimoi jeejee hehe hahaha
ääkkönen kakkakikkare kakkapissa jääkiekko hiihto rakastansua minäitse sinäkin kukkuu tietokone kone
kaupunki aanekoski123 aanekosken aanekoskenkaupunki äänekoskenkaupunki""".split()
HEADER = """# Finnish common passwords, most common first, one per line (lower case).
# Compiled by the aanekoski-somepolicy developers from public Finnish password top lists
# and breach coverage (see docs/rule-9.md); base words combined with the suffixes people
# most often append. Regenerate with scripts/regenerate_wordlists.py.
"""


def finnish_passwords() -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    candidates = [*WHOLE_PASSWORDS, *(word + suffix for suffix in SUFFIXES for word in BASE_WORDS)]
    for word in candidates:
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def merged(*lists: list[str]) -> list[str]:
    seen: set[str] = set()
    words: list[str] = []
    for group in zip_longest(*lists):
        for word in group:
            if word and word.lower() not in seen:
                seen.add(word.lower())
                words.append(word.lower())
    return words


def fetch(package_dir: Path | None, work: Path) -> Path:
    if package_dir is not None:
        return package_dir
    subprocess.run(
        ["npm", "pack", NPM_PACKAGE, "--pack-destination", str(work)],
        check=True,
        capture_output=True,
    )
    archive = next(work.glob("*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    return work / "package"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--package-dir", type=Path, help="an unpacked @zxcvbn-ts/language-fi package"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        package = fetch(args.package_dir, Path(temp))

        def load(name: str) -> list[str]:
            data: list[str] = json.loads((package / "src" / name).read_text(encoding="utf-8"))
            return data

        lists = {
            "fi_common_words.txt": merged(load("commonWords.json")),
            "fi_first_names.txt": merged(
                load("femaleFirstnames.json"), load("maleFirstnames.json")
            ),
            "fi_last_names.txt": merged(load("lastnames.json")),
        }
        for name, words in lists.items():
            (OUT / name).write_text("\n".join(words) + "\n", encoding="utf-8")
        shutil.copyfile(package / "LICENSE.txt", OUT / "LICENSE-zxcvbn-ts.txt")
    (OUT / "fi_common_passwords.txt").write_text(
        HEADER + "\n".join(finnish_passwords()) + "\n", encoding="utf-8"
    )
    print(f"wrote word lists to {OUT}")


if __name__ == "__main__":
    main()
