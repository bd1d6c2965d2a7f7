"""Auditing directory passwords from their NT hashes: every account judged under rule 9.

The dump is read into memory (never written), each account joined with its person when a
people file is given, and the distinct hashes are compared:

- with the empty password's hash, and the LM field (legacy storage);
- with a breach corpus of NTLM hashes (fail-closed, as for SHA-1);
- with the global candidates (blocklists, Finnish words, names, places, calendar words,
  mangled: see :mod:`..._passwords.candidates`), hashed once per audit on every core;
- with each person's own candidates (names, username), generated once per distinct word;
- with each other (accounts sharing one password).

Each account then becomes a :class:`~..._subjects.DirectoryAccount` of non-secret facts,
judged by the engine like any subject, so that scope, wording, languages, statuses and
report formats are the audit's own. A result names the category of a weak password, never
the password and never a hash: at most a short salted fingerprint of a shared group.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..._checks import declared_checks
from ..._findings import Outcome
from ..._i18n import Lang, Message, localize
from ..._passwords.breach import BreachCorpus, HashKind
from ..._passwords.candidates import (
    AffixGrammar,
    Seed,
    context_seeds,
    count_candidates,
    global_seeds,
)
from ..._passwords.nt import EMPTY_NT, md4_factory
from ..._policy.catalog import (
    PasswordHashParameters,
    Policy,
    SubjectType,
    default_policy,
    load_policy,
)
from ..._subjects import DirectoryAccount
from ..._validation import validate_subject
from ...exceptions import ConfigurationError, InvalidSubjectError
from ..run import AuditOptions, AuditSummary, Result, judge_into, prepare_engine
from .dump import DumpAccount, DumpError, HashDump
from .matching import match_everywhere
from .people import People

__all__ = ["HashAudit", "HashAuditOptions", "hash_checks"]

_TYPE = SubjectType.DIRECTORY_ACCOUNT.value


@dataclass(frozen=True)
class HashAuditOptions:
    """How to run a password-hash audit.

    Attributes:
        lang: Language of messages in results.
        on: Evaluation date (scope).
        workers: Processes that hash candidates; 1 hashes in this process.
        policy_path: A policy file, or None for the shipped guideline.
        breach_corpus: A Have I Been Pwned NTLM file or prefix folder, or None.
        people: An HR export joined to the accounts by username, or None.
        all_findings: Include passes and not-applicable outcomes in results.
        salt: The key of shared groups' fingerprints; None draws a new one for the run, so
            fingerprints compare only within one run. Give the same salt to compare runs.
        hashes: Overrides of the policy's ``password_hashes`` parameters (for example a
            smaller candidate budget), or None.
    """

    lang: Lang = Lang.FI
    on: date = field(default_factory=date.today)
    workers: int = 1
    policy_path: str | os.PathLike[str] | None = None
    breach_corpus: str | os.PathLike[str] | None = None
    people: str | os.PathLike[str] | None = None
    all_findings: bool = False
    salt: bytes | None = field(default=None, repr=False)
    hashes: PasswordHashParameters | None = None


def hash_checks(policy: Policy) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """The directory-account checks of ``policy``, each with the inputs it declares."""
    return declared_checks(policy, SubjectType.DIRECTORY_ACCOUNT)


@dataclass
class _Facts:
    """What the comparisons found for one distinct hash."""

    breach_count: int | None = None
    common: tuple[float, str] | None = None
    accounts: list[int] = field(default_factory=list)


class HashAudit:
    """One password-hash audit: read, compare, judge; then :meth:`results` in line order.

    Args:
        dump: The dump.
        options: How to run.

    Raises:
        ConfigurationError: The breach corpus is unusable or not NTLM; pycryptodome is
            missing.
        UnreadableInputError: The people file cannot be read.
    """

    def __init__(self, dump: HashDump, options: HashAuditOptions) -> None:
        self.dump = dump
        self.options = options
        policy_path = Path(options.policy_path) if options.policy_path is not None else None
        self.policy = load_policy(policy_path) if policy_path is not None else default_policy()
        self._policy_path = policy_path
        self.params = options.hashes or self.policy.parameters.password_hashes
        self.grammar = AffixGrammar(
            symbols=self.params.symbols,
            symbols_after_digits=self.params.symbols_after_digits,
            free_digits=self.params.free_digits,
            years_from=self.params.years_from,
            years_to=self.params.years_to,
        )
        self.summary = AuditSummary(checks=hash_checks(self.policy))
        self.corpus: BreachCorpus | None = None
        if options.breach_corpus is not None:
            self.corpus = BreachCorpus(
                options.breach_corpus,
                max_line=self.policy.parameters.password.breach_corpus_max_line,
            )
            if self.corpus.kind is not HashKind.NTLM:
                raise ConfigurationError(
                    f"{options.breach_corpus}: a {self.corpus.kind.value} breach corpus; "
                    "password hashes are compared with an NTLM corpus"
                )
        md4_factory()  # fail now, before reading, when pycryptodome is missing
        self.people = People(Path(options.people)) if options.people is not None else None
        self.global_candidates = 0
        self.context_candidates = 0
        self.unmatched_people = 0
        self._salt = options.salt if options.salt is not None else secrets.token_bytes(16)
        self.warnings: list[str] = []
        # Seconds spent on the global and the own-context candidates (for benchmarks).
        self.timings: dict[str, float] = {}
        # Told (phase, candidates done, candidates in the phase) as hashing goes on.
        self.on_progress: Callable[[str, int, int], None] | None = None

    # -- reading -------------------------------------------------------------------------

    def _read(self) -> list[DumpAccount | DumpError]:
        entries: list[DumpAccount | DumpError] = []
        first: dict[str, int] = {}
        limit = self.params.max_accounts
        for entry in self.dump.entries():
            if len(entries) >= limit:
                raise ConfigurationError(Message("hash-audit", "too-many-accounts", limit=limit))
            if isinstance(entry, DumpAccount):
                seen = first.setdefault(entry.key, entry.line)
                if seen != entry.line:
                    why = Message(
                        "hash-audit", "duplicate-account", account=entry.account, first=seen
                    )
                    message = Message("hash-audit", "line-unreadable", line=entry.line, why=why)
                    entries.append(DumpError(entry.line, message, entry.account))
                    continue
                if self.people is not None:
                    person = self.people.get(entry.key)
                    if person is None:
                        self.unmatched_people += 1
                    else:
                        entry.fields = {**person, **entry.fields}
            entries.append(entry)
        return entries

    # -- comparing -----------------------------------------------------------------------

    def _compare(self, accounts: list[DumpAccount]) -> tuple[dict[bytes, _Facts], dict[int, str]]:
        facts: dict[bytes, _Facts] = {}
        for index, account in enumerate(accounts):
            facts.setdefault(account.nt, _Facts()).accounts.append(index)
        targets = frozenset(digest for digest in facts if digest != EMPTY_NT)
        if self.corpus is not None:
            # The empty password too: the corpus says how often it was seen.
            for digest in facts:
                facts[digest].breach_count = self.corpus.count_digest(digest.hex().upper())
        workers = max(1, self.options.workers)
        started = time.perf_counter()
        seeds, total = self._global_seeds()
        matches, self.global_candidates = match_everywhere(
            seeds,
            targets,
            budget=self.params.global_guess_budget,
            grammar=self.grammar,
            workers=workers,
            progress=self._progress("global", total),
        )
        for digest, _, category, guesses in matches:
            known = facts[digest].common
            if known is None or guesses < known[0]:
                facts[digest].common = (guesses, category)
        self.timings["global"] = time.perf_counter() - started
        started = time.perf_counter()
        context = self._own_context(accounts, targets, workers)
        self.timings["context"] = time.perf_counter() - started
        return facts, context

    def _global_seeds(self) -> tuple[list[Seed], int]:
        """The global seeds within the budget and the cap, and their candidates' count."""
        seeds = global_seeds(self.policy.parameters.password, self.params)
        budget, cap = self.params.global_guess_budget, self.params.global_max_candidates
        total = 0
        for index, seed in enumerate(seeds):
            # Seeds come cheapest first: past the budget, no form or affix is cheap enough.
            if seed.rank > budget:
                return seeds[:index], total
            count = count_candidates([seed], budget, self.grammar)
            if total + count > cap:
                return seeds[:index], total
            total += count
        return seeds, total

    def _progress(self, phase: str, total: int) -> Callable[[int], None] | None:
        report = self.on_progress
        if report is None:
            return None
        done = 0
        report(phase, 0, total)

        def advance(count: int) -> None:
            nonlocal done
            done += count
            assert report is not None
            report(phase, done, total)

        return advance

    def _own_context(
        self, accounts: list[DumpAccount], targets: frozenset[bytes], workers: int
    ) -> dict[int, str]:
        """Per account index, the category of its own-context candidate that matched."""
        min_length = self.policy.parameters.password.person_token_min_length
        words: dict[str, int] = {}
        unique: list[Seed] = []
        mine: list[dict[int, str]] = []
        for index, account in enumerate(accounts):
            own: dict[int, str] = {}
            fields = account.fields
            for seed in context_seeds(
                fields.get("first_name"),
                fields.get("last_name"),
                account.account.rsplit("\\", 1)[-1],
                min_length=min_length,
                owner=index,
            ):
                # Each distinct word is hashed once, whoever's it is.
                position = words.get(seed.word)
                if position is None:
                    position = words[seed.word] = len(unique)
                    unique.append(Seed(seed.word, 1, "own"))
                own.setdefault(position, seed.base)
            mine.append(own)
        if not unique:
            return {}
        budget = self.params.context_guess_budget
        matches, self.context_candidates = match_everywhere(
            unique,
            targets,
            budget=budget,
            grammar=self.grammar,
            workers=workers,
            progress=self._progress("context", count_candidates(unique, budget, self.grammar)),
        )
        by_digest: dict[bytes, list[tuple[float, int, str]]] = {}
        for digest, word, category, guesses in matches:
            by_digest.setdefault(digest, []).append((guesses, word, category.split("+", 1)[1]))
        found: dict[int, str] = {}
        for index, account in enumerate(accounts):
            for _, word, affix in sorted(by_digest.get(account.nt, ())):
                base = mine[index].get(word)
                if base is not None:
                    found[index] = f"{base}+{affix}"
                    break
        return found

    def _fingerprint(self, digest: bytes) -> str | None:
        size = self.params.fingerprint_hex
        if not size:
            return None
        return hmac.new(self._salt, digest, hashlib.sha256).hexdigest()[:size]

    # -- judging -------------------------------------------------------------------------

    def results(self) -> Iterator[Result]:
        """Read, compare and judge; yield one result per account line, in line order."""
        options = self.options
        prepare_engine(
            AuditOptions(
                lang=options.lang,
                on=options.on,
                workers=1,
                policy_path=self._policy_path,
                all_findings=options.all_findings,
            )
        )
        entries = self._read()
        accounts = [entry for entry in entries if isinstance(entry, DumpAccount)]
        facts, context = self._compare(accounts)
        self._note_warnings(accounts)
        available = {"breach_corpus"} if self.corpus is not None else set()
        self.summary.available = frozenset(available)
        position = {id(account): index for index, account in enumerate(accounts)}
        for entry in entries:
            self.summary.records += 1
            if isinstance(entry, DumpError):
                result = self._invalid(entry)
            else:
                index = position[id(entry)]
                result = self._judge(entry, facts[entry.nt], context.get(index))
            self.summary.add(result)
            yield result
        self.summary.reconcile()

    def _note_warnings(self, accounts: list[DumpAccount]) -> None:
        lang = self.options.lang
        if self.people is not None and self.unmatched_people:
            self.warnings.append(
                localize(
                    Message("hash-audit", "people-unmatched", count=self.unmatched_people), lang
                )
            )
        if self.people is None and not any(
            "first_name" in account.fields or "last_name" in account.fields for account in accounts
        ):
            self.warnings.append(localize(Message("hash-audit", "no-people"), lang))
        self.warnings.append(
            localize(
                Message(
                    "hash-audit",
                    "candidates",
                    global_count=f"{self.global_candidates:,}",
                    context_count=f"{self.context_candidates:,}",
                ),
                lang,
            )
        )

    def _invalid(self, entry: DumpError) -> Result:
        return {
            "line": entry.line,
            "type": _TYPE,
            "subject_id": entry.account,
            "status": "invalid",
            "findings": [],
            "errors": [{"field": None, "message": localize(entry.message, self.options.lang)}],
        }

    def _judge(self, account: DumpAccount, found: _Facts, context: str | None) -> Result:
        fields = account.fields
        shared = len(found.accounts) - 1 if account.nt != EMPTY_NT else 0
        data: dict[str, Any] = {
            "id": account.account,
            "first_name": fields.get("first_name"),
            "last_name": fields.get("last_name"),
            "role": fields.get("role"),
            "unit": fields.get("unit"),
            "empty_password": account.nt == EMPTY_NT,
            "lm_hash": account.lm_present,
            "breach_count": found.breach_count,
            "common_category": found.common[1] if found.common else None,
            "context_category": context,
            "shared_with": shared,
            "shared_group": self._fingerprint(account.nt) if shared else None,
        }
        result: Result = {
            "line": account.line,
            "type": _TYPE,
            "subject_id": account.account,
            "unit": fields.get("unit", ""),
            "status": "invalid",
            "findings": [],
        }
        try:
            subject = validate_subject(
                DirectoryAccount,
                {key: value for key, value in data.items() if value is not None},
                what=_TYPE,
            )
        except InvalidSubjectError as error:
            result["errors"] = [
                {"field": problem.location, "message": localize(problem.message, self.options.lang)}
                for problem in error.problems
            ]
            return result
        judgements = judge_into(result, subject)
        counts: Counter[tuple[str, str]] = Counter()
        for judgement in judgements:
            check = judgement.element.id
            if judgement.outcome is Outcome.PASS:
                counts[check, "passed"] += 1
            elif judgement.outcome is Outcome.FAIL:
                counts[check, "failed"] += 1
            elif judgement.code == "not-configured":
                counts[check, "missing:not-configured"] += 1
            else:
                counts[check, "not-applicable"] += 1
        self.summary.add_coverage(counts)
        return result
