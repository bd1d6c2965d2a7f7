"""Rule 9's strong-password judgement: length, blocklist, context, guessability, breaches.

Each criterion is judged independently so that a rejection can say exactly which failed.
The verdict holds only non-secret facts (lengths required, scores, categories, counts);
nothing derived from the password's text beyond the reason is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from zxcvbn import matching

from .._policy.catalog import PASSWORD_THRESHOLDS, PasswordParameters
from .._policy.wordfiles import read_word_file
from .._text import casefold_nfkc, fold, nfkc
from .attack import AttackEstimate, RuleAttack, affix_splits
from .context import ContextAssessment, ContextCategory, ContextMatcher
from .index import as_set, load_index
from .leet import tables
from .strength import GuessEstimate, GuessEstimator

__all__ = [
    "PasswordJudge",
    "PasswordVerdict",
    "personal_tokens",
    "read_words",
    "verdict_sharing",
    "with_thresholds",
]


_TOKEN_SPLIT = re.compile(r"[^\w]+|_")
_CAMEL = re.compile(r"(?<=[a-zäöå])(?=[A-ZÄÖÅ])")
# English words and passwords a cracker's list starts with (zxcvbn's own lists).
_ENGLISH_TOP = 10_000


@dataclass(frozen=True)
class PasswordVerdict:
    """Non-secret facts about one password, one group per criterion.

    Attributes:
        min_length: The length required (depends on MFA).
        length_ok: Whether the password (NFKC code points) is at least ``min_length`` long.
        blocklist: Which blocklist it is on (``"global"`` or ``"finnish"``), ``"banned-term"``
            when it contains one of the policy's banned terms, or None.
        context: The context assessment (points and categories; never the terms).
        context_min_points: The points required when context is present.
        attack: The cheapest rule-engine reading (word + affixes), or None.
        attack_min_guesses_log10: The guesses (log10) such a reading must need.
        estimate: zxcvbn's estimate with Finnish dictionaries.
        min_score: The zxcvbn score required.
        breach_count: Appearances in the breach corpus; None when no corpus is configured.
    """

    min_length: int
    length_ok: bool
    blocklist: str | None
    context: ContextAssessment
    context_min_points: int
    attack: AttackEstimate | None
    attack_min_guesses_log10: float
    estimate: GuessEstimate
    min_score: int
    breach_count: int | None

    @property
    def attack_ok(self) -> bool:
        """Whether a rule-engine cracker needs enough guesses (or cannot read it at all)."""
        return self.attack is None or self.attack.guesses_log10 >= self.attack_min_guesses_log10

    @property
    def context_ok(self) -> bool:
        """Whether the password does not rely on guessable context."""
        entra = self.context.terms == 0 or self.context.points >= self.context_min_points
        return entra and self.attack_ok

    @property
    def context_categories(self) -> tuple[ContextCategory, ...]:
        """Kinds of context found, with the rule-engine reading's when it failed."""
        found = set(self.context.categories)
        if self.attack is not None and not self.attack_ok:
            found.add(self.attack.category)
        return tuple(sorted(found))

    @property
    def score_ok(self) -> bool:
        """Whether the zxcvbn score reaches the minimum."""
        return self.estimate.score >= self.min_score


def personal_tokens(values: Iterable[str | None], *, min_length: int) -> list[str]:
    """Split names, usernames and e-mail addresses into the tokens an attacker would try.

    ``"Matti-Pekka Virtanen"`` gives ``matti-pekka virtanen``'s parts and joins, in case-folded
    and diacritic-folded forms; e-mail addresses give their local part's parts.
    """
    tokens: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not value:
            continue
        for token in _value_tokens(value, min_length):
            if token not in seen:
                seen.add(token)
                tokens.append(token)
    return tokens


# Names, usernames and service names repeat across an export's rows; none of them is secret.
@functools.lru_cache(maxsize=8192)
def _value_tokens(value: str, min_length: int) -> tuple[str, ...]:
    text = nfkc(value)
    local = text.split("@", 1)[0] if "@" in text else text
    parts = [part for part in _TOKEN_SPLIT.split(_CAMEL.sub(" ", local)) if part]
    candidates = ["".join(parts)]
    for part in parts:
        candidates.append(part)
        stripped = part.strip("0123456789")
        if stripped != part:
            candidates.append(stripped)
    out: list[str] = []
    for candidate in candidates:
        for form in (casefold_nfkc(candidate), fold(candidate)):
            if len(form) >= min_length and form not in out:
                out.append(form)
    return tuple(out)


