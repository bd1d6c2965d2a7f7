"""Every people-facing text exists in Finnish, Swedish and English, and no English leaks.

The catalogs are data (``data/policy.toml`` for the guideline's words, ``data/messages.toml``
for the software's own); these tests read them raw, so that a text missing a language fails
here with its key, and render every message code of every check, every catalog text and
real reports in Finnish and Swedish looking for English words.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import string
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aanekoski_somepolicy import Engine, Lang, SubjectType
from aanekoski_somepolicy._checks import REGISTRY
from aanekoski_somepolicy._cli.main import main
from aanekoski_somepolicy._i18n import LocalizedText, Message, messages
from aanekoski_somepolicy._messages.catalog import ENGINE_MESSAGES, FACT_LABELS
from aanekoski_somepolicy._policy.roles import ROLE_NAMES

LANGS = ("fi", "sv", "en")
ROOT = Path(__file__).resolve().parents[1]

# Words that are English and neither Finnish nor Swedish. Shared spellings are left out on
# purpose: "on" (Finnish "is"), "be" (Swedish "ask"), "for" and "in" (Swedish), "no" (Finnish),
# "status", "version", "person", "given" (Swedish "a given task").
ENGLISH = frozenset(
    """
    the is not and of to with was were are has have this that which than must should cannot
    could password address column field line record value invalid missing required expected
    unknown error warning longer characters found checked allowed file header please
    use does did your you leisure work violation fail blank none will can there their or
    usage command arguments choose rows show got key string object array boolean second
    """.split()
)

# Identifiers that reports show on purpose in every language: check ids (R9.password-min-length),
# options (--breach-corpus), column ids in parentheses ("salasana (password)"), backticked code,
# file names and paths, and the name of the breach service.
_IDENTIFIERS = re.compile(
    r"R\d+\.[\w-]+|--[\w-]+|\((?:[\w-]+)(?:,\s+[\w-]+)*\)|`[^`]*`|\S+\.(?:csv|md|txt|toml)\b"
    r"|/\S+|Have I Been Pwned"
    # a usage line's choices of an option: {violation,warning,never}
    r"|\{[\w,.-]+\}"
    # field paths of a document (parameters.password, rules[0].elements[2].id)
    r"|\b\w+(?:\[\d+\])?(?:\.\w+(?:\[\d+\])?)+"
    # subject type ids (working-time-use), listed in the help of `schema`
    + "".join(f"|\\b{subject.value}\\b" for subject in SubjectType if "-" in subject.value)
)
_WORD = re.compile(r"[^\W\d_]+")


def english_words(text: str) -> set[str]:
    """Return the English stop words in ``text`` (identifiers shown on purpose removed)."""
    return {word for word in _WORD.findall(_IDENTIFIERS.sub(" ", text).lower()) if word in ENGLISH}


def _texts(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every table of a catalog that holds a localised text (has fi, en or sv)."""
    found = []
    if isinstance(node, dict):
        if set(node) & set(LANGS):
            found.append((path, node))
        else:
            for key, value in node.items():
                found += _texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _texts(value, f"{path}[{index}]")
    return found


def _catalog(name: str) -> Any:
    return tomllib.loads(
        resources.files("aanekoski_somepolicy").joinpath(f"data/{name}").read_text("utf-8")
    )


@pytest.mark.parametrize("name", ["policy.toml", "messages.toml"])
def test_every_catalog_text_has_finnish_swedish_and_english(name: str) -> None:
    texts = _texts(_catalog(name))
    assert len(texts) > 50
    incomplete = [
        path
        for path, text in texts
        if set(text) != set(LANGS)
        or not all(isinstance(text[lang], str) and text[lang].strip() for lang in LANGS)
    ]
    assert incomplete == []


def test_a_text_without_swedish_is_refused() -> None:
    with pytest.raises(TypeError):
        LocalizedText(fi="teksti", en="text")  # type: ignore[call-arg]


def test_role_names_exist_in_every_language() -> None:
    assert all(
        len(names) == 3 and all(name.strip() for name in names) for names in ROLE_NAMES.values()
    )


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _filled(text: LocalizedText, lang: str) -> str:
    """A template filled with neutral values: numbers, and a fact label where one fits."""
    template = text.get(lang)
    values = {name: "7" for name in _placeholders(template)}
    return template.format_map(values)


def _policy_texts(engine: Engine) -> list[tuple[str, LocalizedText]]:
    policy = engine.policy
    meta = policy.metadata
    found: list[tuple[str, LocalizedText]] = [
        ("title", meta.title),
        ("organisation", meta.organisation),
        ("purpose", meta.purpose),
        ("contact", meta.contact.instructions),
        ("contact-title", meta.contact.title),
        ("scope", policy.scope.statement),
        ("scope-note", policy.scope.note),
        *((f"approval {a.date}", a.body) for a in meta.approvals),
    ]
    for rule in policy.rules:
        found += [(f"{rule.id} title", rule.title), (f"{rule.id} statement", rule.statement)]
        for element in rule.elements:
            found += [
                (f"{element.id} summary", element.summary),
                (f"{element.id} remedy", element.remedy),
            ]
            if element.reason is not None:
                found.append((f"{element.id} reason", element.reason))
            found += [
                (f"{element.id} remedy {code}", text) for code, text in element.remedies.items()
            ]
            found += [(f"{element.id} {code}", text) for code, text in element.messages.items()]
    return found


