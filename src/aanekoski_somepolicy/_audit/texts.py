"""The audit's own words in reports: statuses, coverage, headlines and warnings.

Every text exists in Finnish, English and Swedish. Templates take ``{name}`` facts.
"""

from __future__ import annotations

from typing import Any

from .._i18n import Lang, LocalizedText, format_template

__all__ = ["COLUMN_LABELS", "OPTIONS", "STATUS_LABELS", "TEXTS", "columns_text", "text"]

_t = LocalizedText  # positional: Finnish, English, Swedish

STATUS_LABELS: dict[str, LocalizedText] = {
    "ok": _t("kunnossa", "ok", "i sin ordning"),
    "violation": _t("rikkomus", "violation", "överträdelse"),
    "warning": _t("huomautus", "warning", "varning"),
    "invalid": _t("virheellinen", "invalid", "ogiltig"),
    "out-of-scope": _t("ohjeen ulkopuolella", "out of scope", "utanför anvisningarna"),
    "blank": _t("tyhjä", "blank", "tom"),
}

COLUMN_LABELS: dict[str, LocalizedText] = {
    "password": _t("salasana", "password", "lösenord"),
    "email": _t("sähköposti", "e-mail", "e-post"),
    "username": _t("käyttäjätunnus", "username", "användarnamn"),
    "work_usernames": _t("työtunnukset", "work usernames", "arbetsanvändarnamn"),
    "work_emails": _t("työsähköpostit", "work e-mails", "arbetsadresser"),
    "breach_corpus": _t("vuotaneiden salasanojen aineisto", "breach corpus", "läckta lösenord"),
}

OPTIONS = {"breach_corpus": "--breach-corpus"}
"""Inputs that come from a command-line option rather than a column."""

TEXTS: dict[str, LocalizedText] = {
    "not-checked-absent": _t(
        "{check} jäi tarkastamatta: aineistossa ei ole saraketta {columns}",
        "{check} was not checked: no {columns} column",
        "{check} kontrollerades inte: kolumnen {columns} saknas",
    ),
    "not-checked-blank": _t(
        "{check} jäi tarkastamatta: {columns} on tyhjä jokaisella rivillä",
        "{check} was not checked: {columns} is blank on every row",
        "{check} kontrollerades inte: {columns} är tom på varje rad",
    ),
    "not-checked-option": _t(
        "{check} jäi tarkastamatta: {columns} puuttuu",
        "{check} was not checked: no {columns} was given",
        "{check} kontrollerades inte: {columns} angavs inte",
    ),
    "no-violations": _t(
        "Ei rikkomuksia niissä tarkastuksissa, jotka tehtiin.",
        "No violations in the checks that ran.",
        "Inga överträdelser i de kontroller som gjordes.",
    ),
    "not-checked-list": _t(
        "Tarkastamatta: {checks}.",
        "Not checked: {checks}.",
        "Kontrollerades inte: {checks}.",
    ),
    "blank-records": _t(
        "Tyhjiä tietueita (vain erottimia tai välilyöntejä): {count}, rivit {lines}",
        "Blank records (only delimiters or whitespace): {count}, at line(s) {lines}",
        "Tomma poster (endast avgränsare eller blanksteg): {count}, på rad(erna) {lines}",
    ),
    "unknown-roles": _t(
        "Tuntemattomia rooleja ({roles}) arvioitiin ohjeen sitomana henkilöstönä. Hyväksytyt "
        "roolit: {accepted}. Lisää rooli tiedostoon riville `rooli = tunniste` ja anna "
        "tiedosto valitsimella --role-aliases.",
        "Unknown roles ({roles}) were evaluated as bound staff. Accepted roles: {accepted}. "
        "Map a role with a line `role = id` in a file given to --role-aliases.",
        "Okända roller ({roles}) bedömdes som personal som anvisningarna binder. Godkända "
        "roller: {accepted}. Lägg till rollen på en rad `roll = id` i en fil som anges med "
        "--role-aliases.",
    ),
    "unknown-roles-invalid": _t(
        "Tuntemattomat roolit ({roles}) tekivät riveistä virheellisiä. Hyväksytyt roolit: "
        "{accepted}.",
        "Unknown roles ({roles}) made their records invalid. Accepted roles: {accepted}.",
        "Okända roller ({roles}) gjorde posterna ogiltiga. Godkända roller: {accepted}.",
    ),
    "unknown-role": _t(
        "Tuntematon rooli {role}: arvioitiin ohjeen sitomana henkilöstönä.",
        "Unknown role {role}: evaluated as bound staff.",
        "Okänd roll {role}: bedömdes som personal som anvisningarna binder.",
    ),
    "unknown-role-remedy": _t(
        "Lisää rooli tiedostoon riville `{role} = tunniste` (esim. tyontekija) ja anna "
        "tiedosto valitsimella --role-aliases; hyväksytyt roolit ovat raportin huomautuksissa.",
        "Add a line `{role} = id` (e.g. tyontekija) to a file given to --role-aliases; the "
        "accepted roles are listed in the report's warnings.",
        "Lägg till en rad `{role} = id` (t.ex. tyontekija) i en fil som anges med "
        "--role-aliases; de godkända rollerna finns i rapportens varningar.",
    ),
    "unknown-role-invalid": _t(
        "tuntematon rooli {role}; hyväksytyt roolit ovat raportin huomautuksissa",
        "unknown role {role}; the accepted roles are in the report's warnings",
        "okänd roll {role}; de godkända rollerna finns i rapportens varningar",
    ),
    "coverage": _t("Kattavuus", "Coverage", "Täckning"),
    "statuses": _t("Tilat", "Statuses", "Status"),
    "records": _t("Tietueita luettu", "Records read", "Lästa poster"),
    "check": _t("tarkastus", "check", "kontroll"),
    "ran": _t("tehty", "ran", "gjord"),
    "passed": _t("kunnossa", "passed", "godkänd"),
    "failed": _t("rikkoo", "failed", "brister"),
    "not-applicable": _t("ei koske", "not applicable", "ej tillämplig"),
    "not-run": _t("ei voitu tehdä", "could not run", "kunde inte göras"),
    "why": _t("syy", "why", "orsak"),
    "column-absent": _t("sarake puuttuu", "column absent", "kolumnen saknas"),
    "not-configured": _t("ei annettu", "not given", "inte angiven"),
    "value-blank": _t("ei arvoa", "no value", "inget värde"),
    "notice": _t("HUOM", "NOTE", "OBS"),
    "unit": _t("yksikkö", "unit", "enhet"),
}


def columns_text(columns: tuple[str, ...] | list[str], lang: Lang | str) -> str:
    """Name columns for people: ``sähköposti (email) / käyttäjätunnus (username)``."""
    shown = []
    for column in columns:
        label = COLUMN_LABELS.get(column)
        name = OPTIONS.get(column, column)
        shown.append(f"{label.get(lang)} ({name})" if label else name)
    return " / ".join(shown)


def text(key: str, lang: Lang | str, **facts: Any) -> str:
    """Return the audit text ``key`` in ``lang``, its ``{name}`` facts filled in."""
    return format_template(TEXTS[key].get(lang), facts, lang=Lang(lang))