def read_words(name: str) -> list[str]:
    """The entries of a word list (shipped, or beside a policy file), in its order."""
    text = read_word_file(name).decode("utf-8-sig")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _with_folded(words: Sequence[str]) -> list[str]:
    """Return ``words`` with each diacritic-folded form placed right after it (same rank)."""
    out: list[str] = []
    for word in words:
        out.append(word)
        folded = fold(word)
        if folded != word:
            out.append(folded)
    return out


# What a verdict can be re-judged for without estimating again: the thresholds it is compared
# against, and the banned terms (a lookup of the password's forms).
_REJUDGED = PASSWORD_THRESHOLDS | {"banned_terms"}


def verdict_sharing(old: PasswordParameters, new: PasswordParameters) -> str:
    """How a verdict under ``old`` serves ``new``: ``same``, ``rejudge`` or ``none``.

    ``rejudge``: the parameters differ only in thresholds (:data:`PASSWORD_THRESHOLDS`) and
    banned terms, so the costly parts (guess estimate, context, rule attack) carry over and
    :func:`with_thresholds` redoes the rest.
    """
    before, after = old.model_dump(), new.model_dump()
    differing = {name for name in before if before[name] != after[name]}
    if not differing:
        return "same"
    return "rejudge" if differing <= _REJUDGED else "none"


def with_thresholds(
    verdict: PasswordVerdict, params: PasswordParameters, *, password: str, mfa: bool
) -> PasswordVerdict:
    """The verdict ``params`` would give, from one under parameters it can be re-judged from.

    Only thresholds and banned terms may differ (see :func:`verdict_sharing`): what
    :meth:`PasswordJudge.judge` compares or looks up, nothing it estimates.
    """
    return judge_for(params).rejudge(verdict, password, mfa=mfa)