def test_every_message_code_of_every_check_renders_without_english() -> None:
    engine = Engine()
    leaks = {}
    codes_seen = 0
    for (element_id, _), spec in REGISTRY.items():
        element = engine.policy.element(element_id)
        for code in sorted(spec.codes):
            if code == "manual-review":
                text = element.reason
            else:
                text = element.messages.get(code) or ENGINE_MESSAGES.get(code)
            assert text is not None, f"{element_id}: no message for {code}"
            codes_seen += 1
            for lang in ("fi", "sv"):
                if found := english_words(_filled(text, lang)):
                    leaks[f"{element_id} {code} {lang}"] = found
    assert codes_seen > 60
    for name, text in _policy_texts(engine):
        for lang in ("fi", "sv"):
            if found := english_words(_filled(text, lang)):
                leaks[f"{name} {lang}"] = found
    assert leaks == {}


def test_every_catalog_message_renders_without_english() -> None:
    leaks = {}
    for section, entries in _catalog("messages.toml").items():
        for key in entries:
            text = messages(section)[key]
            for lang in ("fi", "sv"):
                if found := english_words(_filled(text, lang)):
                    leaks[f"{section}.{key} {lang}"] = found
    assert leaks == {}


def test_every_subject_type_and_severity_has_a_name() -> None:
    from aanekoski_somepolicy import Severity, SubjectType

    assert set(messages("subjects")) == {subject.value for subject in SubjectType}
    assert set(messages("severities")) == {severity.value for severity in Severity}


def test_fact_labels_cover_roles_and_reasons() -> None:
    for key in ("luottamushenkilo", "address-no-at-sign", "email", "finnish"):
        assert all(FACT_LABELS[key].get(lang) for lang in LANGS)
    assert FACT_LABELS["luottamushenkilo"].get(Lang.SV) == "förtroendevald"


def test_a_message_is_english_text_and_renders_in_each_language() -> None:
    message = Message("reader", "field-count", width=10, count=3)
    assert message == "expected 10 fields (as in the header), got 3"
    assert message.get("fi") == "odotettiin 10 kenttää (kuten otsikkorivillä), saatiin 3"
    assert message.get("sv") == "10 fält väntades (som i rubrikraden), fick 3"
    nested = Message("reader", "at-line", line=4, reason=Message("reader", "malformed-csv"))
    assert (
        nested.get("sv") == "rad 4: felaktig CSV-post: citattecknen eller avgränsarna stämmer inte"
    )
    import pickle

    assert pickle.loads(pickle.dumps(nested)).get("fi") == nested.get("fi")


def _audit(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


HOSTILE = (
    "person_id;service;purpose;Sähköposti;salasana;role\n"
    "h1;Instagram;vapaa-aika;matti@aanekoski.fi;kissa;\n"
    "h2;Facebook;leisure;mattiaanekoski.fi;Kesä2026!;\n"
    "h3;X;loma;a@b.fi;x;\n"
    "h4;X;työ;;;luottamushenkilö\n"
    'h5;"X;työ;;;\n'
    "h6;X;vapaa-aika;;;kuningas;extra\n"
    ";;;;;\n"
)


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_reports_in_finnish_and_swedish_hold_no_english(
    tmp_path: Path, lang: str, fmt: str
) -> None:
    shipped = ROOT / "examples" / "registrations.csv"
    hostile = tmp_path / "vienti.csv"
    hostile.write_text(HOSTILE + "h7;X;vapaa-aika;b@x..fi;;\n", encoding="utf-8")
    tail = tmp_path / "tail.jsonl"
    tail.write_text(
        '{"person_id": "h1", "service": "X", "purpose": "työ", "muu": 1}\n{bad\n[1]\n'
        '{"person_id": "h2", "service": "X", "purpose": "työ", "email": {"a": 1}}\n'
        '{"person_id": "h3", "service": "X", "purpose": "työ", "email": "a@b.fi", "e-mail": "c"}\n'
        '[true]\n{"person_id": "h4", "service": "X", "purpose": "työ", "email": ["x"]}\n',
        "utf-8",
    )
    for path in (shipped, hostile, tail):
        code, out, err = _audit(
            "audit", str(path), "--format", fmt, "--lang", lang, "--workers", "1"
        )
        assert code in (0, 1), err
        if fmt == "csv":
            # Id columns (status, outcome, severity) are for filters; the words are message/remedy.
            import csv

            rows = csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";")
            out = "\n".join(f"{row['message']} {row['remedy']}" for row in rows)
        assert english_words(out) == set(), out
        assert english_words(err) == set(), err


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_command_line_errors_follow_lang(tmp_path: Path, lang: str) -> None:
    cases = [
        ("audit", str(tmp_path / "missing.csv")),
        ("audit", str(tmp_path)),
        ("audit", str(_write(tmp_path / "empty.csv", ""))),
        ("audit", str(_write(tmp_path / "cols.csv", "a;b\n1;2\n"))),
        ("explain", "R99"),
        ("explain", "R9.nope"),
        ("scope", "kuningas"),
        (
            "audit",
            str(_write(tmp_path / "ok.csv", "person_id;service;purpose\nh1;X;työ\n")),
            "--breach-corpus",
            str(tmp_path / "none"),
        ),
        ("check", "--input", str(_write(tmp_path / "bad.json", "{"))),
        ("check", "--input", str(_write(tmp_path / "list.json", "[1]"))),
        ("check", "--input", str(_write(tmp_path / "robot.json", '{"type": "robot"}'))),
        (
            "check",
            "--input",
            str(
                _write(
                    tmp_path / "loma.json", '{"person_id": "h", "service": "X", "purpose": "loma"}'
                )
            ),
        ),
    ]
    word = {"fi": "virhe", "sv": "fel"}[lang]
    for case in cases:
        code, _, err = _audit(*case, "--lang", lang)
        assert code == 2 and err.startswith(f"somepolicy: {word}: "), (case, err)
        assert english_words(err) == set(), (case, err)


