"""Fuzz target: the e-mail and username checks of rule 9.

Run: ``python fuzz/fuzz_accounts.py -max_total_time=60 fuzz/corpus/accounts``

The input is split into four texts (username, e-mail, work username, work e-mail). The
address inspection, the identity key and both rule 9 account checks must answer on any
text without raising.
"""

from __future__ import annotations

import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from aanekoski_somepolicy import Engine, InvalidSubjectError, parse_subject
    from aanekoski_somepolicy._accounts.email import CityDomains
    from aanekoski_somepolicy._accounts.usernames import identity_key, work_identity_matches

ENGINE = Engine()
DOMAINS = CityDomains(["aanekoski.fi", "äänekoski.fi"])
ON = date(2026, 11, 24)
CHECKS = ("R9.leisure-email-not-city-domain", "R9.separate-work-leisure-usernames")


def test_one_input(data: bytes) -> None:
    """Inspect and compare four texts taken from the input."""
    fuzz = atheris.FuzzedDataProvider(data)
    texts = [fuzz.ConsumeUnicodeNoSurrogates(fuzz.ConsumeIntInRange(0, 400)) for _ in range(4)]
    username, email, work_username, work_email = texts
    for text in texts:
        DOMAINS.inspect(text, expect_address=True)
        DOMAINS.inspect(text, expect_address=False)
        key = identity_key(text)
        if "@" not in key and identity_key(key) != key:
            raise AssertionError("identity key is not canonical")
    work_identity_matches(username, [work_username], [work_email])
    try:
        subject = parse_subject(
            {
                "person_id": "h1",
                "service": "fuzz",
                "purpose": "leisure",
                "username": username,
                "email": email,
                "work_usernames": [work_username],
                "work_emails": [work_email],
            }
        )
    except InvalidSubjectError:
        return
    decision = ENGINE.evaluate(subject, on=ON)
    found = {finding.check for finding in decision.findings}
    if not set(CHECKS) <= found:
        raise AssertionError("an account check gave no finding")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
