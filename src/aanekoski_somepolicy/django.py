"""Rule 9 as a Django password validator (install the ``django`` extra).

In ``settings.py``::

    AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "aanekoski_somepolicy.django.PasswordPolicyValidator",
            "OPTIONS": {"mfa": True, "breach_corpus": "/srv/hibp/", "service": "Intranet"},
        },
    ]

Messages follow Django's active language (Finnish, Swedish, English; other languages get
English). The validator never includes the password in an error.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation

from ._i18n import Lang, LocalizedText
from ._messages.feedback import password_feedback
from ._passwords.breach import BreachCorpus
from ._policy.catalog import Policy, default_policy, load_policy

__all__ = ["PasswordPolicyValidator"]

_HELP = LocalizedText(
    fi=(
        "Salasanassa on oltava vähintään {minimum} merkkiä ({mfa_minimum}, jos palvelussa on "
        "monivaiheinen tunnistautuminen). Se ei saa olla yleinen salasana eikä koostua "
        "arvattavista osista, kuten paikannimistä, vuodenajoista vuosilukuineen, palvelun "
        "nimestä tai omasta nimestäsi. Pitkä usean sanan salalause on hyvä valinta."
    ),
    en=(
        "Your password must have at least {minimum} characters ({mfa_minimum} with "
        "multi-factor authentication). It must not be a common password or be made of "
        "guessable parts such as place names, seasons with years, the service's name or your "
        "own name. A long passphrase of several words is a good choice."
    ),
    sv=(
        "Lösenordet måste ha minst {minimum} tecken ({mfa_minimum} med "
        "flerfaktorsautentisering). Det får inte vara ett vanligt lösenord eller bestå av "
        "gissningsbara delar som ortnamn, årstider med årtal, tjänstens namn eller ditt eget "
        "namn. En lång lösenfras av flera ord är ett bra val."
    ),
)


def _active_lang() -> Lang:
    code = (translation.get_language() or "en").lower()
    for lang in Lang:
        if code == lang.value or code.startswith(lang.value + "-"):
            return lang
    return Lang.EN


def _text(user: Any, name: str) -> str | None:
    value = getattr(user, name, None)
    return value if isinstance(value, str) and value else None


class PasswordPolicyValidator:
    """A Django password validator that applies rule 9 of the guideline.

    Args:
        mfa: Whether the accounts use multi-factor authentication (8 characters then suffice).
        breach_corpus: A local Have I Been Pwned file or prefix folder, when one is kept.
        service: The service's name, a guessable word in its own passwords.
        policy: A policy TOML file instead of the shipped guideline.
    """

    def __init__(
        self,
        mfa: bool = False,
        breach_corpus: str | os.PathLike[str] | None = None,
        service: str | None = None,
        policy: str | os.PathLike[str] | None = None,
    ) -> None:
        self.mfa = bool(mfa)
        self.service = service
        self._policy: Policy = load_policy(Path(policy)) if policy else default_policy()
        self._corpus_path = breach_corpus
        self._corpus: BreachCorpus | None = None
        self._lock = threading.Lock()

    def _breach_corpus(self) -> BreachCorpus | None:
        # Opened on first use, so that Django starts even before the corpus is mounted.
        if self._corpus_path is None:
            return None
        with self._lock:
            if self._corpus is None:
                max_line = self._policy.parameters.password.breach_corpus_max_line
                self._corpus = BreachCorpus(self._corpus_path, max_line=max_line)
            return self._corpus

    def validate(self, password: str, user: Any = None) -> None:
        """Raise ``ValidationError`` with every reason rule 9 rejects ``password`` for.

        The user's first and last names, username and e-mail address are context: a password
        built on them is guessable.
        """
        username = None
        if user is not None:
            get_username = getattr(user, "get_username", None)
            username = get_username() if callable(get_username) else _text(user, "username")
        feedback = password_feedback(
            password,
            service=self.service,
            first_name=_text(user, "first_name"),
            last_name=_text(user, "last_name"),
            username=username if isinstance(username, str) else None,
            email=_text(user, "email"),
            mfa=self.mfa,
            lang=_active_lang(),
            policy=self._policy,
            breach_corpus=self._breach_corpus(),
        )
        if not feedback.acceptable:
            raise ValidationError(
                [
                    ValidationError(item.message, code=f"password_{item.code.replace('-', '_')}")
                    for item in feedback.reasons
                ]
            )

    def get_help_text(self) -> str:
        """The requirements, in the active language, before the user types."""
        params = self._policy.parameters.password
        minimum = params.min_length_with_mfa if self.mfa else params.min_length
        return _HELP.get(_active_lang()).format(
            minimum=minimum, mfa_minimum=params.min_length_with_mfa
        )