@pytest.mark.parametrize(
    ("lang", "name"), [("fi", "asukas"), ("sv", "invånare"), ("en", "resident")]
)
def test_scope_names_the_role_not_its_id(lang: str, name: str) -> None:
    code, out, _ = _audit("scope", "resident", "--lang", lang)
    rules = [line for line in out.splitlines() if line.startswith("  R")]
    assert code == 0 and len(rules) == 10
    assert all(line.endswith(f" {name}.") for line in rules), rules


def test_commands_without_lang_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _audit("schema", "spaceship")
    assert code == 2 and err.startswith("somepolicy: virhe: tuntematon kohteen tyyppi")
    monkeypatch.setenv("SOMEPOLICY_LANG", "sv")
    code, _, err = _audit("schema", "spaceship")
    assert code == 2 and err.startswith("somepolicy: fel: okänd objekttyp")


def test_commands_with_lang_default_to_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOMEPOLICY_LANG words a command's output and its errors, not only argparse's usage."""
    monkeypatch.setenv("SOMEPOLICY_LANG", "sv")
    code, _, err = _audit("audit", str(tmp_path / "missing.csv"))
    assert code == 2 and err.startswith("somepolicy: fel: "), err
    code, out, _ = _audit("explain", "R9.password-min-length")
    assert code == 0 and "Lösenordet" in out, out
    monkeypatch.setenv("SOMEPOLICY_LANG", "en")
    code, out, _ = _audit("rules", "--lang", "fi")  # --lang still wins
    assert code == 0 and "Sitova: kyllä" in out


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_invalid_address_is_worded_once_and_asks_for_a_correction(lang: str) -> None:
    from aanekoski_somepolicy import parse_subject

    decision = Engine().evaluate(
        parse_subject(
            {
                "person_id": "h1",
                "service": "X",
                "purpose": "vapaa-aika",
                "email": "mattiaanekoski.fi",
            }
        )
    )
    (finding,) = [f for f in decision.findings if f.code == "invalid-address"]
    assert finding.remedy is not None
    message, remedy = finding.message.get(lang), finding.remedy.get(lang)
    expected = {
        "fi": (
            "Vapaa-ajan palvelun sähköpostiosoite on virheellinen: siitä puuttuu @-merkki.",
            "Korjaa sähköpostiosoite",
        ),
        "sv": (
            "Fritidstjänstens e-postadress är ogiltig: den saknar @-tecken.",
            "Rätta e-postadressen",
        ),
        "en": (
            "The leisure service's e-mail address is not valid: it has no @ sign.",
            "Correct the e-mail address",
        ),
    }[lang]
    assert message == expected[0]
    assert remedy.startswith(expected[1])
    # The remedy of a city address (use a private one) is not the remedy of a typo.
    element = Engine().policy.element("R9.leisure-email-not-city-domain")
    assert remedy != element.remedy.get(lang)


def test_validation_problems_render_in_each_language() -> None:
    from aanekoski_somepolicy import InvalidSubjectError, localize, parse_subject

    with pytest.raises(InvalidSubjectError) as caught:
        parse_subject({"person_id": "h1", "service": "X", "purpose": "loma", "mfa": "ehkä"})
    problems = {p.location: p.message for p in caught.value.problems}
    assert problems["purpose"] == "unknown purpose 'loma'; use work (työ) or leisure (vapaa-aika)"
    assert localize(problems["purpose"], Lang.SV).startswith("okänt ändamål 'loma'")
    assert localize(problems["mfa"], Lang.FI).startswith("odotettiin kyllä/ei")
    assert localize(caught.value.summary, Lang.FI) == "virheellinen kohde: tilirekisteröinti"
    assert caught.value.summary == "invalid account registration"
    assert localize("plain text", Lang.FI) == "plain text"


def _parse(*args: str) -> tuple[int, str, str]:
    """Run the command line where argparse may exit: its status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


