"""Write the synthetic password-hash sample in examples/hash-audit/ (docs/hash-audit.md).

Every account, name and password is made up. The passwords are chosen so that each check of
``somepolicy audit-hashes`` finds exactly one kind of account, and strong random passwords
and a passphrase of rare words find none. Run: ``python scripts/make_hash_sample.py``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from aanekoski_somepolicy._passwords.nt import nt_hex

OUT = Path(__file__).resolve().parent.parent / "examples" / "hash-audit"
NO_LM = "aad3b435b51404eeaad3b435b51404ee"
# An LM field that is not the empty placeholder (made up: the audit only asks whether one is stored).
SOME_LM = "e52cac67419a9a2238f10713b629b565"

# (account, RID, password, LM stored, first name, last name, role, unit)
ACCOUNTS = [
    (
        "matti.kuusisaari",
        1101,
        "Kuusisaari2026",
        False,
        "Matti",
        "Kuusisaari",
        "työntekijä",
        "Tekninen toimi",
    ),
    ("olli.salmivaara", 1102, "Olli1975!", False, "Olli", "Salmivaara", "viranhaltija", "Hallinto"),
    (
        "liisa.korhonen",
        1103,
        "Kesä2026!",
        False,
        "Liisa",
        "Korhonen",
        "työntekijä",
        "Sivistystoimi",
    ),
    ("pekka.nieminen", 1104, "salasana123", False, "Pekka", "Nieminen", "työntekijä", "Hallinto"),
    ("anna.makinen", 1105, "", False, "Anna", "Mäkinen", "harjoittelija", "Sivistystoimi"),
    (
        "juha.laine",
        1106,
        "Wq9#Lm2vTz7!pXr4",
        False,
        "Juha",
        "Laine",
        "työntekijä",
        "Tekninen toimi",
    ),
    (
        "tuula.heikkinen",
        1107,
        "Wq9#Lm2vTz7!pXr4",
        False,
        "Tuula",
        "Heikkinen",
        "työntekijä",
        "Tekninen toimi",
    ),
    (
        "sami.koskinen",
        1108,
        "vG7#qLp2!xR9wZt4",
        False,
        "Sami",
        "Koskinen",
        "viranhaltija",
        "Hallinto",
    ),
    (
        "maria.lehtonen",
        1109,
        "kirahvi tuuli lyhty sävel",
        False,
        "Maria",
        "Lehtonen",
        "työntekijä",
        "Sivistystoimi",
    ),
    (
        "kalle.ranta",
        1110,
        "Zr8$kN3qWm5!tLb7",
        True,
        "Kalle",
        "Ranta",
        "työntekijä",
        "Tekninen toimi",
    ),
    ("eero.salo", 1111, "Hp4!rT8#nQ2wUe6%", False, "Eero", "Salo", "työntekijä", "Hallinto"),
]
SERVICE = ("svc_backup", "Jd5&vB9@cX1!mF3#")
BREACHED = ["Hp4!rT8#nQ2wUe6%"]


def main() -> None:
    """Write dump.txt, people.csv and breach-ntlm.txt."""
    OUT.mkdir(parents=True, exist_ok=True)
    lines = ["[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)"]
    for account, rid, password, lm, *_ in ACCOUNTS:
        lm_field = SOME_LM if lm else NO_LM
        lines.append(f"AANEKOSKI\\{account}:{rid}:{lm_field}:{nt_hex(password).lower()}:::")
    lines.append("AANEKOSKI\\broken.line:1112:not-a-hash")
    lines.append(f"{SERVICE[0]}:{nt_hex(SERVICE[1]).lower()}")
    (OUT / "dump.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    people = ["username;first_name;last_name;role;unit"]
    for account, _, _, _, first, last, role, unit in ACCOUNTS:
        people.append(f"{account};{first};{last};{role};{unit}")
    (OUT / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    # A tiny NTLM corpus in Have I Been Pwned's layout: the breached hash among made-up ones.
    filler = [hashlib.md5(f"filler {n}".encode()).hexdigest().upper() for n in range(40)]
    corpus = sorted({*filler, *(nt_hex(password) for password in BREACHED)})
    (OUT / "breach-ntlm.txt").write_text(
        "".join(f"{digest}:{(index * 7) % 50 + 1}\n" for index, digest in enumerate(corpus)),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
