"""The HTTP service: in-process over the ASGI transport, and one real server on loopback."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from jsonschema import Draft202012Validator
from pydantic import SecretStr

from aanekoski_somepolicy import SubjectType
from aanekoski_somepolicy._server.app import create_app
from aanekoski_somepolicy._server.decision_log import DECISION_LOGGER
from aanekoski_somepolicy._server.settings import ServerSettings

from .conftest import CANARY, README_REGISTRATION
from .test_secrets import assert_clean

pytestmark = pytest.mark.anyio

REGISTRATION = README_REGISTRATION  # README's example: examples/registration.json


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async for item in client_for(create_app(ServerSettings(log_salt=SecretStr("test-salt")))):
        yield item


@pytest.fixture
async def audit_client() -> AsyncIterator[httpx.AsyncClient]:
    async for item in client_for(create_app(ServerSettings(mode="audit"))):  # type: ignore[arg-type]
        yield item


def is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "errors"} <= set(body)
    return body


async def test_a_registration_is_decided(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/decisions", json=REGISTRATION, params={"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "enforce"
    assert body["allowed"] is False and body["policy_allowed"] is False
    assert {"R9.password-min-length", "R9.leisure-email-not-city-domain"} <= set(
        body["rejected_by"]
    )
    assert body["subject"] == {"type": "account-registration", "id": "h1234"}
    assert "too short" in json.dumps(body)


async def test_any_subject_type_is_decided(client: httpx.AsyncClient) -> None:
    person = {"type": "person", "id": "h1", "role": "sivari", "start": "2020-01-01"}
    response = await client.post("/v1/decisions", json=person)
    assert response.status_code == 200
    assert response.json()["subject"]["type"] == "person"


async def test_audit_mode_allows_and_says_what_would_be_rejected(
    audit_client: httpx.AsyncClient,
) -> None:
    body = (await audit_client.post("/v1/decisions", json=REGISTRATION)).json()
    assert body["mode"] == "audit"
    assert body["allowed"] is True
    assert body["policy_allowed"] is False
    assert "R9.password-min-length" in body["rejected_by"]


async def test_every_field_problem_is_listed_without_the_password(
    client: httpx.AsyncClient,
) -> None:
    bad = {**REGISTRATION, "person_id": "", "purpose": "holiday", "mfa": "maybe", "x": CANARY}
    bad["password"] = CANARY
    body = is_problem(await client.post("/v1/decisions", json=bad), 422)
    pointers = {error["pointer"] for error in body["errors"]}
    assert pointers == {"/person_id", "/purpose", "/mfa", "/x"}
    assert_clean(json.dumps(body))


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400),
        (b'{"person_id": ' + b"1" * 5000 + b"}", "application/json", 400),
        (b"person_id=h1", "application/x-www-form-urlencoded", 415),
        (b"{" + b" " * (70 * 1024) + b"}", "application/json", 413),
    ],
)
async def test_bad_bodies_are_problems(
    client: httpx.AsyncClient, content: bytes, content_type: str, status: int
) -> None:
    response = await client.post(
        "/v1/decisions", content=content, headers={"content-type": content_type}
    )
    body = is_problem(response, status)
    if content.endswith(b"1}"):
        # the service's default language: Finnish
        assert body["detail"] == "luku on liian pitkä"
        assert response.headers["content-language"] == "fi"


async def test_body_limit_holds_without_content_length(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 1024

    response = await client.post(
        "/v1/decisions", content=chunks(), headers={"content-type": "application/json"}
    )
    is_problem(response, 413)


async def test_oversized_fields_keep_their_bounds(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/decisions", json={**REGISTRATION, "password": "x" * 5000})
    body = is_problem(response, 422)
    assert body["type"].endswith("/input-too-large")


async def test_catalog_rule_element_scope_and_schemas(client: httpx.AsyncClient) -> None:
    catalog = (await client.get("/v1/rules", params={"lang": "sv"})).json()
    assert [rule["id"] for rule in catalog["rules"]][:2] == ["R1", "R2"]
    rule = (await client.get("/v1/rules/R9")).json()
    assert rule["id"] == "R9"
    element = (await client.get("/v1/rules/r9.password-min-length")).json()
    assert [e["id"] for e in element["elements"]] == ["R9.password-min-length"]
    is_problem(await client.get("/v1/rules/R99"), 404)
    scope = await client.get(
        "/v1/scope", params={"role": "sivari", "started": "2020-01-01", "ended": "2021-01-01"}
    )
    assert scope.status_code == 200
    assert scope.json()["role"] == "siviilipalvelusvelvollinen"
    is_problem(await client.get("/v1/scope", params={"role": "pilot"}), 422)
    bad_dates = {"role": "sivari", "started": "2021-01-01", "ended": "2020-01-01"}
    is_problem(await client.get("/v1/scope", params=bad_dates), 422)
    schema = (await client.get("/v1/schemas/account-registration")).json()
    assert Draft202012Validator(schema).is_valid(REGISTRATION)
    is_problem(await client.get("/v1/schemas/spaceship"), 422)


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok", "policy": None}
    ready = (await client.get("/readyz")).json()
    assert ready["status"] == "ready"
    assert ready["policy"]["id"] == "aanekoski-some-ohje"


async def test_not_ready_before_warm_up() -> None:
    app = create_app(ServerSettings())
    transport = httpx.ASGITransport(app=app)  # no lifespan: the word lists are not loaded
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        is_problem(await client.get("/readyz"), 503)


async def test_password_feedback(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/password-feedback",
        json={"password": CANARY[:9], "service": "Facebook"},
        params={"lang": "en"},
    )
    body = response.json()
    assert body["acceptable"] is False
    assert body["reasons"][0]["code"] == "too-short"
    assert_clean(response.text)
    missing = await client.post("/v1/password-feedback", json={"service": "x"})
    assert is_problem(missing, 422)["errors"][0]["pointer"] == "/body/password"


async def test_decision_log_lines_mask_identities(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=DECISION_LOGGER)
    await client.post("/v1/decisions", json={**REGISTRATION, "password": CANARY})
    (record,) = [r for r in caplog.records if r.name == DECISION_LOGGER]
    line = json.loads(record.getMessage())
    assert set(line) == {
        "time",
        "event",
        "policy",
        "subject_type",
        "decision",
        "mode",
        "failing_checks",
        "latency_ms",
        "subject",
        "username",
    }
    assert line["decision"] == "deny"
    assert line["subject"] != "h1234" and len(line["subject"]) == 16
    assert "matti" not in record.getMessage().lower()
    assert_clean(record.getMessage())


async def test_decision_log_can_drop_identities(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=DECISION_LOGGER)
    app = create_app(ServerSettings(log_identities="drop"))  # type: ignore[arg-type]
    async for client in client_for(app):
        await client.post("/v1/decisions", json=REGISTRATION)
    (record,) = [r for r in caplog.records if r.name == DECISION_LOGGER]
    line = json.loads(record.getMessage())
    assert "subject" not in line and "username" not in line


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOMEPOLICY_MODE", "audit")
    monkeypatch.setenv("SOMEPOLICY_PORT", "9123")
    monkeypatch.setenv("SOMEPOLICY_LANG", "sv")
    settings = ServerSettings()
    assert (settings.mode, settings.port, settings.lang) == ("audit", 9123, "sv")
    assert settings.host == "127.0.0.1"
    assert ServerSettings(port=9000).port == 9000  # an option beats the environment


def test_openapi_document_is_complete() -> None:
    document = create_app(ServerSettings()).openapi()
    paths = document["paths"]
    assert {
        "/v1/decisions",
        "/v1/password-feedback",
        "/v1/rules",
        "/v1/rules/{rule_id}",
        "/v1/scope",
        "/v1/schemas/{subject_type}",
        "/healthz",
        "/readyz",
    } <= set(paths)
    body = paths["/v1/decisions"]["post"]["requestBody"]["content"]["application/json"]
    # One schema per subject type the engine evaluates.
    assert len(body["schema"]["oneOf"]) == len(SubjectType)
    assert "422" in paths["/v1/decisions"]["post"]["responses"]
    assert "$defs" not in json.dumps(document)


# One real server on an ephemeral loopback port.

_RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


@pytest.fixture
def real_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path, Path]]:
    """`somepolicy serve --port 0`: the kernel picks a free port, and uvicorn says which.

    Options to add come from the test's indirect parameter (none by default).
    """
    extra: list[str] = getattr(request, "param", [])
    decisions = tmp_path / "decisions.jsonl"
    stderr = tmp_path / "stderr.txt"
    env = {**os.environ, "SOMEPOLICY_LOG_SALT": "s3", "SOMEPOLICY_MODE": "enforce"}
    with stderr.open("wb") as err:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aanekoski_somepolicy",
                "serve",
                "--port",
                "0",
                "--decision-log",
                str(decisions),
                *extra,
            ],
            stdout=err,
            stderr=err,
            env=env,
        )
        try:
            deadline = time.monotonic() + 30
            base = None
            while True:
                assert process.poll() is None, stderr.read_text()
                assert time.monotonic() < deadline, "the server did not become ready"
                found = _RUNNING.search(stderr.read_text(encoding="utf-8", errors="replace"))
                if found:
                    base = found.group(1)
                    if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                        break
                time.sleep(0.1)
            yield base, decisions, stderr
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.anyio(False)
@pytest.mark.parametrize("real_server", [["--access-log"]], indirect=True)
def test_real_server_on_loopback(real_server: tuple[str, Path, Path]) -> None:
    base, decisions, stderr = real_server
    response = httpx.post(base + "/v1/decisions", json={**REGISTRATION, "password": CANARY})
    assert response.status_code == 200
    assert response.json()["allowed"] is False
    bad = httpx.post(base + "/v1/decisions", json={**REGISTRATION, "password": CANARY, "mfa": 7})
    assert bad.status_code == 422
    assert_clean(response.text + bad.text)
    time.sleep(0.2)
    lines = decisions.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["decision"] == "deny"
    logged = stderr.read_text(encoding="utf-8")
    assert "POST /v1/decisions" in logged  # the access log: request lines only
    assert_clean(logged + "\n".join(lines))


@pytest.mark.anyio(False)
def test_the_access_log_is_off_by_default(real_server: tuple[str, Path, Path]) -> None:
    base, decisions, stderr = real_server
    assert httpx.post(base + "/v1/decisions", json=REGISTRATION).status_code == 200
    assert httpx.get(base + "/v1/rules").status_code == 200
    time.sleep(0.2)
    # The decision log has the decision; no request line was written.
    assert len(decisions.read_text(encoding="utf-8").splitlines()) == 1
    logged = stderr.read_text(encoding="utf-8")
    assert "Uvicorn running" in logged
    assert "POST /v1/decisions" not in logged and "GET /v1/rules" not in logged


def test_serve_reports_bad_settings_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from .conftest import run

    monkeypatch.setenv("SOMEPOLICY_PORT", "not-a-port")
    status, _, err = run("serve")
    assert status == 2
    assert "virheelliset palvelun asetukset" in err and "port" in err
    assert "Traceback" not in err
    monkeypatch.delenv("SOMEPOLICY_PORT")
    status, _, err = run("--policy", str(tmp_path / "missing.toml"), "serve")
    assert status == 2
    assert "missing.toml" in err and "Traceback" not in err
    status, _, err = run("serve", "--mode", "lenient")
    assert status == 2


async def test_the_engine_is_injected_and_can_be_overridden(tmp_path: Path) -> None:
    import hashlib

    from aanekoski_somepolicy import Engine
    from aanekoski_somepolicy._server.app import get_engine

    password = "kuusi pientä hevosta laukkaa rannalla"
    corpus = tmp_path / "pwned.txt"
    corpus.write_text(hashlib.sha1(password.encode()).hexdigest().upper() + ":3\n")
    app = create_app(ServerSettings())
    app.dependency_overrides[get_engine] = lambda: Engine(breach_corpus=corpus)
    async for client in client_for(app):
        body = (
            await client.post("/v1/decisions", json={**REGISTRATION, "password": password})
        ).json()
    assert "R9.password-not-breached" in body["rejected_by"]


async def test_the_engine_is_the_services_and_can_be_replaced(tmp_path: Path) -> None:
    import hashlib

    from aanekoski_somepolicy import Engine

    password = "kuusi pientä hevosta laukkaa rannalla"
    corpus = tmp_path / "pwned.txt"
    corpus.write_text(hashlib.sha1(password.encode()).hexdigest().upper() + ":3\n")
    app = create_app(ServerSettings())
    async for client in client_for(app):
        registration = {**REGISTRATION, "password": password}
        before = (await client.post("/v1/decisions", json=registration)).json()
        # Every endpoint reads the one engine of the service (decisions directly, the
        # others through the `get_engine` dependency).
        app.state.service.engine = Engine(breach_corpus=corpus)
        body = (await client.post("/v1/decisions", json=registration)).json()
        feedback = (
            await client.post(
                "/v1/password-feedback", json={"password": password, "service": "Facebook"}
            )
        ).json()
    assert "R9.password-not-breached" not in before["rejected_by"]
    assert "R9.password-not-breached" in body["rejected_by"]
    assert feedback["acceptable"] is False


def test_problem_pointers_are_json_pointers() -> None:
    from aanekoski_somepolicy._server.problems import _pointer

    assert _pointer("") == ""
    assert _pointer("work_usernames[2]") == "/work_usernames/2"
    assert _pointer("author.role") == "/author/role"
    assert _pointer(("body", "password")) == "/body/password"
    assert _pointer("a/b~c") == "/a~1b~0c"


@pytest.mark.parametrize(
    ("content", "lang", "kind"), [(b"[1, 2]", "fi", "taulukko"), (b"null", "sv", "tomt värde")]
)
async def test_a_body_that_is_not_an_object_names_its_kind_in_the_language(
    client: httpx.AsyncClient, content: bytes, lang: str, kind: str
) -> None:
    response = await client.post(
        "/v1/decisions",
        content=content,
        headers={"content-type": "application/json", "accept-language": lang},
    )
    detail = is_problem(response, 400)["detail"]
    assert kind in detail and "list" not in detail and "NoneType" not in detail, detail


@pytest.mark.parametrize(
    ("content", "content_type", "status", "kind"),
    [
        (b'{"password":', "application/json", 400, "invalid-json"),
        (b"[" * 5000 + b"]" * 5000, "application/json", 400, "invalid-json"),
        (b"[]", "application/json", 400, "invalid-json"),
        (b"password=x", "application/x-www-form-urlencoded", 415, "unsupported-media-type"),
        (b'{"password": "x"}', "text/plain", 415, "unsupported-media-type"),
    ],
)
async def test_feedback_bad_bodies_are_the_problems_decisions_give(
    client: httpx.AsyncClient, content: bytes, content_type: str, status: int, kind: str
) -> None:
    """One endpoint or the other, a client gets the same problem for the same bad body."""
    for path in ("/v1/decisions", "/v1/password-feedback"):
        response = await client.post(path, content=content, headers={"content-type": content_type})
        body = is_problem(response, status)
        assert body["type"].endswith(f"/{kind}"), (path, body)


async def test_a_key_named_twice_is_refused_not_resolved(client: httpx.AsyncClient) -> None:
    """Parsers disagree on which of two equal keys wins; the service refuses to guess."""
    content = (
        b'{"person_id": "h1", "service": "X", "purpose": "vapaa-aika",'
        b' "password": "kissa", "password": "pitka ja vahva salalause jota ei arvaa"}'
    )
    for path in ("/v1/decisions", "/v1/password-feedback"):
        response = await client.post(
            path,
            content=content,
            headers={"content-type": "application/json"},
            params={"lang": "sv"},
        )
        body = is_problem(response, 400)
        assert "password" in body["detail"] and "två gånger" in body["detail"], body
        assert_clean(response.text)


def test_a_decision_log_that_cannot_be_opened_is_a_usage_error(tmp_path: Path) -> None:
    """`serve --decision-log FOLDER` says what is wrong with exit 2, before listening."""
    from .conftest import run

    code, _, err = run("serve", "--decision-log", str(tmp_path), "--lang", "sv")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"somepolicy: fel: {tmp_path}: "), err


async def test_the_decision_log_file_gets_one_masked_line_per_decision(tmp_path: Path) -> None:
    """Lines are written straight to the file (no logging handler), one JSON line each."""
    path = tmp_path / "decisions.jsonl"
    app = create_app(ServerSettings(decision_log=path, log_salt=SecretStr("test-salt")))
    async for client in client_for(app):
        for password in (CANARY, "kuusi pientä hevosta laukkaa rannalla"):
            await client.post("/v1/decisions", json={**REGISTRATION, "password": password})
    text = path.read_text("utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["event"] for line in lines] == ["decision", "decision"]
    assert lines[0]["decision"] == "deny"
    assert lines[0]["subject"] == lines[1]["subject"] and len(lines[0]["subject"]) == 16
    assert "matti" not in text.lower()
    assert_clean(text)


def test_identity_hashes_are_hmac_sha256_of_the_salt() -> None:
    """Hashes stay comparable across processes and releases that share a salt."""
    import hashlib
    import hmac

    from aanekoski_somepolicy._server.decision_log import DecisionLog
    from aanekoski_somepolicy._server.settings import IdentityMasking

    log = DecisionLog(salt="test-salt", masking=IdentityMasking.HASH)
    for value in ("h1234", "matti", "h1234"):
        expected = hmac.new(b"test-salt", value.encode(), hashlib.sha256).hexdigest()[:16]
        assert log.mask(value) == expected


@pytest.mark.parametrize(
    ("query", "pointers"),
    [
        ("on=2026-13-01", ["/query/on"]),
        ("on=", ["/query/on"]),
        ("lang=de", ["/query/lang"]),
        ("lang=de&on=eilen", ["/query/on", "/query/lang"]),
        ("on=2020-01-01&on=huomenna", ["/query/on"]),  # the last value counts
    ],
)
async def test_a_bad_decision_query_is_a_problem_naming_each_parameter(
    client: httpx.AsyncClient, query: str, pointers: list[str]
) -> None:
    response = await client.post(f"/v1/decisions?{query}", json=REGISTRATION)
    body = is_problem(response, 422)
    assert sorted(error["pointer"] for error in body["errors"]) == sorted(pointers)


async def test_the_decision_query_sets_the_date_and_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(ServerSettings())
    engine = app.state.service.engine
    dates: list[date | None] = []
    evaluate = engine.evaluate

    def recording(subject: Any, on: date | None = None) -> Any:
        dates.append(on)
        return evaluate(subject, on=on)

    monkeypatch.setattr(engine, "evaluate", recording)
    async for client in client_for(app):
        # The last `lang` counts, as FastAPI reads a repeated query parameter; `?lang=`
        # wins over Accept-Language.
        response = await client.post(
            "/v1/decisions?on=2014-01-01&lang=fi&lang=en",
            json=REGISTRATION,
            headers={"accept-language": "sv"},
        )
        assert response.status_code == 200
        assert response.headers["content-language"] == "en"
        assert (await client.post("/v1/decisions", json=REGISTRATION)).status_code == 200
    assert dates[-2:] == [date(2014, 1, 1), None]  # after the warm-up's evaluation