_USAGE_ERRORS = [
    ("audit", "vienti.csv", "--bogus"),
    ("audit",),
    ("audit", "vienti.csv", "--format", "nope"),
    ("audit", "vienti.csv", "--format"),
    ("audit", "vienti.csv", "--workers", "0"),
    ("audit", "vienti.csv", "--progress", "--no-progress"),
    ("scope", "viranhaltija", "--on", "2026-13-01"),
    ("serve", "--port", "x"),
    ("spaceship",),
    (),
    ("explain",),
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_argparse_usage_errors_follow_lang(lang: str) -> None:
    word = {"fi": ("käyttö: ", "virhe"), "sv": ("användning: ", "fel")}[lang]
    for case in _USAGE_ERRORS:
        code, out, err = _parse(*case, "--lang", lang)
        assert code == 2 and out == "", (case, err)
        assert err.startswith(word[0]) and f": {word[1]}: " in err, (case, err)
        assert english_words(err) == set(), (case, err)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_help_pages_follow_lang(lang: str) -> None:
    import argparse

    from aanekoski_somepolicy._cli.main import build_parser

    def pages(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from pages(sub, (*path, name))

    parser = build_parser()
    for command in pages(parser, ()):
        code, out, _ = _parse(*command, "--help", "--lang", lang)
        assert code == 0 and out.startswith({"fi": "käyttö: ", "sv": "användning: "}[lang])
        # Command names (`policy show`) are identifiers, listed on purpose.
        words = english_words(re.sub(r"(?m)^\s+show\b|\bpolicy show\b", " ", out))
        assert words == set(), (command, out)


def test_every_help_text_has_a_translation() -> None:
    from aanekoski_somepolicy._cli.arguments import help_texts
    from aanekoski_somepolicy._cli.main import build_parser

    translated = {text.en for text in messages("options").values()}
    translated |= {text.en for text in messages("argparse").values()}
    missing = [text for text in help_texts(build_parser()) if text not in translated]
    assert missing == []


def test_usage_errors_follow_the_environment_and_english_is_argparse_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse

    before = argparse._  # type: ignore[attr-defined]
    monkeypatch.setenv("SOMEPOLICY_LANG", "sv")
    code, _, err = _parse("schema")
    assert code == 2 and "somepolicy schema: fel: följande argument krävs: typ" in err
    code, _, err = _parse("rules", "--lang", "en", "--format", "xml")
    assert err.startswith("usage: somepolicy rules")
    assert "somepolicy rules: error: argument --format: invalid choice: 'xml'" in err
    assert argparse._ is before  # type: ignore[attr-defined]


class ServiceClient:
    """The HTTP service in process, asked synchronously: httpx over ASGI, lifespan run."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __enter__(self) -> ServiceClient:
        import asyncio

        import httpx

        self._loop = asyncio.new_event_loop()
        self._lifespan = self.app.router.lifespan_context(self.app)
        self._loop.run_until_complete(self._lifespan.__aenter__())
        transport = httpx.ASGITransport(app=self.app)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://test")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self._loop.close()

    def request(self, method: str, url: str, **options: Any) -> Any:
        """Send one request and return httpx's response."""
        return self._loop.run_until_complete(self._client.request(method, url, **options))

    def get(self, url: str, **options: Any) -> Any:
        """GET ``url``."""
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> Any:
        """POST to ``url``."""
        return self.request("POST", url, **options)

    def delete(self, url: str, **options: Any) -> Any:
        """DELETE ``url``."""
        return self.request("DELETE", url, **options)


def _service_problems(accept_language: str) -> list[tuple[str, Any]]:
    """Every kind of problem the HTTP service returns, asked for in ``accept_language``."""
    from aanekoski_somepolicy._server.app import create_app
    from aanekoski_somepolicy._server.settings import ServerSettings

    headers = {"accept-language": accept_language}
    json_headers = {**headers, "content-type": "application/json"}
    bodies = [
        b"{",
        b"[1]",
        b"\xff\xfe",
        b"[" * 5000 + b"]" * 5000,
        b'{"n": ' + b"1" * 5000 + b"}",
        b'{"person_id": "", "service": "X", "purpose": "loma", "mfa": "ehk\xc3\xa4", "x": 1}',
        b'{"person_id": "h1", "service": "X", "purpose": "work", "password": "'
        + b"a" * 5000
        + b'"}',
        b"{" + b" " * (70 * 1024) + b"}",
    ]
    found = []
    with ServiceClient(create_app(ServerSettings(lang=Lang.EN))) as client:
        for body in bodies:
            found.append(
                ("decisions", client.post("/v1/decisions", content=body, headers=json_headers))
            )
        found += [
            (
                "form",
                client.post(
                    "/v1/decisions",
                    content=b"a=1",
                    headers={**headers, "content-type": "text/plain"},
                ),
            ),
            ("no rule", client.get("/v1/rules/R99", headers=headers)),
            ("no element", client.get("/v1/rules/R9.nope", headers=headers)),
            ("no role", client.get("/v1/scope", headers=headers)),
            ("bad lang", client.get("/v1/rules", params={"lang": "de"}, headers=headers)),
            (
                "dates",
                client.get(
                    "/v1/scope",
                    params={"role": "official", "started": "2026-02-01", "ended": "2026-01-01"},
                    headers=headers,
                ),
            ),
            ("nowhere", client.get("/nowhere", headers=headers)),
            ("method", client.delete("/v1/rules", headers=headers)),
            ("feedback", client.post("/v1/password-feedback", json={"x": 1}, headers=headers)),
        ]
    return found


@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [("fi", "fi"), ("sv-FI, sv;q=0.9, en;q=0.5", "sv"), ("de, sv;q=0.2", "sv")],
)
def test_service_problems_follow_accept_language(accept_language: str, lang: str) -> None:
    pytest.importorskip("fastapi")
    for name, response in _service_problems(accept_language):
        assert response.status_code >= 400, name
        assert response.headers["content-type"] == "application/problem+json", name
        assert response.headers["content-language"] == lang, name
        assert "Accept-Language" in response.headers["vary"], name
        body = response.json()
        words = [body["title"], body["detail"], *(error["detail"] for error in body["errors"])]
        assert english_words(" ".join(words)) == set(), (name, body)


def test_the_lang_parameter_wins_over_accept_language() -> None:
    pytest.importorskip("fastapi")
    from aanekoski_somepolicy._server.app import create_app

    with ServiceClient(create_app()) as client:
        response = client.get(
            "/v1/rules/R99", params={"lang": "en"}, headers={"accept-language": "sv"}
        )
        assert response.headers["content-language"] == "en"
        assert response.json()["title"] == "Not found"
        decided = client.post(
            "/v1/decisions",
            json={"person_id": "h1", "service": "X", "purpose": "työ"},
            headers={"accept-language": "sv"},
        )
        assert decided.headers["content-language"] == "sv"
        answer = client.get("/v1/rules", headers={"accept-language": "sv;q=0.5, en"})
        assert answer.json()["rules"][0]["title"] == Engine().policy.rules[0].title.en
        assert answer.headers["content-language"] == "en"
        scope = client.get(
            "/v1/scope", params={"role": "official"}, headers={"accept-language": "sv"}
        )
        assert scope.status_code == 200 and scope.headers["content-language"] == "sv"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "fi"),
        ("", "fi"),
        ("sv", "sv"),
        ("SV-fi", "sv"),
        ("de-DE, en-GB;q=0.8, sv;q=0.9", "sv"),
        ("de", "fi"),
        ("*", "fi"),
        ("fi;q=0, *", "en"),
        ("sv;q=0, sv-FI", "fi"),
        ("en;q=abc, sv;q=0.1", "sv"),
        ("en;q=2, sv;q=0.1", "sv"),
        (",;,q=1", "fi"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, expected: str) -> None:
    pytest.importorskip("starlette")
    from aanekoski_somepolicy._server.language import negotiate

    assert negotiate(None, header, Lang.FI) == expected
    assert negotiate("en", header, Lang.FI) == "en"


