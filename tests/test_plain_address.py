"""The plain-address fast path answers exactly as email-validator does, or defers to it."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._accounts.plain_address import plain_ascii_domain


def _validator_domain(address: str) -> str | None:
    try:
        result = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        return None
    return str(result.ascii_domain)


# Characters that sit at every edge of the fast path's grammar: atext it accepts and some it
# leaves to email-validator, dots, hyphens, digits, upper case, and a few non-ASCII ones.
_EDGY = "aZ09._%+-@!#$&'*/=?^`{|}~ \"\\(),:;<>[]xn-äÄöÖåÅ\u0308\uff21\u0131\ud800"
_LABEL = st.text("abcXYZ019-", min_size=1, max_size=70)
_TLD = st.sampled_from(
    [
        *("fi", "com", "FI", "org", "c0m", "1fi", "f-i", "x", ""),
        *("test", "local", "invalid", "onion", "localhost", "arpa", "example"),
        *("a" * 63, "a" * 64),
    ]
)
_LOCAL = st.text("abcXYZ019._%+-!#&'*/=?^`{|}~äöåÄÖÅ\u0308é", min_size=0, max_size=70)


@st.composite
def _addresses(draw: st.DrawFn) -> str:
    labels = draw(st.lists(_LABEL, min_size=0, max_size=5))
    domain = ".".join([*labels, draw(_TLD)])
    return f"{draw(_LOCAL)}@{domain}"


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_addresses(), st.text(_EDGY, max_size=40), st.text(max_size=30)))
@example("matti.virtanen@aanekoski.fi")
@example("MATTI@AANEKOSKI.FI")
@example("a@xn--nekoski-4waa.fi")
@example("a@ab--cd.fi")
@example("a@b.test")
@example("a..b@aanekoski.fi")
@example(".a@aanekoski.fi")
@example("a@aanekoski.fi.")
@example("a@-aanekoski.fi")
@example("a@aanekoski-.fi")
@example("a@aanekoski.123")
@example("a@aanekoski")
@example("a" * 65 + "@aanekoski.fi")
@example("ä" * 33 + "@aanekoski.fi")
@example("ä" * 120 + "@" + "b" * 10 + ".fi")
@example("a\u0308@aanekoski.fi")
@example("a@" + "b" * 64 + ".fi")
@example("a@" + ".".join(["b" * 60] * 4) + ".fi")
def test_a_plain_answer_is_email_validators_answer(address: str) -> None:
    plain = plain_ascii_domain(address)
    if plain is not None:
        assert plain == _validator_domain(address)


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("matti.virtanen@aanekoski.fi", "aanekoski.fi"),
        ("Matti.Virtanen+some@Sub.AANEKOSKI.fi", "sub.aanekoski.fi"),
        ("user_1%x@mail-server.example.org", "mail-server.example.org"),
        ("sanna.mäkinen@aanekoski.fi", "aanekoski.fi"),
        ("Åsa.Öst@Sub.Aanekoski.FI", "sub.aanekoski.fi"),
    ],
)
def test_plain_addresses_take_the_fast_path(address: str, domain: str) -> None:
    assert plain_ascii_domain(address) == domain == _validator_domain(address)


@pytest.mark.parametrize(
    "address",
    [
        "matti@äänekoski.fi",  # IDN: email-validator's IDNA work
        "matti@xn--nekoski-4waa.fi",  # Punycode: IDNA's checks
        '"matti virtanen"@aanekoski.fi',  # quoted local part
        "matti@aanekoski.fi.",  # trailing dot: invalid, with email-validator's reason
        "matti@localhost.local",  # special-use name
        "matti@ＡＡＮＥＫＯＳＫＩ.fi",  # fullwidth: normalised by email-validator
        "Matti <matti@aanekoski.fi>",  # display name
        "matti@[127.0.0.1]",  # domain literal
        "a" * 65 + "@aanekoski.fi",  # over the local-part limit
    ],
)
def test_anything_unusual_is_left_to_email_validator(address: str) -> None:
    assert plain_ascii_domain(address) is None


@settings(max_examples=500, deadline=None)
@given(_addresses())
def test_most_generated_valid_addresses_are_plain(address: str) -> None:
    # Not vacuous: among addresses email-validator accepts, the usual shape is answered fast.
    if _validator_domain(address) is not None and len(address.encode()) <= 254:
        local, domain = address.rsplit("@", 1)
        simple_local = all(
            part and set(part) <= set("abcXYZ019_%+-äöåÄÖÅ") for part in local.split(".")
        )
        if (
            simple_local
            and len(local.encode()) <= 64
            and "--" not in domain
            and not domain.split(".")[-1][:1].isdigit()
        ):
            assert plain_ascii_domain(address) == domain.lower()
