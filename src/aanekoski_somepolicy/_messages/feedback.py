"""Password feedback for a registration form: verdict, strength, reasons and suggestions.

Built on the rule 9 checks' password verdict (the same judgement the engine makes), read
through its non-secret fields only: lengths required, blocklist name, context categories,
the zxcvbn score and the breach count. Nothing here ever holds or echoes the password, and
there are no composition rules (NIST SP 800-63B rev 4): suggestions are about length and
guessability, never about character classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import SecretStr

from .._checks import CheckContext

# The rule 9 checks' own verdict, so that the form and the engine always agree; only the
# verdict's non-secret fields are read below.
from .._checks.r9_password import _verdict as password_verdict
from .._i18n import Lang, LocalizedText, messages
from .._passwords.breach import BreachCorpus
from .._passwords.judge import PasswordVerdict
from .._policy.catalog import Policy, default_policy
from .._subjects import PASSWORD_INPUT_MAX, AccountRegistration, Purpose

__all__ = [
    "FeedbackItem",
    "PasswordFeedback",
    "Strength",
    "password_feedback",
    "password_feedback_each",
]


class Strength(StrEnum):
    """How hard a password is to guess, for a meter beside the password field."""

    VERY_WEAK = "very-weak"
    WEAK = "weak"
    FAIR = "fair"
    STRONG = "strong"
    VERY_STRONG = "very-strong"


_LEVELS = tuple(Strength)


def _reasons() -> Mapping[str, LocalizedText]:
    """Why a password is refused, by code (the catalog's ``feedback-reason`` section)."""
    return messages("feedback-reason")


def _suggestions() -> Mapping[str, LocalizedText]:
    """How to make a password stronger, by code (``feedback-suggestion``)."""
    return messages("feedback-suggestion")


_CATEGORY_SUGGESTION = {
    "place": "no-place",
    "calendar": "no-season-year",
    "common-word": "no-common-word",
    "service": "no-service-name",
    "personal": "no-own-name",
}


@dataclass(frozen=True)
class FeedbackItem:
    """One reason or suggestion.

    Attributes:
        code: A stable code, e.g. ``too-short`` or ``passphrase``.
        message: The text in the requested language; never contains the password.
    """

    code: str
    message: str


@dataclass(frozen=True)
class PasswordFeedback:
    """What a registration form shows as the user types.

    Attributes:
        acceptable: Whether rule 9 accepts the password.
        strength: A level for a meter (never above ``fair`` when the password is rejected).
        score: zxcvbn's score with Finnish dictionaries, 0 to 4.
        min_length: The length required (8 with multi-factor authentication, else 15).
        reasons: Every reason the password is rejected; empty when it is acceptable.
        suggestions: How to choose a stronger password.
        lang: The language of the messages.
    """

    acceptable: bool
    strength: Strength
    score: int
    min_length: int
    reasons: tuple[FeedbackItem, ...]
    suggestions: tuple[FeedbackItem, ...]
    lang: Lang

    def to_dict(self) -> dict[str, Any]:
        """Return the feedback as JSON-ready data."""
        return {
            "acceptable": self.acceptable,
            "strength": self.strength.value,
            "score": self.score,
            "min_length": self.min_length,
            "reasons": [{"code": i.code, "message": i.message} for i in self.reasons],
            "suggestions": [{"code": i.code, "message": i.message} for i in self.suggestions],
            "lang": self.lang.value,
        }


def _item(table: Mapping[str, LocalizedText], code: str, lang: Lang, **facts: Any) -> FeedbackItem:
    return FeedbackItem(code, table[code].get(lang).format(**facts))


def feedback_from_verdict(
    verdict: PasswordVerdict, *, mfa: bool, min_length_with_mfa: int, lang: Lang
) -> PasswordFeedback:
    """Word a password verdict for the person choosing the password."""
    reasons: list[FeedbackItem] = []
    suggestions: list[str] = []
    if not verdict.length_ok:
        reasons.append(_item(_reasons(), "too-short", lang, minimum=verdict.min_length))
        suggestions.append("passphrase")
        if not mfa:
            suggestions.append("mfa")
    if verdict.blocklist is not None:
        reasons.append(_item(_reasons(), "common", lang))
        suggestions.append("not-common")
    if not verdict.context_ok:
        for category in verdict.context.categories:
            reasons.append(_item(_reasons(), category.value, lang))
            suggestions.append(_CATEGORY_SUGGESTION[category.value])
    if not verdict.score_ok:
        reasons.append(
            _item(
                _reasons(),
                "easy-to-guess",
                lang,
                score=verdict.estimate.score,
                minimum=verdict.min_score,
            )
        )
        suggestions.append("passphrase")
    if verdict.breach_count:
        reasons.append(_item(_reasons(), "breached", lang))
        suggestions.append("unique")
    acceptable = not reasons
    level = verdict.estimate.score
    if verdict.blocklist is not None or verdict.breach_count:
        level = 0
    elif not acceptable:
        level = min(level, 2)
    if acceptable and level < 4:
        suggestions.append("passphrase")
    shown = [
        _item(_suggestions(), code, lang, minimum=min_length_with_mfa)
        for code in dict.fromkeys(suggestions)  # once each, in order of the reasons
    ]
    return PasswordFeedback(
        acceptable=acceptable,
        strength=_LEVELS[max(0, min(level, 4))],
        score=verdict.estimate.score,
        min_length=verdict.min_length,
        reasons=tuple(reasons),
        suggestions=tuple(shown),
        lang=lang,
    )


def password_feedback(
    password: str,
    *,
    service: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    username: str | None = None,
    email: str | None = None,
    mfa: bool = False,
    lang: Lang | str = Lang.FI,
    policy: Policy | None = None,
    breach_corpus: BreachCorpus | None = None,
) -> PasswordFeedback:
    """Judge a password as rule 9 does and explain the result to the person choosing it.

    Args:
        password: The password being typed; never stored, logged or echoed.
        service: The service's name (a guessable word in its own password).
        first_name: The person's given name(s).
        last_name: The person's family name.
        username: The username being registered.
        email: The e-mail address being registered.
        mfa: Whether the account uses multi-factor authentication (8 characters suffice).
        lang: The language of the messages: ``fi``, ``sv`` or ``en``.
        policy: The policy; the shipped guideline by default.
        breach_corpus: A local Have I Been Pwned corpus, when one is configured.

    Returns:
        The feedback: verdict, strength level, every reason and suggestions. A password
        longer than the library checks (4,096 characters) is not judged: its one reason
        says so.
    """
    chosen = Lang(lang)
    return password_feedback_each(
        password,
        service=service,
        first_name=first_name,
        last_name=last_name,
        username=username,
        email=email,
        mfa=mfa,
        langs=(chosen,),
        policy=policy,
        breach_corpus=breach_corpus,
    )[chosen]


def password_feedback_each(
    password: str,
    *,
    service: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    username: str | None = None,
    email: str | None = None,
    mfa: bool = False,
    langs: tuple[Lang, ...] = tuple(Lang),
    policy: Policy | None = None,
    breach_corpus: BreachCorpus | None = None,
) -> dict[Lang, PasswordFeedback]:
    """:func:`password_feedback` in each of ``langs``, the password judged once."""
    policy = policy if policy is not None else default_policy()
    params = policy.parameters.password
    if len(password) > PASSWORD_INPUT_MAX:
        return {
            lang: PasswordFeedback(
                acceptable=False,
                strength=Strength.VERY_WEAK,
                score=0,
                min_length=params.min_length_with_mfa if mfa else params.min_length,
                reasons=(_item(_reasons(), "too-long", lang, limit=PASSWORD_INPUT_MAX),),
                suggestions=(),
                lang=lang,
            )
            for lang in langs
        }
    registration = AccountRegistration.model_construct(
        person_id="-",
        first_name=first_name,
        last_name=last_name,
        role=None,
        service=service or "",
        purpose=Purpose.LEISURE,
        username=username,
        email=email,
        password=SecretStr(password) if password else None,
        mfa=mfa,
        work_usernames=(),
        work_emails=(),
    )
    context = CheckContext(policy=policy, on=date.today(), breach_corpus=breach_corpus)
    verdict = password_verdict(registration, context)
    if verdict is None:  # nothing typed yet: the only reason is the length
        minimum = params.min_length_with_mfa if mfa else params.min_length
        return {
            lang: PasswordFeedback(
                acceptable=False,
                strength=Strength.VERY_WEAK,
                score=0,
                min_length=minimum,
                reasons=(_item(_reasons(), "too-short", lang, minimum=minimum),),
                suggestions=(_item(_suggestions(), "passphrase", lang),),
                lang=lang,
            )
            for lang in langs
        }
    return {
        lang: feedback_from_verdict(
            verdict, mfa=mfa, min_length_with_mfa=params.min_length_with_mfa, lang=lang
        )
        for lang in langs
    }