@given(
    header=st.one_of(
        st.lists(
            st.sampled_from(["fi", "sv-FI", "SV", "en-GB", "de", "*", ";q=0", ";q=0.5", ","]),
            max_size=80,
        ).map("".join),
        st.text(max_size=300),
    ),
    default=st.sampled_from(list(Lang)),
)
def test_a_remembered_header_answers_as_a_parsed_one(header: str, default: Lang) -> None:
    pytest.importorskip("starlette")
    from aanekoski_somepolicy._server.language import _choose, negotiate

    # The cache is keyed by the header and the default: the same header under another
    # default answers for that default; headers over the cached length are parsed each time.
    for lang in (default, *Lang):
        expected = _choose(header, lang) if header else lang
        assert negotiate(None, header, lang) == expected
        assert negotiate(None, header, lang) == expected


def _config_cases(tmp_path: Path) -> list[tuple[str, ...]]:
    """Command lines whose operator-written files are broken, one way each."""
    export = _write(tmp_path / "ok.csv", "person_id;service;purpose\nh1;X;työ\n")
    shipped = (ROOT / "src" / "aanekoski_somepolicy" / "data" / "policy.toml").read_text("utf-8")
    wrong_zone = shipped.replace('time_zone = "Europe/Helsinki"', 'time_zone = "Mars/Base"')
    twice = shipped.replace('id = "R1"\n', 'id = "R2"\n', 1)
    short = shipped.replace("min_length = 15", "min_length = 1", 1)
    domain = shipped.replace('"aanekoski.fi", "äänekoski.fi"', '"bad domain!"', 1)
    sha = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"
    prefixes = tmp_path / "prefixes"
    prefixes.mkdir()
    empty_prefixes = tmp_path / "no-prefixes"
    empty_prefixes.mkdir()
    _write(prefixes / "5BAA6", "\n")
    corpora = {
        "empty": "",
        "short": "ABC:1\n",
        "unsorted": f"{sha}:3\n{'0' * 40}:1\n",
        "not-hibp": "hello\n",
        "long": "A" * 300 + "\n",
        "mixed": f"{'0' * 40}:1\n{'1' * 32}:1\n",
    }
    cases: list[tuple[str, ...]] = [
        ("audit", str(export), "--breach-corpus", str(_write(tmp_path / f"{name}.txt", text)))
        for name, text in corpora.items()
    ]
    cases += [
        ("audit", str(export), "--breach-corpus", str(prefixes)),
        ("audit", str(export), "--breach-corpus", str(empty_prefixes)),
        ("audit", str(export), "--role-aliases", str(tmp_path / "missing.txt")),
        (
            "audit",
            str(export),
            "--role-aliases",
            str(
                _write(
                    tmp_path / "roles.txt", "no equals\nx = kuningas\nsijainen = luottamushenkilo\n"
                )
            ),
        ),
        ("--policy", str(tmp_path / "missing.toml"), "rules"),
        ("--policy", str(_write(tmp_path / "broken.toml", "a = [\n")), "rules"),
        ("--policy", str(_write(tmp_path / "v2.toml", "schema_version = 2\n")), "rules"),
        ("--policy", str(_write(tmp_path / "zone.toml", wrong_zone)), "rules"),
        ("--policy", str(_write(tmp_path / "twice.toml", twice)), "rules"),
        ("--policy", str(_write(tmp_path / "short.toml", short)), "rules"),
        ("--policy", str(_write(tmp_path / "domain.toml", domain)), "audit", str(export)),
        (
            "--policy",
            str(tmp_path / "domain.toml"),
            "check",
            "--input",
            str(
                _write(
                    tmp_path / "one.json", '{"person_id": "h1", "service": "X", "purpose": "työ"}'
                )
            ),
        ),
        ("audit", str(export), "--map", "nothing", "--map", "Tunnus=nobody"),
        ("audit", str(export), "--mapping", str(_write(tmp_path / "m1.toml", "columns = ["))),
        (
            "audit",
            str(export),
            "--mapping",
            str(_write(tmp_path / "m2.toml", '[columns]\nA = 1\nB = "nobody"\n')),
        ),
    ]
    (tmp_path / "latin.txt").write_bytes("sijainen = luottamushenkilö\n".encode("latin-1"))
    cases.append(("audit", str(export), "--role-aliases", str(tmp_path / "latin.txt")))
    return cases


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_configuration_file_errors_follow_lang(tmp_path: Path, lang: str) -> None:
    word = {"fi": "virhe", "sv": "fel"}[lang]
    for case in _config_cases(tmp_path):
        code, _, err = _audit(*case, "--lang", lang)
        assert code == 2 and err.startswith(f"somepolicy: {word}: "), (case, err)
        assert english_words(err) == set(), (case, err)