class PasswordJudge:
    """Judge passwords by the policy's password parameters.

    Building a judge reads the precompiled word-list index (see :mod:`.index`), or, for
    parameters or lists it was not built for, the word lists themselves; reuse it. It keeps no state
    between calls, so one judge is safe to share between threads.

    Args:
        params: The policy's password parameters.
        mapped: Look words up in the memory-mapped index one at a time instead of loading
            it whole: quicker to build, slower per password (for a process that judges one).
    """

    def __init__(self, params: PasswordParameters, *, mapped: bool = False) -> None:
        self.params = params
        self._context = ContextMatcher(
            {
                ContextCategory.PLACE: params.places,
                ContextCategory.CALENDAR: [*params.seasons, *params.months, *params.weekdays],
                ContextCategory.COMMON_WORD: params.common_words,
            },
            fuzzy_min=params.fuzzy_min_term_length,
            window=params.scoring_window,
        )
        state = load_index(params, mapped=mapped)
        if state is None:
            state = self._build(params)
        estimator, attack, blocklists = state
        self._estimator = GuessEstimator.from_state(estimator)
        self._attack = RuleAttack.from_state(attack)
        self._blocklists: dict[str, AbstractSet[str]] = {
            name: as_set(words) for name, words in blocklists
        }
        # Words no password may contain anywhere (a city's own, e.g. from an overlay).
        self._banned = tuple(
            sorted(
                {form for term in params.banned_terms for form in (casefold_nfkc(term), fold(term))}
            )
        )

    @staticmethod
    def _build(params: PasswordParameters) -> tuple[Any, ...]:
        """Compute from the word lists what the shipped index holds (see :mod:`.index`)."""
        dictionaries = {name: _with_folded(read_words(name)) for name in params.dictionary_files}
        context_words = [
            *params.places,
            *params.seasons,
            *params.months,
            *params.weekdays,
            *params.common_words,
        ]
        dictionaries["context"] = _with_folded(context_words)
        estimator = GuessEstimator(dictionaries, window=params.scoring_window)
        calendar = [*params.seasons, *params.months, *params.weekdays]
        attack = RuleAttack(
            {
                ContextCategory.COMMON_WORD: [
                    *(read_words(name) for name in params.word_form_files),
                    params.common_words,
                    matching.FREQUENCY_LISTS["passwords"][:_ENGLISH_TOP],
                    matching.FREQUENCY_LISTS["english_wikipedia"][:_ENGLISH_TOP],
                ],
                ContextCategory.PLACE: [params.places],
                ContextCategory.CALENDAR: [calendar],
                ContextCategory.NAME: [read_words(name) for name in params.name_files],
            },
            names=[word for name in params.name_files for word in read_words(name)],
            window=params.scoring_window,
        )
        global_list = list(matching.RANKED_DICTIONARIES["passwords"])[
            : params.global_blocklist_size
        ]
        # Finnish first: the more specific answer when a word is on both lists.
        finnish = {
            form
            for name in params.blocklist_files
            for word in read_words(name)
            for form in (casefold_nfkc(word), fold(word))
        }
        blocklists = (("finnish", tuple(sorted(finnish))), ("global", tuple(sorted(global_list))))
        return estimator.state(), attack.state(), blocklists

    def judge(
        self,
        password: str,
        *,
        mfa: bool,
        service: str | None = None,
        personal: Sequence[str] = (),
        breach_count: int | None = None,
    ) -> PasswordVerdict:
        """Judge one password.

        Args:
            password: The password; the caller bounds its length.
            mfa: Whether the account is protected by multi-factor authentication.
            service: The service's name, a context term.
            personal: The person's tokens (see :func:`personal_tokens`).
            breach_count: The breach corpus's count, when a corpus was consulted.

        Returns:
            The verdict; it holds no part of the password.
        """
        normalised = nfkc(password)
        minimum = self.params.min_length_with_mfa if mfa else self.params.min_length
        service_tokens = personal_tokens([service], min_length=self.params.person_token_min_length)
        context = self._context.assess(
            normalised,
            {ContextCategory.SERVICE: service_tokens, ContextCategory.PERSONAL: personal},
        )
        user_inputs = [*personal, *service_tokens]
        attack = self._attack.estimate(normalised, user_inputs)
        estimate = self._estimator.estimate(normalised, user_inputs)
        if normalised != password:
            # The attacker may guess the password as typed: keep the weaker of the two forms.
            as_typed = self._estimator.estimate(password, user_inputs)
            if as_typed.guesses < estimate.guesses:
                estimate = as_typed
        return PasswordVerdict(
            min_length=minimum,
            length_ok=len(normalised) >= minimum,
            blocklist=self._on_blocklist(normalised),
            context=context,
            context_min_points=self.params.context_min_points,
            attack=attack,
            attack_min_guesses_log10=self.params.rule_attack_min_guesses_log10,
            estimate=estimate,
            min_score=self.params.min_zxcvbn_score,
            breach_count=breach_count,
        )

    def rejudge(self, verdict: PasswordVerdict, password: str, *, mfa: bool) -> PasswordVerdict:
        """Re-judge another judge's verdict for this judge's parameters.

        The other judge's parameters may differ only in thresholds and banned terms: the
        comparisons and the blocklist lookup are redone, the estimates carried over.
        """
        normalised = nfkc(password)
        minimum = self.params.min_length_with_mfa if mfa else self.params.min_length
        return dataclasses.replace(
            verdict,
            min_length=minimum,
            length_ok=len(normalised) >= minimum,
            blocklist=self._on_blocklist(normalised),
            context_min_points=self.params.context_min_points,
            attack_min_guesses_log10=self.params.rule_attack_min_guesses_log10,
            min_score=self.params.min_zxcvbn_score,
        )

    def _on_blocklist(self, normalised: str) -> str | None:
        folded = fold(normalised)
        forms = {casefold_nfkc(normalised), folded}
        # De-l33t the word, not its affixes: "k1ssa123" is "kissa" + "123", not "kissaize".
        for prefix, core, suffix in affix_splits(folded):
            for table in tables(core):
                forms.add(prefix + "".join(table.get(char, char) for char in core) + suffix)
        for name, words in self._blocklists.items():
            if any(form in words for form in forms):
                return name
        if any(term in form for term in self._banned for form in forms):
            return "banned-term"
        return None


_JUDGES: dict[str, PasswordJudge] = {}
_JUDGES_LOCK = threading.Lock()
_MAPPED = False


def judge_one_at_a_time() -> None:
    """Build the judges of this process on the memory-mapped index (see :mod:`.index`).

    For a process that judges one password and exits (``somepolicy check``): building the
    judge then costs about a millisecond instead of loading the whole index. The verdicts
    are the same either way.
    """
    global _MAPPED
    _MAPPED = True


def judge_for(params: PasswordParameters) -> PasswordJudge:
    """Return a shared judge for ``params`` (built once per distinct parameter set)."""
    key = params.model_dump_json()
    with _JUDGES_LOCK:
        judge = _JUDGES.get(key)
        if judge is None:
            judge = _JUDGES[key] = PasswordJudge(params, mapped=_MAPPED)
        return judge
