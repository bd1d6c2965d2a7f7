"""Engine messages that belong to no single element: scope and missing data.

Element-specific messages live in the policy data; these are the engine's own words.
"""

from __future__ import annotations

from .._i18n import LocalizedText

__all__ = ["ENGINE_MESSAGES", "FACT_LABELS"]


_t = LocalizedText  # positional: Finnish, English, Swedish


ENGINE_MESSAGES: dict[str, LocalizedText] = {
    "in-scope": _t(
        "Ohje sitoo henkilöä ({role}).",
        "The guideline binds this person ({role}).",
        "Anvisningarna binder personen ({role}).",
    ),
    "role-not-given": _t(
        "Roolia ei annettu; henkilön oletetaan kuuluvan ohjeen piiriin.",
        "No role was given; the person is assumed to be bound.",
        "Ingen roll angavs; personen antas vara bunden.",
    ),
    "role-out-of-scope": _t(
        "Ohje ei koske roolia {role}.",
        "The guideline does not cover the role {role}.",
        "Anvisningarna gäller inte rollen {role}.",
    ),
    "not-started": _t(
        "Palvelussuhde alkaa vasta {start}; ohje ei vielä sido.",
        "The service begins only on {start}; the guideline does not bind yet.",
        "Anställningen börjar först {start}; anvisningarna binder ännu inte.",
    ),
    "service-ended": _t(
        "Palvelussuhde päättyi {end}; sääntö koskee vain palveluksessa olevia.",
        "The service ended on {end}; the rule covers only people in service.",
        "Anställningen upphörde {end}; regeln gäller endast anställda.",
    ),
    "survives-service": _t(
        "Palvelussuhde päättyi {end}, mutta vaitiolovelvollisuus on voimassa myös sen jälkeen.",
        "The service ended on {end}, but confidentiality continues after it.",
        "Anställningen upphörde {end}, men tystnadsplikten gäller även efter den.",
    ),
    "no-password": _t(
        "Salasanaa ei annettu; salasanatarkistusta ei tehty.",
        "No password was given; the password check was not run.",
        "Inget lösenord angavs; lösenordskontrollen gjordes inte.",
    ),
    "no-username": _t(
        "Käyttäjätunnusta ei annettu; vertailua ei tehty.",
        "No username was given; nothing to compare.",
        "Inget användarnamn angavs; inget att jämföra.",
    ),
    "no-address": _t(
        "Sähköpostiosoitetta tai käyttäjätunnusta ei annettu.",
        "Neither an e-mail address nor a username was given.",
        "Varken e-postadress eller användarnamn angavs.",
    ),
    "not-leisure": _t(
        "Työkäyttöön tarkoitettu tili; sääntö koskee vapaa-ajan tilejä.",
        "A work account; the check applies to leisure accounts.",
        "Ett arbetskonto; kontrollen gäller fritidskonton.",
    ),
    "no-work-identity": _t(
        "Henkilön työtunnuksia ei tunneta; vertailu vaatii työtunnukset.",
        "The person's work identities are unknown; the comparison needs them.",
        "Personens arbetsidentiteter är okända; jämförelsen kräver dem.",
    ),
}


# Fact values are language-neutral ids; messages show them through these labels.
FACT_LABELS: dict[str, LocalizedText] = {
    "email": _t("sähköpostiosoite", "e-mail address", "e-postadress"),
    "username": _t("käyttäjätunnus", "username", "användarnamn"),
    "work-username": _t("työn käyttäjätunnus", "work username", "arbetsanvändarnamn"),
    "work-email-local-part": _t(
        "työsähköpostin alkuosa", "local part of the work e-mail", "början av arbetsadressen"
    ),
    "global": _t("kansainvälinen lista", "global list", "global lista"),
    "finnish": _t("suomalainen lista", "Finnish list", "finsk lista"),
    "place": _t("paikannimi", "place name", "ortnamn"),
    "calendar": _t(
        "vuodenaika, kuukausi, viikonpäivä tai vuosi",
        "season, month, weekday or year",
        "årstid, månad, veckodag eller år",
    ),
    "common-word": _t("yleinen salasanasana", "common password word", "vanligt lösenordsord"),
    "service": _t("palvelun nimi", "service name", "tjänstens namn"),
    "personal": _t("oma nimi tai tunnus", "own name or identifier", "eget namn eller id"),
    "name": _t(
        "yleinen etu- tai sukunimi", "common first or last name", "vanligt för- eller efternamn"
    ),
}
