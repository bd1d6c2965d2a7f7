"""The worker's shared, once-made answers give every record what a fresh evaluation gives.

An audit worker learns each outcome pattern once (its status, coverage and which judgements
are reported), words each out-of-scope judgement once, and shares one scope basis per role
and the checks' fact-less verdicts. These tests judge the same records with every cache
cold and then warm, and compare.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aanekoski_somepolicy._audit import run
from aanekoski_somepolicy._audit.identities import WorkIdentities
from aanekoski_somepolicy._audit.readers import COLUMNS
from aanekoski_somepolicy._findings import Outcome
from aanekoski_somepolicy._i18n import Lang
from aanekoski_somepolicy._messages.render import finding_to_dict
from aanekoski_somepolicy._policy.roles import ROLE_NAMES, Role
from aanekoski_somepolicy._subjects import AccountRegistration, Purpose
from aanekoski_somepolicy._subjects._base import ScopeBasis

from .conftest import TODAY

_ROLES = [names[0] for names in ROLE_NAMES.values()] + ["", "kesätyöntekijä", "tuntematon rooli"]
_TEXT = st.sampled_from(
    ["", "  ", "matti", "matti@aanekoski.fi", "m@example.org", "x(at)äänekoski.fi"]
)

_rows = st.fixed_dictionaries(
    {
        "person_id": st.sampled_from(["h1", "h2", " ", ""]),
        "role": st.sampled_from(_ROLES),
        "service": st.sampled_from(["Facebook", "X", ""]),
        "purpose": st.sampled_from(["työ", "vapaa-aika", "leisure", "huvi"]),
        "username": _TEXT,
        "email": _TEXT,
        "mfa": st.sampled_from(["kyllä", "ei", "", "ehkä"]),
        "unit": st.sampled_from(["", "Tekninen"]),
    }
)
_identities = st.one_of(
    st.none(),
    st.builds(
        lambda names: WorkIdentities(tuple(names), (), lambda: len(names)),
        st.lists(st.sampled_from(["matti", "m@aanekoski.fi"]), min_size=1, max_size=2),
    ),
)


def _cold() -> None:
    run._PATTERNS.clear()
    run._SCOPES.clear()


def _evaluate(rows: list[tuple[dict[str, Any], WorkIdentities | None]], cold: bool) -> list[Any]:
    found = []
    for line, (fields, identities) in enumerate(rows, start=2):
        if cold:
            _cold()
        result, pattern = run._evaluate_registration(line, line, dict(fields), identities)
        found.append((copy.deepcopy(result), pattern))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_rows, _identities), min_size=1, max_size=12))
def test_warm_caches_judge_as_cold_ones(rows: list[tuple[dict[str, Any], Any]]) -> None:
    for lang in (Lang.FI, Lang.EN):
        for every in (False, True):
            run.prepare_engine(run.AuditOptions(on=TODAY, lang=lang, all_findings=every))
            cold = _evaluate(rows, cold=True)
            _evaluate(rows, cold=False)  # every pattern and scope learnt
            assert _evaluate(rows, cold=False) == cold


_REPORTED = (Outcome.FAIL, Outcome.MANUAL_REVIEW, Outcome.INSUFFICIENT_DATA)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_rows, _identities), min_size=1, max_size=12))
def test_learnt_patterns_report_what_the_judgements_say(
    rows: list[tuple[dict[str, Any], Any]],
) -> None:
    for lang in (Lang.FI, Lang.SV):
        for every in (False, True):
            run.prepare_engine(run.AuditOptions(on=TODAY, lang=lang, all_findings=every))
            roles = run._ROLES
            assert roles is not None
            for _ in range(2):  # the second time, every pattern and scope is known
                for fields, identities in rows:
                    data = {k: v for k, v in fields.items() if k not in ("unit", "role")}
                    data["role"] = roles.lookup(fields["role"]) if fields["role"] else None
                    if identities is not None:
                        data["work_usernames"] = identities.usernames
                    try:
                        subject = AccountRegistration.model_validate(data)
                    except ValueError:
                        continue
                    result: dict[str, Any] = {}
                    _, judgements = run._judged_with(result, subject)
                    expected = [
                        finding_to_dict(j.finding(), lang)
                        for j in judgements
                        if every or j.outcome in _REPORTED
                    ]
                    assert result["findings"] == expected
                    if result["status"] == "out-of-scope":
                        first = judgements[0].finding()
                        assert result["scope"] == {
                            "reason": first.code,
                            "role": first.facts.get("role"),
                            "message": first.message.get(lang),
                        }


def test_out_of_scope_results_do_not_share_their_scope() -> None:
    run.prepare_engine(run.AuditOptions(on=TODAY))
    fields = {"person_id": "h1", "role": "luottamushenkilö", "service": "X", "purpose": "työ"}
    first, _ = run._evaluate_registration(2, 2, dict(fields), None)
    second, _ = run._evaluate_registration(3, 3, dict(fields), None)
    assert first["status"] == second["status"] == "out-of-scope"
    assert first["scope"] == second["scope"]
    first["scope"]["reason"] = "changed by a caller"
    assert second["scope"]["reason"] == "role-out-of-scope"
    third, _ = run._evaluate_registration(4, 4, dict(fields), None)
    assert third["scope"]["reason"] == "role-out-of-scope"


def test_scope_basis_is_the_roles_whatever_is_cached() -> None:
    for role in [*Role, None]:
        registration = AccountRegistration(
            person_id="h1", role=role, service="X", purpose=Purpose.WORK
        )
        assert registration.scope_basis() == ScopeBasis(role=role)
        assert registration.scope_basis() is registration.scope_basis()
    # A model built without validation may hold a spelling: its basis is its own.
    built = AccountRegistration.model_construct(role="tyontekija")
    basis = built.scope_basis()
    assert basis.role == "tyontekija" and type(basis.role) is str
    assert (
        type(AccountRegistration.model_construct(role=Role.TYONTEKIJA).scope_basis().role) is Role
    )
    assert basis.on is None and basis.start is None


@settings(max_examples=200, deadline=None)
@given(
    fields=st.dictionaries(
        st.sampled_from([*COLUMNS, "not-a-column"]),
        st.none() | st.sampled_from(["", " ", "h1", "työ"]),
    )
)
def test_fields_read_in_the_worker_are_the_flat_paths(fields: dict[str, Any]) -> None:
    """A part's record, judged where it was read, has the fields that crossing gives."""
    assert run._own_fields(dict(fields)) == run._fields(tuple(map(fields.get, COLUMNS)))