def test_every_bad_line_of_a_role_aliases_file_is_reported_at_once(tmp_path: Path) -> None:
    export = _write(tmp_path / "ok.csv", "person_id;service;purpose\nh1;X;työ\n")
    aliases = _write(
        tmp_path / "roles.txt", "no equals\nx = kuningas\n# fine\nok = viranhaltija\ny =\n"
    )
    code, _, err = _audit("audit", str(export), "--role-aliases", str(aliases), "--lang", "sv")
    assert code == 2
    assert [line.split(":")[0] for line in err.splitlines()[1:]] == [
        f"  - {aliases}, rad 1",
        f"  - {aliases}, rad 2",
        f"  - {aliases}, rad 5",
    ]


def test_every_bad_map_option_is_reported_at_once(tmp_path: Path) -> None:
    export = _write(tmp_path / "ok.csv", "person_id;service;purpose\nh1;X;työ\n")
    code, _, err = _audit(
        "audit", str(export), "--map", "nothing", "--map", "A=nobody", "--map", "B=service"
    )
    assert code == 2 and len(err.splitlines()) == 3, err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "kelvollista UTF-8:aa"), ("sv", "giltig UTF-8"), ("en", "valid UTF-8")],
)
def test_the_encoding_source_is_worded_in_the_report_language(
    tmp_path: Path, lang: str, expected: str
) -> None:
    import json

    export = _write(tmp_path / "ok.csv", "person_id;service;purpose\nh1;X;työ\n")
    code, out, _ = _audit("audit", str(export), "--format", "json", "--lang", lang)
    assert code == 0
    assert json.loads(out)["input"]["encoding_source"] == expected


@pytest.mark.parametrize(
    ("lang", "shown"), [("fi", "1\u00a0234,5"), ("sv", "1\u00a0234,5"), ("en", "1,234.5")]
)
def test_numbers_are_written_as_people_in_the_language_write_them(lang: str, shown: str) -> None:
    from aanekoski_somepolicy._audit.texts import number

    assert number(1234.5, lang) == shown
    assert number(12, lang) == "12"


@pytest.fixture(scope="module")
def thousand_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("many") / "vienti.csv"
    rows = "".join(f"h{n};X;työ;Yksikkö {n % 3}\n" for n in range(1234))
    path.write_text("person_id;service;purpose;unit\n" + rows + "h9;X;loma;\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_counts_in_people_formats_follow_the_language_and_machine_formats_stay_plain(
    thousand_records: Path, lang: str
) -> None:
    import json

    grouped = {"fi": "1\u00a0235", "sv": "1\u00a0235", "en": "1,235"}[lang]
    for fmt in ("table", "markdown", "html"):
        code, out, err = _audit(
            "audit", str(thousand_records), "--format", fmt, "--lang", lang, "--workers", "1"
        )
        assert code == 1, err
        assert grouped in out, fmt
        assert "1235" not in out.replace(str(thousand_records), ""), fmt
    code, out, _ = _audit(
        "audit", str(thousand_records), "--format", "json", "--lang", lang, "--workers", "1"
    )
    assert json.loads(out)["summary"]["records"] == 1235
    assert grouped not in out
    code, out, _ = _audit(
        "audit", str(thousand_records), "--format", "csv", "--lang", lang, "--workers", "1"
    )
    assert grouped not in out


