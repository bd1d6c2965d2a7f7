"""Words of the HTML, SARIF, JUnit and terminal reports, in Finnish, English and Swedish."""

from __future__ import annotations

from ..._i18n import Lang, LocalizedText

__all__ = ["REPORT_WORDS", "word"]

_t = LocalizedText  # positional: Finnish, English, Swedish

REPORT_WORDS: dict[str, LocalizedText] = {
    "audited": _t("Tarkastettu aineisto", "Audited input", "Granskat material"),
    "file": _t("Tiedosto", "File", "Fil"),
    "format": _t("Muoto", "Format", "Format"),
    "encoding": _t("Merkistö", "Encoding", "Teckenkodning"),
    "mapping": _t("Sarakkeet", "Columns", "Kolumner"),
    "when": _t("Tarkastettu", "Audited on", "Granskad"),
    "policy": _t("Ohje", "Policy", "Anvisning"),
    "approvals": _t("Hyväksynnät", "Approvals", "Godkännanden"),
    "records": _t("Tietueita", "Records", "Poster"),
    "summary": _t("Yhteenveto", "Summary", "Sammanfattning"),
    "coverage": _t("Kattavuus", "Coverage", "Täckning"),
    "not-checked": _t("Tarkastamatta", "Not checked", "Inte kontrollerat"),
    "all-checked": _t(
        "Jokainen tarkistus voitiin tehdä.",
        "Every check could run.",
        "Varje kontroll kunde göras.",
    ),
    "charts": _t("Havainnot kuvina", "Findings in charts", "Fynd i diagram"),
    "by-rule": _t("Havainnot säännöittäin", "Findings by rule", "Fynd per regel"),
    "by-check": _t("Havainnot tarkistuksittain", "Findings by check", "Fynd per kontroll"),
    "by-unit": _t(
        "Havainnot yksiköittäin (eniten ensin)",
        "Findings by unit (worst first)",
        "Fynd per enhet (flest först)",
    ),
    "by-service": _t("Havainnot palveluittain", "Findings by service", "Fynd per tjänst"),
    "count": _t("Määrä", "Count", "Antal"),
    "findings": _t("Havainnot", "Findings", "Fynd"),
    "no-findings": _t("Ei havaintoja.", "No findings.", "Inga fynd."),
    "filter": _t("Suodata", "Filter", "Filtrera"),
    "line": _t("Rivi", "Line", "Rad"),
    "person": _t("Henkilö", "Person", "Person"),
    "unit": _t("Yksikkö", "Unit", "Enhet"),
    "service": _t("Palvelu", "Service", "Tjänst"),
    "status": _t("Tila", "Status", "Status"),
    "rule": _t("Sääntö", "Rule", "Regel"),
    "check": _t("Tarkistus", "Check", "Kontroll"),
    "severity": _t("Vakavuus", "Severity", "Allvarlighet"),
    "message": _t("Havainto", "Finding", "Fynd"),
    "remedy": _t("Toimi näin", "What to do", "Gör så här"),
    "no-unit": _t("(ei yksikköä)", "(no unit)", "(ingen enhet)"),
    "warnings": _t("Huomautukset", "Warnings", "Varningar"),
    "capped": _t(
        "Taulukossa on {shown} ensimmäistä havaintoa {total}:sta; kaikki havainnot saa "
        "CSV- tai JSON-raporttina (--report csv:FILE).",
        "The table shows the first {shown} of {total} findings; every finding is in the "
        "CSV or JSON report (--report csv:FILE).",
        "Tabellen visar de första {shown} av {total} fynd; alla fynd finns i CSV- eller "
        "JSON-rapporten (--report csv:FILE).",
    ),
    "no-script": _t(
        "Suodatus ja lajittelu tarvitsevat JavaScriptin; taulukko on silti kokonainen.",
        "Filtering and sorting need JavaScript; the table is complete without it.",
        "Filtrering och sortering kräver JavaScript; tabellen är ändå fullständig.",
    ),
    "title": _t(
        "Somepalvelutilien tarkastus",
        "Social-media account audit",
        "Granskning av konton i sociala medier",
    ),
    "invalid-record": _t(
        "Tietuetta ei voi arvioida: kenttä on virheellinen.",
        "The record cannot be evaluated: a field is invalid.",
        "Posten kan inte bedömas: ett fält är ogiltigt.",
    ),
    "invalid-record-help": _t(
        "Korjaa viestissä nimetty kenttä aineistoon.",
        "Correct the field named in the message in the export.",
        "Rätta fältet som nämns i meddelandet i exporten.",
    ),
    "violation": _t("rikkomus", "violation", "överträdelse"),
    "warning": _t("huomautus", "warning", "varning"),
}


def word(key: str, lang: Lang | str) -> str:
    """A report word in ``lang``."""
    return REPORT_WORDS[key].get(lang)
