"""An unrecognised HR title is judged the same way by the audit, `check`, the Python API and
the HTTP service: bound staff with a `scope.role-recognised` warning by default, or invalid."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from aanekoski_somepolicy import (
    Engine,
    InvalidSubjectError,
    Outcome,
    Severity,
    UnknownRolePolicy,
    parse_subject,
)
from aanekoski_somepolicy._server.app import create_app
from aanekoski_somepolicy._server.settings import ServerSettings

from .conftest import run

ROLE = "kesäläinen"
REGISTRATION: dict[str, Any] = {
    "person_id": "h1",
    "role": ROLE,
    "service": "Instagram",
    "purpose": "vapaa-aika",
    "email": "matti@aanekoski.fi",
}


def _post(classification: str) -> dict[str, Any]:
    """A publication whose author's role is no accepted spelling."""
    return {
        "type": "publication",
        "id": "p1",
        "author": {"id": "h1", "role": "king", "start": "2020-01-01"},
        "published_on": "2026-01-10",
        "classification": classification,
    }


def _warning(findings: list[dict[str, Any]]) -> dict[str, Any]:
    [found] = [f for f in findings if f["check"] == "scope.role-recognised"]
    return found


def test_the_api_evaluates_an_unknown_role_as_bound_staff_with_a_warning() -> None:
    engine = Engine()
    subject = parse_subject(REGISTRATION, roles=engine.roles)
    assert subject.unrecognised_roles == (ROLE,)
    decision = engine.evaluate(subject)
    first = decision.findings[0]
    assert (first.check, first.outcome, first.severity) == (
        "scope.role-recognised",
        Outcome.FAIL,
        Severity.WARNING,
    )
    assert first.facts == {"role": ROLE} and ROLE in first.message.get("fi")
    assert "--role-aliases" in (first.remedy.get("sv") if first.remedy else "")
    # Bound: its real violation is judged, not hidden behind an invalid subject.
    assert not decision.allowed
    assert "R9.leisure-email-not-city-domain" in [f.check for f in decision.failures()]


def test_the_api_can_make_an_unknown_role_invalid() -> None:
    with pytest.raises(InvalidSubjectError) as caught:
        parse_subject(REGISTRATION, unknown_role="invalid")
    assert "role: unknown role 'kesäläinen'" in str(caught.value)
    with pytest.raises(InvalidSubjectError):
        parse_subject(REGISTRATION, unknown_role=UnknownRolePolicy.INVALID)
    with pytest.raises(ValueError):
        parse_subject(REGISTRATION, unknown_role="maybe")


def test_a_known_role_raises_no_warning_and_a_nested_unknown_one_does() -> None:
    engine = Engine()
    known = parse_subject({**REGISTRATION, "role": "kesätyöntekijä"})
    assert known.unrecognised_roles == ()
    assert "scope.role-recognised" not in [f.check for f in engine.evaluate(known).findings]
    subject = parse_subject(_post("public"))
    assert subject.unrecognised_roles == ("king",)
    assert engine.evaluate(subject).findings[0].facts == {"role": "king"}


def _check(*options: str, data: dict[str, Any] = REGISTRATION) -> tuple[int, str, str]:
    import io
    import sys

    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(json.dumps(data).encode()))
    try:
        return run("check", *options)
    finally:
        sys.stdin = stdin


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_check_warns_by_default_and_refuses_when_asked(lang: str) -> None:
    code, out, err = _check("--lang", lang)
    assert code == 1 and err == ""  # denied for the city address, not for the role
    warning = _warning(json.loads(out)["findings"])
    assert warning["severity"] == "warning" and ROLE in warning["message"]
    code, out, err = _check("--lang", lang, "--unknown-role", "invalid")
    assert code == 2 and out == "" and ROLE in err and "Traceback" not in err


def test_check_takes_role_aliases(tmp_path: Path) -> None:
    aliases = tmp_path / "roles.txt"
    aliases.write_text(f"{ROLE} = tyontekija\n", encoding="utf-8")
    code, out, _ = _check("--role-aliases", str(aliases))
    assert code == 1
    assert "scope.role-recognised" not in [f["check"] for f in json.loads(out)["findings"]]


def test_check_and_audit_report_the_same_finding(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "person_id;role;service;purpose;email\n"
        f"h1;{ROLE};Instagram;vapaa-aika;matti@aanekoski.fi\n",
        encoding="utf-8",
    )
    code, out, _ = run("audit", str(export), "--format", "json", "--lang", "en", "--workers", "1")
    audited = _warning(json.loads(out)["results"][0]["findings"])
    checked = _warning(json.loads(_check("--lang", "en")[1])["findings"])
    for key in ("rule", "check", "outcome", "severity", "code", "facts", "message"):
        assert audited[key] == checked[key], key
    code, _, _ = run("audit", str(export), "--unknown-role", "invalid", "--format", "json")
    assert code == 1  # the invalid record counts as a violation, as before


async def _client(settings: ServerSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_the_service_warns_by_default_and_refuses_when_set() -> None:
    async for client in _client(ServerSettings()):
        response = await client.post("/v1/decisions", json=REGISTRATION, params={"lang": "en"})
        assert response.status_code == 200
        assert _warning(response.json()["findings"])["facts"] == {"role": ROLE}
    async for client in _client(ServerSettings(unknown_role="invalid")):  # type: ignore[arg-type]
        response = await client.post("/v1/decisions", json=REGISTRATION, params={"lang": "en"})
        assert response.status_code == 422 and ROLE in response.text


def test_the_service_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ServerSettings().unknown_role == "bound"
    monkeypatch.setenv("SOMEPOLICY_UNKNOWN_ROLE", "invalid")
    assert ServerSettings().unknown_role == "invalid"
    monkeypatch.setenv("SOMEPOLICY_UNKNOWN_ROLE", "ignore")
    with pytest.raises(ValueError):
        ServerSettings()


def test_serve_takes_the_option() -> None:
    from aanekoski_somepolicy._cli.main import build_parser

    args = build_parser().parse_args(["serve", "--unknown-role", "invalid"])
    assert args.unknown_role == "invalid"
    assert build_parser().parse_args(["serve"]).unknown_role is None  # the setting decides


def test_the_audit_judges_an_unknown_author_role_in_json_lines_as_bound(tmp_path: Path) -> None:
    export = tmp_path / "subjects.jsonl"
    export.write_text(json.dumps(_post("secret")) + "\n", encoding="utf-8")
    argv = ("audit", str(export), "--format", "json", "--lang", "en", "--workers", "1")
    code, out, _ = run(*argv)
    [result] = json.loads(out)["results"]
    assert code == 1 and result["status"] == "violation"  # the secret post is judged
    assert _warning(result["findings"])["facts"] == {"role": "king"}
    code, out, _ = run(*argv, "--unknown-role", "invalid")
    assert json.loads(out)["results"][0]["status"] == "invalid"
