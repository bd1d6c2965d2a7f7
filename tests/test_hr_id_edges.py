"""HR id comparison (``_accounts/hr_ids.py``): each branch and default pinned for mutation testing."""

from __future__ import annotations

from aanekoski_somepolicy._accounts.hr_ids import hr_id_key, same_hr_id


def test_ids_compare_case_blind_by_default() -> None:
    assert same_hr_id("H100", "h100")
    assert not same_hr_id("H100", "h100", case_sensitive=True)
    assert same_hr_id("H100", "H100", case_sensitive=True)
    assert not same_hr_id("H100", "H101")


def test_unicode_forms_and_surrounding_space_never_make_ids_differ() -> None:
    # Fullwidth letters and digits (NFKC) and a tab or spaces around the id.
    assert same_hr_id("\tＨ１００ ", "h100")
    assert same_hr_id(" Ｈ１００\n", "H100", case_sensitive=True)
    assert hr_id_key(" Ｈ１００ ") == "h100"
    assert hr_id_key(" Ｈ１００ ", case_sensitive=True) == "H100"
    # German sharp s: case folding (not lower-casing) makes "STRASSE" and "straße" one id.
    assert same_hr_id("STRASSE-1", "straße-1")
