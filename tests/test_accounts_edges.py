"""Addresses and usernames (``_accounts/``): edges that mutation testing showed unpinned."""

from __future__ import annotations

from pathlib import Path

import pytest
from email_validator import EmailNotValidError, validate_email

from aanekoski_somepolicy import PolicyError
from aanekoski_somepolicy._accounts import usernames
from aanekoski_somepolicy._accounts.email import CityDomains, invalid_reason


def test_an_address_outside_the_plain_fast_path_is_validated_with_unicode_allowed() -> None:
    # "ü" is not among the characters the fast path takes: email-validator answers.
    domains = CityDomains(["aanekoski.fi"])
    leisure = domains.inspect("müller@gmail.com", expect_address=True)
    assert (leisure.city_domain, leisure.invalid_reason) == (None, None)
    work = domains.inspect("müller@aanekoski.fi", expect_address=True)
    assert (work.city_domain, work.invalid_reason) == ("aanekoski.fi", None)
    idn = CityDomains(["äänekoski.fi"]).inspect("müller@ÄÄNEKOSKI.fi", expect_address=True)
    assert idn.city_domain == "äänekoski.fi"


def test_an_error_no_phrase_names_is_not_an_address() -> None:
    with pytest.raises(EmailNotValidError) as caught:
        validate_email("\u200bmatti@gmail.com", check_deliverability=False)
    assert invalid_reason(caught.value) == "address-not-an-address"
    inspection = CityDomains(["aanekoski.fi"]).inspect("\u200bmatti@gmail.com", expect_address=True)
    assert inspection.invalid_reason == "address-not-an-address"


def test_an_invalid_city_domain_names_the_parameter_and_the_start_of_the_value() -> None:
    domain = "a" * 59 + "!!" + "tail.fi"
    with pytest.raises(PolicyError) as caught:
        CityDomains(["aanekoski.fi", domain])
    (problem,) = caught.value.problems
    assert problem.location == "parameters.accounts.city_mail_domains"
    # The value is shown cut to 60 characters, quoted.
    assert repr(domain[:60]) in str(problem.message)
    assert repr(domain[:61]) not in str(problem.message)
    assert caught.value.summary
    assert str(caught.value).startswith(str(caught.value.summary))


def test_the_shipped_prototype_table_is_the_one_read() -> None:
    shipped = Path(usernames.__file__).parents[1] / "data" / usernames.PROTOTYPES_NAME
    assert usernames._shipped_text() == shipped.read_text("utf-8")


def test_an_error_about_the_domain_is_named_so_whatever_its_capitals() -> None:
    # email-validator starts this message with "After the @-sign": a domain problem too.
    with pytest.raises(EmailNotValidError) as caught:
        validate_email("matti@" + "b" * 70 + ".fi", check_deliverability=False)
    assert str(caught.value).startswith("After the @-sign")
    assert invalid_reason(caught.value) == "address-bad-domain"