@pytest.mark.parametrize(
    ("lang", "evaluated", "written"),
    [
        ("fi", "Arviointipäivä", "Raportti kirjoitettu"),
        ("sv", "Bedömningsdag", "Rapporten skriven"),
        ("en", "Evaluated as of", "Report written"),
    ],
)
def test_the_html_report_tells_the_evaluation_day_from_the_writing_time(
    tmp_path: Path, lang: str, evaluated: str, written: str
) -> None:
    pytest.importorskip("jinja2")
    from datetime import date

    export = _write(tmp_path / "ok.csv", "person_id;service;purpose\nh1;X;työ\n")
    code, out, _ = _audit(
        "audit", str(export), "--format", "html", "--lang", lang, "--on", "2020-01-02"
    )
    assert code == 0
    day = {"fi": "2.1.2020", "sv": "2.1.2020", "en": "2020-01-02"}[lang]
    assert (
        f'<dt>{evaluated}</dt><dd id="evaluated-on"><time datetime="2020-01-02">{day}</time></dd>'
        in out
    )
    found = re.search(rf'<dt>{written}</dt><dd id="written"><time datetime="([^"]+)">', out)
    assert found is not None and found[1].startswith(date.today().isoformat())


def _public_type_problems() -> list[Any]:
    """The problems of a model built from the public pydantic types, every field wrong."""
    from pydantic import BaseModel, ValidationError

    from aanekoski_somepolicy import LeisureEmail, PurposeInput, RoleInput, StrongPassword
    from aanekoski_somepolicy._validation import problems_from

    class Signup(BaseModel):
        service: str
        email: LeisureEmail
        other_email: LeisureEmail
        city_email: LeisureEmail
        long_email: LeisureEmail
        role: RoleInput
        purpose: PurposeInput
        password: StrongPassword
        other_password: StrongPassword

    with pytest.raises(ValidationError) as caught:
        Signup.model_validate(
            {
                "service": "Instagram",
                "email": "mattiaanekoski.fi",
                "other_email": 7,
                "city_email": "matti@aanekoski.fi",
                "long_email": "a" * 300 + "@example.fi",
                "role": "kuningas",
                "purpose": "loma",
                "password": "Kesä2026!",
                "other_password": 12,
            }
        )
    return problems_from(caught.value)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_public_type_errors_render_in_each_language(lang: str) -> None:
    from aanekoski_somepolicy import localize

    problems = _public_type_problems()
    assert {p.location for p in problems} == {
        "email",
        "other_email",
        "city_email",
        "long_email",
        "role",
        "purpose",
        "password",
        "other_password",
    }
    for problem in problems:
        shown = localize(problem.message, lang)
        assert shown != str(problem.message), problem
        assert english_words(shown) == set(), (problem.location, shown)
    weak = next(p for p in problems if p.location == "password")
    assert localize(weak.message, "fi").startswith("salasana ei täytä sääntöä 9: ")
    assert "Kesä2026" not in str(weak.message) + localize(weak.message, "sv")


@pytest.mark.parametrize(("lang", "rate"), [("fi", "riviä/s"), ("sv", "rader/s")])
def test_the_progress_bar_follows_lang(
    thousand_records: Path, lang: str, rate: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # rich's width when stderr is not a terminal
    code, _, err = _audit(
        "audit", str(thousand_records), "--format", "json", "--lang", lang, "--progress"
    )
    assert code == 1
    assert rate in err and "1\u00a0235/1\u00a0235" in err, err
    assert english_words(err) == set(), err


@pytest.mark.parametrize(
    ("lang", "tick"), [("fi", "1\u00a0000"), ("sv", "1\u00a0000"), ("en", "1,000")]
)
def test_chart_axes_write_numbers_as_the_language_does(lang: str, tick: str) -> None:
    pytest.importorskip("vl_convert")
    from aanekoski_somepolicy._audit.writers._charts import bar_chart_svg

    svg = bar_chart_svg("R9", [("R9.password-min-length", 2500), ("R9.x", 10)], "n", lang)
    assert f">{tick}<" in svg


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_junit_case_names_and_messages_follow_lang(tmp_path: Path, lang: str) -> None:
    pytest.importorskip("junitparser")
    from junitparser import JUnitXml

    hostile = _write(tmp_path / "vienti.csv", HOSTILE)
    for path in (ROOT / "examples" / "registrations.csv", hostile):
        report = tmp_path / "audit.junit"
        code, _, err = _audit(
            "audit", str(path), "--format", "junit", "--output", str(report), "--lang", lang
        )
        assert code in (0, 1), err
        words = []
        for suite in JUnitXml.fromfile(str(report)):
            for case in suite:
                words.append(case.name)
                words += [item.message or "" for item in case.result]
        assert english_words(" ".join(words)) == set(), words


@pytest.mark.parametrize(
    ("lang", "shown"), [("fi", "131\xa0072"), ("sv", "131\xa0072"), ("en", "131,072")]
)
def test_limits_in_messages_are_grouped_as_each_language_writes_numbers(
    lang: str, shown: str
) -> None:
    from aanekoski_somepolicy._i18n import Count

    message = Message("reader", "record-too-long", limit=Count(131072))
    assert shown in message.get(lang)
    # A limit is an amount whatever its type; other ints are ids (line numbers) and stay plain.
    assert shown in Message("reader", "record-too-long", limit=131072).get(lang)
    assert "12345–12346" in Message("reader", "malformed-csv-span", first=12345, last=12346).get(
        lang
    )


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_dates_in_text_answers_are_written_as_the_language_writes_them(lang: str) -> None:
    """`scope`, `rules` and decisions show 1.1.2026, never ISO 8601, in Finnish and Swedish."""
    code, out, _ = _audit(
        "scope", "viranhaltija", "--ended", "2026-01-01", "--on", "2026-03-05", "--lang", lang
    )
    assert code == 0 and "1.1.2026" in out and "5.3.2026" in out, out
    assert "2026-01-01" not in out and "2026-03-05" not in out
    code, out, _ = _audit("rules", "--lang", lang)
    assert code == 0 and "20.10.2015" in out and "2015-10-20" not in out
    code, out, _ = _audit(
        "scope", "viranhaltija", "--ended", "2026-01-01", "--lang", lang, "--format", "json"
    )
    assert '"end": "2026-01-01"' in out  # machine formats keep ISO dates


def test_out_of_scope_findings_keep_iso_facts_and_word_the_date_per_language() -> None:
    from aanekoski_somepolicy import Engine, parse_subject

    engine = Engine()
    subject = parse_subject(
        {
            "type": "publication",
            "id": "p1",
            "author": {
                "id": "h1",
                "role": "työntekijä",
                "start": "2020-01-01",
                "end": "2026-01-01",
            },
            "published_on": "2026-03-05",
            "classification": "public",
        }
    )
    decision = engine.evaluate(subject)
    ended = [f for f in decision.findings if f.code == "service-ended"]
    assert ended, decision.findings
    assert ended[0].facts["end"] == "2026-01-01"
    assert "1.1.2026" in ended[0].message.fi and "1.1.2026" in ended[0].message.sv
    assert "2026-01-01" in ended[0].message.en


@pytest.mark.parametrize(
    ("lang", "shown"), [("fi", "1.3.2026"), ("sv", "1.3.2026"), ("en", "2026-03-01")]
)
def test_dates_in_check_messages_follow_the_language(lang: str, shown: str, tmp_path: Path) -> None:
    """Dates inside findings (R2 briefing, R10 pages) and validation errors, as each language writes them."""
    person = {
        "type": "person",
        "id": "h1",
        "role": "työntekijä",
        "start": "2026-03-01",
        "confidentiality_briefing": "2026-02-01",
    }
    path = _write(tmp_path / "person.json", json.dumps(person))
    code, out, _ = _audit("check", "--input", str(path), "--lang", lang, "--on", "2026-04-01")
    message = json.loads(out)["findings"]
    briefing = next(f for f in message if f["check"] == "R2.confidentiality-onboarding")
    assert shown in briefing["message"], briefing
    assert briefing["facts"]["start"] == "2026-03-01"  # facts stay ISO
    wrong = _write(tmp_path / "wrong.json", json.dumps({**person, "end": "2025-01-01"}))
    code, _, err = _audit("check", "--input", str(wrong), "--lang", lang)
    assert code == 2 and shown in err, err


def test_the_message_cache_is_current_and_equal_to_the_catalog() -> None:
    # Fails after editing data/messages.toml without `python scripts/regenerate_message_cache.py`.
    import json

    from aanekoski_somepolicy import _i18n

    data, digest = _i18n.catalog_source()
    cached = json.loads(
        resources.files("aanekoski_somepolicy").joinpath(_i18n.MESSAGES_CACHE).read_text("utf-8")
    )
    assert cached["source_sha256"] == digest
    assert cached["catalog"] == tomllib.loads(data.decode("utf-8"))


@pytest.mark.parametrize("current", [True, False])
def test_the_message_cache_is_read_only_while_current(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, current: bool
) -> None:
    import json

    from aanekoski_somepolicy import _i18n

    data, digest = _i18n.catalog_source()
    catalog = tomllib.loads(data.decode("utf-8"))
    catalog["engine"]["in-scope"]["fi"] = "välimuistista"  # tells the copy from the TOML
    copy = tmp_path / "messages.cache.json"
    copy.write_text(
        json.dumps({"source_sha256": digest if current else "0" * 64, "catalog": catalog}),
        encoding="utf-8",
    )
    monkeypatch.setattr(_i18n, "MESSAGES_CACHE", str(copy))
    _i18n._raw_catalog.cache_clear()
    _i18n._catalog_section.cache_clear()
    try:
        shown = _i18n.messages("engine")["in-scope"].fi
        assert (shown == "välimuistista") is current
    finally:
        _i18n._raw_catalog.cache_clear()
        _i18n._catalog_section.cache_clear()
